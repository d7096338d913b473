"""The command line, run in-process as a user would run it, on the real shared files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_and_list_schools(shared_data: Path) -> None:
    code, _, err = run("import", str(shared_data / "gias" / "20220420_gias.csv"))
    assert code == 0, err
    assert "1,096 rows read" in err
    code, out, _ = run("schools", "--la", "936", "--format", "json")
    rows = json.loads(out)
    assert len(rows) == 576
    assert {"urn", "la", "name", "phase"} <= set(rows[0])
    assert all(row["la"] == 936 for row in rows)


def test_import_history_as_json(shared_data: Path) -> None:
    path = shared_data / "gias" / "edubasealldata20181029_20.csv"
    run("import", str(path))
    code, _, err = run("import", str(path))
    assert code == 0
    assert "already imported" in err
    code, out, _ = run("imports", "--format", "json")
    history = json.loads(out)
    assert [(h["file_name"], h["status"], h["rows_read"]) for h in history] == [
        ("edubasealldata20181029_20.csv", "loaded", 20)
    ]


def test_refused_file_names_file_row_and_column_and_exits_1(shared_data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "links_edubasealldata20250101.csv"
    bad.write_text(
        '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\n100006,abc,"x","Successor",""\n'
    )
    code, _, err = run("import", str(bad))
    assert code == 1
    assert "links_edubasealldata20250101.csv, row 2, column 'LinkURN'" in " ".join(err.split())


def test_unknown_file_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "shopping.csv"
    odd.write_text("item;price\neggs;2\n")
    code, _, err = run("import", str(odd))
    assert code == 1
    assert "does not recognise this file" in " ".join(err.split())


def test_school_detail_json(shared_data: Path) -> None:
    run("import", str(shared_data / "ofsted" / "ofsted_mi_2026_report_cards_first_rows.csv"))
    run("import", str(shared_data / "gias" / "edubasealldata20181029_20.csv"))
    code, out, err = run("school", "100000", "--format", "json")
    assert code == 0, err
    detail = json.loads(out)
    assert detail["urn"] == 100000
    assert detail["la"] == 201
    # The MI file's row for URN 100000 (The Aldgate School): latest OEIF graded inspection 10323215,
    # S5, 12/06/2024, overall effectiveness 1 (read from the CSV).
    graded = [i for i in detail["inspections"] if i["framework"] == "graded"]
    assert graded[-1]["inspection_number"] == "10323215"
    assert graded[-1]["start_date"] == "2024-06-12"
    assert graded[-1]["judgements"]["overall_effectiveness"] == "1"
    # The whole GIAS row, named by the extract's own header (first data row of the file).
    record = detail["record"]
    assert len(record) == 133
    assert record["EstablishmentName"] == "Sir John Cass's Foundation Primary School"
    assert record["TypeOfEstablishment (code)"] == "02"
    assert record["OpenDate"] == ""


def test_la_measures_and_neighbours(shared_data: Path) -> None:
    stats = shared_data / "la_stats"
    code, _, err = run(
        "import",
        str(stats / "lait_current_metadata" / "la_code_list.xlsx"),
        str(stats / "lait_20241115" / "bds_long_0.parquet"),
        str(stats / "lait_current_metadata" / "sn_april_2021.xlsx"),
    )
    assert code == 0, err
    code, out, _ = run("measures", "--la", "331", "--measure", "ks2_rwm_expected", "--format", "json")
    rows = {r["year"]: r for r in json.loads(out)}
    # KS2RWM_Expected_STD rows of the parquet for Coventry (331), West Midlands (984) and England (970).
    assert (rows[2016]["value"], rows[2016]["region"], rows[2016]["england"]) == (49, 51, 54)
    assert (rows[2024]["value"], rows[2024]["region"], rows[2024]["england"]) == (55, 59, 60)
    assert rows[2019]["region_code"] == "E12000005"
    assert (rows[2020]["value"], rows[2020]["missing"]) == (None, "-")
    code, out, _ = run("neighbours", "--la", "331", "--set", "2021", "--format", "json")
    result = json.loads(out)
    assert result["set"] == "2021"
    assert [m["la"] for m in result["members"]] == [831, 350, 874, 383, 373, 851, 887, 335, 357, 852]


def test_metadata_and_yearless_files_get_a_message_that_says_what_to_do(shared_data: Path) -> None:
    tables = shared_data / "performance_tables"
    code, _, err = run("import", str(tables / "meta_2018-19" / "ks2_meta.csv"))
    assert code == 1
    assert "ks2_meta.csv, row 1: this is a metadata file" in " ".join(err.split())
    census = tables / "england_2018-19" / "england_census.csv"
    code, _, err = run("import", str(census))
    assert code == 1
    assert "give the year with --year" in " ".join(err.split())
    code, _, err = run("import", str(census), "--year", "2019")
    assert code == 0, err
    assert "census 2019, 23,942 rows read" in err


def test_group_and_its_schools() -> None:
    fixtures = Path(__file__).resolve().parent / "data" / "gias"
    code, _, err = run(
        "import",
        str(fixtures / "allgroupsdata_handmade.csv"),
        str(fixtures / "allgrouplinksdata_handmade.csv"),
    )
    assert code == 0, err
    code, out, err = run("group", "3722", "--format", "json")
    assert code == 0, err
    rise = json.loads(out)
    # The fixture's row for Group UID 3722 and its two member rows.
    assert (rise["name"], rise["type"], rise["companies_house_number"]) == (
        "RISE MULTI ACADEMY TRUST",
        "Multi-academy trust",
        "08138372",
    )
    assert [(m["urn"], m["joined_date"]) for m in rise["members"]] == [
        (900001, "2012-09-01"),
        (900002, "2016-04-01"),
    ]
    assert rise["members"][0]["name"] is None  # the register holds no extract with these URNs
    code, out, _ = run("group", "3722", "--format", "table")
    assert code == 0 and "RISE MULTI ACADEMY TRUST" in out
    code, _, err = run("group", "1")
    assert code == 1 and "no group with UID 1" in err


def test_skipped_rows_by_reason_in_the_import_line_and_history(shared_data: Path, tmp_path: Path) -> None:
    """Coventry's rows of the real LAIT file, ten more with the year '0' a newer vintage has."""
    import polars as pl

    coventry = pl.read_parquet(shared_data / "la_stats" / "lait_20241115" / "bds_long_0.parquet").filter(
        pl.col("LA Number") == 331.0
    )
    zeros = coventry.head(10).with_columns(pl.lit("0").alias("Years"))
    path = tmp_path / "bds_long_0.parquet"
    pl.concat([coventry, zeros]).write_parquet(path)
    code, _, err = run("import", str(path))
    assert code == 0, err
    line = " ".join(err.split())
    assert (
        "bds_long_0.parquet: lait, 3,139 rows read → 3,120 area measures, 1 local authorities; "
        "19 rows skipped "
        "(exact repeat of an earlier row: 9, first at row 3121; year '0': 10, first at row 3130)"
    ) in line
    code, out, _ = run("imports", "--format", "json")
    (record,) = json.loads(out)
    assert record["rows_skipped"] == 19 and len(record["skipped"]) == 19
    assert record["skipped_by_reason"][1] == {
        "reason": "year '0'",
        "count": 10,
        "first_rows": list(range(3130, 3140)),
    }


def test_import_says_where_an_extracts_date_came_from(shared_data: Path, tmp_path: Path) -> None:
    dated = shared_data / "gias" / "20220420_gias.csv"
    undated = tmp_path / "surrey_gias.csv"
    undated.write_bytes(dated.read_bytes().replace(b"Alton Infant School", b"Alton Infants", 1))
    code, _, err = run("import", str(dated))
    assert "extract date 2022-04-20 (from the file name)" in " ".join(err.split())
    code, _, err = run("import", "--date", "2022-05-01", str(undated))
    assert code == 0, err
    assert "extract date 2022-05-01 (from --date)" in " ".join(err.split())
    code, out, _ = run("imports", "--format", "json")
    assert [(h["as_of"], h["as_of_source"]) for h in json.loads(out)] == [
        ("2022-04-20", "file name"),
        ("2022-05-01", "--date"),
    ]
