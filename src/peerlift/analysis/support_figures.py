"""What an LA learns from its support agreements: timeliness, quality, outcomes, provider audits.

Pure: plain frozen dataclasses in (``store/support_figures.py`` reads the models into them), plain
dicts out (the CLI's JSON, the pages' tables and the reports all show the same ones). The settings
(what starts the clock, how long between reviews, when a need counts as unmatched, the school terms)
are data in ``support_figures.toml``.

* **Timeliness**: for each agreement the *trigger* is the earliest of the triggers the settings
  list: a need it answers being raised, a concern about the school open when the agreement was made
  being raised, the school's category in force then becoming 3 or 4. Days are counted from it to the
  first event that took the agreement to ``agreed`` (or beyond) and to ``first_meeting`` (or
  beyond), by the category in force when the agreement was made and by focus area.
* **Quality**: the reviews' overall progress (red, amber, green) and the supported head's rating of
  the support (1 poor to 4 excellent), by school term, by provider and by area.
* **Outcomes** of closed agreements: the category when the agreement started and now, the
  inspection before and the next one after the start, and the school's results against its family
  of similar schools before and after. Descriptive: not a comparison with similar schools that were
  not supported.
* **Provider audit**: for each provider, its agreements, days planned and delivered, cost per
  delivered day, ratings, timeliness and outcomes.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

MILESTONES = ("proposed", "agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery", "closed")
PROGRESS = ("red", "amber", "green")
TRIGGERS = ("need", "concern", "category")
DESCRIPTIVE = "descriptive: not a comparison with similar schools not supported"
NO_CATEGORY = "none"
NO_AREA = "not_given"

Row = dict[str, Any]


class SettingsError(ValueError):
    """Settings that cannot be used, in words naming the key."""


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Provider:
    """Who leads the support: a school (by URN) or a person or organisation from the offers.

    ``key`` identifies it across agreements: the school's URN as text, else the offer's reference,
    else its name."""

    key: str
    name: str
    kind: str  # brokerage.model.OfferKind value
    urn: int | None = None
    offer_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """One step of an agreement's history (create, advance, pause, stop, reopen)."""

    action: str
    milestone: str  # after the event
    status: str  # after the event
    happened_on: dt.date
    note: str = ""


@dataclass(frozen=True)
class ObjectiveRating:
    area: str
    progress: str  # red amber green


@dataclass(frozen=True)
class Review:
    reviewed_on: dt.date
    progress: str  # red amber green
    quality: int | None = None  # 1 poor .. 4 excellent
    next_review_on: dt.date | None = None
    reviewer: str = ""
    objectives: tuple[ObjectiveRating, ...] = ()


@dataclass(frozen=True)
class Delivery:
    days: float
    delivered_on: dt.date
    delivered_by: str = ""


@dataclass(frozen=True)
class Need:
    need_id: str
    urn: int
    area: str
    raised_on: dt.date | None
    status: str = "open"
    school: str = ""
    answered: bool = False  # an agreement answers it


@dataclass(frozen=True)
class Concern:
    urn: int
    raised_on: dt.date
    closed_on: dt.date | None = None
    kind: str = ""


@dataclass(frozen=True)
class CategoryDecision:
    """One entry of a school's category history (store/categories.py): computed or override."""

    urn: int
    kind: str  # computed override
    category: int
    effective_on: dt.date


@dataclass(frozen=True)
class Inspection:
    urn: int
    inspected_on: dt.date
    grade: int | None  # overall effectiveness 1 (outstanding) .. 4; None where there is none
    label: str = ""  # the outcome in words


@dataclass(frozen=True)
class FamilyFigure:
    """A school's figure for a measure in a year beside its family's average."""

    urn: int
    measure: str
    year: int  # the calendar year the school year ends
    school: float
    family: float
    higher_is_better: bool = True


