"""How long every data pack of an LA takes as PDF: Demo City (about 130 schools, synthetic data).

Run: uv run python benchmarks/datapacks_la.py [--db DATABASE_URL] [--processes N]

Without --db a SQLite file in a temporary folder is loaded with the demo (`peerlift demo`) and its
families are built and stored first (timed apart). Prints the seconds, packs per second and the peak
memory of this process and of the pack-making processes (target: under 60 s for the LA). It is not a
timed test.
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

LA = 999


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a database already holding the demo (default: load one)")
    parser.add_argument("--processes", type=int, default=None, help="packs made at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
        os.environ["PEERLIFT_HOME"] = folder
        if not args.db:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "peerlift.cli", "demo", "--output", str(Path(folder) / "demo")],
                check=True,
                capture_output=True,
            )
            print(f"demo loaded in {time.perf_counter() - started:.1f} s")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
        import django

        django.setup()
        from peerlift.reports import batch
        from peerlift.store import families

        started = time.perf_counter()
        families.build()
        print(f"families built and stored in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        written = batch.write_la(LA, Path(folder) / "packs", "pdf", processes=args.processes)
        seconds = time.perf_counter() - started
        size = sum(p.path.stat().st_size for p in written)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    processes = args.processes or batch.default_processes()
    print(
        f"{len(written)} PDF packs of LA {LA} in {seconds:.1f} s ({len(written) / seconds:.2f} packs/s, "
        f"{processes} processes, {size / 1e6:.1f} MB); target under 60 s"
    )
    print(f"peak memory: this process {own:.0f} MB, largest pack process {children:.0f} MB")


if __name__ == "__main__":
    main()
