"""Local authorities: the list, and each LA's page with its schools and its statistics by year."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.http import Http404, HttpRequest
from django.urls import reverse

from peerlift.domain import labels
from peerlift.domain.measures import MEASURES, decimals
from peerlift.store import access, queries
from peerlift.web import permissions
from peerlift.web.pages import Content, Output, Param, page
from peerlift.web.tables import Column, Row, Table, decimals_for, show
from peerlift.web.views import la_statistics
from peerlift.web.views.schools import PAGE_SIZE, group_url, page_number, pagination, school_url


def authority_or_404(la: int) -> Row:
    """The LA's name and region, or a 404 page when the register has never heard of it."""
    authority = access.local_authority(la)
    if authority is None:
        raise Http404(f"No local authority {la} is in the register.")
    return authority


def _la_link(row: Row) -> str:
    return reverse("la", kwargs={"la": row["la"]})


@page(
    "las",
    name="las",
    template="web/page.html",
    rule=permissions.signed_in,
    summary="Local authorities with schools in the register",
)
def las(request: HttpRequest, output: Output) -> Content:
    table = Table(
        "las",
        "Local authorities",
        [
            Column("name", "Name", link=_la_link),
            Column("la", "Code", numeric=True),
            Column("schools", "Schools", numeric=True, count=True),
        ],
        access.local_authorities(),
        empty="No schools have been imported yet.",
    )
    return Content("Local authorities", [table])


def _value(row: Row) -> object:
    return row["value"] if row["value"] is not None else labels.missing(row["missing"])


def _places(statistics: list[Row]) -> dict[str, int]:
    """Decimal places for each measure's figures: the domain's where it knows the measure, else the
    fewest that show all of this page's figures of it, so that a measure's column lines up."""
    figures: dict[str, list[object]] = {}
    for r in statistics:
        figures.setdefault(r["measure"], []).extend((r["value"], r["region"], r["england"]))
    return {
        m: known if (known := decimals(m)) is not None else decimals_for(values)
        for m, values in figures.items()
    }


def _figure(key: str) -> Callable[[Row], str]:
    """A partial of a module function, not a closure, so that the cached page can be pickled."""
    return partial(_figure_text, key)


def _figure_text(key: str, row: Row) -> str:
    return show(row[key], row["places"])


@page(
    "las/<int:la>",
    name="la",
    template="web/la.html",
    rule=permissions.signed_in,
    summary="A local authority: its schools and its published statistics by year",
    params=(
        Param("measure", "Show one measure, or 'all' (default: the headline measures)"),
        Param("status", "'all' to list closed schools too (default: open schools only)"),
        Param("page", "Page of the schools (HTML and JSON; downloads give every school)", "integer"),
    ),
    cached=True,
)
def la(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    with_closed = request.GET.get("status") == "all"
    number = page_number(request)
    offset, limit = ((number - 1) * PAGE_SIZE, PAGE_SIZE) if output is not Output.DOWNLOAD else (0, None)
    search = access.SchoolSearch(la=la, open_only=not with_closed)
    school_count, schools = access.search_schools(search, offset, limit)
    pages = max(1, -(-school_count // PAGE_SIZE))
    names = queries.la_measure_names(la)
    published = access.measure_labels()
    measures = sorted(((m, labels.measure(m, published)) for m in names), key=lambda pair: pair[1])
    chosen = request.GET.get("measure", "")
    headline = [m for m in names if m in MEASURES]
    known = la_statistics.entries()
    themed = la_statistics.of_theme(names, chosen, known)
    shown = (
        themed
        if themed is not None
        else [chosen]
        if chosen and chosen != "all"
        else headline
        if not chosen and headline
        else names
    )
    statistics = queries.la_figures(la, shown)
    places = _places(statistics)
    rows = [
        {
            **r,
            "label": labels.measure(r["measure"], published),
            "shown": _value(r),
            "places": places[r["measure"]],
        }
        for r in statistics
    ]
    tables = [
        la_statistics.wide(statistics, places, known, authority["name"]),
        Table(
            "statistics",
            f"{authority['name']}: published statistics by year, with its region and England",
            [
                Column("label", "Measure"),
                Column("year", "Year", numeric=True),
                Column("shown", "LA", numeric=True, text=_figure("shown")),
                Column("status", "Figure"),  # provisional, revised, 3 years...: shown beside it
                Column("region", "Region", numeric=True, text=_figure("region")),
                Column("england", "England", numeric=True, text=_figure("england")),
            ],
            rows,
            empty="No LA statistics for this measure have been imported.",
        ),
        Table(
            "schools",
            f"{'Schools' if with_closed else 'Open schools'} in {authority['name']}",
            [
                Column("name", "Name", link=school_url),
                Column("urn", "URN", numeric=True),
                Column("phase", "Phase"),
                Column("type", "Type"),
                Column("status", "Status"),
                Column("pupils", "Pupils", numeric=True, count=True),
            ],
            schools,
            empty="No schools in this LA have been imported."
            if with_closed
            else "No open schools of this LA are in the register.",
        ),
        Table(
            "groups",
            f"Trusts, federations and other groups with open schools in {authority['name']}",
            [
                Column("name", "Group", link=group_url),
                Column("type", "Type"),
                Column("status", "Status"),
                Column("schools", f"Open schools in {authority['name']}", numeric=True),
            ],
            access.la_groups(la),
            empty="No GIAS group links file in the register lists a school of this LA.",
        ),
    ]
    return Content(
        authority["name"],
        tables,
        context={
            "authority": authority,
            "measures": measures,
            "themes": la_statistics.theme_choices(names, known),
            "chosen": chosen,
            "school_count": school_count,
            "with_closed": with_closed,
            "pagination": pagination(request, number, pages),
        },
        data={
            "authority": authority,
            "schools": {"total": school_count, "page": number, "pages": pages, "page_size": PAGE_SIZE},
        },
    )
