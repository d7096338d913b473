"""Ofsted readers against the real files in ../shared/data/ofsted and hand-made fixtures of older layouts.

Expected values were read from the files by hand (csv module / a spreadsheet), not from the reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared import SHARED_DATA, needs_shared

from peerlift.domain.inspections import grade4_name
from peerlift.sources.base import ReadResult, SourceError, head_of
from peerlift.sources.ofsted import READERS, OfstedMiReader, OfstedPerfTablesReader

pytestmark = needs_shared  # these tests read the real files

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "ofsted"
XLSX = SHARED_DATA / "ofsted" / "england_ofsted-schools.xlsx"
MI_2026 = SHARED_DATA / "ofsted" / "ofsted_mi_2026_report_cards_first_rows.csv"
AS_AT_2023 = FIXTURES / "state_funded_schools_inspections_and_outcomes_as_at_31_august_2023_handmade.csv"
AS_AT_2025 = FIXTURES / "mi_as_at_31_march_2025_handmade.csv"
MONTHLY_2022 = FIXTURES / "management_information_state_funded_schools_as_at_28_feb_2022_handmade.csv"
GIAS = SHARED_DATA / "gias" / "edubasealldata20181029_20.csv"

MI = OfstedMiReader()
PERF = OfstedPerfTablesReader()


@pytest.fixture(scope="module")
def mi_2026() -> ReadResult:
    return MI.read(MI_2026)


@pytest.fixture(scope="module")
def perf() -> ReadResult:
    return PERF.read(XLSX)


def judgements_of(result: ReadResult, urn: int, key: str) -> dict[str, str]:
    frame = result.tables["judgements"].filter((pl.col("urn") == urn) & (pl.col("inspection_key") == key))
    return dict(zip(frame["area"], frame["grade"], strict=True))


def inspection(result: ReadResult, urn: int, key: str) -> dict[str, object]:
    frame = result.tables["inspections"].filter((pl.col("urn") == urn) & (pl.col("inspection_key") == key))
    assert frame.height == 1
    return frame.row(0, named=True)


# ---------------------------------------------------------------------------------------------
# Recognising files


def test_each_real_file_is_recognised_by_exactly_its_reader() -> None:
    assert [r.kind for r in READERS if r.sniff(head_of(XLSX))] == ["ofsted_perf_tables"]
    assert [r.kind for r in READERS if r.sniff(head_of(MI_2026))] == ["ofsted_mi"]
    for fixture in (AS_AT_2023, AS_AT_2025, MONTHLY_2022):
        assert [r.kind for r in READERS if r.sniff(head_of(fixture))] == ["ofsted_mi"]
    assert not any(r.sniff(head_of(GIAS)) for r in READERS)


# ---------------------------------------------------------------------------------------------
# The performance-tables download (real, complete national file)


def test_perf_tables_loads_every_row(perf: ReadResult) -> None:
    assert perf.rows_read == 21_739
    assert perf.rows_loaded == 21_739
    assert perf.tables["inspections"].height == 21_739
    assert perf.tables["judgements"].height == 21_739
    assert perf.unknown_columns == []
    assert perf.year == 2018  # sheet DFE_data_31_July_2018_SON (the file name has no year)


def test_perf_tables_grade_counts(perf: ReadResult) -> None:
    counts = dict(perf.tables["judgements"].group_by("grade").len().iter_rows())
    assert counts == {"1": 4498, "2": 14114, "3": 2338, "4": 789}


def test_perf_tables_named_schools(perf: ReadResult) -> None:
    row = inspection(perf, 100000, "date:2013-04-19")
    assert row["school_name"] == "Sir John Cass's Foundation Primary School"
    assert row["ofsted_phase"] == "Primary"
    assert row["publication_date"] == dt.date(2013, 5, 14)
    assert row["framework"] == "graded"
    assert row["inspection_number"] is None
    assert judgements_of(perf, 100000, "date:2013-04-19") == {"overall_effectiveness": "1"}
    assert judgements_of(perf, 146198, "date:2016-05-11") == {"overall_effectiveness": "4"}
    assert judgements_of(perf, 137083, "date:2017-02-22") == {"overall_effectiveness": "2"}
    assert inspection(perf, 146209, "date:2016-07-07")["school_name"] == "Rushden Academy"


# ---------------------------------------------------------------------------------------------
# The 2026 report-card MI file (real, first 546 rows)


def test_mi_2026_loads_every_row(mi_2026: ReadResult) -> None:
    assert mi_2026.rows_read == 546
    assert mi_2026.skipped == []  # every row has at least one inspection
    assert mi_2026.unknown_columns == []
    assert mi_2026.year == 2026


def test_mi_2026_counts_from_sources_md(mi_2026: ReadResult) -> None:
    counts = dict(mi_2026.tables["inspections"].group_by("framework").len().iter_rows())
    # 26 report cards; 306 OEIF graded (64 'Not judged' from Sept 2024, 242 with a code); 315 ungraded.
    assert counts == {"report_card": 26, "graded_2024": 64, "graded": 242, "ungraded": 315}


def test_mi_2026_report_card(mi_2026: ReadResult) -> None:
    row = inspection(mi_2026, 100025, "10428056")
    assert row["school_name"] == "Gospel Oak Primary School"
    assert row["start_date"] == dt.date(2026, 1, 13)
    assert row["publication_date"] == dt.date(2026, 2, 9)
    assert (row["framework"], row["inspection_type"], row["type_detail"]) == (
        "report_card",
        "graded",
        "S5 Inspection",
    )
    assert row["category_of_concern"] is None
    assert judgements_of(mi_2026, 100025, "10428056") == {
        "safeguarding_standards": "met",
        "inclusion": "strong_standard",
        "curriculum_and_teaching": "strong_standard",
        "achievement": "strong_standard",
        "attendance_and_behaviour": "expected_standard",
        "personal_development_and_wellbeing": "strong_standard",
        "early_years_rc": "strong_standard",
        "post_16": "not_applicable",
        "leadership_and_governance": "strong_standard",
    }


def test_mi_2026_oeif_graded_with_overall(mi_2026: ReadResult) -> None:
    row = inspection(mi_2026, 100000, "10323215")
    assert (row["framework"], row["start_date"]) == ("graded", dt.date(2024, 6, 12))
    assert row["laestab"] == 2013614
    assert judgements_of(mi_2026, 100000, "10323215") == {
        "overall_effectiveness": "1",
        "quality_of_education": "1",
        "behaviour_and_attitudes": "1",
        "personal_development": "1",
        "leadership_and_management": "1",
        "safeguarding_effective": "yes",
        "early_years": "2",
        "sixth_form": "not_applicable",  # "9"
    }
    plumstead = judgements_of(mi_2026, 100183, "10271238")
    assert plumstead["overall_effectiveness"] == "3"
    assert plumstead["early_years"] == "not_applicable"  # "9" in early years
    assert plumstead["sixth_form"] == "2"


def test_mi_2026_no_overall_grade_from_september_2024(mi_2026: ReadResult) -> None:
    row = inspection(mi_2026, 100032, "10345616")  # Holy Trinity CofE, started 19/11/2024, "Not judged"
    assert row["framework"] == "graded_2024"
    grades = judgements_of(mi_2026, 100032, "10345616")
    assert "overall_effectiveness" not in grades
    assert grades["quality_of_education"] == "1"
    late = mi_2026.tables["inspections"].filter(pl.col("framework") == "graded_2024")
    overall = mi_2026.tables["judgements"].filter(pl.col("area") == "overall_effectiveness")
    assert late.join(overall, on=["urn", "inspection_key"]).height == 0
    assert overall.height == 242


def test_mi_2026_ungraded(mi_2026: ReadResult) -> None:
    row = inspection(mi_2026, 100005, "10345614")
    assert (row["framework"], row["inspection_type"]) == ("ungraded", "ungraded")
    assert row["outcome"] == "School remains Outstanding"
    assert row["start_date"] == dt.date(2024, 5, 23)
    assert judgements_of(mi_2026, 100005, "10345614") == {}
    assert inspection(mi_2026, 100043, "10345618")["outcome"] == "Improved significantly"


def test_mi_2026_bowden_house_keeps_the_files_laestab_and_la(mi_2026: ReadResult) -> None:
    row = inspection(mi_2026, 100986, "10268767")
    assert (row["laestab"], row["la_name"]) == (2117084, "East Sussex")
    assert row["outcome"] == "School remains Good"


def test_mi_2026_exempt_inspection_is_graded(mi_2026: ReadResult) -> None:
    frame = mi_2026.tables["inspections"].filter(pl.col("type_detail") == "Exempt School Inspection")
    assert frame.height == 5
    assert set(frame["inspection_type"]) == {"graded"}


# ---------------------------------------------------------------------------------------------
# Hand-made fixtures of the older layouts


def test_as_at_2023_layout() -> None:
    result = MI.read(AS_AT_2023)
    assert result.year == 2023
    assert result.rows_read == 4
    assert [s.row for s in result.skipped] == [6]  # never-inspected nursery; header on row 3
    assert result.unknown_columns == []
    assert judgements_of(result, 200001, "10290001")["overall_effectiveness"] == "2"
    assert judgements_of(result, 200001, "10290001")["early_years"] == "not_applicable"
    row = inspection(result, 200002, "10280002")
    assert row["school_name"] == "St Mary’s and St Benedict’s, Catholic Primary School"  # cp1252 quotes
    assert row["category_of_concern"] == "special_measures"
    assert row["end_date"] == dt.date(2022, 11, 23)
    assert judgements_of(result, 200002, "10280002")["safeguarding_effective"] == "no"


def test_previous_inspection_is_added_with_its_overall_grade_only() -> None:
    result = MI.read(AS_AT_2023)
    # Predecessor school's inspection, keyed by the URN it had then.
    row = inspection(result, 103700, "10045678")
    assert (row["framework"], row["school_name"], row["laestab"]) == (
        "graded",
        "St Mary’s Catholic Primary School",
        3312050,
    )
    assert judgements_of(result, 103700, "10045678") == {"overall_effectiveness": "2"}


def test_grade_3_before_september_2012_stays_3() -> None:
    result = MI.read(AS_AT_2023)
    row = inspection(result, 200001, "ITS123456")
    assert row["start_date"] == dt.date(2011, 10, 12)
    grade = judgements_of(result, 200001, "ITS123456")["overall_effectiveness"]
    assert grade == "3"
    assert grade4_name(grade, row["start_date"]) == "Satisfactory"


def test_nine_means_not_judged_outside_early_years_and_sixth_form() -> None:
    result = MI.read(AS_AT_2023)  # a 2016 inspection: no OEIF judgements yet, all "9"
    assert judgements_of(result, 200004, "ITS470001") == {
        "overall_effectiveness": "1",
        "leadership_and_management": "1",
        "early_years": "not_applicable",
        "sixth_form": "1",
    }


def test_september_2024_layout_has_no_overall() -> None:
    result = MI.read(AS_AT_2025)
    assert result.year == 2025
    assert result.unknown_columns == []
    row = inspection(result, 300001, "10344003")
    assert row["framework"] == "graded_2024"
    grades = judgements_of(result, 300001, "10344003")
    assert "overall_effectiveness" not in grades
    assert grades["personal_development"] == "1"
    assert "sixth_form" not in judgements_of(result, 300002, "10350001")  # "Not judged"
    assert inspection(result, 300002, "10350001")["category_of_concern"] == "serious_weaknesses"
    ungraded = inspection(result, 300003, "10360002")
    assert (ungraded["framework"], ungraded["outcome"]) == ("ungraded", "Standards maintained")
    assert inspection(result, 300004, "10330004")["framework"] == "graded"  # July 2024
    assert judgements_of(result, 300001, "ITS449916") == {"overall_effectiveness": "1"}


def test_monthly_layout_with_section_8_and_shared_predecessor() -> None:
    result = MI.read(MONTHLY_2022)
    assert result.year == 2022
    assert result.unknown_columns == []
    # Two successor schools show their predecessor's inspection: it is one inspection.
    row = inspection(result, 103800, "10120001")
    assert (row["inspection_type"], row["framework"]) == ("graded", "graded")
    assert any("more than one row" in note for note in result.notes)
    section8 = inspection(result, 400003, "10230003")
    assert (section8["framework"], section8["outcome"]) == ("ungraded", "School remains Good")
    assert judgements_of(result, 400003, "ITS440003") == {"overall_effectiveness": "3"}


def test_unknown_and_renamed_columns_are_reported(tmp_path: Path) -> None:
    text = AS_AT_2025.read_bytes().replace(b"Faith grouping", b"Faith group (new)")
    path = tmp_path / "renamed.csv"
    path.write_bytes(text)
    assert MI.read(path).unknown_columns == ["Faith group (new)"]


# ---------------------------------------------------------------------------------------------
# Bad input: the MI CSV


def _mi_variant(tmp_path: Path, data: bytes, name: str = "mi.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _mi_lines(count: int = 6) -> list[str]:
    return MI_2026.read_text(encoding="utf-8").splitlines()[:count]


def _replace_cell(line: str, index: int, value: str) -> str:
    import csv
    import io

    cells = next(csv.reader([line]))
    cells[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


QOE = 68  # "Latest OEIF quality of education"


def test_bad_grade_names_row_and_column(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[1] = _replace_cell(lines[1], QOE, "5")
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (2, "Latest OEIF quality of education")


def test_bad_date_names_row_and_column(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[1] = _replace_cell(lines[1], 59, "31/02/2024")
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (
        2,
        "Inspection start date of latest OEIF graded inspection",
    )


def test_bad_category_names_row_and_column(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[1] = _replace_cell(lines[1], 66, "Notice to improve soon")
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (2, "Latest OEIF category of concern")


def test_grade_without_an_inspection_is_refused(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[2] = _replace_cell(lines[2], QOE, "2")  # Thomas Coram has no OEIF inspection
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (3, "Latest OEIF quality of education")


def test_missing_urn(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[3] = _replace_cell(lines[3], 1, "")
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (4, "URN")


def test_truncated_mid_row(tmp_path: Path) -> None:
    data = "\n".join(_mi_lines(6)).encode()
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, data[: len(data) - 300]))
    assert error.value.row == 6
    assert "truncated" in str(error.value)


def test_utf16_with_its_bom_reads_as_the_same_rows(tmp_path: Path) -> None:
    text = "\n".join(_mi_lines()) + "\n"
    as_utf8 = MI.read(_mi_variant(tmp_path, text.encode("utf-8")))
    as_utf16 = MI.read(_mi_variant(tmp_path, text.encode("utf-16"), "mi16.csv"))
    for table, frame in as_utf8.tables.items():
        assert as_utf16.tables[table].equals(frame)
    with pytest.raises(SourceError, match="binary"):  # without its BOM it cannot be told from binary
        MI.read(_mi_variant(tmp_path, text.encode("utf-16-le"), "mi16le.csv"))


def test_invalid_bytes_name_their_row(tmp_path: Path) -> None:
    lines = [line.encode() for line in _mi_lines()]
    lines[3] = lines[3].replace(b"Camden", b"Cam\x81den", 1)  # 0x81 is no character in Windows-1252
    with pytest.raises(SourceError) as error:
        MI.read(_mi_variant(tmp_path, b"\n".join(lines)))
    assert error.value.row == 4


def test_cp1252_with_title_rows_reads(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[1] = lines[1].replace("The Aldgate School", "The Aldgate School – St Bartholomew’s")
    text = "Management information - state-funded schools - latest inspections\n\n" + "\n".join(lines)
    result = MI.read(_mi_variant(tmp_path, text.encode("cp1252")))
    assert inspection(result, 100000, "10323215")["school_name"] == "The Aldgate School – St Bartholomew’s"
    assert result.skipped == []


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="empty"):
        MI.read(_mi_variant(tmp_path, b""))


def test_header_only(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no rows") as error:
        MI.read(_mi_variant(tmp_path, (_mi_lines(1)[0] + "\n").encode()))
    assert error.value.row == 2


def test_semicolon_delimiter(tmp_path: Path) -> None:
    text = "\n".join(line.replace(",", ";") for line in _mi_lines())
    path = _mi_variant(tmp_path, text.encode())
    assert not MI.sniff(head_of(path))
    with pytest.raises(SourceError, match="semicolons") as error:
        MI.read(path)
    assert error.value.row == 1


def test_formula_injection(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[2] = _replace_cell(lines[2], 3, '=HYPERLINK("http://evil.example","Thomas Coram Centre")')
    with pytest.raises(SourceError, match="formula") as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (3, "School name")


def test_huge_field(tmp_path: Path) -> None:
    lines = _mi_lines()
    lines[4] = _replace_cell(lines[4], 3, "x" * 20_000)
    with pytest.raises(SourceError, match="characters") as error:
        MI.read(_mi_variant(tmp_path, "\n".join(lines).encode()))
    assert (error.value.row, error.value.column) == (5, "School name")


def test_wrong_file() -> None:
    with pytest.raises(SourceError, match="no header"):
        MI.read(GIAS)


# ---------------------------------------------------------------------------------------------
# Bad input: the performance-tables workbook


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DFE_data_31_July_2018_SON")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    book.close()
    return path


PERF_HEADER = ["URN", "School name", "Ofsted phase", "Inspection date", "Publication date"]
PERF_HEADER += ["Overall effectiveness", "REPORURL"]


def test_perf_tables_bad_grade(tmp_path: Path) -> None:
    good = [100000, "A School", "Primary", "2013-04-19", "2013-05-14", 1, "Report"]
    bad = [100001, "B School", "Primary", "2013-04-19", "2013-05-14", 7, "Report"]
    path = _workbook(tmp_path / "bad.xlsx", [PERF_HEADER, good, bad])
    with pytest.raises(SourceError) as error:
        PERF.read(path)
    assert (error.value.row, error.value.column) == (3, "Overall effectiveness")


def test_perf_tables_formula_text(tmp_path: Path) -> None:
    row = [100000, '=HYPERLINK("http://evil.example")', "Primary", "2013-04-19", "2013-05-14", 1, "Report"]
    path = _workbook(tmp_path / "formula.xlsx", [PERF_HEADER, row])
    with pytest.raises(SourceError, match="formula") as error:
        PERF.read(path)
    assert (error.value.row, error.value.column) == (2, "School name")


def test_perf_tables_grade_3_in_2011_stays_3(tmp_path: Path) -> None:
    row = [100000, "A School", "Primary", "2011-10-12", "2011-11-10", 3, "Report"]
    result = PERF.read(_workbook(tmp_path / "old.xlsx", [PERF_HEADER, row]))
    assert judgements_of(result, 100000, "date:2011-10-12") == {"overall_effectiveness": "3"}


def test_perf_tables_truncated_and_wrong_files(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(XLSX.read_bytes()[:200_000])
    with pytest.raises(SourceError, match="Excel"):
        PERF.read(cut)
    other = _workbook(tmp_path / "other.xlsx", [["LA Number", "LA Name"], [331, "Coventry"]])
    assert not PERF.sniff(head_of(other))
    with pytest.raises(SourceError, match="no sheet"):
        PERF.read(other)
    empty = _workbook(tmp_path / "empty.xlsx", [PERF_HEADER])
    with pytest.raises(SourceError, match="no rows"):
        PERF.read(empty)


# ---------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=4000),
    noise=st.binary(max_size=40),
    at=st.integers(min_value=0, max_value=4000),
)
def test_mangled_mi_file_reads_or_raises_source_error(
    tmp_path: Path, cut: int, noise: bytes, at: int
) -> None:
    data = "\n".join(_mi_lines(4)).encode()
    mangled = data[:at] + noise + data[at:]
    mangled = mangled[: len(mangled) - cut] if cut < len(mangled) else mangled
    path = _mi_variant(tmp_path, mangled, "mangled.csv")
    try:
        result = MI.read(path)
    except SourceError:
        return
    assert isinstance(result, ReadResult)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    row=st.integers(min_value=1, max_value=3),
    column=st.integers(min_value=0, max_value=84),
    value=st.text(max_size=30),
)
def test_any_cell_value_reads_or_raises_source_error(
    tmp_path: Path, row: int, column: int, value: str
) -> None:
    lines = _mi_lines(4)
    lines[row] = _replace_cell(lines[row], column, value)
    path = _mi_variant(tmp_path, "\n".join(lines).encode(), "cell.csv")
    try:
        result = MI.read(path)
    except SourceError:
        return
    assert isinstance(result, ReadResult)


# ---------------------------------------------------------------------------------------------
# The real Sept 2024-Nov 2025 layout: "all inspections, year to date" (SOURCES.md section 6)

YTD_2024 = SHARED_DATA / "ofsted" / "ofsted_mi_all_inspections_ytd_2024-25_layout.csv"


def _raw_rows(path: Path, encoding: str = "cp1252") -> list[dict[str, str]]:
    """The file's rows as the csv module reads them: the expected values come from here."""
    import csv

    with path.open(newline="", encoding=encoding) as handle:
        return list(csv.DictReader(handle))


