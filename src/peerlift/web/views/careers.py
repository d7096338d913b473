"""Careers, governance and aspirations pages: an LA's Gatsby results, the schools whose governors to
offer training first, its training programme (and the form to record attendance), a school's
governors' training, and its aspiration events. Thin shells around store.careers and reports.charts;
the templates they use are downloadable from them."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.analysis import careers as gatsby
from peerlift.analysis import governance
from peerlift.domain import dates
from peerlift.domain.years import academic
from peerlift.reports import careers_summary
from peerlift.reports.charts import gatsby_chart
from peerlift.sources import careers as templates
from peerlift.store import access
from peerlift.store import careers as store
from peerlift.store.models import AspirationEvent
from peerlift.web import audit, forms, permissions
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404

TEMPLATES: dict[str, tuple[list[str], list[list[object]]]] = {
    # surveys (web/views/surveys.py): a round's own template, with its schools and questions, is on its page
    "survey_answers": (
        ["urn", "respondent_role", "question_id", "answer"],
        [[100001, "headteacher", "knows_school", "3"]],
    ),
    "gatsby_benchmarks": (
        list(templates.GATSBY_COLUMNS),
        [[100001, "2024/25", 100, 100, 85, 100, 100, 60, 100, 100, "yes"]],
    ),
    "governor_training": (
        list(templates.TRAINING_COLUMNS),
        [
            [
                "Using performance data",
                "2026-01-15",
                "Governor Services",
                "use of performance data",
                100001,
                "Chair of governors",
            ]
        ],
    ),
    "aspiration_events": (
        list(templates.EVENT_COLUMNS),
        [
            [
                "Primary Aspirations Week",
                "2026-03-09",
                "2026-03-13",
                "The council; The careers hub",
                90,
                "100001;100002",
                1200,
                "",
            ]
        ],
    ),
}


# The networks' templates (issue 15), downloadable at the same address as the careers ones.
def _network_templates() -> dict[str, tuple[list[str], list[list[object]]]]:
    from peerlift.demo import networks as network_templates

    return {
        kind: (list(header), [list(example)])
        for kind, (header, example) in network_templates.TEMPLATES.items()
    }


TEMPLATES.update(_network_templates())


def _long_date(value: Any) -> str:
    return dates.long_date(value) if isinstance(value, dt.date) else ""


def _date_column(key: str, label: str) -> Column:
    return Column(key, label, text=lambda row: _long_date(row.get(key)))


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


def _year_param(request: HttpRequest, years: list[int]) -> int | None:
    text = request.GET.get("year", "")
    if text.isdigit() and int(text) in years:
        return int(text)
    return years[0] if years else None


@page(
    "las/<int:la>/careers",
    name="la-careers",
    template="web/careers.html",
    rule=permissions.la_aggregates,
    summary="An LA's schools against the eight Gatsby benchmarks in a year, beside the national average",
    params=(Param("year", "Year the school year ends (2024 = 2023/24); default the latest", "integer"),),
)
def la_careers(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    years = store.careers_years(la)
    year = _year_param(request, years)
    found = store.careers_summary(la, year) if year is not None else None
    chart = _gatsby_chart(authority, found) if output is Output.HTML and found and found["schools"] else None
    return Content(
        f"{authority['name']}: careers and the Gatsby benchmarks",
        _careers_tables(authority, found),
        context={
            "authority": authority,
            "chart": chart,
            "years": years,
            "year": year,
            "template": "gatsby_benchmarks",
            "template_label": "Gatsby benchmarks",
            "may_record": permissions.allows(request, permissions.la_governance, la=la),
            "benchmarks": gatsby.BENCHMARKS,
        },
        data={"la": la, "careers": found},
    )


def _gatsby_chart(authority: Row, found: Row) -> dict[str, str]:
    """The bar chart as an image (an SVG in a data: address, as on the picture pages) with its text."""
    year = academic(found["year"])
    svg = gatsby_chart(found["by_benchmark"], gatsby.BENCHMARK_NAMES, year)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        "alt": f"Bar chart of the % of {authority['name']}'s schools fully achieving each Gatsby "
        f"benchmark in {year}. The figures are in the table below it.",
        "file": f"gatsby-{authority['la']}-{found['year']}.svg",
    }


def _summary_rows(found: Row) -> list[Row]:
    def row(measure: str, la: object, england: object = None) -> Row:
        return {"measure": measure, "la": la, "england": england}

    return [
        row("Schools with results", found["schools"]),
        row(
            "Average number of benchmarks fully achieved",
            found["average_achieved"],
            found["national_average"],
        ),
        row("% of schools achieving at least 3", found["pct_at_least_3"]),
        row("% of schools achieving at least 4", found["pct_at_least_4"]),
        row("% of schools achieving all 8", found["pct_all_8"]),
    ]


def _careers_tables(authority: Row, found: Row | None) -> list[Table]:
    """The summary beside England, each benchmark's share (the chart's figures), each school's."""
    empty = (
        f"No Gatsby benchmark results are recorded for {authority['name']} yet: "
        "import a file of Gatsby benchmark results (the template is on this page)."
    )
    benchmark_rows = [
        {"benchmark": key.upper(), "name": gatsby.BENCHMARK_NAMES[key], "pct": value}
        for key, value in (found["by_benchmark"].items() if found else [])
    ]
    school_columns = [
        Column("urn", "URN", numeric=True),
        Column("name", "School"),
        Column("achieved", "Fully achieved", numeric=True),
        *(Column(key, key.upper(), numeric=True) for key in gatsby.BENCHMARKS),
    ]
    source = found["national_average_source"] if found else None
    return [
        Table(
            "summary",
            f"{authority['name']}: careers in {academic(found['year']) if found else 'no year'}",
            [
                Column("measure", "Measure"),
                Column("la", authority["name"], numeric=True),
                Column("england", "England (published average)", numeric=True),
            ],
            _summary_rows(found) if found else [],
            empty=empty,
            notes=[source] if source else [],
        ),
        Table(
            "benchmarks",
            "Schools fully achieving each benchmark",
            [
                Column("benchmark", "Benchmark"),
                Column("name", "What it is"),
                Column("pct", "% of schools", numeric=True, text=lambda r: _pct(r["pct"])),
            ],
            benchmark_rows,
            empty=empty,
        ),
        Table(
            "schools",
            "Each school's benchmarks (% achieved; 100 is fully achieved)",
            school_columns,
            found["per_school"] if found else [],
            empty=empty,
        ),
    ]


