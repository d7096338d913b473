"""The one grammar of year labels: every published spelling of a year, with or without annotations.

The generated spellings are built from a start year by rules written out here (not by the code under
test), and the year each must be filed under is worked out from the start year by hand: the
calendar year in which the period ends.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlift.domain import years
from peerlift.domain.years import NotAYear, Period

starts = st.integers(1990, 2090)

ACADEMIC_SPELLINGS = [
    lambda a: f"{a}/{(a + 1) % 100:02d}",  # 2023/24
    lambda a: f"{a}-{(a + 1) % 100:02d}",  # 2023-24
    lambda a: f"{a}/{a + 1}",  # 2023/2024
    lambda a: f"{a}-{a + 1}",  # 2023-2024
    lambda a: f"{a}{(a + 1) % 100:02d}",  # 202324, the EES time_period
    lambda a: f"{a} to {a + 1}",  # 2023 to 2024
    lambda a: f"{a} / {(a + 1) % 100:02d}",
    lambda a: f"AY {a}/{(a + 1) % 100:02d}",
    lambda a: f"Academic year {a}/{(a + 1) % 100:02d}",
    lambda a: f"{a}/{(a + 1) % 100:02d} AY",
]
FINANCIAL_SPELLINGS = [
    lambda a: f"{a}-{(a + 1) % 100:02d} FY",
    lambda a: f"{a}-{(a + 1) % 100:02d} (FY)",
    lambda a: f"FY {a}-{(a + 1) % 100:02d}",
    lambda a: f"FY{a}/{(a + 1) % 100:02d}",
    lambda a: f"Financial year {a}-{a + 1}",
]
# (how it is written, the status it is kept as)
ANNOTATIONS = [
    ("", ""),
    (" (prov)", "provisional"),
    ("(Prov)", "provisional"),
    (" (provisional)", "provisional"),
    (" [p]", "provisional"),
    (" provisional", "provisional"),
    (" (Rev)", "revised"),
    (" (Revised)", "revised"),
    (" revised", "revised"),
    (" - rev.", "revised"),
    (" (Final)", "final"),
    (" final", "final"),
    (" (OT)", "outturn"),
    (" outturn", "outturn"),
    (" (estimate)", "estimate"),
    (" est", "estimate"),
    (" (unvalidated)", "unvalidated"),  # any other word is kept as written
    (" (Wave Two)", "wave two"),
]
annotations = st.sampled_from(ANNOTATIONS)


@given(starts, st.sampled_from(ACADEMIC_SPELLINGS), annotations)
def test_academic_years(start: int, spell, annotation: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    found = years.parse(spell(start) + annotation[0])
    assert (found.year, found.span, found.period, found.status) == (
        start + 1,
        1,
        Period.ACADEMIC,
        annotation[1],
    )


@given(starts, st.sampled_from(FINANCIAL_SPELLINGS), annotations)
def test_financial_years(start: int, spell, annotation: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    found = years.parse(spell(start) + annotation[0])
    assert (found.year, found.span, found.period, found.status) == (
        start + 1,
        1,
        Period.FINANCIAL,
        annotation[1],
    )


@given(starts, annotations)
def test_calendar_years(year: int, annotation: tuple[str, str]) -> None:
    found = years.parse(f"{year}{annotation[0]}")
    assert (found.year, found.span, found.period, found.status) == (year, 1, Period.CALENDAR, annotation[1])


# Two consecutive years are one academic year (2022-2023 is 2022/23), so a run has three or more.
@given(starts, st.integers(3, 10), st.sampled_from(["-", " - ", " to ", "–"]), st.booleans(), annotations)
def test_runs_of_calendar_years(
    start: int, span: int, sep: str, short: bool, annotation: tuple[str, str]
) -> None:
    end = start + span - 1
    label = f"{start}{sep}{end % 100:02d}" if short else f"{start}{sep}{end}"
    found = years.parse(label + annotation[0])
    assert (found.year, found.span, found.period, found.status) == (end, span, Period.RANGE, annotation[1])
    assert found.first_year == start


@given(starts, st.integers(1, 9), st.sampled_from(["-", " - ", " to "]), st.booleans(), annotations)
def test_runs_of_academic_years(
    start: int, more: int, sep: str, short: bool, annotation: tuple[str, str]
) -> None:
    last = start + more

    def ay(a: int) -> str:
        return f"{a % 100:02d}/{(a + 1) % 100:02d}" if short else f"{a}/{(a + 1) % 100:02d}"

    label = f"{start}/{(start + 1) % 100:02d}{sep}{ay(last)}"
    found = years.parse(label + annotation[0])
    assert (found.year, found.span, found.period) == (last + 1, more + 1, Period.RANGE)
    assert found.status == annotation[1]
    assert found.first_year == start


def test_the_labels_of_the_real_lait_file() -> None:
    """Every one of the 66 labels in the Nov 2024 LAIT file, with the year and status by hand."""
    expected = {
        "2012/13-14/15": (2015, 3, ""),
        "2013-15": (2015, 3, ""),
        "2015-16 (OT)": (2016, 1, "outturn"),
        "2018 (Revised)": (2018, 1, "revised"),
        "2020 (Final)": (2020, 1, "final"),
        "2022 (prov)": (2022, 1, "provisional"),
        "2023(Prov)": (2023, 1, "provisional"),
        "2023(prov)": (2023, 1, "provisional"),
        "2024 (prov)": (2024, 1, "provisional"),
        "2024-25": (2025, 1, ""),
        "2014/15": (2015, 1, ""),
        "2018/19-20/21": (2021, 3, ""),
    }
    for label, (year, span, status) in expected.items():
        found = years.parse(label)
        assert (found.year, found.span, found.status) == (year, span, status), label


@pytest.mark.parametrize(
    "label",
    ["0", "", "next year", "2014/16", "20188", "2019-2035", "24/25", "1850", "2023/24/25", "(2023)", "x2023"],
)
def test_what_is_not_a_year(label: str) -> None:
    with pytest.raises(NotAYear):
        years.parse(label)
    assert years.year_or_none(label) is None


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2016-2017_850_ks4final.csv", 2017),
        ("2017-2018_936_ks4final.csv", 2018),
        ("202324_performance_tables_schools_final.csv", 2024),
        ("england_ks4final_2023-24_first4rows.csv", 2024),
        ("ks4_rurality_idaci_202425_provisional.csv", 2025),
        ("2018-936-ks2.csv", 2018),  # a lone first year: the performance reader adds one (2018/19)
        ("sn_april_2021.xlsx", 2021),
        ("edubasealldata20181029.csv", None),  # a date, not a year
        ("850_census.csv", None),
        ("2016_2017_850.csv", 2017),
    ],
)
def test_years_in_file_names(name: str, year: int | None) -> None:
    found = years.in_name(name)
    assert (found.year if found else None) == year


def test_headline_order() -> None:
    ranked = sorted(["provisional", "", "revised", "estimate", "final", "other"], key=years.headline_rank)
    assert ranked == ["revised", "final", "", "provisional", "estimate", "other"]
    assert years.headline_rank("outturn, revised") == years.headline_rank("revised")


def test_describe() -> None:
    assert years.parse("2019/20-2021/22").describe() == "2019/20 to 2021/22"
    assert years.parse("2013-15").describe() == "2013 to 2015"
    assert years.parse("2018 (Rev)").describe() == "2018 (revised)"
    assert years.parse("202324").describe() == "2023/24"