def _raw(urn: str) -> dict[str, str]:
    return next(r for r in _raw_rows(YTD_2024) if r["URN"] == urn)


@pytest.fixture(scope="module")
def ytd_2024() -> ReadResult:
    return MI.read(YTD_2024)


def test_ytd_2024_is_recognised_and_loads_whole(ytd_2024: ReadResult) -> None:
    assert [r.kind for r in READERS if r.sniff(head_of(YTD_2024))] == ["ofsted_mi"]
    assert ytd_2024.rows_read == 1427
    assert ytd_2024.skipped == []
    assert ytd_2024.unknown_columns == []
    # 1,427 latest inspections and 1,421 previous ones (6 rows have NULL for the previous block).
    assert ytd_2024.tables["inspections"].height == 1427 + 1421


def test_ytd_2024_abbreviated_categories_of_concern(ytd_2024: ReadResult) -> None:
    raw = _raw("109092")  # spreadsheet row 554, which was refused for 'SWK'
    assert (raw["Inspection number"], raw["Category of concern"]) == ("10307218", "SWK")
    assert inspection(ytd_2024, 109092, "10307218")["category_of_concern"] == "serious_weaknesses"
    counts = dict(ytd_2024.tables["inspections"].group_by("category_of_concern").len().iter_rows())
    rows = _raw_rows(YTD_2024)
    swk = sum(r[c] == "SWK" for r in rows for c in ("Category of concern", "Previous category of concern"))
    sm = sum(r[c] == "SM" for r in rows for c in ("Category of concern", "Previous category of concern"))
    assert (swk, sm) == (29, 46)  # 2 + 27 and 7 + 39, counted in the file
    assert (counts["serious_weaknesses"], counts["special_measures"]) == (swk, sm)