@dataclass(frozen=True)
class Agreement:
    id: int
    la_code: int
    supported_urn: int
    provider: Provider
    days_planned: float
    milestone: str
    status: str
    supported_name: str = ""
    focus_areas: tuple[str, ...] = ()
    cost: float | None = None
    start_on: dt.date | None = None
    planned_end_on: dt.date | None = None
    outcome: str = ""
    events: tuple[Event, ...] = ()
    reviews: tuple[Review, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    needs: tuple[Need, ...] = ()

    @property
    def created_on(self) -> dt.date | None:
        """The day it was made: its first event, else its start."""
        days = [e.happened_on for e in self.events]
        return min(days) if days else self.start_on

    @property
    def days_delivered(self) -> float:
        return sum(d.days for d in self.deliveries)

    @property
    def areas(self) -> tuple[str, ...]:
        """Its focus areas; else the areas of the needs it answers."""
        if self.focus_areas:
            return self.focus_areas
        return tuple(dict.fromkeys(n.area for n in self.needs)) or (NO_AREA,)


@dataclass(frozen=True)
class History:
    """Everything the figures read about an LA's support, as at a day."""

    as_at: dt.date
    agreements: tuple[Agreement, ...] = ()
    needs: tuple[Need, ...] = ()
    concerns: tuple[Concern, ...] = ()
    categories: tuple[CategoryDecision, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    family: tuple[FamilyFigure, ...] = ()


@dataclass(frozen=True)
class Term:
    name: str
    first_month: int


@dataclass(frozen=True)
class Settings:
    triggers: tuple[str, ...] = TRIGGERS
    trigger_categories: frozenset[int] = frozenset({3, 4})
    review_interval_days: int = 91
    unmatched_after_days: int = 30
    unmatched_statuses: frozenset[str] = frozenset({"open"})
    terms: tuple[Term, ...] = field(
        default=(Term("autumn", 9), Term("spring", 1), Term("summer", 4)),
    )
    outcome_measures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phase group -> measures


PACKAGE_SETTINGS = "support_figures.toml"


def default_settings() -> Settings:
    text = resources.files("peerlift.analysis").joinpath(PACKAGE_SETTINGS).read_text(encoding="utf-8")
    return parse_settings(text, PACKAGE_SETTINGS)


def parse_settings(text: str, file_name: str) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{file_name}: {error}") from error
    timeliness = data.get("timeliness", {})
    quality = data.get("quality", {})

    def whole(key: str) -> int:
        value = timeliness.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"{file_name}, key timeliness.{key}: give a whole number of days, 0 or more")
        return value

    triggers = timeliness.get("triggers", [])
    if not isinstance(triggers, list) or not triggers or any(t not in TRIGGERS for t in triggers):
        raise SettingsError(
            f"{file_name}, key timeliness.triggers: list one or more of {', '.join(TRIGGERS)}"
        )
    categories = timeliness.get("trigger_categories", [])
    if not isinstance(categories, list) or any(c not in (1, 2, 3, 4) for c in categories):
        raise SettingsError(f"{file_name}, key timeliness.trigger_categories: categories are 1 to 4")
    terms = []
    for entry in quality.get("terms", []):
        month = entry.get("first_month") if isinstance(entry, dict) else None
        if not isinstance(month, int) or not 1 <= month <= 12 or not entry.get("name"):
            raise SettingsError(
                f"{file_name}, key quality.terms: each term has a name and a first_month 1 to 12"
            )
        terms.append(Term(str(entry["name"]), month))
    if not terms:
        raise SettingsError(f"{file_name}, key quality.terms: give at least one term")
    measures = data.get("outcomes", {}).get("measures", {})
    if not isinstance(measures, dict) or any(
        not isinstance(v, list) or not all(isinstance(m, str) for m in v) for v in measures.values()
    ):
        raise SettingsError(
            f"{file_name}, key outcomes.measures: give a list of measure names per phase group"
        )
    return Settings(
        triggers=tuple(triggers),
        trigger_categories=frozenset(categories),
        review_interval_days=whole("review_interval_days"),
        unmatched_after_days=whole("unmatched_after_days"),
        unmatched_statuses=frozenset(timeliness.get("unmatched_statuses", ["open"])),
        terms=tuple(terms),
        outcome_measures={group: tuple(names) for group, names in measures.items()},
    )


# ---------------------------------------------------------------- small helpers


def stats(values: Iterable[float | int | None]) -> Row:
    """count, median, mean (1 decimal place) and max of the values given (None left out)."""
    known = [v for v in values if v is not None]
    if not known:
        return {"count": 0, "median": None, "mean": None, "max": None}
    return {
        "count": len(known),
        "median": statistics.median(known),
        "mean": round(statistics.fmean(known), 1),
        "max": max(known),
    }


def _rank(milestone: str) -> int:
    return MILESTONES.index(milestone) if milestone in MILESTONES else -1


def reached_on(agreement: Agreement, milestone: str) -> dt.date | None:
    """The day of the first event that took the agreement to ``milestone`` or beyond."""
    want = _rank(milestone)
    days = [e.happened_on for e in agreement.events if _rank(e.milestone) >= want]
    return min(days) if days else None


def category_on(
    decisions: Sequence[CategoryDecision], urn: int, on: dt.date
) -> tuple[int | None, dt.date | None]:
    """The category in force for a school on a day and the day it took effect, by store/categories'
    rule: the newest override effective by then, else the newest computed decision."""
    mine = sorted(
        (d for d in decisions if d.urn == urn and d.effective_on <= on), key=lambda d: d.effective_on
    )
    override = computed = None
    timeline: list[tuple[dt.date, int]] = []
    for d in mine:
        if d.kind == "override":
            override = d.category
        else:
            computed = d.category
        value = override if override is not None else computed
        assert value is not None
        timeline.append((d.effective_on, value))
    if not timeline:
        return None, None
    current = timeline[-1][1]
    since = timeline[-1][0]
    for day, value in reversed(timeline):
        if value != current:
            break
        since = day
    return current, since


def _concern_run_start(
    decisions: Sequence[CategoryDecision], urn: int, on: dt.date, wanted: frozenset[int]
) -> dt.date | None:
    """The day the school's category in force on ``on`` entered an unbroken run of ``wanted``
    categories (3 then 4 is one run), or None if it is not in one."""
    days = sorted({d.effective_on for d in decisions if d.urn == urn and d.effective_on <= on}, reverse=True)
    start = None
    for day in days:
        category, _ = category_on(decisions, urn, day)
        if category not in wanted:
            break
        start = day
    return start


def trigger_of(agreement: Agreement, history: History, settings: Settings) -> tuple[dt.date | None, str]:
    """The earliest trigger of an agreement and which kind it was ("" if none is recorded). Only what
    had happened by the day the agreement was made counts: a need raised later did not trigger it."""
    made = agreement.created_on
    found: list[tuple[dt.date, str]] = []
    if "need" in settings.triggers:
        found += [
            (n.raised_on, "need")
            for n in agreement.needs
            if n.raised_on is not None and (made is None or n.raised_on <= made)
        ]
    if made is not None and "concern" in settings.triggers:
        found += [
            (c.raised_on, "concern")
            for c in history.concerns
            if c.urn == agreement.supported_urn
            and c.raised_on <= made
            and (c.closed_on is None or c.closed_on >= made)
        ]
    if made is not None and "category" in settings.triggers:
        start = _concern_run_start(
            history.categories, agreement.supported_urn, made, settings.trigger_categories
        )
        if start is not None:
            found.append((start, "category"))
    if not found:
        return None, ""
    day, kind = min(found, key=lambda f: (f[0], TRIGGERS.index(f[1])))
    return day, kind


def _days(later: dt.date | None, earlier: dt.date | None) -> int | None:
    return None if later is None or earlier is None else (later - earlier).days


# ---------------------------------------------------------------- timeliness


def agreement_timeliness(agreement: Agreement, history: History, settings: Settings) -> Row:
    trigger, kind = trigger_of(agreement, history, settings)
    agreed = reached_on(agreement, "agreed")
    first = reached_on(agreement, "first_meeting")
    made = agreement.created_on
    category = category_on(history.categories, agreement.supported_urn, made)[0] if made else None
    return {
        "agreement": agreement.id,
        "supported_urn": agreement.supported_urn,
        "school": agreement.supported_name,
        "provider": agreement.provider.key,
        "provider_name": agreement.provider.name,
        "category": category,
        "areas": list(agreement.areas),
        "trigger": kind or None,
        "trigger_on": trigger,
        "agreed_on": agreed,
        "first_meeting_on": first,
        "days_to_agreed": _days(agreed, trigger),
        "days_to_first_meeting": _days(first, trigger),
        "milestone": agreement.milestone,
        "status": agreement.status,
    }


def _summaries(rows: Sequence[Row], key: Callable[[Row], Iterable[str]], label: str) -> list[Row]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        for value in key(row):
            groups.setdefault(value, []).append(row)
    out = []
    for value in sorted(groups):
        members = groups[value]
        agreed = stats(r["days_to_agreed"] for r in members)
        first = stats(r["days_to_first_meeting"] for r in members)
        out.append(
            {
                label: value,
                "agreements": len(members),
                "with_trigger": sum(1 for r in members if r["trigger_on"] is not None),
                "agreed": agreed["count"],
                "agreed_median": agreed["median"],
                "agreed_mean": agreed["mean"],
                "agreed_max": agreed["max"],
                "first_meeting": first["count"],
                "first_meeting_median": first["median"],
                "first_meeting_mean": first["mean"],
                "first_meeting_max": first["max"],
            }
        )
    return out


def review_due_on(
    last_reviewed_on: dt.date | None,
    next_review_on: dt.date | None,
    in_delivery_on: dt.date | None,
    settings: Settings,
) -> dt.date | None:
    """The day an agreement in delivery is due its next review: the next review its latest review
    set, or one review interval after that review (after it entered delivery, with no review yet),
    whichever comes first. The figures' overdue reviews and the officers' to-do both use this."""
    since = last_reviewed_on or in_delivery_on
    by_interval = since + dt.timedelta(days=settings.review_interval_days) if since else None
    due = [d for d in (next_review_on, by_interval) if d is not None]
    return min(due) if due else None


def overdue_reviews(history: History, settings: Settings) -> list[Row]:
    """Active agreements in delivery whose next review date has passed, or with no review for longer
    than the review interval (since the last review, or since entering delivery). Paused and stopped
    agreements are left out: nothing is recorded on them until they are reopened."""
    out = []
    for a in history.agreements:
        if a.milestone != "in_delivery" or a.status != "active":
            continue
        reviews = sorted(a.reviews, key=lambda r: r.reviewed_on)
        last = reviews[-1] if reviews else None
        due_on = review_due_on(
            last.reviewed_on if last else None,
            last.next_review_on if last else None,
            reached_on(a, "in_delivery"),
            settings,
        )
        if due_on is not None and due_on < history.as_at:
            next_passed = bool(last and last.next_review_on and last.next_review_on < history.as_at)
            out.append(
                {
                    "agreement": a.id,
                    "supported_urn": a.supported_urn,
                    "school": a.supported_name,
                    "provider": a.provider.key,
                    "provider_name": a.provider.name,
                    "last_review_on": last.reviewed_on if last else None,
                    "due_on": due_on,
                    "days_overdue": (history.as_at - due_on).days,
                    "why": "next_review_passed" if next_passed else "no_review_in_interval",
                }
            )
    return sorted(out, key=lambda r: (-r["days_overdue"], r["agreement"]))


def unmatched_needs(history: History, settings: Settings) -> list[Row]:
    """Needs waiting for support (status in the settings, answered by no agreement) raised at least
    ``unmatched_after_days`` days before the as-at day."""
    answered = {n.need_id for a in history.agreements for n in a.needs}
    out = []
    for n in history.needs:
        if n.status not in settings.unmatched_statuses or n.need_id in answered or n.answered:
            continue
        if n.raised_on is None:
            continue
        waiting = (history.as_at - n.raised_on).days
        if waiting >= settings.unmatched_after_days:
            out.append(
                {
                    "need": n.need_id,
                    "urn": n.urn,
                    "school": n.school,
                    "area": n.area,
                    "raised_on": n.raised_on,
                    "days_waiting": waiting,
                }
            )
    return sorted(out, key=lambda r: (-r["days_waiting"], r["need"]))


def _category_key(row: Row) -> list[str]:
    return [str(row["category"]) if row["category"] is not None else NO_CATEGORY]


def timeliness(history: History, settings: Settings | None = None) -> Row:
    """The LA's timeliness: each agreement's days, summaries overall, by category and by area,
    agreements overdue a review and needs still unmatched."""
    settings = settings or default_settings()
    rows = [
        agreement_timeliness(a, history, settings) for a in sorted(history.agreements, key=lambda a: a.id)
    ]
    overall = _summaries(rows, lambda r: ["all"], "group")
    return {
        "as_at": history.as_at,
        "settings": {
            "triggers": list(settings.triggers),
            "trigger_categories": sorted(settings.trigger_categories),
            "review_interval_days": settings.review_interval_days,
            "unmatched_after_days": settings.unmatched_after_days,
        },
        "overall": overall[0] if overall else _empty_summary(),
        "by_category": _summaries(rows, _category_key, "category"),
        "by_area": _summaries(rows, lambda r: r["areas"], "area"),
        "agreements": rows,
        "overdue_reviews": overdue_reviews(history, settings),
        "unmatched_needs": unmatched_needs(history, settings),
    }


def _empty_summary() -> Row:
    return {
        "group": "all",
        "agreements": 0,
        "with_trigger": 0,
        "agreed": 0,
        "agreed_median": None,
        "agreed_mean": None,
        "agreed_max": None,
        "first_meeting": 0,
        "first_meeting_median": None,
        "first_meeting_mean": None,
        "first_meeting_max": None,
    }


# ---------------------------------------------------------------- quality


def term_of(day: dt.date, settings: Settings) -> tuple[dt.date, str]:
    """The start of the school term a day falls in, and its name with the school year
    ("autumn 2025/26")."""
    starts = []
    for year in (day.year - 1, day.year):
        for term in settings.terms:
            starts.append((dt.date(year, term.first_month, 1), term.name))
    begun = max((s for s in starts if s[0] <= day), key=lambda s: s[0])
    first_month = min(settings.terms, key=lambda t: (t.first_month - 9) % 12).first_month  # the school year's
    ends = begun[0].year + (1 if begun[0].month >= first_month else 0)
    return begun[0], f"{begun[1]} {ends - 1}/{ends % 100:02d}"


def _rating_row(reviews: Sequence[Review]) -> Row:
    counts = {p: sum(1 for r in reviews if r.progress == p) for p in PROGRESS}
    qualities = [r.quality for r in reviews if r.quality is not None]
    return {
        "reviews": len(reviews),
        **counts,
        "green_share": round(100 * counts["green"] / len(reviews), 1) if reviews else None,
        "quality_ratings": len(qualities),
        "quality_mean": round(statistics.fmean(qualities), 2) if qualities else None,
    }


def quality(history: History, settings: Settings | None = None) -> Row:
    """Review ratings by term, overall, by provider and by area (a review counts under each focus
    area of its agreement), and each objective's progress by its own area."""
    settings = settings or default_settings()
    items: list[tuple[Agreement, Review, dt.date, str]] = []
    for a in history.agreements:
        for r in a.reviews:
            start, name = term_of(r.reviewed_on, settings)
            items.append((a, r, start, name))

    def grouped(key: Callable[[Agreement], Iterable[str]], label: str) -> list[Row]:
        groups: dict[tuple[str, dt.date, str], list[Review]] = {}
        for a, r, start, name in items:
            for value in key(a):
                groups.setdefault((value, start, name), []).append(r)
        return [
            {label: value, "term": name, "term_start": start, **_rating_row(reviews)}
            for (value, start, name), reviews in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1]))
        ]

    names = {a.provider.key: a.provider.name for a in history.agreements}
    by_provider = grouped(lambda a: [a.provider.key], "provider")
    for row in by_provider:
        row["provider_name"] = names[row["provider"]]
    objectives: dict[tuple[str, dt.date, str], list[str]] = {}
    for _, r, start, name in items:
        for o in r.objectives:
            objectives.setdefault((o.area, start, name), []).append(o.progress)
    by_objective_area = [
        {
            "area": area,
            "term": name,
            "term_start": start,
            "ratings": len(values),
            **{p: values.count(p) for p in PROGRESS},
        }
        for (area, start, name), values in sorted(objectives.items(), key=lambda g: (g[0][0], g[0][1]))
    ]
    return {
        "as_at": history.as_at,
        "overall": _rating_row([r for _, r, _, _ in items]),
        "by_term": grouped(lambda a: ["all"], "group"),
        "by_provider": by_provider,
        "by_area": grouped(lambda a: a.areas, "area"),
        "objectives_by_area": by_objective_area,
    }


