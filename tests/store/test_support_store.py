"""The reads of support agreements (store/support.py): the list's days delivered and latest review,
and ``agreement_detail`` (the JSON of ``peerlift support show``), on an agreement made by hand
whose figures are counted here on paper."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.store import support
from peerlift.store.models import Establishment
from peerlift.web import brokerage_changes
from peerlift.web import support_changes as changes

pytestmark = pytest.mark.django_db

LA = 999


def _school(urn: int, name: str) -> None:
    Establishment.objects.create(urn=urn, la_code=LA, name=name, phase="Primary")


def _made():
    _school(1, "Brook Primary")
    _school(2, "Hill Top Primary")
    need = brokerage_changes.save_need(
        "o",
        LA,
        {
            "need_id": "N1",
            "urn": 1,
            "area": "reading",
            "urgency": 2,
            "days": 5,
            "raised_on": dt.date(2025, 1, 6),
        },
    )
    agreement = changes.create_agreement(
        LA,
        1,
        "officer",
        days_planned=10,
        supporter_urn=2,
        needs=[need],
        contributors=[{"name": "Ann Reed (SLE)", "urn": None}],
        cost="2500",
        funding_source="school improvement grant",
        start_on=dt.date(2025, 2, 3),
        planned_end_on=dt.date(2025, 7, 18),
        officer="jlee",
        on=dt.date(2025, 1, 20),
    )
    agreement = changes.advance(agreement, "agreed", "officer", on=dt.date(2025, 1, 27))
    agreement = changes.advance(agreement, "first_meeting", "officer", on=dt.date(2025, 2, 3))
    changes.record_delivery(
        agreement, "head", days=1.5, delivered_on=dt.date(2025, 2, 3), delivered_by="Hill Top"
    )
    changes.record_delivery(agreement, "head", days=2, delivered_on=dt.date(2025, 2, 10), activity="phonics")
    agreement = changes.advance(agreement, "diagnosis", "officer", on=dt.date(2025, 2, 17))
    objective = changes.add_objective(
        agreement, "officer", area="reading", text="Phonics screening up", success_measure="80% pass"
    )
    agreement = changes.advance(agreement, "plan_agreed", "officer", on=dt.date(2025, 2, 24))
    agreement = changes.pause(agreement, "head off sick", "officer", on=dt.date(2025, 3, 3))
    agreement = changes.reopen(agreement, "head back", "officer", on=dt.date(2025, 3, 17))
    agreement = changes.advance(agreement, "in_delivery", "officer", on=dt.date(2025, 3, 24))
    changes.record_delivery(agreement, "head", days=0.5, delivered_on=dt.date(2025, 3, 24))
    changes.record_review(
        agreement,
        "head",
        reviewed_on=dt.date(2025, 4, 28),
        reviewer="Brook head",
        progress="amber",
        quality=3,
        next_review_on=dt.date(2025, 7, 7),
        objective_progress={objective.pk: "green"},
    )
    changes.record_review(
        agreement, "head", reviewed_on=dt.date(2025, 3, 31), reviewer="Brook head", progress="red"
    )
    return agreement, objective


def test_the_list_counts_days_and_takes_the_latest_review() -> None:
    agreement, _ = _made()
    (row,) = support.agreements(la=LA)
    assert row == {
        "id": agreement.pk,
        "la": LA,
        "supported_urn": 1,
        "supported_name": "Brook Primary",
        "supporter_urn": 2,
        "supporter_name": "Hill Top Primary",  # copied from the register
        "supporter_kind": "school",
        "milestone": "in_delivery",
        "status": "active",
        "days_planned": 10.0,
        "days_delivered": 4.0,  # 1.5 + 2 + 0.5
        "reviews": 2,
        "last_review_on": "2025-04-28",  # the later review, though recorded first
        "last_progress": "amber",
        "next_review_on": "2025-07-07",
        "start_on": "2025-02-03",
        "planned_end_on": "2025-07-18",
        "officer": "jlee",
        "outcome": None,
    }
    assert list(row) == list(support.LIST_COLUMNS)
    assert support.agreements(la=LA, status="paused") == []
    assert support.agreements(la=331) == []
    assert [r["id"] for r in support.agreements(urn=2)] == [agreement.pk]
    assert support.agreements(urn=3) == []


def test_the_detail_is_the_show_json() -> None:
    agreement, objective = _made()
    shown = support.agreement_detail(agreement.pk)
    assert (shown["id"], shown["milestone"], shown["status"], shown["supported_urn"]) == (
        agreement.pk,
        "in_delivery",
        "active",
        1,
    )
    assert shown["supporter"] == {"urn": 2, "name": "Hill Top Primary", "kind": "school", "offer": None}
    assert (shown["days_planned"], shown["days_delivered"], shown["cost"]) == (10.0, 4.0, 2500.0)
    assert [n["need_id"] for n in shown["needs"]] == ["N1"]
    assert shown["focus_areas"] == ["reading"]
    assert shown["contributors"] == [{"name": "Ann Reed (SLE)", "urn": None}]
    assert [r["reviewed_on"] for r in shown["reviews"]] == ["2025-03-31", "2025-04-28"]
    assert shown["reviews"][1]["objectives"] == [{"objective": objective.pk, "progress": "green"}]
    assert [(h["action"], h["milestone"], h["status"], h["happened_on"]) for h in shown["history"]] == [
        ("create", "proposed", "active", "2025-01-20"),
        ("advance", "agreed", "active", "2025-01-27"),
        ("advance", "first_meeting", "active", "2025-02-03"),
        ("advance", "diagnosis", "active", "2025-02-17"),
        ("advance", "plan_agreed", "active", "2025-02-24"),
        ("pause", "plan_agreed", "paused", "2025-03-03"),
        ("reopen", "plan_agreed", "active", "2025-03-17"),
        ("advance", "in_delivery", "active", "2025-03-24"),
    ]
    assert shown["dates"] == {
        "created_on": "2025-01-20",
        "start_on": "2025-02-03",
        "planned_end_on": "2025-07-18",
        "agreed_on": "2025-01-27",
        "first_meeting_on": "2025-02-03",
        "diagnosis_on": "2025-02-17",
        "plan_agreed_on": "2025-02-24",
        "in_delivery_on": "2025-03-24",
        "closed_on": None,
    }
    assert shown["officer"] == "jlee"
    assert [d["days"] for d in shown["deliveries"]] == [1.5, 2.0, 0.5]
    assert support.schools_of(agreement.pk) == {1, 2}
