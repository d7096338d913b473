"""Readers for Get Information about Schools (GIAS): establishment extracts and the links file.

GIAS is the register of every establishment in England. Its extracts come in several layouts (the
national "all establishment data" file, the website's search download, the older EduBase extract);
they share column names, so one reader maps all of them through gias_columns.py and says in its notes
which layout it saw. Every value a row had is kept in `record` (a JSON array; the import keeps the
column names once), so nothing the register said is lost even where peerlift has no field for it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from peerlift.domain.phases import parse_phase
from peerlift.sources import frames
from peerlift.sources import gias_columns as cols
from peerlift.sources.base import (
    EXTRA_FIELD,
    Head,
    ReadResult,
    SourceError,
    TextTable,
    header_with,
    load_csv,
    report_unknown,
)

LINKED_EXTRA_KEY = "Linked establishments (extra fields)"
MAX_LINKED_FIELDS = 50  # more extra linked establishments than any school has
_LINKED_VALUE = r"^\d+ \S"  # "115961 Predecessor"

# edubasealldata20181029.csv, links_edubasealldata20250422.csv, or a download saved as 20220420_gias.csv
_EXTRACT_DATE = re.compile(r"(?:edubasealldata|^)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", re.IGNORECASE)


def extract_date(path: Path) -> dt.date | None:
    """The date of a GIAS extract from its file name, or None when the name does not carry one.

    The register changes daily, so this date, not a year, is what a history of it is keyed by.
    """
    match = _EXTRACT_DATE.search(path.name)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


# Where an extract's date comes from, in the order they are tried (see EstablishmentsReader).
FROM_NAME = "file name"
FROM_OPTION = "--date"
FROM_CONTENT = "content"


def _year_and_notes(
    path: Path, year: int | None, when: dt.date | None = None
) -> tuple[int | None, list[str]]:
    """The extract's year (the caller's if given) and a note of its full date, if known."""
    when = when or extract_date(path)
    if when is None:
        return year, []
    notes = []
    if year is not None and year != when.year:
        notes.append(f"year {year} was given; the extract is of {when.year}")
    return (year if year is not None else when.year), notes


def date_note(when: dt.date | None, source: str) -> str:
    """The import report's sentence on the extract's date and where it came from."""
    if when is None:
        return (
            "extract_date=unknown: neither the file name nor a date given with it says, and the file has no "
            "LastChangedDate; it only adds establishments the register does not hold"
        )
    if source == FROM_CONTENT:
        return (
            f"extract_date={when.isoformat()} at the earliest (the file's latest LastChangedDate; its "
            "name carries no date, so give the date with the file): it never overwrites a later extract"
        )
    given_by = "the file name" if source == FROM_NAME else "the date given with the file"
    return f"extract_date={when.isoformat()} (from {given_by})"


def with_given_date(result: ReadResult, given: dt.date | None) -> ReadResult:
    """The extract dated by --date when its name carries no date (a date in the name wins, noted).

    The content's floor (latest LastChangedDate) is only used when neither says: the extract can be no
    older than the last change it records, but may be much newer.
    """
    if given is None or result.kind not in {EstablishmentsReader.kind, LinksReader.kind}:
        return result
    notes = [n for n in result.notes if not n.startswith("extract_date=")]
    if result.as_of_source == FROM_NAME:
        if result.as_of != given:
            notes.append(f"the date given, {given.isoformat()}, is not used: the file name's date is")
        notes.append(date_note(result.as_of, FROM_NAME))
    elif result.as_of is not None and given < result.as_of:
        raise SourceError(
            result.path,
            f"the date given, {given.isoformat()}, is before the file's latest LastChangedDate "
            f"({result.as_of.isoformat()}): an extract cannot be older than a change it records",
            column=cols.LAST_CHANGED,
        )
    else:
        result.as_of, result.as_of_source = given, FROM_OPTION
        notes.append(date_note(given, FROM_OPTION))
    result.notes = notes
    return result


def _latest_change(table: TextTable) -> dt.date | None:
    """The latest LastChangedDate in the file: a floor for the date of the extract."""
    if cols.LAST_CHANGED not in table.frame.columns:
        return None
    text = pl.col(cols.LAST_CHANGED).str.strip_chars()
    latest = table.frame.select(text.str.strptime(pl.Date, "%d-%m-%Y", strict=False).max()).item()
    return latest if isinstance(latest, dt.date) else None


# ---------------------------------------------------------------------------------------------
# Establishments


_is_establishment_header = header_with(*cols.REQUIRED)


def _layout(header: list[str]) -> cols.Layout:
    present = set(header)
    for layout in cols.LAYOUTS:
        if set(layout.signature) <= present:
            return layout
    return cols.UNRECOGNISED_LAYOUT


def _source(table: TextTable, candidates: tuple[str, ...]) -> str | None:
    return next((c for c in candidates if c in table.frame.columns), None)


def _blank_numeric_words(table: TextTable, columns: list[str]) -> None:
    """Null the words GIAS uses for 'no number' in numeric columns, before they are typed."""
    words = pl.col(columns).str.strip_chars().str.to_lowercase().is_in(cols.NUMERIC_BLANKS)
    table.frame = table.frame.with_columns(pl.when(words).then(None).otherwise(pl.col(columns)).name.keep())


def _require_values(table: TextTable, column: str, what: str) -> None:
    row = table.first_bad(column, pl.col(column).str.strip_chars().fill_null("") == "")
    if row is not None:
        raise table.error(f"every row needs {what}; this one has none", row=row, column=column)


def _check_unique_urns(table: TextTable, urn: pl.Series) -> None:
    duplicated = urn.is_duplicated()
    if duplicated.any():
        rows = table.frame.filter(duplicated).select("_row").to_series()
        value = urn.filter(duplicated)[0]
        raise table.error(
            f"URN {value} appears more than once (rows {rows[0]} and {rows[1]}); an extract lists each "
            "establishment once",
            row=int(rows[1]),
            column=cols.URN,
        )


def _phase(table: TextTable) -> pl.Expr:
    """PhaseOfEducation (name) as a domain Phase value; a name the domain does not know is an error."""
    if cols.PHASE not in table.frame.columns:
        return pl.lit(None, dtype=pl.String).alias("phase")
    text = table.text(cols.PHASE)
    names = table.frame.select(text).to_series().drop_nulls().unique().to_list()
    phases = {name: parse_phase(name) for name in names}
    unknown = sorted(name for name, phase in phases.items() if phase is None)
    if unknown:
        row = table.first_bad(cols.PHASE, text == unknown[0])
        raise table.error(f"{unknown[0]!r} is not a phase of education peerlift knows", row, cols.PHASE)
    return text.replace_strict(
        list(phases), [str(p) for p in phases.values()], default=None, return_dtype=pl.String
    ).alias("phase")


def _extra_fields(table: TextTable, layout: cols.Layout) -> list[str]:
    """The columns holding fields past the header: extra linked establishments, checked as such."""
    extras = [c for c in table.frame.columns if c.startswith(EXTRA_FIELD)]
    used = table.frame.select(pl.col(extras).is_not_null().any()).row(0) if extras else ()
    extras = [c for c, any_value in zip(extras, used, strict=True) if any_value]
    if not extras:
        return []
    if not layout.linked_fields:
        row = table.first_bad(extras[0], pl.col(extras[0]).is_not_null())
        raise table.error(
            "this row has more fields than the header; a value with a comma may have lost its quotes",
            row=row,
        )
    for column in extras:
        row = table.first_bad(
            column, pl.col(column).is_not_null() & ~pl.col(column).str.contains(_LINKED_VALUE)
        )
        if row is not None:
            value = table.frame.filter(pl.col("_row") == row).item(0, column)
            raise table.error(
                f"{value!r} past the last column is not a linked establishment ('URN and link type')",
                row=row,
                column=cols.LINKED,
            )
    return extras


def record_columns(table: TextTable, layout: cols.Layout) -> list[str]:
    """The names of the values in each row's ``record`` array, in the file's own order."""
    return [*table.header, *([LINKED_EXTRA_KEY] if layout.linked_fields else [])]


def _record(table: TextTable, layout: cols.Layout, extras: list[str]) -> pl.Expr:
    """The whole row as a JSON array, in the order of ``record_columns``: every named column as text
    ("" when blank), then for layouts with links the list of extra linked establishments.

    An array rather than an object because the 130 column names would be three quarters of every
    row's bytes; the import keeps them once. Columns with a quote, backslash or control character
    anywhere are escaped by polars' JSON encoder; the rest, nearly all, need no escaping.
    """
    escape = table.frame.select(pl.col(table.header).str.contains(_NEEDS_ESCAPING).any()).row(0)
    values = [
        _json_text(pl.col(c).fill_null("")) if needs else pl.col(c).fill_null("")
        for c, needs in zip(table.header, escape, strict=True)
    ]
    array = pl.concat_str([pl.lit('["'), pl.concat_str(values, separator='","'), pl.lit('"')])
    if layout.linked_fields:
        linked = pl.concat_list(extras).list.drop_nulls() if extras else pl.lit([], dtype=pl.List(pl.String))
        array = pl.concat_str([array, pl.lit(","), _json_value(linked)])
    return pl.concat_str([array, pl.lit("]")]).alias("record")


_NEEDS_ESCAPING = r'[\x00-\x1f"\\]'


def _json_value(expr: pl.Expr) -> pl.Expr:
    """The value as JSON text: encode it as the one field of an unnamed object, '{"":...}', and cut."""
    return pl.struct(expr.alias("")).struct.json_encode().str.slice(4).str.head(-1)


def _json_text(expr: pl.Expr) -> pl.Expr:
    """A text value escaped for the inside of a JSON string (its JSON form without the quotes)."""
    return _json_value(expr).str.slice(1).str.head(-1)


def _type_group(frame: pl.DataFrame) -> pl.Expr:
    """The type group under one name whichever extract said it, or from the type when none did."""
    group, kind = (
        pl.col(c) if c in frame.columns else pl.lit(None, dtype=pl.String) for c in ("type_group", "type")
    )
    named = group.str.to_lowercase().replace_strict(
        cols.TYPE_GROUP_NAMES, default=group, return_dtype=pl.String
    )
    by_type = kind.str.to_lowercase().replace_strict(
        cols.TYPE_GROUPS_BY_TYPE, default=None, return_dtype=pl.String
    )
    return pl.coalesce(named, by_type).alias("type_group")


def _typed_fields(table: TextTable) -> tuple[list[pl.Expr], list[str]]:
    """The expressions for every mapped field, and the fields this layout does not carry."""
    exprs: list[pl.Expr] = []
    absent: list[str] = []
    schema = frames.SCHEMAS[frames.ESTABLISHMENTS]
    typed = (
        (cols.INTEGER_FIELDS, lambda column, f: table.integers(column, dtype=schema[f], tolerant=True)),
        (cols.FLOAT_FIELDS, lambda column, _: table.floats(column, tolerant=True)),
        (cols.DATE_FIELDS, lambda column, _: table.dates(column, tolerant=True)),
        (cols.TEXT_FIELDS, lambda column, _: table.text(column)),
    )
    for fields, parse in typed:
        for field, candidates in fields.items():
            column = _source(table, candidates)
            if column is None:
                absent.append(field)
            else:
                exprs.append(parse(column, field).alias(field))
    return exprs, absent


class EstablishmentsReader:
    """GIAS / EduBase establishment extracts in any of the layouts of gias_columns.LAYOUTS."""

    kind = "gias_establishments"
    description = (
        "GIAS establishment extract: the national all-establishment-data file, the website's search "
        "download with links, or an older EduBase extract"
    )

    def sniff(self, head: Head) -> bool:
        return _is_establishment_header(head.header_cells())

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, _is_establishment_header, extra_fields=MAX_LINKED_FIELDS)
        table.require(*cols.REQUIRED)
        layout = _layout(table.header)
        extras = _extra_fields(table, layout)
        _blank_numeric_words(table, _numeric_sources(table))
        _require_values(table, cols.URN, "a URN")
        urn = table.integers(cols.URN, allow_markers=False)
        _check_unique_urns(table, table.frame.select(urn).to_series())
        la_code = table.integers(cols.LA_CODE)
        number = table.integers(cols.ESTABLISHMENT_NUMBER)
        fields, absent = _typed_fields(table)
        frame = table.frame.select(
            urn.alias("urn"),
            (la_code * 10000 + number).alias("laestab"),
            la_code.alias("la_code"),
            _phase(table),
            *fields,
            _record(table, layout, extras),
        )
        frame = frame.with_columns(_type_group(frame))
        named = extract_date(path)
        when = named or _latest_change(table)
        source = FROM_NAME if named else FROM_CONTENT if when else ""
        year, notes = _year_and_notes(path, year, when)
        notes = [f"layout={layout.name}: {layout.description}", *notes, date_note(when, source)]
        if absent:
            notes.append(f"not in this layout: {', '.join(absent)}")
        if layout.linked_fields:
            counts = table.frame.select(
                pl.sum_horizontal(pl.col(extras).is_not_null()) if extras else pl.lit(0)
            )
            total = int(counts.to_series().sum())
            rows = int((counts.to_series() > 0).sum())
            notes.append(f"linked_extra_fields={total} in {rows} rows, kept under {LINKED_EXTRA_KEY!r}")
        known = cols.mapped_columns() | cols.RECOGNISED_UNMAPPED
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            as_of=when,
            as_of_source=source,
            tables={frames.ESTABLISHMENTS: frame},
            record_columns=record_columns(table, layout),
            rows_read=frame.height,
            unknown_columns=report_unknown(table.header, known),
            notes=notes + table.unreadable_notes(),
        )


def _numeric_sources(table: TextTable) -> list[str]:
    candidates = [cols.LA_CODE, cols.ESTABLISHMENT_NUMBER]
    for fields in (cols.INTEGER_FIELDS, cols.FLOAT_FIELDS):
        candidates.extend(c for sources in fields.values() for c in sources)
    return [c for c in candidates if c in table.frame.columns]


# ---------------------------------------------------------------------------------------------
# Links


_is_links_header = header_with("URN", "LinkURN", "LinkType")


class LinksReader:
    """The GIAS links file: predecessor, successor and other links between URNs, as published."""

    kind = "gias_links"
    description = "GIAS establishment links (links_edubasealldataYYYYMMDD.csv)"

    def sniff(self, head: Head) -> bool:
        cells = head.header_cells()
        return _is_links_header(cells) and "EstablishmentName" not in cells

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, _is_links_header)
        table.require(*cols.LINK_REQUIRED)
        for column in ("URN", "LinkURN"):
            _require_values(table, column, f"a {column}")
        _require_values(table, "LinkType", "a link type")
        frame = table.frame.select(
            table.integers("URN", allow_markers=False).alias("urn"),
            table.integers("LinkURN", allow_markers=False).alias("link_urn"),
            table.text("LinkName").alias("link_name"),
            table.text("LinkType").alias("link_type"),
            (
                table.dates("LinkEstablishedDate")
                if "LinkEstablishedDate" in table.frame.columns
                else pl.lit(None, dtype=pl.Date)
            ).alias("link_date"),
        )
        named = extract_date(path)
        year, notes = _year_and_notes(path, year, named)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            as_of=named,
            as_of_source=FROM_NAME if named else "",
            tables={frames.LINKS: frame},
            rows_read=frame.height,
            unknown_columns=report_unknown(table.header, cols.LINK_COLUMNS),
            notes=[*notes, date_note(named, FROM_NAME)] if named else notes,
        )


READERS = [EstablishmentsReader(), LinksReader()]
