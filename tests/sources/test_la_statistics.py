"""The LAIT readers against the real DfE files: long data, data dictionary and LA code list.

Expected values were read out of the files with one-off polars/csv queries, not from the readers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from next_year import next_years_csv, same_rows, shuffled_frame
from shared import SHARED_DATA, needs_shared

from peerlift.sources import frames
from peerlift.sources.base import ReadResult, Skip, SourceError, head_of, skipped_by_reason
from peerlift.sources.la_statistics import (
    READERS,
    LaCodeListReader,
    LaitDictionaryReader,
    LaitReader,
    year_of,
)

pytestmark = needs_shared  # these tests read the real files

LAIT = SHARED_DATA / "la_stats" / "lait_20241115" / "bds_long_0.parquet"
METADATA = SHARED_DATA / "la_stats" / "lait_current_metadata"
DICTIONARY = METADATA / "lait_data_dictionary.csv"
CODE_LIST = METADATA / "la_code_list.xlsx"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "la_stats"
DICTIONARY_SLICE = FIXTURES / "lait_data_dictionary_slice.csv"


@pytest.fixture(scope="module")
def lait() -> ReadResult:
    return LaitReader().read(LAIT)


def _measure(result: ReadResult, area_code: str, measure: str) -> dict[int, tuple[float | None, str | None]]:
    rows = result.tables[frames.AREA_MEASURES].filter(
        (pl.col("area_code") == area_code) & (pl.col("measure") == measure)
    )
    triples = rows.select("year", "value", "missing").iter_rows()
    return {year: (value, missing) for year, value, missing in triples}


# ---------------------------------------------------------------------------------------------
# LAIT long data


def test_lait_reads_every_row(lait: ReadResult) -> None:
    assert lait.rows_read == 531_930
    # KS2GDW_Teacher_Assess is in the file twice over: 1,530 exact repeats are skipped
    assert len(lait.skipped) == 1_530
    assert lait.tables[frames.AREA_MEASURES].height == 530_400
    assert lait.unknown_columns == []
    assert lait.year is None


def test_coventry_ks2_rwm_expected_every_year(lait: ReadResult) -> None:
    assert _measure(lait, "331", "ks2_rwm_expected") == {
        2016: (49.0, None),
        2017: (58.0, None),
        2018: (62.0, None),
        2019: (62.0, None),
        2020: (None, "-"),  # no tests in 2020 and 2021: LAIT writes "-"
        2021: (None, "-"),
        2022: (54.0, None),
        2023: (56.0, None),
        2024: (55.0, None),
    }


def test_coventry_ks4_and_sources(lait: ReadResult) -> None:
    assert _measure(lait, "331", "attainment8")[2023] == (43.8, None)
    assert _measure(lait, "331", "progress8")[2023] == (-0.05, None)
    assert _measure(lait, "331", "basics_94_pct")[2017] == (58.3, None)
    row = (
        lait.tables[frames.AREA_MEASURES]
        .filter(pl.col("area_code") == "331", pl.col("measure") == "attainment8", pl.col("year") == 2023)
        .row(0, named=True)
    )
    assert row["area_type"] == "la"
    assert row["area_name"] == "Coventry"
    assert row["source_column"] == "AVG_Attain8_Score"


def test_regions_and_england(lait: ReadResult) -> None:
    assert _measure(lait, "E92000001", "ks2_rwm_expected")[2024] == (60.0, None)
    assert _measure(lait, "E12000005", "ks2_rwm_expected")[2024] == (59.0, None)  # West Midlands (984)
    assert _measure(lait, "E13000001", "ks2_rwm_expected")[2024] == (68.0, None)  # "London (Inner)" (987)
    areas = lait.tables[frames.AREA_MEASURES].select("area_type", "area_code").unique()
    assert areas.filter(pl.col("area_type") == "england").get_column("area_code").to_list() == ["E92000001"]
    assert areas.filter(pl.col("area_type") == "region").height == 11  # 9 regions + inner and outer London
    assert areas.filter(pl.col("area_type") == "la").height == 158


def test_markers_are_missing_with_reason(lait: ReadResult) -> None:
    # Stockton-on-Tees (808), RefBySource_Schl_% 2023: "c"; Richmond (318) foster places 2024: ".."
    assert _measure(lait, "808", "RefBySource_Schl_%")[2023] == (None, "c")
    assert _measure(lait, "318", "Number_Foster_Places_Filled(New)")[2024] == (None, "x")
    measures = lait.tables[frames.AREA_MEASURES]
    assert measures.filter(pl.col("value").is_null() & pl.col("missing").is_null()).height == 0
    assert measures.filter(pl.col("value").is_not_null() & pl.col("missing").is_not_null()).height == 0
    assert measures.filter(pl.col("missing") == "-").height == 79_536  # 79,929 less 393 in the repeats


def test_year_labels_of_every_form(lait: ReadResult) -> None:
    # hospital admissions for alcohol, three academic years "2020/21-22/23" = 17.23 for Coventry
    assert _measure(lait, "331", "Hosp_Adm_Alc_<18yrs")[2023] == (17.23, None)
    assert _measure(lait, "331", "KS1P_all")[2024] == (78.0, None)  # "2024 (prov)"
    assert min(_measure(lait, "331", "KS2GDW_Teacher_Assess")) == 2016
    assert any("'2015-16 (OT)' -> 2016 (outturn)" in note for note in lait.notes)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2024", (2024, None)),
        ("2023/24", (2024, None)),
        ("2023-24", (2024, None)),
        ("2015-16 (OT)", (2016, "outturn")),
        ("2013-15", (2015, None)),
        ("2012/13-14/15", (2015, None)),
        ("2023(Prov)", (2023, "provisional")),
        ("2018 (Revised)", (2018, "revised")),
        ("1999/00", (2000, None)),
        ("24/25", None),
        ("2019-2030", None),
        ("next year", None),
    ],
)
def test_year_of(label: str, expected: tuple[int, str | None] | None) -> None:
    assert year_of(label) == expected


def test_lait_local_authorities(lait: ReadResult) -> None:
    las = lait.tables[frames.LOCAL_AUTHORITIES]
    assert las.height == 158
    coventry = las.filter(pl.col("la_code") == 331).row(0, named=True)
    assert (coventry["name"], coventry["region"], coventry["region_code"]) == (
        "Coventry",
        "West Midlands",
        "E12000005",
    )
    assert las.filter(pl.col("region_code").is_null()).height == 0


def test_sniffing() -> None:
    assert [r.kind for r in READERS if r.sniff(head_of(LAIT))] == ["lait"]
    assert [r.kind for r in READERS if r.sniff(head_of(DICTIONARY))] == ["lait_dictionary"]
    assert [r.kind for r in READERS if r.sniff(head_of(CODE_LIST))] == ["la_code_list"]


# ---------------------------------------------------------------------------------------------
# LAIT long data: bad input


@pytest.fixture(scope="module")
def slice_frame() -> pl.DataFrame:
    """Coventry's rows of the real file, as LAIT wrote them."""
    return pl.read_parquet(LAIT).filter(pl.col("LA Number") == 331.0)


