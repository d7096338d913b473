"""Readers for the DfE school performance tables: KS2, KS4, census, absence, school information and
the LA code list (the Explore Education Statistics files that replaced them are read by ``ees.py``).

Every figure becomes one row of ``school_measures`` (schools) or ``area_measures`` (LA, region and
England rows of the same files), in long form, with suppression markers kept as typed missing values.
Which column holds which measure in which year is data in ``performance_columns.py``.
"""

from __future__ import annotations

import re
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
    it makes it the LA's total, anything else England's. A row whose URN is a school's (a whole
    number) is a school's, whatever its LA cell says (the demo's LA is 999)."""
    urn = table.text("URN").str.to_uppercase()
    la = table.text(la_column).str.to_uppercase() if la_column in table.frame.columns else pl.lit(None)
    a_school = urn.cast(pl.Int64, strict=False).is_not_null()
    national = (la.is_in(list(cols.ENGLAND_LA_CELLS)) & ~a_school).fill_null(False)
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
            notes=notes + table.unreadable_notes(),
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
        school_measures = _long(table, frame, ids, measures)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.SCHOOL_MEASURES: school_measures},
            rows_read=whole.frame.height,
            skipped=skipped,
            unknown_columns=report_unknown(table.header, set(measures) | self.known),
            notes=[f"year {year}: this file carries no year of its own", *table.unreadable_notes()],
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

READERS: list[Reader] = [
    RectypeReader(
        kind="ks2",
        description="DfE performance tables KS2 school-level file (england_ks2final.csv, LA downloads)",
        signature="PTRWM_EXP",
        columns=cols.KS2_COLUMNS + cols.KS2_PACK_COLUMNS,
        known=cols.KS2_KNOWN,
        rectypes=cols.KS2_RECTYPES,
        prior_year=cols.KS2_PRIOR_YEAR,
    ),
    RectypeReader(
        kind="ks4",
        description="DfE performance tables KS4 school-level file (england_ks4final.csv, LA downloads)",
        signature="ATT8SCR",
        columns=cols.KS4_COLUMNS + cols.KS4_PACK_COLUMNS,
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
]


_YEAR_SUFFIX = re.compile(r"_\d\d(?=_|$)")


def _unknown_allowing_year_suffixes(header: list[str], known: set[str]) -> list[str]:
    """Unknown columns, where a known column with other years' suffixes is known too.

    The tables name earlier years' figures by a two-digit suffix (PTRWM_EXP_17 in the 2018-19
    file is PTRWM_EXP_18 in the 2019-20 one), so the suffix's year is not part of what a column is.
    """
    shapes = {_YEAR_SUFFIX.sub("_YY", name) for name in known}
    return [c for c in report_unknown(header, known) if _YEAR_SUFFIX.sub("_YY", c) not in shapes]
