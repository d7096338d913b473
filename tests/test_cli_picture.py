"""The authority's-picture commands, run in-process on the real LAIT file and neighbour workbook.

Expected figures were read from bds_long_0.parquet by hand (KS2RWM_Expected_STD rows): Coventry
(331) 62 in 2019 and 55 in 2024; its ten 2021 neighbours (831, 350, 874, 383, 373, 851, 887, 335, 357,
852) had 65, 61, 62, 64, 56, 58, 64, 64, 63, 61 in 2019 (mean 61.8) and 62, 55, 59, 60, 55, 51, 55,
56, 59, 59 in 2024 (mean 57.1); West Midlands 63 and 59; England 65 and 60. In 2019, 119 of the 149
LAs with a figure were above Coventry (rank 120); in 2024, 134 of 151 (rank 135).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run

pytestmark = pytest.mark.django_db(transaction=True)


def _load_la_statistics(shared_data: Path) -> None:
    stats = shared_data / "la_stats"
    code, _, err = run(
        "import",
        str(stats / "lait_current_metadata" / "la_code_list.xlsx"),
        str(stats / "lait_current_metadata" / "lait_data_dictionary.csv"),
        str(stats / "lait_20241115" / "bds_long_0.parquet"),
        str(stats / "lait_current_metadata" / "sn_april_2021.xlsx"),
    )
    assert code == 0, err


def test_compare_neighbours_and_chart(shared_data: Path, tmp_path: Path) -> None:
    _load_la_statistics(shared_data)

    code, out, err = run(
        "compare", "--la", "331", "--measure", "ks2_rwm_expected", "--neighbours", "2021", "--format", "json"
    )
    assert code == 0, err
    rows = {row["year"]: row for row in json.loads(out)}
    keys = ["year", "la", "neighbours_mean", "neighbours_count", "region", "england", "rank", "quartile_band"]
    assert list(rows[2019])[: len(keys)] == keys
    picked = {year: [rows[year][k] for k in keys] for year in (2019, 2020, 2024)}
    assert picked[2019] == [2019, 62, 61.8, 10, 63, 65, 120, "D"]
    assert picked[2024] == [2024, 55, 57.1, 10, 59, 60, 135, "D"]
    assert picked[2020] == [2020, None, None, 0, None, None, None, None]
    assert "not published" in rows[2020]["note"]

    code, out, err = run("neighbours", "--la", "331", "--compute", "--format", "json")
    assert code == 0, err
    computed = json.loads(out)
    # the default characteristics of docs/analysis.md, each from the year nearest 2006 LAIT has
    assert [(v["measure"], v["weight"], v["log"]) for v in computed["variables"]] == [
        ("PriFSM", 0.5, False),
        ("SecFSM", 0.5, False),
        ("EALPri", 0.5, False),
        ("EALSec", 0.5, False),
        ("ChildPov", 1.0, False),
    ]
    members = computed["members"]
    assert [m["position"] for m in members] == list(range(1, 11))
    assert 331 not in [m["la"] for m in members]
    distances = [m["distance"] for m in members]
    assert distances == sorted(distances) and distances[0] > 0

    code, out, err = run("neighbours", "--agreement", "--format", "json")
    assert code == 0, err
    agreement = json.loads(out)
    # the figures docs/analysis.md reports for these defaults against the April 2021 list
    assert agreement["official_set"] == "2021"
    assert agreement["compared"] == 151 == len(agreement["las"])
    assert agreement["mean_agree"] == 4.64
    in_common = [0, 4, 10, 25, 33, 36, 24, 9, 8, 2, 0]
    assert [agreement["distribution"][str(n)] for n in range(11)] == in_common
    coventry = next(r for r in agreement["las"] if r["la"] == 331)
    official = {831, 350, 874, 383, 373, 851, 887, 335, 357, 852}  # the module docstring's ten
    assert coventry["agree"] == len(official & {m["la"] for m in members})

    svg = tmp_path / "coventry.svg"
    code, _, err = run(
        "chart",
        "compare",
        "--la",
        "331",
        "--measure",
        "ks2_rwm_expected",
        "--neighbours",
        "2021",
        "--output",
        str(svg),
    )
    assert code == 0, err
    assert svg.read_text().lstrip().startswith("<svg")
    table = svg.with_suffix(".csv").read_text().splitlines()
    assert len(table) == 1 + 9  # header and 2016-2024


def test_compare_says_what_is_missing(shared_data: Path) -> None:
    code, _, err = run("compare", "--la", "331", "--measure", "ks2_rwm_expected")
    assert code == 1
    assert "no official neighbour set is in the register" in err
    run("import", str(shared_data / "la_stats" / "lait_current_metadata" / "sn_april_2021.xlsx"))
    code, _, err = run("compare", "--la", "331", "--measure", "no_such_measure", "--format", "json")
    assert code == 1
    assert "no_such_measure" in err


def test_good_or_better_counts_schools_of_every_type_group_wording(shared_data: Path) -> None:
    # The 2018 extract calls its maintained schools "LA maintained schools" (later ones "Local
    # authority maintained schools"). Camden (202) has 13 open ones in it (URNs 100005-100015, 100018,
    # 100019; 3,573 pupils by NumberOfPupils), every one graded 1 or 2 in england_ofsted-schools.xlsx
    # by 31 July 2018.
    code, _, err = run(
        "import",
        str(shared_data / "gias" / "edubasealldata20181029_20.csv"),
        str(shared_data / "ofsted" / "england_ofsted-schools.xlsx"),
    )
    assert code == 0, err
    code, out, err = run("good-or-better", "--la", "202", "--date", "2018-07-31", "--format", "json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert (row["schools"], row["schools_meeting"], row["pupils"], row["not_inspected_schools"]) == (
        13,
        13,
        3573,
        0,
    )


def test_a_latest_only_history_says_so_hampshire(shared_data: Path) -> None:
    """Hampshire (850) from the April 2022 GIAS slice and england_ofsted-schools.xlsx, which holds only
    each school's latest inspection as at 31 July 2018 (its sheet is DFE_data_31_July_2018_SON). As at
    31 August 2008-2015 most open schools' grades of the day are simply not in it (they were
    re-inspected later): no percentage may be given, where the register used to say 100%. As at 31
    August 2018 the file speaks for every school (summer: no inspections in August). Its 96 inspections
    of 2017/18 have no previous inspection in the file: their previous grade is not known, and none is a
    "first inspection"."""
    code, _, err = run(
        "import",
        str(shared_data / "gias" / "20220420_gias.csv"),
        str(shared_data / "ofsted" / "england_ofsted-schools.xlsx"),
    )
    assert code == 0, err
    for year in range(2008, 2016):
        code, out, err = run("good-or-better", "--la", "850", "--date", f"{year}-08-31", "--format", "json")
        assert code == 0, err
        (row,) = json.loads(out)
        assert row["schools_pct"] is None and row["pupils_pct"] is None, year
        assert row["coverage"] < 0.9 and row["caveat"].startswith("not enough inspection history held"), year
        assert "which holds only each school's latest inspection" in row["history_note"]
        assert "england_ofsted-schools.xlsx (to 31 August 2018)" in row["history_note"]
    code, out, err = run("good-or-better", "--la", "850", "--date", "2018-08-31", "--format", "json")
    (row,) = json.loads(out)
    assert row["coverage"] == 1.0 and row["schools_pct"] is not None and row["caveat"] is None
    code, out, err = run(
        "inspections-summary", "--la", "850", "--from", "2017-09-01", "--to", "2018-08-31", "--format", "json"
    )
    assert code == 0, err
    summary = json.loads(out)
    outcomes = [r["outcome"] for r in summary["inspections"]]
    assert len(outcomes) == 96 and set(outcomes) == {"previous grade not known"}
    assert summary["sentences"][1].startswith(
        "For 96 inspections the register does not know the previous grade"
    )
    assert "holds only each school's latest inspection" in summary["history_note"]
