"""What the schools record: days delivered and termly reviews (the LA's staff and the heads of the
schools in the agreement; the quality of support is the supported head's alone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from peerlift.analysis import milestones
from peerlift.web import forms, permissions, support_changes
from peerlift.web.models import Role
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.views.support.form_pages import (
    base_context,
    date_fields,
    progress_radios,
    radio_options,
    write_form,
)
from peerlift.web.views.support.lookups import (
    agreement_or_404,
)


@permissions.rule(permissions.support_agreement)
@require_http_methods(["GET", "POST"])
def record_delivery(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Record days of support delivered (the LA's staff and the heads of the schools in it)."""
    found = agreement_or_404(la, pk)
    form = forms.DeliveryForm(request.POST if request.method == "POST" else None)
    context = base_context(la, found, f"Record days delivered for agreement {pk}")
    context |= {"dates": date_fields(form, {"delivered_on": dt.date.today()})}

    def change(data: dict[str, Any]) -> str:
        support_changes.record_delivery(
            found,
            permissions.viewer(request).username,
            **{name: data[name] for name in ("days", "delivered_on", "delivered_by", "activity")},
        )
        return f"{data['days']:g} day{'s' if data['days'] != 1 else ''} delivered recorded."

    return write_form(request, found, "delivery", "delivery.html", context, form, change)


@permissions.rule(permissions.support_agreement)
@require_http_methods(["GET", "POST"])
def record_review(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Record a termly review (the LA's staff and the heads of the schools in it)."""
    found = agreement_or_404(la, pk)
    who = permissions.viewer(request)
    head_of = who.urn if who.role is Role.HEADTEACHER else None
    rates_quality = head_of is None or head_of == found.supported_urn
    objectives = list(found.objectives.all())
    numbered = [(o.pk, f"Objective {n}: {o.text}") for n, o in enumerate(objectives, start=1)]
    form = forms.ReviewForm(
        request.POST if request.method == "POST" else None,
        objectives=tuple(numbered),
        rates_quality=rates_quality,
    )
    context = base_context(la, found, f"Record a review of agreement {pk}")
    context |= {
        "dates": date_fields(form, {"reviewed_on": dt.date.today(), "next_review_on": None}),
        "progress_options": progress_radios(),
        "quality_options": radio_options(
            [(str(k), f"{v} ({k})") for k, v in milestones.rules().quality.items()]
        ),
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

    def change(data: dict[str, Any]) -> str:
        support_changes.record_review(
            found,
            who.username,
            **{name: data[name] for name in ("reviewed_on", "reviewer", "progress", "quality", "notes")},
            next_review_on=data["next_review_on"],
            objective_progress=form.objective_progress(),
            head_of=head_of,
        )
        return "The review is recorded."

    return write_form(request, found, "review", "review.html", context, form, change)
