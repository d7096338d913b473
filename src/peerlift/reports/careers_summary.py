"""An LA's careers summary (analysis.careers.summary, as ``peerlift careers`` gives it) as an A4 PDF and
a workbook (reports/summary.py): the headline beside England's published average, each benchmark's
share with the chart of it, and each school's benchmarks. The same figures as the careers page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peerlift.analysis.careers import BENCHMARK_NAMES, BENCHMARKS
from peerlift.domain.years import academic
from peerlift.reports import summary
from peerlift.reports.charts import gatsby_chart
from peerlift.reports.summary import FORMATS, Sheet

__all__ = ["FORMATS", "Sheet", "render", "report", "sheets"]
NONE_RECORDED = "No Gatsby benchmark results are recorded for the LA."
STANDS_ON = (
    "A benchmark counts as fully achieved at 100%; one a school did not report counts as not achieved. "
    "Percentages are of the LA's schools with results that year."
)


def benchmark_label(key: str) -> str:
    """'Benchmark 1' for gb1."""
    return f"Benchmark {key.removeprefix('gb')}"


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
            empty=NONE_RECORDED,
        ),
        Sheet(
            "benchmarks",
            "Schools fully achieving each benchmark (%)",
            [("benchmark", "Benchmark", False), ("name", "What it is", False), ("pct", "% of schools", True)],
            [
                {
                    "benchmark": benchmark_label(key),
                    "name": BENCHMARK_NAMES[key],
                    "pct": found["by_benchmark"][key],
                }
                for key in BENCHMARKS
            ]
            if found["schools"]
            else [],
            empty=NONE_RECORDED,
        ),
        Sheet(
            "schools",
            "Each school's benchmarks (% achieved; 100 is fully achieved) and how many of the 8 it fully "
            "achieved",
            [("urn", "URN", True), ("name", "School", False), ("achieved", "Fully achieved", True)]
            + [(key, f"{benchmark_label(key)} (%)", True) for key in BENCHMARKS],
            found["per_school"],
            empty=NONE_RECORDED,
        ),
    ]


def report(found: dict[str, Any], la_name: str) -> summary.Report:
    year = year_words(found)
    charts = (
        [
            summary.Chart(
                gatsby_chart(found["by_benchmark"], BENCHMARK_NAMES, academic(found["year"])),
                "Bar chart of the % of schools fully achieving each benchmark",
            )
        ]
        if found["schools"]
        else []
    )
    source = found.get("national_average_source")
    return summary.Report(
        f"{la_name}: careers and the Gatsby benchmarks, {year}",
        summary.About(
            [STANDS_ON, f"{found['schools']} schools have results for {year}."],
            [
                f"The Gatsby benchmark results {la_name} recorded for its schools (peerlift's Gatsby "
                "benchmarks template, or entered on the careers page)",
                *([f"England: {source}"] if source else []),
            ],
            dt.date.today(),
        ),
        [summary.Section(sheets(found, la_name), charts)],
        footer=f"{la_name}: careers summary {year}",
    )


def render(found: dict[str, Any], la_name: str, fmt: str) -> bytes:
    return summary.render(report(found, la_name), fmt)
