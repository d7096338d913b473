"""What the compare page computes for one measure, against a simple baseline.

Run: uv run python benchmarks/compare_page.py [--measure attainment8] [--repeat 20]

The page asks for the national table of ONE measure with the comparator as a neighbours frame for
one LA (analysis.compare.compare + members_frame), then slices it three ways (the LA's rows, the
comparator LAs' figures, the ranking of a year). The baseline is what the page did before: the same
measure for the one LA only (``las=[la]``, no ranking of every LA). The frames come from the real
LAIT files in ../shared/data (the analysis alone; reading the register adds a SQL read of one
measure's rows). Also the catalogue of every measure (analysis.catalogue.entries). Prints wall and
CPU time and the load average (a shared machine's wall clock is not to be trusted); not a test.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

LA_STATS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "la_stats"


def _timed(label: str, repeat: int, work: Callable[[], object]) -> float:
    work()  # once to warm polars' caches
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        work()
    wall, cpu = (time.perf_counter() - wall) / repeat, (time.process_time() - cpu) / repeat
    print(f"{label:<60} wall {wall * 1000:7.1f} ms   cpu {cpu * 1000:7.1f} ms")
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", default="attainment8")
    parser.add_argument("--la", type=int, default=331)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import polars as pl

    from peerlift.analysis import catalogue
    from peerlift.analysis.compare import compare, members_frame, ranking
    from peerlift.sources import frames
    from peerlift.sources.la_statistics import LaitDictionaryReader, LaitReader
    from peerlift.sources.neighbours import StatisticalNeighboursReader

    lait = LaitReader().read(LA_STATS / "lait_20241115" / "bds_long_0.parquet").tables
    dictionary = LaitDictionaryReader().read(LA_STATS / "lait_current_metadata" / "lait_data_dictionary.csv")
    sets = StatisticalNeighboursReader().read(LA_STATS / "lait_current_metadata" / "sn_april_2021.xlsx")
    definitions = dictionary.tables[frames.MEASURE_DEFINITIONS]
    polarities = dict(definitions.select("measure", "polarity").iter_rows())
    measures = lait[frames.AREA_MEASURES].filter(pl.col("measure") == args.measure)
    authorities = lait[frames.LOCAL_AUTHORITIES]
    official = sets.tables[frames.NEIGHBOURS]
    members = official.filter(pl.col("la_code") == args.la).get_column("neighbour_code").to_list()
    print(f"{args.measure}: {measures.height} area rows; LA {args.la}; {len(members)} comparators")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} on {os.cpu_count()} cores")

    def baseline() -> object:
        return compare(measures, official, authorities, polarities, las=[args.la])

    def page() -> object:
        national = compare(measures, members_frame(args.la, members, "custom"), authorities, polarities)
        own = national.filter(pl.col("la_code") == args.la)
        year = int(own.filter(pl.col("la").is_not_null()).get_column("year").max())  # type: ignore[arg-type]
        return own, national.filter(pl.col("la_code").is_in(members)), ranking(national, year)

    base = _timed("baseline: the one LA's table (before this issue)", args.repeat, baseline)
    mine = _timed("page: national table, LA rows, comparators, ranking", args.repeat, page)
    print(f"ratio page / baseline (cpu): {mine / base:.2f}")
    definitions_rows = definitions.to_dicts()
    _timed(
        "catalogue of every measure (themes.toml rules)",
        args.repeat,
        lambda: catalogue.entries(definitions_rows, {}),
    )
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
