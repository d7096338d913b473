"""Schools' categories, officers' overrides and concerns, the category rules and inspections due.

Thin shells: the history and the category in force come from store/categories.py, the concerns from
store/concerns.py, the computing from store/categorising.py (analysis/categories.py underneath), and
every change goes through web/casework.py (audited). The LA's categories page reads what is recorded;
working the categories out again is a background job (web/tasks.py) whose changes officers review
before they are recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from peerlift.analysis.categories import Rules, RulesError, parse_rules
from peerlift.analysis.inspection_due import default_cycles
from peerlift.domain import dates, labels
from peerlift.store import access, categories, categorising, concerns
from peerlift.store.models import Concern, Establishment
from peerlift.web import casework, forms, permissions, tasks
from peerlift.web.models import CategoryRun, Network, NetworkMember
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404

CYCLE_LABELS = {cycle.name: cycle.label for cycle in default_cycles()}


def long_date(on: dt.date | None) -> str:
    """A date as GOV.UK writes it (domain.dates), or nothing."""
    return dates.long_date(on) if on else ""


def _labels(la: int | None) -> dict[int, str]:
    return categorising.rules_in_force(la).labels


def _label(category: int | None, names: dict[int, str]) -> str:
    if category is None:
        return ""
    return f"{category}: {names.get(category, '')}".rstrip(": ")


def _school_or_404(urn: int) -> Row:
    """The school's URN, name and LA (what these pages' headings and rules need)."""
    found = Establishment.objects.filter(urn=urn).values("urn", "name", "la_code").first()
    if found is None:
        raise Http404("There is no school with that URN in the register.")
    return found


# ---------------------------------------------------------------------------------------------
# The LA's categories


def _la_rows(la: int, names: dict[int, str]) -> list[Row]:
    """Each open school of the LA with what is recorded: the category in force, computed beside it."""
    today = dt.date.today()
    recorded = categories.in_force(la, today)
    rows = []
    for urn, name, phase, *_ in categorising.open_schools(la, today).sort("name", "urn").iter_rows():
        found = recorded.get(urn)
        computed = found.computed if found else None
        override = found.override if found else None
        rows.append(
            {
                "urn": urn,
                "name": name,
                "phase": phase or "",
                "category": found.category if found else None,
                "category_label": _label(found.category, names) if found else "Not yet worked out",
                "computed_category": computed.category if computed else None,
                "override_category": override.category if override else None,
                "override_rationale": override.rationale if override else "",
                "reasons": "\n".join(r["text"] for r in computed.reasons) if computed else "",
                "changed_on": long_date(found.changed_on) if found else "",
            }
        )
    return rows


def _school_link(row: Row) -> str:
    return reverse("school-category", kwargs={"urn": row["urn"]})


def _counts(rows: list[Row], names: dict[int, str]) -> list[Row]:
    tally: dict[tuple[int, str], int] = {}
    for row in rows:
        if row["category"] is not None:
            key = (row["category"], row["phase"] or "Not recorded")
            tally[key] = tally.get(key, 0) + 1
    return [
        {"category": c, "category_label": _label(c, names), "phase": p, "schools": n}
        for (c, p), n in sorted(tally.items())
    ]


COUNT_COLUMNS = [
    Column("category_label", "Category"),
    Column("phase", "Phase"),
    Column("schools", "Schools", numeric=True),
]


@page(
    "las/<int:la>/categories",
    name="la-categories",
    template="web/categories.html",
    rule=permissions.la_categories,
    summary="Every open school's category in an LA, with its reasons, and the counts",
    params=(Param("category", "Only this category (1-4)", "integer"), Param("phase", "Only this phase")),
)
def la_categories(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    names = _labels(la)
    rows = _la_rows(la, names)
    wanted_category = request.GET.get("category", "")
    wanted_phase = request.GET.get("phase", "")
    phases = [(p, labels.code(p)) for p in sorted({r["phase"] for r in rows if r["phase"]})]
    shown = [
        r
        for r in rows
        if (not wanted_category or str(r["category"]) == wanted_category)
        and (not wanted_phase or r["phase"] == wanted_phase)
    ]
    schools = Table(
        "schools",
        "Schools and their categories",
        [
            Column("name", "School", link=_school_link),
            Column("urn", "URN"),
            Column("phase", "Phase"),
            Column("category_label", "Category in force"),
            Column("computed_category", "Computed", numeric=True),
            Column("override_category", "Officer's override", numeric=True),
            Column("reasons", "Reasons", pre=True),
            Column("changed_on", "Since"),
        ],
        shown,
        empty="No schools match these choices.",
    )
    counts = Table("counts", "Schools by category and phase", COUNT_COLUMNS, _counts(rows, names))
    tasks.give_up_silent_jobs(la)  # a run whose worker died says so (store/jobs.py)
    run = CategoryRun.objects.filter(la_code=la).first()
    return Content(
        f"Categories: {authority['name']}",
        [schools, counts],
        context={
            "la": la,
            "names": sorted(names.items()),
            "phases": phases,
            "wanted_category": wanted_category,
            "wanted_phase": wanted_phase,
            "run": run,
            "not_yet": sum(r["category"] is None for r in rows),
        },
        data={"la": la, "categories": {str(k): v for k, v in names.items()}},
    )


@page(
    "las/<int:la>/category-counts",
    name="la-category-counts",
    template="web/page.html",
    rule=permissions.la_category_counts,
    summary="How many of an LA's schools are in each category, by phase (no school named)",
)
def la_category_counts(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    names = _labels(la)
    rows = _la_rows(la, names)
    who = permissions.viewer(request)
    title = f"Schools by category: {authority['name']}"
    if who.role is not None and who.role.value == "network_lead" and not who.superuser:
        networks = Network.objects.filter(pk__in=who.network_ids, la_code=la)
        members = set(
            NetworkMember.objects.current().filter(network__in=networks).values_list("urn", flat=True)
        )
        rows = [r for r in rows if r["urn"] in members]
        title = f"Schools by category in your networks: {authority['name']}"
    return Content(
        title, [Table("counts", "Schools by category and phase", COUNT_COLUMNS, _counts(rows, names))]
    )


# ---------------------------------------------------------------------------------------------
# Recomputing and reviewing


@permissions.rule(permissions.la_categories)
@require_POST
def recompute(request: HttpRequest, la: int) -> HttpResponse:
    """Ask for the LA's categories to be worked out again, in the background."""
    authority_or_404(la)
    who = permissions.viewer(request)
    run = tasks.request_recompute(la, who.username, "asked for by an officer")
    messages.success(
        request, "The categories are being worked out again. This page shows the changes when ready."
    )
    return redirect("category-run", la=la, run=run.pk)


