"""Words for the register's codes, as a reader of a page expects them: each inspection framework in
its own terms, each missing value with its reason, each measure by its published label."""

from __future__ import annotations

import datetime as dt

from peerlift.domain.inspections import (
    NOT_APPLICABLE,
    Area,
    CategoryOfConcern,
    Framework,
    InspectionType,
    ReportCardGrade,
    Safeguarding,
    grade4_name,
)
from peerlift.domain.measures import MEASURES
from peerlift.domain.missing import Missing

FRAMEWORKS = {
    Framework.GRADED: "Graded inspection (overall effectiveness, to August 2024)",
    Framework.GRADED_2024: "Graded inspection without an overall grade (September 2024 to November 2025)",
    Framework.REPORT_CARD: "Report card (from November 2025)",
    Framework.UNGRADED: "Ungraded inspection",
}

INSPECTION_TYPES = {
    InspectionType.GRADED: "Graded",
    InspectionType.UNGRADED: "Ungraded",
    InspectionType.MONITORING: "Monitoring visit",
    InspectionType.OTHER: "Other",
}

AREAS = {
    Area.OVERALL: "Overall effectiveness",
    Area.QUALITY_OF_EDUCATION: "Quality of education",
    Area.BEHAVIOUR_AND_ATTITUDES: "Behaviour and attitudes",
    Area.PERSONAL_DEVELOPMENT: "Personal development",
    Area.LEADERSHIP_AND_MANAGEMENT: "Leadership and management",
    Area.EARLY_YEARS: "Early years provision",
    Area.SIXTH_FORM: "Sixth form provision",
    Area.SAFEGUARDING_EFFECTIVE: "Safeguarding is effective",
    Area.SAFEGUARDING_STANDARDS: "Safeguarding standards",
    Area.INCLUSION: "Inclusion",
    Area.CURRICULUM_AND_TEACHING: "Curriculum and teaching",
    Area.ACHIEVEMENT: "Achievement",
    Area.ATTENDANCE_AND_BEHAVIOUR: "Attendance and behaviour",
    Area.PERSONAL_DEVELOPMENT_AND_WELLBEING: "Personal development and well-being",
    Area.EARLY_YEARS_RC: "Early years",
    Area.POST_16: "Post-16",
    Area.LEADERSHIP_AND_GOVERNANCE: "Leadership and governance",
}

REPORT_CARD_GRADES = {
    ReportCardGrade.EXCEPTIONAL: "Exceptional",
    ReportCardGrade.STRONG: "Strong standard",
    ReportCardGrade.EXPECTED: "Expected standard",
    ReportCardGrade.NEEDS_ATTENTION: "Needs attention",
    ReportCardGrade.URGENT_IMPROVEMENT: "Urgent improvement",
}

SAFEGUARDING = {
    Safeguarding.MET: "Met",
    Safeguarding.NOT_MET: "Not met",
    Safeguarding.YES: "Yes",
    Safeguarding.NO: "No",
}

CATEGORIES = {
    CategoryOfConcern.SERIOUS_WEAKNESSES: "Serious weaknesses",
    CategoryOfConcern.SPECIAL_MEASURES: "Special measures",
}

MISSING = {
    Missing.SUPPRESSED: "suppressed to protect individual pupils",
    Missing.NOT_ENTERED: "no pupils entered",
    Missing.NOT_PUBLISHED: "not published",
    Missing.NOT_APPLICABLE: "not applicable",
    Missing.LOW_COVERAGE: "too few pupils with prior attainment",
    Missing.NEW_SCHOOL: "new school, no data yet",
    Missing.NOT_AVAILABLE: "not available",
    Missing.CONFIDENTIAL: "confidential",
    Missing.NOT_APPLICABLE_EES: "not applicable",
    Missing.LOW: "rounds to zero but is not zero",
    Missing.UNKNOWN_EES: "low reliability",
    Missing.DASH: "no figure published",
    Missing.BLANK: "left blank in the file",
    Missing.NOT_IN_SOURCE: "not in that year's file",
    Missing.NO_TESTS: "no tests that year (pandemic)",
    Missing.UNREADABLE: "the file's cell was not a figure peerlift could read",
}


def framework(code: str) -> str:
    return FRAMEWORKS.get(code, code)  # type: ignore[call-overload]


def area(code: str) -> str:
    return AREAS.get(code, code.replace("_", " ").capitalize())  # type: ignore[call-overload]


def grade(code: str, on: dt.date | None) -> str:
    """A judgement's grade in the words of the framework that gave it."""
    if code == NOT_APPLICABLE:
        return "Not applicable"
    if code in {"1", "2", "3", "4"}:
        return grade4_name(code, on)
    for words in (REPORT_CARD_GRADES, SAFEGUARDING, CATEGORIES):
        if code in words:
            return words[code]  # type: ignore[index]
    return code


def missing(code: str | None) -> str:
    """A missing value's code and reason, e.g. 'SUPP: suppressed to protect individual pupils'."""
    if not code:
        return ""
    reason = MISSING.get(code)  # type: ignore[call-overload]
    return f"{code}: {reason}" if reason else code


def measure(name: str, published: dict[str, str] | None = None) -> str:
    if name in MEASURES:
        return MEASURES[name].label
    return (published or {}).get(name, name)


def inspection_judgements(judgements: dict[str, str], on: dt.date | None) -> list[str]:
    """Each judgement of an inspection as 'Area: grade', in the words of its framework."""
    return [f"{area(code)}: {grade(value, on)}" for code, value in judgements.items()]


def inspection_headline(framework: str, judgements: dict[str, str], outcome: str, on: dt.date | None) -> str:
    """An inspection's headline in its framework's own terms; never an overall grade where it gave none."""
    overall = judgements.get(Area.OVERALL)
    if overall:
        return grade(overall, on)
    if framework in (Framework.GRADED_2024, Framework.REPORT_CARD):
        return "No overall grade under this framework"
    return outcome or ""
