"""The LA's support agreements: the list with its filters (milestone, status, area, officer), its
downloads and `.json`; a head sees only the agreements their school is in."""

from __future__ import annotations

from django.http import HttpRequest

from peerlift.analysis import milestones
from peerlift.store import support as reads
from peerlift.store.models import (
    SupportAgreement,
)
from peerlift.web import permissions
from peerlift.web.pages import Content, Output, Param, page
from peerlift.web.tables import Column, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.views.brokerage_offers import KIND_NAMES
from peerlift.web.views.support.lookups import (
    agreement_url,
)
from peerlift.web.views.support.words import (
    STATUS_NAMES,
    areas_name,
    milestone_name,
    status_name,
)

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
