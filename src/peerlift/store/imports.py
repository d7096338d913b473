"""Importing a published file: recognise, read, and load it in one transaction, with provenance.

The same bytes imported again (same kind, year and neighbour-set name) change nothing. A file that
fails, in reading or in loading, leaves the register exactly as it was, and the failure itself is
recorded so that the import history tells the whole story.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl
from django.db import DatabaseError, transaction

from peerlift.sources import frames, gias, registry
from peerlift.sources.base import Reader, ReadResult, SourceError, first_line, skipped_by_reason
from peerlift.store import bulk, busy, loading, surveys
from peerlift.store.models import Import
from peerlift.store.rights import NATIONAL, Rights, judge

MAX_SKIPS_KEPT = 1000

TableLoader = Callable[[pl.DataFrame, Import], int]
# Loaders of tables whose models live above the store (the web app's networks), registered by the
# app that owns them when Django starts (web/apps.py): the store never imports the web.
EXTRA_LOADERS: dict[str, TableLoader] = {}


def register_loader(table: str, loader: TableLoader) -> None:
    """Say which function writes a table the store has no model for."""
    EXTRA_LOADERS[table] = loader


Step = Callable[[str], None]


@dataclass
class Outcome:
    """What happened to one file, and the LAs whose schools it wrote (for their audit logs)."""

    record: Import
    unchanged: bool = False
    las: list[int] = field(default_factory=list)


Loaded = Callable[[Import, list[int]], None]  # told, inside the import's transaction, what it wrote


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
    rights: Rights = NATIONAL,
    on_loaded: Loaded | None = None,
    date: dt.date | None = None,
) -> Outcome:
    """Import one file. Raises SourceError (after recording the failure) when it cannot.

    ``rights`` says whose schools it may write (store.rights); ``on_loaded`` is called inside the
    transaction with the new Import and the LAs whose schools it wrote (the web files its audit
    entries there, so the log never disagrees with the register). ``date`` is the date of a GIAS
    extract whose file name carries none (``peerlift import --date``).
    """
    plan = _plan(path, kind, user)
    writing = _Writing(set_name, rights, on_loaded)
    return _store(plan, lambda: _timed_read(plan, year, date), year, writing, step or _quiet)


def import_files(
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    year: int | None = None,
    set_name: str | None = None,
    user: str | None = None,
    step: Step | None = None,
    rights: Rights = NATIONAL,
    on_loaded: Loaded | None = None,
    date: dt.date | None = None,
) -> Iterator[tuple[Path, Outcome | SourceError]]:
    """Import files in order, one transaction each, reading the next file while this one is written.

    Reading is pure (polars, no database) and writing spends much of its time inside SQLite or
    PostgreSQL, outside Python's lock, so the two overlap where the cores allow: about 10-15% off a
    national refresh on two cores, where polars already uses both to read. Files already imported
    are not read at all. Yields each path with its Outcome, or the SourceError that stopped it
    (already recorded). ``rights`` and ``on_loaded`` as for import_file.
    """
    step = step or _quiet
    writing = _Writing(set_name, rights, on_loaded)
    plans = [_try_plan(path, kind, user) for path in paths]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="peerlift-read") as pool:
        reads: dict[int, Future[tuple[ReadResult, float]]] = {}

        def read_ahead(index: int) -> None:
            plan = plans[index] if index < len(plans) else None
            if isinstance(plan, _Plan) and _previous(plan, year, writing) is None:
                reads[index] = pool.submit(_timed_read, plan, year, date)

        read_ahead(0)
        for index, (path, plan) in enumerate(zip(paths, plans, strict=True)):
            read_ahead(index + 1)
            if isinstance(plan, SourceError):
                yield path, plan
                continue
            ahead = reads.pop(index, None)
            read = ahead.result if ahead is not None else partial(_timed_read, plan, year, date)
            try:
                yield path, _store(plan, read, year, writing, partial(_named_step, step, path))
            except SourceError as error:
                yield path, error


def _quiet(_: str) -> None:
    """A step reporter that says nothing."""


def _named_step(step: Step, path: Path, what: str) -> None:
    step(f"{path.name}: {what}")


@dataclass(frozen=True)
class _Writing:
    """How an import writes: the neighbour-set name, whose schools it may write, who to tell."""

    set_name: str | None
    rights: Rights
    on_loaded: Loaded | None


@dataclass(frozen=True)
class _Plan:
    """A file recognised and hashed, ready to be read."""

    path: Path
    sha: str
    reader: Reader
    user: str


def _plan(path: Path, kind: str | None, user: str | None) -> _Plan:
    """Hash and recognise a file; a file that cannot be recognised is recorded as failed."""
    user = user or getpass.getuser()
    sha = sha256_of(path) if path.is_file() else ""
    try:
        reader = registry.reader_for(path, kind)
    except SourceError as error:
        raise _record_failure(path, sha, kind or "unknown", None, user, error) from None
    return _Plan(path, sha, reader, user)


def _try_plan(path: Path, kind: str | None, user: str | None) -> _Plan | SourceError:
    try:
        return _plan(path, kind, user)
    except SourceError as error:
        return error


def _timed_read(plan: _Plan, year: int | None, date: dt.date | None = None) -> tuple[ReadResult, float]:
    started = time.perf_counter()
    result = gias.with_given_date(plan.reader.read(plan.path, year), date)
    return result, time.perf_counter() - started


def _store(
    plan: _Plan,
    read: Callable[[], tuple[ReadResult, float]],
    year: int | None,
    writing: _Writing,
    step: Step,
) -> Outcome:
    """Load what ``read`` gives in one transaction, unless these bytes were imported before."""
    previous = _previous(plan, year, writing)
    if previous is not None:
        return Outcome(previous, unchanged=True)
    step(f"reading {plan.reader.kind}")
    try:
        result, read_seconds = read()
    except SourceError as error:
        raise _record_failure(plan.path, plan.sha, plan.reader.kind, year, plan.user, error, step) from None
    started = time.perf_counter()
    load = partial(_load, plan, result, year, writing, step, read_seconds - started)
    try:
        return busy.retrying(load, partial(_say_busy, step, "trying again"))
    except busy.Busy as error:
        waited = SourceError(
            plan.path,
            f"the database was busy for {error.seconds:.0f} s (another program was writing to it), so "
            "the file was not imported and nothing of it was stored; import it again when the other "
            "program has finished",
        )
        raise _record_failure(
            plan.path, plan.sha, plan.reader.kind, result.year, plan.user, waited, step
        ) from None
    except DatabaseError as error:  # a value the database will not take: the file's fault, said plainly
        refused = SourceError(plan.path, f"the database refused what the file holds: {first_line(error)}")
        raise _record_failure(
            plan.path, plan.sha, plan.reader.kind, result.year, plan.user, refused, step
        ) from error
    except Exception as error:
        _record_failure(plan.path, plan.sha, plan.reader.kind, result.year, plan.user, error, step)
        raise


BUSY = "the database is busy"  # begins the step said when an import has to wait for the database


def _say_busy(step: Step, then: str, seconds: float) -> None:
    step(f"{BUSY} (another program is writing to it); {then} for up to {seconds:.0f} s")


def _previous(plan: _Plan, year: int | None, writing: _Writing) -> Import | None:
    """The earlier import of these very bytes, read the same way, with rights that cover these
    (one LA's import of a national file wrote that LA's rows only), if there is one."""
    loaded = Import.objects.filter(sha256=plan.sha, kind=plan.reader.kind, status=Import.Status.LOADED)
    for earlier in loaded:
        same = (year is None or earlier.year == year) and earlier.counts.get("set_name") == writing.set_name
        rights_la = earlier.counts.get("rights_la")
        if same and (rights_la is None or rights_la == writing.rights.la):
            return earlier
    return None


def _load(
    plan: _Plan,
    result: ReadResult,
    year: int | None,
    writing: _Writing,
    step: Step,
    clock_offset: float,
) -> Outcome:
    """Write the result in one transaction, alone: no other import writes the register meanwhile.

    Loaders read what is stored before they write (which extract is newer, which inspections are
    the same, which memberships end), so the lock comes first; and only under it is "these bytes
    were imported before" certain, as another import of them may have just committed. Rows the
    import's rights do not cover are left out and named (a file with nothing left is refused).
    ``clock_offset`` plus the time at commit is the import's duration in seconds.
    """
    with transaction.atomic():
        bulk.lock_register()
        previous = _previous(plan, year, writing)
        if previous is not None:
            return Outcome(previous, unchanged=True)
        verdict = judge(result.tables, writing.rights)
        if verdict.refused and verdict.nothing_left:
            raise SourceError(plan.path, verdict.explain(writing.rights))
        record = Import.objects.create(
            file_name=plan.path.name,
            sha256=plan.sha,
            kind=result.kind,
            year=result.year,
            status=Import.Status.LOADED,
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_skipped=len(result.skipped),
            skipped=[{"row": s.row, "reason": s.reason} for s in result.skipped[:MAX_SKIPS_KEPT]],
            skipped_by_reason=skipped_by_reason(result.skipped),
            as_of=result.as_of,
            as_of_source=result.as_of_source,
            unknown_columns=result.unknown_columns,
            notes=list(result.notes),
            record_columns=result.record_columns,
            loaded_by=plan.user,
        )
        counts: dict[str, object] = {"set_name": writing.set_name, "rights_la": writing.rights.la}
        if verdict.refused:
            record.notes.append(verdict.explain(writing.rights))
            counts.update(refused=verdict.as_json(), refused_note=record.notes[-1])
        for table, frame in verdict.tables.items():
            if frame.is_empty() or table == frames.JUDGEMENTS:
                continue
            step(f"writing {table}")
            counts.update(_write(table, verdict.tables, result, record, writing.set_name))
        record.counts = counts
        record.seconds = clock_offset + time.perf_counter()
        record.save(update_fields=["counts", "notes", "seconds"])
        las = sorted(verdict.las)
        if writing.on_loaded is not None:
            writing.on_loaded(record, las)
    return Outcome(record, las=las)


def _write(
    table: str, tables: dict[str, pl.DataFrame], result: ReadResult, record: Import, set_name: str | None
) -> dict[str, int]:
    """Load one of the tables with the loader that knows its natural key; rows written by table."""
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
    simple: dict[str, TableLoader] = {
        frames.LINKS: loading.load_links,
        frames.GROUPS: loading.load_groups,
        frames.GROUP_MEMBERS: loading.load_group_members,
        frames.SCHOOL_MEASURES: loading.load_school_measures,
        frames.AREA_MEASURES: loading.load_area_measures,
        frames.LOCAL_AUTHORITIES: loading.load_local_authorities,
        frames.MEASURE_DEFINITIONS: loading.load_measure_definitions,
        frames.GATSBY_RESULTS: loading.load_gatsby_results,
        frames.GOVERNOR_TRAINING: loading.load_governor_training,
        frames.ASPIRATION_EVENTS: loading.load_aspiration_events,
        frames.SURVEY_ANSWERS: surveys.load_survey_answers,
    }
    loader = simple.get(table) or EXTRA_LOADERS[table]
    return {table: loader(tables[table], record)}


def _record_failure(
    path: Path, sha: str, kind: str, year: int | None, user: str, error: BaseException, step: Step = _quiet
) -> SourceError:
    """Record a failed import in the history, waiting while the database is busy.

    Returns the error to raise: a SourceError as given, or, when even the record could not be
    written, one that says so.
    """

    def record() -> None:
        Import.objects.create(
            file_name=path.name,
            sha256=sha,
            kind=kind,
            year=year,
            status=Import.Status.FAILED,
            error=str(error),
            loaded_by=user,
        )

    source_error = error if isinstance(error, SourceError) else SourceError(path, str(error))
    try:
        busy.retrying(record, partial(_say_busy, step, "waiting to record the failure"))
    except busy.Busy:
        return SourceError(
            path,
            f"{source_error.message} (this failure could not be recorded in the import history: "
            "the database was still busy)",
            source_error.row,
            source_error.column,
        )
    return source_error
