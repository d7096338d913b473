"""Networks over time on the web: the templates imported (round trip through the store), a school
that leaves and rejoins, the network's history and activities, recording an activity (audited), the
overlap and turbulence page, the outcomes side by side, and the network report."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from peerlift.store import imports
from peerlift.store.models import Import
from peerlift.store.rights import Rights
from peerlift.web import permissions
from peerlift.web.models import AuditEntry, Network, NetworkActivity, NetworkMember

from .conftest import NETWORK, OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data" / "networks"
D = dt.date


@pytest.fixture
def imported(users) -> None:  # type: ignore[no-untyped-def]
    imports.import_file(DATA / "network_members.csv", user="tests")
    imports.import_file(DATA / "network_activities.csv", user="tests")


def test_the_templates_round_trip_through_the_store(imported: None) -> None:
    north = Network.objects.get(name=NETWORK, la_code=999)
    assert (north.kind, north.lead) == ("cluster", "Headteacher, Alder Primary")
    # The file is the network's history: it replaces the spell the fixtures gave (OTHER, no dates).
    assert sorted(north.members.values_list("urn", "joined_on", "left_on")) == [
        (OWN, D(2021, 9, 1), None),
        (OTHER, D(2021, 9, 1), D(2025, 1, 15)),
        (OTHER, D(2025, 6, 1), None),
    ]
    reading = Network.objects.get(name="Reading partnership")
    assert (reading.la_code, reading.kind) == (999, "ad_hoc")
    assert sorted(NetworkActivity.objects.filter(network=north).values_list("date", "kind")) == [
        (D(2024, 10, 10), "meeting"),
        (D(2024, 11, 20), "cpd"),
        (D(2025, 2, 5), "peer_review"),
    ]
    assert NetworkActivity.objects.get(network=reading).levels == ["middle_leaders", "teachers"]
    record = Import.objects.filter(kind="network_activities").get()
    assert record.counts["network_activities"] == 4
    # The same bytes again change nothing.
    assert imports.import_file(DATA / "network_members.csv", user="tests").unchanged


def test_an_activity_for_a_network_the_la_lacks_is_left_out_and_named(users, tmp_path: Path) -> None:
    path = tmp_path / "acts.csv"
    path.write_text("network,la,date,kind,levels\nNowhere cluster,999,2025-01-01,meeting,heads\n")
    outcome = imports.import_file(path, user="tests")
    assert NetworkActivity.objects.count() == 0
    assert any(
        "row 2, column network: LA 999 has no network called 'Nowhere cluster'" in n
        for n in outcome.record.notes
    )


def test_an_officer_imports_only_their_own_la_s_networks(users, tmp_path: Path) -> None:
    path = tmp_path / "acts.csv"
    path.write_text(
        "network,la,date,kind,levels\n"
        "North cluster,,2025-01-01,meeting,heads\n"  # no LA: the officer's own
        "Coventry cluster,331,2025-01-01,meeting,heads\n"  # another LA's: left out
    )
    outcome = imports.import_file(path, user="officer", rights=Rights(999))
    assert list(NetworkActivity.objects.values_list("network__name", flat=True)) == ["North cluster"]
    assert outcome.record.counts["refused"][0]["la"] == 331


def test_a_school_that_left_is_no_longer_seen_by_the_lead(imported: None, users) -> None:
    lead = permissions.viewer_of(users["network_lead"])
    assert lead.network_urns == frozenset({OWN, OTHER})  # OTHER came back in June 2025
    NetworkMember.objects.filter(urn=OTHER, left_on__isnull=True).update(left_on=D(2025, 9, 1))
    assert permissions.viewer_of(users["network_lead"]).network_urns == frozenset({OWN})


def test_the_network_page_shows_history_and_activities(imported: None, as_role) -> None:
    north = Network.objects.get(name=NETWORK)
    found = as_role("network_lead").get(f"/networks/{north.pk}.json").json()
    history = found["tables"]["history"]["rows"]
    assert [(r["urn"], r["joined_on"], r["left_on"], r["current"]) for r in history] == [
        (OWN, "2021-09-01", None, True),
        (OTHER, "2021-09-01", "2025-01-15", False),
        (OTHER, "2025-06-01", None, True),
    ]
    # 2024/25: three activities; heads in 3, senior leaders in 2, middle leaders in 1.
    (year,) = found["tables"]["levels"]["rows"]
    assert (year["period"], year["activities"], year["heads_pct"], year["senior_leaders_pct"]) == (
        "2024/25",
        3,
        100.0,
        66.7,
    )
    assert found["activities_by_level"]["beyond_heads_pct"] == 66.7
    html = as_role("network_lead").get(f"/networks/{north.pk}").content.decode()
    assert "Record the activity" in html and "15 January 2025" in html


def test_recording_an_activity_is_audited(users, as_role) -> None:
    north = Network.objects.get(name=NETWORK)
    post = {"date-day": "8", "date-month": "10", "date-year": "2025", "kind": "peer_review"}
    response = as_role("network_lead").post(
        f"/networks/{north.pk}/activities/add", {**post, "levels": ["heads", "teachers"], "notes": "Maths"}
    )
    assert response.status_code == 302
    made = NetworkActivity.objects.get()
    assert (made.date, made.kind, made.levels, made.recorded_by) == (
        D(2025, 10, 8),
        "peer_review",
        ["heads", "teachers"],
        "network_lead",
    )
    entry = AuditEntry.objects.get(action="record network activity")
    assert (entry.before, entry.after["levels"], entry.la_code) == (None, ["heads", "teachers"], 999)


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"kind": "meeting", "levels": ["heads"]}, "date-day", "Enter the day of the activity"),
        (
            {"date-day": "8", "date-month": "10", "date-year": "2025", "kind": "meeting"},
            "levels",
            "Choose who took part",
        ),
        (
            {"date-day": "8", "date-month": "10", "date-year": "2025", "kind": "picnic", "levels": ["heads"]},
            "kind",
            "Choose what kind of activity it was",
        ),
    ],
)
def test_a_wrong_activity_is_refused_in_words(
    users, as_role, post: dict[str, object], field: str, message: str
) -> None:
    north = Network.objects.get(name=NETWORK)
    response = as_role("officer").post(f"/networks/{north.pk}/activities/add", post)
    html = response.content.decode()
    assert response.status_code == 400 and f'href="#{field}"' in html and message in html
    assert NetworkActivity.objects.count() == 0


def test_the_overlap_page_lists_with_reasons(imported: None, as_role) -> None:
    # On 1 September 2025 TWIN is in Reading partnership only; OWN and OTHER in North cluster only, and
    # OWN in the GIAS trust (governance): no overlap of one purpose; TWIN is in no cluster but is in
    # the partnership, so in a network; the turbulence year to that day: North had OWN and OTHER on
    # 1 September 2024, OTHER left and came back (2 changes of 2 = 100%), turbulent.
    found = as_role("officer").get("/las/999/networks/overlap.json?on=2025-09-01").json()["findings"]
    assert found["overlap"] == [] and found["beside"] == []
    assert [(r["network"], r["joined"], r["left"], r["share"]) for r in found["turbulence"]] == [
        ("North cluster", 1, 1, 1.0)
    ]
    assert all(r["urn"] != TWIN for r in found["no_network"])
    tables = as_role("officer").get("/las/999/networks/overlap.json?on=2025-09-01").json()["tables"]
    kinds = {r["network"]: r["kind"] for r in tables["turbulence"]["rows"]}
    assert kinds["North cluster"] == "cluster"


def test_outcomes_side_by_side_for_members_without_links(imported: None, as_role) -> None:
    rows = as_role("member").get("/las/999/networks/outcomes.json").json()["outcomes"]
    assert {r["network"] for r in rows} == {"North cluster", "Reading partnership"}
    lead = as_role("network_lead").get("/las/999/networks/outcomes.json").json()
    assert [r["network"] for r in lead["outcomes"]] == ["North cluster"]
    # The lead's shares are of North's three activities only, not the partnership's fourth.
    assert lead["activities_by_level"]["activities"] == 3
    everyone = as_role("member").get("/las/999/networks/outcomes.json").json()["activities_by_level"]
    assert everyone["activities"] == 4
    html = as_role("member").get("/las/999/networks/outcomes").content.decode()
    assert 'href="/networks/' not in html


def test_the_network_report_as_pdf_and_xlsx(imported: None, as_role) -> None:
    north = Network.objects.get(name=NETWORK)
    client = as_role("officer")
    pdf = client.get(f"/networks/{north.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/networks/{north.pk}/report.xlsx").content))
    assert book.sheetnames == ["About", "members", "levels", "activities", "outcomes"]
    members = [row for row in book["members"].iter_rows(min_row=3, values_only=True)]
    assert [(r[0], r[2], r[3]) for r in members] == [
        (OWN, "1 September 2021", None),
        (OTHER, "1 September 2021", "15 January 2025"),
        (OTHER, "1 June 2025", None),
    ]


def test_template_downloads_are_read_by_their_reader(users, as_role, tmp_path: Path) -> None:
    from peerlift.sources import registry

    for kind in ("network_members", "network_activities"):
        response = as_role("member").get(f"/templates/{kind}.csv")
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(response.content)
        read = registry.read(path)
        assert read.kind == kind and read.skipped == [] and read.rows_read == 1


def test_outcomes_good_or_better_now_a_year_before_and_against_the_la(imported: None) -> None:
    """North on 1 January 2026: OWN and OTHER. OWN's latest graded inspection then is its report card of
    2 December 2025 (achievement needs attention: not good or better); OTHER has only an ungraded
    inspection, so is not counted: 0 of 1, 0.0%. A year before (1 January 2025) OWN's latest was the
    graded inspection of November 2024, every key judgement good or better: 1 of 1, 100.0%; OTHER was
    still a member (it left on 15 January). The LA's open schools (OWN, OTHER, TWIN): 0 of 1, 0.0%."""
    from peerlift.web import network_data

    rows = {r["network"]: r for r in network_data.outcomes(999, D(2026, 1, 1))}
    north = rows["North cluster"]
    assert (north["members"], north["inspected"], north["good_or_better"]) == (2, 1, 0)
    assert (north["good_or_better_pct"], north["good_or_better_pct_year_before"], north["trend"]) == (
        0.0,
        100.0,
        -100.0,
    )
    assert (north["la_good_or_better_pct"], north["against_la"]) == (0.0, 0.0)
    reading = rows["Reading partnership"]  # TWIN alone, never inspected
    assert (reading["members"], reading["good_or_better_pct"], reading["trend"]) == (1, None, None)


