"""What an LA is compared with: an official neighbour set, the set computed from LA characteristics,
its region, or an officer's own named set (``ComparatorSet``), all resolved to one list of LAs.

Each choice has a key that travels in the compare page's address (``set:2021``, ``computed``,
``region``, ``custom:7``), so a comparison can be bookmarked, downloaded and printed. Who may use a
custom set is the web app's rule (web/permissions.py); this module only reads and writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from peerlift.analysis import compare as comparison
from peerlift.store import picture
from peerlift.store.models import ComparatorSet, LocalAuthority, NeighbourSet

COMPUTED = "computed"
REGION = "region"
SET_PREFIX = "set:"
CUSTOM_PREFIX = "custom:"
MAX_MEMBERS = 30  # more than this is no longer a comparison group but most of a region


@dataclass(frozen=True)
class Comparator:
    """A resolved choice: its key, its name on the page and in tables, and the LAs in it."""

    key: str
    label: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class Choice:
    """One option of the compare page's "Compare with" list."""

    key: str
    label: str


def official(la: int, set_name: str | None = None) -> Comparator:
    """The LA's neighbours in an official (imported) set; the newest when none is named."""
    chosen = picture.neighbour_set(set_name)
    members = picture.neighbours_frame(chosen).filter(pl.col("la_code") == la).sort("position")
    return Comparator(
        SET_PREFIX + chosen.name,
        f"Statistical neighbours ({chosen.name} set)",
        tuple(members.get_column("neighbour_code").to_list()),
    )


def region(la: int) -> Comparator:
    """The other LAs of the LA's region."""
    name, members = comparison.region_members(picture.authorities(), la)
    if name is None:
        raise picture.PictureError(f"the register does not know LA {la}'s region: import the LA code list.")
    return Comparator(REGION, f"Other LAs in {name}", tuple(members))


def computed(la: int) -> Comparator:
    """The LA's ten nearest LAs by the default LAIT characteristics (docs/analysis.md)."""
    detail = picture.computed_for(picture.compute_neighbours(), la)
    return Comparator(
        COMPUTED, "Computed neighbours (LA characteristics)", tuple(m["la"] for m in detail["members"])
    )


def custom(found: ComparatorSet) -> Comparator:
    return Comparator(f"{CUSTOM_PREFIX}{found.pk}", found.name, tuple(int(m) for m in found.members))


def custom_pk(key: str) -> int | None:
    """The custom set's id in a key such as ``custom:7``; None for any other key."""
    text = key.removeprefix(CUSTOM_PREFIX)
    return int(text) if key.startswith(CUSTOM_PREFIX) and text.isdigit() else None


def resolve(la: int, key: str, found: ComparatorSet | None = None) -> Comparator:
    """The comparator a key names (``found``: the custom set, already checked as visible)."""
    if key == REGION:
        return region(la)
    if key == COMPUTED:
        return computed(la)
    if found is not None:
        return custom(found)
    return official(la, key.removeprefix(SET_PREFIX) or None)


def compare_with(la: int, measure: str, comparator: Comparator) -> pl.DataFrame:
    """The national comparison table of one measure (every LA's figure, rank and band each year),
    with the comparator's average beside the LA's own rows: the LA's table, the ranking of every
    LA and each comparator's own figure are slices of this one table, so they always agree."""
    data = picture.area_measures([measure])
    if data.is_empty():
        raise picture.PictureError(
            f"no figures for {measure} are in the register: import the LAIT file first "
            "(peerlift import bds_long_0.parquet)."
        )
    return comparison.compare(
        data,
        comparison.members_frame(la, comparator.members, comparator.key),
        picture.authorities(),
        picture.polarities(),
    )


def choices(custom_sets: Sequence[ComparatorSet]) -> list[Choice]:
    """Every official set (newest first), the computed set, the region, then the custom sets given."""
    sets = NeighbourSet.objects.filter(computed=False).order_by("-name").values_list("name", flat=True)
    found = [Choice(SET_PREFIX + s, f"Statistical neighbours ({s} set)") for s in sets]
    found += [
        Choice(COMPUTED, "Computed neighbours (LA characteristics)"),
        Choice(REGION, "Other LAs in the region"),
    ]
    found += [
        Choice(f"{CUSTOM_PREFIX}{s.pk}", f"{s.name} (your set)" if not s.shared else f"{s.name} (shared)")
        for s in custom_sets
    ]
    return found


# ---------------------------------------------------------------------------------------------
# Custom sets


def visible_sets(username: str, la: int | None, everyone: bool = False) -> list[ComparatorSet]:
    """The sets a user may use: their own, and those shared with their LA (all, for ``everyone``)."""
    found = ComparatorSet.objects.all()
    if not everyone:
        mine = found.filter(owner=username)
        shared = found.filter(shared=True, la_code=la) if la is not None else found.none()
        found = mine | shared
    return list(found.order_by("name", "pk"))


def named_set(pk: int) -> ComparatorSet | None:
    return ComparatorSet.objects.filter(pk=pk).first()


def la_names(codes: Sequence[int]) -> dict[int, str]:
    return dict(LocalAuthority.objects.filter(code__in=list(codes)).values_list("code", "name"))


def authorities() -> list[tuple[int, str]]:
    """Every LA the register knows as (code, name), by name: what a custom set may hold."""
    return list(LocalAuthority.objects.order_by("name").values_list("code", "name"))
