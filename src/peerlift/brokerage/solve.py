"""The exact optimum (scipy.optimize.milp, HiGHS) and the greedy baseline, over the same candidates.

The model: one binary x for each candidate pair; maximise the sum of the chosen pairs' scores such
that each need has at most one lead supporter (sum of its x <= 1), no offer gives more days than its
capacity (sum of days * x <= capacity_days), and each pinned pair is chosen (its x fixed at 1). The
capacities make this a generalised assignment problem, which a min-cost flow cannot hold (a flow
would let a need take part of its days), hence a MILP; HiGHS proves optimality with a relative gap
of 0.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from peerlift.brokerage.candidates import Candidate
from peerlift.brokerage.model import Instance


class InfeasibleError(ValueError):
    """The officers' pins cannot all hold (they give an offer more days than it has)."""


@dataclass(frozen=True)
class Solution:
    chosen: list[Candidate]  # at most one per need
    objective: float
    status: str
    seconds: float


def optimum(instance: Instance, pairs: Sequence[Candidate], pinned: set[tuple[int, int]]) -> Solution:
    """The best pairing: the chosen candidates and the objective, proven optimal.

    Two steps that keep the optimum exact make national runs tractable: pairs no optimal pairing
    can use are dropped (``prune``), and the rest is split into its connected parts (needs and
    offers linked by a candidate pair), which share no constraint, so each is solved on its own;
    small parts are batched into one call to spare the solver's start-up."""
    started = time.perf_counter()
    kept = prune(instance, pairs, pinned)
    chosen: list[Candidate] = []
    for batch in _batches(instance, kept):
        status, picked = _solve(instance, batch, pinned)
        if status != "optimal":
            return Solution([], 0.0, status, time.perf_counter() - started)
        chosen += picked
    return Solution(chosen, round(sum(p.score for p in chosen), 4), "optimal", time.perf_counter() - started)


def prune(instance: Instance, pairs: Sequence[Candidate], pinned: set[tuple[int, int]]) -> list[Candidate]:
    """The pairs an optimal pairing may use. An offer is *uncontested* when all the needs it could
    serve together want no more days than it has. If a need can have an uncontested offer scoring
    u, no optimal pairing gives it a pair scoring less than u (swapping to the uncontested offer
    always fits and scores more), so those pairs are dropped; dropping them can leave more offers
    uncontested, hence the loop. Pinned needs keep their pin only."""
    pinned_needs = {n for n, _ in pinned}
    kept = [p for p in pairs if p.need not in pinned_needs or (p.need, p.offer) in pinned]
    while True:
        demand: dict[int, float] = defaultdict(float)
        for pair in kept:
            demand[pair.offer] += instance.needs[pair.need].days
        floor: dict[int, float] = {}
        for pair in kept:
            if demand[pair.offer] <= instance.offers[pair.offer].capacity_days + 1e-9:
                floor[pair.need] = max(floor.get(pair.need, float("-inf")), pair.score)
        fewer = [p for p in kept if p.score >= floor.get(p.need, float("-inf"))]
        if len(fewer) == len(kept):
            return kept
        kept = fewer


BATCH = 20_000  # pairs per solver call when small parts are put together


def _batches(instance: Instance, pairs: Sequence[Candidate]) -> list[list[Candidate]]:
    """The pairs split into parts that share no need and no offer, small parts batched together."""
    if not pairs:
        return []
    needs = len(instance.needs)
    rows = np.fromiter((p.need for p in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((needs + p.offer for p in pairs), dtype=np.int64, count=len(pairs))
    size = needs + len(instance.offers)
    graph = coo_array((np.ones(len(pairs)), (rows, cols)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    parts: dict[int, list[Candidate]] = defaultdict(list)
    for pair, part in zip(pairs, label[rows], strict=True):
        parts[int(part)].append(pair)
    batches: list[list[Candidate]] = [[]]
    for part in sorted(parts.values(), key=len):
        if batches[-1] and len(batches[-1]) + len(part) > BATCH:
            batches.append([])
        batches[-1] += part
    return batches


def _solve(
    instance: Instance, pairs: Sequence[Candidate], pinned: set[tuple[int, int]]
) -> tuple[str, list[Candidate]]:
    count = len(pairs)
    need_of = np.fromiter((p.need for p in pairs), dtype=np.int64, count=count)
    offer_of = np.fromiter((p.offer for p in pairs), dtype=np.int64, count=count)
    scores = np.fromiter((p.score for p in pairs), dtype=float, count=count)
    days = np.array([instance.needs[n].days for n in need_of], dtype=float)
    capacity = np.array([o.capacity_days for o in instance.offers], dtype=float)
    needs_used, need_rows = np.unique(need_of, return_inverse=True)
    offers_used, offer_rows = np.unique(offer_of, return_inverse=True)
    columns = np.arange(count)
    one_each = coo_array((np.ones(count), (need_rows, columns)), shape=(len(needs_used), count))
    days_each = coo_array((days, (offer_rows, columns)), shape=(len(offers_used), count))
    lower = np.array([1.0 if (p.need, p.offer) in pinned else 0.0 for p in pairs])
    result = milp(
        c=-scores,
        integrality=np.ones(count),
        bounds=Bounds(lower, np.ones(count)),
        constraints=[
            LinearConstraint(one_each.tocsr(), -np.inf, 1.0),
            LinearConstraint(days_each.tocsr(), -np.inf, capacity[offers_used]),
        ],
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:
        raise InfeasibleError("the pins cannot all hold: together they give an offer more days than it has")
    if result.status != 0 or result.x is None:
        return _STATUS.get(result.status, "failed"), []
    return "optimal", [pairs[int(i)] for i in np.flatnonzero(result.x > 0.5)]


_STATUS = {1: "time or node limit reached", 2: "infeasible", 3: "unbounded", 4: "failed"}


def greedy(instance: Instance, pairs: Sequence[Candidate], pinned: set[tuple[int, int]]) -> Solution:
    """First come, first served, as brokerage is done by hand: pins first, then needs by urgency
    (highest first) then date raised (earliest first; undated last), each taking its best-scoring
    supporter that still has the days."""
    started = time.perf_counter()
    left = [o.capacity_days for o in instance.offers]
    by_need: dict[int, list[Candidate]] = {}
    for pair in pairs:
        by_need.setdefault(pair.need, []).append(pair)
    chosen: dict[int, Candidate] = {}
    for pair in pairs:
        if (pair.need, pair.offer) in pinned:
            chosen[pair.need] = pair
            left[pair.offer] -= instance.needs[pair.need].days

    def order(n: int) -> tuple[int, int, str, int]:
        need = instance.needs[n]
        return (-need.urgency, need.raised_on.toordinal() if need.raised_on else 10**7, need.need_id, n)

    for n in sorted(by_need, key=order):
        if n in chosen:
            continue
        days = instance.needs[n].days
        for pair in sorted(by_need[n], key=lambda p: (-p.score, instance.offers[p.offer].offer_id)):
            if left[pair.offer] >= days - 1e-9:
                chosen[n] = pair
                left[pair.offer] -= days
                break
    picked = list(chosen.values())
    return Solution(
        picked, round(sum(p.score for p in picked), 4), "heuristic", time.perf_counter() - started
    )
