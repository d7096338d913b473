"""Focused-inspection summary: a set of inspections, each against the school's previous grade.

For a set of graded inspections (an LA's in a week, a term, a year), each school's outcome is set
against its previous graded inspection: improved, same, declined, or first inspection, as in
Ofsted's letter to Coventry of April 2013 (seed 001). The summary counts them by phase and by
previous grade and writes the sentences an officer would ("Of the seven schools previously judged
satisfactory, two declined, five stayed the same and none improved."). "First inspection" means no
earlier graded inspection is on record: with the whole history loaded (Ofsted's management
information over the years) that is a first inspection; with only a latest-inspection file it says
only that the register knows of none, and the sentence says so in those words.

Grades are compared on the four-point scale (1 best), so "satisfactory" before September 2012 and
"requires improvement" after it are the same grade 3, named as each inspection named it. Inspections
without an overall grade (from September 2024, and report cards) are "not comparable": no overall
grade is invented to compare them with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from peerlift.analysis.good_or_better import inspection_owners
from peerlift.domain.inspections import Area, Framework, Grade4, InspectionType, grade4_name

IMPROVED = "improved"
SAME = "same"
DECLINED = "declined"
FIRST = "first inspection"
NOT_COMPARABLE = "not comparable (no overall grade)"
OUTCOMES = (IMPROVED, SAME, DECLINED, FIRST, NOT_COMPARABLE)

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

    ``inspections`` / ``judgements`` must hold the schools' whole history (and, with ``links``,
    their predecessors', which then count as the previous inspection of a converter academy);
    ``schools`` has urn, name, phase (a reporting phase group) and type.
    """
    graded = _graded_with_overall(inspections, judgements)
    owners = inspection_owners(schools.select("urn", "type"), links)
    history = owners.join(graded, on="inspection_urn").sort("urn", "start_date", "inspection_key")
    history = history.with_columns(
        pl.col("overall").shift(1).over("urn").alias("previous"),
        pl.col("start_date").shift(1).over("urn").alias("previous_date"),
        pl.col("framework").shift(1).over("urn").alias("previous_framework"),
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
        "previous",
        "previous_name",
        "previous_date",
        "outcome",
    )
    by_phase = _counts(outcomes, "phase")
    by_previous = _counts(outcomes.filter(pl.col("previous").is_not_null()), "previous_name")
    return InspectionSummary(outcomes, by_phase, by_previous, sentences(outcomes))


def _graded_with_overall(inspections: pl.DataFrame, judgements: pl.DataFrame) -> pl.DataFrame:
    overall = judgements.filter(
        pl.col("area") == Area.OVERALL.value, pl.col("grade").is_in(list(_GRADES))
    ).select(pl.col("urn").alias("inspection_urn"), "inspection_key", pl.col("grade").alias("overall"))
    return (
        inspections.filter(
            pl.col("inspection_type") == InspectionType.GRADED.value,
            pl.col("framework") != Framework.UNGRADED.value,
            pl.col("start_date").is_not_null(),
        )
        .select(pl.col("urn").alias("inspection_urn"), "inspection_key", "framework", "start_date")
        .join(overall, on=["inspection_urn", "inspection_key"], how="left")
    )


def _outcome() -> pl.Expr:
    now = pl.col("overall").cast(pl.Int32, strict=False)
    before = pl.col("previous").cast(pl.Int32, strict=False)
    return (
        pl.when(pl.col("previous_date").is_null())
        .then(pl.lit(FIRST))
        .when(now.is_null() | before.is_null())
        .then(pl.lit(NOT_COMPARABLE))
        .when(now < before)
        .then(pl.lit(IMPROVED))
        .when(now == before)
        .then(pl.lit(SAME))
        .otherwise(pl.lit(DECLINED))
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


def sentences(outcomes: pl.DataFrame) -> list[str]:
    """The summary in words: what the inspections found, then by previous grade."""
    total = outcomes.height
    if total == 0:
        return ["No graded inspections took place in this period."]
    plural = total != 1
    said = [f"{number(total).capitalize()} school{'s were' if plural else ' was'} inspected."]
    for (grade_name,), group in (
        outcomes.filter(pl.col("previous").is_not_null())
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
            f"{number(first.height).capitalize()} school{'s' if plural else ''} had no earlier graded "
            f"inspection on record{found}."
        )
    unknown = outcomes.filter(pl.col("outcome") == NOT_COMPARABLE).height
    if unknown:
        said.append(
            f"{number(unknown).capitalize()} inspection{'s' if unknown != 1 else ''} gave no overall grade "
            "(framework from September 2024), so cannot be set against the previous grade."
        )
    return said


def _previous_sentence(grade_name: str, group: pl.DataFrame) -> str:
    n = group.height
    declined = group.filter(pl.col("outcome") == DECLINED).height
    same = group.filter(pl.col("outcome") == SAME).height
    improved = group.filter(pl.col("outcome") == IMPROVED).height
    unknown = group.filter(pl.col("outcome") == NOT_COMPARABLE).height
    schools = "school" if n == 1 else "schools"
    parts = [f"{number(declined)} declined", f"{number(same)} stayed the same"]
    if unknown:
        parts.append(f"{number(unknown)} had no overall grade")
    return (
        f"Of the {number(n)} {schools} previously judged {grade_name}, {', '.join(parts)} "
        f"and {number(improved)} improved."
    )
