"""The succession of URNs that are one school over time, from GIAS links.

A school gets a new URN when it converts to an academy, changes trust, or is merged or split, so its
history (inspections, results) is spread over several URNs. GIAS records each change as a pair of
links: the new URN has the old one as "Predecessor" and the old one has the new as "Successor" (with
variants: "- merged", "- amalgamated", "- Split School"). Other link types ("Result of Amalgamation",
"Merged - ...", "Expansion", "Closure", "Other", sixth-form links) say two URNs are related but not
which came first, so they are not followed.

The links are edited by hand and are not always consistent (the 2025 national file has pairs that
are each other's successor), so the walk is robust to cycles.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

PREDECESSOR_TYPES = frozenset(
    {"Predecessor", "Predecessor - merged", "Predecessor - amalgamated", "Predecessor - Split School"}
)
SUCCESSOR_TYPES = frozenset(
    {"Successor", "Successor - merged", "Successor - amalgamated", "Successor - Split School"}
)


def succession_edges(links: pl.DataFrame) -> pl.DataFrame:
    """Directed edges earlier -> later URN, one per pair, dated by the earliest date either row gives.

    ``links`` has the columns of frames.LINKS. A row "A has predecessor B" gives B -> A; a row "A has
    successor B" gives A -> B.
    """
    typed = links.select("urn", "link_urn", "link_type", "link_date")
    before = typed.filter(pl.col("link_type").is_in(list(PREDECESSOR_TYPES))).select(
        pl.col("link_urn").alias("earlier"), pl.col("urn").alias("later"), "link_date"
    )
    after = typed.filter(pl.col("link_type").is_in(list(SUCCESSOR_TYPES))).select(
        pl.col("urn").alias("earlier"), pl.col("link_urn").alias("later"), "link_date"
    )
    return (
        pl.concat([before, after])
        .filter(pl.col("earlier") != pl.col("later"))
        .group_by("earlier", "later")
        .agg(pl.col("link_date").min())
        .sort("earlier", "later")
    )


@dataclass
class Succession:
    """The succession graph of all links, built once and asked for many schools' lineages."""

    later: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    earlier: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    dates: dict[tuple[int, int], dt.date | None] = field(default_factory=dict)

    @classmethod
    def from_links(cls, links: pl.DataFrame) -> Succession:
        graph = cls()
        for earlier, later, date in succession_edges(links).iter_rows():
            graph.later[earlier].add(later)
            graph.earlier[later].add(earlier)
            graph.dates[(earlier, later)] = date
        return graph

    def lineage(self, urn: int) -> list[int]:
        """Every URN that came before ``urn`` and after it, earliest first, ``urn`` included.

        Where a school was formed from several (a merger), all of its predecessors are listed, the
        one whose link is dated earliest first. Schools merely merged into the same successor as
        ``urn``'s own ancestors are not this school's lineage unless they are its ancestors too.
        """
        members = _reach(urn, self.earlier) | _reach(urn, self.later)
        return self._ordered(members)

    def _ordered(self, members: set[int]) -> list[int]:
        """Predecessors before successors; among those free to go next, earliest link date, then URN.

        A cycle (inconsistent links) is broken at its member with the earliest date.
        """
        waiting = {u: len(self.earlier.get(u, set()) & members) for u in members}
        ready = [self._key(u, members) for u, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        ordered: list[int] = []
        placed: set[int] = set()
        while len(ordered) < len(members):
            if not ready:  # a cycle: take the earliest of what is left
                ready = [min(self._key(u, members) for u in members - placed)]
            *_, urn = heapq.heappop(ready)
            if urn in placed:
                continue
            ordered.append(urn)
            placed.add(urn)
            for after in self.later.get(urn, set()) & members:
                waiting[after] -= 1
                if waiting[after] == 0 and after not in placed:
                    heapq.heappush(ready, self._key(after, members))
        return ordered

    def _key(self, urn: int, members: set[int]) -> tuple[int, dt.date, int]:
        """Sort key: the earliest date on a link from this URN to a later one in the lineage."""
        dated = [self.dates[(urn, after)] for after in self.later.get(urn, set()) & members]
        known = [d for d in dated if d is not None]
        return (0, min(known), urn) if known else (1, dt.date.max, urn)


def _reach(start: int, step: dict[int, set[int]]) -> set[int]:
    """``start`` and everything reachable from it by ``step``; visits each URN once, so cycles end."""
    seen = {start}
    frontier: Iterable[int] = [start]
    while frontier:
        found = {n for u in frontier for n in step.get(u, set())} - seen
        seen |= found
        frontier = found
    return seen


def lineage(urn: int, links: pl.DataFrame) -> list[int]:
    """The URNs of one school from its earliest predecessor to its latest successor (see Succession).

    For many schools build ``Succession.from_links(links)`` once and call its ``lineage``.
    """
    return Succession.from_links(links).lineage(urn)
