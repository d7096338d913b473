"""DfE performance-tables readers against the real files in ../shared/data and the fixtures in
tests/data/performance. Expected values were read from the CSVs by hand (grep / csv module)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from next_year import next_years_csv, same_rows
from shared import SHARED_DATA, needs_shared

from peerlift.sources import frames
from peerlift.sources.base import Reader, ReadResult, SourceError, head_of
from peerlift.sources.performance import READERS

pytestmark = needs_shared  # these tests read the real files

TABLES = SHARED_DATA / "performance_tables"
LA = TABLES / "la_850_hampshire_936_surrey"
NATIONAL = TABLES / "england_2018-19"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "performance"

BY_KIND: dict[str, Reader] = {r.kind: r for r in READERS}


def read(kind: str, path: Path, year: int | None = None) -> ReadResult:
    return BY_KIND[kind].read(path, year)


def school_value(result: ReadResult, urn: int, measure: str) -> tuple[float | None, str | None]:
    rows = result.tables[frames.SCHOOL_MEASURES].filter(
        (pl.col("urn") == urn) & (pl.col("measure") == measure)
    )
    assert rows.height == 1, (urn, measure, rows)
    return rows.item(0, "value"), rows.item(0, "missing")


def area_value(
    result: ReadResult, area_type: str, code: str, measure: str
) -> tuple[float | None, str | None]:
    rows = result.tables[frames.AREA_MEASURES].filter(
        (pl.col("area_type") == area_type) & (pl.col("area_code") == code) & (pl.col("measure") == measure)
    )
    assert rows.height == 1, (area_type, code, measure, rows)
    return rows.item(0, "value"), rows.item(0, "missing")


def kinds_of(path: Path) -> list[str]:
    head = head_of(path)
    return [r.kind for r in READERS if r.sniff(head)]


# ---------------------------------------------------------------------------------------------
# Every real file loads, is recognised as one kind, with the expected rows and year

REAL = [
    # (file, kind, rows in the file, year, skipped rows)
    (LA / "2016-850-ks2.csv", "ks2", 331, 2017, 1),
    (LA / "2016-936-ks2.csv", "ks2", 235, 2017, 1),
    (LA / "2017-850-ks2.csv", "ks2", 331, 2018, 1),
    (LA / "2017-936-ks2.csv", "ks2", 238, 2018, 1),
    (LA / "2018-850-ks2.csv", "ks2", 334, 2019, 1),
    (LA / "2016-2017_850_ks4final.csv", "ks4", 126, 2017, 1),
    (LA / "2016-2017_936_ks4final.csv", "ks4", 130, 2017, 1),
    (LA / "2017-2018_850_ks4final.csv", "ks4", 124, 2018, 1),
    (LA / "2017-2018_936_ks4final.csv", "ks4", 130, 2018, 1),
]


@pytest.mark.parametrize(("path", "kind", "rows", "year", "skipped"), REAL, ids=lambda v: str(v)[-30:])
def test_real_ks_files_load(path: Path, kind: str, rows: int, year: int, skipped: int) -> None:
    assert kinds_of(path) == [kind]
    result = read(kind, path)
    assert result.rows_read == rows
    assert result.year == year
    assert len(result.skipped) == skipped
    assert result.unknown_columns == []
    schools = result.tables[frames.SCHOOL_MEASURES]
    assert schools["year"].unique().to_list() == [year]
    # value is null exactly when missing gives the reason; suppressed never becomes 0
    assert schools.filter(pl.col("value").is_null() != pl.col("missing").is_not_null()).height == 0
    areas = result.tables[frames.AREA_MEASURES]
    assert sorted(areas["area_type"].unique().to_list()) == ["england", "la"]


def test_ks2_rows_by_rectype() -> None:
    # 2016-850-ks2.csv: 313 mainstream + 15 special schools, LA row (3), England rows 4 and 5
    result = read("ks2", LA / "2016-850-ks2.csv")
    schools = result.tables[frames.SCHOOL_MEASURES]
    assert schools["urn"].n_unique() == 328
    assert result.skipped[0].reason.startswith("national figures for all schools")


def test_ks2_hampshire_school_values() -> None:
    result = read("ks2", LA / "2016-850-ks2.csv")
    # Church Crookham Junior School, URN 115976: PTRWM_EXP 72%, READPROG 1.2, MATPROG -0.1, TELIG 109
    assert school_value(result, 115976, "ks2_rwm_expected") == (72.0, None)
    assert school_value(result, 115976, "ks2_reading_progress") == (1.2, None)
    assert school_value(result, 115976, "ks2_maths_progress") == (-0.1, None)
    assert school_value(result, 115976, "ks2_eligible_pupils") == (109.0, None)
    assert school_value(result, 115976, "ks2_rwm_expected_disadvantaged") == (59.0, None)
    # Ampfield CofE Primary, URN 116268: PTRWM_EXP and READPROG are SUPP
    assert school_value(result, 116268, "ks2_rwm_expected") == (None, "SUPP")
    assert school_value(result, 116268, "ks2_reading_progress") == (None, "SUPP")
    # Hollywater School (special), URN 131068: READPROG NA
    assert school_value(result, 131068, "ks2_reading_progress") == (None, "NA")


def test_ks2_hampshire_and_england_rows() -> None:
    result = read("ks2", LA / "2016-850-ks2.csv")
    # RECTYPE 3 "Hampshire": PTRWM_EXP 66%, READPROG -0.2, TELIG 14040
    assert area_value(result, "la", "850", "ks2_rwm_expected") == (66.0, None)
    assert area_value(result, "la", "850", "ks2_reading_progress") == (-0.2, None)
    assert area_value(result, "la", "850", "ks2_eligible_pupils") == (14040.0, None)
    la_names = result.tables[frames.AREA_MEASURES].filter(pl.col("area_type") == "la")["area_name"]
    assert la_names.unique().to_list() == ["Hampshire"]
    # RECTYPE 5 (state-funded): PTRWM_EXP 61%, TELIG 599728 (RECTYPE 4, all schools, 604552, is skipped)
    assert area_value(result, "england", "E92000001", "ks2_rwm_expected") == (61.0, None)
    assert area_value(result, "england", "E92000001", "ks2_eligible_pupils") == (599728.0, None)
    assert area_value(result, "england", "E92000001", "ks2_reading_progress") == (None, "blank")


def test_ks2_new_school_short_row() -> None:
    # 2017-850-ks2.csv row 197: The Cambridge Primary School, URN 140690, a 23-field row ending "NEW"
    result = read("ks2", LA / "2017-850-ks2.csv")
    assert school_value(result, 140690, "ks2_rwm_expected") == (None, "NEW")


def test_ks4_surrey_school_values() -> None:
    result = read("ks4", LA / "2016-2017_936_ks4final.csv")
    # Collingwood College, URN 136828: ATT8SCR 53.5, P8MEA 0.14, P8CILOW -0.01, TPUP 290
    assert school_value(result, 136828, "attainment8") == (53.5, None)
    assert school_value(result, 136828, "progress8") == (0.14, None)
    assert school_value(result, 136828, "progress8_lower_ci") == (-0.01, None)
    assert school_value(result, 136828, "ks4_pupils") == (290.0, None)
    # Royal Grammar School (independent), URN 125424: ATT8SCR 31, P8MEA NP
    assert school_value(result, 125424, "attainment8") == (31.0, None)
    assert school_value(result, 125424, "progress8") == (None, "NP")
    # Surrey LA row (RECTYPE 4): ATT8SCR 50, P8MEA 0.13; England (RECTYPE 7): 46.3, -0.03
    assert area_value(result, "la", "936", "attainment8") == (50.0, None)
    assert area_value(result, "la", "936", "progress8") == (0.13, None)
    assert area_value(result, "england", "E92000001", "attainment8") == (46.3, None)
    assert area_value(result, "england", "E92000001", "progress8") == (-0.03, None)


def test_ks4_year_dependent_columns() -> None:
    # EBACCAPS is mapped from 2017/18; PTL2BASICS_94 from 2016/17
    older = read("ks4", LA / "2016-2017_850_ks4final.csv").tables[frames.SCHOOL_MEASURES]
    newer = read("ks4", LA / "2017-2018_850_ks4final.csv").tables[frames.SCHOOL_MEASURES]
    assert "ebacc_aps" not in older["measure"].to_list()
    assert "ebacc_aps" in newer["measure"].to_list()
    assert "basics_94_pct" in older["measure"].to_list()


def test_census_coventry_school() -> None:
    path = NATIONAL / "england_census.csv"
    assert kinds_of(path) == ["census"]
    result = read("census", path, 2019)
    assert result.rows_read == 23942
    assert result.year == 2019
    assert len(result.skipped) == 3  # NAT rows: England totals for PRI, SEC, SPE
    # Alderman's Green Community Primary, URN 103638 (LA 331, ESTAB 2000)
    assert school_value(result, 103638, "pupils_on_roll") == (624.0, None)
    assert school_value(result, 103638, "fsm_ever_pct") == (41.3, None)
    assert school_value(result, 103638, "eal_pct") == (34.6, None)
    assert school_value(result, 103638, "sen_support_pct") == (9.9, None)
    assert school_value(result, 103638, "ehcp_pct") == (2.2, None)
    # URN 103633 (LA 331, nursery): PNUMFSMEVER NA
    assert school_value(result, 103633, "fsm_ever_pct") == (None, "NA")
    coventry = pl.read_csv(path, infer_schema=False).filter(pl.col("LA") == "331")
    measures = result.tables[frames.SCHOOL_MEASURES]
    assert (
        measures.filter(pl.col("urn").is_in(coventry["URN"].cast(pl.Int64).implode()))["urn"].n_unique()
        == 123
    )


def test_a_school_in_an_la_numbered_999_is_a_school_not_england(tmp_path: Path) -> None:
    """999 stands for England in some LA cells, but a row with a school's URN is that school's
    (the demo's LA is numbered 999); the real NAT rows are still England's totals."""
    lines = (NATIONAL / "england_census.csv").read_text(encoding="utf-8-sig").splitlines()
    first = lines[1].split(",")
    first[1] = "999"
    nat = [line for line in lines if line.split(",")[0] == "NAT"]
    path = tmp_path / "england_census.csv"
    path.write_text("\n".join([lines[0], ",".join(first), lines[2], *nat]) + "\n", encoding="utf-8")
    result = read("census", path, 2019)
    loaded = result.tables[frames.SCHOOL_MEASURES]["urn"].unique().sort().to_list()
    assert loaded == sorted({int(first[0]), int(lines[2].split(",")[0])})
    assert [s.kind for s in result.skipped] == ["England total row"] * len(nat) and len(nat) == 3


def test_absence() -> None:
    path = NATIONAL / "england_abs.csv"
    assert kinds_of(path) == ["absence"]
    result = read("absence", path, 2018)
    assert result.rows_read == 21217
    assert result.year == 2018
    assert len(result.skipped) == 3
    assert school_value(result, 103638, "overall_absence_pct") == (5.4, None)
    assert school_value(result, 103638, "persistent_absence_pct") == (15.3, None)
    assert school_value(result, 100027, "persistent_absence_pct") == (None, "SUPP")


def test_census_and_absence_need_a_year(tmp_path: Path) -> None:
    for name in ("england_census.csv", "england_abs.csv"):
        with pytest.raises(SourceError, match="--year"):
            BY_KIND[kinds_of(NATIONAL / name)[0]].read(NATIONAL / name)
    named = tmp_path / "2018-2019_england_abs.csv"
    shutil.copy(NATIONAL / "england_abs.csv", named)
    assert read("absence", named).year == 2019


def test_la_codes() -> None:
    for path, rows in (
        (NATIONAL / "la_and_region_codes_meta.csv", 151),
        (TABLES / "meta_2016-17" / "la_and_region_codes_meta.csv", 152),
    ):
        assert kinds_of(path) == ["la_codes"]
        result = read("la_codes", path)
        las = result.tables[frames.LOCAL_AUTHORITIES]
        assert las.height == rows
        assert las["region_code"].null_count() == 0
    las = read("la_codes", NATIONAL / "la_and_region_codes_meta.csv").tables[frames.LOCAL_AUTHORITIES]
    # 841,Darlington,1,North East A ; 850 Hampshire (South East) ; 331 Coventry (West Midlands)
    assert las.filter(pl.col("la_code") == 841).row(0, named=True)["region_code"] == "E12000001"
    assert las.filter(pl.col("la_code") == 850).row(0, named=True)["region"] == "South East"
    assert las.filter(pl.col("la_code") == 331).row(0, named=True)["region_code"] == "E12000005"
    assert las.filter(pl.col("la_code") == 839)["name"].to_list() == ["Bournemouth, Christchurch and Poole"]


def test_meta_files_are_not_taken_for_data() -> None:
    for path in (TABLES / "meta_2018-19").glob("*.csv"):
        assert kinds_of(path) == [], path


# ---------------------------------------------------------------------------------------------
# Hand-made fixture: school information (EES files: tests/sources/test_ees.py)


def test_school_information_fixture() -> None:
    path = FIXTURES / "england_school_information_handmade.csv"
    assert kinds_of(path) == ["school_information"]
    result = read("school_information", path)
    assert result.rows_read == 3
    assert result.tables[frames.SCHOOL_MEASURES].height == 0
    assert result.unknown_columns == []
    assert result.notes


# ---------------------------------------------------------------------------------------------
# Year detection


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2016-850-ks2.csv", 2017),
        ("2017-936-ks2.csv", 2018),
        ("2018-850-ks2.csv", 2019),
        ("2016-2017_850_ks4final.csv", 2017),
        ("2017-2018_936_ks4final.csv", 2018),
    ],
)
def test_year_from_real_names_matches_content(tmp_path: Path, name: str, year: int) -> None:
    """The name rule alone (prior-year columns removed) gives the same year as the content."""
    source = LA / name
    kind = kinds_of(source)[0]
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    prior = "PTRWM_EXP_" if kind == "ks2" else "ATT8SCR_"
    header = lines[0].split(",")
    renamed = [f"X{h}" if h.startswith(prior) and h[len(prior) :].isdigit() else h for h in header]
    copy = tmp_path / name
    copy.write_text("\n".join([",".join(renamed), *lines[1:]]) + "\n", encoding="utf-8")
    result = read(kind, copy)
    assert result.year == year
    assert read(kind, source).year == year


def test_year_argument_overrides_and_unknown_year_fails(tmp_path: Path) -> None:
    result = read("ks2", LA / "2016-850-ks2.csv", 2020)
    assert result.year == 2020
    assert result.notes and "2017" in result.notes[0]
    lines = (LA / "2016-850-ks2.csv").read_text(encoding="utf-8-sig").splitlines()
    header = [f"X{h}" if h.startswith("PTRWM_EXP_1") else h for h in lines[0].split(",")]
    anonymous = tmp_path / "hampshire_ks2.csv"
    anonymous.write_text("\n".join([",".join(header), *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="--year"):
        read("ks2", anonymous)


# ---------------------------------------------------------------------------------------------
# Bad input


def ks2_text() -> str:
    return (LA / "2016-936-ks2.csv").read_text(encoding="utf-8-sig")


def test_truncated_mid_row(tmp_path: Path) -> None:
    text = ks2_text()
    lines = text.splitlines()
    cut = lines[-1][: len(lines[-1]) // 3]
    path = tmp_path / "2016-936-ks2.csv"
    path.write_text("\n".join([*lines[:-1], cut]), encoding="utf-8")
    with pytest.raises(SourceError, match="truncated") as error:
        read("ks2", path)
    assert error.value.row == len(lines)


def test_short_last_row_of_real_file_is_whole() -> None:
    # 2017-2018_850_ks4final.csv really ends with a 495-field row (no P8_BANDING) and no newline
    assert read("ks4", LA / "2017-2018_850_ks4final.csv").rows_read == 124


def _ks2_with(tmp_path: Path, cells: dict[int, str]) -> tuple[Path, list[str]]:
    """The real KS2 slice with PTRWM_EXP replaced on the given lines (0 = header) by other text."""
    lines = ks2_text().splitlines()
    header = lines[0].split(",")
    column = header.index("PTRWM_EXP")
    urns = []
    for line, text in cells.items():
        fields = lines[line].split(",")
        assert len(fields) == len(header)  # no quoted commas on this row
        fields[column] = text
        urns.append(fields[header.index("URN")])
        lines[line] = ",".join(fields)
    path = tmp_path / "2016-936-ks2.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, urns


def test_an_odd_cell_is_kept_as_no_figure_and_counted(tmp_path: Path) -> None:
    path, (urn,) = _ks2_with(tmp_path, {5: "lots"})
    result = read("ks2", path)
    cell = result.tables["school_measures"].filter(
        (pl.col("urn") == int(urn)) & (pl.col("source_column") == "PTRWM_EXP")
    )
    assert cell.select("value", "missing").row(0) == (None, "unreadable")
    assert "column 'PTRWM_EXP': 1 cell(s) that could not be read" in " ".join(result.notes)
    assert "row 6: 'lots'" in " ".join(result.notes)
    assert read("ks2", LA / "2016-936-ks2.csv").rows_read == result.rows_read  # no row is lost


def test_a_column_of_words_refuses_the_file_naming_row_and_column(tmp_path: Path) -> None:
    lines = ks2_text().splitlines()
    width = len(lines[0].split(","))
    whole = [i for i, line in enumerate(lines) if i and len(line.split(",")) == width]
    assert len(whole) > len(lines) // 10
    path, _ = _ks2_with(tmp_path, {line: "lots" for line in whole[: len(lines) // 10]})
    with pytest.raises(SourceError, match="not the column it seems to be") as error:
        read("ks2", path)
    assert (error.value.row, error.value.column) == (whole[0] + 1, "PTRWM_EXP")


def test_formula_injection(tmp_path: Path) -> None:
    text = (FIXTURES / "england_school_information_handmade.csv").read_text()
    path = tmp_path / "info.csv"
    path.write_text(text.replace("Example Primary School", '"=HYPERLINK(""http://x"",""y"")"'))
    with pytest.raises(SourceError, match="formula") as error:
        read("school_information", path)
    assert (error.value.row, error.value.column) == (3, "SCHNAME")


def test_huge_field(tmp_path: Path) -> None:
    text = (FIXTURES / "england_school_information_handmade.csv").read_text()
    path = tmp_path / "info.csv"
    path.write_text(text.replace("Example Street", "x" * 20_000))
    with pytest.raises(SourceError, match="characters") as error:
        read("school_information", path)
    assert (error.value.row, error.value.column) == (3, "STREET")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "england_census.csv"
    path.write_text("")
    with pytest.raises(SourceError, match="empty"):
        read("census", path, 2019)


def test_utf16_file_cut_mid_row_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "england_abs.csv"
    path.write_bytes((NATIONAL / "england_abs.csv").read_text(encoding="utf-8-sig")[:2000].encode("utf-16"))
    with pytest.raises(SourceError, match="truncated"):
        read("absence", path, 2019)


def test_invalid_bytes(tmp_path: Path) -> None:
    path = tmp_path / "england_abs.csv"
    data = (NATIONAL / "england_abs.csv").read_bytes()[:5000]
    path.write_bytes(data[: data.rfind(b"\n") + 1] + b"331,2000,103638,\x81\x8d,1\n")
    with pytest.raises(SourceError) as error:
        read("absence", path, 2019)
    assert error.value.row is not None


def test_semicolon_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "england_abs.csv"
    path.write_text("LA;ESTAB;URN;PERCTOT;PPERSABS10\n201;3614;100000;2,6;3,4\n")
    assert kinds_of(path) == []
    with pytest.raises(SourceError, match="semicolons") as error:
        read("absence", path, 2019)
    assert error.value.row == 1


def test_wrong_file(tmp_path: Path) -> None:
    path = NATIONAL / "england_census.csv"
    with pytest.raises(SourceError) as error:
        read("ks2", path)
    assert error.value.row == 1


def test_row_without_urn_is_the_las_total(tmp_path: Path) -> None:
    """An LA code and no URN: an LA download's total row, skipped as such, not a broken school."""
    path = tmp_path / "england_abs.csv"
    path.write_text("LA,ESTAB,URN,PERCTOT,PPERSABS10\n201,3614,100000,2.6,3.4\n201,3615,,2.6,3.4\n")
    result = read("absence", path, 2019)
    assert [(s.row, s.kind, s.failed) for s in result.skipped] == [(3, "LA total row", False)]


def test_urn_that_is_no_number_is_a_skipped_row(tmp_path: Path) -> None:
    rows = "".join(f"201,{3600 + i},{100000 + i},2.6,3.4\n" for i in range(30))
    path = tmp_path / "england_abs.csv"
    path.write_text("LA,ESTAB,URN,PERCTOT,PPERSABS10\n" + rows + "201,3615,10O001,2.6,3.4\n")
    result = read("absence", path, 2019)
    assert [(s.row, s.column, s.kind) for s in result.skipped] == [(32, "URN", "URN not a number")]
    assert result.tables[frames.SCHOOL_MEASURES]["urn"].n_unique() == 30
    path.write_text("LA,ESTAB,URN,PERCTOT,PPERSABS10\n" + rows + "201,3615,10O001,2.6,3.4\n" * 2)
    with pytest.raises(SourceError) as error:  # 2 of 32 rows: more than 5%
        read("absence", path, 2019)
    assert (error.value.row, error.value.column) == (32, "URN")


def test_duplicate_urn(tmp_path: Path) -> None:
    path = tmp_path / "england_abs.csv"
    path.write_text("LA,ESTAB,URN,PERCTOT,PPERSABS10\n201,3614,100000,2.6,3.4\n201,3614,100000,2.7,3.4\n")
    with pytest.raises(SourceError, match="more than once") as error:
        read("absence", path, 2019)
    assert error.value.row == 3


def test_unknown_column_reported(tmp_path: Path) -> None:
    path = tmp_path / "england_abs.csv"
    path.write_text("LA,ESTAB,URN,PERCTOT,PPERSABS10,NEWTHING\n201,3614,100000,2.6,3.4,7\n")
    assert read("absence", path, 2019).unknown_columns == ["NEWTHING"]


def test_unknown_region(tmp_path: Path) -> None:
    path = tmp_path / "la_and_region_codes_meta.csv"
    path.write_text(
        "LEA,LA Name,REGION,REGION NAME\n841,Darlington,1,North East A\n999,Nowhere,99,Atlantis\n"
    )
    with pytest.raises(SourceError) as error:
        read("la_codes", path)
    assert (error.value.row, error.value.column) == (3, "REGION NAME")


# ---------------------------------------------------------------------------------------------
# Mangled input: a ReadResult or a SourceError, never anything else

SAMPLES = {
    "ks2": (LA / "2016-936-ks2.csv", 40_000),
    "census": (NATIONAL / "england_census.csv", 20_000),
    "la_codes": (NATIONAL / "la_and_region_codes_meta.csv", None),
}


@functools.cache
def _sample(kind: str) -> bytes:
    """The start of a real file, read on first use (not at import, so the module loads without it)."""
    path, size = SAMPLES[kind]
    return path.read_bytes()[:size]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    cut=st.integers(min_value=0, max_value=40_000),
    junk=st.binary(max_size=40),
    at=st.integers(min_value=0, max_value=40_000),
)
def test_mangled_input(tmp_path: Path, kind: str, cut: int, junk: bytes, at: int) -> None:
    data = _sample(kind)[:cut]
    at = min(at, len(data))
    path = tmp_path / "mangled.csv"
    path.write_bytes(data[:at] + junk + data[at:])
    try:
        result = read(kind, path, 2019)
    except SourceError:
        return
    assert isinstance(result, ReadResult)


