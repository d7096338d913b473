"""Focused-inspection summary: a set of inspections, each against the school's previous grade.

For a set of graded inspections (an LA's in a week, a term, a year), each school's outcome is set
against its previous graded inspection: improved, same, declined, as in Ofsted's letter to Coventry
of April 2013 (seed 001). The summary counts them by phase and by previous grade and writes the
sentences an officer would ("Of the seven schools previously judged satisfactory, two declined, five
stayed the same and none improved.").

What the register knows decides what is said (analysis.inspection_history): an inspection whose
previous grade the register does not know (a latest-inspections file holds only the latest one) is
"previous grade not known", never set against an older grade that may not have been the previous
one; "first inspection" is said only where the file says no graded inspection came before.

Grades are compared on the four-point scale (1 best), so "satisfactory" before September 2012 and
"requires improvement" after it are the same grade 3, named as each inspection named it. Inspections
without an overall grade (from September 2024, and report cards) are summarised in their own terms
(analysis.latest_inspection: every key judgement good or better; every report card area at expected
standard or above, any needing attention or urgent improvement, safeguarding met) and set against the
previous inspection only on that footing: good or better before (an overall grade 1 or 2, or its own
framework's terms) and now below, or the other way round. No overall grade is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from peerlift.analysis import inspection_history
from peerlift.analysis.good_or_better import inspection_owners
from peerlift.analysis.latest_inspection import BELOW, GOOD_OR_BETTER, describe
from peerlift.domain.inspections import (
    Area,
    Framework,
    Grade4,
    InspectionType,
    ReportCardGrade,
    Safeguarding,
    grade4_name,
)

IMPROVED = "improved"
SAME = "same"
DECLINED = "declined"
NOW_BELOW = "good or better before, now below"
NOW_GOOD = "below before, now good or better"
STILL_GOOD = "good or better before and now"
STILL_BELOW = "below before and now"
FIRST = "first inspection"
PREVIOUS_NOT_KNOWN = "previous grade not known"
NOT_COMPARABLE = "not comparable"
OUTCOMES = (
    IMPROVED,
    SAME,
    DECLINED,
    NOW_BELOW,
    NOW_GOOD,
    STILL_GOOD,
    STILL_BELOW,
    FIRST,
    PREVIOUS_NOT_KNOWN,
    NOT_COMPARABLE,
)
_ACROSS = {
    (GOOD_OR_BETTER, BELOW): NOW_BELOW,
    (BELOW, GOOD_OR_BETTER): NOW_GOOD,
    (GOOD_OR_BETTER, GOOD_OR_BETTER): STILL_GOOD,
    (BELOW, BELOW): STILL_BELOW,
}

_WORDS = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_GRADES = {g.value for g in Grade4}


def number(n: int) -> str:
    """Numbers as an officer writes them: words up to ten, figures above."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


@dataclass
class InspectionSummary:
    """Each inspection with its outcome (``outcomes``), the counts, and the sentences."""

    outcomes: pl.DataFrame
    by_phase: pl.DataFrame
    by_previous: pl.DataFrame
    sentences: list[str]


def summarise(
    inspections: pl.DataFrame,
    judgements: pl.DataFrame,
    schools: pl.DataFrame,
    start: dt.date,
    end: dt.date,
    links: pl.DataFrame | None = None,
) -> InspectionSummary:
    """Summarise the graded inspections of ``schools`` that started between ``start`` and ``end``.

    ``inspections`` / ``judgements`` hold the schools' history as the register has it (and, with
    ``links``, their predecessors', which then count as the previous inspection of a converter
    academy), with the evidence columns of analysis.inspection_history (without them the history is
    taken as whole); ``schools`` has urn, name, phase (a reporting phase group) and type.
    """
    graded = _graded_with_overall(inspection_history.with_evidence(inspections), judgements)
    owners = inspection_owners(schools.select("urn", "type"), links)
    history = owners.join(graded, on="inspection_urn").sort("urn", "start_date", "inspection_key")
    history = history.with_columns(
        pl.col("overall").shift(1).over("urn").alias("previous"),
        pl.col("start_date").shift(1).over("urn").alias("previous_date"),
        pl.col("framework").shift(1).over("urn").alias("previous_framework"),
        pl.col("standing").shift(1).over("urn").alias("previous_standing"),
        pl.col(inspection_history.LISTED_LATEST_ON).shift(1).over("urn").alias("previous_listed"),
    )
    chosen = history.filter(
        pl.col("inspection_urn") == pl.col("urn"), pl.col("start_date").is_between(start, end)
    )
    outcomes = chosen.with_columns(_outcome().alias("outcome")).join(
        schools.select("urn", "name", "phase"), on="urn", how="left"
    )
    outcomes = outcomes.with_columns(
        _name("overall", "start_date").alias("grade_name"),
        _name("previous", "previous_date").alias("previous_name"),
    ).select(
        "urn",
        "name",
        "phase",
        "inspection_key",
        "start_date",
        "framework",
        "overall",
        "grade_name",
        "standing",
        "headline",
        "previous",
        "previous_name",
        "previous_date",
        "previous_framework",
        "previous_standing",
        "outcome",
    )
    by_phase = _counts(outcomes, "phase")
    by_previous = _counts(outcomes.filter(pl.col("previous").is_not_null()), "previous_name")
    return InspectionSummary(outcomes, by_phase, by_previous, sentences(outcomes, judgements))


