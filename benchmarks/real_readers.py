"""The readers on the real national files in ../shared/data, against polars merely parsing them.

This is where the suite's old wall-clock check of the census reader went: speed is printed here,
never asserted in a test. For each real national file: polars parsing it as text (best of 3), then
peerlift's reader recognising, decoding, checking and typing it (best of 3), and the ratio.
Run with `uv run python benchmarks/real_readers.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from peerlift.sources import registry

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FILES = {  # file, year it needs (None: the file says), encoding polars decodes it with
    "performance_tables/england_2018-19/england_census.csv": (2019, "utf8"),
    "performance_tables/england_2018-19/england_abs.csv": (2019, "utf8"),
    "gias/links_edubasealldata20250422.csv": (None, "windows-1252"),
    "gias/grouplinks_edubaseallacademiesandfree20190601.csv": (None, "windows-1252"),
    "la_stats/lait_20241115/bds_long_0.parquet": (None, ""),
}


def best_of(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def parse(path: Path, encoding: str) -> object:
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    return pl.read_csv(path, infer_schema=False, encoding=encoding, truncate_ragged_lines=True)


def main() -> None:
    if not DATA.exists():
        raise SystemExit(f"the shared data folder is not beside the repository ({DATA.name})")
    print(f"{'file':58} {'parse s':>8} {'reader s':>9} {'ratio':>6}")
    for name, (year, encoding) in FILES.items():
        path = DATA / name
        if not path.exists():
            print(f"{name:58} (not in this copy of the shared data)")
            continue
        parsed = best_of(3, lambda path=path, encoding=encoding: parse(path, encoding))
        try:
            read = best_of(3, lambda path=path, year=year: registry.read(path, year=year))
        except Exception as error:  # a reader that refuses the file is a finding, not a crash
            print(f"{name:58} {parsed:8.3f}  refused: {error}")
            continue
        print(f"{name:58} {parsed:8.3f} {read:9.3f} {read / parsed:6.1f}")


if __name__ == "__main__":
    main()
