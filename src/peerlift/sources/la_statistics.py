"""Readers for the DfE's LA-level statistics: the LAIT long data, its data dictionary, its LA code list.

LAIT (the DfE's Local Authority Interactive Tool) publishes every LA indicator in one long parquet
file: one row per measure, area and year, the figure as text. These readers turn it into
``area_measures`` (LAs, regions and England side by side, so an LA sees itself against its region and
the country), and turn LAIT's metadata into ``measure_definitions`` and ``local_authorities``.
What LAIT writes differently from year to year (year labels, codes) is data in
``la_statistics_columns.py``.

Row numbers in errors: a parquet file has no header row, so row 1 is its first record; a CSV or
workbook row is the spreadsheet row an officer sees when opening the file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl

from peerlift.domain import years
from peerlift.domain.areas import ENGLAND_CODE, AreaType, region_code
from peerlift.domain.missing import Missing, marker
from peerlift.sources import frames
from peerlift.sources import la_statistics_columns as cols
from peerlift.sources.base import (
    Head,
    Reader,
    ReadResult,
    Skip,
    SourceError,
    header_with,
    load_csv,
    open_workbook,
    report_unknown,
    require_file,
    skips_where,
    unreadable_workbook,
)

# ---------------------------------------------------------------------------------------------
# Shared helpers


def lait_region_code(name: str | None) -> str | None:
    """GSS code of a region as LAIT names it ('London (Inner)' as well as 'Inner London')."""
    if not name:
        return None
    return region_code(cols.REGION_ALIASES.get(name.strip().lower(), name))


def sheet_rows(path: Path) -> dict[str, pl.DataFrame]:
    """Every sheet of a workbook as text cells (columns c0, c1, ...), row i of the frame = row i+1."""
    require_file(path)
    workbook = open_workbook(path)
    try:
        sheets = {
            name: pl.DataFrame(workbook.load_sheet(name, header_row=None, dtypes="string").to_polars())
            for name in workbook.sheet_names
        }
    except Exception as error:
        raise unreadable_workbook(path, error) from None
    return {
        name: frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        for name, frame in sheets.items()
    }


def find_header(frame: pl.DataFrame, wanted: tuple[str, ...], within: int = 12) -> int | None:
    """Index of the first of the top rows that holds every wanted header cell, or None."""
    for index, row in enumerate(frame.head(within).rows()):
        cells = {str(c).strip() for c in row if c is not None}
        if all(w in cells for w in wanted):
            return index
    return None


def whole_number(text: str | None) -> int | None:
    """A whole number written as text ('331', '331.0'), else None."""
    if text is None:
        return None
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number.is_integer() else None


# ---------------------------------------------------------------------------------------------
# LAIT long data (parquet)


class LaitReader:
    """The LAIT "BDS" long file: every LA indicator for every LA, region and England, all years."""

    kind = "lait"
    description = "DfE Local Authority Interactive Tool (LAIT) long data, all LA indicators (parquet)"

    def sniff(self, head: Head) -> bool:
        return all(c in head.columns for c in cols.LAIT_REQUIRED)

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        data = _load_parquet(path)
        unknown = report_unknown(data.columns, cols.LAIT_KNOWN)
        data = _as_text(data.with_row_index("_row", offset=1))
        rows_read = data.height
        data, skipped = _placeable(data)
        years, notes = _years(data)
        data, year_skips = _drop_unplaced(data, years.alias("_label"), cols.YEARS)
        data, value_skips = _drop_unplaced(data, _value_problems(data), cols.VALUES)
        areas = _areas(data)
        data = data.join(areas, on=cols.LA_NUMBER, how="left")
        data, region_skips = _drop_unplaced(data, pl.col("_area_problem"), cols.AREA_NAME)
        skipped += year_skips + value_skips + region_skips
        table = data.with_columns(
            pl.col("_label").struct.field("year").alias("year"),
            pl.col("_label").struct.field("status").alias("status"),
            pl.col("_label").struct.field("span").alias("span"),
            *_values(data),
            pl.col(cols.SHORT_DESC)
            .replace_strict(cols.STABLE_NAMES, default=pl.col(cols.SHORT_DESC), return_dtype=pl.String)
            .alias("measure"),
        )
        table, repeats = _headlines(table)
        measures = table.select(
            "area_type",
            "area_code",
            pl.col(cols.AREA_NAME).alias("area_name"),
            "year",
            "measure",
            "value",
            "missing",
            pl.col(cols.SHORT_DESC).alias("source_column"),
            "status",
            "span",
            "kept",
        )
        mapped = sorted(set(cols.STABLE_NAMES) & set(data.get_column(cols.SHORT_DESC).unique().to_list()))
        notes.append(f"{len(mapped)} LAIT codes given stable names: {', '.join(mapped)}")
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={
                frames.AREA_MEASURES: measures,
                frames.LOCAL_AUTHORITIES: _local_authorities(data),
            },
            rows_read=rows_read,
            skipped=sorted(skipped + repeats, key=lambda s: s.row),
            unknown_columns=unknown,
            notes=notes,
        )


def _load_parquet(path: Path) -> pl.DataFrame:
    require_file(path)
    try:
        data = pl.read_parquet(path)
    except Exception as error:
        raise SourceError(path, f"not a readable parquet file; it may be cut short ({error})") from None
    for column in cols.LAIT_REQUIRED:
        if column not in data.columns:
            raise SourceError(path, "a column the LAIT long file must have is missing", column=column)
    for column in cols.LAIT_KNOWN:
        dtype = data.schema.get(column)
        if dtype is not None and not (dtype == pl.String or dtype == pl.Null or dtype.is_numeric()):
            raise SourceError(path, f"the column holds {dtype} values, not text or numbers", column=column)
    if data.is_empty():
        raise SourceError(path, "the file has the LAIT columns but no rows")
    return data


def _as_text(data: pl.DataFrame) -> pl.DataFrame:
    """Every LAIT column as stripped text (LA Number comes as a float, Values as text or numbers)."""
    present = [c for c in cols.LAIT_KNOWN if c in data.columns]
    return data.select(
        "_row", *[pl.col(c).cast(pl.String).str.strip_chars().alias(c) for c in present]
    ).with_columns(
        # 331.0 -> "331": LAIT's float LA numbers back to their written form
        pl.col(cols.LA_NUMBER).str.replace(r"\.0+$", "")
    )


def _drop_unplaced(data: pl.DataFrame, problem: pl.Expr, column: str) -> tuple[pl.DataFrame, list[Skip]]:
    """Skip, under ``column``, the rows where ``problem`` says why they cannot be placed.

    ``problem`` is either a text (the reason, also what the rows are counted under) or a struct with
    ``kind`` and ``reason`` fields, null for rows that are fine; a struct column (the parsed year) is
    kept for the rows that remain, a text one dropped.
    """
    name = problem.meta.output_name()
    data = data.with_columns(problem)
    is_struct = isinstance(data.schema[name], pl.Struct)
    fields = pl.col(name).struct
    why = fields.field("reason") if is_struct else pl.col(name)
    failed = data.filter(why.is_not_null())
    skips = skips_where(failed, why, fields.field("kind") if is_struct else why, column)
    kept = data.filter(why.is_null())
    return (kept if is_struct else kept.drop(name)), skips


def _quoted(expr: pl.Expr) -> pl.Expr:
    return pl.lit("'") + expr + pl.lit("'")


def _placeable(data: pl.DataFrame) -> tuple[pl.DataFrame, list[Skip]]:
    """Leave out rows with no measure code or no LA number an LA, region or England can have."""
    code = pl.col(cols.SHORT_DESC)
    data, skipped = _drop_unplaced(
        data,
        pl.when(code.is_null() | (code == "")).then(pl.lit("no measure code")).alias("_code_problem"),
        cols.SHORT_DESC,
    )
    number = pl.col(cols.LA_NUMBER)
    low, high = cols.LA_NUMBER_RANGE
    known = sorted(cols.ENGLAND_NUMBERS | cols.REGION_NUMBERS)
    numeric = number.cast(pl.Int32, strict=False)
    problem = (
        pl.when(number.is_null() | (number == ""))
        .then(pl.lit("no LA number"))
        .when(~number.str.contains(r"^\d{3,4}$") | ~(numeric.is_between(low, high) | numeric.is_in(known)))
        .then(pl.lit("unknown LA number ") + _quoted(number))
    )
    data, unknown = _drop_unplaced(data, problem.alias("_la_problem"), cols.LA_NUMBER)
    return data, skipped + unknown


def _areas(data: pl.DataFrame) -> pl.DataFrame:
    """area_type, area_code (or the problem) for each LA Number seen: LAs by number, regions by
    name, England. A region number beside a name that is no region is a row that cannot be placed."""
    seen = data.group_by(cols.LA_NUMBER).agg(pl.col(cols.AREA_NAME).first())
    rows: list[tuple[str, str, str | None, str | None]] = []
    for number_text, name in seen.iter_rows():  # one per area (about 170), not per record
        number = int(number_text)
        if number in cols.ENGLAND_NUMBERS:
            rows.append((number_text, AreaType.ENGLAND.value, ENGLAND_CODE, None))
        elif number in cols.REGION_NUMBERS:
            code = lait_region_code(name)
            problem = None if code else f"{name!r} has a region number ({number}) but is not a region"
            rows.append((number_text, AreaType.REGION.value, code, problem))
        else:
            rows.append((number_text, AreaType.LA.value, number_text, None))
    schema = {
        cols.LA_NUMBER: pl.String,
        "area_type": pl.String,
        "area_code": pl.String,
        "_area_problem": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def year_of(label: str) -> tuple[int, str | None] | None:
    """The year a LAIT year label is filed under (the end of its period) and its status, if any."""
    found = years.year_or_none(label)
    return None if found is None else (found.year, found.status or None)


_LABEL = pl.Struct(
    {"year": pl.Int32, "status": pl.String, "span": pl.Int16, "kind": pl.String, "reason": pl.String}
)


def _years(data: pl.DataFrame) -> tuple[pl.Expr, list[str]]:
    """A struct per row from LAIT's few dozen distinct year labels, read by domain.years: the year,
    status and span, or (kind, reason) for a label that is no year; and notes on labels that say more."""
    labels = data.get_column(cols.YEARS).fill_null("").unique().to_list()
    parsed: dict[str, dict[str, object]] = {}
    notes: list[str] = []
    for label in sorted(labels):
        found = years.year_or_none(label)
        if found is None:
            what = "blank" if not label else repr(label)
            reason = f"the year is {what}, which is not a year label of any form"
            parsed[label] = {"kind": f"year {what}", "reason": reason}
            continue
        parsed[label] = {"year": found.year, "status": found.status or None, "span": found.span}
        if found.status or found.span > 1 or label != str(found.year):
            notes.append(f"{label!r} -> {found.year}" + _more(found))
    values = pl.Series([parsed[label] for label in labels], dtype=_LABEL)
    keys = pl.Series(labels, dtype=pl.String)
    expr = pl.col(cols.YEARS).fill_null("").replace_strict(keys, values, return_dtype=_LABEL)
    note = "year labels filed under the year their period ends: " + ", ".join(notes)
    return expr, [note] if notes else []


def _more(found: years.YearLabel) -> str:
    extra = [found.status] if found.status else []
    if found.span > 1:
        extra.append(f"{found.span} years")
    return f" ({', '.join(extra)})" if extra else ""


def _number(expr: pl.Expr) -> pl.Expr:
    number = expr.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def _value_problems(data: pl.DataFrame) -> pl.Expr:
    """For each row whose Values is neither a number nor a marker LAIT uses for no figure, why."""
    raw = pl.col(cols.VALUES)
    odd = data.filter(_number(raw).is_null() & raw.is_not_null()).get_column(cols.VALUES).unique()
    bad = [text for text in odd.to_list() if marker(text) is None]  # only the distinct non-numbers
    reason = _quoted(raw) + pl.lit(
        " is neither a number nor a marker LAIT uses for no figure ('-', 'x', 'c')"
    )
    return pl.when(raw.is_in(bad)).then(reason).alias("_value_problem")


def _values(data: pl.DataFrame) -> list[pl.Expr]:
    """(value, missing): the figure, or the reason LAIT gives for having none ('-', 'x', 'c', '..')."""
    raw = pl.col(cols.VALUES)
    number = _number(raw)
    odd = data.filter(number.is_null() & raw.is_not_null()).get_column(cols.VALUES).unique().to_list()
    reasons = {text: reason.value for text in odd if (reason := marker(text)) is not None}
    missing = (
        pl.when(number.is_not_null())
        .then(None)
        .when(raw.is_null())
        .then(pl.lit(Missing.BLANK.value))
        .otherwise(raw.replace_strict(reasons, default=None, return_dtype=pl.String))
    )
    return [number.alias("value"), missing.alias("missing")]


def _headlines(table: pl.DataFrame) -> tuple[pl.DataFrame, list[Skip]]:
    """Keep one row per area, measure and year.

    Several rows for one key are either the same figure under several statuses ("2018" and
    "2018 (Rev)": the headline, first in domain.years.HEADLINE_ORDER, is kept with the others in its
    `kept`), an exact repeat (LAIT repeats KS2GDW_Teacher_Assess whole: skipped), or a contradiction
    (another figure under the same status: skipped as a row that cannot be placed)."""
    key = ["area_type", "area_code", "measure", "year"]
    table = table.with_columns(pl.len().over(key).alias("_n"), pl.lit(None, dtype=pl.String).alias("kept"))
    single = table.filter(pl.col("_n") == 1)
    several = table.filter(pl.col("_n") > 1)
    if several.is_empty():
        return single, []
    statuses = several.get_column("status").unique().to_list()
    ranks = {status: years.headline_rank(status) for status in statuses if status is not None}
    rank = pl.col("status").replace_strict(ranks, default=years.headline_rank(None), return_dtype=pl.Int32)
    several = several.with_columns(rank.alias("_rank")).sort([*key, "_rank", "_row"])
    several = several.with_columns(
        pl.col("_row").first().over(key).alias("_first"),
        pl.col(cols.VALUES).first().over([*key, "status"]).alias("_same_status_value"),
        pl.col("_row").first().over([*key, "status"]).alias("_same_status_first"),
    )
    is_head = pl.col("_row") == pl.col("_first")
    same_status = pl.col("_row") != pl.col("_same_status_first")
    repeat = same_status & pl.col(cols.VALUES).eq_missing(pl.col("_same_status_value"))
    clash = same_status & ~repeat
    skipped = skips_where(
        several.filter(repeat),
        pl.concat_str(
            pl.lit("repeats row "),
            pl.col("_same_status_first").cast(pl.String),
            pl.lit(" ("),
            pl.col(cols.SHORT_DESC),
            pl.lit(", "),
            pl.col(cols.AREA_NAME),
            pl.lit(", "),
            pl.col(cols.YEARS),
            pl.lit(")"),
        ),
        "exact repeat of an earlier row",
    ) + skips_where(
        several.filter(clash),
        pl.concat_str(
            pl.col(cols.SHORT_DESC),
            pl.lit(" for "),
            pl.col(cols.AREA_NAME),
            pl.lit(" in "),
            pl.col(cols.YEARS),
            pl.lit(" is "),
            _quoted(pl.col(cols.VALUES).fill_null("")),
            pl.lit(" here but "),
            _quoted(pl.col("_same_status_value").fill_null("")),
            pl.lit(" in row "),
            pl.col("_same_status_first").cast(pl.String),
        ),
        "contradicts an earlier row",
        cols.VALUES,
    )
    others = several.filter(~is_head & ~same_status)
    kept = (
        others.group_by(key)
        .agg(
            pl.struct("status", "value", "missing", pl.col(cols.SHORT_DESC).alias("source_column")).alias(
                "_k"
            )
        )
        .with_columns(pl.col("_k").map_elements(_kept_json, return_dtype=pl.String).alias("kept"))
        .drop("_k")
    )
    heads = several.filter(is_head).drop("kept").join(kept, on=key, how="left")
    columns = single.columns
    return pl.concat([single, heads.select(columns)]).sort("_row"), skipped


def _kept_json(figures: pl.Series) -> str:
    return json.dumps(figures.to_list())


def _local_authorities(data: pl.DataFrame) -> pl.DataFrame:
    """One row per LA seen (not regions or England), with its region as LAIT names it."""
    numbers = pl.col(cols.LA_NUMBER).cast(pl.Int32)
    is_la = ~numbers.is_in(sorted(cols.ENGLAND_NUMBERS | cols.REGION_NUMBERS))
    region = pl.col(cols.REGION) if cols.REGION in data.columns else pl.lit(None, dtype=pl.String)
    las = (
        data.filter(is_la)
        .group_by(cols.LA_NUMBER)
        .agg(pl.col(cols.AREA_NAME).first().alias("name"), region.first().alias("region"))
        .with_columns(numbers.alias("la_code"))
        .sort("la_code")
    )
    return las.select(
        "la_code",
        "name",
        pl.col("region").map_elements(lait_region_code, return_dtype=pl.String).alias("region_code"),
        "region",
    )


# ---------------------------------------------------------------------------------------------
# LAIT data dictionary (CSV)


class LaitDictionaryReader:
    """LAIT's data dictionary: each measure's code, words, topic and which way is better."""

    kind = "lait_dictionary"
    description = "DfE LAIT data dictionary: measure codes, labels, topics and polarity (CSV)"

    def sniff(self, head: Head) -> bool:
        cells = head.header_cells()
        return all(c in cells for c in cols.DICT_REQUIRED)

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        require_file(path)
        table = load_csv(path, header_with(*cols.DICT_REQUIRED))
        table.require(*cols.DICT_REQUIRED)
        frame = table.frame.with_columns(
            table.text(cols.DICT_CODE),
            table.text(cols.DICT_LABEL),
            table.text(cols.DICT_TOPIC),
            table.text(cols.DICT_DESCRIPTION),
            pl.col(cols.DICT_POLARITY).str.strip_chars().str.to_lowercase().fill_null(""),
        )
        polarity = self._polarity(table.path, frame)
        skipped = [
            Skip(r, "no measure code (Measure_short is blank)")
            for r in _rows(frame, pl.col(cols.DICT_CODE).is_null())
        ]
        frame = frame.filter(pl.col(cols.DICT_CODE).is_not_null())
        frame = frame.with_columns(pl.col("_row").min().over(cols.DICT_CODE).alias("_first"))
        repeats = frame.filter(pl.col("_row") != pl.col("_first")).select("_row", cols.DICT_CODE, "_first")
        skipped += [
            Skip(r, f"{code} is defined again; the definition in row {f} is kept")
            for r, code, f in repeats.iter_rows()
        ]
        definitions = frame.filter(pl.col("_row") == pl.col("_first")).select(
            pl.col(cols.DICT_CODE)
            .replace_strict(cols.STABLE_NAMES, default=pl.col(cols.DICT_CODE), return_dtype=pl.String)
            .alias("measure"),
            pl.col(cols.DICT_CODE).alias("source_code"),
            pl.col(cols.DICT_LABEL).alias("label"),
            pl.col(cols.DICT_TOPIC).alias("topic"),
            polarity.alias("polarity"),
            pl.col(cols.DICT_DESCRIPTION).alias("description"),
            *(
                (
                    pl.col(column).str.strip_chars() if column in table.header else pl.lit(None, pl.String)
                ).alias(name)
                for column, name in ((cols.DICT_AXIS, "axis"), (cols.DICT_OWNER, "publisher"))
            ),
        )
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.MEASURE_DEFINITIONS: definitions},
            rows_read=table.frame.height,
            skipped=sorted(skipped, key=lambda s: s.row),
            unknown_columns=report_unknown(table.header, cols.DICT_KNOWN),
        )

    @staticmethod
    def _polarity(path: Path, frame: pl.DataFrame) -> pl.Expr:
        words = {word: polarity.value for word, polarity in cols.POLARITIES.items()}
        bad = ~pl.col(cols.DICT_POLARITY).is_in(list(words))
        rows = _rows(frame, bad)
        if rows:
            value = frame.filter(pl.col("_row") == rows[0]).item(0, cols.DICT_POLARITY)
            raise SourceError(
                path,
                f"{value!r} is not a polarity the dictionary uses (High, Low, - or NA)",
                row=rows[0],
                column=cols.DICT_POLARITY,
            )
        return pl.col(cols.DICT_POLARITY).replace_strict(words, return_dtype=pl.String)


def _rows(frame: pl.DataFrame, condition: pl.Expr) -> list[int]:
    return [int(r) for r in frame.filter(condition).get_column("_row").to_list()]


# ---------------------------------------------------------------------------------------------
# LA code list (workbook)


class LaCodeListReader:
    """LAIT's list of LAs: number, name, region and type (OLB, ILB, MD, UA, SC)."""

    kind = "la_code_list"
    description = "DfE LAIT list of local authorities: LA number, name, region and type (xlsx)"

    def sniff(self, head: Head) -> bool:
        return any(
            all(c in {cell.strip() for cell in row} for c in cols.CODE_LIST_COLUMNS)
            for rows in head.sheets.values()
            for row in rows
        )

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        found = [
            (name, frame, index)
            for name, frame in sheet_rows(path).items()
            if (index := find_header(frame, cols.CODE_LIST_COLUMNS)) is not None
        ]
        if not found:
            raise SourceError(path, f"no sheet has the header {', '.join(cols.CODE_LIST_COLUMNS)}")
        sheet, frame, index = found[0]
        header = ["" if c is None else str(c).strip() for c in frame.row(index)]
        repeated = sorted({h for h in header if h in cols.CODE_LIST_COLUMNS and header.count(h) > 1})
        if repeated:
            raise SourceError(
                path, f"the header names {repeated[0]!r} twice", row=index + 1, column=repeated[0]
            )
        body = (
            frame.slice(index + 1)
            .rename({f"c{i}": h for i, h in enumerate(header) if h in cols.CODE_LIST_COLUMNS})
            .with_row_index("_row", offset=index + 2)
            .with_columns(pl.col(c).str.strip_chars() for c in cols.CODE_LIST_COLUMNS)
            .filter(
                pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") for c in cols.CODE_LIST_COLUMNS)
            )
        )
        las, skipped = _code_list_rows(path, body)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.LOCAL_AUTHORITIES: las},
            rows_read=body.height,
            skipped=skipped,
            unknown_columns=report_unknown(header, cols.CODE_LIST_COLUMNS),
            notes=[f"read sheet {sheet!r}"],
        )


