"""Improvement partners and the allocation of their days by need (issue 12).

An LA's administrators keep its partners and its days by category; its officers and administrators
run the allocation for a year, pin a school to a partner and accept the result. Every change goes
through ``web/partner_changes.py`` (the audited helper); the solving is analysis/partner_allocation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.domain import labels
from peerlift.domain.years import academic
from peerlift.store import partners
from peerlift.store.models import ImprovementPartner
from peerlift.web import forms, partner_changes, permissions
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.words import long_time

CATEGORY_NAMES = {
    1: "Strong, able to support others",
    2: "Secure",
    3: "At risk, needs support",
    4: "Causing concern, intensive support",
}


def this_year(today: dt.date | None = None) -> int:
    """The academic year being planned: the one in progress (from September, the next one's end)."""
    on = today or dt.date.today()
    return on.year + 1 if on.month >= 9 else on.year


def _typed(request: HttpRequest) -> dict[str, Any]:
    """What was typed, to show again with the errors (the phases ticked as a list)."""
    return {
        **request.POST.dict(),
        "phases": request.POST.getlist("phases"),
        "active": "active" in request.POST,
    }


def _errors(request: HttpRequest, name: str, form: forms.Form, **kwargs: Any) -> HttpResponse:
    errors = forms.errors_of(form)
    extra = {"errors": errors, "values": _typed(request), "error_summary": error_summary(errors)}
    return render_page(request, named(name), extra, status=400, **kwargs)


def _refused(request: HttpRequest, name: str, field: str, message: str, **kwargs: Any) -> HttpResponse:
    """A page again with one message a change was refused with (a rule the form could not check)."""
    extra = {
        "errors": {field: message},
        "values": _typed(request),
        "error_summary": [{"field": field, "message": message}],
    }
    return render_page(request, named(name), extra, status=400, **kwargs)


def _phases(row: Row) -> str:
    return ", ".join(labels.code(p) for p in row["phases"])


@page(
    "las/<int:la>/partners",
    name="la-partners",
    template="web/partners.html",
    rule=permissions.la_partners,
    summary="An LA's improvement partners and the days a school is given by category",
)
def la_partners(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    may_manage = permissions.allows(request, permissions.manage_la_partners, la=la)
    rows = [
        {
            "id": p.pk,
            "name": p.name,
            "days": p.days,
            "phases": p.phases,
            "active": "Active" if p.active else "Not active",
        }
        for p in partners.partners(la)
    ]
    columns = [
        Column(
            "name",
            "Partner",
            link=(lambda r: reverse("partner-edit", kwargs={"la": la, "pk": r["id"]}))
            if may_manage
            else None,
        ),
        Column("days", "Days a year", numeric=True),
        Column("phases", "Phases", text=_phases),
        Column("active", "Status"),
    ]
    table = Table("partners", "Improvement partners", columns, rows, empty="The LA has no partners yet.")
    table_days = partners.days_table(la)
    days = Table(
        "days",
        "Days of partner time a school is given in a year, by its category",
        [
            Column("category", "Category", numeric=True),
            Column("label", "What it means"),
            Column("days", "Days a year", numeric=True),
        ],
        [{"category": c, "label": CATEGORY_NAMES[c], "days": d} for c, d in table_days.items()],
        notes=[
            "The LA's own table."
            if partners.days_record(la)
            else "peerlift's default table: the LA has not set its own."
        ],
    )
    return Content(
        f"{authority['name']}: improvement partners",
        [table, days],
        context={
            "authority": authority,
            "may_manage": may_manage,
            "phases": [(p, labels.code(p)) for p in partners.PHASES],
            "days_fields": [
                {"id": f"days_{c}", "label": f"Category {c}: {CATEGORY_NAMES[c].lower()}", "value": d}
                for c, d in table_days.items()
            ],
        },
        data={"la": la},
    )


@permissions.rule(permissions.manage_la_partners)
@require_POST
def new_partner(request: HttpRequest, la: int) -> HttpResponse:
    """Add a partner to the LA (audited)."""
    authority_or_404(la)
    form = forms.PartnerForm(request.POST, la=la)
    if not form.is_valid():
        return _errors(request, "la-partners", form, la=la)
    data = form.cleaned_data
    who = permissions.viewer(request)
    try:
        partner_changes.add_partner(who.username, la, data["name"], data["days"], data["phases"])
    except partners.PartnerError as error:
        return _refused(request, "la-partners", "name", str(error).capitalize(), la=la)
    messages.success(request, f"{data['name']} has been added.")
    return redirect("la-partners", la=la)


def _partner(la: int, pk: int) -> ImprovementPartner:
    found = partners.partner(la, pk)
    if found is None:
        raise Http404("There is no such partner in this LA.")
    return found


@permissions.rule(permissions.manage_partner)
def edit_partner(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Change a partner's name, days, phases or whether they are active (audited)."""
    authority = authority_or_404(la)
    record = _partner(la, pk)
    context: dict[str, Any] = {
        "authority": authority,
        "partner": record,
        "phases": [(p, labels.code(p)) for p in partners.PHASES],
        "values": {
            "name": record.name,
            "days": record.days,
            "phases": record.phases,
            "active": record.active,
        },
        "title": f"Change {record.name}",
    }
    if request.method != "POST":
        return render(request, "web/partner_edit.html", context)
    form = forms.PartnerForm(request.POST, la=la, partner=record)
    if not form.is_valid():
        errors = forms.errors_of(form)
        context.update(errors=errors, error_summary=error_summary(errors), values=_typed(request))
        return render(request, "web/partner_edit.html", context, status=400)
    data = form.cleaned_data
    who = permissions.viewer(request)
    partner_changes.change_partner(
        who.username, record, data["name"], data["days"], data["phases"], data["active"]
    )
    messages.success(request, f"{data['name']} has been changed.")
    return redirect("la-partners", la=la)


@permissions.rule(permissions.manage_la_partners)
@require_POST
def set_days(request: HttpRequest, la: int) -> HttpResponse:
    """Set the LA's own days by category (audited)."""
    authority_or_404(la)
    form = forms.PartnerDaysForm(request.POST)
    if not form.is_valid():
        return _errors(request, "la-partners", form, la=la)
    partner_changes.set_days(permissions.viewer(request).username, la, form.table())
    messages.success(request, "The days by category have been saved. Run the allocation again to use them.")
    return redirect("la-partners", la=la)


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else this_year()


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


@page(
    "las/<int:la>/partners/allocation",
    name="la-allocation",
    template="web/allocation.html",
    rule=permissions.la_partners,
    summary="An LA's allocation of improvement partners to schools for a year: run, pin, accept",
    params=(Param("year", "The year (2027 = 2026/27); default the one being planned", "integer"),),
)
def allocation(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    year = _year(request)
    made = partners.allocation_of(la, year)
    school_link = Column("name", "School", link=lambda r: reverse("school", kwargs={"urn": r["urn"]}))
    rows = partners.assignments(made) if made else []
    assigned = Table(
        "assignments",
        f"Schools and their partners, {academic(year)}",
        [
            school_link,
            Column("urn", "URN", numeric=True),
            Column("partner", "Partner"),
            Column("days", "Days given", numeric=True),
            Column("needed", "Days needed", numeric=True),
            Column("kept", "Same partner as last year", text=lambda r: _yes(r["kept"])),
            Column("pinned", "Pinned", text=lambda r: _yes(r["pinned"])),
        ],
        rows,
        empty="The allocation for this year has not been run yet.",
    )
    loads = Table(
        "loads",
        "Each partner's load",
        [
            Column("partner", "Partner"),
            Column("schools", "Schools", numeric=True),
            Column("days", "Days given", numeric=True),
            Column("capacity", "Days available", numeric=True),
            Column("share", "Share of their days given (%)", numeric=True),
        ],
        [
            {**x, "share": round(100 * x["days"] / x["capacity"]) if x["capacity"] else 0}
            for x in (made.loads if made else [])
        ],
        empty="The allocation for this year has not been run yet.",
    )
    names = {r["urn"]: r["name"] for r in partners.open_schools(la)} if made else {}
    short = Table(
        "short",
        "Schools given fewer days than they need",
        [
            school_link,
            Column("urn", "URN", numeric=True),
            Column("needed", "Days needed", numeric=True),
            Column("given", "Days given", numeric=True),
            Column("short", "Days short", numeric=True),
            Column("reason", "Why"),
        ],
        [{**s, "name": names.get(s["urn"], "")} for s in (made.shortfalls if made else [])],
        empty="Every school is given the days it needs.",
    )
    pins = [
        {"urn": p.urn, "partner": p.partner.name, "by": p.pinned_by, "on": p.pinned_at}
        for p in partners.pins(la, year)
    ]
    pinned = Table(
        "pins",
        "Pinned pairings",
        [
            Column("urn", "URN", numeric=True),
            Column("partner", "Partner"),
            Column("by", "Pinned by"),
            Column("on", "Pinned on"),
        ],
        pins,
        empty="No school is pinned to a partner for this year.",
    )
    return Content(
        f"{authority['name']}: improvement partners, {academic(year)}",
        [assigned, loads, short, pinned],
        context={
            "authority": authority,
            "year": year,
            "academic": academic(year),
            "made": made,
            "made_on": long_time(made.made_at) if made else None,
            "accepted_on": long_time(made.accepted_at) if made and made.accepted_at else None,
            "active_partners": partners.partners(la, active_only=True),
        },
        data={"la": la, "year": year, "allocation": partners.summary(made) if made else None},
    )


def _back(la: int, year: int) -> HttpResponse:
    return redirect(reverse("la-allocation", kwargs={"la": la}) + f"?year={year}")


@permissions.rule(permissions.la_partners)
@require_POST
def run_allocation(request: HttpRequest, la: int) -> HttpResponse:
    """Run the year's allocation with the categories in force today (audited; a draft until accepted)."""
    authority_or_404(la)
    form = forms.AllocationYearForm(request.POST)
    if not form.is_valid():
        return _errors(request, "la-allocation", form, la=la)
    year = form.cleaned_data["year"]
    try:
        made = partner_changes.allocate(
            permissions.viewer(request).username, la, year, partners.categories_in_force(la, None)
        )
    except partners.PartnerError as error:
        return _refused(request, "la-allocation", "year-choice", str(error).capitalize(), la=la)
    messages.success(
        request,
        f"The allocation for {academic(year)} has been run: {made.kept_partner} of {made.schools} "
        f"schools keep their partner; {made.short_days} days short. Check it, then accept it.",
    )
    return _back(la, year)


@permissions.rule(permissions.la_partners)
@require_POST
def pin(request: HttpRequest, la: int) -> HttpResponse:
    """Pin a school to a partner for the year (audited); the next run keeps the pairing."""
    authority_or_404(la)
    form = forms.PinForm(request.POST, la=la)
    if not form.is_valid():
        return _errors(request, "la-allocation", form, la=la)
    data = form.cleaned_data
    partner = _partner(la, data["partner"])
    try:
        partner_changes.pin(permissions.viewer(request).username, la, data["year"], data["urn"], partner)
    except partners.PartnerError as error:
        return _refused(request, "la-allocation", "partner", str(error).capitalize(), la=la)
    messages.success(request, f"School {data['urn']} is pinned to {partner.name}. Run the allocation again.")
    return _back(la, data["year"])


@permissions.rule(permissions.la_partners)
@require_POST
def accept(request: HttpRequest, la: int) -> HttpResponse:
    """Accept the year's allocation as it stands (audited: who and when)."""
    authority_or_404(la)
    form = forms.AllocationYearForm(request.POST)
    if not form.is_valid():
        return _errors(request, "la-allocation", form, la=la)
    year = form.cleaned_data["year"]
    made = partners.allocation_of(la, year)
    if made is None:
        return _refused(
            request, "la-allocation", "year-choice", "Run the allocation before accepting it", la=la
        )
    partner_changes.accept(permissions.viewer(request).username, made)
    messages.success(request, f"The allocation for {academic(year)} has been accepted.")
    return _back(la, year)


@permissions.rule(permissions.la_partners)
@require_POST
def unpin(request: HttpRequest, la: int) -> HttpResponse:
    """Take a school's pin away for the year (audited); the next run chooses its partner freely."""
    authority_or_404(la)
    form = forms.UnpinForm(request.POST, la=la)
    if not form.is_valid():
        return _errors(request, "la-allocation", form, la=la)
    data = form.cleaned_data
    partner_changes.unpin(permissions.viewer(request).username, data["pin"])
    messages.success(request, f"School {data['pin'].urn} is no longer pinned. Run the allocation again.")
    return _back(la, data["year"])
