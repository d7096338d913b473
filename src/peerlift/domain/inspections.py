"""Ofsted inspection frameworks, their judgement areas and their scales.

Three eras are held in one model, each in its own terms:

* ``graded``: section 5 (and deemed section 5) inspections with an overall effectiveness grade
  1-4, from 2005 to August 2024. Grade 3 was "Satisfactory" until 31 August 2012 and
  "Requires improvement" from 1 September 2012.
* ``graded_2024``: graded inspections from September 2024 to the start of report cards: the same
  1-4 sub-judgements, but no overall effectiveness. No overall grade is ever invented for them.
* ``report_card``: from November 2025, a five-point scale per evaluation area and safeguarding
  standards met / not met.

Ungraded (section 8) inspections are held too (framework ``ungraded``) with their text outcome; they
carry no grades of their own.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Framework(StrEnum):
    GRADED = "graded"
    GRADED_2024 = "graded_2024"
    REPORT_CARD = "report_card"
    UNGRADED = "ungraded"


class InspectionType(StrEnum):
    """What kind of visit it was, across the frameworks' own names for them."""

    GRADED = "graded"  # section 5, deemed section 5, full report-card inspection
    UNGRADED = "ungraded"  # section 8 ungraded
    MONITORING = "monitoring"  # monitoring visits to schools in a category or RI
    OTHER = "other"


class Area(StrEnum):
    """Every judgement area of every framework, by a stable name."""

    # graded (to Aug 2024) and graded_2024
    OVERALL = "overall_effectiveness"
    QUALITY_OF_EDUCATION = "quality_of_education"
    BEHAVIOUR_AND_ATTITUDES = "behaviour_and_attitudes"
    PERSONAL_DEVELOPMENT = "personal_development"
    LEADERSHIP_AND_MANAGEMENT = "leadership_and_management"
    EARLY_YEARS = "early_years"
    SIXTH_FORM = "sixth_form"
    SAFEGUARDING_EFFECTIVE = "safeguarding_effective"
    # report cards (from Nov 2025)
    SAFEGUARDING_STANDARDS = "safeguarding_standards"
    INCLUSION = "inclusion"
    CURRICULUM_AND_TEACHING = "curriculum_and_teaching"
    ACHIEVEMENT = "achievement"
    ATTENDANCE_AND_BEHAVIOUR = "attendance_and_behaviour"
    PERSONAL_DEVELOPMENT_AND_WELLBEING = "personal_development_and_wellbeing"
    EARLY_YEARS_RC = "early_years_rc"
    POST_16 = "post_16"
    LEADERSHIP_AND_GOVERNANCE = "leadership_and_governance"


class Grade4(StrEnum):
    """The four-point scale, by code."""

    OUTSTANDING = "1"
    GOOD = "2"
    REQUIRES_IMPROVEMENT = "3"
    INADEQUATE = "4"


class ReportCardGrade(StrEnum):
    """The report-card five-point scale, best first."""

    EXCEPTIONAL = "exceptional"
    STRONG = "strong_standard"
    EXPECTED = "expected_standard"
    NEEDS_ATTENTION = "needs_attention"
    URGENT_IMPROVEMENT = "urgent_improvement"


class Safeguarding(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    YES = "yes"  # OEIF "safeguarding is effective?"
    NO = "no"


class CategoryOfConcern(StrEnum):
    SERIOUS_WEAKNESSES = "serious_weaknesses"
    SPECIAL_MEASURES = "special_measures"


NOT_APPLICABLE = "not_applicable"

SATISFACTORY_ENDS = dt.date(2012, 8, 31)
NO_OVERALL_FROM = dt.date(2024, 9, 1)
REPORT_CARDS_FROM = dt.date(2025, 11, 10)

_GRADE4_NAMES = {"1": "Outstanding", "2": "Good", "3": "Requires improvement", "4": "Inadequate"}

_CATEGORY_WORDS: dict[str, CategoryOfConcern] = {
    "serious weaknesses": CategoryOfConcern.SERIOUS_WEAKNESSES,
    "serious weakness": CategoryOfConcern.SERIOUS_WEAKNESSES,
    "sw": CategoryOfConcern.SERIOUS_WEAKNESSES,
    "swk": CategoryOfConcern.SERIOUS_WEAKNESSES,  # Ofsted MI, Sept 2024-Nov 2025 layout
    "special measures": CategoryOfConcern.SPECIAL_MEASURES,
    "sm": CategoryOfConcern.SPECIAL_MEASURES,
}


def grade4_name(code: str, on: dt.date | None) -> str:
    """The words for a 1-4 grade as the framework of the day used them (3 = Satisfactory to 2012)."""
    if code == Grade4.REQUIRES_IMPROVEMENT and on is not None and on <= SATISFACTORY_ENDS:
        return "Satisfactory"
    return _GRADE4_NAMES.get(code, code)


def parse_category(text: str | None) -> CategoryOfConcern | None:
    """'Serious Weaknesses' / 'Special Measures' (any case, or SW/SM) to a category; else None."""
    if not text:
        return None
    return _CATEGORY_WORDS.get(text.strip().lower())
