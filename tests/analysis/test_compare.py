"""Comparison tables against the real LAIT file (Nov 2024) and the DfE's April 2021 neighbour workbook.

Every expected figure was read from the raw parquet with a separate script (the `Values` column for
`Short Desc` = the LAIT code), and ranks and quartiles were worked out from those raw values: rank =
1 + the number of LAs with a better figure; quartiles by linear interpolation (R's default).
"""

from __future__ import annotations

import polars as pl
import pytest
from shared import SHARED_DATA

from peerlift.analysis.compare import compare, not_assessed, table_rows
from peerlift.sources import frames
from peerlift.sources.la_statistics import LaitDictionaryReader, LaitReader
from peerlift.sources.neighbours import StatisticalNeighboursReader

LA_STATS = SHARED_DATA / "la_stats"
COVENTRY = 331
# Coventry's ten neighbours in sn_april_2021.xlsx, as SOURCES.md lists them.
COVENTRY_NEIGHBOURS = [831, 350, 874, 383, 373, 851, 887, 335, 357, 852]


@pytest.fixture(scope="module")
def lait() -> dict[str, pl.DataFrame]:
    if not LA_STATS.exists():
        pytest.skip("the shared data folder is not beside the repository")
    data = LaitReader().read(LA_STATS / "lait_20241115" / "bds_long_0.parquet").tables
    definitions = LaitDictionaryReader().read(LA_STATS / "lait_current_metadata" / "lait_data_dictionary.csv")
    sets = StatisticalNeighboursReader().read(LA_STATS / "lait_current_metadata" / "sn_april_2021.xlsx")
    return {
        "measures": data[frames.AREA_MEASURES],
        "authorities": data[frames.LOCAL_AUTHORITIES],
        "definitions": definitions.tables[frames.MEASURE_DEFINITIONS],
        "neighbours": sets.tables[frames.NEIGHBOURS],
    }


def _table(lait: dict[str, pl.DataFrame], measure: str, las: list[int] | None = None) -> pl.DataFrame:
    polarities = dict(lait["definitions"].select("measure", "polarity").iter_rows())
    return compare(
        lait["measures"].filter(pl.col("measure") == measure),
        lait["neighbours"],
        lait["authorities"],
        polarities,
        las=las,
    )


def _year(table: pl.DataFrame, la: int, year: int) -> dict[str, object]:
    return table.filter(pl.col("la_code") == la, pl.col("year") == year).row(0, named=True)


def test_coventry_ks2_each_year_equals_the_file(lait: dict[str, pl.DataFrame]) -> None:
    table = _table(lait, "ks2_rwm_expected", [COVENTRY])
    by_year = dict(table.select("year", "la").iter_rows())
    assert by_year == {
        2016: 49.0,
        2017: 58.0,
        2018: 62.0,
        2019: 62.0,
        2020: None,
        2021: None,
        2022: 54.0,
        2023: 56.0,
        2024: 55.0,
    }
    england = dict(table.select("year", "england").iter_rows())
    assert england[2024] == 60.0 and england[2016] == 54.0
    region = dict(table.select("year", "region").iter_rows())
    assert region[2024] == 59.0  # West Midlands


def test_2020_and_2021_are_not_published_with_the_reason(lait: dict[str, pl.DataFrame]) -> None:
    table = _table(lait, "ks2_rwm_expected", [COVENTRY])
    for year in (2020, 2021):
        row = _year(table, COVENTRY, year)
        assert row["la"] is None and row["neighbours_mean"] is None and row["england"] is None
        assert row["rank"] is None and row["quartile_band"] is None and row["change"] is None
        assert "no KS2 tests" in str(row["note"])
        assert row["neighbours_count"] == 0
        assert sorted(row["missing_neighbours"]) == sorted(COVENTRY_NEIGHBOURS)  # type: ignore[arg-type]
    # 2022 follows a gap: no change on "last year" is made up from 2019.
    assert _year(table, COVENTRY, 2022)["change"] is None


