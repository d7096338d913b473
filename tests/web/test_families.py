"""The family page: members with distance and drivers in words, the method and scope switch, the
JSON and downloads, the stale notice and the rebuild; and a browser journey.

The census figures below are made up for the web tests' hand-made register (tests/web/conftest.py)
and the expected families worked out by hand with the pupil formula (see each figure's comment).
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any

import pytest

from peerlift.store.models import Establishment, FamilySet, Import, SchoolMeasure
from peerlift.web import tasks
from peerlift.web.models import AuditEntry, FamiliesJob

from .conftest import OTHER, OWN, PREDECESSOR, make_register, make_users

# urn: pupils on roll, % FSM ever, % SEN support, % EHCP (all open primaries but the predecessor)
CENSUS = {
    OWN: (420, 20.0, 8.0, 2.0),
    OTHER: (400, 22.0, 9.0, 2.0),
    100010: (200, 40.0, 12.0, 3.0),
    100011: (430, 50.0, 10.0, 2.0),
    100012: (800, 10.0, 7.0, 2.0),
    300002: (410, 21.0, 8.0, 2.0),  # in Coventry (331): nearest nationally, not in the LA
    PREDECESSOR: (420, 20.0, 8.0, 2.0),  # closed: the same figures as OWN, never in a family
}
# Ranges over the open primaries: pupils 200-800 (600), FSM 10-50 (40), SEN 9-15 (6). From OWN:
# 300002: sqrt(.5 (10/600)^2 + .4 (1/40)^2 + .1 (0/6)^2)  = 0.019720
# OTHER:  sqrt(.5 (20/600)^2 + .4 (2/40)^2 + .1 (1/6)^2)  = 0.065828
# 100012: sqrt(.5 (380/600)^2 + .4 (10/40)^2 + .1 (1/6)^2) = 0.477842
# 100011: sqrt(.5 (10/600)^2 + .4 (30/40)^2 + .1 (2/6)^2)  = 0.486056
# 100010: sqrt(.5 (220/600)^2 + .4 (20/40)^2 + .1 (5/6)^2) = 0.486484
NATIONAL = [(300002, 0.019720), (OTHER, 0.065828), (100012, 0.477842)]
IN_THE_LA = [(OTHER, 0.065828), (100012, 0.477842), (100011, 0.486056)]


def add_census(census: Import | None = None) -> None:
    for urn, name, la in (
        (100010, "Brook Primary School", 999),
        (100011, "Castle Primary School", 999),
        (100012, "Dale Primary School", 999),
        (300002, "Earlsdon Primary School", 331),
    ):
        Establishment.objects.create(
            urn=urn,
            la_code=la,
            la_name="Demo City" if la == 999 else "Coventry",
            name=name,
            phase="primary",
            type="Community school",
            type_group="Local authority maintained schools",
            status="Open",
        )
    source = census or Import.objects.create(
        file_name="england_census.csv", sha256="1" * 64, kind="census", status=Import.Status.LOADED
    )
    for urn, values in CENSUS.items():
        for measure, value in zip(
            ("pupils_on_roll", "fsm_ever_pct", "sen_support_pct", "ehcp_pct"), values, strict=True
        ):
            SchoolMeasure.objects.create(urn=urn, year=2019, measure=measure, value=value, source=source)


@pytest.fixture
def census(users: Any) -> None:
    add_census()


def _members(client: Any, query: str) -> list[tuple[int, float]]:
    found = client.get(f"/schools/{OWN}/family.json?{query}").json()["family"]
    return [(m["urn"], m["distance"]) for m in found["members"]]


@pytest.mark.django_db
def test_the_family_nearest_first_and_the_scope_switch(as_role: Any, census: None) -> None:
    member = as_role("member")
    national = _members(member, "method=pupil&size=3")
    assert [u for u, _ in national] == [u for u, _ in NATIONAL]
    assert [d for _, d in national] == pytest.approx([d for _, d in NATIONAL], abs=1e-6)
    in_la = _members(member, "method=pupil&scope=la&size=3")
    assert [u for u, _ in in_la] == [u for u, _ in IN_THE_LA]
    body = member.get(f"/schools/{OWN}/family.json?method=pupil&size=3").json()["family"]
    assert {k: body[k] for k in ("urn", "method", "scope", "year")} == {
        "urn": OWN,
        "method": "pupil",
        "scope": "national",
        "year": 2019,
    }
    assert set(body["members"][0]["drivers"][0]) == {"measure", "share", "value", "school_value"}
    page = member.get(f"/schools/{OWN}/family?method=pupil&size=3").content.decode()
    assert "Earlsdon Primary School" in page and "Hillside Primary School" not in page  # closed: never
    # FSM 1/40 of its range, size 10/600, SEN the same: all within 5% of the range ("similar")
    assert "similar FSM, size and SEN" in page
    assert '<option value="la">' in page and 'name="scope"' in page and 'method="get"' in page


@pytest.mark.django_db
def test_downloads_without_javascript(as_role: Any, census: None) -> None:
    response = as_role("headteacher").get(f"/schools/{OWN}/family/download/family.csv?method=pupil&size=3")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [int(r["URN"]) for r in rows] == [u for u, _ in NATIONAL]
    drivers = as_role("headteacher").get(f"/schools/{OWN}/family/download/drivers.xlsx?method=pupil&size=3")
    assert drivers.status_code == 200 and drivers.content[:2] == b"PK"


@pytest.mark.django_db
def test_a_closed_school_has_no_family_in_plain_words(as_role: Any, census: None) -> None:
    page = as_role("member").get(f"/schools/{PREDECESSOR}/family?method=pupil").content.decode()
    assert "is closed in the register: families are of open schools" in page


@pytest.mark.django_db
def test_stale_families_say_so_and_an_officer_rebuilds_them(as_role: Any, census: None) -> None:
    officer, member = as_role("officer"), as_role("member")
    query = "method=pupil&scope=national&size=3"
    response = officer.post(
        f"/schools/{OWN}/family/rebuild", {"method": "pupil", "scope": "national", "size": 3}
    )
    assert response.status_code == 302 and response["Location"] == f"/schools/{OWN}/family?{query}"
    job = FamiliesJob.objects.get()  # the build is the worker's, not the request's
    assert (job.status, job.requested_by) == ("queued", "officer")
    assert not FamilySet.objects.exists()
    assert "being built in the background" in member.get(f"/schools/{OWN}/family?{query}").content.decode()
    again = officer.post(
        f"/schools/{OWN}/family/rebuild", {"method": "pupil", "scope": "national", "size": 3}
    )
    assert again.status_code == 302 and FamiliesJob.objects.count() == 1  # the same job, not a second
    assert tasks.build_families.call(job.pk) == "done"  # what the worker runs
    job.refresh_from_db()
    built = FamilySet.objects.get(method="pupil", scope="national", size=3, year=2019)
    assert (job.status, job.family_set, job.schools) == ("done", built.pk, built.schools)
    assert built.built_by == "officer"
    assert AuditEntry.objects.filter(action="build families", object_id=str(built.pk)).exists()
    page = member.get(f"/schools/{OWN}/family?{query}").content.decode()
    assert "Families built on" in page and "may be out of date" not in page
    # an import re-writes one of the inputs: the set is stale, the page says so
    newer = Import.objects.create(file_name="census2.csv", sha256="2" * 64, kind="census", status="loaded")
    SchoolMeasure.objects.filter(urn=OTHER, measure="pupils_on_roll").update(value=405, source=newer)
    page = member.get(f"/schools/{OWN}/family?{query}").content.decode()
    assert "may be out of date" in page and "Rebuild the families" not in page
    assert "An officer or administrator can rebuild them" in page
    page = officer.get(f"/schools/{OWN}/family?{query}").content.decode()
    assert "Rebuild the families" in page
    assert member.post(f"/schools/{OWN}/family/rebuild", {"method": "pupil"}).status_code == 403
    officer.post(f"/schools/{OWN}/family/rebuild", {"method": "pupil", "scope": "national", "size": 3})
    tasks.build_families.call(FamiliesJob.objects.get(status="queued").pk)
    page = member.get(f"/schools/{OWN}/family?{query}").content.decode()
    assert "may be out of date" not in page


# ---------------------------------------------------------------------------------------------
# The browser journey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_head_finds_schools_like_theirs_and_switches_scope(live_server: Any) -> None:
    from pathlib import Path

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    from .conftest import PASSWORD

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    make_register()
    make_users()
    add_census()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for javascript in (True, False):
            page = browser.new_context(java_script_enabled=javascript).new_page()
            page.goto(f"{live_server.url}/sign-in")
            page.fill("#id_username", "headteacher")
            page.fill("#id_password", PASSWORD)
            page.click("button:has-text('Sign in')")
            page.wait_for_url(f"{live_server.url}/")
            page.goto(f"{live_server.url}/schools/{OWN}")
            page.click("text=Schools like this one")
            assert page.locator("h1").inner_text() == "Schools like Hillside Primary Academy"
            page.select_option("#method", "pupil")
            page.click("button:has-text('Show the family')")
            table = page.locator("#table-family tbody").inner_text()
            assert table.index("Earlsdon Primary School") < table.index("St Mary's Church of England")
            page.select_option("#scope", "la")
            page.click("button:has-text('Show the family')")
            table = page.locator("#table-family tbody").inner_text()
            assert "Earlsdon Primary School" not in table and "Castle Primary School" in table
            assert "scope=la" in page.url and "method=pupil" in page.url
            page.context.close()
        browser.close()
