"""The audit log: every change to recorded data and to users, with who, when, before and after.

Every change goes through ``audited_change``: one transaction holds the change and its entry, so
the log never disagrees with the data, and the values before and after are snapshots taken by the
same function, so they can be compared. What the log keeps of each kind of record is a ``Kind``
below. Passwords are never logged, only that one changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from django.contrib.auth.models import User
from django.db import models, transaction

from peerlift.store.models import (
    AcceptedMatch,
    AgreementObjective,
    AspirationEvent,
    BrokerageNeed,
    BrokerageOffer,
    BrokerageRule,
    BrokerageRun,
    CategoryDecision,
    CategoryRules,
    ComparatorSet,
    Concern,
    DeliveryEntry,
    FamilySet,
    GatsbyResult,
    Import,
    ImprovementPartner,
    PartnerAllocation,
    PartnerDays,
    PartnerPin,
    SupportAgreement,
    SupportReview,
    SurveyRound,
    SurveyRoundSchool,
    TrainingAttendance,
)
from peerlift.web.models import AuditEntry, Network, NetworkActivity, Profile, SchoolNote

Snapshot = dict[str, Any] | None
Record = TypeVar("Record", bound=models.Model)


def _pk(record: models.Model) -> object:
    return record.pk


@dataclass(frozen=True)
class Kind(Generic[Record]):
    """One kind of audited record: its name in the log, what identifies it there (read before a
    deletion, which forgets the primary key), and what the log keeps of it."""

    name: str
    snapshot: Callable[[Record], dict[str, Any]]
    key: Callable[[Record], object] = field(default=_pk)


@overload
def audited_change(
    actor: str,
    action: str,
    kind: Kind[Record],
    apply: Callable[[], Record],
    *,
    la: int | None,
    target: Record | None = None,
) -> Record: ...


@overload
def audited_change(
    actor: str,
    action: str,
    kind: Kind[Record],
    apply: Callable[[], None],
    *,
    la: int | None,
    target: Record,
) -> None: ...


def audited_change(
    actor: str,
    action: str,
    kind: Kind[Record],
    apply: Callable[[], Record | None],
    *,
    la: int | None,
    target: Record | None = None,
) -> Record | None:
    """Make one change to recorded data and log it, in one transaction: ``target`` is the record
    before (None when the change makes it), ``apply`` makes the change and returns the record after
    (None when it deletes it). ``la`` is the LA the change concerns, whose administrators read it.

    A change that leaves the snapshot as it was (a network renamed to its own name) is not logged;
    anything that raises inside ``apply`` rolls the change back and logs nothing."""
    with transaction.atomic():
        before = kind.snapshot(target) if target is not None else None
        key = kind.key(target) if target is not None else None
        after_record = apply()
        after = kind.snapshot(after_record) if after_record is not None else None
        if key is None and after_record is not None:
            key = kind.key(after_record)
        if before != after:
            record(actor, action, kind.name, key, before, after, la=la)
    return after_record


def record(
    actor: str,
    action: str,
    object_type: str,
    object_id: object,
    before: Snapshot,
    after: Snapshot,
    *,
    la: int | None = None,
) -> None:
    """Log one change; ``la`` is the LA it concerns, so that LA's administrators see it."""
    AuditEntry.objects.create(
        la_code=la,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
    )


def record_import(
    actor: str, record: Import, las: Iterable[int], *, own_la: int | None, unchanged: bool = False
) -> None:
    """File an import in the audit log of every LA whose schools it wrote, and of the importer's own
    LA (so an LA sees who changed its schools from elsewhere, and an LA's imports are all in its log)."""
    written = sorted(set(las))
    after = {
        "file_name": record.file_name,
        "kind": record.kind,
        "year": record.year,
        "status": record.status,
        "sha256": record.sha256,
        "unchanged": unchanged,
        "las_written": written,
        "rows_refused": sum(int(r["rows"]) for r in record.counts.get("refused", [])),
    }
    for la in sorted(set(written) | ({own_la} if own_la is not None or not written else set()), key=str):
        AuditEntry.objects.create(
            la_code=la,
            actor=actor,
            action="import file",
            object_type="import",
            object_id=str(record.pk),
            before=None,
            after=after,
        )


