"""An LA's careers summary (analysis.careers.summary, as ``peerlift careers`` gives it) as an A4 PDF and
a workbook: the headline beside England's published average, each benchmark's share with the chart of
it, and each school's benchmarks. The same figures as the careers page."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from django.template import Context, Engine

from peerlift.analysis.careers import BENCHMARK_NAMES, BENCHMARKS
from peerlift.domain.dates import long_date
from peerlift.domain.years import academic
from peerlift.reports.charts import gatsby_chart
from peerlift.reports.render import _inert, data_uri, show

_engine = Engine(dirs=[str(Path(__file__).with_name("templates"))], autoescape=True, libraries={})
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Sheet:
    """One table of the summary: its sheet name, caption, columns (key, label, numeric) and rows."""

    name: str
    caption: str
    columns: list[tuple[str, str, bool]]
    rows: list[dict[str, Any]]


def year_words(found: dict[str, Any]) -> str:
    """The school year in words, or what stands for it when the LA has no results."""
    return academic(found["year"]) if found["year"] is not None else "no year (no results recorded)"


def sheets(found: dict[str, Any], la_name: str) -> list[Sheet]:
    year = year_words(found)
    headline = [
        ("Schools with results", found["schools"], None),
        ("Average number of benchmarks fully achieved", found["average_achieved"], found["national_average"]),
        ("% of schools achieving at least 3", found["pct_at_least_3"], None),
        ("% of schools achieving at least 4", found["pct_at_least_4"], None),
        ("% of schools achieving all 8", found["pct_all_8"], None),
    ]
    return [
        Sheet(
            "summary",
            f"{la_name}: careers in {year}",
            [
                ("measure", "Measure", False),
                ("la", la_name, True),
                ("england", "England (published average)", True),
            ],
            [{"measure": m, "la": la, "england": e} for m, la, e in headline] if found["schools"] else [],
        ),
        Sheet(
            "benchmarks",
            "Schools fully achieving each benchmark (%)",
            [("benchmark", "Benchmark", False), ("name", "What it is", False), ("pct", "% of schools", True)],
            [
                {"benchmark": key.upper(), "name": BENCHMARK_NAMES[key], "pct": found["by_benchmark"][key]}
                for key in BENCHMARKS
            ]
            if found["schools"]
            else [],
        ),
        Sheet(
            "schools",
            "Each school's benchmarks (% achieved; 100 is fully achieved)",
            [("urn", "URN", True), ("name", "School", False), ("achieved", "Fully achieved", True)]
            + [(key, key.upper(), True) for key in BENCHMARKS],
            found["per_school"],
        ),
    ]


def html(found: dict[str, Any], la_name: str) -> str:
    tables = [
        {
            "caption": sheet.caption,
            "columns": sheet.columns,
            "rows": [
                [(numeric, show(row.get(key))) for key, _, numeric in sheet.columns] for row in sheet.rows
            ],
        }
        for sheet in sheets(found, la_name)
    ]
    chart = (
        gatsby_chart(found["by_benchmark"], BENCHMARK_NAMES, academic(found["year"]))
        if found["schools"]
        else ""
    )
    context = {
        "la_name": la_name,
        "year": year_words(found),
        "tables": tables,
        "chart": data_uri(chart) if chart else "",
        "source": found["national_average_source"],
        "made": long_date(dt.date.today()),
    }
    return _engine.get_template("reports/careers.html").render(Context(context))


def pdf(found: dict[str, Any], la_name: str) -> bytes:
    import weasyprint  # Pango is loaded on first use: only what makes PDFs needs it

    return bytes(weasyprint.HTML(string=html(found, la_name)).write_pdf())


def xlsx(found: dict[str, Any], la_name: str) -> bytes:
    """A sheet per table, numbers as numbers, text a spreadsheet would run as a formula made inert."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    for sheet in sheets(found, la_name):
        page = workbook.add_worksheet(sheet.name)
        page.write_string(0, 0, sheet.caption, bold)
        for col, (_, label, _) in enumerate(sheet.columns):
            page.write_string(1, col, label, bold)
        for r, row in enumerate(sheet.rows, start=2):
            for col, (key, _, _) in enumerate(sheet.columns):
                value = row.get(key)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    page.write_number(r, col, value)
                elif value is not None:
                    page.write_string(r, col, _inert(show(value)))
        page.freeze_panes(2, 0)
    workbook.close()
    return out.getvalue()


def render(found: dict[str, Any], la_name: str, fmt: str) -> bytes:
    return pdf(found, la_name) if fmt == "pdf" else xlsx(found, la_name)
