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

from peerlift.analysis.inspection_summary import (
    DECLINED,
    FIRST,
    NOW_BELOW,
    PREVIOUS_NOT_KNOWN,
    SAME,
    STILL_GOOD,
    number,
    summarise,
)
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
    assert "One school had its first graded inspection (one outstanding)." in result.sentences


def test_outside_the_dates_nothing_is_counted() -> None:
    result = summarise(*_frames(), dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert result.outcomes.height == 0
    assert result.sentences == ["No graded inspections took place in this period."]


def test_numbers_in_words() -> None:
    assert [number(n) for n in (0, 1, 7, 10, 11, 1200)] == ["none", "one", "seven", "ten", "11", "1,200"]


# ---------------------------------------------------------------------------------------------
# What the register knows (analysis.inspection_history), worked out by hand on the same week


def _latest_only() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The week as a latest-inspections file as at 31 July 2013 holds it: only the March 2013
    inspections (the 2010 ones are not in it), each listed as the latest (to 31 August 2013)."""
    inspections, judgements, schools = _frames()
    latest = inspections.filter(pl.col("inspection_key").str.starts_with("b")).with_columns(
        pl.lit(dt.date(2013, 8, 31)).alias("listed_latest_on"), pl.lit(False).alias("states_previous")
    )
    return latest, judgements.filter(pl.col("inspection_key").str.starts_with("b")), schools


def test_a_latest_only_file_knows_no_previous_grade_and_no_first_inspection() -> None:
    result = summarise(*_latest_only(), *WEEK)
    assert set(result.outcomes.get_column("outcome")) == {PREVIOUS_NOT_KNOWN}
    assert result.by_previous.is_empty()
    assert result.sentences == [
        "11 schools were inspected.",
        "For 11 inspections the register does not know the previous grade (its files hold only the latest "
        "inspections of those dates), so they are not set against one.",
    ]


def test_a_file_that_states_previous_inspections_knows_them_and_the_first() -> None:
    """An MI "inspections and outcomes" file: each March inspection with its previous one (2010, read
    from the same row, no evidence of its own), and school 11's previous columns blank."""
    inspections, judgements, schools = _frames()
    stated = inspections.with_columns(
        pl.lit(None, pl.Date).alias("listed_latest_on"),
        pl.col("inspection_key").str.starts_with("b").alias("states_previous"),
    )
    outcome = dict(
        summarise(stated, judgements, schools, *WEEK).outcomes.select("urn", "outcome").iter_rows()
    )
    assert (outcome[2], outcome[7], outcome[11]) == (SAME, DECLINED, FIRST)


def test_a_previous_inspection_listed_as_latest_the_day_before_is_known() -> None:
    """School 2's 2010 inspection listed as its latest as at 11 March 2013 (the day before its March
    inspection): its previous grade is known. School 3's listed only to 31 August 2012: not known."""
    inspections, judgements, schools = _frames()
    listed = {"a2": dt.date(2013, 3, 11), "a3": dt.date(2012, 8, 31)}
    evidenced = inspections.with_columns(
        pl.col("inspection_key")
        .replace_strict(listed, default=None, return_dtype=pl.Date)
        .alias("listed_latest_on"),
        pl.lit(False).alias("states_previous"),
    )
    outcome = dict(
        summarise(evidenced, judgements, schools, *WEEK).outcomes.select("urn", "outcome").iter_rows()
    )
    assert (outcome[2], outcome[3], outcome[11]) == (SAME, PREVIOUS_NOT_KNOWN, PREVIOUS_NOT_KNOWN)


def _report_cards() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Three schools, each graded good (2) in 2021 and given a report card in January 2026:
    21 every area expected or above, safeguarding met; 22 achievement needs attention, safeguarding
    met; 23 inclusion urgent improvement, safeguarding not met."""
    met = "met"
    cards = {
        21: {
            "inclusion": "expected_standard",
            "achievement": "strong_standard",
            "safeguarding_standards": met,
        },
        22: {
            "inclusion": "expected_standard",
            "achievement": "needs_attention",
            "safeguarding_standards": met,
        },
        23: {
            "inclusion": "urgent_improvement",
            "achievement": "expected_standard",
            "safeguarding_standards": "not_met",
        },
    }
    inspections, judgements = [], []
    for urn, areas in cards.items():
        for key, framework, day in (
            ("old", "graded", dt.date(2021, 5, 1)),
            ("rc", "report_card", dt.date(2026, 1, 14)),
        ):
            inspections.append(
                {
                    "urn": urn,
                    "inspection_key": key,
                    "framework": framework,
                    "inspection_type": "graded",
                    "start_date": day,
                }
            )
        judgements.append(
            {"urn": urn, "inspection_key": "old", "area": "overall_effectiveness", "grade": "2"}
        )
        judgements += [{"urn": urn, "inspection_key": "rc", "area": a, "grade": g} for a, g in areas.items()]
    schools = pl.DataFrame(
        {
            "urn": list(cards),
            "name": [f"School {u}" for u in cards],
            "phase": ["primary"] * 3,
            "type": ["Community school"] * 3,
        }
    )
    return (
        frames.conform(frames.INSPECTIONS, pl.DataFrame(inspections)),
        frames.conform(frames.JUDGEMENTS, pl.DataFrame(judgements)),
        schools,
    )


def test_report_cards_are_summarised_in_their_own_terms_and_against_the_previous_grade() -> None:
    result = summarise(*_report_cards(), dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    outcome = dict(result.outcomes.select("urn", "outcome").iter_rows())
    assert outcome == {21: STILL_GOOD, 22: NOW_BELOW, 23: NOW_BELOW}
    assert result.sentences == [
        "Three schools were inspected.",
        "Of the three schools previously judged good, none declined, none stayed the same, one now good "
        "or better in the new framework's terms, two now with an area or judgement below good or expected "
        "standard and none improved.",
        "Three were report-card inspections: one at expected standard or above in every area, one with an "
        "area needing attention, one with an area needing urgent improvement; safeguarding standards met "
        "in two.",
        "Two of the inspections without an overall grade were good or better at their previous inspection "
        "and are now below.",
    ]