def test_a_name_that_lost_its_quotes_is_refused_not_shifted(tmp_path: Path) -> None:
    # Line 21 of the real file is URN 115868, Burghclere Primary School, written without quotes.
    path = tmp_path / "2018-850-ks2.csv"
    data = (LA / "2018-850-ks2.csv").read_bytes()
    path.write_bytes(data.replace(b",Burghclere Primary School,", b",Burghclere Primary School, Annexe,", 1))
    with pytest.raises(SourceError) as caught:
        read("ks2", path)
    assert caught.value.row == 21
    assert "more fields than the header" in caught.value.message


# ---------------------------------------------------------------------------------------------
# Cohort context in the old layouts: the same measures as the EES school information files


def _raw_row(path: Path, urn: str) -> dict[str, str]:
    import csv

    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(r for r in csv.DictReader(handle) if r["URN"] == urn)


def test_ks2_prior_attainment_is_tks1average() -> None:
    path = LA / "2018-850-ks2.csv"
    result = read("ks2", path)
    raw = _raw_row(path, "115868")  # Burghclere Primary School
    assert school_value(result, 115868, "ks2_prior_attainment") == (float(raw["TKS1AVERAGE"]), None)


def test_ks4_prior_attainment_bands_and_gaps() -> None:
    path = LA / "2017-2018_850_ks4final.csv"
    result = read("ks4", path)
    raw = _raw_row(path, "137315")
    assert raw["KS2APS"] == "27.7"  # points from levels: its own measure, not the scaled-score one
    assert school_value(result, 137315, "ks4_prior_attainment_aps") == (27.7, None)
    assert (
        not result.tables[frames.SCHOOL_MEASURES].filter(pl.col("measure") == "ks4_prior_attainment").height
    )
    for column, measure in (
        ("PTPRIORLO", "ks4_prior_low_pct"),
        ("PTPRIORAV", "ks4_prior_average_pct"),
        ("PTPRIORHI", "ks4_prior_high_pct"),
        ("DIFFN_ATT8", "attainment8_disadvantaged_gap"),
        ("DIFFN_P8MEA", "progress8_disadvantaged_gap"),
    ):
        assert school_value(result, 137315, measure) == (float(raw[column].rstrip("%")), None), column
    assert school_value(result, 137315, "attainment8_disadvantaged_gap") == (-13.7, None)