def _set_cell(frame: pl.DataFrame, index: int, column: str, value: str | None) -> pl.DataFrame:
    """The frame with one cell (0-based record ``index``) changed: record index + 1 is the error's row."""
    cell = pl.lit(value, dtype=frame.schema[column])
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == index).then(cell).otherwise(pl.col(column)).alias(column)
    )


def _write(frame: pl.DataFrame, tmp_path: Path, name: str = "bds_long_0.parquet") -> Path:
    path = tmp_path / name
    frame.write_parquet(path)
    return path


def test_slice_reads(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    result = LaitReader().read(_write(slice_frame, tmp_path))
    assert result.rows_read == slice_frame.height


def test_wrong_columns(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    path = _write(slice_frame.rename({"Values": "Value"}), tmp_path)
    with pytest.raises(SourceError) as error:
        LaitReader().read(path)
    assert error.value.column == "Values"


def test_extra_column_is_reported(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    result = LaitReader().read(_write(slice_frame.with_columns(pl.lit("x").alias("Notes")), tmp_path))
    assert result.unknown_columns == ["Notes"]


def _skipped(result: ReadResult) -> dict[str, tuple[int, list[int]]]:
    """Rows skipped, by reason, leaving out the exact repeats every copy of the real file has."""
    counted = {r["reason"]: (r["count"], r["first_rows"]) for r in skipped_by_reason(result.skipped)}
    return {reason: seen for reason, seen in counted.items() if reason != "exact repeat of an earlier row"}


def test_unknown_marker_is_a_skipped_row(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    bad = _set_cell(slice_frame, 4, "Values", "n/k?")
    result = LaitReader().read(_write(bad, tmp_path))
    (skip,) = [s for s in result.skipped if s.failed]
    assert (skip.row, skip.column) == (5, "Values")
    assert "'n/k?' is neither a number nor a marker" in skip.reason
    repeats = 9  # Coventry's KS2GDW_Teacher_Assess rows, which LAIT writes twice
    assert result.tables[frames.AREA_MEASURES].height == slice_frame.height - repeats - 1


def test_text_nan_is_not_a_number(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    bad = _set_cell(slice_frame, 0, "Values", "NaN")
    result = LaitReader().read(_write(bad, tmp_path))
    assert [(s.row, s.column) for s in result.skipped if s.failed] == [(1, "Values")]


def test_bad_year_label_is_skipped_with_its_reason(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    bad = _set_cell(_set_cell(slice_frame, 9, "Years", "next year"), 12, "Years", "0")
    result = LaitReader().read(_write(bad, tmp_path))
    assert _skipped(result) == {"year 'next year'": (1, [10]), "year '0'": (1, [13])}
    assert {s.column for s in result.skipped if s.failed} == {"Years"}


def test_missing_la_number(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    bad = _set_cell(slice_frame, 2, "LA Number", None)
    result = LaitReader().read(_write(bad, tmp_path))
    assert _skipped(result) == {"no LA number": (1, [3])}


def test_more_than_five_percent_bad_refuses_the_file(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    """3,129 rows: 156 bad rows (4.99%) are skipped, 157 (5.02%) refuse the file, naming the first."""

    def with_bad_years(count: int) -> pl.DataFrame:
        return slice_frame.with_columns(
            pl.when(pl.int_range(pl.len()) >= pl.len() - count)
            .then(pl.lit("0"))
            .otherwise("Years")
            .alias("Years")
        )

    assert slice_frame.height == 3_129
    result = LaitReader().read(_write(with_bad_years(156), tmp_path))
    assert _skipped(result)["year '0'"][0] == 156
    with pytest.raises(SourceError) as error:
        LaitReader().read(_write(with_bad_years(157), tmp_path))
    assert (error.value.row, error.value.column) == (3_129 - 157 + 1, "Years")
    assert "157 of its 3,129 rows cannot be placed" in str(error.value)


def test_contradicting_repeat(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    first = slice_frame.head(1)
    bad = pl.concat([slice_frame, first.with_columns(pl.lit("99").alias("Values"))])
    result = LaitReader().read(_write(bad, tmp_path))
    (skip,) = [s for s in result.skipped if s.failed]
    assert (skip.row, skip.column, skip.kind) == (3_130, "Values", "contradicts an earlier row")
    assert "is '99' here but '" in skip.reason and skip.reason.endswith("in row 1")
    with pytest.raises(SourceError) as error:  # one row of two is more than 5%: refused
        LaitReader().read(
            _write(pl.concat([first, first.with_columns(pl.lit("99").alias("Values"))]), tmp_path)
        )
    assert (error.value.row, error.value.column) == (2, "Values")


def test_a_newer_vintage_loads(tmp_path: Path) -> None:
    """The real file with what newer vintages carry: a year of '0', a revised figure beside the
    unrevised one, an annotation LAIT never wrote before, a range of academic years, an unknown LA."""
    real = pl.read_parquet(LAIT)
    ks2 = (pl.col("Short Desc") == "KS2RWM_Expected_STD") & (pl.col("Years") == "2018")
    zero = real.filter(pl.col("Short Desc").eq("TotAbs") & pl.col("Years").eq("2023")).with_columns(
        pl.lit("0").alias("Years")
    )
    revised = real.filter(ks2).with_columns(
        pl.lit("2018 (Rev)").alias("Years"),
        (pl.col("Values").cast(pl.Float64, strict=False) + 1).cast(pl.String).alias("Values"),
    )
    span = real.filter(pl.col("Short Desc").eq("TotAbs") & pl.col("Years").eq("2019")).with_columns(
        pl.lit("2019/20-2021/22").alias("Years"), pl.lit("TotAbs_3yr").alias("Short Desc")
    )
    nowhere = real.head(5).with_columns(
        pl.lit(1234.0).alias("LA Number"), pl.lit("Nowhere").alias("LA and Regions")
    )
    provisional = pl.col("Years") == "2019-20"
    mangled = pl.concat(
        [
            real.with_columns(
                pl.when(provisional).then(pl.lit("2019-20 (provisional)")).otherwise("Years").alias("Years")
            ),
            zero,
            revised,
            span,
            nowhere,
        ]
    )
    result = LaitReader().read(_write(mangled, tmp_path))
    assert (zero.height, revised.height, span.height) == (170, 170, 170)
    assert result.rows_read == 531_930 + 170 * 3 + 5
    first_zero = 531_930 + 1
    assert _skipped(result)["year '0'"] == (170, list(range(first_zero, first_zero + 10)))
    assert _skipped(result)["unknown LA number '1234'"][0] == 5
    assert len([s for s in result.skipped if s.kind == "exact repeat of an earlier row"]) == 1_530
    measures = result.tables[frames.AREA_MEASURES]
    assert measures.height == 530_400 + 170  # the revised rows replace, the 3-year rows add
    coventry = measures.filter(pl.col("area_code").eq("331")).sort("year")
    rwm = coventry.filter(pl.col("measure").eq("ks2_rwm_expected") & pl.col("year").eq(2018)).row(
        0, named=True
    )
    assert (rwm["value"], rwm["status"]) == (63.0, "revised")  # 62 in the file, + 1 as revised
    assert json.loads(rwm["kept"]) == [
        {"status": None, "value": 62.0, "missing": None, "source_column": "KS2RWM_Expected_STD"}
    ]
    three = coventry.filter(pl.col("measure").eq("TotAbs_3yr")).row(0, named=True)
    assert (three["year"], three["span"], round(three["value"], 5)) == (2022, 3, 4.76564)
    premium = coventry.filter(pl.col("measure").eq("Premium") & pl.col("year").eq(2020)).row(0, named=True)
    assert premium["status"] == "provisional"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bad=st.lists(
        st.tuples(
            st.integers(0, 3_128),
            st.sampled_from([("Years", "0"), ("Years", "20188"), ("LA Number", None), ("Values", "1,2,3")]),
        ),
        max_size=40,
        unique_by=lambda pair: pair[0],
    )
)
def test_mangled_rows_are_counted(
    slice_frame: pl.DataFrame, tmp_path: Path, bad: list[tuple[int, tuple[str, str | None]]]
) -> None:
    """Any few bad cells: each such row is skipped under its column, every other row loads."""
    frame = slice_frame
    for index, (column, value) in bad:
        frame = _set_cell(frame, index, column, value)
    result = LaitReader().read(_write(frame, tmp_path))
    failed = {(s.row, s.column) for s in result.skipped if s.failed}
    assert failed == {(index + 1, column) for index, (column, _) in bad}
    assert result.tables[frames.AREA_MEASURES].height == result.rows_read - len(result.skipped)
    assert result.rows_read == slice_frame.height


def test_parquet_without_rows(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no rows"):
        LaitReader().read(_write(slice_frame.head(0), tmp_path))


def test_numbers_stored_as_numbers(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    """A parquet with a numeric Values column (no markers possible) still reads; nulls are blanks."""
    numeric = slice_frame.with_columns(pl.col("Values").cast(pl.Float64, strict=False))
    result = LaitReader().read(_write(numeric, tmp_path))
    assert _measure(result, "331", "ks2_rwm_expected")[2024] == (55.0, None)
    assert _measure(result, "331", "ks2_rwm_expected")[2020] == (None, "blank")


def test_column_of_lists(slice_frame: pl.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(SourceError) as error:
        LaitReader().read(_write(slice_frame.with_columns(pl.lit([1, 2]).alias("Values")), tmp_path))
    assert error.value.column == "Values"


def test_truncated_parquet(tmp_path: Path) -> None:
    path = tmp_path / "bds_long_0.parquet"
    data = LAIT.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="parquet"):
        LaitReader().read(path)


def test_empty_parquet(tmp_path: Path) -> None:
    path = tmp_path / "bds_long_0.parquet"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        LaitReader().read(path)


def test_csv_named_parquet(tmp_path: Path) -> None:
    path = tmp_path / "bds_long_0.parquet"
    shutil.copy(DICTIONARY_SLICE, path)
    with pytest.raises(SourceError):
        LaitReader().read(path)


# ---------------------------------------------------------------------------------------------
# Data dictionary


def test_dictionary() -> None:
    result = LaitDictionaryReader().read(DICTIONARY)
    definitions = result.tables[frames.MEASURE_DEFINITIONS]
    assert result.rows_read == 448
    assert definitions.height == 434  # 14 codes are defined twice; the first is kept
    assert len(result.skipped) == 14
    assert result.skipped[0] == Skip(355, "SusEd_All is defined again; the definition in row 169 is kept")
    assert result.unknown_columns == []  # every column of the real dictionary is recognised
    ks2 = definitions.filter(pl.col("source_code") == "KS2RWM_Expected_STD").row(0, named=True)
    assert ks2 == {
        "measure": "ks2_rwm_expected",
        "source_code": "KS2RWM_Expected_STD",
        "label": "KS2 % reading, writing and mathematics - Expected standard - All Pupils",
        "topic": "Key Stage 2",
        "polarity": "higher_better",
        "description": ks2["description"],
        "axis": "% achieving expected level",  # the dictionary's y_axis_name, by hand
        "publisher": "DfE",
    }
    assert ks2["description"].startswith("Key stage 2 - covers years 3 to 6 in primary schools.")
    absence = definitions.filter(pl.col("source_code") == "TotAbs").row(0, named=True)
    assert (absence["measure"], absence["polarity"]) == ("overall_absence_pct", "lower_better")
    assert definitions.filter(pl.col("source_code") == "PriFSM").item(0, "polarity") == "neutral"
    assert definitions.filter(pl.col("source_code") == "PreChildDea").item(0, "polarity") == "neutral"  # "-"


def test_dictionary_slice() -> None:
    result = LaitDictionaryReader().read(DICTIONARY_SLICE)
    assert result.tables[frames.MEASURE_DEFINITIONS].get_column("source_code").to_list() == [
        "InfMort",
        "Low_Birth_Weight_Babies",
        "PreChildDea",
        "Under18concep",
        "6wksBreast",
        "KS2RWM_Expected_STD",
        "TotAbs",
        "PriFSM",
    ]


def _replace(tmp_path: Path, old: bytes, new: bytes, name: str = "lait_data_dictionary.csv") -> Path:
    data = DICTIONARY_SLICE.read_bytes()
    assert old in data
    path = tmp_path / name
    path.write_bytes(data.replace(old, new, 1))
    return path


def test_dictionary_formula_cell(tmp_path: Path) -> None:
    formula = b'"=HYPERLINK(""http://evil.example"",""Infant Mortality"")"'
    path = _replace(tmp_path, b'"Infant Mortality"', formula)
    with pytest.raises(SourceError, match="formula") as error:
        LaitDictionaryReader().read(path)
    assert (error.value.row, error.value.column) == (2, "Measure")


def test_dictionary_unknown_polarity(tmp_path: Path) -> None:
    path = _replace(tmp_path, b'"TotAbs","Low"', b'"TotAbs","Sideways"')
    with pytest.raises(SourceError) as error:
        LaitDictionaryReader().read(path)
    assert error.value.column == "Polarity"
    assert error.value.row is not None and error.value.row > 2


def test_dictionary_missing_column(tmp_path: Path) -> None:
    path = _replace(tmp_path, b'"Polarity"', b'"Direction"')
    with pytest.raises(SourceError):
        LaitDictionaryReader().read(path)


def test_dictionary_empty(tmp_path: Path) -> None:
    path = tmp_path / "lait_data_dictionary.csv"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        LaitDictionaryReader().read(path)


def test_dictionary_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "lait_data_dictionary.csv"
    path.write_text('"Measure_code";"Topic";"Measure";"Measure_short";"Polarity"\n"1";"KS2";"x";"y";"High"\n')
    with pytest.raises(SourceError, match="semicolons") as error:
        LaitDictionaryReader().read(path)
    assert error.value.row == 1


def test_dictionary_utf16(tmp_path: Path) -> None:
    path = tmp_path / "lait_data_dictionary.csv"
    path.write_bytes(DICTIONARY_SLICE.read_bytes().decode("utf-8").encode("utf-16"))  # line ends as they are
    as_utf16 = LaitDictionaryReader().read(path).tables
    for table, frame in LaitDictionaryReader().read(DICTIONARY_SLICE).tables.items():
        assert as_utf16[table].equals(frame)


def test_dictionary_truncated_mid_row(tmp_path: Path) -> None:
    data = DICTIONARY_SLICE.read_bytes()
    cut = data.index(b'"TotAbs"') + 20  # inside the TotAbs record
    path = tmp_path / "lait_data_dictionary.csv"
    path.write_bytes(data[:cut])
    with pytest.raises(SourceError) as error:
        LaitDictionaryReader().read(path)
    assert error.value.row is not None


def test_dictionary_huge_field(tmp_path: Path) -> None:
    path = _replace(tmp_path, b'"Infant Mortality"', b'"' + b"A" * 20_000 + b'"')
    with pytest.raises(SourceError) as error:
        LaitDictionaryReader().read(path)
    assert (error.value.row, error.value.column) == (2, "Measure")


_SEED = DICTIONARY_SLICE.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=len(_SEED)),
    position=st.integers(min_value=0, max_value=len(_SEED) - 1),
    junk=st.binary(min_size=0, max_size=8),
)
def test_mangled_dictionary(tmp_path: Path, cut: int, position: int, junk: bytes) -> None:
    """Cut short, with bytes spliced in: a result or a SourceError, never anything else."""
    data = _SEED[:position] + junk + _SEED[position:]
    path = tmp_path / "lait_data_dictionary.csv"
    path.write_bytes(data[:cut])
    try:
        result = LaitDictionaryReader().read(path)
    except SourceError:
        return
    assert set(result.tables) == {frames.MEASURE_DEFINITIONS}


# ---------------------------------------------------------------------------------------------
# LA code list


def test_code_list() -> None:
    result = LaCodeListReader().read(CODE_LIST)
    las = result.tables[frames.LOCAL_AUTHORITIES]
    assert result.rows_read == 171
    assert las.height == 158
    assert len(result.skipped) == 13  # England, 11 regions and "England (discontinued)"
    assert result.skipped[0].row == 160  # 970 England
    coventry = las.filter(pl.col("la_code") == 331).row(0, named=True)
    assert coventry == {
        "la_code": 331,
        "la_gss": None,
        "name": "Coventry",
        "region_code": "E12000005",
        "region": "West Midlands",
        "la_type": "MD",
    }
    camden = las.filter(pl.col("la_code") == 202).row(0, named=True)
    assert (camden["region_code"], camden["la_type"]) == ("E13000001", "ILB")


def test_code_list_truncated(tmp_path: Path) -> None:
    path = tmp_path / "la_code_list.xlsx"
    data = CODE_LIST.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(SourceError, match="workbook"):
        LaCodeListReader().read(path)


def test_code_list_empty(tmp_path: Path) -> None:
    path = tmp_path / "la_code_list.xlsx"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        LaCodeListReader().read(path)


def test_code_list_bad_number(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(CODE_LIST)
    workbook.active["A5"] = "three-three-one"
    path = tmp_path / "la_code_list.xlsx"
    workbook.save(path)
    result = LaCodeListReader().read(path)  # one bad row of 171: skipped, named
    (bad,) = [s for s in result.skipped if s.failed]
    assert (bad.row, bad.column, bad.reason) == (5, "LA Number", "'three-three-one' is not an LA number")
    assert result.tables[frames.LOCAL_AUTHORITIES].height == 157


def test_code_list_wrong_workbook() -> None:
    with pytest.raises(SourceError, match="no sheet"):
        LaCodeListReader().read(METADATA / "sn_april_2021.xlsx")


# ---------------------------------------------------------------------------------------------
# Next year's files: columns shuffled, one renamed, extra ones, a later year's rows appended


def test_next_years_lait(lait: ReadResult, tmp_path: Path) -> None:
    real = pl.read_parquet(LAIT)
    later = real.filter(pl.col("Short Desc").eq("KS2RWM_Expected_STD") & pl.col("Years").eq("2024"))
    later = later.with_columns(pl.lit("2025 (prov)").alias("Years"))
    changed = shuffled_frame(pl.concat([real, later]).rename({"Region": "Region name"})).with_columns(
        pl.lit("note").alias("Notes")
    )
    result = LaitReader().read(_write(changed, tmp_path))
    assert set(result.unknown_columns) == {"Region name", "Notes"}
    before = lait.tables[frames.AREA_MEASURES]
    after = result.tables[frames.AREA_MEASURES]
    new = pl.col("year").eq(2025) & pl.col("measure").eq("ks2_rwm_expected")
    assert same_rows(after.filter(~new), before)
    added = after.filter(new)
    assert added.height == later.height == 170
    assert set(added["status"]) == {"provisional"}
    coventry = added.filter(pl.col("area_code") == "331").row(0, named=True)
    assert (coventry["measure"], coventry["value"]) == ("ks2_rwm_expected", 55.0)  # as 2024's: 55
    las = result.tables[frames.LOCAL_AUTHORITIES]
    assert las.height == 158 and las["region_code"].null_count() == 158  # no Region column: no regions


def test_next_years_dictionary(tmp_path: Path) -> None:
    original = LaitDictionaryReader().read(DICTIONARY)

    def a_new_measure(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**rows[0], "Measure_short": "NEW_2025", "Measure": "A measure first published in 2025"}]

    changed = next_years_csv(
        DICTIONARY,
        tmp_path / DICTIONARY.name,
        rename={"Description": "Measure description"},
        extra={"Owner": "DfE"},
        append=a_new_measure,
    )
    result = LaitDictionaryReader().read(changed)
    assert set(result.unknown_columns) == {"Measure description", "Owner"}
    definitions = result.tables[frames.MEASURE_DEFINITIONS]
    assert definitions.height == original.tables[frames.MEASURE_DEFINITIONS].height + 1
    assert definitions["description"].null_count() == definitions.height  # its column was renamed
    new = definitions.filter(pl.col("source_code") == "NEW_2025").row(0, named=True)
    assert new["label"] == "A measure first published in 2025"
    assert same_rows(
        definitions.filter(pl.col("source_code") != "NEW_2025").drop("description"),
        original.tables[frames.MEASURE_DEFINITIONS].drop("description"),
    )


def test_next_years_code_list(tmp_path: Path) -> None:
    original = LaCodeListReader().read(CODE_LIST)
    sheet = openpyxl.load_workbook(CODE_LIST).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    order = [header.index(c) for c in ("Type", "LA Name", "Region", "LA Number")]
    workbook = openpyxl.Workbook()
    out = workbook.active
    out.append([header[i] for i in order] + ["GSS code"])
    for row in [*rows[1:], [945, "New Unitary", "East Midlands", "UA"]]:
        out.append([row[i] for i in order] + ["E06000099"])
    path = tmp_path / "la_code_list.xlsx"
    workbook.save(path)
    result = LaCodeListReader().read(path)
    assert result.unknown_columns == ["GSS code"]
    las = result.tables[frames.LOCAL_AUTHORITIES]
    assert same_rows(las.filter(pl.col("la_code") != 945), original.tables[frames.LOCAL_AUTHORITIES])
    new = las.filter(pl.col("la_code") == 945).row(0, named=True)
    assert (new["name"], new["region_code"], new["la_type"]) == ("New Unitary", "E12000004", "UA")
    out["A1"] = "LA Type"  # a column every LA list has, renamed: refused, naming what it looked for
    workbook.save(path)
    with pytest.raises(SourceError, match="LA Number, LA Name, Region, Type"):
        LaCodeListReader().read(path)
