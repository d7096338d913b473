"""Files built to harm (issue 8): zip-bomb workbooks, NUL characters deep in a file, formulas spelt
every way a spreadsheet evaluates them, and text in the encodings Excel saves (one decoding path)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import bombs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlift.sources import registry, workbooks
from peerlift.sources.base import SourceError, decode, head_of
from peerlift.sources.formulas import PREFIXES, SPACE, formula_expr, is_formula, neutralise

GIAS_SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"
SMALL = workbooks.WorkbookLimits(max_bytes=30 * workbooks.MB, part_max_bytes=20 * workbooks.MB)


def refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        registry.read(path)
    return caught.value


# ---------------------------------------------------------------------------------------------
# Workbooks


def test_a_workbook_that_expands_to_a_gigabyte_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = bombs.workbook(tmp_path / "inspections.xlsx", 1024**3, level=1)
    assert path.stat().st_size < 10 * 1024 * 1024  # the zip is small; what it declares is not
    error = refused(path)
    assert error.file == "inspections.xlsx"
    assert "expands to 1,025 MB when opened, more than the 300 MB peerlift reads" in error.message


def test_one_part_too_large_and_one_compressed_like_a_bomb(tmp_path: Path) -> None:
    path = bombs.workbook(tmp_path / "big.xlsx", 25 * workbooks.MB)
    with pytest.raises(SourceError, match=r"its part xl/worksheets/sheet1\.xml expands to 2[56] MB"):
        workbooks.check(path, SMALL)
    # 25 MB of one row repeated compresses about 270 times; a spreadsheet's parts under 10
    with pytest.raises(SourceError, match=r"compressed 2\d\d times .* built to exhaust memory"):
        workbooks.check(path)


def test_a_sheet_that_declares_the_whole_grid_is_refused(tmp_path: Path) -> None:
    path = bombs.workbook(tmp_path / "grid.xlsx", 2000, dimension="A1:XFD1048576")
    error = refused(path)
    assert "sheet 'Schools' declares 1,048,576 rows by 16,384 columns (17,179,869,184 cells)" in error.message


def test_a_workbook_that_holds_more_than_it_declares_is_refused(tmp_path: Path) -> None:
    path = bombs.workbook(tmp_path / "lies.xlsx", 20 * workbooks.MB, zip64=False)
    bombs.understate_sizes(path, "xl/worksheets/sheet1.xml", 100_000)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 100_000
    error = refused(path)
    assert "its part xl/worksheets/sheet1.xml does not hold what the workbook says it does" in error.message


def test_recognising_a_workbook_reads_only_the_head_of_its_sheets(tmp_path: Path) -> None:
    # 5,000 rows; the head is the first 12, as spreadsheet rows (the header is row 1)
    path = bombs.workbook(tmp_path / "ofsted.xlsx", 5000 * len(bombs.ROW), dimension="A1:C5001")
    rows = head_of(path).sheets["Schools"]
    assert len(rows) == 12
    assert rows[0] == ["URN", "Inspection date", "Overall effectiveness"]
    assert rows[1] == ["100000", "41383", "1"]
    assert registry.detect(path).kind == "ofsted_perf_tables"


def test_the_real_ofsted_workbook_passes_the_checks_and_its_head_is_its_header(shared_data: Path) -> None:
    path = shared_data / "ofsted" / "england_ofsted-schools.xlsx"
    workbooks.check(path)
    head = head_of(path).sheets["DFE_data_31_July_2018_SON"]
    assert head[0] == [
        "URN",
        "School name",
        "Ofsted phase",
        "Inspection date",
        "Publication date",
        "Overall effectiveness",
        "REPORURL",
    ]
    assert head[1][:3] == ["100000", "Sir John Cass's Foundation Primary School", "Primary"]
    assert head[1][6] == "Report"  # the cached value of its =IF(...HYPERLINK(...)) formula


def test_the_real_ofsted_workbook_still_imports_its_reporurl_formulas_ignored(shared_data: Path) -> None:
    result = registry.read(shared_data / "ofsted" / "england_ofsted-schools.xlsx")
    assert result.rows_read == 21_739
    assert "REPORURL" not in result.unknown_columns  # known, and not carried


# ---------------------------------------------------------------------------------------------
# NUL characters


def _with_nul_at(data: bytes, offset: int) -> tuple[bytes, int]:
    """The file with the school name of the first row starting after ``offset`` bytes replaced by
    'Late\\0nul'; and that row's number (the header is row 1; the file has no line breaks in cells)."""
    start = data.index(b"\r\n", offset) + 2
    end = data.index(b"\r\n", start)
    row = next(csv.reader([data[start:end].decode("cp1252")]))
    row[4] = "Late\x00nul"  # EstablishmentName is the fifth column
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return data[:start] + out.getvalue().encode("cp1252") + data[end:], data[:start].count(b"\n") + 1


