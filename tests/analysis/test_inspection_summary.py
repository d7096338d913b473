"""The focused-inspection summary on a hand-made history shaped like Ofsted's Coventry week (seed 001).

Eleven schools inspected 11-15 March 2013: one nursery (previously outstanding, stays outstanding),
nine primaries and one secondary. Seven had been satisfactory (grade 3 before September 2012): five
now require improvement (3, the same grade) and two are in special measures (4, declined). Two were
good and stay good. One had not been inspected before and is outstanding. The expected counts and
sentences below were worked out from that description, not from the code.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from peerlift.analysis.inspection_summary import DECLINED, FIRST, SAME, number, summarise
from peerlift.sources import frames

WEEK = (dt.date(2013, 3, 11), dt.date(2013, 3, 15))

# urn, phase, previous grade (None = never inspected), grade in the focused week
HISTORY = [
    (1, "nursery", "1", "1"),
    (2, "primary", "3", "3"),
    (3, "primary", "3", "3"),
    (4, "primary", "3", "3"),
    (5, "primary", "3", "3"),
    (6, "secondary", "3", "3"),
    (7, "primary", "3", "4"),
    (8, "primary", "3", "4"),
    (9, "primary", "2", "2"),
    (10, "primary", "2", "2"),
    (11, "primary", None, "1"),
]


def _frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    inspections, judgements = [], []
    for urn, _phase, before, now in HISTORY:
        if before is not None:
            inspections.append(
                {
                    "urn": urn,
                    "inspection_key": f"a{urn}",
                    "framework": "graded",
                    "inspection_type": "graded",
                    "start_date": dt.date(2010, 5, 1),
                }
            )
            judgements.append(
                {"urn": urn, "inspection_key": f"a{urn}", "area": "overall_effectiveness", "grade": before}
            )
        inspections.append(
            {
                "urn": urn,
                "inspection_key": f"b{urn}",
                "framework": "graded",
                "inspection_type": "graded",
                "start_date": dt.date(2013, 3, 12),
            }
        )
        judgements.append(
            {"urn": urn, "inspection_key": f"b{urn}", "area": "overall_effectiveness", "grade": now}
        )
    # An ungraded visit in the week is not an inspection with a grade: it must not be counted.
    inspections.append(
        {
            "urn": 9,
            "inspection_key": "u9",
            "framework": "ungraded",
            "inspection_type": "ungraded",
            "start_date": dt.date(2013, 3, 13),
        }
    )
    schools = pl.DataFrame(
        {
            "urn": [h[0] for h in HISTORY],
            "name": [f"School {h[0]}" for h in HISTORY],
            "phase": [h[1] for h in HISTORY],
            "type": ["Community school"] * len(HISTORY),
        },
        schema={"urn": pl.Int64, "name": pl.String, "phase": pl.String, "type": pl.String},
    )
    return (
        frames.conform(frames.INSPECTIONS, pl.DataFrame(inspections)),
        frames.conform(frames.JUDGEMENTS, pl.DataFrame(judgements)),
        schools,
    )


def test_outcomes_against_previous_grade() -> None:
    inspections, judgements, schools = _frames()
    result = summarise(inspections, judgements, schools, *WEEK)
    outcome = dict(result.outcomes.select("urn", "outcome").iter_rows())
    assert len(outcome) == 11
    assert outcome[1] == SAME and outcome[9] == SAME and outcome[2] == SAME
    assert outcome[7] == DECLINED and outcome[8] == DECLINED
    assert outcome[11] == FIRST
    names = dict(result.outcomes.select("urn", "previous_name").iter_rows())
    assert names[2] == "satisfactory"  # grade 3 in 2010 was "satisfactory"
    grade_names = dict(result.outcomes.select("urn", "grade_name").iter_rows())
    assert grade_names[2] == "requires improvement"  # grade 3 in 2013 is "requires improvement"


def test_counts_by_phase_and_previous_grade() -> None:
    result = summarise(*_frames(), *WEEK)
    by_phase = {r["phase"]: r for r in result.by_phase.to_dicts()}
    assert by_phase["nursery"]["inspections"] == 1
    assert by_phase["primary"]["inspections"] == 9
    assert by_phase["secondary"]["inspections"] == 1
    assert by_phase["primary"][DECLINED] == 2
    by_previous = {r["previous_name"]: r for r in result.by_previous.to_dicts()}
    assert by_previous["satisfactory"]["inspections"] == 7
    assert by_previous["satisfactory"][DECLINED] == 2
    assert by_previous["satisfactory"][SAME] == 5
    assert by_previous["satisfactory"]["improved"] == 0
    assert by_previous["good"]["inspections"] == 2


def test_sentences_an_officer_would_write() -> None:
    result = summarise(*_frames(), *WEEK)
    assert result.sentences[0] == "11 schools were inspected."
    assert (
        "Of the seven schools previously judged satisfactory, two declined, five stayed the same "
        "and none improved." in result.sentences
    )
    assert (
        "Of the two schools previously judged good, none declined, two stayed the same and none improved."
        in (result.sentences)
    )
    assert "One school had no earlier graded inspection on record (one outstanding)." in result.sentences


def test_outside_the_dates_nothing_is_counted() -> None:
    result = summarise(*_frames(), dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert result.outcomes.height == 0
    assert result.sentences == ["No graded inspections took place in this period."]


def test_numbers_in_words() -> None:
    assert [number(n) for n in (0, 1, 7, 10, 11, 1200)] == ["none", "one", "seven", "ten", "11", "1,200"]
