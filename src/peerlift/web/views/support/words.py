"""What the support agreement pages say: milestones, statuses, progress, quality and areas in
words, the LA's name, when the next review is due, and a refusal as a sentence."""

from __future__ import annotations

import datetime as dt

from peerlift.analysis import milestones
from peerlift.analysis import support_figures as sf
from peerlift.store import access
from peerlift.web.tables import Row
from peerlift.web.views.brokerage import AREA_NAMES
from peerlift.web.words import long_date

STATUS_NAMES = {"active": "Active", "paused": "Paused", "stopped": "Stopped"}
ACTION_NAMES = {
    "create": "Made",
    "advance": "Moved on",
    "pause": "Paused",
    "stop": "Stopped",
    "reopen": "Reopened",
}


def milestone_name(code: str) -> str:
    return milestones.title(code)


def status_name(code: str) -> str:
    return STATUS_NAMES.get(code, code.capitalize())


def progress_name(code: str | None) -> str:
    """'Amber: some progress, but at risk of not meeting its objectives' (the GOV.UK hint)."""
    if not code:
        return ""
    return f"{milestones.progress_label(code)}: {milestones.progress_hint(code)}"


def quality_name(value: int | None) -> str:
    return f"{milestones.quality_label(value)} ({value} of 4)" if value else "Not rated"


def areas_name(codes: list[str]) -> str:
    return ", ".join(AREA_NAMES.get(a, a) for a in codes)


def la_name(la: int) -> str:
    """The LA's name for the breadcrumbs (its code when the register has no name for it)."""
    found = access.local_authority(la)
    return str(found["name"]) if found and found.get("name") else f"LA {la}"


def review_due_words(detail: Row, today: dt.date) -> str:
    """When an active agreement in delivery is due its next review, by the figures' one rule
    (analysis/support_figures.review_due_on), in words: '26 September 2026 (overdue by 67 days)'."""
    if detail["milestone"] != "in_delivery" or detail["status"] != "active":
        return ""
    last = detail["reviews"][-1] if detail["reviews"] else None
    due = sf.review_due_on(
        dt.date.fromisoformat(last["reviewed_on"]) if last else None,
        dt.date.fromisoformat(last["next_review_on"]) if last and last["next_review_on"] else None,
        dt.date.fromisoformat(detail["dates"]["in_delivery_on"])
        if detail["dates"]["in_delivery_on"]
        else None,
        sf.default_settings(),
    )
    if due is None:
        return ""
    late = (today - due).days
    words = long_date(due) + ("" if last else " (the first review)")
    if late > 0:
        return f"{words}: overdue by {late} day{'s' if late != 1 else ''}"
    return words


def refusal_words(error: Exception) -> str:
    text = str(error).strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith(".") else f"{text}."
