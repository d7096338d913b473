"""The LA's picture from the register: rows of the database as the frames analysis/ takes, and the
calls that put them together for the CLI, the web pages and the reports.

Frames come straight from SQL through ``bulk.fetch_frame`` (a national table of area measures is
half a million rows; the ORM would build an object per row). Text the loaders stored as '' for
"nothing" comes back as null, so the frames are those of ``sources.frames``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Max

from peerlift.analysis import compare as comparison
from peerlift.analysis import inspection_history, la_neighbours
from peerlift.analysis.good_or_better import (
    RESULT_SCHEMA,
    GoodOrBetter,
    good_or_better,
    good_or_better_over,
    inspection_owners,
    phase_groups,
)
from peerlift.analysis.inspection_summary import InspectionSummary, summarise
from peerlift.analysis.latest_inspection import LATEST_SCHEMA, latest_inspections
from peerlift.domain.dates import long_date
from peerlift.domain.inspections import InspectionType
from peerlift.sources import frames
from peerlift.store import bulk, queries
from peerlift.store.models import (
    AreaMeasure,
    Establishment,
    EstablishmentLink,
    Import,
    Inspection,
    Judgement,
    LocalAuthority,
    MeasureDefinition,
    Neighbour,
    NeighbourSet,
)

Row = dict[str, Any]


class PictureError(ValueError):
    """What the register lacks for the picture asked for, in words an officer can act on."""


def _blank_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
        for c, t in frame.schema.items()
        if t == pl.String
    )


def _in(column: str, values: Sequence[object]) -> tuple[str, list[object]]:
    """A ``column IN (...)`` clause and its parameters (``1 = 0`` for none)."""
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


# ---------------------------------------------------------------------------------------------
# Frames


def area_measures(measures: Sequence[str] | None = None) -> pl.DataFrame:
    """Area measures (all, or of the named measures) as a frames.AREA_MEASURES frame."""
    schema = frames.SCHEMAS[frames.AREA_MEASURES]
    where, params = _in("measure", list(measures)) if measures is not None else ("1 = 1", [])
    sql = f"SELECT {', '.join(schema)} FROM {bulk.table_name(AreaMeasure)} WHERE {where}"
    return _blank_to_null(bulk.fetch_frame(sql, params, schema))  # type: ignore[arg-type]


def authorities() -> pl.DataFrame:
    schema = frames.SCHEMAS[frames.LOCAL_AUTHORITIES]
    sql = f"SELECT code, gss, name, region_code, region, la_type FROM {bulk.table_name(LocalAuthority)}"
    return _blank_to_null(bulk.fetch_frame(sql, [], schema))  # type: ignore[arg-type]


def polarities() -> dict[str, str]:
    return {m: p for m, p in MeasureDefinition.objects.values_list("measure", "polarity") if p}


def neighbour_set(name: str | None = None) -> NeighbourSet:
    """A neighbour set by name; with none named, the newest official (not computed) set."""
    chosen = queries.neighbour_set_named(name)
    if chosen is None:
        sets = NeighbourSet.objects.all()
        known = ", ".join(sets.order_by("name").values_list("name", flat=True)) or "none yet"
        wanted = f"no neighbour set {name!r}" if name else "no official neighbour set"
        raise PictureError(f"{wanted} is in the register (sets loaded: {known}).")
    return chosen


def neighbours_frame(chosen: NeighbourSet) -> pl.DataFrame:
    schema = frames.SCHEMAS[frames.NEIGHBOURS]
    columns = {k: v for k, v in schema.items() if k != "set_name"}
    sql = (
        f"SELECT la_code, position, neighbour_code, band FROM {bulk.table_name(Neighbour)} "
        "WHERE neighbour_set_id = %s"
    )
    found = bulk.fetch_frame(sql, [chosen.pk], columns)  # type: ignore[arg-type]
    return _blank_to_null(found.with_columns(pl.lit(chosen.name).alias("set_name")).select(list(schema)))


def establishments(la: int | None = None) -> pl.DataFrame:
    """Establishments (of one LA, or all) with the columns good_or_better and summaries use."""
    schema = {
        "urn": pl.Int64,
        "la_code": pl.Int32,
        "name": pl.String,
        "type": pl.String,
        "type_group": pl.String,
        "phase": pl.String,
        "status": pl.String,
        "open_date": pl.Date,
        "close_date": pl.Date,
        "pupils": pl.Int32,
    }
    where, params = ("la_code = %s", [la]) if la is not None else ("1 = 1", [])
    sql = f"SELECT {', '.join(schema)} FROM {bulk.table_name(Establishment)} WHERE {where}"
    return _blank_to_null(bulk.fetch_frame(sql, params, schema))


def links() -> pl.DataFrame:
    schema = frames.SCHEMAS[frames.LINKS]
    sql = f"SELECT urn, link_urn, link_name, link_type, link_date FROM {bulk.table_name(EstablishmentLink)}"
    return _blank_to_null(bulk.fetch_frame(sql, [], schema))  # type: ignore[arg-type]


def inspections(urns: Iterable[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The inspections and judgements of these URNs (frames.INSPECTIONS / frames.JUDGEMENTS), the
    inspections with ``source_id``, the import that last wrote each (null: not loaded from a file)."""
    wanted = sorted(set(urns))
    schema = {**frames.SCHEMAS[frames.INSPECTIONS], "source_id": pl.Int64}
    found: list[pl.DataFrame] = []
    grades: list[pl.DataFrame] = []
    for start in range(0, len(wanted), 900):  # SQLite allows at most 999 parameters
        where, params = _in("i.urn", wanted[start : start + 900])
        sql = (
            f"SELECT {', '.join('i.' + c for c in schema)} FROM {bulk.table_name(Inspection)} i WHERE {where}"
        )
        found.append(bulk.fetch_frame(sql, params, schema))  # type: ignore[arg-type]
        sql = (
            f"SELECT i.urn, i.inspection_key, j.area, j.grade FROM {bulk.table_name(Judgement)} j "
            f"JOIN {bulk.table_name(Inspection)} i ON i.id = j.inspection_id WHERE {where}"
        )
        grades.append(bulk.fetch_frame(sql, params, frames.SCHEMAS[frames.JUDGEMENTS]))  # type: ignore[arg-type]
    inspected = pl.concat(found) if found else pl.DataFrame(schema=schema)
    judged = pl.concat(grades) if grades else frames.empty(frames.JUDGEMENTS)
    return _blank_to_null(inspected), _blank_to_null(judged)


