"""Reading support agreements (issue 14): the LA's list and one agreement in full, as plain rows in
the documented JSON shapes (``peerlift support list`` and ``support show``, docs/support.md).

Written only through web/support_changes.py (audited, checked by analysis/milestones.toml); the
figures (timeliness, quality, outcomes, provider audits) read the models in store/support_figures.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Sum

from peerlift.analysis import milestones
from peerlift.store.models import (
    AgreementEvent,
    DeliveryEntry,
    Establishment,
    SupportAgreement,
    SupportReview,
)

Row = dict[str, Any]

LIST_COLUMNS = (
    "id",
    "la",
    "supported_urn",
    "supported_name",
    "supporter_urn",
    "supporter_name",
    "supporter_kind",
    "milestone",
    "status",
    "days_planned",
    "days_delivered",
    "reviews",
    "last_review_on",
    "last_progress",
    "next_review_on",
    "start_on",
    "planned_end_on",
    "officer",
    "outcome",
)
"""The columns of ``support list`` (its CSV in this order)."""


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _names(urns: set[int]) -> dict[int, str]:
    return dict(Establishment.objects.filter(urn__in=urns).values_list("urn", "name"))


def _cost(agreement: SupportAgreement) -> float | None:
    return float(agreement.cost) if agreement.cost is not None else None


def agreements(la: int | None = None, status: str | None = None, urn: int | None = None) -> list[Row]:
    """The agreements of an LA (every LA's when None), of one status (active, paused, stopped) or
    every status, and, with ``urn``, only those the school is in (supported, lead supporter or
    contributor), oldest first, with their days delivered and latest review."""
    found = SupportAgreement.objects.all()
    if la is not None:
        found = found.filter(la_code=la)
    if status is not None:
        found = found.filter(status=status)
    chosen = list(found.order_by("la_code", "id"))
    if urn is not None:
        chosen = [a for a in chosen if urn in _schools_of(a)]
    ids = [a.pk for a in chosen]
    delivered = dict(
        DeliveryEntry.objects.filter(agreement_id__in=ids)
        .values("agreement_id")
        .annotate(days=Sum("days"))
        .values_list("agreement_id", "days")
    )
    counts = dict(
        SupportReview.objects.filter(agreement_id__in=ids)
        .values("agreement_id")
        .annotate(n=Count("id"))
        .values_list("agreement_id", "n")
    )
    latest: dict[int, SupportReview] = {}
    for review in SupportReview.objects.filter(agreement_id__in=ids).order_by("reviewed_on", "id"):
        latest[review.agreement_id] = review
    names = _names({a.supported_urn for a in chosen})
    rows = []
    for agreement in chosen:
        last = latest.get(agreement.pk)
        rows.append(
            {
                "id": agreement.pk,
                "la": agreement.la_code,
                "supported_urn": agreement.supported_urn,
                "supported_name": names.get(agreement.supported_urn, ""),
                "supporter_urn": agreement.supporter_urn,
                "supporter_name": agreement.supporter_name,
                "supporter_kind": agreement.supporter_kind,
                "milestone": agreement.milestone,
                "status": agreement.status,
                "days_planned": agreement.days_planned,
                "days_delivered": float(delivered.get(agreement.pk) or 0.0),
                "reviews": counts.get(agreement.pk, 0),
                "last_review_on": _iso(last.reviewed_on) if last else None,
                "last_progress": last.progress if last else None,
                "next_review_on": _iso(last.next_review_on) if last else None,
                "start_on": _iso(agreement.start_on),
                "planned_end_on": _iso(agreement.planned_end_on),
                "officer": agreement.officer,
                "outcome": agreement.outcome or None,
            }
        )
    return rows


def _schools_of(agreement: SupportAgreement) -> set[int]:
    urns = {agreement.supported_urn}
    if agreement.supporter_urn is not None:
        urns.add(agreement.supporter_urn)
    urns |= {int(c["urn"]) for c in agreement.contributors if c.get("urn") is not None}
    return urns


def schools_of(pk: int) -> set[int]:
    """The URNs of the schools in an agreement (supported, lead supporter, contributors): whose
    heads see it and contribute to it."""
    return _schools_of(SupportAgreement.objects.get(pk=pk))


def la_of(pk: int) -> int | None:
    """The LA of an agreement, for permission checks (None when there is no such agreement)."""
    return SupportAgreement.objects.filter(pk=pk).values_list("la_code", flat=True).first()


def _first_on(events: list[AgreementEvent], milestone: str) -> str | None:
    """The day the agreement first reached a milestone (from its history)."""
    return next(
        (_iso(e.happened_on) for e in events if e.milestone == milestone and e.action != "reopen"), None
    )


def agreement_detail(pk: int) -> Row:
    """One agreement in full: the JSON of ``peerlift support show`` (docs/support.md). Raises
    SupportAgreement.DoesNotExist when there is none."""
    agreement = SupportAgreement.objects.select_related("lead_offer").get(pk=pk)
    events = list(agreement.history.all())
    objectives = list(agreement.objectives.all())
    deliveries = list(agreement.deliveries.all())
    reviews = list(agreement.reviews.prefetch_related("objective_progress"))
    names = _names({agreement.supported_urn} | _schools_of(agreement))
    by_review: dict[int, list[Row]] = defaultdict(list)
    for review in reviews:
        for rated in review.objective_progress.all():
            by_review[review.pk].append({"objective": rated.objective_id, "progress": rated.progress})
    return {
        "id": agreement.pk,
        "la": agreement.la_code,
        "milestone": agreement.milestone,
        "milestone_label": milestones.label(agreement.milestone),
        "status": agreement.status,
        "supported_urn": agreement.supported_urn,
        "supported_name": names.get(agreement.supported_urn, ""),
        "supporter": {
            "urn": agreement.supporter_urn,
            "name": agreement.supporter_name,
            "kind": agreement.supporter_kind,
            "offer": agreement.lead_offer.offer_id if agreement.lead_offer else None,
        },
        "contributors": [{"name": c["name"], "urn": c.get("urn")} for c in agreement.contributors],
        "needs": [
            {
                "id": need.pk,
                "need_id": need.need_id,
                "area": need.area,
                "urgency": need.urgency,
                "days": need.days,
                "raised_on": _iso(need.raised_on),
                "status": need.status,
            }
            for need in agreement.needs.order_by("need_id")
        ],
        "accepted_match": agreement.accepted_match_id,
        "focus_areas": list(agreement.focus_areas),
        "days_planned": agreement.days_planned,
        "days_delivered": sum(d.days for d in deliveries),
        "cost": _cost(agreement),
        "funding_source": agreement.funding_source,
        "officer": agreement.officer,
        "outcome": agreement.outcome or None,
        "closing_note": agreement.closing_note,
        "dates": {
            "created_on": _iso(events[0].happened_on) if events else None,
            "start_on": _iso(agreement.start_on),
            "planned_end_on": _iso(agreement.planned_end_on),
            **{f"{m}_on": _first_on(events, m) for m in milestones.milestones()[1:]},
        },
        "objectives": [
            {
                "id": o.pk,
                "area": o.area,
                "text": o.text,
                "success_measure": o.success_measure,
                "target_on": _iso(o.target_on),
            }
            for o in objectives
        ],
        "deliveries": [
            {
                "id": d.pk,
                "days": d.days,
                "delivered_on": _iso(d.delivered_on),
                "delivered_by": d.delivered_by,
                "activity": d.activity,
                "recorded_by": d.recorded_by,
            }
            for d in deliveries
        ],
        "reviews": [
            {
                "id": r.pk,
                "reviewed_on": _iso(r.reviewed_on),
                "reviewer": r.reviewer,
                "progress": r.progress,
                "quality": r.quality,
                "notes": r.notes,
                "next_review_on": _iso(r.next_review_on),
                "objectives": by_review.get(r.pk, []),
                "recorded_by": r.recorded_by,
            }
            for r in reviews
        ],
        "history": [
            {
                "action": e.action,
                "milestone": e.milestone,
                "status": e.status,
                "happened_on": _iso(e.happened_on),
                "note": e.note,
                "by": e.by,
            }
            for e in events
        ],
        "created_by": agreement.created_by,
    }


def by_status() -> dict[str, int]:
    """How many agreements there are of each status (for a quick check of the demo)."""
    return dict(SupportAgreement.objects.values("status").annotate(n=Count("id")).values_list("status", "n"))
