"""The LA's support summary and a provider's audit as A4 PDFs and workbooks, and the tables the
pages show (one set of row makers, so a page, its downloads, the PDF and the workbook agree).

The figures are analysis/support_figures.py's (``store.support_figures.summary`` and ``audit``);
codes are put into words here (milestones, statuses and outcomes by analysis/milestones.toml).
Outcomes are descriptive: not a comparison with similar schools that were not supported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from peerlift.analysis import milestones
from peerlift.analysis import support_figures as sf
from peerlift.domain import labels
from peerlift.domain.dates import long_date
from peerlift.domain.measures import info as measure_info
from peerlift.reports import summary, support_charts
from peerlift.reports.summary import FORMATS, Col, Row, Sheet, pdf, render, show, xlsx

__all__ = ["FORMATS", "Sheet", "pdf", "provider_document", "render", "summary_document", "xlsx"]
SOURCES = [
    "The LA's support agreements: their milestones, reviews, days and costs as recorded in peerlift",
    "The LA's casework in peerlift: needs, concerns and the categories it set",
    "Ofsted's inspection files and the Department for Education's performance tables in the register, "
    "each school against its stored family of similar schools",
]

TRIGGER_WORDS = {"need": "A need raised", "concern": "A concern raised", "category": "Category 3 or 4 set"}
WHY_WORDS = {
    "next_review_passed": "Its next review date has passed",
    "no_review_in_interval": "No review for longer than a term",
}
CHANGE_WORDS = {"improved": "Improved", "same": "The same", "declined": "Declined"}
COST_NOTE = (
    "Cost per planned day and per delivered day: the cost of the agreements that have a cost, over the "
    "days planned or delivered on them. An agreement still in progress counts its whole cost, so the "
    "cost per delivered day reads high until its days are delivered."
)
DESCRIPTIVE_WORDS = (
    "Outcomes are descriptive: what happened at the supported schools before and after, not a "
    "comparison with similar schools that were not supported."
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


CODE_WORDS = {
    "send": "Special educational needs and disabilities (SEND)",
    "nle": "National leader of education",
    "lle": "Local leader of education",
    "sle": "Specialist leader of education",
}


def _uncap(text: str) -> str:
    """The first letter in lower case, unless the word is an abbreviation (LA, SEND)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def words(code: str | None) -> str:
    """A code of the support figures in words (an area, a kind of provider...)."""
    if not code:
        return ""
    return CODE_WORDS.get(code) or labels.CODES.get(code) or _cap(code.replace("_", " "))


def milestone_words(code: str) -> str:
    return _cap(milestones.label(code))


def status_words(code: str) -> str:
    return _cap(milestones.rules().statuses.get(code, {}).get("label", code))


def outcome_words(code: str | None) -> str:
    if not code:
        return ""
    try:
        return milestones.outcome_label(code)
    except KeyError:
        return words(code)


def category_words(category: Any) -> str:
    return "No category" if category in (None, sf.NO_CATEGORY) else f"Category {category}"


def change_words(change: str | None) -> str:
    return CHANGE_WORDS.get(change or "", "Not known")


# ---------------------------------------------------------------- timeliness

_GROUP_COLUMNS: list[Col] = [
    ("agreements", "Agreements", True),
    ("with_trigger", "With a trigger recorded", True),
    ("agreed", "Agreed", True),
    ("agreed_median", "Median days to agreed", True),
    ("agreed_mean", "Mean days to agreed", True),
    ("agreed_max", "Longest days to agreed", True),
    ("first_meeting", "Met", True),
    ("first_meeting_median", "Median days to first meeting", True),
    ("first_meeting_mean", "Mean days to first meeting", True),
    ("first_meeting_max", "Longest days to first meeting", True),
]
TIMELINESS_NOTE = (
    "Days are counted from the earliest of: a need the agreement answers being raised, a concern "
    "about the school open when the agreement was made being raised, and the school's category 3 or "
    "4 being set; to the day it was agreed and to its first meeting."
)


