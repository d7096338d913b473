"""Opening an Excel workbook safely: size checks before any reader expands it, and the first rows of
each sheet read as a stream, so that recognising a file never loads a whole sheet.

An .xlsx is a zip of XML parts. A few megabytes of zip can declare (or really hold) gigabytes of XML,
and the Excel reader (calamine, via fastexcel) builds every cell of a sheet in memory, sized by the
sheet's ``<dimension ref=...>``. So before it sees a workbook, ``check`` refuses one whose parts expand
beyond the limits below, whose parts are compressed suspiciously well, whose sheets declare more cells
than the limit, or whose parts hold more than they declare (each part is decompressed once as a
stream, counted against its declared size; Python stops at that size and the CRC then fails).

The limits are settings from the environment (documented in docs/security.md):
``PEERLIFT_WORKBOOK_MAX_MB`` (all parts together, expanded; default 300),
``PEERLIFT_WORKBOOK_PART_MAX_MB`` (one part; default 200), ``PEERLIFT_WORKBOOK_MAX_RATIO``
(expanded / compressed size of a part over 1 MB; default 100) and ``PEERLIFT_WORKBOOK_MAX_CELLS``
(cells a sheet's dimension may declare; default 10,000,000). The real published workbooks are far
inside them: england_ofsted-schools.xlsx expands to 12 MB, its sheet 8.6 times, 152,000 cells.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

from peerlift.sources.errors import SourceError

MB = 1024 * 1024
RATIO_FROM_BYTES = 1 * MB  # small parts (styles, themes) may compress very well: only larger ones count
MAX_PARTS = 10_000
HEAD_XML_BYTES = 8 * MB  # the most of a sheet's XML read to find its first rows
CHUNK = 64 * 1024


@dataclass(frozen=True)
class WorkbookLimits:
    """How much a workbook may expand to before peerlift refuses to read it."""

    max_bytes: int = 300 * MB
    part_max_bytes: int = 200 * MB
    max_ratio: float = 100.0
    max_cells: int = 10_000_000

    @classmethod
    def from_environment(cls) -> WorkbookLimits:
        env = os.environ.get
        return cls(
            max_bytes=int(env("PEERLIFT_WORKBOOK_MAX_MB", "300")) * MB,
            part_max_bytes=int(env("PEERLIFT_WORKBOOK_PART_MAX_MB", "200")) * MB,
            max_ratio=float(env("PEERLIFT_WORKBOOK_MAX_RATIO", "100")),
            max_cells=int(env("PEERLIFT_WORKBOOK_MAX_CELLS", "10000000")),
        )


LIMITS = WorkbookLimits.from_environment()

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def check(path: Path, limits: WorkbookLimits | None = None) -> None:
    """Refuse a workbook that would expand beyond the limits; SourceError names the file and part."""
    stat = path.stat()
    try:
        _check(str(path), stat.st_mtime_ns, stat.st_size, limits or LIMITS)
    except DAMAGED:
        raise damaged(path) from None


# What a damaged zip raises from the standard library as it is read: a bad header, a bad deflate
# stream, an unknown compression method, a part its directory names but that is not there...
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, KeyError)


def damaged(path: Path) -> SourceError:
    """In plain words: the library's own (a zlib error code, a header's offset) helps nobody."""
    return SourceError(path, "not a readable Excel workbook; it may be cut short or damaged")


@cache
def _check(name: str, mtime: int, size: int, limits: WorkbookLimits) -> None:
    """Cached by path, time and size: one file is opened several times while it is read."""
    path = Path(name)
    with _open_zip(path) as workbook:
        parts = workbook.infolist()
        if len(parts) > MAX_PARTS:
            raise SourceError(path, f"the workbook has {len(parts):,} parts; a spreadsheet has a few dozen")
        total = sum(part.file_size for part in parts)
        if total > limits.max_bytes:
            raise SourceError(path, _too_big(total, limits.max_bytes, "the workbook"))
        for part in parts:
            _check_part(path, part, limits)
        sheets = {part: name for name, part in _sheet_parts(path, workbook).items()}
        for part in parts:
            if part.filename in sheets or part.filename.startswith("xl/worksheets/"):
                _check_dimension(path, workbook, part, sheets.get(part.filename, part.filename), limits)
        for part in parts:
            _check_actual_size(path, workbook, part)


def _too_big(size: int, limit: int, what: str) -> str:
    return (
        f"{what} expands to {size / MB:,.0f} MB when opened, more than the {limit / MB:,.0f} MB "
        "peerlift reads; split it, or save only the sheet that is needed"
    )


def _check_part(path: Path, part: zipfile.ZipInfo, limits: WorkbookLimits) -> None:
    if part.file_size > limits.part_max_bytes:
        raise SourceError(path, _too_big(part.file_size, limits.part_max_bytes, f"its part {part.filename}"))
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > RATIO_FROM_BYTES and ratio > limits.max_ratio:
        raise SourceError(
            path,
            f"its part {part.filename} is compressed {ratio:,.0f} times (a spreadsheet's parts are "
            f"compressed under {limits.max_ratio:,.0f} times): it looks built to exhaust memory",
        )


def _check_dimension(
    path: Path, workbook: zipfile.ZipFile, part: zipfile.ZipInfo, sheet: str, limits: WorkbookLimits
) -> None:
    """A sheet's declared range, which the Excel reader allocates before it reads a cell."""
    with workbook.open(part) as stream:
        start = stream.read(CHUNK)
    found = _DIMENSION.search(start)
    if not found or not found.group(3):
        return
    first_col, first_row, last_col, last_row = found.groups()
    rows = int(last_row) - int(first_row) + 1
    columns = column_index(last_col.decode()) - column_index(first_col.decode()) + 1
    cells = max(rows, 0) * max(columns, 0)
    if cells > limits.max_cells:
        raise SourceError(
            path,
            f"sheet {sheet!r} declares {rows:,} rows by {columns:,} columns ({cells:,} cells), more "
            f"than the {limits.max_cells:,} cells peerlift reads",
        )


