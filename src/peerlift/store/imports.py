"""Importing a published file: recognise, read, and load it in one transaction, with provenance.

The same bytes imported again (same kind, year and neighbour-set name) change nothing. A file that
fails, in reading or in loading, leaves the register exactly as it was, and the failure itself is
recorded so that the import history tells the whole story.
"""

from __future__ import annotations

import getpass
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from peerlift.sources import frames, registry
from peerlift.sources.base import ReadResult, SourceError
from peerlift.store import loading
from peerlift.store.models import Import

MAX_SKIPS_KEPT = 1000

Step = Callable[[str], None]


@dataclass
class Outcome:
    """What happened to one file."""

    record: Import
    unchanged: bool = False


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    path: Path,
    *,
    kind: str | None = None,
    year: int | None = None,
    set_name: str | None = None,
    user: str | None = None,
    step: Step | None = None,
) -> Outcome:
    """Import one file. Raises SourceError (after recording the failure) when it cannot."""
    step = step or (lambda _: None)
    user = user or getpass.getuser()
    started = time.perf_counter()
    sha = sha256_of(path)
    step("recognising")
    try:
        reader = registry.reader_for(path, kind)
    except SourceError as error:
        _record_failure(path, sha, kind or "unknown", year, user, error)
        raise
    previous = _previous(sha, reader.kind, year, set_name)
    if previous is not None:
        return Outcome(previous, unchanged=True)
    step(f"reading {reader.kind}")
    try:
        result = reader.read(path, year)
    except SourceError as error:
        _record_failure(path, sha, reader.kind, year, user, error)
        raise
    try:
        record = _load(path, sha, result, set_name, user, step)
    except Exception as error:
        _record_failure(path, sha, reader.kind, result.year, user, error)
        raise
    record.seconds = time.perf_counter() - started
    record.save(update_fields=["seconds"])
    return Outcome(record)


def _previous(sha: str, kind: str, year: int | None, set_name: str | None) -> Import | None:
    """The earlier import of these very bytes, read the same way, if there is one."""
    for earlier in Import.objects.filter(sha256=sha, kind=kind, status=Import.Status.LOADED):
        if (year is None or earlier.year == year) and earlier.counts.get("set_name") == set_name:
            return earlier
    return None


def _load(path: Path, sha: str, result: ReadResult, set_name: str | None, user: str, step: Step) -> Import:
    with transaction.atomic():
        record = Import.objects.create(
            file_name=path.name,
            sha256=sha,
            kind=result.kind,
            year=result.year,
            status=Import.Status.LOADED,
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_skipped=len(result.skipped),
            skipped=[{"row": s.row, "reason": s.reason} for s in result.skipped[:MAX_SKIPS_KEPT]],
            unknown_columns=result.unknown_columns,
            notes=result.notes,
            record_columns=result.record_columns,
            loaded_by=user,
        )
        counts: dict[str, object] = {"set_name": set_name}
        tables = result.tables
        for table, frame in tables.items():
            if frame.is_empty() or table == frames.JUDGEMENTS:
                continue
            step(f"writing {table}")
            counts.update(_write(table, result, record, set_name))
        record.counts = counts
        record.save(update_fields=["counts", "notes"])
    return record


def _write(table: str, result: ReadResult, record: Import, set_name: str | None) -> dict[str, int]:
    """Load one table of the result with the loader that knows its natural key; rows written by table."""
    tables = result.tables
    if table == frames.ESTABLISHMENTS:
        written = loading.load_establishments(tables[table], record, result.as_of)
        kept = tables[table].height - written
        if kept:
            record.notes.append(f"{kept} establishments left as a later extract already describes them")
        return {table: written}
    if table == frames.INSPECTIONS:
        judgements = tables.get(frames.JUDGEMENTS, frames.empty(frames.JUDGEMENTS))
        inspections, grades = loading.load_inspections(tables[table], judgements, record)
        return {table: inspections, frames.JUDGEMENTS: grades}
    if table == frames.NEIGHBOURS:
        return {table: loading.load_neighbours(tables[table], record, set_name)}
    simple = {
        frames.LINKS: loading.load_links,
        frames.SCHOOL_MEASURES: loading.load_school_measures,
        frames.AREA_MEASURES: loading.load_area_measures,
        frames.LOCAL_AUTHORITIES: loading.load_local_authorities,
        frames.MEASURE_DEFINITIONS: loading.load_measure_definitions,
    }
    return {table: simple[table](tables[table], record)}


def _record_failure(
    path: Path, sha: str, kind: str, year: int | None, user: str, error: BaseException
) -> None:
    Import.objects.create(
        file_name=path.name,
        sha256=sha,
        kind=kind,
        year=year,
        status=Import.Status.FAILED,
        error=str(error),
        loaded_by=user,
    )
