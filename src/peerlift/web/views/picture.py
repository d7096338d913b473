"""The authority's picture on the web: an LA's dashboard, a comparison of any measure, its statistical
neighbours (official and computed, with their agreement) and a summary of inspections in any dates.

The views only choose and shape: the figures come from store/picture.py and analysis/, the charts
from reports/charts.py (SVG made on the server, shown as an image with a text alternative and its
table below it, so nothing needs JavaScript). Every page is open to every signed-in user: these are
LA-level aggregates of published data, and the school names and outcomes of inspections are published
too. A page that lacks data (no neighbour set, no schools, no figures) still answers, with its tables
empty and the reason said, so that an officer knows what to import.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import polars as pl
from django.http import HttpRequest
from django.urls import reverse

from peerlift.analysis import inspection_history
from peerlift.analysis.compare import table_rows
from peerlift.analysis.good_or_better import (
    ALL_PHASES,
    NOT_ENOUGH_HISTORY,
    OEIF_ALL_GOOD,
    OEIF_BELOW_GOOD,
    OVERALL,
    RC_CONCERN,
    RC_EXPECTED,
)
from peerlift.analysis.inspection_summary import OUTCOMES
from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES, Agreement, parse_variables
from peerlift.domain import labels
from peerlift.domain.dates import long_date
from peerlift.domain.measures import info
from peerlift.domain.phases import PhaseGroup
from peerlift.reports.charts import figure
from peerlift.store import access, picture, queries
from peerlift.web import forms, permissions
from peerlift.web.pages import Content, Output, Param, error_summary, page
from peerlift.web.tables import Column, Row, Table, show
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.schools import school_url

# The dashboard's headline measures (the annual picture's tables: seed 004).
HEADLINE = ("ks2_rwm_expected", "attainment8", "progress8")
DEFAULT_MEASURE = HEADLINE[0]
YEARS_OVER_TIME = 10
# The good-or-better measures in the dashboard's order, with names short enough for a table's cell.
ERA_MEASURES = {
    OVERALL.name: "Good or outstanding (overall effectiveness)",
    OEIF_ALL_GOOD.name: "All judgements good or better (OEIF)",
    OEIF_BELOW_GOOD.name: "Any judgement below good (OEIF)",
    RC_EXPECTED.name: "Expected standard or above in every area (report cards)",
    RC_CONCERN.name: "Any area needs attention or urgent improvement (report cards)",
}

PHASES = {
    ALL_PHASES: "All phases",
    PhaseGroup.PRIMARY.value: "Primary",
    PhaseGroup.SECONDARY.value: "Secondary",
    PhaseGroup.SPECIAL.value: "Special",
    PhaseGroup.PRU_AP.value: "PRU and AP",
    PhaseGroup.ALL_THROUGH.value: "All-through",
    PhaseGroup.NURSERY.value: "Nursery",
    PhaseGroup.SIXTEEN_PLUS.value: "16 plus",
    PhaseGroup.OTHER.value: "Other",
}

NEIGHBOURS_PARAM = Param("neighbours", "Neighbour set, e.g. 2021 (default: the newest official set)")


@dataclass
class Section:
    """What the template puts before a table: a heading, sentences, a chart and a link."""

    heading: str
    sentences: list[str] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    link: tuple[str, str] | None = None


# ---------------------------------------------------------------------------------------------
# Shared pieces


def _wants(request: HttpRequest, output: Output, *names: str) -> bool:
    """Whether this answer needs these tables: a download of one table computes only that one."""
    if output is not Output.DOWNLOAD or request.resolver_match is None:
        return True
    return request.resolver_match.kwargs.get("table") in names


def _number(value: float | None) -> str:
    return "–" if value is None else show(round(value, 2))


def _cell(key: str) -> Any:
    """HTML text of a figure: at most two decimal places, a dash where there is none.

    A partial of a module function, not a closure, so that cached pages can be pickled."""
    return partial(_figure_text, key)


def _figure_text(key: str, row: Row) -> str:
    return _number(row.get(key))


def _pct_cell(phase: str) -> Any:
    """A phase's percentage, or why there is none: too little history held, or no school counted."""
    return partial(_pct_text, phase)


def _pct_text(phase: str, row: Row) -> str:
    value = row.get(phase)
    if value is None and (row.get("coverage_by_phase") or {}).get(phase, 1) < row["threshold"]:
        return NOT_ENOUGH_HISTORY.capitalize()
    return _number(value)


