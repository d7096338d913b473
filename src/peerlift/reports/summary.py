"""The scaffold of a summary report (careers, a network, the LA's support agreements, a provider's
audit): a title, an "about" block saying what the figures stand on and where they come from, and
sections of charts and tables. ``pdf`` renders a report to an A4 PDF (weasyprint, from
templates/reports/summary.html), ``xlsx`` to a workbook whose first sheet, "About", says the same as
the about block, then one sheet per table: numbers as numbers, dates as dates, text a spreadsheet
would run as a formula made inert. The data pack's workbook uses the same About sheet (render.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from django.template import Context, Engine

from peerlift.domain.dates import long_date

Row = dict[str, Any]
Col = tuple[str, str, bool]  # key, heading, numeric
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
WIDE, NARROW = 12, 3  # a table of more columns is printed smaller; of at most so many, not page-wide
_engine = Engine(dirs=[str(Path(__file__).with_name("templates"))], autoescape=True, libraries={})


@dataclass(frozen=True)
class Sheet:
    """One table: its name (sheet and download), caption, columns and rows (values in words)."""

    name: str
    caption: str
    columns: list[Col]
    rows: list[Row]
    empty: str = "Nothing recorded."
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    """A chart (SVG) and what it shows, in words for those who cannot see it."""

    svg: str
    alt: str


@dataclass(frozen=True)
class Section:
    """Charts, then tables, under an optional heading and sentences."""

    sheets: list[Sheet]
    charts: list[Chart] = field(default_factory=list)
    title: str = ""
    intro: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class About:
    """What the figures stand on, where they come from, and when the report was made (and, where
    the figures are as at a day, which)."""

    stands_on: list[str]
    sources: list[str]
    made: dt.date
    as_at: dt.date | None = None

    def lines(self) -> list[tuple[str, str]]:
        found = [("What the figures stand on", line) for line in self.stands_on]
        found += [("Source", source) for source in self.sources]
        if self.as_at is not None:
            found.append(("Figures as at", long_date(self.as_at)))
        found.append(("Made", f"{long_date(self.made)} by peerlift"))
        return found


@dataclass(frozen=True)
class Report:
    title: str
    about: About
    sections: list[Section]
    intro: list[str] = field(default_factory=list)
    footer: str = ""  # the PDF's running footer (default: the title)
    landscape: bool = False

    @property
    def sheets(self) -> list[Sheet]:
        return [s for section in self.sections for s in section.sheets]


def show(value: Any) -> str:
    """A cell as a report prints it: no 'None', whole numbers without '.0', others to two places."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def cell_text(value: Any) -> str:
    """A cell as the PDF prints it: a date in words, else ``show``."""
    if isinstance(value, dt.date):
        return long_date(value)
    return show(value)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def inert(text: str) -> str:
    """Text a spreadsheet would run as a formula, with a leading apostrophe."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text.strip()):
        return "'" + text
    return text


# ---------------------------------------------------------------- PDF


def _table(sheet: Sheet) -> Row:
    return {
        "caption": sheet.caption,
        "columns": sheet.columns,
        "rows": [
            [(numeric, cell_text(row.get(key))) for key, _, numeric in sheet.columns] for row in sheet.rows
        ],
        "empty": sheet.empty,
        "notes": sheet.notes,
        "fit": "wide" if len(sheet.columns) > WIDE else "narrow" if len(sheet.columns) <= NARROW else "",
    }


def html(report: Report) -> str:
    sections = [
        {
            "title": s.title,
            "intro": s.intro,
            "pair": len(s.charts) > 1,
            "charts": [{"src": data_uri(c.svg), "alt": c.alt} for c in s.charts],
            "tables": [_table(sheet) for sheet in s.sheets],
        }
        for s in report.sections
    ]
    context = {
        "title": report.title,
        "footer": report.footer or report.title,
        "landscape": report.landscape,
        "intro": report.intro,
        "about": report.about,
        "sections": sections,
        "made": long_date(report.about.made),
        "as_at": long_date(report.about.as_at) if report.about.as_at else "",
    }
    return _engine.get_template("reports/summary.html").render(Context(context))


def pdf(report: Report) -> bytes:
    import weasyprint  # Pango is loaded on first use: only what makes PDFs needs it

    return bytes(weasyprint.HTML(string=html(report)).write_pdf())


# ---------------------------------------------------------------- XLSX


class Cells:
    """Writes values into a workbook's sheets as their kind: numbers, dates, Yes/No, inert text."""

    def __init__(self, workbook: Any) -> None:
        self.bold = workbook.add_format({"bold": True})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.day = workbook.add_format({"num_format": "d mmmm yyyy"})

    def write(self, page: Any, r: int, col: int, value: Any) -> None:
        if isinstance(value, bool):
            page.write_string(r, col, show(value))
        elif isinstance(value, int | float):
            page.write_number(r, col, value)
        elif isinstance(value, dt.date):
            page.write_datetime(r, col, dt.datetime.combine(value, dt.time()), self.day)
        elif value is not None:
            page.write_string(r, col, inert(show(value)))

    def rows(
        self,
        page: Any,
        start: int,
        columns: Sequence[tuple[str, str]],
        rows: Sequence[Row],
        freeze: bool = True,
    ) -> int:
        """A header row of the columns' labels at ``start`` and the rows under it (the rows above
        them frozen); the next free row."""
        for col, (_, label) in enumerate(columns):
            page.write_string(start, col, label, self.bold)
        for r, row in enumerate(rows, start=start + 1):
            for col, (key, _) in enumerate(columns):
                self.write(page, r, col, row.get(key))
        if freeze:
            page.freeze_panes(start + 1, 0)
        return start + 1 + len(rows)


def about_sheet(
    workbook: Any, cells: Cells, title: str, about: About, sheets: Sequence[tuple[str, str]]
) -> None:
    """The first sheet: the report's title, what its figures stand on, its sources, its dates in
    words, and the sheets that follow (name, caption)."""
    page = workbook.add_worksheet("About")
    page.write_string(0, 0, inert(title), cells.bold)
    lines = [*about.lines(), *((f"Sheet \u201c{name[:31]}\u201d", caption) for name, caption in sheets)]
    for r, (key, value) in enumerate(lines, start=1):
        page.write_string(r, 0, key, cells.bold)
        page.write_string(r, 1, inert(value), cells.wrap)
    page.set_column(0, 0, 28)
    page.set_column(1, 1, 100)


def xlsx(report: Report) -> bytes:
    """The About sheet, then a sheet per table: its caption, the headings, the rows, then the notes
    (or what an empty table means)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    cells = Cells(workbook)
    about_sheet(workbook, cells, report.title, report.about, [(s.name, s.caption) for s in report.sheets])
    for sheet in report.sheets:
        page = workbook.add_worksheet(sheet.name[:31])
        page.write_string(0, 0, inert(sheet.caption), cells.bold)
        last = cells.rows(page, 1, [(key, label) for key, label, _ in sheet.columns], sheet.rows)
        for n, note in enumerate(sheet.notes if sheet.rows else [sheet.empty, *sheet.notes]):
            page.write_string(last + 1 + n, 0, inert(note))
    workbook.close()
    return out.getvalue()


def render(report: Report, fmt: str) -> bytes:
    """The report as ``pdf`` or ``xlsx`` (the formats of FORMATS)."""
    return pdf(report) if fmt == "pdf" else xlsx(report)