def _run_or_404(la: int, pk: int) -> CategoryRun:
    run = CategoryRun.objects.filter(la_code=la, pk=pk).first()
    if run is None:
        raise Http404("There is no such recomputation for this LA.")
    return run


@page(
    "las/<int:la>/categories/runs/<int:run>",
    name="category-run",
    template="web/category_run.html",
    rule=permissions.la_categories,
    summary="A recomputation of an LA's categories: the schools whose category would change",
)
def category_run(request: HttpRequest, output: Output, la: int, run: int) -> Content:
    authority = authority_or_404(la)
    tasks.give_up_silent_jobs(la)
    found = _run_or_404(la, run)
    names = _labels(la)
    rows = [
        {
            **change,
            "from_label": _label(change["from"], names) or "None yet",
            "to_label": _label(change["to"], names),
            "override_label": _label(change.get("override"), names),
            "reasons": "\n".join(r["text"] for r in change["reasons"]),
        }
        for change in found.changes
    ]
    table = Table(
        "changes",
        "Schools whose computed category would change",
        [
            Column("name", "School", link=_school_link),
            Column("urn", "URN"),
            Column("from_label", "Computed now"),
            Column("to_label", "Would be"),
            Column("override_label", "Officer's override (stays in force)"),
            Column("reasons", "Reasons", pre=True),
        ],
        rows,
        empty="No school's category would change.",
    )
    return Content(
        f"Recomputed categories: {authority['name']}",
        [table],
        context={"la": la, "run": found, "count": len(rows), "requested_on": long_date(found.as_at)},
        data={"la": la, "status": found.status, "schools": found.schools, "rules": found.rules},
    )


