"""The one audited-change helper: a change and its audit entry are one transaction, the entry holds
the record before and after, and nothing is logged for a change that failed or changed nothing."""

from __future__ import annotations

import pytest

from peerlift.web import audit
from peerlift.web.models import AuditEntry, Network, SchoolNote

from .conftest import OWN

pytestmark = pytest.mark.django_db


def test_create_change_and_delete_are_logged_before_and_after(register) -> None:
    note = audit.audited_change(
        "ann",
        "add note",
        audit.NOTE,
        lambda: SchoolNote.objects.create(urn=OWN, text="a", author="ann"),
        la=999,
    )
    pk = note.pk

    def change() -> SchoolNote:
        note.text = "b"
        note.save()
        return note

    audit.audited_change("bob", "change note", audit.NOTE, change, la=999, target=note)

    def delete() -> None:
        note.delete()

    audit.audited_change("cy", "delete note", audit.NOTE, delete, la=999, target=note)
    logged = list(
        AuditEntry.objects.order_by("id").values_list("actor", "object_type", "object_id", "before", "after")
    )
    made = {"urn": OWN, "text": "a", "author": "ann"}
    changed = {"urn": OWN, "text": "b", "author": "ann"}
    assert logged == [
        ("ann", "school note", str(pk), None, made),
        ("bob", "school note", str(pk), made, changed),
        ("cy", "school note", str(pk), changed, None),  # the key read before the deletion forgot it
    ]
    assert set(AuditEntry.objects.values_list("la_code", flat=True)) == {999}


def test_a_failed_change_is_rolled_back_and_not_logged(register) -> None:
    network = Network.objects.create(name="North", la_code=999)

    def rename_then_fail() -> Network:
        network.name = "South"
        network.save()
        raise ValueError("the disk is full")

    with pytest.raises(ValueError, match="disk is full"):
        audit.audited_change("ann", "rename network", audit.NETWORK, rename_then_fail, la=999, target=network)
    assert Network.objects.get(pk=network.pk).name == "North"
    assert not AuditEntry.objects.exists()


def test_a_change_that_changes_nothing_is_not_logged(register) -> None:
    network = Network.objects.create(name="North", la_code=999)
    audit.audited_change("ann", "rename network", audit.NETWORK, lambda: network, la=999, target=network)
    assert not AuditEntry.objects.exists()