# ---------------------------------------------------------------- outcomes


def _direction(before: float | None, after: float | None, lower_is_better: bool) -> str | None:
    if before is None or after is None:
        return None
    if after == before:
        return "same"
    better = after < before if lower_is_better else after > before
    return "improved" if better else "declined"


def _year_ended(year: int) -> dt.date:
    return dt.date(year, 8, 31)


def outcome(agreement: Agreement, history: History) -> Row:
    """A closed agreement's category, inspection and results against its family, before and after.

    Before is as at its start (``start_on``, else the day it was agreed, else made); the category
    after is the one in force on the as-at day; the inspection after is the first on or after the
    start; results: the latest school year ended before the start against the latest one ended
    after it, for each measure with a figure in both."""
    start = agreement.start_on or reached_on(agreement, "agreed") or agreement.created_on or history.as_at
    closed = reached_on(agreement, "closed")
    urn = agreement.supported_urn
    before_cat, before_since = category_on(history.categories, urn, start)
    after_cat, after_since = category_on(history.categories, urn, history.as_at)
    mine = sorted((i for i in history.inspections if i.urn == urn), key=lambda i: i.inspected_on)
    before_insp = next((i for i in reversed(mine) if i.inspected_on < start), None)
    next_insp = next((i for i in mine if i.inspected_on >= start), None)
    results = []
    measures = sorted({f.measure for f in history.family if f.urn == urn})
    for measure in measures:
        figures = sorted(
            (f for f in history.family if f.urn == urn and f.measure == measure), key=lambda f: f.year
        )
        before = next((f for f in reversed(figures) if _year_ended(f.year) < start), None)
        after = next((f for f in reversed(figures) if _year_ended(f.year) >= start), None)
        if before is None or after is None:
            continue
        gap_before = round(before.school - before.family, 4)
        gap_after = round(after.school - after.family, 4)
        results.append(
            {
                "measure": measure,
                "year_before": before.year,
                "school_before": before.school,
                "family_before": before.family,
                "gap_before": gap_before,
                "year_after": after.year,
                "school_after": after.school,
                "family_after": after.family,
                "gap_after": gap_after,
                "change": _direction(gap_before, gap_after, lower_is_better=not before.higher_is_better),
            }
        )

    def inspection_row(i: Inspection | None) -> Row | None:
        return None if i is None else {"inspected_on": i.inspected_on, "grade": i.grade, "label": i.label}

    return {
        "agreement": agreement.id,
        "supported_urn": urn,
        "school": agreement.supported_name,
        "provider": agreement.provider.key,
        "provider_name": agreement.provider.name,
        "start_on": start,
        "closed_on": closed,
        "outcome": agreement.outcome or None,
        "category_before": before_cat,
        "category_before_since": before_since,
        "category_after": after_cat,
        "category_after_since": after_since,
        "category_change": _direction(before_cat, after_cat, lower_is_better=True),
        "inspection_before": inspection_row(before_insp),
        "inspection_after": inspection_row(next_insp),
        "inspection_change": _direction(
            before_insp.grade if before_insp else None,
            next_insp.grade if next_insp else None,
            lower_is_better=True,
        ),
        "results": results,
        "results_improved": sum(1 for r in results if r["change"] == "improved"),
        "results_declined": sum(1 for r in results if r["change"] == "declined"),
    }


