"""A hand-made history of an LA's support agreements, with its figures worked out on paper (used by
tests/analysis/test_support_figures.py and tests/reports/test_support_audit.py).

The history, as at 1 March 2026 (review interval 91 days, needs unmatched after 30 days):

  A1  school 100001, led by Oak Primary (URN 200001, offer OF1), reading, 10 days planned, £3,000.
      Concern raised 15 Aug 2025 (open), need N1 raised 1 Sep 2025: trigger = concern, 15 Aug.
      Agreed 21 Sep 2025: 16 days to 31 Aug + 21 = 37.  First meeting 1 Oct: 16 + 30 + 1 = 47.
      In delivery since 10 Nov; reviewed 1 Dec (green, quality 4), next review 1 Feb 2026: passed,
      28 days overdue (1 Feb to 1 Mar).  Delivered 2 + 3 = 5 days.  No category: "none".
  A2  school 100002, Oak Primary (OF1), maths and leadership, 6 days, £1,200, started 1 May 2025.
      Categories: computed 2 (1 Sep 2024), computed 3 (10 Jan 2025), override 4 (1 Feb 2025),
      override 2 (20 Jan 2026).  Made 1 Mar 2025, in force then 4, in the 3-4 run since 10 Jan 2025;
      need N2 raised 20 Feb 2025; its concern of 1 Dec 2024 closed 5 Jan 2025 (not open): trigger =
      category, 10 Jan.  Agreed 11 Mar: 21 + 28 + 11 = 60.  First meeting 10 Apr: 21+28+31+10 = 90.
      Reviews 10 Jul 2025 amber q3 (summer 2024/25), 20 Oct 2025 green q4 (autumn 2025/26; maths
      green, leadership amber).  Delivered 2 + 2 + 1 = 5.  Closed 15 Dec 2025, objectives met.
      Outcome: category 4 at the start, 2 now (improved); inspections 10 May 2023 grade 4 before,
      5 Nov 2025 grade 3 next (improved); KS2 RWM 2024 40 vs family 55 (gap -15), 2025 50 vs 56
      (gap -6): improved; absence (lower is better) 2024 8 vs 6 (gap 2), 2025 9 vs 6 (gap 3): declined.
  A3  school 100003, Bright Trust (OF2, no URN), maths, 8 days, no cost.  Category 3 from 1 Oct
      2025, need N3 raised 1 Nov 2025, made 15 Nov: trigger = category, 1 Oct.  Agreed 1 Dec: 30 +
      31 = 61.  No first meeting yet.
  A4  school 100004, Bright Trust (OF2), no focus areas, answers need N4 (send) raised 1 Jun 2025,
      3 days, £900.  Agreed 20 Jun: 19.  First meeting 1 Jul: 30.  In delivery 1 Sep, reviewed 20 Sep
      (red, q2), paused 1 Oct: not overdue (paused).  Delivered 1.5.
  A5  school 100005, Oak Primary (OF1), reading, 4 days, £1,000; nothing triggered it (days unknown).
      In delivery since 1 Nov 2025, never reviewed: due 1 Nov + 91 = 31 Jan 2026, 29 days overdue.
      Delivered 1.
  Needs not answered: N5 open raised 15 Jan 2026 (16 to 31 Jan + 28 + 1 = 45 days: listed), N6 open raised
  10 Feb 2026 (19 days: not yet), N7 withdrawn (not waiting), N8 open with no date (left out).
"""

from __future__ import annotations

import datetime as dt

from peerlift.analysis.support_figures import (
    Agreement,
    CategoryDecision,
    Concern,
    Delivery,
    Event,
    FamilyFigure,
    History,
    Inspection,
    Need,
    ObjectiveRating,
    Provider,
    Review,
)

D = dt.date
OAK = Provider("200001", "Oak Primary", "school", 200001, ("OF1",))
BRIGHT = Provider("OF2", "Bright Trust", "trust", None, ("OF2",))


def events(*steps: tuple[str, D], then: tuple[str, str, D] | None = None) -> tuple[Event, ...]:
    out = []
    for i, (milestone, on) in enumerate(steps):
        out.append(Event("create" if i == 0 else "advance", milestone, "active", on))
    if then:
        out.append(Event(then[0], out[-1].milestone, then[1], then[2], "a reason"))
    return tuple(out)


N1 = Need("N1", 100001, "reading", D(2025, 9, 1), "matched")
N2 = Need("N2", 100002, "maths", D(2025, 2, 20), "matched")
N3 = Need("N3", 100003, "maths", D(2025, 11, 1), "matched")
N4 = Need("N4", 100004, "send", D(2025, 6, 1), "matched")

