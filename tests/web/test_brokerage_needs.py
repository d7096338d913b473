"""The brokerage needs page: an officer accepts (as proposed or changed), dismisses and withdraws
needs, adds one by hand and uploads the needs template; every change is in the audit log; a head
reads their own school's needs only; the templates download with a header and an example row that
the template readers accept."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peerlift.brokerage import templates
from peerlift.store.models import BrokerageNeed
from peerlift.web import brokerage_changes as changes
from peerlift.web.models import AuditEntry

from .conftest import ELSEWHERE, OTHER, OWN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_DIR = tmp_path / "uploads"


def _proposed(need_id: str, urn: int) -> BrokerageNeed:
    fields = {
        "need_id": need_id,
        "urn": urn,
        "area": "reading",
        "urgency": 2,
        "days": 3.0,
        "raised_by": "proposed from data",
        "status": "proposed",
        "evidence": ["open concern (Finance) raised on 9 January 2026: deficit budget"],
    }
    return changes.save_need("tests", 999, fields)


def _status(need_id: str) -> tuple[str, str, int, float]:
    need = BrokerageNeed.objects.get(la_code=999, need_id=need_id)
    return need.status, need.area, need.urgency, need.days


def test_an_officer_accepts_a_proposal_changed_and_dismisses_another(as_role) -> None:  # type: ignore[no-untyped-def]
    _proposed("P1", OWN)
    _proposed("P2", OTHER)
    client = as_role("officer")
    page = client.get("/las/999/brokerage/needs").content.decode()
    assert "deficit budget" in page and "Accept need P1" in page

    sent = {"need": "P1", "action": "accept", "area": "maths", "urgency": "3", "days": "4.5"}
    assert client.post("/las/999/brokerage/needs/decide", sent).status_code == 302
    assert _status("P1") == ("open", "maths", 3, 4.5)
    assert (
        client.post("/las/999/brokerage/needs/decide", {"need": "P2", "action": "dismiss"}).status_code == 302
    )
    assert _status("P2")[0] == "dismissed"
    # a dismissed proposal is not accepted afterwards
    client.post("/las/999/brokerage/needs/decide", {**sent, "need": "P2"})
    assert _status("P2")[0] == "dismissed"
    client.post("/las/999/brokerage/needs/decide", {"need": "P1", "action": "withdraw"})
    assert _status("P1")[0] == "withdrawn"
    logged = AuditEntry.objects.filter(actor="officer", la_code=999).values_list("action", flat=True)
    assert sorted(logged) == ["need dismissed", "need withdrawn", "save need"]

    found = client.get("/las/999/brokerage/needs.json").json()
    assert (found["needs"], found["proposed"]) == (1, 0)  # P1 withdrawn is listed; P2 dismissed is not


def test_a_changed_proposal_with_wrong_days_is_refused_in_plain_words(as_role) -> None:  # type: ignore[no-untyped-def]
    _proposed("P1", OWN)
    sent = {"need": "P1", "action": "accept", "area": "maths", "urgency": "3", "days": "lots"}
    response = as_role("officer").post("/las/999/brokerage/needs/decide", sent)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="days-P1-error"' in text and 'href="#days-P1"' in text  # beside the proposal's own days
    assert "Enter the days as a number, such as 3 or 2.5" in text
    assert _status("P1") == ("proposed", "reading", 2, 3.0)


def test_an_officer_adds_a_need_by_hand(as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    sent = {"need_id": "N7", "urn": str(OWN), "area": "send", "urgency": "1", "days": "2"}
    assert client.post("/las/999/brokerage/needs/add", sent).status_code == 302
    need = BrokerageNeed.objects.get(la_code=999, need_id="N7")
    assert (need.urn, need.area, need.urgency, need.days, need.status, need.raised_by) == (
        OWN,
        "send",
        1,
        2.0,
        "open",
        "officer",
    )
    assert AuditEntry.objects.filter(actor="officer", action="save need").count() == 1

    again = client.post("/las/999/brokerage/needs/add", {**sent, "urn": str(ELSEWHERE), "days": "0"})
    text = again.content.decode()
    assert again.status_code == 400
    assert "There is already a need N7 in this LA" in text
    assert f"There is no school with URN {ELSEWHERE} in this LA" in text
    assert "The days must be at least half a day (0.5)" in text
    assert BrokerageNeed.objects.count() == 1


def test_an_uploaded_needs_file_is_saved_or_its_bad_row_named(as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    header = ",".join(templates.NEED_COLUMNS)
    good = f"{header}\nN1,{OWN},reading,3,4,2026-02-01,A. Officer,\nN2,{OTHER},maths,1,2,,,\n"
    bad = f"{header}\nN3,{OWN},reading,3,4,,,\nN4,{OTHER},maths,5,2,,,\n"

    response = client.post(
        "/las/999/brokerage/needs/upload", {"template_file": SimpleUploadedFile("needs.csv", bad.encode())}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in text and "row 3" in text and "column &#x27;urgency&#x27;" in text
    assert not BrokerageNeed.objects.exists()

    elsewhere = good.replace(f"N2,{OTHER}", f"N2,{ELSEWHERE}")
    response = client.post(
        "/las/999/brokerage/needs/upload",
        {"template_file": SimpleUploadedFile("needs.csv", elsewhere.encode())},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert f"row 3, column &#x27;urn&#x27;: there is no school with URN {ELSEWHERE} in this LA" in text
    assert not BrokerageNeed.objects.exists()

    response = client.post(
        "/las/999/brokerage/needs/upload", {"template_file": SimpleUploadedFile("needs.csv", good.encode())}
    )
    assert response.status_code == 302
    assert sorted(BrokerageNeed.objects.values_list("need_id", "urn", "urgency")) == [
        ("N1", OWN, 3),
        ("N2", OTHER, 1),
    ]
    assert AuditEntry.objects.filter(actor="officer", action="save need").count() == 2
    page = client.get("/las/999/brokerage/needs").content.decode()
    assert "1 February 2026" in page  # in words on the page, as the date it is in the download
    rows = client.get("/las/999/brokerage/needs/download/needs.csv").content.decode("utf-8-sig")
    assert "2026-02-01" in rows


def test_a_head_reads_their_own_school_s_needs_only(as_role) -> None:  # type: ignore[no-untyped-def]
    changes.save_need(
        "tests", 999, {"need_id": "N1", "urn": OWN, "area": "reading", "urgency": 3, "days": 4.0}
    )
    changes.save_need(
        "tests", 999, {"need_id": "N2", "urn": OTHER, "area": "maths", "urgency": 1, "days": 2.0}
    )
    client = as_role("headteacher")
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/las/999/brokerage/needs/download/needs.csv").content.decode("utf-8-sig"))
        )
    )
    assert [(r["Need"], r["Area"]) for r in rows] == [("N1", "Reading")]
    page = client.get("/las/999/brokerage/needs").content.decode()
    assert "Add the need" not in page
    assert (
        client.post("/las/999/brokerage/needs/decide", {"need": "N1", "action": "withdraw"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("kind", "read"),
    [("needs", templates.read_needs), ("offers", templates.read_offers), ("pins", templates.read_rules)],
)
def test_each_template_downloads_with_a_header_and_an_example_the_reader_takes(
    kind: str,
    read,  # type: ignore[no-untyped-def]
    as_role,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    response = as_role("officer").get(f"/las/999/brokerage/templates/{kind}.csv")
    assert response.status_code == 200
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(response.content)
    found = read(path)
    assert len(found) == 1
    expected = {"needs": "need_id", "offers": "offer_id", "pins": "need_id"}[kind]
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith(expected)


def test_looking_in_the_data_proposes_a_need_from_an_open_concern_once(as_role) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from peerlift.store.models import Concern

    Concern.objects.create(
        urn=OWN, la_code=999, kind="finance", raised_on=dt.date(2026, 1, 9), raised_by="tests"
    )
    client = as_role("officer")
    assert client.post("/las/999/brokerage/needs/propose").status_code == 302
    # brokerage/proposals.toml: an open finance concern proposes a finance need of urgency 2;
    # docs/brokerage.md: 5 days to start with
    need = BrokerageNeed.objects.get(la_code=999, need_id=f"P{OWN}-finance")
    assert (need.status, need.urgency, need.days) == ("proposed", 2, 5.0)
    assert any("9 January 2026" in said for said in need.evidence)
    changes.set_status("officer", need, "dismissed")
    client.post("/las/999/brokerage/needs/propose")
    assert BrokerageNeed.objects.get(need_id=f"P{OWN}-finance").status == "dismissed"  # not proposed again
