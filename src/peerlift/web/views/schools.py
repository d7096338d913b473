"""The schools list, a school's page (published data, open to every signed-in user) and its record
(what officers note about it, open only to those responsible for it)."""

from __future__ import annotations

import base64
import datetime as dt
import tomllib
from collections.abc import Callable
from functools import cache, partial
from importlib import resources
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from peerlift.domain import labels
from peerlift.domain.measures import decimals
from peerlift.domain.missing import Missing
from peerlift.domain.phases import family_group
from peerlift.reports import datapack, school_chart
from peerlift.store import access, queries
from peerlift.web import audit, forms, permissions, words
from peerlift.web.models import SchoolNote
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, remember, render_page
from peerlift.web.tables import Column, Row, Table, show

PAGE_SIZE = 50


def school_url(row: Row) -> str:
    return reverse("school", kwargs={"urn": row["urn"]})


def group_url(row: Row) -> str:
    return reverse("group", kwargs={"uid": row["uid"]})


def la_url(row: Row) -> str | None:
    return reverse("la", kwargs={"la": row["la"]}) if row.get("la") is not None else None


def _search(request: HttpRequest) -> access.SchoolSearch:
    get = request.GET
    la = get.get("la", "").strip()
    return access.SchoolSearch(
        text=get.get("q", "")[:200],
        la=int(la) if la.isdigit() else None,
        phase=get.get("phase", ""),
        type=get.get("type", ""),
        trust=get.get("trust", "")[:200],
        status=get.get("status", ""),
        sort=get.get("sort", "name"),
        descending=get.get("order") == "desc",
    )


def page_number(request: HttpRequest) -> int:
    """The page of a paged list the query string asks for (1 when it asks for none or nonsense)."""
    text = request.GET.get("page", "1")
    return max(1, int(text)) if text.isdigit() else 1


def _sorting(
    request: HttpRequest, search: access.SchoolSearch, keys: list[str]
) -> dict[str, tuple[str, str]]:
    """Each sortable column's link (same filters, this column, toggled order) and its aria-sort."""
    sorting = {}
    for key in keys:
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = key
        current = search.sort == key
        params["order"] = "asc" if (current and search.descending) or not current else "desc"
        state = ("descending" if search.descending else "ascending") if current else "none"
        sorting[key] = (f"?{params.urlencode()}", state)
    return sorting


def _name_text(shared: set[str]) -> Any:
    """A partial of a module function, not a closure, so that the cached page can be pickled."""
    return partial(_name_with_urn, frozenset(shared))


def _name_with_urn(shared: frozenset[str], row: Row) -> str:
    return f"{row['name']} (URN {row['urn']})" if row["name"] in shared else str(row["name"])


SCHOOL_PARAMS = (
    Param("q", "Name, town or postcode (any part; case, spaces, punctuation and apostrophes ignored) or URN"),
    Param("la", "LA code (old 3-digit code)", "integer"),
    Param("phase", "Phase, e.g. primary"),
    Param("type", "Type of establishment, as GIAS names it"),
    Param("trust", "Trust name (any part)"),
    Param("status", "Status, e.g. open"),
    Param("sort", "One of " + ", ".join(access.SCHOOL_SORTS)),
    Param("order", "asc or desc"),
    Param("page", "Page number (HTML and JSON; downloads give every match)", "integer"),
)


