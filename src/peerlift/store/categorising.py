"""Gathering what the category rules and the inspection windows read, from the register, and
putting their results beside the recorded history.

analysis/categories.py and analysis/inspection_due.py are pure; this module reads the schools (open,
state-funded, on the as-at date), their inspections in every framework (a converter's predecessors'
too), the results the rules name, England's figures, each school's family (the stored family set,
else computed, through store/families.py) and the officers' open concerns, in a few SQL queries for
a whole LA or all of England. Recording what changed is web/casework.py's (audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from peerlift.analysis import categories as rules_analysis
from peerlift.analysis import inspection_due
from peerlift.analysis.families import DEFAULT_SIZE
from peerlift.analysis.good_or_better import inspection_owners, open_state_funded
from peerlift.analysis.visits import Visit, visits_by_school
from peerlift.domain.areas import ENGLAND_CODE, AreaType
from peerlift.store import bulk, categories, concerns, picture
from peerlift.store import families as store_families
from peerlift.store.models import AreaMeasure, CategoryRules, FamilyMember, SchoolMeasure

Row = dict[str, Any]
_MEASURE_KEYS = ("measure", "lower", "upper", "disadvantaged", "others")


class CategoriesError(ValueError):
    """What stops a categorisation, in words an officer can act on."""


@dataclass(frozen=True)
class Gathered:
    """Everything one run of the rules reads, and the schools' names and phases for the output."""

    facts: list[rules_analysis.SchoolFacts]
    context: rules_analysis.Context
    schools: pl.DataFrame  # urn, name, phase, la_code, open_date
    families: bool  # whether families were found


# ---------------------------------------------------------------------------------------------
# Rules in force


def rules_in_force(la: int | None) -> rules_analysis.Rules:
    """The LA's own rules (the newest an administrator set), else the default."""
    own = CategoryRules.objects.filter(la_code=la).first() if la is not None else None
    if own is None:
        return rules_analysis.default_rules()
    return rules_analysis.parse_rules(own.text, own.name)


def rules_from_file(path: Path) -> rules_analysis.Rules:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CategoriesError(f"the rules file {path.name} cannot be read ({error})") from None
    return rules_analysis.parse_rules(text, path.name)


# ---------------------------------------------------------------------------------------------
# Reading


def _measures_named(rules: rules_analysis.Rules) -> list[str]:
    named = {
        c.params[k]
        for c in rules.criteria.values()
        for k in _MEASURE_KEYS
        if isinstance(c.params.get(k), str) and c.params[k]
    }
    return sorted(named)


def _school_measures(
    urns: Sequence[int] | None,
    measures: Sequence[str],
    columns: dict[tuple[str, int], dict[int, float]] | None = None,
) -> dict[int, dict[str, dict[int, float]]]:
    """{urn: {measure: {year: value}}} of the named measures (of these URNs, or of every school);
    ``columns`` is filled with the same figures as {(measure, year): {urn: value}}."""
    out: dict[int, dict[str, dict[int, float]]] = {}
    if not measures:
        return out
    schema = {"urn": pl.Int64, "year": pl.Int32, "measure": pl.String, "value": pl.Float64}
    marks = ", ".join(["%s"] * len(measures))
    sql = (
        f"SELECT urn, year, measure, value FROM {bulk.table_name(SchoolMeasure)} "
        f"WHERE measure IN ({marks}) AND value IS NOT NULL"
    )
    chunks: Iterable[list[int] | None] = [None]
    if urns is not None:
        wanted = sorted(set(urns))
        chunks = [wanted[i : i + 800] for i in range(0, len(wanted), 800)]
    for chunk in chunks:
        where, params = (
            ("", []) if chunk is None else (f" AND urn IN ({', '.join(['%s'] * len(chunk))})", chunk)
        )
        found = bulk.fetch_frame(sql + where, [*measures, *params], schema)
        for urn, year, measure, value in found.iter_rows():
            out.setdefault(urn, {}).setdefault(measure, {})[year] = value
            if columns is not None:
                columns.setdefault((measure, year), {})[urn] = value
    return out


