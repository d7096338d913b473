"""Brokerage offers (issue 13): the LA's supporters and their capacity; an officer adds or edits an
offer and uploads the offers template; a school's headteacher offers their school's capacity, which
waits unconfirmed (the engine leaves it out, brokerage/stored.py) until an officer confirms it.

Every change goes through web/brokerage_changes.py (audited)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from peerlift.brokerage import register
from peerlift.sources.errors import SourceError
from peerlift.store.models import BrokerageOffer
from peerlift.web import brokerage_changes, forms, permissions, upload_messages, uploads
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.brokerage import AREA_NAMES

KIND_NAMES = {
    "school": "School",
    "nle": "National leader of education (NLE)",
    "lle": "Local leader of education (LLE)",
    "sle": "Specialist leader of education (SLE)",
    "teaching_school_hub": "Teaching school hub",
    "trust": "Trust",
    "executive_head": "Executive headteacher",
    "la_adviser": "LA adviser",
}
OFFER_COLUMNS = [
    Column("offer", "Offer"),
    Column("supporter", "Supporter"),
    Column("kind", "Who"),
    Column("areas", "Areas"),
    Column("phases", "Phases"),
    Column("capacity_days", "Days a term", numeric=True),
    Column("max_distance_km", "Travels up to (km)", numeric=True),
    Column("network", "Network"),
    Column("conflicts", "Must not support (URNs)"),
    Column("confirmed", "Confirmed"),
    Column("used", "Used by the brokerage"),
]
NEVER_USED = (
    "Never: the school is in category {category}, and a school in category 3 or 4 needs support "
    "itself, so it cannot support others"
)


def _categories(offers: list[BrokerageOffer]) -> dict[int, int]:
    """The category in force of each supporting school (issue 12), for the "used" column."""
    found = register.schools(o.supporter_urn for o in offers if o.supporter_urn is not None)
    return {urn: school.category for urn, school in found.items() if school.category is not None}


def _used(offer: BrokerageOffer, categories: dict[int, int]) -> str:
    category = categories.get(offer.supporter_urn) if offer.supporter_urn is not None else None
    if category in (3, 4):
        return NEVER_USED.format(category=category)
    return "Yes" if offer.confirmed else "Not until an officer confirms it"


def _row(offer: BrokerageOffer, categories: dict[int, int] | None = None) -> Row:
    return {
        "offer": offer.offer_id,
        "supporter": offer.supporter_name or str(offer.supporter_urn or ""),
        "kind": KIND_NAMES.get(offer.kind, offer.kind),
        "areas": ", ".join(AREA_NAMES.get(a, a) for a in offer.areas),
        "phases": ", ".join(forms.PHASE_GROUP_NAMES.get(p, p) for p in offer.phases) or "Every phase",
        "capacity_days": offer.capacity_days,
        "max_distance_km": offer.max_distance_km,
        "network": offer.network,
        "conflicts": "; ".join(str(u) for u in offer.conflicts),
        "confirmed": "Yes" if offer.confirmed else "Waiting for an officer",
        "used": _used(offer, categories or {}),
    }


def _visible(request: HttpRequest, la: int) -> list[BrokerageOffer]:
    """The LA's offers for its staff; a headteacher's own school's only."""
    found = BrokerageOffer.objects.filter(la_code=la)
    who = permissions.viewer(request)
    if not permissions.la_brokerage(who, la):
        found = found.filter(supporter_urn=who.urn)
    return list(found)


