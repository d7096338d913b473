"""Families from the register: the frames analysis/families.py works on, and stored family sets.

The API the CLI, the web pages and the data packs call:

* ``family_of(urn, method, scope, size, year)``: one school's family as the documented JSON
  (``{"urn", "name", "method", "scope", "year", "members": [{"urn", "name", "distance", "imputed",
  "drivers": [{"measure", "share", "value", "school_value"}]}]}``, members nearest first), plus
  ``size``, ``phase_group``, ``imputed`` (the school's own values), ``stored`` / ``built_at`` /
  ``stale`` and each member's ``rank``, ``la``, ``phase`` and ``why`` (the drivers in plain words).
  Read from a stored set when one is built for those settings (stale or not, it says which),
  else computed for the school's pool there and then.
* ``families_for(urns, method, scope, size, year)``: many schools' families at once (an LA's data
  packs), the same shape each, read or computed once; a school with none has a ``problem``.
* ``build(method, scope, size, year)``: compute and store every school's family (bulk).
* ``compute(...)``: the analysis result with the year it used, without storing it.
* ``stale(family_set)``: whether an import has changed the set's inputs since it was built.
* ``evaluate(...)``: "is the family any good?" for each method, as rows.

A set is stale when the newest import that wrote the establishments, or any input measure of its
year, is not the one recorded when it was built (an import re-writing a figure points the row at
itself: ``provenance``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Max

from peerlift.analysis import families as analysis
from peerlift.domain.dates import long_date
from peerlift.store import bulk
from peerlift.store.models import (
    Establishment,
    FamilyMember,
    FamilySet,
    LocalAuthority,
    SchoolMeasure,
)

Row = dict[str, Any]
YEAR_MEASURE = "pupils_on_roll"  # the census figure every method reads: its years are the data years


class FamiliesError(ValueError):
    """What the register lacks for the families asked for, in words an officer can act on."""


@dataclass
class Computed:
    families: analysis.Families
    year: int
    inputs: dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Frames


def schools_frame(urns: Sequence[int] | None = None) -> pl.DataFrame:
    """Establishments (all, or these URNs) with what families need; one without a region takes its
    LA's."""
    schema = {
        "urn": pl.Int64,
        "name": pl.String,
        "la_code": pl.Int32,
        "region": pl.String,
        "phase": pl.String,
        "type_group": pl.String,
        "type": pl.String,
        "status": pl.String,
    }
    e, la = bulk.table_name(Establishment), bulk.table_name(LocalAuthority)
    sql = (
        f"SELECT e.urn, e.name, e.la_code, COALESCE(NULLIF(e.region, ''), NULLIF(l.region, '')), "
        f"NULLIF(e.phase, ''), NULLIF(e.type_group, ''), NULLIF(e.type, ''), NULLIF(e.status, '') "
        f"FROM {e} e LEFT JOIN {la} l ON l.code = e.la_code"
    )
    if urns is None:
        return bulk.fetch_frame(sql, [], schema)
    wanted = sorted(set(urns))
    parts = [
        bulk.fetch_frame(f"{sql} WHERE e.urn IN ({', '.join(['%s'] * len(chunk))})", chunk, schema)
        for chunk in (wanted[i : i + 900] for i in range(0, len(wanted), 900))
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def measures_frame(year: int, measures: Sequence[str]) -> pl.DataFrame:
    """The year's published figures of the named measures: urn, measure, value."""
    if not measures:
        return pl.DataFrame(schema={"urn": pl.Int64, "measure": pl.String, "value": pl.Float64})
    marks = ", ".join(["%s"] * len(measures))
    sql = (
        f"SELECT urn, measure, value FROM {bulk.table_name(SchoolMeasure)} "
        f"WHERE year = %s AND measure IN ({marks}) AND value IS NOT NULL"
    )
    schema = {"urn": pl.Int64, "measure": pl.String, "value": pl.Float64}
    return bulk.fetch_frame(sql, [year, *measures], schema)


def data_years() -> list[int]:
    """The years for which the register holds census figures (pupils on roll), newest first."""
    return list(
        SchoolMeasure.objects.filter(measure=YEAR_MEASURE, value__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def _year(year: int | None) -> int:
    years = data_years()
    if not years:
        raise FamiliesError(
            "no census figures (pupils on roll) are in the register: import a school census file first "
            "(england_census.csv)."
        )
    if year is None:
        return years[0]
    if year not in years:
        raise FamiliesError(
            f"the register holds no census figures for {year} (years held: {', '.join(map(str, years))})."
        )
    return year


def inputs_of(year: int, measures: Sequence[str]) -> dict[str, Any]:
    """What a family set is built from: the newest import behind the establishments and behind
    each input measure of the year (compared again to tell whether the set is stale)."""
    newest = Establishment.objects.aggregate(newest=Max("source_id"))["newest"]
    by_measure = dict(
        SchoolMeasure.objects.filter(year=year, measure__in=list(measures))
        .values("measure")
        .annotate(newest=Max("source_id"))
        .values_list("measure", "newest")
    )
    return {"establishments": newest, "measures": {m: by_measure.get(m) for m in sorted(measures)}}


def method_named(name: str | None, methods_file: Path | None = None) -> analysis.Method:
    methods = analysis.load_methods(methods_file)
    chosen = name or analysis.DEFAULT_METHOD
    if chosen not in methods:
        raise FamiliesError(f"no family method {chosen!r} (methods: {', '.join(sorted(methods))}).")
    return methods[chosen]


# ---------------------------------------------------------------------------------------------
# Computing and storing


def compute(
    method: str | None = None,
    scope: str = "national",
    size: int = analysis.DEFAULT_SIZE,
    year: int | None = None,
    methods_file: Path | None = None,
    pool_of: int | None = None,
) -> Computed:
    """Families from the register's figures (all schools, or ``pool_of``'s pool only)."""
    chosen = method_named(method, methods_file)
    used = _year(year)
    try:
        found = analysis.compute(
            schools_frame(), measures_frame(used, chosen.measures), chosen, scope, size, pool_of=pool_of
        )
    except analysis.FamilyError as error:
        raise FamiliesError(str(error)) from None
    return Computed(found, used, inputs_of(used, chosen.measures))


def build(
    method: str | None = None,
    scope: str = "national",
    size: int = analysis.DEFAULT_SIZE,
    year: int | None = None,
    methods_file: Path | None = None,
    built_by: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> FamilySet:
    """Compute and store every school's family, replacing a set built before with the same
    settings (one transaction: a reader sees the old set or the new one, never half of one).
    ``progress(step, done, total)`` is told how far it has got."""
    tell = progress or (lambda step, done, total: None)
    tell("computing", 0, 1)
    computed = compute(method, scope, size, year, methods_file)
    found = computed.families
    tell("computing", 1, 1)
    rows = _member_rows(found)
    with transaction.atomic():
        old = FamilySet.objects.filter(
            method=found.method.name, scope=scope, size=size, year=computed.year
        ).first()
        if old is not None:
            _delete(old)
        stored = FamilySet.objects.create(
            method=found.method.name,
            scope=scope,
            size=size,
            year=computed.year,
            built_by=built_by,
            method_spec={**found.method.spec(), "spreads": found.spreads, "imputed": _imputed(found)},
            inputs=computed.inputs,
            schools=found.members.get_column("urn").n_unique() if found.members.height else 0,
        )
        rows = rows.with_columns(pl.lit(stored.pk).alias("family_set_id"))
        step = 50_000
        for start in range(0, max(rows.height, 1), step):
            bulk.insert(FamilyMember, rows.slice(start, step))
            tell("storing", min(start + step, rows.height), rows.height)
    return stored


def _imputed(found: analysis.Families) -> dict[str, list[str]]:
    """The schools that had a figure imputed, and which (kept beside a stored set for its pages)."""
    rows = found.schools.filter(pl.col("imputed")).select("urn", "imputed_measures").iter_rows()
    return {str(urn): list(measures) for urn, measures in rows}


def _delete(old: FamilySet) -> None:
    """A set and its members in two statements (the ORM would load every member to cascade)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {bulk.table_name(FamilyMember)} WHERE family_set_id = %s", [old.pk])
    FamilySet.objects.filter(pk=old.pk).delete()


def _member_rows(found: analysis.Families) -> pl.DataFrame:
    """The members as FamilyMember rows, drivers as JSON text (built by polars, not row by row)."""
    drivers = (
        found.drivers.with_columns(
            pl.col("share").round(4), pl.col("value").round(3), pl.col("school_value").round(3)
        )
        .group_by(["urn", "rank"], maintain_order=True)
        .agg(pl.struct("measure", "share", "value", "school_value").alias("d"))
        .select(
            "urn",
            "rank",
            pl.struct("d").struct.json_encode().str.slice(5).str.strip_suffix("}").alias("drivers"),
        )
    )
    return (
        found.members.join(drivers, on=["urn", "rank"], how="left")
        .with_columns(pl.col("drivers").fill_null("[]"), pl.col("distance").round(6))
        .select("urn", "rank", "member_urn", "distance", "imputed", "drivers")
    )


def stored_set(
    method: str | None = None,
    scope: str = "national",
    size: int = analysis.DEFAULT_SIZE,
    year: int | None = None,
) -> FamilySet | None:
    """The stored set for these settings (the newest year's when no year is given)."""
    found = FamilySet.objects.filter(method=method or analysis.DEFAULT_METHOD, scope=scope, size=size)
    if year is not None:
        found = found.filter(year=year)
    return found.order_by("-year").first()


def stale(family_set: FamilySet) -> bool:
    """Whether an import has changed the establishments or an input measure since the set was built."""
    measures = list(family_set.inputs.get("measures", {}))
    current = inputs_of(family_set.year, measures)
    return bool(current != family_set.inputs)


def sets() -> list[Row]:
    """Every stored set, with whether it is stale."""
    return [
        {
            "method": s.method,
            "scope": s.scope,
            "size": s.size,
            "year": s.year,
            "schools": s.schools,
            "built_at": s.built_at.isoformat(timespec="seconds"),
            "stale": stale(s),
        }
        for s in FamilySet.objects.all()
    ]


# ---------------------------------------------------------------------------------------------
# One school's family


def family_of(
    urn: int,
    method: str | None = None,
    scope: str = "national",
    size: int = analysis.DEFAULT_SIZE,
    year: int | None = None,
    methods_file: Path | None = None,
) -> Row:
    """One school's family (see the module docstring for the shape); FamiliesError says why there is
    none (unknown, closed, no phase group, too few figures)."""
    if not Establishment.objects.filter(urn=urn).exists():
        raise FamiliesError(f"no school with URN {urn} is in the register.")
    found = families_for([urn], method, scope, size, year, methods_file)[urn]
    if found.get("problem"):
        raise FamiliesError(found["problem"])
    return found


def families_for(
    urns: Sequence[int],
    method: str | None = None,
    scope: str = "national",
    size: int = analysis.DEFAULT_SIZE,
    year: int | None = None,
    methods_file: Path | None = None,
) -> dict[int, Row]:
    """Many schools' families at once (an LA's data packs): read from the stored set in one query, or
    computed in one pass. Each is the shape of ``family_of``; a school with no family has no members
    and a ``problem`` (why, in words)."""
    chosen = method_named(method, methods_file)
    used = _year(year)
    wanted = sorted(set(urns))
    stored = None if methods_file else stored_set(chosen.name, scope, size, used)
    schools = schools_frame(wanted)
    placed = analysis.pools(schools, scope)
    if stored is not None:
        members = _stored_members(stored, wanted)
        spreads_by_pool = stored.method_spec.get("spreads", {})
        imputed_by_urn = stored.method_spec.get("imputed", {})
        info = {
            u: {"pool": p, "phase_group": g, "imputed_measures": imputed_by_urn.get(str(u), [])}
            for u, p, g in placed.select("urn", "pool", "phase_group").iter_rows()
        }
        built = {
            "stored": True,
            "built_at": stored.built_at.isoformat(timespec="seconds"),
            "stale": stale(stored),
        }
        reason = f"it has no family in the set built on {long_date(stored.built_at)}"
    else:
        computed = compute(
            chosen.name, scope, size, used, methods_file, pool_of=wanted[0] if len(wanted) == 1 else None
        )
        found = computed.families
        members = {u: found.family(u) for u in wanted}
        spreads_by_pool = found.spreads
        info = {
            row["urn"]: row for row in found.schools.filter(pl.col("urn").is_in(wanted)).iter_rows(named=True)
        }
        built = {"stored": False, "built_at": None, "stale": False}
        reason = "it has no family"
    names = _names({m["urn"] for family in members.values() for m in family})
    out: dict[int, Row] = {}
    for school in schools.iter_rows(named=True):
        urn = school["urn"]
        about = info.get(urn, {})
        spreads = spreads_by_pool.get(about.get("pool", ""), {})
        problem = _problem(school, about, members.get(urn, []), chosen.name, used, reason)
        out[urn] = {
            "urn": urn,
            "name": school["name"],
            "method": chosen.name,
            "scope": scope,
            "year": used,
            "method_label": chosen.label,
            "size": size,
            "phase_group": about.get("phase_group"),
            "imputed": bool(about.get("imputed_measures")),
            "imputed_measures": list(about.get("imputed_measures") or []),
            **built,
            "problem": problem,
            "members": [_member(m, names, chosen, spreads) for m in members.get(urn, [])],
        }
    return out


def _problem(school: Row, about: Row, members: list[Row], method: str, year: int, reason: str) -> str | None:
    if members:
        return None
    if not str(school.get("status") or "").lower().startswith("open"):
        status = (school.get("status") or "of unknown status").lower()
        return (
            f"URN {school['urn']} ({school['name']}) is {status} in the register: families are of open "
            "schools (a closed school cannot be visited)."
        )
    why = about.get("left_out") or (
        "its phase of education has no phase group"
        if about.get("phase_group") in (None, "other")
        else "too few of the method's figures are published for it, or its phase group has no other school"
    )
    return f"URN {school['urn']} has no {method} family in {year}: {reason}, because {why}."


def _names(urns: set[int]) -> dict[int, Row]:
    found: dict[int, Row] = {}
    ordered = sorted(urns)
    for start in range(0, len(ordered), 900):  # SQLite allows at most 999 parameters
        for row in Establishment.objects.filter(urn__in=ordered[start : start + 900]).values(
            "urn", "name", "la_code", "la_name"
        ):
            found[row["urn"]] = row
    return found


def _member(m: Row, names: dict[int, Row], method: analysis.Method, spreads: dict[str, float]) -> Row:
    known = names.get(m["urn"], {})
    return {
        "urn": m["urn"],
        "name": known.get("name"),
        "rank": m["rank"],
        "la": known.get("la_code"),
        "la_name": known.get("la_name"),
        "distance": round(m["distance"], 6),
        "imputed": bool(m["imputed"]),
        "drivers": [
            {
                "measure": d["measure"],
                "share": None if d["share"] is None else round(d["share"], 4),
                "value": d["value"],
                "school_value": d["school_value"],
            }
            for d in m["drivers"]
        ],
        "why": analysis.in_words(method, m["drivers"], spreads),
    }


def _stored_members(stored: FamilySet, urns: list[int]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = {}
    for start in range(0, len(urns), 900):
        rows = (
            FamilyMember.objects.filter(family_set=stored, urn__in=urns[start : start + 900])
            .order_by("urn", "rank")
            .values("urn", "rank", "member_urn", "distance", "imputed", "drivers")
        )
        for r in rows:
            found.setdefault(r["urn"], []).append(
                {
                    "urn": r["member_urn"],
                    "rank": r["rank"],
                    "distance": r["distance"],
                    "imputed": r["imputed"],
                    "drivers": r["drivers"],
                }
            )
    return found


# ---------------------------------------------------------------------------------------------
# Is the family any good?


def evaluate(
    methods: Sequence[str] | None = None,
    scope: str = "national",
    size: int = analysis.DEFAULT_SIZE,
    year: int | None = None,
    methods_file: Path | None = None,
) -> list[Row]:
    """For each method: the median gap between a school's result and its family's median, against
    random schools of its phase group, and the share of this year's family still in next year's
    (when the register holds the next year's census)."""
    settings = analysis.evaluation_settings(methods_file)
    outcome_of: dict[str, str] = dict(settings.get("outcomes", {}))
    all_methods = analysis.load_methods(methods_file)
    names = list(methods) if methods else sorted(all_methods)
    used = _year(year)
    later = [y for y in data_years() if y > used]
    schools = schools_frame()
    outcomes = measures_frame(used, sorted(set(outcome_of.values())))
    rows: list[Row] = []
    for name in names:
        if name not in all_methods:
            raise FamiliesError(f"no family method {name!r} (methods: {', '.join(sorted(all_methods))}).")
        chosen = all_methods[name]
        found = analysis.compute(schools, measures_frame(used, chosen.measures), chosen, scope, size)
        results = analysis.evaluate(
            found,
            outcomes,
            outcome_of,
            int(settings.get("random_size", 30)),
            int(settings.get("seed", 0)),
        )
        kept = None
        if later:
            after = analysis.compute(
                schools, measures_frame(min(later), chosen.measures), chosen, scope, size
            )
            kept = analysis.stability(found, after)
        for row in analysis.as_rows(results):
            rows.append({**row, "year": used, "stability": None if kept is None else round(kept, 3)})
    return rows
