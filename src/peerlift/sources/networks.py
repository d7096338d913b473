"""Readers for the networks' templates an LA fills in itself: who was in which network when
(``network_members``) and what each network did, with whom (``network_activities``);
docs/data-formats.md, "Templates".

Read like the careers templates (sources/careers.py): recognised by header, each cell that cannot be
read skips its row naming the column, too many such rows refuse the file. Kinds and levels are
checked against domain/networks.toml, and written either as its codes (``cluster``,
``senior_leaders``) or its labels in any case (``Cluster``, ``Senior leaders``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peerlift.domain.networks import vocabulary
from peerlift.sources import frames
from peerlift.sources.base import Reader, ReadResult, Skip, header_with, load_csv, report_unknown
from peerlift.sources.careers import (
    LIST_SEPARATOR,
    BadCell,
    Cells,
    _cell,
    _each_row,
    _frame,
    _required,
    _Template,
    date,
    urn,
)

MEMBER_COLUMNS = ("network", "kind", "lead", "urn", "joined_on", "left_on")
ACTIVITY_COLUMNS = ("network", "la", "date", "kind", "levels", "notes")


def _key(text: str) -> str:
    """'Senior leaders', 'senior-leaders', 'SENIOR_LEADERS' -> 'senior_leaders'."""
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def _code(text: str, column: str, known: dict[str, str], what: str) -> str:
    """The code for a cell written as a code or a label; a BadCell naming the choices otherwise."""
    wanted = _key(text)
    for code, label in known.items():
        if wanted in (code, _key(label)):
            return code
    choices = ", ".join(f"{code} ({label})" for code, label in known.items())
    raise BadCell(column, f"{text!r} is not {what}; write one of {choices}")


class NetworkMembersReader(_Template):
    """Each school's spells in the LA's networks: when it joined and when (if it has) it left."""

    kind = "network_members"
    description = "Network members over time (peerlift's template, see docs/data-formats.md)"
    columns = MEMBER_COLUMNS
    required = ("network", "urn", "joined_on")
    table = frames.NETWORK_MEMBERS

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        words = vocabulary()
        kind = _cell(row, "kind")
        recorded = {k: words.kinds[k].label for k in words.recorded_kinds}
        if kind is not None and _key(kind) in words.kinds and _key(kind) not in recorded:
            raise BadCell(
                "kind",
                f"{kind!r} is read from GIAS groups, not recorded: trusts and federations come from "
                "the GIAS groups files",
            )
        joined = date(_cell(row, "joined_on"), "joined_on")
        left = date(_cell(row, "left_on"), "left_on")
        if joined is not None and left is not None and left <= joined:
            raise BadCell(
                "left_on", f"the school leaves ({left:%d/%m/%Y}) before it joins ({joined:%d/%m/%Y})"
            )
        yield {
            "network": _required(row, "network"),
            "kind": _code(kind, "kind", recorded, "a kind of network") if kind is not None else None,
            "lead": _cell(row, "lead"),
            "urn": urn(_required(row, "urn")),
            "joined_on": joined,
            "left_on": left,
            "_row": int(str(row["_row"])),
        }

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, header_with(*self.required))
        rows = _each_row(table, self.parse)
        kept, overlapping = _without_overlaps(rows.records)
        for record in kept:
            record.pop("_row")
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={self.table: _frame(self.table, kept)},
            rows_read=rows.rows,
            skipped=sorted([*rows.skipped, *overlapping], key=lambda s: s.row),
            unknown_columns=report_unknown(table.header, self.columns),
        )


def _without_overlaps(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Skip]]:
    """A school's spells in one network must not overlap (it cannot join again before it has left):
    the later of two overlapping rows is skipped, naming the earlier."""
    spells: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        spells[(record["network"].casefold(), record["urn"])].append(record)
    skipped: list[Skip] = []
    dropped: set[int] = set()
    for found in spells.values():
        found.sort(key=lambda r: (r["joined_on"] is not None, r["joined_on"] or 0, r["_row"]))
        previous: dict[str, Any] | None = None
        for record in found:
            if previous is not None and (
                previous["left_on"] is None
                or (record["joined_on"] is None or record["joined_on"] < previous["left_on"])
            ):
                reason = (
                    f"URN {record['urn']} is already in {record['network']} then (row {previous['_row']}): "
                    "a school joins again only after the day it left"
                )
                skipped.append(Skip(record["_row"], reason, kind="unreadable joined_on", column="joined_on"))
                dropped.add(id(record))
                continue
            previous = record
    return [r for r in records if id(r) not in dropped], skipped


class NetworkActivitiesReader(_Template):
    """What each network did on a day (meeting, CPD, joint practice...) and who took part by level."""

    kind = "network_activities"
    description = "Network activities (peerlift's template, see docs/data-formats.md)"
    columns = ACTIVITY_COLUMNS
    required = ("network", "date", "kind", "levels")
    table = frames.NETWORK_ACTIVITIES

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        words = vocabulary()
        levels = [part for part in _required(row, "levels").split(LIST_SEPARATOR) if part.strip()]
        codes = list(dict.fromkeys(_code(part, "levels", words.levels, "a level") for part in levels))
        if not codes:
            raise BadCell("levels", "the levels are blank; name who took part, e.g. heads; teachers")
        la = _cell(row, "la")
        if la is not None and not re.fullmatch(r"\d{3}", la):
            raise BadCell("la", f"{la!r} is not an LA code (three digits, e.g. 331)")
        yield {
            "network": _required(row, "network"),
            "la_code": int(la) if la is not None else None,
            "date": date(_required(row, "date"), "date"),
            "kind": _code(_required(row, "kind"), "kind", words.activity_kinds, "a kind of activity"),
            "levels": "; ".join(code for code in words.levels if code in codes),
            "notes": _cell(row, "notes") or "",
            "row": int(str(row["_row"])),
        }


READERS: list[Reader] = [NetworkMembersReader(), NetworkActivitiesReader()]
