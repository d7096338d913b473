"""Computed statistical neighbours: the method on hand-made LAs, then on the real LAIT figures."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from peerlift.analysis.la_neighbours import (
    DEFAULT_VARIABLES,
    Variable,
    agreement,
    band,
    characteristics,
    nearest,
    parse_variables,
)
from peerlift.sources import frames
from peerlift.sources.la_statistics import LaitReader
from peerlift.sources.neighbours import StatisticalNeighboursReader

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
LA_STATS = SHARED_DATA / "la_stats"


def _measures(rows: list[tuple[int, str, int, float | None]]) -> pl.DataFrame:
    return frames.conform(
        frames.AREA_MEASURES,
        pl.DataFrame(
            [
                {"area_type": "la", "area_code": str(la), "measure": m, "year": y, "value": v}
                for la, m, y, v in rows
            ]
        ),
    )


# Five LAs on one characteristic: 0, 1, 2, 10, 11.
HAND = _measures(
    [
        (1, "a", 2024, 0.0),
        (2, "a", 2024, 1.0),
        (3, "a", 2024, 2.0),
        (4, "a", 2024, 10.0),
        (5, "a", 2024, 11.0),
        (1, "a", 2020, 100.0),  # an older year is not used when a later one exists
    ]
)


def test_nearest_on_one_variable() -> None:
    chars = characteristics(HAND, [Variable("a")])
    assert chars.years == {"a": 2024}
    result = nearest(chars, "test", k=2)
    order = {
        la: group.sort("position").get_column("neighbour_code").to_list()
        for (la,), group in result.frame.group_by("la_code")
    }
    assert order == {1: [2, 3], 2: [1, 3], 3: [2, 1], 4: [5, 3], 5: [4, 3]}
    # z-scores: mean 4.8, population sd sqrt((4.8^2 + 3.8^2 + 2.8^2 + 5.2^2 + 6.2^2) / 5) = sqrt(22.16)
    distance = result.frame.filter(pl.col("la_code") == 1, pl.col("position") == 1).item(0, "distance")
    assert distance == pytest.approx(1 / math.sqrt(22.16))


def test_weights_and_missing_values() -> None:
    rows = [(la, "a", 2024, float(la)) for la in range(1, 6)] + [(1, "b", 2024, 5.0), (2, "b", 2024, 5.0)]
    rows += [(3, "b", 2024, 0.0), (4, "b", 2024, 0.0)]  # LA 5 has no "b": it gets the mean
    chars = characteristics(_measures(rows), [Variable("a", 1.0), Variable("b", 4.0)])
    assert chars.imputed == {5: ["b"]}
    assert chars.left_out == []
    result = nearest(chars, "test", k=1)
    first = dict(result.frame.select("la_code", "neighbour_code").iter_rows())
    assert first[1] == 2 and first[3] == 4  # the heavy variable "b" decides


def test_an_la_missing_most_characteristics_is_left_out() -> None:
    rows = [(la, m, 2024, float(la)) for la in (1, 2, 3) for m in ("a", "b", "c")] + [(4, "a", 2024, 1.0)]
    chars = characteristics(_measures(rows), [Variable("a"), Variable("b"), Variable("c")])
    assert chars.left_out == [4]
    assert 4 not in nearest(chars, "test", k=2).frame.get_column("neighbour_code").to_list()


def test_a_variable_nobody_has_is_an_error() -> None:
    with pytest.raises(ValueError, match="'nothing'"):
        characteristics(HAND, [Variable("nothing")])


def test_bands_by_distance_per_unit_weight() -> None:
    assert band(0.1, 1.0) == "Extremely Close"
    assert band(0.9, 4.0) == "Very Close"  # 0.45 per unit
    assert band(1.9, 1.0) == "Not Close"


def test_parse_variables() -> None:
    assert parse_variables(["PriFSM=0.5,log:Premium", "EALPri"]) == (
        Variable("PriFSM", 0.5),
        Variable("Premium", 1.0, log=True),
        Variable("EALPri", 1.0),
    )
    with pytest.raises(ValueError, match="positive"):
        parse_variables(["PriFSM=-1"])


def test_agreement_counts_common_neighbours() -> None:
    def neighbours(rows: dict[int, list[int]]) -> pl.DataFrame:
        return pl.DataFrame(
            [{"la_code": la, "neighbour_code": n} for la, ns in rows.items() for n in ns],
            schema={"la_code": pl.Int32, "neighbour_code": pl.Int32},
        )

    computed = neighbours({1: [2, 3, 4], 2: [1, 3, 4], 9: [1, 2, 3]})
    official = neighbours({1: [2, 3, 5], 2: [5, 6, 7]})
    result = agreement(computed, official)
    assert dict(result.table.select("la_code", "agree").iter_rows()) == {1: 2, 2: 0}
    assert result.compared == 2 and result.mean_agree == 1.0
    assert result.distribution[2] == 1 and result.distribution[0] == 1


def test_real_lait_default_variables() -> None:
    if not LA_STATS.exists():
        pytest.skip("the shared data folder is not beside the repository")
    data = LaitReader().read(LA_STATS / "lait_20241115" / "bds_long_0.parquet").tables
    chars = characteristics(data[frames.AREA_MEASURES], DEFAULT_VARIABLES)
    # Every default variable is in the Nov 2024 LAIT file; the latest years as the file gives them.
    assert chars.years["PriFSM"] == 2024 and chars.years["ChildPov"] == 2023
    # LAs that no longer exist (Bournemouth 836, Poole 837, Cumbria 909, Northamptonshire 928 ...)
    # have no recent figures and are left out rather than made everyone's neighbour.
    assert {836, 837, 909, 928} <= set(chars.left_out)
    result = nearest(chars, "computed")
    coventry = result.frame.filter(pl.col("la_code") == 331)
    assert coventry.height == 10 and 331 not in coventry.get_column("neighbour_code").to_list()
    assert coventry.get_column("distance").is_sorted()
    official = StatisticalNeighboursReader().read(LA_STATS / "lait_current_metadata" / "sn_april_2021.xlsx")
    compared = agreement(result.frame, official.tables[frames.NEIGHBOURS])
    assert compared.compared > 140
    assert sum(compared.distribution.values()) == compared.compared
