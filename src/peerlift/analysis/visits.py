"""Each school's inspections in every framework, oldest first, as plain values the category rules and
the inspection-due windows read one school at a time.

A converter academy's predecessors' inspections speak for it until it is inspected itself
(``good_or_better.inspection_owners``); each visit says whose URN it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from peerlift.domain.inspections import (
    Area,
    Framework,
    Grade4,
    InspectionType,
    ReportCardGrade,
    Safeguarding,
    grade4_name,
)

OEIF = frozenset({Framework.GRADED.value, Framework.GRADED_2024.value})
BELOW_GOOD = frozenset({Grade4.REQUIRES_IMPROVEMENT.value, Grade4.INADEQUATE.value})
RC_BELOW_EXPECTED = frozenset(
    {ReportCardGrade.NEEDS_ATTENTION.value, ReportCardGrade.URGENT_IMPROVEMENT.value}
)
RC_ORDER = [g.value for g in ReportCardGrade]  # best first
_NOT_AREAS = frozenset(
    {Area.OVERALL.value, Area.SAFEGUARDING_EFFECTIVE.value, Area.SAFEGUARDING_STANDARDS.value}
)
# plain strings, not enum members: these are read for every visit of every school in England
_GRADED, _UNGRADED = InspectionType.GRADED.value, Framework.UNGRADED.value
_OVERALL, _OEIF_GRADED = Area.OVERALL.value, Framework.GRADED.value
RC_LABELS = {
    ReportCardGrade.EXCEPTIONAL.value: "exceptional",
    ReportCardGrade.STRONG.value: "strong standard",
    ReportCardGrade.EXPECTED.value: "expected standard",
    ReportCardGrade.NEEDS_ATTENTION.value: "needs attention",
    ReportCardGrade.URGENT_IMPROVEMENT.value: "urgent improvement",
}


@dataclass(frozen=True)
class Visit:
    """One inspection of a school (or of the URN it succeeded)."""

    urn: int
    date: dt.date
    framework: str
    inspection_type: str
    category_of_concern: str | None
    outcome: str | None
    grades: dict[str, str] = field(default_factory=dict)

    @property
    def graded(self) -> bool:
        """A graded (section 5 or report-card) inspection, not an ungraded or monitoring visit."""
        return self.inspection_type == _GRADED and self.framework != _UNGRADED

    @property
    def overall(self) -> str | None:
        return self.grades.get(_OVERALL) if self.framework == _OEIF_GRADED else None

    @property
    def area_grades(self) -> dict[str, str]:
        """The judgement areas' grades, without overall effectiveness, safeguarding and n/a."""
        return {a: g for a, g in self.grades.items() if a not in _NOT_AREAS and g != "not_applicable"}

    @property
    def safeguarding_failed(self) -> bool:
        found = self.grades.get(
            Area.SAFEGUARDING_EFFECTIVE.value, self.grades.get(Area.SAFEGUARDING_STANDARDS.value)
        )
        return found in (Safeguarding.NO.value, Safeguarding.NOT_MET.value)

    @property
    def below_good(self) -> bool:
        """Below good (OEIF: overall 3 or 4; from September 2024, any area 3 or 4) or below the
        expected standard (report cards: any area needs attention or urgent improvement)."""
        if self.framework == Framework.REPORT_CARD.value:
            return any(g in RC_BELOW_EXPECTED for g in self.area_grades.values())
        if self.framework == Framework.GRADED.value and self.overall:
            return self.overall in BELOW_GOOD
        return any(g in BELOW_GOOD for g in self.area_grades.values())

    def describe(self) -> str:
        """The outcome in words: "Good", "2 areas need attention", an ungraded outcome as published."""
        if self.category_of_concern:
            return self.category_of_concern.replace("_", " ").capitalize()
        if self.framework == Framework.REPORT_CARD.value:
            grades = self.area_grades.values()
            below = sum(g in RC_BELOW_EXPECTED for g in grades)
            if below:
                return f"Report card: {below} area{'s' if below > 1 else ''} below the expected standard"
            return "Report card: every area at the expected standard or above" if grades else "Report card"
        if self.overall:
            return grade4_name(self.overall, self.date)
        if self.framework == Framework.GRADED_2024.value:
            below = sum(g in BELOW_GOOD for g in self.area_grades.values())
            return (
                f"{below} area{'s' if below != 1 else ''} below good"
                if below
                else "Every area good or better"
            )
        return self.outcome or ""


def visits_by_school(
    owners: pl.DataFrame, inspections: pl.DataFrame, judgements: pl.DataFrame
) -> dict[int, list[Visit]]:
    """Each school's visits, oldest first: ``owners`` (urn, inspection_urn) says whose count as its own."""
    grades: dict[tuple[int, str], dict[str, str]] = {}
    for urn, key, area, grade in judgements.select("urn", "inspection_key", "area", "grade").iter_rows():
        grades.setdefault((urn, key), {})[area] = grade
    by_urn: dict[int, list[Visit]] = {}
    columns = (
        "urn",
        "inspection_key",
        "start_date",
        "framework",
        "inspection_type",
        "category_of_concern",
        "outcome",
    )
    for urn, key, start, framework, kind, concern, outcome in inspections.select(*columns).iter_rows():
        if start is None:
            continue
        visit = Visit(urn, start, framework, kind, concern, outcome, grades.get((urn, key), {}))
        by_urn.setdefault(urn, []).append(visit)
    out: dict[int, list[Visit]] = {}
    for school, inspected in owners.select("urn", "inspection_urn").iter_rows():
        out.setdefault(school, []).extend(by_urn.get(inspected, []))
    for visits in out.values():
        visits.sort(key=lambda v: (v.date, v.framework))
    return out
