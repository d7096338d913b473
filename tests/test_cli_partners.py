"""``peerlift partners add|list|allocate`` run in-process, with categories set by officers' overrides
(the categories' own path, audited) and allocations worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cli_runner import run

from peerlift.store import partners
from peerlift.store.models import Establishment
from peerlift.web import casework, partner_changes
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

LA = 999


def _school(urn: int, phase: str = "primary", category: int | None = None, **extra: str) -> None:
    Establishment.objects.create(
        urn=urn,
        la_code=LA,
        name=f"School {urn}",
        phase=phase,
        status="Open",
        type=extra.get("type", "Community school"),
        type_group=extra.get("type_group", "Local authority maintained schools"),
    )
    if category is not None:
        casework.override_category(
            "officer", urn, category, "Agreed with the head", effective_on=dt.date(2025, 9, 1)
        )


def _register() -> None:
    _school(1, category=4)  # 10 days
    _school(2, category=3)  # 5 days
    _school(3, "secondary", category=2)  # 2 days
    _school(4, "not_applicable", 1, type="Community special school", type_group="Special schools")
    _school(5)  # no category: no days
    for name, days, phases in (("Ann", "12", "primary"), ("Bob", "10", "primary,secondary,special")):
        code, _, err = run("partners", "add", name, "--la", str(LA), "--days", days, "--phases", phases)
        assert code == 0, err


def test_add_and_list() -> None:
    _register()
    code, out, err = run("partners", "list", "--la", str(LA), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == [
        {"name": "Ann", "la": LA, "days": 12, "phases": ["primary"], "active": True},
        {"name": "Bob", "la": LA, "days": 10, "phases": ["primary", "secondary", "special"], "active": True},
    ]
    code, _, err = run("partners", "add", "ann", "--la", str(LA), "--days", "3", "--phases", "primary")
    assert code == 1 and "already has a partner called ann" in err
    code, _, err = run("partners", "add", "Cy", "--la", str(LA), "--days", "3", "--phases", "infant")
    assert code == 1 and "phases are one or more of nursery, primary" in err
    assert AuditEntry.objects.filter(action="add partner").count() == 2


def test_allocate_json_by_hand() -> None:
    _register()
    code, out, err = run("partners", "allocate", "--la", str(LA), "--year", "2026", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert {"objective", "kept_partner", "schools", "short_days", "assignments"} <= set(found)
    # Ann (12, primary) and Bob (10, all three phases): Bob must take 3 and 4 (3 days), so Bob can
    # take school 2 (5: 8 of 10) but not school 1 (10: 13 of 10); Ann takes school 1 (10 of 12).
    assert [(a["urn"], a["partner"], a["days"], a["kept"]) for a in found["assignments"]] == [
        (1, "Ann", 10, False),
        (2, "Bob", 5, False),
        (3, "Bob", 2, False),
        (4, "Bob", 1, False),
    ]
    assert (found["schools"], found["short_days"], found["kept_partner"]) == (4, 0, 0)
    assert found["objective"] == {"short_days": 0, "kept_partner": 0, "max_load_share": 0.833333}
    # Next year the same categories: every school keeps its partner.
    code, out, err = run("partners", "allocate", "--la", str(LA), "--year", "2027", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["kept_partner"] == 4


def test_allocate_takes_the_categories_in_force_on_the_date() -> None:
    _register()
    # Before 1 September 2025 no school had a category: nothing to allocate.
    code, out, err = run(
        "partners", "allocate", "--la", str(LA), "--year", "2025", "--as-at", "2025-08-31", "--format", "json"
    )
    assert code == 0, err
    found = json.loads(out)
    assert (found["schools"], found["assignments"], found["as_at"]) == (0, [], "2025-08-31")
    code, _, err = run("partners", "allocate", "--la", str(LA), "--year", "2025", "--as-at", "31/08/2025")
    assert code == 1 and "--as-at is a date as YYYY-MM-DD" in err


def test_short_days_are_reported_not_fatal() -> None:
    _register()
    code, _, err = run("partners", "add", "Cy", "--la", str(LA), "--days", "0", "--phases", "primary")
    assert code == 0, err
    bob = partners.partner_named(LA, "Bob")
    assert bob is not None
    partner_changes.change_partner("officer", bob, "Bob", 10, bob.phases, active=False)
    code, out, err = run("partners", "allocate", "--la", str(LA), "--year", "2026", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    # Ann alone: 15 primary days for 12 -> 3 short, cut from school 1 (10 -> 7); nobody takes the
    # secondary (2) and special (1) schools.
    assert found["short_days"] == 6
    assert [(s["urn"], s["needed"], s["given"], s["short"]) for s in found["short"]] == [
        (1, 10, 7, 3),
        (3, 2, 0, 2),
        (4, 1, 0, 1),
    ]
