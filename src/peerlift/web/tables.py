"""A table a page shows, and the same table as CSV, XLSX and JSON.

What a user sees is what they download: one Table renders to HTML (templates/web/_table.html) and to
every download format. Export cells are neutralised against formula injection with the rule the
readers refuse formulas by (``sources.formulas``): text a spreadsheet would evaluate (after any
leading spaces, tabs or carriage returns, = + - @ or their full-width forms, not followed by a plain
number) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

import xlsxwriter

from peerlift.sources.formulas import neutralise
from peerlift.web import words

__all__ = ["Column", "Row", "Table", "neutralise", "show"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column: the row key it shows, its heading, and (for HTML) where a cell links to."""

    key: str
    label: str
    numeric: bool = False
    link: Callable[[Row], str | None] | None = None
    text: Callable[[Row], str] | None = None  # how HTML shows the cell, when not just its value
    pre: bool = False  # keep line breaks (lists of judgements, JSON)
    count: bool = False  # a count (pupils, schools, rows): thousands separators, unlike URNs and years
    code: bool = False  # an identifier for developers (a measure's name in the API): shown as code


@dataclass
class Table:
    """Rows of plain values under named columns; ``name`` is the download's file and URL name."""

    name: str
    caption: str
    columns: list[Column]
    rows: list[Row]
    empty: str = "There is nothing to show here yet."
    notes: list[str] = field(default_factory=list)
    sorting: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (url, aria-sort)
    highlight: str = ""  # a row key whose true value marks the row on the page (the chosen LA)

    def cells(self) -> list[list[tuple[Column, Any, str | None, str]]]:
        """Each row as (column, value, link, text) for the HTML template."""
        return [
            [
                (
                    c,
                    row.get(c.key),
                    c.link(row) if c.link else None,
                    c.text(row) if c.text else shown(row.get(c.key), c.count),
                )
                for c in self.columns
            ]
            for row in self.rows
        ]

    def marked_cells(self) -> list[tuple[bool, list[tuple[Column, Any, str | None, str]]]]:
        """Each row's cells with whether the row is highlighted (``highlight``)."""
        marks = [bool(self.highlight and row.get(self.highlight)) for row in self.rows]
        return list(zip(marks, self.cells(), strict=True))

    def records(self) -> list[Row]:
        """The rows keyed by column key, in column order (the JSON form)."""
        return [{c.key: row.get(c.key) for c in self.columns} for row in self.rows]

    def as_json(self) -> Row:
        return {
            "name": self.name,
            "caption": self.caption,
            "columns": [{"key": c.key, "label": c.label} for c in self.columns],
            "rows": self.records(),
        }

    def csv(self) -> bytes:
        """UTF-8 with a byte-order mark, so that Excel opens it with the right characters."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.label for c in self.columns])
        for row in self.rows:
            writer.writerow([_export(row.get(c.key)) for c in self.columns])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def xlsx(self, about: About | None = None) -> bytes:
        """A workbook: first a sheet saying what the file is (``about``), then the table, its columns
        fitted to their contents, dates as dates, numbers as numbers and blanks as empty cells."""
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
        if about is not None:
            _about_sheet(workbook, about, self)
        sheet = workbook.add_worksheet(self.name[:31])
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        formats = {
            "date": workbook.add_format({"num_format": "d mmmm yyyy"}),
            "time": workbook.add_format({"num_format": "d mmmm yyyy h:mm am/pm"}),
        }
        widths = [min(max(len(c.label), 8), 40) for c in self.columns]
        for col, column in enumerate(self.columns):
            sheet.write_string(0, col, column.label, bold)
        for r, row in enumerate(self.rows, start=1):
            for col, column in enumerate(self.columns):
                shown_as = _write_cell(sheet, r, col, row.get(column.key), formats)
                widths[col] = min(max(widths[col], shown_as), 60)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width + 2)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return out.getvalue()


@dataclass(frozen=True)
class About:
    """What a downloaded workbook's first sheet says: the page it came from, its source, the filters
    (the query string's parameters) and when it was made."""

    title: str
    address: str
    filters: dict[str, str]
    made: dt.datetime
    source: str = "The peerlift register: files published by the Department for Education and Ofsted"


def _about_sheet(workbook: Any, about: About, table: Table) -> None:
    sheet = workbook.add_worksheet("About")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    filters = "; ".join(f"{k} = {v}" for k, v in about.filters.items()) or "none"
    lines = [
        ("What this file is", f"{table.caption} (from the page \u201c{about.title}\u201d)"),
        ("Page", about.address),
        ("Source", about.source),
        ("Filters", filters),
        ("Made", words.long_time(about.made)),
        ("Rows", str(len(table.rows))),
        ("Table", f"on the sheet \u201c{table.name[:31]}\u201d"),
    ]
    for r, (key, value) in enumerate(lines):
        sheet.write_string(r, 0, key, bold)
        sheet.write_string(r, 1, neutralise(value), wrap)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 90)


def _write_cell(sheet: Any, r: int, col: int, value: Any, formats: dict[str, Any]) -> int:
    """Writes one cell as its kind (nothing for a blank) and says how wide it reads."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        sheet.write_string(r, col, "Yes" if value else "No")
        return 3
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return 0
        sheet.write_number(r, col, value)
        return len(show(value))
    when = words.parse(value) if isinstance(value, str) else value
    if isinstance(when, dt.datetime):
        sheet.write_datetime(r, col, words.local(when).replace(tzinfo=None), formats["time"])
        return 26
    if isinstance(when, dt.date):
        sheet.write_datetime(r, col, dt.datetime.combine(when, dt.time()), formats["date"])
        return 18
    text = _export(value)
    label = words.cell(text)
    sheet.write_string(r, col, label if label is not None else text)
    return max((len(line) for line in (label or text).splitlines()), default=0)


def shown(value: Any, count: bool = False) -> str:
    """A cell as the page shows it: a date, time or code in words (``words.cell``), a count with
    thousands separators, else ``show``."""
    if count and isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, 0)
    return words.cell(value) or show(value)


def show(value: Any, decimals: int | None = None) -> str:
    """A value as a page shows it: no "None", integers such as URNs and years as they are (no
    thousands separators), other numbers with separators and ``decimals`` places, or when the
    measure's decimals are not known at most two, trailing zeros dropped (never a bare ".")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if decimals is not None:
            return number(value, decimals)
        shown = number(value, MOST_DECIMALS)
        return shown.rstrip("0").rstrip(".") if "." in shown else shown
    if isinstance(value, int) and decimals is not None:
        return number(value, decimals)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


MOST_DECIMALS = 2  # a figure whose measure says nothing of its decimals is shown to two at most
_WIDE = Context(prec=400)  # room for every float's digits


def number(value: float, decimals: int) -> str:
    """``value`` rounded half-up to ``decimals`` places with thousands separators; a value that rounds
    to zero is "0", never "-0"."""
    places = max(decimals, 0)
    exact = Decimal(repr(float(value)))  # the figure as written, so 2.675 rounds to 2.68
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE)
    if rounded.is_zero():
        rounded = abs(rounded)
    return f"{rounded:,.{places}f}"


def decimals_for(values: Iterable[Any]) -> int:
    """The fewest decimal places (at most two) that show every one of ``values`` as ``show`` would:
    one measure's figures in a table then line up with the same number of places."""
    needed = 0
    for value in values:
        if isinstance(value, float) and math.isfinite(value) and not isinstance(value, bool):
            text = show(value)
            if "." in text:
                needed = max(needed, len(text) - text.index(".") - 1)
    return needed


def _export(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))
