"""Moving an agreement through its milestones (closing: an outcome, a closing note and a
confirmation page) and pausing, stopping or reopening it, with a reason (and a confirmation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from peerlift.analysis import milestones
from peerlift.web import forms, permissions, support_changes
from peerlift.web.views.support.form_pages import (
    REFUSALS,
    base_context,
    date_fields,
    form_page,
    radio_options,
)
from peerlift.web.views.support.lookups import (
    agreement_or_404,
    state_of,
)
from peerlift.web.views.support.words import (
    milestone_name,
    refusal_words,
)
from peerlift.web.words import long_date


@permissions.rule(permissions.change_agreement)
@require_http_methods(["GET", "POST"])
def advance(request: HttpRequest, la: int, pk: int) -> HttpResponse:
    """Move an agreement to its next milestone; closing asks for an outcome and a closing note and
    shows a confirmation page first."""
    found = agreement_or_404(la, pk)
    following = milestones.next_milestone(found.milestone)
    closing = following == milestones.rules().final
    form = forms.AdvanceForm(request.POST if request.method == "POST" else None, closing=closing)
    if closing:
        title = f"Close agreement {pk}"
    elif following:
        title = f"Move agreement {pk} on to {milestones.label(following)}"
    else:
        title = f"Agreement {pk}"
    context = base_context(la, found, title)
    context |= {
        "following": following,
        "following_name": milestone_name(following) if following else "",
        "following_label": milestones.label(following) if following else "",
        "following_hint": milestones.milestone_hint(following) if following else "",
        "closing": closing,
        "outcomes": radio_options([(c, milestones.outcome_label(c)) for c in milestones.outcome_codes()]),
        "dates": date_fields(form, {"happened_on": dt.date.today()}),
    }
    state_refusal = ""
    if following is None or not milestones.is_writable(state_of(found)):
        state_refusal = refusal_words(milestones.Refused(pk, state_of(found), "It cannot move on now."))
    if request.method == "GET" or state_refusal:
        return form_page(request, "advance.html", context, refusal=state_refusal, blocked=bool(state_refusal))
    if not form.is_valid():
        return form_page(request, "advance.html", context, form)
    data = form.cleaned_data
    if closing and request.POST.get("confirm") != "yes":
        context |= {
            "title": f"Check before closing agreement {pk}",
            "outcome_words": milestones.outcome_label(data["outcome"]),
            "confirm": {
                "outcome": data["outcome"],
                "closing_note": data["closing_note"],
                "note": data["note"],
                "happened_on": data["happened_on"].isoformat() if data["happened_on"] else "",
                "happened_words": long_date(data["happened_on"] or dt.date.today()),
            },
        }
        return render(request, "web/support/confirm_close.html", context)
    try:
        support_changes.advance(
            found,
            str(following),
            permissions.viewer(request).username,
            note=data["note"],
            on=data["happened_on"],
            outcome=data["outcome"] or None,
            closing_note=data["closing_note"],
        )
    except REFUSALS as error:
        return form_page(request, "advance.html", context, form, refusal=refusal_words(error))
    messages.success(request, f"Agreement {pk} is now at {milestones.label(str(following))}.")
    return redirect("support-agreement", la=la, pk=pk)


STATUS_WORDS = {
    "pause": (
        "Pause",
        "paused",
        "It is read-only while it is paused: nothing can be recorded until it is reopened.",
    ),
    "stop": (
        "Stop",
        "stopped",
        "It is read-only once it is stopped: nothing can be recorded unless it is reopened.",
    ),
    "reopen": ("Reopen", "reopened", "It goes back to active at its milestone."),
}


def _status_view(action: str) -> Callable[..., HttpResponse]:
    @permissions.rule(permissions.change_agreement)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, la: int, pk: int) -> HttpResponse:
        found = agreement_or_404(la, pk)
        verb, done, consequence = STATUS_WORDS[action]
        form = forms.AgreementStatusForm(request.POST if request.method == "POST" else None)
        context = base_context(la, found, f"{verb} agreement {pk}")
        context |= {
            "action": action,
            "verb": verb,
            "consequence": consequence,
            "dates": date_fields(form, {"happened_on": dt.date.today()}),
            "post_url": reverse(f"support-{action}", kwargs={"la": la, "pk": pk}),
        }
        state_refusal = ""
        if action not in milestones.actions_from(state_of(found)):
            state_refusal = refusal_words(
                milestones.Refused(
                    pk, state_of(found), f"It cannot {milestones.rules().actions[action]['phrase']}."
                )
            )
        if request.method == "GET" or state_refusal:
            return form_page(
                request, "status.html", context, refusal=state_refusal, blocked=bool(state_refusal)
            )
        if not form.is_valid():
            return form_page(request, "status.html", context, form)
        data = form.cleaned_data
        if action != "reopen" and request.POST.get("confirm") != "yes":
            context |= {
                "title": f"Check before you {verb.lower()} agreement {pk}",
                "confirm": {
                    "reason": data["reason"],
                    "happened_on": data["happened_on"].isoformat() if data["happened_on"] else "",
                    "happened_words": long_date(data["happened_on"] or dt.date.today()),
                },
            }
            return render(request, "web/support/confirm_status.html", context)
        change = {
            "pause": support_changes.pause,
            "stop": support_changes.stop,
            "reopen": support_changes.reopen,
        }[action]
        try:
            change(found, data["reason"], permissions.viewer(request).username, on=data["happened_on"])
        except REFUSALS as error:
            return form_page(request, "status.html", context, form, refusal=refusal_words(error))
        messages.success(request, f"Agreement {pk} is {done}.")
        return redirect("support-agreement", la=la, pk=pk)

    view.__name__ = f"{action}_agreement"
    view.__doc__ = f"{STATUS_WORDS[action][0]} an agreement, with a reason."
    return view


pause = _status_view("pause")
stop = _status_view("stop")
reopen = _status_view("reopen")