@permissions.rule(permissions.la_categories)
@require_POST
def apply_run(request: HttpRequest, la: int, run: int) -> HttpResponse:
    """Record a reviewed recomputation's changes in the history (each audited)."""
    found = _run_or_404(la, run)
    if found.status != CategoryRun.Status.DONE:
        messages.error(
            request, "These changes cannot be recorded: they are not ready, or were recorded already."
        )
        return redirect("category-run", la=la, run=run)
    who = permissions.viewer(request)
    made = casework.record_changes(who.username, found.changes, found.rules, found.as_at)
    CategoryRun.objects.filter(pk=found.pk).update(
        status=CategoryRun.Status.APPLIED, applied_by=who.username, applied_at=dt.datetime.now(dt.UTC)
    )
    messages.success(request, f"{len(made)} schools' categories have been recorded.")
    return redirect("la-categories", la=la)


# ---------------------------------------------------------------------------------------------
# A school's category and concerns


def _concern_rows(urn: int) -> list[Row]:
    return [
        {
            "id": c.id,
            "raised_on": long_date(c.raised_on),
            "kind": c.kind_label,
            "note": c.note,
            "raised_by": c.raised_by,
            "status": "Open" if c.is_open else f"Closed on {long_date(c.closed_on)} by {c.closed_by}",
            "closing_note": c.closing_note,
        }
        for c in concerns.concerns_of(urn)
    ]


def _history_rows(urn: int, names: dict[int, str]) -> list[Row]:
    return [
        {
            "effective_on": long_date(d.effective_on),
            "kind": "Officer's override" if d.kind == "override" else "Computed by the rules",
            "from": _label(d.from_category, names),
            "to": _label(d.category, names),
            "by": d.decided_by,
            "rationale": d.rationale
            + (f" (discussed on {long_date(d.discussed_on)})" if d.discussed_on else ""),
        }
        for d in reversed(categories.history(urn))
    ]


@page(
    "schools/<int:urn>/category",
    name="school-category",
    template="web/school_category.html",
    rule=permissions.school_category,
    summary="A school's category with its reasons, its history and officers' concerns",
)
def school_category(request: HttpRequest, output: Output, urn: int) -> Content:
    detail = _school_or_404(urn)
    la = detail.get("la_code") or access.school_la(urn)
    names = _labels(la)
    found = categories.school_in_force(urn)
    computed = found.computed if found else None
    may_write = permissions.allows(request, permissions.write_school_record, urn=urn)
    reasons = Table(
        "reasons",
        "Why: what the rules found",
        [Column("text", "Reason"), Column("rule", "Criterion")],
        list(computed.reasons) if computed else [],
        empty="The rules found nothing to note.",
    )
    history = Table(
        "history",
        "History, newest first",
        [
            Column("effective_on", "From"),
            Column("kind", "Decision"),
            Column("from", "Was"),
            Column("to", "Became"),
            Column("by", "By"),
            Column("rationale", "Rationale", pre=True),
        ],
        _history_rows(urn, names),
        empty="No category has been recorded for this school yet.",
    )
    concern_columns = [
        Column("raised_on", "Raised"),
        Column("kind", "Concern"),
        Column("note", "Note", pre=True),
        Column("raised_by", "By"),
        Column("status", "Status"),
    ]
    if may_write and output is Output.HTML:
        concern_columns.append(
            Column(
                "close",
                "Close",
                link=lambda r: (
                    reverse("concern-close", kwargs={"urn": urn, "concern": r["id"]})
                    if r["status"] == "Open"
                    else None
                ),
                text=lambda r: f"Close the concern of {r['raised_on']}" if r["status"] == "Open" else "",
            )
        )
    concern_table = Table(
        "concerns",
        "Concerns recorded by officers",
        concern_columns,
        _concern_rows(urn),
        empty="No concerns recorded.",
    )
    return Content(
        f"Category: {detail.get('name') or urn}",
        [reasons, history, concern_table],
        context={
            "detail": detail,
            "found": found,
            "category_label": _label(found.category, names) if found else None,
            "computed_label": _label(computed.category, names) if computed else None,
            "override": found.override if found else None,
            "changed_on": long_date(found.changed_on) if found else "",
            "names": sorted(names.items()),
            "kinds": list(concerns.KINDS.items()),
            "may_write": may_write,
            "dates": _dates(),
        },
        data={
            "urn": urn,
            "category": found.category if found else None,
            "computed_category": computed.category if computed else None,
            "override": None
            if not found or not found.override
            else {
                "category": found.override.category,
                "rationale": found.override.rationale,
                "by": found.override.decided_by,
                "on": (found.override.discussed_on or found.override.effective_on).isoformat(),
            },
        },
    )


