"""Reader for the DfE's children's services statistical neighbour benchmarking workbook.

The workbook's "LA SN Groups" sheet gives, for each LA, its ten statistical neighbours in order
(SN1 nearest) and, in the "SNP" column after each, how close that neighbour is ("Very Close" ...).
It sits under two rows of spreadsheet letters and numbers, so the header row is found by its cells
(LA Name, SN1, SNP) rather than assumed to be row 3; a future workbook with the same layout but more
or fewer title rows, a different file name or extra columns reads the same.

The set of neighbours is named after the year in the file name ("2021" for sn_april_2021.xlsx); the
store lets the user name a set otherwise (for example to keep two models of the same year).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from peerlift.sources import frames
from peerlift.sources.base import Head, Reader, ReadResult, Skip, SourceError, report_unknown, year_from_name
from peerlift.sources.la_statistics import find_header, sheet_rows, whole_number

SHEET = "LA SN Groups"
HEADER = ("LA Name", "SN1", "SNP")
CODE_HEADERS = ("LA number", "LA num")  # both hold the LA's 3-digit number; they must agree
NAME_HEADER = "LA Name"
BAND_HEADER = "SNP"
NEIGHBOUR_HEADER = re.compile(r"^SN(\d{1,2})$")
KNOWN_HEADERS = (*CODE_HEADERS, NAME_HEADER, BAND_HEADER, "GOInd", "GOReg")  # GO = government office region
NO_FIGURE = frozenset({"", "-"})
OLD_SECTION = re.compile(r"^\s*old\s+sns?\b", re.I)  # "Old SNs:" heads LAs that no longer exist

# The closeness bands as the workbook writes them, compared without regard to case.
BANDS: dict[str, str] = {
    "extremely close": "Extremely Close",
    "very close": "Very Close",
    "close": "Close",
    "somewhat close": "Somewhat close",
    "not close": "Not Close",
}


class StatisticalNeighboursReader:
    """Each LA's ten statistical neighbours, in order, with how close each one is."""

    kind = "statistical_neighbours"
    description = "DfE children's services statistical neighbour benchmarking tool, 'LA SN Groups' (xlsx)"

    def sniff(self, head: Head) -> bool:
        return SHEET in head.sheets or any(
            all(h in {c.strip() for c in row} for h in HEADER)
            for rows in head.sheets.values()
            for row in rows
        )

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        sheet, frame, index = _find_sheet(path)
        header = ["" if c is None else str(c).strip() for c in frame.row(index)]
        layout = _Layout.of(path, header, index + 1)
        body = frame.slice(index + 1).with_row_index("_row", offset=index + 2)
        year = year if year is not None else year_from_name(path.name)
        set_name = str(year) if year is not None else path.stem
        rows, las, skipped, notes = _neighbour_rows(path, body, layout, set_name)
        notes.insert(0, f"read sheet {sheet!r}; neighbour set named {set_name!r}")
        if year is None:
            notes.append("no year in the file name: the set is named after the file; name it when importing")
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.NEIGHBOURS: rows},
            rows_read=las,
            skipped=skipped,
            unknown_columns=report_unknown(
                [h for h in header if not NEIGHBOUR_HEADER.match(h)], KNOWN_HEADERS
            ),
            notes=notes,
        )


def _find_sheet(path: Path) -> tuple[str, pl.DataFrame, int]:
    """The neighbour sheet (by name, else by its header) and the index of its header row."""
    sheets = sheet_rows(path)
    order = sorted(sheets, key=lambda name: name != SHEET)
    for name in order:
        index = find_header(sheets[name], HEADER)
        if index is not None:
            return name, sheets[name], index
    if SHEET in sheets:
        raise SourceError(path, f"sheet {SHEET!r} has no header row with {', '.join(HEADER)}", row=1)
    raise SourceError(
        path,
        f"there is no sheet {SHEET!r} (the sheets are {', '.join(repr(s) for s in sheets)}): "
        "this is not the DfE statistical neighbour workbook",
    )