def test_trusts_from_gias_groups_are_arrangements_of_governance(imported: None) -> None:
    from peerlift.web import network_data

    spells = network_data.memberships(999)
    trust = spells.filter(spells["kind"] == "trust")
    assert trust.select("name", "urn", "joined_on").rows() == [("Oak Learning Trust", OWN, D(2015, 9, 1))]


def test_the_same_upload_works_on_the_web(users, as_role) -> None:
    """An officer uploads the members template: checked, then imported as the officer, with the
    officer's LA's rights; a bad row is named by file, row and column in the check."""
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_role("officer")
    data = (DATA / "network_members.csv").read_bytes()
    check = client.post("/imports/upload", {"file": SimpleUploadedFile("members.csv", data)})
    html = check.content.decode()
    assert check.status_code == 200 and "The file can be imported" in html
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    assert client.post("/imports/confirm", {"token": token.group(1)}).status_code == 302
    record = Import.objects.get(file_name="members.csv")
    assert (record.kind, record.loaded_by, record.counts["network_members"]) == (
        "network_members",
        "officer",
        4,
    )
    assert Network.objects.get(name="Reading partnership").la_code == 999


def test_a_bad_upload_is_named_by_file_row_and_column(users, as_role) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (
        b"network,kind,lead,urn,joined_on,left_on\n"
        b"North cluster,cluster,,100001,2021-09-01,\n"
        b"North cluster,club,,100002,2021-09-01,\n"
    )
    check = as_role("officer").post("/imports/upload", {"file": SimpleUploadedFile("bad_members.csv", data)})
    html = check.content.decode()
    assert check.status_code == 400
    assert "bad_members.csv, row 3, column &#x27;kind&#x27;: 1 of its 2 rows cannot be placed" in html
    assert "&#x27;club&#x27; is not a kind of network; write one of la_network (LA network)" in html