@page(
    "las/<int:la>/governors/flagged",
    name="governors-flagged",
    template="web/governors_flagged.html",
    rule=permissions.la_governance,
    summary="Schools not yet good whose governors attended no training in the last 12 months (or N)",
    params=(
        Param("months", "Months back to look for training, 1 to 120 (default governance.toml's)", "integer"),
    ),
)
def governors_flagged(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    default = governance.rules().training_window_months
    form = forms.TrainingWindowForm(request.GET)
    valid = form.is_valid()
    months = (form.cleaned_data.get("months") if valid else None) or default
    errors = forms.errors_of(form)
    rows = [] if errors else store.governors_flagged(la, months=months)
    table = Table(
        "flagged",
        f"Schools not yet good with no governor training in the last {months} months",
        [
            Column("urn", "URN", numeric=True),
            Column("name", "School"),
            Column("why_not_yet_good", "Why not yet good"),
            Column(
                "last_training",
                "Last training",
                text=lambda r: _long_date(r["last_training"]) or "None recorded",
            ),
        ],
        rows,
        empty=(
            "Correct the months to see the schools."
            if errors
            else "No school of the LA is both not yet good and without recent governor training."
        ),
    )
    return Content(
        f"{authority['name']}: governors to offer training",
        [table],
        context={
            "la": la,
            "months": request.GET.get("months", "") if errors else months,
            "default_months": default,
            "errors": errors,
            "error_summary": error_summary(errors),
        },
        data={"la": la, "months": months},
    )


def _training_content(request: HttpRequest, la: int) -> Content:
    authority = authority_or_404(la)
    courses = Table(
        "courses",
        "Courses recorded",
        [
            _date_column("date", "Date"),
            Column("title", "Course"),
            Column("provider", "Provider"),
            Column("topic", "Topic"),
            Column("attendees", "Governors", numeric=True),
            Column("schools", "Schools", numeric=True),
        ],
        [{k: v for k, v in c.items() if k != "id"} for c in store.courses(la)],
        empty="No governor training is recorded for the LA yet.",
    )
    may_record = permissions.allows(request, permissions.la_governance, la=la)
    return Content(
        f"{authority['name']}: governor training",
        [courses],
        context={
            "authority": authority,
            "may_record": may_record,
            "template": "governor_training",
            "template_label": "governor training",
            "course_date": forms.date_parts(forms.TrainingForm(None, la=la), "course_date", None),
        },
        data={"la": la},
    )


@page(
    "las/<int:la>/governors/training",
    name="governor-training",
    template="web/governor_training.html",
    rule=permissions.la_aggregates,
    summary="An LA's governor training courses, with how many governors and schools took part",
)
def governor_training(request: HttpRequest, output: Output, la: int) -> Content:
    return _training_content(request, la)


@page(
    "las/<int:la>/governors/attendance",
    name="governor-attendance",
    template="web/page.html",
    rule=permissions.la_governance,
    summary="Every governor's attendance at the LA's courses (individual governor records)",
)
def governor_attendance(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    table = Table(
        "attendance",
        "Who attended",
        [
            _date_column("date", "Date"),
            Column("course", "Course"),
            Column("urn", "URN", numeric=True),
            Column("school", "School"),
            Column("governor", "Governor"),
        ],
        store.attendance(la),
        empty="No governor training is recorded for the LA yet.",
    )
    return Content(f"{authority['name']}: governors' attendance at training", [table], data={"la": la})


@permissions.rule(permissions.la_governance)
@require_POST
def add_training(request: HttpRequest, la: int) -> HttpResponse:
    """Record a governor at a course (audited as `record governor training`)."""
    authority_or_404(la)
    form = forms.TrainingForm(request.POST, la=la)
    if not form.is_valid():
        errors = forms.errors_of(form)
        extra = {
            "errors": errors,
            "values": request.POST,
            "error_summary": error_summary(errors),
            "course_date": forms.date_parts(form, "course_date", None),
        }
        return render_page(request, named("governor-training"), extra, status=400, la=la)
    data = form.cleaned_data
    who = permissions.viewer(request)
    audit.audited_change(
        who.username,
        "record governor training",
        audit.ATTENDANCE,
        lambda: store.add_attendance(
            la,
            data["course_title"],
            data["course_date"],
            data["provider"],
            data["topic"],
            data["urn"],
            data["governor"],
            who.username,
        ),
        la=la,
    )
    messages.success(
        request,
        f"Recorded: {data['governor']} at {data['course_title']} on {_long_date(data['course_date'])}.",
    )
    return redirect("governor-training", la=la)


@page(
    "schools/<int:urn>/governors",
    name="school-governors",
    template="web/page.html",
    rule=permissions.school_governors,
    summary="A school's governors' training (individual governor records)",
)
def school_governors(request: HttpRequest, output: Output, urn: int) -> Content:
    name = access.school_name(urn)
    if name is None:
        raise Http404("There is no such school.")
    table = Table(
        "training",
        "Training its governors attended",
        [
            _date_column("date", "Date"),
            Column("course", "Course"),
            Column("provider", "Provider"),
            Column("topic", "Topic"),
            Column("governor", "Governor"),
        ],
        store.school_training(urn),
        empty="No governor of the school has training recorded.",
    )
    return Content(f"{name}: governors' training", [table], data={"urn": urn})


@page(
    "las/<int:la>/aspirations",
    name="la-aspirations",
    template="web/aspirations.html",
    rule=permissions.la_aggregates,
    summary="An LA's aspiration events and the children they reached, by school year",
)
def la_aspirations(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    empty = (
        "No aspiration events are recorded for the LA yet: import a file of aspiration events "
        "(the template is on this page)."
    )
    totals = Table(
        "totals",
        "Totals by school year",
        [
            Column("year", "School year", text=lambda r: academic(r["year"])),
            Column("events", "Events", numeric=True),
            Column(
                "children_reached",
                "Children reached",
                numeric=True,
                text=lambda r: f"{r['children_reached']:,}",
            ),
            Column("volunteers", "Volunteers", numeric=True),
        ],
        store.event_totals(la),
        empty=empty,
    )
    events = Table(
        "events",
        "Events",
        [
            Column("name", "Event"),
            _date_column("start_date", "From"),
            _date_column("end_date", "To"),
            Column("hosts", "Hosts"),
            Column("schools", "Schools", numeric=True),
            Column("children_reached", "Children reached", numeric=True),
            Column("volunteers", "Volunteers", numeric=True),
            Column("feedback", "Feedback"),
        ],
        store.events(la),
        empty=empty,
    )
    form = forms.AspirationEventForm(None, la=la)
    return Content(
        f"{authority['name']}: aspiration events",
        [totals, events],
        context={
            "authority": authority,
            "template": "aspiration_events",
            "template_label": "aspiration events",
            "may_record": permissions.allows(request, permissions.la_governance, la=la),
            "start_date": forms.date_parts(form, "start_date", None),
            "end_date": forms.date_parts(form, "end_date", None),
        },
        data={"la": la},
    )


@permissions.rule(permissions.la_governance)
@require_POST
def add_event(request: HttpRequest, la: int) -> HttpResponse:
    """Record an aspiration event by hand (audited as `record aspiration event`); one of the same
    name and first day is replaced, as an import of the template would."""
    authority_or_404(la)
    form = forms.AspirationEventForm(request.POST, la=la)
    if not form.is_valid():
        errors = forms.errors_of(form)
        extra = {
            "errors": errors,
            "values": request.POST,
            "error_summary": error_summary(errors),
            "start_date": forms.date_parts(form, "start_date", None),
            "end_date": forms.date_parts(form, "end_date", None),
        }
        return render_page(request, named("la-aspirations"), extra, status=400, la=la)
    data = form.cleaned_data
    before = AspirationEvent.objects.filter(name=data["event_name"], start_date=data["start_date"]).first()
    who = permissions.viewer(request)
    audit.audited_change(
        who.username,
        "record aspiration event",
        audit.ASPIRATION_EVENT,
        lambda: store.save_event(
            la,
            data["event_name"],
            data["start_date"],
            data["end_date"],
            [h.strip() for h in data["hosts"].split(";") if h.strip()],
            data["volunteers"],
            data["schools"],
            data["children_reached"],
            data["feedback"],
        ),
        la=la,
        target=before,
    )
    messages.success(
        request,
        f"Recorded: {data['event_name']} from {_long_date(data['start_date'])}, "
        f"{len(data['schools'])} school{'s' if len(data['schools']) != 1 else ''}.",
    )
    return redirect("la-aspirations", la=la)


@permissions.rule(permissions.signed_in)
def template_file(request: HttpRequest, kind: str) -> HttpResponse:
    """A template's header and an example row, as CSV (docs/data-formats.md, "Templates")."""
    if kind not in TEMPLATES:
        raise Http404("There is no such template.")
    header, rows = TEMPLATES[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}_template.csv"'
    return response


@permissions.rule(permissions.la_aggregates)
def careers_file(request: HttpRequest, la: int, fmt: str) -> HttpResponse:
    """The careers summary as an A4 PDF or a workbook (the same figures as the page)."""
    if fmt not in careers_summary.FORMATS:
        raise Http404("A careers summary comes as PDF or XLSX.")
    authority = authority_or_404(la)
    year = _year_param(request, store.careers_years(la))  # None: an LA with no results, said so inside
    body = careers_summary.render(store.careers_summary(la, year), authority["name"], fmt)
    response = HttpResponse(body, content_type=careers_summary.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="careers-{la}-{year or "none"}.{fmt}"'
    return response


@permissions.rule(permissions.la_governance)
@require_POST
def enter_gatsby(request: HttpRequest, la: int) -> HttpResponse:
    """Enter (or correct) a school's results for a year by hand (audited as `enter gatsby results`)."""
    authority_or_404(la)
    form = forms.GatsbyForm(request.POST, la=la)
    if not form.is_valid():
        errors = forms.errors_of(form)
        extra = {"errors": errors, "values": request.POST, "error_summary": error_summary(errors)}
        return render_page(request, named("la-careers"), extra, status=400, la=la)
    data = form.cleaned_data
    hub = {"yes": True, "no": False}.get(data["careers_hub"])
    values = {key: data[key] for key in gatsby.BENCHMARKS}
    audit.audited_change(
        permissions.viewer(request).username,
        "enter gatsby results",
        audit.GATSBY,
        lambda: store.set_gatsby_result(data["urn"], data["year"], values, hub),
        la=la,
        target=store.gatsby_result(data["urn"], data["year"]),
    )
    messages.success(request, f"Recorded the results of URN {data['urn']} for {academic(data['year'])}.")
    return redirect(reverse("la-careers", kwargs={"la": la}) + f"?year={data['year']}")
