"""What every support form page shares: GET shows the form (or, when the state machine refuses,
why it cannot be used), POST the change or the form again with its errors in the GOV.UK error
summary (400); the page's heading, dates and radio options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from peerlift.analysis import milestones
from peerlift.store import access
from peerlift.store.models import (
    SupportAgreement,
)
from peerlift.web import forms, support_changes
from peerlift.web.pages import error_summary
from peerlift.web.views.support.lookups import agreement_url, write_refusal
from peerlift.web.views.support.words import la_name, refusal_words, status_name

REFUSALS = (support_changes.SupportError, milestones.Refused, milestones.Invalid)


def form_page(
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


def date_fields(form: forms.Form, defaults: dict[str, dt.date | None]) -> dict[str, Any]:
    return {
        name: forms.date_parts(form, name, shown if not form.is_bound else None)
        for name, shown in defaults.items()
    }


def base_context(la: int, agreement: SupportAgreement, title: str) -> dict[str, Any]:
    return {
        "la": la,
        "la_name": la_name(la),
        "agreement": agreement,
        "title": title,
        "school": access.schools_by_urn([agreement.supported_urn])[:1],
        "back": agreement_url(la, agreement.pk),
        "where": f"Milestone: {milestones.label(agreement.milestone)}, "
        f"{status_name(agreement.status).lower()}",
    }


def radio_options(codes: list[tuple[str, str]], hints: dict[str, str] | None = None) -> list[dict[str, str]]:
    return [{"value": v, "label": label, "hint": (hints or {}).get(v, "")} for v, label in codes]


def progress_radios() -> list[dict[str, str]]:
    return radio_options(
        [(c, milestones.progress_label(c)) for c in milestones.progress_codes()],
        {c: milestones.progress_hint(c).capitalize() for c in milestones.progress_codes()},
    )


def write_form(
    request: HttpRequest,
    agreement: SupportAgreement,
    write: str,
    template: str,
    context: dict[str, Any],
    form: forms.Form | None,
    change: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """The whole of a form that writes to an agreement: GET shows it (or, when the state machine
    refuses the ``write`` now, why it cannot be used); POST checks the form, makes the ``change``
    (given the cleaned data, it returns the message to show) and goes back to the agreement, or
    shows the form again with the errors or the refusal in the error summary (400)."""
    refused = write_refusal(agreement, write)
    if request.method == "GET" or refused:
        return form_page(request, template, context, refusal=refused, blocked=bool(refused))
    if form is not None and not form.is_valid():
        return form_page(request, template, context, form)
    try:
        said = change(form.cleaned_data if form is not None else {})
    except REFUSALS as error:
        return form_page(request, template, context, form, refusal=refusal_words(error))
    messages.success(request, said)
    return redirect("support-agreement", la=agreement.la_code, pk=agreement.pk)