def timeliness_sheets(found: Row, staff: bool) -> list[Sheet]:
    """The summaries (for everyone who may see the LA's figures) and, for its staff, the lists that
    name schools: each agreement's days, the agreements overdue a review, the needs unmatched."""
    overall = {**found["overall"], "label": "All agreements"}
    sheets = [
        Sheet(
            "overall",
            "All agreements",
            [("label", "Group", False), *_GROUP_COLUMNS],
            [overall],
            notes=[TIMELINESS_NOTE],
        ),
        Sheet(
            "by-category",
            "By the school's category when the agreement was made",
            [("label", "Category", False), *_GROUP_COLUMNS],
            [{**r, "label": category_words(r["category"])} for r in found["by_category"]],
            empty="No agreement is recorded yet.",
        ),
        Sheet(
            "by-area",
            "By focus area (an agreement with two areas counts in both)",
            [("label", "Area", False), *_GROUP_COLUMNS],
            [{**r, "label": words(r["area"])} for r in found["by_area"]],
            empty="No agreement is recorded yet.",
        ),
    ]
    if not staff:
        return sheets
    settings = found["settings"]
    return [
        *sheets,
        Sheet(
            "agreements",
            "Each agreement's days",
            [
                ("agreement", "Agreement", True),
                ("supported_urn", "URN", True),
                ("school", "School", False),
                ("provider_name", "Lead supporter", False),
                ("category_words", "Category", False),
                ("trigger_words", "Trigger", False),
                ("trigger_on", "Trigger date", False),
                ("agreed_on", "Agreed", False),
                ("days_to_agreed", "Days to agreed", True),
                ("first_meeting_on", "First meeting", False),
                ("days_to_first_meeting", "Days to first meeting", True),
                ("milestone_words", "Milestone", False),
                ("status_words", "Status", False),
            ],
            [
                {
                    **r,
                    "category_words": category_words(r["category"]),
                    "trigger_words": TRIGGER_WORDS.get(r["trigger"] or "", "None recorded"),
                    "milestone_words": milestone_words(r["milestone"]),
                    "status_words": status_words(r["status"]),
                }
                for r in found["agreements"]
            ],
            empty="No agreement is recorded yet.",
        ),
        Sheet(
            "overdue",
            "Agreements overdue a review",
            [
                ("agreement", "Agreement", True),
                ("supported_urn", "URN", True),
                ("school", "School", False),
                ("provider_name", "Lead supporter", False),
                ("last_review_on", "Last review", False),
                ("due_on", "Review due", False),
                ("days_overdue", "Days overdue", True),
                ("why_words", "Why", False),
            ],
            [{**r, "why_words": WHY_WORDS.get(r["why"], r["why"])} for r in found["overdue_reviews"]],
            empty="No agreement in delivery is overdue a review.",
            notes=[
                f"An active agreement in delivery is overdue when its next review date has passed or it "
                f"has had no review for {settings['review_interval_days']} days (since its last review, "
                "or since it went into delivery). Paused and stopped agreements are left out."
            ],
        ),
        Sheet(
            "unmatched",
            f"Needs still unmatched after {settings['unmatched_after_days']} days",
            [
                ("need", "Need", False),
                ("urn", "URN", True),
                ("school", "School", False),
                ("area_words", "Area", False),
                ("raised_on", "Raised on", False),
                ("days_waiting", "Days waiting", True),
            ],
            [{**r, "area_words": words(r["area"])} for r in found["unmatched_needs"]],
            empty="No open need has waited that long without an agreement.",
        ),
    ]


def timeliness_chart(found: Row) -> tuple[str, str]:
    """The chart by category when the agreements' schools were in more than one, else by area; and
    what it shows."""
    if len(found["by_category"]) > 1:
        groups = [{**r, "label": category_words(r["category"])} for r in found["by_category"]]
        what = "by category"
    else:
        groups = [{**r, "label": words(r["area"])} for r in found["by_area"]]
        what = "by focus area"
    title = f"Median days to agreed and to first meeting, {what}"
    return support_charts.timeliness_chart(groups, title), title


# ---------------------------------------------------------------- quality and outcomes

_RATING_COLUMNS: list[Col] = [
    ("reviews", "Reviews", True),
    ("green", "Green", True),
    ("amber", "Amber", True),
    ("red", "Red", True),
    ("green_share", "% green", True),
    ("quality_ratings", "Quality ratings", True),
    ("quality_mean", "Mean quality (1 poor to 4 excellent)", True),
]


