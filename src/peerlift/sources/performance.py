"""Readers for the DfE school performance tables: KS2, KS4, census, absence, school information, the
LA code list, and the newer Explore Education Statistics (EES) tidy files.

Every figure becomes one row of ``school_measures`` (schools) or ``area_measures`` (LA, region and
England rows of the same files), in long form, with suppression markers kept as typed missing values.
Which column holds which measure in which year is data in ``performance_columns.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from peerlift.domain import years
from peerlift.domain.areas import ENGLAND_CODE, REGION_NAMES, AreaType, region_code
from peerlift.domain.missing import Missing
from peerlift.sources import frames
from peerlift.sources import performance_columns as cols
from peerlift.sources.base import (
    Head,
    Reader,
    ReadResult,
    Skip,
    SourceError,
    TextTable,
    header_with,
    load_csv,
    report_unknown,
    skips_where,
    year_from_name,
)

SCHOOL = "school"
NATIONAL_ALL = "national_all"
# Cells a new school's short row holds where its figures would be (the row stops after "NEW").
NEW_MARKER = "NEW"
IDENTITY_COLUMNS = 30  # a NEW school's row is cut short within its first columns


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _has(head: Head, *names: str) -> bool:
    cells = set(head.header_cells())
    return all(name in cells for name in names)


def _long(
    table: TextTable,
    rows: pl.DataFrame,
    ids: list[pl.Expr],
    measures: dict[str, str],
    new_school: pl.Expr | None = None,
) -> pl.DataFrame:
    """One row per (row of ``rows``, mapped column): the measure's value or why it has none.

    Each column is checked over the whole file first, so a bad cell is reported with its row.
    """
    parts = []
    for column, measure in measures.items():
        if column not in table.frame.columns:
            continue
        value, missing = table.measure_values(column)
        if new_school is not None:
            missing = (
                pl.when(missing == Missing.BLANK.value, new_school)
                .then(pl.lit(Missing.NEW_SCHOOL.value))
                .otherwise(missing)
                .alias("missing")
            )
        parts.append(
            rows.select(
                *ids,
                value,
                missing,
                pl.lit(measure).alias("measure"),
                pl.lit(column).alias("source_column"),
            )
        )
    if not parts:
        return (
            rows.select(*ids)
            .clear()
            .with_columns(
                pl.lit(None, pl.Float64).alias("value"),
                pl.lit(None, pl.String).alias("missing"),
                pl.lit(None, pl.String).alias("measure"),
                pl.lit(None, pl.String).alias("source_column"),
            )
        )
    return pl.concat(parts, how="vertical_relaxed")


def _check_unique(table: TextTable, frame: pl.DataFrame, keys: list[str], what: str) -> None:
    """Two rows for one school (or area) and year would make one figure ambiguous."""
    dupes = frame.filter(pl.struct(keys).is_duplicated())
    if dupes.height:
        last = dupes.sort("_row").row(-1, named=True)
        raise table.error(f"{what} {last[keys[0]]} appears more than once in the file", row=int(last["_row"]))


def _name_year(path: Path) -> int | None:
    """The academic-year end a file name gives (domain.years' grammar), knowing the LA downloads
    name the first year ('2018-936-ks2.csv' is 2018/19)."""
    first = cols.FIRST_YEAR_NAMES.match(path.name)
    if first:
        return years.parse(first.group(1)).year + 1
    return year_from_name(path.name)


def _need_year(path: Path, year: int | None, what: str) -> int:
    """A file that carries no year: the --year given, else the file name's, else an error."""
    if year is not None:
        return year
    named = _name_year(path)
    if named is None:
        raise SourceError(
            path,
            f"{what} does not say which year it is for, and neither does its name: "
            "give the year with --year (2019 for 2018/19)",
        )
    return named


def _skips(
    frame: pl.DataFrame, reason: pl.Expr, kind: pl.Expr | str = "", column: str | None = None
) -> list[Skip]:
    return skips_where(frame, reason, kind, column)


def _total_row(table: TextTable, la_column: str) -> tuple[pl.Expr, pl.Expr]:
    """(is a total row, which) for files whose LA and England totals sit where a school's URN would:
    a placeholder (cols.TOTAL_ROW_URNS) in the URN cell, or NAT in the LA cell. An LA code beside
    it makes it the LA's total, anything else England's."""
    urn = table.text("URN").str.to_uppercase()
    la = table.text(la_column).str.to_uppercase() if la_column in table.frame.columns else pl.lit(None)
    national = la.is_in(list(cols.ENGLAND_LA_CELLS)).fill_null(False)
    total = (urn.is_null() | urn.is_in(list(cols.TOTAL_ROW_URNS)) | national).fill_null(False)
    england = la.is_null() | national
    which = pl.when(england).then(pl.lit(cols.ENGLAND_TOTAL)).otherwise(pl.lit(cols.LA_TOTAL))
    return total, which


def _not_a_urn(table: TextTable, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Skip]]:
    """School rows whose URN is not a whole number are rows that cannot be placed: skipped."""
    urn = pl.col("URN").str.strip_chars().cast(pl.Int64, strict=False)
    bad = frame.filter(urn.is_null())
    skips = _skips(
        bad,
        pl.lit("'") + pl.col("URN").fill_null("") + pl.lit("' is not a URN"),
        "URN not a number",
        "URN",
    )
    return frame.filter(urn.is_not_null()).with_columns(urn.alias("_urn")), skips