def _england(measures: Sequence[str]) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    found = AreaMeasure.objects.filter(
        area_type=AreaType.ENGLAND.value, area_code=ENGLAND_CODE, measure__in=measures, value__isnull=False
    ).values_list("measure", "year", "value")
    for measure, year, value in found:
        out.setdefault(measure, {})[year] = value
    return out


def _families(urns: list[int]) -> dict[int, list[int]]:
    """Each school's family members, nearest first: read straight from the stored national set of the
    default method (one query, no drivers: the rules need only who the members are), else worked out
    through store/families.py; none when the register cannot give families (no census figures)."""
    try:
        method = store_families.method_named(None).name
        years = store_families.data_years()
        stored = store_families.stored_set(method, "national", DEFAULT_SIZE, years[0]) if years else None
        if stored is None:
            found = store_families.families_for(urns)
            return {urn: [m["urn"] for m in family["members"]] for urn, family in found.items()}
    except (store_families.FamiliesError, ValueError):
        return {}
    schema = {"urn": pl.Int64, "member_urn": pl.Int64}
    sql = (
        f"SELECT urn, member_urn FROM {bulk.table_name(FamilyMember)} WHERE family_set_id = %s "
        "ORDER BY urn, rank"
    )
    members = bulk.fetch_frame(sql, [stored.pk], schema)  # type: ignore[arg-type]
    wanted = set(urns)
    out: dict[int, list[int]] = {}
    for urn, member in members.iter_rows():
        if urn in wanted:
            out.setdefault(urn, []).append(member)
    return out


def open_schools(la: int | None, on: dt.date) -> pl.DataFrame:
    schools = picture.establishments(la)
    chosen = open_state_funded(schools, on).select("urn")
    return schools.join(chosen, on="urn").select("urn", "name", "phase", "la_code", "type", "open_date")


def gather(la: int | None, on: dt.date, rules: rules_analysis.Rules, with_families: bool = True) -> Gathered:
    """What the rules read about every open state-funded school of the LA (or of England) on ``on``."""
    schools = open_schools(la, on)
    if schools.is_empty():
        where = f"LA {la}" if la is not None else "the register"
        raise CategoriesError(f"no open schools of {where} are in the register: import a GIAS extract first.")
    urns = schools.get_column("urn").to_list()
    owners = inspection_owners(schools, picture.links())
    inspected, judged = picture.inspections(owners.get_column("inspection_urn").unique().to_list())
    visits = visits_by_school(owners, inspected, judged)
    family = _families(urns) if with_families else {}
    members = {m for ms in family.values() for m in ms}
    measures = _measures_named(rules)
    columns: dict[tuple[str, int], dict[int, float]] = {}
    values = _school_measures(None if la is None else sorted(set(urns) | members), measures, columns)
    open_by_urn: dict[int, list[tuple[str, dt.date]]] = {}
    for c in concerns.open_concerns(la, on) if la is not None else concerns.all_open(on):
        open_by_urn.setdefault(c.urn, []).append((c.kind, c.raised_on))
    cycles = inspection_due.default_cycles()
    facts = []
    for urn, opened in schools.select("urn", "open_date").iter_rows():
        seen: list[Visit] = visits.get(urn, [])
        facts.append(
            rules_analysis.SchoolFacts(
                urn=urn,
                visits=seen,
                measures=values.get(urn, {}),
                family=family.get(urn, []),
                concerns=open_by_urn.get(urn, []),
                due=inspection_due.due(urn, seen, opened, cycles, on),
            )
        )
    context = rules_analysis.Context(as_at=on, measures=values, england=_england(measures))
    context.fill_columns(columns)
    return Gathered(facts, context, schools, bool(family))


# ---------------------------------------------------------------------------------------------
# Categorising


