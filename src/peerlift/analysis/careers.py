"""Careers against the eight Gatsby benchmarks: an LA's schools in a year, as seed 004 states them
("an average of 6.4 benchmarks ... 100% of schools achieved at least 3, 87% at least 4, 35% all 8").

A benchmark counts as fully achieved at 100 (per cent achieved); a benchmark the file leaves blank
counts as not achieved (the school has not shown it). The national averages to set beside an LA's
are data (careers_reference.toml), with their source and year.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

BENCHMARKS = tuple(f"gb{n}" for n in range(1, 9))
FULLY_ACHIEVED = 100.0
BENCHMARK_NAMES = {
    "gb1": "A stable careers programme",
    "gb2": "Learning from career and labour market information",
    "gb3": "Addressing the needs of each young person",
    "gb4": "Linking curriculum learning to careers",
    "gb5": "Encounters with employers and employees",
    "gb6": "Experiences of workplaces",
    "gb7": "Encounters with further and higher education",
    "gb8": "Personal guidance",
}
REFERENCE_FILE = "careers_reference.toml"


class ReferenceError(ValueError):
    """The reference figures' file says something peerlift cannot use; the message names the entry."""


@dataclass(frozen=True)
class NationalAverage:
    year: int
    average: float
    source: str


@cache
def national_averages() -> dict[int, NationalAverage]:
    """The published national averages by year, from careers_reference.toml."""
    text = resources.files("peerlift.analysis").joinpath(REFERENCE_FILE).read_text(encoding="utf-8")
    return parse_reference(text)


def parse_reference(text: str) -> dict[int, NationalAverage]:
    """Read the reference file, naming the entry and key at fault when it is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReferenceError(f"{REFERENCE_FILE}: {error}") from None
    found: dict[int, NationalAverage] = {}
    for index, entry in enumerate(data.get("national_average", []), start=1):
        where = f"{REFERENCE_FILE}, national_average entry {index}"
        for key, kind in (("year", int), ("average", (int, float)), ("source", str)):
            if not isinstance(entry.get(key), kind):
                raise ReferenceError(
                    f"{where}: {key!r} is missing or not a {'number' if key != 'source' else 'text'}"
                )
        if not 0 <= entry["average"] <= len(BENCHMARKS):
            raise ReferenceError(f"{where}: 'average' must be from 0 to {len(BENCHMARKS)}")
        if entry["year"] in found:
            raise ReferenceError(f"{where}: year {entry['year']} is given twice")
        found[entry["year"]] = NationalAverage(entry["year"], float(entry["average"]), entry["source"])
    return found


def achieved(results: pl.DataFrame) -> pl.DataFrame:
    """Each school's results with ``achieved``: how many of its benchmarks are at 100."""
    fully = [(pl.col(b) >= FULLY_ACHIEVED).fill_null(False).cast(pl.Int32) for b in BENCHMARKS]
    return results.with_columns(pl.sum_horizontal(fully).alias("achieved"))


def _pct(count: int, of: int) -> float | None:
    return round(100 * count / of, 1) if of else None


def summary(results: pl.DataFrame, year: int | None) -> dict[str, Any]:
    """The careers summary of one year's results (columns urn, gb1..gb8; name optional); ``year`` None
    for an LA with no results at all (every figure then None).

    Percentages are of the schools with results that year, to one decimal place; the average to two.
    """
    scored = achieved(results).sort("urn")
    schools = scored.height
    counts = scored["achieved"].to_list()
    reference = national_averages().get(year) if year is not None else None
    per_school_columns = [c for c in ("urn", "name") if c in scored.columns] + ["achieved", *BENCHMARKS]
    return {
        "year": year,
        "schools": schools,
        "average_achieved": round(sum(counts) / schools, 2) if schools else None,
        "pct_at_least_3": _pct(sum(c >= 3 for c in counts), schools),
        "pct_at_least_4": _pct(sum(c >= 4 for c in counts), schools),
        "pct_all_8": _pct(sum(c == len(BENCHMARKS) for c in counts), schools),
        "national_average": reference.average if reference else None,
        "national_average_source": reference.source if reference else None,
        "by_benchmark": {b: _pct(int((scored[b] >= FULLY_ACHIEVED).sum()), schools) for b in BENCHMARKS},
        "per_school": scored.select(per_school_columns).to_dicts(),
    }
