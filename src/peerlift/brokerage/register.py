"""The register's facts for the schools a brokerage run names: phase, location, context, networks
and the LA's category in force. The one module of brokerage/ that reads the store."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from peerlift.brokerage import proposals
from peerlift.brokerage.model import Area, Offer, School, Strength
from peerlift.domain.inspections import InspectionType
from peerlift.domain.phases import family_group, stored_phase
from peerlift.store import categories, picture
from peerlift.store.models import Establishment


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
    """The supporting schools' strengths from data (brokerage/proposals.py): category 1 and the
    judgements of their latest inspection."""
    urns = [o.supporter_urn for o in offers if o.supporter_urn is not None]
    in_force = {urn: schools[urn].category for urn in urns if urn in schools and schools[urn].category}
    return proposals.strengths(
        offers, {u: c for u, c in in_force.items() if c is not None}, latest_judgements(urns)
    )


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
