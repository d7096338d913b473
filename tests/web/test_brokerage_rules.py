"""Pinning and excluding a pair from the brokerage page, and running again: the run respects the
officers' rule, each rule is audited, and a wrong choice is refused in plain words."""

from __future__ import annotations

import pytest

from peerlift.store.models import BrokerageRule, BrokerageRun
from peerlift.web import brokerage_changes as changes
from peerlift.web import tasks
from peerlift.web.models import AuditEntry

from .conftest import OTHER, OWN

pytestmark = pytest.mark.django_db


def _stored() -> None:
    changes.save_need(
        "tests", 999, {"need_id": "N1", "urn": OWN, "area": "reading", "urgency": 3, "days": 3.0}
    )
    offer = {"supporter_urn": OTHER, "kind": "school", "areas": ["reading"], "capacity_days": 5.0}
    changes.save_offer("tests", 999, {"offer_id": "O1", **offer})


def _latest_run() -> BrokerageRun:
    run = BrokerageRun.objects.filter(la_code=999).order_by("-id").first()
    assert run is not None and run.status == "queued"
    tasks.broker_la.call(run.pk)  # what the worker runs
    run.refresh_from_db()
    return run


def test_an_excluded_pair_leaves_the_need_unmet_and_a_pin_brings_it_back(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    client = as_role("officer")
    sent = {"need": "N1", "offer": "O1", "rule": "exclude", "run": "yes"}
    assert client.post("/las/999/brokerage/rules", sent).status_code == 302
    run = _latest_run()
    assert run.result["proposals"] == []
    assert [u["need"] for u in run.result["unmet"]] == ["N1"]

    assert client.post("/las/999/brokerage/rules", {**sent, "rule": "pin"}).status_code == 302
    run = _latest_run()
    assert [(p["need"], p["offer"]) for p in run.result["proposals"]] == [("N1", "O1")]
    assert list(BrokerageRule.objects.values_list("rule", "made_by")) == [("pin", "officer")]
    logged = AuditEntry.objects.filter(actor="officer", la_code=999).values_list("action", flat=True)
    assert sorted(logged) == ["exclude", "pin", "run brokerage", "run brokerage"]
    page = client.get("/las/999/brokerage").content.decode()
    assert "Pinned: this pair must happen" in page
    changed = client.get("/las/999/brokerage/download/changes.csv").content.decode("utf-8-sig")
    assert changed.splitlines()[1:] == [
        "N1,None,,O1,8.5"
    ]  # unmet when excluded; 8.5 as in test_brokerage_pages


def test_saving_a_rule_without_running_queues_nothing(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    sent = {"need": "N1", "offer": "O1", "rule": "pin"}
    assert as_role("officer").post("/las/999/brokerage/rules", sent).status_code == 302
    assert BrokerageRule.objects.count() == 1 and not BrokerageRun.objects.exists()


def test_a_pair_not_of_the_la_is_refused_in_plain_words(as_role) -> None:  # type: ignore[no-untyped-def]
    _stored()
    response = as_role("officer").post(
        "/las/999/brokerage/rules", {"need": "N1", "offer": "O7", "rule": "pin"}
    )
    assert response.status_code == 400
    assert "Choose an offer of this LA" in response.content.decode()
    assert not BrokerageRule.objects.exists()
