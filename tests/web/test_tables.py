"""How a page shows a number (web.tables.show): hand-written cases, then properties over any float."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlift.domain.measures import decimals
from peerlift.web.tables import Column, Table, decimals_for, show


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (60844.002, None, "60,844"),  # LAIT's C&YPExpenditure figures reached the LA page as "60,844."
        (7.001, None, "7"),  # and small ones as "7."
        (56736.342, None, "56,736.34"),
        (7.1, None, "7.1"),
        (7.25, None, "7.25"),
        (2.675, None, "2.68"),  # half up on the figure as published, not on its binary neighbour
        (-0.001, None, "0"),  # never "-0"
        (-4.0999999999999996, None, "-4.1"),  # as LAIT stores one Progress 8 figure
        (1234567.0, None, "1,234,567"),
        (1234567.891, 1, "1,234,567.9"),
        (58.0, 0, "58"),
        (48.1, 1, "48.1"),
        (46.0, 1, "46.0"),  # a measure with one place keeps it on a whole figure
        (-0.04, 1, "0.0"),
        (0.35, 2, "0.35"),
        (-1.2, 2, "-1.20"),
        (12, 1, "12.0"),
        (100001, None, "100001"),  # a URN or a count as it is, no separators
        (2024, None, "2024"),
        (True, None, "Yes"),
        (None, None, ""),
        (float("nan"), None, ""),
        ("SUPP", 1, "SUPP"),
    ],
)
def test_show(value: object, places: int | None, shown: str) -> None:
    assert show(value, places) == shown


def test_the_domain_knows_a_measures_places() -> None:
    assert decimals("ks2_rwm_expected") == 0
    assert decimals("attainment8") == 1
    assert decimals("progress8") == 2
    assert decimals("ks2_reading_progress") == 1
    assert decimals("pupils_on_roll") == 0
    assert decimals("C&YPExpenditure") is None  # a LAIT code the domain has no unit for


def test_a_measure_without_places_lines_up_on_its_longest_figure() -> None:
    assert decimals_for([7.1, 60844.002, None, "x"]) == 1
    assert decimals_for([7.1, 56736.342]) == 2
    assert decimals_for([58.0, 60844.002]) == 0
    assert [show(v, decimals_for([7.1, 7.25])) for v in (7.1, 7.25)] == ["7.10", "7.25"]


GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")
figures = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


def _parsed(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@given(figures, st.integers(min_value=0, max_value=4))
def test_a_shown_figure_is_the_value_to_its_places(value: float, places: int) -> None:
    text = show(value, places)
    assert GROUPED.match(text), text
    assert not text.endswith(".")
    shown_places = len(text.split(".")[1]) if "." in text else 0
    assert shown_places == places
    # within half a unit of the last place shown
    assert abs(_parsed(text) - Decimal(repr(value))) <= Decimal(1).scaleb(-places) / 2


@given(figures)
def test_a_figure_without_places_shows_at_most_two(value: float) -> None:
    text = show(value)
    assert GROUPED.match(text), text
    assert (not text.endswith(".") and not text.endswith("0")) or "." not in text
    assert abs(_parsed(text) - Decimal(repr(value))) <= Decimal("0.005")
    if "." in text:
        assert len(text.split(".")[1]) <= 2


@pytest.mark.django_db
def test_la_page_shows_each_measure_to_its_places(register, as_role) -> None:
    from peerlift.store.models import AreaMeasure

    # A LAIT spending figure (no unit in the domain), as LAIT publishes them to three places.
    for area_type, code, value in (
        ("la", "999", 60844.002),
        ("region", "E12000005", 56736.342),
        ("england", "E92000001", 7.001),
    ):
        AreaMeasure.objects.create(
            area_type=area_type, area_code=code, year=2016, measure="C&YPExpenditure", value=value
        )
    html = as_role("member").get("/las/999", {"measure": "all"}).content.decode()
    html = html[html.index('id="table-statistics"') :]  # the long table, with region and England
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', html)
    assert "60,844.00" in cells and "56,736.34" in cells and "7.00" in cells
    assert [c for c in cells if c in {"58", "57", "59", "58.0"}] == ["58", "57", "59"]
    assert not [c for c in cells if c.endswith(".")]


def test_a_workbook_says_what_it_is_and_writes_dates_and_blanks_as_such() -> None:
    import datetime as dt
    import io

    import openpyxl

    from peerlift.web.tables import About

    table = Table(
        "inspections",
        "Inspections",
        [Column("date", "Date"), Column("grade", "Grade"), Column("pupils", "Pupils", numeric=True)],
        [
            {"date": "2024-03-05", "grade": None, "pupils": 1234},
            {"date": dt.date(2019, 5, 14), "grade": "Good"},
        ],
    )
    made = dt.datetime(2026, 2, 1, 15, 5, tzinfo=dt.UTC)
    about = About("Schools", "/schools/100001", {"year": "2024"}, made)
    book = openpyxl.load_workbook(io.BytesIO(table.xlsx(about)))
    assert book.sheetnames == ["About", "inspections"]
    front = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert front["Filters"] == "year = 2024"
    assert front["Made"] == "1 February 2026 at 3:05pm"  # 15:05 UTC is 3:05pm in London in February
    assert front["What this file is"] == "Inspections (from the page \u201cSchools\u201d)"
    sheet = book["inspections"]
    assert sheet["A2"].value == dt.datetime(2024, 3, 5) and sheet["A2"].number_format == "d mmmm yyyy"
    assert sheet["B2"].value is None and sheet["B2"].data_type == "n"  # a blank, not an empty string
    assert sheet["C2"].value == 1234 and sheet["A3"].value == dt.datetime(2019, 5, 14)
    assert sheet.column_dimensions["A"].width >= 18  # fitted to the dates, wider than the heading


def test_a_page_shows_dates_times_and_codes_in_words() -> None:
    import datetime as dt

    table = Table(
        "t",
        "T",
        [Column("a", "A"), Column("b", "B"), Column("c", "C"), Column("d", "D")],
        [{"a": "2024-03-05", "b": "2026-07-01T09:30:00+00:00", "c": "all_through", "d": dt.date(2026, 2, 1)}],
    )
    assert [text for _, _, _, text in table.cells()[0]] == [
        "5 March 2024",
        "1 July 2026 at 10:30am",  # British Summer Time
        "All-through",
        "1 February 2026",
    ]


def test_counts_have_separators_and_identifiers_do_not() -> None:
    table = Table(
        "t",
        "T",
        [Column("urn", "URN", numeric=True), Column("pupils", "Pupils", numeric=True, count=True)],
        [{"urn": 100001, "pupils": 12345}],
    )
    assert [text for _, _, _, text in table.cells()[0]] == ["100001", "12,345"]