def user_snapshot(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: identity, role and scope, never the password hash."""
    profile = Profile.objects.filter(user=user).first()
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "role": profile.role if profile else None,
        "la": profile.la_code if profile else None,
        "urn": profile.urn if profile else None,
        "networks": sorted(profile.networks.values_list("name", flat=True)) if profile else [],
    }


def note_snapshot(note: SchoolNote) -> dict[str, Any]:
    return {"urn": note.urn, "text": note.text, "author": note.author}


def network_snapshot(network: Network) -> dict[str, Any]:
    """A network's name, LA, kind, lead and current schools."""
    urns = sorted(network.members.current().values_list("urn", flat=True))
    return {
        "name": network.name,
        "la": network.la_code,
        "kind": network.kind,
        "lead": network.lead,
        "schools": urns,
    }


def comparator_set_snapshot(found: ComparatorSet) -> dict[str, Any]:
    """A custom comparator set's name, owner, LA, sharing and member LAs."""
    return {
        "name": found.name,
        "owner": found.owner,
        "la": found.la_code,
        "shared": found.shared,
        "members": list(found.members),
    }


def _username(user: User) -> str:
    return user.username


def family_set_snapshot(built: FamilySet) -> dict[str, Any]:
    """A family set is logged by what it was built with and how many schools it holds."""
    return {
        "method": built.method,
        "scope": built.scope,
        "size": built.size,
        "year": built.year,
        "schools": built.schools,
    }


def partner_snapshot(partner: ImprovementPartner) -> dict[str, Any]:
    return {
        "la": partner.la_code,
        "name": partner.name,
        "days": partner.days,
        "phases": partner.phases,
        "active": partner.active,
    }


def partner_days_snapshot(table: PartnerDays) -> dict[str, Any]:
    return {"la": table.la_code, "days": table.days}


def pin_snapshot(pin: PartnerPin) -> dict[str, Any]:
    return {"la": pin.la_code, "year": pin.year, "urn": pin.urn, "partner": pin.partner.name}


def allocation_snapshot(made: PartnerAllocation) -> dict[str, Any]:
    """An allocation is logged with every school's partner and days, so a replaced run is kept."""
    return {
        "la": made.la_code,
        "year": made.year,
        "short_days": made.short_days,
        "kept_partner": made.kept_partner,
        "made_by": made.made_by,
        "accepted_by": made.accepted_by or None,
        "assignments": [
            [urn, name, days]
            for urn, name, days in made.assignments.values_list("urn", "partner__name", "days")
        ],
    }


def _allocation_key(made: PartnerAllocation) -> str:
    return f"{made.la_code}/{made.year}"


def brokerage_need_snapshot(need: BrokerageNeed) -> dict[str, Any]:
    return {
        "la": need.la_code,
        "need_id": need.need_id,
        "urn": need.urn,
        "area": need.area,
        "urgency": need.urgency,
        "days": need.days,
        "raised_on": need.raised_on.isoformat() if need.raised_on else None,
        "raised_by": need.raised_by,
        "notes": need.notes,
        "status": need.status,
        "evidence": need.evidence,
    }


def brokerage_offer_snapshot(offer: BrokerageOffer) -> dict[str, Any]:
    return {
        "la": offer.la_code,
        "offer_id": offer.offer_id,
        "supporter_urn": offer.supporter_urn,
        "supporter_name": offer.supporter_name,
        "kind": offer.kind,
        "areas": offer.areas,
        "phases": offer.phases,
        "capacity_days": offer.capacity_days,
        "max_distance_km": offer.max_distance_km,
        "network": offer.network,
        "conflicts": offer.conflicts,
        "confirmed": offer.confirmed,
    }


def brokerage_rule_snapshot(rule: BrokerageRule) -> dict[str, Any]:
    return {"la": rule.la_code, "need": rule.need.need_id, "offer": rule.offer.offer_id, "rule": rule.rule}


def brokerage_run_snapshot(run: BrokerageRun) -> dict[str, Any]:
    """A run is logged with its figures and pairs (the whole result stays on the run)."""
    result = run.result
    return {
        "la": run.la_code,
        "weights": run.weights,
        "objective": result.get("objective"),
        "greedy_objective": result.get("greedy_objective"),
        "met": result.get("met"),
        "pairs": [[p["need"], p["offer"]] for p in result.get("proposals", [])],
        "overrides": run.overrides,  # a what-if run's capacities and weights for that run only
    }


def accepted_match_snapshot(match: AcceptedMatch) -> dict[str, Any]:
    return {
        "la": match.la_code,
        "run": match.run_id,
        "need": match.need.need_id,
        "offer": match.offer.offer_id,
        "score": match.score,
        "accepted_by": match.accepted_by,
    }


USER: Kind[User] = Kind("user", user_snapshot, _username)
PASSWORD: Kind[User] = Kind("user", lambda _: {"password": "changed"}, _username)
"""A password change: logged as nothing before and "changed" after, never the password or its hash."""
NOTE: Kind[SchoolNote] = Kind("school note", note_snapshot)
NETWORK: Kind[Network] = Kind("network", network_snapshot)
FAMILY_SET: Kind[FamilySet] = Kind("family set", family_set_snapshot)
PARTNER: Kind[ImprovementPartner] = Kind("improvement partner", partner_snapshot)
PARTNER_DAYS: Kind[PartnerDays] = Kind("partner days by category", partner_days_snapshot)
PIN: Kind[PartnerPin] = Kind("partner pin", pin_snapshot, lambda pin: f"{pin.year}/{pin.urn}")
ALLOCATION: Kind[PartnerAllocation] = Kind("partner allocation", allocation_snapshot, _allocation_key)
NEED: Kind[BrokerageNeed] = Kind(
    "support need", brokerage_need_snapshot, lambda n: f"{n.la_code}/{n.need_id}"
)
OFFER: Kind[BrokerageOffer] = Kind(
    "support offer", brokerage_offer_snapshot, lambda o: f"{o.la_code}/{o.offer_id}"
)
BROKERAGE_RULE: Kind[BrokerageRule] = Kind("brokerage pin or exclusion", brokerage_rule_snapshot)
BROKERAGE_RUN: Kind[BrokerageRun] = Kind("brokerage run", brokerage_run_snapshot)
MATCH: Kind[AcceptedMatch] = Kind("accepted match", accepted_match_snapshot)


def category_snapshot(decision: CategoryDecision) -> dict[str, Any]:
    """A category decision: from, to, why and the reasons (the history row itself is never changed)."""
    return {
        "urn": decision.urn,
        "kind": decision.kind,
        "from": decision.from_category,
        "to": decision.category,
        "computed_category": decision.computed_category,
        "reasons": [r.get("rule") for r in decision.reasons],
        "rationale": decision.rationale,
        "discussed_on": decision.discussed_on.isoformat() if decision.discussed_on else None,
        "effective_on": decision.effective_on.isoformat(),
    }


def concern_snapshot(concern: Concern) -> dict[str, Any]:
    return {
        "urn": concern.urn,
        "kind": concern.kind,
        "raised_on": concern.raised_on.isoformat(),
        "note": concern.note,
        "open": concern.is_open,
        "closed_on": concern.closed_on.isoformat() if concern.closed_on else None,
        "closed_by": concern.closed_by,
    }


def rules_snapshot(rules: CategoryRules) -> dict[str, Any]:
    return {"la": rules.la_code, "name": rules.name, "sha256": rules.sha256}


def attendance_snapshot(attendance: TrainingAttendance) -> dict[str, Any]:
    """A governor at a course: the course, the school and the governor's name or role."""
    course = attendance.course
    return {
        "course": course.title,
        "date": course.date.isoformat(),
        "provider": course.provider,
        "topic": course.topic,
        "urn": attendance.urn,
        "governor": attendance.governor,
    }


def gatsby_snapshot(result: GatsbyResult) -> dict[str, Any]:
    """A school's Gatsby results for a year: each benchmark's percentage and the careers hub."""
    benchmarks = {f"gb{n}": getattr(result, f"gb{n}") for n in range(1, 9)}
    return {"urn": result.urn, "year": result.year, **benchmarks, "careers_hub": result.careers_hub}


GATSBY: Kind[GatsbyResult] = Kind("gatsby result", gatsby_snapshot)
ATTENDANCE: Kind[TrainingAttendance] = Kind("governor training", attendance_snapshot)


def aspiration_event_snapshot(event: AspirationEvent) -> dict[str, Any]:
    """An aspiration event entered on the form: its template's fields and its schools' URNs."""
    return {
        "name": event.name,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date else None,
        "hosts": event.hosts,
        "volunteers": event.volunteers,
        "schools": sorted(event.schools.values_list("urn", flat=True)),
        "children_reached": event.children_reached,
        "feedback": event.feedback,
        "la": event.la_code,
    }


ASPIRATION_EVENT: Kind[AspirationEvent] = Kind("aspiration event", aspiration_event_snapshot)
CATEGORY: Kind[CategoryDecision] = Kind("category decision", category_snapshot)
CONCERN: Kind[Concern] = Kind("concern", concern_snapshot)
RULES: Kind[CategoryRules] = Kind("category rules", rules_snapshot)
COMPARATOR_SET: Kind[ComparatorSet] = Kind("comparator set", comparator_set_snapshot)


# --- Support agreements (issue 14, support-core) ---------------------------------------------------


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def agreement_snapshot(agreement: SupportAgreement) -> dict[str, Any]:
    """An agreement's terms, milestone and status, and the needs it answers (by the LA's reference)."""
    return {
        "la": agreement.la_code,
        "supported_urn": agreement.supported_urn,
        "lead_offer": agreement.lead_offer.offer_id if agreement.lead_offer else None,
        "supporter_urn": agreement.supporter_urn,
        "supporter_name": agreement.supporter_name,
        "supporter_kind": agreement.supporter_kind,
        "contributors": agreement.contributors,
        "needs": sorted(agreement.needs.values_list("need_id", flat=True)),
        "accepted_match": agreement.accepted_match_id,
        "focus_areas": agreement.focus_areas,
        "days_planned": agreement.days_planned,
        "cost": str(agreement.cost) if agreement.cost is not None else None,
        "funding_source": agreement.funding_source,
        "start_on": _iso(agreement.start_on),
        "planned_end_on": _iso(agreement.planned_end_on),
        "officer": agreement.officer,
        "milestone": agreement.milestone,
        "status": agreement.status,
        "outcome": agreement.outcome,
        "closing_note": agreement.closing_note,
    }


def objective_snapshot(objective: AgreementObjective) -> dict[str, Any]:
    return {
        "agreement": objective.agreement_id,
        "area": objective.area,
        "text": objective.text,
        "success_measure": objective.success_measure,
        "target_on": _iso(objective.target_on),
    }


def delivery_snapshot(entry: DeliveryEntry) -> dict[str, Any]:
    return {
        "agreement": entry.agreement_id,
        "days": entry.days,
        "delivered_on": entry.delivered_on.isoformat(),
        "delivered_by": entry.delivered_by,
        "activity": entry.activity,
    }


def review_snapshot(review: SupportReview) -> dict[str, Any]:
    """A review with each objective's progress (by the objective's id)."""
    return {
        "agreement": review.agreement_id,
        "reviewed_on": review.reviewed_on.isoformat(),
        "reviewer": review.reviewer,
        "progress": review.progress,
        "quality": review.quality,
        "notes": review.notes,
        "next_review_on": _iso(review.next_review_on),
        "objectives": {
            str(objective): progress
            for objective, progress in review.objective_progress.values_list("objective_id", "progress")
        },
    }


AGREEMENT: Kind[SupportAgreement] = Kind("support agreement", agreement_snapshot)
OBJECTIVE: Kind[AgreementObjective] = Kind("support objective", objective_snapshot)
DELIVERY: Kind[DeliveryEntry] = Kind("support delivery", delivery_snapshot)
REVIEW: Kind[SupportReview] = Kind("support review", review_snapshot)


# Surveys (web/survey_changes.py): a round as made, and one school's answers in a round.
def survey_round_snapshot(found: SurveyRound) -> dict[str, Any]:
    return {
        "title": found.title,
        "questionnaire": f"{found.questionnaire_id} version {found.questionnaire_version}",
        "la": found.la_code,
        "network": found.network_id,
        "opens_on": found.opens_on.isoformat(),
        "closes_on": found.closes_on.isoformat(),
        "schools": sorted(found.schools.values_list("urn", flat=True)),
    }


def survey_answers_snapshot(school: SurveyRoundSchool) -> dict[str, Any]:
    answers: dict[str, dict[str, str]] = {}
    for role, question, answer in school.round.answers.filter(urn=school.urn).values_list(
        "respondent_role", "question_id", "answer"
    ):
        answers.setdefault(role, {})[question] = answer
    return {"round": school.round_id, "urn": school.urn, "answers": answers}


SURVEY_ROUND: Kind[SurveyRound] = Kind("survey round", survey_round_snapshot)
SURVEY_ANSWERS: Kind[SurveyRoundSchool] = Kind(
    "survey answers", survey_answers_snapshot, key=lambda s: f"round {s.round_id}, URN {s.urn}"
)


def entries(la: int | None, everyone: bool, limit: int = 1000) -> list[dict[str, Any]]:
    """The newest entries an administrator may read: their LA's, or every one for a superuser."""
    found = AuditEntry.objects.all() if everyone else AuditEntry.objects.filter(la_code=la)
    return [
        {
            "id": e.pk,
            "la": e.la_code,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "before": e.before,
            "after": e.after,
        }
        for e in found[:limit]
    ]


# Networks' activities (issue 15): web/network_changes.py makes every change through audited_change.
def network_activity_snapshot(activity: NetworkActivity) -> dict[str, Any]:
    """An activity of a network: the network, the day, the kind, who took part and the notes."""
    return {
        "network": activity.network.name,
        "network_id": activity.network_id,
        "date": activity.date.isoformat(),
        "kind": activity.kind,
        "levels": list(activity.levels),
        "notes": activity.notes,
    }


NETWORK_ACTIVITY: Kind[NetworkActivity] = Kind("network activity", network_activity_snapshot)
