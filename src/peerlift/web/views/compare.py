"""Compare any measure: an LA year by year against the LAs it is compared with (an official neighbour
set, the computed set, its region or an officer's own set), each of those LAs' own figures beside
their average, and every LA ranked for the year, with the chart as SVG in the page and as a PNG.

One national comparison table of the measure (store.comparators.compare_with) gives all three
tables, so they always agree. It is kept in the cache under the register's version, keyed by the
measure and the comparator's LAs; the page itself is not cached, because which custom sets a user
may choose depends on who asks (web/permissions.may_use_comparator_set).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import partial
from typing import Any

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from peerlift.analysis import compare as comparison
from peerlift.analysis.catalogue import themes
from peerlift.domain import labels
from peerlift.domain.measures import decimals
from peerlift.reports.charts import figure, notice, png
from peerlift.store import access, comparators, picture, queries
from peerlift.store.models import ComparatorSet
from peerlift.web import permissions
from peerlift.web.pages import Content, Output, Param, page, remember
from peerlift.web.tables import Column, Row, Table, decimals_for, show
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.picture import DEFAULT_MEASURE, Section

YEARS_SHOWN = 6  # years of each comparator's own figures: the page's column fits 960 px
SORTS = ("rank", "name", "value", "change")
CHANGE_WORDS = {"%": "percentage points"}


@dataclass(frozen=True)
class Units:
    """How a measure's figures are written: its unit, decimal places, and what a change is in."""

    unit: str
    places: int

    def text(self, value: float | None) -> str:
        if value is None:
            return "–"
        shown = show(float(value), self.places)
        if self.unit == "£":
            return f"-£{shown[1:]}" if shown.startswith("-") else f"£{shown}"
        return f"{shown}%" if self.unit == "%" else shown

    def change(self, value: float | None) -> str:
        if value is None:
            return "–"
        sign = "+" if value > 0 else ""
        words = CHANGE_WORDS.get(self.unit)
        return f"{sign}{self.text(value)}".replace("%", "") + (f" {words}" if words else "")

    @property
    def heading(self) -> str:
        """What a column of the figures is in, for its heading."""
        return {"%": " (%)", "£": " (£)"}.get(self.unit, "")


def _units(measure: str, axis: str | None, frame: pl.DataFrame) -> Units:
    unit = themes().unit_of(measure, axis)
    places = decimals(measure)
    if places is None:
        values = frame.get_column("la").to_list() if not frame.is_empty() else []
        places = decimals_for(values)
    return Units(unit, places)


def _text(units: Units, key: str, row: Row) -> str:
    return units.text(row.get(key))


def _change_text(units: Units, key: str, row: Row) -> str:
    return units.change(row.get(key))


def _compare_link(measure: str, key: str, row: Row) -> str:
    return reverse("la-compare", kwargs={"la": row["la_code"]}) + f"?measure={measure}&comparator={key}"


# ---------------------------------------------------------------------------------------------
# The comparator chosen


def _key(request: HttpRequest) -> str:
    """The comparator asked for; the older ``neighbours=<set>`` still names an official set."""
    key = request.GET.get("comparator", "").strip()[:80]
    if key:
        return key
    named = request.GET.get("neighbours", "").strip()[:60]
    return comparators.SET_PREFIX + named if named else ""


def usable_sets(request: HttpRequest) -> list[ComparatorSet]:
    """The custom sets this viewer may choose (their own, their LA's shared ones)."""
    who = permissions.viewer(request)
    found = comparators.visible_sets(who.username, who.la, everyone=who.superuser)
    return [s for s in found if permissions.may_use_comparator_set(who, s.owner, s.la_code, s.shared)]


def _comparator(la: int, key: str, sets: list[ComparatorSet]) -> comparators.Comparator:
    pk = comparators.custom_pk(key)
    if pk is not None:
        found = next((s for s in sets if s.pk == pk), None)
        if found is None:  # never say whose it is, nor that it exists
            raise picture.PictureError("that comparator set is not one of yours or your LA's.")
        return comparators.custom(found)
    return remember(("comparator", la, key), lambda: comparators.resolve(la, key))


def _national(la: int, measure: str, chosen: comparators.Comparator) -> pl.DataFrame:
    return remember(
        ("compare-national", la, measure, chosen.key, chosen.members),
        lambda: comparators.compare_with(la, measure, chosen),
    )


@dataclass
class Comparison:
    """Everything the page, its JSON, downloads and chart need for one LA, measure and comparator."""

    measure: str
    label: str
    chosen: comparators.Comparator | None
    national: pl.DataFrame
    own: pl.DataFrame
    units: Units
    problem: str


