"""What changed between two brokerage runs, on results written out by hand."""

from __future__ import annotations

from peerlift.brokerage.changes import between

BEFORE = {
    "proposals": [
        {"need": "N1", "offer": "O1", "score": 8.5},
        {"need": "N2", "offer": "O2", "score": 6.0},
    ],
    "unmet": [{"need": "N3", "reason": "no supporter within reach"}],
}
AFTER = {
    "proposals": [
        {"need": "N1", "offer": "O1", "score": 8.5},
        {"need": "N3", "offer": "O2", "score": 7.0},
    ],
    "unmet": [{"need": "N2", "reason": "the only supporter is excluded"}],
}


def test_a_moved_supporter_shows_on_both_needs_and_an_unchanged_pair_not_at_all() -> None:
    assert between(BEFORE, AFTER) == [
        {"need": "N2", "before": "O2", "before_score": 6.0, "after": None, "after_score": None},
        {"need": "N3", "before": None, "before_score": None, "after": "O2", "after_score": 7.0},
    ]


def test_a_need_new_to_the_later_run_counts_as_unmet_before() -> None:
    later = {"proposals": [{"need": "N4", "offer": "O1", "score": 3.0}], "unmet": []}
    assert between({}, later) == [
        {"need": "N4", "before": None, "before_score": None, "after": "O1", "after_score": 3.0}
    ]


def test_the_same_run_changes_nothing() -> None:
    assert between(AFTER, AFTER) == []