# ---------------------------------------------------------------------------------------------
# What the history stands on (analysis.inspection_history)

NOT_FROM_A_FILE = "inspections entered directly (not from a file), taken as the whole history"


@dataclass(frozen=True)
class _Source:
    """An import of inspections: its rule (None: it tells nothing of the history) and its date."""

    file_name: str
    rule: inspection_history.SourceRule | None
    listed_until: dt.date | None


def _layout(notes: list[str]) -> str | None:
    """The Ofsted MI layout the reader recognised, from its note "layout: NAME (...)"."""
    for note in notes:
        if isinstance(note, str) and note.startswith("layout: "):
            return note.removeprefix("layout: ").split(" ", 1)[0]
    return None


def _sources(ids: Sequence[int]) -> dict[int, _Source]:
    rules = inspection_history.rules()
    where, params = _in("source_id", list(ids))
    sql = (
        f"SELECT source_id, MAX(start_date), MAX(publication_date) FROM {bulk.table_name(Inspection)} "
        f"WHERE {where} GROUP BY source_id"
    )
    latest = {
        i: max(d for d in (a, b) if d is not None) if (a or b) else None
        for i, a, b in bulk.fetch_frame(
            sql, params, {"source_id": pl.Int64, "start": pl.Date, "published": pl.Date}
        ).iter_rows()
    }
    found = {}
    for record in Import.objects.filter(pk__in=ids):
        rule = rules.source(record.kind, _layout(record.notes))
        day = record.as_of or latest.get(record.pk)
        until = (
            inspection_history.snapshot_date(day, rules.summer_from_month)
            if rule is not None and rule.lists_latest and day is not None
            else None
        )
        found[record.pk] = _Source(record.file_name, rule, until)
    return found


