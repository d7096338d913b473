"""``peerlift support timeliness`` and ``support audit`` on agreements made and walked through the
milestones with ``peerlift support`` itself; figures worked out by hand.

As at 1 April 2026, LA 999:
  A  Brook Primary's need N1 (reading, raised 1 Sep 2025), led by Hill Top Primary (URN 990002,
     offer O1), 6 days, £1,800: agreed 29 Sep (28 days), first meeting 6 Oct (35 days); delivered
     1.5 + 2 = 3.5 days (£1,800 / 3.5 = £514.29 a day); in delivery 10 Nov; reviewed 15 Dec (amber,
     quality 3, next 23 Mar 2026). Due at the earlier of 23 Mar and 15 Dec + 91 days = 16 Mar:
     16 days overdue on 1 Apr, its next review date passed too.
  B  Ash Primary's need N2 (maths, raised 1 Sep 2025), led by the Maths Hub (no URN, no offer),
     4 days: agreed 1 Oct (30 days), no first meeting yet.
  Overall days to agreed 28 and 30: median 29, mean 29.0, longest 30. N3 (open, raised 1 Dec 2025):
  31 + 31 + 28 + 31 = 121 days unmatched.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from cli_runner import run

from peerlift.store.models import Establishment, SupportAgreement
from peerlift.web import brokerage_changes

pytestmark = pytest.mark.django_db(transaction=True)

LA = 999
BROOK, HILL, ASH = 990001, 990002, 990003


def _ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


@pytest.fixture
def agreements() -> tuple[str, str]:
    for urn, name in ((BROOK, "Brook Primary"), (HILL, "Hill Top Primary"), (ASH, "Ash Primary")):
        Establishment.objects.create(urn=urn, la_code=LA, name=name, phase="Primary")
    for need_id, urn, area, raised in (
        ("N1", BROOK, "reading", dt.date(2025, 9, 1)),
        ("N2", ASH, "maths", dt.date(2025, 9, 1)),
        ("N3", ASH, "writing", dt.date(2025, 12, 1)),
    ):
        brokerage_changes.save_need(
            "officer",
            LA,
            {"need_id": need_id, "urn": urn, "area": area, "urgency": 3, "days": 6, "raised_on": raised},
        )
    brokerage_changes.save_offer(
        "officer",
        LA,
        {
            "offer_id": "O1",
            "supporter_urn": HILL,
            "supporter_name": "Hill Top Primary",
            "kind": "school",
            "areas": ["reading", "maths"],
            "phases": ["primary"],
            "capacity_days": 20,
        },
    )
    _ok("support", "create", "--la", "999", "--need", "N1", "--offer", "O1", "--days", "6", "--cost", "1800",
        "--on", "2025-09-20")  # fmt: skip
    a = str(SupportAgreement.objects.get(supported_urn=BROOK).pk)
    _ok("support", "advance", a, "--to", "agreed", "--on", "2025-09-29")
    _ok("support", "advance", a, "--to", "first_meeting", "--on", "2025-10-06")
    _ok("support", "deliver", a, "--days", "1.5", "--on", "2025-10-06")
    _ok("support", "deliver", a, "--days", "2", "--on", "2025-10-20")
    _ok("support", "advance", a, "--to", "diagnosis", "--on", "2025-10-20")
    _ok("support", "objective", a, "--area", "reading", "--text", "Phonics", "--measure", "80% pass")
    _ok("support", "advance", a, "--to", "plan_agreed", "--on", "2025-11-03")
    _ok("support", "advance", a, "--to", "in_delivery", "--on", "2025-11-10")
    _ok("support", "review", a, "--progress", "amber", "--quality", "3", "--reviewer", "Brook head",
        "--on", "2025-12-15", "--next", "2026-03-23")  # fmt: skip
    _ok("support", "create", "--la", "999", "--need", "N2", "--supporter-name", "Maths Hub",
        "--kind", "teaching_school_hub", "--days", "4", "--on", "2025-09-10")  # fmt: skip
    b = str(SupportAgreement.objects.get(supported_urn=ASH).pk)
    _ok("support", "advance", b, "--to", "agreed", "--on", "2025-10-01")
    return a, b


def test_timeliness_json(agreements: tuple[str, str]) -> None:
    a, b = agreements
    found = json.loads(
        _ok("support", "timeliness", "--la", "999", "--as-at", "2026-04-01", "--format", "json")
    )
    overall = found["overall"]
    assert (overall["agreements"], overall["agreed"], overall["agreed_median"], overall["agreed_mean"]) == (
        2,
        2,
        29,
        29.0,
    )
    assert (overall["agreed_max"], overall["first_meeting"], overall["first_meeting_median"]) == (30, 1, 35)
    rows = {str(r["agreement"]): r for r in found["agreements"]}
    assert (rows[a]["trigger"], rows[a]["trigger_on"], rows[a]["days_to_agreed"]) == (
        "need",
        "2025-09-01",
        28,
    )
    assert rows[b]["days_to_first_meeting"] is None
    assert {r["area"]: r["agreed_median"] for r in found["by_area"]} == {"maths": 30, "reading": 28}
    [overdue] = found["overdue_reviews"]
    assert (str(overdue["agreement"]), overdue["due_on"], overdue["days_overdue"], overdue["why"]) == (
        a,
        "2026-03-16",
        16,
        "next_review_passed",
    )
    assert [(n["need"], n["days_waiting"]) for n in found["unmatched_needs"]] == [("N3", 121)]


def test_audit_json_by_offer_urn_or_all(agreements: tuple[str, str]) -> None:
    by_offer = json.loads(_ok("support", "audit", "--la", "999", "--provider", "O1", "--format", "json"))
    [hill] = by_offer["providers"]
    assert (hill["provider"], hill["name"], hill["days_planned"], hill["days_delivered"]) == (
        "990002",
        "Hill Top Primary",
        6,
        3.5,
    )
    assert (hill["cost_per_delivered_day"], hill["ratings"]["amber"], hill["ratings"]["quality_mean"]) == (
        514.29,
        1,
        3.0,
    )
    by_urn = json.loads(_ok("support", "audit", "--la", "999", "--provider", "990002", "--format", "json"))
    assert by_urn["providers"] == by_offer["providers"]
    every = json.loads(_ok("support", "audit", "--la", "999", "--format", "json"))
    assert [p["name"] for p in every["providers"]] == ["Hill Top Primary", "Maths Hub"]
    assert every["note"] == "descriptive: not a comparison with similar schools not supported"
    code, _, err = run("support", "audit", "--la", "999", "--provider", "O9")
    assert code == 1 and "no agreement of LA 999 is led by 'O9'" in " ".join(err.split())


def test_reports_are_written_with_output(agreements: tuple[str, str], tmp_path: Path) -> None:
    summary = tmp_path / "summary.pdf"
    assert _ok("support", "timeliness", "--la", "999", "--output", str(summary)).startswith("Wrote")
    assert summary.read_bytes().startswith(b"%PDF")
    audit = tmp_path / "hill.xlsx"
    _ok("support", "audit", "--la", "999", "--provider", "O1", "--output", str(audit))
    book = openpyxl.load_workbook(audit)
    figures = {r[0]: r[1] for r in book["summary"].iter_rows(min_row=3, values_only=True)}
    assert figures["Days delivered"] == 3.5
    code, _, err = run("support", "audit", "--la", "999", "--output", str(audit))
    assert code == 1 and "--provider" in err
    code, _, err = run("support", "timeliness", "--la", "999", "--output", str(tmp_path / "x.docx"))
    assert code == 1 and ".pdf or .xlsx" in err