def test_a_nul_44_kb_into_a_file_is_refused_with_row_and_column(shared_data: Path, tmp_path: Path) -> None:
    original = (shared_data / "gias" / "20220420_gias.csv").read_bytes()
    data, row = _with_nul_at(original, 44_000)
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(data)
    error = refused(path)
    assert (error.row, error.column) == (row, "EstablishmentName")
    assert row == 37 and "NUL character" in error.message  # row 37 starts 44 KB in


def test_a_nul_past_the_head_is_refused_when_the_whole_file_is_read(
    shared_data: Path, tmp_path: Path
) -> None:
    original = (shared_data / "gias" / "20220420_gias.csv").read_bytes()
    assert len(original) > 600_000
    data, row = _with_nul_at(original, 600_000)  # past the 256 KB head that recognises the file
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(data)
    assert registry.detect(path).kind == "gias_establishments"
    error = refused(path)
    assert (error.row, error.column) == (row, "EstablishmentName")


def test_nul_in_a_parquet_value_is_refused_before_it_is_stored(tmp_path: Path) -> None:
    import polars as pl

    from peerlift.sources.base import ReadResult

    frame = pl.DataFrame({"urn": [1], "link_urn": [2], "link_name": ["Late\x00nul"]})
    with pytest.raises(SourceError, match="NUL character"):
        ReadResult("gias_links", tmp_path / "links.parquet", None, {"links": frame}, 1)


# ---------------------------------------------------------------------------------------------
# Encodings: one path for the command line and the web


def _gias_in(encoding: str, tmp_path: Path) -> Path:
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(GIAS_SLICE.read_bytes().decode("cp1252").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"])
def test_utf8_utf16_and_utf32_with_their_marks_read_as_the_windows_1252_original(
    encoding: str, tmp_path: Path
) -> None:
    if encoding == "utf-16-be-bom":
        path = tmp_path / "20220420_gias.csv"
        path.write_bytes(b"\xfe\xff" + GIAS_SLICE.read_bytes().decode("cp1252").encode("utf-16-be"))
    else:
        path = _gias_in(encoding, tmp_path)
    original = registry.read(GIAS_SLICE).tables["establishments"]
    assert registry.read(path).tables["establishments"].equals(original)


def test_utf32_without_a_mark_and_utf16_cut_are_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_bytes(b"\xff\xfe" + "URN,Name\r\n1,Caf\u00e9\r\n".encode("utf-16-le") + b"\x00\xd8")
    error = refused(path)
    assert error.message == "the file starts as UTF-16 text but is not UTF-16 throughout"
    path.write_bytes("URN,Name\r\n1,A\r\n".encode("utf-32-le"))
    assert "binary file" in refused(path).message


def test_the_head_of_a_file_may_end_inside_a_character(tmp_path: Path) -> None:
    text = decode(tmp_path / "x.csv", "a,b\r\n1,caf\u00e9".encode()[:-1], complete=False)
    assert text == "a,b\r\n1,caf"


# ---------------------------------------------------------------------------------------------
# Formulas: one rule, in the readers and in downloads

SIGNS = "+-\uff0b\uff0d"
numbers = st.one_of(
    st.integers(0, 10**9).map(str),
    st.floats(0, 1e9, allow_nan=False).map(lambda x: f"{x:.3f}"),
    st.integers(0, 10**6).map(lambda x: f"{x:,}"),
    st.integers(0, 100).map(lambda x: f"{x}%"),
    st.integers(1, 9).map(lambda x: f"{x}e-3"),
)
blank = st.sampled_from(["", " ", "\t", "\r", "  \t"])


@given(blank, st.sampled_from("=@\uff1d\uff20"), st.text(max_size=30))
def test_equals_or_at_then_anything_is_a_formula(space: str, sign: str, rest: str) -> None:
    assert is_formula(space + sign + rest)


@given(blank, st.sampled_from(SIGNS), blank, st.from_regex(r"[A-Za-z(\"'|!$][^\n]{0,20}", fullmatch=True))
def test_a_sign_then_anything_but_a_number_is_a_formula(space: str, sign: str, gap: str, rest: str) -> None:
    assert is_formula(space + sign + gap + rest)


@given(blank, st.sampled_from(SIGNS), numbers, st.sampled_from(["+cmd|' /C calc'!A0", "+3", "*2", "&A1"]))
def test_a_number_then_more_of_a_formula_is_a_formula(space: str, sign: str, number: str, tail: str) -> None:
    assert is_formula(space + sign + number + tail)


@given(st.sampled_from(["", "+", "-", "\uff0d"]), numbers)
def test_plain_numbers_and_dashes_are_not_formulas(sign: str, number: str) -> None:
    assert not is_formula(sign + number)
    assert not is_formula(sign or "-")


@given(st.text(max_size=40))
def test_text_that_does_not_start_with_a_sign_is_not_a_formula(text: str) -> None:
    if text.lstrip(SPACE)[:1] not in PREFIXES:
        assert not is_formula(text)


@given(st.lists(st.text(max_size=25), max_size=30))
def test_the_polars_form_of_the_rule_is_the_same_rule(cells: list[str]) -> None:
    import polars as pl

    frame = pl.DataFrame({"c": cells}, schema={"c": pl.String})
    assert frame.select(formula_expr("c")).to_series().to_list() == [is_formula(c) for c in cells]


@given(st.text(max_size=30))
def test_neutralised_text_is_never_a_formula_and_otherwise_unchanged(text: str) -> None:
    safe = neutralise(text)
    assert not is_formula(safe)
    assert safe == ("'" + text if is_formula(text) else text)


@pytest.mark.parametrize(
    "cell",
    ["+cmd|' /C calc'!A0", "-cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\uff1d1+1", "\t=1+1", "@SUM(A1)"],
)
def test_every_spelling_of_a_formula_is_refused_with_row_and_column(cell: str, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(GIAS_SLICE.read_bytes().decode("cp1252"))))
    rows[3][4] = cell  # row 4's EstablishmentName
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    error = refused(path)
    assert (error.row, error.column) == (4, "EstablishmentName")
    assert "formula" in error.message