def _share_text(key: str, row: Row) -> str:
    value = row.get(key)
    return "–" if value is None else f"{100 * value:.0f}%"


def _history_text(row: Row) -> str:
    """The history note in a cell: what kind of history it is (the whole note is above the table and
    in the JSON and downloads)."""
    note = str(row.get("history_note") or "")
    return "Latest inspections only (see above)" if "holds only" in note else "See above"


def _date_text(key: str) -> Any:
    return partial(_short_date_text, key)


def _short_date_text(key: str, row: Row) -> str:
    value = row.get(key)
    return f"{value.day} {value:%b %Y}" if isinstance(value, dt.date) else ""


def _phase(code: str | None) -> str:
    return PHASES.get(code or "", code or "")


def _set_choice(request: HttpRequest) -> str | None:
    return request.GET.get("neighbours", "").strip()[:60] or None


def _compare(la: int, measures: list[str], set_name: str | None) -> tuple[pl.DataFrame, str | None, str]:
    """The LA's comparison tables for these measures (only these: ranks need every LA's figures for a
    measure, not every measure), the set used, and why there is nothing when there is nothing."""
    try:
        table, used = picture.compare(la, measures, set_name)
    except picture.PictureError as error:
        return pl.DataFrame(), None, f"No comparison can be shown: {error}"
    return table, used, ""


def _measure_label(measure: str, published: dict[str, str]) -> str:
    return labels.measure(measure, published)


def _unit(measure: str) -> str:
    return "%" if info(measure).unit == "%" else ""


def _headline(rows: list[Row], la_name: str, unit: str) -> list[str]:
    """The latest published year in words, as the annual picture writes it."""
    published = [r for r in rows if r["la"] is not None]
    if not published:
        return [f"{la_name} has no published figure for this measure in the files loaded."]
    row = published[-1]
    said = f"In {row['year']}, {la_name}: {_number(row['la'])}{unit}"
    if row.get("change") is not None:
        direction = "up" if row["change"] > 0 else "down" if row["change"] < 0 else "no change"
        said += f" ({direction} {_number(abs(row['change']))} on {row['year'] - 1})" if row["change"] else ""
    parts = [said + "."]
    if row.get("neighbours_mean") is not None:
        parts.append(
            f"Statistical neighbours' average: {_number(row['neighbours_mean'])}{unit} "
            f"({row['neighbours_count']} of {row['neighbours_expected']} neighbours had a figure)."
        )
    if row.get("england") is not None:
        parts.append(f"England: {_number(row['england'])}{unit}.")
    if row.get("rank") is not None:
        parts.append(
            f"Rank {row['rank']} of {row['ranked_of']} LAs (1 is best), quartile band {row['quartile_band']}."
        )
    return [" ".join(parts)]


def _chart(frame: pl.DataFrame, label: str, la_name: str) -> dict[str, Any]:
    """The chart as an image (an SVG in a data: address, allowed by the CSP's img-src), its text
    alternative, and the same SVG to download."""
    made = figure(frame, label, la_name)
    encoded = base64.b64encode(made.svg.encode("utf-8")).decode("ascii")
    years = frame.get_column("year").to_list()
    return {
        "src": f"data:image/svg+xml;base64,{encoded}",
        "alt": (
            f"Line chart of {label}, {min(years)} to {max(years)}: {la_name}, the average of its "
            "statistical neighbours, its region and England. The figures are in the table below it."
        ),
        "file": f"{frame.item(0, 'measure')}.svg",
    }


def _comparison_table(
    name: str, frame: pl.DataFrame, set_used: str | None, la_name: str, caption: str, full: bool, empty: str
) -> Table:
    rows = table_rows(frame, set_used) if not frame.is_empty() else []
    for row in rows:
        missing = cast(list[int], row.get("missing_neighbours") or [])
        row["missing_neighbours"] = " ".join(str(n) for n in missing)
    neighbours = f"Statistical neighbours ({set_used} set)" if set_used else "Statistical neighbours"
    columns = [
        Column("year", "Year", numeric=True),
        Column("la", la_name, numeric=True, text=_cell("la")),
        Column("neighbours_mean", neighbours, numeric=True, text=_cell("neighbours_mean")),
    ]
    if full:
        columns.append(Column("neighbours_count", "Neighbours with a figure", numeric=True))
    columns += [
        Column("region", "Region", numeric=True, text=_cell("region")),
        Column("england", "England", numeric=True, text=_cell("england")),
        Column("rank", "Rank", numeric=True),
    ]
    if full:
        columns.append(Column("ranked_of", "LAs ranked", numeric=True))
    columns.append(Column("quartile_band", "Quartile band"))
    if full:
        columns += [
            Column("change", "Change on last year", numeric=True, text=_cell("change")),
            Column("trend", "Trend (3 years)"),
            Column("missing_neighbours", "Neighbours with no figure"),
        ]
    columns.append(Column("note", "Note"))
    if any(r.get("series_note") for r in rows):
        columns.append(Column("series_note", "Not comparable with the years around it"))
    return Table(name, caption, columns, rows, empty=empty)