# ---------------------------------------------------------------------------------------------
# LA downloads of every kind: their LA and England total rows load or are skipped as such

LA_DOWNLOADS = FIXTURES / "la_downloads"


@pytest.mark.parametrize("path", sorted(LA.glob("*.csv")), ids=lambda p: p.name)
def test_real_la_downloads_load_with_their_totals(path: Path) -> None:
    """Every real Hampshire/Surrey KS2 and KS4 download: the LA row and England's state-funded row
    become area measures, England's all-schools row is skipped as an England total."""
    result = read(kinds_of(path)[0], path)
    la = path.name.split("-")[1] if "ks2" in path.name else path.name.split("_")[1]
    areas = result.tables[frames.AREA_MEASURES]
    assert set(areas["area_code"].unique()) == {la, "E92000001"}
    assert [s.kind for s in result.skipped] == ["England total row (all schools)"]
    assert not any(s.failed for s in result.skipped)


def test_hampshire_ks2_la_row_is_an_area_measure() -> None:
    """2018-850-ks2.csv, RECTYPE 3 row (Hampshire): PTRWM_EXP 68% by hand from the file."""
    result = read("ks2", LA / "2018-850-ks2.csv")
    assert area_value(result, "la", "850", "ks2_rwm_expected") == (68.0, None)