# ---------------------------------------------------------------------------------------------
# KS2 and KS4 school-level files: one row per school, then LA and England rows (RECTYPE)


@dataclass
class RectypeReader:
    """A KS2 or KS4 school-level file, in the layout of england_ks2final.csv / england_ks4final.csv."""

    kind: str
    description: str
    signature: str  # a column only this layout has
    columns: tuple[cols.Column, ...]
    known: frozenset[str]
    rectypes: dict[str, str]
    prior_year: re.Pattern[str]

    def sniff(self, head: Head) -> bool:
        return _has(head, "RECTYPE", "URN", self.signature)

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with("RECTYPE", self.signature), short_rows=True)
        table.require("RECTYPE", "LEA", "URN", self.signature)
        notes: list[str] = []
        year = self._year(table, year, notes)
        measures = cols.columns_for(self.columns, year)
        frame = table.frame.with_columns(
            table.text("RECTYPE").replace_strict(self.rectypes, default=None).alias("_role"),
            table.text("URN").cast(pl.Int64, strict=False).alias("_urn"),
            table.text("LEA").alias("_lea"),
            table.text("SCHNAME").alias("_name"),
            self._new_school(table).alias("_new"),
        )
        schools = frame.filter(pl.col("_role") == SCHOOL)
        no_urn = schools.filter(pl.col("_urn").is_null())
        schools = schools.filter(pl.col("_urn").is_not_null())
        _check_unique(table, schools, ["_urn"], "URN")
        school_ids = [pl.col("_urn").alias("urn"), pl.lit(year, pl.Int32).alias("year")]
        school_measures = _long(table, schools, school_ids, measures, pl.col("_new"))
        area_measures, no_code = self._areas(table, frame, year, measures)
        skipped = self._skipped(frame) + _skips(
            no_urn,
            pl.lit("a school row (RECTYPE ") + pl.col("RECTYPE") + pl.lit(") with no URN a school has"),
            "school row without a URN",
            "URN",
        )
        skipped += _skips(no_code, pl.lit("an LA row with no LA code"), "LA row without an LA code", "LEA")
        if skipped:
            notes.append(f"{len(skipped)} row(s) left out: national rows for all schools or unknown RECTYPE")
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.SCHOOL_MEASURES: school_measures, frames.AREA_MEASURES: area_measures},
            rows_read=table.frame.height,
            skipped=skipped,
            unknown_columns=_unknown_allowing_year_suffixes(table.header, set(measures) | self.known),
            notes=notes,
        )

    def _year(self, table: TextTable, given: int | None, notes: list[str]) -> int:
        """From the prior-year columns (content), else the name; --year overrides both."""
        suffixes = [
            years.two_digit_year(int(m.group(1))) for c in table.header if (m := self.prior_year.match(c))
        ]
        content = max(suffixes) + 1 if suffixes else None
        named = _name_year(table.path)
        found = content if content is not None else named
        if given is not None:
            if found is not None and found != given:
                notes.append(f"the file looks like {found} but --year {given} was given: using {given}")
            return given
        if found is None:
            raise table.error(
                "cannot tell which year this file is for: give it with --year (2019 for 2018/19)"
            )
        if content is not None and named is not None and content != named:
            notes.append(f"the name suggests {named} but the columns say {content}: using {content}")
        return found

    @staticmethod
    def _new_school(table: TextTable) -> pl.Expr:
        """True on the short rows the tables print for a new school: 'NEW' in the pupil count where
        figures start (cols.NEW_SCHOOL_COLUMNS), found by name so that a reordered file reads the same;
        a file with none of those columns falls back to its first columns."""
        named = [c for c in cols.NEW_SCHOOL_COLUMNS if c in table.frame.columns]
        early = named or [c for c in table.header[:IDENTITY_COLUMNS] if c in table.frame.columns]
        return pl.any_horizontal([pl.col(c).str.strip_chars() == NEW_MARKER for c in early]).fill_null(False)

    def _areas(
        self, table: TextTable, frame: pl.DataFrame, year: int, measures: dict[str, str]
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """LA and England rows as area measures, and the LA rows with no code (to be skipped)."""
        la = frame.filter(pl.col("_role") == AreaType.LA.value)
        no_code = la.filter(pl.col("_lea").is_null())
        la = la.filter(pl.col("_lea").is_not_null())
        england = frame.filter(pl.col("_role") == AreaType.ENGLAND.value)
        year_lit = pl.lit(year, pl.Int32).alias("year")
        la_ids = [
            pl.lit(AreaType.LA.value).alias("area_type"),
            pl.col("_lea").alias("area_code"),
            pl.col("_name").alias("area_name"),
            year_lit,
        ]
        england_ids = [
            pl.lit(AreaType.ENGLAND.value).alias("area_type"),
            pl.lit(ENGLAND_CODE).alias("area_code"),
            pl.lit("England").alias("area_name"),
            year_lit,
        ]
        _check_unique(table, la, ["_lea"], "LA")
        if england.height > 1:
            raise table.error("more than one England row", row=int(england["_row"][1]), column="RECTYPE")
        areas = pl.concat(
            [_long(table, la, la_ids, measures), _long(table, england, england_ids, measures)],
            how="vertical_relaxed",
        )
        return areas, no_code

    def _skipped(self, frame: pl.DataFrame) -> list[Skip]:
        national = frame.filter(pl.col("_role") == NATIONAL_ALL)
        unknown = frame.filter(pl.col("_role").is_null())
        rectype = pl.col("RECTYPE").fill_null("").str.strip_chars()
        return _skips(
            national,
            pl.lit(
                "national figures for all schools, independent schools included: "
                "peerlift's England figures are those for state-funded schools"
            ),
            f"{cols.ENGLAND_TOTAL} (all schools)",
        ) + _skips(
            unknown,
            pl.lit("RECTYPE '") + rectype + pl.lit("' is not one we know"),
            pl.lit("RECTYPE '") + rectype + pl.lit("' unknown"),
            "RECTYPE",
        )


# ---------------------------------------------------------------------------------------------
# Census and absence: one row per school, no year in the file


@dataclass
class SchoolFileReader:
    """A national file with one row per school (URN) and a few measures, carrying no year."""

    kind: str
    description: str
    signature: tuple[str, ...]
    columns: tuple[cols.Column, ...]
    known: frozenset[str]

    def sniff(self, head: Head) -> bool:
        return _has(head, *self.signature)

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        whole = load_csv(path, header_with(*self.signature))
        whole.require("URN", *self.signature)
        year = _need_year(path, year, f"this {self.kind} file")
        total, which = _total_row(whole, "LA")
        table = TextTable(path, whole.frame.filter(~total), whole.header, whole.header_row)
        phase = pl.coalesce(whole.text("ESTAB"), whole.text("LA"), pl.lit(""))
        skipped = _skips(
            whole.frame.filter(total),
            pl.when(which == cols.ENGLAND_TOTAL)
            .then(
                pl.lit("England total (")
                + phase
                + pl.lit("): area_measures has no phase, so phase totals are not loaded")
            )
            .otherwise(
                pl.lit("LA ")
                + whole.text("LA").fill_null("")
                + pl.lit(" total: LA figures come from LAIT, not from school files")
            ),
            which,
        )
        measures = cols.columns_for(self.columns, year)
        frame, bad = _not_a_urn(table, table.frame)
        skipped += bad
        table = TextTable(path, frame, whole.header, whole.header_row)
        _check_unique(table, frame, ["_urn"], "URN")
        ids = [pl.col("_urn").alias("urn"), pl.lit(year, pl.Int32).alias("year")]
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.SCHOOL_MEASURES: _long(table, frame, ids, measures)},
            rows_read=whole.frame.height,
            skipped=skipped,
            unknown_columns=report_unknown(table.header, set(measures) | self.known),
            notes=[f"year {year}: this file carries no year of its own"],
        )


