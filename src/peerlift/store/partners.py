"""Improvement partners, an LA's days by category, pins and allocations in the store (issue 12).

Reads and writes only: every change is made through ``web/partner_changes.py``, which wraps these
functions in the audited helper. The allocation itself is ``analysis.partner_allocation`` (pure);
this module gathers its inputs (open schools with their category, phase group and last year's
partner; active partners; pins) and stores its result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerlift.analysis import partner_allocation as allocation
from peerlift.analysis.partner_days import DaysError, check_days, default_days
from peerlift.domain.phases import PhaseGroup, family_group
from peerlift.store import categories as categories_store
from peerlift.store.models import (
    Establishment,
    ImprovementPartner,
    PartnerAllocation,
    PartnerAssignment,
    PartnerDays,
    PartnerPin,
)

PHASES = tuple(group.value for group in PhaseGroup if group is not PhaseGroup.OTHER)
MOST_DAYS = 400  # a partner's days in a year: more is a typing mistake


class PartnerError(ValueError):
    """A change refused, in words an officer can act on."""


def parse_phases(text: str | Sequence[str]) -> list[str]:
    """Phase groups from "primary,special" or a list, checked against the groups schools fall in."""
    items = text.split(",") if isinstance(text, str) else list(text)
    phases = sorted({item.strip().lower().replace(" ", "_") for item in items if item.strip()})
    unknown = [phase for phase in phases if phase not in PHASES]
    if unknown or not phases:
        raise PartnerError(
            f"phases are one or more of {', '.join(PHASES)} (not {', '.join(unknown) or 'none'})"
        )
    return phases


def check_partner(name: str, days: int) -> str:
    """A partner's name (trimmed, not empty) after checking their days are possible."""
    if not name.strip():
        raise PartnerError("give the partner's name")
    if not 0 <= days <= MOST_DAYS:
        raise PartnerError(f"a partner's days in a year are a whole number from 0 to {MOST_DAYS}")
    return name.strip()


def partners(la: int, *, active_only: bool = False) -> list[ImprovementPartner]:
    found = ImprovementPartner.objects.filter(la_code=la)
    return list(found.filter(active=True) if active_only else found)


def partner(la: int, pk: int) -> ImprovementPartner | None:
    return ImprovementPartner.objects.filter(la_code=la, pk=pk).first()


def partner_named(la: int, name: str) -> ImprovementPartner | None:
    return ImprovementPartner.objects.filter(la_code=la, name__iexact=name.strip()).first()


def add_partner(la: int, name: str, days: int, phases: Sequence[str], by: str) -> ImprovementPartner:
    """A new partner; names are unique within an LA, whatever their case."""
    name = check_partner(name, days)
    if partner_named(la, name) is not None:
        raise PartnerError(f"LA {la} already has a partner called {name}")
    return ImprovementPartner.objects.create(
        la_code=la, name=name, days=days, phases=parse_phases(phases), changed_by=by
    )


def change_partner(
    record: ImprovementPartner, name: str, days: int, phases: Sequence[str], active: bool, by: str
) -> ImprovementPartner:
    name = check_partner(name, days)
    other = partner_named(record.la_code, name)
    if other is not None and other.pk != record.pk:
        raise PartnerError(f"LA {record.la_code} already has a partner called {name}")
    record.name, record.days, record.phases, record.active = name, days, parse_phases(phases), active
    record.changed_by = by
    record.save()
    return record


def days_table(la: int) -> dict[int, int]:
    """The LA's days per school per year by category: its own table, else the package's."""
    own = PartnerDays.objects.filter(la_code=la).first()
    return check_days(own.days) if own else default_days()


def days_record(la: int) -> PartnerDays | None:
    return PartnerDays.objects.filter(la_code=la).first()


def set_days(la: int, table: Mapping[Any, Any], by: str) -> PartnerDays:
    """Set the LA's own table (checked: a whole number of days for each category 1 to 4)."""
    try:
        days = check_days(table)
    except DaysError as error:
        raise PartnerError(str(error)) from error
    record, _ = PartnerDays.objects.update_or_create(
        la_code=la, defaults={"days": {str(k): v for k, v in days.items()}, "changed_by": by}
    )
    return record


def pins(la: int, year: int) -> list[PartnerPin]:
    return list(PartnerPin.objects.filter(la_code=la, year=year).select_related("partner"))


def pin_of(la: int, year: int, urn: int) -> PartnerPin | None:
    return PartnerPin.objects.filter(la_code=la, year=year, urn=urn).select_related("partner").first()


def set_pin(la: int, year: int, urn: int, partner_record: ImprovementPartner, by: str) -> PartnerPin:
    """Pin a school of the LA to one of its active partners for the year (replacing any pin)."""
    school = Establishment.objects.filter(urn=urn).first()
    if school is None or school.la_code != la:
        raise PartnerError(f"no school with URN {urn} is in LA {la}")
    if partner_record.la_code != la or not partner_record.active:
        raise PartnerError(f"{partner_record.name} is not an active partner of LA {la}")
    group = family_group(school.phase, school.type_group, school.type)
    if group not in partner_record.phases:
        raise PartnerError(f"{partner_record.name} does not work in the school's phase ({group})")
    record, _ = PartnerPin.objects.update_or_create(
        year=year, urn=urn, defaults={"la_code": la, "partner": partner_record, "pinned_by": by}
    )
    return record


