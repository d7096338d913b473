"""The Explore Education Statistics reader against the real EES files in ../shared/data (section 6 of
its SOURCES.md) and the hand-made fixtures in tests/data/performance (whose README says how each was
made). Expected values are read from the raw CSV with the csv module inside each test, or are the
fixture's own cells, read by eye."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared import SHARED_DATA, needs_shared

from peerlift.domain.measures import MEASURES
from peerlift.sources import ees_columns, frames, registry
from peerlift.sources.base import ReadResult, SourceError, head_of
from peerlift.sources.ees import EesReader, period_year

TABLES = SHARED_DATA / "performance_tables"
SCHOOL_INFO = TABLES / "ees_ks4_2023-24" / "ks4_school_info_2024_first_1000_rows.csv"
RURALITY = TABLES / "ees_ks4_2024-25_national_regional" / "ks4_rurality_idaci_202425_provisional.csv"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "performance"
KS4_PERFORMANCE = FIXTURES / "202324_performance_tables_schools_handmade.csv"
KS2_BY_SUBJECT = FIXTURES / "202425_ks2_school_by_subject_handmade.csv"

EES = EesReader()


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def school(result: ReadResult, urn: int, measure: str, year: int | None = None) -> dict[str, object]:
    frame = result.tables[frames.SCHOOL_MEASURES].filter(
        (pl.col("urn") == urn) & (pl.col("measure") == measure)
    )
    if year is not None:
        frame = frame.filter(pl.col("year") == year)
    assert frame.height == 1, (urn, measure, frame)
    return frame.row(0, named=True)


def area(result: ReadResult, area_type: str, code: str, measure: str, year: int) -> dict[str, object]:
    frame = result.tables[frames.AREA_MEASURES].filter(
        (pl.col("area_type") == area_type)
        & (pl.col("area_code") == code)
        & (pl.col("measure") == measure)
        & (pl.col("year") == year)
    )
    assert frame.height == 1, (area_type, code, measure, year, frame)
    return frame.row(0, named=True)


def figure(row: dict[str, object]) -> tuple[object, object, object]:
    return row["value"], row["missing"], row["text"]


def expected(cell: str, complement: bool = False, text: bool = False) -> tuple[object, object, object]:
    """What a published cell should become, worked out from the cell itself."""
    if cell in {"c", "x", "z", "low", "u"}:
        return None, cell, None
    if cell == "":
        return None, "blank", None
    if text:
        return None, None, cell
    return (round(100 - float(cell), 6) if complement else float(cell)), None, None


# ---------------------------------------------------------------------------------------------
# Recognition


@needs_shared
@pytest.mark.parametrize(
    "path", [SCHOOL_INFO, RURALITY, KS4_PERFORMANCE, KS2_BY_SUBJECT], ids=lambda p: p.name
)
def test_each_ees_file_is_recognised_by_the_ees_reader_only(path: Path) -> None:
    head = head_of(path)
    assert [r.kind for r in registry.readers() if r.sniff(head)] == ["ees_tidy"]


def test_period_year_is_the_one_year_grammar() -> None:
    assert (period_year("202324"), period_year("201819"), period_year(" 199900 ")) == (2024, 2019, 2000)
    # the shared year grammar: other spellings of a year are years too; what is none, is not
    assert [period_year(t) for t in ("2023-24", "2024", "2023/24 (provisional)")] == [2024, 2024, 2024]
    assert [period_year(t) for t in ("202325", "", "20232", "0")] == [None] * 4


# ---------------------------------------------------------------------------------------------
# KS4 school information 2023/24 (real slice: header and first 1,000 rows)


@pytest.fixture(scope="module")
def school_info() -> ReadResult:
    return EES.read(SCHOOL_INFO)


@needs_shared
def test_school_information_loads_every_row(school_info: ReadResult) -> None:
    assert (school_info.rows_read, school_info.skipped, school_info.unknown_columns) == (1000, [], [])
    assert school_info.year == 2024
    assert school_info.notes[0] == "layout ks4_school_information"
    measures = school_info.tables[frames.SCHOOL_MEASURES]
    assert measures.height == 1000 * 13  # one row per school and mapped column
    assert school_info.tables[frames.AREA_MEASURES].is_empty()


@needs_shared
@pytest.mark.parametrize("urn", ["137181", "100544", "100049"])
def test_school_information_named_schools_match_the_file(school_info: ReadResult, urn: str) -> None:
    """The UCL Academy (figures), David Game College (independent: all 'z'), and the next school."""
    raw = next(r for r in raw_rows(SCHOOL_INFO) if r["school_urn"] == urn)
    layout = next(x for x in ees_columns.EES_LAYOUTS if x.name == "ks4_school_information")
    for spec in layout.columns:
        row = school(school_info, int(urn), spec.measure, 2024)
        assert figure(row) == expected(raw[spec.column], spec.complement, spec.text), spec
        assert row["source_column"] == spec.column


@needs_shared
def test_school_information_cohort_context_of_the_ucl_academy(school_info: ReadResult) -> None:
    """Figures read by eye from the file's row for URN 137181."""
    assert school(school_info, 137181, "ks4_prior_attainment")["value"] == 105.1
    assert school(school_info, 137181, "ks4_mobile_pct")["value"] == 5.8  # 100 - pt_not_mobile 94.2
    assert school(school_info, 137181, "attainment8_disadvantaged_gap")["value"] == -7.7
    assert school(school_info, 137181, "progress8_disadvantaged_gap")["value"] == -0.71
    band = school(school_info, 137181, "progress8_band")
    assert (band["value"], band["missing"], band["text"]) == (None, None, "Average")
    assert figure(school(school_info, 100544, "progress8_band")) == (None, "z", None)