def test_neighbour_mean_equals_the_mean_of_the_ten_by_hand(lait: dict[str, pl.DataFrame]) -> None:
    table = _table(lait, "ks2_rwm_expected", [COVENTRY])
    # 2024: 62 + 55 + 59 + 60 + 55 + 51 + 55 + 56 + 59 + 59 = 571 -> 57.1
    row = _year(table, COVENTRY, 2024)
    assert row["neighbours_mean"] == pytest.approx(57.1)
    assert row["neighbours_count"] == 10 and row["missing_neighbours"] == []
    # 2019: 65 + 61 + 62 + 64 + 56 + 58 + 64 + 64 + 63 + 61 = 618 -> 61.8
    assert _year(table, COVENTRY, 2019)["neighbours_mean"] == pytest.approx(61.8)


def test_change_and_trend(lait: dict[str, pl.DataFrame]) -> None:
    table = _table(lait, "ks2_rwm_expected", [COVENTRY])
    assert _year(table, COVENTRY, 2024)["change"] == pytest.approx(-1.0)  # 56 -> 55
    assert _year(table, COVENTRY, 2018)["trend"] == "improving"  # 49 -> 58 -> 62
    assert _year(table, COVENTRY, 2024)["trend"] == "mixed"  # 54 -> 56 -> 55
    assert _year(table, COVENTRY, 2023)["trend"] is None  # 2021 not published


@pytest.mark.parametrize(
    ("measure", "year", "la", "rank", "of", "band"),
    [
        # higher is better: KS2 2024 quartiles 58 / 60 / 64
        ("ks2_rwm_expected", 2024, 331, 135, 151, "D"),  # 55
        ("ks2_rwm_expected", 2024, 202, 9, 151, "A"),  # Camden 70
        ("ks2_rwm_expected", 2019, 936, 21, 149, "A"),  # Surrey 70; quartiles 63 / 66 / 68
        ("attainment8", 2023, 331, 119, 152, "D"),  # 43.8; Q1 44.0
        # lower is better: overall absence 2023, quartiles 6.9576125 / 7.29501 / 7.746075
        ("overall_absence_pct", 2023, 331, 115, 152, "D"),  # 7.74849, just above Q3
        ("overall_absence_pct", 2023, 850, 39, 152, "B"),  # Hampshire 6.96003, just above Q1
        ("persistent_absence_pct", 2023, 202, 146, 152, "D"),  # Camden 25.55; Q3 23.1775
    ],
)
def test_rank_and_quartile_band_by_hand(
    lait: dict[str, pl.DataFrame], measure: str, year: int, la: int, rank: int, of: int, band: str
) -> None:
    row = _year(_table(lait, measure), la, year)
    assert (row["rank"], row["ranked_of"], row["quartile_band"]) == (rank, of, band)


def test_neutral_measures_have_no_rank_or_band(lait: dict[str, pl.DataFrame]) -> None:
    row = _year(_table(lait, "PriFSM", [COVENTRY]), COVENTRY, 2024)
    assert row["la"] is not None
    assert row["rank"] is None and row["quartile_band"] is None


def test_rows_keep_the_documented_keys_first(lait: dict[str, pl.DataFrame]) -> None:
    rows = table_rows(_table(lait, "ks2_rwm_expected", [COVENTRY]), "2021")
    assert list(rows[0])[:8] == [
        "year",
        "la",
        "neighbours_mean",
        "neighbours_count",
        "region",
        "england",
        "rank",
        "quartile_band",
    ]
    assert rows[0]["neighbour_set"] == "2021"


def test_no_assessment_years() -> None:
    assert not_assessed("ks2_rwm_expected", "KS2RWM_Expected_STD", 2020) is not None
    assert not_assessed("KS2R_Expected_STD", None, 2021) is not None
    assert not_assessed("ks2_rwm_expected", None, 2022) is None
    assert not_assessed("attainment8", "AVG_Attain8_Score", 2020) is None
    assert not_assessed("progress8", "AVG_Prog8_Score", 2021) is not None
