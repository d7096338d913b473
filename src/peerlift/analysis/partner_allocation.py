"""Allocating improvement partners' days to schools by need, exactly (issue 12).

A school needs a number of days in the year (from its category, ``partner_days``) and is in a phase
group; a partner has days available and the phase groups they work in; a school may have had a
partner last year, and an officer may pin a school to a partner. Each school gets its days from ONE
partner (a school's days are never split: the point of a partner is one person who knows the
school). The allocation is the best one in this order (lexicographic):

1. **coverage**: the fewest days short (when the partners' days cannot cover every school, as many
   days as possible are given; a school may be given fewer days than it needs by its one partner,
   or none);
2. **continuity**: the most schools keeping last year's partner;
3. **balance**: the smallest largest load share (a partner's days given over their days available),
   so that no one partner is stretched while another has time to spare;
4. when time is short, the fewest days promised beyond partners' days (a second solve with the
   first three held): schools get their full days or none, but for a cut smaller than any one
   school's need at a partner, rather than many schools a day each.

The first three are one MILP (``scipy.optimize.milp``, HiGHS, gap 0) with weights that make the sum exactly
lexicographic: a day given weighs more than every kept partner and the whole range of the balance
term together, a kept partner more than the whole range of the balance term, so the order can never
be traded away. docs/analysis.md (section "Improvement partners") says more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

TIME_LIMIT_SECONDS = 60.0


class AllocationError(ValueError):
    """An allocation that cannot be asked for (a pin that breaks a rule), in words."""


@dataclass(frozen=True)
class School:
    """A school to be given days: its URN, days needed, phase group and last year's partner."""

    urn: int
    days: int
    phase: str
    last_partner: str | None = None


@dataclass(frozen=True)
class Partner:
    """An improvement partner: unique name, days available in the year, the phase groups they take."""

    name: str
    capacity: int
    phases: frozenset[str]


@dataclass(frozen=True)
class Assignment:
    """One school's partner and the days given (fewer than ``needed`` when the time runs short)."""

    urn: int
    partner: str
    days: int
    needed: int
    kept: bool
    pinned: bool


@dataclass(frozen=True)
class Shortfall:
    """A school given fewer days than it needs, and why in words."""

    urn: int
    needed: int
    given: int
    reason: str

    @property
    def short(self) -> int:
        return self.needed - self.given


@dataclass(frozen=True)
class Load:
    """A partner's caseload: schools, days given, days available and their share."""

    partner: str
    schools: int
    days: int
    capacity: int

    @property
    def share(self) -> float:
        return self.days / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class Allocation:
    """The optimal allocation and its three objective terms, in their order of priority."""

    assignments: tuple[Assignment, ...]
    shortfalls: tuple[Shortfall, ...]
    loads: tuple[Load, ...]
    schools: int
    short_days: int
    kept_partner: int
    could_keep: int  # schools whose last partner is still active and takes their phase
    max_load_share: float

    @property
    def objective(self) -> dict[str, float | int]:
        """The lexicographic objective: short days (min), then kept partners (max), then balance (min)."""
        return {
            "short_days": self.short_days,
            "kept_partner": self.kept_partner,
            "max_load_share": round(self.max_load_share, 6),
        }


def fits(school: School, partner: Partner) -> bool:
    """Whether the partner works in the school's phase group and has any time at all."""
    return partner.capacity > 0 and school.phase in partner.phases


def allocate(
    schools: Sequence[School], partners: Sequence[Partner], pins: Mapping[int, str] | None = None
) -> Allocation:
    """The best allocation (see the module's docstring); schools needing no days are left out."""
    pins = dict(pins or {})
    by_name = {partner.name: partner for partner in partners}
    if len(by_name) != len(partners):
        raise AllocationError("Two partners have the same name.")
    needing = [school for school in schools if school.days > 0]
    _check_pins(needing, by_name, pins)
    kinds = _kinds(needing, pins)
    pairs = [
        (t, j)
        for t, kind in enumerate(kinds)
        for j, partner in enumerate(partners)
        if fits(needing[kind[0]], partner) and pins.get(needing[kind[0]].urn, partner.name) == partner.name
    ]
    given, chosen = _solve(needing, partners, kinds, pairs, pins) if pairs else ({}, {})
    return _result(needing, partners, pins, given, chosen)


