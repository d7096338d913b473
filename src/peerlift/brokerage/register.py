"""The register's facts for the schools a brokerage run names: phase, location, context, networks,
the LA's category in force, their latest inspection's judgements and where they stand in their
stored families (brokerage/family_evidence.py). The module of brokerage/ that reads the register."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from peerlift.brokerage import family_evidence, proposals
from peerlift.brokerage.model import Area, Offer, School, Strength
from peerlift.domain.dates import long_date
from peerlift.domain.inspections import InspectionType
from peerlift.domain.phases import family_group, stored_phase
from peerlift.store import categories, families, picture
from peerlift.store.models import Establishment, FamilyMember, SchoolMeasure

CHUNK = 900  # SQLite allows at most 999 parameters in a query


def schools(urns: Iterable[int]) -> dict[int, School]:
    """The schools of the register among ``urns`` (a URN it does not hold is left out)."""
    wanted = sorted(set(urns))
    found: dict[int, School] = {}
    categories = _categories(wanted)
    for row in Establishment.objects.filter(urn__in=wanted).values(
        "urn", "name", "phase", "type", "type_group", "easting", "northing", "fsm_pct", "trust", "federation"
    ):
        phase = stored_phase(row["phase"])
        found[row["urn"]] = School(
            urn=row["urn"],
            name=row["name"],
            phase=phase.value if phase else "",
            phase_group=family_group(row["phase"], row["type_group"], row["type"]),
            easting=row["easting"],
            northing=row["northing"],
            fsm_pct=row["fsm_pct"],
            category=categories.get(row["urn"]),
            networks=frozenset(
                n.strip().lower() for n in (row["trust"], row["federation"]) if n and n.strip()
            ),
        )
    return found


def strengths(offers: list[Offer], schools: dict[int, School]) -> dict[tuple[int, Area], Strength]:
    """The supporting schools' strengths from data: category 1 and the judgements of their latest
    inspection (brokerage/proposals.py), and the best quartile of their family
    (brokerage/family_evidence.py)."""
    return evidence(offers, schools)[0]


def evidence(
    offers: list[Offer], schools: dict[int, School]
) -> tuple[dict[tuple[int, Area], Strength], dict[tuple[int, Area], tuple[str, ...]]]:
    """The supporting schools' strengths (see ``strengths``; where two sources speak for one area,
    the higher level with all the evidence), and where their family's figures were too few to say."""
    urns = [o.supporter_urn for o in offers if o.supporter_urn is not None]
    in_force = {urn: schools[urn].category for urn in urns if urn in schools and schools[urn].category}
    found = proposals.strengths(
        offers, {u: c for u, c in in_force.items() if c is not None}, latest_judgements(urns)
    )
    offered = {(o.supporter_urn, a) for o in offers if o.supporter_urn is not None for a in o.areas}
    standing, _ = family_findings(urns)
    standing = [f for f in standing if (f.urn, f.area) in offered]
    for key, strength in family_evidence.strengths(standing).items():
        before = found.get(key)
        if before is None:
            found[key] = strength
        else:
            found[key] = Strength(max(before.level, strength.level), before.evidence + strength.evidence)
    return found, family_evidence.notes(standing)


def family_findings(urns: Iterable[int]) -> tuple[list[family_evidence.Finding], str | None]:
    """Where each school stands in its stored family in each area's measures, and a note: when no
    family set of area_measures.toml's method, scope and size is stored, why there are none; when
    an import has changed the set's inputs since it was built, that it may be out of date."""
    rules = family_evidence.settings()
    chosen = rules["family"]
    stored = families.stored_set(chosen["method"], chosen["scope"], chosen["size"])
    if stored is None:
        return [], (
            f"No families ({chosen['method']} method, {chosen['scope']} scope, {chosen['size']} schools) "
            "are stored, so no need or strength comes from a family's quartiles: build them from a "
            "school's family page."
        )
    note = (
        f"The families were built on {long_date(stored.built_at)} and an import has changed their "
        "figures since, so they may be out of date: build them again from a school's family page."
        if families.stale(stored)
        else None
    )
    wanted = sorted(set(urns))
    members: dict[int, list[int]] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = FamilyMember.objects.filter(family_set=stored, urn__in=wanted[start : start + CHUNK])
        for urn, member in rows.order_by("urn", "rank").values_list("urn", "member_urn"):
            members.setdefault(urn, []).append(member)
    names = sorted({m for names in rules["areas"].values() for m in names})
    everyone = sorted(set(wanted) | {m for found in members.values() for m in found})
    figures: dict[tuple[int, str], dict[int, float]] = {}
    for start in range(0, len(everyone), CHUNK):
        rows = SchoolMeasure.objects.filter(
            urn__in=everyone[start : start + CHUNK], measure__in=names, value__isnull=False
        )
        for urn, measure, year, value in rows.values_list("urn", "measure", "year", "value"):
            figures.setdefault((urn, measure), {})[year] = value
    return family_evidence.findings(wanted, members, figures), note


def latest_judgements(urns: list[int]) -> list[proposals.JudgementFact]:
    """The judgements of each school's latest graded (or report-card) inspection."""
    inspected, judged = picture.inspections(urns)
    latest = (
        inspected.filter(pl.col("inspection_type") == InspectionType.GRADED.value)
        .sort("start_date", nulls_last=False)
        .group_by("urn")
        .last()
        .select("urn", "inspection_key", "start_date")
    )
    rows = judged.join(latest, on=["urn", "inspection_key"])
    return [
        proposals.JudgementFact(r["urn"], r["area"], r["grade"], r["start_date"])
        for r in rows.sort("urn", "area").iter_rows(named=True)
    ]


def la_of(urns: Iterable[int]) -> dict[int, int | None]:
    """Each URN's LA code in the register."""
    return dict(Establishment.objects.filter(urn__in=list(urns)).values_list("urn", "la_code"))


def _categories(urns: list[int]) -> dict[int, int]:
    """The category in force today of each school (store/categories.py, issue 12), read by LA."""
    las = {la for la in la_of(urns).values() if la is not None}
    found: dict[int, int] = {}
    for la in las:
        found.update(categories.categories_in_force(la))
    return {urn: found[urn] for urn in urns if urn in found}
