"""A school's family of similar schools (published data: every signed-in user), and its rebuild.

The page is a thin shell over store/families.py: the method and scope come from a GET form (it
works without JavaScript), the members with their distance and drivers in plain words; a stored
set that an import has made stale says so, and officers and administrators may rebuild it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.analysis.families import DEFAULT_METHOD, DEFAULT_SIZE, SCOPES, MethodError, load_methods
from peerlift.domain.measures import info
from peerlift.store import access
from peerlift.store import families as store
from peerlift.store.models import FamilySet
from peerlift.web import permissions, tasks
from peerlift.web.models import FamiliesJob
from peerlift.web.pages import Content, Output, Param, page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.schools import school_url

PHASE_GROUPS = {
    "nursery": "nursery schools",
    "primary": "primary schools",
    "secondary": "secondary schools",
    "all_through": "all-through schools",
    "special": "special schools",
    "pru_ap": "pupil referral units and alternative provision",
    "16_plus": "16 plus schools and colleges",
}
SCOPE_LABELS = {"national": "England", "region": "The school's region", "la": "The school's LA"}
MAX_SIZE = 100


def _choice(request: HttpRequest) -> tuple[str, str, int]:
    """The method, scope and size asked for; anything unknown falls back to the default."""
    methods = load_methods()
    method = request.GET.get("method", DEFAULT_METHOD)
    scope = request.GET.get("scope", "national")
    size_text = request.GET.get("size", "")
    size = int(size_text) if size_text.isdigit() and 1 <= int(size_text) <= MAX_SIZE else DEFAULT_SIZE
    return (method if method in methods else DEFAULT_METHOD, scope if scope in SCOPES else "national", size)


def _measure_label(name: str, variables: dict[str, str]) -> str:
    return variables.get(name) or info(name).label


def _members_table(found: Row) -> Table:
    rows = [
        {
            "rank": m["rank"],
            "urn": m["urn"],
            "name": m["name"] or f"URN {m['urn']}",
            "la_name": m["la_name"],
            "distance": round(m["distance"], 4),
            "why": m["why"],
            "imputed": "Yes" if m["imputed"] else "",
        }
        for m in found["members"]
    ]
    return Table(
        "family",
        f"The {len(rows)} most similar schools, nearest first",
        [
            Column("rank", "Rank", numeric=True),
            Column("name", "School", link=school_url),
            Column("urn", "URN", numeric=True),
            Column("la_name", "LA"),
            Column("distance", "Distance", numeric=True),
            Column("why", "Why it is in the family"),
            Column("imputed", "A figure estimated"),
        ],
        rows,
        empty="No family can be given for this school.",
        notes=[
            "Distance 0 would be a school with the same figures; each difference is measured against the "
            "spread of the figure among open schools of the phase group. 'A figure estimated': the school "
            "had no published figure for a variable, so the middle (median) value was used."
        ],
    )


def _drivers_table(found: Row, variables: dict[str, str]) -> Table:
    rows = [
        {
            "rank": m["rank"],
            "urn": m["urn"],
            "name": m["name"] or f"URN {m['urn']}",
            "measure": _measure_label(d["measure"], variables),
            "share": None if d["share"] is None else round(100 * d["share"], 1),
            "value": d["value"],
            "school_value": d["school_value"],
        }
        for m in found["members"]
        for d in m["drivers"]
    ]
    return Table(
        "drivers",
        "What makes up each distance: each figure's share, the member's value and this school's",
        [
            Column("rank", "Rank", numeric=True),
            Column("name", "School", link=school_url),
            Column("urn", "URN", numeric=True),
            Column("measure", "Figure"),
            Column("share", "Share of the distance (%)", numeric=True),
            Column("value", "Member's value", numeric=True),
            Column("school_value", "This school's value", numeric=True),
        ],
        rows,
        empty="No family can be given for this school.",
    )


@page(
    "schools/<int:urn>/family",
    name="school-family",
    template="web/family.html",
    rule=permissions.signed_in,
    summary="A school's family: the most similar open schools of its phase group, with why",
    params=(
        Param("method", "Method: context (the default) or pupil"),
        Param("scope", "national (the default), region or la"),
        Param("size", f"Schools in the family (1 to {MAX_SIZE}, default {DEFAULT_SIZE})", "integer"),
    ),
)
def family(request: HttpRequest, output: Output, urn: int) -> Content:
    name = access.school_name(urn)
    if name is None:
        raise Http404(f"No school with URN {urn} is in the register.")
    method, scope, size = _choice(request)
    methods = load_methods()
    variables = {v.name: v.label for v in methods[method].variables}
    problem = None
    try:
        found: Row = store.family_of(urn, method, scope, size)
    except (store.FamiliesError, MethodError) as error:
        problem = str(error)
        found = {"urn": urn, "name": name, "method": method, "scope": scope, "year": None, "members": []}
    stored = store.stored_set(method, scope, size, found.get("year"))
    context: dict[str, Any] = {
        "urn": urn,
        "school_name": name,
        "found": found,
        "problem": problem,
        "method": method,
        "scope": scope,
        "size": size,
        "methods": [(m.name, m.label) for m in methods.values()],
        "method_info": methods[method],
        "variables": [(v.label, v.weight) for v in methods[method].variables],
        "scopes": list(SCOPE_LABELS.items()),
        "phase_group": PHASE_GROUPS.get(found.get("phase_group") or "", "schools"),
        "may_rebuild": permissions.allows(request, permissions.import_data),
        "stored_set": stored,
        **_building(method, scope, size, stored),
    }
    return Content(
        f"Schools like {name}",
        [_members_table(found), _drivers_table(found, variables)],
        context=context,
        data={"family": {k: v for k, v in found.items() if k != "method_label"}, "problem": problem},
    )


def _building(method: str, scope: str, size: int, stored: FamilySet | None) -> dict[str, Any]:
    """Whether these families are being built, and why the last build failed if it did and nothing
    was built since (a worker that died mid-build is given up first: store/jobs.py)."""
    tasks.give_up_silent_jobs()
    latest = FamiliesJob.objects.filter(method=method, scope=scope, size=size).first()
    if latest is None:
        return {"building": False, "build_failed": ""}
    built_since = (
        stored is not None and latest.finished_at is not None and stored.built_at > latest.finished_at
    )
    failed = latest.status == FamiliesJob.Status.FAILED and not built_since
    return {"building": latest.status in FamiliesJob.LIVE, "build_failed": latest.message if failed else ""}


@permissions.rule(permissions.import_data)
@require_POST
def rebuild(request: HttpRequest, urn: int) -> HttpResponse:
    """Ask a task worker to build (again) every school's family for the method, scope and size on the
    page (audited when it is built): a national build is too long for a request."""
    methods = load_methods()
    method = request.POST.get("method", DEFAULT_METHOD)
    scope = request.POST.get("scope", "national")
    size_text = request.POST.get("size", "")
    size = int(size_text) if size_text.isdigit() and 1 <= int(size_text) <= MAX_SIZE else DEFAULT_SIZE
    if method not in methods or scope not in SCOPES:
        messages.error(request, "That method or scope is not one peerlift knows.")
        return redirect("school-family", urn=urn)
    who = permissions.viewer(request)
    _, new = tasks.request_families(method, scope, size, who.username, who.la)
    if new:
        messages.success(
            request,
            "The families are being built in the background. This page shows them once they are "
            "built; a national build takes a minute or two.",
        )
    else:
        messages.info(request, "These families are already being built. This page shows them once they are.")
    query = urlencode({"method": method, "scope": scope, "size": size})
    return redirect(f"{reverse('school-family', kwargs={'urn': urn})}?{query}")
