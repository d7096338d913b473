"""The weights of the score: the package's file, an LA's own, and the messages for a wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlift.brokerage import weights


def test_package_weights_are_those_docs_brokerage_md_gives() -> None:
    found = weights.load()
    assert (found.urgency, found.strength, found.same_phase, found.context, found.same_network) == (
        2.0,
        3.0,
        1.0,
        1.0,
        0.5,
    )
    assert (found.travel_per_km, found.declared_strength, found.context_fsm_span) == (0.05, 0.5, 30.0)


def test_an_la_replaces_some_weights_and_keeps_the_rest(tmp_path: Path) -> None:
    own = tmp_path / "rules.toml"
    own.write_text("[weights]\ntravel_per_km = 0.2\n[strength]\ndeclared = 0\n", encoding="utf-8")
    found = weights.load(own)
    assert (found.travel_per_km, found.declared_strength, found.urgency) == (0.2, 0.0, 2.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[weights]\nurgancy = 3\n",
            "rules.toml: weights.urgancy is not a known key; [weights] has urgency, "
            "strength, same_phase, context, same_network, travel_per_km.",
        ),
        ("[weights]\nurgency = 'high'\n", "rules.toml: weights.urgency should be a number, not 'high'."),
        ("[weights]\ntravel_per_km = -1\n", "rules.toml: weights.travel_per_km should be 0 or more, not -1."),
        (
            "[bonus]\nx = 1\n",
            "rules.toml: [bonus] is not a table of brokerage rules; known: context, strength, weights.",
        ),
        ("[context]\nfsm_span = 0\n", "rules.toml: context.fsm_span should be more than 0."),
    ],
)
def test_a_wrong_rules_file_is_named_by_key(tmp_path: Path, text: str, expected: str) -> None:
    own = tmp_path / "rules.toml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(weights.WeightsError) as raised:
        weights.load(own)
    assert str(raised.value) == expected
