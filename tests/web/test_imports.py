"""Importing from the browser: limits, the validation report with file/row/column errors in a GOV.UK
error summary, confirming, and the history. Uses the real GIAS slice in tests/data/gias."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlift.store.models import Establishment, Import

pytestmark = pytest.mark.django_db

GIAS_SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"


def _upload(client, name: str, data: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return client.post("/imports/upload", {"file": SimpleUploadedFile(name, data), **fields})


def _system_admin() -> Client:
    """A superuser: imports with national rights (the slice's schools are of LAs 850 and 936, not of
    the officers' LA 999; see test_import_rights for what an officer may import)."""
    client = Client()
    client.force_login(User.objects.create_superuser("root", "", "x"))
    return client


def test_a_good_file_is_checked_then_imported_and_in_the_history(register, as_role) -> None:
    client = _system_admin()
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
    assert record.loaded_by == "root" and record.status == "loaded"
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


# ---------------------------------------------------------------------------------------------
# Issue 8: one decoding path, NUL, formulas, body limits, expiry


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads" / ".incoming")
    return settings.PEERLIFT_UPLOAD_DIR


def _token(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found is not None, "no token: the file was not accepted"
    return found.group(1)


def _summary(html: str) -> str:
    start = html.index("govuk-error-summary")
    return html[start : html.index("</ul>", start)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_files_are_accepted_as_on_the_command_line(encoding: str, register, as_role) -> None:
    data = GIAS_SLICE.read_bytes().decode("cp1252").encode(encoding)  # with its byte-order mark
    client = _system_admin()
    check = _upload(client, GIAS_SLICE.name, data)
    assert check.status_code == 200, check.content.decode()[:2000]
    client.post("/imports/confirm", {"token": _token(check.content.decode())})
    assert Establishment.objects.get(urn=115850).name == "Alton Infant School"


def test_a_nul_deep_in_the_file_is_refused_with_row_and_column(register, as_role) -> None:
    data = GIAS_SLICE.read_bytes()
    data = data.replace(b"Weyford Nursery", b"Weyford Late\x00nul")  # row 5
    assert data.index(b"\x00") > 4096  # past what the web and the readers looked at for NUL
    response = _upload(as_role("officer"), "nul_gias.csv", data)
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert (
        "nul_gias.csv, row 5, column &#x27;EstablishmentName&#x27;: this cell holds a NUL character"
        in summary
    )
    assert not Import.objects.filter(file_name="nul_gias.csv").exists()


@pytest.mark.parametrize("cell", ["+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\uff1dHYPERLINK(1)"])
def test_formulas_of_every_spelling_are_refused(cell: str, register, as_role) -> None:
    text = GIAS_SLICE.read_bytes().decode("cp1252").replace("Anstey Junior School", cell)
    response = _upload(as_role("officer"), "formula_gias.csv", text.encode("utf-8"))
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert "row 3, column &#x27;EstablishmentName&#x27;: this cell is a spreadsheet formula" in summary


def test_a_csv_that_is_really_a_zip_gets_the_readers_message(register, as_role) -> None:
    response = _upload(as_role("officer"), "x.csv", b"PK\x03\x04zip")
    assert "x.csv: this is a zip or workbook file with a .csv name" in response.content.decode()


def test_a_user_who_may_not_import_is_refused_before_the_body_is_read(
    register, as_role, upload_folder
) -> None:
    response = _upload(as_role("member"), GIAS_SLICE.name, GIAS_SLICE.read_bytes())
    assert response.status_code == 403
    assert "Your role does not let you import files." in response.content.decode()
    assert not upload_folder.exists()


def test_an_anonymous_upload_is_sent_to_sign_in(client, register) -> None:  # type: ignore[no-untyped-def]
    response = _upload(client, GIAS_SLICE.name, GIAS_SLICE.read_bytes())
    assert response.status_code == 302 and response["Location"].startswith("/sign-in?next=/imports/upload")


def test_a_body_longer_than_the_limit_is_refused_by_its_length(register, as_role, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_MAX_BYTES = 1024 * 1024
    response = _upload(as_role("officer"), "big.csv", b"a,b\n" + b"1,2\n" * 300_000)
    assert response.status_code == 413
    assert "The file must be smaller than 1 MB" in response.content.decode()


def test_a_large_form_elsewhere_is_refused_by_its_length(register, as_role) -> None:
    big = SimpleUploadedFile("x.csv", b"x" * (6 * 1024 * 1024))
    response = as_role("officer").post(f"/schools/{register.own}/record/notes", {"file": big, "text": "x"})
    assert response.status_code == 413


def test_the_stream_is_stopped_at_the_limit_and_its_temporary_file_removed(
    register, as_role, settings, upload_folder
) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_MAX_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # so that the file spools to a temporary file
    data = GIAS_SLICE.read_bytes() * 130  # 1.05 MB: within the length the middleware allows
    assert 1024 * 1024 < len(data) < 1024 * 1024 + 60 * 1024
    response = _upload(as_role("officer"), "big_gias.csv", data)
    assert response.status_code == 400
    assert 'href="#file">The file must be smaller than 1 MB' in response.content.decode()
    incoming = upload_folder / ".incoming"
    assert not incoming.exists() or not any(incoming.iterdir())
    assert not [p for p in upload_folder.iterdir() if p != incoming]


def test_unconfirmed_uploads_expire_on_the_next_upload(register, as_role, upload_folder, settings) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    token = _token(_upload(client, GIAS_SLICE.name, GIAS_SLICE.read_bytes()).content.decode())
    waiting = upload_folder / token
    assert waiting.is_dir()
    old = time.time() - settings.PEERLIFT_UPLOAD_MAX_AGE - 60
    os.utime(waiting, (old, old))
    _upload(client, "mystery.csv", b"a,b\n1,2\n")
    assert not waiting.exists()
    response = client.post("/imports/confirm", {"token": token}, follow=True)
    assert "That upload has expired or was already imported" in response.content.decode()
    assert not Import.objects.filter(file_name=GIAS_SLICE.name).exists()


def test_signing_out_removes_that_sessions_uploads(register, as_role, upload_folder) -> None:
    client = as_role("officer")
    token = _token(_upload(client, GIAS_SLICE.name, GIAS_SLICE.read_bytes()).content.decode())
    assert (upload_folder / token).is_dir()
    client.post("/sign-out")
    assert not (upload_folder / token).exists()


def test_clean_uploads_removes_old_ones_and_keeps_new_ones(upload_folder, settings) -> None:  # type: ignore[no-untyped-def]
    from cli_runner import run

    old_upload, new_upload = upload_folder / "old-token", upload_folder / "new-token"
    stray = upload_folder / ".incoming" / "tmpabc.upload.csv"
    for folder in (old_upload, new_upload, stray.parent):
        folder.mkdir(parents=True)
    (old_upload / "f.csv").write_text("a")
    stray.write_text("half")
    old = time.time() - 2 * 3600
    for path in (old_upload, stray):
        os.utime(path, (old, old))
    code, out, _ = run("clean-uploads", "--older-than", "90")
    assert code == 0 and "2 waiting upload(s) removed." in out
    assert not old_upload.exists() and not stray.exists() and new_upload.exists()


def test_rows_left_out_are_shown_by_reason(register, as_role) -> None:
    """An LA download of absence figures: two schools, then the LA's and England's total rows."""
    data = (
        b"LA,ESTAB,URN,PERCTOT,PPERSABS10\n850,2000,115976,4.1,9.0\n850,2001,115977,3.9,8.2\n"
        b"850,,,4.0,8.6\nNAT,,,4.7,10.9\n"
    )
    client = _system_admin()
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


def test_an_undated_gias_extract_takes_the_date_given_on_the_page(register, as_role) -> None:
    client = _system_admin()
    day = {"extract_date-day": "1", "extract_date-month": "4", "extract_date-year": "2022"}
    check = _upload(client, "hampshire_schools.csv", GIAS_SLICE.read_bytes(), **day)
    html = check.content.decode()
    assert check.status_code == 200 and "extract_date=2022-04-01 (from the date given with the file)" in html
    assert "--date" not in html
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    client.post("/imports/confirm", {"token": token.group(1)})
    record = Import.objects.get(file_name="hampshire_schools.csv")
    assert (record.as_of.isoformat(), record.as_of_source) == ("2022-04-01", "--date")


def test_a_date_that_is_not_one_is_refused_in_words(register, as_role) -> None:
    client = _system_admin()
    day = {"extract_date-day": "31", "extract_date-month": "2", "extract_date-year": "2022"}
    refused = _upload(client, "hampshire_schools.csv", GIAS_SLICE.read_bytes(), **day)
    assert refused.status_code == 400
    assert "The date of the extract must be a real date" in refused.content.decode()
    assert not Import.objects.filter(file_name="hampshire_schools.csv").exists()
