"""Import rights through the web upload, and the audit log of every LA an import wrote (issue 8,
defect 5; decision 0006). Files: the real GIAS slice in tests/data/gias (four schools of LA 850,
URNs 115850, 115851, 115852, 116018, and one of LA 936, URN 125131) and a one-row extract made from
it for a school of the hand-made register's LA 999 (conftest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlift.store.models import Establishment, Import
from peerlift.web import accounts
from peerlift.web.models import AuditEntry, Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"


def _import(client: Client, name: str, data: bytes) -> tuple[int, list[str]]:
    """Upload, check and confirm a file; the confirm's status and the messages it left."""
    html = client.post("/imports/upload", {"file": SimpleUploadedFile(name, data)}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None, html
    done = client.post("/imports/confirm", {"token": token.group(1)})
    return done.status_code, [str(m) for m in get_messages(done.wsgi_request)]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _officer_of(la: int) -> Client:
    user = accounts.create_user(f"officer-{la}", PASSWORD, accounts.Scope(Role.OFFICER, la=la), actor="t")[0]
    return _client(user)


def _renaming(urn: int, la: int, la_name: str, name: str) -> bytes:
    """A one-row extract (the slice's first row, made into another school) renaming and closing it."""
    lines = SLICE.read_bytes().decode("cp1252").splitlines()
    row = lines[1].replace('115850,"850","Hampshire"', f'{urn},"{la}","{la_name}"', 1)
    row = row.replace('"Alton Infant School"', f'"{name}"', 1).replace('"Open"', '"Closed"', 1)
    return f"{lines[0]}\r\n{row}\r\n".encode("cp1252")


def test_an_officer_cannot_rewrite_another_la_s_school(register, as_role) -> None:
    """The probe's case: an officer of LA 331 uploads one row renaming and closing a school of 999."""
    school = Establishment.objects.get(urn=register.other)
    data = _renaming(register.other, 999, "Demo City", "Renamed by another LA")
    status, said = _import(as_role("other_officer"), "20260101_gias.csv", data)
    assert status == 302
    assert said == [
        "The file was not imported: 20260101_gias.csv: nothing was imported: the file holds no rows "
        f"for LA 331's schools (establishments: 1 row of LA 999 (URN {register.other})). An LA's "
        "officers and administrators import files for their own LA's schools; other LAs' schools and "
        "national data are imported by a system administrator."
    ]
    after = Establishment.objects.get(urn=register.other)
    assert (after.name, after.status) == (school.name, school.status)
    assert not AuditEntry.objects.filter(action="import file").exists()


def test_an_officer_imports_their_own_la_s_rows_and_is_told_of_the_others(register, users) -> None:
    status, said = _import(_officer_of(850), SLICE.name, SLICE.read_bytes())
    assert status == 302
    assert said[0] == (
        f"{SLICE.name}: 1 row is not for LA 850's schools and was left out (establishments: 1 row of "
        "LA 936 (URN 125131)). An LA's officers and administrators import files for their own LA's "
        "schools; other LAs' schools and national data are imported by a system administrator."
    )
    assert sorted(Establishment.objects.filter(la_code__in=[850, 936]).values_list("urn", flat=True)) == [
        115850,
        115851,
        115852,
        116018,
    ]
    record = Import.objects.get(file_name=SLICE.name)
    entries = AuditEntry.objects.filter(action="import file", object_id=str(record.pk))
    assert sorted(e.la_code for e in entries) == [850]
    assert entries[0].after["las_written"] == [850] and entries[0].after["rows_refused"] == 1


def test_a_superuser_s_import_is_in_the_audit_log_of_every_la_it_wrote(register, users) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    status, said = _import(_client(admin), SLICE.name, SLICE.read_bytes())
    assert status == 302 and not any("left out" in m for m in said)
    record = Import.objects.get(file_name=SLICE.name)
    entries = AuditEntry.objects.filter(action="import file", object_id=str(record.pk))
    assert sorted(e.la_code for e in entries) == [850, 936]
    assert all(e.actor == "root" and e.after["las_written"] == [850, 936] for e in entries)
    # LA 936's administrator sees it in their LA's log
    surrey_admin = accounts.create_user("surrey", PASSWORD, accounts.Scope(Role.ADMIN, la=936), actor="t")[0]
    log = _client(surrey_admin).get("/audit.json")
    assert log.status_code == 200
    assert str(record.pk) in log.content.decode()