def _dates(bound: forms.Form | None = None) -> dict[str, dict[str, Any]]:
    """The page's two date inputs (GOV.UK day, month, year): as typed in ``bound`` when it holds
    that date, else empty (the discussion) or today (the day a concern was raised)."""
    today = dt.date.today()
    shown = {"discussed_on": (forms.OverrideForm, None), "raised_on": (forms.ConcernForm, today)}
    return {
        name: forms.date_parts(
            bound if bound is not None and name in bound.fields else form_class(None), name, default
        )
        for name, (form_class, default) in shown.items()
    }


def _form_errors(request: HttpRequest, form: forms.Form, urn: int, which: str) -> HttpResponse:
    errors = forms.errors_of(form)
    extra = {
        "errors": errors,
        "values": request.POST,
        "error_summary": error_summary(errors),
        "open_form": which,
        "dates": _dates(form),
    }
    return render_page(request, named("school-category"), extra, status=400, urn=urn)


@permissions.rule(permissions.write_school_record)
@require_POST
def override(request: HttpRequest, urn: int) -> HttpResponse:
    """An officer's category: first a confirmation page, then (confirmed) recorded and audited."""
    detail = _school_or_404(urn)
    form = forms.OverrideForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, urn, "override")
    category, rationale = form.cleaned_data["category"], form.cleaned_data["rationale"].strip()
    discussed = form.cleaned_data.get("discussed_on")
    names = _labels(detail.get("la_code"))
    if request.POST.get("confirm") != "yes":
        found = categories.school_in_force(urn)
        context = {
            "title": "Check the new category",
            "detail": detail,
            "category": category,
            "category_label": _label(category, names),
            "current_label": _label(found.category, names) if found else "None yet",
            "rationale": rationale,
            "discussed_on": discussed.isoformat() if discussed else "",
            "discussed_words": long_date(discussed),
        }
        return render(request, "web/category_confirm.html", context)
    who = permissions.viewer(request)
    try:
        casework.override_category(who.username, urn, category, rationale, discussed_on=discussed)
    except casework.CaseworkError as error:
        messages.error(request, f"The category was not changed: {error}.")
        return redirect("school-category", urn=urn)
    messages.success(request, f"The school's category is now {_label(category, names)}.")
    return redirect("school-category", urn=urn)


@permissions.rule(permissions.write_school_record)
@require_POST
def add_concern(request: HttpRequest, urn: int) -> HttpResponse:
    """Record a concern about a school (audited)."""
    _school_or_404(urn)
    form = forms.ConcernForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, urn, "concern")
    who = permissions.viewer(request)
    data = form.cleaned_data
    try:
        casework.add_concern(who.username, urn, data["kind"], data["raised_on"], data["note"].strip())
    except casework.CaseworkError as error:
        messages.error(request, f"The concern was not recorded: {error}.")
        return redirect("school-category", urn=urn)
    messages.success(request, "The concern has been recorded.")
    return redirect("school-category", urn=urn)


def _concern_or_404(urn: int, pk: int) -> Concern:
    found = Concern.objects.filter(urn=urn, pk=pk).first()
    if found is None:
        raise Http404("This school has no such concern.")
    return found


