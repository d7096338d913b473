"""The plan and the terms: objectives added, changed or removed while the plan is open, and the
agreement's terms changed from what they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from peerlift.store.models import AgreementObjective, SupportAgreement
from peerlift.web import forms, permissions, support_changes
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.views.support.form_pages import (
    base_context,
    form_page,
    write_form,
)
from peerlift.web.views.support.lookups import (
    agreement_or_404,
    objective_or_404,
)
from peerlift.web.views.support.words import refusal_words
from peerlift.web.words import long_date


def _objective_form(
    request: HttpRequest,
    found: SupportAgreement,
    title: str,
    post_url: str,
    chosen: AgreementObjective | None,
    change: Callable[[str, dict[str, Any]], str],
) -> HttpResponse:
    """The objective form, to add one (``chosen`` None) or change one (starting from it as it is)."""
    form = forms.ObjectiveForm(request.POST if request.method == "POST" else None)
    context = base_context(found.la_code, found, title)
    context |= {
        "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
        "dates": {
            "target_on": forms.date_parts(
                form, "target_on", None if form.is_bound or chosen is None else chosen.target_on
            )
        },
        "post_url": post_url,
        "button": "Add the objective" if chosen is None else "Save the objective",
        "current": {
            "area": chosen.area if chosen else "",
            "text": chosen.text if chosen else "",
            "success_measure": chosen.success_measure if chosen else "",
        },
    }
    who = permissions.viewer(request).username
    fields = ("area", "text", "success_measure", "target_on")
    return write_form(
        request,
        found,
        "objective",
        "objective.html",
        context,
        form,
        lambda data: change(who, {name: data[name] for name in fields}),
    )


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def add_objective(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Add an objective to an agreement's plan."""
    found = agreement_or_404(la, pk)

    def change(who: str, fields: dict[str, Any]) -> str:
        support_changes.add_objective(found, who, **fields)
        return "The objective is added to the plan."

    url = reverse("support-objective", kwargs={"la": la, "pk": pk})
    return _objective_form(request, found, f"Add an objective to agreement {pk}", url, None, change)


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def change_objective(request: HttpRequest, la: int, pk: int, objective: int) -> HttpResponse:
    """Change an objective of the plan while the plan is open; the form starts from it as it is."""
    found = agreement_or_404(la, pk)
    chosen, number = objective_or_404(found, objective)

    def change(who: str, fields: dict[str, Any]) -> str:
        support_changes.change_objective(chosen, who, **fields)
        return f"Objective {number} is changed."

    url = reverse("support-objective-change", kwargs={"la": la, "pk": pk, "objective": chosen.pk})
    title = f"Change objective {number} of agreement {pk}"
    return _objective_form(request, found, title, url, chosen, change)


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def remove_objective(request: HttpRequest, la: int, pk: int, objective: int) -> HttpResponse:
    """Remove an objective from the plan while the plan is open, after a confirmation page."""
    found = agreement_or_404(la, pk)
    chosen, number = objective_or_404(found, objective)
    context = base_context(la, found, f"Remove objective {number} from agreement {pk}")
    context |= {
        "objective": chosen,
        "objective_area": AREA_NAMES.get(chosen.area, chosen.area),
        "target_words": long_date(chosen.target_on) or "None set",
        "post_url": reverse("support-objective-remove", kwargs={"la": la, "pk": pk, "objective": chosen.pk}),
    }

    why = support_changes.removal_refused(chosen, found)
    if why and request.method == "GET":  # say so before the confirmation, not after it
        return form_page(
            request,
            "remove_objective.html",
            context,
            refusal=refusal_words(support_changes.SupportError(why)),
            blocked=True,
        )

    def change(_: dict[str, Any]) -> str:
        support_changes.remove_objective(chosen, permissions.viewer(request).username)
        return f"Objective {number} is removed from the plan."

    return write_form(request, found, "objective", "remove_objective.html", context, None, change)


TERMS = ("days_planned", "cost", "funding_source", "start_on", "planned_end_on", "officer")


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def change_terms(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Change an agreement's terms (days planned, cost, funding, dates, officer) while it is active
    and not closed; the form starts from the terms as they are."""
    found = agreement_or_404(la, pk)
    form = forms.AgreementTermsForm(request.POST if request.method == "POST" else None)
    context = base_context(la, found, f"Change the terms of agreement {pk}")
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

    def change(data: dict[str, Any]) -> str:
        terms = {name: data[name] for name in TERMS}
        terms["funding_source"] = terms["funding_source"].strip()
        terms["officer"] = terms["officer"].strip()
        support_changes.update_agreement(found, permissions.viewer(request).username, **terms)
        return f"The terms of agreement {pk} are changed."

    return write_form(request, found, "edit", "terms.html", context, form, change)
