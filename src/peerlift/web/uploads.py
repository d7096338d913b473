"""Where uploads wait, and for how long; and the limit a file's bytes are held to as they stream in.

A checked upload waits in ``PEERLIFT_UPLOAD_DIR/<random token>/`` until its uploader confirms it.
Unconfirmed ones are removed once older than ``PEERLIFT_UPLOAD_MAX_AGE`` (seconds): on every upload and
confirm, by ``peerlift clean-uploads``, and at sign-out for the uploads of that session. Django's
temporary files of uploads in progress are kept in ``FILE_UPLOAD_TEMP_DIR`` (``.incoming`` in the same
folder), so that one left by a worker that was killed is removed the same way.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.dispatch import receiver
from django.http import HttpRequest

SESSION_KEY = "peerlift_uploads"
TOO_LARGE = "_peerlift_upload_too_large"  # set on the request when the handler stopped an upload


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts the bytes of the request's files as they arrive and stops
    the upload at PEERLIFT_UPLOAD_MAX_BYTES, without reading the rest of the body. Django then closes
    (and so deletes) the partial temporary file; the view says the file is too large. The middleware
    refuses by Content-Length before this; this holds whatever the header says."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.PEERLIFT_UPLOAD_MAX_BYTES:
            if self.request is not None:
                setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) makes the file


def stopped_too_large(request: HttpRequest) -> bool:
    return bool(getattr(request, TOO_LARGE, False))


def upload_dir() -> Path:
    return Path(settings.PEERLIFT_UPLOAD_DIR)


def expire(max_age: float | None = None, now: float | None = None) -> list[Path]:
    """Remove waiting uploads (and temporary files of uploads in progress) older than ``max_age``
    seconds; returns what was removed."""
    age = settings.PEERLIFT_UPLOAD_MAX_AGE if max_age is None else max_age
    cutoff = (time.time() if now is None else now) - age
    removed: list[Path] = []
    incoming = Path(settings.FILE_UPLOAD_TEMP_DIR)
    for folder in (upload_dir(), incoming):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if entry == incoming or not _older(entry, cutoff):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def _older(entry: Path, cutoff: float) -> bool:
    try:
        return entry.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def discard(path: Path) -> None:
    """Remove one upload's folder (its token's), whatever became of it."""
    folder = path.parent
    if folder.parent == upload_dir():
        shutil.rmtree(folder, ignore_errors=True)


def waiting(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """The session's checked uploads, token -> what the confirm needs; expired ones left out."""
    staged: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    return {token: entry for token, entry in staged.items() if Path(entry["path"]).exists()}


@receiver(user_logged_out)
def _discard_at_sign_out(sender: object, request: HttpRequest | None, **_: Any) -> None:
    """Signing out ends the session that alone could confirm its uploads: remove them now."""
    if request is None or not hasattr(request, "session"):
        return
    for entry in request.session.get(SESSION_KEY, {}).values():
        discard(Path(entry["path"]))