@permissions.rule(permissions.write_school_record)
@require_http_methods(["GET", "POST"])
def close_concern(request: HttpRequest, urn: int, concern: int) -> HttpResponse:
    """Close a concern: GET asks when and why, POST closes it (audited)."""
    found = _concern_or_404(urn, concern)
    context: dict[str, Any] = {
        "title": "Close this concern",
        "detail": _school_or_404(urn),
        "concern": found,
        "raised_words": long_date(found.raised_on),
        "closed": forms.date_parts(forms.CloseConcernForm(None), "closed_on", dt.date.today()),
    }
    if request.method == "GET":
        return render(request, "web/concern_close.html", context)
    form = forms.CloseConcernForm(request.POST)
    if form.is_valid():
        who = permissions.viewer(request)
        try:
            casework.close_concern(
                who.username, found.pk, form.cleaned_data["closed_on"], form.cleaned_data["note"].strip()
            )
        except casework.CaseworkError as error:
            form.add_error("closed_on", f"{str(error)[0].upper()}{str(error)[1:]}")
            errors = forms.errors_of(form)
        else:
            messages.success(request, "The concern has been closed.")
            return redirect("school-category", urn=urn)
    else:
        errors = forms.errors_of(form)
    context |= {
        "errors": errors,
        "error_summary": error_summary(errors),
        "values": request.POST,
        "closed": forms.date_parts(form, "closed_on", None),
    }
    return render(request, "web/concern_close.html", context, status=400)


# ---------------------------------------------------------------------------------------------
# Inspections due


