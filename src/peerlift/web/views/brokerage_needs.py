"""Brokerage needs (issue 13): the LA's needs (open, matched, withdrawn), the needs proposed from
data with their evidence (an officer accepts, edits or dismisses each), a need added by hand, a
needs template uploaded, and the blank templates to download.

The LA's officers and administrators change them, every change through web/brokerage_changes.py
(audited); a school's headteacher reads their own school's needs only."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from peerlift.brokerage import templates as brokerage_templates
from peerlift.sources.errors import SourceError
from peerlift.store import access
from peerlift.store.models import BrokerageNeed
from peerlift.web import brokerage_changes, forms, permissions, upload_messages, uploads
from peerlift.web.pages import Content, Output, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.brokerage import AREA_NAMES

URGENCY_NAMES = {1: "1 (can wait)", 2: "2 (soon)", 3: "3 (urgent)"}
NEED_COLUMNS = [
    Column("need", "Need"),
    Column("urn", "School (URN)"),
    Column("area", "Area"),
    Column("urgency", "Urgency"),
    Column("days", "Days", numeric=True),
    Column("raised_on", "Raised on"),
    Column("raised_by", "Raised by"),
    Column("status", "Status"),
]
PROPOSED_COLUMNS = [*NEED_COLUMNS[:5], Column("evidence", "Evidence", pre=True)]
TEMPLATE_EXAMPLES = {
    "needs": (
        brokerage_templates.NEED_COLUMNS,
        ["N1", "100001", "reading", "3", "4", "2026-02-01", "A. Officer", "Phonics after a new head"],
    ),
    "offers": (
        brokerage_templates.OFFER_COLUMNS,
        ["O1", "100002", "", "school", "reading;writing", "primary", "10", "15", "North", "100003"],
    ),
    "pins": (brokerage_templates.RULE_COLUMNS, ["N1", "O1", "pin"]),
}


def _row(need: BrokerageNeed) -> Row:
    return {
        "need": need.need_id,
        "urn": need.urn,
        "area": AREA_NAMES.get(need.area, need.area),
        "urgency": URGENCY_NAMES.get(need.urgency, str(need.urgency)),
        "days": need.days,
        "raised_on": need.raised_on,
        "raised_by": need.raised_by,
        "status": need.get_status_display(),
        "evidence": "\n".join(need.evidence),
    }


def _visible(request: HttpRequest, la: int) -> list[BrokerageNeed]:
    """The LA's needs for its staff; a headteacher's own school's only."""
    found = BrokerageNeed.objects.filter(la_code=la)
    who = permissions.viewer(request)
    if not permissions.la_brokerage(who, la):
        found = found.filter(urn=who.urn)
    return list(found)