def _term(row: Row) -> Row:
    return {**row, "term_words": _cap(row["term"])}


def outcome_counts(outcomes: Sequence[Row]) -> list[Row]:
    """How many closed agreements' schools improved, stayed the same or declined: no school named."""

    def count(key: str, value: Any) -> int:
        return sum(1 for o in outcomes if o[key] == value)

    rows = [{"what": "Closed agreements", "agreements": len(outcomes)}]
    for code in ("met", "partly", "not_met"):
        rows.append({"what": outcome_words(code), "agreements": count("outcome", code)})
    for key, name in (("category_change", "Category"), ("inspection_change", "Next inspection")):
        for change in ("improved", "same", "declined", None):
            rows.append({"what": f"{name}: {change_words(change).lower()}", "agreements": count(key, change)})
    rows.append(
        {
            "what": "Results against the family: more measures improved than declined",
            "agreements": sum(1 for o in outcomes if o["results_improved"] > o["results_declined"]),
        }
    )
    return rows


def _outcome_row(o: Row) -> Row:
    before, after = o["inspection_before"] or {}, o["inspection_after"] or {}
    results = "; ".join(
        f"{measure_info(r['measure']).label} {r['year_before']} gap {show(r['gap_before'])}, "
        f"{r['year_after']} gap {show(r['gap_after'])} ({change_words(r['change']).lower()})"
        for r in o["results"]
    )
    return {
        **o,
        "outcome_words": outcome_words(o["outcome"]),
        "category_before_words": category_words(o["category_before"]),
        "category_after_words": category_words(o["category_after"]),
        "category_change_words": change_words(o["category_change"]),
        "inspection_before_on": before.get("inspected_on"),
        "inspection_before_words": before.get("label", "None held"),
        "inspection_after_on": after.get("inspected_on"),
        "inspection_after_words": after.get("label", "None yet"),
        "inspection_change_words": change_words(o["inspection_change"]),
        "results_words": results or "No figures before and after",
    }


OUTCOME_COLUMNS: list[Col] = [
    ("agreement", "Agreement", True),
    ("supported_urn", "URN", True),
    ("school", "School", False),
    ("provider_name", "Lead supporter", False),
    ("start_on", "Started", False),
    ("closed_on", "Closed", False),
    ("outcome_words", "Objectives", False),
    ("category_before_words", "Category at the start", False),
    ("category_after_words", "Category now", False),
    ("category_change_words", "Category", False),
    ("inspection_before_on", "Inspection before", False),
    ("inspection_before_words", "Its outcome", False),
    ("inspection_after_on", "Next inspection", False),
    ("inspection_after_words", "Its outcome", False),
    ("inspection_change_words", "Inspection", False),
    ("results_words", "Results against the family's median (school minus family)", False),
]


def quality_sheets(quality: Row, outcomes: Row, staff: bool) -> list[Sheet]:
    closed = outcomes["outcomes"]
    sheets = [
        Sheet(
            "ratings-by-term",
            "Review ratings by school term",
            [("term_words", "Term", False), *_RATING_COLUMNS],
            [_term(r) for r in quality["by_term"]],
            empty="No review is recorded yet.",
        ),
        Sheet(
            "ratings-by-area",
            "Review ratings by focus area and term (a review counts under each area of its agreement)",
            [("area_words", "Area", False), ("term_words", "Term", False), *_RATING_COLUMNS],
            [{**_term(r), "area_words": words(r["area"])} for r in quality["by_area"]],
            empty="No review is recorded yet.",
        ),
        Sheet(
            "objectives",
            "Each objective's progress at reviews, by its area and term",
            [
                ("area_words", "Area", False),
                ("term_words", "Term", False),
                ("ratings", "Ratings", True),
                ("green", "Green", True),
                ("amber", "Amber", True),
                ("red", "Red", True),
            ],
            [{**_term(r), "area_words": words(r["area"])} for r in quality["objectives_by_area"]],
            empty="No objective has been rated at a review yet.",
        ),
        Sheet(
            "outcome-counts",
            "Closed agreements: what happened after",
            [("what", "What", False), ("agreements", "Agreements", True)],
            outcome_counts(closed) if closed else [],
            empty="No agreement is closed yet.",
            notes=[DESCRIPTIVE_WORDS],
        ),
    ]
    if not staff:
        return sheets
    return [
        *sheets,
        Sheet(
            "ratings-by-provider",
            "Review ratings by lead supporter and term",
            [("provider_name", "Lead supporter", False), ("term_words", "Term", False), *_RATING_COLUMNS],
            [_term(r) for r in quality["by_provider"]],
            empty="No review is recorded yet.",
        ),
        Sheet(
            "outcomes",
            "Each closed agreement: before and after",
            OUTCOME_COLUMNS,
            [_outcome_row(o) for o in closed],
            empty="No agreement is closed yet.",
            notes=[DESCRIPTIVE_WORDS],
        ),
    ]


