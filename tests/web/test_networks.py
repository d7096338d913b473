"""Networks managed in the app: an LA's administrators make them, rename them and choose their schools
(only schools of their LA); officers and the network's leads read a network's schools and headline."""

from __future__ import annotations

import pytest

from peerlift.web import accounts
from peerlift.web.models import AuditEntry, Network, Role

from .conftest import ELSEWHERE, NETWORK, OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(users) -> Network:  # type: ignore[no-untyped-def]
    return Network.objects.get(name=NETWORK)


def _add(client, network: Network, urn: object):  # type: ignore[no-untyped-def]
    return client.post(f"/networks/{network.pk}/schools/add", {"urn": str(urn)})


def test_an_administrator_makes_a_network_and_it_is_audited(users, as_role) -> None:
    client = as_role("admin")
    response = client.post("/las/999/networks/new", {"name": "  South cluster "})
    made = Network.objects.get(name="South cluster")
    assert response.status_code == 302 and response["Location"] == f"/networks/{made.pk}"
    assert made.la_code == 999
    entry = AuditEntry.objects.filter(action="create network").get()
    assert (entry.actor, entry.before, entry.after, entry.la_code) == (
        "admin",
        None,
        {"name": "South cluster", "la": 999, "kind": "la_network", "lead": "", "schools": []},
        999,
    )
    listed = client.get("/las/999/networks.json").json()["tables"]["networks"]["rows"]
    assert listed == [
        {"name": "North cluster", "kind": "LA network", "schools": 1, "leads": "network_lead"},
        {"name": "South cluster", "kind": "LA network", "schools": 0, "leads": ""},
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the network&#x27;s name"),
        ("x" * 121, "120 characters or fewer"),
        ("north CLUSTER", "There is already a network called north CLUSTER"),
    ],
)
def test_a_network_needs_a_new_name(users, as_role, name: str, message: str) -> None:
    response = as_role("admin").post("/las/999/networks/new", {"name": name})
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#name">' in html and message in html
    assert Network.objects.count() == 2


def test_names_are_unique_within_an_la_only(users, as_role) -> None:
    """LA 331 has a "Coventry cluster"; LA 999 may have one of its own, which is another network."""
    response = as_role("admin").post("/las/999/networks/new", {"name": "Coventry cluster"})
    assert response.status_code == 302
    assert sorted(Network.objects.filter(name="Coventry cluster").values_list("la_code", flat=True)) == [
        331,
        999,
    ]


def test_officers_read_the_list_but_only_administrators_get_the_forms(users, as_role) -> None:
    assert "Make the network" in as_role("admin").get("/las/999/networks").content.decode()
    assert "Make the network" not in as_role("officer").get("/las/999/networks").content.decode()
    assert as_role("officer").post("/las/999/networks/new", {"name": "Mine"}).status_code == 403


def test_rename_is_audited_before_and_after(north: Network, as_role) -> None:
    response = as_role("admin").post(f"/networks/{north.pk}/rename", {"name": "North and east"})
    assert response.status_code == 302
    north.refresh_from_db()
    assert north.name == "North and east"
    entry = AuditEntry.objects.filter(action="rename network").get()
    assert (entry.before["name"], entry.after["name"]) == ("North cluster", "North and east")


def test_add_and_remove_schools_audited(north: Network, as_role) -> None:
    client = as_role("admin")
    assert _add(client, north, OWN).status_code == 302
    assert sorted(north.members.values_list("urn", flat=True)) == [OWN, OTHER]
    added = AuditEntry.objects.filter(action="add school to network").get()
    assert (added.before["schools"], added.after["schools"], added.la_code) == ([OTHER], [OWN, OTHER], 999)
    response = client.post(f"/networks/{north.pk}/schools/remove", {"remove_urn": str(OTHER)})
    assert response.status_code == 302
    assert list(north.members.current().values_list("urn", flat=True)) == [OWN]
    removed = AuditEntry.objects.filter(action="remove school from network").get()
    assert (removed.before["schools"], removed.after["schools"]) == ([OWN, OTHER], [OWN])


@pytest.mark.parametrize(
    ("urn", "message"),
    [
        ("", "Enter the school&#x27;s name or URN"),
        ("10000x", "No open school of the network&#x27;s LA has a name, town or postcode like"),
        ("999999", "There is no school with URN 999999 in the register"),
        (str(ELSEWHERE), f"URN {ELSEWHERE} is a school of another LA"),
        (str(OTHER), f"URN {OTHER} is already in the network"),
    ],
)
def test_only_schools_of_the_la_can_join(north: Network, as_role, urn: str, message: str) -> None:
    response = _add(as_role("admin"), north, urn)
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#urn">' in html and message in html
    assert list(north.members.current().values_list("urn", flat=True)) == [OTHER]


def test_removing_a_school_not_in_the_network(north: Network, as_role) -> None:
    response = as_role("admin").post(f"/networks/{north.pk}/schools/remove", {"remove_urn": str(OWN)})
    assert (
        response.status_code == 400
        and "Choose a school of the network to remove" in response.content.decode()
    )


