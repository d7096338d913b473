"""The category pages on the hand-made register of tests/web/conftest.py: a recomputation listed for
review and then recorded, an override only after its confirmation page, concerns
added and closed, members seeing counts only, an administrator's rules previewed then put in force,
and inspection windows worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peerlift.store.models import CategoryDecision, CategoryRules, Concern
from peerlift.web import tasks
from peerlift.web.models import AuditEntry, CategoryRun

from .conftest import OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db


def _work_the_queue() -> None:
    """Run the queued recomputations here (the worker's own connection handling closes the test's
    transaction on PostgreSQL; test_browser_categories runs them on the real worker)."""
    for run in CategoryRun.objects.filter(status="queued"):
        tasks.recompute_categories.call(run.pk)


def _recompute_and_record(client) -> CategoryRun:  # type: ignore[no-untyped-def]
    response = client.post("/las/999/categories/recompute")
    run = CategoryRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/las/999/categories/runs/{run.pk}"
    waiting = client.get(f"/las/999/categories/runs/{run.pk}").content.decode()
    assert "being worked out" in waiting and not CategoryDecision.objects.exists()
    _work_the_queue()
    review = client.get(f"/las/999/categories/runs/{run.pk}").content.decode()
    assert "3 schools would change category" in review  # each open school of LA 999 gets its first
    assert not CategoryDecision.objects.exists()  # nothing recorded until an officer confirms
    applied = client.post(f"/las/999/categories/runs/{run.pk}/apply")
    assert applied.status_code == 302 and applied["Location"] == "/las/999/categories"
    run.refresh_from_db()
    return run


def test_a_recomputation_is_reviewed_then_recorded(as_role) -> None:
    officer = as_role("officer")
    run = _recompute_and_record(officer)
    assert run.status == "applied" and run.applied_by == "officer"
    # Hillside's latest graded inspection is a report card (2 December 2025) with achievement
    # needing attention: category 3; the two St Mary's have no graded inspection: secure (2).
    assert dict(CategoryDecision.objects.values_list("urn", "category")) == {OWN: 3, OTHER: 2, TWIN: 2}
    assert AuditEntry.objects.filter(action="compute category", actor="officer").count() == 3
    page = officer.get("/las/999/categories.json").json()
    rows = {r["urn"]: r for r in page["tables"]["schools"]["rows"]}
    assert rows[OWN]["category_label"] == "3: At risk, needs support"
    assert "The report card of 2 December 2025 found achievement to need attention" in rows[OWN]["reasons"]
    counts = page["tables"]["counts"]["rows"]
    assert {(c["category_label"], c["phase"], c["schools"]) for c in counts} == {
        ("3: At risk, needs support", "primary", 1),
        ("2: Secure", "primary", 1),
        ("2: Secure", "secondary", 1),
    }
    only_3 = officer.get("/las/999/categories.json?category=3").json()["tables"]["schools"]["rows"]
    assert [r["urn"] for r in only_3] == [OWN]
    again = officer.post(f"/las/999/categories/runs/{run.pk}/apply")  # recorded once only
    assert again.status_code == 302 and CategoryDecision.objects.count() == 3


def test_members_and_network_leads_see_counts_only(as_role) -> None:
    _recompute_and_record(as_role("officer"))
    member = as_role("member").get("/las/999/category-counts").content.decode()
    assert "At risk, needs support" in member and "Hillside" not in member
    lead = as_role("network_lead").get("/las/999/category-counts.json").json()
    counted = [(r["category_label"], r["schools"]) for r in lead["tables"]["counts"]["rows"]]
    assert counted == [("2: Secure", 1)]  # St Mary's, the one school of their network


def test_an_override_needs_its_rationale_and_a_confirmation(as_role) -> None:
    officer = as_role("officer")
    _recompute_and_record(officer)
    missing = officer.post(f"/schools/{OWN}/category/override", {"category": "2", "rationale": " "})
    assert missing.status_code == 400
    assert 'href="#rationale">Enter the rationale' in missing.content.decode()
    form = {"category": "2", "rationale": "Discussed with the head: the new curriculum is in place"}
    confirm = officer.post(f"/schools/{OWN}/category/override", {**form, "discussed_on": "2026-01-19"})
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Check the new category" in html and "19 January 2026" in html
    assert not CategoryDecision.objects.filter(kind="override").exists()  # asking records nothing
    done = officer.post(
        f"/schools/{OWN}/category/override", {**form, "discussed_on": "2026-01-19", "confirm": "yes"}
    )
    assert done.status_code == 302 and done["Location"] == f"/schools/{OWN}/category"
    override = CategoryDecision.objects.get(kind="override")
    assert (override.category, override.from_category, override.discussed_on) == (2, 3, dt.date(2026, 1, 19))
    entry = AuditEntry.objects.get(action="override category")
    assert (entry.actor, entry.la_code, entry.after["to"]) == ("officer", 999, 2)
    shown = officer.get(f"/schools/{OWN}/category.json").json()
    assert (shown["category"], shown["computed_category"]) == (2, 3)
    assert shown["override"]["rationale"] == form["rationale"]
    # the head reads it, with its history, and cannot change it
    head = as_role("headteacher")
    assert "Discussed with the head" in head.get(f"/schools/{OWN}/category").content.decode()
    assert head.post(f"/schools/{OWN}/category/override", {**form, "confirm": "yes"}).status_code == 403


def test_concerns_are_added_and_closed(as_role) -> None:
    officer = as_role("officer")
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    refused = officer.post(f"/schools/{OWN}/concerns/add", {"kind": "finance", "raised_on": future})
    assert refused.status_code == 400 and "cannot be in the future" in refused.content.decode()
    added = officer.post(
        f"/schools/{OWN}/concerns/add",
        {"kind": "finance", "raised_on": "2026-01-05", "note": "Deficit of 4%"},
    )
    assert added.status_code == 302
    concern = Concern.objects.get()
    page = officer.get(f"/schools/{OWN}/category").content.decode()
    assert "Finance (deficit)" in page and "5 January 2026" in page and "Deficit of 4%" in page
    early = officer.post(f"/schools/{OWN}/concerns/{concern.pk}/close", {"closed_on": "2026-01-01"})
    assert early.status_code == 400 and "before it was raised" in early.content.decode()
    closed = officer.post(
        f"/schools/{OWN}/concerns/{concern.pk}/close", {"closed_on": "2026-02-01", "note": "Budget agreed"}
    )
    assert closed.status_code == 302
    concern.refresh_from_db()
    assert (concern.is_open, concern.closed_by, concern.closing_note) == (False, "officer", "Budget agreed")
    assert list(AuditEntry.objects.filter(object_type="concern").values_list("action", flat=True)) == [
        "close concern",
        "add concern",
    ]


GOOD_RULES = b"""[criteria.report_card]
predicate = "report_card_any"
grades = ["needs_attention"]
text = "Report card: {areas} to improve"