# ---------------------------------------------------------------------------------------------
# The dashboard


def _school_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The school year (1 September to 31 August) a date falls in."""
    start = dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    return start, dt.date(start.year + 1, 8, 31)


def _over_time_dates(latest: dt.date) -> list[dt.date]:
    """31 August of the last ten years up to the latest inspection, and that inspection's date."""
    ends = [dt.date(y, 8, 31) for y in range(latest.year - YEARS_OVER_TIME, latest.year + 1)]
    dates = [d for d in ends if d <= latest][-YEARS_OVER_TIME:]
    return [*dates, latest] if latest not in dates else dates


def _good_or_better_table(la: int, latest: dt.date | None) -> tuple[Table, list[str]]:
    problem = "No graded inspections of this LA's schools are in the register."
    frame = pl.DataFrame()
    if latest is not None:
        try:
            frame = picture.good_or_better_series(la, _over_time_dates(latest))
        except picture.PictureError as error:
            problem = str(error).capitalize()
    phases = [p for p in PHASES if not frame.is_empty() and p in set(frame.get_column("phase").to_list())]
    rows: list[Row] = []
    if not frame.is_empty():
        order = {name: i for i, name in enumerate(ERA_MEASURES)}
        frame = frame.sort(
            "as_at", pl.col("measure").replace_strict(order, default=len(order), return_dtype=pl.Int32)
        )
        threshold = inspection_history.rules().coverage_threshold
        for (as_at, _), group in frame.group_by("as_at", "measure", maintain_order=True):
            by_phase = {r["phase"]: r for r in group.to_dicts()}
            every = by_phase[ALL_PHASES]
            rows.append(
                {
                    "as_at": as_at,
                    "measure": every["measure"],
                    "label": ERA_MEASURES.get(every["measure"], every["label"]),
                    **{p: by_phase[p]["schools_pct"] for p in phases if p in by_phase},
                    "schools": every["schools"],
                    "pupils_pct": every["pupils_pct"],
                    "not_inspected": every["not_inspected_schools"],
                    "coverage": every["coverage"],
                    "caveat": (every["caveat"] or "").capitalize() or None,
                    "history_note": every["history_note"],
                    "coverage_by_phase": {p: r["coverage"] for p, r in by_phase.items()},
                    "threshold": threshold,
                }
            )
    columns = [
        Column("as_at", "As at", text=_date_text("as_at")),
        Column("label", "Measure"),
        *[Column(p, _phase(p), numeric=True, text=_pct_cell(p)) for p in phases],
        Column("schools", "Schools counted", numeric=True),
        Column("pupils_pct", "% of pupils", numeric=True, text=_pct_cell("pupils_pct")),
        Column("not_inspected", "Never inspected", numeric=True),
        Column("coverage", "Grade known for", numeric=True, text=partial(_share_text, "coverage")),
        Column("caveat", "Before quoting this figure"),
        Column("history_note", "Inspection history", text=_history_text),
    ]
    sentences: list[str] = [
        "The share of the LA's open state-funded schools meeting each measure, by phase, as at 31 August "
        "each year and as at the latest inspection on record. Overall effectiveness grades stopped on "
        "31 August 2024; since then the measures are those of each framework (OEIF judgements, report "
        "cards), counted over the schools inspected under it.",
        "Each figure stands on the inspection history the register holds: where it knows the grade of "
        f"fewer than {100 * inspection_history.rules().coverage_threshold:.0f}% of the open schools as at "
        "the date, no percentage is given (not enough inspection history held).",
        *dict.fromkeys(r["history_note"] for r in rows),
    ]
    notes = [
        "Schools counted, % of pupils, never inspected and grade known for are of all phases together; a "
        "dash: no school of that phase was counted for the measure."
    ]
    table = Table("good-or-better", "Good or better by phase, % of schools", columns, rows, problem, notes)
    return table, sentences


