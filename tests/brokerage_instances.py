"""Small brokerage instances built by hand or drawn by hypothesis, for the engine's tests."""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import strategies as st

from peerlift.brokerage.candidates import Candidate
from peerlift.brokerage.model import Area, Instance, Need, Offer, OfferKind, Rule, RuleKind, School

AREAS = [Area.READING, Area.MATHS]
PHASES = ["primary", "secondary"]


def school(
    urn: int,
    phase: str = "primary",
    x: float = 0.0,
    y: float = 0.0,
    fsm: float | None = None,
    category: int | None = None,
) -> School:
    return School(urn, f"School {urn}", phase, phase, x, y, fsm, category)


@st.composite
def instances(draw: st.DrawFn, max_needs: int = 6, max_offers: int = 3) -> Instance:
    """Random needs and offers among schools on a 40 km square, with exclusions and a pin or two."""
    count = draw(st.integers(1, max_needs))
    offer_count = draw(st.integers(1, max_offers))
    schools = {}
    for urn in range(1, count + offer_count + 1):
        schools[urn] = school(
            urn,
            draw(st.sampled_from(PHASES)),
            draw(st.integers(0, 30)) * 1000.0,
            draw(st.integers(0, 30)) * 1000.0,
            draw(st.one_of(st.none(), st.floats(0, 60))),
            draw(st.sampled_from([None, None, 1, 2, 3])),
        )
    needs = [
        Need(f"N{i}", i, draw(st.sampled_from(AREAS)), draw(st.integers(1, 3)), draw(st.integers(1, 6)))
        for i in range(1, count + 1)
    ]
    offers = []
    for j in range(offer_count):
        urn = count + 1 + j
        person = draw(st.booleans())
        offers.append(
            Offer(
                f"O{j + 1}",
                None if person else urn,
                "Jo Bloggs" if person else "",
                OfferKind.NLE if person else OfferKind.SCHOOL,
                frozenset(draw(st.sets(st.sampled_from(AREAS), min_size=1))),
                frozenset(draw(st.sets(st.sampled_from(PHASES)))),
                draw(st.integers(0, 10)),
                draw(st.one_of(st.none(), st.integers(10, 50).map(float))),
                conflicts=frozenset(draw(st.sets(st.integers(1, count), max_size=1))),
            )
        )
    rules = [
        Rule(f"N{draw(st.integers(1, count))}", f"O{draw(st.integers(1, offer_count))}", RuleKind.EXCLUDE)
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Instance(needs, offers, schools, rules)


def brute_force(instance: Instance, pairs: list[Candidate], pinned: set[tuple[int, int]]) -> float:
    """The best objective by trying every choice of one candidate (or none) for each need."""
    by_need: dict[int, list[Candidate | None]] = defaultdict(lambda: [None])
    for pair in pairs:
        by_need[pair.need].append(pair)
    best = float("-inf")
    for choice in itertools.product(*by_need.values()):
        chosen = [p for p in choice if p is not None]
        if not {(p.need, p.offer) for p in chosen} >= pinned:
            continue
        used: dict[int, float] = defaultdict(float)
        for p in chosen:
            used[p.offer] += instance.needs[p.need].days
        if all(used[o] <= instance.offers[o].capacity_days for o in used):
            best = max(best, sum(p.score for p in chosen))
    return 0.0 if best == float("-inf") and not pairs else best
