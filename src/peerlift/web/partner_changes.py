"""Every change to improvement partners, days by category, pins and allocations, each through
``audit.audited_change``: the pages and the CLI both call these, so no change escapes the log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from peerlift.store import partners
from peerlift.store.models import ImprovementPartner, PartnerAllocation, PartnerDays, PartnerPin
from peerlift.web import audit


def add_partner(actor: str, la: int, name: str, days: int, phases: Sequence[str]) -> ImprovementPartner:
    return audit.audited_change(
        actor,
        "add partner",
        audit.PARTNER,
        lambda: partners.add_partner(la, name, days, phases, actor),
        la=la,
    )


def change_partner(
    actor: str, record: ImprovementPartner, name: str, days: int, phases: Sequence[str], active: bool
) -> ImprovementPartner:
    before = ImprovementPartner.objects.get(pk=record.pk)
    return audit.audited_change(
        actor,
        "change partner",
        audit.PARTNER,
        lambda: partners.change_partner(record, name, days, phases, active, actor),
        la=record.la_code,
        target=before,
    )


def set_days(actor: str, la: int, table: Mapping[Any, Any]) -> PartnerDays:
    return audit.audited_change(
        actor,
        "set partner days",
        audit.PARTNER_DAYS,
        lambda: partners.set_days(la, table, actor),
        la=la,
        target=partners.days_record(la),
    )


def pin(actor: str, la: int, year: int, urn: int, partner: ImprovementPartner) -> PartnerPin:
    return audit.audited_change(
        actor,
        "pin partner",
        audit.PIN,
        lambda: partners.set_pin(la, year, urn, partner, actor),
        la=la,
        target=partners.pin_of(la, year, urn),
    )


def unpin(actor: str, record: PartnerPin) -> None:
    def delete() -> None:
        record.delete()

    audit.audited_change(actor, "unpin partner", audit.PIN, delete, la=record.la_code, target=record)


def allocate(
    actor: str, la: int, year: int, categories: Mapping[int, int], as_at: dt.date | None = None
) -> PartnerAllocation:
    """Run the LA's allocation for the year (replacing its last run, which the log keeps)."""
    return audit.audited_change(
        actor,
        "allocate partners",
        audit.ALLOCATION,
        lambda: partners.run(la, year, categories, as_at, actor),
        la=la,
        target=partners.allocation_of(la, year),
    )


def accept(actor: str, record: PartnerAllocation) -> PartnerAllocation:
    before = PartnerAllocation.objects.get(pk=record.pk)
    return audit.audited_change(
        actor,
        "accept allocation",
        audit.ALLOCATION,
        lambda: partners.accept(record, actor),
        la=record.la_code,
        target=before,
    )
