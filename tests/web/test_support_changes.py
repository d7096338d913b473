"""Support agreements written through web/support_changes.py on the real database: every change is
audited (one entry, with the before and after), every refusal leaves nothing written, the history
keeps the day each move happened, and an agreement made from an accepted match carries its need and
offer."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.analysis.milestones import Invalid, Refused
from peerlift.store.models import (
    AcceptedMatch,
    AgreementEvent,
    AgreementObjective,
    BrokerageNeed,
    BrokerageRun,
    DeliveryEntry,
    ObjectiveProgress,
    SupportAgreement,
    SupportReview,
)
from peerlift.web import brokerage_changes
from peerlift.web import support_changes as changes
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db

LA = 999
SUPPORTED, SUPPORTER = 100002, 100003
DAY = dt.date(2025, 9, 1)


def _need(need_id: str = "N1", urn: int = SUPPORTED, area: str = "maths", days: float = 6.0):
    return brokerage_changes.save_need(
        "officer",
        LA,
        {"need_id": need_id, "urn": urn, "area": area, "urgency": 3, "days": days, "raised_on": DAY},
    )


def _offer(offer_id: str = "O1"):
    return brokerage_changes.save_offer(
        "officer",
        LA,
        {
            "offer_id": offer_id,
            "supporter_urn": SUPPORTER,
            "supporter_name": "Hill Top Primary",
            "kind": "school",
            "areas": ["maths", "reading"],
            "phases": ["primary"],
            "capacity_days": 10.0,
        },
    )


def _agreement() -> SupportAgreement:
    return changes.create_agreement(
        LA, SUPPORTED, "officer", days_planned=8, lead_offer=_offer(), needs=[_need()], on=DAY
    )


def _entries() -> list[tuple[str, str]]:
    return list(AuditEntry.objects.order_by("id").values_list("action", "object_type"))


def _counts() -> tuple[int, ...]:
    return (
        SupportAgreement.objects.count(),
        AgreementEvent.objects.count(),
        AgreementObjective.objects.count(),
        DeliveryEntry.objects.count(),
        SupportReview.objects.count(),
        ObjectiveProgress.objects.count(),
        AuditEntry.objects.count(),
    )


def _walk_to(agreement: SupportAgreement, milestone: str) -> SupportAgreement:
    order = ["agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery"]
    for step in order[: order.index(milestone) + 1]:
        if step == "plan_agreed" and not agreement.objectives.exists():
            changes.add_objective(
                agreement, "officer", area="maths", text="Raise KS2 maths", success_measure="70% expected"
            )
        agreement = changes.advance(agreement, step, "officer", on=DAY)
    return agreement


def test_a_hand_made_agreement_copies_the_offer_and_starts_its_history() -> None:
    made = _agreement()
    assert (made.milestone, made.status, made.supporter_urn, made.supporter_name, made.supporter_kind) == (
        "proposed",
        "active",
        SUPPORTER,
        "Hill Top Primary",
        "school",
    )
    assert made.focus_areas == ["maths"]  # from its need
    assert list(made.history.values_list("action", "milestone", "status", "happened_on")) == [
        ("create", "proposed", "active", DAY)
    ]
    entry = AuditEntry.objects.get(object_type="support agreement")
    assert (entry.action, entry.la_code, entry.before, entry.after["needs"]) == (
        "create agreement",
        LA,
        None,
        ["N1"],
    )


def test_every_change_is_audited_once_with_before_and_after() -> None:
    agreement = _agreement()
    start = AuditEntry.objects.count()
    agreement = changes.advance(agreement, "agreed", "officer", note="both heads signed", on=DAY)
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.before["milestone"], entry.after["milestone"]) == (
        "advance to agreed",
        "proposed",
        "agreed",
    )
    agreement = changes.advance(agreement, "first_meeting", "officer", on=DAY)
    changes.record_delivery(agreement, "officer", days=1.5, delivered_on=DAY, delivered_by="A. Head")
    objective = changes.add_objective(
        agreement, "officer", area="maths", text="Raise maths", success_measure="KS2 70%"
    )
    for step in ("diagnosis", "plan_agreed", "in_delivery"):
        agreement = changes.advance(agreement, step, "officer", on=DAY)
    review = changes.record_review(
        agreement,
        "head",
        reviewed_on=DAY,
        reviewer="B. Head",
        progress="amber",
        quality=3,
        objective_progress={objective.pk: "green"},
    )
    assert review.objective_progress.get().progress == "green"
    agreement = changes.pause(agreement, "head on leave", "officer", on=DAY)
    agreement = changes.reopen(agreement, "head back", "officer", on=DAY)
    agreement = changes.advance(
        agreement, "closed", "officer", on=DAY, outcome="partly", closing_note="maths better"
    )
    assert (agreement.milestone, agreement.outcome, agreement.closing_note) == (
        "closed",
        "partly",
        "maths better",
    )
    assert _entries()[start:] == [
        ("advance to agreed", "support agreement"),
        ("advance to first_meeting", "support agreement"),
        ("record delivery", "support delivery"),
        ("add objective", "support objective"),
        ("advance to diagnosis", "support agreement"),
        ("advance to plan_agreed", "support agreement"),
        ("advance to in_delivery", "support agreement"),
        ("record review", "support review"),
        ("pause agreement", "support agreement"),
        ("reopen agreement", "support agreement"),
        ("advance to closed", "support agreement"),
    ]
    assert AuditEntry.objects.get(action="record review").after["objectives"] == {str(objective.pk): "green"}
    assert list(agreement.history.values_list("action", flat=True)) == [
        "create",
        "advance",
        "advance",
        "advance",
        "advance",
        "advance",
        "pause",
        "reopen",
        "advance",
    ]
    assert agreement.history.get(action="pause").note == "head on leave"


@pytest.mark.parametrize(
    ("milestone", "change"),
    [
        ("proposed", lambda a: changes.advance(a, "first_meeting", "x")),
        ("diagnosis", lambda a: changes.advance(a, "plan_agreed", "x")),  # no objective yet
        ("in_delivery", lambda a: changes.advance(a, "closed", "x")),  # no outcome
        ("proposed", lambda a: changes.record_delivery(a, "x", days=1, delivered_on=DAY)),
        (
            "plan_agreed",
            lambda a: changes.record_review(a, "x", reviewed_on=DAY, reviewer="r", progress="red"),
        ),
        ("proposed", lambda a: changes.add_objective(a, "x", area="maths", text="t", success_measure="m")),
        ("agreed", lambda a: changes.pause(a, "  ", "x")),
        ("agreed", lambda a: changes.reopen(a, "why", "x")),
    ],
)
def test_a_refused_change_raises_and_writes_nothing(milestone: str, change) -> None:
    agreement = _agreement()
    if milestone != "proposed":
        agreement = _walk_to(agreement, milestone)
    if milestone == "diagnosis":
        AgreementObjective.objects.all().delete()
    before = _counts()
    with pytest.raises(Refused) as refused:
        change(agreement)
    assert str(refused.value).startswith(f"Agreement {agreement.pk} is at ")
    assert _counts() == before
    assert SupportAgreement.objects.get().milestone == milestone


def test_paused_and_stopped_agreements_are_read_only_until_reopened() -> None:
    agreement = _walk_to(_agreement(), "in_delivery")
    for action in (changes.pause, changes.stop):
        agreement = action(agreement, "a reason", "officer")
        before = _counts()
        for write in (
            lambda a: changes.advance(a, "closed", "x", outcome="met"),
            lambda a: changes.record_delivery(a, "x", days=1, delivered_on=DAY),
            lambda a: changes.record_review(a, "x", reviewed_on=DAY, reviewer="r", progress="red"),
            lambda a: changes.add_objective(a, "x", area="maths", text="t", success_measure="m"),
            lambda a: changes.pause(a, "again", "x"),
            lambda a: changes.stop(a, "again", "x"),
            lambda a: changes.update_agreement(a, "x", days_planned=3),
        ):
            with pytest.raises(Refused, match="can be reopened"):
                write(agreement)
        assert _counts() == before
        agreement = changes.reopen(agreement, "back on", "officer")
        assert (agreement.milestone, agreement.status) == ("in_delivery", "active")


def test_bad_values_are_refused_before_anything_is_written() -> None:
    agreement = _walk_to(_agreement(), "in_delivery")
    objective = agreement.objectives.get()
    before = _counts()
    with pytest.raises(Invalid):
        changes.record_review(agreement, "x", reviewed_on=DAY, reviewer="r", progress="blue")
    with pytest.raises(Invalid):
        changes.record_review(agreement, "x", reviewed_on=DAY, reviewer="r", progress="red", quality=5)
    with pytest.raises(Invalid):
        changes.record_review(
            agreement,
            "x",
            reviewed_on=DAY,
            reviewer="r",
            progress="red",
            objective_progress={objective.pk: "x"},
        )
    with pytest.raises(changes.SupportError, match="not an objective"):
        changes.record_review(
            agreement,
            "x",
            reviewed_on=DAY,
            reviewer="r",
            progress="red",
            objective_progress={objective.pk + 99: "red"},
        )
    with pytest.raises(Invalid):
        changes.advance(agreement, "closed", "x", outcome="great")
    with pytest.raises(changes.SupportError):
        changes.record_delivery(agreement, "x", days=0, delivered_on=DAY)
    with pytest.raises(changes.SupportError):
        changes.create_agreement(LA, SUPPORTED, "x", days_planned=0, supporter_name="Ann")
    with pytest.raises(changes.SupportError, match="cannot support itself"):
        changes.create_agreement(LA, SUPPORTED, "x", days_planned=2, supporter_urn=SUPPORTED)
    with pytest.raises(changes.SupportError, match="not a need of school"):
        changes.create_agreement(
            LA, SUPPORTER, "x", days_planned=2, supporter_name="Ann", needs=[_need("N9")]
        )
    assert _counts()[:-1] == before[:-1]  # (N9 itself was saved, and audited, as a need)


def test_an_accepted_match_makes_one_agreement_with_its_need_and_offer() -> None:
    need, offer = _need(), _offer()
    run = BrokerageRun.objects.create(la_code=LA, run_by="officer")
    match = AcceptedMatch.objects.create(
        la_code=LA, run=run, need=need, offer=offer, score=1.0, accepted_by="o"
    )
    made = changes.create_from_match(match, "officer", officer="officer", cost="1200.50")
    assert (made.days_planned, made.lead_offer, made.accepted_match, list(made.needs.all())) == (
        6.0,
        offer,
        match,
        [need],
    )
    assert str(made.cost) == "1200.50"
    with pytest.raises(changes.SupportError, match="already has an agreement"):
        changes.create_from_match(match, "officer")
    assert SupportAgreement.objects.count() == 1


def test_accepting_a_proposal_makes_its_agreement_in_the_same_change() -> None:
    need, offer = _need(), _offer()
    proposal = {"need": "N1", "offer": "O1", "score": 9.5, "reasons": ["why"], "days": 4.0}
    run = BrokerageRun.objects.create(la_code=LA, run_by="officer", result={"proposals": [proposal]})
    match = brokerage_changes.accept("head of service", run, "N1")
    made = SupportAgreement.objects.get()
    assert (made.accepted_match, made.milestone, made.status, made.days_planned, made.lead_offer) == (
        match,
        "proposed",
        "active",
        4.0,  # the proposal's days
        offer,
    )
    assert list(made.needs.all()) == [need]
    assert [e[0] for e in _entries()[-2:]] == ["accept match", "create agreement"]
    assert AuditEntry.objects.get(action="create agreement").actor == "head of service"


def test_an_agreement_that_cannot_be_made_undoes_the_acceptance() -> None:
    _need()
    brokerage_changes.save_offer(
        "officer",
        LA,
        {
            "offer_id": "SELF",
            "supporter_urn": SUPPORTED,
            "kind": "school",
            "areas": ["maths"],
            "capacity_days": 5,
        },
    )
    proposal = {"need": "N1", "offer": "SELF", "score": 1.0, "reasons": [], "days": 2.0}
    run = BrokerageRun.objects.create(la_code=LA, run_by="officer", result={"proposals": [proposal]})
    with pytest.raises(changes.SupportError, match="cannot support itself"):
        brokerage_changes.accept("officer", run, "N1")
    assert (AcceptedMatch.objects.count(), SupportAgreement.objects.count()) == (0, 0)
    assert not AuditEntry.objects.filter(action="accept match").exists()
    assert BrokerageNeed.objects.get(need_id="N1").status == "open"


def test_changing_the_terms_is_audited_and_checked() -> None:
    agreement = _agreement()
    changed = changes.update_agreement(agreement, "officer", days_planned=10, cost="950", officer="jlee")
    assert (changed.days_planned, str(changed.cost), changed.officer) == (10, "950.00", "jlee")
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.before["days_planned"], entry.after["days_planned"], entry.after["cost"]) == (
        "change agreement",
        8.0,
        10,
        "950.00",
    )
    before = _counts()
    with pytest.raises(changes.SupportError, match="cannot be changed here"):
        changes.update_agreement(agreement, "officer", milestone="closed")
    with pytest.raises(changes.SupportError, match="before the start"):
        changes.update_agreement(
            agreement, "officer", start_on=dt.date(2026, 1, 1), planned_end_on=dt.date(2025, 1, 1)
        )
    assert _counts() == before


def test_an_agreement_is_made_only_in_the_supported_school_s_la() -> None:
    from peerlift.store.models import Establishment

    Establishment.objects.create(urn=300001, la_code=331, name="Coventry Primary")
    with pytest.raises(changes.SupportError, match="school 300001 is in LA 331, not LA 999"):
        changes.create_agreement(LA, 300001, "officer", days_planned=2, supporter_name="Ann")
    assert not SupportAgreement.objects.exists()


def test_a_day_in_the_future_is_refused_and_nothing_is_written() -> None:
    """Days delivered, a review, a move or a pause dated after today are refused: the figures count
    from these days (before the review, the CLI recorded a delivery and a review in 2030)."""
    agreement = _walk_to(_agreement(), "in_delivery")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    before = _counts()
    with pytest.raises(changes.SupportError, match="cannot be in the future"):
        changes.record_delivery(agreement, "x", days=1, delivered_on=tomorrow)
    with pytest.raises(changes.SupportError, match="cannot be in the future"):
        changes.record_review(agreement, "x", reviewed_on=tomorrow, reviewer="r", progress="green")
    with pytest.raises(changes.SupportError, match="cannot be in the future"):
        changes.pause(agreement, "head on leave", "x", on=tomorrow)
    with pytest.raises(changes.SupportError, match="cannot be in the future"):
        changes.advance(agreement, "closed", "x", on=tomorrow, outcome="met")
    with pytest.raises(changes.SupportError, match="cannot be in the future"):
        changes.create_agreement(LA, SUPPORTED, "x", days_planned=2, supporter_name="Ann", on=tomorrow)
    assert _counts() == before
    changes.record_delivery(agreement, "x", days=1, delivered_on=dt.date.today())
    assert _counts()[3] == before[3] + 1


def test_objectives_are_changed_or_removed_while_the_plan_is_open_and_audited() -> None:
    agreement = _walk_to(_agreement(), "in_delivery")
    first = agreement.objectives.get()
    second = changes.add_objective(
        agreement, "officer", area="reading", text="Phonics daily", success_measure="80% pass"
    )
    changed = changes.change_objective(
        second, "officer", text="Phonics taught daily", target_on=dt.date(2026, 6, 30)
    )
    assert (changed.area, changed.text, changed.success_measure, changed.target_on) == (
        "reading",
        "Phonics taught daily",
        "80% pass",
        dt.date(2026, 6, 30),
    )
    entry = AuditEntry.objects.order_by("id").last()
    assert (entry.action, entry.object_type) == ("change objective", "support objective")
    assert (entry.before["text"], entry.after["text"]) == ("Phonics daily", "Phonics taught daily")
    changes.record_review(
        agreement,
        "officer",
        reviewed_on=DAY,
        reviewer="r",
        progress="amber",
        objective_progress={first.pk: "amber"},
    )
    with pytest.raises(changes.SupportError, match="rated in a review"):
        changes.remove_objective(first, "officer")
    changes.remove_objective(second, "officer")
    assert list(agreement.objectives.values_list("pk", flat=True)) == [first.pk]
    entry = AuditEntry.objects.order_by("id").last()
    assert (entry.action, entry.after) == ("remove objective", None)
    with pytest.raises(changes.SupportError, match="cannot be changed in an objective"):
        changes.change_objective(first, "officer", agreement=None)
    with pytest.raises(changes.SupportError, match="not a support area"):
        changes.change_objective(first, "officer", area="knitting")
    paused = changes.pause(agreement, "head on leave", "officer", on=DAY)
    before = _counts()
    with pytest.raises(Refused, match="paused"):
        changes.change_objective(first, "officer", text="x")
    assert _counts() == before
    changes.reopen(paused, "back", "officer", on=DAY)


def test_a_plan_agreed_keeps_one_objective_and_a_closed_one_is_read_only() -> None:
    agreement = _walk_to(_agreement(), "plan_agreed")
    only = agreement.objectives.get()
    with pytest.raises(changes.SupportError, match="only objective"):
        changes.remove_objective(only, "officer")
    early = _walk_to(
        changes.create_agreement(LA, SUPPORTED, "officer", days_planned=2, supporter_name="Ann", on=DAY),
        "agreed",
    )
    draft = changes.add_objective(early, "officer", area="maths", text="x", success_measure="y")
    changes.remove_objective(draft, "officer")  # at agreed the plan is still being drawn up
    assert not early.objectives.exists()
    agreement = changes.advance(agreement, "in_delivery", "officer", on=DAY)
    agreement = changes.advance(agreement, "closed", "officer", on=DAY, outcome="met")
    with pytest.raises(Refused, match="closed"):
        changes.change_objective(only, "officer", text="after the event")
