"""Every change to support agreements (issue 14), each through ``audit.audited_change`` and each
checked against the state machine (``analysis/milestones.toml``) before anything is written: the
pages, the CLI and the demo all call these, so no change escapes the log or the rules.

A refused change raises ``milestones.Refused`` (the agreement, its milestone and status, what is
allowed from there); a value the rules do not know raises ``milestones.Invalid`` or
``SupportError``. Either way nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerlift.analysis import milestones
from peerlift.analysis.milestones import Invalid, Refused, State
from peerlift.brokerage.model import Area, OfferKind
from peerlift.store.models import (
    AcceptedMatch,
    AgreementEvent,
    AgreementObjective,
    BrokerageNeed,
    BrokerageOffer,
    DeliveryEntry,
    Establishment,
    ObjectiveProgress,
    SupportAgreement,
    SupportReview,
)
from peerlift.web import audit

__all__ = [
    "Invalid",
    "Refused",
    "SupportError",
    "add_objective",
    "advance",
    "change_objective",
    "create_agreement",
    "create_from_match",
    "pause",
    "record_delivery",
    "record_review",
    "removal_refused",
    "remove_objective",
    "reopen",
    "stop",
    "update_agreement",
]

AREAS = frozenset(a.value for a in Area)
KINDS = frozenset(k.value for k in OfferKind)


class SupportError(ValueError):
    """A change refused for what it says (not for where the agreement is), in words."""


def _today() -> dt.date:
    return timezone.localdate()


def state_of(agreement: SupportAgreement) -> State:
    return State(agreement.milestone, agreement.status)


def _locked(agreement: SupportAgreement | int) -> SupportAgreement:
    """The agreement as stored now, locked until the change's transaction ends (PostgreSQL)."""
    pk = agreement if isinstance(agreement, int) else agreement.pk
    found = SupportAgreement.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise SupportError(f"there is no support agreement {pk}")
    return found


def _not_future(day: dt.date | None, what: str) -> None:
    """A day something happened cannot be after today (the figures count from these days)."""
    if day is not None and day > _today():
        raise SupportError(f"{what} ({day.isoformat()}) cannot be in the future")


def _event(agreement: SupportAgreement, action: str, on: dt.date | None, note: str, actor: str) -> None:
    AgreementEvent.objects.create(
        agreement=agreement,
        action=action,
        milestone=agreement.milestone,
        status=agreement.status,
        happened_on=on or _today(),
        note=note,
        by=actor,
    )


def _school_name(urn: int) -> str:
    return Establishment.objects.filter(urn=urn).values_list("name", flat=True).first() or ""