def comparison_for(request: HttpRequest, la: int) -> Comparison:
    measure = request.GET.get("measure", "").strip()[:60] or DEFAULT_MEASURE
    label = labels.measure(measure, access.measure_labels())
    axis = access.measure_axis(measure)
    try:
        chosen = _comparator(la, _key(request), usable_sets(request))
        national = _national(la, measure, chosen)
    except picture.PictureError as error:
        empty = pl.DataFrame()
        return Comparison(measure, label, None, empty, empty, _units(measure, axis, empty), str(error))
    own = national.filter(pl.col("la_code") == la)
    problem = (
        "" if not own.is_empty() else f"LA {la} has no figures in the register and is not in the list of LAs."
    )
    return Comparison(measure, label, chosen, national, own, _units(measure, axis, own), problem)


# ---------------------------------------------------------------------------------------------
# Tables


def _comparison_table(found: Comparison, la_name: str) -> Table:
    rows: list[Row] = comparison.table_rows(found.own) if not found.own.is_empty() else []
    for row in rows:
        row["missing_neighbours"] = "; ".join(
            comparators.la_names(row.get("missing_neighbours") or []).get(n, str(n))
            for n in row.get("missing_neighbours") or []
        )
    u, average = found.units, (found.chosen.label if found.chosen else "Comparators")
    money = u.unit == "£"
    columns = [
        Column("year", "Year", numeric=True),
        Column("la", la_name + u.heading, numeric=True, text=partial(_text, u, "la")),
        Column(
            "neighbours_mean", f"Average: {average}", numeric=True, text=partial(_text, u, "neighbours_mean")
        ),
        Column("neighbours_count", "LAs averaged", numeric=True),
        Column(
            "region", "Region (total)" if money else "Region", numeric=True, text=partial(_text, u, "region")
        ),
        Column(
            "england",
            "England (total)" if money else "England",
            numeric=True,
            text=partial(_text, u, "england"),
        ),
        Column("rank", "Rank", numeric=True),
        Column("ranked_of", "LAs ranked", numeric=True),
        Column("quartile_band", "Quartile band"),
        Column(
            "change",
            f"Change on last year ({CHANGE_WORDS.get(u.unit, u.unit or 'difference')})",
            numeric=True,
            text=partial(_change_text, u, "change"),
        ),
        Column("trend", "Trend (3 years)"),
        Column("missing_neighbours", "LAs with no figure"),
        Column("note", "Note"),
    ]
    if any(r.get("series_note") for r in rows):  # a break in the series (analysis.series_breaks)
        columns.append(Column("series_note", "Not comparable with the years around it"))
    against = average if found.chosen else "the LAs it is compared with"
    caption = f"{found.label}: {la_name} against {against}, its region and England"
    return Table(
        "comparison",
        caption,
        columns,
        rows,
        empty=found.problem or f"No figures for {found.label} are in the register.",
    )


def _years(found: Comparison) -> list[int]:
    years = (
        found.own.filter(pl.col("la").is_not_null() | pl.col("neighbours_mean").is_not_null())
        .get_column("year")
        .to_list()
        if not found.own.is_empty()
        else []
    )
    return sorted(years)[-YEARS_SHOWN:]


def _members_table(found: Comparison, la: int, la_name: str) -> Table:
    """Each comparator LA's own figure beside the LA's and their average, years as columns."""
    years = _years(found)
    members = list(found.chosen.members) if found.chosen else []
    figures = (
        found.national.filter(pl.col("la_code").is_in([la, *members]), pl.col("year").is_in(years))
        .select("la_code", "la_name", "year", "la")
        .to_dicts()
        if years
        else []
    )
    names = comparators.la_names([la, *members])
    by_la: dict[int, Row] = {}
    for code in [la, *members]:
        by_la[code] = {"la_code": code, "name": names.get(code, f"LA {code}"), "chosen": code == la}
    for f in figures:
        by_la[f["la_code"]][f"y{f['year']}"] = f["la"]
    average: Row = {"la_code": None, "name": "Average of the LAs compared with", "chosen": False}
    for r in found.own.filter(pl.col("year").is_in(years)).to_dicts() if years else []:
        average[f"y{r['year']}"] = r["neighbours_mean"]
    rows = [by_la[la], *(by_la[m] for m in members), average] if years else []
    u = found.units
    columns = [
        Column("name", "Local authority", text=partial(_chosen_name, la_name)),
        *[Column(f"y{y}", str(y), numeric=True, text=partial(_text, u, f"y{y}")) for y in years],
    ]
    return Table(
        "comparators",
        f"{found.label}{u.heading}: each LA compared with, year by year",
        columns,
        rows,
        empty=found.problem or "There are no figures to show.",
        notes=["A dash: no figure published for that LA and year. The average leaves those out."],
        highlight="chosen",
    )


def _chosen_name(la_name: str, row: Row) -> str:
    return f"{row['name']} (this LA)" if row.get("chosen") else str(row["name"])


