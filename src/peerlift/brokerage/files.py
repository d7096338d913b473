"""A brokerage instance from an LA's own files (the templates of docs/brokerage.md) and the
register's facts of the schools they name."""

from __future__ import annotations

from pathlib import Path

from peerlift.brokerage import register, templates
from peerlift.brokerage.model import Instance
from peerlift.sources.errors import SourceError


def instance(la: int, needs_file: Path, offers_file: Path, pins_file: Path | None) -> Instance:
    """Needs, offers and pins read, each need's school in the register and in the LA, each school
    supporter in the register; a bad cell raises SourceError naming file, row and column."""
    needs = templates.read_needs(needs_file)
    offers = templates.read_offers(offers_file)
    rules = templates.read_rules(pins_file) if pins_file is not None else []
    urns = {n.urn for n in needs} | {o.supporter_urn for o in offers if o.supporter_urn is not None}
    schools = register.schools(urns)
    for need in needs:
        school = schools.get(need.urn)
        if school is None:
            raise SourceError(needs_file, f"school {need.urn} is not in the register", need.row, "urn")
    las = register.la_of(n.urn for n in needs)
    for need in needs:
        if las.get(need.urn) != la:
            raise SourceError(
                needs_file, f"school {need.urn} is in LA {las.get(need.urn)}, not LA {la}", need.row, "urn"
            )
    for offer in offers:
        if offer.supporter_urn is not None and offer.supporter_urn not in schools:
            raise SourceError(
                offers_file,
                f"school {offer.supporter_urn} is not in the register",
                offer.row,
                "supporter_urn",
            )
    found = Instance(needs, offers, schools, rules, *register.evidence(offers, schools))
    check_rules(found, pins_file)
    return found


def check_rules(found: Instance, pins_file: Path | None) -> None:
    """Pins and exclusions that name a need or offer of these files (the engine checks the rest)."""
    needs = {n.need_id for n in found.needs}
    offers = {o.offer_id for o in found.offers}
    for rule in found.rules:
        assert pins_file is not None
        if rule.need_id not in needs:
            raise SourceError(
                pins_file, f"need {rule.need_id!r} is not one of the open needs", rule.row, "need_id"
            )
        if rule.offer_id not in offers:
            raise SourceError(
                pins_file, f"offer {rule.offer_id!r} is not one of the offers", rule.row, "offer_id"
            )
