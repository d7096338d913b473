"""Writing a reader's frames into the register, one table at a time, inside the import's transaction.

Each loader takes the frame of one table (schemas in sources/frames.py) and the Import that brought
it, upserts on the table's natural key (so loading the same content twice changes nothing) and
returns how many rows it wrote.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db import connection

from peerlift.sources import frames
from peerlift.store import bulk, searchkey
from peerlift.store.models import (
    AreaMeasure,
    AspirationEvent,
    AspirationEventSchool,
    Establishment,
    EstablishmentChange,
    EstablishmentLink,
    GatsbyResult,
    Group,
    GroupMember,
    Import,
    Inspection,
    Judgement,
    LocalAuthority,
    MeasureDefinition,
    Neighbour,
    NeighbourSet,
    SchoolMeasure,
    TrainingAttendance,
    TrainingCourse,
)

# Fields whose changes between extracts are kept as history.
TRACKED = (
    "name",
    "status",
    "type",
    "type_group",
    "phase",
    "la_code",
    "trust",
    "federation",
    "pupils",
    "fsm_pct",
    "capacity",
    "religious_character",
    "close_date",
)

_TEXT_FIELDS = {
    name for name, dtype in frames.SCHEMAS[frames.ESTABLISHMENTS].items() if dtype == pl.String
} - {"record"}


def _blank_to_empty(frame: pl.DataFrame, columns: set[str]) -> pl.DataFrame:
    """Django text fields hold '' rather than NULL for 'nothing'."""
    return frame.with_columns([pl.col(c).fill_null("") for c in columns if c in frame.columns])


def load_establishments(frame: pl.DataFrame, source: Import, extract_date: dt.date | None) -> int:
    """Upsert establishments. A later extract updates them and records what changed; an older
    extract, or one of unknown date, only adds establishments not yet known, so history never runs
    backwards: what it says of the others is kept as history (see _record_changes)."""
    frame = frame.unique("urn", keep="last")
    existing = bulk.fetch_frame(
        f"SELECT urn, extract_date, {', '.join(TRACKED)} FROM {bulk.table_name(Establishment)}",
        [],
        {"urn": pl.Int64, "extract_date": pl.Date, **_tracked_schema()},
    )
    incoming = _blank_to_empty(frame, _TEXT_FIELDS).with_columns(
        pl.lit(extract_date, dtype=pl.Date).alias("extract_date"),
        pl.lit(source.pk).alias("source_id"),
        searchkey.key_expression(),
    )
    joined = incoming.join(existing, on="urn", how="left", suffix="__old")
    newer = pl.col("extract_date__old").is_null() | (
        pl.lit(extract_date, dtype=pl.Date) >= pl.col("extract_date__old") if extract_date else pl.lit(False)
    )
    known = pl.col("extract_date__old").is_not_null() | pl.col("name__old").is_not_null()
    to_write = joined.filter(newer | ~known)
    _record_changes(to_write.filter(known), source, extract_date)
    _record_changes(joined.filter(known & ~newer), source, extract_date, older=True)
    return bulk.upsert(
        Establishment, to_write.select(incoming.columns), unique=["urn"], unless_older="extract_date"
    )


def _tracked_schema() -> dict[str, type[pl.DataType]]:
    schema = frames.SCHEMAS[frames.ESTABLISHMENTS]
    return {name: schema[name] for name in TRACKED}  # type: ignore[misc]


def _record_changes(
    joined: pl.DataFrame, source: Import, extract_date: dt.date | None, older: bool = False
) -> None:
    """A change row for each tracked field the incoming extract gives differently. With ``older``
    the incoming extract is the earlier one (it was not written): its value is the change's old
    side, the register's the new, so an older extract read late still leaves its values in history."""
    changes = []
    incoming_date = pl.lit(extract_date, dtype=pl.Date)
    for name in TRACKED:
        new, old = (
            pl.col(name).cast(pl.String).fill_null(""),
            pl.col(f"{name}__old").cast(pl.String).fill_null(""),
        )
        if older:
            new, old = old, new
        changes.append(
            joined.filter(new != old).select(
                "urn",
                pl.lit(name).alias("field"),
                old.alias("old"),
                new.alias("new"),
                (incoming_date if older else pl.col("extract_date__old")).alias("old_extract_date"),
                (pl.col("extract_date__old") if older else incoming_date).alias("new_extract_date"),
                pl.lit(source.pk).alias("source_id"),
            )
        )
    bulk.insert(EstablishmentChange, pl.concat(changes))


def load_links(frame: pl.DataFrame, source: Import) -> int:
    rows = _blank_to_empty(frame, {"link_name", "link_type"}).unique(
        ["urn", "link_urn", "link_type"], keep="last"
    )
    return bulk.upsert(
        EstablishmentLink,
        rows.with_columns(pl.lit(source.pk).alias("source_id")),
        ["urn", "link_urn", "link_type"],
    )


_INSPECTION_TEXT = {
    "inspection_number",
    "framework",
    "inspection_type",
    "type_detail",
    "category_of_concern",
    "outcome",
    "la_name",
    "school_name",
    "ofsted_phase",
}


