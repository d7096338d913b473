"""One agreement as a GOV.UK task list: the summary, the milestones, the plan, the delivery log,
the reviews and the history, with the links to the forms the viewer may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from peerlift.analysis import milestones
from peerlift.store import support as reads
from peerlift.web import permissions, support_changes
from peerlift.web.pages import Content, Output, page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.views.brokerage_offers import KIND_NAMES
from peerlift.web.views.support.lookups import (
    agreement_or_404,
    may_write,
    state_of,
)
from peerlift.web.views.support.words import (
    ACTION_NAMES,
    areas_name,
    la_name,
    milestone_name,
    progress_name,
    quality_name,
    review_due_words,
    status_name,
)
from peerlift.web.words import long_date

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
        ("Lead supporter", who),
        ("Kind of supporter", kind),
        ("Offer", f"Offer {supporter['offer']}" if supporter["offer"] else "None: named by hand"),
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
    found = agreement_or_404(la, pk)
    detail = reads.agreement_detail(pk)
    who = permissions.viewer(request)
    may_change = permissions.change_agreement(who, la=la, pk=pk)
    writable = milestones.is_writable(state_of(found))
    latest = detail["reviews"][-1] if detail["reviews"] else None
    closed = found.milestone == milestones.rules().final
    removable = {o.pk for o in found.objectives.all() if not support_changes.removal_refused(o, found)}
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
        "read_only_words": milestones.where(pk, state_of(found)) if not writable else "",
        "may": {write: may_write(found, write) for write in ("objective", "delivery", "review")},
        "actions": milestones.actions_from(state_of(found)) if may_change else [],
        "latest_review": {
            "progress": progress_name(latest["progress"]),
            "quality": quality_name(latest["quality"]),
            "next": "None: the agreement is closed"
            if closed
            else long_date(latest["next_review_on"]) or "None set",
        }
        if latest
        else None,
        "status_name": "Closed" if closed else status_name(found.status),
        "objective_links": [
            {
                "number": n,
                "text": o["text"],
                "change": reverse(
                    "support-objective-change", kwargs={"la": la, "pk": pk, "objective": o["id"]}
                ),
                "remove": reverse(
                    "support-objective-remove", kwargs={"la": la, "pk": pk, "objective": o["id"]}
                )
                if o["id"] in removable
                else "",
            }
            for n, o in enumerate(detail["objectives"], start=1)
        ],
    }
    return Content(
        f"Support agreement {pk}", _detail_tables(detail), context=context, data={"agreement": detail}
    )
