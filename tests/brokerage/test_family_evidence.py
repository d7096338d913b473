"""Evidence from families on a hand-made family, the quartiles worked out on paper.

School 1's family is schools 2 to 11 (ten members). Their KS2 reading progress scores in 2023 are
-3, -2, -1, 0, 1, 2, 3, 4, 5, 6 (sorted). Linear interpolation (QUARTILE.INC): the lower quartile
sits at position (10 - 1) x 0.25 = 2.25, a quarter of the way from -1 to 0: -0.75; the upper at
6.75, three quarters of the way from 3 to 4: 3.75. School 1's -2.0 is below -0.75: worst quartile.

Their overall absence in 2024 is 4, 5, ..., 13 (% of sessions): lower quartile 4 + 2.25 = 6.25,
upper 4 + 6.75 = 10.75; school 1's 11.0 is above 10.75, and lower is better: worst quartile.

Only five members have a 2023 KS2 maths progress score, fewer than the 8 area_measures.toml asks for:
no quartile, and a note.
"""

from __future__ import annotations

import pytest

from peerlift.brokerage import family_evidence as fe
from peerlift.brokerage.model import Area, Strength
from peerlift.brokerage.proposals import Proposed, propose

MEMBERS = list(range(2, 12))
READING = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def _figures() -> dict[tuple[int, str], dict[int, float]]:
    figures: dict[tuple[int, str], dict[int, float]] = {
        (1, "ks2_reading_progress"): {2022: 5.0, 2023: -2.0},  # the latest year, 2023, counts
        (1, "overall_absence_pct"): {2024: 11.0},
        (1, "ks2_maths_progress"): {2023: 1.5},
    }
    for member, reading in zip(MEMBERS, READING, strict=True):
        figures[(member, "ks2_reading_progress")] = {2022: -9.0, 2023: reading}
        figures[(member, "overall_absence_pct")] = {2024: float(member + 2)}  # 4 ... 13
    for member in MEMBERS[:5]:
        figures[(member, "ks2_maths_progress")] = {2023: 0.0}
    return figures


def test_quartiles_by_linear_interpolation() -> None:
    assert fe.quartile(READING, 0.25) == pytest.approx(-0.75)
    assert fe.quartile(READING, 0.75) == pytest.approx(3.75)
    assert fe.quartile([7.0], 0.25) == 7.0


def test_a_school_in_its_family_s_worst_quartile_and_a_family_with_too_few_figures() -> None:
    found = {(f.area, f.measure): f for f in fe.findings([1], {1: MEMBERS}, _figures())}
    reading = found[(Area.READING, "ks2_reading_progress")]
    assert (reading.standing, reading.year, reading.value) == (fe.WORST, 2023, -2.0)
    assert (reading.lower, reading.upper) == (pytest.approx(-0.75), pytest.approx(3.75))
    assert (reading.family_size, reading.with_figures) == (10, 10)
    assert reading.text == (
        "KS2 reading progress score -2.0 in 2023: below its family's lower quartile, -0.75 "
        "(10 of its family of 10 have a 2023 figure)"
    )
    absence = found[(Area.BEHAVIOUR_ATTENDANCE, "overall_absence_pct")]
    assert absence.standing == fe.WORST
    assert absence.text == (
        "Overall absence (% of sessions) 11.0 in 2024: above its family's upper quartile, 10.75 "
        "(lower is better) (10 of its family of 10 have a 2024 figure)"
    )
    maths = found[(Area.MATHS, "ks2_maths_progress")]
    assert (maths.standing, maths.lower, maths.with_figures) == (fe.TOO_FEW, None, 5)
    assert maths.text == (
        "KS2 maths progress score 1.5 in 2023: no family quartile, as only 5 of its family of 10 "
        "have a 2023 figure (8 needed)"
    )
    assert fe.notes(found.values()) == {(1, Area.MATHS): (maths.text,)}
    # measures the school has no figure for say nothing
    assert (Area.WRITING, "ks2_writing_progress") not in found


def test_worst_quartiles_propose_needs_with_their_figures() -> None:
    standing = fe.findings([1], {1: MEMBERS}, _figures())
    found = propose({}, [], [], standing)
    reading = "KS2 reading progress score -2.0 in 2023: below its family's lower quartile, -0.75"
    # one proposal a school and area, in area order; urgency 1 (area_measures.toml)
    assert [(p.urn, p.area, p.urgency) for p in found] == [
        (1, Area.BEHAVIOUR_ATTENDANCE, 1),
        (1, Area.READING, 1),
    ]
    by_area = {p.area: p for p in found}
    assert by_area[Area.READING].evidence[0].startswith(f"worst quartile of its family: {reading}")
    # with a category 4 in force the same school's leadership need keeps its own urgency
    more = propose({1: 4}, [], [], standing)
    assert Proposed(1, Area.LEADERSHIP, 3, 5.0, ("category 4 in force",)) in more


def test_a_supporter_in_its_family_s_best_quartile_has_a_strength() -> None:
    # supporter 20's family, 21 to 30, read 2023 maths progress -3 ... 6 as READING above: upper
    # quartile 3.75; 20's 4.0 is above it (best); its maths average, 103, is between the quartiles of
    # 99, 100, ..., 108 (101.25 and 105.75)
    figures: dict[tuple[int, str], dict[int, float]] = {
        (20, "ks2_maths_progress"): {2023: 4.0},
        (20, "ks2_maths_average"): {2023: 103.0},
    }
    for member, value in zip(range(21, 31), READING, strict=True):
        figures[(member, "ks2_maths_progress")] = {2023: value}
        figures[(member, "ks2_maths_average")] = {2023: 99.0 + member - 21}
    found = fe.findings([20], {20: list(range(21, 31))}, figures)
    assert {f.measure: f.standing for f in found} == {
        "ks2_maths_progress": fe.BEST,
        "ks2_maths_average": fe.MIDDLE,
    }
    assert fe.strengths(found) == {
        (20, Area.MATHS): Strength(
            0.8,
            (
                "best quartile of its family: KS2 maths progress score 4.0 in 2023: above its family's "
                "upper quartile, 3.75 (10 of its family of 10 have a 2023 figure)",
            ),
        )
    }


def test_a_school_with_no_family_gives_nothing() -> None:
    assert fe.findings([1], {}, _figures()) == []
    assert fe.settings()["family"]["least_with_figures"] == 8