def test_a_closed_federation_ends_its_schools_membership(users) -> None:
    """GIAS gives no leaving date per school: a federation's close date ends every member's spell, so
    OTHER and TWIN, federated from 2019 to 31 August 2024, are in it on 1 August 2024, not on 1
    September; a sponsor is not a school's arrangement at all."""
    from peerlift.analysis import networks as analysis
    from peerlift.store.models import Group, GroupMember
    from peerlift.web import network_data

    Group.objects.create(
        uid=17000, name="Two Saints Federation", type="Federation", close_date=D(2024, 8, 31)
    )
    Group.objects.create(uid=17001, name="A sponsor", type="School sponsor")
    for urn in (OTHER, TWIN):
        GroupMember.objects.create(uid=17000, urn=urn, joined_date=D(2019, 9, 1))
        GroupMember.objects.create(uid=17001, urn=urn)
    spells = network_data.memberships(999)
    assert sorted(spells.filter(spells["kind"] == "federation")["urn"].to_list()) == [OTHER, TWIN]
    assert "A sponsor" not in spells["name"].to_list()
    federation = spells.filter(spells["kind"] == "federation")
    assert analysis.members_on(federation, D(2024, 8, 1)).height == 2
    assert analysis.members_on(federation, D(2024, 9, 1)).height == 0


