"""An LA's support agreements read into analysis/support_figures.py's dataclasses, and its figures.

``history(la, as_at)`` reads the agreements (with their events, reviews and objectives' progress,
deliveries, the needs they answer and their lead provider), the LA's needs, concerns and category
decisions (``store/categories.py``), the supported schools' inspections and, for closed agreements,
the school's results beside its family's median (``store/families.py``: the stored family set of the
default method, else computed). ``timeliness``, ``quality``, ``outcomes`` and ``audit`` put the
analysis on top; the CLI, the pages and the reports call these.

A provider is named by its key: a supporting school's URN (as text), else the offer's reference,
else its name. ``audit(la, provider=ID)`` takes the key, any offer reference it led under, or a URN.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

from peerlift.analysis import support_figures as sf
from peerlift.analysis.latest_inspection import describe
from peerlift.domain.inspections import Area, InspectionType
from peerlift.domain.measures import Polarity
from peerlift.domain.measures import info as measure_info
from peerlift.store import categories, families
from peerlift.store.models import (
    BrokerageNeed,
    Concern,
    Establishment,
    Inspection,
    SchoolMeasure,
    SupportAgreement,
)

Row = dict[str, Any]
GRADES = {"1": 1, "2": 2, "3": 3, "4": 4}


def _names(urns: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(urns))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 900):
        found.update(
            Establishment.objects.filter(urn__in=wanted[start : start + 900]).values_list("urn", "name")
        )
    return found


def provider_of(agreement: SupportAgreement) -> sf.Provider:
    offer = agreement.lead_offer
    offer_ids = (offer.offer_id,) if offer is not None else ()
    if agreement.supporter_urn is not None:
        key = str(agreement.supporter_urn)
    elif offer is not None:
        key = offer.offer_id
    else:
        key = agreement.supporter_name or f"agreement {agreement.pk}"
    name = agreement.supporter_name or (offer.supporter_name if offer is not None else "") or key
    return sf.Provider(key, name, agreement.supporter_kind, agreement.supporter_urn, offer_ids)


def _need(n: BrokerageNeed, names: dict[int, str], answered: bool) -> sf.Need:
    return sf.Need(n.need_id, n.urn, n.area, n.raised_on, n.status, names.get(n.urn, ""), answered)


def _agreement(a: SupportAgreement, names: dict[int, str]) -> sf.Agreement:
    reviews = []
    for r in a.reviews.all():
        objectives = tuple(
            sf.ObjectiveRating(p.objective.area, p.progress) for p in r.objective_progress.all()
        )
        reviews.append(
            sf.Review(r.reviewed_on, r.progress, r.quality, r.next_review_on, r.reviewer, objectives)
        )
    return sf.Agreement(
        id=a.pk,
        la_code=a.la_code,
        supported_urn=a.supported_urn,
        provider=provider_of(a),
        days_planned=a.days_planned,
        milestone=a.milestone,
        status=a.status,
        supported_name=names.get(a.supported_urn, ""),
        focus_areas=tuple(a.focus_areas or ()),
        cost=float(a.cost) if a.cost is not None else None,
        start_on=a.start_on,
        planned_end_on=a.planned_end_on,
        outcome=a.outcome,
        events=tuple(
            sf.Event(e.action, e.milestone, e.status, e.happened_on, e.note) for e in a.history.all()
        ),
        reviews=tuple(reviews),
        deliveries=tuple(sf.Delivery(d.days, d.delivered_on, d.delivered_by) for d in a.deliveries.all()),
        needs=tuple(_need(n, names, True) for n in a.needs.all()),
    )


def _inspections(urns: Sequence[int]) -> list[sf.Inspection]:
    """The schools' graded inspections with their overall grade (None where the framework gives
    none) and their headline in words."""
    out = []
    found = (
        Inspection.objects.filter(urn__in=list(urns), inspection_type=InspectionType.GRADED.value)
        .exclude(start_date=None)
        .prefetch_related("judgements")
        .order_by("urn", "start_date")
    )
    for i in found:
        judged = {j.area: j.grade for j in i.judgements.all()}
        _, headline = describe(i.framework, judged, i.start_date)
        out.append(
            sf.Inspection(i.urn, i.start_date, GRADES.get(judged.get(Area.OVERALL.value, "")), headline)
        )
    return out


def _family_figures(urns: Sequence[int], settings: sf.Settings) -> list[sf.FamilyFigure]:
    """Each school's outcome measures (by its phase group, from the settings) beside its family's
    median, for every year both have a figure. A school with no family gives none."""
    if not urns:
        return []
    try:
        found = families.families_for(list(urns))
    except families.FamiliesError:
        return []
    out: list[sf.FamilyFigure] = []
    for urn, family in found.items():
        members = [m["urn"] for m in family.get("members", [])]
        measures = settings.outcome_measures.get(family.get("phase_group") or "", ())
        if not members or not measures:
            continue
        values: dict[tuple[str, int], dict[int, float]] = {}
        rows = SchoolMeasure.objects.filter(
            urn__in=[urn, *members], measure__in=list(measures), value__isnull=False
        ).values_list("urn", "measure", "year", "value")
        for who, measure, year, value in rows:
            values.setdefault((measure, year), {})[who] = value
        for (measure, year), by_urn in sorted(values.items()):
            theirs = [v for u, v in by_urn.items() if u != urn]
            if urn not in by_urn or not theirs:
                continue
            higher = measure_info(measure).polarity != Polarity.LOWER_BETTER
            out.append(sf.FamilyFigure(urn, measure, year, by_urn[urn], statistics.median(theirs), higher))
    return out


def history(la: int, as_at: dt.date | None = None, settings: sf.Settings | None = None) -> sf.History:
    """Everything the figures read about an LA's support, as at a day (today)."""
    settings = settings or sf.default_settings()
    rows = list(
        SupportAgreement.objects.filter(la_code=la)
        .select_related("lead_offer")
        .prefetch_related("history", "deliveries", "needs", "reviews__objective_progress__objective")
        .order_by("id")
    )
    needs = list(BrokerageNeed.objects.filter(la_code=la).prefetch_related("agreements"))
    names = _names([a.supported_urn for a in rows] + [n.urn for n in needs])
    agreements = tuple(_agreement(a, names) for a in rows)
    supported = sorted({a.supported_urn for a in agreements})
    closed = sorted({a.supported_urn for a in agreements if a.milestone == "closed"})
    concerns = tuple(
        sf.Concern(c.urn, c.raised_on, c.closed_on, c.kind)
        for c in Concern.objects.filter(la_code=la, urn__in=supported)
    )
    decisions = tuple(
        sf.CategoryDecision(d.urn, d.kind, d.category, d.effective_on)
        for d in categories.decisions(la, urns=supported)
    )
    return sf.History(
        as_at=as_at or dt.date.today(),
        agreements=agreements,
        needs=tuple(_need(n, names, bool(n.agreements.all())) for n in needs),
        concerns=concerns,
        categories=decisions,
        inspections=tuple(_inspections(supported)),
        family=tuple(_family_figures(closed, settings)),
    )


def timeliness(la: int, as_at: dt.date | None = None) -> Row:
    settings = sf.default_settings()
    return {"la": la, **sf.timeliness(history(la, as_at, settings), settings)}


def quality(la: int, as_at: dt.date | None = None) -> Row:
    settings = sf.default_settings()
    return {"la": la, **sf.quality(history(la, as_at, settings), settings)}


def outcomes(la: int, as_at: dt.date | None = None) -> Row:
    return {"la": la, **sf.outcomes(history(la, as_at))}


def audit(la: int, provider: str | None = None, as_at: dt.date | None = None) -> Row:
    settings = sf.default_settings()
    return {"la": la, **sf.audit(history(la, as_at, settings), provider, settings)}


def summary(la: int, as_at: dt.date | None = None) -> Row:
    """The LA's support summary: timeliness, quality, outcomes and every provider's audit, read once."""
    settings = sf.default_settings()
    found = history(la, as_at, settings)
    return {
        "la": la,
        "as_at": found.as_at,
        "timeliness": sf.timeliness(found, settings),
        "quality": sf.quality(found, settings),
        "outcomes": sf.outcomes(found),
        "audit": sf.audit(found, None, settings),
    }
