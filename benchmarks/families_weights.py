"""How good are the families? The measurement behind the context method's weights (docs/analysis.md).

On the real files in ../shared/data: GIAS Hampshire and Surrey (20220420_gias.csv: which schools are
open, their phase), the national school census (January 2019) and Hampshire's KS2 2019 results
(2018-850-ks2.csv). For each method, and for the context method with other weights, it prints the
median absolute gap between a school's KS2 RWM % and its family's median, against the same for 30
random schools of its phase group (seeded), over the schools with a result.

The KS2 cohort's prior attainment is ``ks2_prior_attainment`` (the KS2 file's KS1 average point
score, ``TKS1AVERAGE``).

    uv run python benchmarks/families_weights.py
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import polars as pl

from peerlift.analysis import families as fam
from peerlift.sources import frames
from peerlift.sources.registry import read

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
KS2 = DATA / "performance_tables" / "la_850_hampshire_936_surrey" / "2018-850-ks2.csv"
SEEDS = (1, 2, 3, 4, 5)  # the random baseline is averaged over a few draws


def _weighted(method: fam.Method, weights: dict[str, float]) -> fam.Method:
    variables = tuple(dataclasses.replace(v, weight=weights.get(v.name, v.weight)) for v in method.variables)
    return dataclasses.replace(method, variables=variables)


def main() -> None:
    if not DATA.exists():
        sys.exit(f"the shared data folder is not beside the repository ({DATA})")
    schools = read(DATA / "gias" / "20220420_gias.csv").tables[frames.ESTABLISHMENTS]
    census = read(DATA / "performance_tables/england_2018-19/england_census.csv", year=2019)
    ks2 = read(KS2).tables[frames.SCHOOL_MEASURES]
    measures = pl.concat(
        [
            census.tables[frames.SCHOOL_MEASURES].select("urn", "measure", "value"),
            ks2.select("urn", "measure", "value"),
        ]
    )
    methods = fam.load_methods()
    outcome = {"primary": "ks2_rwm_expected"}
    trials: list[tuple[str, fam.Method]] = [("pupil", methods["pupil"]), ("context", methods["context"])]
    for label, weights in (
        (
            "context, equal weights",
            dict.fromkeys(
                ("prior_attainment", "disadvantaged_pct", "eal_pct", "sen_pct", "pupils_on_roll"), 1.0
            ),
        ),
        (
            "context, prior attainment only",
            {
                "prior_attainment": 1.0,
                "disadvantaged_pct": 0,
                "eal_pct": 0,
                "sen_pct": 0,
                "pupils_on_roll": 0,
            },
        ),
        (
            "context, disadvantage only",
            {
                "prior_attainment": 0,
                "disadvantaged_pct": 1.0,
                "eal_pct": 0,
                "sen_pct": 0,
                "pupils_on_roll": 0,
            },
        ),
        (
            "context, prior 2 / disadvantage 1 / rest 0.25",
            {
                "prior_attainment": 2.0,
                "disadvantaged_pct": 1.0,
                "eal_pct": 0.25,
                "sen_pct": 0.25,
                "pupils_on_roll": 0.25,
            },
        ),
        (
            "context, prior 1 / disadvantage 1 / rest 0.25",
            {
                "prior_attainment": 1.0,
                "disadvantaged_pct": 1.0,
                "eal_pct": 0.25,
                "sen_pct": 0.25,
                "pupils_on_roll": 0.25,
            },
        ),
        ("context, no prior attainment", {"prior_attainment": 0}),
    ):
        trials.append((label, _weighted(methods["context"], weights)))
    for scope in ("national", "la"):
        print(
            f"\nscope {scope}: median (and mean) absolute gap, KS2 RWM % points; "
            f"random over {len(SEEDS)} seeds"
        )
        print(
            f"{'method':<60} {'schools':>7} {'family':>7} {'random':>7} {'ratio':>6} "
            f"{'mean':>6} {'random':>7}"
        )
        for label, method in trials:
            found = fam.compute(schools, measures, method, scope, 30)
            results = [fam.evaluate(found, measures, outcome, 30, seed)[0] for seed in SEEDS]
            first = results[0]
            random_gap = sum(r.random_gap or 0.0 for r in results) / len(results)
            random_mean = sum(r.random_mean_gap or 0.0 for r in results) / len(results)
            print(
                f"{label:<60} {first.schools:>7} {first.family_gap or 0:>7.2f} {random_gap:>7.2f} "
                f"{(first.family_gap or 0) / random_gap:>6.3f} {first.family_mean_gap or 0:>6.2f} "
                f"{random_mean:>7.2f}"
            )


if __name__ == "__main__":
    main()