def load_inspections(inspections: pl.DataFrame, judgements: pl.DataFrame, source: Import) -> tuple[int, int]:
    """Upsert inspections on (URN, inspection key), then their judgements on (inspection, area).

    Files that give no inspection number key an inspection by its date. The same inspection met in
    a file that numbers it (or the other way round) is one inspection: see ``_match_dated``.
    Returns the inspections and judgements written.
    """
    rows = _blank_to_empty(inspections, _INSPECTION_TEXT).unique(["urn", "inspection_key"], keep="first")
    rows, judgements = _match_dated(rows, judgements)
    written = bulk.upsert(
        Inspection,
        rows.with_columns(pl.lit(source.pk).alias("source_id")),
        ["urn", "inspection_key"],
        keep_when_blank=True,
    )
    if judgements.is_empty():
        return written, 0
    ids = bulk.fetch_frame(
        f"SELECT id, urn, inspection_key FROM {bulk.table_name(Inspection)} WHERE source_id = %s",
        [source.pk],
        {"inspection_id": pl.Int64, "urn": pl.Int64, "inspection_key": pl.String},
    )
    grades = (
        judgements.join(ids, on=["urn", "inspection_key"], how="inner")
        .select("inspection_id", "area", "grade")
        .unique(["inspection_id", "area"], keep="first")
    )
    return written, bulk.upsert(Judgement, grades, ["inspection_id", "area"])


