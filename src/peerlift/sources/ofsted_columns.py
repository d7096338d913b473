"""Where each Ofsted file layout keeps each inspection, as data.

Ofsted's management-information CSVs describe up to three inspections per school on one row (the latest
full inspection, the previous one or the latest OEIF graded one, and the latest ungraded one), and the
column names drift between releases. Each inspection a layout carries is a ``Block``: for every field
a tuple of the header names it has had (the first one found in a file's header is used). A new
release that renames a column needs one more name here, not a new branch in the reader.

Column names come from the real 2026 file in ../shared/data/ofsted and from the published column lists
of the older releases (see tests/data/ofsted/README.md for where those lists were found).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from peerlift.domain.inspections import Area, InspectionType

Names = tuple[str, ...]


class Scale(StrEnum):
    """How a judgement column is written."""

    GRADE4 = "grade4"  # 1-4, 9 = not applicable, "Not judged"
    YES_NO = "yes_no"  # OEIF "safeguarding is effective?"
    REPORT_CARD = "report_card"  # Exceptional ... Urgent improvement, Not applicable
    MET = "met"  # report-card safeguarding standards


class BlockKind(StrEnum):
    """How a block's framework is decided."""

    REPORT_CARD = "report_card"  # always the report-card framework
    GRADED = "graded"  # a graded (OEIF or earlier) inspection: graded or graded_2024 by start date
    UNGRADED = "ungraded"  # always an ungraded inspection
    BY_TYPE = "by_type"  # graded or ungraded, as its inspection type says


# Text that stands for "no judgement made": the cell is read as empty.
NOT_JUDGED = ("not judged", "null", "")

# Sentinel for cells that say "not applicable" ("9", "Not applicable"): kept as not_applicable only for
# areas that can truly not apply (early years, sixth form / post-16); elsewhere "9" means the
# framework of the day did not make that judgement (a 2015 inspection has no "quality of education").
APPLIES_NOT = "__not_applicable__"

# Sentinel for grade codes with no published meaning that stand where no grade was given: "0" (early
# years and sixth form of a few S5 inspections in the Sept 2024-Nov 2025 layout) and "8" (early years of
# previous inspections from 2012). Read as no judgement; the reader counts them in its notes.
NO_GRADE = "__no_grade__"

SCALE_VALUES: dict[Scale, dict[str, str]] = {
    Scale.GRADE4: {
        "1": "1",
        "2": "2",
        "3": "3",
        "4": "4",
        "outstanding": "1",
        "good": "2",
        "requires improvement": "3",
        "satisfactory": "3",
        "inadequate": "4",
        "9": APPLIES_NOT,
        "not applicable": APPLIES_NOT,
        "0": NO_GRADE,
        "8": NO_GRADE,
    },
    # "Met" / "Not met": the safeguarding of an S8 "no formal designation" visit, Sept 2024-Nov 2025.
    Scale.YES_NO: {"yes": "yes", "no": "no", "met": "met", "not met": "not_met", "9": APPLIES_NOT},
    Scale.REPORT_CARD: {
        "exceptional": "exceptional",
        "strong standard": "strong_standard",
        "expected standard": "expected_standard",
        "needs attention": "needs_attention",
        "urgent improvement": "urgent_improvement",
        "not applicable": APPLIES_NOT,
    },
    Scale.MET: {"met": "met", "not met": "not_met"},
}

SCALE_WORDS: dict[Scale, str] = {
    Scale.GRADE4: "a grade 1-4, 9 (not applicable), 0 or 8 (no grade) or 'Not judged'",
    Scale.YES_NO: "'Yes', 'No', 'Met', 'Not met' or 9 (not applicable)",
    Scale.REPORT_CARD: "a report-card grade (Exceptional ... Urgent improvement) or 'Not applicable'",
    Scale.MET: "'Met' or 'Not met'",
}

# Areas a school can genuinely not have: "not applicable" is a real answer for these only.
MAY_NOT_APPLY: frozenset[Area] = frozenset(
    {Area.EARLY_YEARS, Area.SIXTH_FORM, Area.EARLY_YEARS_RC, Area.POST_16}
)

# Category-of-concern cells that mean "no category".
NO_CATEGORY = ("", "null", "none", "not applicable", "9")

# Inspection types by the file's own words (type, type grouping and event grouping together, lower case).
# First match wins; the order matters ("Section 8 deemed section 5" is a graded inspection).
TYPE_PATTERNS: tuple[tuple[str, InspectionType], ...] = (
    (r"deemed s(ection )?5", InspectionType.GRADED),
    (r"monitoring", InspectionType.MONITORING),
    (r"no formal designation|urgent", InspectionType.OTHER),
    (r"\bs8\b|section 8|ungraded|short inspection", InspectionType.UNGRADED),
    (r"\bs5\b|section 5|reinspection|graded|full inspection|exempt school inspection", InspectionType.GRADED),
)


