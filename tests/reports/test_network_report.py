"""The network report (reports/network_report.py) on hand-made data: its sheets, dates in words, and
the hook for the surveys' results per network (``survey_results``), which adds a sheet when given."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from peerlift.reports import network_report

LEVELS = {
    "heads": "Heads",
    "senior_leaders": "Senior leaders",
    "middle_leaders": "Middle leaders",
    "teachers": "Teachers",
    "governors": "Governors",
}
FOUND = {
    "network": {
        "id": 1,
        "name": "North cluster",
        "kind": "cluster",
        "kind_label": "Cluster",
        "lead": "",
        "la": 999,
        "la_name": "Demo City",
    },
    "members": [
        {"urn": 100001, "name": "Alder", "joined_on": None, "left_on": None, "current": True},
        {
            "urn": 100002,
            "name": "Birch",
            "joined_on": dt.date(2021, 9, 1),
            "left_on": dt.date(2025, 1, 15),
            "current": False,
        },
    ],
    "levels": {
        "levels": LEVELS,
        "beyond_heads_pct": 50.0,
        "periods": [
            {
                "period": "2024/25",
                "year": 2025,
                "activities": 2,
                "heads_pct": 100.0,
                "senior_leaders_pct": 50.0,
                "middle_leaders_pct": 0.0,
                "teachers_pct": 0.0,
                "governors_pct": 0.0,
            }
        ],
    },
    "activities": [{"date": dt.date(2024, 10, 10), "kind": "Meeting", "levels": "Heads", "notes": ""}],
    "outcomes": None,
}


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_workbook_has_a_sheet_per_table_with_dates_in_words() -> None:
    book = _book(network_report.render(FOUND, "xlsx"))
    assert book.sheetnames == ["members", "levels", "activities", "outcomes"]
    rows = list(book["members"].iter_rows(min_row=3, values_only=True))
    assert rows == [
        (100001, "Alder", "Before the records", None, "Yes"),
        (100002, "Birch", "1 September 2021", "15 January 2025", "No"),
    ]
    assert list(book["levels"].iter_rows(min_row=3, values_only=True)) == [("2024/25", 2, 100, 50, 0, 0, 0)]


def test_survey_results_add_their_own_sheet() -> None:
    survey = {
        "title": "Capacity and trust survey, autumn 2025",
        "columns": [("question", "Question", False), ("agree_pct", "% agree", True)],
        "rows": [{"question": "Heads in the network trust each other", "agree_pct": 80.0}],
    }
    book = _book(network_report.render(FOUND, "xlsx", survey_results=survey))
    assert book.sheetnames[-1] == "survey"
    assert book["survey"]["A1"].value == "Capacity and trust survey, autumn 2025"
    assert list(book["survey"].iter_rows(min_row=3, values_only=True)) == [
        ("Heads in the network trust each other", 80)
    ]


def test_the_pdf_is_made() -> None:
    assert network_report.render(FOUND, "pdf").startswith(b"%PDF")
