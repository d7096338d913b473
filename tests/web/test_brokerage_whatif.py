"""What-if runs, taking a rule away, and offers of schools in category 3 or 4, on the brokerage pages.

The register of tests/web/conftest.py: Hillside Primary Academy (OWN) and St Mary's CofE Primary
(OTHER), both primary, in LA 999, with no location or FSM share. Need N1 (reading, urgency 3, 3 days)
and N2 (maths, urgency 1, 3 days) of Hillside; offer O1 of St Mary's, reading and maths, 3 days.
Scores by hand (weights.toml): N1-O1 = urgency 2 x 3 + strength 3 x 0.5 (declared) + same phase 1 =
8.5; N2-O1 = 2 x 1 + 1.5 + 1 = 4.5. With 3 days O1 takes N1 only (8.5 > 4.5); with 6 both (13).
"""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.store.categories import record_override
from peerlift.store.models import BrokerageOffer, BrokerageRule, BrokerageRun
from peerlift.web import brokerage_changes as changes
from peerlift.web import tasks
from peerlift.web.models import AuditEntry

from .conftest import OTHER, OWN

pytestmark = pytest.mark.django_db


def _stored() -> None:
    for need_id, area, urgency in (("N1", "reading", 3), ("N2", "maths", 1)):
        need = {"need_id": need_id, "urn": OWN, "area": area, "urgency": urgency, "days": 3.0}
        changes.save_need("tests", 999, need)
    offer = {"supporter_urn": OTHER, "kind": "school", "areas": ["reading", "maths"], "capacity_days": 3.0}
    changes.save_offer("tests", 999, {"offer_id": "O1", **offer})


def _worked() -> BrokerageRun:
    run = BrokerageRun.objects.filter(la_code=999).order_by("-id").first()
    assert run is not None and run.status == "queued"
    tasks.broker_la.call(run.pk)  # what the worker runs
    run.refresh_from_db()
    return run


def test_a_what_if_capacity_is_used_for_one_run_and_the_page_says_what_changed(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    client = as_role("officer")
    client.post("/las/999/brokerage/run")
    first = _worked()
    assert (first.result["objective"], [p["need"] for p in first.result["proposals"]]) == (8.5, ["N1"])

    response = client.post("/las/999/brokerage/what-if", {"offer": "O1", "days": "6"})
    assert response.status_code == 302
    run = _worked()
    assert run.overrides == {"capacity": {"O1": {"days": 6.0, "instead_of": 3.0}}}
    assert (run.result["objective"], run.result["met"]) == (13.0, 2)
    assert BrokerageOffer.objects.get(offer_id="O1").capacity_days == 3.0  # nothing stored changed
    page = client.get("/las/999/brokerage").content.decode()
    assert "This was a what-if run" in page
    assert "capacity of offer O1: 6 days a term instead of 3" in page
    changed = client.get("/las/999/brokerage/download/changes.csv").content.decode("utf-8-sig")
    assert changed.splitlines()[1:] == ["N2,None,,O1,4.5"]
    found = client.get("/las/999/brokerage.json").json()
    assert found["used"] == ["capacity of offer O1: 6 days a term instead of 3"]
    # a what-if run's proposals are not accepted
    client.post(f"/las/999/brokerage/runs/{run.pk}/accept", {"need": "N2"})
    assert not run.accepted.exists()
    logged = AuditEntry.objects.filter(actor="officer", action="run brokerage (what if)").get()
    assert logged.after["overrides"] == run.overrides

    # the next ordinary run is back to the stored 3 days
    client.post("/las/999/brokerage/run")
    assert _worked().result["objective"] == 8.5


def test_a_what_if_weight(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    client = as_role("officer")
    assert (
        client.post("/las/999/brokerage/what-if", {"weight": "same_phase", "value": "3"}).status_code == 302
    )
    run = _worked()
    # N1-O1 with same_phase 3: 6 + 1.5 + 3 = 10.5
    assert [(p["need"], p["score"]) for p in run.result["proposals"]] == [("N1", 10.5)]
    assert run.weights["same_phase"] == 3.0
    page = client.get("/las/999/brokerage").content.decode()
    assert "weight same phase: 3 instead of 1" in page


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({}, "Choose an offer whose days change, or a weight, or both"),
        ({"offer": "O1"}, "Enter the days a term this offer has in the what-if run"),
        ({"offer": "O1", "days": "lots"}, "Enter the days as a number, such as 10 or 7.5"),
        ({"offer": "O9", "days": "4"}, "Choose a confirmed offer of this LA"),
        ({"weight": "urgency", "value": "-1"}, "A weight cannot be less than 0"),
        ({"value": "2"}, "Choose the weight that changes"),
        ({"weight": "context_fsm_span", "value": "0"}, "The FSM span must be more than 0"),
    ],
)
def test_a_what_if_form_in_error_queues_nothing(as_role, sent, message) -> None:  # type: ignore[no-untyped-def]
    _stored()
    response = as_role("officer").post("/las/999/brokerage/what-if", sent)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not BrokerageRun.objects.exists()


def test_taking_an_exclusion_away_brokers_the_pair_again(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    client = as_role("officer")
    client.post("/las/999/brokerage/rules", {"need": "N1", "offer": "O1", "rule": "exclude", "run": "yes"})
    # excluded: O1 gives its 3 days to N2 (4.5)
    assert [p["need"] for p in _worked().result["proposals"]] == ["N2"]
    rule = BrokerageRule.objects.get()
    page = client.get("/las/999/brokerage").content.decode()
    assert "N1 with O1: excluded" in page and "Take it away" in page
    assert client.post("/las/999/brokerage/rules/remove", {"rule": str(rule.pk)}).status_code == 302
    assert not BrokerageRule.objects.exists()
    entry = AuditEntry.objects.get(action="remove exclusion")
    assert (entry.actor, entry.before["need"], entry.after) == ("officer", "N1", None)
    client.post("/las/999/brokerage/run")
    assert [p["need"] for p in _worked().result["proposals"]] == ["N1"]
    # a rule that is not there (any more) is refused in words
    response = client.post("/las/999/brokerage/rules/remove", {"rule": str(rule.pk)})
    assert response.status_code == 400
    assert "Choose a pin or exclusion of this LA" in response.content.decode()


def test_a_category_4_school_s_offer_is_never_used_and_the_pages_say_why(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    record_override(
        OTHER, 999, 4, rationale="t", discussed_on=None, effective_on=dt.date(2020, 1, 1), by="tests"
    )
    client = as_role("officer")
    offers = client.get("/las/999/brokerage/offers").content.decode()
    assert (
        "Never: the school is in category 4, and a school in category 3 or 4 needs support itself, so "
        "it cannot support others"
    ) in offers
    client.post("/las/999/brokerage/run")
    run = _worked()
    assert run.result["met"] == 0
    note = (
        "offer O1 (St Mary&#x27;s Church of England Primary School, URN 100002) is never used: the school "
        "is in category 4, and a school in category 3 or 4 needs support itself, so it cannot support others"
    )
    assert note in client.get("/las/999/brokerage").content.decode()
