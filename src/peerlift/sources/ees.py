"""Reader for Explore Education Statistics (EES) tidy files: the DfE's KS2 and KS4 statistics since
2024 (school-level performance and school information, and national, regional and LA files).

An EES file has one row per area (or school), period and breakdown. Of those rows peerlift loads the
headline (every filter at "Total", all state-funded schools for an area) and the pupil groups it maps
(disadvantaged, not disadvantaged). Where the file gives a figure by two geography bases, school
location is the headline and the other row is skipped; where it gives a figure in two versions
(Provisional and Revised), the version first in domain.years.HEADLINE_ORDER is the headline, its
``status`` the version, and the others are kept beside it (``kept``). Every row left out is listed as
skipped with its reason, so nothing is dropped unseen; a row that cannot be placed (a time_period that
is no year, a school row without a URN) is skipped too, and the file refused only when there are many
(sources.base.MAX_FAILED_SHARE). Which column is which measure and which values are totals is data in
``ees_columns.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from peerlift.domain import years
from peerlift.domain.areas import ENGLAND_CODE, AreaType
from peerlift.domain.missing import marker
from peerlift.sources import ees_columns as cols
from peerlift.sources import frames
from peerlift.sources.base import (
    Head,
    ReadResult,
    Skip,
    TextTable,
    header_with,
    load_csv,
    report_unknown,
    skips_where,
)

_ROW = "_row"


def layout_of(cells: Iterable[str]) -> cols.EesLayout | None:
    """The layout of which the header has the most signature columns (the first on a tie)."""
    present = set(cells)
    scored = [(len(layout.signature & present), -i, layout) for i, layout in enumerate(cols.EES_LAYOUTS)]
    best = max(scored, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] else None


def period_year(text: str) -> int | None:
    """The year an EES ``time_period`` is filed under (202324 -> 2024, the academic year's end), read
    by the one year grammar (domain.years); None when it is not a year."""
    label = years.year_or_none(text)
    return label.year if label is not None else None


class EesReader:
    kind = "ees_tidy"
    description = (
        "Explore Education Statistics KS2/KS4 tidy data: school performance and school information "
        "(cohort context) files, and national, regional and LA files (school, LA, region, England rows)"
    )

    def sniff(self, head: Head) -> bool:
        cells = set(head.header_cells())
        return {"time_period", "geographic_level"} <= cells and layout_of(cells) is not None

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with("time_period", "geographic_level"))
        layout = layout_of(table.header)
        if layout is None:
            raise table.error("none of the KS2 or KS4 measure columns peerlift reads is in this file", row=1)
        frame = table.frame.with_columns(
            _years(table, year).alias("_year"),
            table.text("geographic_level").replace_strict(cols.EES_LEVELS, default=None).alias("_level"),
            *_filters(table),
            table.text("subject").alias("_subject"),
            _status(table).alias("_status"),
        )
        skipped = _no_year(frame)
        frame = frame.filter(pl.col("_year").is_not_null())
        unplaced = pl.col("_level").is_null() | pl.col("_why").is_not_null()
        skipped += skips_where(frame.filter(unplaced), _skip_reason(), _skip_kind())
        rows = frame.filter(~unplaced)
        schools = rows.filter(pl.col("_level") == cols.SCHOOL).with_columns(_urn(table))
        skipped += skips_where(
            schools.filter(pl.col("_urn").is_null()),
            pl.lit("a school row whose school_urn is not a URN: '")
            + pl.col("school_urn").fill_null("")
            + pl.lit("'")
            if "school_urn" in table.frame.columns
            else pl.lit("a school row with no school_urn column"),
            "school row without a URN",
            "school_urn",
        )
        schools = schools.filter(pl.col("_urn").is_not_null())
        areas = rows.filter(pl.col("_level") != cols.SCHOOL).with_columns(_area(table))
        for level, column in ((AreaType.LA.value, "old_la_code"), (AreaType.REGION.value, "region_code")):
            skipped += skips_where(
                areas.filter((pl.col("_level") == level) & pl.col("_code").is_null()),
                pl.lit(f"a {level} row with no {column}"),
                f"{level} row without an area code",
                column,
            )
        areas = areas.filter(pl.col("_code").is_not_null())
        notes = [f"layout {layout.name}"]
        schools, lost = _preferred(table, schools, ["_urn"])
        skipped += lost
        areas, lost = _preferred(table, areas, ["_level", "_code"])
        skipped += lost
        values = _values(table, layout)
        school_ids = [pl.col("_urn").alias("urn"), pl.col("_year").alias("year")]
        area_ids = [
            pl.col("_level").alias("area_type"),
            pl.col("_code").alias("area_code"),
            pl.col("_area_name").alias("area_name"),
            pl.col("_year").alias("year"),
        ]
        school_measures = _measures(schools.with_columns(values), school_ids, layout)
        area_measures = _measures(areas.with_columns(values), area_ids, layout)
        school_key = ["urn", "year", "measure"]
        area_key = ["area_type", "area_code", "year", "measure"]
        _check_unique(table, school_measures, [*school_key, "status"], "URN")
        _check_unique(table, area_measures, [*area_key, "status"], "area")
        school_measures, kept_schools = _headline_versions(school_measures, school_key)
        area_measures, kept_areas = _headline_versions(area_measures, area_key)
        if kept_schools + kept_areas:
            notes.append(
                f"{kept_schools + kept_areas:,} figures given in more than one version: the latest "
                "(domain.years.HEADLINE_ORDER) is the headline, the others are kept beside it"
            )
        found = sorted(rows["_year"].unique().drop_nulls().to_list())
        notes.append(f"years {', '.join(map(str, found)) or 'none'}")
        mapped = {c.column for c in layout.columns}
        return ReadResult(
            kind=self.kind,
            path=path,
            year=found[0] if len(found) == 1 else None,
            tables={
                frames.SCHOOL_MEASURES: school_measures.drop(_ROW),
                frames.AREA_MEASURES: area_measures.drop(_ROW),
            },
            rows_read=table.frame.height,
            skipped=sorted(skipped, key=lambda s: s.row),
            unknown_columns=report_unknown(
                table.header, mapped | layout.known | cols.EES_COMMON | _filter_names()
            ),
            notes=notes + table.unreadable_notes(),
        )


# ---------------------------------------------------------------------------------------------
# Rows: year, filters, identity


def _years(table: TextTable, given: int | None) -> pl.Expr:
    """The year each row is filed under, from its time_period (201819 -> 2019), null where it is no
    year (those rows are skipped); --year only for a one-year file."""
    table.require("time_period")
    periods = table.frame["time_period"].drop_nulls().unique().to_list()
    if given is not None:
        if len(periods) > 1:
            raise table.error(
                f"this file holds {len(periods)} years, so one --year cannot apply to all of them; "
                "leave --year out and the file's own time_period is used",
                column="time_period",
            )
        return pl.lit(given, pl.Int32)
    mapping = {p: period_year(p) for p in periods}
    return pl.col("time_period").replace_strict(mapping, default=None, return_dtype=pl.Int32)


def _no_year(frame: pl.DataFrame) -> list[Skip]:
    """Rows whose time_period is no year: rows that cannot be placed, counted by their value."""
    bad = frame.filter(pl.col("_year").is_null())
    period = pl.col("time_period").fill_null("")
    return skips_where(
        bad,
        pl.lit("time_period '") + period + pl.lit("' is not a year"),
        pl.lit("time_period '") + period + pl.lit("'"),
        "time_period",
    )


def _status(table: TextTable) -> pl.Expr:
    """The figure's status: the EES ``version`` in lower case ("provisional", "revised", "final")."""
    return table.text("version").str.to_lowercase()


def _filters(table: TextTable) -> list[pl.Expr]:
    """``_group``: '' on a headline row, a pupil group (EES_GROUPS) on a group row; ``_why``: why any
    other row is not read ("breakdown by rurality: Urban"), null on headline and group rows."""
    school = pl.col("geographic_level").str.strip_chars() == "School"
    present = [f for f in cols.EES_FILTERS if f.column in table.frame.columns]
    splits: list[tuple[cols.EesFilter, pl.Expr, pl.Expr]] = []
    for spec in present:
        value = pl.col(spec.column).str.strip_chars()
        split = value.is_not_null() & (value != "") & ~value.is_in(list(spec.headline))
        if spec.areas_only:
            split = split & ~school.fill_null(False)
        splits.append((spec, value, split))
    grouped = [(value, split) for spec, value, split in splits if spec.groups]
    candidates: list[pl.Expr] = [pl.when(split).then(value) for value, split in grouped]
    first_group = pl.coalesce(candidates or [pl.lit(None, pl.String)])
    group = first_group.replace_strict(cols.EES_GROUPS, default=None, return_dtype=pl.String)
    one_group = pl.all_horizontal(
        [~split | (value == first_group) for value, split in grouped] or [pl.lit(True)]
    )
    other_split = [(spec, value, split) for spec, value, split in splits if not spec.groups]
    no_other = ~pl.any_horizontal([s for _, _, s in other_split] or [pl.lit(False)])
    is_group = no_other & one_group & group.is_not_null()
    any_split = pl.any_horizontal([s for _, _, s in splits] or [pl.lit(False)])
    topic = cols.EES_TOPIC.column
    topic_split = pl.lit(False)
    if topic in table.frame.columns:
        value = pl.col(topic).str.strip_chars()
        topic_split = value.is_not_null() & (value != "") & ~value.is_in(list(cols.EES_TOPIC.headline))
    why = pl.lit(None, pl.String)
    for spec, value, split in reversed(splits):
        words = f"breakdown by {spec.column.replace('_', ' ')}: "
        if spec.column == "breakdown":
            words = "breakdown: "
        if spec.areas_only:
            words = "figures for one type of school only, not all state-funded schools: "
        why = pl.when(split).then(pl.lit(words) + value).otherwise(why)
    if topic in table.frame.columns:
        why = why.fill_null(pl.lit("breakdown by ") + pl.col(topic).str.strip_chars())
    headline = ~any_split & ~topic_split
    return [
        pl.when(headline).then(pl.lit("")).when(is_group).then(group).alias("_group"),
        pl.when(headline | is_group).then(None).otherwise(why).alias("_why"),
    ]


def _filter_names() -> set[str]:
    return (
        {f.column for f in cols.EES_FILTERS}
        | {cols.EES_TOPIC.column}
        | {p.column for p in cols.EES_PREFERENCES}
    )


def _skip_kind() -> pl.Expr:
    """What a left-out row is counted under: its level, or the filter it breaks down by."""
    return (
        pl.when(pl.col("_level").is_null())
        .then(pl.lit("geographic level ") + pl.col("geographic_level").fill_null(""))
        .otherwise(pl.col("_why").str.split(":").list.first())
    )


def _skip_reason() -> pl.Expr:
    return (
        pl.when(pl.col("_level").is_null())
        .then(pl.lit("geographic level ") + pl.col("geographic_level").fill_null("") + pl.lit(" not read"))
        .otherwise(pl.col("_why"))
    )


def _urn(table: TextTable) -> pl.Expr:
    """The school's URN, null where school_urn is missing or no whole number (skipped, counted)."""
    if "school_urn" not in table.frame.columns:
        return pl.lit(None, pl.Int64).alias("_urn")
    return pl.col("school_urn").str.strip_chars().cast(pl.Int64, strict=False).alias("_urn")


def _area(table: TextTable) -> list[pl.Expr]:
    level = pl.col("_level")
    code = (
        pl.when(level == AreaType.LA.value)
        .then(table.text("old_la_code"))
        .when(level == AreaType.REGION.value)
        .then(table.text("region_code"))
        .otherwise(pl.lit(ENGLAND_CODE))
    )
    name = (
        pl.when(level == AreaType.LA.value)
        .then(table.text("la_name"))
        .when(level == AreaType.REGION.value)
        .then(table.text("region_name"))
        .otherwise(pl.lit("England"))
    )
    return [code.alias("_code"), name.alias("_area_name")]


def _preferred(table: TextTable, rows: pl.DataFrame, identity: list[str]) -> tuple[pl.DataFrame, list[Skip]]:
    """Of rows giving the same figures (same school or area, year, group, subject and version) under
    several geography bases, the preferred one (EES_PREFERENCES, in order); the rest skipped."""
    key = [*identity, "_year", "_group", "_subject", "_status"]
    lost: list[Skip] = []
    for preference in cols.EES_PREFERENCES:
        if preference.column not in table.frame.columns or rows.is_empty():
            continue
        value = pl.col(preference.column).str.strip_chars()
        rank = value.replace_strict(
            list(preference.order), list(range(len(preference.order))), default=len(preference.order)
        ).fill_null(len(preference.order))
        rows = rows.with_columns(rank.alias("_rank")).with_columns(
            (pl.col("_rank") > pl.col("_rank").min().over(key)).alias("_lost")
        )
        before, after = preference.reason.split("{value}")
        lost += skips_where(
            rows.filter(pl.col("_lost")),
            pl.lit(before) + value.fill_null("") + pl.lit(after),
            pl.lit(f"{preference.column.replace('_', ' ')} ") + value.fill_null(""),
        )
        rows = rows.filter(~pl.col("_lost")).drop("_rank", "_lost")
    return rows, lost


# ---------------------------------------------------------------------------------------------
# Values and measures


def _values(table: TextTable, layout: cols.EesLayout) -> list[pl.Expr]:
    """For each mapped column in the file: its number (v:), missing reason (m:) and text (t:)."""
    exprs: list[pl.Expr] = []
    for spec in {c.column: c for c in layout.columns if c.column in table.frame.columns}.values():
        if spec.text:
            text = table.text(spec.column)
            seen = table.frame[spec.column].drop_nulls().unique().to_list()
            reasons = {v: m.value for v in seen if (m := marker(v)) is not None}
            reason = pl.col(spec.column).replace_strict(reasons, default=None, return_dtype=pl.String)
            reason = pl.when(pl.col(spec.column).is_null()).then(pl.lit("blank")).otherwise(reason)
            exprs += [
                pl.lit(None, pl.Float64).alias(f"v:{spec.column}"),
                reason.alias(f"m:{spec.column}"),
                pl.when(reason.is_null()).then(text).alias(f"t:{spec.column}"),
            ]
            continue
        value, missing = table.measure_values(spec.column)
        if spec.complement:
            value = pl.lit(100.0) - value
        exprs += [
            value.round(6).alias(f"v:{spec.column}") if spec.complement else value.alias(f"v:{spec.column}"),
            missing.alias(f"m:{spec.column}"),
            pl.lit(None, pl.String).alias(f"t:{spec.column}"),
        ]
    return exprs


def _measures(rows: pl.DataFrame, ids: list[pl.Expr], layout: cols.EesLayout) -> pl.DataFrame:
    """Long measures: one row per (row, mapped column of its subject), for the headline and groups."""
    parts = []
    for spec in layout.columns:
        if f"v:{spec.column}" not in rows.columns:
            continue
        of_subject = rows if spec.subject is None else rows.filter(pl.col("_subject") == spec.subject)
        for group in ["", *cols.EES_GROUP_MEASURES]:
            measure = spec.measure if not group else cols.EES_GROUP_MEASURES[group].get(spec.measure)
            part = of_subject.filter(pl.col("_group") == group)
            if measure is None or part.is_empty():
                continue
            parts.append(
                part.select(
                    *ids,
                    pl.lit(measure).alias("measure"),
                    pl.col(f"v:{spec.column}").alias("value"),
                    pl.col(f"m:{spec.column}").alias("missing"),
                    pl.col(f"t:{spec.column}").alias("text"),
                    pl.lit(spec.column).alias("source_column"),
                    pl.col("_status").alias("status"),
                    pl.col(_ROW),
                )
            )
    if not parts:
        empty = rows.clear().select(*ids, pl.col(_ROW))
        return empty.with_columns(
            pl.lit(None, pl.String).alias("measure"),
            pl.lit(None, pl.Float64).alias("value"),
            pl.lit(None, pl.String).alias("missing"),
            pl.lit(None, pl.String).alias("text"),
            pl.lit(None, pl.String).alias("source_column"),
            pl.lit(None, pl.String).alias("status"),
        )
    return pl.concat(parts, how="vertical_relaxed")


def _headline_versions(measures: pl.DataFrame, key: list[str]) -> tuple[pl.DataFrame, int]:
    """One row per key: where the file gives a figure in several versions, the one first in
    domain.years.HEADLINE_ORDER is the headline and the others go in its ``kept`` (JSON)."""
    count = pl.len().over(key)
    several = measures.filter(count > 1)
    single = measures.filter(count == 1).with_columns(pl.lit(None, pl.String).alias("kept"))
    if several.is_empty():
        return single, 0
    statuses = several["status"].unique().to_list()
    ranks = {s: years.headline_rank(s) for s in statuses if s is not None}
    rank = pl.col("status").replace_strict(ranks, default=years.headline_rank(None), return_dtype=pl.Int32)
    several = several.with_columns(rank.alias("_rank")).sort([*key, "_rank", _ROW])
    head = pl.int_range(pl.len()).over(key) == 0
    others = several.filter(~head)
    kept = (
        others.group_by(key)
        .agg(pl.struct("status", "value", "missing", "source_column").alias("_k"))
        .with_columns(
            pl.col("_k").map_elements(lambda k: json.dumps(k.to_list()), return_dtype=pl.String).alias("kept")
        )
        .drop("_k")
    )
    heads = several.filter(head).drop("_rank").join(kept, on=key, how="left")
    return pl.concat([single, heads.select(single.columns)]), others.height


def _check_unique(table: TextTable, frame: pl.DataFrame, keys: list[str], what: str) -> None:
    """Two rows for one school (or area), year and measure would make one figure ambiguous."""
    dupes = frame.filter(pl.struct(keys).is_duplicated())
    if dupes.height:
        last = dupes.sort(_ROW).row(-1, named=True)
        same = [pl.col(k).eq_missing(pl.lit(last[k], dtype=frame.schema[k])) for k in keys]
        first = dupes.filter(pl.all_horizontal(same)).sort(_ROW)
        name = f"{what} {last[keys[1] if what == 'area' else keys[0]]}"
        raise table.error(
            f"{name} has two rows for {last['measure']} in {last['year']} (rows {first[_ROW][0]} and "
            f"{last[_ROW]}) that no filter or version tells apart",
            row=int(last[_ROW]),
        )


READERS = [EesReader()]
