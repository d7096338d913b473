"""Why: each proposal's reasons and its next two alternatives, and each unmet need's reason.

Words here are what an officer reads on the result page and in the CLI's JSON, so they name needs,
offers and schools rather than indices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from peerlift.brokerage import candidates as pairs_of
from peerlift.brokerage.candidates import Candidate, Context
from peerlift.brokerage.model import Need, Offer, OfferKind
from peerlift.domain.dates import long_date

KIND_WORDS = {
    OfferKind.SCHOOL: "a school",
    OfferKind.NLE: "a national leader of education",
    OfferKind.LLE: "a local leader of education",
    OfferKind.SLE: "a specialist leader of education",
    OfferKind.TEACHING_SCHOOL_HUB: "a teaching school hub",
    OfferKind.TRUST: "a trust",
    OfferKind.EXECUTIVE_HEAD: "an executive head",
    OfferKind.LA_ADVISER: "an LA adviser",
}


def area_words(need: Need) -> str:
    return need.area.value.replace("_", " ")


def _km(value: float) -> str:
    return f"{value:,.1f} km"


def reasons(context: Context, pair: Candidate) -> list[str]:
    """The evidence on both sides of a chosen pair, and its score in parts."""
    need = context.instance.needs[pair.need]
    offer = context.instance.offers[pair.offer]
    school = context.school(need.urn)
    supporter = context.school(offer.supporter_urn)
    assert school is not None
    raised = f", raised on {long_date(need.raised_on)}" if need.raised_on else ""
    raised += f" by {need.raised_by}" if need.raised_by else ""
    said = [
        f"need {need.need_id}: {area_words(need)} at {school.name} ({need.urn}), urgency {need.urgency}, "
        f"{need.days:g} days{raised}" + (f" ({need.notes})" if need.notes else "")
    ]
    who = supporter.name if supporter is not None else offer.supporter_name
    said.append(f"supporter: {who}, {KIND_WORDS[offer.kind]} (offer {offer.offer_id})")
    if pair.strength is not None:
        said.append(f"strength in {area_words(need)}: " + "; ".join(pair.strength.evidence))
    else:
        said.append(f"declares {area_words(need)} as a strength (no evidence from the data)")
        if offer.supporter_urn is not None:
            said += list(context.instance.unjudged.get((offer.supporter_urn, need.area), ()))
    if offer.supporter_urn is None:
        said.append("no distance applied: a person or organisation has no location")
    elif pair.distance_km is None:
        said.append("no distance applied: the register has no location for one of the schools")
    else:
        limit = f" (travels up to {_km(offer.max_distance_km)})" if offer.max_distance_km is not None else ""
        said.append(f"{_km(pair.distance_km)} away{limit}")
    if pair.same_phase:
        said.append(f"same phase ({school.phase.replace('_', ' ')})")
    if supporter is not None and supporter.fsm_pct is not None and school.fsm_pct is not None:
        said.append(
            f"context: {supporter.fsm_pct:.1f}% of pupils on free school meals against {school.fsm_pct:.1f}%"
        )
    if pair.same_network:
        said.append(f"same network: {pair.same_network}")
    said.append(f"score {pair.score:g} = " + " + ".join(f"{k} {v:g}" for k, v in pair.parts.items()))
    return said


def alternatives(
    context: Context, pair: Candidate, others: Sequence[Candidate], given: dict[int, list[Candidate]]
) -> list[dict[str, Any]]:
    """The next two candidates of the need, best first, with why each was not chosen."""
    need = context.instance.needs[pair.need]
    found = []
    for other in sorted(others, key=lambda p: (-p.score, context.instance.offers[p.offer].offer_id))[:2]:
        offer = context.instance.offers[other.offer]
        found.append(
            {
                "offer": offer.offer_id,
                "supporter_urn": offer.supporter_urn,
                "score": other.score,
                "why_not": _why_not(context, need, offer, other, pair, given.get(other.offer, [])),
            }
        )
    return found


def _why_not(
    context: Context, need: Need, offer: Offer, other: Candidate, chosen: Candidate, taken: list[Candidate]
) -> str:
    used = sum(context.instance.needs[p.need].days for p in taken)
    if offer.capacity_days - used < need.days - 1e-9:
        to = ", ".join(context.instance.needs[p.need].need_id for p in taken)
        return (
            f"needed elsewhere: for {to} ({used:g} of its {offer.capacity_days:g} days; "
            f"this need wants {need.days:g})"
        )
    if other.score < chosen.score:
        return f"lower score ({other.score:g} against {chosen.score:g})"
    return f"equal score ({other.score:g}); the other was chosen"


def unmet_reason(
    context: Context, n: int, own: Sequence[Candidate], given: dict[int, list[Candidate]]
) -> str:
    """Why a need has no supporter: all capacity used (by which needs), or the furthest any offer got
    through the checks of ``candidates.obstacle``."""
    if own:
        held = []
        for pair in sorted(own, key=lambda p: -p.score):
            offer = context.instance.offers[pair.offer]
            to = ", ".join(context.instance.needs[p.need].need_id for p in given.get(pair.offer, []))
            held.append(f"{offer.offer_id} to {to}" if to else f"{offer.offer_id} has too few days")
        return (
            "all capacity used: every supporter within reach gives its days to other needs ("
            + "; ".join(held)
            + ")"
        )
    return _no_candidate(context, n)


def _no_candidate(context: Context, n: int) -> str:
    need = context.instance.needs[n]
    area = area_words(need)
    stopped: dict[str, list[Offer]] = defaultdict(list)
    for o, offer in enumerate(context.instance.offers):
        blocked = pairs_of.obstacle(context, need, offer)
        if blocked is None:
            blocked = pairs_of.SCORE if pairs_of.score(context, n, o).score <= 0 else None
        if blocked is not None:
            stopped[blocked].append(offer)
    furthest = max(stopped, key=pairs_of.OBSTACLES.index, default=pairs_of.AREA)
    school = context.school(need.urn)
    assert school is not None
    phase = (school.phase or school.phase_group).replace("_", " ")
    names = ", ".join(o.offer_id for o in stopped[furthest])
    if furthest == pairs_of.AREA:
        return f"no supporter offers {area}"
    if furthest == pairs_of.PHASE:
        return f"no {area} supporter supports {phase} schools"
    if furthest == pairs_of.CATEGORY:
        return (
            f"the {area} supporters for {phase} schools within reach ({names}) are in category 3 or 4, "
            "so cannot offer"
        )
    if furthest == pairs_of.ITSELF:
        return f"the only {area} supporter for {phase} schools is the school itself ({names})"
    if furthest == pairs_of.CONFLICT:
        return (
            f"the {area} supporters for {phase} schools ({names}) have declared a conflict with this school"
        )
    if furthest == pairs_of.DISTANCE:
        return _too_far(context, need, stopped[furthest], area, phase)
    if furthest == pairs_of.EXCLUDED:
        many = len(stopped[furthest]) > 1
        return (
            f"the only feasible supporter{'s' if many else ''} ({names}) "
            f"{'are' if many else 'is'} excluded by an officer"
        )
    return f"the {area} supporters within reach ({names}) score 0 or less for it (travel outweighs the rest)"


def _too_far(context: Context, need: Need, offers: list[Offer], area: str, phase: str) -> str:
    school = context.school(need.urn)
    nearest = min(offers, key=lambda o: pairs_of.distance_km(school, context.school(o.supporter_urn)) or 0.0)
    km = pairs_of.distance_km(school, context.school(nearest.supporter_urn)) or 0.0
    assert nearest.max_distance_km is not None
    return (
        f"no {area} supporter for {phase} schools within reach: the nearest, {nearest.offer_id}, "
        f"is {_km(km)} away and travels up to {_km(nearest.max_distance_km)}"
    )
