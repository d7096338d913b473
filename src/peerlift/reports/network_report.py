"""A network's report (issue 15) as an A4 PDF and a workbook (reports/summary.py): its members over
time, its activities and who took part by level (with the chart of it), its outcomes beside the LA's
other networks, and its capacity-and-trust survey. The same figures as the network's pages; the data
is gathered by web/network_data.report_data.

``survey_results`` is the network's latest survey round as ``store.surveys.results_for_network``
gives it (aggregates only: each rated question's answers, % favourable and average score beside the
round before, and the words its answers in their own words share, with how many use each); None
(the network has had no round) leaves the section out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peerlift.domain.dates import long_date
from peerlift.reports import summary
from peerlift.reports.charts import levels_chart, survey_chart
from peerlift.reports.summary import FORMATS, Sheet

__all__ = ["FORMATS", "render", "report", "sheets", "survey_of", "survey_section"]
Row = dict[str, Any]
OUTCOME_MEASURES = (
    ("members", "Current members (schools)"),
    ("good_or_better_pct", "% good or better (latest inspection)"),
    ("good_or_better_pct_year_before", "% good or better a year before"),
    ("trend", "Change over the year (percentage points)"),
    ("la_good_or_better_pct", "The LA's % good or better"),
    ("against_la", "Against the LA (percentage points)"),
    ("with_family_result", "Members with a result beside their family (schools)"),
    ("above_family", "Of those, above their family's mean (schools)"),
    (
        "mean_difference_from_family",
        "Mean difference from the family (percentage points, or points of Attainment 8)",
    ),
)
FAVOURABLE = (
    "Favourable: strongly agree or agree, yes, or 3 or 4 on the 1 to 4 scale. A question with fewer than "
    "{least} answers is not shown, so that no head is identifiable."
)


def _date(value: dt.date | None) -> str | None:
    return long_date(value) if value is not None else None


def sheets(found: Row) -> list[Sheet]:
    levels: dict[str, str] = found["levels"]["levels"]
    outcome = found.get("outcomes") or {}
    return [
        Sheet(
            "members",
            "Members over time",
            [
                ("urn", "URN", True),
                ("name", "School", False),
                ("joined", "Joined", False),
                ("left", "Left", False),
                ("current", "A member now", False),
            ],
            [
                {
                    **m,
                    "joined": _date(m["joined_on"]) or "Before the records",
                    "left": _date(m["left_on"]),
                }
                for m in found["members"]
            ],
        ),
        Sheet(
            "levels",
            "Share of activities with each level taking part (%)",
            [("period", "School year", False), ("activities", "Activities", True)]
            + [(f"{code}_pct", f"{label} (%)", True) for code, label in levels.items()],
            found["levels"]["periods"],
        ),
        Sheet(
            "activities",
            "Activities",
            [
                ("day", "Date", False),
                ("kind", "Kind", False),
                ("levels", "Who took part", False),
                ("notes", "Notes", False),
            ],
            [{**a, "day": _date(a["date"])} for a in found["activities"]],
        ),
        Sheet(
            "outcomes",
            "Outcomes of the current members",
            [("measure", "Measure", False), ("value", "Value", True)],
            [{"measure": label, "value": outcome.get(key)} for key, label in OUTCOME_MEASURES]
            if outcome
            else [],
        ),
    ]


def _rated(results: Row) -> list[Row]:
    return [q for q in results["questions"] if "free_text" not in q]


def survey_section(results: Row) -> summary.Section:
    """The network's survey round: its rated questions beside the round before, and the words the
    answers in their own words share (aggregates only: no answer is shown)."""
    found, before = results["round"], results.get("previous_round")
    numbers = {q["id"]: n for n, q in enumerate(results["questions"], 1)}
    rated = _rated(results)
    questions = Sheet(
        "survey",
        f"{found['title']}: each question's answers" + (f", beside {before['title']}" if before else ""),
        [
            ("number", "Question", True),
            ("text", "What it asks", False),
            ("answers", "Answers", True),
            ("favourable_pct", "% favourable", True),
            ("mean", "Average score (1 lowest to 4 highest)", True),
            ("previous_pct", "% favourable last round", True),
            ("change_pts", "Change (percentage points)", True),
        ],
        [
            {
                "number": numbers[q["id"]],
                "text": q["text"],
                "answers": q["answers"],
                "favourable_pct": q.get("favourable_pct"),
                "mean": q.get("mean"),
                "previous_pct": (q.get("previous") or {}).get("favourable_pct"),
                "change_pts": q.get("change_pts"),
            }
            for q in rated
        ],
        empty="The questionnaire has no rated question.",
        notes=[FAVOURABLE.format(least=results["min_answers"])],
    )
    texts = [q for q in results["questions"] if "free_text" in q]
    shared = Sheet(
        "survey-words",
        "Answers in their own words: the words they share",
        [
            ("number", "Question", True),
            ("text", "What it asks", False),
            ("term", "Shared word", False),
            ("answers", "Answers using it", True),
        ],
        [
            {"number": numbers[q["id"]], "text": q["text"], "term": g["term"], "answers": g["answers"]}
            for q in texts
            if q["free_text"]
            for g in q["free_text"]["groups"]
        ]
        + [
            {
                "number": numbers[q["id"]],
                "text": q["text"],
                "term": "Not grouped with another",
                "answers": q["free_text"]["not_grouped"],
            }
            for q in texts
            if q["free_text"] and q["free_text"]["not_grouped"]
        ],
        empty="No answer in their own words shares a word with another yet.",
        notes=["Counts only: the answers themselves are not in the report."],
    )
    bars = [
        {"question": f"Question {numbers[q['id']]}", "round": label, "pct": pct}
        for q in rated
        for label, pct in (
            ("This round", q.get("favourable_pct")),
            ("Last round", (q.get("previous") or {}).get("favourable_pct")),
        )
        if pct is not None
    ]
    charts = (
        [
            summary.Chart(
                survey_chart(bars, "% of answers favourable, by question"),
                f"Bar chart of the % of favourable answers to each rated question of {found['title']}"
                + (", beside the last round" if before else ""),
            )
        ]
        if bars
        else []
    )
    intro = (
        f"{found['answered']} of the {found['schools']} schools asked answered the round, open from "
        f"{long_date(found['opens_on'])} to {long_date(found['closes_on'])}."
    )
    return summary.Section(
        [questions, *([shared] if texts else [])], charts, "Capacity and trust survey", [intro]
    )


def _survey_source(results: Row) -> str:
    found = results["round"]
    return (
        f"The survey round \u201c{found['title']}\u201d ({found['questionnaire_title']}), "
        f"{long_date(found['opens_on'])} to {long_date(found['closes_on'])}: its answers as imported or "
        "given on peerlift's survey pages"
    )


def report(found: Row, survey_results: Row | None = None) -> summary.Report:
    network = found["network"]
    periods = found["levels"]["periods"]
    charts = (
        [
            summary.Chart(
                levels_chart(periods, found["levels"]["levels"], "Who took part, by school year"),
                "Line chart of the % of activities each level took part in, by school year",
            )
        ]
        if periods
        else []
    )
    what = network["kind_label"]
    if network.get("la_name"):
        what += f" in {network['la_name']}"
    if network.get("lead"):
        what += f", led by {network['lead']}"
    stands_on = [
        f"{what}. Members and activities as the LA recorded them; a member who joined before the records "
        "began is shown as such.",
        "Outcomes are of the current members: the latest inspection in each school's own framework, and "
        "each member's headline result against its family's mean.",
    ]
    beyond = found["levels"]["beyond_heads_pct"]
    if beyond is not None:
        stands_on.append(f"{show_pct(beyond)} of its activities had someone besides the heads taking part.")
    sources = [
        "The network's members and activities (peerlift's network members and activities templates, or "
        "the network's pages)",
        "Ofsted's inspection files and the Department for Education's performance tables in the register",
    ]
    sections = [summary.Section(sheets(found), charts)]
    if survey_results is not None:
        sections.append(survey_section(survey_results))
        sources.append(_survey_source(survey_results))
    return summary.Report(
        f"{network['name']}: network report",
        summary.About(stands_on, sources, dt.date.today()),
        sections,
    )


def show_pct(value: float) -> str:
    return f"{summary.show(value)}%"


def survey_of(network_id: int) -> Row | None:
    """The network's latest survey round for the report: ``store.surveys.results_for_network``."""
    from peerlift.store import surveys

    return surveys.results_for_network(network_id)


def render(found: Row, fmt: str, survey_results: Row | None = None) -> bytes:
    """The report as ``pdf`` or ``xlsx``; ``survey_results``: the network's survey (see above)."""
    return summary.render(report(found, survey_results), fmt)