@dataclass(frozen=True)
class Block:
    """One inspection a row of a layout describes: the header names of each of its fields."""

    name: str
    kind: BlockKind
    number: Names = ()
    start: Names = ()
    end: Names = ()
    publication: Names = ()
    type: Names = ()
    grouping: Names = ()
    urn_at_time: Names = ()
    laestab_at_time: Names = ()
    name_at_time: Names = ()
    category: Names = ()
    outcome: Names = ()
    judgements: tuple[tuple[Area, Scale, Names], ...] = ()

    def all_names(self) -> set[str]:
        names = {
            n
            for names in (
                self.number,
                self.start,
                self.end,
                self.publication,
                self.type,
                self.grouping,
                self.urn_at_time,
                self.laestab_at_time,
                self.name_at_time,
                self.category,
                self.outcome,
            )
            for n in names
        }
        return names | {n for _, _, names in self.judgements for n in names}


@dataclass(frozen=True)
class Layout:
    """A release's row layout: how to recognise it and the inspections each row carries."""

    name: str
    description: str
    signature: Names  # a header with all of these columns is this layout
    blocks: tuple[Block, ...]
    excludes: Names = ()  # ...unless it has one of these


SCHOOL_COLUMNS: dict[str, Names] = {
    "urn": ("URN",),
    "laestab": ("LAESTAB",),
    "school_name": ("School name",),
    "ofsted_phase": ("Ofsted phase",),
    "la_name": ("Local authority",),
}

# --- the 2026 report-card layout (real file in ../shared/data/ofsted) -------------------------------

REPORT_CARD_BLOCK = Block(
    name="latest full (report card) inspection",
    kind=BlockKind.REPORT_CARD,
    number=("Inspection number of latest full inspection",),
    start=("Inspection start date",),
    publication=("Publication date",),
    type=("Inspection type",),
    grouping=("Inspection type grouping", "Event type grouping"),
    urn_at_time=("URN at time of latest full inspection",),
    laestab_at_time=("LAESTAB at time of latest full inspection",),
    name_at_time=("School name at time of latest full inspection",),
    category=("Category of concern",),
    judgements=(
        (Area.SAFEGUARDING_STANDARDS, Scale.MET, ("Safeguarding standards",)),
        (Area.INCLUSION, Scale.REPORT_CARD, ("Inclusion",)),
        (Area.CURRICULUM_AND_TEACHING, Scale.REPORT_CARD, ("Curriculum and teaching",)),
        (Area.ACHIEVEMENT, Scale.REPORT_CARD, ("Achievement",)),
        (Area.ATTENDANCE_AND_BEHAVIOUR, Scale.REPORT_CARD, ("Attendance and behaviour",)),
        (
            Area.PERSONAL_DEVELOPMENT_AND_WELLBEING,
            Scale.REPORT_CARD,
            ("Personal development and wellbeing",),
        ),
        (Area.EARLY_YEARS_RC, Scale.REPORT_CARD, ("Early years (where applicable)", "Early years")),
        (
            Area.POST_16,
            Scale.REPORT_CARD,
            ("Post-16 provision (where applicable)", "Post-16 provision"),
        ),
        (Area.LEADERSHIP_AND_GOVERNANCE, Scale.REPORT_CARD, ("Leadership and governance",)),
    ),
)

OEIF_BLOCK = Block(
    name="latest OEIF graded inspection",
    kind=BlockKind.GRADED,
    number=("Inspection number of latest OEIF graded inspection",),
    start=("Inspection start date of latest OEIF graded inspection",),
    publication=("Publication date of latest OEIF graded inspection",),
    type=("Inspection type of latest OEIF graded inspection",),
    grouping=(
        "Inspection type grouping of latest OEIF graded inspection",
        "Event type grouping of latest OEIF graded inspection",
    ),
    urn_at_time=("URN at time of latest OEIF graded inspection",),
    laestab_at_time=("LAESTAB at time of latest OEIF graded inspection",),
    name_at_time=("School name at time of latest OEIF graded inspection",),
    category=("Latest OEIF category of concern",),
    judgements=(
        (Area.OVERALL, Scale.GRADE4, ("Latest OEIF overall effectiveness",)),
        (Area.QUALITY_OF_EDUCATION, Scale.GRADE4, ("Latest OEIF quality of education",)),
        (Area.BEHAVIOUR_AND_ATTITUDES, Scale.GRADE4, ("Latest OEIF behaviour and attitudes",)),
        (Area.PERSONAL_DEVELOPMENT, Scale.GRADE4, ("Latest OEIF personal development",)),
        (
            Area.LEADERSHIP_AND_MANAGEMENT,
            Scale.GRADE4,
            ("Latest OEIF effectiveness of leadership and management",),
        ),
        (
            Area.SAFEGUARDING_EFFECTIVE,
            Scale.YES_NO,
            # The published header really has two spaces after "OEIF".
            ("Latest OEIF  safeguarding is effective?", "Latest OEIF safeguarding is effective?"),
        ),
        (Area.EARLY_YEARS, Scale.GRADE4, ("Latest OEIF early years provision (where applicable)",)),
        (Area.SIXTH_FORM, Scale.GRADE4, ("Latest OEIF sixth form provision (where applicable)",)),
    ),
)

