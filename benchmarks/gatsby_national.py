"""How long reading and summarising a national-scale Gatsby file takes: England's ~4,500 secondary
schools and colleges x three years, written by the demo's template writer, read by the
gatsby_benchmarks reader, then one LA-sized summary per LA-sized slice (150 slices).

Run: uv run python benchmarks/gatsby_national.py

Prints wall and CPU time with the load average (this machine is shared), and the ratio of the
summary against a plain-Python baseline that counts the 100s row by row. Not a timed test.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np

from peerlift.analysis import careers
from peerlift.demo import careers as demo
from peerlift.sources import registry

SCHOOLS = 4_500
SLICES = 150


def timed(what: str, work):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{what}: {wall:.3f} s wall, {cpu:.3f} s CPU (load {load})")
    return result, cpu


def baseline(rows: list[dict[str, object]]) -> float:
    """Mean benchmarks at 100, counted in plain Python."""
    counts = [sum(1 for b in careers.BENCHMARKS if rows_value(r, b) >= 100) for r in rows]
    return sum(counts) / len(counts)


def rows_value(row: dict[str, object], key: str) -> float:
    value = row[key]
    return float(value) if isinstance(value, (int, float)) else -1.0


def main() -> None:
    rng = np.random.default_rng(0)
    rows = demo.gatsby_rows(rng, list(range(100_000, 100_000 + SCHOOLS)))
    with tempfile.TemporaryDirectory() as folder:
        path = demo.write_template(Path(folder) / "gatsby.csv", demo.GATSBY_HEADER, rows)
        read, _ = timed(f"read {len(rows):,} rows", lambda: registry.read(path))
    frame = read.tables["gatsby_results"].filter(read.tables["gatsby_results"]["year"] == 2025)
    slices = [frame.slice(i * (frame.height // SLICES), frame.height // SLICES) for i in range(SLICES)]
    _, ours = timed(f"{SLICES} LA summaries", lambda: [careers.summary(s, 2025) for s in slices])
    dicts = [s.to_dicts() for s in slices]
    _, plain = timed(f"{SLICES} plain-Python means (baseline)", lambda: [baseline(d) for d in dicts])
    print(f"summary / baseline CPU: {ours / plain:.1f}x (the summary also gives every percentage and school)")


if __name__ == "__main__":
    main()
