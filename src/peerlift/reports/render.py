"""A data pack as a standalone HTML page, a PDF (weasyprint, from the same template) and an XLSX.

The HTML carries its own print stylesheet (A4, page numbers, a contents list with page numbers) and
its charts as SVG images, so the file opens anywhere and prints as the PDF does. The workbook starts
with the About sheet of every report (reports/summary.py: what the figures stand on, their sources,
the date in words), then a contents sheet, then one sheet per table, numbers as numbers (text that a
spreadsheet would run as a formula is made inert).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import xlsxwriter
from django.template import Context, Engine

from peerlift.domain.dates import long_date
from peerlift.reports import summary
from peerlift.reports.datapack import Pack, about
from peerlift.reports.summary import cell_text, data_uri, show

__all__ = ["RENDERERS", "data_uri", "html", "pdf", "render", "show", "xlsx"]
TEMPLATES = Path(__file__).with_name("templates")

_engine = Engine(dirs=[str(TEMPLATES)], autoescape=True, libraries={})


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
                    "rows": [[(c.numeric, cell_text(r.get(c.key))) for c in t.columns] for r in t.rows],
                    "empty": t.empty,
                    "notes": t.notes,
                }
                for t in s.tables
            ],
        }
        for s in pack.sections
    ]
    return {"pack": pack, "sections": sections, "made": long_date(pack.made_at)}


def html(pack: Pack) -> str:
    """The pack as one HTML document (styles and charts inside it)."""
    return _engine.get_template("reports/datapack.html").render(Context(_context(pack)))


def pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF, from the same HTML."""
    import weasyprint  # Pango is loaded on first use: only commands that make PDFs need it

    return bytes(weasyprint.HTML(string=html(pack)).write_pdf())


def xlsx(pack: Pack) -> bytes:
    """The About sheet, a contents sheet naming the tables, then one sheet per table."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    cells = summary.Cells(workbook)
    sheets = [(t.name, t.caption) for t in pack.tables]
    summary.about_sheet(workbook, cells, f"Data pack: {pack.name} (URN {pack.urn})", about(pack), sheets)
    contents = workbook.add_worksheet("contents")
    contents.write_string(0, 0, summary.inert(f"Data pack: {pack.name} (URN {pack.urn})"), cells.bold)
    for row, note in enumerate([pack.family_note, *pack.notes], start=1):
        contents.write_string(row, 0, summary.inert(note))
    start = 3 + len(pack.notes)
    cells.rows(
        contents,
        start,
        [("name", "Sheet"), ("caption", "Table")],
        [{"name": n[:31], "caption": c} for n, c in sheets],
        freeze=False,
    )
    for table in pack.tables:
        sheet = workbook.add_worksheet(table.name[:31])
        cells.rows(sheet, 0, [(c.key, c.label) for c in table.columns], table.rows)
    workbook.close()
    return out.getvalue()


RENDERERS = {"html": lambda p: html(p).encode(), "pdf": pdf, "xlsx": xlsx}


def render(pack: Pack, fmt: str) -> bytes:
    """The pack in one of the formats of RENDERERS."""
    return bytes(RENDERERS[fmt](pack))