@pytest.mark.parametrize(
    ("name", "kind", "measures"),
    [
        ("850_census.csv", "census", 15),  # 3 schools x 5 measures (SUPP kept as a missing figure)
        ("850_abs.csv", "absence", 6),  # 3 schools x 2
        ("850_school_information.csv", "school_information", 0),
        ("2013-2014_850_spine.csv", "school_information", 0),
    ],
)
def test_hand_made_la_downloads_skip_their_total_rows(name: str, kind: str, measures: int) -> None:
    path = LA_DOWNLOADS / name
    assert kinds_of(path) == [kind]
    result = read(kind, path, 2019)
    assert [(s.row, s.kind) for s in result.skipped] == [(5, "LA total row"), (6, "England total row")]
    assert not any(s.failed for s in result.skipped)
    assert result.rows_read == 5
    schools = result.tables[frames.SCHOOL_MEASURES]
    assert schools.height == measures
    if kind == "absence":
        assert school_value(result, 115852, "overall_absence_pct") == (4.2, None)
        assert school_value(result, 115853, "persistent_absence_pct") == (None, "SUPP")


# ---------------------------------------------------------------------------------------------
# Next year's file: columns shuffled, one renamed, extra ones, a later year's rows appended


def _a_new_school(urn: str) -> Callable[[list[dict[str, str]]], list[dict[str, str]]]:
    """The first school row again as a school that opens next year (a new URN and establishment)."""

    def append(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**rows[0], "URN": urn, "ESTAB": "2999"}]

    return append