def test_an_administrator_says_what_a_network_is(users, as_role) -> None:
    north = Network.objects.get(name=NETWORK)
    response = as_role("admin").post(f"/networks/{north.pk}/describe", {"kind": "ad_hoc", "lead": " A head "})
    assert response.status_code == 302
    north.refresh_from_db()
    assert (north.kind, north.lead) == ("ad_hoc", "A head")
    entry = AuditEntry.objects.get(action="describe network")
    assert (entry.before["kind"], entry.after["kind"], entry.after["lead"]) == (
        "la_network",
        "ad_hoc",
        "A head",
    )
    refused = as_role("admin").post(f"/networks/{north.pk}/describe", {"kind": "trust"})
    html = refused.content.decode()
    assert (
        refused.status_code == 400
        and 'href="#network_kind"' in html
        and "Choose what kind of network" in html
    )


def test_members_year_by_year(imported: None) -> None:
    """North: OWN and OTHER from 1 September 2021; OTHER out from 15 January to 1 June 2025. On 1
    September 2022, 2023, 2024: 2 members, no change; on 1 September 2025: 2 members, 1 joined and 1
    left of 2 a year before (100%, turbulent)."""
    from peerlift.web import network_data

    north = Network.objects.get(name=NETWORK)
    rows = network_data.membership_by_year(north, D(2025, 10, 1))
    assert [(r["on"], r["members_at_end"], r["joined"], r["left"], r["turbulent"]) for r in rows] == [
        (D(2025, 10, 1), 2, 1, 1, True),
        (D(2025, 9, 1), 2, 1, 1, True),
        (D(2024, 9, 1), 2, 0, 0, False),
        (D(2023, 9, 1), 2, 0, 0, False),
        (D(2022, 9, 1), 2, 0, 0, False),
    ]
