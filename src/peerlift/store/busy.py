"""When the database is busy: another program holds its write lock.

SQLite lets one writer in at a time; an import (or the record of its failure) that meets another
writer's lock is not the file's fault. It waits, tries again with growing pauses for a set time
(``settings.PEERLIFT_BUSY_SECONDS``), and then says plainly that the database was busy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connection

T = TypeVar("T")

FIRST_WAIT = 0.25  # seconds the first attempt waits for the lock; doubled each time, up to LONGEST_WAIT
LONGEST_WAIT = 4.0
# SQLSTATEs of PostgreSQL's "try again" failures: lock_not_available, deadlock, serialization failure
_POSTGRES_BUSY = {"55P03", "40P01", "40001"}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


class Busy(Exception):
    """The database stayed busy for the whole window."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the database was busy for {seconds:.0f} s")


def window() -> float:
    """How long to keep trying, in seconds."""
    return float(getattr(settings, "PEERLIFT_BUSY_SECONDS", 120))


def is_busy(error: BaseException) -> bool:
    """Whether a database error means "another writer holds the lock", not "this data is wrong"."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__ or error
    if getattr(cause, "sqlstate", None) in _POSTGRES_BUSY or getattr(cause, "pgcode", None) in _POSTGRES_BUSY:
        return True
    return any(words in str(error).lower() for words in _SQLITE_BUSY)


def retrying(attempt: Callable[[], T], on_busy: Callable[[float], None], seconds: float | None = None) -> T:
    """``attempt()``, tried again while the database is busy, for ``seconds`` (the window) at most.

    ``on_busy(seconds)`` is called once, the first time the database is found busy, so the caller can
    say that it is waiting. Each attempt waits for the lock twice as long as the one before (SQLite
    waits in its busy handler; elsewhere the pause is a sleep). Raises Busy when the window runs out;
    other errors pass through.
    """
    seconds = window() if seconds is None else seconds
    deadline = time.monotonic() + seconds
    wait = FIRST_WAIT
    told = False
    while True:
        remaining = max(deadline - time.monotonic(), 0.0)
        try:
            with _waiting_at_most(min(wait, remaining)):
                return attempt()
        except DatabaseError as error:
            if not is_busy(error) or connection.in_atomic_block:  # an outer transaction: its owner retries
                raise
        if not told:
            on_busy(seconds)
            told = True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Busy(seconds)
        if connection.vendor != "sqlite":  # SQLite's busy handler has waited already
            time.sleep(min(wait, remaining))
        wait = min(wait * 2, LONGEST_WAIT)


@contextmanager
def _waiting_at_most(seconds: float) -> Iterator[None]:
    """SQLite's own busy handler waits for the lock (polling, with growing sleeps) up to its timeout:
    set that timeout to this attempt's share of the window."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {before}")