def test_ytd_2024_four_key_judgements_and_previous_overall(ytd_2024: ReadResult) -> None:
    raw = _raw("109092")
    grades = judgements_of(ytd_2024, 109092, raw["Inspection number"])
    assert grades == {
        "quality_of_education": raw["Quality of education"],  # 2
        "behaviour_and_attitudes": raw["Behaviour and attitudes"],  # 3
        "personal_development": raw["Personal development"],  # 2
        "leadership_and_management": raw["Effectiveness of leadership and management"],  # 4
        "safeguarding_effective": "no",  # "No"
        "early_years": raw["Early years provision (where applicable)"],  # 2
        "sixth_form": "not_applicable",  # 9
    }
    assert (grades["leadership_and_management"], raw["Sixth form provision (where applicable)"]) == ("4", "9")
    assert inspection(ytd_2024, 109092, "10307218")["framework"] == "graded_2024"  # no overall grade
    previous = raw["Previous inspection number"]
    assert (previous, raw["Previous overall effectiveness"]) == ("ITS453569", "2")
    assert judgements_of(ytd_2024, 109092, previous) == {"overall_effectiveness": "2"}
    assert inspection(ytd_2024, 109092, previous)["start_date"] == dt.date(2015, 1, 21)


def test_ytd_2024_previous_inspection_of_a_predecessor(ytd_2024: ReadResult) -> None:
    raw = _raw("139476")  # Caldicotes Primary Academy; its previous inspection was of URN 111573
    assert raw["URN at time of previous inspection"] == "111573"
    assert judgements_of(ytd_2024, 111573, "ITS395387") == {"overall_effectiveness": "2"}
    grades = judgements_of(ytd_2024, 139476, "10346488")
    assert grades["early_years"] == raw["Early years provision (where applicable)"] == "1"


