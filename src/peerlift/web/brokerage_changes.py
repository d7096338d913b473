"""Every change to brokerage casework (needs, offers, pins and exclusions, runs, accepted matches),
each through ``audit.audited_change``: the pages and the CLI both call these, so no change escapes
the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from peerlift.brokerage import engine, stored, templates, weights
from peerlift.brokerage.model import Need, Offer
from peerlift.store import brokerage
from peerlift.store.models import AcceptedMatch, BrokerageNeed, BrokerageOffer, BrokerageRule, BrokerageRun
from peerlift.web import audit, support_changes


def need_fields(need: Need) -> dict[str, Any]:
    return {
        "need_id": need.need_id,
        "urn": need.urn,
        "area": need.area.value,
        "urgency": need.urgency,
        "days": need.days,
        "raised_on": need.raised_on,
        "raised_by": need.raised_by,
        "notes": need.notes,
    }


def offer_fields(offer: Offer) -> dict[str, Any]:
    return {
        "offer_id": offer.offer_id,
        "supporter_urn": offer.supporter_urn,
        "supporter_name": offer.supporter_name,
        "kind": offer.kind.value,
        "areas": sorted(a.value for a in offer.areas),
        "phases": sorted(offer.phases),
        "capacity_days": offer.capacity_days,
        "max_distance_km": offer.max_distance_km,
        "network": offer.network,
        "conflicts": sorted(offer.conflicts),
    }


def save_need(actor: str, la: int, fields: dict[str, Any]) -> BrokerageNeed:
    before = BrokerageNeed.objects.filter(la_code=la, need_id=fields["need_id"]).first()
    return audit.audited_change(
        actor, "save need", audit.NEED, lambda: brokerage.save_need(la, fields), la=la, target=before
    )


def save_offer(actor: str, la: int, fields: dict[str, Any]) -> BrokerageOffer:
    before = BrokerageOffer.objects.filter(la_code=la, offer_id=fields["offer_id"]).first()
    return audit.audited_change(
        actor, "save offer", audit.OFFER, lambda: brokerage.save_offer(la, fields), la=la, target=before
    )


def upload_needs(actor: str, la: int, path: Path) -> list[BrokerageNeed]:
    """A needs template's rows, each saved (and logged) as a need of the LA."""
    return [save_need(actor, la, need_fields(n)) for n in templates.read_needs(path)]


def upload_offers(actor: str, la: int, path: Path) -> list[BrokerageOffer]:
    return [save_offer(actor, la, offer_fields(o)) for o in templates.read_offers(path)]


def propose(actor: str, la: int) -> list[BrokerageNeed]:
    """Store the needs the data proposes (status "proposed", with their evidence) that the LA has not
    had proposed before: a proposal an officer edited, accepted or dismissed is left as it is."""
    made = []
    for found in stored.proposals(la):
        need_id = f"P{found.urn}-{found.area.value}"
        if BrokerageNeed.objects.filter(la_code=la, need_id=need_id).exists():
            continue
        fields = {
            "need_id": need_id,
            "urn": found.urn,
            "area": found.area.value,
            "urgency": found.urgency,
            "days": found.days,
            "raised_by": "proposed from data",
            "status": "proposed",
            "evidence": list(found.evidence),
        }
        made.append(save_need(actor, la, fields))
    return made


def set_status(actor: str, need: BrokerageNeed, status: str) -> BrokerageNeed:
    """Accept a proposal (open), dismiss it, or withdraw a need."""
    before = BrokerageNeed.objects.get(pk=need.pk)
    return audit.audited_change(
        actor,
        f"need {status}",
        audit.NEED,
        lambda: brokerage.set_status(need, status),
        la=need.la_code,
        target=before,
    )


def set_rule(actor: str, need: BrokerageNeed, offer: BrokerageOffer, rule: str) -> BrokerageRule:
    before = BrokerageRule.objects.filter(need=need, offer=offer).first()
    return audit.audited_change(
        actor,
        rule,
        audit.BROKERAGE_RULE,
        lambda: brokerage.set_rule(need.la_code, need, offer, rule, actor),
        la=need.la_code,
        target=before,
    )


def run(actor: str, la: int, rules_file: Path | None = None) -> BrokerageRun:
    """Broker the LA's stored needs and offers and keep the result as a run."""
    chosen = weights.load(rules_file)
    result = engine.broker(stored.instance(la), chosen)
    return audit.audited_change(
        actor,
        "run brokerage",
        audit.BROKERAGE_RUN,
        lambda: brokerage.record_run(la, vars(chosen), result, actor),
        la=la,
    )


def queue_run(actor: str, la: int) -> BrokerageRun:
    """A run of the LA's stored needs and offers, waiting for the worker (web/tasks.py)."""
    return audit.audited_change(
        actor,
        "run brokerage",
        audit.BROKERAGE_RUN,
        lambda: BrokerageRun.objects.create(
            la_code=la, weights=vars(weights.load()), run_by=actor, status=BrokerageRun.Status.QUEUED
        ),
        la=la,
    )


def accept(actor: str, run_record: BrokerageRun, need_id: str) -> AcceptedMatch:
    """Take a run's proposal: the decision is recorded (who, when), the need is matched, and its
    support agreement is made at milestone proposed (web/support_changes.py), all or nothing."""
    with transaction.atomic():
        match = audit.audited_change(
            actor,
            "accept match",
            audit.MATCH,
            lambda: brokerage.accept(run_record, need_id, actor),
            la=run_record.la_code,
        )
        proposal = next(p for p in run_record.result.get("proposals", []) if p["need"] == need_id)
        days = proposal.get("days")
        support_changes.create_from_match(match, actor, days_planned=float(days) if days else None)
    return match
