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


# Every code the register stores that a page may show, with the words a reader sees (docs/web.md,
# "Words, dates and numbers"). Table cells whose whole text is one of these keys are labelled by
# themselves (web/words.py), so a key must never be an ordinary word that means something else.
CODES: dict[str, str] = {
    # phases of education (domain.phases.Phase) and the groups Ofsted reports by (PhaseGroup)
    "nursery": "Nursery",
    "primary": "Primary",
    "middle_deemed_primary": "Middle deemed primary",
    "secondary": "Secondary",
    "middle_deemed_secondary": "Middle deemed secondary",
    "16_plus": "16 plus",
    "all_through": "All-through",
    "not_applicable": "Not applicable",
    "special": "Special",
    "pru_ap": "Pupil referral unit or alternative provision",
    # kinds of file (sources.registry) and where a neighbour set comes from
    "gias_establishments": "GIAS establishments",
    "gias_links": "GIAS establishment links",
    "gias_groups": "GIAS groups",
    "gias_group_links": "GIAS group links",
    "ofsted_perf_tables": "Ofsted outcomes (performance tables)",
    "ofsted_mi": "Ofsted management information",
    "ks2": "Key stage 2 results",
    "ks4": "Key stage 4 results",
    "census": "School census",
    "absence": "Absence",
    "school_information": "School information",
    "la_codes": "LA and region codes",
    "ees_tidy": "Explore Education Statistics data",
    "lait": "LAIT (the DfE's Local Authority Interactive Tool)",
    "lait_dictionary": "LAIT data dictionary",
    "la_code_list": "LAIT list of local authorities",
    "statistical_neighbours": "Statistical neighbours (DfE benchmarking tool)",
    "gatsby_benchmarks": "Gatsby benchmark results (peerlift template)",
    "governor_training": "Governor training (peerlift template)",
    "aspiration_events": "Aspiration events (peerlift template)",
    "network_members": "Network members over time (peerlift template)",
    "network_activities": "Network activities (peerlift template)",
    # imports and jobs
    "loaded": "Loaded",
    "failed": "Failed",
    "queued": "Queued",
    "running": "Running",
    "done": "Done",
    # support agreements (issue 14): milestones, outcomes, kinds of supporter and areas of support
    # whose codes hold an underscore (the audit log shows an agreement's fields as they were)
    "first_meeting": "First meeting",
    "plan_agreed": "Plan agreed",
    "in_delivery": "In delivery",
    "not_met": "Objectives not met",
    "teaching_school_hub": "Teaching school hub",
    "executive_head": "Executive headteacher",
    "la_adviser": "LA adviser",
    "early_years": "Early years",
    "behaviour_attendance": "Behaviour and attendance",
}

ROLES = {
    "admin": "LA administrator",
    "officer": "LA officer",
    "headteacher": "Headteacher or governor",
    "network_lead": "Network lead",
    "member": "Elected member",
}


def code(value: str) -> str:
    """A code's label for a person to read; a text that is not a known code is returned as it is."""
    return CODES.get(value, value)


FIELDS = {"is_active": "Active", "is_superuser": "Superuser", "la": "LA", "urn": "URN", "text": "Text"}


def field(key: str) -> str:
    """A record's field name as words: 'full_name' is 'Full name' (FIELDS where that is not enough)."""
    return FIELDS.get(key, key.replace("_", " ").capitalize())
