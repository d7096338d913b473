"""Networks of schools: an LA's administrators make them and choose their schools; the LA's officers and
each network's own leads read a network's schools and headline figures.

A network holds only schools of its LA (checked when a school is added), so a network lead never
reads the record of a school outside the LA that made them a lead. Every change is audited with the
network before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.analysis.latest_inspection import GOOD_OR_BETTER
from peerlift.domain import labels
from peerlift.store import access, picture
from peerlift.web import audit, forms, permissions
from peerlift.web.models import Network, NetworkMember
from peerlift.web.pages import Content, Output, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404


def _leave(member: NetworkMember) -> None:
    """A school leaves today: its spell ends (kept as history), or, when it joined today, is undone."""
    today = dt.date.today()
    if member.joined_on is not None and member.joined_on >= today:
        member.delete()
        return
    member.left_on = today
    member.save(update_fields=["left_on"])


def _network(pk: int) -> Network:
    found = Network.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("There is no such network.")
    return found


def network_url(row: Row) -> str:
    return reverse("network", kwargs={"pk": row["id"]})


def _errors_page(
    request: HttpRequest, name: str, form: forms.Form, more: dict[str, Any] | None = None, **kwargs: Any
) -> HttpResponse:
    """A page again with its form's errors (GOV.UK error summary), what was typed kept."""
    errors = forms.errors_of(form)
    extra = {
        "errors": errors,
        "values": request.POST,
        "error_summary": error_summary(errors),
        **(more or {}),
    }
    return render_page(request, named(name), extra, status=400, **kwargs)


