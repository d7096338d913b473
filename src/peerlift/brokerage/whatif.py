"""What-if runs: an offer's capacity or a weight changed for one run only (never stored on the offer
or in the rules), and the words that say what a run used.

A run's overrides are plain JSON, kept on the run (``BrokerageRun.overrides``):
``{"capacity": {offer_id: {"days": 10.0, "instead_of": 6.0}},
"weights": {name: {"value": 3.0, "instead_of": 2.0}}}``, where a weight's name is a field of
``weights.Weights``. Pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from peerlift.brokerage.model import Instance
from peerlift.brokerage.weights import Weights

# A weight's name in words (the Weights fields, keyed as in weights.toml)
WEIGHT_NAMES = {
    "urgency": "urgency",
    "strength": "strength",
    "same_phase": "same phase",
    "context": "context",
    "same_network": "same network",
    "travel_per_km": "travel per km",
    "declared_strength": "declared strength",
    "context_fsm_span": "FSM span",
}
assert set(WEIGHT_NAMES) == {f.name for f in dataclasses.fields(Weights)}


class WhatIfError(ValueError):
    """An override that names no offer or weight, or a value that cannot be used."""


def weights_with(weights: Weights, overrides: Mapping[str, Any]) -> Weights:
    """The weights with the run's weight overrides in place."""
    changed = {name: float(v["value"]) for name, v in overrides.get("weights", {}).items()}
    unknown = sorted(set(changed) - set(WEIGHT_NAMES))
    if unknown:
        raise WhatIfError(f"{', '.join(unknown)} is not a weight")
    for name, value in changed.items():
        if value < 0 or (name == "context_fsm_span" and value == 0):
            raise WhatIfError(f"the weight {WEIGHT_NAMES[name]} cannot be {value:g}")
    return dataclasses.replace(weights, **changed)


def capacities(overrides: Mapping[str, Any]) -> dict[str, float]:
    """The run's capacity overrides: offer_id -> days a term."""
    found = {offer: float(v["days"]) for offer, v in overrides.get("capacity", {}).items()}
    for offer, days in found.items():
        if days < 0:
            raise WhatIfError(f"offer {offer} cannot have {days:g} days")
    return found


def check_offers(instance: Instance, overrides: Mapping[str, Any]) -> None:
    """Every offer a capacity override names is one of the instance's."""
    known = {o.offer_id for o in instance.offers}
    missing = sorted(set(capacities(overrides)) - known)
    if missing:
        raise WhatIfError(f"offer {', '.join(missing)} is not one of the LA's confirmed offers")


def described(overrides: Mapping[str, Any]) -> list[str]:
    """What a run used instead of what is stored, in words: "capacity of offer O1: 10 days a term
    instead of 6"; "weight urgency: 3 instead of 2"."""
    said = [
        f"capacity of offer {offer}: {v['days']:g} days a term instead of {v['instead_of']:g}"
        for offer, v in sorted(overrides.get("capacity", {}).items())
    ]
    said += [
        f"weight {WEIGHT_NAMES.get(name, name)}: {v['value']:g} instead of {v['instead_of']:g}"
        for name, v in sorted(overrides.get("weights", {}).items())
    ]
    return said
