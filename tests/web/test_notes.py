"""Changing and deleting what officers note about a school: the school's LA officers and administrators
only, with a confirmation before deleting, each change audited with the note before and after."""

from __future__ import annotations

import pytest

from peerlift.web.models import AuditEntry, SchoolNote

from .conftest import ELSEWHERE, OWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(users) -> SchoolNote:  # type: ignore[no-untyped-def]
    return SchoolNote.objects.create(urn=OWN, text="Visited; maths lead new.", author="officer")


def test_an_officer_changes_a_note_and_it_is_audited(note: SchoolNote, as_role) -> None:
    client = as_role("admin")
    form = client.get(f"/schools/{OWN}/record/notes/{note.pk}/edit").content.decode()
    assert "Visited; maths lead new.</textarea>" in form
    response = client.post(
        f"/schools/{OWN}/record/notes/{note.pk}/edit", {"text": "  Visited; new maths lead.  "}
    )
    assert response.status_code == 302 and response["Location"] == f"/schools/{OWN}/record"
    note.refresh_from_db()
    assert (note.text, note.author) == ("Visited; new maths lead.", "officer")  # the writer stays
    entry = AuditEntry.objects.filter(action="change note").get()
    assert (entry.actor, entry.object_id, entry.la_code) == ("admin", str(note.pk), 999)
    assert (entry.before["text"], entry.after["text"]) == (
        "Visited; maths lead new.",
        "Visited; new maths lead.",
    )


def test_an_empty_change_is_refused_with_the_error_summary(note: SchoolNote, as_role) -> None:
    response = as_role("officer").post(f"/schools/{OWN}/record/notes/{note.pk}/edit", {"text": " "})
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#text">Enter a note' in html and 'id="text-error"' in html
    too_long = as_role("officer").post(f"/schools/{OWN}/record/notes/{note.pk}/edit", {"text": "x" * 10_001})
    assert "10,000 characters or fewer" in too_long.content.decode()
    note.refresh_from_db()
    assert (
        note.text == "Visited; maths lead new."
        and not AuditEntry.objects.filter(action="change note").exists()
    )


def test_deleting_asks_first_then_deletes_and_audits(note: SchoolNote, as_role) -> None:
    client = as_role("officer")
    confirm = client.get(f"/schools/{OWN}/record/notes/{note.pk}/delete")
    assert confirm.status_code == 200 and "Delete this note?" in confirm.content.decode()
    assert SchoolNote.objects.filter(pk=note.pk).exists()  # asking deletes nothing
    response = client.post(f"/schools/{OWN}/record/notes/{note.pk}/delete")
    assert response.status_code == 302 and not SchoolNote.objects.filter(pk=note.pk).exists()
    entry = AuditEntry.objects.filter(action="delete note").get()
    assert (entry.before["text"], entry.after, entry.la_code) == ("Visited; maths lead new.", None, 999)
    assert "No notes have been recorded" in client.get(f"/schools/{OWN}/record").content.decode()


def test_a_note_is_reached_only_through_its_own_school(note: SchoolNote, as_role) -> None:
    """An officer of another LA may write their own schools' records, but cannot reach this note by
    putting its id under one of their schools."""
    client = as_role("other_officer")
    assert client.get(f"/schools/{ELSEWHERE}/record/notes/{note.pk}/edit").status_code == 404
    assert client.post(f"/schools/{ELSEWHERE}/record/notes/{note.pk}/edit", {"text": "x"}).status_code == 404
    assert client.post(f"/schools/{ELSEWHERE}/record/notes/{note.pk}/delete").status_code == 404
    assert client.post(f"/schools/{OWN}/record/notes/{note.pk}/delete").status_code == 403
    assert SchoolNote.objects.get(pk=note.pk).text == "Visited; maths lead new."


@pytest.mark.parametrize("role", ["headteacher", "member"])
def test_readers_and_members_cannot_change_notes(note: SchoolNote, as_role, role: str) -> None:
    client = as_role(role)
    assert client.post(f"/schools/{OWN}/record/notes/{note.pk}/edit", {"text": "x"}).status_code == 403
    assert client.post(f"/schools/{OWN}/record/notes/{note.pk}/delete").status_code == 403
    assert SchoolNote.objects.filter(pk=note.pk).exists()


def test_the_record_links_changes_for_writers_only_and_not_in_downloads(note: SchoolNote, as_role) -> None:
    link = f'href="/schools/{OWN}/record/notes/{note.pk}/edit"'
    assert link in as_role("officer").get(f"/schools/{OWN}/record").content.decode()
    assert link not in as_role("headteacher").get(f"/schools/{OWN}/record").content.decode()
    csv = as_role("officer").get(f"/schools/{OWN}/record/download/notes.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "When,Who,Note"
    columns = as_role("officer").get(f"/schools/{OWN}/record.json").json()["tables"]["notes"]["columns"]
    assert [c["key"] for c in columns] == ["created_at", "author", "text"]
