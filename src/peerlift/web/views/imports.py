"""Importing published files from the browser: upload, check (the validation report, with any error
named by file, row and column in a GOV.UK error summary), confirm; and the history of imports.

An upload is checked by reading it with the same reader the import uses, without storing anything.
The file waits in the upload folder under a random token kept in the uploader's session, so only they
can confirm it; confirming runs the ordinary import (one transaction, provenance, idempotent).
Unconfirmed uploads expire (web/uploads.py); a file's folder is removed on every way out of a check
that fails, and after every confirm. Files are decoded by the readers' one path (sources.base.decode),
so the web accepts and refuses exactly what the command line does, with the same messages.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_http_methods, require_POST

from peerlift.sources import gias, registry
from peerlift.sources.base import SourceError, skipped_by_reason
from peerlift.store import access, queries
from peerlift.store.imports import import_file
from peerlift.store.models import Import
from peerlift.web import audit, forms, permissions, tasks, upload_messages, uploads
from peerlift.web.pages import Content, Output, error_summary, page
from peerlift.web.tables import Column, Row, Table

SESSION_KEY = uploads.SESSION_KEY
SIGNATURES = {".xlsx": b"PK\x03\x04", ".xlsm": b"PK\x03\x04", ".parquet": b"PAR1"}


def _import_url(row: Row) -> str:
    return reverse("import", kwargs={"pk": row["id"]})


@page(
    "imports",
    name="imports",
    template="web/imports.html",
    rule=permissions.import_data,
    summary="Every import with its provenance",
)
def imports(request: HttpRequest, output: Output) -> Content:
    rows = list(reversed(queries.imports()))
    table = Table(
        "imports",
        "Imports, newest first",
        [
            Column("id", "Import", numeric=True, link=_import_url),
            Column("file_name", "File"),
            Column("kind", "Kind"),
            Column("year", "Year", numeric=True),
            Column("status", "Status"),
            Column("rows_read", "Rows read", numeric=True, count=True),
            Column("rows_skipped", "Rows skipped", numeric=True),
            Column("loaded_by", "Loaded by"),
            Column("loaded_at", "When"),
            Column("sha256", "SHA-256"),
        ],
        rows,
        empty="No files have been imported yet.",
    )
    return Content("Imports", [table])


@page(
    "imports/<int:pk>",
    name="import",
    template="web/import.html",
    rule=permissions.import_data,
    summary="One import: its provenance, what it loaded, rows skipped and unknown columns",
)
def import_detail(request: HttpRequest, output: Output, pk: int) -> Content:
    record = access.import_record(pk)
    if record is None:
        raise Http404(f"There is no import {pk}.")
    counts = [
        {"table": t.replace("_", " "), "rows": n} for t, n in record["counts"].items() if isinstance(n, int)
    ]
    tables = [
        Table(
            "loaded",
            "Rows written, by table",
            [Column("table", "Table"), Column("rows", "Rows", numeric=True, count=True)],
            counts,
            empty="Nothing was written.",
        ),
        Table(
            "skipped-by-reason",
            "Rows left out, by reason",
            [
                Column("reason", "Reason"),
                Column("count", "Rows", numeric=True),
                Column("first_rows", "First rows"),
            ],
            [_counted(c) for c in record["skipped_by_reason"]],
            empty="No rows were left out.",
        ),
        Table(
            "skipped",
            "Rows left out, and why (the first 1,000)",
            [Column("row", "Row", numeric=True), Column("reason", "Reason")],
            record["skipped"],
            empty="No rows were left out.",
        ),
        Table(
            "unknown-columns",
            "Columns peerlift does not map (reported, not used)",
            [Column("column", "Column")],
            [{"column": c} for c in record["unknown_columns"]],
            empty="Every column was recognised.",
        ),
    ]
    return Content(
        f"Import {pk}: {record['file_name']}", tables, context={"record": record}, data={"import": record}
    )


def _counted(reason: dict[str, Any]) -> Row:
    """One reason rows were left out, with its first rows as a short list a page can show."""
    return {**reason, "first_rows": ", ".join(str(r) for r in reason["first_rows"])}


@dataclass
class Upload:
    """What the upload form was given, and what was wrong with it (field id -> message)."""

    kind: str
    year: int | None
    set_name: str
    errors: dict[str, str]
    date: dt.date | None = None  # a GIAS extract's date, when its file name carries none
    date_input: dict[str, Any] | None = None  # the GOV.UK date input's parts (forms.date_parts)


def _form(request: HttpRequest) -> Upload:
    errors: dict[str, str] = {}
    kind = request.POST.get("kind", "")
    if kind and kind not in registry.kinds():
        errors["kind"] = "Choose a kind of file from the list"
    year_text = request.POST.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else None
    if year_text and year is None:
        errors["year"] = "Enter the year as four digits, for example 2024 for 2023/24"
    upload = request.FILES.get("file")
    if uploads.stopped_too_large(request):
        errors["file"] = _too_large()
    elif upload is None:
        errors["file"] = "Select a file to upload"
    elif problem := _file_problem(upload):
        errors["file"] = problem
    dated = forms.ExtractDateForm(request.POST)
    if not dated.is_valid():
        errors |= forms.errors_of(dated)
    return Upload(
        kind,
        year,
        request.POST.get("set_name", "").strip()[:60],
        errors,
        dated.cleaned_data.get("extract_date") if not dated.errors else None,
        forms.date_parts(dated, "extract_date", None),
    )


def _file_problem(upload: UploadedFile) -> str | None:
    """Size and type limits, checked on the name and on the first bytes."""
    suffix = Path(upload.name or "").suffix.lower()
    allowed = settings.PEERLIFT_UPLOAD_TYPES
    if suffix not in allowed:
        return f"The file must be one of: {', '.join(sorted(allowed))}"
    if (upload.size or 0) > settings.PEERLIFT_UPLOAD_MAX_BYTES:
        return _too_large()
    if not upload.size:
        return "The selected file is empty"
    first = next(upload.chunks(1024), b"")
    upload.seek(0)
    signature = SIGNATURES.get(suffix)
    if signature is not None and not first.startswith(signature):
        return f"The file is not really a {suffix} file"
    return None  # a CSV's text is checked by the reader, as on the command line


def _too_large() -> str:
    return f"The file must be smaller than {settings.PEERLIFT_UPLOAD_MAX_BYTES // (1024 * 1024)} MB"


def _stage(upload: UploadedFile) -> tuple[str, Path]:
    token = secrets.token_urlsafe(16)
    folder = Path(settings.PEERLIFT_UPLOAD_DIR) / token
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (get_valid_filename(Path(upload.name or "upload").name) or "upload")
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except BaseException:
        uploads.discard(path)
        raise
    return token, path


def _check(path: Path, form: Upload) -> dict[str, Any]:
    """Read the file as the import would, store nothing; a SourceError comes back as a report."""
    try:
        reader = registry.reader_for(path, form.kind or None)
        result = gias.with_given_date(reader.read(path, form.year), form.date)
    except SourceError as error:
        said = upload_messages.plain(error)
        return {
            "error": {
                "file": error.file,
                "row": error.row,
                "column": error.column,
                "message": said.message,
                "summary": upload_messages.summary(error, said.message),
                "choose_kind": said.choose_kind,
            }
        }
    return {
        "kind": result.kind,
        "description": reader.description,
        "year": result.year,
        "rows_read": result.rows_read,
        "tables": [
            {"table": t.replace("_", " "), "rows": f.height} for t, f in result.tables.items() if f.height
        ],
        "skipped": [{"row": s.row, "reason": s.reason} for s in result.skipped[:50]],
        "skipped_count": len(result.skipped),
        "skipped_by_reason": [_counted(c) for c in skipped_by_reason(result.skipped)],
        "unknown_columns": result.unknown_columns,
        "notes": result.notes,
    }


def _kinds() -> list[tuple[str, str]]:
    """The kinds of file to choose from, by their descriptions (the codes are only the values)."""
    return sorted(
        ((kind, reader.description) for kind, reader in registry.kinds().items()), key=lambda k: k[1]
    )


@permissions.rule(permissions.import_data)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; on POST, the validation report."""
    context: dict[str, Any] = {
        "title": "Import a published file",
        "kinds": _kinds(),
        "limit_mb": settings.PEERLIFT_UPLOAD_MAX_BYTES // (1024 * 1024),
        "types": ", ".join(sorted(settings.PEERLIFT_UPLOAD_TYPES)),
        "extract_date": forms.date_parts(forms.ExtractDateForm(None), "extract_date", None),
    }
    if request.method == "GET":
        return render(request, "web/upload.html", context)
    uploads.expire()
    form = _form(request)
    context["form"] = form
    context["extract_date"] = form.date_input
    if form.errors:
        context["error_summary"] = error_summary(form.errors)
        return render(request, "web/upload.html", context, status=400)
    token, path = _stage(request.FILES["file"])
    try:
        report = _check(path, form)
    except BaseException:
        uploads.discard(path)  # whatever failed, the file does not stay behind
        raise
    context.update(report=report, file_name=path.name, token=token, title="Check the file before importing")
    if "error" in report:
        uploads.discard(path)
        context["error_summary"] = [{"field": "file", "message": report["error"]["summary"]}]
        context["form"].errors["file"] = context["error_summary"][0]["message"]
        return render(request, "web/upload.html", context, status=400)
    staged = uploads.waiting(request)
    staged[token] = {
        "path": str(path),
        "kind": report["kind"],
        "year": form.year,
        "set_name": form.set_name,
        "date": form.date.isoformat() if form.date else None,
    }
    request.session[SESSION_KEY] = staged
    return render(request, "web/upload_check.html", context)


