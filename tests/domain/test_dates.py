import datetime as dt

from peerlift.domain.dates import long_date


def test_a_date_in_words_has_no_leading_zero() -> None:
    assert long_date(dt.date(2026, 2, 1)) == "1 February 2026"
    assert long_date(dt.date(2025, 12, 31)) == "31 December 2025"
    assert long_date(dt.datetime(2026, 7, 9, 23, 59)) == "9 July 2026"