class _Layout:
    """Where the LA number, name and each SNk / SNP pair sit in the header row."""

    def __init__(
        self, codes: list[tuple[int, str]], name: int, pairs: list[tuple[int, int, int | None]], row: int
    ) -> None:
        self.codes = codes  # (column, header) of each LA number column
        self.name = name
        self.pairs = pairs  # (position k, column of SNk, column of its SNP band or None)
        self.row = row

    @classmethod
    def of(cls, path: Path, header: list[str], row: int) -> _Layout:
        codes = [(header.index(h), h) for h in CODE_HEADERS if h in header]
        if not codes:
            raise SourceError(path, "there is no 'LA number' column", row=row, column="LA number")
        pairs = []
        for column, cell in enumerate(header):
            match = NEIGHBOUR_HEADER.match(cell)
            if match:
                band = column + 1 if column + 1 < len(header) and header[column + 1] == BAND_HEADER else None
                pairs.append((int(match.group(1)), column, band))
        pairs.sort()  # by position: a workbook may order its SNk columns otherwise
        positions = [k for k, _, _ in pairs]
        if positions != list(range(1, len(pairs) + 1)):
            raise SourceError(
                path, f"the neighbour columns run SN{positions} rather than SN1, SN2, ...", row=row
            )
        return cls(codes, header.index(NAME_HEADER), pairs, row)


def _neighbour_rows(
    path: Path, body: pl.DataFrame, layout: _Layout, set_name: str
) -> tuple[pl.DataFrame, int, list[Skip], list[str]]:
    """One row per LA and neighbour position, and the number of LA rows (blank and label rows aside).

    About 160 LAs x 10 cells: read row by row, for errors that name the cell.
    """
    cells = [[None if v is None else str(v).strip() for v in row] for row in body.drop("_row").rows()]
    row_numbers = body.get_column("_row").to_list()
    names = _codes_by_name(cells, layout)
    records: list[tuple[str, int, int, int, str | None]] = []
    skipped: list[Skip] = []
    notes: list[str] = []
    seen: dict[int, int] = {}
    old_section = False
    for row, line in zip(row_numbers, cells, strict=True):
        if any(c and OLD_SECTION.match(c) for c in line):
            old_section = True
            continue
        code = _la_code(path, row, line, layout)
        if code is None:
            continue
        if code in seen:
            raise SourceError(
                path, f"LA {code} appears again (first in row {seen[code]})", row=row, column="LA number"
            )
        seen[code] = row
        found = _neighbours_of(path, row, line, layout, names, notes)
        if not found:
            skipped.append(Skip(row, f"{code} {line[layout.name]}: no neighbours given ('-')"))
            continue
        if old_section:
            notes.append(f"{code} {line[layout.name]} is listed under 'Old SNs' (an LA since reorganised)")
        records += [(set_name, code, k, neighbour, band) for k, neighbour, band in found]
    schema = ["set_name", "la_code", "position", "neighbour_code", "band"]
    table = pl.DataFrame(records, schema=schema, orient="row") if records else frames.empty(frames.NEIGHBOURS)
    return table, len(seen), skipped, notes


def _codes_by_name(cells: list[list[str | None]], layout: _Layout) -> dict[str, int]:
    """LA numbers by name, from the sheet itself, for a workbook that names neighbours, not numbers them."""
    names: dict[str, int] = {}
    for line in cells:
        code = whole_number(line[layout.codes[0][0]])
        name = line[layout.name]
        if code is not None and name:
            names[name.lower()] = code
    return names


def _la_code(path: Path, row: int, line: list[str | None], layout: _Layout) -> int | None:
    """The row's LA number (None for a blank or label row); both number columns must agree."""
    texts = [line[column] for column, _ in layout.codes]
    if all(not t for t in texts):
        return None
    codes = []
    for text, (_, header) in zip(texts, layout.codes, strict=True):
        code = whole_number(text)
        if code is None:
            raise SourceError(path, f"{text!r} is not an LA number", row=row, column=header)
        codes.append(code)
    if len(set(codes)) > 1:
        raise SourceError(path, f"the two LA number columns disagree ({', '.join(map(str, texts))})", row=row)
    return codes[0]


def _neighbours_of(
    path: Path,
    row: int,
    line: list[str | None],
    layout: _Layout,
    names: dict[str, int],
    notes: list[str],
) -> list[tuple[int, int, str | None]]:
    """(position, neighbour's LA number, band) for each SNk cell that names a neighbour."""
    found = []
    for k, column, band_column in layout.pairs:
        text = line[column] or ""
        if text in NO_FIGURE:
            continue
        neighbour = whole_number(text)
        if neighbour is None:
            neighbour = names.get(text.lower())
        if neighbour is None:
            raise SourceError(
                path,
                f"{text!r} is neither an LA number nor an LA named in this sheet",
                row=row,
                column=f"SN{k}",
            )
        band_text = (line[band_column] or "") if band_column is not None else ""
        band = BANDS.get(band_text.lower()) if band_text not in NO_FIGURE else None
        if band is None and band_text not in NO_FIGURE:
            band = band_text
            notes.append(
                f"row {row}: closeness band {band_text!r} is not one peerlift knows; kept as written"
            )
        found.append((k, neighbour, band))
    return found


READERS: list[Reader] = [StatisticalNeighboursReader()]
