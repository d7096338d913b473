"""A school's data pack: its figures among its family of similar schools, "no place to hide".

``build(urn)`` reads the register (the school, its family from ``store.families``, the published
figures of both, England's, the inspections of the school and its predecessors) and returns a
``Pack``: sections of tables, with charts drawn from those tables. The figures are worked out in
``reports/figures.py``; what is shown for each phase is data (``reports/datapack.toml``). The same Pack
renders as an HTML page, a PDF and an XLSX (``reports/render.py``) and as the web page's tables.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from peerlift.domain import labels
from peerlift.domain.areas import ENGLAND_CODE, AreaType
from peerlift.domain.measures import GROUPS, MEASURES, Polarity, info
from peerlift.domain.phases import family_group
from peerlift.domain.years import academic
from peerlift.reports import charts
from peerlift.reports import figures as fig
from peerlift.reports.summary import About
from peerlift.store import families, queries
from peerlift.store.models import AreaMeasure, Establishment, SchoolMeasure

Row = dict[str, Any]
CONFIG_FILE = Path(__file__).with_name("datapack.toml")


class PackError(ValueError):
    """Why a pack cannot be made, in words an officer can act on."""


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    numeric: bool = False


@dataclass
class Table:
    """One table of a pack: also a CSV/XLSX download of the web page and a sheet of the workbook."""

    name: str
    caption: str
    columns: list[Col]
    rows: list[Row]
    empty: str = "The register holds no figures for this table."
    notes: list[str] = field(default_factory=list)


@dataclass
class Chart:
    """A chart of a table's figures (SVG), with words for those who cannot see it."""

    title: str
    svg: str
    alt: str
    table: str  # the name of the table it draws


@dataclass
class Section:
    key: str
    title: str
    intro: list[str]
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Pack:
    urn: int
    name: str
    la_code: int | None
    la_name: str
    phase_group: str
    year: int | None
    family: Row | None  # store.families.family_of's answer, or None when the school has none
    family_note: str  # what the family is, or why there is none
    sections: list[Section]
    notes: list[str]  # where the pack stands on partial data
    made_at: dt.datetime

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


@cache
def config() -> dict[str, Any]:
    with CONFIG_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _intervals() -> dict[str, tuple[str, str]]:
    return {m: (lower, upper) for m, (lower, upper) in config()["intervals"].items()}


def _partial() -> fig.Partial:
    return fig.Partial(**config()["partial"])


def headline_measures(group: str, held: set[str]) -> list[str]:
    """The phase group's headline measures; for a group with none named, every headline measure the
    school has figures for (an all-through or special school may have KS2 and KS4 results)."""
    named: dict[str, list[str]] = config()["headline"]
    if group in named:
        return list(named[group])
    every = [m for measures in named.values() for m in measures]
    return [m for m in every if m in held]


def _all_measures(headline: Sequence[str]) -> list[str]:
    cfg = config()
    names = [*headline, *cfg["absence"], *cfg["context"]]
    for lower, upper in cfg["intervals"].values():
        names += [lower, upper]
    for measure in [*headline, *cfg["absence"]]:
        names += [f"{measure}_{g}" for g in [*cfg["groups"]["gap"], *cfg["groups"]["others"]]]
    return sorted({n for n in names if n in MEASURES})


