"""The support agreement's state machine, kept as data in ``milestones.toml``.

An agreement is at a milestone (proposed, agreed, first_meeting, diagnosis, plan_agreed,
in_delivery, closed) and has a status (active, paused, stopped). ``advance`` goes only to the next
milestone, and only when what that milestone needs is there (an objective for plan_agreed, an
outcome for closed). ``pause`` and ``stop`` need a reason and an active agreement that is not
closed; a paused or stopped agreement is read-only until ``reopen`` (with a reason) returns it to
active at its milestone. Closed is final. Each write (an objective, a delivery, a review, an edit)
is allowed only in the milestones the data names, and only when the status is writable.

Every check raises ``Refused``, whose message names the agreement, its milestone and status, and
what is allowed from there. Pure: no Django, no database.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PACKAGE_RULES = "milestones.toml"


@dataclass(frozen=True)
class State:
    """Where an agreement is: its milestone and its status."""

    milestone: str
    status: str = "active"


@dataclass(frozen=True)
class Rules:
    """The state machine as read from the TOML (see milestones.toml for what each part means)."""

    order: tuple[str, ...]
    final: str
    milestones: Mapping[str, Mapping[str, Any]]
    needs: Mapping[str, Mapping[str, Any]]
    statuses: Mapping[str, Mapping[str, Any]]
    actions: Mapping[str, Mapping[str, Any]]
    writes: Mapping[str, Mapping[str, Any]]
    progress: Mapping[str, Mapping[str, str]]
    outcomes: Mapping[str, Mapping[str, str]]
    quality: Mapping[int, str]
    messages: Mapping[str, str]


class Refused(ValueError):
    """A change the state machine does not allow, in words: "Agreement 12 is at first meeting and
    active: from there it can advance to diagnosis, be paused or be stopped." followed by why."""

    def __init__(self, agreement: object, state: State, detail: str = "") -> None:
        self.agreement = agreement
        self.state = state
        self.detail = detail
        message = where(agreement, state)
        super().__init__(f"{message} {detail}".strip())


class Invalid(ValueError):
    """A value the rules do not know (a progress rating, an outcome, a quality rating), in words."""


@cache
def rules() -> Rules:
    text = resources.files("peerlift.analysis").joinpath(PACKAGE_RULES).read_text(encoding="utf-8")
    return parse_rules(text)


def parse_rules(text: str) -> Rules:
    data = tomllib.loads(text)
    order = tuple(data["order"])
    missing = [m for m in order if m not in data["milestones"]]
    if missing:
        raise ValueError(f"{PACKAGE_RULES}: no [milestones.{missing[0]}] table")
    if data["final"] != order[-1]:
        raise ValueError(f"{PACKAGE_RULES}: the final milestone must be the last in order")
    return Rules(
        order=order,
        final=data["final"],
        milestones=data["milestones"],
        needs=data["needs"],
        statuses=data["statuses"],
        actions=data["actions"],
        writes=data["writes"],
        progress=data["progress"],
        outcomes=data["outcomes"],
        quality={int(k): v for k, v in data["quality"].items()},
        messages=data["messages"],
    )


# --- words ------------------------------------------------------------------------------------


def milestones() -> tuple[str, ...]:
    return rules().order


def statuses() -> tuple[str, ...]:
    return tuple(rules().statuses)


def label(milestone: str) -> str:
    """A milestone in words ("first meeting"); an unknown one as it is."""
    found = rules().milestones.get(milestone)
    return str(found["label"]) if found else milestone


def title(milestone: str) -> str:
    found = rules().milestones.get(milestone)
    return str(found["title"]) if found else milestone


def milestone_hint(milestone: str) -> str:
    return str(rules().milestones[milestone]["hint"])


def progress_codes() -> tuple[str, ...]:
    return tuple(rules().progress)


def progress_hint(progress: str) -> str:
    """The GOV.UK hint text of a rating: green "on track to meet its objectives"."""
    return rules().progress[progress]["hint"]


def progress_label(progress: str) -> str:
    return rules().progress[progress]["label"]


def outcome_codes() -> tuple[str, ...]:
    return tuple(rules().outcomes)


def outcome_label(outcome: str) -> str:
    return rules().outcomes[outcome]["label"]


def quality_label(quality: int) -> str:
    return rules().quality[quality]