@needs_shared
def test_school_information_markers_are_typed(school_info: ReadResult) -> None:
    """Every c and z in a mapped column is a typed missing value, counted in the file. (The slice has
    no 'x' anywhere: the hand-made performance fixture covers it.)"""
    rows = raw_rows(SCHOOL_INFO)
    in_file = {m: sum(r[c] == m for r in rows for c in _mapped()) for m in ("c", "x", "z")}
    assert in_file == {"c": 237, "x": 0, "z": 3881}
    in_file.pop("x")
    counts = dict(school_info.tables[frames.SCHOOL_MEASURES].group_by("missing").len().iter_rows())
    assert {m: counts.get(m, 0) for m in in_file} == in_file
    for marker in in_file:
        raw, column = next((r, c) for r in rows for c in _mapped() if r[c] == marker)
        row = school(school_info, int(raw["school_urn"]), _mapped()[column])
        assert (row["value"], row["missing"], row["text"]) == (None, marker, None)


def _mapped() -> dict[str, str]:
    layout = next(x for x in ees_columns.EES_LAYOUTS if x.name == "ks4_school_information")
    return {c.column: c.measure for c in layout.columns}


def test_every_mapped_measure_is_defined() -> None:
    for layout in ees_columns.EES_LAYOUTS:
        for spec in layout.columns:
            assert spec.measure in MEASURES, spec
    assert "80 to 120" in MEASURES["ks4_prior_attainment"].scale
    assert "level 4 = 27" in MEASURES["ks4_prior_attainment_aps"].scale
    assert MEASURES["progress8_band"].unit == "band"


# ---------------------------------------------------------------------------------------------
# KS4 2024/25 by rurality and IDACI: national and regional, versions, bases, breakdowns


@pytest.fixture(scope="module")
def rurality() -> ReadResult:
    return EES.read(RURALITY)


def _headline(rows: list[dict[str, str]], level: str, region: str, period: str, basis: str) -> dict[str, str]:
    found = [
        r
        for r in rows
        if (
            r["geographic_level"],
            r["region_code"],
            r["time_period"],
            r["geography_basis"],
            r["breakdown_topic"],
        )
        == (level, region, period, basis, "Total")
    ]
    assert len(found) == 1
    return found[0]


@needs_shared
def test_rurality_file_loads_one_headline_per_area_and_year(rurality: ReadResult) -> None:
    rows = raw_rows(RURALITY)
    assert rurality.rows_read == len(rows) == 4385
    assert rurality.unknown_columns == []
    assert rurality.year is None  # seven years, 2018/19 to 2024/25
    areas = {(r["geographic_level"], r["region_code"]) for r in rows}
    periods = {r["time_period"] for r in rows}
    assert (len(areas), len(periods)) == (12, 7)  # England, 9 regions, Inner and Outer London
    measures = rurality.tables[frames.AREA_MEASURES]
    assert measures.height == 12 * 7 * 10  # ten mapped columns
    assert len(rurality.skipped) == 4385 - 12 * 7
    residency = [s for s in rurality.skipped if s.reason.startswith("figures by Pupil residency")]
    assert len(residency) == 12 * 7  # the headline rows by pupil residency
    assert {s.reason for s in rurality.skipped if "idaci" in s.reason}.issuperset(
        {"breakdown by idaci decile: 0-10%", "breakdown by idaci decile: 90-100%"}
    )