def test_ytd_2024_visits_with_nine_and_met(ytd_2024: ReadResult) -> None:
    raw = _raw("100180")  # an S8 "no formal designation" visit: 9 everywhere, safeguarding "Met"
    assert (raw["Quality of education"], raw["Safeguarding is effective"]) == ("9", "Met")
    row = inspection(ytd_2024, 100180, "10360755")
    assert (row["framework"], row["inspection_type"]) == ("ungraded", "other")
    assert judgements_of(ytd_2024, 100180, "10360755") == {
        "safeguarding_effective": "met",
        "early_years": "not_applicable",
        "sixth_form": "not_applicable",
    }
    monitoring = inspection(ytd_2024, 122595, "10366424")
    assert (monitoring["framework"], monitoring["inspection_type"]) == ("ungraded", "monitoring")


def test_ytd_2024_zero_and_eight_are_no_grade(ytd_2024: ReadResult) -> None:
    raw = _raw("117681")  # S5 inspection with early years "0"
    assert raw["Early years provision (where applicable)"] == "0"
    assert "early_years" not in judgements_of(ytd_2024, 117681, raw["Inspection number"])
    rows = _raw_rows(YTD_2024)
    areas = ("Early years provision (where applicable)", "Sixth form provision (where applicable)")
    zeros = sum(r[c] == "0" for r in rows for c in areas)
    assert zeros == 5  # 4 early years + 1 sixth form; "8" only in the previous block, not read
    assert any(note.startswith(f"{zeros} judgement cells held 0 or 8") for note in ytd_2024.notes)


