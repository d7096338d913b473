"""How long an LA's improvement-partner allocation takes (130 schools, 15 partners), against a greedy.

Run: uv run python benchmarks/partners_allocation.py [--seeds 5] [--schools 130] [--partners 15]

Each seed makes a synthetic LA: 100 primary, 20 secondary and 10 special schools (scaled to
--schools), categories 1-4 in the shares 20/40/30/10 % with the default days (1, 2, 5, 10), four in
five schools with last year's partner; partners of 25 to 40 days, two thirds primary, the rest
secondary, one in five also special, their days scaled so that the primary partners and the others
each hold the same share of their schools' days. Three kinds of year: "roomy" (days available 125 % of days
needed), "tight" (102 %) and "short" (85 %: the days cannot all be covered).

The greedy baseline is what a spreadsheet does: schools by most days first; each keeps last year's
partner if they take its phase and have the days left, else goes to the fitting partner with most
days left (fewer days if that is all they have). Prints CPU and wall time (the machine is shared:
CPU time is the figure to trust) with the load average, and each method's short days, kept
partners and largest load share. Prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

from peerlift.analysis.partner_allocation import Partner, School, allocate, fits
from peerlift.analysis.partner_days import default_days

KINDS = {"roomy": 1.25, "tight": 1.02, "short": 0.85}


def synthetic_la(seed: int, schools: int, partners: int, ratio: float) -> tuple[list[School], list[Partner]]:
    """Schools and partners for one synthetic year (see the module's docstring)."""
    rng = random.Random(seed)
    days = default_days()
    phases = ["primary"] * round(schools * 100 / 130) + ["secondary"] * round(schools * 20 / 130)
    phases += ["special"] * (schools - len(phases))
    people = []
    for j in range(partners):
        taken = {"primary"} if j < partners * 2 // 3 else {"secondary"}
        if j % 5 == 4:
            taken.add("special")
        people.append(Partner(f"Partner {j + 1}", rng.randint(25, 40), frozenset(taken)))
    if not any("special" in p.phases for p in people):
        people[-1] = Partner(people[-1].name, people[-1].capacity, people[-1].phases | {"special"})
    needs = [days[rng.choices((1, 2, 3, 4), (20, 40, 30, 10))[0]] for _ in phases]
    primary = sum(need for need, phase in zip(needs, phases, strict=True) if phase == "primary")
    others = sum(needs) - primary
    held = {True: sum(p.capacity for p in people if "primary" in p.phases)}
    held[False] = sum(p.capacity for p in people) - held[True]
    scale = {True: ratio * primary / held[True], False: ratio * others / held[False]}
    people = [
        Partner(p.name, max(1, round(p.capacity * scale["primary" in p.phases])), p.phases) for p in people
    ]
    result = []
    for urn, (phase, need) in enumerate(zip(phases, needs, strict=True), start=100001):
        fitting = [p.name for p in people if phase in p.phases]
        last = rng.choice(fitting) if rng.random() < 0.8 else None
        result.append(School(urn, need, phase, last))
    return result, people


def greedy(schools: list[School], partners: list[Partner]) -> tuple[int, int, float]:
    """The spreadsheet way (module docstring): short days, kept partners, largest load share."""
    left = {p.name: p.capacity for p in partners}
    by_name = {p.name: p for p in partners}
    short = kept = 0
    for school in sorted(schools, key=lambda s: (-s.days, s.urn)):
        last = by_name.get(school.last_partner or "")
        if last is not None and fits(school, last) and left[last.name] >= school.days:
            chosen = last.name
        else:
            fitting = [p.name for p in partners if fits(school, p) and left[p.name] > 0]
            chosen = max(fitting, key=lambda name: left[name]) if fitting else ""
        give = min(school.days, left.get(chosen, 0))
        if chosen:
            left[chosen] -= give
            kept += chosen == school.last_partner
        short += school.days - give
    share = max((p.capacity - left[p.name]) / p.capacity for p in partners)
    return short, kept, share


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--schools", type=int, default=130)
    parser.add_argument("--partners", type=int, default=15)
    args = parser.parse_args()
    allocate(*synthetic_la(0, 10, 3, 1.2))  # warm up (imports, HiGHS)
    print(f"{args.schools} schools, {args.partners} partners; load average {os.getloadavg()}")
    print("kind   seed  cpu s  wall s | MILP short kept share | greedy cpu ms short kept share | could keep")
    for kind, ratio in KINDS.items():
        for seed in range(args.seeds):
            schools, partners = synthetic_la(seed, args.schools, args.partners, ratio)
            wall, started = time.perf_counter(), cpu()
            result = allocate(schools, partners)
            seconds, wall = cpu() - started, time.perf_counter() - wall
            greedy_started = cpu()
            g_short, g_kept, g_share = greedy(schools, partners)
            g_ms = (cpu() - greedy_started) * 1000
            print(
                f"{kind:6} {seed:4} {seconds:6.3f} {wall:7.3f} | {result.short_days:10} "
                f"{result.kept_partner:4} {result.max_load_share:5.3f} | {g_ms:10.1f} {g_short:5} "
                f"{g_kept:4} {g_share:5.3f} | {result.could_keep}"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
