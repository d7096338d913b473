"""Coverage of good or better on a hand-made history whose answer is worked out on paper.

Five open community primary schools (100 pupils each) and what the files say of them:

  s1  graded 2012 overall 2, in a latest-inspections file as at 31 July 2018 (so listed to 31 August 2018)
  s2  graded 2017 overall 1, in the same file (its earlier inspections are not in the register)
  s3  never inspected: not in the file
  s4  opened 1 September 2016, never inspected
  s5  graded 2014 overall 3 and 2019 overall 2, from a file that states each inspection's previous one
      (the 2019 row states it; the 2014 one was read from that row's "Previous ..." columns)

As at 31 August 2015 (s4 not yet open): s1 known (listed to 2018), s2 NOT known (nothing on or
before the date, and its first inspection, 2017, is within the file's dates: an earlier one may be
missing), s3 known to have none (not in a file dated after the date), s5 known (its 2019 inspection
states its previous one): 3 of 4 = 0.75 -> below 0.9: no percentages, "not enough inspection history".
As at 31 August 2018: every one known (s4 opened, none; s3 none): coverage 1; counted (with an overall
grade) s1, s2, s5: good or better s1, s2 = 2 of 3 = 66.7%, 200 of 300 pupils; a small base (3 < 10).
As at 31 August 2019: the file holds only to 31 August 2018 and nothing after states a previous one:
coverage 0.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerlift.analysis.good_or_better import NOT_ENOUGH_HISTORY, good_or_better
from peerlift.analysis.inspection_history import (
    HistoryRulesError,
    parse_rules,
    rules,
    snapshot_date,
)
from peerlift.sources import frames

D = dt.date
LISTED = D(2018, 8, 31)
INSPECTIONS = [  # urn, key, start, overall, listed latest on, states previous
    (1, "1a", D(2012, 5, 1), "2", LISTED, False),
    (2, "2a", D(2017, 5, 1), "1", LISTED, False),
    (5, "5a", D(2014, 5, 1), "3", None, False),
    (5, "5b", D(2019, 5, 1), "2", None, True),
]


def _frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    schools = frames.conform(
        frames.ESTABLISHMENTS,
        pl.DataFrame(
            [
                {
                    "urn": u,
                    "la_code": 999,
                    "phase": "primary",
                    "type": "Community school",
                    "type_group": "Local authority maintained schools",
                    "pupils": 100,
                    "open_date": D(2016, 9, 1) if u == 4 else D(2000, 9, 1),
                    "status": "Open",
                }
                for u in (1, 2, 3, 4, 5)
            ]
        ),
    )
    inspections = frames.conform(
        frames.INSPECTIONS,
        pl.DataFrame(
            [
                {
                    "urn": u,
                    "inspection_key": k,
                    "framework": "graded",
                    "inspection_type": "graded",
                    "start_date": d,
                }
                for u, k, d, *_ in INSPECTIONS
            ]
        ),
    ).with_columns(
        pl.Series("listed_latest_on", [r[4] for r in INSPECTIONS], dtype=pl.Date),
        pl.Series("states_previous", [r[5] for r in INSPECTIONS], dtype=pl.Boolean),
    )
    judgements = frames.conform(
        frames.JUDGEMENTS,
        pl.DataFrame(
            [
                {"urn": u, "inspection_key": k, "area": "overall_effectiveness", "grade": g}
                for u, k, _, g, *_ in INSPECTIONS
            ]
        ),
    )
    return schools, inspections, judgements


def _all_phases(on: dt.date) -> dict[str, object]:
    schools, inspections, judgements = _frames()
    table = good_or_better(schools, inspections, judgements, on, history_note="from two files").table
    (row,) = table.filter(pl.col("phase") == "all").to_dicts()
    return row


def test_too_little_history_gives_no_percentage() -> None:
    row = _all_phases(D(2015, 8, 31))
    assert row["coverage"] == 0.75
    assert row["schools_pct"] is None and row["pupils_pct"] is None
    assert str(row["caveat"]).startswith(NOT_ENOUGH_HISTORY)
    assert "known for 75% of the open schools" in str(row["caveat"])
    assert row["history_note"] == "from two files"


def test_a_whole_history_gives_the_figure_and_says_it_is_a_small_base() -> None:
    row = _all_phases(D(2018, 8, 31))
    assert row["coverage"] == 1.0
    assert (row["schools"], row["schools_meeting"], row["schools_pct"]) == (3, 2, 66.7)
    assert (row["pupils"], row["pupils_meeting"], row["pupils_pct"]) == (300, 200, 66.7)
    assert row["caveat"] == "small base: 3 schools"


def test_after_the_file_s_date_nothing_is_known() -> None:
    row = _all_phases(D(2019, 8, 31))
    assert row["coverage"] == 0.0 and row["schools_pct"] is None


def test_without_evidence_the_history_is_taken_as_whole() -> None:
    schools, inspections, judgements = _frames()
    bare = inspections.drop("listed_latest_on", "states_previous")
    table = good_or_better(schools, bare, judgements, D(2015, 8, 31)).table
    (row,) = table.filter(pl.col("phase") == "all").to_dicts()
    assert row["coverage"] == 1.0 and (row["schools"], row["schools_pct"]) == (2, 50.0)  # s1 good, s5 RI


def test_a_summer_file_holds_to_31_august() -> None:
    assert snapshot_date(D(2018, 7, 13), 7) == D(2018, 8, 31)
    assert snapshot_date(D(2026, 5, 28), 7) == D(2026, 5, 28)


def test_the_package_rules_and_mistakes_named_by_line_and_key() -> None:
    package = rules()
    assert package.coverage_threshold == 0.9 and package.small_base == 10
    assert package.source("ofsted_perf_tables", None).lists_latest  # type: ignore[union-attr]
    assert package.source("ofsted_mi", "inspections_and_outcomes").states_previous  # type: ignore[union-attr]
    assert package.source("gias_establishments", None) is None
    with pytest.raises(HistoryRulesError, match="line 1, key coverage_threshold: a share from 0 to 1"):
        parse_rules("coverage_threshold = 9\nsmall_base = 10\nsummer_from_month = 7\n")
    bad_source = (
        'coverage_threshold = 0.9\nsmall_base = 10\nsummer_from_month = 7\n[sources.x]\nlabel = "x"\n'
    )
    with pytest.raises(HistoryRulesError, match=r"line 4, key sources\.x: a source has exactly"):
        parse_rules(bad_source)


# ---------------------------------------------------------------------------------------------
# Properties: more evidence never makes less known; coverage is a share; no percentage below it


_school_histories = st.lists(
    st.lists(
        st.tuples(
            st.dates(D(2005, 1, 1), D(2025, 12, 31)),
            st.sampled_from(["1", "2", "3", "4"]),
            st.one_of(st.none(), st.dates(D(2005, 1, 1), D(2026, 8, 31))),
            st.booleans(),
        ),
        max_size=3,
    ),
    min_size=1,
    max_size=8,
)


def _random_frames(
    histories: list[list[tuple[dt.date, str, dt.date | None, bool]]],
) -> tuple[pl.DataFrame, ...]:
    schools = frames.conform(
        frames.ESTABLISHMENTS,
        pl.DataFrame(
            [
                {
                    "urn": u,
                    "la_code": 1,
                    "phase": "primary",
                    "type": "Community school",
                    "type_group": "Local authority maintained schools",
                    "pupils": 10,
                    "status": "Open",
                }
                for u in range(len(histories))
            ]
        ),
    )
    rows = [(u, f"{u}-{i}", *each) for u, history in enumerate(histories) for i, each in enumerate(history)]
    inspections = frames.conform(
        frames.INSPECTIONS,
        pl.DataFrame(
            [
                {
                    "urn": u,
                    "inspection_key": k,
                    "framework": "graded",
                    "inspection_type": "graded",
                    "start_date": d,
                }
                for u, k, d, *_ in rows
            ],
            schema={
                "urn": pl.Int64,
                "inspection_key": pl.String,
                "framework": pl.String,
                "inspection_type": pl.String,
                "start_date": pl.Date,
            },
        ),
    ).with_columns(
        pl.Series("listed_latest_on", [r[4] for r in rows], dtype=pl.Date),
        pl.Series("states_previous", [r[5] for r in rows], dtype=pl.Boolean),
    )
    judgements = frames.conform(
        frames.JUDGEMENTS,
        pl.DataFrame(
            [
                {"urn": u, "inspection_key": k, "area": "overall_effectiveness", "grade": g}
                for u, k, _, g, *_ in rows
            ],
            schema={"urn": pl.Int64, "inspection_key": pl.String, "area": pl.String, "grade": pl.String},
        ),
    )
    return schools, inspections, judgements


def _coverage(
    schools: pl.DataFrame, inspections: pl.DataFrame, judgements: pl.DataFrame, on: dt.date
) -> dict:
    table = good_or_better(schools, inspections, judgements, on).table
    return table.filter(pl.col("phase") == "all").row(0, named=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_school_histories, st.dates(D(2006, 1, 1), D(2024, 8, 31)))
def test_more_evidence_never_makes_less_known(
    histories: list[list[tuple[dt.date, str, dt.date | None, bool]]], on: dt.date
) -> None:
    schools, inspections, judgements = _random_frames(histories)
    before = _coverage(schools, inspections, judgements, on)
    stronger = inspections.with_columns(pl.lit(True).alias("states_previous"))
    after = _coverage(schools, stronger, judgements, on)
    assert 0 <= before["coverage"] <= after["coverage"] <= 1
    for row in (before, after):
        shown = row["schools_pct"] is not None
        assert shown == (row["coverage"] >= 0.9 and row["schools"] > 0)
