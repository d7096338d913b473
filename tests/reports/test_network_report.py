"""The network report (reports/network_report.py) on hand-made data: its sheets, dates in words, and
the hook for the surveys' results per network (``survey_results``), which adds a sheet when given."""

from __future__ import annotations

import io

import openpyxl
from network_report_data import FOUND, SURVEY

from peerlift.reports import network_report


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_workbook_has_a_sheet_per_table_with_dates_in_words() -> None:
    book = _book(network_report.render(FOUND, "xlsx"))
    assert book.sheetnames == ["About", "members", "levels", "activities", "outcomes"]
    rows = list(book["members"].iter_rows(min_row=3, values_only=True))
    assert rows == [
        (100001, "Alder", "Before the records", None, "Yes"),
        (100002, "Birch", "1 September 2021", "15 January 2025", "No"),
    ]
    assert list(book["levels"].iter_rows(min_row=3, values_only=True)) == [("2024/25", 2, 100, 50, 0, 0, 0)]


def test_survey_results_add_their_own_sheets_with_aggregates_only() -> None:
    book = _book(network_report.render(FOUND, "xlsx", survey_results=SURVEY))
    assert book.sheetnames[-2:] == ["survey", "survey-words"]
    survey = book["survey"]
    assert survey["A1"].value == (
        "North cluster: capacity and trust: each question's answers, beside North cluster: capacity and "
        "trust, 2024"
    )
    rows = list(survey.iter_rows(min_row=3, max_row=3, values_only=True))
    assert rows == [(1, "Leaders in our network trust one another.", 6, 83.3, 3.17, 60, 23.3)]
    words = list(book["survey-words"].iter_rows(min_row=3, max_row=4, values_only=True))
    assert words == [
        (2, "What would most improve your network?", "time", 3),
        (2, "What would most improve your network?", "Not grouped with another", 2),
    ]
    sources = [r[1] for r in book["About"].iter_rows(values_only=True) if r[0] == "Source"]
    assert any("3 November 2025 to 28 November 2025" in s for s in sources)


def test_the_pdf_has_the_survey_section(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    (tmp_path / "r.pdf").write_bytes(network_report.render(FOUND, "pdf", survey_results=SURVEY))
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Capacity and trust survey" in text and "5 of the 6 schools asked answered" in text
    assert "83.3" in text and "time" in text


def test_the_pdf_is_made() -> None:
    assert network_report.render(FOUND, "pdf").startswith(b"%PDF")
