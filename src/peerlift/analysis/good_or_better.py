"""Schools and pupils in good or outstanding schools, by phase, as at any date, in each era's terms.

The rules follow Ofsted's official statistics ("State-funded schools inspections and outcomes as at
31 August") and the DfE's use of them:

* the schools counted are the state-funded schools open on the date (STATE_FUNDED_GROUPS);
* each school's grade is that of its latest graded inspection that started on or before the date:
  ungraded (section 8) inspections and monitoring visits do not change it;
* a converter academy that has not been inspected itself takes its predecessor school's latest
  grade, found through the GIAS links (analysis.lineage). This can be switched off. Sponsored
  academies do not: Ofsted and the DfE treat them as new schools;
* schools with no graded inspection (their own or, where allowed, a predecessor's) are left out of
  the denominator and counted separately;
* pupils are the school's number on roll in the register.

Every row says what it stands on (analysis.inspection_history): ``coverage`` is the share of the
open schools counted in the row's phase whose grade as at the date the register knows; below the
threshold of inspection_history.toml the percentages are not given (null) and ``caveat`` says "not
enough inspection history held"; over fewer schools than its small base, ``caveat`` says so;
``history_note`` says which files the history comes from.

From 1 September 2024 graded inspections give no overall effectiveness grade, and from November 2025
report cards use a five-point scale per area. No overall grade is invented: the overall measure is
reported as at 31 August 2024 (its last date), and alongside it the framework-native measures, each
counted over the schools whose latest graded inspection is of that framework:

* OEIF (graded inspections, before and after September 2024): % whose latest judgements are all good
  or better (1 or 2), % with any judgement below good (3 or 4);
* report cards: % at expected standard or above in every evaluation area, % with any area graded
  "needs attention" or "urgent improvement".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from peerlift.analysis import inspection_history
from peerlift.analysis.lineage import Succession
from peerlift.domain.inspections import (
    NO_OVERALL_FROM,
    NOT_APPLICABLE,
    Area,
    Framework,
    Grade4,
    InspectionType,
    ReportCardGrade,
)
from peerlift.domain.phases import Phase, parse_phase, phase_group

LAST_OVERALL_DATE = NO_OVERALL_FROM - dt.timedelta(days=1)  # 31 August 2024
ALL_PHASES = "all"

STATE_FUNDED_GROUPS = frozenset(
    {"Local authority maintained schools", "Academies", "Free Schools", "Special schools"}
)
NOT_STATE_FUNDED_TYPES = frozenset({"Non-maintained special school"})

OEIF = frozenset({Framework.GRADED.value, Framework.GRADED_2024.value})
GOOD_OR_BETTER = frozenset({Grade4.OUTSTANDING.value, Grade4.GOOD.value})
BELOW_GOOD = frozenset({Grade4.REQUIRES_IMPROVEMENT.value, Grade4.INADEQUATE.value})
EXPECTED_OR_ABOVE = frozenset(
    {ReportCardGrade.EXCEPTIONAL.value, ReportCardGrade.STRONG.value, ReportCardGrade.EXPECTED.value}
)
CONCERN = frozenset({ReportCardGrade.NEEDS_ATTENTION.value, ReportCardGrade.URGENT_IMPROVEMENT.value})
NOT_AREA_GRADES = frozenset(
    {Area.SAFEGUARDING_EFFECTIVE.value, Area.SAFEGUARDING_STANDARDS.value}
)  # met/not met and yes/no are not on the scale of the other areas


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    era: str
    label: str


OVERALL = Measure(
    "good_or_outstanding",
    "graded (overall effectiveness, to 31 August 2024)",
    "% good or outstanding for overall effectiveness",
)
OEIF_ALL_GOOD = Measure(
    "all_judgements_good_or_better",
    "OEIF judgements (graded inspections, overall grade or not)",
    "% whose latest inspection judgements are all good or better",
)
OEIF_BELOW_GOOD = Measure(
    "any_judgement_below_good",
    "OEIF judgements (graded inspections, overall grade or not)",
    "% with any judgement in their latest inspection below good",
)
RC_EXPECTED = Measure(
    "expected_or_above_every_area",
    "report cards (from November 2025)",
    "% at expected standard or above in every evaluation area",
)
RC_CONCERN = Measure(
    "any_needs_attention_or_urgent_improvement",
    "report cards (from November 2025)",
    "% with any area graded needs attention or urgent improvement",
)

RESULT_SCHEMA = {
    "measure": pl.String,
    "era": pl.String,
    "label": pl.String,
    "as_at": pl.Date,
    "phase": pl.String,
    "schools": pl.Int64,
    "schools_meeting": pl.Int64,
    "schools_pct": pl.Float64,
    "pupils": pl.Int64,
    "pupils_meeting": pl.Int64,
    "pupils_pct": pl.Float64,
    "not_inspected_schools": pl.Int64,
    "not_inspected_pupils": pl.Int64,
    "coverage": pl.Float64,
    "caveat": pl.String,
    "history_note": pl.String,
}
NOT_ENOUGH_HISTORY = "not enough inspection history held"


@dataclass
class GoodOrBetter:
    """The measures by phase (``table``) and each school's latest graded inspection (``schools``)."""

    table: pl.DataFrame
    schools: pl.DataFrame