@needs_shared
def test_rurality_headline_is_by_school_location(rurality: ReadResult) -> None:
    rows = raw_rows(RURALITY)
    # A region and year where the two bases differ, found in the file, not assumed.
    pairs = [
        (_headline(rows, "Regional", r["region_code"], r["time_period"], "School location"), r)
        for r in rows
        if r["geographic_level"] == "Regional"
        and r["breakdown_topic"] == "Total"
        and r["geography_basis"] == "Pupil residency"
    ]
    school_loc, residency = next(
        (s, p) for s, p in pairs if s["attainment8_average"] != p["attainment8_average"]
    )
    year = period_year(school_loc["time_period"])
    assert year is not None
    got = area(rurality, "region", school_loc["region_code"], "attainment8", year)
    assert got["value"] == float(school_loc["attainment8_average"]) != float(residency["attainment8_average"])
    assert got["area_name"] == school_loc["region_name"]


@needs_shared
def test_rurality_england_2024_25_provisional(rurality: ReadResult) -> None:
    raw = _headline(raw_rows(RURALITY), "National", "", "202425", "School location")
    assert raw["version"] == "Provisional"
    assert figure(area(rurality, "england", "E92000001", "attainment8", 2025)) == expected(
        raw["attainment8_average"]
    )
    assert figure(area(rurality, "england", "E92000001", "basics_94_pct", 2025)) == expected(
        raw["engmath_94_percent"]
    )
    assert raw["progress8_average"] == "z"  # no Progress 8 for 2024/25
    assert figure(area(rurality, "england", "E92000001", "progress8", 2025)) == (None, "z", None)
    london = _headline(raw_rows(RURALITY), "Regional", "E12000007", "201819", "School location")
    assert figure(area(rurality, "region", "E12000007", "progress8", 2019)) == expected(
        london["progress8_average"]
    )


@needs_shared
def test_a_later_version_is_the_headline_and_the_earlier_kept(tmp_path: Path) -> None:
    """The file as a later release might give it: 2024/25 again as Revised, with other figures."""
    import json

    rows = raw_rows(RURALITY)
    header = list(rows[0])
    revised = []
    for row in rows:
        if row["time_period"] == "202425" and row["breakdown_topic"] == "Total":
            copy = dict(row, version="Revised")
            copy["attainment8_average"] = f"{float(row['attainment8_average']) + 0.3:.1f}"
            revised.append(copy)
    path = write_rows(tmp_path / "ks4_rurality_revised.csv", header, [*revised, *rows])
    result = EES.read(path)
    provisional = _headline(rows, "National", "", "202425", "School location")
    got = area(result, "england", "E92000001", "attainment8", 2025)
    assert (got["value"], got["status"]) == (
        round(float(provisional["attainment8_average"]) + 0.3, 1),
        "revised",
    )
    assert json.loads(str(got["kept"])) == [
        {
            "status": "provisional",
            "value": float(provisional["attainment8_average"]),
            "missing": None,
            "source_column": "attainment8_average",
        }
    ]
    assert any("more than one version" in note for note in result.notes)
    assert len(result.skipped) == 4301 + 12  # the added rows by pupil residency
    older = area(result, "england", "E92000001", "attainment8", 2024)
    assert (older["status"], older["kept"]) == ("final", None)


@needs_shared
def test_a_bad_time_period_row_is_skipped_and_counted(tmp_path: Path) -> None:
    rows = raw_rows(SCHOOL_INFO)
    rows[9] = dict(rows[9], time_period="0")  # spreadsheet row 11
    path = write_rows(tmp_path / "ks4_school_info.csv", list(rows[0]), rows)
    result = EES.read(path)
    assert [(s.row, s.reason, s.counted_as, s.column) for s in result.skipped] == [
        (11, "time_period '0' is not a year", "time_period '0'", "time_period")
    ]
    assert result.tables[frames.SCHOOL_MEASURES].height == 999 * 13


# ---------------------------------------------------------------------------------------------
# KS4 performance 2023/24, school level (hand-made on the real header: see the fixture's README)


@pytest.fixture(scope="module")
def performance() -> ReadResult:
    return EES.read(KS4_PERFORMANCE)