# ---------------------------------------------------------------------------------------------
# School information: identifiers and characteristics only


@dataclass
class SchoolInformationReader:
    """england_school_information.csv, its LA downloads, and the older "spine" layout (RECTYPE,
    LEA, ESTAB, URN, SCHNAME...). Checked and counted, but it holds nothing GIAS does not."""

    kind: str = "school_information"
    description: str = "DfE performance tables england_school_information.csv (school details)"

    def sniff(self, head: Head) -> bool:
        cells = set(head.header_cells())
        if {"URN", "LAESTAB", "SCHSTATUS", "ISPRIMARY"} <= cells:
            return True
        return cells >= cols.SPINE_SIGNATURE and not cells & cols.SPINE_NOT

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, self._header, short_rows=True)
        spine = "RECTYPE" in table.header
        table.require("URN", "SCHNAME", "LEA" if spine else "LAESTAB")
        total, which = _total_row(table, "LEA" if spine else "LA")
        if spine:  # the spine says which rows are totals outright
            role = table.text("RECTYPE").replace_strict(cols.SPINE_RECTYPES, default=None)
            total = (role != SCHOOL).fill_null(total)
            which = (
                pl.when(role == AreaType.LA.value)
                .then(pl.lit(cols.LA_TOTAL))
                .when(role.is_not_null())
                .then(pl.lit(cols.ENGLAND_TOTAL))
                .otherwise(which)
            )
        totals = table.frame.filter(total)
        skipped = _skips(
            totals.with_columns(which.alias("_which")),
            pl.col("_which") + pl.lit(": school information has no figures to take from it"),
            pl.col("_which"),
        )
        schools, bad = _not_a_urn(table, table.frame.filter(~total))
        rows = TextTable(path, schools, table.header, table.header_row)
        numeric = [c for c in ("LAESTAB", "AGELOW", "AGEHIGH") if c in schools.columns]
        rows.frame.select([rows.integers(c) for c in numeric])
        known = cols.SCHOOL_INFORMATION_KNOWN | (cols.KS2_KNOWN | cols.KS4_KNOWN if spine else frozenset())
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.SCHOOL_MEASURES: frames.empty(frames.SCHOOL_MEASURES)},
            rows_read=table.frame.height,
            skipped=skipped + bad,
            unknown_columns=report_unknown(table.header, known),
            notes=[
                ("layout=spine (RECTYPE rows); " if spine else "")
                + "school information holds names, types, ages and status, which the GIAS register "
                "already carries: no measures are taken from it"
            ],
        )

    @staticmethod
    def _header(cells: list[str]) -> bool:
        present = set(cells)
        return {"URN", "LAESTAB", "SCHSTATUS"} <= present or present >= cols.SPINE_SIGNATURE


