"""Good-or-better counts on a small hand-made inspection history, worked out on paper.

The schools (all in one LA; pupils in brackets):
  1 primary (200): graded 2019, overall 2, sub-judgements 2/1/2/2            -> good
  2 primary (300): graded 2018, overall 3; ungraded visit 2023 (no change)   -> RI
  3 converter academy, secondary (1000), opened 2020; predecessor 30 (closed 2020) graded 2016
    overall 1                                                                 -> outstanding via lineage
  4 primary (100), opened 2023, never inspected                               -> left out, counted apart
  5 community special (80): graded 2022, overall 4, sub-judgements 4/3/3/4   -> inadequate
  6 primary (250): graded 2017 overall 2; graded (no overall) Nov 2024, quality of education 3
  7 independent school: graded 1                                             -> not state-funded
  8 primary closed 2022: graded 1                                            -> closed
  9 sponsored academy primary (150), opened 2021; predecessor 90 graded 4    -> never inspected itself
 10 primary (120): graded 2021 overall 2; report card Dec 2025, all expected, achievement strong
 11 primary (90): graded 2014 overall 1; report card Jan 2026, achievement needs attention

As at 31 August 2024, with predecessors: inspected 1,2,3,5,6,10,11 = 7 schools, 2,040 pupils;
good or better 1,3,6,10,11 = 5 (71.4%), 1,660 pupils (81.4%); not inspected 4 and 9 (250 pupils).
Without predecessors: 3 is not inspected: 6 schools (1,040 pupils), 4 good (66.7%), 660 pupils
(63.5%); not inspected 3 schools, 1,250 pupils.
As at 31 January 2026: OEIF latest = 1,2,3,5,6: all good or better 1,3 (40%), any below good 2,5,6
(60%); report cards 10, 11: every area expected or above 10 (50%), any needs attention 11 (50%).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from peerlift.analysis.good_or_better import good_or_better
from peerlift.sources import frames

D = dt.date
LA_SCHOOL = ("Community school", "Local authority maintained schools")
SCHOOLS = [
    # urn, phase, (type, type_group), pupils, open, close, status
    (1, "primary", LA_SCHOOL, 200, None, None, "Open"),
    (2, "primary", LA_SCHOOL, 300, None, None, "Open"),
    (3, "secondary", ("Academy converter", "Academies"), 1000, D(2020, 9, 1), None, "Open"),
    (30, "secondary", LA_SCHOOL, 1000, None, D(2020, 8, 31), "Closed"),
    (4, "primary", LA_SCHOOL, 100, D(2023, 9, 1), None, "Open"),
    (5, "not_applicable", ("Community special school", "Special schools"), 80, None, None, "Open"),
    (6, "primary", LA_SCHOOL, 250, None, None, "Open"),
    (7, "primary", ("Other independent school", "Independent schools"), 400, None, None, "Open"),
    (8, "primary", LA_SCHOOL, 100, None, D(2022, 3, 31), "Closed"),
    (9, "primary", ("Academy sponsor led", "Academies"), 150, D(2021, 9, 1), None, "Open"),
    (90, "primary", LA_SCHOOL, 150, None, D(2021, 8, 31), "Closed"),
    (10, "primary", LA_SCHOOL, 120, None, None, "Open"),
    (11, "primary", LA_SCHOOL, 90, None, None, "Open"),
]
OEIF_AREAS = (
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
)
INSPECTIONS = [
    # urn, key, framework, type, start, judgements
    (
        1,
        "1a",
        "graded",
        "graded",
        D(2019, 3, 1),
        {"overall_effectiveness": "2", **dict(zip(OEIF_AREAS, "2122", strict=True))},
    ),
    (2, "2a", "graded", "graded", D(2018, 3, 1), {"overall_effectiveness": "3"}),
    (2, "2b", "ungraded", "ungraded", D(2023, 3, 1), {}),
    (30, "30a", "graded", "graded", D(2016, 3, 1), {"overall_effectiveness": "1"}),
    (
        5,
        "5a",
        "graded",
        "graded",
        D(2022, 3, 1),
        {"overall_effectiveness": "4", **dict(zip(OEIF_AREAS, "4334", strict=True))},
    ),
    (6, "6a", "graded", "graded", D(2017, 3, 1), {"overall_effectiveness": "2"}),
    (
        6,
        "6b",
        "graded_2024",
        "graded",
        D(2024, 11, 5),
        {**dict(zip(OEIF_AREAS, "3222", strict=True)), "safeguarding_effective": "yes"},
    ),
    (7, "7a", "graded", "graded", D(2019, 3, 1), {"overall_effectiveness": "1"}),
    (8, "8a", "graded", "graded", D(2019, 3, 1), {"overall_effectiveness": "1"}),
    (90, "90a", "graded", "graded", D(2019, 3, 1), {"overall_effectiveness": "4"}),
    (10, "10a", "graded", "graded", D(2021, 3, 1), {"overall_effectiveness": "2"}),
    (
        10,
        "10b",
        "report_card",
        "graded",
        D(2025, 12, 1),
        {
            "safeguarding_standards": "met",
            "inclusion": "expected_standard",
            "curriculum_and_teaching": "expected_standard",
            "achievement": "strong_standard",
            "attendance_and_behaviour": "expected_standard",
            "personal_development_and_wellbeing": "expected_standard",
            "leadership_and_governance": "expected_standard",
            "early_years_rc": "not_applicable",
        },
    ),
    (11, "11a", "graded", "graded", D(2014, 3, 1), {"overall_effectiveness": "1"}),
    (
        11,
        "11b",
        "report_card",
        "graded",
        D(2026, 1, 10),
        {
            "safeguarding_standards": "met",
            "inclusion": "expected_standard",
            "curriculum_and_teaching": "expected_standard",
            "achievement": "needs_attention",
            "attendance_and_behaviour": "expected_standard",
            "personal_development_and_wellbeing": "strong_standard",
            "leadership_and_governance": "expected_standard",
        },
    ),
]
LINKS = [(3, 30, "Predecessor"), (30, 3, "Successor"), (9, 90, "Predecessor"), (90, 9, "Successor")]


def _frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    schools = frames.conform(
        frames.ESTABLISHMENTS,
        pl.DataFrame(
            [
                {
                    "urn": u,
                    "la_code": 999,
                    "phase": p,
                    "type": t[0],
                    "type_group": t[1],
                    "pupils": n,
                    "open_date": o,
                    "close_date": c,
                    "status": s,
                }
                for u, p, t, n, o, c, s in SCHOOLS
            ]
        ),
    )
    inspections = frames.conform(
        frames.INSPECTIONS,
        pl.DataFrame(
            [
                {"urn": u, "inspection_key": k, "framework": f, "inspection_type": t, "start_date": d}
                for u, k, f, t, d, _ in INSPECTIONS
            ]
        ),
    )
    judgements = frames.conform(
        frames.JUDGEMENTS,
        pl.DataFrame(
            [
                {"urn": u, "inspection_key": k, "area": a, "grade": g}
                for u, k, _f, _t, _d, js in INSPECTIONS
                for a, g in js.items()
            ]
        ),
    )
    links = frames.conform(
        frames.LINKS, pl.DataFrame([{"urn": u, "link_urn": v, "link_type": t} for u, v, t in LINKS])
    )
    return schools, inspections, judgements, links


def _row(table: pl.DataFrame, measure: str, phase: str = "all") -> dict[str, object]:
    rows = table.filter(pl.col("measure") == measure, pl.col("phase") == phase).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_as_at_31_august_2024_with_predecessors() -> None:
    schools, inspections, judgements, links = _frames()
    result = good_or_better(schools, inspections, judgements, D(2024, 8, 31), links=links)
    assert set(result.table.get_column("measure")) == {"good_or_outstanding"}
    row = _row(result.table, "good_or_outstanding")
    assert (row["schools"], row["schools_meeting"], row["schools_pct"]) == (7, 5, 71.4)
    assert (row["pupils"], row["pupils_meeting"], row["pupils_pct"]) == (2040, 1660, 81.4)
    assert (row["not_inspected_schools"], row["not_inspected_pupils"]) == (2, 250)
    primary = _row(result.table, "good_or_outstanding", "primary")
    assert (primary["schools"], primary["schools_meeting"], primary["not_inspected_schools"]) == (5, 4, 2)
    assert _row(result.table, "good_or_outstanding", "secondary")["schools_meeting"] == 1
    special = _row(result.table, "good_or_outstanding", "special")
    assert (special["schools"], special["schools_meeting"]) == (1, 0)
    converter = result.schools.filter(pl.col("urn") == 3).row(0, named=True)
    assert converter["inspection_urn"] == 30


def test_without_predecessor_grades_the_converter_is_not_inspected() -> None:
    schools, inspections, judgements, links = _frames()
    result = good_or_better(schools, inspections, judgements, D(2024, 8, 31), links=links, predecessors=False)
    row = _row(result.table, "good_or_outstanding")
    assert (row["schools"], row["schools_meeting"], row["schools_pct"]) == (6, 4, 66.7)
    assert (row["pupils"], row["pupils_meeting"], row["pupils_pct"]) == (1040, 660, 63.5)
    assert (row["not_inspected_schools"], row["not_inspected_pupils"]) == (3, 1250)


def test_after_september_2024_no_overall_grade_is_invented() -> None:
    schools, inspections, judgements, links = _frames()
    result = good_or_better(schools, inspections, judgements, D(2026, 1, 31), links=links)
    overall = _row(result.table, "good_or_outstanding")
    assert overall["as_at"] == D(2024, 8, 31)  # the last date the overall measure exists
    assert (overall["schools"], overall["schools_meeting"]) == (7, 5)
    all_good = _row(result.table, "all_judgements_good_or_better")
    assert (all_good["schools"], all_good["schools_meeting"], all_good["schools_pct"]) == (5, 2, 40.0)
    below = _row(result.table, "any_judgement_below_good")
    assert (below["schools"], below["schools_meeting"], below["schools_pct"]) == (5, 3, 60.0)
    expected = _row(result.table, "expected_or_above_every_area")
    assert (expected["schools"], expected["schools_meeting"], expected["pupils_meeting"]) == (2, 1, 120)
    concern = _row(result.table, "any_needs_attention_or_urgent_improvement")
    assert (concern["schools"], concern["schools_meeting"], concern["pupils_meeting"]) == (2, 1, 90)
    eras = dict(result.table.select("measure", "era").unique().iter_rows())
    assert "report cards" in eras["expected_or_above_every_area"]
    assert "to 31 August 2024" in eras["good_or_outstanding"]
    latest = result.schools.filter(pl.col("urn") == 6).row(0, named=True)
    assert latest["framework"] == "graded_2024" and latest["overall"] is None
