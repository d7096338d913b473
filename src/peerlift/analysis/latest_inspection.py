"""Each school's latest inspection in ANY framework, and where it stands in that framework's own terms.

Good or better as at a date (analysis.good_or_better) follows Ofsted's official statistics: overall
effectiveness stops on 31 August 2024, so as at that date a school judged outstanding in 2006 and given
a report card in 2026 still counts as outstanding. A page that says what a school is *now* (a network's
schools, a category, a school's row) must instead take the latest graded inspection whatever its
framework, and describe it in that framework's words: an overall grade (to August 2024), the key
judgements (September 2024 to November 2025, no overall grade) or the report card's areas (from
November 2025). No overall grade is invented.

``standing`` puts the three frameworks on one honest yes/no, each in its own terms:

* graded: overall effectiveness good or outstanding -> ``good_or_better``; 3 or 4 -> ``below``;
* graded_2024: every key judgement good or better -> ``good_or_better``; any below good -> ``below``;
* report card: every evaluation area at expected standard or above and safeguarding standards met
  -> ``good_or_better``; any area needs attention or urgent improvement, or safeguarding not met ->
  ``below``.

A converter academy not inspected itself speaks through its predecessors (``owners`` from
good_or_better.inspection_owners), as in the official statistics.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from peerlift.domain.inspections import (
    NOT_APPLICABLE,
    Area,
    Framework,
    Grade4,
    InspectionType,
    ReportCardGrade,
    Safeguarding,
    grade4_name,
)

GOOD_OR_BETTER = "good_or_better"
BELOW = "below"

_SAFEGUARDING = frozenset({Area.SAFEGUARDING_EFFECTIVE.value, Area.SAFEGUARDING_STANDARDS.value})
_GRADE4_GOOD = frozenset({Grade4.OUTSTANDING.value, Grade4.GOOD.value})
_GRADE4 = frozenset(g.value for g in Grade4)
_RC_EXPECTED = frozenset(
    {ReportCardGrade.EXCEPTIONAL.value, ReportCardGrade.STRONG.value, ReportCardGrade.EXPECTED.value}
)
_RC_WORDS = {
    ReportCardGrade.NEEDS_ATTENTION.value: "needs attention",
    ReportCardGrade.URGENT_IMPROVEMENT.value: "urgent improvement",
}

LATEST_SCHEMA = {
    "urn": pl.Int64,
    "inspection_urn": pl.Int64,
    "inspection_key": pl.String,
    "framework": pl.String,
    "start_date": pl.Date,
    "overall": pl.String,
    "standing": pl.String,
    "headline": pl.String,
}


def latest_inspections(
    owners: pl.DataFrame,
    inspections: pl.DataFrame,
    judgements: pl.DataFrame,
    on: dt.date | None = None,
) -> pl.DataFrame:
    """Each school of ``owners`` (urn, inspection_urn) with its latest graded inspection in any framework
    that started on or before ``on`` (every one when None), its standing and its headline in words.

    Schools with no graded inspection are left out. Columns: LATEST_SCHEMA.
    """
    graded = inspections.filter(
        pl.col("inspection_type") == InspectionType.GRADED.value,
        pl.col("framework") != Framework.UNGRADED.value,
        pl.col("start_date").is_not_null(),
        *([pl.col("start_date") <= on] if on is not None else []),
    ).select(pl.col("urn").alias("inspection_urn"), "inspection_key", "framework", "start_date")
    latest = (
        owners.join(graded, on="inspection_urn")
        .sort("start_date", "inspection_key", descending=True)
        .group_by("urn", maintain_order=True)
        .first()
    )
    grades = judgements.select(pl.col("urn").alias("inspection_urn"), "inspection_key", "area", "grade")
    found = latest.join(grades, on=["inspection_urn", "inspection_key"], how="left")
    rows = []
    for (urn,), group in found.group_by("urn", maintain_order=True):
        first = group.row(0, named=True)
        judged = {a: g for a, g in group.select("area", "grade").iter_rows() if a is not None}
        standing, headline = describe(first["framework"], judged, first["start_date"])
        rows.append(
            {
                "urn": urn,
                "inspection_urn": first["inspection_urn"],
                "inspection_key": first["inspection_key"],
                "framework": first["framework"],
                "start_date": first["start_date"],
                "overall": judged.get(Area.OVERALL.value),
                "standing": standing,
                "headline": headline,
            }
        )
    return pl.DataFrame(rows, schema=LATEST_SCHEMA).sort("urn")


def describe(framework: str, judged: dict[str, str], on: dt.date | None) -> tuple[str | None, str]:
    """An inspection's standing and headline in its framework's own terms (see the module docstring)."""
    left_out = _SAFEGUARDING | {Area.OVERALL.value}
    areas = {a: g for a, g in judged.items() if a not in left_out and g != NOT_APPLICABLE}
    if framework == Framework.GRADED.value:
        overall = judged.get(Area.OVERALL.value)
        if overall not in _GRADE4:
            return None, "Graded inspection, no overall grade recorded"
        return (GOOD_OR_BETTER if overall in _GRADE4_GOOD else BELOW), grade4_name(overall, on)
    if framework == Framework.GRADED_2024.value:
        scored = [g for g in areas.values() if g in _GRADE4]
        if not scored:
            return None, "No overall grade; no key judgements recorded"
        below = sum(g not in _GRADE4_GOOD for g in scored)
        if below == 0:
            return GOOD_OR_BETTER, "No overall grade; every key judgement good or better"
        return BELOW, f"No overall grade; {below} of {len(scored)} key judgements below good"
    if framework == Framework.REPORT_CARD.value:
        return _report_card(areas, judged.get(Area.SAFEGUARDING_STANDARDS.value))
    return None, ""


def _report_card(areas: dict[str, str], safeguarding: str | None) -> tuple[str | None, str]:
    if not areas:
        return None, "Report card, no evaluation areas recorded"
    worst = [
        f"{sum(g == code for g in areas.values())} {words}"
        for code, words in _RC_WORDS.items()
        if code in areas.values()
    ]
    expected = sum(g in _RC_EXPECTED for g in areas.values())
    said = f"Report card: {expected} of {len(areas)} areas at expected standard or above"
    if worst:
        said += f" ({', '.join(reversed(worst))})"
    not_met = safeguarding == Safeguarding.NOT_MET.value
    if safeguarding:
        said += "; safeguarding standards not met" if not_met else "; safeguarding standards met"
    if worst or not_met:
        return BELOW, said
    return GOOD_OR_BETTER, said