@page(
    "las/<int:la>/networks",
    name="la-networks",
    template="web/networks.html",
    rule=permissions.la_networks,
    summary="An LA's networks of schools and who leads them",
)
def la_networks(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    rows = [
        {
            "id": n.pk,
            "name": n.name,
            "schools": n.members.current().count(),
            "leads": ", ".join(sorted(p.user.username for p in n.leads.select_related("user"))),
        }
        for n in Network.objects.filter(la_code=la)
    ]
    table = Table(
        "networks",
        f"Networks in {authority['name']}",
        [
            Column("name", "Network", link=network_url),
            Column("schools", "Schools", numeric=True, count=True),
            Column("leads", "Led by"),
        ],
        rows,
        empty="The LA has no networks yet.",
    )
    return Content(
        f"{authority['name']}: networks of schools",
        [table],
        context={
            "authority": authority,
            "may_manage": permissions.allows(request, permissions.manage_la_networks, la=la),
        },
        data={"la": la},
    )


@permissions.rule(permissions.manage_la_networks)
@require_POST
def new_network(request: HttpRequest, la: int) -> HttpResponse:
    """Make a network of the LA (audited); its schools are added on its own page."""
    authority_or_404(la)
    form = forms.NetworkNameForm(request.POST, la=la)
    if not form.is_valid():
        return _errors_page(request, "la-networks", form, la=la)
    name = form.cleaned_data["name"]
    who = permissions.viewer(request)
    network = audit.audited_change(
        who.username,
        "create network",
        audit.NETWORK,
        lambda: Network.objects.create(name=name, la_code=la),
        la=la,
    )
    messages.success(request, f"The network {name} has been made. Add its schools below.")
    return redirect("network", pk=network.pk)


def _headline(schools: list[Row], latest: pl.DataFrame) -> Row:
    """Schools, pupils, and how many of those inspected stand good or better in the terms of their latest
    inspection's own framework (analysis.latest_inspection): never an overall grade from 2006 for a
    school that has had a report card since."""
    judged = latest.filter(pl.col("standing").is_not_null())
    good = judged.filter(pl.col("standing") == GOOD_OR_BETTER).height
    frameworks = judged.group_by("framework").len().sort("framework").iter_rows()
    return {
        "schools": len(schools),
        "pupils": sum(s["pupils"] or 0 for s in schools),
        "inspected": judged.height,
        "good_or_better": good,
        "good_or_better_pct": round(100 * good / judged.height, 1) if judged.height else None,
        "by_framework": {f: n for f, n in frameworks},
    }


def _school_rows(urns: list[int], latest: pl.DataFrame) -> list[Row]:
    """The network's schools with their latest inspection in any framework, in its own framework's words."""
    known = {s["urn"]: s for s in access.schools_by_urn(urns)}
    found = {r["urn"]: r for r in latest.to_dicts()}
    rows = []
    for urn in urns:
        school = known.get(urn, {"urn": urn, "name": "Not in the register"})
        inspected = found.get(urn, {})
        on = inspected.get("start_date")
        rows.append(
            {
                **{k: school.get(k) for k in ("urn", "name", "phase", "type", "pupils")},
                "latest": inspected.get("headline") or None,
                "framework": labels.framework(inspected["framework"]) if inspected else None,
                "inspected": on.isoformat() if on else None,
                "inspected_as": inspected.get("inspection_urn")
                if inspected.get("inspection_urn") != urn
                else None,
            }
        )
    return sorted(rows, key=lambda r: (r["name"] or "", r["urn"]))


def _headline_table(headline: Row) -> Table:
    pct = headline["good_or_better_pct"]
    rows = [
        {"measure": "Schools", "value": headline["schools"]},
        {"measure": "Pupils (number on roll in the register)", "value": headline["pupils"]},
        {"measure": "Schools with a graded inspection on record", "value": headline["inspected"]},
        {"measure": "Of those, good or better when last inspected", "value": headline["good_or_better"]},
        {"measure": "% good or better", "value": pct if pct is not None else "No school inspected"},
    ]
    return Table(
        "headline",
        "The network at a glance",
        [Column("measure", "Measure"), Column("value", "Value", numeric=True)],
        rows,
        notes=[
            "Each school's latest graded inspection in any framework, judged in that framework's own "
            "terms: overall effectiveness good or outstanding (to August 2024); every key judgement good "
            "or better (September 2024 to November 2025, no overall grade); every report card area at "
            "expected standard or above and safeguarding met (from November 2025). A converter academy "
            "not yet inspected itself takes its predecessor's inspection."
        ],
    )


@page(
    "networks/<int:pk>",
    name="network",
    template="web/network.html",
    rule=permissions.network,
    summary="A network's schools and headline: schools, pupils, % good or outstanding",
)
def network(request: HttpRequest, output: Output, pk: int) -> Content:
    found = _network(pk)
    urns = sorted(set(found.members.current().values_list("urn", flat=True)))
    latest = picture.latest_among(urns, found.la_code)
    rows = _school_rows(urns, latest)
    headline = _headline(rows, latest)
    schools = Table(
        "schools",
        "Schools in the network",
        [
            Column("name", "Name", link=lambda r: reverse("school", kwargs={"urn": r["urn"]})),
            Column("urn", "URN", numeric=True),
            Column("phase", "Phase"),
            Column("type", "Type"),
            Column("pupils", "Pupils", numeric=True, count=True),
            Column("latest", "Latest inspection"),
            Column("framework", "Framework"),
            Column("inspected", "Inspected"),
            Column("inspected_as", "As predecessor URN", numeric=True),
        ],
        rows,
        empty="The network has no schools yet.",
    )
    authority = access.local_authority(found.la_code) if found.la_code is not None else None
    return Content(
        found.name,
        [_headline_table(headline), schools],
        context={
            "network": found,
            "authority": authority,
            "headline": headline,
            "may_manage": permissions.allows(request, permissions.manage_network, pk=pk),
            "may_list": found.la_code is not None
            and permissions.allows(request, permissions.la_networks, la=found.la_code),
            "leads": sorted(p.user.username for p in found.leads.select_related("user")),
            "school_rows": rows,
            "suggest_url": reverse("schools-json") if found.la_code is not None else None,
        },
        data={"network": {"id": found.pk, "name": found.name, "la": found.la_code}, "headline": headline},
    )


def _change(request: HttpRequest, network: Network, action: str, change: Callable[[], object]) -> None:
    """Make a change to a network and audit it with the network before and after."""

    def apply() -> Network:
        change()
        return network

    audit.audited_change(
        permissions.viewer(request).username,
        action,
        audit.NETWORK,
        apply,
        la=network.la_code,
        target=network,
    )


@permissions.rule(permissions.manage_network)
@require_POST
def rename_network(request: HttpRequest, pk: int) -> HttpResponse:
    found = _network(pk)
    form = forms.NetworkNameForm(request.POST, la=found.la_code, network=found)
    if not form.is_valid():
        return _errors_page(request, "network", form, pk=pk)
    name = form.cleaned_data["name"]

    def rename() -> None:
        found.name = name
        found.save(update_fields=["name"])

    _change(request, found, "rename network", rename)
    messages.success(request, f"The network is now called {name}.")
    return redirect("network", pk=pk)


@permissions.rule(permissions.manage_network)
@require_POST
def add_school(request: HttpRequest, pk: int) -> HttpResponse:
    found = _network(pk)
    form = forms.NetworkSchoolForm(request.POST, network=found)
    if not form.is_valid():
        return _errors_page(request, "network", form, {"candidates": form.candidates}, pk=pk)
    urn: int = form.cleaned_data["urn"]
    _change(
        request,
        found,
        "add school to network",
        lambda: NetworkMember.objects.create(network=found, urn=urn, joined_on=dt.date.today()),
    )
    messages.success(request, f"{access.school_name(urn)} (URN {urn}) is now in the network.")
    return redirect("network", pk=pk)


@permissions.rule(permissions.manage_network)
@require_POST
def remove_school(request: HttpRequest, pk: int) -> HttpResponse:
    found = _network(pk)
    form = forms.RemoveSchoolForm(request.POST, network=found)
    if not form.is_valid():
        return _errors_page(request, "network", form, pk=pk)
    member: NetworkMember = form.cleaned_data["remove_urn"]
    _change(request, found, "remove school from network", lambda: _leave(member))
    messages.success(request, f"URN {member.urn} has been taken out of the network.")
    return redirect("network", pk=pk)
