"""The frames every reader produces: table names and their polars schemas.

This is the contract between ``sources/`` and ``store/``: a reader returns some of these tables, each
with exactly these columns and types (``conform`` checks and orders them). Documented for people in
docs/data-formats.md.
"""

from __future__ import annotations

import polars as pl

Schema = dict[str, pl.DataType | type[pl.DataType]]

ESTABLISHMENTS = "establishments"
LINKS = "links"
INSPECTIONS = "inspections"
JUDGEMENTS = "judgements"
SCHOOL_MEASURES = "school_measures"
AREA_MEASURES = "area_measures"
LOCAL_AUTHORITIES = "local_authorities"
MEASURE_DEFINITIONS = "measure_definitions"
NEIGHBOURS = "neighbours"
GROUPS = "groups"
GROUP_MEMBERS = "group_members"
GATSBY_RESULTS = "gatsby_results"
GOVERNOR_TRAINING = "governor_training"
ASPIRATION_EVENTS = "aspiration_events"
SURVEY_ANSWERS = "survey_answers"  # sources/surveys.py
NETWORK_MEMBERS = "network_members"
NETWORK_ACTIVITIES = "network_activities"

# A figure's `kept`: where one file gives the same measure, school or area and year more than once
# under different statuses ("2018" and "2018 (Rev)"), the row holds the headline figure (the status
# first in domain.years.HEADLINE_ORDER) and `kept` the others, as a JSON list of
# {"status", "value", "missing", "source_column"}; null when there were none.

