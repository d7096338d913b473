"""The audit log: every change to recorded data and to users, with who, when, before and after.

Changes are recorded in the same transaction as the change itself, so the log never disagrees with
the data. Passwords are never logged, only that one changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User

from peerlift.store.models import Import
from peerlift.web.models import AuditEntry, Profile, SchoolNote

Snapshot = dict[str, Any] | None


def record(
    actor: str,
    action: str,
    object_type: str,
    object_id: object,
    before: Snapshot,
    after: Snapshot,
    *,
    la: int | None = None,
) -> None:
    """Log one change; ``la`` is the LA it concerns, so that LA's administrators see it."""
    AuditEntry.objects.create(
        la_code=la,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
    )


def record_import(
    actor: str, record: Import, las: Iterable[int], *, own_la: int | None, unchanged: bool = False
) -> None:
    """File an import in the audit log of every LA whose schools it wrote, and of the importer's own
    LA (so an LA sees who changed its schools from elsewhere, and an LA's imports are all in its log)."""
    written = sorted(set(las))
    after = {
        "file_name": record.file_name,
        "kind": record.kind,
        "year": record.year,
        "status": record.status,
        "sha256": record.sha256,
        "unchanged": unchanged,
        "las_written": written,
        "rows_refused": sum(int(r["rows"]) for r in record.counts.get("refused", [])),
    }
    for la in sorted(set(written) | ({own_la} if own_la is not None or not written else set()), key=str):
        AuditEntry.objects.create(
            la_code=la,
            actor=actor,
            action="import file",
            object_type="import",
            object_id=str(record.pk),
            before=None,
            after=after,
        )


def user_snapshot(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: identity, role and scope, never the password hash."""
    profile = Profile.objects.filter(user=user).first()
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "role": profile.role if profile else None,
        "la": profile.la_code if profile else None,
        "urn": profile.urn if profile else None,
        "networks": sorted(profile.networks.values_list("name", flat=True)) if profile else [],
    }


def note_snapshot(note: SchoolNote) -> dict[str, Any]:
    return {"urn": note.urn, "text": note.text, "author": note.author}


def entries(la: int | None, everyone: bool, limit: int = 1000) -> list[dict[str, Any]]:
    """The newest entries an administrator may read: their LA's, or every one for a superuser."""
    found = AuditEntry.objects.all() if everyone else AuditEntry.objects.filter(la_code=la)
    return [
        {
            "id": e.pk,
            "la": e.la_code,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "before": e.before,
            "after": e.after,
        }
        for e in found[:limit]
    ]