def _check_actual_size(path: Path, workbook: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Decompress a part as a stream: Python stops at the declared size, so a part that holds more
    than it declares fails its CRC check here instead of expanding in the Excel reader."""
    seen = 0
    try:
        with workbook.open(part) as stream:
            while chunk := stream.read(CHUNK * 16):
                seen += len(chunk)
    except DAMAGED:
        raise SourceError(
            path, f"its part {part.filename} does not hold what the workbook says it does: it is damaged"
        ) from None
    if seen != part.file_size:
        raise SourceError(path, f"its part {part.filename} does not hold what the workbook says it does")


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except DAMAGED:
        raise damaged(path) from None


def column_index(letters: str) -> int:
    """0 for A, 25 for Z, 26 for AA."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


# ---------------------------------------------------------------------------------------------
# The first rows of each sheet, streamed


def first_rows(
    path: Path, rows: int = 12, limits: WorkbookLimits | None = None
) -> dict[str, list[list[str]]]:
    """The first ``rows`` rows of every sheet as text (shared strings resolved, other values as
    written), reading at most HEAD_XML_BYTES of each sheet, after ``check``."""
    check(path, limits)
    try:
        return _first_rows(path, rows)
    except DAMAGED:
        raise damaged(path) from None


def _first_rows(path: Path, rows: int) -> dict[str, list[list[str]]]:
    with _open_zip(path) as workbook:
        heads = {
            name: _sheet_head(workbook, part, rows) for name, part in _sheet_parts(path, workbook).items()
        }
        wanted = {int(v) for cells in heads.values() for row in cells for t, v in row.values() if t == "s"}
        strings = _shared_strings(workbook, wanted)
    result: dict[str, list[list[str]]] = {}
    for name, cells in heads.items():
        width = max((max(row) + 1 for row in cells if row), default=0)
        result[name] = [[_text(row[c], strings) if c in row else "" for c in range(width)] for row in cells]
    return result


def _text(cell: tuple[str, str], strings: dict[int, str]) -> str:
    kind, value = cell
    if kind == "s":
        return strings.get(int(value), "")
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    return value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _elements(stream: IO[bytes], limit: int) -> Iterator[ElementTree.Element]:
    """Elements as they end, from at most ``limit`` bytes of a part. A DTD is refused: no published
    workbook has one, and entity definitions are how XML is made to expand."""
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(events=("end",))
    read = 0
    while read < limit and (chunk := stream.read(CHUNK)):
        if read == 0 and b"<!DOCTYPE" in chunk[:4096]:
            raise ValueError("a workbook part with a document type definition")
        read += len(chunk)
        parser.feed(chunk)
        for event in parser.read_events():
            element = event[-1]
            if isinstance(element, ElementTree.Element):
                yield element


def _sheet_head(workbook: zipfile.ZipFile, part: str, rows: int) -> list[dict[int, tuple[str, str]]]:
    """The first rows of one sheet: {column index: (cell type, raw value)}, with empty rows kept
    so that row i of the result is spreadsheet row i + 1."""
    found: list[dict[int, tuple[str, str]]] = []
    try:
        with workbook.open(part) as stream:
            for element in _elements(stream, HEAD_XML_BYTES):
                if _local(element.tag) != "row":
                    continue
                number = int(element.get("r") or len(found) + 1)
                if number > rows:
                    break
                while len(found) < number - 1:
                    found.append({})
                found.append(_row_cells(element))
                element.clear()
    except (KeyError, ElementTree.ParseError, ValueError):
        return found
    return found


def _row_cells(row: ElementTree.Element) -> dict[int, tuple[str, str]]:
    cells: dict[int, tuple[str, str]] = {}
    for position, cell in enumerate(c for c in row if _local(c.tag) == "c"):
        ref = _CELL_REF.match(cell.get("r") or "")
        column = column_index(ref.group(1)) if ref else position
        kind = cell.get("t") or "n"
        if kind == "inlineStr":
            value = "".join(t.text or "" for t in cell.iter() if _local(t.tag) == "t")
        else:
            value = next((v.text or "" for v in cell if _local(v.tag) == "v"), "")
        if kind == "s":
            cells[column] = ("s", value) if value.isdigit() else ("str", "")
        else:
            cells[column] = ("b" if kind == "b" else "str", value)
    return cells


def _shared_strings(workbook: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings with these indices, read only as far as the highest of them."""
    if not wanted:
        return {}
    part = next((n for n in workbook.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if part is None:
        return {}
    strings: dict[int, str] = {}
    last = max(wanted)
    index = 0
    try:
        with workbook.open(part) as stream:
            for element in _elements(stream, LIMITS.part_max_bytes):
                if _local(element.tag) != "si":
                    continue
                if index in wanted:
                    strings[index] = "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t")
                element.clear()
                index += 1
                if index > last:
                    break
    except (ElementTree.ParseError, ValueError):
        pass
    return strings


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(path: Path, workbook: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip part holding it, from workbook.xml and its relationships."""
    names = set(workbook.namelist())
    book: str | None = "xl/workbook.xml" if "xl/workbook.xml" in names else None
    if book is None:
        book = next((n for n in sorted(names) if n.endswith("workbook.xml")), None)
    if book is None:
        raise SourceError(path, "not a readable Excel workbook: it has no workbook part")
    rels_part = str(PurePosixPath(book).parent / "_rels" / (PurePosixPath(book).name + ".rels"))
    try:
        targets = {rel.get("Id"): rel.get("Target") or "" for rel in _parse(workbook, rels_part).iter(_REL)}
        sheets = [s for s in _parse(workbook, book).iter() if _local(s.tag) == "sheet"]
    except (KeyError, ElementTree.ParseError, ValueError):
        raise SourceError(path, "not a readable Excel workbook: its list of sheets is damaged") from None
    found: dict[str, str] = {}
    for sheet in sheets:
        target = targets.get(sheet.get(_R_ID) or sheet.get("id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath(book).parent / target)
        found[sheet.get("name") or part] = part
    return found


def _parse(workbook: zipfile.ZipFile, part: str) -> ElementTree.Element:
    """A small part (a workbook's list of sheets), whole; sizes were checked first."""
    with workbook.open(part) as stream:
        data = stream.read(LIMITS.part_max_bytes + 1)
    if b"<!DOCTYPE" in data[:4096]:
        raise ValueError("a workbook part with a document type definition")
    return ElementTree.fromstring(data)
