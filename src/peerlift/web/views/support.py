"""Support agreements (issue 14): the LA's list, an agreement as a GOV.UK task list (milestones,
plan, delivery log, reviews, history) and the forms that change one, each with GOV.UK patterns
(date inputs, radios, the error summary) and a confirmation page before pausing, stopping or
closing.

The LA's administrators and officers see and change their LA's agreements; the head of a school in
an agreement (supported, lead supporter or contributor) sees it and adds to its delivery log and
reviews. Every change goes through web/support_changes.py (audited, checked by the state machine of
analysis/milestones.toml); a refusal is shown in the state machine's own words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from peerlift.analysis import milestones
from peerlift.analysis import support_figures as sf
from peerlift.analysis.milestones import State
from peerlift.store import access
from peerlift.store import support as reads
from peerlift.store.models import (
    AcceptedMatch,
    AgreementObjective,
    BrokerageNeed,
    BrokerageOffer,
    SupportAgreement,
)
from peerlift.web import forms, permissions, support_changes
from peerlift.web.models import Role
from peerlift.web.pages import Content, Output, Param, error_summary, page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.views.brokerage_offers import KIND_NAMES
from peerlift.web.words import long_date

STATUS_NAMES = {"active": "Active", "paused": "Paused", "stopped": "Stopped"}
ACTION_NAMES = {
    "create": "Made",
    "advance": "Moved on",
    "pause": "Paused",
    "stop": "Stopped",
    "reopen": "Reopened",
}


def milestone_name(code: str) -> str:
    return milestones.title(code)


def status_name(code: str) -> str:
    return STATUS_NAMES.get(code, code.capitalize())


def progress_name(code: str | None) -> str:
    """'Amber: some progress, but at risk of not meeting its objectives' (the GOV.UK hint)."""
    if not code:
        return ""
    return f"{milestones.progress_label(code)}: {milestones.progress_hint(code)}"


def quality_name(value: int | None) -> str:
    return f"{milestones.quality_label(value)} ({value} of 4)" if value else "Not rated"


def areas_name(codes: list[str]) -> str:
    return ", ".join(AREA_NAMES.get(a, a) for a in codes)


def la_name(la: int) -> str:
    """The LA's name for the breadcrumbs (its code when the register has no name for it)."""
    found = access.local_authority(la)
    return str(found["name"]) if found and found.get("name") else f"LA {la}"


def review_due_words(detail: Row, today: dt.date) -> str:
    """When an active agreement in delivery is due its next review, by the figures' one rule
    (analysis/support_figures.review_due_on), in words: '26 September 2026 (overdue by 67 days)'."""
    if detail["milestone"] != "in_delivery" or detail["status"] != "active":
        return ""
    last = detail["reviews"][-1] if detail["reviews"] else None
    due = sf.review_due_on(
        dt.date.fromisoformat(last["reviewed_on"]) if last else None,
        dt.date.fromisoformat(last["next_review_on"]) if last and last["next_review_on"] else None,
        dt.date.fromisoformat(detail["dates"]["in_delivery_on"])
        if detail["dates"]["in_delivery_on"]
        else None,
        sf.default_settings(),
    )
    if due is None:
        return ""
    late = (today - due).days
    words = long_date(due) + ("" if last else " (the first review)")
    if late > 0:
        return f"{words}: overdue by {late} day{'s' if late != 1 else ''}"
    return words


def agreement_url(la: int, pk: int) -> str:
    return reverse("support-agreement", kwargs={"la": la, "pk": pk})


def _agreement_or_404(la: int, pk: int) -> SupportAgreement:
    found = SupportAgreement.objects.filter(la_code=la, pk=pk).first()
    if found is None:
        raise Http404("There is no such support agreement in this LA.")
    return found


def _state(agreement: SupportAgreement) -> State:
    return State(agreement.milestone, agreement.status)


def _may_write(agreement: SupportAgreement, write: str) -> bool:
    try:
        milestones.check_write(agreement.pk, _state(agreement), write)
    except milestones.Refused:
        return False
    return True


def _refusal(error: Exception) -> str:
    text = str(error).strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith(".") else f"{text}."


# ---------------------------------------------------------------------------------------------
# The LA's agreements


LIST_COLUMNS = [
    Column(
        "id",
        "Agreement",
        link=lambda r: agreement_url(r["la"], r["id"]),
        text=lambda r: f"Agreement {r['id']}",
    ),
    Column("supported_name", "Supported school"),
    Column("supported_urn", "URN"),
    Column("supporter", "Lead supporter"),
    Column("supporter_kind", "Who"),
    Column("areas", "Focus areas"),
    Column("milestone", "Milestone"),
    Column("status", "Status"),
    Column("days_planned", "Days planned", numeric=True),
    Column("days_delivered", "Days delivered", numeric=True),
    Column("last_progress", "Latest review"),
    Column("next_review_on", "Next review"),
    Column("start_on", "Starts"),
    Column("planned_end_on", "Planned end"),
    Column("officer", "Officer"),
]