def _pounds(cost: Decimal | float | str | None) -> Decimal | None:
    """A cost in pounds and pence, as stored (two decimal places)."""
    if cost is None:
        return None
    try:
        return Decimal(str(cost)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise SupportError(f"the cost must be a sum in pounds, not {cost!r}") from None


def _check_terms(terms: Mapping[str, Any]) -> None:
    if "days_planned" in terms and not (terms["days_planned"] > 0):
        raise SupportError(f"the days planned must be more than 0, not {terms['days_planned']}")
    for area in terms.get("focus_areas", []):
        if area not in AREAS:
            raise SupportError(f"{area!r} is not a support area: the areas are {', '.join(sorted(AREAS))}")
    kind = terms.get("supporter_kind")
    if kind is not None and kind not in KINDS:
        raise SupportError(f"{kind!r} is not a kind of supporter: the kinds are {', '.join(sorted(KINDS))}")
    cost = terms.get("cost")
    if cost is not None and Decimal(cost) < 0:
        raise SupportError(f"the cost cannot be below 0, not {cost}")
    start, end = terms.get("start_on"), terms.get("planned_end_on")
    if start is not None and end is not None and end < start:
        raise SupportError(f"the planned end ({end.isoformat()}) is before the start ({start.isoformat()})")
    for contributor in terms.get("contributors", []):
        if not str(contributor.get("name", "")).strip():
            raise SupportError("each contributor needs a name")


def create_agreement(
    la: int,
    supported_urn: int,
    actor: str,
    *,
    days_planned: float,
    lead_offer: BrokerageOffer | None = None,
    supporter_urn: int | None = None,
    supporter_name: str = "",
    supporter_kind: str | None = None,
    contributors: Sequence[Mapping[str, Any]] = (),
    needs: Iterable[BrokerageNeed] = (),
    accepted_match: AcceptedMatch | None = None,
    focus_areas: Sequence[str] | None = None,
    cost: Decimal | float | str | None = None,
    funding_source: str = "",
    start_on: dt.date | None = None,
    planned_end_on: dt.date | None = None,
    officer: str = "",
    on: dt.date | None = None,
    note: str = "",
) -> SupportAgreement:
    """A new agreement at milestone proposed, by hand or from an accepted match: the lead
    supporter is an offer (its school or name and kind are copied) or named here; the needs must
    be the LA's needs of the supported school. Its history starts with a "create" event on ``on``."""
    _not_future(on, "the day it was made")
    chosen = list(needs)
    registered = Establishment.objects.filter(urn=supported_urn).values_list("la_code", flat=True).first()
    if registered is not None and registered != la:
        raise SupportError(f"school {supported_urn} is in LA {registered}, not LA {la}")
    for need in chosen:
        if need.la_code != la or need.urn != supported_urn:
            raise SupportError(f"need {need.need_id} is not a need of school {supported_urn} in LA {la}")
        if need.status in (BrokerageNeed.Status.WITHDRAWN, BrokerageNeed.Status.DISMISSED):
            raise SupportError(f"need {need.need_id} is {need.status}: it cannot be supported")
    if lead_offer is not None:
        if lead_offer.la_code != la:
            raise SupportError(f"offer {lead_offer.offer_id} is not an offer of LA {la}")
        supporter_urn = lead_offer.supporter_urn if supporter_urn is None else supporter_urn
        supporter_name = supporter_name or lead_offer.supporter_name
        supporter_kind = supporter_kind or lead_offer.kind
    if supporter_urn is not None and supporter_urn == supported_urn:
        raise SupportError(f"school {supported_urn} cannot support itself")
    if supporter_urn is not None and not supporter_name:
        supporter_name = _school_name(supporter_urn)
    if not supporter_name and supporter_urn is None:
        raise SupportError("name the lead supporter: an offer, a school or a person or organisation")
    areas = list(focus_areas) if focus_areas is not None else sorted({n.area for n in chosen})
    terms: dict[str, Any] = {
        "la_code": la,
        "supported_urn": supported_urn,
        "lead_offer": lead_offer,
        "supporter_urn": supporter_urn,
        "supporter_name": supporter_name,
        "supporter_kind": supporter_kind or OfferKind.SCHOOL.value,
        "contributors": [{"name": str(c["name"]).strip(), "urn": c.get("urn")} for c in contributors],
        "accepted_match": accepted_match,
        "focus_areas": areas,
        "days_planned": float(days_planned),
        "cost": _pounds(cost),
        "funding_source": funding_source.strip(),
        "start_on": start_on,
        "planned_end_on": planned_end_on,
        "officer": officer.strip(),
    }
    _check_terms(terms)
    if accepted_match is not None and SupportAgreement.objects.filter(accepted_match=accepted_match).exists():
        raise SupportError(f"the match for need {accepted_match.need.need_id} already has an agreement")

    def make() -> SupportAgreement:
        agreement = SupportAgreement.objects.create(created_by=actor, **terms)
        agreement.needs.set(chosen)
        _event(agreement, "create", on, note.strip(), actor)
        return agreement

    return audit.audited_change(actor, "create agreement", audit.AGREEMENT, make, la=la)


def create_from_match(
    match: AcceptedMatch,
    actor: str,
    *,
    days_planned: float | None = None,
    on: dt.date | None = None,
    **terms: Any,
) -> SupportAgreement:
    """The agreement of an accepted brokerage proposal, at milestone proposed: the match's need
    and offer, the need's days unless others are given."""
    need, offer = match.need, match.offer
    return create_agreement(
        match.la_code,
        need.urn,
        actor,
        days_planned=need.days if days_planned is None else days_planned,
        lead_offer=offer,
        needs=[need],
        accepted_match=match,
        on=on,
        **terms,
    )


def update_agreement(agreement: SupportAgreement, actor: str, **terms: Any) -> SupportAgreement:
    """Change an agreement's terms (days planned, cost, funding, dates, officer, focus areas,
    contributors): allowed while it is active and not closed."""
    editable = {
        "days_planned",
        "cost",
        "funding_source",
        "start_on",
        "planned_end_on",
        "officer",
        "focus_areas",
        "contributors",
        "supporter_name",
    }
    unknown = sorted(set(terms) - editable)
    if unknown:
        raise SupportError(f"these terms cannot be changed here: {', '.join(unknown)}")
    with transaction.atomic():
        current = _locked(agreement)
        milestones.check_write(current.pk, state_of(current), "edit")
        merged = {name: getattr(current, name) for name in ("start_on", "planned_end_on")} | terms
        _check_terms(merged)
        before = SupportAgreement.objects.get(pk=current.pk)

        def change() -> SupportAgreement:
            for name, value in terms.items():
                if name == "cost":
                    value = _pounds(value)
                elif name == "days_planned":
                    value = float(value)
                setattr(current, name, value)
            current.save()
            return current

        return audit.audited_change(
            actor, "change agreement", audit.AGREEMENT, change, la=current.la_code, target=before
        )


def advance(
    agreement: SupportAgreement,
    to: str,
    actor: str,
    note: str = "",
    on: dt.date | None = None,
    outcome: str | None = None,
    closing_note: str = "",
) -> SupportAgreement:
    """Move the agreement to the next milestone (``to`` must be it). plan_agreed needs an objective,
    closed an outcome (met, partly, not_met) and takes the closing note."""
    _not_future(on, "the day it moved on")
    with transaction.atomic():
        current = _locked(agreement)
        if outcome is not None:
            milestones.check_outcome(outcome)
        facts = {"objective": current.objectives.exists(), "outcome": bool(outcome)}
        after = milestones.check_advance(current.pk, state_of(current), to, facts)
        if outcome and after.milestone != milestones.rules().final:
            raise SupportError("an outcome is given only when the agreement is closed")
        before = SupportAgreement.objects.get(pk=current.pk)

        def move() -> SupportAgreement:
            current.milestone = after.milestone
            if outcome:
                current.outcome = outcome
                current.closing_note = closing_note.strip()
            current.save()
            _event(current, "advance", on, note.strip(), actor)
            return current

        return audit.audited_change(
            actor, f"advance to {to}", audit.AGREEMENT, move, la=current.la_code, target=before
        )


def _status_change(
    action: str, agreement: SupportAgreement, reason: str, actor: str, on: dt.date | None
) -> SupportAgreement:
    _not_future(on, f"the day of the {action}")
    with transaction.atomic():
        current = _locked(agreement)
        after = milestones.check_action(current.pk, state_of(current), action, reason)
        before = SupportAgreement.objects.get(pk=current.pk)

        def change() -> SupportAgreement:
            current.status = after.status
            current.save()
            _event(current, action, on, reason.strip(), actor)
            return current

        return audit.audited_change(
            actor, f"{action} agreement", audit.AGREEMENT, change, la=current.la_code, target=before
        )


def pause(
    agreement: SupportAgreement, reason: str, actor: str, on: dt.date | None = None
) -> SupportAgreement:
    """Pause an active agreement (reason required): read-only until reopened."""
    return _status_change("pause", agreement, reason, actor, on)


def stop(agreement: SupportAgreement, reason: str, actor: str, on: dt.date | None = None) -> SupportAgreement:
    """Stop an active agreement (reason required): read-only until reopened."""
    return _status_change("stop", agreement, reason, actor, on)


def reopen(
    agreement: SupportAgreement, reason: str, actor: str, on: dt.date | None = None
) -> SupportAgreement:
    """Return a paused or stopped agreement to active at its milestone (reason required)."""
    return _status_change("reopen", agreement, reason, actor, on)


def add_objective(
    agreement: SupportAgreement,
    actor: str,
    *,
    area: str,
    text: str,
    success_measure: str,
    target_on: dt.date | None = None,
) -> AgreementObjective:
    """An objective of the plan: an area, what is to change, its success measure and target date."""
    _objective_checked(area, text, success_measure)
    with transaction.atomic():
        current = _locked(agreement)
        milestones.check_write(current.pk, state_of(current), "objective")
        return audit.audited_change(
            actor,
            "add objective",
            audit.OBJECTIVE,
            lambda: AgreementObjective.objects.create(
                agreement=current,
                area=area,
                text=text.strip(),
                success_measure=success_measure.strip(),
                target_on=target_on,
            ),
            la=current.la_code,
        )


def _objective_checked(area: str, text: str, success_measure: str) -> None:
    if area not in AREAS:
        raise SupportError(f"{area!r} is not a support area: the areas are {', '.join(sorted(AREAS))}")
    if not text.strip():
        raise SupportError("say what the objective is")
    if not success_measure.strip():
        raise SupportError("give the objective a success measure")


def _locked_objective(objective: AgreementObjective) -> tuple[AgreementObjective, SupportAgreement]:
    """The objective as stored now and its agreement, locked, with the plan writable (the
    "objective" write of the state machine: from agreed until the end of delivery, active)."""
    current = _locked(objective.agreement_id)
    found = AgreementObjective.objects.filter(pk=objective.pk, agreement=current).first()
    if found is None:
        raise SupportError(f"objective {objective.pk} is not an objective of agreement {current.pk}")
    milestones.check_write(current.pk, state_of(current), "objective")
    return found, current


OBJECTIVE_FIELDS = frozenset({"area", "text", "success_measure", "target_on"})


def change_objective(objective: AgreementObjective, actor: str, **fields: Any) -> AgreementObjective:
    """Change an objective of the plan (its ``area``, ``text``, ``success_measure``, ``target_on``:
    those given; ``target_on=None`` clears it) while the plan is open: audited, refused when the
    agreement is read-only or closed."""
    unknown = sorted(set(fields) - OBJECTIVE_FIELDS)
    if unknown:
        raise SupportError(f"these cannot be changed in an objective: {', '.join(unknown)}")
    with transaction.atomic():
        found, current = _locked_objective(objective)
        before = AgreementObjective.objects.get(pk=found.pk)
        for name, value in fields.items():
            setattr(found, name, value.strip() if isinstance(value, str) else value)
        _objective_checked(found.area, found.text, found.success_measure)

        def change() -> AgreementObjective:
            found.save()
            return found

        return audit.audited_change(
            actor, "change objective", audit.OBJECTIVE, change, la=current.la_code, target=before
        )


def removal_refused(objective: AgreementObjective, agreement: SupportAgreement | None = None) -> str:
    """Why an objective cannot leave the plan, whatever the agreement's state ("" when it can): one
    a review has rated stays (its progress is the record: change it instead), and a plan agreed keeps
    at least one objective."""
    agreement = agreement or objective.agreement
    if objective.progress.exists():
        return (
            f"objective {objective.pk} has been rated in a review, so it stays in the plan: change it instead"
        )
    order = milestones.milestones()
    if order.index(agreement.milestone) >= order.index("plan_agreed") and agreement.objectives.count() == 1:
        return (
            f"objective {objective.pk} is the plan's only objective, and a plan agreed keeps at least one: "
            "add another first"
        )
    return ""


def remove_objective(objective: AgreementObjective, actor: str) -> None:
    """Remove an objective from the plan while the plan is open (audited; refused when read-only or
    closed). An objective a review has rated is kept (its progress is the record: change it
    instead), and a plan agreed keeps at least one objective."""
    with transaction.atomic():
        found, current = _locked_objective(objective)
        why = removal_refused(found, current)
        if why:
            raise SupportError(why)

        def delete() -> None:
            found.delete()

        audit.audited_change(
            actor, "remove objective", audit.OBJECTIVE, delete, la=current.la_code, target=found
        )


def record_delivery(
    agreement: SupportAgreement,
    actor: str,
    *,
    days: float,
    delivered_on: dt.date,
    delivered_by: str = "",
    activity: str = "",
) -> DeliveryEntry:
    """Days of support delivered on a day, by whom and on what."""
    if not days > 0:
        raise SupportError(f"the days delivered must be more than 0, not {days:g}")
    _not_future(delivered_on, "the day they were delivered")
    with transaction.atomic():
        current = _locked(agreement)
        milestones.check_write(current.pk, state_of(current), "delivery")
        return audit.audited_change(
            actor,
            "record delivery",
            audit.DELIVERY,
            lambda: DeliveryEntry.objects.create(
                agreement=current,
                days=float(days),
                delivered_on=delivered_on,
                delivered_by=delivered_by.strip(),
                activity=activity.strip(),
                recorded_by=actor,
            ),
            la=current.la_code,
        )


def record_review(
    agreement: SupportAgreement,
    actor: str,
    *,
    reviewed_on: dt.date,
    reviewer: str,
    progress: str,
    quality: int | None = None,
    notes: str = "",
    next_review_on: dt.date | None = None,
    objective_progress: Mapping[int, str] | None = None,
    head_of: int | None = None,
) -> SupportReview:
    """A termly review: overall progress and each objective's (by the objective's id; red, amber or
    green), the quality of support rated by the supported head (1-4), notes, the next review.

    ``head_of`` is the URN of the school whose head records it (None: the LA's staff or the command
    line, recording the supported head's rating as they gave it). Any head in the agreement records
    progress; only the supported school's head gives the quality: a supporting or contributing head
    rating the support they give is refused."""
    milestones.check_progress(progress)
    milestones.check_quality(quality)
    ratings = dict(objective_progress or {})
    for objective_id, rating in ratings.items():
        milestones.check_progress(rating, f"The progress of objective {objective_id}")
    if not reviewer.strip():
        raise SupportError("name the reviewer")
    _not_future(reviewed_on, "the day of the review")
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise SupportError("the next review must be after this one")
    with transaction.atomic():
        current = _locked(agreement)
        milestones.check_write(current.pk, state_of(current), "review")
        if quality is not None and head_of is not None and head_of != current.supported_urn:
            raise SupportError(
                f"only the head of the supported school (URN {current.supported_urn}) rates the quality "
                f"of support: the head of school {head_of} records progress, not quality"
            )
        own = set(current.objectives.values_list("pk", flat=True))
        strangers = sorted(set(ratings) - own)
        if strangers:
            raise SupportError(f"objective {strangers[0]} is not an objective of agreement {current.pk}")

        def make() -> SupportReview:
            review = SupportReview.objects.create(
                agreement=current,
                reviewed_on=reviewed_on,
                reviewer=reviewer.strip(),
                progress=progress,
                quality=quality,
                notes=notes.strip(),
                next_review_on=next_review_on,
                recorded_by=actor,
            )
            ObjectiveProgress.objects.bulk_create(
                ObjectiveProgress(review=review, objective_id=pk, progress=rating)
                for pk, rating in sorted(ratings.items())
            )
            return review

        return audit.audited_change(actor, "record review", audit.REVIEW, make, la=current.la_code)