def _code_list_rows(path: Path, body: pl.DataFrame) -> tuple[pl.DataFrame, list[Skip]]:
    """LA rows to local_authorities; England and region rows (Type NA) are skipped with a reason."""
    records = []
    skipped = []
    first_row: dict[int, int] = {}
    for row, number_text, name, region, la_type in body.select("_row", *cols.CODE_LIST_COLUMNS).iter_rows():
        number = whole_number(number_text)  # about 170 rows: a loop is clearer than expressions here
        if number is None:
            why = f"{number_text!r} is not an LA number"
            skipped.append(Skip(row, why, "LA Number not a number", cols.CODE_LIST_NUMBER))
            continue
        if (la_type or "").lower() in cols.NOT_AN_LA_TYPES:
            skipped.append(
                Skip(
                    row,
                    f"{number} {name} is England or a region, not a local authority",
                    "England or a region",
                )
            )
            continue
        code = lait_region_code(region)
        if code is None:
            why = f"{region!r} is not an English region"
            skipped.append(Skip(row, why, f"unknown region {region!r}", cols.CODE_LIST_REGION))
            continue
        if not name:
            skipped.append(Skip(row, "the LA name is blank", "no LA name", cols.CODE_LIST_NAME))
            continue
        if number in first_row:
            raise SourceError(
                path,
                f"LA {number} is listed twice (first on row {first_row[number]})",
                row=row,
                column=cols.CODE_LIST_NUMBER,
            )
        first_row[number] = row
        records.append((number, name, code, region, la_type))
    schema = ["la_code", "name", "region_code", "region", "la_type"]
    las = (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else frames.empty(frames.LOCAL_AUTHORITIES)
    )
    return las, skipped


READERS: list[Reader] = [LaitReader(), LaitDictionaryReader(), LaCodeListReader()]