@pytest.mark.parametrize(
    ("kind", "path", "year", "renamed", "measure"),
    [
        ("ks2", LA / "2018-850-ks2.csv", None, "READPROG", "ks2_reading_progress"),
        ("ks4", LA / "2017-2018_936_ks4final.csv", None, "P8MEA", "progress8"),
        ("census", NATIONAL / "england_census.csv", 2019, "PNUMEAL", "eal_pct"),
        ("absence", NATIONAL / "england_abs.csv", 2018, "PPERSABS10", "persistent_absence_pct"),
    ],
    ids=["ks2", "ks4", "census", "absence"],
)
def test_next_years_file(
    kind: str, path: Path, year: int | None, renamed: str, measure: str, tmp_path: Path
) -> None:
    original = read(kind, path, year)
    changed = next_years_csv(
        path,
        tmp_path / path.name,
        rename={renamed: f"{renamed}_NEW"},
        extra={"NEWFIGURE_2025": "7"},
        append=_a_new_school("999001"),
    )
    result = read(kind, changed, year)
    assert {f"{renamed}_NEW", "NEWFIGURE_2025"} <= set(result.unknown_columns)
    assert set(result.unknown_columns) - set(original.unknown_columns) == {f"{renamed}_NEW", "NEWFIGURE_2025"}
    before = original.tables[frames.SCHOOL_MEASURES]
    after = result.tables[frames.SCHOOL_MEASURES]
    assert same_rows(after.filter(pl.col("urn") != 999001), before.filter(pl.col("measure") != measure))
    first = before.filter(pl.col("urn") == before["urn"][0])
    new = after.filter(pl.col("urn") == 999001)
    assert sorted(new["measure"]) == sorted(first.filter(pl.col("measure") != measure)["measure"])
    assert result.rows_read == original.rows_read + 1
    assert [s.kind for s in result.skipped] == [s.kind for s in original.skipped]
    if frames.AREA_MEASURES in original.tables:
        areas = original.tables[frames.AREA_MEASURES].filter(pl.col("measure") != measure)
        assert same_rows(result.tables[frames.AREA_MEASURES], areas)


def test_next_years_school_information(tmp_path: Path) -> None:
    path = FIXTURES / "england_school_information_handmade.csv"
    original = read("school_information", path)
    changed = next_years_csv(
        path,
        tmp_path / path.name,
        rename={"RELCHAR": "RELIGIOUS_CHARACTER"},
        extra={"NEWTHING": "1"},
        append=_a_new_school("999001"),
    )
    result = read("school_information", changed)
    assert set(result.unknown_columns) == {"RELIGIOUS_CHARACTER", "NEWTHING"}
    assert result.rows_read == original.rows_read + 1 and not result.skipped
    renamed_required = next_years_csv(path, tmp_path / "again.csv", rename={"URN": "SCHOOL_URN"})
    with pytest.raises(SourceError, match="no header row") as error:  # without URN it is no longer one
        read("school_information", renamed_required)
    assert error.value.row == 1
