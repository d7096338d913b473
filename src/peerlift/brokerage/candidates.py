"""Candidate pairs: every need-offer pair that may happen, with its score broken into parts.

A pair may happen when the offer covers the need's area and phase, the supporter is not the school
itself, has not declared a conflict with the school, is within the distance it will travel, is not in
category 3-4, the pair is not excluded by an officer, and its score is above 0. ``obstacle`` names the
first of these a pair fails, in that order: the same order explains an unmet need.

Distance is measured between the schools' GIAS easting/northing (metres, British National Grid). A
person or organisation without a URN has no location, so no distance applies to it (and it carries
no travel cost); the same holds when the register has no location for a school.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from peerlift.brokerage.model import Area, Instance, Need, Offer, OfferKind, RuleKind, School, Strength
from peerlift.brokerage.weights import Weights

# Why a pair cannot happen, in the order they are checked (see obstacle()).
AREA, PHASE, ITSELF, CONFLICT, DISTANCE, CATEGORY, EXCLUDED, SCORE = (
    "area",
    "phase",
    "itself",
    "conflict",
    "distance",
    "category",
    "excluded",
    "score",
)
OBSTACLES = (AREA, PHASE, ITSELF, CONFLICT, DISTANCE, CATEGORY, EXCLUDED, SCORE)


@dataclass(frozen=True)
class Candidate:
    need: int  # index into Instance.needs
    offer: int  # index into Instance.offers
    score: float
    parts: dict[str, float]
    distance_km: float | None
    strength: Strength | None  # the evidence, when the supporter's strength is evidenced
    same_phase: bool
    same_network: str | None  # the network both share


class Context:
    """The instance with the lookups every pair needs built once."""

    def __init__(self, instance: Instance, weights: Weights) -> None:
        self.instance = instance
        self.weights = weights
        self.excluded = {(r.need_id, r.offer_id) for r in instance.rules if r.kind is RuleKind.EXCLUDE}

    def school(self, urn: int | None) -> School | None:
        return None if urn is None else self.instance.schools.get(urn)


def distance_km(a: School | None, b: School | None) -> float | None:
    if a is None or b is None or a.easting is None or b.easting is None:
        return None
    assert a.northing is not None and b.northing is not None
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000.0


def obstacle(context: Context, need: Need, offer: Offer) -> str | None:
    """The first reason this pair cannot happen, or None when it may (then score it with ``score``)."""
    school = context.school(need.urn)
    assert school is not None, f"need {need.need_id}: school {need.urn} has no register facts"
    supporter = context.school(offer.supporter_urn)
    if need.area not in offer.areas:
        return AREA
    if offer.phases and school.phase not in offer.phases and school.phase_group not in offer.phases:
        return PHASE
    if offer.supporter_urn == need.urn:
        return ITSELF
    if need.urn in offer.conflicts:
        return CONFLICT
    km = distance_km(school, supporter)
    if km is not None and offer.max_distance_km is not None and km > offer.max_distance_km:
        return DISTANCE
    if supporter is not None and supporter.category in (3, 4):
        return CATEGORY
    if (need.need_id, offer.offer_id) in context.excluded:
        return EXCLUDED
    return None


def score(context: Context, n: int, o: int) -> Candidate:
    """The pair's score and its parts (docs/brokerage.md gives the formula)."""
    w = context.weights
    need, offer = context.instance.needs[n], context.instance.offers[o]
    school = context.school(need.urn)
    assert school is not None
    supporter = context.school(offer.supporter_urn)
    evidenced = (
        context.instance.strengths.get((offer.supporter_urn, need.area)) if offer.supporter_urn else None
    )
    level = evidenced.level if evidenced is not None else w.declared_strength
    same_phase = (
        offer.kind is OfferKind.SCHOOL
        and supporter is not None
        and bool(supporter.phase)
        and supporter.phase == school.phase
    )
    similarity = 0.0
    if supporter is not None and supporter.fsm_pct is not None and school.fsm_pct is not None:
        similarity = max(0.0, 1.0 - abs(supporter.fsm_pct - school.fsm_pct) / w.context_fsm_span)
    network = shared_network(offer, supporter, school)
    km = distance_km(school, supporter)
    parts = {
        "urgency": w.urgency * need.urgency,
        "strength": w.strength * level,
        "same_phase": w.same_phase if same_phase else 0.0,
        "context": w.context * similarity,
        "same_network": w.same_network if network else 0.0,
        "travel": -(w.travel_per_km * km) if km else 0.0,
    }
    parts = {k: round(v, 4) for k, v in parts.items()}
    return Candidate(n, o, round(sum(parts.values()), 4), parts, km, evidenced, same_phase, network)


def shared_network(offer: Offer, supporter: School | None, school: School) -> str | None:
    """The network the supporter and the school share: the offer's declared network when the school
    is in it (by trust or federation name), else a trust or federation both belong to."""
    declared = offer.network.strip().lower()
    if declared and declared in school.networks:
        return offer.network.strip()
    if supporter is not None:
        both = sorted(supporter.networks & school.networks)
        if both:
            return both[0]
    return None


def candidates(context: Context) -> list[Candidate]:
    """Every pair that may happen. Pairs are first narrowed by area and, for supporters with a
    location and a travel limit, by a k-d tree over the needs' locations, so a national run scores
    only the pairs within reach instead of every need against every offer."""
    found = []
    for n, o in _within_reach(context):
        need, offer = context.instance.needs[n], context.instance.offers[o]
        if obstacle(context, need, offer) is None:
            pair = score(context, n, o)
            if pair.score > 0:
                found.append(pair)
    return found


def _within_reach(context: Context) -> Iterator[tuple[int, int]]:
    needs_by_area: dict[Area, list[int]] = defaultdict(list)
    for n, need in enumerate(context.instance.needs):
        needs_by_area[need.area].append(n)
    for area, indices in needs_by_area.items():
        placed = [n for n in indices if _located(context.school(context.instance.needs[n].urn))]
        placed_set = set(placed)
        unplaced = [n for n in indices if n not in placed_set]
        points = np.array(
            [_point(context.school(context.instance.needs[n].urn)) for n in placed], dtype=float
        ).reshape(-1, 2)
        tree = cKDTree(points) if placed else None
        for o, offer in enumerate(context.instance.offers):
            if area not in offer.areas:
                continue
            supporter = context.school(offer.supporter_urn)
            if offer.max_distance_km is None or not _located(supporter) or tree is None:
                yield from ((n, o) for n in indices)
                continue
            near = tree.query_ball_point(_point(supporter), offer.max_distance_km * 1000.0 + 1e-6)
            yield from ((placed[i], o) for i in sorted(near))
            yield from ((n, o) for n in unplaced)


def _located(school: School | None) -> bool:
    return school is not None and school.easting is not None and school.northing is not None


def _point(school: School | None) -> tuple[float, float]:
    assert school is not None and school.easting is not None and school.northing is not None
    return (school.easting, school.northing)