def _filters(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip() for key in ("milestone", "status", "area", "officer")}


@page(
    "las/<int:la>/support",
    name="la-support",
    template="web/support/list.html",
    rule=permissions.la_support,
    summary="An LA's support agreements: who supports which school, at which milestone, days planned "
    "and delivered",
    params=(
        Param("milestone", "Only agreements at this milestone (proposed, agreed, first_meeting, ...)"),
        Param("status", "Only agreements of this status (active, paused, stopped)"),
        Param("area", "Only agreements with this focus area"),
        Param("officer", "Only agreements of this officer (username)"),
    ),
)
def la_support(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    who = permissions.viewer(request)
    staff = permissions.manage_la_support(who, la=la)
    chosen = _filters(request)
    found = reads.agreements(la=la, urn=None if staff else who.urn)
    areas = dict(SupportAgreement.objects.filter(la_code=la).values_list("pk", "focus_areas"))
    officers = sorted({r["officer"] for r in found if r["officer"]})
    kept = [
        r
        for r in found
        if (not chosen["milestone"] or r["milestone"] == chosen["milestone"])
        and (not chosen["status"] or r["status"] == chosen["status"])
        and (not chosen["area"] or chosen["area"] in areas.get(r["id"], []))
        and (not chosen["officer"] or r["officer"] == chosen["officer"])
    ]
    rows = [
        {
            **r,
            "supporter": r["supporter_name"] or (f"URN {r['supporter_urn']}" if r["supporter_urn"] else ""),
            "supporter_kind": KIND_NAMES.get(r["supporter_kind"], r["supporter_kind"]),
            "areas": areas_name(areas.get(r["id"], [])),
            "milestone": milestone_name(r["milestone"]),
            "status": status_name(r["status"]),
            "last_progress": milestones.progress_label(r["last_progress"])
            if r["last_progress"]
            else "None yet",
        }
        for r in kept
    ]
    table = Table(
        "agreements",
        "Support agreements",
        LIST_COLUMNS,
        rows,
        empty="No support agreements match: make one, or accept a brokerage proposal."
        if staff
        else "Your school is in no support agreement.",
    )
    choices = {
        "milestones": [(m, milestone_name(m)) for m in milestones.milestones()],
        "statuses": list(STATUS_NAMES.items()),
        "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
        "officers": [(o, o) for o in officers],
    }
    return Content(
        f"{authority['name']}: support agreements",
        [table],
        context={
            "la": la,
            "la_name": authority["name"],
            "staff": staff,
            "chosen": chosen,
            "choices": choices,
        },
        data={"la": la, "filters": {k: v or None for k, v in chosen.items()}, "agreements": kept},
    )


# ---------------------------------------------------------------------------------------------
# One agreement


OBJECTIVE_COLUMNS = [
    Column("number", "Objective"),
    Column("area", "Area"),
    Column("text", "What is to change", pre=True),
    Column("success_measure", "Success measure", pre=True),
    Column("target_on", "Target date"),
    Column("progress", "Latest progress"),
]
DELIVERY_COLUMNS = [
    Column("delivered_on", "Delivered on"),
    Column("days", "Days", numeric=True),
    Column("delivered_by", "By"),
    Column("activity", "What was done", pre=True),
    Column("recorded_by", "Recorded by"),
]
REVIEW_COLUMNS = [
    Column("reviewed_on", "Reviewed on"),
    Column("reviewer", "Reviewer"),
    Column("progress", "Overall progress"),
    Column("objectives", "Each objective's progress", pre=True),
    Column("quality", "Quality of support (the supported head's rating)"),
    Column("notes", "Notes", pre=True),
    Column("next_review_on", "Next review"),
]
HISTORY_COLUMNS = [
    Column("happened_on", "Date"),
    Column("action", "What happened"),
    Column("milestone", "Milestone"),
    Column("status", "Status"),
    Column("note", "Note or reason", pre=True),
    Column("by", "By"),
]


def _tasks(detail: Row, la: int, may_change: bool, writable: bool) -> list[dict[str, Any]]:
    """The milestones as a GOV.UK task list: each reached one completed (with the day), the next one
    in progress (a link to move on when the viewer may), the rest cannot start yet."""
    order = list(milestones.milestones())
    at = order.index(detail["milestone"]) if detail["milestone"] in order else 0
    final = detail["milestone"] == order[-1]
    delivering = order[at] == order[-2]  # in delivery: the delivery itself is what is in progress
    paused = detail["status"] != "active"
    tasks = []
    for n, code in enumerate(order):
        reached = detail["dates"]["created_on"] if n == 0 else detail["dates"].get(f"{code}_on")
        link = ""
        if n <= at and not (delivering and n == at):
            status, words = "completed", "Completed"
        elif (n == at and delivering) or (n == at + 1 and not final and not delivering):
            status = "in_progress"
            words = status_name(detail["status"]) if paused else "In progress"
            if n == at + 1 and may_change and writable:
                link = reverse("support-advance", kwargs={"la": la, "pk": detail["id"]})
        elif n == at + 1 and delivering:
            status, words = "not_started", "Not yet started"
            if may_change and writable:
                link = reverse("support-advance", kwargs={"la": la, "pk": detail["id"]})
        else:
            status, words = "cannot_start", "Cannot start yet"
        tasks.append(
            {
                "code": code.replace("_", "-"),
                "title": milestone_name(code),
                "hint": milestones.milestone_hint(code),
                "status": status,
                "words": words,
                "reached": long_date(reached) if reached and (status == "completed" or n == at) else "",
                "link": link,
                "action": "Close the agreement"
                if n == len(order) - 1
                else f"Move on to {milestones.label(code)}",
            }
        )
    return tasks


def _detail_tables(detail: Row) -> list[Table]:
    latest: dict[int, str] = {}
    for review in detail["reviews"]:
        for rated in review["objectives"]:
            latest[rated["objective"]] = rated["progress"]
    numbers = {o["id"]: n for n, o in enumerate(detail["objectives"], start=1)}
    objectives = [
        {
            "number": numbers[o["id"]],
            "area": AREA_NAMES.get(o["area"], o["area"]),
            "text": o["text"],
            "success_measure": o["success_measure"],
            "target_on": o["target_on"],
            "progress": milestones.progress_label(latest[o["id"]])
            if o["id"] in latest
            else "Not reviewed yet",
        }
        for o in detail["objectives"]
    ]
    deliveries = [
        {**d, "delivered_by": d["delivered_by"] or "Not recorded", "activity": d["activity"]}
        for d in detail["deliveries"]
    ]
    reviews = [
        {
            "reviewed_on": r["reviewed_on"],
            "reviewer": r["reviewer"],
            "progress": progress_name(r["progress"]),
            "objectives": "\n".join(
                f"Objective {numbers.get(p['objective'], p['objective'])}: "
                f"{milestones.progress_label(p['progress'])}"
                for p in r["objectives"]
            )
            or "None rated",
            "quality": quality_name(r["quality"]),
            "notes": r["notes"],
            "next_review_on": r["next_review_on"] or "None set",
        }
        for r in detail["reviews"]
    ]
    history = [
        {
            "happened_on": e["happened_on"],
            "action": ACTION_NAMES.get(e["action"], e["action"]),
            "milestone": milestone_name(e["milestone"]),
            "status": status_name(e["status"]),
            "note": e["note"],
            "by": e["by"],
        }
        for e in detail["history"]
    ]
    return [
        Table(
            "objectives",
            "The plan: objectives by area",
            OBJECTIVE_COLUMNS,
            objectives,
            empty="No objectives yet.",
        ),
        Table("deliveries", "Delivery log", DELIVERY_COLUMNS, deliveries, empty="No days delivered yet."),
        Table("reviews", "Reviews", REVIEW_COLUMNS, reviews, empty="No reviews yet."),
        Table("history", "History", HISTORY_COLUMNS, history, empty="No history yet."),
    ]


def _summary(detail: Row) -> list[tuple[str, str]]:
    supporter = detail["supporter"]
    who = supporter["name"] or (f"URN {supporter['urn']}" if supporter["urn"] else "")
    kind = KIND_NAMES.get(supporter["kind"], supporter["kind"])
    lines = [
        ("Supported school", f"{detail['supported_name'] or 'URN'} (URN {detail['supported_urn']})"),
        (
            "Lead supporter",
            f"{who} ({kind})" + (f", offer {supporter['offer']}" if supporter["offer"] else ""),
        ),
        (
            "Other contributors",
            "; ".join(
                c["name"] + (f" (URN {c['urn']})" if c.get("urn") else "") for c in detail["contributors"]
            )
            or "None",
        ),
        (
            "Needs it answers",
            "; ".join(f"{n['need_id']} ({AREA_NAMES.get(n['area'], n['area'])})" for n in detail["needs"])
            or "None named",
        ),
        ("Focus areas", areas_name(detail["focus_areas"]) or "None"),
        ("Milestone", milestone_name(detail["milestone"])),
        ("Status", status_name(detail["status"])),
        ("Days planned", f"{detail['days_planned']:g}"),
        ("Days delivered", f"{detail['days_delivered']:g} of {detail['days_planned']:g} planned"),
        ("Cost", f"£{detail['cost']:,.2f}" if detail["cost"] is not None else "Not recorded"),
        ("Funding source", detail["funding_source"] or "Not recorded"),
        ("Starts", long_date(detail["dates"]["start_on"]) or "Not set"),
        ("Planned end", long_date(detail["dates"]["planned_end_on"]) or "Not set"),
        ("Officer responsible", detail["officer"] or "Not named"),
    ]
    if detail["outcome"]:
        lines += [
            ("Outcome", milestones.outcome_label(detail["outcome"])),
            ("Closing note", detail["closing_note"] or "None"),
        ]
    return lines


@page(
    "las/<int:la>/support/<int:pk>",
    name="support-agreement",
    template="web/support/agreement.html",
    rule=permissions.support_agreement,
    summary="A support agreement: its milestones, plan, delivery log, reviews and history",
)
def agreement(request: HttpRequest, output: Output, la: int, pk: int) -> Content:
    found = _agreement_or_404(la, pk)
    detail = reads.agreement_detail(pk)
    who = permissions.viewer(request)
    may_change = permissions.change_agreement(who, la=la, pk=pk)
    writable = milestones.is_writable(_state(found))
    latest = detail["reviews"][-1] if detail["reviews"] else None
    context = {
        "la": la,
        "la_name": la_name(la),
        "agreement": found,
        "detail": detail,
        "review_due": review_due_words(detail, timezone.localdate()),
        "summary": _summary(detail),
        "tasks": _tasks(detail, la, may_change, writable),
        "may_change": may_change,
        "writable": writable,
        "read_only_words": milestones.where(pk, _state(found)) if not writable else "",
        "may": {write: _may_write(found, write) for write in ("objective", "delivery", "review")},
        "actions": milestones.actions_from(_state(found)) if may_change else [],
        "latest_review": {
            "progress": progress_name(latest["progress"]),
            "quality": quality_name(latest["quality"]),
            "next": long_date(latest["next_review_on"]) or "None set",
        }
        if latest
        else None,
        "status_name": status_name(found.status),
        "objective_links": [
            {
                "number": n,
                "text": o["text"],
                "change": reverse(
                    "support-objective-change", kwargs={"la": la, "pk": pk, "objective": o["id"]}
                ),
                "remove": reverse(
                    "support-objective-remove", kwargs={"la": la, "pk": pk, "objective": o["id"]}
                ),
            }
            for n, o in enumerate(detail["objectives"], start=1)
        ],
    }
    return Content(
        f"Support agreement {pk}", _detail_tables(detail), context=context, data={"agreement": detail}
    )


# ---------------------------------------------------------------------------------------------
# The forms: each answers GET with its form, POST with the change (or the form again with its
# errors, 400). A refusal of the state machine is shown in the error summary, in its own words.


def _form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    form: forms.Form | None = None,
    refusal: str = "",
    blocked: bool = False,
) -> HttpResponse:
    """A form's page: on GET a refusal of the state machine is said in place of the form (200); on
    POST it, or the form's errors, is in the GOV.UK error summary (400)."""
    errors = forms.errors_of(form) if form is not None and form.is_bound else {}
    posted = request.method == "POST"
    if refusal and posted:
        errors = {"refusal": refusal, **errors}
    context = {
        **context,
        "errors": errors,
        "error_summary": error_summary(errors),
        "values": request.POST if posted else {},
        "refusal": refusal,
        "blocked": blocked,
    }
    return render(request, f"web/support/{template}", context, status=400 if posted else 200)


