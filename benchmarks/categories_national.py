"""Categories for every school in England: the rules over facts gathered in a few queries, against a
straightforward loop that asks the database about one school at a time.

Writes the synthetic national files (demo/, national mode: every LA's schools at real sizes, the Ofsted
MI with every framework, KS2 and KS4 of 2018-19, the census), imports them into a fresh SQLite file,
builds and stores every school's family (default method), then measures:

* gathering: store/categorising.gather for all of England (schools, inspections and predecessors'
  through the GIAS links, the figures the rules name for every school, England's, families, concerns,
  inspection windows);
* the rules: analysis/categories.evaluate_all over every open state-funded school;
* a simple baseline: the same rules, with each school's facts read by its own ORM queries (its
  inspections and judgements, its figures, its family members' figures), timed on a sample and
  scaled to every school.

Prints wall and CPU seconds of each with the load average, and the ratio to the baseline.
Target (issue 12): under 10 s for every school, gathering and rules together.

    uv run python benchmarks/categories_national.py [--sample 300] [--keep FILE.sqlite3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

AS_AT = dt.date(2026, 6, 1)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - start[0], time.process_time() - start[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=300, help="Schools the one-at-a-time baseline runs on.")
    parser.add_argument(
        "--keep", type=Path, help="A SQLite file to keep the national register in (reused when it exists)."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = args.keep or Path(folder) / "bench.sqlite3"
        reuse = database.exists()
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ["PEERLIFT_HOME"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        from peerlift.demo import generate
        from peerlift.store import families
        from peerlift.store.imports import import_files

        if reuse:
            print(f"reusing the national register in {database.name}")
            run(args.sample)
            return
        started = time.perf_counter()
        paths = generate(Path(folder) / "national", national=True)
        for path, outcome in import_files(paths, user="benchmark"):
            if isinstance(outcome, Exception):
                print(f"  {path.name}: {outcome}")
        print(f"national files written and imported in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        built = families.build(built_by="benchmark")
        print(f"{built.schools:,} families built and stored in {time.perf_counter() - started:.1f} s")
        run(args.sample)


def run(sample: int) -> None:
    from peerlift.analysis import categories as rules_analysis
    from peerlift.store import categorising

    rules = rules_analysis.default_rules()
    start = _clock()
    gathered = categorising.gather(None, AS_AT, rules)
    gather_wall, gather_cpu = _since(start)
    start = _clock()
    results = rules_analysis.evaluate_all(gathered.facts, gathered.context, rules)
    rules_wall, rules_cpu = _since(start)
    schools = len(results)
    tally = Counter(r.category for r in results.values())
    with_family = sum(bool(f.family) for f in gathered.facts)
    print(
        f"{schools:,} open state-funded schools ({with_family:,} with a family); categories "
        + ", ".join(f"{c}: {n:,}" for c, n in sorted(tally.items()))
    )
    print(f"gathering: {gather_wall:.2f} s wall, {gather_cpu:.2f} s CPU")
    print(f"rules:     {rules_wall:.2f} s wall, {rules_cpu:.2f} s CPU")
    total_wall, total_cpu = gather_wall + rules_wall, gather_cpu + rules_cpu
    print(f"together:  {total_wall:.2f} s wall, {total_cpu:.2f} s CPU (target under 10 s)")

    chosen = gathered.facts[:: max(1, len(gathered.facts) // sample)][:sample]
    start = _clock()
    same = 0
    for facts in chosen:
        slow = _one_at_a_time(facts.urn, facts.family, gathered.context, rules)
        same += slow.category == results[facts.urn].category
    base_wall, base_cpu = _since(start)
    scale = schools / len(chosen)
    print(
        f"baseline (one school at a time through the ORM): {base_wall:.2f} s wall, {base_cpu:.2f} s CPU "
        f"for {len(chosen)} schools, about {base_wall * scale:.0f} s for all; "
        f"ratio {base_wall * scale / total_wall:.1f}x; same category for {same} of {len(chosen)}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()
    print(f"peak memory {peak:.0f} MB; load average {load[0]:.1f} {load[1]:.1f} on {os.cpu_count()} CPUs")


def _one_at_a_time(urn: int, family: list[int], shared: object, rules: object) -> object:
    """The naive way: the school's own inspections (and its predecessors' by its links), judgements,
    figures and its members' figures, each by its own queries."""
    from peerlift.analysis import categories as rules_analysis
    from peerlift.analysis import inspection_due
    from peerlift.analysis.visits import Visit
    from peerlift.store.models import Establishment, EstablishmentLink, Inspection, SchoolMeasure

    assert isinstance(shared, rules_analysis.Context) and isinstance(rules, rules_analysis.Rules)
    school = Establishment.objects.get(urn=urn)
    urns = [urn]
    if "converter" in school.type.lower():
        urns += list(
            EstablishmentLink.objects.filter(urn=urn, link_type__startswith="Predecessor").values_list(
                "link_urn", flat=True
            )
        )
    visits = []
    for found in Inspection.objects.filter(urn__in=urns).order_by("start_date"):
        grades = dict(found.judgements.values_list("area", "grade"))
        if found.start_date is not None:
            visits.append(
                Visit(
                    found.urn,
                    found.start_date,
                    found.framework,
                    found.inspection_type,
                    found.category_of_concern or None,
                    found.outcome or None,
                    grades,
                )
            )
    names = {c.params.get("measure") for c in rules.criteria.values()} | {
        c.params.get(k)
        for c in rules.criteria.values()
        for k in ("lower", "upper", "disadvantaged", "others")
    }
    measures: dict[int, dict[str, dict[int, float]]] = {}
    for who in [urn, *family]:
        for measure, year, value in SchoolMeasure.objects.filter(
            urn=who, measure__in=[n for n in names if n], value__isnull=False
        ).values_list("measure", "year", "value"):
            measures.setdefault(who, {}).setdefault(measure, {})[year] = value
    own = visits
    facts = rules_analysis.SchoolFacts(
        urn=urn,
        visits=own,
        measures=measures.get(urn, {}),
        family=family,
        due=inspection_due.due(urn, own, school.open_date, inspection_due.default_cycles(), AS_AT),
    )
    context = rules_analysis.Context(as_at=AS_AT, measures=measures, england=shared.england)
    return rules_analysis.evaluate(facts, context, rules)


if __name__ == "__main__":
    main()
