"""Stored brokerage casework: needs, offers, pins and exclusions, runs and accepted matches.

Plain writes, one record each; call them through web/brokerage_changes.py, which logs every change
in the audit trail (``audit.audited_change``). The engine reads them through brokerage/stored.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from peerlift.store.models import AcceptedMatch, BrokerageNeed, BrokerageOffer, BrokerageRule, BrokerageRun

OPEN_STATUSES = (BrokerageNeed.Status.OPEN,)


def save_need(la: int, fields: Mapping[str, Any]) -> BrokerageNeed:
    """Add the LA's need, or replace the one with the same ``need_id``."""
    need, _ = BrokerageNeed.objects.update_or_create(
        la_code=la, need_id=fields["need_id"], defaults=dict(fields)
    )
    return need


def save_offer(la: int, fields: Mapping[str, Any]) -> BrokerageOffer:
    """Add the LA's offer, or replace the one with the same ``offer_id``."""
    offer, _ = BrokerageOffer.objects.update_or_create(
        la_code=la, offer_id=fields["offer_id"], defaults=dict(fields)
    )
    return offer


def set_status(need: BrokerageNeed, status: str) -> BrokerageNeed:
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    return need


def set_rule(la: int, need: BrokerageNeed, offer: BrokerageOffer, rule: str, by: str) -> BrokerageRule:
    """Pin or exclude a pair (replacing what was said of that pair before)."""
    made, _ = BrokerageRule.objects.update_or_create(
        la_code=la, need=need, offer=offer, defaults={"rule": rule, "made_by": by}
    )
    return made


def remove_rule(rule: BrokerageRule) -> None:
    """Take a pin or exclusion away (the pair is brokered as any other)."""
    rule.delete()


def record_run(la: int, weights: Mapping[str, float], result: Mapping[str, Any], by: str) -> BrokerageRun:
    return BrokerageRun.objects.create(la_code=la, weights=dict(weights), result=dict(result), run_by=by)


def accept(run: BrokerageRun, need_id: str, by: str) -> AcceptedMatch:
    """Take the run's proposal for ``need_id``: the decision (who, when) and the need matched."""
    proposal = next((p for p in run.result.get("proposals", []) if p["need"] == need_id), None)
    if proposal is None:
        raise ValueError(f"the run has no proposal for need {need_id}")
    need = BrokerageNeed.objects.get(la_code=run.la_code, need_id=need_id)
    offer = BrokerageOffer.objects.get(la_code=run.la_code, offer_id=proposal["offer"])
    with transaction.atomic():
        match = AcceptedMatch.objects.create(
            la_code=run.la_code,
            run=run,
            need=need,
            offer=offer,
            score=proposal["score"],
            reasons=proposal["reasons"],
            accepted_by=by,
        )
        set_status(need, "matched")
    return match


def open_needs(la: int) -> list[BrokerageNeed]:
    return list(BrokerageNeed.objects.filter(la_code=la, status__in=OPEN_STATUSES))


def offers(la: int) -> list[BrokerageOffer]:
    """The LA's confirmed offers (a head's offer waits for an officer)."""
    return list(BrokerageOffer.objects.filter(la_code=la, confirmed=True))


def rules(la: int) -> list[BrokerageRule]:
    return list(BrokerageRule.objects.filter(la_code=la).select_related("need", "offer"))


def days_accepted(la: int) -> dict[str, float]:
    """Days each offer has already given to accepted matches of open runs, by offer_id."""
    given: dict[str, float] = {}
    for offer_id, days in AcceptedMatch.objects.filter(la_code=la).values_list(
        "offer__offer_id", "need__days"
    ):
        given[offer_id] = given.get(offer_id, 0.0) + days
    return given