[[rules]]
category = 4
any = ["report_card"]

[[rules]]
category = 1
"""


def test_an_administrator_sees_what_new_rules_would_change_before_confirming(as_role) -> None:
    admin = as_role("admin")
    _recompute_and_record(admin)
    broken = SimpleUploadedFile("ours.toml", GOOD_RULES.replace(b"report_card_any", b"report_cards"))
    refused = admin.post("/las/999/category-rules/upload", {"rules_file": broken})
    assert refused.status_code == 400
    assert "ours.toml, line 2, key criteria.report_card.predicate" in refused.content.decode()
    preview = admin.post(
        "/las/999/category-rules/upload", {"rules_file": SimpleUploadedFile("ours.toml", GOOD_RULES)}
    )
    html = preview.content.decode()
    assert preview.status_code == 200 and "3 schools would change category" in html
    assert not CategoryRules.objects.exists()  # nothing in force until confirmed
    confirmed = admin.post(
        "/las/999/category-rules/confirm", {"file_name": "ours.toml", "text": GOOD_RULES.decode()}
    )
    assert confirmed.status_code == 302
    assert CategoryRules.objects.get().name == "ours.toml"
    assert AuditEntry.objects.filter(action="set category rules").exists()
    assert CategoryRun.objects.filter(status="queued", reason="new rules: ours.toml").exists()
    rules_page = admin.get("/las/999/category-rules").content.decode()
    assert "ours.toml" in rules_page and "set by admin" in rules_page


def test_inspections_due_page(as_role) -> None:
    page = as_role("officer").get("/las/999/inspections-due.json").json()
    rows = {r["urn"]: r for r in page["tables"]["due"]["rows"]}
    # Hillside: a report card on 2 December 2025 with an area needing attention: monitoring from
    # 3 months (2 March 2026) to 24 months (2 December 2027).
    assert (rows[OWN]["due_from"], rows[OWN]["due_by"], rows[OWN]["rule"]) == (
        "2 March 2026",
        "2 December 2027",
        "Report card attention",
    )
    # St Mary's: "School remains Good" on 10 January 2023 (2022/23): 1 September 2026 to 31 August 2028.
    assert (rows[OTHER]["due_from"], rows[OTHER]["due_by"]) == ("1 September 2026", "31 August 2028")
    assert TWIN not in rows  # never inspected and no opening date: no estimate


def test_an_import_from_the_browser_queues_the_importer_s_la_categories(as_role) -> None:
    import re
    from pathlib import Path

    from django.test import Client

    from peerlift.web import accounts
    from peerlift.web.models import Role

    gias = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"
    user = accounts.create_user(
        "officer-850", "long enough pass phrase", accounts.Scope(Role.OFFICER, la=850), actor="t"
    )
    officer = Client()
    officer.force_login(user[0], backend="django.contrib.auth.backends.ModelBackend")
    check = officer.post("/imports/upload", {"file": SimpleUploadedFile(gias.name, gias.read_bytes())})
    token = re.search(r'name="token" value="([^"]+)"', check.content.decode())
    assert token is not None
    officer.post("/imports/confirm", {"token": token.group(1)})
    run = CategoryRun.objects.get()
    assert (run.la_code, run.status, run.reason) == (850, "queued", f"after the import of {gias.name}")