def _match_dated(rows: pl.DataFrame, judgements: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Make one inspection of a school's dated and numbered records that share a start date.

    A dated incoming record takes the key of the stored numbered inspection it matches; a stored
    dated inspection that an incoming numbered record matches is re-keyed to the number in place
    (its judgements stay attached), so the upsert then merges the two.
    """
    table = bulk.table_name(Inspection)
    stored = bulk.fetch_frame(
        f"SELECT urn, inspection_key, start_date FROM {table} WHERE start_date IS NOT NULL",
        [],
        {"urn": pl.Int64, "stored_key": pl.String, "start_date": pl.Date},
    )
    if stored.is_empty():
        return rows, judgements
    dated = pl.col("inspection_key").str.starts_with("date:")
    stored_dated = pl.col("stored_key").str.starts_with("date:")
    renames = (
        rows.filter(dated)
        .join(stored.filter(~stored_dated), on=["urn", "start_date"], how="inner")
        .select("urn", "inspection_key", "stored_key")
        .unique(["urn", "inspection_key"], keep="first")
    )
    if renames.height:
        rows = _rekey(rows, renames)
        judgements = _rekey(judgements, renames)
    rekeys = (
        rows.filter(~dated)
        .join(stored.filter(stored_dated), on=["urn", "start_date"], how="inner")
        .select("inspection_key", "urn", "stored_key")
        .unique(["urn", "stored_key"], keep="first")
    )
    if rekeys.height:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET inspection_key = %s WHERE urn = %s AND inspection_key = %s",
                rekeys.rows(),
            )
    return rows, judgements


def _rekey(frame: pl.DataFrame, renames: pl.DataFrame) -> pl.DataFrame:
    return (
        frame.join(renames, on=["urn", "inspection_key"], how="left")
        .with_columns(pl.coalesce("stored_key", "inspection_key").alias("inspection_key"))
        .drop("stored_key")
    )


def _figures(frame: pl.DataFrame, text: set[str]) -> pl.DataFrame:
    """A measures frame as the Figure columns hold it: '' for no text, a span of 1 when not given."""
    return _blank_to_empty(frame, text | {"missing", "source_column", "status", "text"}).with_columns(
        pl.col("span").fill_null(1)
    )


def load_school_measures(frame: pl.DataFrame, source: Import) -> int:
    rows = _figures(frame, set()).unique(["urn", "year", "measure"], keep="last")
    return bulk.upsert(
        SchoolMeasure, rows.with_columns(pl.lit(source.pk).alias("source_id")), ["urn", "year", "measure"]
    )


def load_area_measures(frame: pl.DataFrame, source: Import) -> int:
    key = ["area_type", "area_code", "year", "measure"]
    rows = _figures(frame, {"area_name"}).unique(key, keep="last")
    return bulk.upsert(AreaMeasure, rows.with_columns(pl.lit(source.pk).alias("source_id")), key)


def load_groups(frame: pl.DataFrame, source: Import) -> int:
    """Upsert groups; a group links file, which repeats fewer of a group's fields, keeps the others."""
    text = {"group_id", "name", "type", "status", "companies_house_number", "head", "town", "postcode"}
    rows = _blank_to_empty(frame, text).with_columns(pl.lit(source.pk).alias("source_id"))
    return bulk.upsert(Group, rows, ["uid"], keep_when_blank=True)


def load_group_members(frame: pl.DataFrame, source: Import) -> int:
    """The file is a snapshot of its schools' memberships: a school it lists leaves the groups the
    file no longer puts it in (a school that moved trust is not in both). Schools it does not list,
    as in an LA's slice of the file, keep theirs."""
    stored = bulk.fetch_frame(
        f"SELECT id, uid, urn FROM {bulk.table_name(GroupMember)}",
        [],
        {"id": pl.Int64, "uid": pl.Int64, "urn": pl.Int64},
    )
    left = stored.join(frame.select("urn").unique(), on="urn", how="semi").join(
        frame, on=["uid", "urn"], how="anti"
    )
    GroupMember.objects.filter(pk__in=left["id"].to_list()).delete()
    return bulk.upsert(GroupMember, frame.with_columns(pl.lit(source.pk).alias("source_id")), ["uid", "urn"])


def load_local_authorities(frame: pl.DataFrame, source: Import) -> int:
    """Upsert LAs; a file that leaves a field blank does not wipe what another file said."""
    rows = (
        frame.unique("la_code", keep="last")
        .rename({"la_code": "code", "la_gss": "gss"})
        .fill_null("")
        .with_columns(pl.lit(source.pk).alias("source_id"))
    )
    return bulk.upsert(LocalAuthority, rows, ["code"], keep_when_blank=True)


def load_measure_definitions(frame: pl.DataFrame, source: Import) -> int:
    rows = frame.unique("measure", keep="first").fill_null("")
    return bulk.upsert(
        MeasureDefinition, rows.with_columns(pl.lit(source.pk).alias("source_id")), ["measure"]
    )


def load_neighbours(frame: pl.DataFrame, source: Import, set_name: str | None) -> int:
    """Replace each named neighbour set the frame holds (or all of it under ``set_name``)."""
    if set_name:
        frame = frame.with_columns(pl.lit(set_name).alias("set_name"))
    written = 0
    for (name,), members in frame.group_by("set_name", maintain_order=True):
        neighbour_set, _ = NeighbourSet.objects.update_or_create(
            name=str(name), defaults={"source": source, "computed": False}
        )
        neighbour_set.members.all().delete()
        rows = members.select(
            pl.lit(neighbour_set.pk).alias("neighbour_set_id"),
            "la_code",
            "position",
            "neighbour_code",
            pl.col("band").fill_null(""),
        ).unique(["la_code", "position"], keep="first")
        written += bulk.insert(Neighbour, rows)
    return written


def load_gatsby_results(frame: pl.DataFrame, source: Import) -> int:
    """Upsert each school's benchmarks on (URN, year): a later file for the year replaces the figures."""
    rows = frame.unique(["urn", "year"], keep="last").with_columns(pl.lit(source.pk).alias("source_id"))
    return bulk.upsert(GatsbyResult, rows, ["urn", "year"])


def _school_las(urns: list[int]) -> dict[int, int]:
    found = Establishment.objects.filter(urn__in=urns, la_code__isnull=False).values_list("urn", "la_code")
    return {int(urn): int(la) for urn, la in found}


def load_governor_training(frame: pl.DataFrame, source: Import) -> int:
    """Courses on (title, date, provider), each with its attendance on (course, URN, governor).

    A few hundred rows a year for an LA: the ORM is plenty. A course is filed under the LA of its
    first school (the LA whose officers recorded it)."""
    las = _school_las(frame["urn"].unique().to_list())
    written = 0
    for (title, day, provider), group in frame.group_by(
        ["course_title", "course_date", "provider"], maintain_order=True
    ):
        first = group.row(0, named=True)
        course, _ = TrainingCourse.objects.update_or_create(
            title=title,
            date=day,
            provider=provider,
            defaults={"topic": first["topic"], "source": source, "la_code": las.get(first["urn"])},
        )
        for urn, governor in group.select("urn", "governor").unique(maintain_order=True).iter_rows():
            TrainingAttendance.objects.update_or_create(
                course=course, urn=urn, governor=governor, defaults={"source": source}
            )
            written += 1
    return written


def load_aspiration_events(frame: pl.DataFrame, source: Import) -> int:
    """Events on (name, start date); the file's schools for an event replace those stored. An event is
    filed under the LA most of its schools are in. Returns the events written."""
    las = _school_las(frame["urn"].unique().to_list())
    written = 0
    for (name, start), group in frame.group_by(["event_name", "start_date"], maintain_order=True):
        first = group.row(0, named=True)
        urns = group["urn"].unique(maintain_order=True).to_list()
        in_las = [las[u] for u in urns if u in las]
        event, _ = AspirationEvent.objects.update_or_create(
            name=name,
            start_date=start,
            defaults={
                "end_date": first["end_date"],
                "hosts": first["hosts"] or "",
                "volunteers": first["volunteers"],
                "children_reached": first["children_reached"],
                "feedback": first["feedback"] or "",
                "la_code": max(set(in_las), key=in_las.count) if in_las else None,
                "source": source,
            },
        )
        event.schools.exclude(urn__in=urns).delete()
        for urn in urns:
            AspirationEventSchool.objects.get_or_create(event=event, urn=urn)
        written += 1
    return written
