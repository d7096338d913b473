"""National refresh benchmark: peerlift's import of national-scale files against polars merely parsing them.

Writes synthetic national files (all of England's schools at real sizes and column counts: GIAS,
links, Ofsted MI, KS2, KS4, census, absence), then measures in the same run:

* the baseline: polars reading every file into a frame of text (no checks, no database), best of 3;
* peerlift's readers alone: recognising, decoding, checking and typing every file (no database);
* a floor for any row store fed from Python: inserting the rows those readers produced, table by
  table, into a SQLite file with no keys, indexes or upserts (executemany, one transaction);
* peerlift: `peerlift import` of the same files into a fresh SQLite database, in a child process so
  its peak memory can be read, and the start-up of that process (a command that does nothing).

Prints every time, the ratio of the import to the baseline (the target is at most 2x) and the
import's peak memory (target under 2 GB). Run with `make benchmark` or
`uv run python benchmarks/national_import.py [--postgres SERVER_URL]` (`make benchmark` passes
$PEERLIFT_TEST_POSTGRES when it is set).
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import polars as pl
import psycopg

from peerlift.demo import generate
from peerlift.sources import registry
from peerlift.sources.base import ReadResult


def parse_only(paths: list[Path], repeat: int = 3) -> float:
    """Best seconds of ``repeat`` runs of polars reading every file as text: the floor any importer
    stands on. Files are decoded as they are (Windows-1252 for GIAS and Ofsted), as a reader must."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for path in paths:
            pl.read_csv(path, infer_schema=False, encoding="windows-1252", truncate_ragged_lines=True)
        best = min(best, time.perf_counter() - started)
    return best


def read_only(paths: list[Path]) -> tuple[float, list[ReadResult]]:
    """Seconds for peerlift's readers to read every file, and what they made of them."""
    started = time.perf_counter()
    results = [registry.read(path) for path in paths]
    return time.perf_counter() - started, results


def bare_insert(results: list[ReadResult], database: Path) -> tuple[float, int]:
    """Seconds to insert every frame's rows into keyless SQLite tables, and the rows inserted."""
    connection = sqlite3.connect(database, isolation_level=None)
    rows = 0
    started = time.perf_counter()
    connection.execute("BEGIN")
    for number, result in enumerate(results):
        for name, frame in result.tables.items():
            table = f"{name}_{number}"
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            connection.execute(f"CREATE TABLE {table} ({columns})")
            marks = ", ".join("?" * frame.width)
            for start in range(0, frame.height, 20_000):
                chunk = frame.slice(start, 20_000).with_columns(pl.selectors.temporal().cast(pl.String))
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", chunk.rows())
            rows += frame.height
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds, rows


def peerlift(args: list[str], database_url: str) -> tuple[float, float, str]:
    """Seconds, peak memory (MiB) and standard error of a peerlift command in a child process."""
    env = {**os.environ, "DATABASE_URL": database_url}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "peerlift.cli", *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"peerlift {args[0]} failed:\n{result.stderr}")
    peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return seconds, peak_kib / 1024, result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        help="also import into PostgreSQL: a server URL such as postgres://postgres@127.0.0.1:5432/postgres "
        "(a scratch database is made on it and dropped afterwards)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        paths = generate(work / "files", seed=0, national=True)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(
            f"synthetic national files: {len(paths)} files, {size:.0f} MB, written in "
            f"{time.perf_counter() - started:.1f}s"
        )
        baseline = parse_only(paths)
        print(f"baseline, polars parse only (best of 3)      {baseline:6.2f} s")
        reading, results = read_only(paths)
        print(f"peerlift readers only, no database          {reading:6.2f} s   {reading / baseline:5.1f}x")
        floor, rows = bare_insert(results, work / "bare.sqlite3")
        print(
            f"floor: the {rows:,} rows into keyless SQLite {floor:6.2f} s   {floor / baseline:5.1f}x"
            "   (executemany, no indexes, no upserts)"
        )
        del results
        measure_import("SQLite", f"sqlite:///{work / 'national.sqlite3'}", paths, baseline)
        if args.postgres:
            measure_import("PostgreSQL", args.postgres, paths, baseline)


def measure_import(name: str, url: str, paths: list[Path], baseline: float, repeat: int = 3) -> None:
    """Best of ``repeat`` imports, each into a fresh database (this machine's timings are noisy)."""
    best, peak, start_up = float("inf"), 0.0, 0.0
    for attempt in range(repeat):
        with fresh(url, attempt) as database:
            peerlift(["migrate"], database)
            start_up, _, _ = peerlift(["imports", "--format", "json"], database)
            seconds, peak, log = peerlift(["import", *map(str, paths)], database)
            best = min(best, seconds)
    sys.stderr.write(log)
    print(
        f"peerlift import into {name:<10} (best of {repeat}) {best:6.2f} s   {best / baseline:5.1f}x"
        f"   peak memory {peak:,.0f} MiB   (of which process start-up {start_up:.2f} s)"
    )


@contextmanager
def fresh(url: str, attempt: int) -> Iterator[str]:
    """A new, empty database for one import: a new SQLite file, or a scratch PostgreSQL database."""
    if url.startswith("sqlite:///"):
        yield f"{url}.{attempt}"
        return
    with scratch_database(url) as database:
        yield database


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """A new, empty database on the server for one run, dropped afterwards."""
    name = f"peerlift_benchmark_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
