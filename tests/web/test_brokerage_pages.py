"""The brokerage page: an officer runs the brokerage (queued for the worker, then done by its task),
reads the proposal and accepts it; the decision is recorded with who and when."""

from __future__ import annotations

import csv
import io

import pytest

from peerlift.store.models import AcceptedMatch, BrokerageRun
from peerlift.web import brokerage_changes as changes
from peerlift.web import tasks
from peerlift.web.models import AuditEntry

from .conftest import OTHER, OWN

pytestmark = pytest.mark.django_db


def one_need_one_offer() -> None:
    """Need N1 of OWN in reading, and OTHER's offer O1 with 5 days (the proposal is N1 by O1)."""
    need = {"need_id": "N1", "urn": OWN, "area": "reading", "urgency": 3, "days": 3.0}
    changes.save_need("officer", 999, need)
    offer = {
        "offer_id": "O1",
        "supporter_urn": OTHER,
        "kind": "school",
        "areas": ["reading"],
        "capacity_days": 5.0,
    }
    changes.save_offer("officer", 999, offer)


def test_an_officer_runs_the_brokerage_reads_the_proposal_and_accepts_it(as_role) -> None:  # type: ignore[no-untyped-def]
    one_need_one_offer()
    client = as_role("officer")
    assert client.post("/las/999/brokerage/run").status_code == 302
    run = BrokerageRun.objects.get(la_code=999)
    assert (run.status, run.run_by) == ("queued", "officer")
    assert "The brokerage is running" in client.get("/las/999/brokerage").content.decode()

    tasks.broker_la.call(run.pk)  # what the worker runs
    page = client.get("/las/999/brokerage").content.decode()
    assert "1 of 1 need</strong>" in page
    # both schools are primary with no location or FSM share in this register:
    # urgency 3 x 2 + declared strength 0.5 x 3 + same phase 1 = 8.5
    found = client.get("/las/999/brokerage.json").json()
    assert (found["status"], found["met"], found["objective"]) == ("done", 1, 8.5)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/las/999/brokerage/download/proposals.csv").content.decode("utf-8-sig"))
        )
    )
    assert [(r["Need"], r["Offer"], r["Decision"]) for r in rows] == [("N1", "O1", "Proposed")]

    assert client.post(f"/las/999/brokerage/runs/{run.pk}/accept", {"need": "N1"}).status_code == 302
    match = AcceptedMatch.objects.get()
    assert (match.accepted_by, match.need.need_id, match.offer.offer_id, match.need.status) == (
        "officer",
        "N1",
        "O1",
        "matched",
    )
    assert AuditEntry.objects.filter(action="accept match", actor="officer", la_code=999).count() == 1
    assert "Accepted" in client.get("/las/999/brokerage").content.decode()
    # accepted once only
    client.post(f"/las/999/brokerage/runs/{run.pk}/accept", {"need": "N1"})
    assert AcceptedMatch.objects.count() == 1
