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

import math
import re
from pathlib import Path

import polars as pl

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
        areas = _areas(path, data)
        years, notes = _years(path, data)
        values = _values(path, data)
        table = (
            data.with_columns(years, *values)
            .join(areas, on=cols.LA_NUMBER, how="left")
            .with_columns(
                pl.col(cols.SHORT_DESC)
                .replace_strict(cols.STABLE_NAMES, default=pl.col(cols.SHORT_DESC), return_dtype=pl.String)
                .alias("measure")
            )
        )
        table, skipped = _drop_repeats(path, table)
        measures = table.select(
            "area_type",
            "area_code",
            pl.col(cols.AREA_NAME).alias("area_name"),
            "year",
            "measure",
            "value",
            "missing",
            pl.col(cols.SHORT_DESC).alias("source_column"),
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
            rows_read=data.height,
            skipped=skipped,
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


def _first_row(data: pl.DataFrame, bad: pl.Expr) -> int | None:
    rows = data.filter(bad).get_column("_row")
    return int(rows[0]) if rows.len() else None


def _error_at(path: Path, data: pl.DataFrame, row: int, column: str, message: str) -> SourceError:
    """The error for one record, quoting its cell: ``message`` may use ``{value}``."""
    value = data.filter(pl.col("_row") == row).item(0, column)
    return SourceError(path, message.format(value=value), row=row, column=column)


def _fail_at(path: Path, data: pl.DataFrame, bad: pl.Expr, column: str, message: str) -> None:
    """Raise for the first record where ``bad`` holds, if any does."""
    row = _first_row(data, bad)
    if row is not None:
        raise _error_at(path, data, row, column, message)


def _areas(path: Path, data: pl.DataFrame) -> pl.DataFrame:
    """area_type and area_code for each LA Number seen: LAs by number, regions by name, England."""
    blank = pl.col(cols.SHORT_DESC).is_null() | (pl.col(cols.SHORT_DESC) == "")
    _fail_at(path, data, blank, cols.SHORT_DESC, "the measure code is blank")
    _fail_at(
        path,
        data,
        ~pl.col(cols.LA_NUMBER).str.contains(r"^\d{3,4}$").fill_null(False),
        cols.LA_NUMBER,
        "{value!r} is not an LA number (LAIT uses 3-digit codes such as 331, 970 for England)",
    )
    seen = data.group_by(cols.LA_NUMBER).agg(pl.col(cols.AREA_NAME).first(), pl.col("_row").min())
    rows = []
    for number_text, name, row in seen.iter_rows():  # one per area (about 170), not per record
        number = int(number_text)
        if number in cols.ENGLAND_NUMBERS:
            rows.append((number_text, AreaType.ENGLAND.value, ENGLAND_CODE))
        elif number in cols.REGION_NUMBERS:
            code = lait_region_code(name)
            if code is None:
                raise SourceError(
                    path,
                    f"{name!r} has a region number ({number}) but is not a region",
                    row=row,
                    column=cols.AREA_NAME,
                )
            rows.append((number_text, AreaType.REGION.value, code))
        else:
            rows.append((number_text, AreaType.LA.value, number_text))
    return pl.DataFrame(
        rows, schema={cols.LA_NUMBER: pl.String, "area_type": pl.String, "area_code": pl.String}, orient="row"
    )


def year_of(label: str) -> tuple[int, str | None] | None:
    """The year a LAIT year label is filed under (the end of its period) and its status word, if any."""
    for _form, pattern in cols.YEAR_FORMS:
        match = pattern.match(label.strip())
        if not match:
            continue
        start = int(match.group("start"))
        end_text = match.groupdict().get("end")
        end = start if end_text is None else int(end_text)
        if end_text is not None and len(end_text) == 2:
            end += start - start % 100 + (100 if end < start % 100 else 0)
        if not 0 <= end - start <= 5:
            return None
        status = match.groupdict().get("status")
        return end, cols.YEAR_STATUS_WORDS.get(status.lower()) if status else None
    return None


def _years(path: Path, data: pl.DataFrame) -> tuple[pl.Expr, list[str]]:
    """The year expression (from LAIT's few dozen distinct labels) and notes on labels that say more."""
    labels = data.get_column(cols.YEARS).drop_nulls().unique().sort().to_list()
    mapping: dict[str, int] = {}
    notes: list[str] = []
    for label in labels:
        parsed = year_of(label)
        if parsed is None:
            raise _error_at(
                path,
                data,
                _first_row(data, pl.col(cols.YEARS) == label) or 0,
                cols.YEARS,
                "{value!r} is not a year LAIT writes (such as 2024, 2023/24, 2023-24 or 2024 (prov))",
            )
        mapping[label] = parsed[0]
        if parsed[1] or not re.fullmatch(r"\d{4}", label):
            notes.append(f"{label!r} -> {parsed[0]}" + (f" ({parsed[1]})" if parsed[1] else ""))
    _fail_at(
        path, data, pl.col(cols.YEARS).is_null() | (pl.col(cols.YEARS) == ""), cols.YEARS, "the year is blank"
    )
    expr = pl.col(cols.YEARS).replace_strict(mapping, return_dtype=pl.Int32).alias("year")
    return expr, ["year labels filed under the year their period ends: " + ", ".join(notes)] if notes else []


def _values(path: Path, data: pl.DataFrame) -> list[pl.Expr]:
    """(value, missing): the figure, or the reason LAIT gives for having none ('-', 'x', 'c', '..')."""
    number = pl.col(cols.VALUES).cast(pl.Float64, strict=False)
    number = pl.when(number.is_finite()).then(number)
    odd = data.filter(number.is_null() & pl.col(cols.VALUES).is_not_null()).get_column(cols.VALUES).unique()
    reasons: dict[str, str] = {}
    for text in odd.to_list():  # only the distinct non-numbers: a handful of markers
        reason = marker(text)
        if reason is None:
            raise _error_at(
                path,
                data,
                _first_row(data, pl.col(cols.VALUES) == text) or 0,
                cols.VALUES,
                "{value!r} is neither a number nor a marker LAIT uses for no figure ('-', 'x', 'c')",
            )
        reasons[text] = reason.value
    missing = (
        pl.when(number.is_not_null())
        .then(None)
        .when(pl.col(cols.VALUES).is_null())
        .then(pl.lit(Missing.BLANK.value))
        .otherwise(pl.col(cols.VALUES).replace_strict(reasons, default=None, return_dtype=pl.String))
    )
    return [number.alias("value"), missing.alias("missing")]


def _drop_repeats(path: Path, table: pl.DataFrame) -> tuple[pl.DataFrame, list[Skip]]:
    """Keep one row per area, measure and year. LAIT repeats some measures whole
    (KS2GDW_Teacher_Assess twice over): an exact repeat is skipped, a contradiction is an error."""
    key = ["area_type", "area_code", "measure", "year"]
    table = table.with_columns(pl.col("_row").min().over(key).alias("_first"))
    repeats = table.filter(pl.col("_row") != pl.col("_first"))
    if repeats.is_empty():
        return table, []
    originals = table.select(pl.col("_row").alias("_first"), pl.col(cols.VALUES).alias("_first_value"))
    repeats = repeats.join(originals, on="_first", how="left")
    clash = repeats.filter(pl.col(cols.VALUES).ne_missing(pl.col("_first_value")))
    if not clash.is_empty():
        row = clash.row(0, named=True)
        raise SourceError(
            path,
            f"{row[cols.SHORT_DESC]} for {row[cols.AREA_NAME]} in {row['year']} is {row[cols.VALUES]!r} here "
            f"but {row['_first_value']!r} in row {row['_first']}",
            row=row["_row"],
            column=cols.VALUES,
        )
    skipped = [
        Skip(row, f"repeats row {first_row} ({code}, {name}, {label})")
        for row, first_row, code, name, label in repeats.select(
            "_row", "_first", cols.SHORT_DESC, cols.AREA_NAME, cols.YEARS
        ).iter_rows()
    ]
    return table.filter(pl.col("_row") == pl.col("_first")), skipped


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
            raise SourceError(
                path, f"{number_text!r} is not an LA number", row=row, column=cols.CODE_LIST_NUMBER
            )
        if (la_type or "").lower() in cols.NOT_AN_LA_TYPES:
            skipped.append(Skip(row, f"{number} {name} is England or a region, not a local authority"))
            continue
        code = lait_region_code(region)
        if code is None:
            raise SourceError(
                path, f"{region!r} is not an English region", row=row, column=cols.CODE_LIST_REGION
            )
        if not name:
            raise SourceError(path, "the LA name is blank", row=row, column=cols.CODE_LIST_NAME)
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