@page(
    "schools",
    name="schools",
    template="web/schools.html",
    rule=permissions.signed_in,
    summary="Search and filter the schools in the register",
    params=SCHOOL_PARAMS,
    cached=True,
)
def schools(request: HttpRequest, output: Output) -> Content:
    search = _search(request)
    number = page_number(request)
    offset, limit = ((number - 1) * PAGE_SIZE, PAGE_SIZE) if output is not Output.DOWNLOAD else (0, None)
    total, rows = access.search_schools(search, offset, limit)
    shared = access.shared_names(r["name"] for r in rows) if output is Output.HTML else set()
    table = Table(
        "schools",
        f"{total:,} schools" if total != 1 else "1 school",
        [
            Column("name", "Name", link=school_url, text=_name_text(shared)),
            Column("urn", "URN", numeric=True),
            Column("la_name", "LA", link=la_url),
            Column("phase", "Phase"),
            Column("type", "Type"),
            Column("trust", "Trust"),
            Column("status", "Status"),
            Column("pupils", "Pupils", numeric=True, count=True),
        ],
        rows,
        empty="No schools match. Try fewer words or fewer filters.",
        sorting=_sorting(request, search, list(access.SCHOOL_SORTS)),
    )
    pages = max(1, -(-total // PAGE_SIZE))
    return Content(
        "Schools",
        [table],
        context={
            "search": search,
            "choices": remember(("school-choices",), access.school_choices) if output is Output.HTML else {},
            "pagination": pagination(request, number, pages),
            "total": total,
        },
        data={"total": total, "page": number, "pages": pages, "page_size": PAGE_SIZE},
    )


def pagination(request: HttpRequest, number: int, pages: int) -> dict[str, Any]:
    """GOV.UK pagination's links for a paged list (web/_pagination.html), the query string kept."""

    def link(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return f"?{params.urlencode()}"

    near = sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
    items: list[dict[str, Any]] = []
    for n in near:
        if items and n - items[-1]["number"] > 1:
            items.append({"number": n - 1, "ellipsis": True})
        items.append({"number": n, "url": link(n), "current": n == number})
    return {
        "items": items if pages > 1 else [],
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < pages else None,
    }


def _detail(urn: int) -> Row:
    detail = remember(("school-detail", urn), lambda: queries.school_detail(urn))
    if detail is None:
        raise Http404(f"No school with URN {urn} is in the register.")
    return detail


SUMMARY_FIELDS = [
    ("urn", "URN"),
    ("laestab", "LAESTAB"),
    ("la_name", "Local authority"),
    ("type", "Type"),
    ("phase", "Phase"),
    ("status", "Status"),
    ("open_date", "Opened"),
    ("close_date", "Closed"),
    ("ages", "Ages"),
    ("gender", "Gender"),
    ("religious_character", "Religious character"),
    ("trust", "Trust"),
    ("federation", "Federation"),
    ("pupils", "Pupils"),
    ("capacity", "Capacity"),
    ("fsm_pct", "% eligible for free school meals"),
    ("postcode", "Postcode"),
    ("urban_rural", "Urban or rural"),
    ("region", "Region"),
    ("extract_date", "As of the GIAS extract dated"),
]


def _summary(detail: Row) -> list[dict[str, Any]]:
    detail = {**detail}
    if detail.get("low_age") is not None:
        detail["ages"] = f"{detail['low_age']} to {detail['high_age']}"
    items = []
    for key, label in SUMMARY_FIELDS:
        value = detail.get(key)
        if value in (None, ""):
            continue
        link = la_url({"la": detail.get("la")}) if key == "la_name" else None
        items.append({"label": label, "value": value, "link": link})
    return items


def _gias_fields(detail: Row) -> list[dict[str, str]]:
    """Every field the latest GIAS extract filled in for the school, in the extract's order: the
    head teacher, telephone, website and the rest that peerlift keeps but has no field for."""
    fields = []
    for label, value in detail.get("record", {}).items():
        text = "; ".join(value) if isinstance(value, list) else str(value)
        if text.strip():
            fields.append({"label": label, "value": text})
    return fields


def _groups_table(detail: Row) -> Table:
    return Table(
        "groups",
        "Trusts, federations and other groups the school belongs to (GIAS groups)",
        [
            Column("name", "Group", link=group_url),
            Column("type", "Type"),
            Column("group_id", "Group ID"),
            Column("companies_house_number", "Companies House"),
            Column("status", "Status"),
            Column("joined_date", "Joined"),
        ],
        detail["groups"],
    )


def _lineage_table(detail: Row) -> Table:
    known = {r["urn"]: r for r in access.schools_by_urn(detail["lineage"])}
    rows = [
        {
            "position": n,
            "urn": urn,
            "name": known.get(urn, {}).get("name", "Not in the register"),
            "type": known.get(urn, {}).get("type"),
            "open_date": known.get(urn, {}).get("open_date"),
            "close_date": known.get(urn, {}).get("close_date"),
            "this": "This school" if urn == detail["urn"] else "",
        }
        for n, urn in enumerate(detail["lineage"], start=1)
    ]
    return Table(
        "lineage",
        "The school across conversions and amalgamations, earliest first",
        [
            Column("position", "Order", numeric=True),
            Column("urn", "URN", numeric=True, link=lambda r: school_url(r) if r["this"] == "" else None),
            Column("name", "Name"),
            Column("type", "Type"),
            Column("open_date", "Opened"),
            Column("close_date", "Closed"),
            Column("this", "Note"),
        ],
        rows,
    )


def _judgements(inspection: Row) -> str:
    on = dt.date.fromisoformat(inspection["start_date"]) if inspection.get("start_date") else None
    return "\n".join(labels.inspection_judgements(inspection["judgements"], on))


def _overall(inspection: Row) -> str:
    """The headline in the framework's own terms; never an overall grade where it gave none."""
    on = dt.date.fromisoformat(inspection["start_date"]) if inspection.get("start_date") else None
    return labels.inspection_headline(
        inspection["framework"], inspection["judgements"], inspection.get("outcome") or "", on
    )


def _inspections_table(detail: Row) -> Table:
    rows = [
        {
            "start_date": i["start_date"],
            "urn": i["urn"],
            "framework": labels.framework(i["framework"]),
            "type": labels.INSPECTION_TYPES.get(i["inspection_type"], i["inspection_type"]),
            "type_detail": i["type_detail"],
            "overall": _overall(i),
            "judgements": _judgements(i),
            "category": labels.grade(i["category_of_concern"], None) if i["category_of_concern"] else "",
            "publication_date": i["publication_date"],
        }
        for i in reversed(detail["inspections"])
    ]
    return Table(
        "inspections",
        "Inspections, latest first, each in its framework's own terms",
        [
            Column("start_date", "Inspection date"),
            Column("urn", "URN", numeric=True),
            Column("framework", "Framework"),
            Column("type", "Type"),
            Column("overall", "Overall effectiveness or outcome"),
            Column("judgements", "Judgements", pre=True),
            Column("category", "Category of concern"),
            Column("publication_date", "Published"),
        ],
        rows,
        empty="Ofsted's files in the register hold no inspection of this school.",
        notes=["Inspections of the school's predecessors (earlier URNs) are included."]
        if len(detail["lineage"]) > 1
        else [],
    )


def _figure(measure: Row) -> object:
    """A figure, or why there is none; a cell the file left blank stays empty rather than say so."""
    if measure["value"] is not None:
        return measure["value"]
    if measure.get("text"):  # a label, such as the Progress 8 band
        return measure["text"]
    return "" if measure["missing"] == Missing.BLANK else labels.missing(measure["missing"])


AGAINST = "against"  # the table of the school against its LA and England


def _headline(detail: Row) -> list[str]:
    """The headline measures of the school's phase group (reports/datapack.toml), or every headline
    measure when its group names none (an all-through or special school may have KS2 and KS4)."""
    named: dict[str, list[str]] = datapack.config()["headline"]
    group = family_group(detail.get("phase") or "", detail.get("type_group") or "", detail.get("type") or "")
    return list(named.get(group) or dict.fromkeys(m for measures in named.values() for m in measures))


def _against_table(detail: Row) -> Table:
    published = access.measure_labels()
    rows = [
        {**row, "label": labels.measure(row["measure"], published)}
        for row in access.school_against_areas(detail["urn"], detail.get("la"), _headline(detail))
    ]

    def shown(key: str) -> Callable[[Row], str]:
        return lambda r: "No figure held" if r[key] is None else show(r[key], decimals(r["measure"]))

    return Table(
        AGAINST,
        "The school against its LA and England: headline measures, latest year the school has a figure",
        [
            Column("label", "Measure"),
            Column("year", "Year", text=lambda r: f"{r['year'] - 1}/{str(r['year'])[-2:]}"),
            Column("school", "This school", numeric=True, text=shown("school")),
            Column("la", detail.get("la_name") or "LA", numeric=True, text=shown("la")),
            Column("england", "England", numeric=True, text=shown("england")),
        ],
        rows,
        empty="The register holds no headline figures for this school.",
    )


def _against_chart(table: Table, urn: int) -> dict[str, str] | None:
    """The table as a chart (an SVG image in the page), or None when there is nothing to draw."""
    if not table.rows:
        return None
    points = [
        {"label": r["label"], "series": series, "value": r[key]}
        for r in table.rows
        for key, series in (("school", "This school"), ("la", "LA"), ("england", "England"))
    ]
    svg = remember(("school-against", urn), lambda: school_chart.school_against_areas(points))
    measures = ", ".join(r["label"] for r in table.rows)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
        "alt": f"Bar charts, one per measure ({measures}), of the school's figure, its LA's and England's "
        "in the latest year the school has one. The figures are in the table below the chart.",
        "file": f"school-{urn}-against-la-and-england.svg",
    }


@cache
def external_links() -> tuple[tuple[str, str], ...]:
    """(text, address with {urn}) of the school elsewhere (web/school_links.toml); nothing is fetched."""
    text = resources.files("peerlift.web").joinpath("school_links.toml").read_text(encoding="utf-8")
    found = []
    for number, link in enumerate(tomllib.loads(text).get("link", []), start=1):
        if "{urn}" not in link.get("url", "") or not link.get("text"):
            raise ValueError(f"school_links.toml: link {number} needs a text and a url with {{urn}}")
        found.append((link["text"], link["url"]))
    return tuple(found)


def _measures_table(detail: Row) -> Table:
    """Measures by year, one row per measure: a number, or its missing reason in words."""
    published = access.measure_labels()
    years = sorted({m["year"] for m in detail["measures"]})
    by_measure: dict[str, Row] = {}
    for m in detail["measures"]:
        row = by_measure.setdefault(m["measure"], {"measure": labels.measure(m["measure"], published)})
        row[str(m["year"])] = _figure(m)
    return Table(
        "measures",
        "Published measures by year (a suppressed or unpublished figure shows its reason; "
        "an empty cell was blank in the file)",
        [
            Column("measure", "Measure"),
            *(Column(str(y), f"{y - 1}/{str(y)[-2:]}", numeric=True) for y in years),
        ],
        list(by_measure.values()),
        empty="The performance tables in the register hold no figures for this school.",
    )


@page(
    "schools/<int:urn>",
    name="school",
    template="web/school.html",
    rule=permissions.signed_in,
    summary="A school: its record, lineage, inspections and measures by year",
)
def school(request: HttpRequest, output: Output, urn: int) -> Content:
    detail = _detail(urn)
    name = detail.get("name") or f"URN {urn}"
    against = _against_table(detail)
    return Content(
        name,
        [
            against,
            _inspections_table(detail),
            _measures_table(detail),
            _groups_table(detail),
            _lineage_table(detail),
        ],
        context={
            "chart": _against_chart(against, urn) if output == Output.HTML else None,
            "links": [(text, url.format(urn=urn)) for text, url in external_links()],
            "detail": detail,
            "summary": _summary(detail),
            "gias_fields": _gias_fields(detail),
            "may_see_record": permissions.allows(request, permissions.school_record, urn=urn),
            "may_see_category": permissions.allows(request, permissions.school_category, urn=urn),
        },
        data={
            "school": {k: v for k, v in detail.items() if k not in ("inspections", "measures")},
            "inspections": detail["inspections"],
            "measures": detail["measures"],
        },
    )


def notes_of(urn: int) -> list[Row]:
    return [
        {
            "id": n.pk,
            "created_at": n.created_at.isoformat(timespec="minutes"),
            "author": n.author,
            "text": n.text,
        }
        for n in SchoolNote.objects.filter(urn=urn)
    ]


def _note_columns(urn: int, writable: bool) -> list[Column]:
    """The notes' columns; those who may write see a link to change or delete each (on the page only:
    the downloads and JSON are the notes themselves)."""
    columns = [Column("created_at", "When"), Column("author", "Who"), Column("text", "Note", pre=True)]
    if writable:
        columns.append(
            Column(
                "change",
                "Change",
                link=lambda r: reverse("note-edit", kwargs={"urn": urn, "note": r["id"]}),
                text=lambda r: f"Change or delete the note of {words.long_time(r['created_at'])}",
            )
        )
    return columns


@page(
    "schools/<int:urn>/record",
    name="school-record",
    template="web/school_record.html",
    rule=permissions.school_record,
    summary="What officers have recorded about a school (not published data)",
)
def school_record(request: HttpRequest, output: Output, urn: int) -> Content:
    detail = _detail(urn)
    may_write = permissions.allows(request, permissions.write_school_record, urn=urn)
    table = Table(
        "notes",
        "Notes, newest first",
        _note_columns(urn, may_write and output is Output.HTML),
        notes_of(urn),
        empty="No notes have been recorded about this school.",
    )
    return Content(
        f"Record: {detail.get('name') or urn}",
        [table],
        context={"detail": detail, "may_write": may_write},
        data={"urn": urn},
    )


@permissions.rule(permissions.write_school_record)
@require_POST
def add_note(request: HttpRequest, urn: int) -> HttpResponse:
    """Record a note about a school (audited)."""
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return render_page(request, named("school-record"), _note_errors(request, form), status=400, urn=urn)
    who = permissions.viewer(request)
    text = form.cleaned_data["text"]
    audit.audited_change(
        who.username,
        "add note",
        audit.NOTE,
        lambda: SchoolNote.objects.create(urn=urn, text=text, author=who.username),
        la=access.school_la(urn),
    )
    messages.success(request, "Your note has been recorded.")
    return redirect("school-record", urn=urn)


def _note_errors(request: HttpRequest, form: forms.NoteForm) -> dict[str, Any]:
    """What the note's form shows again: the text as typed and its error, linked from the summary."""
    errors = forms.errors_of(form)
    return {
        "note_text": request.POST.get("text", "").strip(),
        "note_error": errors.get("text"),
        "error_summary": error_summary(errors),
    }


def _note(urn: int, pk: int) -> SchoolNote:
    """The school's note; another school's note is not found here, whatever its id."""
    note = SchoolNote.objects.filter(urn=urn, pk=pk).first()
    if note is None:
        raise Http404("This school has no such note.")
    return note


def _note_context(urn: int, note: SchoolNote, title: str) -> dict[str, Any]:
    return {"title": title, "detail": _detail(urn), "note": note}


@permissions.rule(permissions.write_school_record)
@require_http_methods(["GET", "POST"])
def edit_note(request: HttpRequest, urn: int, note: int) -> HttpResponse:
    """Change a note's text (audited, with the text before and after)."""
    found = _note(urn, note)
    context = _note_context(urn, found, "Change a note")
    if request.method == "GET":
        return render(request, "web/note_edit.html", {**context, "note_text": found.text})
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return render(request, "web/note_edit.html", {**context, **_note_errors(request, form)}, status=400)
    text = form.cleaned_data["text"]

    def change() -> SchoolNote:
        found.text = text
        found.save(update_fields=["text"])
        return found

    who = permissions.viewer(request)
    audit.audited_change(
        who.username, "change note", audit.NOTE, change, la=access.school_la(urn), target=found
    )
    messages.success(request, "The note has been changed.")
    return redirect("school-record", urn=urn)


@permissions.rule(permissions.write_school_record)
@require_http_methods(["GET", "POST"])
def delete_note(request: HttpRequest, urn: int, note: int) -> HttpResponse:
    """Delete a note once its writer has confirmed (GET asks; audited with the text deleted)."""
    found = _note(urn, note)
    if request.method == "GET":
        return render(request, "web/note_delete.html", _note_context(urn, found, "Delete this note?"))
    who = permissions.viewer(request)

    def delete() -> None:
        found.delete()

    audit.audited_change(
        who.username, "delete note", audit.NOTE, delete, la=access.school_la(urn), target=found
    )
    messages.success(request, "The note has been deleted.")
    return redirect("school-record", urn=urn)
