"""Making an agreement: by hand, or from an accepted brokerage proposal that has none."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from peerlift.store import access
from peerlift.store.models import (
    AcceptedMatch,
    BrokerageNeed,
    BrokerageOffer,
    SupportAgreement,
)
from peerlift.web import forms, permissions, support_changes
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.views.brokerage_offers import KIND_NAMES
from peerlift.web.views.support.form_pages import (
    REFUSALS,
    date_fields,
    form_page,
)
from peerlift.web.views.support.words import (
    la_name,
    refusal_words,
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
        "dates": date_fields(form, {"start_on": None, "planned_end_on": None}),
        "needs": _needs(la),
        "offers": _offers(la),
        "kinds": list(KIND_NAMES.items()),
        "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
        "officer": who.username,
        "days_default": f"{match.need.days:g}" if match else "",
        "chosen": {key: request.POST.getlist(key) for key in ("needs", "focus_areas")},
    }
    if request.method == "GET" or not form.is_valid():
        return form_page(request, "create.html", context, form)
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
    except REFUSALS as error:
        return form_page(request, "create.html", context, form, refusal=refusal_words(error))
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
