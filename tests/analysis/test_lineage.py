"""Lineage of URNs over real GIAS links (checked by hand against links_edubasealldata20250422.csv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from shared import SHARED_DATA as _SHARED
from shared import needs_shared

from peerlift.analysis.lineage import Succession, lineage, succession_edges
from peerlift.sources import frames
from peerlift.sources.gias import LinksReader

SHARED_DATA = _SHARED / "gias"
LINKS_2025 = SHARED_DATA / "links_edubasealldata20250422.csv"
LINKS_SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "links_edubasealldata20250422_slice.csv"


@pytest.fixture(scope="module")
def national() -> Succession:
    if not LINKS_2025.exists():
        pytest.skip("../shared/data is not beside the repo")
    return Succession.from_links(LinksReader().read(LINKS_2025).tables[frames.LINKS])


def links(*rows: tuple[int, int, str, str | None]) -> pl.DataFrame:
    """A links frame from (urn, link_urn, link_type, dd-mm-yyyy or None) rows."""
    return pl.DataFrame(
        {
            "urn": [r[0] for r in rows],
            "link_urn": [r[1] for r in rows],
            "link_name": [None for _ in rows],
            "link_type": [r[2] for r in rows],
            "link_date": [dt.datetime.strptime(r[3], "%d-%m-%Y").date() if r[3] else None for r in rows],
        },
        schema=frames.SCHEMAS[frames.LINKS],
    )


# Coventry (LA 331): Henry Parkes Junior (127082) and Infant (127083) became Sir Henry Parkes Primary
# (103689); it and Alderman Harris Primary (103660) became Charter Primary (134019), which became
# Charter Academy (148533) on 01-04-2021. No dates on the older links, so URN order breaks ties.
CHARTER = [103660, 127082, 127083, 103689, 134019, 148533]


@needs_shared
def test_coventry_charter_academy_from_the_latest_urn(national: Succession) -> None:
    assert national.lineage(148533) == CHARTER


@needs_shared
def test_a_predecessor_sees_its_own_ancestors_and_successors_only(national: Succession) -> None:
    # Alderman Harris is not an ancestor of Sir Henry Parkes: it joined at Charter Primary.
    assert national.lineage(103689) == [127082, 127083, 103689, 134019, 148533]
    assert national.lineage(103660) == [103660, 134019, 148533]


@needs_shared
def test_coventry_academy_conversion(national: Succession) -> None:
    # St John Fisher Catholic Primary School converted on 01-08-2015 (LA 331 URN 103713 -> 142212).
    assert national.lineage(103713) == [103713, 142212]
    assert national.lineage(142212) == [103713, 142212]


@needs_shared
def test_two_conversions_after_an_amalgamation(national: Succession) -> None:
    # Castle Hill Junior (126808) and Infant (126809) -> Castle Hill Primary (101786) -> Castle Hill
    # Academy (140000, 07-08-2013) -> Castle Hill Academy (145131, 31-08-2017).
    assert national.lineage(145131) == [126808, 126809, 101786, 140000, 145131]
    assert national.lineage(140000) == [126808, 126809, 101786, 140000, 145131]


@needs_shared
def test_inconsistent_links_that_make_a_cycle(national: Succession) -> None:
    # 101144 and 101146 are published as each other's "Successor - merged" (31-08-2022).
    assert national.lineage(101144) == [101144, 101146]
    assert national.lineage(101146) == [101144, 101146]


@needs_shared
def test_a_urn_without_links(national: Succession) -> None:
    assert national.lineage(999999) == [999999]


@needs_shared
def test_every_urn_of_the_national_file_has_a_lineage(national: Succession) -> None:
    frame = LinksReader().read(LINKS_2025).tables[frames.LINKS]
    for urn in frame["urn"].unique().to_list():
        chain = national.lineage(urn)
        assert urn in chain and len(chain) == len(set(chain))


def test_slice_gives_the_same_charter_chain() -> None:
    frame = LinksReader().read(LINKS_SLICE).tables[frames.LINKS]
    assert lineage(148533, frame) == CHARTER


def test_edges_are_one_per_pair_with_the_earliest_date() -> None:
    frame = links((142212, 103713, "Predecessor", "01-08-2015"), (103713, 142212, "Successor", "31-07-2015"))
    assert succession_edges(frame).rows() == [(103713, 142212, dt.date(2015, 7, 31))]


def test_undirected_link_types_are_not_followed() -> None:
    frame = links(
        (101276, 101277, "Result of Amalgamation", "31-08-2014"),
        (107615, 107755, "Other", "01-03-2015"),
        (131441, 133660, "Expansion", "21-10-2014"),
        (112445, 121739, "Closure", "20-09-2013"),
        (104303, 104307, "Merged - change in age range", "01-01-2018"),
        (1, 2, "Sixth Form Centre Link", None),
    )
    assert succession_edges(frame).is_empty()
    assert lineage(101276, frame) == [101276]


def test_merge_lists_predecessors_by_link_date() -> None:
    frame = links(
        (30, 20, "Predecessor - merged", "31-08-2019"),
        (30, 10, "Predecessor - merged", "31-08-2018"),
        (10, 5, "Predecessor", "01-09-2010"),
        (40, 30, "Predecessor", None),
    )
    # 5 -> 10 (2010) and 20 are both free first: 5 has the earlier dated link, then 10 (2018),
    # then 20 (2019); undated links sort after dated ones.
    assert lineage(30, frame) == [5, 10, 20, 30, 40]
    assert lineage(20, frame) == [20, 30, 40]


def test_split_lists_all_successors() -> None:
    frame = links(
        (1, 2, "Successor - Split School", "31-08-2019"),
        (1, 3, "Successor - Split School", "31-08-2019"),
        (3, 1, "Predecessor - Split School", "31-08-2019"),
    )
    assert lineage(1, frame) == [1, 2, 3]
    assert lineage(3, frame) == [1, 3]


def test_longer_cycle_ends_and_lists_each_urn_once() -> None:
    frame = links(
        (1, 2, "Successor", "01-09-2015"),
        (2, 3, "Successor", "01-09-2016"),
        (3, 1, "Successor", "01-09-2014"),
        (0, 1, "Successor", "01-09-2010"),
    )
    chain = lineage(2, frame)
    assert chain[0] == 0
    assert sorted(chain) == [0, 1, 2, 3]


def test_self_link_is_ignored() -> None:
    assert lineage(7, links((7, 7, "Successor", None))) == [7]