def _audit(who: permissions.Viewer, record: Import, las: list[int]) -> None:
    """File a new import in the audit logs (inside its transaction)."""
    audit.record_import(who.username, record, las, own_la=who.la)


@permissions.rule(permissions.import_data)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import a checked upload (only its uploader can: the token lives in their session)."""
    uploads.expire()
    staged = uploads.waiting(request)
    entry = staged.pop(request.POST.get("token", ""), None)
    request.session[SESSION_KEY] = staged
    if entry is None:
        messages.error(request, "That upload has expired or was already imported. Upload the file again.")
        return redirect("upload")
    path = Path(entry["path"])
    who = permissions.viewer(request)
    rights = permissions.import_rights(who)
    if rights is None:  # the rule lets only those with import rights here
        uploads.discard(path)
        raise PermissionDenied("you may not import files")
    try:
        outcome = import_file(
            path,
            kind=entry["kind"],
            year=entry["year"],
            set_name=entry["set_name"] or None,
            date=dt.date.fromisoformat(entry["date"]) if entry.get("date") else None,
            user=who.username,
            rights=rights,
            on_loaded=partial(_audit, who),
        )
    except SourceError as error:
        said = upload_messages.plain(error)
        messages.error(request, f"The file was not imported: {upload_messages.summary(error, said.message)}")
        return redirect("imports")
    finally:
        uploads.discard(path)
    record = outcome.record
    if outcome.unchanged:
        audit.record_import(who.username, record, [], own_la=who.la, unchanged=True)
    if refusal := record.counts.get("refused_note"):
        messages.warning(request, f"{record.file_name}: {refusal}")
    if outcome.unchanged:
        messages.info(
            request, f"{record.file_name} was imported before (import {record.pk}); nothing changed."
        )
    else:
        messages.success(request, f"{record.file_name} was imported: {record.rows_read:,} rows read.")
        if who.la is not None:  # the importer's LA's categories, worked out again for review
            tasks.request_recompute(who.la, who.username, f"after the import of {record.file_name}")
    return redirect("import", pk=record.pk)