def _kinds(schools: Sequence[School], pins: Mapping[int, str]) -> list[list[int]]:
    """The schools in groups that are interchangeable (same days, phase, last partner and pin).

    The solver chooses how many of a group each partner takes rather than which school: the same
    optimum, without the many equal ways to swap two alike schools that would slow the search.
    """
    groups: dict[tuple[int, str, str | None, str | None], list[int]] = {}
    for i, school in sorted(enumerate(schools), key=lambda item: item[1].urn):
        key = (school.days, school.phase, school.last_partner, pins.get(school.urn))
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def _check_pins(schools: Sequence[School], partners: Mapping[str, Partner], pins: Mapping[int, str]) -> None:
    """A pin names a known partner who takes the school's phase; the pinned schools fit their days."""
    needing = {school.urn: school for school in schools}
    pinned_to: dict[str, int] = {}
    for urn, name in pins.items():
        if urn not in needing:
            continue  # a school that needs no days this year: nothing to pin
        partner = partners.get(name)
        if partner is None:
            raise AllocationError(f"School {urn} is pinned to {name}, who is not an active partner.")
        if not fits(needing[urn], partner):
            raise AllocationError(
                f"School {urn} is pinned to {name}, who does not work in its phase ({needing[urn].phase})."
            )
        pinned_to[name] = pinned_to.get(name, 0) + 1
    for name, count in pinned_to.items():
        if count > partners[name].capacity:
            raise AllocationError(
                f"{count} schools are pinned to {name}, who has {partners[name].capacity} days: "
                "each school needs at least a day."
            )


def _solve(
    schools: Sequence[School],
    partners: Sequence[Partner],
    kinds: Sequence[Sequence[int]],
    pairs: list[tuple[int, int]],
    pins: Mapping[int, str],
) -> tuple[dict[int, int], dict[int, int]]:
    """Solve the one weighted MILP; return days given and partner index by school index.

    Variables: x_k (pair k = group, partner: how many of the group's schools the partner takes;
    whole), o_j (the days partner j's schools need beyond the partner's days; whole), then L (the
    largest load share). Rows: each group's schools given at most once; each partner's days given
    (their schools' days less o_j) within their days, and at most one school per day they have
    (every school with a partner gets a day at least); each partner's days given over their days
    at most L. A pinned group has one pair, and all of it is taken.
    """
    k, m = len(pairs), len(partners)
    n = k + m + 1
    kind_of = np.array([t for t, _ in pairs])
    partner_of = np.array([j for _, j in pairs])
    first = [schools[kind[0]] for kind in kinds]
    needed = np.array([first[t].days for t in kind_of], dtype=float)
    capacity = np.array([partner.capacity for partner in partners], dtype=float)
    rows = _Rows(n)
    for t, kind in enumerate(kinds):
        rows.add({int(x): 1.0 for x in np.flatnonzero(kind_of == t)}, -np.inf, len(kind))
    for j in range(m):
        ks = [int(x) for x in np.flatnonzero(partner_of == j)]
        load = {**{x: needed[x] for x in ks}, k + j: -1.0}
        rows.add(load, -np.inf, capacity[j])
        rows.add(dict.fromkeys(ks, 1.0), -np.inf, capacity[j])
        if ks:
            rows.add({**{c: v / capacity[j] for c, v in load.items()}, n - 1: -1.0}, -np.inf, 0.0)
    size = np.array([len(kinds[t]) for t in kind_of], dtype=float)
    pinned = np.array([first[t].urn in pins for t in kind_of])
    lower = np.concatenate([np.where(pinned, size, 0.0), np.zeros(m + 1)])
    upper = np.concatenate([size, np.full(m, needed @ size), [1.0]])
    integrality = np.concatenate([np.ones(k + m), [0]])
    # days given = sum needed·x - sum o (short days = all needed - days given)
    days = np.concatenate([needed, -np.ones(m), [0.0]])
    kept = np.array(
        [1.0 if first[t].last_partner == partners[j].name else 0.0 for t, j in pairs] + [0.0] * (m + 1)
    )
    balance = np.concatenate([np.zeros(k + m), [1.0]])  # L, from 0 to 1
    # Weights that make one sum exactly lexicographic: a day given (weight 2K + 4, K the schools
    # that could keep a partner) is worth more than every kept partner (2 each, 2K at most) and the
    # whole range of the balance (0 to 1) together; a kept partner (2) more than its whole range.
    most_kept = float(kept[:k] @ size)
    solution = _best(-(2 * most_kept + 4) * days - 2 * kept + balance, rows, integrality, lower, upper)
    overflow = np.concatenate([np.zeros(k), np.ones(m), [0.0]])
    if overflow @ solution > 0.5:
        # Time is short: among the optima, the fewest days promised beyond partners' time, so that
        # schools get their full days or none, but for less than one school's need per partner.
        rows.add(_nonzero(days), round(days @ solution), np.inf)
        rows.add(_nonzero(kept), round(kept @ solution), np.inf)
        lower[-1], upper[-1] = 0.0, solution[-1] + 1e-7
        solution = _best(overflow, rows, integrality, lower, upper)
    chosen: dict[int, int] = {}
    dealt = [0] * len(kinds)
    for x, (t, j) in enumerate(pairs):
        for _ in range(round(solution[x])):
            chosen[kinds[t][dealt[t]]] = j
            dealt[t] += 1
    over = [round(solution[k + j]) for j in range(m)]
    return _cut(schools, chosen, over), chosen


