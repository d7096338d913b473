"""Partners, days by category, pins and allocations in the store, changed through the audited helper."""

from __future__ import annotations

import pytest

from peerlift.store import partners
from peerlift.store.models import Establishment, PartnerAllocation
from peerlift.web import partner_changes
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db

LA = 999


def school(urn: int, phase: str = "primary", **extra: str) -> None:
    Establishment.objects.create(
        urn=urn,
        la_code=LA,
        name=f"School {urn}",
        phase=phase,
        status=extra.pop("status", "Open"),
        type=extra.pop("type", "Community school"),
        type_group=extra.pop("type_group", "Local authority maintained schools"),
    )


@pytest.fixture
def register() -> None:
    school(1)  # category 4: 10 days
    school(2)  # category 3: 5 days
    school(3, "secondary")  # category 2: 2 days
    school(4, "not_applicable", type="Community special school", type_group="Special schools")  # 1 day
    school(5, status="Closed")  # closed: left out
    partner_changes.add_partner("officer", LA, "Ann", 12, ["primary"])
    partner_changes.add_partner("officer", LA, "Bob", 10, ["primary", "secondary", "special"])


CATEGORIES = {1: 4, 2: 3, 3: 2, 4: 1, 5: 4}


def test_an_allocation_is_stored_with_the_cli_keys(register: None) -> None:
    made = partner_changes.allocate("officer", LA, 2026, CATEGORIES)
    out = partners.summary(made)
    # 10 + 5 primary days between Ann (12, primary) and Bob (10): Ann takes one, Bob the other and
    # the secondary (2) and special (1) schools. Largest share: Ann 10/12 or Bob 5+3=8/10 -> 0.833
    # (or Ann 5/12 and Bob 13 > 10: not possible), so Ann has school 1.
    assert {a["urn"]: (a["partner"], a["days"]) for a in out["assignments"]} == {
        1: ("Ann", 10),
        2: ("Bob", 5),
        3: ("Bob", 2),
        4: ("Bob", 1),
    }
    assert (out["schools"], out["short_days"], out["kept_partner"]) == (4, 0, 0)
    assert out["objective"] == {"short_days": 0, "kept_partner": 0, "max_load_share": 0.833333}
    assert set(out) >= {"objective", "kept_partner", "schools", "short_days", "assignments"}
    entry = AuditEntry.objects.get(action="allocate partners")
    assert (entry.object_id, entry.before, entry.la_code) == ("999/2026", None, LA)
    assert entry.after["assignments"] == [[1, "Ann", 10], [2, "Bob", 5], [3, "Bob", 2], [4, "Bob", 1]]


def test_last_year_gives_continuity_and_a_pin_overrides_it(register: None) -> None:
    partner_changes.allocate("officer", LA, 2025, CATEGORIES)  # 1 with Ann; 2, 3 and 4 with Bob
    # This year school 1 needs 5 days and school 2 ten. Bob must take 3 and 4 (3 days); Ann (12)
    # cannot take both primaries (15), and Bob cannot take school 2 (10 + 3 > 10): so 2 goes to Ann
    # and 1 to Bob, and only 3 and 4 keep their partner.
    out = partners.summary(partner_changes.allocate("officer", LA, 2026, {1: 3, 2: 4, 3: 2, 4: 1}))
    assert {a["urn"]: a["partner"] for a in out["assignments"]} == {1: "Bob", 2: "Ann", 3: "Bob", 4: "Bob"}
    assert (out["short_days"], out["kept_partner"], out["could_keep"]) == (0, 2, 4)
    assert {a["urn"] for a in out["assignments"] if a["kept"]} == {3, 4}
    # Pinned to Bob with its 10 days, school 1 leaves Bob 0 for 3 and 4 (3 days short whatever is
    # done); keeping them with Bob costs nothing more, so they keep him and the cut (3 days) is
    # taken from the school with most days: school 1 gets 7.
    bob = partners.partner_named(LA, "Bob")
    assert bob is not None
    partner_changes.pin("officer", LA, 2026, 1, bob)
    out = partners.summary(partner_changes.allocate("officer", LA, 2026, CATEGORIES))
    assert {a["urn"]: (a["partner"], a["days"], a["pinned"]) for a in out["assignments"]} == {
        1: ("Bob", 7, True),
        2: ("Ann", 5, False),
        3: ("Bob", 2, False),
        4: ("Bob", 1, False),
    }
    assert out["short_days"] == 3 and out["short"][0]["urn"] == 1
    replaced = (
        AuditEntry.objects.filter(action="allocate partners", object_id="999/2026").order_by("pk").last()
    )
    assert replaced is not None and replaced.before is not None  # the run it replaced is in the log
    assert PartnerAllocation.objects.filter(la_code=LA, year=2026).count() == 1


def test_a_pin_must_fit_the_phase(register: None) -> None:
    ann = partners.partner_named(LA, "Ann")
    assert ann is not None
    with pytest.raises(partners.PartnerError, match=r"does not work in the school's phase \(secondary\)"):
        partner_changes.pin("officer", LA, 2026, 3, ann)
    assert not AuditEntry.objects.filter(action="pin partner").exists()


def test_short_days_are_stored_with_their_reasons(register: None) -> None:
    ann = partners.partner_named(LA, "Ann")
    bob = partners.partner_named(LA, "Bob")
    assert ann is not None and bob is not None
    partner_changes.change_partner("officer", bob, "Bob", 10, ["secondary"], active=False)
    made = partner_changes.allocate("officer", LA, 2026, CATEGORIES)
    # Only Ann (12, primary) is left: 15 primary days -> 3 short; the secondary and special schools
    # have no partner at all (2 + 1).
    assert made.short_days == 6
    assert [(s["urn"], s["short"]) for s in made.shortfalls] == [(1, 3), (3, 2), (4, 1)]
    assert "No active partner works in its phase (secondary)" in made.shortfalls[1]["reason"]


def test_the_days_table_is_the_la_s_own_once_set(register: None) -> None:
    assert partners.days_table(LA) == {1: 1, 2: 2, 3: 5, 4: 10}
    partner_changes.set_days("admin", LA, {"1": 0, "2": 1, "3": 4, "4": 8})
    assert partners.days_table(LA) == {1: 0, 2: 1, 3: 4, 4: 8}
    with pytest.raises(partners.PartnerError, match="category 4: the days are a whole number"):
        partner_changes.set_days("admin", LA, {"1": 0, "2": 1, "3": 4, "4": -1})
    entry = AuditEntry.objects.get(action="set partner days")
    assert entry.after == {"la": LA, "days": {"1": 0, "2": 1, "3": 4, "4": 8}}
    made = partner_changes.allocate("officer", LA, 2026, CATEGORIES)
    assert made.schools == 3  # the category 1 school needs no days now


def test_names_are_unique_in_an_la_and_phases_are_checked(register: None) -> None:
    with pytest.raises(partners.PartnerError, match="already has a partner called ann"):
        partner_changes.add_partner("officer", LA, "ann", 5, ["primary"])
    with pytest.raises(partners.PartnerError, match="phases are one or more of"):
        partners.parse_phases("primary,infant")
    assert partners.parse_phases("Primary, special") == ["primary", "special"]