def allocation_of(la: int, year: int) -> PartnerAllocation | None:
    return PartnerAllocation.objects.filter(la_code=la, year=year).first()


def last_partners(la: int, year: int) -> dict[int, str]:
    """URN -> the partner each school had in the LA's allocation of the year before."""
    before = allocation_of(la, year - 1)
    if before is None:
        return {}
    return dict(before.assignments.values_list("urn", "partner__name"))


def open_schools(la: int) -> list[dict[str, Any]]:
    """The LA's open schools: URN, name and phase group."""
    found = Establishment.objects.filter(la_code=la, status__istartswith="open").order_by("urn")
    return [
        {"urn": s.urn, "name": s.name, "phase": family_group(s.phase, s.type_group, s.type)}
        for s in found.only("urn", "name", "phase", "type_group", "type")
    ]


def categories_in_force(la: int, as_at: dt.date | None) -> dict[int, int]:
    """URN -> category in force on the date (today), as categorised for the LA (store/categories.py)."""
    return categories_store.categories_in_force(la, as_at)


def inputs(
    la: int, year: int, categories: Mapping[int, int]
) -> tuple[list[allocation.School], list[allocation.Partner], dict[int, str]]:
    """What the solver needs: the LA's open schools with a category, its active partners, its pins."""
    days = days_table(la)
    last = last_partners(la, year)
    schools = [
        allocation.School(row["urn"], days[categories[row["urn"]]], row["phase"], last.get(row["urn"]))
        for row in open_schools(la)
        if categories.get(row["urn"]) in days
    ]
    people = [allocation.Partner(p.name, p.days, frozenset(p.phases)) for p in partners(la, active_only=True)]
    return schools, people, {pin.urn: pin.partner.name for pin in pins(la, year) if pin.partner.active}


def run(
    la: int, year: int, categories: Mapping[int, int], as_at: dt.date | None, by: str
) -> PartnerAllocation:
    """Solve the LA's allocation for the year and store it (replacing the year's last run, a draft)."""
    schools, people, pinned = inputs(la, year, categories)
    try:
        result = allocation.allocate(schools, people, pinned)
    except allocation.AllocationError as error:
        raise PartnerError(str(error)) from error
    by_name = {p.name: p for p in partners(la, active_only=True)}
    with transaction.atomic():
        PartnerAllocation.objects.filter(la_code=la, year=year).delete()
        record = PartnerAllocation.objects.create(
            la_code=la,
            year=year,
            as_at=as_at,
            days_by_category={str(k): v for k, v in days_table(la).items()},
            schools=result.schools,
            short_days=result.short_days,
            kept_partner=result.kept_partner,
            could_keep=result.could_keep,
            max_load_share=result.max_load_share,
            shortfalls=[
                {"urn": s.urn, "needed": s.needed, "given": s.given, "short": s.short, "reason": s.reason}
                for s in result.shortfalls
            ],
            loads=[
                {"partner": x.partner, "schools": x.schools, "days": x.days, "capacity": x.capacity}
                for x in result.loads
            ],
            made_by=by,
            made_at=timezone.now(),
        )
        PartnerAssignment.objects.bulk_create(
            PartnerAssignment(
                allocation=record,
                urn=a.urn,
                partner=by_name[a.partner],
                days=a.days,
                needed=a.needed,
                kept=a.kept,
                pinned=a.pinned,
            )
            for a in result.assignments
        )
    return record


def accept(record: PartnerAllocation, by: str) -> PartnerAllocation:
    record.accepted_by, record.accepted_at = by, timezone.now()
    record.save(update_fields=["accepted_by", "accepted_at"])
    return record


def assignments(record: PartnerAllocation) -> list[dict[str, Any]]:
    """The allocation's schools with their names, partners, days and whether kept or pinned."""
    names = dict(
        Establishment.objects.filter(urn__in=record.assignments.values("urn")).values_list("urn", "name")
    )
    return [
        {
            "urn": a.urn,
            "name": names.get(a.urn, ""),
            "partner": a.partner.name,
            "days": a.days,
            "needed": a.needed,
            "kept": a.kept,
            "pinned": a.pinned,
        }
        for a in record.assignments.select_related("partner")
    ]


def summary(record: PartnerAllocation) -> dict[str, Any]:
    """The CLI's and the page's JSON of an allocation (docs/cli.md, ``partners allocate``)."""
    return {
        "la": record.la_code,
        "year": record.year,
        "as_at": record.as_at.isoformat() if record.as_at else None,
        "objective": {
            "short_days": record.short_days,
            "kept_partner": record.kept_partner,
            "max_load_share": round(record.max_load_share, 6),
        },
        "kept_partner": record.kept_partner,
        "could_keep": record.could_keep,
        "schools": record.schools,
        "short_days": record.short_days,
        "days_by_category": record.days_by_category,
        "assignments": [
            {key: a[key] for key in ("urn", "partner", "days", "needed", "kept", "pinned")}
            for a in assignments(record)
        ],
        "short": record.shortfalls,
        "loads": record.loads,
        "accepted_by": record.accepted_by or None,
        "accepted_at": record.accepted_at.isoformat() if record.accepted_at else None,
    }
