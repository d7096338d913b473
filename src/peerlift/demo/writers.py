"""Writing frames with each publication's byte conventions: encoding, BOM, quoting, line endings.

The conventions are the real files' (see docs/demo.md): GIAS is Windows-1252 with every text field
quoted and CRLF; the performance tables are UTF-8 with a BOM, quoted only where needed; and so on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl
import xlsxwriter

BOM = b"\xef\xbb\xbf"
QuoteStyle = Literal["necessary", "non_numeric"]


@dataclass(frozen=True, slots=True)
class CsvStyle:
    """How a publication writes its CSV files."""

    encoding: str = "utf-8"
    bom: bool = False
    crlf: bool = False
    quote: QuoteStyle = "necessary"  # "non_numeric": every text field quoted, numbers bare
    final_newline: bool = True


GIAS_STYLE = CsvStyle(encoding="cp1252", crlf=True, quote="non_numeric")
GIAS_LINKS_STYLE = CsvStyle(encoding="cp1252", crlf=True, quote="non_numeric", final_newline=False)
TABLES_STYLE = CsvStyle(bom=True, crlf=True, final_newline=False)  # KS2/KS4 LA downloads
NATIONAL_TABLES_STYLE = CsvStyle(bom=True)  # england_census.csv, england_abs.csv
OFSTED_MI_STYLE = CsvStyle()


def write_csv(path: Path, frame: pl.DataFrame, style: CsvStyle) -> Path:
    """Write ``frame`` (text columns; null = empty cell) as the publication would.

    With minimal quoting an empty text cell is written bare, as the publishers' own files have it.
    """
    if style.quote == "necessary":
        frame = frame.with_columns(pl.col(pl.String).replace("", None))
    text = frame.write_csv(quote_style=style.quote, line_terminator="\r\n" if style.crlf else "\n")
    if not style.final_newline:
        text = text.rstrip("\r\n")
    data = text.encode(style.encoding)
    path.write_bytes((BOM if style.bom else b"") + data)
    return path


def percent(values: pl.Expr, decimals: int = 0) -> pl.Expr:
    """A fraction written as the tables write it: '67%' (or '51.40%' with decimals)."""
    return fixed(values * 100, decimals) + pl.lit("%")


def fixed(values: pl.Expr, decimals: int) -> pl.Expr:
    """A number with exactly ``decimals`` places ('51.40'), computed on integers so it is exact."""
    scaled = (values * 10**decimals).round(0).cast(pl.Int64)
    whole = (scaled.abs() // 10**decimals).cast(pl.String)
    sign = pl.when(scaled < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    if decimals == 0:
        return sign + whole
    fraction = (scaled.abs() % 10**decimals).cast(pl.String).str.zfill(decimals)
    return sign + whole + pl.lit(".") + fraction


def number(values: pl.Expr, decimals: int) -> pl.Expr:
    """A number as the tables write it: at most ``decimals`` places, no trailing zeros, no '-0'."""
    text = fixed(values, decimals)
    if decimals:
        text = text.str.strip_chars_end("0").str.strip_suffix(".")
    return pl.when(text == "-0").then(pl.lit("0")).otherwise(text)


def day_month_year(values: pl.Expr, separator: str = "-") -> pl.Expr:
    """Dates as dd-mm-yyyy (GIAS) or dd/mm/yyyy (Ofsted)."""
    return values.dt.strftime(f"%d{separator}%m{separator}%Y")


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a name, rows of cells, and which columns hold dates."""

    name: str
    rows: list[list[object]]
    date_columns: frozenset[int] = frozenset()
    formula_column: int | None = None  # column of "=IF(A2<>...)" report links, as the DfE writes


def write_xlsx(path: Path, sheets: list[Sheet]) -> Path:
    """Write a workbook; fixed document dates keep the bytes identical from run to run."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"created": dt.datetime(2025, 1, 1)})
    date_format = workbook.add_format({"num_format": "mm-dd-yy"})
    for sheet in sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if r and c == sheet.formula_column:
                    worksheet.write_formula(r, c, str(value), None, "Report")
                elif r and c in sheet.date_columns and isinstance(value, dt.date):
                    worksheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                else:
                    worksheet.write(r, c, value)
    workbook.close()
    return path
