"""The governors' flag on constructed schools: not yet good (by inspection, by report card, by
category) and untrained in the window, beside their near misses."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from peerlift.analysis import governance
from peerlift.analysis.latest_inspection import BELOW, GOOD_OR_BETTER, LATEST_SCHEMA

D = dt.date
TODAY = D(2026, 2, 1)
RULE = governance.Rules(12, frozenset({3, 4}))


def _latest(*rows: tuple[int, str, str, dt.date]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"urn": u, "standing": s, "headline": h, "start_date": d} for u, s, h, d in rows],
        schema={k: LATEST_SCHEMA[k] for k in ("urn", "standing", "headline", "start_date")},
    )


SCHOOLS = pl.DataFrame(
    {"urn": [1, 2, 3, 4, 5, 6], "name": ["RI", "RI trained", "Good", "Cat 3", "RC", "Cat 2"]}
)
LATEST = _latest(
    (1, BELOW, "Requires improvement", D(2024, 3, 12)),
    (2, BELOW, "Requires improvement", D(2024, 5, 1)),
    (3, GOOD_OR_BETTER, "Good", D(2023, 1, 10)),
    (4, GOOD_OR_BETTER, "Good", D(2022, 6, 1)),
    (5, BELOW, "Report card: 4 of 5 areas at expected standard or above (1 needs attention)", D(2026, 1, 5)),
)
CATEGORIES = {4: 3, 6: 2}


def test_flagged_schools_and_their_near_misses() -> None:
    training = {
        1: D(2025, 1, 31),  # a day before the window opens: flagged
        2: D(2025, 2, 1),  # exactly 12 months before: in the window, not flagged (near miss)
        3: D(2020, 1, 1),  # good and untrained: not flagged
    }
    found = governance.flagged(SCHOOLS, LATEST, CATEGORIES, training, TODAY, RULE)
    assert [r["urn"] for r in found] == [1, 4, 5]
    first = found[0]
    assert first == {
        "urn": 1,
        "name": "RI",
        "why_not_yet_good": "latest inspection (12 March 2024): Requires improvement",
        "last_training": D(2025, 1, 31),
    }
    assert found[1]["why_not_yet_good"] == "category 3"  # good when inspected, in category 3 now
    assert found[2]["last_training"] is None
    assert "needs attention" in found[2]["why_not_yet_good"]


def test_a_longer_window_flags_the_near_miss() -> None:
    rule = governance.Rules(13, RULE.categories_not_yet_good)
    training = {1: D(2025, 1, 31), 2: D(2025, 2, 1)}
    found = governance.flagged(SCHOOLS.head(2), LATEST, {}, training, TODAY, rule)
    assert found == []  # both trained within 13 months


def test_training_after_the_day_asked_about_does_not_count() -> None:
    found = governance.flagged(SCHOOLS.head(1), LATEST, {}, {1: D(2026, 3, 1)}, TODAY, RULE)
    assert [r["urn"] for r in found] == [1]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 2, 1), 12, D(2025, 2, 1)),
        (D(2026, 3, 31), 1, D(2026, 2, 28)),
        (D(2026, 1, 15), 1, D(2025, 12, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert governance.months_before(day, months) == expected


def test_the_rules_are_data() -> None:
    assert governance.rules() == RULE
    with pytest.raises(governance.RulesError, match="training_window_months"):
        governance.parse_rules("training_window_months = 'a year'\n")
    with pytest.raises(governance.RulesError, match="categories_not_yet_good"):
        governance.parse_rules("training_window_months = 6\ncategories_not_yet_good = [5]\n")
