"""The LA's support summary and a provider's audit as PDF and XLSX, from the hand-made history of
tests/support_history.py (figures worked out on paper there)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
from support_history import HISTORY, summary_of_history

from peerlift.reports import support_audit


def _text(body: bytes, tmp_path: Path) -> str:
    assert body.startswith(b"%PDF")
    (tmp_path / "doc.pdf").write_bytes(body)
    info = subprocess.run(["pdfinfo", str(tmp_path / "doc.pdf")], capture_output=True, text=True, check=True)
    assert "842 x 595" in info.stdout or "841.89 x 595.276" in info.stdout  # A4 landscape
    return subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "doc.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_summary_pdf_holds_the_figures(tmp_path: Path) -> None:
    doc = support_audit.summary_document(summary_of_history(), "Testshire")
    text = _text(support_audit.pdf(doc), tmp_path)
    assert "Testshire: support agreements, as at 1 March 2026" in text
    assert "48.5" in text  # the median days to agreed of all agreements
    assert "Agreements overdue a review" in text and "Elm School" in text
    assert "not a comparison with similar schools" in text
    assert "Page 1 of" in text


def test_the_summary_workbook_has_a_sheet_per_table_with_numbers_as_numbers() -> None:
    doc = support_audit.summary_document(summary_of_history(), "Testshire")
    book = openpyxl.load_workbook(io.BytesIO(support_audit.xlsx(doc)))
    assert book.sheetnames[:4] == ["About", "overall", "by-category", "by-area"]
    assert "providers" in book.sheetnames and "outcomes" in book.sheetnames
    overall = book["overall"]
    header = [c.value for c in overall[2]]
    row = [c.value for c in overall[3]]
    assert row[header.index("Median days to agreed")] == 48.5
    assert row[header.index("Agreements")] == 5
    providers = book["providers"]
    header = [c.value for c in providers[2]]
    oak = next(r for r in providers.iter_rows(min_row=3, values_only=True) if r[0] == "Oak Primary")
    assert oak[header.index("Cost per delivered day (£)")] == 472.73
    overdue = book["overdue"]
    header = [c.value for c in overdue[2]]
    first = [c.value for c in overdue[3]]
    assert first[header.index("School")] == "Elm School" and first[header.index("Days overdue")] == 29
    assert first[header.index("Review due")].date().isoformat() == "2026-01-31"  # a real date cell


def test_a_provider_audit_renders(tmp_path: Path) -> None:
    found = summary_of_history()
    [oak] = [p for p in found["audit"]["providers"] if p["provider"] == "200001"]
    doc = support_audit.provider_document(oak, found["quality"], "Testshire", HISTORY.as_at)
    text = _text(support_audit.pdf(doc), tmp_path)
    assert "Testshire: audit of Oak Primary" in text
    assert "472.73" in text and "Birch School" in text
    book = openpyxl.load_workbook(io.BytesIO(support_audit.xlsx(doc)))
    assert book.sheetnames == ["About", "summary", "agreements", "ratings", "outcomes"]
    summary = {r[0]: r[1] for r in book["summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Days planned"] == 20 and summary["Days delivered"] == 11
    assert summary["Offers led under"] == "OF1"
