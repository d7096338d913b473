"""Schools' categories as recorded: the decision history, the category in force, and new decisions.

The history (``CategoryDecision``) only grows. What is in force on a date is worked out from it: the
newest override effective by then, else the newest computed category. So a recomputation never
undoes an officer's override, and an override never hides what the rules now say (both are kept and
shown side by side). Audited changes go through ``web/casework.py``, which calls the writers here
inside ``audit.audited_change``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from peerlift.store.models import CategoryDecision

Reason = dict[str, Any]  # {"rule", "text", "figures"}


@dataclass(frozen=True)
class Decision:
    """One entry of a school's category history, as the CLI, pages and other engineers read it."""

    id: int
    urn: int
    la_code: int
    kind: str  # "computed" or "override"
    from_category: int | None
    category: int
    computed_category: int | None
    reasons: list[Reason]
    rules: str
    rationale: str
    discussed_on: dt.date | None
    effective_on: dt.date
    decided_by: str
    decided_at: dt.datetime


@dataclass(frozen=True)
class InForce:
    """A school's category in force on a date, with the computed decision and the override beside it."""

    urn: int
    category: int
    computed: Decision | None
    override: Decision | None
    changed_on: dt.date  # the day the category in force last took effect
    history: list[Decision] = field(default_factory=list)


def _decision(row: CategoryDecision) -> Decision:
    return Decision(
        id=row.pk,
        urn=row.urn,
        la_code=row.la_code,
        kind=row.kind,
        from_category=row.from_category,
        category=row.category,
        computed_category=row.computed_category,
        reasons=list(row.reasons),
        rules=row.rules,
        rationale=row.rationale,
        discussed_on=row.discussed_on,
        effective_on=row.effective_on,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def _today() -> dt.date:
    return dt.date.today()


def decisions(la_code: int | str | None = None, urns: list[int] | None = None) -> list[Decision]:
    """Every decision of an LA's schools (or of these schools), oldest first."""
    found = CategoryDecision.objects.all()
    if la_code is not None:
        found = found.filter(la_code=int(la_code))
    if urns is not None:
        found = found.filter(urn__in=urns)
    return [_decision(r) for r in found.order_by("urn", "effective_on", "id")]


def _fold(history: list[Decision], as_at: dt.date) -> InForce | None:
    """The category in force from one school's history (oldest first) on a date."""
    effective = [d for d in history if d.effective_on <= as_at]
    computed = next((d for d in reversed(effective) if d.kind == CategoryDecision.Kind.COMPUTED), None)
    override = next((d for d in reversed(effective) if d.kind == CategoryDecision.Kind.OVERRIDE), None)
    chosen = override or computed
    if chosen is None:
        return None
    return InForce(
        urn=chosen.urn,
        category=chosen.category,
        computed=computed,
        override=override,
        changed_on=_changed_on(effective, chosen.category),
        history=effective,
    )


def _changed_on(effective: list[Decision], category: int) -> dt.date:
    """The day the category in force became what it is: the first decision of the latest unbroken
    run in which the in-force category equalled it."""
    running: list[tuple[dt.date, int]] = []
    override: int | None = None
    computed: int | None = None
    for d in effective:
        if d.kind == CategoryDecision.Kind.OVERRIDE:
            override = d.category
        else:
            computed = d.category
        in_force = override if override is not None else computed
        assert in_force is not None
        running.append((d.effective_on, in_force))
    since = running[-1][0]
    for on, value in reversed(running):
        if value != category:
            break
        since = on
    return since


def in_force(la_code: int | str, as_at: dt.date | None = None) -> dict[int, InForce]:
    """Each of an LA's schools with a recorded category: what is in force on ``as_at`` (today)."""
    on = as_at or _today()
    by_urn: dict[int, list[Decision]] = {}
    for d in decisions(la_code):
        by_urn.setdefault(d.urn, []).append(d)
    out: dict[int, InForce] = {}
    for urn, history in by_urn.items():
        found = _fold(history, on)
        if found is not None:
            out[urn] = found
    return out


def categories_in_force(la_code: int | str, as_at: dt.date | None = None) -> dict[int, int]:
    """URN -> category in force on ``as_at`` (today): the override if any, else the computed one.

    A stable interface: improvement-partner allocation and brokerage read categories through it.
    """
    return {urn: f.category for urn, f in in_force(la_code, as_at).items()}


def school_in_force(urn: int, as_at: dt.date | None = None) -> InForce | None:
    """One school's category in force (with its history to that day), or None if it has none."""
    return _fold(decisions(urns=[urn]), as_at or _today())


def history(urn: int) -> list[Decision]:
    """Every decision about a school, oldest first, including those effective later than today."""
    return decisions(urns=[urn])


def record_computed(
    urn: int,
    la_code: int,
    category: int,
    reasons: list[Reason],
    *,
    rules: str,
    effective_on: dt.date,
    by: str,
    previous: int | None,
) -> CategoryDecision:
    """Add a computed decision (call it through web/casework.py so that it is audited)."""
    return CategoryDecision.objects.create(
        urn=urn,
        la_code=la_code,
        kind=CategoryDecision.Kind.COMPUTED,
        from_category=previous,
        category=category,
        computed_category=category,
        reasons=reasons,
        rules=rules,
        effective_on=effective_on,
        decided_by=by,
    )


def record_override(
    urn: int,
    la_code: int,
    category: int,
    *,
    rationale: str,
    discussed_on: dt.date | None,
    effective_on: dt.date,
    by: str,
) -> CategoryDecision:
    """Add an officer's override (call it through web/casework.py so that it is audited)."""
    before = school_in_force(urn, effective_on)
    return CategoryDecision.objects.create(
        urn=urn,
        la_code=la_code,
        kind=CategoryDecision.Kind.OVERRIDE,
        from_category=before.category if before else None,
        category=category,
        computed_category=before.computed.category if before and before.computed else None,
        reasons=list(before.computed.reasons) if before and before.computed else [],
        rationale=rationale,
        discussed_on=discussed_on,
        effective_on=effective_on,
        decided_by=by,
    )


def decision_json(d: Decision) -> dict[str, Any]:
    """A history entry in the CLI's and API's JSON shape."""
    return {
        "id": d.id,
        "urn": d.urn,
        "kind": d.kind,
        "from": d.from_category,
        "to": d.category,
        "computed_category": d.computed_category,
        "reasons": d.reasons,
        "rules": d.rules,
        "rationale": d.rationale or None,
        "discussed_on": d.discussed_on.isoformat() if d.discussed_on else None,
        "effective_on": d.effective_on.isoformat(),
        "by": d.decided_by,
        "at": d.decided_at.isoformat(timespec="seconds"),
    }