@dataclass(frozen=True)
class Categorised:
    """One school's computed category beside what is recorded for it."""

    urn: int
    name: str
    phase: str | None
    la_code: int
    result: rules_analysis.Result
    recorded: categories.InForce | None

    @property
    def category(self) -> int:
        """In force: an override stands; otherwise what the rules say now."""
        if self.recorded is not None and self.recorded.override is not None:
            return self.recorded.override.category
        return self.result.category

    @property
    def changes(self) -> bool:
        """Whether the rules now compute a different category from the last one recorded."""
        last = self.recorded.computed if self.recorded else None
        return last is None or last.category != self.result.category

    def changed_on(self, on: dt.date) -> dt.date:
        if self.recorded is None:
            return on
        if self.recorded.override is None and self.changes:
            return on
        return self.recorded.changed_on

    def change(self) -> Row:
        """What recording this school's new computed category needs (and a reviewer reads)."""
        computed = self.recorded.computed if self.recorded else None
        override = self.recorded.override if self.recorded else None
        return {
            "urn": self.urn,
            "la": self.la_code,
            "name": self.name,
            "phase": self.phase,
            "from": computed.category if computed else None,
            "to": self.result.category,
            "override": override.category if override else None,
            "reasons": [r.as_json() for r in self.result.reasons],
        }

    def row(self, on: dt.date) -> Row:
        """The CLI's and API's shape: urn, name, phase, category, computed_category, reasons, override,
        changed_on."""
        override = self.recorded.override if self.recorded else None
        return {
            "urn": self.urn,
            "name": self.name,
            "phase": self.phase,
            "category": self.category,
            "computed_category": self.result.category,
            "reasons": [r.as_json() for r in self.result.reasons],
            "override": None
            if override is None
            else {
                "category": override.category,
                "rationale": override.rationale,
                "by": override.decided_by,
                "on": (override.discussed_on or override.effective_on).isoformat(),
            },
            "changed_on": self.changed_on(on).isoformat(),
        }


def categorise(
    la: int, on: dt.date | None = None, rules: rules_analysis.Rules | None = None
) -> list[Categorised]:
    """Every open school of the LA with its computed category and what is recorded, by name."""
    when = on or dt.date.today()
    chosen = rules or rules_in_force(la)
    gathered = gather(la, when, chosen)
    results = rules_analysis.evaluate_all(gathered.facts, gathered.context, chosen)
    recorded = categories.in_force(la, when)
    return [
        Categorised(urn, name, phase, la_code, results[urn], recorded.get(urn))
        for urn, name, phase, la_code in gathered.schools.sort("name", "urn")
        .select("urn", "name", "phase", "la_code")
        .iter_rows()
    ]


def with_recorded(found: Sequence[Categorised], on: dt.date) -> list[Categorised]:
    """The same results beside what is recorded now (after recording them), without computing again."""
    if not found:
        return []
    recorded = categories.in_force(found[0].la_code, on)
    return [Categorised(s.urn, s.name, s.phase, s.la_code, s.result, recorded.get(s.urn)) for s in found]


# ---------------------------------------------------------------------------------------------
# Inspections due


def inspections_due(la: int, on: dt.date | None = None, within_months: int | None = None) -> list[Row]:
    """Each open school's next inspection window (those opening within ``within_months`` months, and
    overdue ones, when given), soonest due first: urn, name, last_inspection_date, framework, outcome,
    due_from, due_by, overdue, rule."""
    when = on or dt.date.today()
    schools = open_schools(la, when)
    owners = inspection_owners(schools, picture.links())
    inspected, judged = picture.inspections(owners.get_column("inspection_urn").unique().to_list())
    visits = visits_by_school(owners, inspected, judged)
    cycles = inspection_due.default_cycles()
    horizon = inspection_due.add_months(when, within_months) if within_months is not None else None
    rows = []
    for urn, name, opened in schools.select("urn", "name", "open_date").iter_rows():
        found = inspection_due.due(urn, visits.get(urn, []), opened, cycles, when)
        if found is None or (horizon is not None and found.due_from > horizon):
            continue
        last = found.last
        rows.append(
            {
                "urn": urn,
                "name": name,
                "last_inspection_date": last.date.isoformat() if last else None,
                "framework": last.framework if last else None,
                "outcome": last.describe() if last else None,
                "due_from": found.due_from.isoformat(),
                "due_by": found.due_by.isoformat(),
                "overdue": found.overdue(when),
                "rule": found.rule,
            }
        )
    return sorted(rows, key=lambda r: (r["due_by"], r["name"], r["urn"]))


def own_rules(la: int) -> CategoryRules | None:
    """The LA's own rules file in force (None: the default is)."""
    return CategoryRules.objects.filter(la_code=la).first()