def _graded_with_overall(inspections: pl.DataFrame, judgements: pl.DataFrame) -> pl.DataFrame:
    """Graded inspections with their overall grade (where given), standing and headline in their own
    framework's terms, and their evidence."""
    graded = inspections.filter(
        pl.col("inspection_type") == InspectionType.GRADED.value,
        pl.col("framework") != Framework.UNGRADED.value,
        pl.col("start_date").is_not_null(),
    ).select(
        pl.col("urn").alias("inspection_urn"),
        "inspection_key",
        "framework",
        "start_date",
        inspection_history.LISTED_LATEST_ON,
        inspection_history.STATES_PREVIOUS,
    )
    judged: dict[tuple[int, str], dict[str, str]] = {}
    for urn, key, area, grade in judgements.select("urn", "inspection_key", "area", "grade").iter_rows():
        judged.setdefault((urn, key), {})[area] = grade
    rows = []
    for urn, key, framework, on in graded.select(
        "inspection_urn", "inspection_key", "framework", "start_date"
    ).iter_rows():
        grades = judged.get((urn, key), {})
        standing, headline = describe(framework, grades, on)
        overall = grades.get(Area.OVERALL.value)
        rows.append((urn, key, overall if overall in _GRADES else None, standing, headline))
    described = pl.DataFrame(
        rows,
        schema={
            "inspection_urn": pl.Int64,
            "inspection_key": pl.String,
            "overall": pl.String,
            "standing": pl.String,
            "headline": pl.String,
        },
        orient="row",
    )
    return graded.join(described, on=["inspection_urn", "inspection_key"], how="left")


def _outcome() -> pl.Expr:
    now = pl.col("overall").cast(pl.Int32, strict=False)
    before = pl.col("previous").cast(pl.Int32, strict=False)
    across = pl.struct("previous_standing", "standing").map_elements(
        lambda s: _ACROSS.get((s["previous_standing"], s["standing"]), NOT_COMPARABLE),
        return_dtype=pl.String,
    )
    return (
        pl.when(~inspection_history.previous_known())
        .then(pl.lit(PREVIOUS_NOT_KNOWN))
        .when(pl.col("previous_date").is_null())
        .then(pl.lit(FIRST))
        .when(now.is_not_null() & before.is_not_null() & (now < before))
        .then(pl.lit(IMPROVED))
        .when(now.is_not_null() & before.is_not_null() & (now == before))
        .then(pl.lit(SAME))
        .when(now.is_not_null() & before.is_not_null())
        .then(pl.lit(DECLINED))
        .otherwise(across)
    )


def _name(grade: str, date: str) -> pl.Expr:
    return pl.struct(grade, date).map_elements(
        lambda s: grade4_name(s[grade], s[date]).lower() if s[grade] else None, return_dtype=pl.String
    )


def _counts(outcomes: pl.DataFrame, by: str) -> pl.DataFrame:
    """Counts of each outcome per group, every outcome a column (zeros shown)."""
    counts = outcomes.group_by(by).agg(
        pl.len().alias("inspections"), *[(pl.col("outcome") == o).sum().alias(o) for o in OUTCOMES]
    )
    return counts.sort(by)


def sentences(outcomes: pl.DataFrame, judgements: pl.DataFrame | None = None) -> list[str]:
    """The summary in words: what the inspections found, then by previous grade, then what the
    register cannot say and the inspections without an overall grade in their own terms."""
    total = outcomes.height
    if total == 0:
        return ["No graded inspections took place in this period."]
    plural = total != 1
    said = [f"{number(total).capitalize()} school{'s were' if plural else ' was'} inspected."]
    known = outcomes.filter(pl.col("outcome") != PREVIOUS_NOT_KNOWN)
    for (grade_name,), group in (
        known.filter(pl.col("previous").is_not_null())
        .sort("previous")
        .group_by("previous_name", maintain_order=True)
    ):
        said.append(_previous_sentence(str(grade_name), group))
    first = outcomes.filter(pl.col("outcome") == FIRST)
    if first.height:
        grades = ", ".join(
            f"{number(n)} {name}"
            for name, n in first.group_by("grade_name").len().sort("grade_name").iter_rows()
            if name
        )
        found = f" ({grades})" if grades else ""
        plural = first.height != 1
        said.append(
            f"{number(first.height).capitalize()} school{'s' if plural else ''} had "
            f"{'their' if plural else 'its'} first graded inspection{found}."
        )
    unknown = outcomes.filter(pl.col("outcome") == PREVIOUS_NOT_KNOWN).height
    if unknown:
        said.append(
            f"For {number(unknown)} inspection{'s' if unknown != 1 else ''} the register does not know the "
            "previous grade (its files hold only the latest inspections of those dates), so "
            f"{'they are' if unknown != 1 else 'it is'} not set against one."
        )
    said += _without_overall(outcomes, judgements)
    return said