def outcomes(history: History) -> Row:
    closed = [a for a in sorted(history.agreements, key=lambda a: a.id) if a.milestone == "closed"]
    return {"as_at": history.as_at, "note": DESCRIPTIVE, "outcomes": [outcome(a, history) for a in closed]}


# ---------------------------------------------------------------- provider audit


def providers(history: History) -> list[Provider]:
    """Every provider leading an agreement, with every offer reference it led under."""
    found: dict[str, Provider] = {}
    for a in history.agreements:
        p = a.provider
        if p.key in found:
            old = found[p.key]
            ids = tuple(dict.fromkeys(old.offer_ids + p.offer_ids))
            found[p.key] = Provider(old.key, old.name, old.kind, old.urn, ids)
        else:
            found[p.key] = p
    return sorted(found.values(), key=lambda p: (p.name.lower(), p.key))


def provider_matches(provider: Provider, wanted: str) -> bool:
    """Whether ``wanted`` (an offer's reference or a supporter's URN, as on the command line) is it."""
    text = wanted.strip()
    return (
        text == provider.key
        or text in provider.offer_ids
        or (provider.urn is not None and text == str(provider.urn))
    )


def provider_audit(provider: Provider, history: History, settings: Settings | None = None) -> Row:
    settings = settings or default_settings()
    mine = [a for a in sorted(history.agreements, key=lambda a: a.id) if a.provider.key == provider.key]
    planned = sum(a.days_planned for a in mine)
    delivered = sum(a.days_delivered for a in mine)
    costed = [a for a in mine if a.cost is not None]
    costed_days = sum(a.days_delivered for a in costed)
    costed_planned = sum(a.days_planned for a in costed)
    cost = sum(a.cost or 0.0 for a in costed)
    reviews = [r for a in mine for r in a.reviews]
    times = [agreement_timeliness(a, history, settings) for a in mine]
    closed = [outcome(a, history) for a in mine if a.milestone == "closed"]
    by_milestone = {m: sum(1 for a in mine if a.milestone == m) for m in MILESTONES}
    by_status = {s: sum(1 for a in mine if a.status == s) for s in ("active", "paused", "stopped")}
    return {
        "provider": provider.key,
        "name": provider.name,
        "kind": provider.kind,
        "urn": provider.urn,
        "offer_ids": list(provider.offer_ids),
        "agreements": len(mine),
        "schools": len({a.supported_urn for a in mine}),
        "by_milestone": by_milestone,
        "by_status": by_status,
        "days_planned": round(planned, 2),
        "days_delivered": round(delivered, 2),
        "delivered_share": round(100 * delivered / planned, 1) if planned else None,
        "cost": round(cost, 2) if costed else None,
        "cost_per_planned_day": round(cost / costed_planned, 2) if costed and costed_planned else None,
        "cost_per_delivered_day": round(cost / costed_days, 2) if costed and costed_days else None,
        "ratings": _rating_row(reviews),
        "timeliness": {
            "days_to_agreed": stats(t["days_to_agreed"] for t in times),
            "days_to_first_meeting": stats(t["days_to_first_meeting"] for t in times),
        },
        "outcomes": {
            "closed": len(closed),
            "met": sum(1 for o in closed if o["outcome"] == "met"),
            "partly": sum(1 for o in closed if o["outcome"] == "partly"),
            "not_met": sum(1 for o in closed if o["outcome"] == "not_met"),
            "category_improved": sum(1 for o in closed if o["category_change"] == "improved"),
            "inspection_improved": sum(1 for o in closed if o["inspection_change"] == "improved"),
            "note": DESCRIPTIVE,
        },
        "agreement_rows": [
            {
                "agreement": a.id,
                "supported_urn": a.supported_urn,
                "school": a.supported_name,
                "milestone": a.milestone,
                "status": a.status,
                "days_planned": a.days_planned,
                "days_delivered": round(a.days_delivered, 2),
                "cost": a.cost,
                "reviews": len(a.reviews),
                "latest_progress": max(a.reviews, key=lambda r: r.reviewed_on).progress
                if a.reviews
                else None,
                "days_to_agreed": t["days_to_agreed"],
                "days_to_first_meeting": t["days_to_first_meeting"],
                "outcome": a.outcome or None,
            }
            for a, t in zip(mine, times, strict=True)
        ],
        "closed_outcomes": closed,
    }


def audit(history: History, provider: str | None = None, settings: Settings | None = None) -> Row:
    """Every provider's audit (or the one ``provider`` names: an offer reference or a URN)."""
    settings = settings or default_settings()
    chosen = [p for p in providers(history) if provider is None or provider_matches(p, provider)]
    return {
        "as_at": history.as_at,
        "note": DESCRIPTIVE,
        "providers": [provider_audit(p, history, settings) for p in chosen],
    }