# ---------------------------------------------------------------------------------------------
# LA and region codes


@dataclass
class LaCodesReader:
    kind: str = "la_codes"
    description: str = "DfE performance tables la_and_region_codes_meta.csv (LA code, name, region)"

    def sniff(self, head: Head) -> bool:
        return _has(head, "LEA", "LA Name", "REGION NAME")

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with("LEA", "LA Name", "REGION NAME"))
        table.require("LEA", "LA Name", "REGION NAME")
        frame = table.frame.with_columns(
            table.integers("LEA", allow_markers=False).alias("_code"),
            table.text("LA Name").alias("_name"),
            table.text("REGION NAME").alias("_subregion"),
        )
        for column, expr in (("LEA", "_code"), ("LA Name", "_name"), ("REGION NAME", "_subregion")):
            blank = frame.filter(pl.col(expr).is_null())
            if blank.height:
                raise table.error("this cell is empty", row=int(blank["_row"][0]), column=column)
        codes = {sub: region_code(region) for sub, region in cols.SUBREGION_REGIONS.items()}
        frame = frame.with_columns(pl.col("_subregion").replace_strict(codes, default=None).alias("_region"))
        unknown = frame.filter(pl.col("_region").is_null())
        if unknown.height:
            value = unknown["_subregion"][0]
            raise table.error(
                f"{value!r} is not a region peerlift knows", row=int(unknown["_row"][0]), column="REGION NAME"
            )
        _check_unique(table, frame, ["_code"], "LA code")
        authorities = frame.select(
            pl.col("_code").alias("la_code"),
            pl.col("_name").alias("name"),
            pl.col("_region").alias("region_code"),
            pl.col("_region").replace_strict(REGION_NAMES, default=None).alias("region"),
        )
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.LOCAL_AUTHORITIES: authorities},
            rows_read=table.frame.height,
            unknown_columns=report_unknown(table.header, cols.LA_CODES_KNOWN | {"LA Name", "REGION NAME"}),
            notes=["REGION is the DfE's sub-region (e.g. 'North East A'); each is mapped to its region"],
        )


