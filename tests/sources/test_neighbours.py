"""The statistical neighbour workbook reader against the DfE's April 2021 model.

Expected neighbours were read out of the workbook by hand (and match SOURCES.md), not from the reader.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet
from shared import SHARED_DATA, needs_shared

from peerlift.sources import frames
from peerlift.sources.base import ReadResult, Skip, SourceError, head_of
from peerlift.sources.la_statistics import READERS as LAIT_READERS
from peerlift.sources.neighbours import READERS, StatisticalNeighboursReader

pytestmark = needs_shared  # these tests read the real files

METADATA = SHARED_DATA / "la_stats" / "lait_current_metadata"
WORKBOOK = METADATA / "sn_april_2021.xlsx"

COVENTRY = [
    (1, 831, "Very Close"),
    (2, 350, "Very Close"),
    (3, 874, "Very Close"),
    (4, 383, "Close"),
    (5, 373, "Close"),
    (6, 851, "Close"),
    (7, 887, "Close"),
    (8, 335, "Close"),
    (9, 357, "Close"),
    (10, 852, "Close"),
]


def _neighbours(result: ReadResult, la_code: int) -> list[tuple[Any, ...]]:
    rows = result.tables[frames.NEIGHBOURS].filter(pl.col("la_code") == la_code).sort("position")
    return rows.select("position", "neighbour_code", "band").rows()


@pytest.fixture(scope="module")
def april_2021() -> ReadResult:
    return StatisticalNeighboursReader().read(WORKBOOK)


def test_coventry_neighbours_in_order(april_2021: ReadResult) -> None:
    assert _neighbours(april_2021, 331) == COVENTRY


def test_whole_workbook(april_2021: ReadResult) -> None:
    table = april_2021.tables[frames.NEIGHBOURS]
    assert april_2021.year == 2021
    assert table.get_column("set_name").unique().to_list() == ["2021"]
    assert april_2021.rows_read == 158  # 154 current LAs and 4 under "Old SNs:"
    assert table.height == 1_560  # 156 LAs with ten neighbours each
    assert table.get_column("la_code").n_unique() == 156
    # Cumberland and Westmorland and Furness (new in 2023) have "-" for every neighbour
    assert april_2021.skipped == [
        Skip(156, "942 Cumberland: no neighbours given ('-')"),
        Skip(157, "943 Westmorland and Furness: no neighbours given ('-')"),
    ]
    assert april_2021.unknown_columns == []
    assert sorted(table.get_column("band").unique().to_list()) == [
        "Close",
        "Extremely Close",
        "Not Close",
        "Somewhat close",
        "Very Close",
    ]


def test_other_las(april_2021: ReadResult) -> None:
    # City of London (201): every neighbour "Not Close"; Dorset (Pre LG), 835, from the old section
    assert [n for _, n, _ in _neighbours(april_2021, 201)] == [
        207,
        213,
        212,
        202,
        318,
        205,
        302,
        314,
        846,
        868,
    ]
    assert {b for _, _, b in _neighbours(april_2021, 201)} == {"Not Close"}
    assert _neighbours(april_2021, 835)[0] == (1, 893, "Extremely Close")
    assert any("835 Dorset (Pre LG)" in note and "Old SNs" in note for note in april_2021.notes)


def test_sniffing() -> None:
    head = head_of(WORKBOOK)
    assert [r.kind for r in READERS + LAIT_READERS if r.sniff(head)] == ["statistical_neighbours"]
    assert not READERS[0].sniff(head_of(METADATA / "la_code_list.xlsx"))


def test_year_given_overrides_the_name(tmp_path: Path) -> None:
    result = StatisticalNeighboursReader().read(WORKBOOK, year=2022)
    assert result.tables[frames.NEIGHBOURS].get_column("set_name").unique().to_list() == ["2022"]
    path = tmp_path / "neighbours.xlsx"
    shutil.copy(WORKBOOK, path)
    unnamed = StatisticalNeighboursReader().read(path)
    assert unnamed.year is None
    assert unnamed.tables[frames.NEIGHBOURS].get_column("set_name").unique().to_list() == ["neighbours"]


# ---------------------------------------------------------------------------------------------
# Changed and bad workbooks, made from the real one


def _sheet(path: Path = WORKBOOK) -> tuple[openpyxl.Workbook, Worksheet]:
    workbook = openpyxl.load_workbook(path)
    return workbook, workbook["LA SN Groups"]


def _row_of(sheet: Worksheet, la_code: int) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == la_code)


def test_future_workbook_with_a_title_row_and_a_new_column(tmp_path: Path) -> None:
    workbook, sheet = _sheet()
    sheet.insert_rows(1)
    sheet["A1"] = "Children's services statistical neighbours, 2025 model"
    sheet["Z4"] = "Notes"
    path = tmp_path / "sn_2025.xlsx"
    workbook.save(path)
    result = StatisticalNeighboursReader().read(path)
    assert result.year == 2025
    assert _neighbours(result, 331) == COVENTRY
    assert result.tables[frames.NEIGHBOURS].get_column("set_name").unique().to_list() == ["2025"]
    assert result.unknown_columns == ["Notes"]
    assert result.skipped[0].row == 157  # one row further down than in the 2021 file


def test_neighbour_given_by_name(tmp_path: Path) -> None:
    workbook, sheet = _sheet()
    sheet.cell(_row_of(sheet, 331), 6).value = "Derby"  # SN1: Derby is LA 831
    path = tmp_path / "sn_2021.xlsx"
    workbook.save(path)
    assert _neighbours(StatisticalNeighboursReader().read(path), 331) == COVENTRY


def test_unknown_neighbour(tmp_path: Path) -> None:
    workbook, sheet = _sheet()
    row = _row_of(sheet, 331)
    sheet.cell(row, 8).value = "Atlantis"  # SN2
    path = tmp_path / "sn_2021.xlsx"
    workbook.save(path)
    with pytest.raises(SourceError, match="Atlantis") as error:
        StatisticalNeighboursReader().read(path)
    assert (error.value.row, error.value.column) == (row, "SN2")


def test_la_number_columns_disagree(tmp_path: Path) -> None:
    workbook, sheet = _sheet()
    row = _row_of(sheet, 331)
    sheet.cell(row, 3).value = 332
    path = tmp_path / "sn_2021.xlsx"
    workbook.save(path)
    with pytest.raises(SourceError, match="disagree") as error:
        StatisticalNeighboursReader().read(path)
    assert error.value.row == row


def test_la_listed_twice(tmp_path: Path) -> None:
    workbook, sheet = _sheet()
    row = _row_of(sheet, 202)  # Camden, just below the City of London (201)
    sheet.cell(row, 1).value = 201
    sheet.cell(row, 3).value = 201
    path = tmp_path / "sn_2021.xlsx"
    workbook.save(path)
    with pytest.raises(SourceError, match="again") as error:
        StatisticalNeighboursReader().read(path)
    assert error.value.row == row


def test_workbook_without_the_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Summary"
    workbook.active["A1"] = "LA"
    path = tmp_path / "sn_2021.xlsx"
    workbook.save(path)
    with pytest.raises(SourceError, match="LA SN Groups"):
        StatisticalNeighboursReader().read(path)


def test_other_workbook() -> None:
    with pytest.raises(SourceError, match="LA SN Groups"):
        StatisticalNeighboursReader().read(METADATA / "la_code_list.xlsx")


def test_truncated_workbook(tmp_path: Path) -> None:
    data = WORKBOOK.read_bytes()
    path = tmp_path / "sn_2021.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="workbook"):
        StatisticalNeighboursReader().read(path)


def test_empty_workbook_file(tmp_path: Path) -> None:
    path = tmp_path / "sn_2021.xlsx"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        StatisticalNeighboursReader().read(path)


def test_csv_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "sn_2021.xlsx"
    path.write_text("LA num,LA Name,SN1,SNP\n331,Coventry,831,Very Close\n")
    with pytest.raises(SourceError):
        StatisticalNeighboursReader().read(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0, max_value=1, exclude_max=True), junk=st.binary(min_size=1, max_size=4))
def test_mangled_workbook(tmp_path: Path, fraction: float, junk: bytes) -> None:
    """Bytes overwritten anywhere: the neighbours the workbook still holds, or a SourceError that names
    the file; never anything else (the file is read inside the test, so the module loads without it)."""
    seed = WORKBOOK.read_bytes()
    position = int(fraction * len(seed))
    path = tmp_path / "sn_2021.xlsx"
    path.write_bytes(seed[:position] + junk + seed[position + len(junk) :])
    try:
        result = StatisticalNeighboursReader().read(path)
    except SourceError as error:
        assert path.name in str(error) or error.file == path.name
        return
    table = result.tables[frames.NEIGHBOURS]
    assert {"la_code", "position", "neighbour_code", "band"} <= set(table.columns)
    assert table["position"].is_between(1, 10).all()


def test_next_years_workbook(april_2021: ReadResult, tmp_path: Path) -> None:
    """The real sheet with its columns in another order (the names after the neighbours, the
    SNk/SNP pairs from SN10 down), GOReg renamed, a Notes column, and a new LA appended."""
    _, sheet = _sheet()
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[2]
    pairs = [[i, i + 1] for i, cell in enumerate(header) if isinstance(cell, str) and cell.startswith("SN")]
    pairs = [p for p in pairs if header[p[0]] != "SNP"]
    order = [i for pair in reversed(pairs) for i in pair] + [0, 1, 2, 3, 4]
    workbook = openpyxl.Workbook()
    out = workbook.active
    out.title = "LA SN Groups"
    new_la = [945, "New Unitary", 945, 5, "East Midlands"]
    for k in range(10):
        new_la += [831 + k, "Close"]
    for number, row in enumerate([*rows, new_la]):
        cells = [row[i] if i < len(row) else None for i in order]
        if number == 2:
            cells = ["Region" if c == "GOReg" else c for c in cells] + ["Notes"]
        out.append(cells)
    path = tmp_path / "sn_2025.xlsx"
    workbook.save(path)
    result = StatisticalNeighboursReader().read(path)
    assert set(result.unknown_columns) == {"Region", "Notes"}
    assert _neighbours(result, 331) == COVENTRY
    before = april_2021.tables[frames.NEIGHBOURS].drop("set_name")
    after = result.tables[frames.NEIGHBOURS].drop("set_name")
    assert (
        after.filter(pl.col("la_code") != 945)
        .sort("la_code", "position")
        .equals(before.sort("la_code", "position"))
    )
    assert _neighbours(result, 945) == [(k + 1, 831 + k, "Close") for k in range(10)]
