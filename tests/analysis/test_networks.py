"""Overlap, arrangements beside a cluster, turbulence, schools in no network and activities by level
on a hand-made membership history, every figure worked out on paper (in the comments)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl
import pytest

from peerlift.analysis import networks

D = dt.date
ON = D(2025, 9, 1)  # the year looked at runs from 1 September 2024 (excluded) to 1 September 2025

# arrangement, name, kind, urn, joined_on, left_on
SPELLS = [
    # North cluster: four founding members; 104 leaves in January and comes back in June; 105 joins in
    # March. Year to ON: members at the start 101-104 (4); joined 105 and 104 again (2), left 104 (1):
    # 3 changes / 4 = 0.75, more than 0.25: turbulent.
    ("network:1", "North cluster", "cluster", 101, None, None),
    ("network:1", "North cluster", "cluster", 102, None, None),
    ("network:1", "North cluster", "cluster", 103, None, None),
    ("network:1", "North cluster", "cluster", 104, None, D(2025, 1, 15)),
    ("network:1", "North cluster", "cluster", 104, D(2025, 6, 1), None),
    ("network:1", "North cluster", "cluster", 105, D(2025, 3, 1), None),
    # South cluster: 205 left before the year began, so 4 members at its start and no change: 0%.
    ("network:2", "South cluster", "cluster", 201, D(2020, 9, 1), None),
    ("network:2", "South cluster", "cluster", 202, D(2020, 9, 1), None),
    ("network:2", "South cluster", "cluster", 203, D(2020, 9, 1), None),
    ("network:2", "South cluster", "cluster", 204, D(2020, 9, 1), None),
    ("network:2", "South cluster", "cluster", 205, D(2020, 9, 1), D(2024, 6, 30)),
    # An ad hoc partnership begun in February: new this year (no members at the start); it shares
    # 102 and 103 with North and 201 with South.
    ("network:3", "Reading partnership", "ad_hoc", 102, D(2025, 2, 1), None),
    ("network:3", "Reading partnership", "ad_hoc", 103, D(2025, 2, 1), None),
    ("network:3", "Reading partnership", "ad_hoc", 201, D(2025, 2, 1), None),
    # Other purposes: one arrangement each, so no overlap from them.
    ("network:4", "Demo careers hub", "careers_hub", 101, None, None),
    ("network:4", "Demo careers hub", "careers_hub", 201, None, None),
    ("network:5", "East teaching hub", "teaching_school_hub", 102, None, None),
    ("group:9", "Trust A", "trust", 102, D(2023, 1, 1), None),
]
SCHOOLS = [101, 102, 103, 104, 105, 201, 202, 203, 204, 205, 301]


def memberships() -> pl.DataFrame:
    return pl.DataFrame(SPELLS, schema=list(networks.MEMBERSHIP_SCHEMA), orient="row").cast(
        networks.MEMBERSHIP_SCHEMA  # type: ignore[arg-type]
    )


def schools() -> pl.DataFrame:
    return pl.DataFrame({"urn": SCHOOLS, "name": [f"School {u}" for u in SCHOOLS]})


def test_overlap_is_schools_in_two_arrangements_of_one_purpose() -> None:
    found = networks.overlap(memberships(), schools(), ON)
    assert [(r["urn"], r["purpose"], r["arrangements"]) for r in found] == [
        (102, "school_improvement", ["North cluster", "Reading partnership"]),
        (103, "school_improvement", ["North cluster", "Reading partnership"]),
        (201, "school_improvement", ["Reading partnership", "South cluster"]),
    ]
    assert found[0]["reason"] == (
        "On 1 September 2025 School 102 is in 2 arrangements for school improvement: "
        "North cluster (cluster) and Reading partnership (ad hoc partnership)."
    )
    # Before the partnership began nobody was in two.
    assert networks.overlap(memberships(), schools(), D(2024, 12, 1)) == []


def test_ad_hoc_beside_a_cluster() -> None:
    found = networks.beside(memberships(), ON)
    assert [(r["network"], r["beside"], r["shared"]) for r in found] == [
        ("Reading partnership", "North cluster", [102, 103]),
        ("Reading partnership", "South cluster", [201]),
    ]
    assert found[0]["reason"] == (
        "Reading partnership (ad hoc partnership) runs beside North cluster (cluster): on 1 September "
        "2025 they share 2 schools of the 3 in Reading partnership."
    )


def test_turbulence_counts_joins_and_leaves_against_the_start() -> None:
    every = {r["network"]: r for r in networks.turbulence_of(memberships(), ON)}
    north = every["North cluster"]
    assert (north["members_at_start"], north["joined"], north["left"], north["share"]) == (4, 2, 1, 0.75)
    assert north["members_at_end"] == 5 and north["turbulent"]
    assert north["reason"] == (
        "Between 1 September 2024 and 1 September 2025 2 schools joined North cluster and 1 left: "
        "3 changes against 4 members at the start, 75%, more than the 25% that counts as turbulence."
    )
    south = every["South cluster"]
    assert (south["members_at_start"], south["share"], south["turbulent"]) == (4, 0.0, False)
    reading = every["Reading partnership"]
    assert reading["share"] is None and not reading["turbulent"]
    assert reading["reason"] == "Reading partnership had no members on 1 September 2024: it is new this year."
    assert [r["network"] for r in networks.turbulence(memberships(), ON)] == ["North cluster"]


def test_turbulence_is_more_than_the_share_not_equal_to_it() -> None:
    at_three_quarters = replace(networks.rules(), turbulence_share=0.75)
    assert networks.turbulence(memberships(), ON, at_three_quarters) == []


def test_schools_in_no_network() -> None:
    # On ON: 205 left South in 2024, 301 was never in one; 104 came back in June.
    assert [r["urn"] for r in networks.no_network(memberships(), schools(), ON)] == [205, 301]
    # On 1 March 2025 104 had left and not yet come back; 105 joined that very day.
    march = networks.no_network(memberships(), schools(), D(2025, 3, 1))
    assert [r["urn"] for r in march] == [104, 205, 301]
    assert march[0]["reason"] == (
        "On 1 March 2025 School 104 is in no LA network, cluster or ad hoc partnership."
    )


def test_a_school_is_no_member_on_the_day_it_left() -> None:
    on_the_day = networks.members_on(memberships(), D(2025, 1, 15)).filter(pl.col("urn") == 104)
    before = networks.members_on(memberships(), D(2025, 1, 14)).filter(pl.col("urn") == 104)
    assert (on_the_day.height, before.height) == (0, 1)


ACTIVITIES = [
    ("network:1", "North cluster", D(2024, 10, 10), "meeting", ["heads"]),
    ("network:1", "North cluster", D(2024, 11, 20), "cpd", ["heads", "senior_leaders"]),
    (
        "network:1",
        "North cluster",
        D(2025, 2, 5),
        "peer_review",
        ["heads", "senior_leaders", "middle_leaders"],
    ),
    ("network:1", "North cluster", D(2025, 5, 14), "joint_practice", ["middle_leaders", "teachers"]),
    ("network:1", "North cluster", D(2025, 10, 1), "meeting", ["heads", "governors"]),
]


def activities() -> pl.DataFrame:
    return pl.DataFrame(ACTIVITIES, schema=networks.ACTIVITY_SCHEMA, orient="row")


def test_share_of_activities_by_level_per_school_year() -> None:
    found = networks.levels_share(activities(), "year")
    # 2024/25: 4 activities; heads in 3 (75%), senior leaders 2 (50%), middle leaders 2 (50%),
    # teachers 1 (25%), governors 0. 2025/26: one meeting of heads and governors.
    assert [
        (
            r["period"],
            r["activities"],
            r["heads_pct"],
            r["senior_leaders_pct"],
            r["middle_leaders_pct"],
            r["teachers_pct"],
            r["governors_pct"],
        )
        for r in found
    ] == [("2024/25", 4, 75.0, 50.0, 50.0, 25.0, 0.0), ("2025/26", 1, 100.0, 0.0, 0.0, 0.0, 100.0)]


def test_share_of_activities_by_level_per_term() -> None:
    found = networks.levels_share(activities(), "term")
    assert [
        (r["period"], r["activities"], r["heads"], r["senior_leaders"], r["middle_leaders"]) for r in found
    ] == [
        ("Autumn 2024", 2, 2, 1, 0),
        ("Spring 2025", 1, 1, 1, 1),
        ("Summer 2025", 1, 0, 0, 1),
        ("Autumn 2025", 1, 1, 0, 0),
    ]
    # Four of the five had someone besides the heads.
    assert networks.beyond_heads(activities()) == 80.0


def test_the_rules_file_is_checked() -> None:
    with pytest.raises(networks.RulesError, match=r"\[turbulence\] share"):
        networks.parse_rules("[turbulence]\nshare = 2\n")
    rule = networks.rules()
    assert rule.turbulence_share == 0.25
    assert rule.purpose_of("careers_hub") == "careers" and not rule.kinds["trust"].recorded
