"""Demo City's careers, governance and aspirations, written in peerlift's own templates
(docs/data-formats.md, "Templates") so that ``peerlift demo`` loads them through the same readers as
an officer's files.

Gatsby results: each secondary school has a careers programme of some maturity that grows a little
each year; a benchmark is fully achieved (100) with a chance that rises with it, else part achieved
(a percentage from 30 to 95). The LA lands a little above the national average (5.83 in 2023/24),
as seed 004's LA did. Governor training: a termly programme of courses, each attended by governors
of a share of the LA's schools, so that some schools not yet good have had none lately. Aspiration
events: a Primary Aspirations Week every March with most primary schools, and a careers fair.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from peerlift.demo.kinds import KINDS
from peerlift.demo.register import Register

GATSBY_YEARS = (2023, 2024, 2025)
GATSBY_HEADER = ["urn", "year", *(f"gb{n}" for n in range(1, 9)), "careers_hub"]
TRAINING_HEADER = ["course_title", "course_date", "provider", "topic", "urn", "governor"]
EVENT_HEADER = [
    "event_name",
    "start_date",
    "end_date",
    "hosts",
    "volunteers",
    "schools",
    "children_reached",
    "feedback",
]
# Harder benchmarks are achieved less often (gb6 experiences of workplaces, gb8 personal guidance...).
EASE = (0.95, 0.9, 0.7, 0.65, 0.9, 0.7, 0.75, 0.8)
COURSES = (
    ("Using performance data to challenge", "use of performance data"),
    ("Safeguarding for governors", "safeguarding"),
    ("Finance and the school budget", "finance"),
    ("Induction for new governors", "induction"),
    ("Holding leaders to account for the curriculum", "curriculum"),
    ("Preparing for inspection", "inspection"),
)
PROVIDERS = (
    "Demo City Governor Services",
    "National Governance Association",
    "Demo City Teaching School Hub",
)
ROLES = ("Chair of governors", "Vice-chair", "Safeguarding governor", "Parent governor", "Staff governor")
TERM_STARTS = ((10, 8), (1, 20), (5, 12))  # (month, day) of each term's course, autumn to summer


def write(folder: Path, rng: np.random.Generator, world: Register) -> list[Path]:
    """Write the three templates for the demo LA and return their paths, in the order to import."""
    open_schools = world.schools.filter(pl.col("status") != "Closed")
    phases = open_schools["kind"].replace_strict({k: v.phase_name for k, v in KINDS.items()})
    secondary = open_schools.filter(phases.is_in(["Secondary", "All-through"]))["urn"].to_list()
    primary = open_schools.filter(phases.is_in(["Primary"]))["urn"].to_list()
    return [
        write_template(folder / "gatsby_benchmarks_demo.csv", GATSBY_HEADER, gatsby_rows(rng, secondary)),
        write_template(
            folder / "governor_training_demo.csv",
            TRAINING_HEADER,
            training_rows(rng, open_schools["urn"].to_list()),
        ),
        write_template(
            folder / "aspiration_events_demo.csv", EVENT_HEADER, event_rows(rng, primary, secondary)
        ),
    ]


def write_template(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """A template as a spreadsheet saves it: UTF-8 CSV, quoted where needed, blank for no value."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return path


def gatsby_rows(rng: np.random.Generator, urns: Sequence[int]) -> list[list[object]]:
    rows: list[list[object]] = []
    maturity = {urn: float(rng.uniform(0.55, 1.0)) for urn in urns}
    hub = {urn: bool(rng.random() < 0.7) for urn in urns}
    for year in GATSBY_YEARS:
        for urn in urns:
            grown = min(1.0, maturity[urn] + 0.04 * (year - GATSBY_YEARS[0]))
            values = [
                100 if rng.random() < ease * grown + 0.15 else int(rng.integers(30, 96)) for ease in EASE
            ]
            rows.append([urn, f"{year - 1}/{year % 100:02d}", *values, "yes" if hub[urn] else "no"])
    return rows


def _course_days() -> list[dt.date]:
    """A course each term from autumn 2024 to autumn 2026."""
    days = []
    for year in (2024, 2025, 2026):
        for month, day in TERM_STARTS:
            on = dt.date(year if month >= 9 else year + 1, month, day)
            if on <= dt.date(2026, 11, 30):
                days.append(on)
    return sorted(days)


def training_rows(rng: np.random.Generator, urns: Sequence[int]) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, day in enumerate(_course_days()):
        title, topic = COURSES[index % len(COURSES)]
        provider = PROVIDERS[index % len(PROVIDERS)]
        taking_part = rng.choice(np.array(urns), size=max(1, len(urns) // 6), replace=False)
        for urn in sorted(int(u) for u in taking_part):
            for role in rng.choice(np.array(ROLES), size=int(rng.integers(1, 3)), replace=False):
                rows.append([title, day.isoformat(), provider, topic, urn, str(role)])
    return rows


def event_rows(
    rng: np.random.Generator, primary: Sequence[int], secondary: Sequence[int]
) -> list[list[object]]:
    rows: list[list[object]] = []
    for year in (2023, 2024, 2025, 2026):
        start = dt.date(year, 3, 6) + dt.timedelta(days=int(rng.integers(0, 7)))
        start -= dt.timedelta(days=start.weekday())  # a Monday
        schools = rng.choice(
            np.array(primary), size=max(1, int(len(primary) * rng.uniform(0.6, 0.9))), replace=False
        )
        children = int(len(schools) * rng.integers(40, 70))
        rows.append(
            [
                "Primary Aspirations Week",
                start.isoformat(),
                (start + dt.timedelta(days=4)).isoformat(),
                "Demo City Council; Demo Careers Hub; Demo Chamber of Commerce",
                int(rng.integers(80, 160)),
                ";".join(str(int(u)) for u in sorted(schools)),
                children,
                "Children met people from over 40 jobs; teachers asked for the week again",
            ]
        )
    if secondary:
        rows.append(
            [
                "Demo City careers fair",
                "2025-10-02",
                "",
                "Demo College; Demo University",
                35,
                ";".join(str(u) for u in secondary),
                len(secondary) * 180,
                "",
            ]
        )
    return rows
