"""School search: the normalised match (case, spaces, punctuation and apostrophes ignored, in SQL) against
the plain case-insensitive match it replaced, on a national-sized register of synthetic schools.

    uv run python benchmarks/school_search.py [--db DATABASE_URL] [--schools 50000] [--repeat 20]

Without --db it makes a fresh SQLite database in a temporary folder. The normalised match reads the
stored ``search_key`` (store/searchkey.py); working the key out in SQL at query time instead (nested
REPLACE over name, town and postcode) measured about 50 times the plain match (2.7 s against 43 ms
wall, 630 against 11 ms CPU, for "St Marys" over 50,000 schools on SQLite), which is why it is stored;
stored, the same search measured 305 ms wall and 54 ms CPU (load average 13 on 2 cores), 2 to 7 times
the plain match, which finds none of what it finds. Prints, per query, the median
wall time and CPU time (this process; the database's own CPU on PostgreSQL is not in it) of one
search (count + one page of 50), for both ways, their ratio, and the load average beside them.
Prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

QUERIES = ["St Marys", "st. mary's", "alton", "GU34 1DH", "primary", "xyzzy"]
WORDS = ["St Mary's", "St. John's", "Holy Trinity", "Oak", "Riverside", "Alton", "Hillside", "Grove"]
KINDS = ["Primary School", "Infant School", "Junior School", "Academy", "CofE Primary School"]


def setup(url: str | None, schools: int) -> None:
    folder = tempfile.mkdtemp(prefix="search-bench-")
    os.environ["DATABASE_URL"] = url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from peerlift.store import searchkey
    from peerlift.store.models import Establishment

    Establishment.objects.filter(urn__gte=500000, urn__lt=500000 + schools).delete()
    rng = random.Random(0)
    made = []
    for n in range(schools):
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)}"
        town, postcode = rng.choice(["Alton", "Andover", "Leeds", "Bath", "Derby"]), f"GU{n % 90} {n % 7}DH"
        made.append(
            Establishment(
                urn=500000 + n,
                name=name,
                la_code=800 + n % 150,
                town=town,
                postcode=postcode,
                status="Open",
                search_key=searchkey.key(name, town, postcode),  # as the loader writes it
            )
        )
    Establishment.objects.bulk_create(made, batch_size=2000)


def timed(search: object, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of one search (count and first page) and how many it found."""
    from peerlift.store import access

    walls, cpus, total = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        total, _rows = access.search_schools(search)  # type: ignore[arg-type]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), total


def plain(text: str, repeat: int) -> tuple[float, float, int]:
    """The old match: ``name__icontains`` only (no town, postcode or punctuation)."""
    from peerlift.store import queries
    from peerlift.store.models import Establishment

    walls, cpus, total = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        query = Establishment.objects.defer("record").filter(name__icontains=text)
        total = query.count()
        _rows = [queries.school_row(s) for s in query.order_by("name", "urn")[:50]]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--schools", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup(args.db, args.schools)
    from peerlift.store.access import SchoolSearch

    print(f"{args.schools:,} schools; load average {os.getloadavg()[0]:.2f}; median of {args.repeat}")
    print(
        f"{'query':<14}{'normalised ms (cpu)':>22}{'found':>8}{'plain ms (cpu)':>18}{'found':>8}{'ratio':>8}"
    )
    for text in QUERIES:
        wall, cpu, found = timed(SchoolSearch(text=text), args.repeat)
        base_wall, base_cpu, base_found = plain(text, args.repeat)
        print(
            f"{text:<14}{wall * 1000:>12.1f} ({cpu * 1000:>6.1f}){found:>8}"
            f"{base_wall * 1000:>10.1f} ({base_cpu * 1000:>5.1f}){base_found:>8}{wall / base_wall:>8.2f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
