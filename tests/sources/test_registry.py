"""Recognising a file's kind, and the messages for what cannot be recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlift.sources import registry
from peerlift.sources.base import SourceError, head_of

GIAS_SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"


def refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        registry.reader_for(path)
    return caught.value


def test_a_folder(tmp_path: Path) -> None:
    assert "folder" in refused(tmp_path).message


def test_semicolons_are_named(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_bytes(GIAS_SLICE.read_bytes().replace(b",", b";"))
    error = refused(path)
    assert (error.row, "semicolons" in error.message) == (1, True)


def test_a_header_line_too_long_for_a_csv_field(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("a" * 500_000 + "\n1\n")
    assert "does not recognise" in refused(path).message


def test_a_workbook_cut_short_gets_one_line(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "england_ofsted-schools.xlsx"
    path.write_bytes((shared_data / "ofsted" / "england_ofsted-schools.xlsx").read_bytes()[:30_000])
    message = refused(path).message
    assert "not a readable Excel workbook; it may be cut short or damaged" in message
    assert "\n" not in message


@pytest.mark.parametrize("kind", [None, "gias_links", "ofsted_perf_tables"])
def test_a_missing_file_or_a_folder_even_with_a_kind(tmp_path: Path, kind: str | None) -> None:
    with pytest.raises(SourceError, match="no such file"):
        registry.reader_for(tmp_path / "gone.csv", kind)
    with pytest.raises(SourceError, match="folder"):
        registry.reader_for(tmp_path, kind)


def test_a_header_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(GIAS_SLICE.read_bytes().split(b"\r\n")[0] + b"\r\n")
    with pytest.raises(SourceError, match="header but no rows") as caught:
        registry.read(path)
    assert caught.value.row == 2


def test_an_unbalanced_quote_gets_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(GIAS_SLICE.read_bytes().replace(b'"Alton Infant School"', b'"Alton Infant School', 1))
    with pytest.raises(SourceError) as caught:
        registry.read(path)
    assert len(caught.value.message) < 400


def _workbook(path: Path, header: list[str], *rows: list[str]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, header)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return path


def test_workbooks_with_a_repeated_column_name(tmp_path: Path) -> None:
    ofsted = _workbook(
        tmp_path / "england_ofsted-schools.xlsx",
        ["URN", "School name", "URN", "Inspection date", "Publication date", "Overall effectiveness"],
        ["100000", "A school", "100000", "2018-01-02", "2018-02-01", "2"],
    )
    result = registry.read(ofsted)  # named apart, as in a CSV, and reported
    assert (result.rows_read, result.unknown_columns) == (1, ["URN__2"])
    codes = _workbook(
        tmp_path / "la_code_list.xlsx",
        ["LA Number", "LA Name", "LA Name", "Region", "Type"],
        ["331", "Coventry", "Coventry again", "West Midlands", "MD"],
    )
    with pytest.raises(SourceError, match="names 'LA Name' twice") as caught:
        registry.read(codes)
    assert (caught.value.row, caught.value.column) == (1, "LA Name")


def test_the_wrong_kind_names_the_columns_it_looked_for(shared_data: Path) -> None:
    ks2 = shared_data / "performance_tables" / "la_850_hampshire_936_surrey" / "2018-850-ks2.csv"
    with pytest.raises(SourceError) as caught:
        registry.read(ks2, kind="gias_links")
    assert "(one with URN, LinkURN, LinkType)" in caught.value.message


def test_an_la_listed_twice_is_named_with_both_rows(tmp_path: Path) -> None:
    codes = _workbook(
        tmp_path / "la_code_list.xlsx",
        ["LA Number", "LA Name", "Region", "Type"],
        ["331", "Coventry", "West Midlands", "MD"],
        ["330", "Birmingham", "West Midlands", "MD"],
        ["331", "Coventry", "West Midlands", "MD"],
    )
    with pytest.raises(SourceError, match=r"LA 331 is listed twice \(first on row 2\)") as caught:
        registry.read(codes)
    assert (caught.value.row, caught.value.column) == (4, "LA Number")


# Every real data file in ../shared/data and the one kind it is (SOURCES.md); metadata files are none.
REAL_KINDS = {
    "gias/20220420_gias.csv": "gias_establishments",
    "gias/edubasealldata20150407_extract.csv": "gias_establishments",
    "gias/edubasealldata20181029_20.csv": "gias_establishments",
    "gias/grouplinks_edubaseallacademiesandfree20190601.csv": "gias_group_links",
    "gias/links_edubasealldata20250422.csv": "gias_links",
    "la_stats/lait_20241115/bds_long_0.parquet": "lait",
    "la_stats/lait_current_metadata/la_code_list.xlsx": "la_code_list",
    "la_stats/lait_current_metadata/lait_data_dictionary.csv": "lait_dictionary",
    "la_stats/lait_current_metadata/sn_april_2021.xlsx": "statistical_neighbours",
    "ofsted/england_ofsted-schools.xlsx": "ofsted_perf_tables",
    "ofsted/ofsted_mi_2026_report_cards_first_rows.csv": "ofsted_mi",
    "ofsted/ofsted_mi_all_inspections_ytd_2024-25_layout.csv": "ofsted_mi",
    "performance_tables/ees_ks4_2023-24/ks4_school_info_2024_first_1000_rows.csv": "ees_tidy",
    "performance_tables/ees_ks4_2024-25_national_regional/"
    "ks4_rurality_idaci_202425_provisional.csv": "ees_tidy",
    "performance_tables/england_2018-19/england_abs.csv": "absence",
    "performance_tables/england_2018-19/england_census.csv": "census",
    "performance_tables/england_2018-19/la_and_region_codes_meta.csv": "la_codes",
    "performance_tables/england_2023-24/england_ks4final_2023-24_first4rows.csv": "ks4",
    "performance_tables/meta_2016-17/la_and_region_codes_meta.csv": "la_codes",
}


def test_every_real_file_is_recognised_as_its_one_kind(shared_data: Path) -> None:
    found = {}
    for path in sorted(shared_data.rglob("*")):
        if not path.is_file() or path.name == "SOURCES.md":
            continue
        name = path.relative_to(shared_data).as_posix()
        head = head_of(path)
        kinds = [r.kind for r in registry.readers() if r.sniff(head)]
        if name.startswith("performance_tables/la_850_hampshire_936_surrey/"):
            assert kinds == (["ks4"] if "ks4" in name else ["ks2"]), name
        elif name in REAL_KINDS:
            found[name] = kinds
        else:
            assert kinds == [], name  # a metadata file
            assert "metadata" in refused(path).message
    assert found == {name: [kind] for name, kind in REAL_KINDS.items()}