def _without_overall(outcomes: pl.DataFrame, judgements: pl.DataFrame | None) -> list[str]:
    """Inspections under the frameworks without an overall grade, counted in their own terms."""
    said = []
    oeif = outcomes.filter(pl.col("framework") == Framework.GRADED_2024.value)
    if oeif.height:
        good = oeif.filter(pl.col("standing") == GOOD_OR_BETTER).height
        below = oeif.filter(pl.col("standing") == BELOW).height
        said.append(
            f"{number(oeif.height).capitalize()} graded inspection{'s' if oeif.height != 1 else ''} gave no "
            f"overall grade (September 2024 to November 2025): {number(good)} with every key judgement good "
            f"or better, {number(below)} with a judgement below good."
        )
    cards = outcomes.filter(pl.col("framework") == Framework.REPORT_CARD.value)
    if cards.height:
        said.append(_report_cards_sentence(cards, judgements))
    for outcome, words in (
        (NOW_BELOW, "were good or better at their previous inspection and are now below"),
        (NOW_GOOD, "were below good at their previous inspection and are now good or better"),
    ):
        n = outcomes.filter(pl.col("outcome") == outcome).height
        if n:
            said.append(f"{number(n).capitalize()} of the inspections without an overall grade {words}.")
    left = outcomes.filter(pl.col("outcome") == NOT_COMPARABLE).height
    if left:
        said.append(
            f"{number(left).capitalize()} inspection{'s' if left != 1 else ''} recorded no grades to set "
            "against the previous inspection."
        )
    return said


def _report_cards_sentence(cards: pl.DataFrame, judgements: pl.DataFrame | None) -> str:
    """Report cards in their own terms: every area expected or above, any area needing attention or
    urgent improvement, safeguarding standards met."""
    n = cards.height
    expected = cards.filter(pl.col("standing") == GOOD_OR_BETTER).height
    keys = cards.select("urn", "inspection_key")
    areas = judgements.join(keys, on=["urn", "inspection_key"]) if judgements is not None else pl.DataFrame()

    def having(area_filter: pl.Expr) -> int:
        if areas.is_empty():
            return 0
        return areas.filter(area_filter).select("urn", "inspection_key").unique().height

    attention = having(pl.col("grade") == ReportCardGrade.NEEDS_ATTENTION.value)
    urgent = having(pl.col("grade") == ReportCardGrade.URGENT_IMPROVEMENT.value)
    met = having(
        (pl.col("area") == Area.SAFEGUARDING_STANDARDS.value) & (pl.col("grade") == Safeguarding.MET.value)
    )
    return (
        f"{number(n).capitalize()} "
        f"{'were report-card inspections' if n != 1 else 'was a report-card inspection'}: "
        f"{number(expected)} at expected standard or above in every area, {number(attention)} with an area "
        f"needing attention, {number(urgent)} with an area needing urgent improvement; safeguarding "
        f"standards met in {number(met)}."
    )


def _previous_sentence(grade_name: str, group: pl.DataFrame) -> str:
    n = group.height
    declined = group.filter(pl.col("outcome") == DECLINED).height
    same = group.filter(pl.col("outcome") == SAME).height
    improved = group.filter(pl.col("outcome") == IMPROVED).height
    now_below = group.filter(pl.col("outcome").is_in([NOW_BELOW, STILL_BELOW])).height
    now_good = group.filter(pl.col("outcome").is_in([NOW_GOOD, STILL_GOOD])).height
    left = n - declined - same - improved - now_below - now_good
    schools = "school" if n == 1 else "schools"
    parts = [f"{number(declined)} declined", f"{number(same)} stayed the same"]
    if now_good:
        parts.append(f"{number(now_good)} now good or better in the new framework's terms")
    if now_below:
        parts.append(f"{number(now_below)} now with an area or judgement below good or expected standard")
    if left:
        parts.append(f"{number(left)} had no grades recorded")
    return (
        f"Of the {number(n)} {schools} previously judged {grade_name}, {', '.join(parts)} "
        f"and {number(improved)} improved."
    )