A1 = Agreement(
    1,
    999,
    100001,
    OAK,
    10,
    "in_delivery",
    "active",
    "Ash School",
    ("reading",),
    3000.0,
    D(2025, 10, 1),
    events=events(
        ("proposed", D(2025, 9, 11)),
        ("agreed", D(2025, 9, 21)),
        ("first_meeting", D(2025, 10, 1)),
        ("diagnosis", D(2025, 10, 15)),
        ("plan_agreed", D(2025, 11, 1)),
        ("in_delivery", D(2025, 11, 10)),
    ),
    reviews=(Review(D(2025, 12, 1), "green", 4, D(2026, 2, 1)),),
    deliveries=(Delivery(2, D(2025, 10, 1)), Delivery(3, D(2025, 11, 20))),
    needs=(N1,),
)
A2 = Agreement(
    2,
    999,
    100002,
    OAK,
    6,
    "closed",
    "active",
    "Birch School",
    ("maths", "leadership"),
    1200.0,
    D(2025, 5, 1),
    outcome="met",
    events=events(
        ("proposed", D(2025, 3, 1)),
        ("agreed", D(2025, 3, 11)),
        ("first_meeting", D(2025, 4, 10)),
        ("diagnosis", D(2025, 4, 20)),
        ("plan_agreed", D(2025, 4, 25)),
        ("in_delivery", D(2025, 5, 1)),
        ("closed", D(2025, 12, 15)),
    ),
    reviews=(
        Review(D(2025, 7, 10), "amber", 3, D(2025, 10, 20)),
        Review(
            D(2025, 10, 20),
            "green",
            4,
            None,
            objectives=(ObjectiveRating("maths", "green"), ObjectiveRating("leadership", "amber")),
        ),
    ),
    deliveries=(Delivery(2, D(2025, 5, 10)), Delivery(2, D(2025, 6, 10)), Delivery(1, D(2025, 9, 10))),
    needs=(N2,),
)
A3 = Agreement(
    3,
    999,
    100003,
    BRIGHT,
    8,
    "agreed",
    "active",
    "Cedar School",
    ("maths",),
    None,
    D(2026, 1, 5),
    events=events(("proposed", D(2025, 11, 15)), ("agreed", D(2025, 12, 1))),
    needs=(N3,),
)
A4 = Agreement(
    4,
    999,
    100004,
    BRIGHT,
    3,
    "in_delivery",
    "paused",
    "Damson School",
    (),
    900.0,
    D(2025, 7, 1),
    events=events(
        ("proposed", D(2025, 6, 10)),
        ("agreed", D(2025, 6, 20)),
        ("first_meeting", D(2025, 7, 1)),
        ("diagnosis", D(2025, 7, 15)),
        ("plan_agreed", D(2025, 8, 1)),
        ("in_delivery", D(2025, 9, 1)),
        then=("pause", "paused", D(2025, 10, 1)),
    ),
    reviews=(Review(D(2025, 9, 20), "red", 2, D(2025, 12, 20)),),
    deliveries=(Delivery(1.5, D(2025, 9, 5)),),
    needs=(N4,),
)
A5 = Agreement(
    5,
    999,
    100005,
    OAK,
    4,
    "in_delivery",
    "active",
    "Elm School",
    ("reading",),
    1000.0,
    D(2025, 9, 1),
    events=events(
        ("proposed", D(2025, 9, 1)),
        ("agreed", D(2025, 9, 5)),
        ("first_meeting", D(2025, 9, 20)),
        ("diagnosis", D(2025, 10, 1)),
        ("plan_agreed", D(2025, 10, 15)),
        ("in_delivery", D(2025, 11, 1)),
    ),
    deliveries=(Delivery(1, D(2025, 11, 15)),),
)

HISTORY = History(
    as_at=D(2026, 3, 1),
    agreements=(A1, A2, A3, A4, A5),
    needs=(
        N1,
        N2,
        N3,
        N4,
        Need("N5", 100006, "writing", D(2026, 1, 15), "open", "Fir School"),
        Need("N6", 100007, "maths", D(2026, 2, 10), "open"),
        Need("N7", 100008, "maths", D(2025, 1, 1), "withdrawn"),
        Need("N8", 100009, "maths", None, "open"),
    ),
    concerns=(
        Concern(100001, D(2025, 8, 15)),
        Concern(100002, D(2024, 12, 1), D(2025, 1, 5)),
    ),
    categories=(
        CategoryDecision(100002, "computed", 2, D(2024, 9, 1)),
        CategoryDecision(100002, "computed", 3, D(2025, 1, 10)),
        CategoryDecision(100002, "override", 4, D(2025, 2, 1)),
        CategoryDecision(100002, "override", 2, D(2026, 1, 20)),
        CategoryDecision(100003, "computed", 3, D(2025, 10, 1)),
    ),
    inspections=(
        Inspection(100002, D(2023, 5, 10), 4, "Inadequate"),
        Inspection(100002, D(2025, 11, 5), 3, "Requires improvement"),
    ),
    family=(
        FamilyFigure(100002, "ks2_rwm_expected", 2024, 40, 55),
        FamilyFigure(100002, "ks2_rwm_expected", 2025, 50, 56),
        FamilyFigure(100002, "absence", 2024, 8, 6, higher_is_better=False),
        FamilyFigure(100002, "absence", 2025, 9, 6, higher_is_better=False),
    ),
)


def summary_of_history() -> dict:
    """HISTORY's figures in the shape of ``store.support_figures.summary`` (for the reports' tests)."""
    from peerlift.analysis import support_figures as sf

    settings = sf.default_settings()
    return {
        "la": 999,
        "as_at": HISTORY.as_at,
        "timeliness": sf.timeliness(HISTORY, settings),
        "quality": sf.quality(HISTORY, settings),
        "outcomes": sf.outcomes(HISTORY),
        "audit": sf.audit(HISTORY, None, settings),
    }
