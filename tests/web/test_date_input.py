"""The GOV.UK date input (forms.DateField): day, month and year fields, and messages that say what to
fix. Used by the inspections page; the ISO `from`/`to` of the JSON API still work."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.web import forms


def _dates(**data: str) -> forms.DatesForm:
    form = forms.DatesForm(data)
    form.is_valid()
    return form


def test_three_fields_make_a_date_and_iso_still_works() -> None:
    form = _dates(**{"from-day": "1", "from-month": "9", "from-year": "2018", "to": "2019-08-31"})
    assert form.errors == {}
    assert form.cleaned_data == {"from": dt.date(2018, 9, 1), "to": dt.date(2019, 8, 31)}
    assert _dates().cleaned_data == {"from": None, "to": None}  # both left out: the page's defaults


@pytest.mark.parametrize(
    ("data", "message", "wrong"),
    [
        ({"from-day": "1", "from-year": "2018"}, "The first day must include a month", ("month",)),
        ({"from-month": "9"}, "The first day must include a day and a year", ("day", "year")),
        (
            {"from-day": "30", "from-month": "2", "from-year": "2019"},
            "The first day must be a real date",
            None,
        ),
        (
            {"from-day": "1", "from-month": "9", "from-year": "18"},
            "The year of the first day must be 4 numbers",
            None,
        ),
        (
            {"from-day": "1", "from-month": "Sept", "from-year": "2018"},
            "with the day and month as numbers",
            None,
        ),
        ({"from": "2019-02-30"}, "The first day must be a real date", None),
    ],
)
def test_each_mistake_says_what_to_fix(
    data: dict[str, str], message: str, wrong: tuple[str, ...] | None
) -> None:
    form = _dates(**data)
    assert message in forms.errors_of(form)["from-day"]
    if wrong is not None:
        assert forms.date_parts(form, "from", None)["wrong"] == wrong


def test_the_last_day_before_the_first_is_an_error_on_the_last_day() -> None:
    form = _dates(**{"from": "2019-08-31", "to-day": "1", "to-month": "9", "to-year": "2018"})
    assert forms.errors_of(form) == {"to-day": "The last day must be the same as or after the first day"}


def test_the_fields_show_what_was_typed_or_the_date_used() -> None:
    typed = forms.date_parts(
        _dates(**{"from-day": "x", "from-month": "9", "from-year": "2018"}), "from", None
    )
    assert (typed["day"], typed["month"], typed["year"]) == ("x", "9", "2018")
    shown = forms.date_parts(_dates(), "to", dt.date(2019, 8, 31))
    assert (shown["day"], shown["month"], shown["year"], shown["error"]) == ("31", "8", "2019", "")