@page(
    "las/<int:la>/brokerage/needs",
    name="la-brokerage-needs",
    template="web/brokerage_needs.html",
    rule=permissions.la_brokerage_needs,
    summary="An LA's brokerage needs, and the needs proposed from data with their evidence",
)
def la_brokerage_needs(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    needs = _visible(request, la)
    proposed = [n for n in needs if n.status == BrokerageNeed.Status.PROPOSED]
    kept = [
        n for n in needs if n.status not in (BrokerageNeed.Status.PROPOSED, BrokerageNeed.Status.DISMISSED)
    ]
    tables = [
        Table("needs", "Needs", NEED_COLUMNS, [_row(n) for n in kept], empty="No needs yet."),
        Table(
            "proposed",
            "Needs proposed from data",
            PROPOSED_COLUMNS,
            [_row(n) for n in proposed],
            empty="No proposals waiting: look for needs in the data to propose some.",
        ),
    ]
    may_change = permissions.la_brokerage(permissions.viewer(request), la)
    return Content(
        f"{authority['name']}: brokerage needs",
        tables,
        context={
            "la": la,
            "may_change": may_change,
            "proposed": proposed,
            "open_needs": [n for n in kept if n.status == BrokerageNeed.Status.OPEN],
            "areas": sorted(AREA_NAMES.items(), key=lambda item: item[1]),
            "urgencies": sorted(URGENCY_NAMES.items()),
            "values": {},
            "errors": {},
        },
        data={"la": la, "needs": len(kept), "proposed": len(proposed)},
    )


def _again(request: HttpRequest, la: int, errors: dict[str, str], values: dict[str, str]) -> HttpResponse:
    """The needs page again with the form's errors (GOV.UK error summary) and what was typed."""
    extra = {"errors": errors, "error_summary": error_summary(errors), "values": values}
    return render_page(request, named("la-brokerage-needs"), extra, status=400, la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def propose(request: HttpRequest, la: int) -> HttpResponse:
    """Look for needs in the data (categories, family quartiles, judgements, open concerns)."""
    authority_or_404(la)
    made, notes = brokerage_changes.propose_with_notes(permissions.viewer(request).username, la)
    messages.success(request, f"{len(made)} new need{'s' if len(made) != 1 else ''} proposed from data.")
    for note in notes.general:
        messages.info(request, note)
    if notes.measures:
        count = len(notes.measures)
        messages.info(
            request,
            f"In {count} measure{'s' if count != 1 else ''} a school's family had too few figures to "
            f"give a quartile, so nothing was proposed from them; the first: {notes.measures[0]}.",
        )
    return redirect("la-brokerage-needs", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def decide(request: HttpRequest, la: int) -> HttpResponse:
    """Accept a proposed need (as it is, or with the area, urgency and days changed), dismiss it, or
    withdraw an open need."""
    authority_or_404(la)
    need = BrokerageNeed.objects.filter(la_code=la, need_id=request.POST.get("need", "")).first()
    if need is None:
        messages.error(request, "Choose a need of this LA.")
        return redirect("la-brokerage-needs", la=la)
    actor = permissions.viewer(request).username
    action = request.POST.get("action", "")
    if action == "dismiss" and need.status == BrokerageNeed.Status.PROPOSED:
        brokerage_changes.set_status(actor, need, "dismissed")
        messages.success(request, f"The proposed need {need.need_id} is dismissed.")
    elif action == "withdraw" and need.status == BrokerageNeed.Status.OPEN:
        brokerage_changes.set_status(actor, need, "withdrawn")
        messages.success(request, f"Need {need.need_id} is withdrawn.")
    elif action == "accept" and need.status == BrokerageNeed.Status.PROPOSED:
        form = forms.NeedEditForm(request.POST)
        if not form.is_valid():
            said = forms.errors_of(form)
            errors = {f"{name}-{need.need_id}": message for name, message in said.items()}
            extra = {"errors": errors, "error_summary": error_summary(errors), "deciding": need.need_id}
            extra |= {"decide_errors": said, "decide_values": request.POST.dict()}
            return render_page(request, named("la-brokerage-needs"), extra, status=400, la=la)
        fields = {"need_id": need.need_id, **form.cleaned_data, "status": BrokerageNeed.Status.OPEN}
        brokerage_changes.save_need(actor, la, fields)
        messages.success(request, f"The proposed need {need.need_id} is accepted and open.")
    else:
        messages.error(request, "That change cannot be made to this need: it may have been decided already.")
    return redirect("la-brokerage-needs", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def add(request: HttpRequest, la: int) -> HttpResponse:
    """A need entered by hand, raised today by the officer."""
    authority_or_404(la)
    form = forms.NeedForm(request.POST, la=la)
    if not form.is_valid():
        values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        return _again(request, la, forms.errors_of(form), values)
    actor = permissions.viewer(request).username
    fields = {**form.cleaned_data, "raised_by": actor, "raised_on": dt.date.today(), "status": "open"}
    brokerage_changes.save_need(actor, la, fields)
    messages.success(request, f"Need {fields['need_id']} is added.")
    return redirect("la-brokerage-needs", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def upload(request: HttpRequest, la: int) -> HttpResponse:
    """A filled-in needs template: every row checked first, then each saved (audited); a bad row is
    named by row and column and nothing is saved."""
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
            _in_la(la, path)
            saved = brokerage_changes.upload_needs(permissions.viewer(request).username, la, path)
        except SourceError as error:
            said = upload_messages.summary(error, upload_messages.plain(error).message)
            return _again(request, la, {"template_file": f"Nothing was saved. {said}"}, {})
    messages.success(request, f"{len(saved)} need{'s' if len(saved) != 1 else ''} saved from {sent.name}.")
    return redirect("la-brokerage-needs", la=la)


def _in_la(la: int, path: Path) -> None:
    """Every need of the file is of a school of this LA (a SourceError names the first that is not)."""
    for need in brokerage_templates.read_needs(path):
        if access.school_la(need.urn) != la:
            message = f"there is no school with URN {need.urn} in this LA"
            raise SourceError(path, message, row=need.row, column="urn")


@permissions.rule(permissions.la_brokerage)
def template_file(request: HttpRequest, la: int, kind: str) -> HttpResponse:
    """A blank brokerage template (needs, offers, pins): its header and one example row."""
    authority_or_404(la)
    if kind not in TEMPLATE_EXAMPLES:
        raise Http404("There is no such template.")
    header, example = TEMPLATE_EXAMPLES[kind]
    text = ",".join(header) + "\r\n" + ",".join(example) + "\r\n"
    response = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="brokerage-{kind}.csv"'
    return response
