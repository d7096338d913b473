"""The demo LA's support agreements (issue 14): about a dozen, at every milestone, including paused,
reopened and stopped ones, with needs, offers, objectives, days delivered and termly reviews on
dates spread over the last year, so that every support page and figure has content from `make run`.

What the agreements are is data (``demo_support.toml``). Everything is written through the audited
changes (web/brokerage_changes.py for needs and offers, web/support_changes.py for agreements) as
the actor "demo", so the demo's audit log and state machine are the real ones. ``seed`` does nothing
when the LA already has the demo's agreements, or too few schools for them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerlift.analysis import milestones
from peerlift.store.models import BrokerageNeed, BrokerageOffer, Establishment, SupportAgreement
from peerlift.web import brokerage_changes, support_changes

ACTOR = "demo"
Plan = dict[str, Any]
Event = tuple[dt.date, int, str, tuple[Any, ...]]


@cache
def data() -> dict[str, Any]:
    text = resources.files("peerlift.web").joinpath("demo_support.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _open_schools(la: int, head: Establishment) -> dict[str, list[Establishment]]:
    """The LA's open primary and secondary schools in URN order, but for the demo head's."""
    found: dict[str, list[Establishment]] = {"primary": [], "secondary": []}
    chosen = Establishment.objects.filter(la_code=la, status__icontains="open").exclude(urn=head.urn)
    for school in chosen.order_by("urn"):
        if school.phase.lower() in found:
            found[school.phase.lower()].append(school)
    return found


def _supporter_school(
    supporter: dict[str, Any], schools: dict[str, list[Establishment]]
) -> Establishment | None:
    if "school" not in supporter:
        return None
    phase, at = supporter["school"]
    return schools[phase][at]


def _head_school(la: int) -> Establishment | None:
    """The school of the demo's headteacher login: the LA's first open school (web/accounts.demo_users)."""
    return Establishment.objects.filter(la_code=la, status__icontains="open").order_by("urn").first()


def _offer(la: int, supporter: dict[str, Any], schools: dict[str, list[Establishment]]) -> BrokerageOffer:
    school = _supporter_school(supporter, schools)
    return brokerage_changes.save_offer(
        ACTOR,
        la,
        {
            "offer_id": supporter["offer_id"],
            "supporter_urn": school.urn if school else None,
            "supporter_name": school.name if school else supporter["name"],
            "kind": supporter["kind"],
            "areas": list(supporter["areas"]),
            "phases": list(supporter["phases"]),
            "capacity_days": 30.0,
            "offered_by": data()["officer"],
        },
    )


def _day(today: dt.date, days_ago: int) -> dt.date:
    return today - dt.timedelta(days=days_ago)


def seed(la: int = 999, today: dt.date | None = None) -> list[SupportAgreement]:
    """The demo LA's needs, offers and agreements, each written through the audited changes, as of
    ``today`` (default: today); nothing when the LA already has agreements made by the demo."""
    today = today or timezone.localdate()
    if SupportAgreement.objects.filter(la_code=la, created_by=ACTOR).exists():
        return []
    head = _head_school(la)
    if head is None:
        return []
    schools = _open_schools(la, head)
    if len(schools["primary"]) < 16 or len(schools["secondary"]) < 6:
        return []
    supporters = {s["offer_id"]: s for s in data()["supporters"]}
    taken = {s.urn for s in (_supporter_school(x, schools) for x in supporters.values()) if s is not None}
    made = []
    with transaction.atomic():
        offers = {key: _offer(la, s, schools) for key, s in supporters.items()}
        for index, plan in enumerate(data()["plans"], start=1):
            if plan.get("head_school"):
                school = head
            else:
                school = next(s for s in reversed(schools[plan["phase"]]) if s.urn not in taken)
                taken.add(school.urn)
            made.append(_agreement(la, index, plan, school, offers[plan["supporter"]], supporters, today))
        for index, need in enumerate(data()["unmatched"], start=1):
            school = next(s for s in reversed(schools[need["phase"]]) if s.urn not in taken)
            taken.add(school.urn)
            brokerage_changes.save_need(
                ACTOR,
                la,
                {
                    "need_id": f"DEMO-U{index}",
                    "urn": school.urn,
                    "area": need["area"],
                    "urgency": need["urgency"],
                    "days": 6.0,
                    "raised_on": _day(today, need["raised"]),
                    "raised_by": data()["officer"],
                    "notes": "Waiting for a supporter with capacity.",
                },
            )
    return made


def events_of(plan: Plan, today: dt.date) -> tuple[list[dt.date], list[Event]]:
    """The days each milestone is reached (creation first) and every later change of a plan, in the
    order they happen: (day, order within the day, action, arguments)."""
    rules = data()
    order = milestones.milestones()
    reached, day = [], _day(today, plan["raised"])
    for gap in plan["gaps"]:
        day = day + dt.timedelta(days=gap)
        reached.append(day)
    events: list[Event] = [(on, 0, "advance", (order[n],)) for n, on in enumerate(reached[1:], start=1)]
    last = reached[-1]
    halted = resumed = None
    if "halt" in plan:
        halted = last + dt.timedelta(days=plan["halt_after"])
        events.append((halted, 1, plan["halt"], (plan["halt_reason"],)))
        if "resume_after" in plan:
            resumed = halted + dt.timedelta(days=plan["resume_after"])
            events.append((resumed, 1, "reopen", (plan["resume_reason"],)))
    paused_until = resumed or (today if plan.get("halt") == "pause" else None)
    if len(reached) > 3:  # diagnosis reached: the plan's objectives, a week later
        for text, measure in rules["objectives"][plan["area"]]:
            events.append((reached[3] + dt.timedelta(days=7), 2, "objective", (text, measure)))
    reviews: list[dt.date] = []
    if len(reached) > 5:
        on = reached[5] + dt.timedelta(days=rules["first_review_days"])
        for progress, quality in zip(plan.get("reviews", []), plan.get("quality", []), strict=True):
            if halted and paused_until and halted <= on <= paused_until:
                on = paused_until + dt.timedelta(days=21)
            reviews.append(on)
            events.append((on, 3, "review", (progress, quality)))
            on = on + dt.timedelta(days=rules["term_days"])
    end = today
    if "outcome" in plan:
        end = reviews[-1] + dt.timedelta(days=14)
        events.append((end, 4, "close", (plan["outcome"],)))
    elif plan.get("halt") == "stop" and halted:
        end = halted
    if len(reached) > 2:  # deliveries from the first meeting, none while paused
        given, on, days = 0.0, reached[2], 1.0
        while on < end and given + days <= plan["days"]:
            if not (halted and paused_until and halted <= on < paused_until):
                events.append((on, 2, "deliver", (days,)))
                given += days
            on = on + dt.timedelta(days=rules["delivery_every_days"])
            days = 0.5 if days == 1.0 else 1.0
    return reached, sorted(events, key=lambda e: (e[0], e[1]))


def _agreement(
    la: int,
    index: int,
    plan: Plan,
    school: Establishment,
    offer: BrokerageOffer,
    supporters: dict[str, dict[str, Any]],
    today: dt.date,
) -> SupportAgreement:
    officer = data()["officer"]
    need = brokerage_changes.save_need(
        ACTOR,
        la,
        {
            "need_id": f"DEMO-N{index}",
            "urn": school.urn,
            "area": plan["area"],
            "urgency": plan.get("urgency", 2),
            "days": float(plan["days"]),
            "raised_on": _day(today, plan["raised"]),
            "raised_by": officer,
            "notes": f"Raised at the LA's termly conversation with {school.name}.",
            "status": BrokerageNeed.Status.MATCHED,
        },
    )
    reached, events = events_of(plan, today)
    rate = supporters[plan["supporter"]]["day_rate"]
    start = reached[2] if len(reached) > 2 else reached[-1] + dt.timedelta(days=21)
    agreement = support_changes.create_agreement(
        la,
        school.urn,
        ACTOR,
        days_planned=float(plan["days"]),
        lead_offer=offer,
        needs=[need],
        contributors=[{"name": c["name"], "urn": c.get("urn")} for c in plan.get("contributors", [])],
        cost=plan["days"] * rate if rate else None,
        funding_source=plan.get("funding", "LA school improvement budget"),
        start_on=start,
        planned_end_on=start + dt.timedelta(days=300),
        officer=officer,
        on=reached[0],
        note="Brokered at the LA's support panel.",
    )
    for on, _, action, args in events:
        if on > today:
            raise ValueError(f"demo plan {index} puts a {action} in the future ({on.isoformat()})")
        agreement = _apply(agreement, action, args, on, school)
    return agreement


def _apply(
    agreement: SupportAgreement, action: str, args: tuple[Any, ...], on: dt.date, school: Establishment
) -> SupportAgreement:
    if action == "advance":
        return support_changes.advance(agreement, args[0], ACTOR, on=on)
    if action in ("pause", "stop", "reopen"):
        changed: SupportAgreement = getattr(support_changes, action)(agreement, args[0], ACTOR, on)
        return changed
    if action == "close":
        label = milestones.outcome_label(args[0])
        note = f"{label}: the school's own checks and the last review agree."
        return support_changes.advance(agreement, "closed", ACTOR, on=on, outcome=args[0], closing_note=note)
    if action == "objective":
        target = (agreement.planned_end_on or on) - dt.timedelta(days=14)
        area = agreement.focus_areas[0]
        support_changes.add_objective(
            agreement, ACTOR, area=area, text=args[0], success_measure=args[1], target_on=target
        )
    elif action == "deliver":
        support_changes.record_delivery(
            agreement,
            ACTOR,
            days=args[0],
            delivered_on=on,
            delivered_by=agreement.supporter_name,
            activity="Coaching and joint monitoring with the leader responsible",
        )
    elif action == "review":
        progress, quality = args
        objectives = list(agreement.objectives.values_list("pk", flat=True))
        # the first objective as the overall progress, the others a step better when it is amber
        better = "green" if progress == "amber" else progress
        ratings = {pk: progress if n == 0 else better for n, pk in enumerate(objectives)}
        support_changes.record_review(
            agreement,
            ACTOR,
            reviewed_on=on,
            reviewer=f"Headteacher, {school.name}",
            progress=progress,
            quality=quality,
            notes=data()["review_notes"][progress],
            next_review_on=on + dt.timedelta(days=data()["term_days"]),
            objective_progress=ratings,
        )
    return agreement