def open_state_funded(schools: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """State-funded schools open on the date, with their reporting phase group.

    ``schools`` has frames.ESTABLISHMENTS columns (at least urn, phase, type, type_group, status,
    open_date, close_date, pupils).
    """
    opened = pl.col("open_date").is_null() | (pl.col("open_date") <= on)
    not_closed = pl.col("close_date").is_null() & (pl.col("status").fill_null("") != "Closed")
    still_open = not_closed | (pl.col("close_date") > on)
    funded = pl.col("type_group").is_in(list(STATE_FUNDED_GROUPS)) & ~pl.col("type").fill_null("").is_in(
        list(NOT_STATE_FUNDED_TYPES)
    )
    chosen = schools.filter(opened & still_open & funded)
    return chosen.select("urn", "type", pl.col("pupils").fill_null(0).cast(pl.Int64)).with_columns(
        phase_groups(chosen)
    )


def phase_groups(schools: pl.DataFrame) -> pl.Series:
    """Each school's reporting phase group (primary, secondary, special, AP/PRU...), as ``phase``."""
    groups = [
        phase_group(_phase(p), g, t).value
        for p, g, t in schools.select("phase", "type_group", "type").iter_rows()
    ]
    return pl.Series("phase", groups, dtype=pl.String)


def _phase(text: str | None) -> Phase | None:
    """The register stores Phase values ('middle_deemed_primary'); published names parse too."""
    try:
        return Phase(text) if text else None
    except ValueError:
        return parse_phase(text)


def latest_graded(
    schools: pl.DataFrame, inspections: pl.DataFrame, on: dt.date, owners: pl.DataFrame
) -> pl.DataFrame:
    """Each school's latest graded inspection starting on or before the date (null if none).

    ``owners`` (from ``inspection_owners``) says whose inspections speak for each school, so that a
    converter academy's predecessors' inspections count as its own until it is inspected itself.
    Adds inspection_urn, inspection_key, framework, start_date.
    """
    graded = inspections.filter(
        pl.col("inspection_type") == InspectionType.GRADED.value,
        pl.col("framework") != Framework.UNGRADED.value,
        pl.col("start_date") <= on,
    ).select(pl.col("urn").alias("inspection_urn"), "inspection_key", "framework", "start_date")
    return schools.join(
        owners.join(graded, on="inspection_urn")
        .sort("start_date", "inspection_key", descending=True)
        .group_by("urn", maintain_order=True)
        .first(),
        on="urn",
        how="left",
    )


def inspection_owners(schools: pl.DataFrame, links: pl.DataFrame | None) -> pl.DataFrame:
    """Pairs (urn, inspection_urn): whose inspections speak for each school (its own, and a converter
    academy's predecessors' when ``links`` are given). Independent of the date: work it out once."""
    own = schools.select("urn", pl.col("urn").alias("inspection_urn"))
    if links is None or links.is_empty():
        return own
    succession = Succession.from_links(links)
    converters = schools.filter(pl.col("type").fill_null("").str.to_lowercase().str.contains("converter"))
    pairs: list[tuple[int, int]] = []
    for urn in converters.get_column("urn").to_list():
        chain = succession.lineage(urn)
        pairs.extend((urn, earlier) for earlier in chain[: chain.index(urn)])
    if not pairs:
        return own
    return pl.concat([own, pl.DataFrame(pairs, schema=own.schema, orient="row")])


def _grades(latest: pl.DataFrame, judgements: pl.DataFrame) -> pl.DataFrame:
    """Per school: its overall grade and the list of its latest inspection's area grades."""
    areas = (
        judgements.filter(~pl.col("area").is_in(list(NOT_AREA_GRADES)), pl.col("grade") != NOT_APPLICABLE)
        .select(pl.col("urn").alias("inspection_urn"), "inspection_key", "area", "grade")
        .group_by("inspection_urn", "inspection_key")
        .agg(
            pl.col("grade").filter(pl.col("area") == Area.OVERALL.value).first().alias("overall"),
            pl.col("grade").alias("grades"),
        )
    )
    return latest.join(areas, on=["inspection_urn", "inspection_key"], how="left")


def _summarise(
    frame: pl.DataFrame, measure: Measure, on: dt.date, meets: pl.Expr, counted: pl.Expr, note: str
) -> pl.DataFrame:
    """One row per phase group and one for all phases: counted schools, those meeting, pupils, and
    what the figure stands on (coverage, caveat, history note)."""
    marked = frame.with_columns(
        counted.fill_null(False).alias("_counted"), meets.fill_null(False).alias("_meets")
    )
    every = marked.with_columns(pl.lit(ALL_PHASES).alias("phase"))
    rows = (
        pl.concat([marked, every])
        .group_by("phase")
        .agg(
            pl.col("_counted").sum().alias("schools"),
            (pl.col("_counted") & pl.col("_meets")).sum().alias("schools_meeting"),
            pl.col("pupils").filter(pl.col("_counted")).sum().alias("pupils"),
            pl.col("pupils").filter(pl.col("_counted") & pl.col("_meets")).sum().alias("pupils_meeting"),
            pl.col("inspection_key").is_null().sum().alias("not_inspected_schools"),
            pl.col("pupils").filter(pl.col("inspection_key").is_null()).sum().alias("not_inspected_pupils"),
            pl.col("known").mean().round(3).alias("coverage"),
        )
    )
    limits = inspection_history.rules()
    enough = pl.col("coverage") >= limits.coverage_threshold
    return rows.select(
        pl.lit(measure.name).alias("measure"),
        pl.lit(measure.era).alias("era"),
        pl.lit(measure.label).alias("label"),
        pl.lit(on).alias("as_at"),
        "phase",
        "schools",
        "schools_meeting",
        pl.when(enough).then(_pct("schools_meeting", "schools")).alias("schools_pct"),
        "pupils",
        "pupils_meeting",
        pl.when(enough).then(_pct("pupils_meeting", "pupils")).alias("pupils_pct"),
        "not_inspected_schools",
        "not_inspected_pupils",
        "coverage",
        _caveat(enough, limits.small_base).alias("caveat"),
        pl.lit(note).alias("history_note"),
    ).cast(RESULT_SCHEMA)  # type: ignore[arg-type]


def _caveat(enough: pl.Expr, small_base: int) -> pl.Expr:
    """What a reader must know before quoting the figure: too little history, a small base, a part."""
    share = (100 * pl.col("coverage")).round(0).cast(pl.Int64).cast(pl.String)
    schools = pl.col("schools").cast(pl.String)
    return (
        pl.when(~enough)
        .then(
            pl.lit(f"{NOT_ENOUGH_HISTORY}: the grade as at this date is known for ")
            + share
            + pl.lit("% of the open schools")
        )
        .when((pl.col("schools") > 0) & (pl.col("schools") < small_base))
        .then(
            pl.lit("small base: ")
            + schools
            + pl.when(pl.col("schools") == 1).then(pl.lit(" school")).otherwise(pl.lit(" schools"))
        )
        .when(pl.col("coverage") < 1)
        .then(pl.lit("the grade as at this date is known for ") + share + pl.lit("% of the open schools"))
    )


def _pct(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then((100 * pl.col(part) / pl.col(whole)).round(1))


def _any_in(values: frozenset[str]) -> pl.Expr:
    return pl.col("grades").list.eval(pl.element().is_in(list(values))).list.any()


def _all_in(values: frozenset[str]) -> pl.Expr:
    return pl.col("grades").list.eval(pl.element().is_in(list(values))).list.all() & (
        pl.col("grades").list.len() > 0
    )


def good_or_better(
    schools: pl.DataFrame,
    inspections: pl.DataFrame,
    judgements: pl.DataFrame,
    on: dt.date,
    links: pl.DataFrame | None = None,
    predecessors: bool = True,
    history_note: str = inspection_history.COMPLETE,
) -> GoodOrBetter:
    """The good-or-better measures as at a date (see the module's docstring for the rules).

    ``inspections`` and ``judgements`` have frames.INSPECTIONS / frames.JUDGEMENTS columns and must
    include the predecessors' inspections when ``predecessors`` is on; with the evidence columns of
    analysis.inspection_history, coverage is worked out from them (without, the history is whole).
    """
    return good_or_better_over(schools, inspections, judgements, [on], links, predecessors, history_note)[0]


def good_or_better_over(
    schools: pl.DataFrame,
    inspections: pl.DataFrame,
    judgements: pl.DataFrame,
    dates: Sequence[dt.date],
    links: pl.DataFrame | None = None,
    predecessors: bool = True,
    history_note: str = inspection_history.COMPLETE,
) -> list[GoodOrBetter]:
    """``good_or_better`` as at each date, with the succession of schools worked out once."""
    owners = inspection_owners(schools, links if predecessors else None)
    return [_as_at(schools, inspections, judgements, on, owners, history_note) for on in dates]


def _as_at(
    schools: pl.DataFrame,
    inspections: pl.DataFrame,
    judgements: pl.DataFrame,
    on: dt.date,
    owners: pl.DataFrame,
    note: str,
) -> GoodOrBetter:
    overall_on = min(on, LAST_OVERALL_DATE)
    detail = _latest_grades(schools, inspections, judgements, overall_on, owners)
    tables = [_overall(detail, overall_on, note)]
    if on >= NO_OVERALL_FROM:
        detail = _latest_grades(schools, inspections, judgements, on, owners)
        tables.append(_native(detail, on, note))
    return GoodOrBetter(pl.concat(tables).sort("measure", "phase"), detail)


def _latest_grades(
    schools: pl.DataFrame,
    inspections: pl.DataFrame,
    judgements: pl.DataFrame,
    on: dt.date,
    owners: pl.DataFrame,
) -> pl.DataFrame:
    """Each open state-funded school's latest graded inspection as at ``on``, with its grades and
    whether the register knows its grade as at that date (``known``)."""
    found = _grades(latest_graded(open_state_funded(schools, on), inspections, on, owners), judgements)
    known = inspection_history.known_as_at(found.get_column("urn"), owners, inspections, on)
    return found.with_columns(known.alias("known"))


def _overall(latest: pl.DataFrame, on: dt.date, note: str) -> pl.DataFrame:
    has_overall = pl.col("overall").is_in(list(GOOD_OR_BETTER | BELOW_GOOD))
    return _summarise(latest, OVERALL, on, pl.col("overall").is_in(list(GOOD_OR_BETTER)), has_overall, note)


def _native(latest: pl.DataFrame, on: dt.date, note: str) -> pl.DataFrame:
    oeif = pl.col("framework").is_in(list(OEIF)) & _any_in(GOOD_OR_BETTER | BELOW_GOOD)
    report_card = (pl.col("framework") == Framework.REPORT_CARD.value) & (pl.col("grades").list.len() > 0)
    return pl.concat(
        [
            _summarise(latest, OEIF_ALL_GOOD, on, _all_in(GOOD_OR_BETTER), oeif, note),
            _summarise(latest, OEIF_BELOW_GOOD, on, _any_in(BELOW_GOOD), oeif, note),
            _summarise(latest, RC_EXPECTED, on, _all_in(EXPECTED_OR_ABOVE), report_card, note),
            _summarise(latest, RC_CONCERN, on, _any_in(CONCERN), report_card, note),
        ]
    )
