"""The support agreement's state machine (analysis/milestones.toml), checked against the issue's
rules written out again here by hand: every allowed and refused transition of every state, and
random histories (hypothesis) in which a paused or stopped agreement stays read-only until it is
reopened and closed is final."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerlift.analysis import milestones
from peerlift.analysis.milestones import Refused, State

ORDER = ["proposed", "agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery", "closed"]
WORDS = {m: m.replace("_", " ") for m in ORDER}
STATUSES = ["active", "paused", "stopped"]
# where each write is allowed (the issue: reviews only in delivery; deliveries from the first meeting)
WRITES = {
    "review": {"in_delivery"},
    "delivery": {"first_meeting", "diagnosis", "plan_agreed", "in_delivery"},
    "objective": {"agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery"},
    "edit": set(ORDER) - {"closed"},
}
STATES = [State(m, s) for m in ORDER for s in STATUSES]


def expected_advance(state: State, to: str, objective: bool, outcome: bool) -> State | None:
    """The issue's rule: active, not closed, only to the next one; plan_agreed needs an objective,
    closed an outcome."""
    if state.status != "active" or state.milestone == "closed" or to not in ORDER:
        return None
    if ORDER.index(to) != ORDER.index(state.milestone) + 1:
        return None
    if (to == "plan_agreed" and not objective) or (to == "closed" and not outcome):
        return None
    return State(to, state.status)


def expected_action(state: State, action: str, reason: str) -> State | None:
    if state.milestone == "closed" or not reason.strip():
        return None
    if action in ("pause", "stop") and state.status == "active":
        return State(state.milestone, "paused" if action == "pause" else "stopped")
    if action == "reopen" and state.status in ("paused", "stopped"):
        return State(state.milestone, "active")
    return None


def expected_write(state: State, write: str) -> bool:
    return state.status == "active" and state.milestone in WRITES[write]


def _outcome(check, *args):  # what a check returns (a state, or None), or its refusal
    try:
        return check(*args)
    except Refused as refused:
        return refused


def _check_refusal(refused: Refused, state: State) -> None:
    text = str(refused)
    if state.milestone == "closed":
        assert text.startswith("Agreement 7 is closed: from there nothing can change")
        return
    assert text.startswith(
        f"Agreement 7 is at {WORDS[state.milestone]} and {state.status}: from there it can "
    )
    if state.status == "active":
        following = WORDS[ORDER[ORDER.index(state.milestone) + 1]]
        assert f"it can advance to {following}, be paused or be stopped." in text
    else:
        assert "from there it can be reopened." in text


@pytest.mark.parametrize("state", STATES, ids=str)
@pytest.mark.parametrize("to", [*ORDER, "finished"])
@pytest.mark.parametrize(
    ("objective", "outcome"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_every_advance_of_every_state(state: State, to: str, objective: bool, outcome: bool) -> None:
    want = expected_advance(state, to, objective, outcome)
    got = _outcome(milestones.check_advance, 7, state, to, {"objective": objective, "outcome": outcome})
    if want is None:
        assert isinstance(got, Refused), got
        _check_refusal(got, state)
    else:
        assert got == want


@pytest.mark.parametrize("state", STATES, ids=str)
@pytest.mark.parametrize("action", ["pause", "stop", "reopen"])
@pytest.mark.parametrize("reason", ["the head is on leave", "", "   "])
def test_every_pause_stop_and_reopen_of_every_state(state: State, action: str, reason: str) -> None:
    want = expected_action(state, action, reason)
    got = _outcome(milestones.check_action, 7, state, action, reason)
    if want is None:
        assert isinstance(got, Refused), got
        _check_refusal(got, state)
    else:
        assert got == want


@pytest.mark.parametrize("state", STATES, ids=str)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_of_every_state(state: State, write: str) -> None:
    got = _outcome(milestones.check_write, 7, state, write)
    if expected_write(state, write):
        assert got is None
    else:
        assert isinstance(got, Refused)
        _check_refusal(got, state)
        if state.status in ("paused", "stopped") and state.milestone != "closed":
            assert f"A {state.status} agreement cannot be changed until it is reopened." in str(got)


def test_the_example_message_of_the_spec() -> None:
    with pytest.raises(Refused) as refused:
        milestones.check_advance(12, State("first_meeting"), "closed", {"outcome": True})
    assert str(refused.value).startswith(
        "Agreement 12 is at first meeting and active: from there it can advance to diagnosis, "
        "be paused or be stopped."
    )


def test_the_hint_texts_and_labels_are_the_data() -> None:
    assert milestones.milestones() == tuple(ORDER)
    assert milestones.progress_hint("green") == "on track to meet its objectives"
    assert milestones.progress_hint("amber") == "some progress, but at risk of not meeting its objectives"
    assert milestones.progress_hint("red") == "not on track: its objectives will not be met without a change"
    assert milestones.outcome_codes() == ("met", "partly", "not_met")
    assert [milestones.quality_label(q) for q in (1, 4)] == ["Poor", "Excellent"]


OPERATIONS = st.one_of(
    st.tuples(st.just("advance"), st.sampled_from([*ORDER, "nowhere"]), st.booleans(), st.booleans()),
    st.tuples(st.sampled_from(["pause", "stop", "reopen"]), st.sampled_from(["a reason", ""])),
    st.tuples(st.just("write"), st.sampled_from(sorted(WRITES))),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(OPERATIONS, max_size=40))
def test_random_histories_follow_the_rules(operations: list[tuple]) -> None:
    """Any sequence of attempts: the machine and the hand-written rules agree at every step, a
    refusal leaves the state as it was, and the milestone never goes back."""
    state = State("proposed")
    for operation in operations:
        if operation[0] == "advance":
            _, to, objective, outcome = operation
            want = expected_advance(state, to, objective, outcome)
            got = _outcome(
                milestones.check_advance, 7, state, to, {"objective": objective, "outcome": outcome}
            )
        elif operation[0] == "write":
            want = state if expected_write(state, operation[1]) else None
            got = _outcome(milestones.check_write, 7, state, operation[1])
            got = state if got is None else got
        else:
            action, reason = operation
            want = expected_action(state, action, reason)
            got = _outcome(milestones.check_action, 7, state, action, reason)
        if want is None:
            assert isinstance(got, Refused)
            _check_refusal(got, state)
        else:
            assert got == want
            assert ORDER.index(got.milestone) >= ORDER.index(state.milestone)
            state = got
        assert milestones.is_writable(state) == (state.status == "active" and state.milestone != "closed")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ORDER[:-1]), st.sampled_from(["paused", "stopped"]), st.lists(OPERATIONS, max_size=15))
def test_a_paused_or_stopped_agreement_refuses_everything_but_reopen(
    milestone: str, status: str, operations: list[tuple]
) -> None:
    state = State(milestone, status)
    for operation in operations:
        if operation[0] == "reopen" and operation[1]:
            assert milestones.check_action(7, state, "reopen", operation[1]) == State(milestone, "active")
            continue
        with pytest.raises(Refused, match="can be reopened"):
            if operation[0] == "advance":
                milestones.check_advance(7, state, operation[1], {"objective": True, "outcome": True})
            elif operation[0] == "write":
                milestones.check_write(7, state, operation[1])
            else:
                milestones.check_action(7, state, operation[0], operation[1])