def test_performance_fixture_has_the_published_header() -> None:
    header = next(csv.reader(KS4_PERFORMANCE.open(newline="")))
    assert len(header) == 50
    assert header[:5] == [
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
    ]
    assert header[-4:] == ["t_p8mat", "avg_p8mat", "p8mat_ci_low", "p8mat_ci_upp"]


def test_performance_headline_groups_and_skips(performance: ReadResult) -> None:
    assert performance.year == 2024
    assert (performance.rows_read, performance.unknown_columns) == (10, [])
    assert [(s.row, s.reason) for s in performance.skipped] == [
        (3, "figures for one type of school only, not all state-funded schools: Academies"),
        (8, "breakdown: Boys"),
    ]
    assert figure(school(performance, 136000, "attainment8")) == (47.3, None, None)
    assert figure(school(performance, 136000, "progress8")) == (0.21, None, None)
    assert figure(school(performance, 136000, "progress8_pupils")) == (205.0, None, None)
    assert figure(school(performance, 136000, "attainment8_disadvantaged")) == (39.8, None, None)
    assert figure(school(performance, 136000, "progress8_not_disadvantaged")) == (0.44, None, None)
    assert figure(area(performance, "england", "E92000001", "attainment8", 2024)) == (45.9, None, None)
    assert figure(area(performance, "la", "331", "basics_94_pct", 2024)) == (61.2, None, None)
    assert area(performance, "la", "331", "attainment8", 2024)["area_name"] == "Coventry"


def test_performance_every_marker_is_a_typed_missing_value(performance: ReadResult) -> None:
    assert figure(school(performance, 136001, "attainment8")) == (None, "c", None)
    assert figure(school(performance, 136001, "progress8")) == (None, "z", None)
    assert figure(school(performance, 136002, "ks4_pupils")) == (None, "x", None)
    assert figure(school(performance, 136003, "attainment8")) == (None, "u", None)
    assert figure(school(performance, 136003, "progress8")) == (None, "low", None)
    assert figure(school(performance, 136003, "progress8_lower_ci")) == (None, "blank", None)
    assert figure(school(performance, 136003, "basics_95_pct")) == (0.0, None, None)  # a real 0
    assert figure(school(performance, 136000, "basics_95_pct")) == (49.5, None, None)


def test_ks2_by_subject_fixture() -> None:
    result = EES.read(KS2_BY_SUBJECT)
    assert result.year == 2025
    assert figure(school(result, 103638, "ks2_rwm_expected")) == (64.0, None, None)
    assert figure(school(result, 103638, "ks2_reading_progress")) == (1.2, None, None)
    assert figure(school(result, 103638, "ks2_writing_progress")) == (None, "low", None)
    assert figure(school(result, 103638, "ks2_maths_average")) == (104.0, None, None)
    assert figure(school(result, 103638, "ks2_rwm_expected_disadvantaged")) == (None, "c", None)
    assert figure(area(result, "la", "331", "ks2_rwm_expected", 2025)) == (59.0, None, None)
    assert figure(area(result, "region", "E12000005", "ks2_rwm_expected", 2025)) == (60.0, None, None)
    assert figure(area(result, "england", "E92000001", "ks2_rwm_high", 2025)) == (8.0, None, None)
    assert {s.row for s in result.skipped} == {7, 9}  # 3-year average; parliamentary constituency


# ---------------------------------------------------------------------------------------------
# Bad input


def test_year_override_and_bad_period(tmp_path: Path) -> None:
    assert EES.read(KS4_PERFORMANCE, 2030).tables[frames.SCHOOL_MEASURES]["year"].unique().to_list() == [2030]
    bad = tmp_path / "ees.csv"
    text = KS4_PERFORMANCE.read_text()
    bad.write_text(text.replace('"202324","Academic year","School"', '"20232","Academic year","School"', 1))
    with pytest.raises(SourceError) as error:  # 1 of 10 rows cannot be placed: more than 5%
        EES.read(bad)
    assert (error.value.row, error.value.column) == (5, "time_period")
    assert "time_period '20232' is not a year" in error.value.message


def test_two_rows_for_one_figure_are_refused_with_both_rows(tmp_path: Path) -> None:
    lines = KS4_PERFORMANCE.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[4]]) + "\n")  # the first school row again
    with pytest.raises(SourceError) as error:
        EES.read(path)
    assert error.value.row == 12
    assert "rows 5 and 12" in error.value.message


