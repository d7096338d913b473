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
    """The academic-year end a file name gives, knowing the LA downloads name the first year."""
    name = path.name
    first = cols.FIRST_YEAR_NAMES.match(name)
    if first:
        return int(first.group(1)) + 1
    period = cols.TIME_PERIOD_NAMES.search(name)
    if period and int(period.group(2)) == (int(period.group(1)) + 1) % 100:
        return int(period.group(1)) + 1
    return year_from_name(name)


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


def _skips(frame: pl.DataFrame, reason: pl.Expr) -> list[Skip]:
    rows = frame.select(pl.col("_row"), reason.alias("reason"))
    return [Skip(int(r), str(why)) for r, why in rows.iter_rows()]


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
            table.integers("URN").alias("_urn"),
            table.text("LEA").alias("_lea"),
            table.text("SCHNAME").alias("_name"),
            self._new_school(table).alias("_new"),
        )
        schools = frame.filter(pl.col("_role") == SCHOOL)
        no_urn = schools.filter(pl.col("_urn").is_null())
        if no_urn.height:
            raise table.error("a school row has no URN", row=int(no_urn["_row"][0]), column="URN")
        _check_unique(table, schools, ["_urn"], "URN")
        school_ids = [pl.col("_urn").alias("urn"), pl.lit(year, pl.Int32).alias("year")]
        school_measures = _long(table, schools, school_ids, measures, pl.col("_new"))
        area_measures = self._areas(table, frame, year, measures)
        skipped = self._skipped(frame)
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
        suffixes = [int(m.group(1)) for c in table.header if (m := self.prior_year.match(c))]
        content = 2000 + max(suffixes) + 1 if suffixes else None
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
        """True on the short rows the tables print for a new school ('NEW' where figures start)."""
        early = [c for c in table.header[:IDENTITY_COLUMNS] if c in table.frame.columns]
        return pl.any_horizontal([pl.col(c).str.strip_chars() == NEW_MARKER for c in early]).fill_null(False)

    def _areas(
        self, table: TextTable, frame: pl.DataFrame, year: int, measures: dict[str, str]
    ) -> pl.DataFrame:
        la = frame.filter(pl.col("_role") == AreaType.LA.value)
        no_code = la.filter(pl.col("_lea").is_null())
        if no_code.height:
            raise table.error("an LA row has no LA code", row=int(no_code["_row"][0]), column="LEA")
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
        return pl.concat(
            [_long(table, la, la_ids, measures), _long(table, england, england_ids, measures)],
            how="vertical_relaxed",
        )

    def _skipped(self, frame: pl.DataFrame) -> list[Skip]:
        left_out = frame.filter(pl.col("_role").is_null() | (pl.col("_role") == NATIONAL_ALL))
        reason = (
            pl.when(pl.col("_role") == NATIONAL_ALL)
            .then(
                pl.lit(
                    "national figures for all schools, independent schools included: "
                    "peerlift's England figures are those for state-funded schools"
                )
            )
            .otherwise(pl.lit("RECTYPE ") + pl.col("RECTYPE").fill_null("") + pl.lit(" is not one we know"))
        )
        return _skips(left_out, reason)


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
        national = pl.any_horizontal(
            [whole.text(c) == cols.NATIONAL_ROW for c in ("URN", "LA") if c in whole.frame.columns]
        ).fill_null(False)
        table = TextTable(path, whole.frame.filter(~national), whole.header, whole.header_row)
        skipped = _skips(
            whole.frame.filter(national),
            pl.lit("England total for one phase (")
            + whole.text("ESTAB").fill_null("")
            + pl.lit(")")
            + pl.lit(": area_measures has no phase, so phase totals are not loaded"),
        )
        measures = cols.columns_for(self.columns, year)
        frame = table.frame.with_columns(table.integers("URN", allow_markers=False).alias("_urn"))
        no_urn = frame.filter(pl.col("_urn").is_null())
        if no_urn.height:
            raise table.error("a row has no URN", row=int(no_urn["_row"][0]), column="URN")
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
    kind: str = "school_information"
    description: str = "DfE performance tables england_school_information.csv (school details)"

    def sniff(self, head: Head) -> bool:
        return _has(head, "URN", "LAESTAB", "SCHSTATUS", "ISPRIMARY")

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with("URN", "LAESTAB", "SCHSTATUS"))
        table.require("URN", "LAESTAB", "SCHNAME")
        urns = table.frame.select(table.integers("URN", allow_markers=False))
        if urns["URN"].null_count():
            row = table.first_bad("URN", pl.col("URN").is_null())
            raise table.error("a row has no URN", row=row, column="URN")
        numeric = [c for c in ("LAESTAB", "AGELOW", "AGEHIGH") if c in table.frame.columns]
        table.frame.select([table.integers(c) for c in numeric])
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.SCHOOL_MEASURES: frames.empty(frames.SCHOOL_MEASURES)},
            rows_read=table.frame.height,
            unknown_columns=report_unknown(table.header, cols.SCHOOL_INFORMATION_KNOWN),
            notes=[
                "school information holds names, types, ages and status, which the GIAS register "
                "already carries: no measures are taken from it"
            ],
        )


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
