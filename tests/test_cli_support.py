"""``peerlift support`` in-process on a hand-made LA: an agreement made from an accepted match and
one by hand, walked through every milestone with objectives, deliveries and reviews; every
refused change exits 1 with the agreement, its milestone and what is allowed from there; the JSON
keys of the contract, and the list as JSON and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from cli_runner import run

from peerlift.store.models import (
    AcceptedMatch,
    BrokerageNeed,
    BrokerageOffer,
    BrokerageRun,
    Establishment,
    SupportAgreement,
)
from peerlift.web import brokerage_changes
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

LA = 999
BROOK, HILL, ASH = 990001, 990002, 990003


@pytest.fixture
def casework() -> None:
    for urn, name in ((BROOK, "Brook Primary"), (HILL, "Hill Top Primary"), (ASH, "Ash Primary")):
        Establishment.objects.create(urn=urn, la_code=LA, name=name, phase="Primary")
    for need_id, urn, area in (("N1", BROOK, "reading"), ("N2", ASH, "maths")):
        brokerage_changes.save_need(
            "officer",
            LA,
            {
                "need_id": need_id,
                "urn": urn,
                "area": area,
                "urgency": 3,
                "days": 6,
                "raised_on": dt.date(2025, 9, 1),
            },
        )
    brokerage_changes.save_offer(
        "officer",
        LA,
        {
            "offer_id": "O1",
            "supporter_urn": HILL,
            "supporter_name": "Hill Top Primary",
            "kind": "school",
            "areas": ["reading", "maths"],
            "phases": ["primary"],
            "capacity_days": 20,
        },
    )


def _ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


def _refused(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 1, out
    return " ".join(err.split())


def test_an_agreement_from_an_accepted_match_walked_to_closed(casework: None) -> None:
    run_record = BrokerageRun.objects.create(la_code=LA, run_by="officer", result={"proposals": []})
    match = AcceptedMatch.objects.create(
        la_code=LA,
        run=run_record,
        need=BrokerageNeed.objects.get(need_id="N1"),
        offer=BrokerageOffer.objects.get(offer_id="O1"),
        score=0.9,
        accepted_by="officer",
    )
    out = _ok(
        "support", "create", "--la", "999", "--need", "N1", "--offer", "O1", "--officer", "jlee",
        "--cost", "1800", "--funding", "LA school improvement", "--start", "2025-10-01",
        "--end", "2026-07-17", "--on", "2025-09-20", "--by", "officer",
    )  # fmt: skip
    agreement = SupportAgreement.objects.get()
    assert out.startswith(f"Created support agreement {agreement.pk} from the accepted match of need N1")
    assert agreement.accepted_match == match
    pk = str(agreement.pk)

    assert "it can advance to agreed, be paused or be stopped" in _refused(
        "support", "advance", pk, "--to", "diagnosis"
    )
    assert "Reviews are recorded only while the support is in delivery" in _refused(
        "support", "review", pk, "--progress", "green"
    )
    _ok("support", "advance", pk, "--to", "agreed", "--on", "2025-09-29", "--note", "both heads signed")
    _ok("support", "advance", pk, "--to", "first_meeting", "--on", "2025-10-06")
    _ok(
        "support",
        "deliver",
        pk,
        "--days",
        "1.5",
        "--on",
        "2025-10-06",
        "--by",
        "Hill Top head",
        "--activity",
        "audit",
    )
    _ok("support", "advance", pk, "--to", "diagnosis", "--on", "2025-10-20")
    message = _refused("support", "advance", pk, "--to", "plan_agreed")
    assert message.startswith(
        f"Error: Agreement {pk} is at diagnosis and active: from there it can advance to plan"
    )
    assert "until it has at least one objective in its plan" in message
    out = _ok(
        "support", "objective", pk, "--area", "reading", "--text", "Phonics screening pass rate up",
        "--measure", "80% pass in June 2026", "--target", "2026-06-30",
    )  # fmt: skip
    objective = out.split()[2]
    _ok("support", "advance", pk, "--to", "plan_agreed", "--on", "2025-11-03")
    _ok("support", "advance", pk, "--to", "in_delivery", "--on", "2025-11-10")
    _ok(
        "support", "review", pk, "--progress", "amber", "--quality", "3", "--reviewer", "Brook head",
        "--on", "2025-12-15", "--next", "2026-03-23", "--notes", "a good start",
        "--objective", f"{objective}=green",
    )  # fmt: skip
    _ok("support", "pause", pk, "--reason", "Brook head on leave", "--on", "2026-01-12")
    assert "paused: from there it can be reopened" in _refused(
        "support", "deliver", pk, "--days", "1", "--on", "2026-01-13"
    )
    assert "A reason is needed to reopen it" in _refused("support", "reopen", pk, "--reason", " ")
    _ok("support", "reopen", pk, "--reason", "head back", "--on", "2026-02-02")
    assert "until it has an outcome" in _refused("support", "advance", pk, "--to", "closed")
    _ok(
        "support", "advance", pk, "--to", "closed", "--outcome", "met", "--closing-note", "phonics 82%",
        "--on", "2026-07-17",
    )  # fmt: skip
    assert "is closed: from there nothing can change" in _refused("support", "pause", pk, "--reason", "x")

    shown = json.loads(_ok("support", "show", pk, "--format", "json"))
    for key in ("id", "milestone", "status", "supported_urn", "supporter", "days_planned", "days_delivered"):
        assert key in shown
    assert (shown["milestone"], shown["status"], shown["supported_urn"], shown["outcome"]) == (
        "closed",
        "active",
        BROOK,
        "met",
    )
    assert (shown["days_planned"], shown["days_delivered"], shown["cost"]) == (6.0, 1.5, 1800.0)
    assert shown["supporter"]["name"] == "Hill Top Primary"
    assert shown["reviews"][0]["objectives"] == [{"objective": int(objective), "progress": "green"}]
    assert [h["happened_on"] for h in shown["history"]] == [
        "2025-09-20",
        "2025-09-29",
        "2025-10-06",
        "2025-10-20",
        "2025-11-03",
        "2025-11-10",
        "2026-01-12",
        "2026-02-02",
        "2026-07-17",
    ]
    # 1 create + 6 advances + pause + reopen on the agreement, 1 delivery, 1 objective, 1 review
    logged = AuditEntry.objects.filter(object_type__startswith="support ").exclude(
        object_type__in=["support need", "support offer"]
    )
    assert logged.count() == 12


def test_by_hand_and_the_list(casework: None) -> None:
    need = str(BrokerageNeed.objects.get(need_id="N2").pk)
    out = _ok(
        "support", "create", "--need", need, "--supporter-name", "Jo Bell (NLE)", "--kind", "nle",
        "--days", "4", "--contributor", f"Hill Top Primary={HILL}",
    )  # fmt: skip
    assert "by hand" in out
    hand = SupportAgreement.objects.get()
    assert (hand.supported_urn, hand.supporter_kind, hand.contributors) == (
        ASH,
        "nle",
        [{"name": "Hill Top Primary", "urn": HILL}],
    )
    _ok("support", "create", "--la", "999", "--need", "N1", "--offer", "O1")  # no match: by hand, 6 days
    _ok("support", "stop", str(hand.pk), "--reason", "the NLE withdrew")

    rows = json.loads(_ok("support", "list", "--la", "999", "--format", "json"))
    assert [(r["supported_urn"], r["status"], r["days_planned"]) for r in rows] == [
        (ASH, "stopped", 4.0),
        (BROOK, "active", 6.0),
    ]
    stopped = list(
        csv.DictReader(io.StringIO(_ok("support", "list", "--status", "stopped", "--format", "csv")))
    )
    assert [(r["id"], r["supporter_name"], r["milestone"]) for r in stopped] == [
        (str(hand.pk), "Jo Bell (NLE)", "proposed")
    ]
    assert json.loads(_ok("support", "list", "--la", "331", "--format", "json")) == []
    assert _refused("support", "list", "--status", "asleep").startswith("Error: --status is one of active")
    assert "LA 999 has no need 'N9'" in _refused("support", "create", "--la", "999", "--need", "N9")
    assert "there is no support agreement 999" in _refused("support", "show", "999")
    assert "There is no milestone called 'done'" in _refused(
        "support", "advance", str(hand.pk), "--to", "done"
    )


def test_objectives_are_changed_and_removed_from_the_command_line(casework: None) -> None:
    need = str(BrokerageNeed.objects.get(need_id="N2").pk)
    _ok("support", "create", "--need", need, "--supporter-name", "Jo Bell (NLE)", "--kind", "nle")
    pk = str(SupportAgreement.objects.get().pk)
    _ok("support", "advance", pk, "--to", "agreed", "--on", "2025-09-20")
    add = ("support", "objective", pk, "--area", "maths", "--text", "Times tables", "--measure", "MTC 20")
    first = _ok(*add).split()[2]
    second = _ok(*add).split()[2]
    assert "a new objective needs --measure" in _refused(
        "support", "objective", pk, "--area", "maths", "--text", "x"
    )
    out = _ok("support", "objective", pk, "--change", first, "--measure", "MTC 22", "--target", "2026-06-30")
    assert out == f"Changed objective {first} of agreement {pk}.\n"
    shown = json.loads(_ok("support", "show", pk, "--format", "json"))
    assert [(o["id"], o["success_measure"], o["target_on"]) for o in shown["objectives"]] == [
        (int(first), "MTC 22", "2026-06-30"),
        (int(second), "MTC 20", None),
    ]
    assert (
        _ok("support", "objective", pk, "--remove", second)
        == f"Removed objective {second} from agreement {pk}.\n"
    )
    assert [o["id"] for o in json.loads(_ok("support", "show", pk, "--format", "json"))["objectives"]] == [
        int(first)
    ]
    assert AuditEntry.objects.filter(action__in=["change objective", "remove objective"]).count() == 2
    assert f"objective 999 is not an objective of agreement {pk}" in _refused(
        "support", "objective", pk, "--remove", "999"
    )
    _ok("support", "pause", pk, "--reason", "head on leave")
    message = _refused("support", "objective", pk, "--change", first, "--text", "x")
    assert message.startswith(
        f"Error: Agreement {pk} is at agreed and paused: from there it can be reopened."
    )
