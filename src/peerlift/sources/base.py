"""What every reader shares: the error that names file, row and column; the result of a read; and
a text table loaded from a published CSV with the checks every such file needs.

Row numbers are spreadsheet row numbers (the header is row 1, or the row it sits on when a file has
title rows above it), because that is what an officer who opens the file will see.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import polars as pl

from peerlift.domain import years
from peerlift.domain.missing import MARKERS, Missing, NotAValue, parse_value
from peerlift.sources import frames, workbooks
from peerlift.sources.errors import SourceError
from peerlift.sources.formulas import formula_expr, may_be_formula_expr

if TYPE_CHECKING:
    from fastexcel import ExcelReader

MAX_FIELD_CHARS = 10_000
HeaderTest = Callable[[list[str]], bool]


@dataclass(frozen=True)
class Columns:
    """A header test: every one of these names is in the header. When no line passes, the message
    can say which names were looked for, which a bare function cannot."""

    names: tuple[str, ...]

    def __call__(self, cells: list[str]) -> bool:
        return set(self.names) <= set(cells)


def header_with(*names: str) -> Columns:
    return Columns(names)


MAX_SCAN_LINES = 40  # where to look for a header below title rows
EXTRA_FIELD = "_extra_"  # prefix of the columns load_csv(extra_fields=...) keeps


@dataclass(frozen=True, slots=True)
class Skip:
    """A row the reader left out, and why (for the import's provenance).

    ``kind`` is what the import report counts it under ("year '0'", "LA total row"); when blank the
    reason itself is. ``column`` is set only for a row that could not be placed (a year that is
    none, an unknown LA, a value that is not a number): the column at fault. Rows left out by
    design (total rows, exact repeats) have none, and do not count towards MAX_FAILED_SHARE.
    """

    row: int
    reason: str
    kind: str = ""
    column: str | None = None

    @property
    def counted_as(self) -> str:
        return self.kind or self.reason

    @property
    def failed(self) -> bool:
        return self.column is not None


@dataclass
class ReadResult:
    """What a reader made of one file: typed frames keyed by table name (see frames.py)."""

    kind: str
    path: Path
    year: int | None
    tables: dict[str, pl.DataFrame]
    rows_read: int
    skipped: list[Skip] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    as_of: dt.date | None = None  # the date the file describes (a GIAS extract's date), when it says
    as_of_source: str = ""  # where as_of came from: "file name", "--date", "content" (a floor), or ""
    record_columns: list[str] = field(default_factory=list)  # names of the values in a `record` array

    def __post_init__(self) -> None:
        refuse_if_mostly_bad(self.path, self.rows_read, self.skipped)
        try:
            self.tables = {name: frames.conform(name, frame) for name, frame in self.tables.items()}
        except frames.OutOfRange as error:
            raise SourceError(self.path, f"a value the register cannot hold: {error}") from None
        for name, frame in self.tables.items():
            refuse_stored_text(self.path, name, frame)

    @property
    def rows_loaded(self) -> int:
        return self.rows_read - len(self.skipped)


# ---------------------------------------------------------------------------------------------
# Rows that cannot be placed: skipped and counted, until there are too many of them

MAX_FAILED_SHARE = 0.05
"""A file of which more than this share of rows cannot be placed is refused whole: a few bad rows in
a national file are the publisher's slips, but this many say it is not the file it seems to be."""
MAX_FIRST_ROWS = 10  # row numbers kept per reason in the import's skipped_by_reason


def refuse_if_mostly_bad(path: Path, rows_read: int, skipped: list[Skip]) -> None:
    """Raise, naming the first bad row and its column, when too many rows could not be placed."""
    failed = [s for s in skipped if s.failed]
    if not failed or len(failed) <= MAX_FAILED_SHARE * rows_read:
        return
    first = min(failed, key=lambda s: s.row)
    raise SourceError(
        path,
        f"{len(failed):,} of its {rows_read:,} rows cannot be placed (more than "
        f"{MAX_FAILED_SHARE:.0%}), so it is probably not the file it seems to be; the first: {first.reason}",
        row=first.row,
        column=first.column,
    )


def skipped_by_reason(skipped: Iterable[Skip]) -> list[dict[str, object]]:
    """Skipped rows counted by reason, in the order each reason first occurs in the file, with the
    first MAX_FIRST_ROWS row numbers of each: a file with thousands of skipped rows stays readable."""
    counts: dict[str, int] = {}
    rows: dict[str, list[int]] = {}
    for skip in sorted(skipped, key=lambda s: s.row):
        counts[skip.counted_as] = counts.get(skip.counted_as, 0) + 1
        first = rows.setdefault(skip.counted_as, [])
        if len(first) < MAX_FIRST_ROWS:
            first.append(skip.row)
    return [
        {"reason": reason, "count": count, "first_rows": rows[reason]} for reason, count in counts.items()
    ]


def skips_where(
    frame: pl.DataFrame, reason: pl.Expr, kind: pl.Expr | str = "", column: str | None = None
) -> list[Skip]:
    """A Skip for each row of ``frame`` (its ``_row``), with the reason and kind expressions' values."""
    kinds = kind if isinstance(kind, pl.Expr) else pl.lit(kind)
    rows = frame.select(pl.col("_row"), reason.alias("_reason"), kinds.alias("_kind"))
    return [Skip(int(r), str(why), str(what or ""), column) for r, why, what in rows.iter_rows()]


@dataclass(frozen=True)
class Head:
    """The first part of a file, decoded once, for readers to recognise their kind by."""

    path: Path
    lines: list[str]  # first lines of a text file (decoded), else []
    sheets: dict[str, list[list[str]]]  # first rows of each sheet of a workbook, else {}
    columns: list[str]  # a parquet file's columns, else []

    @property
    def name(self) -> str:
        return self.path.name.lower()

    def header_cells(self) -> list[str]:
        """The cells of the first line that looks like a header (most non-empty fields)."""
        return list(self._header)

    @cached_property
    def _header(self) -> list[str]:
        """Worked out once: every reader asks while the file is being recognised."""
        best: list[str] = []
        for line in self.lines[:MAX_SCAN_LINES]:
            try:
                row = next(csv.reader([line]), [])
            except csv.Error:  # a stray carriage return or an endless field: not a header
                continue
            cells = [c.strip().lstrip("\ufeff") for c in row]
            if sum(1 for c in cells if c) > sum(1 for c in best if c):
                best = cells
        return best


class Reader(Protocol):
    """One kind of published file."""

    kind: str
    description: str

    def sniff(self, head: Head) -> bool:
        """True when the file is of this kind (by header, sheets or name)."""
        ...

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        """Read the whole file. Raises SourceError for anything it cannot take."""
        ...


# ---------------------------------------------------------------------------------------------
# Decoding


_BOMS = (  # longest first: a UTF-32 LE mark begins with the UTF-16 LE one
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
BINARY_NULS = 16  # more NUL bytes than this in a file's first 4 KB: a binary file, not damaged text


def decode(path: Path, data: bytes, *, complete: bool = True) -> str:
    """Text of a published CSV, for the command line and the web alike (one path, one set of
    messages): UTF-8 (with or without BOM) or else Windows-1252, as GIAS uses; UTF-16 with its BOM, as
    Excel's "Unicode text" saves a file someone has opened and saved again; UTF-32 with its BOM.
    UTF-16 without its BOM is refused with a message that says so. ``complete=False`` is for the head
    of a file, which may end inside a character.

    Bytes valid in none of these are reported with the row they sit on, and so is a NUL character
    anywhere in the text (no published CSV has one; the databases cannot store one), with its column.
    """
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            text = _decode_unicode(path, data[len(bom) :], encoding, name, complete)
            break
    else:
        if _utf16_without_bom(data[:4096]):
            raise SourceError(
                path,
                "this looks like UTF-16 text saved without its byte-order mark, which cannot be told "
                "for sure from a binary file; save it again as CSV UTF-8",
            )
        if data[:4096].count(b"\x00") > BINARY_NULS:
            raise SourceError(path, "this is a binary file, not a CSV text file")
        else:
            text = _decode_8bit(path, data, complete)
    nul = text.find("\x00")
    if nul >= 0:
        raise _nul_error(path, text, nul)
    return text


def _decode_unicode(path: Path, data: bytes, encoding: str, name: str, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return decoder.decode(data, final=complete)
    except UnicodeDecodeError as error:
        row = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        message = f"the file starts as {name} text but is not {name} throughout"
        raise SourceError(path, message, row=row) from None


def _utf16_without_bom(sample: bytes) -> bool:
    """UTF-16 saved without a byte-order mark: ASCII text with a NUL beside every character."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 8:
        return False
    return any(
        nuls.count(0) >= 0.9 * len(nuls) and chars.count(0) == 0 for nuls, chars in ((odd, even), (even, odd))
    )


def _decode_8bit(path: Path, data: bytes, complete: bool) -> str:
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path, f"byte 0x{data[error.start]:02x} is neither UTF-8 nor Windows-1252 text", row=row
        ) from None


def _nul_error(path: Path, text: str, index: int) -> SourceError:
    """Where a NUL sits: its line, and the header's name for its field (the header being the line of
    the most fields among the first lines above it, as Head finds it)."""
    row = text.count("\n", 0, index) + 1
    line_start = text.rfind("\n", 0, index) + 1
    try:
        field = max(len(next(csv.reader([text[line_start:index]]), [])) - 1, 0)
    except csv.Error:
        field = 0
    header: list[str] = []
    starts = _line_starts(text, min(MAX_SCAN_LINES, row - 1))
    for a, b in itertools.pairwise(starts):
        try:
            cells = next(csv.reader([text[a:b].rstrip("\r\n")]), [])
        except csv.Error:
            continue
        if len(cells) > len(header):
            header = [c.strip().lstrip("\ufeff") for c in cells]
    column = header[field] if field < len(header) and header[field] else f"field {field + 1}"
    return SourceError(
        path,
        "this cell holds a NUL character (byte 0), which no published CSV has: the file is damaged "
        "or not text",
        row=row,
        column=column,
    )


def require_file(path: Path) -> None:
    """Refuse a path that is no file or holds nothing, before a parser says something obscure."""
    if not path.exists():
        raise SourceError(path, "there is no such file")
    if path.is_dir():
        raise SourceError(path, "this is a folder, not a file: name the files in it")
    if path.stat().st_size == 0:
        raise SourceError(path, "the file is empty")


HEAD_BYTES = 256 * 1024


def head_of(path: Path) -> Head:
    """Read just enough of a file to recognise it."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return Head(path, [], workbooks.first_rows(path), [])
    if suffix == ".xls":
        return Head(path, [], first_rows_of_sheets(path), [])
    if suffix == ".parquet":
        try:
            columns = list(pl.read_parquet_schema(path))
        except Exception as error:
            raise SourceError(path, f"not a readable parquet file ({error})") from None
        return Head(path, [], {}, columns)
    with path.open("rb") as handle:
        data = handle.read(HEAD_BYTES)
    if data.startswith(b"PK\x03\x04"):
        raise SourceError(path, "this is a zip or workbook file with a .csv name")
    if data.startswith(b"PAR1"):
        raise SourceError(path, "this is a parquet file with a .csv name")
    text = decode(path, data, complete=len(data) < HEAD_BYTES)
    if len(data) == HEAD_BYTES:  # the last line may be cut short
        text = text[: text.rfind("\n") + 1] or text
    return Head(path, text.splitlines()[:MAX_SCAN_LINES], {}, [])


def unreadable_workbook(path: Path, error: Exception) -> SourceError:
    """A workbook the Excel reader cannot open: its first line of explanation, not the whole trace."""
    return SourceError(
        path, f"not a readable Excel workbook; it may be cut short or damaged ({first_line(error)})"
    )


def first_line(error: Exception) -> str:
    """The first line of an error from a library, whose messages can run to a page of context."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def open_workbook(path: Path) -> ExcelReader:
    """A workbook opened by the Excel reader, once its sizes have passed ``workbooks.check``: every
    reader of workbooks opens them here, so that none expands a zip bomb."""
    import fastexcel

    if zipfile.is_zipfile(path):
        workbooks.check(path)
    try:
        return fastexcel.read_excel(str(path))
    except Exception as error:
        raise unreadable_workbook(path, error) from None


def first_rows_of_sheets(path: Path, rows: int = 12) -> dict[str, list[list[str]]]:
    """The first rows of every sheet of a workbook, as text, as the Excel reader gives them (the
    readers use its row numbers). This loads whole sheets: recognising a file uses
    ``workbooks.first_rows`` instead, which streams."""
    workbook = open_workbook(path)
    result: dict[str, list[list[str]]] = {}
    for sheet_name in workbook.sheet_names:
        sheet = workbook.load_sheet(sheet_name, header_row=None, n_rows=rows, dtypes="string")
        frame = pl.DataFrame(sheet.to_polars())
        result[sheet_name] = [["" if v is None else str(v) for v in row] for row in frame.rows()]
    return result


# ---------------------------------------------------------------------------------------------
# A CSV loaded as text


@dataclass
class TextTable:
    """A published CSV as a frame of text columns, with the file and row numbers to blame.

    ``frame`` has one String column per header cell (duplicate names get ``__2`` suffixes) and a
    ``_row`` column with each record's spreadsheet row number.
    """

    path: Path
    frame: pl.DataFrame
    header: list[str]
    header_row: int
    unreadable: dict[str, Unreadable] = field(default_factory=dict)

    def error(self, message: str, row: int | None = None, column: str | None = None) -> SourceError:
        return SourceError(self.path, message, row=row, column=column)

    def require(self, *names: str) -> None:
        """Fail, naming the first missing column, unless every name is in the header."""
        for name in names:
            if name not in self.frame.columns:
                raise self.error("a column this kind of file must have is missing", column=name)

    def first_bad(self, column: str, bad: pl.Expr) -> int | None:
        """The spreadsheet row of the first record where ``bad`` holds, or None."""
        rows = self.frame.filter(bad).select("_row")
        return int(rows.item(0, 0)) if rows.height else None

    def integers(
        self,
        column: str,
        *,
        allow_markers: bool = True,
        dtype: pl.DataType | type[pl.DataType] = pl.Int64,
        tolerant: bool = False,
    ) -> pl.Expr:
        """An expression for a column of whole numbers; blank or marker cells become null. A number
        ``dtype`` cannot hold (a pupil count in the thousands of millions) is refused with its row.
        ``tolerant`` keeps any other odd cell as null and counts it (see ``odd_cells``)."""
        what = "a whole number" if dtype == pl.Int64 else "a whole number of a size the register holds"
        return self._typed(column, dtype, what, allow_markers, tolerant)

    def floats(self, column: str, *, tolerant: bool = False) -> pl.Expr:
        """A Float64 expression for a numeric column; '%' and ',' are allowed, markers become null."""
        return self._typed(column, pl.Float64, "a number", True, tolerant)

    def _typed(
        self, column: str, dtype: pl.DataType | type[pl.DataType], what: str, markers: bool, tolerant: bool
    ) -> pl.Expr:
        self.require(column)
        cleaned = _clean_number(pl.col(column))
        typed = cleaned.cast(dtype, strict=False)
        is_marker = _is_marker(pl.col(column)) if markers else pl.col(column).is_null()
        if tolerant and dtype != pl.Float64:  # a whole number the field cannot hold is never a slip
            whole = cleaned.cast(pl.Float64, strict=False)
            self.first_bad_refused(column, typed.is_null() & (whole == whole.round(0)), what)
        bad = typed.is_null() & ~is_marker & pl.col(column).is_not_null()
        self.odd_cells(column, bad, lambda value: f"{value!r} is not {what}", tolerant)
        return typed.alias(column)

    def first_bad_refused(self, column: str, bad: pl.Expr, what: str) -> None:
        """Refuse the file at the first cell where ``bad`` holds: a value no tolerance can keep."""
        row = self.first_bad(column, bad)
        if row is not None:
            value = self.frame.filter(pl.col("_row") == row).item(0, column)
            raise self.error(f"{value!r} is not {what}", row=row, column=column)

    def odd_cells(self, column: str, bad: pl.Expr, why: Callable[[str], str], tolerant: bool = True) -> None:
        """Cells where ``bad`` holds: refused at the first unless ``tolerant``; then kept (as no
        value) and counted in ``unreadable`` for the import's notes, because one publisher's slip
        must not cost a national file. A column where more than MAX_FAILED_SHARE of the rows are
        odd is not the column it seems to be, and the file is refused."""
        found = self.frame.filter(bad).select("_row", column)
        if not found.height:
            return
        row, value = int(found.item(0, "_row")), str(found.item(0, column))
        if not tolerant:
            raise self.error(why(value), row=row, column=column)
        if found.height > MAX_FAILED_SHARE * self.frame.height:
            raise self.error(
                f"{found.height:,} of its {self.frame.height:,} cells cannot be read, so it is probably "
                f"not the column it seems to be; the first: {why(value)}",
                row=row,
                column=column,
            )
        self.unreadable[column] = Unreadable(found.height, row, value)

    def dates(self, column: str, fmt: str = "%d-%m-%Y", *, tolerant: bool = False) -> pl.Expr:
        """A Date expression; blank and 'NULL' become null, anything else must match ``fmt``
        (or, ``tolerant``, is kept as null and counted)."""
        self.require(column)
        text = pl.col(column).str.strip_chars()
        blank = text.is_null() | text.is_in(["", "NULL", "null"])
        parsed = text.str.strptime(pl.Date, fmt, strict=False)
        not_a_date = parsed.is_null() & ~blank
        self.odd_cells(
            column, not_a_date, lambda value: f"{value!r} is not a date in the form {fmt}", tolerant
        )
        return pl.when(blank).then(None).otherwise(parsed).alias(column)

    def text(self, column: str) -> pl.Expr:
        """A text column, stripped, with blank and 'NULL' as null. Missing columns become null."""
        if column not in self.frame.columns:
            return pl.lit(None, dtype=pl.String).alias(column)
        stripped = pl.col(column).str.strip_chars()
        return pl.when(stripped.is_in(["", "NULL"])).then(None).otherwise(stripped).alias(column)

    def measure_values(self, column: str) -> tuple[pl.Expr, pl.Expr]:
        """(value, missing) expressions for a published figure: a number or a typed reason; a cell
        that is neither (a publisher's slip: "n.a.", "DNS") is no figure, reason ``unreadable``,
        counted by ``odd_cells``."""
        self.require(column)
        raw = pl.col(column)
        number = _clean_number(raw).cast(pl.Float64, strict=False)
        reason = _marker_expr(raw)
        self.odd_cells(column, number.is_null() & reason.is_null(), _not_a_value)
        reason = pl.when(reason.is_null()).then(pl.lit(Missing.UNREADABLE.value)).otherwise(reason)
        return number.alias("value"), pl.when(number.is_null()).then(reason).alias("missing")

    def unreadable_notes(self) -> list[str]:
        """The import's notes for odd cells kept as no value (see ``odd_cells``)."""
        return [
            f"column {column!r}: {found.cells:,} cell(s) that could not be read, kept as no value "
            f"(the first, row {found.first_row}: {found.example!r})"
            for column, found in self.unreadable.items()
        ]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Cells of one column that were neither numbers nor markers: how many, and the first."""

    cells: int
    first_row: int
    example: str


def _not_a_value(text: str) -> str:
    """Why a figure cell is not one, in parse_value's words."""
    try:
        parse_value(text)
    except NotAValue as error:
        return str(error)
    return f"{text!r} is not a figure"


def _clean_number(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().str.strip_suffix("%").str.replace_all(",", "", literal=True)


def _marker_expr(expr: pl.Expr) -> pl.Expr:
    """The Missing value of a marker cell (domain.missing.MARKERS, case-insensitive), 'blank' for
    null, else null."""
    lower = expr.str.strip_chars().str.to_lowercase()
    mapped = lower.replace_strict(
        list(MARKERS),
        [m.value for m in MARKERS.values()],
        default=None,
        return_dtype=pl.String,
    )
    return pl.when(expr.is_null()).then(pl.lit(Missing.BLANK.value)).otherwise(mapped)


def _is_marker(expr: pl.Expr) -> pl.Expr:
    return _marker_expr(expr).is_not_null()


def load_csv(
    path: Path,
    header_test: HeaderTest | None = None,
    *,
    short_rows: bool = False,
    extra_fields: int = 0,
) -> TextTable:
    """Load a published CSV as text columns, refusing what no published file would contain.

    Finds the header (below any title rows) with ``header_test``, checks the last record is whole,
    and refuses formulas, over-long cells and files whose rows do not split into the header's fields.
    ``short_rows`` is for layouts whose rows really do leave off empty trailing fields (the DfE
    performance tables do): a short last row is then whole when earlier rows have the same length.
    ``extra_fields`` keeps up to that many unnamed fields past the header's last column as columns
    ``_extra_1``, ``_extra_2``... (GIAS search downloads write extra linked establishments there).
    A row with a value past those is refused: its other values would sit under the wrong columns.
    """
    data = path.read_bytes()
    if not data or data.isspace():
        raise SourceError(path, "the file is empty")
    text = decode(path, data)
    if "\n" not in text and "\r" in text:  # old Mac line endings, as Excel for Mac may still write
        text = text.replace("\r", "\n")
    starts = _line_starts(text, MAX_SCAN_LINES + 1)
    lines = [text[a:b].rstrip("\r\n") for a, b in itertools.pairwise(starts)]
    header_index = _find_header(path, lines, header_test)
    body = text[starts[header_index] :]
    header = next(csv.reader([lines[header_index]]))
    header = [h.strip().lstrip("\ufeff") for h in header]
    names = unique_names(header)
    _check_last_record(path, body, len(header), header_index, short_rows)
    # Name the fields past the header (one more than are kept) so that the CSV parser keeps them.
    spare = [f"{EXTRA_FIELD}{i}" for i in range(1, extra_fields + 2)]
    body = ",".join([lines[header_index], *spare]) + body[len(lines[header_index]) :]
    try:
        frame = pl.read_csv(
            body.encode("utf-8"),
            has_header=True,
            new_columns=names + spare,
            infer_schema=False,
            truncate_ragged_lines=True,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as error:  # polars quotes pages of the file: its first line will do
        raise SourceError(path, f"the file does not parse as CSV ({first_line(error)[:200]})") from None
    if frame.is_empty():
        raise SourceError(path, "the file has its header but no rows", row=header_index + 2)
    if frame.width > len(names) + len(spare):  # ragged rows with extra trailing fields
        frame = frame.select(names + spare)
    frame = frame.with_row_index("_row", offset=header_index + 2).with_columns(pl.col("_row").cast(pl.Int64))
    past = pl.col(spare[-1])
    overflow = frame.filter(past.is_not_null() & (past.str.strip_chars() != "")).select("_row")
    if overflow.height:
        too_many = (
            f"this row has more than {extra_fields} fields past the header's last column"
            if extra_fields
            else "this row has more fields than the header; a value with a comma may have lost its quotes"
        )
        raise SourceError(path, too_many, row=int(overflow.item(0, 0)))
    frame = frame.drop(spare[-1])
    table = TextTable(path, frame, names, header_index + 1)
    refuse_hostile_cells(table)
    return table


def _line_starts(text: str, count: int) -> list[int]:
    """Where the first ``count`` lines of the text start, and where the last of them ends.

    Only line feeds end a line (a CSV's CR LF included); str.splitlines would also break inside
    cells at form feeds and Unicode line separators, and would copy the whole file to do it.
    """
    starts = [0]
    while len(starts) <= count and starts[-1] < len(text):
        end = text.find("\n", starts[-1])
        starts.append(len(text) if end < 0 else end + 1)
    return starts


def _find_header(path: Path, lines: list[str], header_test: HeaderTest | None) -> int:
    for index, line in enumerate(lines[:MAX_SCAN_LINES]):
        try:
            cells = [c.strip().lstrip("\ufeff") for c in next(csv.reader([line]), [])]
        except csv.Error:  # a stray carriage return: not a header, whatever else it is
            continue
        if header_test is None or header_test(cells):
            return index
    hint = delimiter_hint(lines[0] if lines else "")
    wanted = f" (one with {', '.join(header_test.names)})" if isinstance(header_test, Columns) else ""
    raise SourceError(path, f"no header row of the expected columns{wanted} was found." + hint, row=1)


def delimiter_hint(line: str) -> str:
    """A sentence saying which delimiter a line seems to use, when it is not a comma; else ''."""
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if line.count(delimiter) > line.count(","):
            return f" It looks like it separates its fields with {name}, not commas; save it as CSV."
    return ""


def unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for index, name in enumerate(header):
        name = name or f"_unnamed_{index + 1}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}__{seen[name]}")
    return names


def _check_last_record(
    path: Path, body: str, width: int, header_index: int, short_rows: bool = False
) -> None:
    """A file cut short mid-row has a last record with fewer fields than the header."""
    tail = body[-65536:]
    start = tail.find("\n") + 1 if len(body) > len(tail) else 0
    records = list(csv.reader(io.StringIO(tail[start:], newline="")))
    records = [r for r in records if any(cell.strip() for cell in r)]
    if short_rows and records and len(records[-1]) in {len(r) for r in records[:-1]}:
        return
    if records and len(records[-1]) < width and len(records) > 1:
        row = header_index + body.count("\n") + (0 if body.endswith("\n") else 1)
        raise SourceError(
            path,
            f"the last row has {len(records[-1])} fields where the header has {width}: "
            "the file looks truncated",
            row=row,
        )


def refuse_hostile_cells(table: TextTable, stored: Collection[str] | None = None) -> list[str]:
    """Refuse what no published file holds and what could harm whoever opens a download: a cell
    longer than MAX_FIELD_CHARS, a NUL character (a workbook's; a CSV's is refused as it is decoded),
    and a formula (sources.formulas: the one rule the downloads use too).

    ``stored`` is for a reader that keeps only some columns: a formula in any other column is not
    refused (nothing of it is stored or exported) and that column is returned, for the import's notes.
    By default every column counts as stored (GIAS keeps every value of a row in its ``record``)."""
    columns = [c for c in table.frame.columns if c != "_row"]
    if not columns:
        return []
    frame = table.frame
    # A cheap pass first (most columns have no cell that could be any of these), the exact one after
    maybe = frame.select(
        [cheap(c).any().alias(f"{n}:{c}") for c in columns for n, (cheap, _, _) in _HOSTILE.items()]
    ).row(0, named=True)
    suspects = [
        _HOSTILE[n][1](c).any().alias(f"{n}:{c}") for c in columns for n in _HOSTILE if maybe[f"{n}:{c}"]
    ]
    found = frame.select(suspects).row(0, named=True) if suspects else {}
    ignored = []
    for column in columns:
        for name, (_, check, message) in _HOSTILE.items():
            if not found.get(f"{name}:{column}"):
                continue
            if name == "formula" and stored is not None and column not in stored:
                ignored.append(column)
                continue
            raise table.error(message, row=table.first_bad(column, check(column)), column=column)
    return ignored


def ignored_formulas_note(columns: list[str]) -> list[str]:
    """The import's note for formulas left alone in columns that are neither stored nor exported."""
    if not columns:
        return []
    named = ", ".join(repr(c) for c in columns)
    return [f"spreadsheet formulas in {named} ignored: peerlift neither stores nor exports that column"]


Check = Callable[[str], pl.Expr]
_HOSTILE: dict[str, tuple[Check, Check, str]] = {  # name: (a cheap test that may say yes, the test, why)
    "long": (
        lambda c: pl.col(c).str.len_bytes() > MAX_FIELD_CHARS,  # never fewer bytes than characters
        lambda c: pl.col(c).str.len_chars() > MAX_FIELD_CHARS,
        f"a cell of over {MAX_FIELD_CHARS:,} characters; no published file has one",
    ),
    "nul": (
        lambda c: pl.col(c).str.contains("\x00", literal=True),
        lambda c: pl.col(c).str.contains("\x00", literal=True),
        "this cell holds a NUL character (byte 0), which no published file has: the file is damaged",
    ),
    "formula": (
        may_be_formula_expr,
        formula_expr,
        "this cell is a spreadsheet formula; peerlift does not import formulas",
    ),
}


def refuse_stored_text(path: Path, table: str, frame: pl.DataFrame) -> None:
    """The last guard, over what is about to be stored, whatever the reader (parquet and workbook
    sheets included): no NUL character (the databases cannot hold one) and no formula (it would reach
    a download). Readers of text tables refuse these first, naming the row; this names the value."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    if not text or frame.is_empty():
        return
    checks = {
        "nul": (lambda c: pl.col(c).str.contains("\x00", literal=True), "a NUL character (byte 0)"),
        "formula": (formula_expr, "a spreadsheet formula"),
    }
    found = frame.select(
        [check(c).any().alias(f"{n}:{c}") for c in text for n, (check, _) in checks.items()]
    ).row(0, named=True)
    for column in text:
        for name, (check, what) in checks.items():
            if found[f"{name}:{column}"]:
                value = frame.filter(check(column)).item(0, column)
                raise SourceError(
                    path, f"{value[:60]!r}, for the {table.replace('_', ' ')} {column!r}, holds {what}"
                )


def report_unknown(header: Iterable[str], known: Iterable[str]) -> list[str]:
    """The header cells a reader does not map anywhere, so that they are reported, not dropped."""
    known_set = set(known)
    return [h for h in header if h and h not in known_set and not h.startswith("_unnamed_")]


def year_from_name(name: str) -> int | None:
    """The year a file name gives, read by the one year grammar (domain.years.in_name): '2018-2019_...'
    or '2018-19' give 2019, '202324_...' 2024, a lone 4-digit year itself.

    Callers that know a name's lone year is the *first* year of the academic year (the LA downloads
    named '2018-936-ks2.csv') must check the content instead.
    """
    found = years.in_name(name)
    return found.year if found else None
