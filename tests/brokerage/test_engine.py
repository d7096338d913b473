"""The engine on instances worked out by hand, and on random ones checked against brute force."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from brokerage_instances import brute_force, instances, school
from hypothesis import HealthCheck, given, settings

from peerlift.brokerage import engine, weights
from peerlift.brokerage.candidates import Context, candidates
from peerlift.brokerage.model import Area, Instance, Need, Offer, OfferKind, Rule, RuleKind, Strength
from peerlift.brokerage.solve import greedy, optimum

WEIGHTS = weights.load()
PLAIN = replace(WEIGHTS, same_phase=0.0, context=0.0)  # scores of urgency, strength and travel only


def offer(offer_id: str, urn: int | None, areas: set[Area], capacity: float, **more: object) -> Offer:
    kind = OfferKind.SCHOOL if urn is not None else OfferKind.NLE
    fields: dict[str, object] = {"phases": frozenset(), "max_distance_km": None} | more
    return Offer(
        offer_id, urn, "" if urn else "Jo Bloggs", kind, frozenset(areas), capacity_days=capacity, **fields
    )  # type: ignore[arg-type]


def test_a_pair_score_worked_by_hand() -> None:
    # urgency 3 x 2 + declared strength 0.5 x 3 + same phase 1 + context (1 - 6/30) x 1
    # + same network 0.5 - 5 km (a 3-4-5 triangle) x 0.05 = 6 + 1.5 + 1 + 0.8 + 0.5 - 0.25 = 9.55
    need_school = replace(school(1, "primary", 0, 0, 20.0), networks=frozenset({"oak trust"}))
    supporter = school(2, "primary", 3000, 4000, 26.0)
    instance = Instance(
        [Need("N1", 1, Area.MATHS, 3, 2)],
        [offer("O1", 2, {Area.MATHS}, 5, network="Oak Trust", max_distance_km=5.0)],
        {1: need_school, 2: supporter},
    )
    result = engine.broker(instance, WEIGHTS, explain_all=True)
    (pair,) = result["candidates"]
    assert pair["parts"] == {
        "urgency": 6.0,
        "strength": 1.5,
        "same_phase": 1.0,
        "context": 0.8,
        "same_network": 0.5,
        "travel": -0.25,
    }
    assert pair["score"] == pytest.approx(9.55)
    assert pair["distance_km"] == 5.0
    assert result["objective"] == pytest.approx(9.55)
    assert "5.0 km away (travels up to 5.0 km)" in result["proposals"][0]["reasons"]
    assert "same network: Oak Trust" in result["proposals"][0]["reasons"]


def _contested() -> Instance:
    """N1 (urgent) scores best with O1, but N2 can only have O1, which has days for one of them."""
    schools = {
        1: school(1, "primary"),
        2: school(2, "secondary"),
        11: school(11, "all_through"),
        12: school(12, "all_through"),
    }
    for urn in schools:
        schools[urn] = replace(schools[urn], easting=None, northing=None)
    needs = [Need("N1", 1, Area.READING, 3, 2), Need("N2", 2, Area.READING, 2, 2)]
    offers = [
        offer("O1", 11, {Area.READING}, 2),
        offer("O2", 12, {Area.READING}, 2, phases=frozenset({"primary"})),
    ]
    strengths = {(11, Area.READING): Strength(1.0, ("top quartile of its family in reading",))}
    return Instance(needs, offers, schools, strengths=strengths)


def test_the_optimum_serves_both_needs_where_first_come_first_served_leaves_one() -> None:
    # N1-O1: 3x2 + 1.0x3 = 9; N1-O2: 6 + 0.5x3 = 7.5; N2-O1: 2x2 + 3 = 7.
    # Greedy: N1 takes O1 (9), N2 is left. Optimum: N1-O2 + N2-O1 = 14.5.
    result = engine.broker(_contested(), PLAIN)
    assert (result["objective"], result["met"]) == (14.5, 2)
    assert (result["greedy_objective"], result["greedy_met"]) == (9.0, 1)
    assert result["solver"]["status"] == "optimal"
    first = {p["need"]: p for p in result["proposals"]}
    assert (first["N1"]["offer"], first["N2"]["offer"]) == ("O2", "O1")
    (alternative,) = first["N1"]["alternatives"]
    assert (alternative["offer"], alternative["score"]) == ("O1", 9.0)
    assert alternative["why_not"].startswith("needed elsewhere: for N2")
    assert "strength in reading: top quartile of its family in reading" in first["N2"]["reasons"]
    assert result["objective"] == sum(p["score"] for p in result["proposals"])


def test_a_pin_is_kept_and_the_need_it_crowds_out_says_why() -> None:
    instance = _contested()
    instance.rules = [Rule("N1", "O1", RuleKind.PIN, row=2)]
    result = engine.broker(instance, PLAIN)
    assert [(p["need"], p["offer"], p["pinned"]) for p in result["proposals"]] == [("N1", "O1", True)]
    assert result["objective"] == 9.0
    assert result["unmet"] == [
        {
            "need": "N2",
            "reason": "all capacity used: every supporter within reach "
            "gives its days to other needs (O1 to N1)",
        }
    ]


def test_a_pin_that_cannot_hold_names_its_row() -> None:
    instance = _contested()
    instance.rules = [Rule("N2", "O2", RuleKind.PIN, row=3)]  # O2 supports primary schools only
    with pytest.raises(engine.RuleError) as raised:
        engine.broker(instance, PLAIN)
    assert (raised.value.row, raised.value.column) == (3, "offer_id")
    assert "does not support that phase" in raised.value.message


def test_a_need_whose_only_feasible_supporter_is_excluded_is_unmet_with_that_reason() -> None:
    instance = _contested()
    instance.rules = [Rule("N2", "O1", RuleKind.EXCLUDE)]
    result = engine.broker(instance, PLAIN)
    assert {u["need"]: u["reason"] for u in result["unmet"]} == {
        "N2": "the only feasible supporter (O1) is excluded by an officer"
    }
    assert [p["need"] for p in result["proposals"]] == ["N1"]


def test_unmet_reasons_name_the_check_no_supporter_passed() -> None:
    schools = {
        1: school(1, "primary", 0, 0),
        2: school(2, "secondary", 0, 0),
        3: school(3, "primary", 0, 0),
        11: school(11, "primary", 30000, 40000),
        12: school(12, "primary", 0, 100, category=4),
    }
    needs = [
        Need("N1", 1, Area.MATHS, 1, 1),
        Need("N2", 2, Area.READING, 1, 1),
        Need("N3", 3, Area.READING, 1, 1),
        Need("N4", 3, Area.SEND, 1, 1),
    ]
    offers = [
        offer("O1", 11, {Area.READING}, 9, phases=frozenset({"primary"}), max_distance_km=20.0),
        offer("O2", 12, {Area.SEND}, 9),
    ]
    result = engine.broker(Instance(needs, offers, schools), WEIGHTS)
    assert {u["need"]: u["reason"] for u in result["unmet"]} == {
        "N1": "no supporter offers maths",
        "N2": "no reading supporter supports secondary schools",
        "N3": "no reading supporter for primary schools within reach: the nearest, O1, is 50.0 km away "
        "and travels up to 20.0 km",
        "N4": "the send supporters for primary schools within reach (O2) are in category 3 or 4, "
        "so cannot offer",
    }


def _holds(instance: Instance, chosen: list) -> None:  # type: ignore[type-arg]
    """Every constraint of the issue, checked from the instance itself (not through the engine)."""
    excluded = {(r.need_id, r.offer_id) for r in instance.rules if r.kind is RuleKind.EXCLUDE}
    assert len({p.need for p in chosen}) == len(chosen), "a need has one lead supporter"
    used: dict[int, float] = {}
    for pair in chosen:
        need, offer_ = instance.needs[pair.need], instance.offers[pair.offer]
        school_, supporter = instance.schools[need.urn], instance.schools.get(offer_.supporter_urn or -1)
        used[pair.offer] = used.get(pair.offer, 0.0) + need.days
        assert need.area in offer_.areas
        assert not offer_.phases or school_.phase in offer_.phases
        assert need.urn not in offer_.conflicts and need.urn != offer_.supporter_urn
        assert (need.need_id, offer_.offer_id) not in excluded
        if supporter is not None:
            assert supporter.category not in (3, 4)
            km = (
                math.dist((school_.easting, school_.northing), (supporter.easting, supporter.northing)) / 1000
            )
            assert offer_.max_distance_km is None or km <= offer_.max_distance_km + 1e-9
    for o, days in used.items():
        assert days <= instance.offers[o].capacity_days + 1e-9


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_optimum_is_brute_force_keeps_every_constraint_and_never_trails_greedy(
    instance: Instance,
) -> None:
    context = Context(instance, WEIGHTS)
    pairs = candidates(context)
    best = optimum(instance, pairs, set())
    base = greedy(instance, pairs, set())
    assert best.status == "optimal"
    assert best.objective == pytest.approx(brute_force(instance, pairs, set()), abs=1e-6)
    assert best.objective >= base.objective - 1e-9
    _holds(instance, best.chosen)
    _holds(instance, base.chosen)
    result = engine.broker(instance, WEIGHTS)
    assert result["met"] + len(result["unmet"]) == len(instance.needs)
    assert result["objective"] == pytest.approx(sum(p["score"] for p in result["proposals"]))
