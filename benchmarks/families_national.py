"""Families for every school in England: the vectorised pass against a pairwise implementation.

The synthetic national register (demo/: about 24,000 open schools at real shares of each kind, LAs
and regions) and its January 2019 census give the pupil method's figures; the context method's
prior attainment and cohort disadvantage are drawn here from the same latent quality and FSM rates
the demo's KS2 and KS4 results come from. Prints, for both methods: seconds for every family
(analysis.families.compute, KD-tree per pool), then a plain pairwise implementation: every pair's
distance by the formula, a row at a time (numpy over one school's pool), sorted, the 30 nearest
taken; its seconds and the ratio. The two must give the same families (checked on all of them).

    uv run python benchmarks/families_national.py [--pairwise-sample N]

Target (issue 10): under 3 s on a 2-core machine for every school, both methods. Wall-clock time
depends on what else the machine runs; the CPU time (all threads) and the load average are printed
beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import polars as pl

from peerlift.analysis import families as fam
from peerlift.demo import register, results
from peerlift.demo.areas import REGIONS
from peerlift.demo.kinds import KINDS

SIZE = 30


def synthetic_england(seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The demo's national register as analysis/families.py takes it, and its 2019 figures."""
    rng = np.random.default_rng(seed)
    world = register.build(rng, national=True)
    regions = {gss: r.name for gss, r in REGIONS.items()}
    las = {la.code: regions.get(la.region, la.region) for la in world.las}
    kinds = world.schools.get_column("kind").to_list()
    schools = world.schools.select(
        "urn",
        "name",
        "la_code",
        pl.col("la_code").replace_strict(las, default=None, return_dtype=pl.String).alias("region"),
        pl.Series("phase", [KINDS[k].phase_name for k in kinds]),
        pl.Series("type_group", [KINDS[k].group_name for k in kinds]),
        pl.Series("type", [KINDS[k].type_name for k in kinds]),
        "status",
    )
    census = results.census(rng, world, 2019)
    nor = census.get_column("nor").to_numpy().astype(float)
    per = {
        "pupils_on_roll": nor,
        "fsm_ever_pct": np.round(100 * census.get_column("n_fsm_ever").to_numpy() / nor, 1),
        "eal_pct": np.round(100 * census.get_column("n_eal").to_numpy() / nor, 1),
        "sen_support_pct": np.round(100 * census.get_column("n_sen").to_numpy() / nor, 1),
        "ehcp_pct": np.round(100 * census.get_column("n_ehcp").to_numpy() / nor, 1),
    }
    frames = [
        pl.DataFrame({"urn": census.get_column("urn"), "measure": name, "value": values})
        for name, values in per.items()
    ]
    latent = world.schools.filter(pl.col("status") != "Closed").select("urn", "q0", "fsm", "kind")
    n = latent.height
    q, fsm = latent.get_column("q0").to_numpy(), latent.get_column("fsm").to_numpy()
    phase = np.array([KINDS[k].phase_name for k in latent.get_column("kind").to_list()])
    primary, secondary = np.isin(phase, ("Primary", "Middle deemed primary")), phase == "Secondary"
    prior = [
        (primary, "ks2_prior_attainment", 15.8 + 1.2 * q - 4 * (fsm - 0.25) + rng.normal(0, 0.5, n)),
        (secondary, "ks4_prior_attainment", 104 + 1.8 * q - 6 * (fsm - 0.25) + rng.normal(0, 0.8, n)),
        (primary, "ks2_disadvantaged_pct", np.clip(150 * fsm + rng.normal(0, 5, n), 1, 95)),
        (secondary, "ks4_disadvantaged_pct", np.clip(140 * fsm + rng.normal(0, 5, n), 1, 95)),
    ]
    for mask, name, values in prior:
        frames.append(
            pl.DataFrame(
                {"urn": latent.get_column("urn"), "measure": name, "value": np.round(values, 1)}
            ).filter(pl.Series(mask))
        )
    return schools, pl.concat(frames)


def pairwise(
    families: fam.Families, schools: pl.DataFrame, measures: pl.DataFrame, sample: int | None
) -> dict[int, list[int]]:
    """Every pair's distance, a school at a time: the same coordinates, no tree, a full sort."""
    method = families.method
    found: dict[int, list[int]] = {}
    pools = fam.pools(schools, families.scope)
    wide = measures.filter(pl.col("measure").is_in(method.measures)).pivot(
        on="measure", index="urn", values="value", aggregate_function="first"
    )
    joined = pools.select("urn", "phase_group", "pool").join(wide, on="urn", how="left")
    wanted = None
    if sample:
        urns = families.members.get_column("urn").unique().sort()
        wanted = set(urns.gather(np.linspace(0, len(urns) - 1, sample).astype(int)).to_list())
    for (_pool,), part in joined.sort("urn").group_by(["pool"], maintain_order=True):
        group = part.item(0, "phase_group")
        if group == "other":
            continue
        prepared, _ = fam.prepare(part, str(group), method)
        urns, coords = prepared.urns, prepared.scaled
        for i in range(len(urns)):  # one school at a time against its whole pool
            if wanted is not None and int(urns[i]) not in wanted:
                continue
            d = np.round(np.sqrt(((coords - coords[i]) ** 2).sum(axis=1)), fam.DECIMALS)
            d[i] = np.inf
            order = np.lexsort((urns, d))[: min(SIZE, len(urns) - 1)]
            found[int(urns[i])] = urns[order].tolist()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--pairwise-sample", type=int, default=0, help="Schools for the pairwise run (0: all)."
    )
    args = parser.parse_args()
    start = time.perf_counter()
    schools, measures = synthetic_england()
    print(
        f"synthetic England: {schools.filter(fam.is_open(pl.col('status'))).height:,} open schools of "
        f"{schools.height:,}, {measures.height:,} figures ({time.perf_counter() - start:.1f} s to make); "
        f"{os.cpu_count()} CPUs"
    )
    methods = fam.load_methods()
    total = total_cpu = 0.0
    for name in ("pupil", "context"):
        start, cpu = time.perf_counter(), time.process_time()
        found = fam.compute(schools, measures, methods[name], "national", SIZE)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        total += seconds
        total_cpu += cpu
        families = found.members.get_column("urn").n_unique()
        start = time.perf_counter()
        slow = pairwise(found, schools, measures, args.pairwise_sample or None)
        slow_seconds = time.perf_counter() - start
        mine = fam.family_urns(found)
        same = all(mine.get(u) == members for u, members in slow.items())
        scaled = slow_seconds * (families / len(slow)) if slow else 0.0
        print(
            f"{name:<8} vectorised {seconds:6.2f} s ({cpu:.2f} s of CPU) for {families:,} families "
            f"({found.members.height:,} members); "
            f"pairwise {slow_seconds:6.2f} s for {len(slow):,}"
            + (f" (about {scaled:.0f} s for all)" if len(slow) < families else "")
            + f"; ratio {scaled / seconds:5.1f}x; same families: {same}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(
        f"both methods: {total:.2f} s, {total_cpu:.2f} s of CPU (target under 3 s); "
        f"peak memory {peak:.0f} MB; load average {load:.1f} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