def _year(request: HttpRequest, found: Comparison) -> int | None:
    text = request.GET.get("year", "").strip()
    published = found.own.filter(pl.col("la").is_not_null()) if not found.own.is_empty() else found.own
    years = set(found.national.get_column("year").to_list()) if not found.national.is_empty() else set()
    if text.isdigit() and int(text) in years:
        return int(text)
    latest = comparison.latest_year(published) if not published.is_empty() else None
    return latest if latest is not None else (max(years) if years else None)


def _sorted(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    """The ranking in the order asked for; rows with nothing to sort by go last either way."""
    key = {"rank": "rank", "name": "la_name", "value": "la", "change": "change"}[sort]
    present = [r for r in rows if r.get(key) is not None]
    absent = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: r[key].lower() if isinstance(r[key], str) else r[key], reverse=descending)
    return present + absent


def _sorting(request: HttpRequest, sort: str, descending: bool) -> dict[str, tuple[str, str]]:
    found = {}
    for key, column in (("rank", "rank"), ("name", "la_name"), ("value", "la"), ("change", "change")):
        params = request.GET.copy()
        params["sort"] = key
        current = sort == key
        params["order"] = "desc" if current and not descending else "asc"
        state = ("descending" if descending else "ascending") if current else "none"
        found[column] = (f"?{params.urlencode()}#table-ranking", state)
    return found


def _ranking_table(request: HttpRequest, found: Comparison, la: int, year: int | None) -> Table:
    sort = request.GET.get("sort", "rank")
    sort = sort if sort in SORTS else "rank"
    descending = request.GET.get("order") == "desc"
    members = set(found.chosen.members) if found.chosen else set()
    rows = (
        comparison.ranking(found.national, year).to_dicts()
        if year is not None and not found.national.is_empty()
        else []
    )
    for row in rows:
        row["chosen"] = row["la_code"] == la
        row["compared"] = None if row["chosen"] else row["la_code"] in members
        row["la_name"] = row["la_name"] or f"LA {row['la_code']}"
    u = found.units
    key = found.chosen.key if found.chosen else ""
    table = Table(
        "ranking",
        f"{found.label}{u.heading}: every LA ranked, {year}" if year else f"{found.label}: every LA ranked",
        [
            Column("rank", "Rank", numeric=True, text=_rank_text),
            Column(
                "la_name",
                "Local authority",
                link=partial(_compare_link, found.measure, key),
                text=_ranked_name,
            ),
            Column("la", "Figure", numeric=True, text=partial(_text, u, "la")),
            Column("quartile_band", "Quartile band"),
            Column("change", "Change on last year", numeric=True, text=partial(_change_text, u, "change")),
            Column("compared", "In the comparison"),
            Column("note", "Why no figure"),
            Column("la_code", "LA number", numeric=True),
        ],
        _sorted(rows, sort, descending),
        empty=found.problem or "No LA has a figure for this year.",
        notes=[
            "Rank 1 is the best figure that year (by the measure's polarity); LAs with the same "
            "figure share a rank. A measure that is neither better high nor low has no rank or band."
        ],
        sorting=_sorting(request, sort, descending),
        highlight="chosen",
    )
    return table


def _rank_text(row: Row) -> str:
    """A row's header cell is never empty: an LA with no figure (or a neutral measure) is unranked."""
    return str(row["rank"]) if row.get("rank") is not None else "Not ranked"


def _ranked_name(row: Row) -> str:
    return f"{row['la_name']} (this LA)" if row.get("chosen") else str(row["la_name"])


# ---------------------------------------------------------------------------------------------
# Sentences and the chart


def _headline(found: Comparison, la_name: str) -> list[str]:
    published: list[Row] = (
        [r for r in comparison.table_rows(found.own) if r["la"] is not None]
        if not found.own.is_empty()
        else []
    )
    if not published:
        return [f"{la_name} has no published figure for {found.label} in the files loaded."]
    row, u = published[-1], found.units
    said = [f"In {row['year']}, {la_name}: {u.text(row['la'])}"]
    if row.get("change") is not None:
        said[0] += f" ({u.change(row['change'])} on {row['year'] - 1})"
    said[0] += "."
    if row.get("neighbours_mean") is not None and found.chosen:
        said.append(
            f"{found.chosen.label}: {u.text(row['neighbours_mean'])} on average "
            f"({row['neighbours_count']} of {row['neighbours_expected']} LAs had a figure)."
        )
    if row.get("england") is not None and u.unit != "£":
        said.append(f"England: {u.text(row['england'])}.")
    if row.get("rank") is not None:
        said.append(
            f"Rank {row['rank']} of {row['ranked_of']} LAs (1 is best), quartile band {row['quartile_band']}."
        )
    sentences = [" ".join(said)]
    if u.unit == "£":
        sentences.append(
            "England's and the region's figures for money are totals of many LAs, so the chart leaves "
            "them out (on the same axis they would flatten the LA's line); they are in the table."
        )
    return sentences