UNGRADED_BLOCK = Block(
    name="latest ungraded inspection",
    kind=BlockKind.UNGRADED,
    number=("Latest ungraded inspection number",),
    start=("Date of latest ungraded inspection",),
    publication=("Ungraded inspection publication date",),
    urn_at_time=("URN at time of the ungraded inspection",),
    laestab_at_time=("LAESTAB at time of the ungraded inspection",),
    name_at_time=("School name at time of the ungraded inspection",),
    outcome=("Ungraded inspection overall outcome",),
)

# --- the "inspections and outcomes" layouts to August 2024 and from September 2024 ----------------

LATEST_BLOCK = Block(
    name="latest inspection",
    kind=BlockKind.BY_TYPE,
    number=("Inspection number", "Inspection number of latest full inspection"),
    start=("Inspection start date",),
    end=("Inspection end date",),
    publication=("Publication date",),
    type=("Inspection type",),
    grouping=("Inspection type grouping", "Event type grouping"),
    urn_at_time=("URN at time of latest full inspection",),
    laestab_at_time=("LAESTAB at time of latest full inspection",),
    name_at_time=("School name at time of latest full inspection",),
    category=("Category of concern",),
    outcome=("Outcomes for ungraded and monitoring inspections",),
    judgements=(
        (Area.OVERALL, Scale.GRADE4, ("Overall effectiveness",)),
        (Area.QUALITY_OF_EDUCATION, Scale.GRADE4, ("Quality of education",)),
        (Area.BEHAVIOUR_AND_ATTITUDES, Scale.GRADE4, ("Behaviour and attitudes",)),
        (Area.PERSONAL_DEVELOPMENT, Scale.GRADE4, ("Personal development",)),
        (Area.LEADERSHIP_AND_MANAGEMENT, Scale.GRADE4, ("Effectiveness of leadership and management",)),
        (
            Area.SAFEGUARDING_EFFECTIVE,
            Scale.YES_NO,
            ("Safeguarding is effective?", "Safeguarding is effective", "Is safeguarding effective?"),
        ),
        (Area.EARLY_YEARS, Scale.GRADE4, ("Early years provision (where applicable)",)),
        (Area.SIXTH_FORM, Scale.GRADE4, ("Sixth form provision (where applicable)",)),
    ),
)

PREVIOUS_BLOCK = Block(
    name="previous graded inspection",
    kind=BlockKind.GRADED,
    number=("Previous inspection number", "Previous full inspection number"),
    start=("Previous inspection start date",),
    end=("Previous inspection end date",),
    publication=("Previous publication date",),
    urn_at_time=("URN at time of previous inspection", "URN at time of previous full inspection"),
    laestab_at_time=("LAESTAB at time of previous inspection", "LAESTAB at time of previous full inspection"),
    name_at_time=(
        "School name at time of previous inspection",
        "School name at time of previous full inspection",
    ),
    category=("Previous category of concern",),
    # Overall grade only: the previous inspection's sub-judgements are read from the release in which
    # it was the latest inspection, where they sit in their own framework's columns.
    judgements=(
        (
            Area.OVERALL,
            Scale.GRADE4,
            ("Previous overall effectiveness", "Previous full inspection overall effectiveness"),
        ),
    ),
)

SECTION8_BLOCK = Block(
    name="latest section 8 inspection",
    kind=BlockKind.UNGRADED,
    number=("Latest section 8 inspection number since last full inspection",),
    start=("Date of latest section 8 inspection",),
    publication=("Section 8 inspection publication date",),
    urn_at_time=("URN at time of the section 8 inspection",),
    laestab_at_time=("LAESTAB at time of the section 8 inspection",),
    name_at_time=("School name at time of the latest section 8 inspection",),
    outcome=("Section 8 inspection overall outcome",),
)

