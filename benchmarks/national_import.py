"""National refresh benchmark: peerlift's import of national-scale files against polars merely parsing them.

Writes synthetic national files (all of England's schools at real sizes and column counts: GIAS,
links, Ofsted MI, KS2, KS4, census, absence), then measures in the same run:

* the baseline: polars reading every file into a frame of text (no checks, no database);
* peerlift: `peerlift import` of the same files into a fresh SQLite database, in a child process so
  its peak memory can be read.

Prints both times, their ratio (the target is at most 2x) and the import's peak memory (target under
2 GB). Run with `make benchmark` or `uv run python benchmarks/national_import.py [--postgres URL]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from peerlift.demo import generate


def parse_only(paths: list[Path]) -> float:
    """Seconds for polars to read every file as text columns: the floor any importer stands on."""
    started = time.perf_counter()
    for path in paths:
        pl.read_csv(path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True)
    return time.perf_counter() - started


def import_all(paths: list[Path], database_url: str) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of `peerlift import` of every file, in a child process."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "peerlift.cli", "migrate"], env=env, check=True, capture_output=True
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "peerlift.cli", "import", *map(str, paths)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"import failed:\n{result.stderr}")
    sys.stderr.write(result.stderr)
    peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return seconds, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="also import into this PostgreSQL database URL")
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
        print(f"baseline, polars parse only:     {baseline:6.2f} s")
        targets = [("SQLite", f"sqlite:///{work / 'national.sqlite3'}")]
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        for name, url in targets:
            seconds, peak = import_all(paths, url)
            print(
                f"peerlift import into {name:<10}  {seconds:6.2f} s   ratio {seconds / baseline:5.1f}x"
                f"   peak memory {peak:,.0f} MiB"
            )


if __name__ == "__main__":
    main()
