"""Importing from the browser: limits, the validation report with file/row/column errors in a GOV.UK
error summary, confirming, and the history. Uses the real GIAS slice in tests/data/gias."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peerlift.store.models import Establishment, Import

pytestmark = pytest.mark.django_db

GIAS_SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"


def _upload(client, name: str, data: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return client.post("/imports/upload", {"file": SimpleUploadedFile(name, data), **fields})


def test_a_good_file_is_checked_then_imported_and_in_the_history(register, as_role) -> None:
    client = as_role("officer")
    check = _upload(client, GIAS_SLICE.name, GIAS_SLICE.read_bytes())
    assert check.status_code == 200
    html = check.content.decode()
    assert "The file can be imported" in html and "gias_establishments" in html
    assert not Establishment.objects.filter(urn=115850).exists()  # checking stores nothing
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    done = client.post("/imports/confirm", {"token": token.group(1)})
    record = Import.objects.get(file_name=GIAS_SLICE.name)
    assert done.status_code == 302 and done["Location"] == f"/imports/{record.pk}"
    assert record.loaded_by == "officer" and record.status == "loaded"
    assert Establishment.objects.get(urn=115850).name == "Alton Infant School"
    history = client.get("/imports.json").json()["tables"]["imports"]["rows"]
    assert history[0]["file_name"] == GIAS_SLICE.name and history[0]["sha256"] == record.sha256
    assert client.post("/imports/confirm", {"token": token.group(1)}).status_code == 302  # used up
    assert Import.objects.filter(file_name=GIAS_SLICE.name).count() == 1


def test_another_user_cannot_confirm_my_upload(register, as_role) -> None:
    html = _upload(as_role("officer"), GIAS_SLICE.name, GIAS_SLICE.read_bytes()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    as_role("admin").post("/imports/confirm", {"token": token.group(1)})
    assert not Import.objects.filter(file_name=GIAS_SLICE.name).exists()


def test_a_bad_row_is_named_by_file_row_and_column_in_the_error_summary(register, as_role) -> None:
    bad = GIAS_SLICE.read_bytes().replace(b"115851,", b"11X851,", 1)
    response = _upload(as_role("officer"), "bad_gias.csv", bad)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    assert 'href="#file"' in summary
    assert "bad_gias.csv, row 3, column &#x27;URN&#x27;: &#x27;11X851&#x27; is not a whole number" in summary
    assert 'id="file"' in html  # the link's target
    assert not Import.objects.filter(file_name="bad_gias.csv").exists()


def test_an_unknown_file_is_refused_with_the_kinds_peerlift_reads(register, as_role) -> None:
    html = _upload(as_role("officer"), "mystery.csv", b"a,b\n1,2\n").content.decode()
    assert "mystery.csv, row 1: peerlift does not recognise this file" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.exe", b"MZ", "The file must be one of: .csv, .parquet, .xlsm, .xlsx"),
        ("x.xlsx", b"not a zip", "The file is not really a .xlsx file"),
        ("x.csv", b"PK\x03\x04zip", "The file is not a text CSV file"),
        ("x.csv", b"", "The selected file is empty"),
    ],
)
def test_type_limits(name: str, data: bytes, message: str, register, as_role) -> None:
    response = _upload(as_role("officer"), name, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_size_limit(register, as_role, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_MAX_BYTES = 1024 * 1024
    response = _upload(as_role("officer"), "big.csv", b"a,b\n" + b"1,2\n" * 300_000)
    assert "The file must be smaller than 1 MB" in response.content.decode()


def test_no_file_and_a_bad_year_are_both_summarised(register, as_role) -> None:
    response = as_role("officer").post("/imports/upload", {"year": "24"})
    html = response.content.decode()
    assert 'href="#file">Select a file to upload' in html
    assert 'href="#year">Enter the year as four digits' in html


def test_rows_left_out_are_shown_by_reason(register, as_role) -> None:
    """An LA download of absence figures: two schools, then the LA's and England's total rows."""
    data = (
        b"LA,ESTAB,URN,PERCTOT,PPERSABS10\n850,2000,115976,4.1,9.0\n850,2001,115977,3.9,8.2\n"
        b"850,,,4.0,8.6\nNAT,,,4.7,10.9\n"
    )
    client = as_role("officer")
    html = _upload(client, "850_abs.csv", data, year="2019").content.decode()
    assert "Rows to be left out, by reason" in html
    assert re.search(r"LA total row</td><td[^>]*>1</td><td[^>]*>4<", html)
    assert re.search(r"England total row</td><td[^>]*>1</td><td[^>]*>5<", html)
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    client.post("/imports/confirm", {"token": token.group(1)})
    record = Import.objects.get(file_name="850_abs.csv")
    page = client.get(f"/imports/{record.pk}.json").json()["tables"]["skipped-by-reason"]["rows"]
    assert [(r["reason"], r["count"], r["first_rows"]) for r in page] == [
        ("LA total row", 1, "4"),
        ("England total row", 1, "5"),
    ]
