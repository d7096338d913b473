"""Readers for the templates an LA fills in itself: Gatsby benchmark results, governor training and
aspiration events (docs/data-formats.md, "Templates").

No publisher writes these files, so their columns are ours and fixed; a file is recognised by its
header. They are small (an LA's schools, a year's courses), so they are read row by row in Python, and
each cell that cannot be read skips its row with the file's row number and the column at fault (the
import counts them; a file of which too many rows are bad is refused, as for published files).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from peerlift.domain import years
from peerlift.sources import frames
from peerlift.sources.base import (
    Head,
    Reader,
    ReadResult,
    Skip,
    TextTable,
    header_with,
    load_csv,
    report_unknown,
)

BENCHMARKS = tuple(f"gb{n}" for n in range(1, 9))
GATSBY_COLUMNS = ("urn", "year", *BENCHMARKS, "careers_hub")
TRAINING_COLUMNS = ("course_title", "course_date", "provider", "topic", "urn", "governor")
EVENT_COLUMNS = (
    "event_name",
    "start_date",
    "end_date",
    "hosts",
    "volunteers",
    "schools",
    "children_reached",
    "feedback",
)
LIST_SEPARATOR = ";"  # between the URNs of an event's schools, and between its hosts
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")  # ISO, or as a UK spreadsheet shows a date
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})


class BadCell(ValueError):
    """A cell that cannot be read: its row is skipped, naming the column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


Cells = dict[str, str | None]


def _cell(row: Cells, column: str) -> str | None:
    value = row.get(column)
    value = value.strip() if value is not None else None
    return value or None


def _required(row: Cells, column: str) -> str:
    value = _cell(row, column)
    if value is None:
        raise BadCell(column, f"the {column} is blank; every row needs one")
    return value


def urn(text: str, column: str = "urn") -> int:
    if not re.fullmatch(r"\d{5,7}", text):
        raise BadCell(column, f"{text!r} is not a URN (a school's unique reference number, 5 to 7 digits)")
    return int(text)


def date(text: str | None, column: str) -> dt.date | None:
    """A date written as 2025-03-14 or 14/03/2025; None for a blank cell."""
    if text is None:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadCell(column, f"{text!r} is not a date (write it as 2025-03-14 or 14/03/2025)")


def whole_number(text: str | None, column: str) -> int | None:
    if text is None:
        return None
    cleaned = text.replace(",", "")
    if not cleaned.isdigit():
        raise BadCell(column, f"{text!r} is not a whole number")
    return int(cleaned)


def percentage(text: str | None, column: str) -> float | None:
    """A benchmark's percentage achieved, 0 to 100 ('85' or '85%'); None for a blank cell."""
    if text is None:
        return None
    try:
        value = float(text.removesuffix("%").strip())
    except ValueError:
        raise BadCell(column, f"{text!r} is not a percentage") from None
    if not 0 <= value <= 100:
        raise BadCell(column, f"{text!r} is not a percentage from 0 to 100")
    return value


def yes_no(text: str | None, column: str) -> bool | None:
    if text is None:
        return None
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise BadCell(column, f"{text!r} is neither yes nor no")


def academic_year(text: str, column: str = "year") -> int:
    """The year a result is filed under: the calendar year the academic year ends ('2023/24' or 2024)."""
    label = years.year_or_none(text)
    if label is None or label.span != 1 or not 2000 <= label.year <= 2100:
        raise BadCell(column, f"{text!r} is not a school year (write 2024 or 2023/24)")
    return label.year


@dataclass
class _Rows:
    """The records a template's rows gave, and the rows skipped (with the column at fault)."""

    records: list[dict[str, Any]]
    skipped: list[Skip]
    rows: int  # rows of the file read, blank lines aside


def _each_row(table: TextTable, parse: Callable[[Cells], Iterator[dict[str, Any]]]) -> _Rows:
    records: list[dict[str, Any]] = []
    skipped: list[Skip] = []
    rows = 0
    for row in table.frame.iter_rows(named=True):
        if all(_cell(row, c) is None for c in table.header):
            continue  # a blank line a spreadsheet left at the end
        rows += 1
        try:
            records.extend(parse(row))
        except BadCell as bad:
            skipped.append(
                Skip(int(row["_row"]), str(bad), kind=f"unreadable {bad.column}", column=bad.column)
            )
    return _Rows(records, skipped, rows)