# ---------------------------------------------------------------------------------------------
# Explore Education Statistics tidy files


@dataclass
class EesReader:
    kind: str = "ees_tidy"
    description: str = "Explore Education Statistics KS2/KS4 tidy data (school, LA, region, England rows)"

    def sniff(self, head: Head) -> bool:
        cells = set(head.header_cells())
        return {"time_period", "geographic_level"} <= cells and self._layout(cells) is not None

    @staticmethod
    def _layout(cells: Iterable[str]) -> cols.EesLayout | None:
        present = set(cells)
        return next((layout for layout in cols.EES_LAYOUTS if layout.signature & present), None)

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with("time_period", "geographic_level"))
        layout = self._layout(table.header)
        if layout is None:
            raise table.error("none of the KS2 or KS4 measure columns peerlift reads is in this file", row=1)
        file_year = self._years(table, year)
        frame = table.frame.with_columns(
            table.text("geographic_level").replace_strict(cols.EES_LEVELS, default=None).alias("_level"),
            file_year.alias("_year"),
            self._group(table).alias("_group"),
            self._area_headline(table).alias("_headline"),
            table.text("subject").alias("_subject"),
        )
        kept = pl.col("_level").is_not_null() & pl.col("_group").is_not_null() & pl.col("_headline")
        rows = frame.filter(kept)
        has_urn = "school_urn" in table.frame.columns
        urn = table.integers("school_urn") if has_urn else pl.lit(None, pl.Int64)
        school = rows.filter(pl.col("_level") == SCHOOL).with_columns(urn.alias("_urn"))
        if school["_urn"].null_count():
            row = int(school.filter(pl.col("_urn").is_null())["_row"][0])
            raise table.error("a school row has no URN", row=row, column="school_urn")
        areas = rows.filter(pl.col("_level") != SCHOOL).with_columns(self._area(table))
        school_ids = [pl.col("_urn").alias("urn"), pl.col("_year").cast(pl.Int32).alias("year")]
        area_ids = [
            pl.col("_level").alias("area_type"),
            pl.col("_code").alias("area_code"),
            pl.col("_area_name").alias("area_name"),
            pl.col("_year").cast(pl.Int32).alias("year"),
        ]
        school_measures = self._measures(table, school, school_ids, layout)
        area_measures = self._measures(table, areas, area_ids, layout)
        _check_unique(table, school_measures, ["urn", "year", "measure"], "URN")
        _check_unique(table, area_measures, ["area_type", "area_code", "year", "measure"], "area")
        years = sorted(frame["_year"].unique().drop_nulls().to_list())
        mapped = {c.column for c in layout.columns}
        return ReadResult(
            kind=self.kind,
            path=path,
            year=years[0] if len(years) == 1 else None,
            tables={
                frames.SCHOOL_MEASURES: school_measures.drop("_row"),
                frames.AREA_MEASURES: area_measures.drop("_row"),
            },
            rows_read=table.frame.height,
            skipped=_skips(frame.filter(~kept), self._skip_reason()),
            unknown_columns=report_unknown(table.header, mapped | cols.EES_KNOWN),
            notes=[f"layout {layout.name}; years {', '.join(map(str, years))}"],
        )

    @staticmethod
    def _years(table: TextTable, given: int | None) -> pl.Expr:
        """Academic-year end from time_period (201819 -> 2019); --year only for a one-year file."""
        table.require("time_period")
        period = pl.col("time_period").str.strip_chars()
        start = period.str.slice(0, 4).cast(pl.Int32, strict=False)
        end = period.str.slice(4, 2).cast(pl.Int32, strict=False)
        good = period.str.contains(r"^20\d{4}$") & (end == (start + 1) % 100)
        row = table.first_bad("time_period", ~good.fill_null(False))
        if row is not None:
            value = table.frame.filter(pl.col("_row") == row).item(0, "time_period")
            raise table.error(
                f"{value!r} is not an academic year such as 201819", row=row, column="time_period"
            )
        if given is None:
            return start + 1
        periods = table.frame["time_period"].unique()
        if periods.len() > 1:
            raise table.error(
                f"this file holds {periods.len()} years, so one --year cannot apply to all of them; "
                "leave --year out and the file's own time_period is used",
                column="time_period",
            )
        return pl.lit(given, pl.Int32)

    @staticmethod
    def _group(table: TextTable) -> pl.Expr:
        """'' for a headline row, a pupil group from EES_GROUPS, or null for any other breakdown."""
        present = [c for c in cols.EES_BREAKDOWNS if c in table.frame.columns]
        if not present:
            return pl.lit("")
        values = [pl.col(c).str.strip_chars() for c in present]
        split = [v.is_not_null() & (v != cols.EES_TOTAL) & (v != "") for v in values]
        first = pl.coalesce([pl.when(s).then(v) for s, v in zip(split, values, strict=True)])
        one_group = pl.all_horizontal([~s | (v == first) for s, v in zip(split, values, strict=True)])
        group = first.replace_strict(cols.EES_GROUPS, default=None)
        return pl.when(~pl.any_horizontal(split)).then(pl.lit("")).when(one_group).then(group)

    @staticmethod
    def _area_headline(table: TextTable) -> pl.Expr:
        """Area rows split by school type count only for all state-funded schools."""
        if "establishment_type_group" not in table.frame.columns:
            return pl.lit(True)
        level = pl.col("geographic_level").str.strip_chars()
        group = pl.col("establishment_type_group").str.strip_chars()
        return (
            (level == "School") | group.is_null() | group.is_in(list(cols.EES_AREA_SCHOOL_GROUPS))
        ).fill_null(True)

    @staticmethod
    def _area(table: TextTable) -> list[pl.Expr]:
        level = pl.col("_level")
        la_code = table.text("old_la_code")
        region = table.text("region_code")
        code = (
            pl.when(level == AreaType.LA.value)
            .then(la_code)
            .when(level == AreaType.REGION.value)
            .then(region)
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

    @staticmethod
    def _measures(
        table: TextTable, rows: pl.DataFrame, ids: list[pl.Expr], layout: cols.EesLayout
    ) -> pl.DataFrame:
        """Long measures for each mapped (column, subject) and pupil group."""
        parts = []
        ids = [*ids, pl.col("_row")]
        for spec in layout.columns:
            if spec.column not in table.frame.columns:
                continue
            of_subject = rows if spec.subject is None else rows.filter(pl.col("_subject") == spec.subject)
            for group in ["", *cols.EES_GROUP_MEASURES]:
                measure = spec.measure if not group else cols.EES_GROUP_MEASURES[group].get(spec.measure)
                if measure is None:
                    continue
                part = of_subject.filter(pl.col("_group") == group)
                if part.height:
                    parts.append(_long(table, part, ids, {spec.column: measure}))
        if not parts:
            return _long(table, rows, ids, {})
        return pl.concat(parts, how="vertical_relaxed")

    @staticmethod
    def _skip_reason() -> pl.Expr:
        return (
            pl.when(pl.col("_level").is_null())
            .then(
                pl.lit("geographic level ") + pl.col("geographic_level").fill_null("") + pl.lit(" not read")
            )
            .when(~pl.col("_headline"))
            .then(pl.lit("figures for one type of school only, not all state-funded schools"))
            .otherwise(pl.lit("a pupil-group breakdown peerlift does not map"))
        )


# ---------------------------------------------------------------------------------------------

READERS: list[Reader] = [
    RectypeReader(
        kind="ks2",
        description="DfE performance tables KS2 school-level file (england_ks2final.csv, LA downloads)",
        signature="PTRWM_EXP",
        columns=cols.KS2_COLUMNS,
        known=cols.KS2_KNOWN,
        rectypes=cols.KS2_RECTYPES,
        prior_year=cols.KS2_PRIOR_YEAR,
    ),
    RectypeReader(
        kind="ks4",
        description="DfE performance tables KS4 school-level file (england_ks4final.csv, LA downloads)",
        signature="ATT8SCR",
        columns=cols.KS4_COLUMNS,
        known=cols.KS4_KNOWN,
        rectypes=cols.KS4_RECTYPES,
        prior_year=cols.KS4_PRIOR_YEAR,
    ),
    SchoolFileReader(
        kind="census",
        description="DfE performance tables england_census.csv (pupils on roll, FSM, EAL, SEN)",
        signature=("URN", "NOR", "PNUMFSMEVER"),
        columns=cols.CENSUS_COLUMNS,
        known=cols.CENSUS_KNOWN,
    ),
    SchoolFileReader(
        kind="absence",
        description="DfE performance tables england_abs.csv (overall and persistent absence)",
        signature=("URN", "PERCTOT"),
        columns=cols.ABSENCE_COLUMNS,
        known=cols.ABSENCE_KNOWN,
    ),
    SchoolInformationReader(),
    LaCodesReader(),
    EesReader(),
]


_YEAR_SUFFIX = re.compile(r"_\d\d(?=_|$)")


def _unknown_allowing_year_suffixes(header: list[str], known: set[str]) -> list[str]:
    """Unknown columns, where a known column with other years' suffixes is known too.

    The tables name earlier years' figures by a two-digit suffix (PTRWM_EXP_17 in the 2018-19
    file is PTRWM_EXP_18 in the 2019-20 one), so the suffix's year is not part of what a column is.
    """
    shapes = {_YEAR_SUFFIX.sub("_YY", name) for name in known}
    return [c for c in report_unknown(header, known) if _YEAR_SUFFIX.sub("_YY", c) not in shapes]
