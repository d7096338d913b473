"""Needs proposed from the data, worked by hand from proposals.toml."""

from __future__ import annotations

import datetime as dt

from peerlift.brokerage.model import Area, Offer, OfferKind, Strength
from peerlift.brokerage.proposals import ConcernFact, JudgementFact, Proposed, propose, settings, strengths


def test_sources_become_one_proposal_per_school_and_area_with_all_their_evidence() -> None:
    concerns = [
        ConcernFact(1, "finance", "Finance (deficit)", dt.date(2026, 1, 5), "deficit of £200k"),
        ConcernFact(2, "staffing", "Staffing", dt.date(2026, 1, 6), ""),
        ConcernFact(2, "falling_rolls", "Falling rolls", dt.date(2026, 1, 6), ""),  # proposes nothing
    ]
    judgements = [
        JudgementFact(2, "leadership_and_management", "4", dt.date(2025, 1, 15)),
        JudgementFact(2, "quality_of_education", "2", dt.date(2025, 1, 15)),  # good: nothing
        JudgementFact(3, "inclusion", "needs_attention", dt.date(2025, 12, 1)),
    ]
    found = propose({2: 3, 4: 1}, concerns, judgements)
    assert found == [
        Proposed(
            1,
            Area.FINANCE,
            2,
            5.0,
            ("open concern (Finance (deficit)) raised on 5 January 2026: deficit of £200k",),
        ),
        # category 3 -> urgency 2; staffing -> 1; leadership judged 4 -> 3: the highest, 3, and all three
        Proposed(
            2,
            Area.LEADERSHIP,
            3,
            5.0,
            (
                "category 3 in force",
                "open concern (Staffing) raised on 6 January 2026",
                "leadership and management judged 4 at the latest inspection on 15 January 2025",
            ),
        ),
        Proposed(
            3,
            Area.INCLUSION,
            2,
            5.0,
            ("inclusion judged needs attention at the latest inspection on 1 December 2025",),
        ),
    ]


def test_the_package_settings_name_only_brokerage_areas() -> None:
    data = settings()
    assert data["category"]["area"] == "leadership"
    assert set(data["judgements"]["areas"].values()) <= {a.value for a in Area}


def test_a_supporting_school_s_strength_from_category_1_and_its_judgements() -> None:
    offer = Offer(
        "O1", 5, "", OfferKind.SCHOOL, frozenset({Area.READING, Area.LEADERSHIP}), frozenset(), 5, None
    )
    person = Offer("O2", None, "Jo", OfferKind.NLE, frozenset({Area.READING}), frozenset(), 5, None)
    judged = [
        JudgementFact(5, "leadership_and_management", "1", dt.date(2024, 7, 9)),
        JudgementFact(5, "quality_of_education", "3", dt.date(2024, 7, 9)),  # not a strength
    ]
    assert strengths([offer, person], {5: 1}, judged) == {
        (5, Area.READING): Strength(0.75, ("category 1 in force",)),
        (5, Area.LEADERSHIP): Strength(
            1.0, ("category 1 in force", "leadership and management judged 1 on 9 July 2024")
        ),
    }
