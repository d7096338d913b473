"""The partners and allocation pages: an administrator keeps the partners, an officer runs, pins and
accepts; allocations worked out by hand on the conftest register (LA 999: OWN and OTHER primary,
TWIN secondary)."""

from __future__ import annotations

import csv
import io

import pytest

from peerlift.store.models import ImprovementPartner
from peerlift.web import casework
from peerlift.web.models import AuditEntry

from .conftest import ELSEWHERE, OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db

ALLOCATION = "/las/999/partners/allocation"


def _partners(client) -> None:  # type: ignore[no-untyped-def]
    for name, days, phases in (("Ann", "12", ["primary"]), ("Bob", "6", ["primary", "secondary"])):
        response = client.post(
            "/las/999/partners/new", {"name": name, "days": days, "phases": phases, "active": "on"}
        )
        assert response.status_code == 302, response.content.decode()


def _categories() -> None:
    for urn, category in ((OWN, 4), (OTHER, 2), (TWIN, 3)):  # 10, 2 and 5 days
        casework.override_category("officer", urn, category, "Agreed with the head")


def _allocation(client) -> dict:  # type: ignore[no-untyped-def, type-arg]
    found = client.get(f"{ALLOCATION}.json?year=2026").json()["allocation"]
    assert found is not None
    return found  # type: ignore[no-any-return]


def test_run_pin_and_accept(users, as_role) -> None:  # type: ignore[no-untyped-def]
    _partners(as_role("admin"))
    _categories()
    officer = as_role("officer")
    response = officer.post(f"{ALLOCATION}/run", {"year": "2026"})
    assert response.status_code == 302 and response["Location"] == f"{ALLOCATION}?year=2026"
    # TWIN (secondary, 5) can only go to Bob (6); OWN (10) only fits Ann (12); OTHER (2) then fits
    # Ann (12 of 12) but not Bob (7 of 6): nothing short.
    found = _allocation(officer)
    assert [(a["urn"], a["partner"], a["days"]) for a in found["assignments"]] == [
        (OWN, "Ann", 10),
        (OTHER, "Ann", 2),
        (TWIN, "Bob", 5),
    ]
    assert (found["short_days"], found["schools"]) == (0, 3)
    page = officer.get(f"{ALLOCATION}?year=2026").content.decode()
    assert "0 of 3 schools" in page and "Every school is given the days its category asks for." in page
    # Pinning OTHER to Bob leaves Bob 7 days of work for 6: a day short, cut from TWIN (most days).
    bob = ImprovementPartner.objects.get(name="Bob")
    response = officer.post(f"{ALLOCATION}/pin", {"year": "2026", "urn": str(OTHER), "partner": str(bob.pk)})
    assert response.status_code == 302
    officer.post(f"{ALLOCATION}/run", {"year": "2026"})
    found = _allocation(officer)
    assert [(a["urn"], a["partner"], a["days"], a["pinned"]) for a in found["assignments"]] == [
        (OWN, "Ann", 10, False),
        (OTHER, "Bob", 2, True),
        (TWIN, "Bob", 4, False),
    ]
    assert found["short_days"] == 1
    assert [(s["urn"], s["needed"], s["given"]) for s in found["short"]] == [(TWIN, 5, 4)]
    page = officer.get(f"{ALLOCATION}?year=2026").content.decode()
    assert "1 day short" in page and "Pinned pairings" in page
    response = officer.post(f"{ALLOCATION}/unpin", {"year": "2026", "urn": str(OWN)})
    assert (
        response.status_code == 400
        and f"School {OWN} is not pinned to a partner this year" in response.content.decode()
    )
    assert officer.post(f"{ALLOCATION}/accept", {"year": "2026"}).status_code == 302
    assert _allocation(officer)["accepted_by"] == "officer"
    assert officer.post(f"{ALLOCATION}/unpin", {"year": "2026", "urn": str(OTHER)}).status_code == 302
    assert officer.get(f"{ALLOCATION}.json?year=2026").json()["tables"]["pins"]["rows"] == []
    actions = list(AuditEntry.objects.filter(la_code=999).values_list("action", flat=True))
    assert {"add partner", "pin partner", "unpin partner", "allocate partners", "accept allocation"} <= set(
        actions
    )
    rows = list(
        csv.DictReader(
            io.StringIO(officer.get(f"{ALLOCATION}/download/loads.csv?year=2026").content.decode("utf-8-sig"))
        )
    )
    assert [(r["Partner"], r["Days given"], r["Days available"]) for r in rows] == [
        ("Ann", "10", "12"),
        ("Bob", "6", "6"),
    ]


def test_a_pin_is_refused_in_words(users, as_role) -> None:  # type: ignore[no-untyped-def]
    _partners(as_role("admin"))
    officer = as_role("officer")
    ann = ImprovementPartner.objects.get(name="Ann")
    response = officer.post(
        f"{ALLOCATION}/pin", {"year": "2026", "urn": str(ELSEWHERE), "partner": str(ann.pk)}
    )
    assert response.status_code == 400
    assert f"There is no school with URN {ELSEWHERE} in this LA" in response.content.decode()
    response = officer.post(f"{ALLOCATION}/pin", {"year": "2026", "urn": str(TWIN), "partner": str(ann.pk)})
    assert response.status_code == 400
    assert "Ann does not work in the school&#x27;s phase (secondary)" in response.content.decode()
    response = officer.post(f"{ALLOCATION}/accept", {"year": "2026"})
    assert (
        response.status_code == 400 and "Run the allocation before accepting it" in response.content.decode()
    )
    assert not AuditEntry.objects.filter(action__in=["pin partner", "accept allocation"]).exists()


def test_partner_form_errors_and_changes(users, as_role) -> None:  # type: ignore[no-untyped-def]
    admin = as_role("admin")
    response = admin.post("/las/999/partners/new", {"name": "", "days": "many"})
    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter the partner&#x27;s name",
        "Enter the days as a whole number",
        "Choose at least one phase",
    ):
        assert message in html
    assert 'href="#phases-primary"' in html
    _partners(admin)
    response = admin.post("/las/999/partners/new", {"name": "ann", "days": "3", "phases": ["primary"]})
    assert (
        response.status_code == 400 and "There is already a partner called ann" in response.content.decode()
    )
    bob = ImprovementPartner.objects.get(name="Bob")
    assert admin.get(f"/las/999/partners/{bob.pk}/edit").status_code == 200
    response = admin.post(
        f"/las/999/partners/{bob.pk}/edit", {"name": "Bob", "days": "8", "phases": ["secondary"]}
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.days, bob.phases, bob.active) == (8, ["secondary"], False)
    entry = AuditEntry.objects.get(action="change partner")
    assert (entry.before["days"], entry.after["days"], entry.after["active"]) == (6, 8, False)
    days = {"days_1": "0", "days_2": "1", "days_3": "4", "days_4": "x"}
    response = admin.post("/las/999/partners/days", days)
    assert (
        response.status_code == 400
        and "Enter the days for category 4 as a whole number" in response.content.decode()
    )
    assert admin.post("/las/999/partners/days", {**days, "days_4": "8"}).status_code == 302
    table = admin.get("/las/999/partners.json").json()["tables"]["days"]["rows"]
    assert [(r["category"], r["days"]) for r in table] == [(1, 0), (2, 1), (3, 4), (4, 8)]
