"""Concerns officers record about schools: reading them as plain rows, and the writers that
web/casework.py calls inside ``audit.audited_change``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peerlift.domain.dates import long_date
from peerlift.store.models import Concern

KINDS: dict[str, str] = {value: str(label) for value, label in Concern.Kind.choices}


class ConcernError(ValueError):
    """A concern that cannot be recorded or closed, in words an officer can act on."""


@dataclass(frozen=True)
class ConcernRow:
    """One concern as the CLI, the pages and the category rules read it."""

    id: int
    urn: int
    la_code: int
    kind: str
    kind_label: str
    raised_on: dt.date
    note: str
    raised_by: str
    is_open: bool
    closed_on: dt.date | None
    closed_by: str
    closing_note: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "urn": self.urn,
            "la": self.la_code,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "raised_on": self.raised_on.isoformat(),
            "note": self.note,
            "raised_by": self.raised_by,
            "open": self.is_open,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "closed_by": self.closed_by or None,
            "closing_note": self.closing_note or None,
        }


def _row(c: Concern) -> ConcernRow:
    return ConcernRow(
        id=c.pk,
        urn=c.urn,
        la_code=c.la_code,
        kind=c.kind,
        kind_label=KINDS.get(c.kind, c.kind),
        raised_on=c.raised_on,
        note=c.note,
        raised_by=c.raised_by,
        is_open=c.is_open,
        closed_on=c.closed_on,
        closed_by=c.closed_by,
        closing_note=c.closing_note,
    )


def open_concerns(la_code: int | str, as_at: dt.date | None = None) -> list[ConcernRow]:
    """An LA's open concerns (on ``as_at``: raised by then and not closed by then), by school.

    A stable interface: the category rules and brokerage read concerns through it.
    """
    found = Concern.objects.filter(la_code=int(la_code))
    if as_at is None:
        return [_row(c) for c in found.filter(is_open=True)]
    rows = [_row(c) for c in found.filter(raised_on__lte=as_at)]
    return [r for r in rows if r.closed_on is None or r.closed_on > as_at]


def concerns_of(urn: int) -> list[ConcernRow]:
    """Every concern about a school, open and closed, newest first."""
    return [_row(c) for c in Concern.objects.filter(urn=urn)]


def concerns_in(la_code: int | str, include_closed: bool = False) -> list[ConcernRow]:
    found = Concern.objects.filter(la_code=int(la_code))
    if not include_closed:
        found = found.filter(is_open=True)
    return [_row(c) for c in found]


def concern(concern_id: int) -> Concern:
    found = Concern.objects.filter(pk=concern_id).first()
    if found is None:
        raise ConcernError(f"there is no concern number {concern_id}")
    return found


def add(urn: int, la_code: int, kind: str, raised_on: dt.date, note: str, by: str) -> Concern:
    """Record a concern (through web/casework.py, which audits it)."""
    if kind not in KINDS:
        raise ConcernError(f"{kind!r} is not a kind of concern (one of: {', '.join(KINDS)})")
    return Concern.objects.create(
        urn=urn, la_code=la_code, kind=kind, raised_on=raised_on, note=note, raised_by=by
    )


def close(found: Concern, closed_on: dt.date, by: str, note: str = "") -> Concern:
    """Close an open concern (through web/casework.py, which audits it)."""
    if not found.is_open:
        raise ConcernError(f"concern number {found.pk} was closed on {long_date(found.closed_on)}")
    if closed_on < found.raised_on:
        raise ConcernError(f"a concern cannot close before it was raised ({long_date(found.raised_on)})")
    found.is_open = False
    found.closed_on = closed_on
    found.closed_by = by
    found.closing_note = note
    found.save()
    return found


def all_open(as_at: dt.date) -> list[ConcernRow]:
    """Every LA's concerns open on ``as_at`` (a national categorisation)."""
    rows = [_row(c) for c in Concern.objects.filter(raised_on__lte=as_at)]
    return [r for r in rows if r.closed_on is None or r.closed_on > as_at]
