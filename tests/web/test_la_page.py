"""The LA page's list of schools: open ones by default, closed ones on request, fifty to a page."""

from __future__ import annotations

import csv
import io

import pytest

from peerlift.store.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(register) -> None:  # type: ignore[no-untyped-def]
    """Coventry (331) with 120 more schools: School 001 ... School 120, every third one closed."""
    Establishment.objects.bulk_create(
        Establishment(
            urn=400000 + n,
            la_code=331,
            la_name="Coventry",
            name=f"School {n:03d}",
            phase="primary",
            type="Community school",
            status="Closed" if n % 3 == 0 else "Open",
            pupils=100 + n,
        )
        for n in range(1, 121)
    )


def _names(rows: list[dict[str, object]]) -> list[str]:
    return [str(r["name"]) for r in rows]


def test_open_schools_are_paged_fifty_at_a_time(many, as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("member")
    # 80 open (School 001, 002, 004, 005, ...) plus Whitley Academy (open, from the register): 81
    first = client.get("/las/331.json").json()
    assert first["schools"] == {"total": 81, "page": 1, "pages": 2, "page_size": 50}
    rows = first["tables"]["schools"]["rows"]
    assert len(rows) == 50 and _names(rows)[:3] == ["School 001", "School 002", "School 004"]
    assert "School 003" not in _names(rows)
    second = client.get("/las/331.json", {"page": "2"}).json()["tables"]["schools"]["rows"]
    assert len(second) == 31 and _names(second)[-1] == "Whitley Academy"
    assert _names(second)[0] == "School 076"  # the 51st open school: 50 open among 001-075 -> 076
    assert not set(_names(rows)) & set(_names(second))


def test_closed_schools_on_request(many, as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("member")
    every = client.get("/las/331.json", {"status": "all", "page": "3"}).json()
    assert every["schools"]["total"] == 121 and every["schools"]["pages"] == 3
    assert len(every["tables"]["schools"]["rows"]) == 21
    html = client.get("/las/331", {"status": "all"}).content.decode()
    assert 'name="status" type="checkbox" value="all" checked' in html
    assert "121 schools, open or closed, in the register" in html
    assert 'href="?status=all&amp;page=2"' in html  # the pagination keeps the filter
    assert "81 open schools in the register" in client.get("/las/331").content.decode()


def test_the_download_has_every_school_of_the_filter(many, as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("member")
    text = client.get("/las/331/download/schools.csv", {"page": "2"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 81
    text = client.get("/las/331/download/schools.csv", {"status": "all"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 121


def test_lists_are_paged_in_sql(many, as_role) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_role("member")
    for address in ("/las/331.json", "/schools.json"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, {"page": "2", "la": "331"}).status_code == 200
        pages = [q["sql"] for q in captured.captured_queries if "LIMIT 50 OFFSET 50" in q["sql"]]
        assert len(pages) == 1 and "establishment" in pages[0].lower(), address
        assert '"record"' not in pages[0]  # each school's whole GIAS row is not read for a list
