"""What needs doing with an LA's support agreements, for its officers' home page (issue 14): reviews
due, agreements stalled at a milestone and needs still unmatched. The numbers of days are data: the
review interval and when a need counts as unmatched are the figures' own
(``analysis/support_figures.toml``, one source, so this list and the timeliness page agree); how far
ahead a review counts as due and when a milestone is stalled are ``support_todo.toml``'s. ``today``
is given, so the lists are the same whenever they are checked."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from django.db.models import Max

from peerlift.analysis import milestones
from peerlift.analysis import support_figures as sf
from peerlift.store.models import (
    AgreementEvent,
    BrokerageNeed,
    Establishment,
    SupportAgreement,
    SupportReview,
)


@dataclass(frozen=True)
class Limits:
    review_due_within_days: int
    stalled_after_days: dict[str, int]
    review_interval_days: int  # analysis/support_figures.toml's
    need_unmatched_after_days: int  # analysis/support_figures.toml's


@cache
def limits() -> Limits:
    text = resources.files("peerlift.web").joinpath("support_todo.toml").read_text(encoding="utf-8")
    return parse_limits(text)


def parse_limits(text: str) -> Limits:
    data = tomllib.loads(text)
    stalled = {str(k): int(v) for k, v in data.get("stalled_after_days", {}).items()}
    unknown = sorted(set(stalled) - set(milestones.milestones()))
    if unknown:
        raise ValueError(f"support_todo.toml: {unknown[0]!r} is not a milestone")
    settings = sf.default_settings()
    return Limits(
        int(data["review_due_within_days"]),
        stalled,
        settings.review_interval_days,
        settings.unmatched_after_days,
    )


def _names(urns: set[int]) -> dict[int, str]:
    return dict(Establishment.objects.filter(urn__in=urns).values_list("urn", "name"))


def reviews_due(la: int, today: dt.date) -> list[dict[str, Any]]:
    """Active agreements in delivery due a review on a day past or within ``review_due_within_days``,
    soonest first: the next review their latest review set, or one review interval after that review
    (or after entering delivery, with no review yet), as the timeliness figures count it."""
    until = today + dt.timedelta(days=limits().review_due_within_days)
    settings = sf.default_settings()
    agreements = {
        a.pk: a for a in SupportAgreement.objects.filter(la_code=la, milestone="in_delivery", status="active")
    }
    latest: dict[int, SupportReview] = {}
    for review in SupportReview.objects.filter(agreement_id__in=list(agreements)).order_by(
        "reviewed_on", "id"
    ):
        latest[review.agreement_id] = review
    entered: dict[int, dt.date] = {}
    for pk, day in (
        AgreementEvent.objects.filter(agreement_id__in=list(agreements), milestone="in_delivery")
        .order_by("happened_on", "id")
        .values_list("agreement_id", "happened_on")
    ):
        entered.setdefault(pk, day)
    names = _names({a.supported_urn for a in agreements.values()})
    rows = []
    for pk, agreement in agreements.items():
        last = latest.get(pk)
        due = sf.review_due_on(
            last.reviewed_on if last else None,
            last.next_review_on if last else None,
            entered.get(pk),
            settings,
        )
        if due is not None and due <= until:
            rows.append(
                {
                    "id": pk,
                    "school": names.get(agreement.supported_urn, f"URN {agreement.supported_urn}"),
                    "supporter": agreement.supporter_name,
                    "due_on": due,
                    "overdue": due < today,
                    "first": last is None,
                }
            )
    return sorted(rows, key=lambda r: (r["due_on"], r["id"]))


def stalled(la: int, today: dt.date) -> list[dict[str, Any]]:
    """Active agreements at a milestone with a limit, with no event for that many days or more,
    longest first."""
    stall = limits().stalled_after_days
    found = SupportAgreement.objects.filter(la_code=la, status="active", milestone__in=list(stall))
    last = dict(found.annotate(last=Max("history__happened_on")).values_list("pk", "last"))
    chosen = []
    for agreement in found:
        since = last.get(agreement.pk)
        if since is None:
            continue
        days = (today - since).days
        if days >= stall[agreement.milestone]:
            chosen.append((agreement, since, days))
    names = _names({a.supported_urn for a, _, _ in chosen})
    rows = [
        {
            "id": a.pk,
            "school": names.get(a.supported_urn, f"URN {a.supported_urn}"),
            "supporter": a.supporter_name,
            "milestone": milestones.label(a.milestone),
            "since": since,
            "days": days,
        }
        for a, since, days in chosen
    ]
    return sorted(rows, key=lambda r: (-r["days"], r["id"]))


def needs_unmatched(la: int, today: dt.date) -> list[dict[str, Any]]:
    """Needs waiting for support (the figures' ``unmatched_statuses``) with no agreement, raised
    ``unmatched_after_days`` ago or more (analysis/support_figures.toml), oldest first."""
    settings = sf.default_settings()
    before = today - dt.timedelta(days=settings.unmatched_after_days)
    found = list(
        BrokerageNeed.objects.filter(
            la_code=la,
            status__in=sorted(settings.unmatched_statuses),
            agreements__isnull=True,
            raised_on__lte=before,
        ).order_by("raised_on", "need_id")
    )
    from peerlift.web.views.brokerage import AREA_NAMES  # the areas' words, as the brokerage pages say them

    names = _names({n.urn for n in found})
    return [
        {
            "need": n.need_id,
            "school": names.get(n.urn, f"URN {n.urn}"),
            "area": AREA_NAMES.get(n.area, n.area),
            "raised_on": n.raised_on,
            "days": (today - n.raised_on).days if n.raised_on else None,
        }
        for n in found
    ]


def todo(la: int, today: dt.date) -> dict[str, Any]:
    """The three lists and the limits they were drawn with."""
    return {
        "reviews_due": reviews_due(la, today),
        "stalled": stalled(la, today),
        "needs_unmatched": needs_unmatched(la, today),
        "limits": limits(),
    }
