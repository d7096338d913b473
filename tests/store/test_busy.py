"""An import that meets another program's write lock on the SQLite file (defect 7 of issue 8).

A real second connection holds ``BEGIN IMMEDIATE`` on the database file while ``peerlift import``
runs in its own process, with the retry window set short (PEERLIFT_BUSY_SECONDS). The import must say
the database is busy (not blame the file), print no traceback, and leave the history telling the
truth: the failure recorded once the lock is free, or a plain word that it could not be recorded.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

WINDOW = 3  # seconds the import keeps trying
EXTRACT_ROWS = 20  # data rows of the real extract


def _peerlift(database: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PEERLIFT_BUSY_SECONDS": str(WINDOW)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "peerlift.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def empty_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty register in a file (made once: migrating takes a while)."""
    path = tmp_path_factory.mktemp("register") / "register.sqlite3"
    done = _peerlift(path, "imports")
    assert done.wait(120) == 0, done.stderr.read() if done.stderr else ""
    return path


@pytest.fixture
def database(empty_register: Path, tmp_path: Path) -> Path:
    """A copy of the empty register for one test."""
    path = tmp_path / "register.sqlite3"
    with sqlite3.connect(empty_register) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return path


@contextmanager
def write_lock(database: Path) -> Iterator[Callable[[], None]]:
    """Another program's write transaction on the file; yields a function that ends it."""
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release() -> None:
        if holder.in_transaction:
            holder.execute("ROLLBACK")

    try:
        yield release
    finally:
        release()
        holder.close()


def _run(database: Path, extract: Path, when: str | None, release: Callable[[], None]) -> tuple[int, str]:
    """Run the import; when a line of its output contains ``when``, release the lock."""
    process = _peerlift(database, "import", str(extract))
    lines: list[str] = []

    def watch() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if when is not None and when in line:
                release()

    watcher = threading.Thread(target=watch)
    watcher.start()
    code = process.wait(120)
    watcher.join(10)
    out = process.stdout.read() if process.stdout else ""
    return code, out + "".join(lines)


def _history(database: Path) -> tuple[list[tuple[str, str]], int]:
    with sqlite3.connect(database) as reader:
        imports = reader.execute("SELECT status, error FROM store_import ORDER BY id").fetchall()
        schools = reader.execute("SELECT count(*) FROM store_establishment").fetchone()[0]
    return imports, schools


@pytest.fixture
def extract(shared_data: Path) -> Path:
    return shared_data / "gias" / "edubasealldata20181029_20.csv"


def test_a_lock_freed_while_it_waits_lets_the_import_through(database: Path, extract: Path) -> None:
    with write_lock(database) as release:
        code, output = _run(database, extract, "trying again", release)
    assert code == 0, output
    assert "the database is busy (another program is writing to it); trying again" in output
    assert _history(database) == ([("loaded", "")], EXTRACT_ROWS)


def test_a_lock_held_too_long_is_said_plainly_and_recorded_once_free(database: Path, extract: Path) -> None:
    with write_lock(database) as release:
        code, output = _run(database, extract, "waiting to record the failure", release)
    assert code == 1
    assert "Traceback" not in output and "refused what the file holds" not in output
    message = (
        f"{extract.name}: the database was busy for {WINDOW} s (another program was writing to it), so "
        "the file was not imported and nothing of it was stored"
    )
    assert message in output
    assert len(output.splitlines()) < 10
    imports, schools = _history(database)
    assert schools == 0
    assert len(imports) == 1 and imports[0][0] == "failed" and imports[0][1].startswith(message)


def test_a_lock_never_freed_says_the_failure_could_not_be_recorded(database: Path, extract: Path) -> None:
    with write_lock(database):
        code, output = _run(database, extract, None, lambda: None)
    assert code == 1
    assert "Traceback" not in output
    assert "(this failure could not be recorded in the import history: the database was still busy)" in output
    assert _history(database) == ([], 0)
