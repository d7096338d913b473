"""A data pack as a standalone HTML page, a PDF (weasyprint, from the same template) and an XLSX.

The HTML carries its own print stylesheet (A4, page numbers, a contents list with page numbers) and
its charts as SVG images, so the file opens anywhere and prints as the PDF does. The workbook has one
sheet per table, numbers as numbers (text that a spreadsheet would run as a formula is made inert).
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import xlsxwriter
from django.template import Context, Engine

from peerlift.domain.dates import long_date
from peerlift.reports.datapack import Pack

TEMPLATES = Path(__file__).with_name("templates")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

_engine = Engine(dirs=[str(TEMPLATES)], autoescape=True, libraries={})


def show(value: Any) -> str:
    """A cell as the pack prints it: no 'None', whole numbers without '.0', others to two places."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def _context(pack: Pack) -> dict[str, Any]:
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "intro": s.intro,
            "charts": [
                {"title": c.title, "alt": c.alt, "src": data_uri(c.svg), "table": c.table} for c in s.charts
            ],
            "tables": [
                {
                    "name": t.name,
                    "caption": t.caption,
                    "columns": t.columns,
                    "rows": [[(c.numeric, show(r.get(c.key))) for c in t.columns] for r in t.rows],
                    "empty": t.empty,
                    "notes": t.notes,
                }
                for t in s.tables
            ],
        }
        for s in pack.sections
    ]
    return {"pack": pack, "sections": sections, "made": long_date(pack.made_at)}


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def html(pack: Pack) -> str:
    """The pack as one HTML document (styles and charts inside it)."""
    return _engine.get_template("reports/datapack.html").render(Context(_context(pack)))


def pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF, from the same HTML."""
    import weasyprint  # Pango is loaded on first use: only commands that make PDFs need it

    return bytes(weasyprint.HTML(string=html(pack)).write_pdf())


def xlsx(pack: Pack) -> bytes:
    """One sheet per table (and a first sheet naming them), numbers as numbers."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    contents = workbook.add_worksheet("contents")
    contents.write_string(0, 0, f"Data pack: {pack.name} (URN {pack.urn})", bold)
    contents.write_string(1, 0, pack.family_note)
    for row, note in enumerate(pack.notes, start=2):
        contents.write_string(row, 0, note)
    start = 3 + len(pack.notes)
    contents.write_string(start, 0, "Sheet", bold)
    contents.write_string(start, 1, "Table", bold)
    for offset, table in enumerate(pack.tables, start=1):
        contents.write_string(start + offset, 0, table.name[:31])
        contents.write_string(start + offset, 1, table.caption)
        sheet = workbook.add_worksheet(table.name[:31])
        for col, column in enumerate(table.columns):
            sheet.write_string(0, col, column.label, bold)
        for r, record in enumerate(table.rows, start=1):
            for col, column in enumerate(table.columns):
                value = record.get(column.key)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(r, col, value)
                elif value is not None:
                    sheet.write_string(r, col, _inert(show(value)))
        sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()


def _inert(text: str) -> str:
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text.strip()):
        return "'" + text
    return text


RENDERERS = {"html": lambda p: html(p).encode(), "pdf": pdf, "xlsx": xlsx}


def render(pack: Pack, fmt: str) -> bytes:
    """The pack in one of the formats of RENDERERS."""
    return bytes(RENDERERS[fmt](pack))