@page(
    "las/<int:la>/inspections-due",
    name="la-inspections-due",
    template="web/inspections_due.html",
    rule=permissions.la_inspections_due,
    summary="Each open school's estimated next inspection window, and the rule that gave it",
    params=(Param("within_months", "Only windows opening within this many months, or overdue", "integer"),),
)
def inspections_due(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    text = request.GET.get("within_months", "").strip()
    within = int(text) if text.isdigit() else None
    rows = [
        {
            **r,
            "last_inspection_date": long_date(dt.date.fromisoformat(r["last_inspection_date"]))
            if r["last_inspection_date"]
            else "None",
            "framework": labels.FRAMEWORKS.get(r["framework"], r["framework"] or ""),
            "due_from": long_date(dt.date.fromisoformat(r["due_from"])),
            "due_by": long_date(dt.date.fromisoformat(r["due_by"])),
            "overdue": "Overdue" if r["overdue"] else "",
            "rule": r["rule"].replace("_", " ").capitalize(),
        }
        for r in categorising.inspections_due(la, dt.date.today(), within)
    ]
    table = Table(
        "due",
        "Estimated inspection windows, soonest due first",
        [
            Column("name", "School", link=lambda r: reverse("school", kwargs={"urn": r["urn"]})),
            Column("urn", "URN"),
            Column("last_inspection_date", "Last inspected"),
            Column("framework", "Framework"),
            Column("outcome", "Outcome"),
            Column("due_from", "Window opens"),
            Column("due_by", "Due by"),
            Column("overdue", "Overdue"),
            Column("rule", "Why then", text=lambda r: CYCLE_LABELS.get(str(r["rule"]), str(r["rule"]))),
        ],
        rows,
        empty="No school's window opens in that time.",
        notes=[
            "Estimates from the latest inspection and Ofsted's published practice; "
            "Ofsted does not publish dates."
        ],
    )
    return Content(
        f"Inspections due: {authority['name']}",
        [table],
        context={"la": la, "within": text},
        data={"la": la, "within_months": within},
    )


# ---------------------------------------------------------------------------------------------
# The rules


def _rule_tables(rules: Rules) -> list[Table]:
    names = rules.labels
    criteria = [
        {
            "name": c.name,
            "predicate": c.predicate,
            "parameters": "\n".join(f"{k} = {v}" for k, v in c.params.items()),
            "text": c.text,
        }
        for c in rules.criteria.values()
    ]
    order = [
        {
            "order": n,
            "name": r.name,
            "category": _label(r.category, names),
            "any": ", ".join(r.any),
            "all": ", ".join(r.all),
            "none": ", ".join(r.none),
        }
        for n, r in enumerate(rules.rules, 1)
    ]
    return [
        Table(
            "rules",
            "Rules, tried in this order: the first that holds gives the category",
            [
                Column("order", "Order", numeric=True),
                Column("name", "Rule", code=True),
                Column("category", "Category"),
                Column("any", "Any of", code=True),
                Column("all", "All of", code=True),
                Column("none", "None of", code=True),
            ],
            order,
        ),
        Table(
            "criteria",
            "Criteria: each is a reason when it fires",
            [
                Column("name", "Criterion", code=True),
                Column("predicate", "Test", code=True),
                Column("parameters", "Parameters", pre=True, code=True),
                Column("text", "Reason given (its figures in braces)", code=True),
            ],
            criteria,
        ),
    ]


@page(
    "las/<int:la>/category-rules",
    name="la-category-rules",
    template="web/category_rules.html",
    rule=permissions.la_category_rules,
    summary="The category rules in force for an LA",
)
def category_rules(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    rules = categorising.rules_in_force(la)
    own = categorising.own_rules(la)
    return Content(
        f"Category rules: {authority['name']}",
        _rule_tables(rules),
        context={
            "la": la,
            "rules": rules,
            "own": own,
            "set_on": long_date(own.set_at.date()) if own else "",
            "may_manage": permissions.allows(request, permissions.manage_la_category_rules, la=la),
        },
        data={"la": la, "name": rules.name, "file": rules.file_name, "digest": rules.digest},
    )


def _preview(la: int, rules: Rules) -> list[Row]:
    """The schools whose category in force would change under these rules (today)."""
    names_now, names_new = _labels(la), rules.labels
    rows = []
    for school in categorising.categorise(la, dt.date.today(), rules):
        recorded = school.recorded
        now = recorded.category if recorded else None
        if school.category != now:
            rows.append(
                {
                    "urn": school.urn,
                    "name": school.name,
                    "now": _label(now, names_now) or "None yet",
                    "would_be": _label(school.category, names_new),
                }
            )
    return rows


@permissions.rule(permissions.manage_la_category_rules)
@require_POST
def upload_rules(request: HttpRequest, la: int) -> HttpResponse:
    """An administrator's rules file: checked, then shown with what would change before confirming."""
    authority = authority_or_404(la)
    form = forms.RulesUploadForm(request.POST, request.FILES)
    errors: dict[str, str] = {}
    if form.is_valid():
        name, text = form.cleaned_data["rules_file"]
        try:
            rules = parse_rules(text, name)
        except RulesError as error:
            errors = {"rules_file": f"The rules file cannot be used: {error}"}
        else:
            context = {
                "title": "Check the new rules",
                "la": la,
                "authority": authority,
                "file_name": name,
                "text": text,
                "changes": _preview(la, rules),
                "tables": [],
            }
            return render(request, "web/category_rules_confirm.html", context)
    else:
        errors = forms.errors_of(form)
    extra = {"errors": errors, "error_summary": error_summary(errors)}
    return render_page(request, named("la-category-rules"), extra, status=400, la=la)


@permissions.rule(permissions.manage_la_category_rules)
@require_POST
def confirm_rules(request: HttpRequest, la: int) -> HttpResponse:
    """Put the checked rules in force (audited) and work the categories out again in the background."""
    authority_or_404(la)
    name, text = request.POST.get("file_name", "rules.toml"), request.POST.get("text", "")
    try:
        parse_rules(text, name)
    except RulesError as error:
        messages.error(request, f"The rules were not put in force: {error}")
        return redirect("la-category-rules", la=la)
    who = permissions.viewer(request)
    casework.set_rules(who.username, la, name, text)
    run = tasks.request_recompute(la, who.username, f"new rules: {name}")
    messages.success(request, "The new rules are in force. The categories are being worked out again.")
    return redirect("category-run", la=la, run=run.pk)