def test_the_headline_takes_each_school_s_latest_inspection_in_any_framework(north: Network, as_role) -> None:
    """Hand-counted from conftest: OWN (420 pupils) was graded good (2) in May 2019, then had a graded
    inspection without an overall grade (2024) and a report card on 2 December 2025 with achievement
    "needs attention" (so it is not good or better now, whatever its 2019 grade); OTHER (420) has only
    an ungraded inspection; TWIN (900) has none."""
    for urn in (OWN, TWIN):
        _add(as_role("admin"), north, urn)
    data = as_role("network_lead").get(f"/networks/{north.pk}.json").json()
    assert data["headline"] == {
        "schools": 3,
        "pupils": 1740,
        "inspected": 1,
        "good_or_better": 0,
        "good_or_better_pct": 0.0,
        "by_framework": {"report_card": 1},
    }
    rows = {r["urn"]: r for r in data["tables"]["schools"]["rows"]}
    assert (rows[OWN]["latest"], rows[OWN]["inspected"]) == (
        "Report card: 1 of 2 areas at expected standard or above (1 needs attention); "
        "safeguarding standards met",
        "2025-12-02",
    )
    assert rows[OWN]["framework"] == "Report card (from November 2025)"
    assert rows[OTHER]["latest"] is None and rows[TWIN]["latest"] is None
    html = as_role("network_lead").get(f"/networks/{north.pk}").content.decode()
    assert "3 schools, 1,740 pupils. 0 of the 1 inspected (0.0%) are good or better" in html
    assert f'href="/schools/{OWN}"' in html


def test_a_converter_not_yet_inspected_takes_its_predecessor_s_grade(north: Network, as_role) -> None:
    from peerlift.store.models import Inspection

    Inspection.objects.filter(urn=OWN).delete()  # OWN's own inspections: 2019, 2024, 2025
    _add(as_role("admin"), north, OWN)
    data = as_role("officer").get(f"/networks/{north.pk}.json").json()
    assert (data["headline"]["inspected"], data["headline"]["good_or_better"]) == (1, 0)
    row = next(r for r in data["tables"]["schools"]["rows"] if r["urn"] == OWN)
    assert (row["latest"], row["framework"], row["inspected_as"]) == (
        "Satisfactory",
        "Graded inspection (overall effectiveness, to August 2024)",
        100000,
    )


def test_an_empty_network_has_a_headline_of_nothing(users, as_role) -> None:
    as_role("admin").post("/las/999/networks/new", {"name": "Empty"})
    data = as_role("officer").get(f"/networks/{Network.objects.get(name='Empty').pk}.json").json()
    assert data["headline"]["schools"] == 0 and data["headline"]["good_or_better_pct"] is None


def test_a_lead_reads_their_network_and_its_new_schools_records(north: Network, as_role) -> None:
    lead = as_role("network_lead")
    home = lead.get("/").content.decode()
    assert f'href="/networks/{north.pk}"' in home
    page = lead.get(f"/networks/{north.pk}").content.decode()
    assert "Add the school" not in page and "Led by network_lead" in page
    assert lead.get(f"/schools/{OWN}/record").status_code == 403
    _add(as_role("admin"), north, OWN)
    assert lead.get(f"/schools/{OWN}/record").status_code == 200  # a network's schools' records follow it
    assert lead.post(f"/networks/{north.pk}/schools/add", {"urn": str(TWIN)}).status_code == 403


def test_a_superuser_is_told_a_network_is_not_there(users) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    root = User.objects.create_superuser("root", password="a long enough password")
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/networks/999999").status_code == 404
    assert client.get("/las/888/networks").status_code == 404


def test_an_administrator_gives_leads_only_their_la_s_networks(users, as_role) -> None:
    """A network is led only with its LA's consent: naming another LA's network (or one not made yet)
    on the user form is refused, so a lead never reads records of another LA's schools."""
    lead = users["network_lead"]
    for name in ("Coventry cluster", "Not made yet"):
        response = as_role("admin").post(f"/users/{lead.pk}", {"role": "network_lead", "networks": name})
        assert (
            response.status_code == 400
            and f"Your LA has no network called {name}" in response.content.decode()
        )
    assert as_role("network_lead").get(f"/schools/{ELSEWHERE}/record").status_code == 403
    ok = as_role("admin").post(f"/users/{lead.pk}", {"role": "network_lead", "networks": "North cluster"})
    assert ok.status_code == 302


def test_a_lead_given_a_network_by_name_gets_their_own_las(users) -> None:  # type: ignore[no-untyped-def]
    """`peerlift createuser --network NAME --la 999` never hands over LA 331's network of that name:
    LA 999 has none of that name, so the user is refused; once it has one, that is the one given."""
    scope = accounts.Scope(Role.NETWORK_LEAD, la=999, networks=("Coventry cluster",))
    with pytest.raises(accounts.AccountError, match="LA 999 has no network called Coventry cluster"):
        accounts.create_user("lead-999", None, scope, actor="test")
    accounts.add_to_network("Coventry cluster", [], la=999)
    user, _ = accounts.create_user("lead-999", None, scope, actor="test")
    assert [n.la_code for n in user.profile.networks.all()] == [999]