def _figures(urns: Sequence[int], measures: Sequence[str]) -> pl.DataFrame:
    rows = SchoolMeasure.objects.filter(urn__in=list(urns), measure__in=list(measures)).values_list(
        "urn", "year", "measure", "value", "missing"
    )
    schema = {
        "urn": pl.Int64,
        "year": pl.Int64,
        "measure": pl.String,
        "value": pl.Float64,
        "missing": pl.String,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def _england(measures: Sequence[str]) -> pl.DataFrame:
    rows = AreaMeasure.objects.filter(
        area_type=AreaType.ENGLAND, area_code=ENGLAND_CODE, measure__in=list(measures)
    ).values_list("year", "measure", "value")
    return pl.DataFrame(
        list(rows), schema={"year": pl.Int64, "measure": pl.String, "value": pl.Float64}, orient="row"
    )


def _family(urn: int, method: str | None, scope: str, size: int, given: Row | None) -> tuple[Row | None, str]:
    """The school's family and the pack's words about it; ``given`` is its row from families_for
    when an LA's packs read every family in one pass."""
    found = given
    if found is None:
        try:
            found = families.family_of(urn, method=method, scope=scope, size=size)
        except families.FamiliesError as error:
            return None, f"This school has no family of similar schools: {error}"
    if found.get("problem"):
        return None, f"This school has no family of similar schools: {found['problem']}"
    words = (
        f"Its family is the {len(found['members'])} most similar schools by the {found['method_label']} "
        f"method ({found['scope']} scope, census year {found['year']})."
    )
    if found.get("stale"):
        words += " The stored family was built before the latest import changed its inputs: rebuild it."
    return found, words


def _pack_year(figures: fig.Figures, urn: int, headline: Sequence[str], year: int | None) -> int | None:
    if year is not None:
        return year
    with_values = [y for y in figures.years for m in headline if figures.value(urn, y, m) is not None]
    if with_values:
        return max(with_values)
    return max(figures.years) if figures.years else None


def build(
    urn: int,
    year: int | None = None,
    method: str | None = None,
    scope: str = "national",
    size: int = 30,
    family: Row | None = None,
) -> Pack:
    """The school's data pack (``year``: the results year to show; default its latest). ``family``:
    its row from ``store.families.families_for`` (default: looked up for this school alone)."""
    school = Establishment.objects.filter(urn=urn).first()
    if school is None:
        raise PackError(f"no school with URN {urn} is in the register.")
    group = family_group(school.phase, school.type_group, school.type)
    family, family_note = _family(urn, method, scope, size, family)
    members = [
        fig.Member(m["rank"], m["urn"], m.get("name") or str(m["urn"]), m.get("la_name") or "")
        for m in (family or {}).get("members", [])
    ]
    held = set(SchoolMeasure.objects.filter(urn=urn).values_list("measure", flat=True).distinct())
    headline = headline_measures(group, held)
    measures = _all_measures(headline)
    figures = fig.Figures(
        _figures([urn, *(m.urn for m in members)], measures), _england(measures), urn, members
    )
    pack_year = _pack_year(figures, urn, headline, year)
    cfg = config()
    sections = [
        _about(school, family, family_note),
        *(
            _results(figures, headline, cfg["absence"], pack_year)
            if pack_year is not None
            else [Section("results", "Results", ["The register holds no results for this school."], [])]
        ),
        _inspections(urn),
    ]
    if pack_year is not None:
        sections.insert(1, _context(figures, cfg["context"], pack_year))
    notes = _partial_notes(sections, family, size)
    return Pack(
        urn=urn,
        name=school.name,
        la_code=school.la_code,
        la_name=school.la_name,
        phase_group=group,
        year=pack_year,
        family=family,
        family_note=family_note,
        sections=sections,
        notes=notes,
        made_at=dt.datetime.now(dt.UTC),
    )


def _partial_notes(sections: Sequence[Section], family: Row | None, size: int) -> list[str]:
    notes = []
    if family is None:
        notes.append("No family: the family medians, ranks and the schools that do better are left out.")
    elif len(family["members"]) < size:
        notes.append(f"The family has {len(family['members'])} schools, fewer than the {size} asked for.")
    partial = sum(
        1 for s in sections for t in s.tables for r in t.rows if "partial" in str(r.get("note", ""))
    )
    if partial:
        notes.append(
            f"{partial} figures stand on partial data (few family members with a figure): "
            "each says so in its row's note."
        )
    gaps = sum(1 for s in sections for t in s.tables if t.name == "trend" for r in t.rows if r.get("note"))
    if gaps:
        notes.append(f"{gaps} trends have years with no figure for the school: each says which and why.")
    return notes


# ---------------------------------------------------------------------------------------------
# Sections


def _about(school: Establishment, family: Row | None, family_note: str) -> Section:
    details = [
        ("URN", school.urn),
        ("Local authority", f"{school.la_name} ({school.la_code})" if school.la_code else school.la_name),
        ("Phase", school.phase.replace("_", " ")),
        ("Type", school.type),
        ("Trust", school.trust),
        ("Age range", f"{school.low_age} to {school.high_age}" if school.low_age is not None else ""),
        ("Pupils (GIAS)", school.pupils),
        ("Religious character", school.religious_character),
        ("Urban or rural", school.urban_rural),
        ("Status", school.status),
    ]
    about = Table(
        "school",
        "The school, as its latest GIAS extract describes it",
        [Col("field", "Field"), Col("value", "Value")],
        [{"field": k, "value": v} for k, v in details if v not in (None, "")],
    )
    members = Table(
        "family",
        "Its family of similar schools, most similar first, and why each is in it",
        [
            Col("rank", "Place", True),
            Col("urn", "URN", True),
            Col("name", "School"),
            Col("la_name", "LA"),
            Col("distance", "Distance", True),
            Col("why", "Why it is in the family"),
        ],
        [
            {k: m.get(k) for k in ("rank", "urn", "name", "la_name", "distance", "why")}
            for m in (family or {}).get("members", [])
        ],
        empty=family_note,
    )
    return Section("about", "The school and its family", [family_note], [about, members])


def _number_columns(first: list[Col]) -> list[Col]:
    return [
        *first,
        Col("school", "School", True),
        Col("family_median", "Family median", True),
        Col("family_q1", "Family lower quartile", True),
        Col("family_q3", "Family upper quartile", True),
        Col("family_count", "Family members with a figure", True),
    ]


def _context(figures: fig.Figures, measures: Sequence[str], pack_year: int) -> Section:
    rows = fig.compared(figures, measures, pack_year, {}, _partial())
    table = Table(
        "context",
        "Who the school teaches, against its family",
        [
            *_number_columns([Col("label", "Measure"), Col("year", "Year", True)]),
            Col("england", "England", True),
            Col("note", "Note"),
        ],
        rows,
    )
    return Section(
        "context",
        "Context",
        ["The pupils the school serves, beside its family's and England's (no direction is better)."],
        [table],
    )


def _results(
    figures: fig.Figures, headline: Sequence[str], absence: Sequence[str], pack_year: int
) -> list[Section]:
    intervals, partial, cfg = _intervals(), _partial(), config()
    compared_cols = [
        *_number_columns([Col("label", "Measure"), Col("year", "Year", True)]),
        Col("lower_ci", "School lower confidence limit", True),
        Col("upper_ci", "School upper confidence limit", True),
        Col("rank", "Rank in family (1 = best)", True),
        Col("rank_of", "Ranked schools", True),
        Col("england", "England", True),
        Col("note", "Note"),
    ]
    headline_rows = fig.compared(figures, headline, pack_year, intervals, partial)
    absence_rows = fig.compared(figures, absence, pack_year, intervals, partial)
    headline_table = Table("headline", f"Headline measures, {pack_year}", compared_cols, headline_rows)
    absence_table = Table("absence", "Absence (lower is better)", compared_cols, absence_rows)
    trend_rows = fig.trend(figures, [*headline, *absence], partial)
    years, wide = fig.trend_wide(trend_rows)
    trend_table = Table(
        "trend",
        "Each measure over the years held: the school, its family's median, England",
        [
            Col("label", "Measure"),
            Col("series", "Figures of"),
            *(Col(str(y), str(y), True) for y in years),
            Col("note", "Missing or partial, by year"),
        ],
        wide,
    )
    gap_rows = fig.disadvantage_gaps(
        figures, [*headline, *absence], pack_year, tuple(cfg["groups"]["gap"]), partial
    )
    gap_table = Table(
        "disadvantage",
        "The gap for disadvantaged pupils (disadvantaged minus other pupils)",
        [
            Col("label", "Measure"),
            Col("year", "Year", True),
            Col("school_group", "School: disadvantaged", True),
            Col("school_others", "School: other pupils", True),
            Col("school_gap", "School: gap", True),
            Col("family_group_median", "Family median: disadvantaged", True),
            Col("family_gap_median", "Family median gap", True),
            Col("family_count", "Family members with a gap", True),
            Col("england_group", "England: disadvantaged", True),
            Col("england_others", "England: other pupils", True),
            Col("england_gap", "England: gap", True),
            Col("note", "Note"),
        ],
        gap_rows,
        empty="The files in the register give no figures for disadvantaged pupils of this school.",
    )
    group_rows = fig.groups(
        figures, [*headline, *absence], pack_year, cfg["groups"]["others"], GROUPS, partial
    )
    group_table = Table(
        "groups",
        "Other pupil groups",
        [
            Col("label", "Measure"),
            Col("group", "Pupils"),
            Col("year", "Year", True),
            Col("school", "School", True),
            Col("family_median", "Family median", True),
            Col("family_count", "Family members with a figure", True),
            Col("england", "England", True),
            Col("note", "Note"),
        ],
        group_rows,
        empty="The files in the register give no figures for other pupil groups of this school.",
    )
    better_rows = fig.do_better(figures, [*headline, *absence], pack_year, intervals)
    better_table = Table(
        "do-better",
        "Schools like yours that do better: for each measure, most similar first",
        [
            Col("label", "Measure"),
            Col("year", "Year", True),
            Col("family_rank", "Place in family", True),
            Col("urn", "URN", True),
            Col("name", "School"),
            Col("la_name", "LA"),
            Col("value", "Their figure", True),
            Col("school", "Your figure", True),
            Col("by", "Better by", True),
            Col("beyond_intervals", "Beyond the confidence intervals?"),
        ],
        better_rows,
        empty="No school in the family does better on these measures (or the school has no family).",
    )
    charts_ = _charts(headline_rows + absence_rows, trend_rows, figures, pack_year)
    return [
        Section(
            "results",
            f"Results among the family, {pack_year}",
            _headline_sentences(headline_rows),
            [headline_table, absence_table],
            [c for c in charts_ if c.table in ("headline", "absence")],
        ),
        Section(
            "trend",
            "Trends over the years held",
            ["A year with no figure is a gap in the line, and its row says why."],
            [trend_table],
            [c for c in charts_ if c.table == "trend"],
        ),
        Section(
            "gaps",
            "Disadvantaged pupils and other groups",
            [
                "The gap is the disadvantaged pupils' figure minus the other pupils' figure, "
                "for the school, the median of its family's gaps, and England."
            ],
            [gap_table, group_table],
        ),
        Section(
            "do-better",
            "Schools like yours that do better",
            [
                "The schools to visit: family members with a better figure, most similar first. Where a "
                "measure has confidence intervals, 'yes' means the two schools' intervals do not overlap."
            ],
            [better_table],
        ),
    ]


def _headline_sentences(rows: Sequence[Row]) -> list[str]:
    said = []
    for row in rows:
        if row["school"] is None or row["family_median"] is None:
            continue
        rank = f", {_ordinal(row['rank'])} of {row['rank_of']} in its family" if row["rank"] else ""
        said.append(
            f"{row['label']}: {_show(row['school'])} against a family median of {_show(row['family_median'])}"
            f"{rank}."
        )
    return said


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _show(value: float) -> str:
    return f"{value:g}"


def _charts(
    compared: Sequence[Row], trend_rows: Sequence[Row], figures: fig.Figures, year: int
) -> list[Chart]:
    found = []
    strip = [
        {"label": row["label"], "series": "Family member", "value": v}
        for row in compared
        if info(row["measure"]).polarity is not Polarity.NEUTRAL
        for _, v in figures.member_values(row["year"], row["measure"])
    ] + [
        {"label": row["label"], "series": series, "value": value}
        for row in compared
        for series, value in (("This school", row["school"]), ("England", row["england"]))
        if value is not None
    ]
    if strip:
        found.append(
            Chart(
                "Where the school stands in its family",
                charts.family_strip(strip),
                "Dot chart: for each measure, a dot for each family member's figure, the school's figure "
                "and England's. The figures are in the table 'Headline measures' below.",
                "headline",
            )
        )
    if trend_rows:
        found.append(
            Chart(
                "Trends: the school, its family's median and England",
                charts.pack_trends(list(trend_rows)),
                "Line charts, one per measure, of the school's figure, its family's median and England's "
                "by year. The figures are in the table 'Each measure over the years held' below.",
                "trend",
            )
        )
    return found


def _inspections(urn: int) -> Section:
    chain = queries.school_lineage(urn)
    rows = []
    for i in reversed(queries.inspections_of(chain)):
        on = dt.date.fromisoformat(i["start_date"]) if i.get("start_date") else None
        rows.append(
            {
                "start_date": on,
                "urn": i["urn"],
                "school": "this school" if i["urn"] == urn else "a predecessor",
                "framework": labels.framework(i["framework"]),
                "type": labels.INSPECTION_TYPES.get(i["inspection_type"], i["inspection_type"]),
                "headline": labels.inspection_headline(
                    i["framework"], i["judgements"], i.get("outcome") or "", on
                ),
                "judgements": "; ".join(labels.inspection_judgements(i["judgements"], on)),
                "category": labels.grade(i["category_of_concern"], None) if i["category_of_concern"] else "",
            }
        )
    table = Table(
        "inspections",
        "Inspections, latest first, each in its framework's own words",
        [
            Col("start_date", "Date"),
            Col("urn", "URN", True),
            Col("school", "Of"),
            Col("framework", "Framework"),
            Col("type", "Type"),
            Col("headline", "Outcome"),
            Col("judgements", "Judgements"),
            Col("category", "Category of concern"),
        ],
        rows,
        empty="Ofsted's files in the register hold no inspection of this school or its predecessors.",
    )
    return Section(
        "inspections",
        "Inspection history",
        ["Every inspection of the school and of the schools it replaced, in the words of its framework."],
        [table],
    )


SOURCES = [
    "Get Information about Schools (GIAS): the school, its predecessors and its details",
    "The Department for Education's performance tables (key stage 2 and 4), school census and absence "
    "files: the school's, its family's and England's figures",
    "Ofsted's inspection files: the inspections of the school and the schools it replaced",
    "The school's stored family of similar schools (peerlift's families, from the census and results)",
]


def about(pack: Pack) -> About:
    """What the pack's figures stand on and where they come from (its workbook's About sheet)."""
    year = f"Results of {academic(pack.year)}." if pack.year else "The register holds no results for it."
    return About([year, pack.family_note, *pack.notes], SOURCES, pack.made_at.date())


def la_schools(la: int) -> list[Row]:
    """The open schools of an LA whose packs an LA run makes, by name."""
    return [
        {"urn": urn, "name": name}
        for urn, name, status in Establishment.objects.filter(la_code=la)
        .order_by("name", "urn")
        .values_list("urn", "name", "status")
        if str(status).lower().startswith("open")
    ]