SCHEMAS: dict[str, Schema] = {
    # One row per establishment as the extract describes it. `record` is the whole source row as a JSON
    # array (ReadResult.record_columns names its values), so nothing the file said is lost even where
    # the model has no field.
    ESTABLISHMENTS: {
        "urn": pl.Int64,
        "laestab": pl.Int64,  # LA old code * 10000 + establishment number
        "la_code": pl.Int32,  # old 3-digit LA code, e.g. 331 (Coventry)
        "la_gss": pl.String,  # E08000026
        "la_name": pl.String,
        "name": pl.String,
        "type": pl.String,  # TypeOfEstablishment (name)
        "type_group": pl.String,  # EstablishmentTypeGroup (name)
        "phase": pl.String,  # domain.phases.Phase value
        "status": pl.String,  # Open, Closed, Open but proposed to close, Proposed to open
        "open_date": pl.Date,
        "close_date": pl.Date,
        "low_age": pl.Int32,
        "high_age": pl.Int32,
        "gender": pl.String,
        "religious_character": pl.String,
        "trust": pl.String,  # Trusts (name)
        "trust_code": pl.String,  # Trusts (code), when the layout has it
        "federation": pl.String,
        "pupils": pl.Int32,
        "fsm_pct": pl.Float64,
        "capacity": pl.Int32,
        "postcode": pl.String,
        "town": pl.String,  # the postal town (searched by; the address is in `record`)
        "easting": pl.Int32,
        "northing": pl.Int32,
        "urban_rural": pl.String,
        "region": pl.String,  # GOR (name)
        "record": pl.String,
    },
    # GIAS links: predecessor/successor and other links between URNs.
    LINKS: {
        "urn": pl.Int64,
        "link_urn": pl.Int64,
        "link_name": pl.String,
        "link_type": pl.String,  # as published: "Predecessor", "Successor", "Successor - merged"...
        "link_date": pl.Date,
    },
    # One row per inspection. `inspection_key` is the inspection number where the file gives one,
    # else "date:YYYY-MM-DD"; (urn, inspection_key) identifies an inspection across files.
    INSPECTIONS: {
        "urn": pl.Int64,
        "inspection_key": pl.String,
        "inspection_number": pl.String,
        "framework": pl.String,  # domain.inspections.Framework value
        "inspection_type": pl.String,  # domain.inspections.InspectionType value
        "type_detail": pl.String,  # the file's own words, e.g. "S5 Inspection"
        "start_date": pl.Date,
        "end_date": pl.Date,
        "publication_date": pl.Date,
        "category_of_concern": pl.String,  # domain.inspections.CategoryOfConcern value, or null
        "outcome": pl.String,  # ungraded outcome text as published, e.g. "School remains Good"
        "laestab": pl.Int64,  # as the file gives it (may disagree with GIAS: keep it)
        "la_name": pl.String,  # as the file gives it
        "school_name": pl.String,
        "ofsted_phase": pl.String,
    },
    # One row per judgement of an inspection, in the framework's own scale:
    # graded/graded_2024: "1".."4" or "not_applicable"; report_card: ReportCardGrade values or
    # "not_applicable"; safeguarding: "met"/"not_met" (report cards) or "yes"/"no" (OEIF).
    JUDGEMENTS: {
        "urn": pl.Int64,
        "inspection_key": pl.String,
        "area": pl.String,  # domain.inspections.Area value
        "grade": pl.String,
    },
    # One row per school, year and measure. `value` is null exactly when `missing` gives the reason, or
    # when the measure is a label (`text`, e.g. progress8_band "Well above average").
    SCHOOL_MEASURES: {
        "urn": pl.Int64,
        "year": pl.Int32,  # calendar year the academic year ends (2019 = 2018/19)
        "measure": pl.String,  # domain.measures name, or the source's own code
        "value": pl.Float64,
        "missing": pl.String,  # domain.missing.Missing value, or null
        "source_column": pl.String,
        "text": pl.String,  # a label published as the figure (progress8_band), value and missing null
        "status": pl.String,  # the year label's annotation ("revised", "provisional"), or null
        "span": pl.Int16,  # years the figure covers: 3 for "2021-2023"; null means 1
        "kept": pl.String,  # the file's other figures for this key, JSON (see above), or null
    },
    # GIAS groups: trusts (multi- and single-academy), federations, umbrella trusts, school sponsors...
    GROUPS: {
        "uid": pl.Int64,  # Group UID, what establishments' "Trusts (code)" holds
        "group_id": pl.String,  # Group ID, e.g. TR02582 (trusts only)
        "name": pl.String,
        "type": pl.String,  # Group Type: Multi-academy trust, Single-academy trust, Federation, ...
        "status": pl.String,  # Open, Closed, ...
        "companies_house_number": pl.String,  # eight characters, leading zeros kept
        "ukprn": pl.Int64,
        "open_date": pl.Date,
        "close_date": pl.Date,
        "head": pl.String,  # Head of Group, title and names
        "town": pl.String,
        "postcode": pl.String,
    },
    # Which establishments belong to which group, since when.
    GROUP_MEMBERS: {
        "uid": pl.Int64,
        "urn": pl.Int64,
        "joined_date": pl.Date,
    },
    # One row per area (LA, region, England), year and measure.
    AREA_MEASURES: {
        "area_type": pl.String,  # domain.areas.AreaType value
        "area_code": pl.String,  # LA: old code as text ("331"); region: GSS code; England: E92000001
        "area_name": pl.String,
        "year": pl.Int32,
        "measure": pl.String,
        "value": pl.Float64,
        "missing": pl.String,
        "source_column": pl.String,
        "text": pl.String,
        "status": pl.String,
        "span": pl.Int16,
        "kept": pl.String,
    },
    LOCAL_AUTHORITIES: {
        "la_code": pl.Int32,
        "la_gss": pl.String,
        "name": pl.String,
        "region_code": pl.String,  # GSS code of the region
        "region": pl.String,
        "la_type": pl.String,  # LAIT's OLB, ILB, MD, UA, SC...
    },
    MEASURE_DEFINITIONS: {
        "measure": pl.String,
        "source_code": pl.String,  # e.g. LAIT's KS2RWM_Expected_STD
        "label": pl.String,
        "topic": pl.String,
        "polarity": pl.String,  # domain.measures.Polarity value
        "description": pl.String,
        "axis": pl.String,  # the dictionary's y_axis_name: what a figure counts, so its unit
        "publisher": pl.String,  # the dictionary's data owner: DfE, ONS, ...
    },
    # A named set of statistical neighbours: each LA's neighbours in order, with closeness bands.
    NEIGHBOURS: {
        "set_name": pl.String,
        "la_code": pl.Int32,
        "position": pl.Int32,  # 1 = nearest
        "neighbour_code": pl.Int32,
        "band": pl.String,  # "Very Close", "Close", "Somewhat close", "Not Close", or null
    },
    # The LA's own templates (sources/careers.py). A school's Gatsby benchmarks in a year: the
    # percentage achieved of each (100 = fully achieved), null where the file gives none.
    GATSBY_RESULTS: {
        "urn": pl.Int64,
        "year": pl.Int32,
        **{f"gb{n}": pl.Float64 for n in range(1, 9)},
        "careers_hub": pl.Boolean,  # whether the school is in a careers hub; null when not said
    },
    # One governor (by name or role) of a school attending a course.
    GOVERNOR_TRAINING: {
        "course_title": pl.String,
        "course_date": pl.Date,
        "provider": pl.String,
        "topic": pl.String,
        "urn": pl.Int64,
        "governor": pl.String,
    },
    # One row per event and school taking part; the event's own fields repeat on each.
    ASPIRATION_EVENTS: {
        "event_name": pl.String,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "hosts": pl.String,  # "; "-separated
        "volunteers": pl.Int32,
        "children_reached": pl.Int32,
        "feedback": pl.String,
        "urn": pl.Int64,
    },
    # A school's answer to one question of a survey round (sources/surveys.py); ``row`` is the file's
    # row, so that the loader, which checks the answer against the round's questionnaire, can name it.
    SURVEY_ANSWERS: {
        "row": pl.Int64,
        "round": pl.Int64,  # the round's number when the file names it; null to find the open one
        "urn": pl.Int64,
        "respondent_role": pl.String,
        "question_id": pl.String,
        "answer": pl.String,
    },
    # Networks' templates (sources/networks.py). One spell of a school in a network: joined_on null
    # when not known, left_on null while it is still a member; kind and lead null when not given.
    NETWORK_MEMBERS: {
        "network": pl.String,
        "kind": pl.String,
        "lead": pl.String,
        "urn": pl.Int64,
        "joined_on": pl.Date,
        "left_on": pl.Date,
    },
    # One thing a network did on a day; levels "; "-separated codes (heads; senior_leaders...);
    # la_code null when the file gives none (an LA's import: that LA); row: the file's row, for the
    # loader's messages (a network the LA does not have).
    NETWORK_ACTIVITIES: {
        "network": pl.String,
        "la_code": pl.Int32,
        "date": pl.Date,
        "kind": pl.String,
        "levels": pl.String,
        "notes": pl.String,
        "row": pl.Int32,
    },
}


