"""Demo City's networks, written in peerlift's own templates (docs/data-formats.md, "Templates") so
that ``peerlift demo`` loads them through the same readers as an officer's files.

Four clusters by place (the open primary and secondary schools split at the middle easting and
northing), formed in September 2021; the West cluster is turbulent in 2026 (six schools leave in
January, two join, one of the leavers comes back in September); an ad hoc reading partnership since
January 2025 shares schools with the North and East clusters; a careers hub of the secondary
schools; a teaching school hub alliance; two schools in no cluster. Activities from 2022/23: the
North cluster's move beyond its heads (senior, then middle leaders and teachers), the West
cluster's heads-only meetings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from peerlift.demo.areas import DEMO_CITY
from peerlift.demo.careers import write_template
from peerlift.demo.kinds import KINDS
from peerlift.demo.register import Register

MEMBER_HEADER = ["network", "kind", "lead", "urn", "joined_on", "left_on"]
ACTIVITY_HEADER = ["network", "la", "date", "kind", "levels", "notes"]
TEMPLATES: dict[str, tuple[list[str], list[object]]] = {
    "network_members": (
        MEMBER_HEADER,
        ["North cluster", "cluster", "Headteacher, Alder Primary", 100001, "2021-09-01", ""],
    ),
    "network_activities": (
        ACTIVITY_HEADER,
        [
            "North cluster",
            "999",
            "2025-10-08",
            "meeting",
            "heads; senior_leaders",
            "Autumn term network meeting",
        ],
    ),
}
FORMED = dt.date(2021, 9, 1)
CLUSTERS = ("North cluster", "East cluster", "South cluster", "West cluster")
PARTNERSHIP = "Reading together partnership"
CAREERS_HUB = "Demo City Careers Hub"
TEACHING_HUB = "Demo City Teaching School Hub alliance"
SCHOOL_YEARS = (2023, 2024, 2025, 2026)  # 2022/23 to 2025/26
# (month, day, kind) of a cluster's activities in a school year, autumn to summer.
CALENDAR = (
    (10, 5, "meeting"),
    (11, 16, "cpd"),
    (2, 8, "peer_review"),
    (3, 15, "joint_practice"),
    (6, 14, "meeting"),
)
NOTES = {
    "meeting": "Termly network meeting: data, priorities, next steps",
    "cpd": "Shared CPD session",
    "peer_review": "Peer review visit to a member school",
    "joint_practice": "Joint practice development on reading and maths",
    "shared_appointment": "Shared special educational needs coordinator",
    "back_office": "Shared HR and finance service",
}


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A template as text (the pages' download): the header and the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def _clusters(schools: pl.DataFrame) -> dict[str, list[int]]:
    """The open primary and secondary schools by quarter of the city (middle easting and northing)."""
    east = float(schools["easting"].median())  # type: ignore[arg-type]
    north = float(schools["northing"].median())  # type: ignore[arg-type]
    found: dict[str, list[int]] = {name: [] for name in CLUSTERS}
    for urn, x, y in schools.sort("urn").select("urn", "easting", "northing").iter_rows():
        if y >= north and x < east:
            found["North cluster"].append(urn)
        elif x >= east and y >= north:
            found["East cluster"].append(urn)
        elif x >= east:
            found["South cluster"].append(urn)
        else:
            found["West cluster"].append(urn)
    return found


def member_rows(rng: np.random.Generator, world: Register) -> list[list[object]]:
    open_schools = world.schools.filter(pl.col("status") != "Closed")
    phases = open_schools["kind"].replace_strict({k: v.phase_name for k, v in KINDS.items()})
    mainstream = open_schools.filter(phases.is_in(["Primary", "Secondary", "All-through"]))
    secondary = sorted(open_schools.filter(phases.is_in(["Secondary", "All-through"]))["urn"].to_list())
    names = dict(open_schools.select("urn", "name").iter_rows())
    clusters = _clusters(mainstream)
    outside = [clusters["South cluster"].pop(), clusters["East cluster"].pop()]  # in no cluster
    rows: list[list[object]] = []
    for name, urns in clusters.items():
        lead = f"Headteacher, {names[urns[0]]}" if urns else ""
        west = name == "West cluster"
        leavers = urns[-6:] if west and len(urns) > 12 else []
        for urn in urns:
            if urn in leavers:
                rows.append(
                    [name, "cluster", lead, urn, FORMED.isoformat(), _day(2026, 1, 9 + len(rows) % 5)]
                )
            else:
                rows.append([name, "cluster", lead, urn, FORMED.isoformat(), ""])
        if leavers:  # one comes back after the summer
            rows.append([name, "cluster", lead, leavers[0], "2026-09-07", ""])
        if west:  # two move in from no cluster
            for urn, day in zip(outside, ("2026-02-23", "2026-04-20"), strict=True):
                rows.append([name, "cluster", lead, urn, day, ""])
    partners = clusters["North cluster"][:3] + clusters["East cluster"][:2]
    for urn in partners:
        rows.append([PARTNERSHIP, "ad_hoc", f"English lead, {names[partners[0]]}", urn, "2025-01-13", ""])
    for urn in secondary:
        rows.append([CAREERS_HUB, "careers_hub", "Demo City careers hub lead", urn, "2022-09-01", ""])
    hub = sorted(int(u) for u in rng.choice(np.array(mainstream["urn"].to_list()), size=12, replace=False))
    for urn in hub:
        rows.append(
            [TEACHING_HUB, "teaching_school_hub", "Demo City Teaching School Hub", urn, "2023-09-01", ""]
        )
    return rows


def _day(year: int, month: int, day: int) -> str:
    return dt.date(year, month, day).isoformat()


def _levels(name: str, year: int, rng: np.random.Generator) -> list[str]:
    """Who took part: the North cluster moves beyond its heads year by year; the West stays with them."""
    if name == "West cluster":
        return ["heads"]
    step = SCHOOL_YEARS.index(year) + (1 if name == "North cluster" else 0)
    wider = ["senior_leaders", "middle_leaders", "teachers", "governors"][: max(0, step)]
    chosen = [level for level in wider if rng.random() < 0.75]
    return ["heads", *chosen]


def activity_rows(rng: np.random.Generator) -> list[list[object]]:
    rows: list[list[object]] = []
    la = str(DEMO_CITY.code)
    for year in SCHOOL_YEARS:
        for name in CLUSTERS:
            for month, day, kind in CALENDAR:
                on = dt.date(year - 1 if month >= 9 else year, month, day)
                if on > dt.date(2026, 11, 30):
                    continue
                rows.append(
                    [name, la, on.isoformat(), kind, "; ".join(_levels(name, year, rng)), NOTES[kind]]
                )
        if year >= 2025:
            rows.append(
                [
                    PARTNERSHIP,
                    la,
                    _day(year, 3, 3),
                    "joint_practice",
                    "middle_leaders; teachers",
                    NOTES["joint_practice"],
                ]
            )
        rows.append(
            [
                CAREERS_HUB,
                la,
                _day(year - 1, 11, 2),
                "meeting",
                "senior_leaders; middle_leaders",
                "Careers leaders' network",
            ]
        )
    rows.append(
        [
            "South cluster",
            la,
            "2025-09-01",
            "shared_appointment",
            "senior_leaders",
            NOTES["shared_appointment"],
        ]
    )
    rows.append(["East cluster", la, "2024-04-08", "back_office", "heads; governors", NOTES["back_office"]])
    return rows


def write(folder: Path, rng: np.random.Generator, world: Register) -> list[Path]:
    """Write the two templates for the demo LA, members first, and return their paths."""
    return [
        write_template(folder / "network_members_demo.csv", MEMBER_HEADER, member_rows(rng, world)),
        write_template(folder / "network_activities_demo.csv", ACTIVITY_HEADER, activity_rows(rng)),
    ]
