"""The brokerage offers page: an officer adds and edits an offer and uploads the offers template; a
headteacher offers their school's capacity, unconfirmed, which the brokerage leaves out until an
officer confirms it; every change is in the audit log."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peerlift.brokerage import stored, templates
from peerlift.store.models import BrokerageOffer
from peerlift.web.models import AuditEntry

from .conftest import OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_DIR = tmp_path / "uploads"


OFFER = {
    "offer_id": "O1",
    "kind": "school",
    "supporter_urn": str(OTHER),
    "areas": ["reading", "maths"],
    "phases": ["primary"],
    "capacity_days": "10",
    "max_distance_km": "",
    "conflicts": f"{TWIN}",
}


def test_an_officer_adds_then_edits_an_offer(as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    assert client.post("/las/999/brokerage/offers/save", OFFER).status_code == 302
    assert client.post("/las/999/brokerage/offers/save", {**OFFER, "capacity_days": "6.5"}).status_code == 302
    offer = BrokerageOffer.objects.get(la_code=999)
    assert (offer.offer_id, offer.supporter_urn, sorted(offer.areas), offer.phases) == (
        "O1",
        OTHER,
        ["maths", "reading"],
        ["primary"],
    )
    assert (offer.capacity_days, offer.max_distance_km, offer.conflicts, offer.confirmed) == (
        6.5,
        None,
        [TWIN],
        True,
    )
    assert AuditEntry.objects.filter(actor="officer", action="save offer").count() == 2
    form = client.get("/las/999/brokerage/offers?change=O1").content.decode()
    assert 'id="capacity_days" name="capacity_days" type="text" value="6.5"' in form
    assert 'id="areas-maths" name="areas" type="checkbox" value="maths" checked' in form
    assert f'id="conflicts" name="conflicts" type="text" value="{TWIN}"' in form
    rows = client.get("/las/999/brokerage/offers.json").json()
    assert (rows["offers"], rows["waiting"]) == (1, 0)


def test_a_wrong_offer_is_refused_in_plain_words(as_role) -> None:  # type: ignore[no-untyped-def]
    sent = {**OFFER, "supporter_urn": "", "areas": [], "capacity_days": "0", "conflicts": "12a"}
    response = as_role("officer").post("/las/999/brokerage/offers/save", sent)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one area of support offered" in text
    assert "The days must be at least half a day (0.5)" in text
    assert "12a is not a URN" in text
    assert "A school&#x27;s offer needs the school&#x27;s URN" in text
    assert not BrokerageOffer.objects.exists()


def test_a_head_s_offer_waits_for_an_officer_before_a_run_uses_it(as_role) -> None:  # type: ignore[no-untyped-def]
    head = as_role("headteacher")
    sent = {"areas": ["writing"], "capacity_days": "4", "max_distance_km": "12"}
    assert head.post("/las/999/brokerage/offers/offer", sent).status_code == 302
    offer = BrokerageOffer.objects.get(la_code=999)
    assert (offer.offer_id, offer.supporter_urn, offer.kind, offer.confirmed, offer.offered_by) == (
        f"H{OWN}",
        OWN,
        "school",
        False,
        "headteacher",
    )
    assert "Waiting for an officer" in head.get("/las/999/brokerage/offers").content.decode()
    assert [o.offer_id for o in stored.instance(999).offers] == []
    # a head confirms nothing, and sees no other school's offers
    assert head.post("/las/999/brokerage/offers/confirm", {"offer": f"H{OWN}"}).status_code == 403

    officer = as_role("officer")
    officer.post("/las/999/brokerage/offers/save", OFFER)
    shown = head.get("/las/999/brokerage/offers/download/offers.csv").content.decode("utf-8-sig")
    assert [line.split(",")[0] for line in shown.splitlines()[1:]] == [f"H{OWN}"]
    assert officer.post("/las/999/brokerage/offers/confirm", {"offer": f"H{OWN}"}).status_code == 302
    assert BrokerageOffer.objects.get(offer_id=f"H{OWN}").confirmed
    assert sorted(o.offer_id for o in stored.instance(999).offers) == [f"H{OWN}", "O1"]
    logged = AuditEntry.objects.filter(action="save offer").values_list("actor", flat=True)
    assert sorted(logged) == ["headteacher", "officer", "officer"]


def test_an_uploaded_offers_file_is_saved_or_its_bad_row_named(as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    header = ",".join(templates.OFFER_COLUMNS)
    bad = f"{header}\nO1,{OTHER},,school,reading,primary,10,,,\nO2,,,nle,maths,,ten,,,\n"
    response = client.post(
        "/las/999/brokerage/offers/upload", {"template_file": SimpleUploadedFile("offers.csv", bad.encode())}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in text and "row 3" in text and "capacity_days" in text
    assert not BrokerageOffer.objects.exists()
    good = bad.replace(",,,nle,maths,,ten", ",,Jo Smith,nle,maths,,5")
    response = client.post(
        "/las/999/brokerage/offers/upload", {"template_file": SimpleUploadedFile("offers.csv", good.encode())}
    )
    assert response.status_code == 302
    assert sorted(BrokerageOffer.objects.values_list("offer_id", "supporter_name", "capacity_days")) == [
        ("O1", "", 10.0),
        ("O2", "Jo Smith", 5.0),
    ]
