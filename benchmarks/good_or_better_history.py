"""What saying what a figure stands on costs: good or better as at eleven dates, with and without the
inspection-history evidence (analysis.inspection_history), on a register.

Run: uv run python benchmarks/good_or_better_history.py --db DATABASE_URL --la CODE

The baseline is the same series with the evidence columns dropped (the history taken as whole, as
before coverage was computed). Prints CPU time (the machine is shared; wall time is beside it with
the load average) and the ratio; it is not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import time


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--la", type=int, default=999)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
    import django

    django.setup()
    from peerlift.analysis.good_or_better import good_or_better_over
    from peerlift.analysis.inspection_history import EVIDENCE
    from peerlift.store import picture

    latest = picture.latest_graded_date(args.la) or dt.date.today()
    dates = [dt.date(y, 8, 31) for y in range(latest.year - 10, latest.year)] + [latest]
    got = picture._inspected(picture._la_schools(args.la))
    bare = got.inspections.drop(list(EVIDENCE))
    for name, inspections in (
        ("without evidence (baseline)", bare),
        ("with evidence (coverage)", got.inspections),
    ):
        cpu, wall = _cpu(), time.perf_counter()
        for _ in range(args.repeat):
            good_or_better_over(got.schools, inspections, got.judgements, dates, links=got.links)
        cpu, wall = (_cpu() - cpu) / args.repeat, (time.perf_counter() - wall) / args.repeat
        print(f"{name}: {cpu:.3f} s CPU, {wall:.3f} s wall per series of {len(dates)} dates")
    cpu, wall = _cpu(), time.perf_counter()
    for _ in range(args.repeat):
        picture._inspected(picture._la_schools(args.la))
    print(f"reading the register with the evidence: {(_cpu() - cpu) / args.repeat:.3f} s CPU per read")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
