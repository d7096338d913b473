"""Every summary report (reports/summary.py: careers, a network, the LA's support agreements, a
provider's audit) opens its workbook with an About sheet naming its sources and its dates in words;
and the scaffold writes cells as their kind."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from network_report_data import FOUND, SURVEY
from support_history import HISTORY, summary_of_history

from peerlift.reports import careers_summary, network_report, summary, support_audit

IN_WORDS = re.compile(
    r"^[1-9][0-9]? (January|February|March|April|May|June|July|August|September|October|November|December)"
    r" 20[0-9]{2}"
)
CAREERS = {
    "la": 999,
    "year": 2025,
    "schools": 2,
    "average_achieved": 5.5,  # (8 + 3) / 2
    "pct_at_least_3": 100.0,
    "pct_at_least_4": 50.0,
    "pct_all_8": 50.0,
    "national_average": 5.96,
    "national_average_source": "The Careers & Enterprise Company, Careers education 2025",
    "by_benchmark": {f"gb{n}": 100.0 if n <= 3 else 50.0 for n in range(1, 9)},
    "per_school": [
        {"urn": 100001, "name": "Alder", "achieved": 8, **{f"gb{n}": 100.0 for n in range(1, 9)}},
        {
            "urn": 100002,
            "name": "Birch",
            "achieved": 3,
            **{f"gb{n}": 100.0 if n <= 3 else 40.0 for n in range(1, 9)},
        },
    ],
}


def _provider() -> summary.Report:
    found = summary_of_history()
    [oak] = [p for p in found["audit"]["providers"] if p["provider"] == "200001"]
    return support_audit.provider_document(oak, found["quality"], "Testshire", HISTORY.as_at)


REPORTS = {
    "careers": (
        lambda: careers_summary.render(CAREERS, "Demo City", "xlsx"),
        ["Gatsby", "Careers & Enterprise"],
    ),
    "network": (lambda: network_report.render(FOUND, "xlsx"), ["network members and activities", "Ofsted"]),
    "network with its survey": (
        lambda: network_report.render(FOUND, "xlsx", survey_results=SURVEY),
        ["network members and activities", "survey round \u201cNorth cluster: capacity and trust\u201d"],
    ),
    "support summary": (
        lambda: support_audit.xlsx(support_audit.summary_document(summary_of_history(), "Testshire")),
        ["support agreements", "casework", "Ofsted"],
    ),
    "provider audit": (lambda: support_audit.xlsx(_provider()), ["support agreements", "Ofsted"]),
}


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_summary_report_opens_with_an_about_sheet(name: str) -> None:
    make, sources = REPORTS[name]
    book = openpyxl.load_workbook(io.BytesIO(make()))
    assert book.sheetnames[0] == "About"
    lines = [(k, v) for k, v in book["About"].iter_rows(min_row=2, max_col=2, values_only=True)]
    named = [v for k, v in lines if k == "Source"]
    for source in sources:
        assert any(source in s for s in named), (name, source, named)
    [made] = [v for k, v in lines if k == "Made"]
    assert IN_WORDS.match(made) and made.endswith(" by peerlift"), made
    assert [v for k, v in lines if k == "What the figures stand on"]
    listed = [k for k, _ in lines if k.startswith("Sheet ")]
    assert listed == [f"Sheet \u201c{s}\u201d" for s in book.sheetnames[1:]]  # every sheet, in order
    for key, value in lines:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", f"{key} {value}"), (key, value)  # no ISO date


def test_figures_as_at_a_day_say_it_in_words() -> None:
    book = openpyxl.load_workbook(io.BytesIO(support_audit.xlsx(_provider())))
    lines = dict(book["About"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert lines["Figures as at"] == "1 March 2026"  # tests/support_history.py's as_at


def test_cells_are_written_as_their_kind_and_empty_tables_say_why() -> None:
    report = summary.Report(
        "Test",
        summary.About(["Made up."], ["By hand"], dt.date(2026, 2, 1)),
        [
            summary.Section(
                [
                    summary.Sheet(
                        "t",
                        "A table",
                        [("a", "A", True), ("b", "B", False), ("c", "C", False), ("d", "D", False)],
                        [{"a": 2.5, "b": True, "c": dt.date(2026, 1, 31), "d": "=1+1"}],
                    ),
                    summary.Sheet("e", "Empty", [("a", "A", True)], [], empty="None yet.", notes=["A note."]),
                ]
            )
        ],
    )
    book = openpyxl.load_workbook(io.BytesIO(summary.xlsx(report)))
    assert dict(book["About"].iter_rows(min_row=2, max_col=2, values_only=True))["Made"] == (
        "1 February 2026 by peerlift"
    )
    row = next(book["t"].iter_rows(min_row=3, values_only=True))
    assert row == (2.5, "Yes", dt.datetime(2026, 1, 31), "'=1+1")
    assert [r[0] for r in book["e"].iter_rows(min_row=3, values_only=True) if r[0]] == [
        "None yet.",
        "A note.",
    ]
    page = summary.html(report)
    assert "31 January 2026" in page and "None yet." in page and "1 February 2026 by peerlift" in page