def ratings_chart(quality: Row) -> str:
    return support_charts.ratings_chart(
        [_term(r) | {"term": _cap(r["term"])} for r in quality["by_term"]], "Review ratings by term"
    )


# ---------------------------------------------------------------- providers

PROVIDER_COLUMNS: list[Col] = [
    ("name", "Lead supporter", False),
    ("kind_words", "Who", False),
    ("provider", "Reference", False),
    ("agreements", "Agreements", True),
    ("schools", "Schools supported", True),
    ("days_planned", "Days planned", True),
    ("days_delivered", "Days delivered", True),
    ("delivered_share", "% delivered", True),
    ("cost", "Cost (£)", True),
    ("cost_per_planned_day", "Cost per planned day (£)", True),
    ("cost_per_delivered_day", "Cost per delivered day (£)", True),
    ("reviews", "Reviews", True),
    ("green", "Green", True),
    ("amber", "Amber", True),
    ("red", "Red", True),
    ("quality_mean", "Mean quality (1 to 4)", True),
    ("agreed_median", "Median days to agreed", True),
    ("first_meeting_median", "Median days to first meeting", True),
    ("closed", "Closed", True),
    ("met", "Objectives met", True),
]


def provider_row(p: Row) -> Row:
    ratings, times, outcomes = p["ratings"], p["timeliness"], p["outcomes"]
    return {
        **{k: p[k] for k in ("provider", "name", "agreements", "schools", "days_planned", "days_delivered")},
        "kind_words": words(p["kind"]),
        "delivered_share": p["delivered_share"],
        "cost": p["cost"],
        "cost_per_planned_day": p["cost_per_planned_day"],
        "cost_per_delivered_day": p["cost_per_delivered_day"],
        **{k: ratings[k] for k in ("reviews", "green", "amber", "red", "quality_mean")},
        "agreed_median": times["days_to_agreed"]["median"],
        "first_meeting_median": times["days_to_first_meeting"]["median"],
        "closed": outcomes["closed"],
        "met": outcomes["met"],
    }


def providers_sheet(audit: Row) -> Sheet:
    return Sheet(
        "providers",
        "Every lead supporter",
        PROVIDER_COLUMNS,
        [provider_row(p) for p in audit["providers"]],
        empty="No agreement is recorded yet, so there is no provider to audit.",
        notes=[
            "Cost per delivered day: the cost of the agreements with a cost over the days delivered on them."
        ],
    )