def _chart_frame(found: Comparison) -> pl.DataFrame:
    """The LA's rows as the chart draws them: totals (England, region) left off for money."""
    if found.units.unit != "£":
        return found.own
    return found.own.with_columns(
        pl.lit(None, pl.Float64).alias("england"), pl.lit(None, pl.Float64).alias("region")
    )


def _chart(found: Comparison, la_name: str, png_url: str) -> dict[str, Any]:
    made = figure(_chart_frame(found), found.label, la_name, found.chosen.label if found.chosen else None)
    encoded = base64.b64encode(made.svg.encode("utf-8")).decode("ascii")
    years = found.own.get_column("year").to_list()
    series = (
        "its region and England"
        if found.units.unit != "£"
        else "(England's and the region's totals left out)"
    )
    return {
        "src": f"data:image/svg+xml;base64,{encoded}",
        "alt": (
            f"Line chart of {found.label}, {min(years)} to {max(years)}: {la_name}, the average of "
            f"{found.chosen.label if found.chosen else 'the LAs compared with'}, {series}. "
            "The figures are in the table below it."
        ),
        "file": f"{found.measure}.svg",
        "png": png_url,
    }


# ---------------------------------------------------------------------------------------------
# The page


@page(
    "las/<int:la>/compare",
    name="la-compare",
    template="web/picture/compare.html",
    rule=permissions.signed_in,
    summary="One measure for an LA year by year against the LAs it is compared with (an official "
    "neighbour set, the computed set, its region or a custom set), each of those LAs' own figures, "
    "and every LA ranked for a year",
    params=(
        Param("measure", f"Measure name (default {DEFAULT_MEASURE})"),
        Param("comparator", "set:NAME, computed, region or custom:ID (default: the newest official set)"),
        Param("neighbours", "An official neighbour set's name (the same as comparator=set:NAME)"),
        Param("year", "The year every LA is ranked in (default: the LA's latest figure)", "integer"),
        Param("sort", "The ranking's order: rank, name, value or change"),
        Param("order", "asc or desc"),
    ),
)
def compare(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    name = authority["name"]
    found = comparison_for(request, la)
    year = _year(request, found)
    tables = [
        _comparison_table(found, name),
        _members_table(found, la, name),
        _ranking_table(request, found, la, year),
    ]
    published = access.measure_labels()
    offered = queries.la_measure_names(la, published_only=True)
    choices = sorted(((m, labels.measure(m, published)) for m in offered), key=lambda p: p[1])
    query = request.GET.urlencode()
    png_url = reverse("la-compare-png", kwargs={"la": la}) + (f"?{query}" if query else "")
    section = Section(
        found.label,
        _headline(found, name) if not found.own.is_empty() else [],
        _chart(found, name, png_url) if output is Output.HTML and not found.own.is_empty() else None,
    )
    sets = usable_sets(request)
    key = found.chosen.key if found.chosen else _key(request)
    return Content(
        f"{name}: {found.label}",
        tables,
        context={
            "authority": authority,
            "sections": {"comparison": section},
            "measures": choices,
            "measure": found.measure,
            "comparator_choices": comparators.choices(sets),
            "comparator": key,
            "year": year,
            "years": sorted(set(found.national.get_column("year").to_list()), reverse=True)
            if not found.national.is_empty()
            else [],
            "may_make_sets": permissions.allows(request, permissions.make_comparator_set, la=la),
        },
        data={
            "authority": authority,
            "measure": found.measure,
            "label": found.label,
            "unit": found.units.unit,
            "comparator": key,
            "neighbour_set": key.removeprefix(comparators.SET_PREFIX)
            if key.startswith(comparators.SET_PREFIX)
            else None,
            "comparator_label": found.chosen.label if found.chosen else None,
            "comparator_members": list(found.chosen.members) if found.chosen else [],
            "year": year,
            "problem": found.problem or None,
        },
    )


@permissions.rule(permissions.signed_in)
def compare_png(request: HttpRequest, la: int) -> HttpResponse:
    """The compare page's chart as a PNG (the same comparator rules as the page)."""
    authority = authority_or_404(la)
    found = comparison_for(request, la)
    if found.own.is_empty():
        spec = notice(f"No chart: {found.problem or 'no figures for this measure.'}")
        return _png_response(png(spec), la, found.measure)
    made = figure(
        _chart_frame(found), found.label, authority["name"], found.chosen.label if found.chosen else None
    )
    return _png_response(png(made.spec), la, found.measure)


def _png_response(body: bytes, la: int, measure: str) -> HttpResponse:
    response = HttpResponse(body, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="compare-{la}-{measure}.png"'
    return response
