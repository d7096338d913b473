"""The demo LA's support agreements (web/demo_support.py) on the demo's own GIAS file: every
milestone has one, some are paused, reopened or stopped, every date is in the year before the day
it is seeded, every change is in the audit log as the demo's, and seeding again adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peerlift.analysis import milestones
from peerlift.demo import generate
from peerlift.store import support
from peerlift.store.imports import import_file
from peerlift.store.models import (
    AgreementEvent,
    BrokerageNeed,
    DeliveryEntry,
    Establishment,
    SupportAgreement,
    SupportReview,
)
from peerlift.web import demo_support
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo_schools(tmp_path: Path) -> None:
    for path in generate(tmp_path, seed=0):
        if path.name.startswith("edubasealldata"):
            import_file(path, user="tests")


def test_the_demo_fills_every_milestone_with_dated_casework(demo_schools: None) -> None:
    made = demo_support.seed(999, today=TODAY)
    assert len(made) == 13
    found = SupportAgreement.objects.filter(la_code=999)
    assert set(found.values_list("milestone", flat=True)) == set(milestones.milestones())
    assert set(found.values_list("status", flat=True)) == {"active", "paused", "stopped"}
    assert set(found.filter(milestone="closed").values_list("outcome", flat=True)) == {"met", "partly"}
    assert AgreementEvent.objects.filter(action="reopen").count() == 1
    year_ago = TODAY - dt.timedelta(days=366)
    days = (
        list(AgreementEvent.objects.values_list("happened_on", flat=True))
        + list(DeliveryEntry.objects.values_list("delivered_on", flat=True))
        + list(SupportReview.objects.values_list("reviewed_on", flat=True))
    )
    assert all(year_ago <= d <= TODAY for d in days)
    # every agreement in delivery or later has its plan, and the closed ones their reviews
    for agreement in found.filter(milestone__in=["plan_agreed", "in_delivery", "closed"]):
        assert agreement.objectives.exists()
    assert all(a.reviews.exists() for a in found.filter(milestone="closed"))
    # one review is overdue on the day, one due later
    rows = support.agreements(la=999)
    next_reviews = [
        r["next_review_on"] for r in rows if r["status"] == "active" and r["milestone"] == "in_delivery"
    ]
    assert any(d < TODAY.isoformat() for d in next_reviews) and any(
        d > TODAY.isoformat() for d in next_reviews
    )
    # the demo head's school (the LA's first open school, as web/accounts.demo_users) is supported
    head = Establishment.objects.filter(la_code=999, status__icontains="open").order_by("urn").first()
    assert found.filter(supported_urn=head.urn).exists()  # type: ignore[union-attr]
    # days delivered never exceed those planned
    assert all(r["days_delivered"] <= r["days_planned"] for r in rows)
    # the needs: one per agreement, matched, raised before its agreement; two still unmatched
    assert BrokerageNeed.objects.filter(need_id__startswith="DEMO-N", status="matched").count() == 13
    assert BrokerageNeed.objects.filter(need_id__startswith="DEMO-U", status="open").count() == 2
    for agreement in found:
        need = agreement.needs.get()
        assert need.raised_on < agreement.history.first().happened_on  # type: ignore[union-attr]
    # all written by the demo, through the audited changes
    actors = set(
        AuditEntry.objects.filter(object_type__startswith="support ").values_list("actor", flat=True)
    )
    assert actors == {"demo"}
    agreements_logged = AuditEntry.objects.filter(object_type="support agreement").count()
    assert agreements_logged == AgreementEvent.objects.count()  # one entry per create, advance, pause...

    before = AuditEntry.objects.count()
    assert demo_support.seed(999, today=TODAY) == []
    assert AuditEntry.objects.count() == before


def test_no_demo_agreements_without_the_demo_schools() -> None:
    assert demo_support.seed(999, today=TODAY) == []
    assert not SupportAgreement.objects.exists()