def provider_sheets(p: Row, quality: Row | None = None) -> list[Sheet]:
    """One provider's audit: the figures in a list, its agreements, its ratings by term, outcomes."""
    row = provider_row(p)
    summary = [
        {"measure": label, "value": row[key]}
        for key, label, _ in PROVIDER_COLUMNS
        if key not in ("name", "provider", "green", "amber", "red")
    ]
    summary.insert(0, {"measure": "Offers led under", "value": ", ".join(p["offer_ids"]) or "None"})
    summary += [
        {
            "measure": "Reviews rated green, amber, red",
            "value": f"{row['green']}, {row['amber']}, {row['red']}",
        },
        {"measure": "Objectives partly met", "value": p["outcomes"]["partly"]},
        {"measure": "Objectives not met", "value": p["outcomes"]["not_met"]},
        {"measure": "Schools whose category improved", "value": p["outcomes"]["category_improved"]},
        {"measure": "Schools whose next inspection improved", "value": p["outcomes"]["inspection_improved"]},
    ]
    sheets = [
        Sheet(
            "summary",
            f"{p['name']}: the audit",
            [("measure", "Measure", False), ("value", "Figure", True)],
            summary,
        ),
        Sheet(
            "agreements",
            "Its agreements",
            [
                ("agreement", "Agreement", True),
                ("supported_urn", "URN", True),
                ("school", "School", False),
                ("milestone_words", "Milestone", False),
                ("status_words", "Status", False),
                ("days_planned", "Days planned", True),
                ("days_delivered", "Days delivered", True),
                ("cost", "Cost (£)", True),
                ("reviews", "Reviews", True),
                ("latest_words", "Latest progress", False),
                ("days_to_agreed", "Days to agreed", True),
                ("days_to_first_meeting", "Days to first meeting", True),
                ("outcome_words", "Objectives", False),
            ],
            [
                {
                    **a,
                    "milestone_words": milestone_words(a["milestone"]),
                    "status_words": status_words(a["status"]),
                    "latest_words": _cap(a["latest_progress"] or "") or "Not reviewed",
                    "outcome_words": outcome_words(a["outcome"]),
                }
                for a in p["agreement_rows"]
            ],
            empty="No agreement.",
        ),
    ]
    if quality is not None:
        sheets.append(
            Sheet(
                "ratings",
                "Its review ratings by term",
                [("term_words", "Term", False), *_RATING_COLUMNS],
                [_term(r) for r in quality["by_provider"] if r["provider"] == p["provider"]],
                empty="No review of its agreements is recorded yet.",
            )
        )
    sheets.append(
        Sheet(
            "outcomes",
            "Its closed agreements: before and after",
            OUTCOME_COLUMNS,
            [_outcome_row(o) for o in p["closed_outcomes"]],
            empty="None of its agreements is closed yet.",
            notes=[DESCRIPTIVE_WORDS],
        )
    )
    return sheets


def days_chart(p: Row) -> str:
    rows = [
        {
            "label": f"{a['agreement']}: {a['school'] or a['supported_urn']}",
            "planned": a["days_planned"],
            "delivered": a["days_delivered"],
        }
        for a in p["agreement_rows"]
    ]
    return support_charts.days_chart(rows, "Days planned and delivered, by agreement")


# ---------------------------------------------------------------- documents


def summary_document(found: Row, la_name: str) -> summary.Report:
    """The LA's support summary (``store.support_figures.summary``): everything, for its staff."""
    svg, what = timeliness_chart(found["timeliness"])
    return summary.Report(
        f"{la_name}: support agreements, as at {long_date(found['as_at'])}",
        summary.About(
            [TIMELINESS_NOTE, DESCRIPTIVE_WORDS, COST_NOTE], SOURCES, dt.date.today(), found["as_at"]
        ),
        [
            summary.Section(
                timeliness_sheets(found["timeliness"], staff=True), [summary.Chart(svg, what)], "Timeliness"
            ),
            summary.Section(
                quality_sheets(found["quality"], found["outcomes"], staff=True),
                [summary.Chart(ratings_chart(found["quality"]), "Review ratings by term")],
                "Quality and outcomes",
            ),
            summary.Section([providers_sheet(found["audit"])], title="Lead supporters"),
        ],
        landscape=True,
    )


def provider_document(p: Row, quality: Row | None, la_name: str, as_at: dt.date) -> summary.Report:
    charts = (
        [summary.Chart(days_chart(p), "Days planned and delivered, by agreement")]
        if p["agreement_rows"]
        else []
    )
    return summary.Report(
        f"{la_name}: audit of {p['name']}, as at {long_date(as_at)}",
        summary.About([DESCRIPTIVE_WORDS, COST_NOTE], SOURCES, dt.date.today(), as_at),
        [summary.Section(provider_sheets(p, quality), charts)],
        intro=[
            f"{p['name']} ({_uncap(words(p['kind']))}) leads {p['agreements']} of the LA's support "
            f"agreements: {show(p['days_delivered'])} of {show(p['days_planned'])} days planned delivered."
        ],
        landscape=True,
    )