def _dates(form: forms.Form, defaults: dict[str, dt.date | None]) -> dict[str, Any]:
    return {
        name: forms.date_parts(form, name, shown if not form.is_bound else None)
        for name, shown in defaults.items()
    }


def _base(la: int, agreement: SupportAgreement, title: str) -> dict[str, Any]:
    return {
        "la": la,
        "la_name": la_name(la),
        "agreement": agreement,
        "title": title,
        "school": access.schools_by_urn([agreement.supported_urn])[:1],
        "back": agreement_url(la, agreement.pk),
        "where": f"At {milestones.label(agreement.milestone)}, {status_name(agreement.status).lower()}",
    }


def _options(codes: list[tuple[str, str]], hints: dict[str, str] | None = None) -> list[dict[str, str]]:
    return [{"value": v, "label": label, "hint": (hints or {}).get(v, "")} for v, label in codes]


def _progress_options() -> list[dict[str, str]]:
    return _options(
        [(c, milestones.progress_label(c)) for c in milestones.progress_codes()],
        {c: milestones.progress_hint(c).capitalize() for c in milestones.progress_codes()},
    )


@permissions.rule(permissions.manage_la_support)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, la: int) -> HttpResponse:
    """Make an agreement by hand, or (``match``) from an accepted brokerage proposal that has none."""
    authority_or_404(la)
    who = permissions.viewer(request)
    match_pk = (request.POST.get("match") or request.GET.get("match") or "").strip()
    match = None
    if match_pk:
        match = (
            AcceptedMatch.objects.filter(la_code=la, pk=int(match_pk) if match_pk.isdigit() else 0)
            .select_related("need", "offer")
            .first()
        )
        if match is None:
            raise Http404("There is no such accepted proposal in this LA.")
        made = SupportAgreement.objects.filter(accepted_match=match).first()
        if made is not None:
            messages.success(
                request,
                f"The accepted proposal for need {match.need.need_id} already has agreement {made.pk}.",
            )
            return redirect("support-agreement", la=la, pk=made.pk)
    posted = request.POST if request.method == "POST" else None
    form: forms.Form = forms.AgreementTermsForm(posted) if match else forms.AgreementForm(posted, la=la)
    context = {
        "la": la,
        "la_name": la_name(la),
        "title": "Make a support agreement"
        if not match
        else f"Make the agreement for need {match.need.need_id}",
        "match": match,
        "match_words": _match_words(match) if match else "",
        "dates": _dates(form, {"start_on": None, "planned_end_on": None}),
        "needs": _needs(la),
        "offers": _offers(la),
        "kinds": list(KIND_NAMES.items()),
        "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
        "officer": who.username,
        "days_default": f"{match.need.days:g}" if match else "",
        "chosen": {key: request.POST.getlist(key) for key in ("needs", "focus_areas")},
    }
    if request.method == "GET" or not form.is_valid():
        return _form_page(request, "create.html", context, form)
    data = form.cleaned_data
    terms = {
        "cost": data.get("cost"),
        "funding_source": data.get("funding_source", ""),
        "start_on": data.get("start_on"),
        "planned_end_on": data.get("planned_end_on"),
        "officer": data.get("officer", ""),
        "note": data.get("note", ""),
    }
    try:
        if match:
            made = support_changes.create_from_match(
                match, who.username, days_planned=data["days_planned"], **terms
            )
        else:
            made = support_changes.create_agreement(
                la,
                data["supported_urn"],
                who.username,
                days_planned=data["days_planned"],
                lead_offer=data.get("lead_offer"),
                supporter_urn=data.get("supporter_urn"),
                supporter_name=data.get("supporter_name", "").strip(),
                supporter_kind=data.get("supporter_kind") or None,
                contributors=data.get("contributors", []),
                needs=data.get("needs", []),
                focus_areas=data.get("focus_areas") or None,
                **terms,
            )
    except (support_changes.SupportError, milestones.Refused, milestones.Invalid) as error:
        return _form_page(request, "create.html", context, form, refusal=_refusal(error))
    messages.success(request, f"Agreement {made.pk} is made, at milestone proposed.")
    return redirect("support-agreement", la=la, pk=made.pk)


