"""One brokerage run: candidates, the optimum, the greedy baseline, and the result in the JSON shape
of docs/cli.md (``peerlift broker``), which the web app shows as it is."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from peerlift.brokerage import explain
from peerlift.brokerage.candidates import Candidate, Context, candidates, obstacle, score
from peerlift.brokerage.model import Instance, RuleKind
from peerlift.brokerage.solve import greedy, optimum
from peerlift.brokerage.weights import Weights

SOLVER = "scipy.optimize.milp (HiGHS)"


class RuleError(ValueError):
    """A pin or exclusion that cannot hold; says the row and column of the pins file."""

    def __init__(self, row: int | None, column: str, message: str) -> None:
        self.row, self.column, self.message = row, column, message
        super().__init__(message)


def broker(instance: Instance, weights: Weights, explain_all: bool = False) -> dict[str, Any]:
    """The best pairing of the instance, the greedy baseline's figures, and why."""
    context = Context(instance, weights)
    pairs = candidates(context)
    pinned = _pinned(context)
    known = {(p.need, p.offer) for p in pairs}
    pairs += [score(context, n, o) for n, o in sorted(pinned - known)]  # a pin holds whatever it scores
    best = optimum(instance, pairs, pinned)
    base = greedy(instance, pairs, pinned)
    by_need: dict[int, list[Candidate]] = defaultdict(list)
    for pair in pairs:
        by_need[pair.need].append(pair)
    given: dict[int, list[Candidate]] = defaultdict(list)
    for pair in best.chosen:
        given[pair.offer].append(pair)
    proposals = []
    for pair in sorted(best.chosen, key=lambda p: instance.needs[p.need].need_id):
        need, offer = instance.needs[pair.need], instance.offers[pair.offer]
        others = [p for p in by_need[pair.need] if p is not pair]
        proposals.append(
            {
                "need": need.need_id,
                "offer": offer.offer_id,
                "supporter_urn": offer.supporter_urn,
                "supporter_name": offer.supporter_name or _name(context, offer.supporter_urn),
                "supported_urn": need.urn,
                "area": need.area.value,
                "days": need.days,
                "score": pair.score,
                "parts": pair.parts,
                "pinned": (pair.need, pair.offer) in pinned,
                "reasons": explain.reasons(context, pair),
                "alternatives": explain.alternatives(context, pair, others, given),
            }
        )
    met = {p.need for p in best.chosen}
    unmet = [
        {"need": need.need_id, "reason": explain.unmet_reason(context, n, by_need.get(n, []), given)}
        for n, need in sorted(enumerate(instance.needs), key=lambda item: item[1].need_id)
        if n not in met
    ]
    result: dict[str, Any] = {
        "objective": best.objective,
        "greedy_objective": base.objective,
        "needs": len(instance.needs),
        "met": len(best.chosen),
        "greedy_met": len(base.chosen),
        "solver": {"name": SOLVER, "status": best.status, "seconds": round(best.seconds, 3)},
        "proposals": proposals,
        "unmet": unmet,
        "notes": never_used(context),
    }
    if explain_all:
        chosen = {(p.need, p.offer) for p in best.chosen}
        by_greedy = {(p.need, p.offer) for p in base.chosen}
        result["candidates"] = [
            {
                "need": instance.needs[p.need].need_id,
                "offer": instance.offers[p.offer].offer_id,
                "supporter_urn": instance.offers[p.offer].supporter_urn,
                "supported_urn": instance.needs[p.need].urn,
                "days": instance.needs[p.need].days,
                "capacity_days": instance.offers[p.offer].capacity_days,
                "distance_km": None if p.distance_km is None else round(p.distance_km, 3),
                "score": p.score,
                "parts": p.parts,
                "chosen": (p.need, p.offer) in chosen,
                "greedy": (p.need, p.offer) in by_greedy,
            }
            for p in sorted(pairs, key=lambda p: (instance.needs[p.need].need_id, -p.score))
        ]
    return result


NEVER_USED = (
    "offer {offer} ({name}, URN {urn}) is never used: the school is in category {category}, and a "
    "school in category 3 or 4 needs support itself, so it cannot support others"
)


def never_used(context: Context) -> list[str]:
    """The offers of schools in category 3 or 4 in force, which the run never uses, and why."""
    said = []
    for offer in sorted(context.instance.offers, key=lambda o: o.offer_id):
        school = context.school(offer.supporter_urn)
        if school is not None and school.category in (3, 4):
            said.append(
                NEVER_USED.format(
                    offer=offer.offer_id, name=school.name, urn=school.urn, category=school.category
                )
            )
    return said


def _name(context: Context, urn: int | None) -> str:
    school = context.school(urn)
    return school.name if school is not None else ""


def _pinned(context: Context) -> set[tuple[int, int]]:
    """The pinned pairs as (need, offer) indices, once each pin is known to be able to hold."""
    instance = context.instance
    need_at = {need.need_id: n for n, need in enumerate(instance.needs)}
    offer_at = {offer.offer_id: o for o, offer in enumerate(instance.offers)}
    pinned: dict[int, int] = {}
    days: dict[int, float] = defaultdict(float)
    for rule in instance.rules:
        if rule.need_id not in need_at:
            raise RuleError(rule.row, "need_id", f"{rule.need_id!r} is not one of the needs")
        if rule.offer_id not in offer_at:
            raise RuleError(rule.row, "offer_id", f"{rule.offer_id!r} is not one of the offers")
        if rule.kind is not RuleKind.PIN:
            continue
        n, o = need_at[rule.need_id], offer_at[rule.offer_id]
        if n in pinned and pinned[n] != o:
            raise RuleError(
                rule.row,
                "need_id",
                f"need {rule.need_id} is already pinned to offer "
                f"{instance.offers[pinned[n]].offer_id}; a need has one lead supporter",
            )
        blocked = obstacle(context, instance.needs[n], instance.offers[o])
        if blocked is not None:
            raise RuleError(
                rule.row,
                "offer_id",
                f"offer {rule.offer_id} cannot support need {rule.need_id}: {_BLOCKED[blocked]}",
            )
        if n not in pinned:
            days[o] += instance.needs[n].days
        pinned[n] = o
        if days[o] > instance.offers[o].capacity_days + 1e-9:
            raise RuleError(
                rule.row,
                "offer_id",
                f"the pins give offer {rule.offer_id} {days[o]:g} days, "
                f"more than its {instance.offers[o].capacity_days:g}",
            )
    return set(pinned.items())


_BLOCKED = {
    "area": "it does not offer that area",
    "phase": "it does not support that phase",
    "category": "the supporter is in category 3 or 4",
    "itself": "a school cannot support itself",
    "conflict": "it has declared a conflict with that school",
    "distance": "the school is further than it travels",
    "excluded": "the same pair is also excluded",
}