def test_two_rows_for_one_figure_in_a_file_without_versions(tmp_path: Path) -> None:
    lines = KS2_BY_SUBJECT.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[2]]) + "\n")  # the school's Reading row again
    with pytest.raises(SourceError) as error:
        EES.read(path)
    assert (error.value.row, "rows 3 and 12" in error.value.message) == (12, True)


def test_wrong_file_is_refused() -> None:
    with pytest.raises(SourceError) as error:
        EES.read(FIXTURES / "england_school_information_handmade.csv")
    assert error.value.row == 1


# ---------------------------------------------------------------------------------------------
# Next year's file: columns shuffled, one renamed, others added, a later year's rows appended


@needs_shared
def test_next_years_school_information_file(tmp_path: Path) -> None:
    rows = raw_rows(SCHOOL_INFO)
    header = list(rows[0])
    random.Random(9).shuffle(header)
    renamed = "pt_sen_support"  # was pt_sen_no_ehcp
    later = [dict(r, time_period="202425") for r in rows[:50]]
    for row in [*rows, *later]:
        row[renamed] = row["pt_sen_no_ehcp"]
        row["pt_send_unknown"] = "x"
        row["t_pupils_fsm"] = "12"
    new_header = [renamed if c == "pt_sen_no_ehcp" else c for c in header] + [
        "pt_send_unknown",
        "t_pupils_fsm",
    ]
    path = write_rows(tmp_path / "ks4_school_info_2025.csv", new_header, [*rows, *later])
    assert registry.reader_for(path).kind == "ees_tidy"
    result = EES.read(path)
    assert result.rows_read == 1050
    assert sorted(result.unknown_columns) == ["pt_sen_support", "pt_send_unknown", "t_pupils_fsm"]
    assert result.year is None  # two years now
    measures = result.tables[frames.SCHOOL_MEASURES]
    assert measures.filter(pl.col("measure") == "ks4_sen_support_pct").is_empty()  # renamed: not guessed
    assert measures.filter(pl.col("year") == 2025).height == 50 * 12
    assert measures.filter(pl.col("year") == 2024).height == 1000 * 12
    ucl = next(r for r in rows if r["school_urn"] == "137181")
    assert school(result, 137181, "ks4_prior_attainment", 2024)["value"] == float(ucl["avg_ks2_scaledscore"])
    first = later[0]
    assert figure(school(result, int(first["school_urn"]), "ks4_pupils", 2025)) == expected(first["t_pupils"])


@needs_shared
def test_next_years_rurality_file(tmp_path: Path) -> None:
    rows = raw_rows(RURALITY)
    header = list(rows[0])
    random.Random(4).shuffle(header)
    later = [dict(r, time_period="202526") for r in rows if r["time_period"] == "202425"]
    for row in [*rows, *later]:
        row["attainment8_mean"] = row["attainment8_average"]
        row["school_type_count"] = "1"
    new_header = ["attainment8_mean" if c == "attainment8_average" else c for c in header] + [
        "school_type_count"
    ]
    path = write_rows(tmp_path / "ks4_rurality_202526.csv", new_header, [*rows, *later])
    result = EES.read(path)
    assert result.rows_read == 4385 + len(later)
    assert sorted(result.unknown_columns) == ["attainment8_mean", "school_type_count"]
    measures = result.tables[frames.AREA_MEASURES]
    assert measures.filter(pl.col("measure") == "attainment8").is_empty()
    assert measures.filter(pl.col("year") == 2026).height == 12 * 9
    raw = _headline(rows, "National", "", "202425", "School location")
    assert figure(area(result, "england", "E92000001", "basics_94_pct", 2026)) == expected(
        raw["engmath_94_percent"]
    )


# ---------------------------------------------------------------------------------------------
# Mangled input: a ReadResult or a SourceError, never anything else


@needs_shared
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(["school_info", "rurality", "performance"]),
    cut=st.integers(min_value=0, max_value=30_000),
    junk=st.binary(max_size=40),
    at=st.integers(min_value=0, max_value=30_000),
)
def test_mangled_input(tmp_path: Path, which: str, cut: int, junk: bytes, at: int) -> None:
    source = {"school_info": SCHOOL_INFO, "rurality": RURALITY, "performance": KS4_PERFORMANCE}[which]
    data = source.read_bytes()[:30_000][:cut]
    at = min(at, len(data))
    path = tmp_path / "mangled.csv"
    path.write_bytes(data[:at] + junk + data[at:])
    try:
        result = EES.read(path)
    except SourceError:
        return
    assert isinstance(result, ReadResult)