@page(
    "las/<int:la>/brokerage/offers",
    name="la-brokerage-offers",
    template="web/brokerage_offers.html",
    rule=permissions.la_brokerage_offers,
    summary="An LA's brokerage offers: supporters, their areas and capacity, and offers waiting",
    params=(Param("change", "An offer's reference: its form is filled in with the offer, to change it"),),
)
def la_brokerage_offers(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    offers = _visible(request, la)
    who = permissions.viewer(request)
    may_change = permissions.la_brokerage(who, la)
    changing = next((o for o in offers if o.offer_id == request.GET.get("change")), None)
    categories = _categories(offers)
    return Content(
        f"{authority['name']}: brokerage offers",
        [
            Table(
                "offers",
                "Offers",
                OFFER_COLUMNS,
                [_row(o, categories) for o in offers],
                empty="No offers yet.",
            )
        ],
        context={
            "la": la,
            "may_change": may_change,
            "may_offer": permissions.offer_own_school(who, la),
            "waiting": [o for o in offers if not o.confirmed],
            "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
            "phases": list(forms.PHASE_GROUP_NAMES.items()),
            "kinds": list(KIND_NAMES.items()),
            "values": _values(changing) if changing is not None and may_change else {},
            "offer_ids": [o.offer_id for o in offers],
            "errors": {},
        },
        data={"la": la, "offers": len(offers), "waiting": sum(not o.confirmed for o in offers)},
    )


def _values(offer: BrokerageOffer) -> dict[str, Any]:
    """An offer as its form shows it, to change it."""
    return {
        "offer_id": offer.offer_id,
        "kind": offer.kind,
        "supporter_urn": offer.supporter_urn or "",
        "supporter_name": offer.supporter_name,
        "areas": offer.areas,
        "phases": offer.phases,
        "capacity_days": f"{offer.capacity_days:g}",
        "max_distance_km": "" if offer.max_distance_km is None else f"{offer.max_distance_km:g}",
        "network": offer.network,
        "conflicts": "; ".join(str(u) for u in offer.conflicts),
    }


def _again(request: HttpRequest, la: int, errors: dict[str, str], values: dict[str, Any]) -> HttpResponse:
    extra = {"errors": errors, "error_summary": error_summary(errors), "values": values}
    return render_page(request, named("la-brokerage-offers"), extra, status=400, la=la)


def _typed(request: HttpRequest) -> dict[str, Any]:
    """What was typed, to show again beside the errors (ticked boxes as lists)."""
    typed: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    typed["areas"], typed["phases"] = request.POST.getlist("areas"), request.POST.getlist("phases")
    return typed


@permissions.rule(permissions.la_brokerage)
@require_POST
def save(request: HttpRequest, la: int) -> HttpResponse:
    """An officer's offer, added or (with the reference of one already there) edited; confirmed."""
    authority_or_404(la)
    form = forms.OfferForm(request.POST)
    if not form.is_valid():
        return _again(request, la, forms.errors_of(form), _typed(request))
    actor = permissions.viewer(request).username
    fields = {**form.cleaned_data, "confirmed": True, "offered_by": actor}
    brokerage_changes.save_offer(actor, la, fields)
    messages.success(request, f"Offer {fields['offer_id']} is saved.")
    return redirect("la-brokerage-offers", la=la)


@permissions.rule(permissions.offer_own_school)
@require_POST
def offer(request: HttpRequest, la: int) -> HttpResponse:
    """A headteacher offers their school's capacity: saved unconfirmed, for an officer to confirm."""
    authority_or_404(la)
    form = forms.CapacityForm(request.POST)
    if not form.is_valid():
        return _again(request, la, forms.errors_of(form), _typed(request))
    who = permissions.viewer(request)
    fields = {
        **form.cleaned_data,
        "offer_id": f"H{who.urn}",
        "supporter_urn": who.urn,
        "kind": "school",
        "confirmed": False,
        "offered_by": who.username,
    }
    brokerage_changes.save_offer(who.username, la, fields)
    messages.success(request, "Your school's offer is saved. An officer of the LA will confirm it.")
    return redirect("la-brokerage-offers", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def confirm(request: HttpRequest, la: int) -> HttpResponse:
    """An officer confirms a head's offer, so that the next run may use it."""
    authority_or_404(la)
    found = BrokerageOffer.objects.filter(la_code=la, offer_id=request.POST.get("offer", "")).first()
    if found is None or found.confirmed:
        messages.error(request, "Choose an offer of this LA that is waiting to be confirmed.")
        return redirect("la-brokerage-offers", la=la)
    actor = permissions.viewer(request).username
    brokerage_changes.save_offer(actor, la, {"offer_id": found.offer_id, "confirmed": True})
    messages.success(request, f"Offer {found.offer_id} is confirmed.")
    return redirect("la-brokerage-offers", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def upload(request: HttpRequest, la: int) -> HttpResponse:
    """A filled-in offers template: every row checked first, then each saved (audited, confirmed)."""
    authority_or_404(la)
    form = forms.TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _again(request, la, forms.errors_of(form), {})
    sent = form.cleaned_data["template_file"]
    uploads.upload_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=uploads.upload_dir()) as folder:
        path = Path(folder) / Path(sent.name).name
        path.write_bytes(sent.read())
        try:
            saved = brokerage_changes.upload_offers(permissions.viewer(request).username, la, path)
        except SourceError as error:
            said = upload_messages.summary(error, upload_messages.plain(error).message)
            return _again(request, la, {"template_file": f"Nothing was saved. {said}"}, {})
    messages.success(request, f"{len(saved)} offer{'s' if len(saved) != 1 else ''} saved from {sent.name}.")
    return redirect("la-brokerage-offers", la=la)