def _summary_tables(
    summary: picture.Summary | None, problem: str, prefix: str = ""
) -> tuple[list[Table], list[str]]:
    """The inspections with their outcomes, and the counts by phase and by previous grade."""
    result = summary.result if summary else None
    outcomes = result.outcomes.to_dicts() if result else []
    for row in outcomes:
        row["phase_name"] = _phase(row["phase"])
        row["grade_name"] = _grade_words(row["grade_name"], row["start_date"])
        row["previous_name"] = _grade_words(row["previous_name"], row["previous_date"])
    inspections = Table(
        f"{prefix}inspections",
        "Graded inspections and their outcome against the previous grade",
        [
            Column("name", "School", link=school_url),
            Column("urn", "URN", numeric=True),
            Column("phase_name", "Phase"),
            Column("start_date", "Inspected", text=_date_text("start_date")),
            Column("grade_name", "Grade"),
            Column("headline", "Its judgements, in its framework's terms"),
            Column("previous_name", "Earlier grade on record"),
            Column("previous_date", "Earlier inspection on record", text=_date_text("previous_date")),
            Column("outcome", "Outcome"),
        ],
        outcomes,
        empty=problem or "No graded inspections started in these dates.",
        notes=[
            "The earlier grade on record is the register's latest graded inspection before this one. It is "
            "set against it only where a file says it was the one before (outcome: previous grade not "
            "known otherwise); a first inspection is one a file says had none before it."
        ],
    )
    counts = [Column(o, o.capitalize(), numeric=True) for o in OUTCOMES]
    by_phase = [
        {**r, "phase_name": _phase(r["phase"])} for r in (result.by_phase.to_dicts() if result else [])
    ]
    by_previous = [
        {**r, "previous": (r["previous_name"] or "").capitalize()}
        for r in (result.by_previous.to_dicts() if result else [])
    ]
    tables = [
        inspections,
        Table(
            f"{prefix}by-phase",
            "Outcomes by phase",
            [Column("phase_name", "Phase"), Column("inspections", "Inspections", numeric=True), *counts],
            by_phase,
            empty=problem or "No graded inspections started in these dates.",
        ),
        Table(
            f"{prefix}by-previous-grade",
            "Outcomes by previous grade",
            [
                Column("previous", "Previous grade"),
                Column("inspections", "Inspections", numeric=True),
                *counts,
            ],
            by_previous,
            empty=problem or "No inspection in these dates had an earlier graded inspection on record.",
        ),
    ]
    return tables, (result.sentences if result else [])


def _grade_words(name: str | None, on: dt.date | None) -> str | None:
    """An overall grade as the inspection named it; an inspection with none says so."""
    if on is None:
        return None
    return name.capitalize() if name else "No overall grade"


def _summary(la: int, start: dt.date, end: dt.date) -> tuple[picture.Summary | None, str]:
    try:
        return picture.inspections_summary(la, start, end), ""
    except picture.PictureError as error:
        return None, str(error).capitalize()


def _neighbour_sets_context(request: HttpRequest, set_used: str | None) -> dict[str, Any]:
    return {
        "neighbour_sets": queries.neighbour_sets(),
        "chosen_set": _set_choice(request),
        "set_used": set_used,
    }


