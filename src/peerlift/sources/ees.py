"""Reader for Explore Education Statistics (EES) tidy files: the DfE's KS2 and KS4 statistics since
2024 (school-level performance and school information, and national, regional and LA files).

An EES file has one row per area (or school), period and breakdown. Of those rows peerlift loads the
headline (every filter at "Total", all state-funded schools for an area) and the pupil groups it maps
(disadvantaged, not disadvantaged); where the file gives the same figure more than once (one row per
version or per geography basis) the preferred row is the headline. Every other row is listed as
skipped with its reason, so nothing is dropped unseen. Which column is which measure, which values
are totals and which version wins is data in ``ees_columns.py``.
"""

from __future__ import annotations

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
)

_ROW = "_row"


def layout_of(cells: Iterable[str]) -> cols.EesLayout | None:
    """The layout of which the header has the most signature columns (the first on a tie)."""
    present = set(cells)
    scored = [(len(layout.signature & present), -i, layout) for i, layout in enumerate(cols.EES_LAYOUTS)]
    best = max(scored, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] else None


def period_year(text: str) -> int | None:
    """The year (academic-year end) an EES ``time_period`` such as 202324 is filed under, read by the
    shared year grammar (domain/years.py); None when it is not a year."""
    found = years.year_or_none(text)
    return found.year if found else None


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
        )
        skipped: list[Skip] = []
        unplaced = pl.col("_level").is_null() | pl.col("_why").is_not_null()
        skipped += _skips(frame.filter(unplaced), _skip_reason())
        rows = frame.filter(~unplaced)
        schools = rows.filter(pl.col("_level") == cols.SCHOOL).with_columns(_urn(table))
        no_urn = schools.filter(pl.col("_urn").is_null())
        if no_urn.height:
            raise table.error("a school row has no URN", row=int(no_urn[_ROW][0]), column="school_urn")
        areas = rows.filter(pl.col("_level") != cols.SCHOOL).with_columns(_area(table))
        no_code = areas.filter(pl.col("_code").is_null())
        if no_code.height:
            row = no_code.row(0, named=True)
            column = "old_la_code" if row["_level"] == AreaType.LA.value else "region_code"
            raise table.error("an area row has no area code", row=int(row[_ROW]), column=column)
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
        _check_unique(table, school_measures, ["urn", "year", "measure"], "URN")
        _check_unique(table, area_measures, ["area_type", "area_code", "year", "measure"], "area")
        years = sorted(rows["_year"].unique().drop_nulls().to_list())
        notes.append(f"years {', '.join(map(str, years)) or 'none'}")
        mapped = {c.column for c in layout.columns}
        return ReadResult(
            kind=self.kind,
            path=path,
            year=years[0] if len(years) == 1 else None,
            tables={
                frames.SCHOOL_MEASURES: school_measures.drop(_ROW),
                frames.AREA_MEASURES: area_measures.drop(_ROW),
            },
            rows_read=table.frame.height,
            skipped=sorted(skipped, key=lambda s: s.row),
            unknown_columns=report_unknown(
                table.header, mapped | layout.known | cols.EES_COMMON | _filter_names()
            ),
            notes=notes,
        )


# ---------------------------------------------------------------------------------------------
# Rows: year, filters, identity


def _years(table: TextTable, given: int | None) -> pl.Expr:
    """Academic-year end from time_period (201819 -> 2019); --year only for a one-year file."""
    table.require("time_period")
    periods = table.frame["time_period"].drop_nulls().unique().to_list()
    mapping = {p: period_year(p) for p in periods}
    bad = [p for p, y in mapping.items() if y is None]
    if bad or table.frame["time_period"].null_count():
        bad_row = pl.col("time_period").is_null() | pl.col("time_period").is_in(bad)
        row = table.first_bad("time_period", bad_row)
        value = table.frame.filter(pl.col(_ROW) == row).item(0, "time_period")
        raise table.error(f"{value!r} is not an academic year such as 201819", row=row, column="time_period")
    if given is not None:
        if len(periods) > 1:
            raise table.error(
                f"this file holds {len(periods)} years, so one --year cannot apply to all of them; "
                "leave --year out and the file's own time_period is used",
                column="time_period",
            )
        return pl.lit(given, pl.Int32)
    return pl.col("time_period").replace_strict(mapping, return_dtype=pl.Int32)


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


def _skip_reason() -> pl.Expr:
    return (
        pl.when(pl.col("_level").is_null())
        .then(pl.lit("geographic level ") + pl.col("geographic_level").fill_null("") + pl.lit(" not read"))
        .otherwise(pl.col("_why"))
    )


def _urn(table: TextTable) -> pl.Expr:
    if "school_urn" not in table.frame.columns:
        return pl.lit(None, pl.Int64).alias("_urn")
    return table.integers("school_urn").alias("_urn")


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
    """Of rows giving the same figures (same school or area, year, group and subject) under several
    versions or geography bases, the preferred one (EES_PREFERENCES, in order); the rest skipped."""
    key = [*identity, "_year", "_group", "_subject"]
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
        lost += _skips(rows.filter(pl.col("_lost")), pl.lit(before) + value.fill_null("") + pl.lit(after))
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
        )
    return pl.concat(parts, how="vertical_relaxed")


def _check_unique(table: TextTable, frame: pl.DataFrame, keys: list[str], what: str) -> None:
    """Two rows for one school (or area), year and measure would make one figure ambiguous."""
    dupes = frame.filter(pl.struct(keys).is_duplicated())
    if dupes.height:
        last = dupes.sort(_ROW).row(-1, named=True)
        first = dupes.filter(pl.all_horizontal([pl.col(k) == last[k] for k in keys])).sort(_ROW)
        name = f"{what} {last[keys[1] if what == 'area' else keys[0]]}"
        raise table.error(
            f"{name} has two rows for {last['measure']} in {last['year']} (rows {first[_ROW][0]} and "
            f"{last[_ROW]}) that no filter or version tells apart",
            row=int(last[_ROW]),
        )


def _skips(frame: pl.DataFrame, reason: pl.Expr) -> list[Skip]:
    rows = frame.select(pl.col(_ROW), reason.alias("reason"))
    return [Skip(int(r), str(why)) for r, why in rows.iter_rows()]


READERS = [EesReader()]
