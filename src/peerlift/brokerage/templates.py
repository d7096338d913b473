"""The CSV/XLSX templates of needs, offers and pins/exclusions (docs/brokerage.md): read with a
message naming file, row and column for any bad cell, and written back in the same form.

Row numbers are the spreadsheet's: the header is row 1, the first need row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import xlsxwriter

from peerlift.brokerage.model import Area, Need, Offer, OfferKind, Rule, RuleKind
from peerlift.domain.phases import Phase, PhaseGroup
from peerlift.sources import base
from peerlift.sources.errors import SourceError
from peerlift.sources.formulas import is_formula, neutralise

NEED_COLUMNS = ["need_id", "urn", "area", "urgency", "days", "raised_on", "raised_by", "notes"]
OFFER_COLUMNS = [
    "offer_id",
    "supporter_urn",
    "supporter_name",
    "kind",
    "areas",
    "phases",
    "capacity_days",
    "max_distance_km",
    "network",
    "conflicts",
]
RULE_COLUMNS = ["need_id", "offer_id", "rule"]
_REQUIRED = {
    "needs": {"need_id", "urn", "area", "urgency", "days"},
    "offers": {"offer_id", "kind", "areas", "capacity_days"},
    "pins": set(RULE_COLUMNS),
}
PHASE_WORDS = frozenset(p.value for p in Phase) | frozenset(g.value for g in PhaseGroup)


class Cells:
    """One row of a template: its cells by column, and a way to say which cell is wrong."""

    def __init__(self, path: Path, row: int, values: dict[str, str]) -> None:
        self.path, self.row, self.values = path, row, values

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def error(self, column: str, message: str) -> SourceError:
        return SourceError(self.path, message, row=self.row, column=column)

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.error(column, "this cell is empty; it must be filled in")
        return value

    def number(self, column: str, minimum: float = 0.0) -> float:
        value = self.text(column)
        if not value:
            raise self.error(column, "this cell is empty; it must be a number")
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            raise self.error(column, f"{value!r} is not a number") from None
        if number < minimum or number != number:
            raise self.error(column, f"{value!r} should be {minimum:g} or more")
        return number

    def urn(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit():
            raise self.error(column, f"{value!r} is not a URN (a URN is a whole number such as 103860)")
        return int(value)

    def choice(self, column: str, words: Iterable[str], what: str) -> str:
        value = self.text(column).lower().replace(" ", "_").replace("-", "_")
        known = sorted(words)
        if value not in known:
            raise self.error(column, f"{self.text(column)!r} is not {what}; use one of {', '.join(known)}")
        return value

    def listed(self, column: str) -> list[str]:
        return [part.strip() for part in self.text(column).split(";") if part.strip()]


def rows_of(path: Path, template: str) -> Iterator[Cells]:
    """The rows of a CSV or XLSX template, with its header checked against the template's columns."""
    base.require_file(path)
    header, rows = _xlsx(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv(path)
    columns = {"needs": NEED_COLUMNS, "offers": OFFER_COLUMNS, "pins": RULE_COLUMNS}[template]
    names = [h.strip().lower() for h in header]
    unknown = [h for h in names if h and h not in columns]
    if unknown:
        raise SourceError(
            path,
            f"column {unknown[0]!r} is not in the {template} template (its columns: {', '.join(columns)})",
            row=1,
        )
    missing = sorted(_REQUIRED[template] - set(names))
    if missing:
        raise SourceError(path, f"the {template} template's column {missing[0]!r} is missing", row=1)
    for number, cells in enumerate(rows, start=2):
        values = {name: cell for name, cell in zip(names, cells, strict=False) if name}
        if not any(v.strip() for v in values.values()):
            continue
        for column, value in values.items():
            if is_formula(value):
                raise SourceError(
                    path,
                    "this cell is a spreadsheet formula; peerlift does not read formulas",
                    row=number,
                    column=column,
                )
        yield Cells(path, number, values)


def _csv(path: Path) -> tuple[list[str], list[list[str]]]:
    text = base.decode(path, path.read_bytes())
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        raise SourceError(path, "the file is empty; it should start with the template's header row")
    return lines[0], lines[1:]


def _xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    sheet = base.open_workbook(path).load_sheet(0, header_row=None, dtypes="string")
    frame = sheet.to_polars()
    lines = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
    if not lines:
        raise SourceError(path, "the workbook's first sheet is empty; it should start with the header row")
    return lines[0], lines[1:]


def read_needs(path: Path) -> list[Need]:
    needs: list[Need] = []
    seen: dict[str, int] = {}
    for cells in rows_of(path, "needs"):
        need_id = cells.required("need_id")
        if need_id in seen:
            raise cells.error("need_id", f"{need_id!r} is already the need of row {seen[need_id]}")
        seen[need_id] = cells.row
        urn = cells.urn("urn")
        if urn is None:
            raise cells.error("urn", "this cell is empty; a need is a school's, named by its URN")
        urgency = cells.choice("urgency", {"1", "2", "3"}, "an urgency")
        days = cells.number("days")
        if days == 0:
            raise cells.error("days", "a need wants at least some days of support (more than 0)")
        needs.append(
            Need(
                need_id=need_id,
                urn=urn,
                area=Area(cells.choice("area", (a.value for a in Area), "an area")),
                urgency=int(urgency),
                days=days,
                raised_on=_date(cells, "raised_on"),
                raised_by=cells.text("raised_by"),
                notes=cells.text("notes"),
                row=cells.row,
            )
        )
    return needs


def _date(cells: Cells, column: str) -> dt.date | None:
    value = cells.text(column)
    if not value:
        return None
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise cells.error(column, f"{value!r} is not a date; write it as 2026-02-01 or 01/02/2026")


def read_offers(path: Path) -> list[Offer]:
    offers: list[Offer] = []
    seen: dict[str, int] = {}
    for cells in rows_of(path, "offers"):
        offer_id = cells.required("offer_id")
        if offer_id in seen:
            raise cells.error("offer_id", f"{offer_id!r} is already the offer of row {seen[offer_id]}")
        seen[offer_id] = cells.row
        kind = OfferKind(cells.choice("kind", (k.value for k in OfferKind), "a kind of supporter"))
        urn = cells.urn("supporter_urn")
        name = cells.text("supporter_name")
        if kind is OfferKind.SCHOOL and urn is None:
            raise cells.error("supporter_urn", "a school's offer needs the school's URN")
        if urn is None and not name:
            raise cells.error("supporter_name", "give the supporter's URN, or its name when it has none")
        areas = cells.listed("areas")
        if not areas:
            raise cells.error("areas", "this cell is empty; name at least one area (separate them with ;)")
        phases = [p.lower().replace(" ", "_").replace("-", "_") for p in cells.listed("phases")]
        for phase in phases:
            if phase not in PHASE_WORDS:
                raise cells.error("phases", f"{phase!r} is not a phase; use {', '.join(sorted(PHASE_WORDS))}")
        conflicts = cells.listed("conflicts")
        for conflict in conflicts:
            if not conflict.isdigit():
                raise cells.error(
                    "conflicts", f"{conflict!r} is not a URN; list the URNs of the schools, separated by ;"
                )
        capacity = cells.number("capacity_days")
        offers.append(
            Offer(
                offer_id=offer_id,
                supporter_urn=urn,
                supporter_name=name,
                kind=kind,
                areas=frozenset(_area(cells, a) for a in areas),
                phases=frozenset(phases),
                capacity_days=capacity,
                max_distance_km=cells.number("max_distance_km") if cells.text("max_distance_km") else None,
                network=cells.text("network"),
                conflicts=frozenset(int(c) for c in conflicts),
                row=cells.row,
            )
        )
    return offers


def _area(cells: Cells, word: str) -> Area:
    value = word.lower().replace(" ", "_").replace("-", "_")
    if value not in {a.value for a in Area}:
        raise cells.error("areas", f"{word!r} is not an area; use {', '.join(a.value for a in Area)}")
    return Area(value)


def read_rules(path: Path) -> list[Rule]:
    rules: list[Rule] = []
    for cells in rows_of(path, "pins"):
        rules.append(
            Rule(
                need_id=cells.required("need_id"),
                offer_id=cells.required("offer_id"),
                kind=RuleKind(cells.choice("rule", (k.value for k in RuleKind), "a rule")),
                row=cells.row,
            )
        )
    return rules


def need_row(need: Need) -> list[str]:
    return [
        need.need_id,
        str(need.urn),
        need.area.value,
        str(need.urgency),
        f"{need.days:g}",
        need.raised_on.isoformat() if need.raised_on else "",
        need.raised_by,
        need.notes,
    ]


def offer_row(offer: Offer) -> list[str]:
    return [
        offer.offer_id,
        "" if offer.supporter_urn is None else str(offer.supporter_urn),
        offer.supporter_name,
        offer.kind.value,
        ";".join(sorted(a.value for a in offer.areas)),
        ";".join(sorted(offer.phases)),
        f"{offer.capacity_days:g}",
        "" if offer.max_distance_km is None else f"{offer.max_distance_km:g}",
        offer.network,
        ";".join(str(c) for c in sorted(offer.conflicts)),
    ]


def rule_row(rule: Rule) -> list[str]:
    return [rule.need_id, rule.offer_id, rule.kind.value]


def write(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    """A template file (CSV or XLSX by the name's ending); text a spreadsheet would run is made inert."""
    cells = [[neutralise(c) for c in row] for row in rows]
    if path.suffix.lower() == ".xlsx":
        book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
        sheet = book.add_worksheet("template")
        for r, row in enumerate([header, *cells]):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
        book.close()
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(cells)
