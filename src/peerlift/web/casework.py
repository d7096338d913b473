"""Every change to categories, concerns and an LA's category rules, each through
``audit.audited_change``: the web pages, the CLI and the background recompute all call these, so no
change escapes the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from peerlift.store import categories, concerns
from peerlift.store.models import CategoryDecision, CategoryRules, Concern, Establishment
from peerlift.web import audit

CATEGORIES = (1, 2, 3, 4)


class CaseworkError(ValueError):
    """A change refused, in words an officer can act on."""


def _school(urn: int) -> Establishment:
    school = Establishment.objects.filter(urn=urn).first()
    if school is None or school.la_code is None:
        raise CaseworkError(f"no school with URN {urn} is in the register")
    return school


def override_category(
    actor: str,
    urn: int,
    category: int,
    rationale: str,
    *,
    discussed_on: dt.date | None = None,
    effective_on: dt.date | None = None,
) -> CategoryDecision:
    """Set a school's category by an officer's decision, with the rationale (required)."""
    if category not in CATEGORIES:
        raise CaseworkError(f"a category is 1, 2, 3 or 4, not {category}")
    if not rationale.strip():
        raise CaseworkError("give the rationale for the override (the discussion with the school)")
    school = _school(urn)
    la = int(school.la_code)
    on = effective_on or dt.date.today()
    return audit.audited_change(
        actor,
        "override category",
        audit.CATEGORY,
        lambda: categories.record_override(
            urn,
            la,
            category,
            rationale=rationale.strip(),
            discussed_on=discussed_on,
            effective_on=on,
            by=actor,
        ),
        la=la,
    )


def record_computed(
    actor: str,
    urn: int,
    la: int,
    category: int,
    reasons: list[categories.Reason],
    *,
    rules: str,
    effective_on: dt.date,
    previous: int | None,
) -> CategoryDecision:
    """Record a category the rules computed that differs from the last one computed."""
    return audit.audited_change(
        actor,
        "compute category",
        audit.CATEGORY,
        lambda: categories.record_computed(
            urn, la, category, reasons, rules=rules, effective_on=effective_on, by=actor, previous=previous
        ),
        la=la,
    )


def add_concern(actor: str, urn: int, kind: str, raised_on: dt.date, note: str) -> Concern:
    school = _school(urn)
    la = int(school.la_code)
    try:
        return audit.audited_change(
            actor,
            "add concern",
            audit.CONCERN,
            lambda: concerns.add(urn, la, kind, raised_on, note, actor),
            la=la,
        )
    except concerns.ConcernError as error:
        raise CaseworkError(str(error)) from None


def close_concern(actor: str, concern_id: int, closed_on: dt.date, note: str = "") -> Concern:
    try:
        found = concerns.concern(concern_id)
        return audit.audited_change(
            actor,
            "close concern",
            audit.CONCERN,
            lambda: concerns.close(found, closed_on, actor, note),
            la=found.la_code,
            target=found,
        )
    except concerns.ConcernError as error:
        raise CaseworkError(str(error)) from None


def set_rules(actor: str, la: int, name: str, text: str) -> CategoryRules:
    """Put an LA's own rules file in force (validated by the caller before it asks)."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return audit.audited_change(
        actor,
        "set category rules",
        audit.RULES,
        lambda: CategoryRules.objects.create(la_code=la, name=name, text=text, sha256=digest, set_by=actor),
        la=la,
    )


def record_changes(
    actor: str, changes: list[dict[str, Any]], rules: str, effective_on: dt.date
) -> list[CategoryDecision]:
    """Record each change (``Categorised.change()``: a school whose computed category differs from the
    last one recorded, or its first), each in the audit log; an override in force stays in force."""
    return [
        record_computed(
            actor,
            change["urn"],
            change["la"],
            change["to"],
            change["reasons"],
            rules=rules,
            effective_on=effective_on,
            previous=change["from"],
        )
        for change in changes
    ]
