"""Needs proposed from the data: categories 3-4, open concerns, and the latest inspection's
judgements below good / expected standard, each with its evidence in words. Which source points to
which area, and how urgent, is data (proposals.toml); an officer accepts, edits or dismisses each.

Pure: the store's glue (brokerage/stored.py) hands in plain rows.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from peerlift.brokerage import family_evidence
from peerlift.brokerage.model import Area, Offer, Strength
from peerlift.domain.dates import long_date

PACKAGE_FILE = "proposals.toml"


class ProposalsError(ValueError):
    """proposals.toml names an area that is not one, or an urgency outside 1-3."""


@dataclass(frozen=True)
class Proposed:
    urn: int
    area: Area
    urgency: int
    days: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ConcernFact:
    urn: int
    kind: str
    kind_label: str
    raised_on: dt.date
    note: str


@dataclass(frozen=True)
class JudgementFact:
    urn: int
    area: str  # domain.inspections judgement area
    grade: str
    start_date: dt.date | None


def settings() -> dict[str, Any]:
    """proposals.toml, checked: every area a brokerage area, every urgency 1-3."""
    text = resources.files("peerlift.brokerage").joinpath(PACKAGE_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    areas = [("category.area", data["category"]["area"])]
    areas += [(f"concerns.{k}.area", v["area"]) for k, v in data["concerns"].items()]
    areas += [(f"judgements.areas.{k}", v) for k, v in data["judgements"]["areas"].items()]
    for key, value in areas:
        if value not in {a.value for a in Area}:
            raise ProposalsError(f"{PACKAGE_FILE}: {key} = {value!r} is not a brokerage area.")
    levels = [("strengths.category_1", data["strengths"]["category_1"])]
    levels += [(f"strengths.judgements.{k}", v) for k, v in data["strengths"]["judgements"].items()]
    for key, value in levels:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ProposalsError(f"{PACKAGE_FILE}: {key} = {value!r} should be a strength, 0 to 1.")
    urgencies = [(f"category.urgency.{k}", v) for k, v in data["category"]["urgency"].items()]
    urgencies += [(f"concerns.{k}.urgency", v["urgency"]) for k, v in data["concerns"].items()]
    urgencies += [(f"judgements.urgency.{k}", v) for k, v in data["judgements"]["urgency"].items()]
    for key, value in urgencies:
        if value not in (1, 2, 3):
            raise ProposalsError(f"{PACKAGE_FILE}: {key} = {value!r} should be an urgency, 1 to 3.")
    return data


def propose(
    categories: dict[int, int],
    concerns: list[ConcernFact],
    judgements: list[JudgementFact],
    family: Sequence[family_evidence.Finding] = (),
) -> list[Proposed]:
    """One proposal per school and area: the highest urgency any source gives, all their evidence.
    ``family``: where schools stand in their families (brokerage/family_evidence.py); those in the
    worst quartile of an area's measure propose a need in that area."""
    rules = settings()
    found: dict[tuple[int, Area], tuple[int, list[str]]] = {}

    def add(urn: int, area: str, urgency: int, evidence: str) -> None:
        key = (urn, Area(area))
        before, said = found.get(key, (0, []))
        found[key] = (max(before, urgency), [*said, evidence])

    for urn, category in sorted(categories.items()):
        urgency = rules["category"]["urgency"].get(str(category))
        if urgency is not None:
            add(urn, rules["category"]["area"], urgency, f"category {category} in force")
    for concern in concerns:
        rule = rules["concerns"].get(concern.kind)
        if rule is not None:
            note = f": {concern.note}" if concern.note else ""
            add(
                concern.urn,
                rule["area"],
                rule["urgency"],
                f"open concern ({concern.kind_label}) raised on {long_date(concern.raised_on)}{note}",
            )
    for judgement in judgements:
        area = rules["judgements"]["areas"].get(judgement.area)
        urgency = rules["judgements"]["urgency"].get(judgement.grade)
        if area is not None and urgency is not None:
            when = f" on {long_date(judgement.start_date)}" if judgement.start_date else ""
            add(
                judgement.urn,
                area,
                urgency,
                f"{judgement.area.replace('_', ' ')} judged {judgement.grade.replace('_', ' ')} at the "
                f"latest inspection{when}",
            )
    if family:
        urgency = int(family_evidence.settings()["need"]["urgency"])
        for finding in family_evidence.worst(family):
            add(finding.urn, finding.area.value, urgency, f"worst quartile of its family: {finding.text}")
    return [
        Proposed(urn, area, urgency, float(rules["days"]), tuple(evidence))
        for (urn, area), (urgency, evidence) in sorted(found.items())
    ]


def strengths(
    offers: list[Offer], categories: dict[int, int], judgements: list[JudgementFact]
) -> dict[tuple[int, Area], Strength]:
    """Each supporting school's evidenced strength in the areas it offers: category 1 in force, and
    its latest inspection's judgements in that area; the highest level, with all the evidence."""
    rules = settings()["strengths"]
    areas_of = settings()["judgements"]["areas"]
    by_urn: dict[int, list[JudgementFact]] = {}
    for judgement in judgements:
        by_urn.setdefault(judgement.urn, []).append(judgement)
    found: dict[tuple[int, Area], Strength] = {}
    for offer in offers:
        if offer.supporter_urn is None:
            continue
        urn = offer.supporter_urn
        for area in offer.areas:
            said: list[tuple[float, str]] = []
            if categories.get(urn) == 1:
                said.append((rules["category_1"], "category 1 in force"))
            for j in by_urn.get(urn, []):
                level = rules["judgements"].get(j.grade)
                if level is not None and areas_of.get(j.area) == area.value:
                    when = f" on {long_date(j.start_date)}" if j.start_date else ""
                    said.append(
                        (level, f"{j.area.replace('_', ' ')} judged {j.grade.replace('_', ' ')}{when}")
                    )
            if said:
                found[(urn, area)] = Strength(
                    max(level for level, _ in said), tuple(text for _, text in said)
                )
    return found
