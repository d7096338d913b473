"""A brokerage instance from what the LA has stored: its open needs, its confirmed offers (less the
days already given to accepted matches), its pins and exclusions, and the register's facts; and the
needs the data proposes (categories, concerns, inspections)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from peerlift.brokerage import family_evidence, register
from peerlift.brokerage import proposals as proposed
from peerlift.brokerage.model import Area, Instance, Need, Offer, OfferKind, Rule, RuleKind
from peerlift.store import brokerage as store
from peerlift.store import categories, picture
from peerlift.store.concerns import open_concerns


class StoredError(ValueError):
    """What is stored cannot be brokered as it is (a need's school is not in the register)."""


def instance(la: int, capacity: dict[str, float] | None = None) -> Instance:
    """The LA's stored needs and offers as an instance; a need or offer whose school the register
    does not hold raises StoredError naming it. ``capacity``: a what-if run's days a term for some
    offers (brokerage/whatif.py) in place of those stored, for this instance only."""
    capacity = capacity or {}
    needs = [
        Need(n.need_id, n.urn, Area(n.area), n.urgency, n.days, n.raised_on, n.raised_by, n.notes)
        for n in store.open_needs(la)
    ]
    given = store.days_accepted(la)
    offers = [
        Offer(
            offer_id=o.offer_id,
            supporter_urn=o.supporter_urn,
            supporter_name=o.supporter_name,
            kind=OfferKind(o.kind),
            areas=frozenset(Area(a) for a in o.areas),
            phases=frozenset(o.phases),
            capacity_days=max(0.0, capacity.get(o.offer_id, o.capacity_days) - given.get(o.offer_id, 0.0)),
            max_distance_km=o.max_distance_km,
            network=o.network,
            conflicts=frozenset(int(c) for c in o.conflicts),
        )
        for o in store.offers(la)
    ]
    open_ids = {n.need_id for n in needs}
    offer_ids = {o.offer_id for o in offers}
    rules = [
        Rule(r.need.need_id, r.offer.offer_id, RuleKind(r.rule))
        for r in store.rules(la)
        if r.need.need_id in open_ids and r.offer.offer_id in offer_ids
    ]
    urns = {n.urn for n in needs} | {o.supporter_urn for o in offers if o.supporter_urn is not None}
    schools = register.schools(urns)
    for need in needs:
        if need.urn not in schools:
            raise StoredError(f"need {need.need_id}: school {need.urn} is not in the register")
    for offer in offers:
        if offer.supporter_urn is not None and offer.supporter_urn not in schools:
            raise StoredError(f"offer {offer.offer_id}: school {offer.supporter_urn} is not in the register")
    return Instance(needs, offers, schools, rules, *register.evidence(offers, schools))


def proposals(la: int) -> list[proposed.Proposed]:
    """Needs the data proposes for the LA's open schools (brokerage/proposals.py says from what)."""
    return proposals_with_notes(la)[0]


@dataclass(frozen=True)
class FamilyNotes:
    """What the families could not say: about the family set (none stored, or out of date), and each
    school's measure whose family had too few figures for a quartile."""

    general: list[str]
    measures: list[str]


def proposals_with_notes(la: int) -> tuple[list[proposed.Proposed], FamilyNotes]:
    """Needs the data proposes for the LA's open schools, and what the families could not say."""
    schools = picture.establishments(la).filter(pl.col("status").str.starts_with("Open"))
    urns = schools["urn"].to_list()
    concerns = [
        proposed.ConcernFact(c.urn, c.kind, c.kind_label, c.raised_on, c.note) for c in open_concerns(la)
    ]
    standing, missing = register.family_findings(urns)
    found = proposed.propose(
        categories.categories_in_force(la), concerns, register.latest_judgements(urns), standing
    )
    measures = [
        f"URN {urn}, {area.value.replace('_', ' ')}: {text}"
        for (urn, area), texts in sorted(family_evidence.notes(standing).items())
        for text in texts
    ]
    return found, FamilyNotes([missing] if missing else [], measures)
