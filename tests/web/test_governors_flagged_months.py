"""The flagged governors page's window: the officer chooses the months (a validated GET form), the
default is governance.toml's 12.

Hillside Primary Academy (OWN) is put in category 3 (not yet good, whatever its inspections say);
its governors last attended a course 450 days ago: about 14.8 months, so outside 12 months and
inside 18."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.store import careers
from peerlift.store.categories import record_override

from .conftest import OWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained_long_ago(register) -> None:  # type: ignore[no-untyped-def]
    record_override(OWN, 999, 3, rationale="t", discussed_on=None, effective_on=dt.date(2020, 1, 1), by="t")
    day = dt.date.today() - dt.timedelta(days=450)
    careers.add_attendance(999, "Using data", day, "Governor Services", "data", OWN, "Chair", "tests")


def _flagged(client, query: str = "") -> list[int]:  # type: ignore[no-untyped-def]
    found = client.get(f"/las/999/governors/flagged.json{query}").json()
    return [row["urn"] for row in found["tables"]["flagged"]["rows"]]


def test_the_officer_chooses_the_months(trained_long_ago, as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    assert OWN in _flagged(client)  # 12 months by default: 450 days ago is outside
    assert client.get("/las/999/governors/flagged.json").json()["months"] == 12
    assert OWN not in _flagged(client, "?months=18")
    assert OWN in _flagged(client, "?months=14")  # 14 months ago is about 426 days
    page = client.get("/las/999/governors/flagged?months=18").content.decode()
    assert "no governor training in the last 18 months" in page
    assert 'value="18"' in page


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("twelve", "Enter the months as a whole number, such as 12"),
        ("0", "The months must be 1 or more"),
        ("121", "The months must be 120 or fewer (ten years)"),
    ],
)
def test_months_that_cannot_be_used_are_said_plainly(trained_long_ago, as_role, months, message) -> None:  # type: ignore[no-untyped-def]
    page = as_role("officer").get(f"/las/999/governors/flagged?months={months}").content.decode()
    assert "govuk-error-summary" in page and message in page
    assert "Correct the months to see the schools." in page