REPORT_CARD_2026 = Layout(
    name="report_cards_2026",
    description="latest inspections since report cards (Nov 2025): report card, OEIF graded, ungraded",
    signature=("URN", "Inclusion", "Inspection number of latest OEIF graded inspection"),
    blocks=(REPORT_CARD_BLOCK, OEIF_BLOCK, UNGRADED_BLOCK),
)

INSPECTIONS_AND_OUTCOMES = Layout(
    name="inspections_and_outcomes",
    description="inspections and outcomes (to Nov 2025): latest inspection, previous, section 8",
    signature=("URN",),
    blocks=(LATEST_BLOCK, PREVIOUS_BLOCK, SECTION8_BLOCK),
    excludes=("Inclusion", "Inspection number of latest OEIF graded inspection"),
)

LAYOUTS: tuple[Layout, ...] = (REPORT_CARD_2026, INSPECTIONS_AND_OUTCOMES)

# Columns every MI layout has that are about the school, not its inspections (GIAS holds them), or that
# restate what the blocks already give. Known, deliberately not carried; listed in the import's notes.
NOT_CARRIED: dict[str, str] = (
    {
        name: "describes the school (GIAS holds it)"
        for name in (
            "Web Link (opens in new window)",
            "Web link",
            "Web Link",
            "Type of education",
            "School open date",
            "Admissions policy",
            "Sixth form",
            "Designated religious character",
            "Religious ethos",
            "Faith grouping",
            "Ofsted region",
            "Region",
            "Parliamentary constituency",
            "Postcode",
            "Multi-academy trust UID",
            "Multi-academy trust name",
            "Academy sponsor UID",
            "Academy sponsor name",
            "The income deprivation affecting children index (IDACI) quintile",
            "Total number of pupils",
            "Statutory lowest age",
            "Statutory highest age",
        )
    }
    | {
        name: "restates the inspection's URN at the time, which is carried"
        for name in (
            "Does the latest full inspection relate to the URN of the current school?",
            "Does the latest OEIF graded inspection relate to the URN of the current school?",
            "Does the ungraded inspection relate to the URN of the current school?",
            "Does the previous inspection relate to the school in its current form?",
            "Does the previous inspection relate to the URN of the current school?",
            "Does the previous full inspection relate to the URN of the current school?",
            "Does the section 8 inspection relate to the URN of the current school?",
            "School type at time of latest full inspection",
            "School type at time of latest OEIF graded inspection",
            "School type at time of the ungraded inspection",
            "School type at time of previous inspection",
            "School type at time of previous full inspection",
            "School type at time of the latest section 8 inspection",
        )
    }
    | {
        name: "a report card's date of grade is its inspection start date"
        for name in (
            "Safeguarding standards - date of grade",
            "Inclusion - date of grade",
            "Curriculum and teaching - date of grade",
            "Achievement - date of grade",
            "Attendance and behaviour - date of grade",
            "Personal development and wellbeing - date of grade",
            "Early years - date of grade",
            "Post-16 provision - date of grade",
            "Leadership and governance - date of grade",
        )
    }
    | {
        name: "the previous inspection's sub-judgements are read from the release where it was the latest"
        for name in (
            "Previous quality of education",
            "Previous behaviour and attitudes",
            "Previous personal development",
            "Previous effectiveness of leadership and management",
            "Previous safeguarding is effective?",
            "Previous is safeguarding effective?",
            "Previous early years provision (where applicable)",
            "Previous sixth form provision (where applicable)",
        )
    }
    | {
        name: "a count or flag derived from the inspections, not an inspection"
        for name in (
            "Most recent category of concern",
            "Number of section 8 inspections since the last full inspection",
            "Number of other section 8 inspections since last full inspection",
            "Did the latest section 8 inspection convert to a full inspection?",
            "Did the latest ungraded inspection convert to a graded inspection?",
        )
    }
)

# --- the DfE performance-tables Ofsted download (england_ofsted-schools.xlsx) ----------------------

PERF_TABLES_COLUMNS: dict[str, Names] = {
    "urn": ("URN",),
    "school_name": ("School name",),
    "ofsted_phase": ("Ofsted phase",),
    "start_date": ("Inspection date",),
    "publication_date": ("Publication date",),
    "overall": ("Overall effectiveness", "Overall effectiveness (1-4)"),
}
PERF_TABLES_NOT_CARRIED: dict[str, str] = {"REPORURL": "holds the link text 'Report', not an address"}


def first_present(names: Names, header: list[str] | set[str]) -> str | None:
    """The first of a field's header names that the file has."""
    return next((n for n in names if n in header), None)