def _next_years_file(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    """The real file as next year's might come: columns shuffled, one renamed, two added, and
    20 rows of a later year (new inspection numbers, dates a year on) appended."""
    import csv
    import random

    rows = _raw_rows(YTD_2024)
    later = []
    for row in rows[:20]:
        copy = dict(row)
        copy["Inspection number"] = "2" + row["Inspection number"]
        for column in ("Inspection start date", "Publication date"):
            day, month, year = copy[column].split("/")
            copy[column] = f"{day}/{month}/{int(year) + 1}"
        later.append(copy)
    header = list(rows[0])
    random.Random(9).shuffle(header)
    renamed = {"Personal development": "Personal development and welfare"}
    path = tmp_path / "next_year.csv"
    with path.open("w", newline="", encoding="cp1252") as handle:
        writer = csv.writer(handle)
        writer.writerow([renamed.get(c, c) for c in header] + ["Report card due", "Notes"])
        for row in [*rows, *later]:
            writer.writerow([row[c] for c in header] + ["Yes", ""])
    return path, later


def test_next_years_file_loads_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    path, later = _next_years_file(tmp_path)
    result = MI.read(path)
    assert result.rows_read == 1427 + 20
    assert sorted(result.unknown_columns) == ["Notes", "Personal development and welfare", "Report card due"]
    assert result.tables["inspections"].height == 1427 + 1421 + 20  # previous inspections repeat
    first = later[0]
    added = inspection(result, int(first["URN"]), first["Inspection number"])
    day, month, year = first["Inspection start date"].split("/")
    assert added["start_date"] == dt.date(int(year), int(month), int(day))
    grades = judgements_of(result, int(first["URN"]), first["Inspection number"])
    assert "personal_development" not in grades  # its column was renamed: reported, not guessed
    assert grades.get("quality_of_education") == (
        first["Quality of education"] if first["Quality of education"] != "9" else None
    )
    assert judgements_of(result, 109092, "10307218")["leadership_and_management"] == "4"


def test_a_bad_cell_leaves_out_its_row_only(tmp_path: Path) -> None:
    """One row of the real national-style file with an impossible grade: that row is skipped and
    counted with its column, the other 1,426 load."""
    import csv

    rows = _raw_rows(YTD_2024)
    header = list(rows[0])
    rows[552] = dict(rows[552], **{"Quality of education": "7"})  # spreadsheet row 554, URN 109092
    path = tmp_path / "ytd.csv"
    with path.open("w", newline="", encoding="cp1252") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    result = MI.read(path)
    assert [(s.row, s.column, s.reason) for s in result.skipped] == [
        (
            554,
            "Quality of education",
            "'7' is not a grade 1-4, 9 (not applicable), 0 or 8 (no grade) or 'Not judged'",
        )
    ]
    assert result.tables["inspections"].height == 1427 + 1421 - 2
    assert result.tables["inspections"].filter(pl.col("urn") == 109092).is_empty()


# ---------------------------------------------------------------------------------------------
# The date a file is as at (what its "latest inspections" speak to: analysis.inspection_history)


@needs_shared
def test_the_date_each_file_is_as_at(perf: ReadResult, mi_2026: ReadResult) -> None:
    # the performance tables' sheet is DFE_data_31_July_2018_SON
    assert (perf.as_of, perf.as_of_source) == (dt.date(2018, 7, 31), "file name")
    # the 2026 sample's name has no date: its latest publication date (28/05/2026, SOURCES.md) is a floor
    assert (mi_2026.as_of, mi_2026.as_of_source) == (dt.date(2026, 5, 28), "content")
    as_at_2023 = MI.read(AS_AT_2023)
    assert (as_at_2023.as_of, as_at_2023.as_of_source) == (dt.date(2023, 8, 31), "file name")
    assert MI.read(MONTHLY_2022).as_of == dt.date(2022, 2, 28)
