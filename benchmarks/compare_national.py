"""How long a national comparison table takes: every LA x every LAIT measure x every year, one call.

Run: uv run python benchmarks/compare_national.py [--db DATABASE_URL]

Without --db the frames come straight from the real LAIT files in ../shared/data (the analysis
alone); with --db (a database where those files were imported) the time includes reading half a
million area measures out of the register, as `peerlift compare --measure all` does.
Prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

LA_STATS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "la_stats"


def from_files() -> None:
    from peerlift.analysis.compare import compare
    from peerlift.sources import frames
    from peerlift.sources.la_statistics import LaitDictionaryReader, LaitReader
    from peerlift.sources.neighbours import StatisticalNeighboursReader

    lait = LaitReader().read(LA_STATS / "lait_20241115" / "bds_long_0.parquet").tables
    definitions = LaitDictionaryReader().read(LA_STATS / "lait_current_metadata" / "lait_data_dictionary.csv")
    sets = StatisticalNeighboursReader().read(LA_STATS / "lait_current_metadata" / "sn_april_2021.xlsx")
    polarities = dict(
        definitions.tables[frames.MEASURE_DEFINITIONS].select("measure", "polarity").iter_rows()
    )
    started = time.perf_counter()
    table = compare(
        lait[frames.AREA_MEASURES], sets.tables[frames.NEIGHBOURS], lait[frames.LOCAL_AUTHORITIES], polarities
    )
    seconds = time.perf_counter() - started
    _report("analysis only (frames in memory)", table.height, table, seconds)


def from_database(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
    import django

    django.setup()
    from peerlift.store import picture

    started = time.perf_counter()
    table, _ = picture.compare(None, None)
    seconds = time.perf_counter() - started
    _report("register read + analysis", table.height, table, seconds)


def _report(what: str, rows: int, table: object, seconds: float) -> None:
    import polars as pl

    assert isinstance(table, pl.DataFrame)
    print(
        f"{what}: {rows:,} rows ({table.get_column('la_code').n_unique()} LAs x "
        f"{table.get_column('measure').n_unique()} measures) in {seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL where the LAIT files were imported")
    arguments = parser.parse_args()
    from_files()
    if arguments.db:
        from_database(arguments.db)


if __name__ == "__main__":
    main()