def _join(phrases: Sequence[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " or " + phrases[-1]


def next_milestone(milestone: str) -> str | None:
    order = rules().order
    if milestone not in order:
        return None
    at = order.index(milestone)
    return order[at + 1] if at + 1 < len(order) else None


def is_writable(state: State) -> bool:
    """Whether anything but reopen may change the agreement: active and not closed."""
    found = rules().statuses.get(state.status)
    return bool(found and found["writable"]) and state.milestone != rules().final


def actions_from(state: State) -> list[str]:
    """The status changes (pause, stop, reopen) allowed from a state."""
    if state.milestone == rules().final:
        return []
    return [name for name, action in rules().actions.items() if state.status in action["from"]]


def allowed(state: State) -> list[str]:
    """What can happen from a state, in words: "advance to diagnosis", "be paused", ..."""
    phrases = []
    if is_writable(state):
        following = next_milestone(state.milestone)
        if following is not None:
            phrases.append(f"advance to {label(following)}")
    phrases += [str(rules().actions[name]["phrase"]) for name in actions_from(state)]
    return phrases


def where(agreement: object, state: State) -> str:
    """The first sentence of every refusal: where the agreement is and what it can do from there."""
    messages = rules().messages
    words = {
        "agreement": agreement,
        "milestone": label(state.milestone),
        "status": rules().statuses.get(state.status, {}).get("label", state.status),
    }
    if state.milestone == rules().final:
        return messages["closed"].format(**words)
    phrases = allowed(state)
    if not phrases:
        return messages["nothing"].format(**words)
    return messages["refused"].format(allowed=_join(phrases), **words)


# --- checks -----------------------------------------------------------------------------------


def check_advance(agreement: object, state: State, to: str, facts: Mapping[str, bool]) -> State:
    """The state after advancing to ``to``, or ``Refused``. ``facts`` says which of the needs in
    the rules are there (``{"objective": True, "outcome": False}``); a need not named is missing."""
    if to not in rules().order:
        known = ", ".join(rules().order)
        raise Refused(agreement, state, f"There is no milestone called {to!r}: the milestones are {known}.")
    if not is_writable(state):
        raise Refused(agreement, state, f"It cannot advance to {label(to)} now.")
    following = next_milestone(state.milestone)
    if to != following:
        raise Refused(
            agreement,
            state,
            f"It cannot advance to {label(to)}: an agreement advances one milestone at a time.",
        )
    missing = [need for need in rules().milestones[to].get("needs", []) if not facts.get(need, False)]
    if missing:
        wanted = _join([str(rules().needs[need]["text"]) for need in missing])
        raise Refused(agreement, state, f"It cannot advance to {label(to)} until it has {wanted}.")
    return State(to, state.status)


def check_action(agreement: object, state: State, action: str, reason: str) -> State:
    """The state after a pause, stop or reopen, or ``Refused`` (a reason is required)."""
    found = rules().actions.get(action)
    if found is None:
        raise Refused(agreement, state, f"There is no change called {action!r}.")
    if action not in actions_from(state):
        raise Refused(agreement, state, f"It cannot {found['phrase']}.")
    if found["reason"] and not reason.strip():
        raise Refused(agreement, state, f"A reason is needed to {found['verb']} it.")
    return State(state.milestone, str(found["to"]))


def check_write(agreement: object, state: State, write: str) -> None:
    """``Refused`` unless the write (objective, delivery, review, edit) is allowed in this state."""
    found = rules().writes[write]
    if not is_writable(state) or state.milestone not in found["milestones"]:
        detail = str(found["refused"])
        if state.status in rules().statuses and not rules().statuses[state.status]["writable"]:
            detail = f"A {state.status} agreement cannot be changed until it is reopened."
        raise Refused(agreement, state, detail)


def check_progress(progress: str, what: str = "Progress") -> str:
    if progress not in rules().progress:
        raise Invalid(f"{what} must be one of {', '.join(rules().progress)}, not {progress!r}.")
    return progress


def check_outcome(outcome: str) -> str:
    if outcome not in rules().outcomes:
        raise Invalid(f"The outcome must be one of {', '.join(rules().outcomes)}, not {outcome!r}.")
    return outcome


def check_quality(quality: int | None) -> int | None:
    if quality is not None and quality not in rules().quality:
        known = ", ".join(f"{k} ({v.lower()})" for k, v in rules().quality.items())
        raise Invalid(f"The quality of support is rated {known}, not {quality!r}.")
    return quality