def test_negative_numbers_and_dates_in_text_columns_load(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(GIAS_SLICE.read_bytes().decode("cp1252"))))
    rows[3][4] = "-3.5"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))
    names = registry.read(path).tables["establishments"]["name"].to_list()
    assert "-3.5" in names


def _perf_tables_workbook(path: Path, school_name: str, report_url: str) -> Path:
    """The performance tables' Ofsted download, two schools, its cells written as text (as a tool
    that saves formulas as their text would)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("DFE_data_31_July_2018_SON")
    rows = [
        [*PERF_HEADER],
        ["100000", school_name, "Primary", "2013-04-19", "2013-05-14", "1", report_url],
        ["100005", "Thomas Coram Centre", "Nursery", "2014-06-06", "2014-07-02", "1", report_url],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return path


PERF_HEADER = ("URN", "School name", "Ofsted phase", "Inspection date", "Publication date")
PERF_HEADER += ("Overall effectiveness", "REPORURL")
REPORT_FORMULA = '=IF(A2<> "", HYPERLINK(CONCATENATE("http://www.ofsted.gov.uk/oxedu_providers/full/(urn)/",A2),"Report"),"")'


def test_a_formula_in_a_column_not_carried_is_ignored_and_said_so(tmp_path: Path) -> None:
    path = _perf_tables_workbook(tmp_path / "england_ofsted-schools.xlsx", "Sir John Cass's", REPORT_FORMULA)
    result = registry.read(path)
    assert result.tables["inspections"]["urn"].to_list() == [100000, 100005]
    assert "spreadsheet formulas in 'REPORURL' ignored: peerlift neither stores nor exports that column" in (
        result.notes
    )


def test_the_same_formula_in_a_column_carried_is_refused(tmp_path: Path) -> None:
    path = _perf_tables_workbook(tmp_path / "england_ofsted-schools.xlsx", REPORT_FORMULA, "Report")
    error = refused(path)
    assert (error.row, error.column) == (2, "School name")
    assert error.message == "this cell is a spreadsheet formula; peerlift does not import formulas"