class OutOfRange(ValueError):
    """A value the register's type for a field cannot hold, such as 3,000,000,000 pupils."""

    def __init__(self, table: str, field: str, value: object) -> None:
        super().__init__(f"{value!r} does not fit {field} (in {table})")
        self.field = field


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Check a reader's frame against its schema, cast what is castable, and order the columns.

    A missing column is added as nulls; an extra column is a programming error in the reader; a value
    the schema's type cannot hold raises OutOfRange, which the reader's caller reports for the file.
    """
    schema = SCHEMAS[table]
    extra = set(frame.columns) - set(schema)
    if extra:
        raise ValueError(f"{table}: columns not in the schema: {sorted(extra)}")
    conformed = frame.select(
        [
            pl.col(name).cast(dtype, strict=False)
            if name in frame.columns
            else pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )
    recast = [c for c in frame.columns if frame.schema[c] != schema[c]]  # only a cast can lose values
    if not recast:
        return conformed
    lost = frame.select(
        [(pl.col(c).is_not_null() & conformed[c].is_null()).any().alias(c) for c in recast]
    ).row(0, named=True)
    for name, any_lost in lost.items():
        if any_lost:
            value = frame.filter(pl.col(name).is_not_null() & conformed[name].is_null())[name][0]
            raise OutOfRange(table, name, value)
    return conformed


def empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[table])
