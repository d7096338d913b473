"""The brokerage vocabulary: needs, offers, officers' pins and exclusions, and the facts of a school.

Plain frozen dataclasses, so that the CLI, the web app and the tests build an instance the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Area(StrEnum):
    """What a school needs support in, and what a supporter offers (the issue's list)."""

    LEADERSHIP = "leadership"
    GOVERNANCE = "governance"
    READING = "reading"
    WRITING = "writing"
    MATHS = "maths"
    EARLY_YEARS = "early_years"
    SEND = "send"
    BEHAVIOUR_ATTENDANCE = "behaviour_attendance"
    CURRICULUM = "curriculum"
    SAFEGUARDING = "safeguarding"
    FINANCE = "finance"
    INCLUSION = "inclusion"


class OfferKind(StrEnum):
    """Who offers: a school, or a system leader or organisation with declared strengths."""

    SCHOOL = "school"
    NLE = "nle"
    LLE = "lle"
    SLE = "sle"
    TEACHING_SCHOOL_HUB = "teaching_school_hub"
    TRUST = "trust"
    EXECUTIVE_HEAD = "executive_head"
    LA_ADVISER = "la_adviser"


class RuleKind(StrEnum):
    PIN = "pin"
    EXCLUDE = "exclude"


@dataclass(frozen=True)
class Need:
    need_id: str
    urn: int
    area: Area
    urgency: int  # 1 (can wait) to 3 (urgent)
    days: float
    raised_on: dt.date | None = None
    raised_by: str = ""
    notes: str = ""
    row: int | None = field(default=None, compare=False)  # its row in a template, for messages


@dataclass(frozen=True)
class Offer:
    offer_id: str
    supporter_urn: int | None  # None for a person or organisation without a URN
    supporter_name: str
    kind: OfferKind
    areas: frozenset[Area]
    phases: frozenset[str]  # Phase or PhaseGroup values; empty means every phase
    capacity_days: float  # per term
    max_distance_km: float | None  # None: goes anywhere
    network: str = ""
    conflicts: frozenset[int] = frozenset()  # URNs it must not support
    row: int | None = field(default=None, compare=False)  # its row in a template, for messages


@dataclass(frozen=True)
class Rule:
    """An officer's pin (this pair must happen) or exclusion (this pair must not)."""

    need_id: str
    offer_id: str
    kind: RuleKind
    row: int | None = None  # where it came from, for messages


@dataclass(frozen=True)
class School:
    """What the engine needs to know of a school from the register."""

    urn: int
    name: str
    phase: str  # a Phase value ("" when unknown)
    phase_group: str  # a PhaseGroup value
    easting: float | None = None
    northing: float | None = None
    fsm_pct: float | None = None
    category: int | None = None  # the LA's category 1-4 in force, None when not categorised
    networks: frozenset[str] = frozenset()  # its trust and federation names, lower case


@dataclass(frozen=True)
class Strength:
    """A supporter's evidenced strength in an area, 0 to 1, with the evidence in words."""

    level: float
    evidence: tuple[str, ...] = ()


@dataclass
class Instance:
    """Everything one brokerage run reads."""

    needs: list[Need]
    offers: list[Offer]
    schools: dict[int, School]
    rules: list[Rule] = field(default_factory=list)
    # (supporter URN, area) -> evidenced strength; a declared area without evidence scores the
    # weights' ``declared_strength``
    strengths: dict[tuple[int, Area], Strength] = field(default_factory=dict)
    # (supporter URN, area) -> why its family's figures could not say (too few members with one)
    unjudged: dict[tuple[int, Area], tuple[str, ...]] = field(default_factory=dict)
