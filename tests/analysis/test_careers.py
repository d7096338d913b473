"""The careers figures of a hand-made file (tests/data/careers/gatsby_2024.csv), worked out on paper.

Benchmarks fully achieved (at 100) per school, 100001..100010: 8, 8, 7 (gb8 at 99.9 is not 100),
6, 5, 4, 4, 3, 3, 2 (blank cells are not achieved). Sum 50 over 10 schools: average 5.00. At least
3: 9 of 10 (90%); at least 4: 7 (70%); all 8: 2 (20%). Per benchmark, the schools at 100: gb1 all
10; gb2 9 (100009 has 75); gb3 8 (100007 50, 100010 blank); gb4 7 (100008 60, 100009 0, 100010);
gb5 7 (100001-5, 100007, 100009); gb6 4; gb7 3; gb8 2. (The counts add to 50, as they must.)
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlift.analysis import careers
from peerlift.sources import registry

FILE = Path(__file__).resolve().parents[1] / "data" / "careers" / "gatsby_2024.csv"


def test_the_hand_made_file() -> None:
    results = registry.read(FILE).tables["gatsby_results"]
    found = careers.summary(results, 2024)
    assert found["schools"] == 10
    assert found["average_achieved"] == 5.0
    assert (found["pct_at_least_3"], found["pct_at_least_4"], found["pct_all_8"]) == (90.0, 70.0, 20.0)
    assert found["by_benchmark"] == {
        "gb1": 100.0,
        "gb2": 90.0,
        "gb3": 80.0,
        "gb4": 70.0,
        "gb5": 70.0,
        "gb6": 40.0,
        "gb7": 30.0,
        "gb8": 20.0,
    }
    assert [s["achieved"] for s in found["per_school"]] == [8, 8, 7, 6, 5, 4, 4, 3, 3, 2]
    assert found["per_school"][2]["gb8"] == 99.9
    assert found["national_average"] == 5.83  # the Careers & Enterprise Company's 2023/24 figure
    assert "Careers & Enterprise Company" in found["national_average_source"]


def test_a_year_without_results_or_reference() -> None:
    results = registry.read(FILE).tables["gatsby_results"].head(0)
    found = careers.summary(results, 2019)
    assert (found["schools"], found["average_achieved"], found["pct_all_8"]) == (0, None, None)
    assert found["national_average"] is None


def test_published_national_averages() -> None:
    averages = careers.national_averages()
    assert (averages[2024].average, averages[2025].average) == (5.83, 5.96)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[[national_average]]\nyear = 2024\nsource = 'x'\n", "'average'"),
        ("[[national_average]]\nyear = 2024\naverage = 9.1\nsource = 'x'\n", "from 0 to 8"),
        ("[[national_average]]\nyear = 2024\naverage = 5\nsource = 'x'\n" * 2, "given twice"),
        ("national_average = [", "careers_reference.toml"),
    ],
)
def test_reference_file_errors_name_the_key(text: str, named: str) -> None:
    with pytest.raises(careers.ReferenceError, match=named):
        careers.parse_reference(text)


benchmark_value = st.one_of(st.none(), st.sampled_from([0.0, 50.0, 99.9, 100.0]))


@given(st.lists(st.tuples(*[benchmark_value] * 8), min_size=1, max_size=30))
def test_the_figures_agree_with_each_other(schools: list[tuple[float | None, ...]]) -> None:
    """Whatever the results: the benchmarks' shares add up to the average (each fully achieved
    benchmark counted once either way), and all 8 <= at least 4 <= at least 3."""
    results = pl.DataFrame(
        [
            {"urn": 100000 + i, **dict(zip(careers.BENCHMARKS, row, strict=True))}
            for i, row in enumerate(schools)
        ],
        schema={"urn": pl.Int64, **dict.fromkeys(careers.BENCHMARKS, pl.Float64)},
    )
    found = careers.summary(results, 2025)
    fully = sum(v == 100.0 for row in schools for v in row)
    assert found["average_achieved"] == round(fully / len(schools), 2)
    shares = sum(found["by_benchmark"].values())  # each rounded to 0.1: off by 0.05 at most
    assert abs(shares - 100 * fully / len(schools)) <= 8 * 0.05 + 1e-9
    assert found["pct_all_8"] <= found["pct_at_least_4"] <= found["pct_at_least_3"]