def _best(
    objective: np.ndarray, rows: _Rows, integrality: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """The optimum of one MILP (HiGHS, gap 0), or an AllocationError saying why there is none."""
    result = milp(
        objective,
        constraints=rows.constraint(),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0.0, "time_limit": TIME_LIMIT_SECONDS},
    )
    if result.x is None or result.status != 0:
        raise AllocationError(f"The allocation could not be solved: {result.message}")
    return np.asarray(result.x)


def _nonzero(vector: np.ndarray) -> dict[int, float]:
    return {int(x): float(vector[x]) for x in np.flatnonzero(vector)}


def _cut(schools: Sequence[School], chosen: Mapping[int, int], over: Sequence[int]) -> dict[int, int]:
    """Days given: each school its need, less its partner's overflow taken a day at a time.

    The day comes from whichever of the partner's schools has the most days left (then the lowest
    URN), never below one: a day is the smallest share of the time of the school that has most.
    """
    given = {i: schools[i].days for i in chosen}
    for j, excess in enumerate(over):
        theirs = [i for i, partner in chosen.items() if partner == j]
        for _ in range(excess):
            i = max(theirs, key=lambda i: (given[i], -schools[i].urn))
            given[i] -= 1
    return given


class _Rows:
    """Sparse constraint rows built one at a time (lower <= a·v <= upper)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.cells: list[tuple[int, int, float]] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, coefficients: Mapping[int, float], lower: float, upper: float) -> None:
        row = len(self.lower)
        self.cells.extend((row, column, value) for column, value in coefficients.items())
        self.lower.append(lower)
        self.upper.append(upper)

    def constraint(self) -> LinearConstraint:
        r, c, v = zip(*self.cells, strict=True) if self.cells else ((), (), ())
        matrix = coo_array((v, (r, c)), shape=(len(self.lower), self.width)).tocsr()
        return LinearConstraint(matrix, np.array(self.lower), np.array(self.upper))


def _result(
    schools: Sequence[School],
    partners: Sequence[Partner],
    pins: Mapping[int, str],
    given: Mapping[int, int],
    chosen: Mapping[int, int],
) -> Allocation:
    """The allocation from the solver's choices, with each short school's reason in words."""
    by_name = {partner.name: partner for partner in partners}
    assignments = tuple(
        Assignment(
            urn=schools[i].urn,
            partner=partners[j].name,
            days=given[i],
            needed=schools[i].days,
            kept=schools[i].last_partner == partners[j].name,
            pinned=pins.get(schools[i].urn) == partners[j].name,
        )
        for i, j in sorted(chosen.items(), key=lambda item: schools[item[0]].urn)
    )
    shortfalls = tuple(
        Shortfall(school.urn, school.days, given.get(i, 0), _reason(school, partners, i in chosen))
        for i, school in sorted(enumerate(schools), key=lambda item: item[1].urn)
        if given.get(i, 0) < school.days
    )
    loads = tuple(
        Load(
            partner=partner.name,
            schools=sum(1 for j in chosen.values() if j == index),
            days=sum(given[i] for i, j in chosen.items() if j == index),
            capacity=partner.capacity,
        )
        for index, partner in enumerate(partners)
    )
    could_keep = sum(
        1
        for school in schools
        if school.last_partner in by_name
        and fits(school, by_name[school.last_partner])
        and pins.get(school.urn, school.last_partner) == school.last_partner
    )
    return Allocation(
        assignments=assignments,
        shortfalls=shortfalls,
        loads=loads,
        schools=len(schools),
        short_days=sum(shortfall.short for shortfall in shortfalls),
        kept_partner=sum(1 for assignment in assignments if assignment.kept),
        could_keep=could_keep,
        max_load_share=max((load.share for load in loads), default=0.0),
    )


def _reason(school: School, partners: Iterable[Partner], assigned: bool) -> str:
    """Why a school is short, in plain words."""
    if not any(school.phase in partner.phases and partner.capacity > 0 for partner in partners):
        return f"No active partner works in its phase ({school.phase})."
    if assigned:
        return "Its partner's days are all given; no partner who takes its phase has more to spare."
    return "Every partner who takes its phase has all their days given to other schools."