def _frame(table: str, records: list[dict[str, Any]]) -> pl.DataFrame:
    schema = frames.SCHEMAS[table]
    return pl.DataFrame(records, schema=schema) if records else frames.empty(table)


class _Template:
    """What the three template readers share: a header test, a parse per row, one table."""

    kind: str
    description: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    table: str

    def sniff(self, head: Head) -> bool:
        return set(self.required) <= set(head.header_cells())

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def year_of(self, records: list[dict[str, Any]]) -> int | None:
        return None

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with(*self.required))
        rows = _each_row(table, self.parse)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year if year is not None else self.year_of(rows.records),
            tables={self.table: _frame(self.table, rows.records)},
            rows_read=rows.rows,
            skipped=rows.skipped,
            unknown_columns=report_unknown(table.header, self.columns),
        )


class GatsbyReader(_Template):
    """Each school's percentage achieved of the eight Gatsby benchmarks in a year (a Compass-style export)."""

    kind = "gatsby_benchmarks"
    description = (
        "Gatsby benchmark results per school and year (peerlift template: urn, year, gb1..gb8, careers_hub)"
    )
    columns = GATSBY_COLUMNS
    required = GATSBY_COLUMNS[:-1]
    table = frames.GATSBY_RESULTS

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        record: dict[str, Any] = {
            "urn": urn(_required(row, "urn")),
            "year": academic_year(_required(row, "year")),
        }
        for benchmark in BENCHMARKS:
            record[benchmark] = percentage(_cell(row, benchmark), benchmark)
        record["careers_hub"] = yes_no(_cell(row, "careers_hub"), "careers_hub")
        yield record

    def year_of(self, records: list[dict[str, Any]]) -> int | None:
        found = {r["year"] for r in records}
        return found.pop() if len(found) == 1 else None


class GovernorTrainingReader(_Template):
    """Governor training: each course and who from which school attended it (one row per attendance)."""

    kind = "governor_training"
    description = (
        "Governor training attendance (peerlift template: course_title, course_date, provider, topic, "
        "urn, governor)"
    )
    columns = TRAINING_COLUMNS
    required = ("course_title", "course_date", "urn", "governor")
    table = frames.GOVERNOR_TRAINING

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        yield {
            "course_title": _required(row, "course_title"),
            "course_date": date(_required(row, "course_date"), "course_date"),
            "provider": _cell(row, "provider") or "",
            "topic": _cell(row, "topic") or "",
            "urn": urn(_required(row, "urn")),
            "governor": _required(row, "governor"),
        }


class AspirationEventsReader(_Template):
    """Aspiration events (a Primary Aspirations Week...): one row per event, its schools `;`-separated."""

    kind = "aspiration_events"
    description = (
        "Aspiration events (peerlift template: event_name, start_date, end_date, hosts, volunteers, "
        "schools, children_reached, feedback)"
    )
    columns = EVENT_COLUMNS
    required = ("event_name", "start_date", "schools", "children_reached")
    table = frames.ASPIRATION_EVENTS

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        start = date(_required(row, "start_date"), "start_date")
        end = date(_cell(row, "end_date"), "end_date")
        if start is not None and end is not None and end < start:
            raise BadCell("end_date", f"the event ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})")
        schools = [s.strip() for s in _required(row, "schools").split(LIST_SEPARATOR) if s.strip()]
        urns = list(dict.fromkeys(urn(s, "schools") for s in schools))
        hosts = "; ".join(h.strip() for h in (_cell(row, "hosts") or "").split(LIST_SEPARATOR) if h.strip())
        event = {
            "event_name": _required(row, "event_name"),
            "start_date": start,
            "end_date": end,
            "hosts": hosts,
            "volunteers": whole_number(_cell(row, "volunteers"), "volunteers"),
            "children_reached": whole_number(_required(row, "children_reached"), "children_reached"),
            "feedback": _cell(row, "feedback") or "",
        }
        for school in urns:
            yield {**event, "urn": school}


READERS: list[Reader] = [GatsbyReader(), GovernorTrainingReader(), AspirationEventsReader()]