@page(
    "las/<int:la>/picture",
    name="la-picture",
    template="web/picture/dashboard.html",
    rule=permissions.signed_in,
    summary="An LA's picture: KS2, Attainment 8 and Progress 8 against its statistical neighbours and "
    "England, good or better by phase over time, and the latest school year's inspections",
    params=(NEIGHBOURS_PARAM,),
    cached=True,
)
def dashboard(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    name = authority["name"]
    tables: list[Table] = []
    sections: dict[str, Section] = {}
    set_used: str | None = None
    published = access.measure_labels()
    if _wants(request, output, *HEADLINE):
        frame, set_used, problem = _compare(la, list(HEADLINE), _set_choice(request))
        for measure in HEADLINE:
            rows = frame.filter(pl.col("measure") == measure) if not frame.is_empty() else frame
            label = _measure_label(measure, published)
            table = _comparison_table(
                measure,
                rows,
                set_used,
                name,
                f"{label}: {name}, statistical neighbours, region and England",
                full=False,
                empty=problem or f"No figures for {label} are in the register.",
            )
            tables.append(table)
            more = reverse("la-compare", kwargs={"la": la}) + f"?measure={measure}"
            chart = _chart(rows, label, name) if output is Output.HTML and not rows.is_empty() else None
            if chart is not None:  # the same chart as a PNG, from the compare page's address
                chart["png"] = (
                    reverse("la-compare-png", kwargs={"la": la})
                    + f"?measure={measure}"
                    + (f"&neighbours={set_used}" if set_used else "")
                )
            sections[measure] = Section(
                label,
                _headline(table.rows, name, _unit(measure)) if table.rows else [],
                chart,
                (more, f"{label}: rank, band, change and trend"),
            )
    latest = picture.latest_graded_date(la)
    if _wants(request, output, "good-or-better"):
        table, sentences = _good_or_better_table(la, latest)
        tables.append(table)
        sections["good-or-better"] = Section("Good or better by phase over time", sentences)
    start, end = _school_year(latest) if latest else _school_year(dt.date.today())
    if _wants(request, output, "inspections", "by-phase"):
        summary, problem = (
            _summary(la, start, end) if latest else (None, "No graded inspections are on record.")
        )
        summary_tables, sentences = _summary_tables(summary, problem)
        tables += summary_tables[:2]
        link = reverse("la-inspections-summary", kwargs={"la": la}) + f"?from={start}&to={end}"
        sections["inspections"] = Section(
            f"Inspections from {long_date(start)} to {long_date(end)}",
            sentences,
            link=(link, "These inspections by previous grade, or choose other dates"),
        )
    return Content(
        f"{name}: the authority's picture",
        tables,
        context={
            "authority": authority,
            "sections": sections,
            **_neighbour_sets_context(request, set_used),
        },
        data={
            "authority": authority,
            "neighbour_set": set_used,
            "summaries": {k: s.sentences for k, s in sections.items()},
            "inspections_from": start.isoformat(),
            "inspections_to": end.isoformat(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Statistical neighbours


def _official(la: int, set_name: str | None) -> tuple[Row | None, str]:
    try:
        chosen = picture.neighbour_set(set_name)
    except picture.PictureError as error:
        return None, str(error).capitalize()
    found = queries.neighbours(la, chosen.name)
    if found is None or not found["members"]:
        return found, f"LA {la} has no neighbours in the {chosen.name} set."
    return found, ""


def _computed(la: int, request: HttpRequest) -> tuple[Row | None, Agreement | None, str]:
    text = request.GET.get("variables", "").strip()[:500]
    year = request.GET.get("year", "").strip()
    try:
        variables = parse_variables([text]) if text else DEFAULT_VARIABLES
        result = picture.compute_neighbours(variables, int(year) if year.isdigit() else None)
        detail = picture.computed_for(result, la)
    except (ValueError, picture.PictureError) as error:
        return None, None, f"No neighbours could be computed: {error}"
    try:
        found, _ = picture.agreement(result, _set_choice(request))
    except picture.PictureError:
        found = None
    return detail, found, ""


@page(
    "las/<int:la>/neighbours",
    name="la-neighbours",
    template="web/picture/neighbours.html",
    rule=permissions.signed_in,
    summary="An LA's statistical neighbours: an official set, a set computed from LA characteristics, "
    "and how far they agree",
    params=(
        NEIGHBOURS_PARAM,
        Param(
            "variables", "Characteristics to compute from: CODE=WEIGHT or log:CODE=WEIGHT, comma-separated"
        ),
        Param("year", "Take the characteristics up to this year", "integer"),
    ),
    cached=True,
)
def neighbours(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    official, official_problem = _official(la, _set_choice(request))
    computed, agreement, computed_problem = _computed(la, request)
    official_members = official["members"] if official else []
    computed_members = computed["members"] if computed else []
    in_official = {m["la"] for m in official_members}
    in_computed = {m["la"] for m in computed_members}
    for member in official_members:
        member["also"] = member["la"] in in_computed
    for member in computed_members:
        member["also"] = member["la"] in in_official
    set_used = official["set"] if official else None
    tables = [
        Table(
            "official",
            f"Statistical neighbours in the {set_used} set" if set_used else "Statistical neighbours",
            [
                Column("position", "Position", numeric=True),
                Column("name", "Local authority", link=_la_picture_link),
                Column("la", "Code", numeric=True),
                Column("band", "Closeness"),
                Column("also", "Also computed"),
            ],
            official_members,
            empty=official_problem,
        ),
        Table(
            "computed",
            "Statistical neighbours computed from LA characteristics",
            [
                Column("position", "Position", numeric=True),
                Column("name", "Local authority", link=_la_picture_link),
                Column("la", "Code", numeric=True),
                Column("band", "Closeness"),
                Column("distance", "Distance", numeric=True),
                Column("also", f"In the {set_used} set" if set_used else "In the official set"),
            ],
            computed_members,
            empty=computed_problem,
        ),
        Table(
            "characteristics",
            "Characteristics the computed neighbours are based on",
            [
                Column("measure", "Measure"),
                Column("label", "What it is"),
                Column("weight", "Weight", numeric=True),
                Column("log", "Taken as a logarithm"),
                Column("year", "Year", numeric=True),
            ],
            [
                {**v, "label": _variable_label(v["measure"])}
                for v in (computed["variables"] if computed else [])
            ],
            empty=computed_problem,
        ),
        Table(
            "agreement",
            "Every LA: how many of its computed neighbours are in its official list",
            [
                Column("name", "Local authority"),
                Column("la", "Code", numeric=True),
                Column("agree", "In both lists", numeric=True),
                Column("official", "Official neighbours", numeric=True),
                Column("computed", "Computed neighbours", numeric=True),
            ],
            picture.agreement_rows(agreement) if agreement else [],
            empty=computed_problem or official_problem or "No LA is in both sets.",
        ),
    ]
    sentences = _agreement_sentences(authority["name"], in_official, in_computed, agreement, set_used)
    imputed = computed["imputed"] if computed else []
    if imputed:
        sentences.append(
            f"{authority['name']} has no figure for {', '.join(imputed)}: the average of all LAs was used."
        )
    return Content(
        f"{authority['name']}: statistical neighbours",
        tables,
        context={
            "authority": authority,
            "sentences": sentences,
            "variables": request.GET.get("variables", ""),
            "year": request.GET.get("year", ""),
            **_neighbour_sets_context(request, set_used),
        },
        data={"authority": authority, "neighbour_set": set_used, "summary": sentences},
    )


def _la_picture_link(row: Row) -> str | None:
    return reverse("la-picture", kwargs={"la": row["la"]}) if row.get("la") is not None else None


def _variable_label(measure: str) -> str:
    for variable in DEFAULT_VARIABLES:
        if variable.measure == measure and variable.label:
            return variable.label
    return labels.measure(measure, access.measure_labels())


def _agreement_sentences(
    name: str,
    official: set[int],
    computed: set[int],
    agreement: Agreement | None,
    set_used: str | None,
) -> list[str]:
    if not official or not computed:
        return []
    said = [
        f"{len(official & computed)} of {name}'s {len(computed)} computed neighbours are among its "
        f"{len(official)} neighbours in the {set_used} set."
    ]
    if agreement is not None and agreement.compared:
        said.append(
            f"Over the {agreement.compared} LAs in both, {agreement.mean_agree:.1f} of ten agree on average."
        )
    return said


# ---------------------------------------------------------------------------------------------
# Inspections in any dates


@page(
    "las/<int:la>/inspections-summary",
    name="la-inspections-summary",
    template="web/picture/inspections.html",
    rule=permissions.signed_in,
    summary="The graded inspections of an LA's schools between two dates, each against the school's "
    "previous grade, with counts by phase and by previous grade and the summary in words",
    params=(
        Param("from", "First day, YYYY-MM-DD (default: start of the latest school year inspected)"),
        Param("to", "Last day, YYYY-MM-DD (default: end of that school year)"),
        Param("from-day", "First day's day (the page's date input; with from-month and from-year)"),
        Param("to-day", "Last day's day (the page's date input; with to-month and to-year)"),
    ),
    cached=True,
)
def inspections_summary(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    latest = picture.latest_graded_date(la)
    default_start, default_end = _school_year(latest or dt.date.today())
    dates = forms.DatesForm(request.GET)
    valid = dates.is_valid()
    start = (dates.cleaned_data.get("from") if valid else None) or default_start
    end = (dates.cleaned_data.get("to") if valid else None) or default_end
    if valid and end < start:  # one date given, the other's default before it
        dates.add_error("to", "The last day must be the same as or after the first day")
    errors = error_summary(forms.errors_of(dates))
    summary, problem = (
        (None, "Correct the dates to see the inspections.") if errors else _summary(la, start, end)
    )
    tables, sentences = _summary_tables(summary, problem)
    return Content(
        f"{authority['name']}: inspections from {long_date(start)} to {long_date(end)}",
        tables,
        context={
            "authority": authority,
            "sentences": sentences,
            "start": forms.date_parts(dates, "from", start),
            "end": forms.date_parts(dates, "to", end),
            "error_summary": errors,
        },
        data={
            "authority": authority,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "sentences": sentences,
            "errors": errors,
        },
    )