def _match_words(match: AcceptedMatch) -> str:
    need, offer = match.need, match.offer
    school = next((s["name"] for s in access.schools_by_urn([need.urn])), f"URN {need.urn}")
    supporter = offer.supporter_name or f"URN {offer.supporter_urn}"
    area = AREA_NAMES.get(need.area, need.area)
    return f"Need {need.need_id} of {school} ({area}), supported by {supporter} (offer {offer.offer_id})."


def _needs(la: int) -> list[dict[str, str]]:
    found = list(BrokerageNeed.objects.filter(la_code=la, status=BrokerageNeed.Status.OPEN))
    names = {s["urn"]: s["name"] for s in access.schools_by_urn({n.urn for n in found})}
    return [
        {
            "value": str(n.pk),
            "label": f"{n.need_id}: {names.get(n.urn, n.urn)} (URN {n.urn}), "
            f"{AREA_NAMES.get(n.area, n.area)}, {n.days:g} days",
        }
        for n in found
    ]


def _offers(la: int) -> list[dict[str, str]]:
    return [
        {
            "value": str(o.pk),
            "label": f"{o.offer_id}: {o.supporter_name or f'URN {o.supporter_urn}'} "
            f"({KIND_NAMES.get(o.kind, o.kind)})",
        }
        for o in BrokerageOffer.objects.filter(la_code=la, confirmed=True)
    ]


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def advance(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Move an agreement to its next milestone; closing asks for an outcome and a closing note and
    shows a confirmation page first."""
    found = _agreement_or_404(la, pk)
    following = milestones.next_milestone(found.milestone)
    closing = following == milestones.rules().final
    form = forms.AdvanceForm(request.POST if request.method == "POST" else None, closing=closing)
    if closing:
        title = f"Close agreement {pk}"
    elif following:
        title = f"Move agreement {pk} on to {milestones.label(following)}"
    else:
        title = f"Agreement {pk}"
    context = _base(la, found, title)
    context |= {
        "following": following,
        "following_name": milestone_name(following) if following else "",
        "following_label": milestones.label(following) if following else "",
        "following_hint": milestones.milestone_hint(following) if following else "",
        "closing": closing,
        "outcomes": _options([(c, milestones.outcome_label(c)) for c in milestones.outcome_codes()]),
        "dates": _dates(form, {"happened_on": dt.date.today()}),
    }
    state_refusal = ""
    if following is None or not milestones.is_writable(_state(found)):
        state_refusal = _refusal(milestones.Refused(pk, _state(found), "It cannot move on now."))
    if request.method == "GET" or state_refusal:
        return _form_page(
            request, "advance.html", context, refusal=state_refusal, blocked=bool(state_refusal)
        )
    if not form.is_valid():
        return _form_page(request, "advance.html", context, form)
    data = form.cleaned_data
    if closing and request.POST.get("confirm") != "yes":
        context |= {
            "title": f"Check before closing agreement {pk}",
            "outcome_words": milestones.outcome_label(data["outcome"]),
            "confirm": {
                "outcome": data["outcome"],
                "closing_note": data["closing_note"],
                "note": data["note"],
                "happened_on": data["happened_on"].isoformat() if data["happened_on"] else "",
                "happened_words": long_date(data["happened_on"] or dt.date.today()),
            },
        }
        return render(request, "web/support/confirm_close.html", context)
    try:
        support_changes.advance(
            found,
            str(following),
            permissions.viewer(request).username,
            note=data["note"],
            on=data["happened_on"],
            outcome=data["outcome"] or None,
            closing_note=data["closing_note"],
        )
    except (support_changes.SupportError, milestones.Refused, milestones.Invalid) as error:
        return _form_page(request, "advance.html", context, form, refusal=_refusal(error))
    messages.success(request, f"Agreement {pk} is now at {milestones.label(str(following))}.")
    return redirect("support-agreement", la=la, pk=pk)


STATUS_WORDS = {
    "pause": (
        "Pause",
        "paused",
        "It is read-only while it is paused: nothing can be recorded until it is reopened.",
    ),
    "stop": (
        "Stop",
        "stopped",
        "It is read-only once it is stopped: nothing can be recorded unless it is reopened.",
    ),
    "reopen": ("Reopen", "reopened", "It goes back to active at its milestone."),
}


def _status_view(action: str) -> Callable[..., HttpResponse]:
    @permissions.rule(permissions.change_agreement)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, la: int, pk: int) -> HttpResponse:
        found = _agreement_or_404(la, pk)
        verb, done, consequence = STATUS_WORDS[action]
        form = forms.AgreementStatusForm(request.POST if request.method == "POST" else None)
        context = _base(la, found, f"{verb} agreement {pk}")
        context |= {
            "action": action,
            "verb": verb,
            "consequence": consequence,
            "dates": _dates(form, {"happened_on": dt.date.today()}),
            "post_url": reverse(f"support-{action}", kwargs={"la": la, "pk": pk}),
        }
        state_refusal = ""
        if action not in milestones.actions_from(_state(found)):
            state_refusal = _refusal(
                milestones.Refused(
                    pk, _state(found), f"It cannot {milestones.rules().actions[action]['phrase']}."
                )
            )
        if request.method == "GET" or state_refusal:
            return _form_page(
                request, "status.html", context, refusal=state_refusal, blocked=bool(state_refusal)
            )
        if not form.is_valid():
            return _form_page(request, "status.html", context, form)
        data = form.cleaned_data
        if action != "reopen" and request.POST.get("confirm") != "yes":
            context |= {
                "title": f"Check before you {verb.lower()} agreement {pk}",
                "confirm": {
                    "reason": data["reason"],
                    "happened_on": data["happened_on"].isoformat() if data["happened_on"] else "",
                    "happened_words": long_date(data["happened_on"] or dt.date.today()),
                },
            }
            return render(request, "web/support/confirm_status.html", context)
        change = {
            "pause": support_changes.pause,
            "stop": support_changes.stop,
            "reopen": support_changes.reopen,
        }[action]
        try:
            change(found, data["reason"], permissions.viewer(request).username, on=data["happened_on"])
        except (support_changes.SupportError, milestones.Refused) as error:
            return _form_page(request, "status.html", context, form, refusal=_refusal(error))
        messages.success(request, f"Agreement {pk} is {done}.")
        return redirect("support-agreement", la=la, pk=pk)

    view.__name__ = f"{action}_agreement"
    view.__doc__ = f"{STATUS_WORDS[action][0]} an agreement, with a reason."
    return view


pause = _status_view("pause")
stop = _status_view("stop")
reopen = _status_view("reopen")


def _write_refusal(found: SupportAgreement, write: str) -> str:
    try:
        milestones.check_write(found.pk, _state(found), write)
    except milestones.Refused as error:
        return _refusal(error)
    return ""


def _objective_or_404(agreement: SupportAgreement, objective: int) -> tuple[AgreementObjective, int]:
    """One objective of the agreement's plan and its number in the plan (1, 2, ...)."""
    for number, found in enumerate(agreement.objectives.all(), start=1):
        if found.pk == objective:
            return found, number
    raise Http404("There is no such objective in this agreement's plan.")


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def add_objective(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Add an objective to an agreement's plan."""
    found = _agreement_or_404(la, pk)
    form = forms.ObjectiveForm(request.POST if request.method == "POST" else None)
    context = _base(la, found, f"Add an objective to agreement {pk}")
    context |= {
        "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
        "dates": _dates(form, {"target_on": None}),
        "post_url": reverse("support-objective", kwargs={"la": la, "pk": pk}),
        "button": "Add the objective",
        "current": {"area": "", "text": "", "success_measure": ""},
    }
    refusal = _write_refusal(found, "objective")
    if request.method == "GET" or refusal:
        return _form_page(request, "objective.html", context, refusal=refusal, blocked=bool(refusal))
    if not form.is_valid():
        return _form_page(request, "objective.html", context, form)
    data = form.cleaned_data
    try:
        support_changes.add_objective(
            found,
            permissions.viewer(request).username,
            area=data["area"],
            text=data["text"],
            success_measure=data["success_measure"],
            target_on=data["target_on"],
        )
    except (support_changes.SupportError, milestones.Refused) as error:
        return _form_page(request, "objective.html", context, form, refusal=_refusal(error))
    messages.success(request, "The objective is added to the plan.")
    return redirect("support-agreement", la=la, pk=pk)


@permissions.rule(permissions.support_agreement)
@require_http_methods(["GET", "POST"])
def record_delivery(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Record days of support delivered (the LA's staff and the heads of the schools in it)."""
    found = _agreement_or_404(la, pk)
    form = forms.DeliveryForm(request.POST if request.method == "POST" else None)
    context = _base(la, found, f"Record days delivered for agreement {pk}")
    context |= {"dates": _dates(form, {"delivered_on": dt.date.today()})}
    refusal = _write_refusal(found, "delivery")
    if request.method == "GET" or refusal:
        return _form_page(request, "delivery.html", context, refusal=refusal, blocked=bool(refusal))
    if not form.is_valid():
        return _form_page(request, "delivery.html", context, form)
    data = form.cleaned_data
    try:
        support_changes.record_delivery(
            found,
            permissions.viewer(request).username,
            days=data["days"],
            delivered_on=data["delivered_on"],
            delivered_by=data["delivered_by"],
            activity=data["activity"],
        )
    except (support_changes.SupportError, milestones.Refused) as error:
        return _form_page(request, "delivery.html", context, form, refusal=_refusal(error))
    messages.success(request, f"{data['days']:g} day{'s' if data['days'] != 1 else ''} delivered recorded.")
    return redirect("support-agreement", la=la, pk=pk)


@permissions.rule(permissions.support_agreement)
@require_http_methods(["GET", "POST"])
def record_review(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Record a termly review (the LA's staff and the heads of the schools in it)."""
    found = _agreement_or_404(la, pk)
    who = permissions.viewer(request)
    head_of = who.urn if who.role is Role.HEADTEACHER else None
    rates_quality = head_of is None or head_of == found.supported_urn
    objectives = list(found.objectives.all())
    numbered = [(o.pk, f"Objective {n}: {o.text}") for n, o in enumerate(objectives, start=1)]
    form = forms.ReviewForm(
        request.POST if request.method == "POST" else None, objectives=numbered, rates_quality=rates_quality
    )
    context = _base(la, found, f"Record a review of agreement {pk}")
    context |= {
        "dates": _dates(form, {"reviewed_on": dt.date.today(), "next_review_on": None}),
        "progress_options": _progress_options(),
        "quality_options": _options([(str(k), f"{v} ({k})") for k, v in milestones.rules().quality.items()]),
        "objectives": [
            {
                "name": f"objective_{o.pk}",
                "legend": f"Objective {n}: {o.text}",
                "hint": f"{AREA_NAMES.get(o.area, o.area)}. Success measure: {o.success_measure}",
            }
            for n, o in enumerate(objectives, start=1)
        ],
        "reviewer": request.user.get_full_name() or who.username,
        "rates_quality": rates_quality,
        "quality_hint": "As the head of the supported school rates it"
        if head_of is None
        else "Your rating of the support your school is getting",
    }
    refusal = _write_refusal(found, "review")
    if request.method == "GET" or refusal:
        return _form_page(request, "review.html", context, refusal=refusal, blocked=bool(refusal))
    if not form.is_valid():
        return _form_page(request, "review.html", context, form)
    data = form.cleaned_data
    try:
        support_changes.record_review(
            found,
            permissions.viewer(request).username,
            reviewed_on=data["reviewed_on"],
            reviewer=data["reviewer"],
            progress=data["progress"],
            quality=data["quality"],
            notes=data["notes"],
            next_review_on=data["next_review_on"],
            objective_progress=form.objective_progress(),
            head_of=head_of,
        )
    except (support_changes.SupportError, milestones.Refused, milestones.Invalid) as error:
        return _form_page(request, "review.html", context, form, refusal=_refusal(error))
    messages.success(request, "The review is recorded.")
    return redirect("support-agreement", la=la, pk=pk)


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def change_objective(request: HttpRequest, la: int, pk: int, objective: int) -> HttpResponse:
    """Change an objective of the plan while the plan is open; the form starts from it as it is."""
    found = _agreement_or_404(la, pk)
    chosen, number = _objective_or_404(found, objective)
    form = forms.ObjectiveForm(request.POST if request.method == "POST" else None)
    context = _base(la, found, f"Change objective {number} of agreement {pk}")
    context |= {
        "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
        "dates": {
            "target_on": forms.date_parts(form, "target_on", None if form.is_bound else chosen.target_on)
        },
        "post_url": reverse("support-objective-change", kwargs={"la": la, "pk": pk, "objective": chosen.pk}),
        "button": "Save the objective",
        "current": {"area": chosen.area, "text": chosen.text, "success_measure": chosen.success_measure},
    }
    refusal = _write_refusal(found, "objective")
    if request.method == "GET" or refusal:
        return _form_page(request, "objective.html", context, refusal=refusal, blocked=bool(refusal))
    if not form.is_valid():
        return _form_page(request, "objective.html", context, form)
    data = form.cleaned_data
    try:
        support_changes.change_objective(
            chosen,
            permissions.viewer(request).username,
            area=data["area"],
            text=data["text"],
            success_measure=data["success_measure"],
            target_on=data["target_on"],
        )
    except (support_changes.SupportError, milestones.Refused) as error:
        return _form_page(request, "objective.html", context, form, refusal=_refusal(error))
    messages.success(request, f"Objective {number} is changed.")
    return redirect("support-agreement", la=la, pk=pk)


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def remove_objective(request: HttpRequest, la: int, pk: int, objective: int) -> HttpResponse:
    """Remove an objective from the plan while the plan is open, after a confirmation page."""
    found = _agreement_or_404(la, pk)
    chosen, number = _objective_or_404(found, objective)
    context = _base(la, found, f"Remove objective {number} from agreement {pk}")
    context |= {
        "objective": chosen,
        "objective_area": AREA_NAMES.get(chosen.area, chosen.area),
        "target_words": long_date(chosen.target_on) or "None set",
        "post_url": reverse("support-objective-remove", kwargs={"la": la, "pk": pk, "objective": chosen.pk}),
    }
    refusal = _write_refusal(found, "objective")
    if request.method == "GET" or refusal:
        return _form_page(request, "remove_objective.html", context, refusal=refusal, blocked=bool(refusal))
    try:
        support_changes.remove_objective(chosen, permissions.viewer(request).username)
    except (support_changes.SupportError, milestones.Refused) as error:
        return _form_page(request, "remove_objective.html", context, refusal=_refusal(error))
    messages.success(request, f"Objective {number} is removed from the plan.")
    return redirect("support-agreement", la=la, pk=pk)


TERMS = ("days_planned", "cost", "funding_source", "start_on", "planned_end_on", "officer")


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def change_terms(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Change an agreement's terms (days planned, cost, funding, dates, officer) while it is active
    and not closed; the form starts from the terms as they are."""
    found = _agreement_or_404(la, pk)
    form = forms.AgreementTermsForm(request.POST if request.method == "POST" else None)
    context = _base(la, found, f"Change the terms of agreement {pk}")
    context |= {
        "dates": {
            name: forms.date_parts(form, name, None if form.is_bound else getattr(found, name))
            for name in ("start_on", "planned_end_on")
        },
        "current": {
            "days_planned": f"{found.days_planned:g}",
            "cost": str(found.cost) if found.cost is not None else "",
            "funding_source": found.funding_source,
            "officer": found.officer,
        },
    }
    refusal = _write_refusal(found, "edit")
    if request.method == "GET" or refusal:
        return _form_page(request, "terms.html", context, refusal=refusal, blocked=bool(refusal))
    if not form.is_valid():
        return _form_page(request, "terms.html", context, form)
    terms = {name: form.cleaned_data[name] for name in TERMS}
    terms["funding_source"] = terms["funding_source"].strip()
    terms["officer"] = terms["officer"].strip()
    try:
        support_changes.update_agreement(found, permissions.viewer(request).username, **terms)
    except (support_changes.SupportError, milestones.Refused) as error:
        return _form_page(request, "terms.html", context, form, refusal=_refusal(error))
    messages.success(request, f"The terms of agreement {pk} are changed.")
    return redirect("support-agreement", la=la, pk=pk)
