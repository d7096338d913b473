"""A network's report (issue 15) as an A4 PDF and a workbook: its members over time, its activities
and who took part by level (with the chart of it), and its outcomes beside the LA's other networks.
The same figures as the network's pages; the data is gathered by web/network_data.report_data.

``survey_results`` is the hook for the capacity-and-trust survey of the network (the surveys work,
issue 15): a dict ``{"title": str, "rows": [{"question": str, "answers": int, ...}], "columns":
[(key, label, numeric)]}`` shown as its own table and sheet when given; None leaves it out.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import xlsxwriter
from django.template import Context, Engine

from peerlift.domain.dates import long_date
from peerlift.reports.careers_summary import Sheet
from peerlift.reports.charts import levels_chart
from peerlift.reports.render import _inert, data_uri, show

_engine = Engine(dirs=[str(Path(__file__).with_name("templates"))], autoescape=True, libraries={})
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OUTCOME_MEASURES = (
    ("members", "Current members"),
    ("good_or_better_pct", "% good or better (latest inspection)"),
    ("good_or_better_pct_year_before", "% good or better a year before"),
    ("trend", "Change over the year (percentage points)"),
    ("la_good_or_better_pct", "The LA's % good or better"),
    ("against_la", "Against the LA (percentage points)"),
    ("with_family_result", "Members with a result beside their family"),
    ("above_family", "Of those, above their family's mean"),
    ("mean_difference_from_family", "Mean difference from the family"),
)


def _date(value: dt.date | None) -> str | None:
    return long_date(value) if value is not None else None


def sheets(found: dict[str, Any], survey_results: dict[str, Any] | None = None) -> list[Sheet]:
    levels: dict[str, str] = found["levels"]["levels"]
    outcome = found.get("outcomes") or {}
    result = [
        Sheet(
            "members",
            "Members over time",
            [
                ("urn", "URN", True),
                ("name", "School", False),
                ("joined", "Joined", False),
                ("left", "Left", False),
                ("current", "A member now", False),
            ],
            [
                {
                    **m,
                    "joined": _date(m["joined_on"]) or "Before the records",
                    "left": _date(m["left_on"]),
                }
                for m in found["members"]
            ],
        ),
        Sheet(
            "levels",
            "Share of activities with each level taking part (%)",
            [("period", "School year", False), ("activities", "Activities", True)]
            + [(f"{code}_pct", label, True) for code, label in levels.items()],
            found["levels"]["periods"],
        ),
        Sheet(
            "activities",
            "Activities",
            [
                ("day", "Date", False),
                ("kind", "Kind", False),
                ("levels", "Who took part", False),
                ("notes", "Notes", False),
            ],
            [{**a, "day": _date(a["date"])} for a in found["activities"]],
        ),
        Sheet(
            "outcomes",
            "Outcomes of the current members",
            [("measure", "Measure", False), ("value", "Value", True)],
            [{"measure": label, "value": outcome.get(key)} for key, label in OUTCOME_MEASURES]
            if outcome
            else [],
        ),
    ]
    if survey_results is not None:
        result.append(
            Sheet(
                "survey",
                str(survey_results.get("title", "Capacity and trust survey")),
                list(survey_results.get("columns", [])),
                list(survey_results.get("rows", [])),
            )
        )
    return result


def html(found: dict[str, Any], survey_results: dict[str, Any] | None = None) -> str:
    tables = [
        {
            "caption": sheet.caption,
            "columns": sheet.columns,
            "rows": [
                [(numeric, show(row.get(key))) for key, _, numeric in sheet.columns] for row in sheet.rows
            ],
        }
        for sheet in sheets(found, survey_results)
    ]
    periods = found["levels"]["periods"]
    network = found["network"]
    chart = (
        levels_chart(periods, found["levels"]["levels"], "Who took part, by school year") if periods else ""
    )
    context = {
        "network": network,
        "tables": tables,
        "chart": data_uri(chart) if chart else "",
        "beyond_heads": found["levels"]["beyond_heads_pct"],
        "made": long_date(dt.date.today()),
    }
    return _engine.get_template("reports/network.html").render(Context(context))


def pdf(found: dict[str, Any], survey_results: dict[str, Any] | None = None) -> bytes:
    import weasyprint  # Pango is loaded on first use: only what makes PDFs needs it

    return bytes(weasyprint.HTML(string=html(found, survey_results)).write_pdf())


def xlsx(found: dict[str, Any], survey_results: dict[str, Any] | None = None) -> bytes:
    """A sheet per table, numbers as numbers, text a spreadsheet would run as a formula made inert."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    for sheet in sheets(found, survey_results):
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


def render(found: dict[str, Any], fmt: str, survey_results: dict[str, Any] | None = None) -> bytes:
    """The report as ``pdf`` or ``xlsx``; ``survey_results``: the network's survey (see above)."""
    return pdf(found, survey_results) if fmt == "pdf" else xlsx(found, survey_results)
