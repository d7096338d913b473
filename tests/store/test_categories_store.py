"""The category history and the category in force: an override survives later computed decisions and
is shown beside them, the history only grows, and every change is in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.store import categories, concerns
from peerlift.store.models import CategoryDecision, Establishment
from peerlift.web import casework
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def schools() -> None:
    for urn, la in ((1001, 999), (1002, 999), (2001, 331)):
        Establishment.objects.create(urn=urn, la_code=la, name=f"School {urn}", phase="Primary")


def _compute(urn: int, category: int, on: dt.date, previous: int | None = None) -> None:
    casework.record_computed(
        "cli", urn, 999, category, [], rules="default", effective_on=on, previous=previous
    )


def test_override_survives_recomputation_and_history_is_kept(schools: None) -> None:
    _compute(1001, 2, D(2025, 9, 1))
    casework.override_category(
        "officer", 1001, 3, "Discussed with the head on 3 October", effective_on=D(2025, 10, 3)
    )
    _compute(1001, 1, D(2026, 1, 10), previous=2)  # a later import: the rules now say 1
    found = categories.school_in_force(1001, D(2026, 2, 1))
    assert found is not None
    assert found.category == 3  # the officer's decision still holds
    assert found.computed is not None and found.computed.category == 1  # shown beside it
    assert found.changed_on == D(2025, 10, 3)
    assert categories.categories_in_force("999", D(2026, 2, 1)) == {1001: 3}
    assert categories.categories_in_force(999, D(2025, 9, 30)) == {1001: 2}  # before the override
    assert categories.categories_in_force(999, D(2025, 8, 31)) == {}
    steps = [(d.kind, d.from_category, d.category) for d in categories.history(1001)]
    assert steps == [("computed", None, 2), ("override", 2, 3), ("computed", 2, 1)]
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["compute category", "compute category", "override category"]
    override = AuditEntry.objects.get(action="override category")
    assert (override.la_code, override.after["from"], override.after["to"]) == (999, 2, 3)


def test_earlier_decisions_are_never_rewritten(schools: None) -> None:
    _compute(1002, 4, D(2025, 9, 1))
    first = CategoryDecision.objects.get(urn=1002)
    snapshot = (first.category, first.reasons, first.effective_on, first.decided_at)
    casework.override_category("officer", 1002, 3, "Support plan agreed", effective_on=D(2025, 9, 2))
    _compute(1002, 3, D(2025, 9, 3), previous=4)
    first.refresh_from_db()
    assert (first.category, first.reasons, first.effective_on, first.decided_at) == snapshot
    assert CategoryDecision.objects.filter(urn=1002).count() == 3


def test_an_override_needs_a_rationale_and_a_real_category(schools: None) -> None:
    with pytest.raises(casework.CaseworkError, match="rationale"):
        casework.override_category("officer", 1001, 3, "  ")
    with pytest.raises(casework.CaseworkError, match="1, 2, 3 or 4"):
        casework.override_category("officer", 1001, 5, "Because")
    assert not CategoryDecision.objects.exists() and not AuditEntry.objects.exists()


def test_open_concerns_on_a_date(schools: None) -> None:
    first = casework.add_concern("officer", 1001, "finance", D(2025, 9, 1), "Deficit budget plan")
    casework.add_concern("officer", 1002, "governance", D(2025, 11, 1), "Chair resigned")
    casework.add_concern("officer", 2001, "staffing", D(2025, 9, 1), "Other LA")
    casework.close_concern("officer", first.pk, D(2025, 12, 1), "Recovery plan agreed")
    assert [c.urn for c in concerns.open_concerns("999")] == [1002]
    assert [c.urn for c in concerns.open_concerns(999, D(2025, 10, 1))] == [1001]
    assert sorted(c.urn for c in concerns.open_concerns(999, D(2025, 11, 30))) == [1001, 1002]
    closed = AuditEntry.objects.get(action="close concern")
    assert (closed.before["open"], closed.after["open"]) == (True, False)
    assert closed.after["closed_by"] == "officer"
    with pytest.raises(casework.CaseworkError, match="was closed on 1 December 2025"):
        casework.close_concern("officer", first.pk, D(2025, 12, 2))
    with pytest.raises(casework.CaseworkError, match="not a kind of concern"):
        casework.add_concern("officer", 1001, "weather", D(2025, 9, 1), "")
