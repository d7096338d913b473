"""Recording an aspiration event on the aspirations page: the template's rules, audited, replaced
when recorded again; a mistake is named in the GOV.UK error summary with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.store.models import AspirationEvent
from peerlift.web.models import AuditEntry

from .conftest import ELSEWHERE, OTHER, OWN

pytestmark = pytest.mark.django_db

EVENT = {
    "event_name": "Primary Aspirations Week",
    "start_date-day": "9",
    "start_date-month": "3",
    "start_date-year": "2026",
    "end_date-day": "13",
    "end_date-month": "3",
    "end_date-year": "2026",
    "hosts": "The council; The careers hub",
    "volunteers": "12",
    "schools": f"{OWN}; {OTHER}",
    "children_reached": "240",
    "feedback": "",
}


def test_an_officer_records_an_event_and_the_page_counts_it(as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    assert "Record an aspiration event" in client.get("/las/999/aspirations").content.decode()
    assert client.post("/las/999/aspirations/add", EVENT).status_code == 302
    event = AspirationEvent.objects.get()
    assert (event.start_date, event.end_date, event.hosts, event.volunteers, event.children_reached) == (
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 13),
        "The council; The careers hub",
        12,
        240,
    )
    assert sorted(event.schools.values_list("urn", flat=True)) == [OWN, OTHER]
    found = client.get("/las/999/aspirations.json").json()
    # March 2026 is in the school year 2025/26 (filed as 2026): one event, 240 children, 12 volunteers
    assert found["tables"]["totals"]["rows"] == [
        {"year": 2026, "events": 1, "children_reached": 240, "volunteers": 12}
    ]
    entry = AuditEntry.objects.get(action="record aspiration event")
    assert (entry.actor, entry.la_code, entry.before, entry.after["schools"]) == (
        "officer",
        999,
        None,
        [OWN, OTHER],
    )
    # the same name and first day again replaces it (as an import of the template would)
    client.post("/las/999/aspirations/add", {**EVENT, "schools": str(OWN), "children_reached": "90"})
    event = AspirationEvent.objects.get()
    assert (event.children_reached, list(event.schools.values_list("urn", flat=True))) == (90, [OWN])
    second = AuditEntry.objects.filter(action="record aspiration event").order_by("-id").first()
    assert second is not None and second.before["children_reached"] == 240


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"event_name": ""}, "Enter the event&#x27;s name"),
        ({"start_date-day": ""}, "The first day of the event must include a day"),
        ({"end_date-day": "2"}, "The last day must be the same as or after the first day"),
        ({"schools": f"{OWN}; {ELSEWHERE}"}, f"There is no school with URN {ELSEWHERE} in this LA"),
        ({"schools": "x"}, "Enter the school&#x27;s URN as a number, such as 100001"),
        ({"children_reached": "many"}, "Enter the children reached as a whole number, such as 240"),
        ({"volunteers": "-1"}, "The volunteers cannot be fewer than 0"),
    ],
)
def test_a_mistake_is_named_and_nothing_is_saved(as_role, changed, message) -> None:  # type: ignore[no-untyped-def]
    response = as_role("officer").post("/las/999/aspirations/add", {**EVENT, **changed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page, page[page.find("error-summary") :][:800]
    assert not AspirationEvent.objects.exists()


def test_members_see_the_events_but_not_the_form(as_role) -> None:  # type: ignore[no-untyped-def]
    page = as_role("member").get("/las/999/aspirations").content.decode()
    assert "Record an aspiration event" not in page
