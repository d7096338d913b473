"""The register's facts for the schools a brokerage run names: phase, location, context, networks
and the LA's category in force. The one module of brokerage/ that reads the store."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.util import find_spec

from peerlift.brokerage.model import School
from peerlift.domain.phases import family_group, stored_phase
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


def la_of(urns: Iterable[int]) -> dict[int, int | None]:
    """Each URN's LA code in the register."""
    return dict(Establishment.objects.filter(urn__in=list(urns)).values_list("urn", "la_code"))


def _categories(urns: list[int]) -> dict[int, int]:
    """The category in force of each school, from the categorisation of issue 12 where it is installed
    (store/categories.py); before that lands no school is categorised, so none is refused for it."""
    if find_spec("peerlift.store.categories") is None:
        return {}
    from peerlift.store import categories  # type: ignore[attr-defined,unused-ignore]

    las = {la for la in la_of(urns).values() if la is not None}
    found: dict[int, int] = {}
    for la in las:
        found.update(categories.categories_in_force(la))
    return {urn: found[urn] for urn in urns if urn in found}