def _with_evidence(inspected: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """The inspections with the evidence columns of analysis.inspection_history, from the rule of the
    import that loaded each, and the history note: which files the history comes from.

    A file that states previous inspections does so for each row's own inspection, which has its
    type ("S5 Inspection"); the previous one read from the same row has none. Inspections not loaded
    from a file were given to the register directly and are taken as the whole history."""
    ids = inspected.get_column("source_id").drop_nulls().unique().sort().to_list()
    sources = _sources(ids)
    listed = {i: s.listed_until for i, s in sources.items()}
    states = {i: bool(s.rule and s.rule.states_previous) for i, s in sources.items()}
    direct = pl.col("source_id").is_null()
    evidenced = inspected.with_columns(
        pl.when(direct)
        .then(pl.lit(dt.date.max))
        .otherwise(pl.col("source_id").replace_strict(listed, default=None, return_dtype=pl.Date))
        .alias(inspection_history.LISTED_LATEST_ON),
        (
            direct
            | (
                pl.col("source_id").replace_strict(states, default=False, return_dtype=pl.Boolean)
                & pl.col("type_detail").is_not_null()
            )
        ).alias(inspection_history.STATES_PREVIOUS),
    )
    return evidenced, _history_note(sources, bool(inspected.filter(direct).height))


def _history_note(sources: dict[int, _Source], direct: bool) -> str:
    """Which files the history comes from, and what each holds."""
    said: dict[str, list[str]] = {}
    for source in sorted(sources.values(), key=lambda s: (s.listed_until or dt.date.min, s.file_name)):
        if source.rule is None:
            key = "other files, which say nothing of earlier or later inspections"
        else:
            key = f"{source.rule.label}, which holds {source.rule.holds}"
        until = source.listed_until
        when = f" (to {long_date(until)})" if until else ""
        said.setdefault(key, []).append(source.file_name + when)
    parts = [f"{key}: {', '.join(files)}" for key, files in said.items()]
    if direct:
        parts.append(NOT_FROM_A_FILE)
    return "Inspections from " + "; ".join(parts) + "." if parts else "No inspections are in the register."


# ---------------------------------------------------------------------------------------------
# The picture


def compare(
    la: int | None, measures: Sequence[str] | None, set_name: str | None = None
) -> tuple[pl.DataFrame, str]:
    """The comparison table for one LA (or every LA when ``la`` is None) and the set used."""
    chosen = neighbour_set(set_name)
    data = area_measures(measures)
    if data.is_empty():
        raise PictureError(
            f"no figures for {', '.join(measures) if measures else 'any measure'} are in the register: "
            "import the LAIT file first (peerlift import bds_long_0.parquet)."
        )
    table = comparison.compare(
        data,
        neighbours_frame(chosen),
        authorities(),
        polarities(),
        las=[la] if la is not None else None,
    )
    if la is not None and table.is_empty():
        raise PictureError(f"LA {la} has no figures in the register and is not in the list of LAs.")
    return table, chosen.name


def compare_rows(la: int | None, measures: Sequence[str] | None, set_name: str | None = None) -> list[Row]:
    table, name = compare(la, measures, set_name)
    return comparison.table_rows(table, name)


def compute_neighbours(
    variables: Sequence[la_neighbours.Variable] = la_neighbours.DEFAULT_VARIABLES,
    year: int | None = None,
    set_name: str = "computed",
) -> la_neighbours.ComputedNeighbours:
    data = area_measures([v.measure for v in variables])
    try:
        chars = la_neighbours.characteristics(data, variables, year)
    except ValueError as error:
        raise PictureError(str(error)) from None
    return la_neighbours.nearest(chars, set_name)


@transaction.atomic
def save_neighbour_set(result: la_neighbours.ComputedNeighbours, name: str) -> NeighbourSet:
    """Store a computed set as NeighbourSet(computed=True), replacing one of the same name."""
    existing = NeighbourSet.objects.filter(name=name).first()
    if existing is not None and not existing.computed:
        raise PictureError(f"{name!r} is an imported (official) neighbour set; choose another name.")
    chars = result.characteristics
    described = "; ".join(
        f"{v.measure} ({'log, ' if v.log else ''}weight {v.weight:g}, {chars.years[v.measure]})"
        for v in chars.variables
    )
    with transaction.atomic():
        if existing is not None:  # a new row, not an update: its new id is a new register version
            existing.delete()
        chosen = NeighbourSet.objects.create(
            name=name, computed=True, description=f"computed from {described}"
        )
        rows = result.frame.select(
            pl.lit(chosen.pk).alias("neighbour_set_id"),
            "la_code",
            "position",
            "neighbour_code",
            pl.col("band").fill_null(""),
        )
        bulk.insert(Neighbour, rows)
    return chosen


def computed_for(result: la_neighbours.ComputedNeighbours, la: int) -> Row:
    """One LA's computed neighbours with names, bands and distances, and how they were computed."""
    names = dict(LocalAuthority.objects.values_list("code", "name"))
    chars = result.characteristics
    members = [
        {"position": p, "la": n, "name": names.get(n), "band": b, "distance": round(d, 4)}
        for p, n, b, d in result.frame.filter(pl.col("la_code") == la)
        .sort("position")
        .select("position", "neighbour_code", "band", "distance")
        .iter_rows()
    ]
    if not members:
        reason = "it lacks most of the characteristics" if la in chars.left_out else "it has no figures"
        raise PictureError(f"no neighbours could be computed for LA {la}: {reason}.")
    return {
        "la": la,
        "name": names.get(la),
        "set": result.frame.item(0, "set_name") if result.frame.height else None,
        "computed": True,
        "variables": [
            {"measure": v.measure, "weight": v.weight, "log": v.log, "year": chars.years[v.measure]}
            for v in chars.variables
        ],
        "imputed": chars.imputed.get(la, []),
        "members": members,
    }


def agreement(
    result: la_neighbours.ComputedNeighbours, official: str | None = None
) -> tuple[la_neighbours.Agreement, str]:
    chosen = neighbour_set(official)
    return la_neighbours.agreement(result.frame, neighbours_frame(chosen)), chosen.name


def agreement_rows(found: la_neighbours.Agreement) -> list[Row]:
    names = dict(LocalAuthority.objects.values_list("code", "name"))
    return [
        {"la": la, "name": names.get(la), "agree": a, "official": o, "computed": c}
        for la, a, o, c in found.table.select("la_code", "agree", "official", "computed").iter_rows()
    ]


def _la_schools(la: int) -> pl.DataFrame:
    schools = establishments(la)
    if schools.is_empty():
        raise PictureError(f"no schools of LA {la} are in the register: import a GIAS extract first.")
    return schools


@dataclass(frozen=True)
class _Inspected:
    """What every inspection measure reads first: the schools, the GIAS links (none when predecessors
    are not to speak for converters), and the inspections and judgements of the schools and of every
    earlier URN of their lineage, however many links back."""

    schools: pl.DataFrame
    links: pl.DataFrame
    inspections: pl.DataFrame
    judgements: pl.DataFrame
    history_note: str


def _inspected(schools: pl.DataFrame, predecessors: bool = True) -> _Inspected:
    all_links = links() if predecessors else frames.empty(frames.LINKS)
    owners = inspection_owners(schools, all_links)
    inspected, judged = inspections(owners.get_column("inspection_urn").unique().to_list())
    evidenced, note = _with_evidence(inspected)
    return _Inspected(schools, all_links, evidenced, judged, note)


def good_or_better_for(la: int, on: dt.date, predecessors: bool = True) -> GoodOrBetter:
    got = _inspected(_la_schools(la), predecessors)
    return good_or_better(
        got.schools,
        got.inspections,
        got.judgements,
        on,
        links=got.links,
        predecessors=predecessors,
        history_note=got.history_note,
    )


def latest_among(urns: Sequence[int], la: int | None, on: dt.date | None = None) -> pl.DataFrame:
    """Each of these schools' latest graded inspection in any framework (analysis.latest_inspection),
    a converter academy not inspected itself speaking through its predecessors; ``on``: the latest
    that had started by that day (a network's share a year before)."""
    schools = establishments(la).filter(pl.col("urn").is_in(list(urns))) if urns else pl.DataFrame()
    if schools.is_empty():
        return pl.DataFrame(schema=LATEST_SCHEMA)
    got = _inspected(schools)
    owners = inspection_owners(got.schools, got.links)
    return latest_inspections(owners, got.inspections, got.judgements, on)


def good_or_better_series(la: int, dates: Sequence[dt.date], predecessors: bool = True) -> pl.DataFrame:
    """The good-or-better measures by phase as at each date, the LA's schools and inspections read once
    (a dashboard's "over time" asks for ten dates; reading the register ten times would be slow).

    A measure that stops at its last date (overall effectiveness, 31 August 2024) appears once for it.
    """
    got = _inspected(_la_schools(la), predecessors)
    tables = [
        result.table
        for result in good_or_better_over(
            got.schools,
            got.inspections,
            got.judgements,
            sorted(set(dates)),
            links=got.links,
            predecessors=predecessors,
            history_note=got.history_note,
        )
    ]
    if not tables:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    return (
        pl.concat(tables)
        .unique(["measure", "as_at", "phase"], keep="first")
        .sort("as_at", "measure", "phase")
    )


def latest_graded_date(la: int) -> dt.date | None:
    """The start of the latest graded inspection of any of the LA's schools (the register's "now")."""
    urns = Establishment.objects.filter(la_code=la).values("urn")
    found = Inspection.objects.filter(
        urn__in=urns, inspection_type=InspectionType.GRADED.value, start_date__isnull=False
    ).aggregate(latest=Max("start_date"))
    latest: dt.date | None = found["latest"]
    return latest


def good_or_better_rows(result: GoodOrBetter, by_phase: bool) -> list[Row]:
    table = result.table if by_phase else result.table.filter(pl.col("phase") == "all")
    return [{**row, "as_at": row["as_at"].isoformat()} for row in table.to_dicts()]


@dataclass
class Summary:
    la: int
    start: dt.date
    end: dt.date
    result: InspectionSummary
    history_note: str


def inspections_summary(la: int, start: dt.date, end: dt.date) -> Summary:
    """The focused-inspection summary of an LA's graded inspections between two dates."""
    got = _inspected(_la_schools(la))
    schools = got.schools.with_columns(phase_groups(got.schools))
    graded = got.inspections.filter(pl.col("inspection_type") == InspectionType.GRADED.value)
    result = summarise(graded, got.judgements, schools, start, end, links=got.links)
    return Summary(la, start, end, result, got.history_note)


def summary_json(summary: Summary) -> Row:
    outcomes = summary.result.outcomes.with_columns(
        pl.col("start_date").dt.to_string("%Y-%m-%d"), pl.col("previous_date").dt.to_string("%Y-%m-%d")
    )
    return {
        "la": summary.la,
        "from": summary.start.isoformat(),
        "to": summary.end.isoformat(),
        "sentences": summary.result.sentences,
        "history_note": summary.history_note,
        "by_phase": summary.result.by_phase.to_dicts(),
        "by_previous_grade": summary.result.by_previous.to_dicts(),
        "inspections": outcomes.to_dicts(),
    }


def summary_markdown(summary: Summary) -> str:
    """The summary as an officer's note: sentences, then the tables."""
    result = summary.result
    lines = [
        f"# Inspections of LA {summary.la} schools, {long_date(summary.start)} to {long_date(summary.end)}",
        "",
        *result.sentences,
        "",
        summary.history_note,
        "",
        _markdown_table(result.by_phase, "phase"),
        "",
        _markdown_table(result.by_previous, "previous grade"),
        "",
        _markdown_table(
            result.outcomes.select(
                "urn", "name", "phase", "start_date", "grade_name", "headline", "previous_name", "outcome"
            ),
            None,
        ),
    ]
    return "\n".join(lines) + "\n"


def _markdown_table(frame: pl.DataFrame, first: str | None) -> str:
    headers = [first if (i == 0 and first) else c.replace("_", " ") for i, c in enumerate(frame.columns)]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in frame.iter_rows():
        lines.append("| " + " | ".join("" if v is None else str(v) for v in row) + " |")
    return "\n".join(lines)
