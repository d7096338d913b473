"""The allocation of improvement partners' days: hand-worked cases, brute force and properties."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerlift.analysis.partner_allocation import (
    Allocation,
    AllocationError,
    Partner,
    School,
    allocate,
)
from peerlift.analysis.partner_days import DaysError, default_days, parse_days

PRIMARY = frozenset({"primary"})


def partner(name: str, capacity: int, *phases: str) -> Partner:
    return Partner(name, capacity, frozenset(phases or {"primary"}))


def given_days(allocation: Allocation) -> dict[int, tuple[str, int]]:
    return {a.urn: (a.partner, a.days) for a in allocation.assignments}


def test_the_default_days_are_the_issues_table() -> None:
    assert default_days() == {1: 1, 2: 2, 3: 5, 4: 10}


def test_a_days_table_error_names_its_line_and_key() -> None:
    text = "# days\n[days]\n1 = 1\n2 = 2\n3 = 'five'\n4 = 10\n"
    with pytest.raises(DaysError, match=r"days.toml, line 5, key 3: the days are a whole number"):
        parse_days(text, "days.toml")
    with pytest.raises(DaysError, match="no days for category 4"):
        parse_days("[days]\n1 = 1\n2 = 2\n3 = 5\n", "days.toml")
    with pytest.raises(DaysError, match="line 3, key 7: a category is a number from 1 to 4"):
        parse_days("[days]\n1 = 1\n7 = 2\n", "days.toml")


def test_short_days_worked_by_hand() -> None:
    # A (primary, 6 days) cannot cover 5 + 2 primary days: 1 short, taken from the school with the
    # most (5 -> 4); nobody takes secondary schools: the secondary school's 5 days are all short.
    schools = [School(1, 5, "primary"), School(2, 2, "primary"), School(3, 5, "secondary")]
    result = allocate(schools, [partner("A", 6)])
    assert result.short_days == 6
    assert given_days(result) == {1: ("A", 4), 2: ("A", 2)}
    assert [(s.urn, s.needed, s.given, s.short) for s in result.shortfalls] == [(1, 5, 4, 1), (3, 5, 0, 5)]
    assert "phase (secondary)" in result.shortfalls[1].reason


def test_when_short_schools_get_their_full_days_or_none() -> None:
    # A has 4 days for three schools of 2: two get their 2 days and one none (2 short), rather
    # than all three a share (2, 1, 1), which gives the same 4 days.
    result = allocate([School(urn, 2, "primary") for urn in (1, 2, 3)], [partner("A", 4)])
    assert result.short_days == 2
    assert [(s.needed, s.given) for s in result.shortfalls] == [(2, 0)]
    assert sorted(a.days for a in result.assignments) == [2, 2]


def test_continuity_worked_by_hand() -> None:
    # Z (10 days) fills a partner on its own. Z with A leaves X and Y to B: Z and Y keep (2);
    # Z with B leaves X and Y to A: only X keeps (1).
    schools = [School(1, 5, "primary", "A"), School(2, 5, "primary", "B"), School(3, 10, "primary", "A")]
    result = allocate(schools, [partner("A", 10), partner("B", 10)])
    assert result.short_days == 0
    assert result.kept_partner == 2
    assert given_days(result) == {1: ("B", 5), 2: ("B", 5), 3: ("A", 10)}
    assert [a.kept for a in result.assignments] == [False, True, True]


def test_balance_worked_by_hand() -> None:
    # 3 schools of 5 days, A has 20 and B 10: two with A (10/20) and one with B (5/10) give a
    # largest share of 0.5; three with A would give 0.75.
    schools = [School(urn, 5, "primary") for urn in (1, 2, 3)]
    result = allocate(schools, [partner("A", 20), partner("B", 10)])
    assert result.max_load_share == pytest.approx(0.5)
    assert [(load.partner, load.schools, load.days) for load in result.loads] == [("A", 2, 10), ("B", 1, 5)]


def test_continuity_comes_before_balance() -> None:
    # Both schools had A: keeping them loads A fully (share 1) though B is idle.
    schools = [School(1, 5, "primary", "A"), School(2, 5, "primary", "A")]
    result = allocate(schools, [partner("A", 10), partner("B", 10)])
    assert result.kept_partner == 2
    assert result.max_load_share == pytest.approx(1.0)


def test_a_pin_is_kept_even_against_continuity() -> None:
    schools = [School(1, 5, "primary", "A"), School(2, 2, "primary", "A")]
    result = allocate(schools, [partner("A", 10), partner("B", 10)], pins={1: "B"})
    assert given_days(result) == {1: ("B", 5), 2: ("A", 2)}
    assert [a.pinned for a in result.assignments] == [True, False]
    assert result.kept_partner == 1


def test_a_pin_that_breaks_a_rule_is_refused_in_words() -> None:
    schools = [School(1, 5, "secondary")]
    with pytest.raises(AllocationError, match="does not work in its phase"):
        allocate(schools, [partner("A", 10)], pins={1: "A"})
    with pytest.raises(AllocationError, match="not an active partner"):
        allocate(schools, [partner("A", 10)], pins={1: "C"})
    with pytest.raises(AllocationError, match="2 schools are pinned to A, who has 1 days"):
        allocate([School(1, 1, "primary"), School(2, 1, "primary")], [partner("A", 1)], {1: "A", 2: "A"})


def test_schools_needing_no_days_are_left_out() -> None:
    result = allocate([School(1, 0, "primary"), School(2, 1, "primary")], [partner("A", 1)])
    assert result.schools == 1
    assert given_days(result) == {2: ("A", 1)}


def brute_force(
    schools: Sequence[School], partners: Sequence[Partner], pins: Mapping[int, str]
) -> tuple[int, int, float, int]:
    """The best (short days, -kept, largest share, days beyond partners' days) over every way of giving
    each school one partner.

    A partner with schools needing D days and C available gives min(D, C), at least one day each.
    """
    names = {p.name: p for p in partners}
    options = [
        [pins[s.urn]]
        if s.urn in pins
        else [None, *(p.name for p in partners if s.phase in p.phases and p.capacity > 0)]
        for s in schools
    ]
    best: tuple[int, int, float, int] | None = None
    for choice in itertools.product(*options):
        demand = dict.fromkeys(names, 0)
        count = dict.fromkeys(names, 0)
        for school, name in zip(schools, choice, strict=True):
            if name is not None:
                demand[name] += school.days
                count[name] += 1
        if any(count[n] > names[n].capacity for n in names):
            continue
        given = sum(min(demand[n], names[n].capacity) for n in names)
        short = sum(s.days for s in schools) - given
        kept = sum(1 for s, n in zip(schools, choice, strict=True) if n is not None and s.last_partner == n)
        loads = [min(demand[n], names[n].capacity) / names[n].capacity for n in names if names[n].capacity]
        share = max(loads, default=0.0)
        beyond = sum(max(0, demand[n] - names[n].capacity) for n in names)
        key = (short, -kept, share, beyond)
        if best is None or key < best:
            best = key
    assert best is not None
    return best


Case = tuple[list[School], list[Partner], dict[int, str]]
NAMES = ("A", "B", "C")
PHASES = ("primary", "secondary")


@st.composite
def instances(draw: st.DrawFn, most_schools: int = 6) -> Case:
    partners = [
        Partner(name, draw(st.integers(0, 12)), frozenset(draw(st.sets(st.sampled_from(PHASES), min_size=1))))
        for name in NAMES[: draw(st.integers(1, 3))]
    ]
    schools = [
        School(
            urn,
            draw(st.sampled_from((1, 2, 5, 10))),
            draw(st.sampled_from(PHASES)),
            draw(st.sampled_from((None, *NAMES))),
        )
        for urn in range(1, draw(st.integers(1, most_schools)) + 1)
    ]
    pins: dict[int, str] = {}
    for school in schools:
        fitting = [p for p in partners if school.phase in p.phases and p.capacity > 0]
        if fitting and draw(st.integers(0, 5)) == 0:
            chosen = draw(st.sampled_from(fitting))
            if sum(1 for n in pins.values() if n == chosen.name) < chosen.capacity:
                pins[school.urn] = chosen.name
    return schools, partners, pins


@settings(max_examples=60, deadline=None)
@given(instances())
def test_the_allocation_equals_brute_force(case: Case) -> None:
    schools, partners, pins = case
    result = allocate(schools, partners, pins)
    short, minus_kept, share, beyond = brute_force(schools, partners, pins)
    assert (result.short_days, -result.kept_partner) == (short, minus_kept)
    assert result.max_load_share == pytest.approx(share, abs=1e-6)
    assert sum(a.needed - a.days for a in result.assignments) == beyond


@settings(max_examples=40, deadline=None)
@given(instances(most_schools=25))
def test_capacity_phases_and_pins_always_hold(case: Case) -> None:
    schools, partners, pins = case
    result = allocate(schools, partners, pins)
    by_name = {p.name: p for p in partners}
    needs = {s.urn: s for s in schools}
    for assignment in result.assignments:
        assert needs[assignment.urn].phase in by_name[assignment.partner].phases
        assert 1 <= assignment.days <= needs[assignment.urn].days
    for p in partners:
        assert sum(a.days for a in result.assignments if a.partner == p.name) <= p.capacity
    assert {a.urn: a.partner for a in result.assignments if a.urn in pins} == pins
    assert len({a.urn for a in result.assignments}) == len(result.assignments)
    assert result.short_days == sum(s.days for s in schools) - sum(a.days for a in result.assignments)


@settings(max_examples=40, deadline=None)
@given(instances(most_schools=25))
def test_every_partner_that_can_be_kept_is_kept(case: Case) -> None:
    schools, partners, _ = case
    # Give every partner room for every school's days: each school whose last partner takes its
    # phase keeps them (coverage never has to trade continuity away).
    roomy = [Partner(p.name, sum(s.days for s in schools), p.phases) for p in partners]
    result = allocate(schools, roomy)
    can_keep = {s.urn for s in schools if s.last_partner in {p.name for p in roomy if s.phase in p.phases}}
    assert result.could_keep == len(can_keep)
    assert {a.urn for a in result.assignments if a.kept} == can_keep
