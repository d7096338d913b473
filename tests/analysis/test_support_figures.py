"""Timeliness, quality, outcomes and provider audits on a hand-made history, figures worked on paper.

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

import pytest

from peerlift.analysis import support_figures as sf
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


def by(rows: list[dict], key: str) -> dict:
    return {r[key]: r for r in rows}


def test_the_settings_are_data() -> None:
    settings = sf.default_settings()
    assert settings.review_interval_days == 91
    assert settings.unmatched_after_days == 30
    assert settings.triggers == ("need", "concern", "category")
    assert settings.trigger_categories == {3, 4}
    with pytest.raises(sf.SettingsError, match=r"timeliness\.unmatched_after_days"):
        sf.parse_settings(
            '[timeliness]\ntriggers=["need"]\nreview_interval_days=91\nunmatched_after_days="x"\n'
            '[quality]\nterms=[{name="a", first_month=9}]\n',
            "s.toml",
        )


def test_each_agreements_trigger_and_days() -> None:
    rows = by(sf.timeliness(HISTORY)["agreements"], "agreement")
    assert (rows[1]["trigger"], rows[1]["trigger_on"]) == ("concern", D(2025, 8, 15))
    assert (rows[1]["days_to_agreed"], rows[1]["days_to_first_meeting"]) == (37, 47)
    assert (rows[2]["trigger"], rows[2]["trigger_on"], rows[2]["category"]) == ("category", D(2025, 1, 10), 4)
    assert (rows[2]["days_to_agreed"], rows[2]["days_to_first_meeting"]) == (60, 90)
    assert (rows[3]["trigger"], rows[3]["days_to_agreed"], rows[3]["days_to_first_meeting"]) == (
        "category",
        61,
        None,
    )
    assert (rows[4]["trigger"], rows[4]["days_to_agreed"], rows[4]["days_to_first_meeting"]) == (
        "need",
        19,
        30,
    )
    assert (rows[5]["trigger"], rows[5]["days_to_agreed"]) == (None, None)


def test_timeliness_overall_by_category_and_by_area() -> None:
    found = sf.timeliness(HISTORY)
    overall = found["overall"]
    # agreed: 37, 60, 61, 19 -> sorted 19 37 60 61, median (37+60)/2 = 48.5, mean 177/4 = 44.25
    # (shown to one place, rounding half to even: 44.2), max 61
    assert (overall["agreements"], overall["with_trigger"]) == (5, 4)
    assert (overall["agreed"], overall["agreed_median"], overall["agreed_mean"], overall["agreed_max"]) == (
        4,
        48.5,
        44.2,
        61,
    )
    # first meeting: 47, 90, 30 -> median 47, mean 167/3 = 55.67 -> 55.7, max 90
    assert (overall["first_meeting"], overall["first_meeting_median"], overall["first_meeting_mean"]) == (
        3,
        47,
        55.7,
    )
    assert overall["first_meeting_max"] == 90
    cats = by(found["by_category"], "category")
    assert set(cats) == {"3", "4", "none"}
    assert (cats["3"]["agreed_median"], cats["3"]["first_meeting"]) == (61, 0)
    assert (cats["4"]["agreed_median"], cats["4"]["first_meeting_median"]) == (60, 90)
    # none: A1, A4, A5; agreed 37 and 19 -> median 28, mean 28.0; first 47 and 30 -> median 38.5
    assert (cats["none"]["agreements"], cats["none"]["agreed"], cats["none"]["agreed_median"]) == (3, 2, 28)
    assert (
        cats["none"]["agreed_mean"],
        cats["none"]["first_meeting_median"],
        cats["none"]["agreed_max"],
    ) == (28.0, 38.5, 37)
    areas = by(found["by_area"], "area")
    assert set(areas) == {"leadership", "maths", "reading", "send"}  # A4 takes its need's area
    # maths: A2 (60, 90) and A3 (61, -): median 60.5
    assert (
        areas["maths"]["agreements"],
        areas["maths"]["agreed_median"],
        areas["maths"]["first_meeting"],
    ) == (2, 60.5, 1)
    assert (areas["reading"]["agreed"], areas["reading"]["agreed_median"]) == (1, 37)  # A5 has no trigger
    assert (areas["send"]["agreed_median"], areas["send"]["first_meeting_median"]) == (19, 30)


def test_overdue_reviews_and_unmatched_needs() -> None:
    found = sf.timeliness(HISTORY)
    overdue = [(r["agreement"], r["days_overdue"], r["why"], r["due_on"]) for r in found["overdue_reviews"]]
    assert overdue == [
        (5, 29, "no_review_in_interval", D(2026, 1, 31)),
        (1, 28, "next_review_passed", D(2026, 2, 1)),
    ]
    assert [(n["need"], n["days_waiting"]) for n in found["unmatched_needs"]] == [("N5", 45)]
    shorter = sf.Settings(unmatched_after_days=10)
    assert [n["need"] for n in sf.timeliness(HISTORY, shorter)["unmatched_needs"]] == ["N5", "N6"]


def test_only_the_listed_triggers_start_the_clock() -> None:
    needs_only = sf.Settings(triggers=("need",))
    rows = by(sf.timeliness(HISTORY, needs_only)["agreements"], "agreement")
    # A1 from its need (1 Sep) to agreed 21 Sep: 20; A2 from 20 Feb to 11 Mar: 8 + 11 = 19
    assert (rows[1]["trigger"], rows[1]["days_to_agreed"]) == ("need", 20)
    assert (rows[2]["trigger"], rows[2]["days_to_agreed"]) == ("need", 19)


def test_quality_over_time_by_provider_and_by_area() -> None:
    found = sf.quality(HISTORY)
    overall = found["overall"]
    # reviews: green q4, amber q3, green q4, red q2: mean 13/4 = 3.25
    assert (overall["reviews"], overall["green"], overall["amber"], overall["red"]) == (4, 2, 1, 1)
    assert (overall["green_share"], overall["quality_mean"]) == (50.0, 3.25)
    terms = [(r["term"], r["reviews"]) for r in found["by_term"]]
    assert terms == [("summer 2024/25", 1), ("autumn 2025/26", 3)]
    providers = [
        (r["provider"], r["term"], r["green"], r["amber"], r["red"], r["quality_mean"])
        for r in found["by_provider"]
    ]
    assert providers == [
        ("200001", "summer 2024/25", 0, 1, 0, 3.0),
        ("200001", "autumn 2025/26", 2, 0, 0, 4.0),
        ("OF2", "autumn 2025/26", 0, 0, 1, 2.0),
    ]
    areas = [(r["area"], r["term"], r["green"], r["amber"], r["red"]) for r in found["by_area"]]
    assert areas == [
        ("leadership", "summer 2024/25", 0, 1, 0),
        ("leadership", "autumn 2025/26", 1, 0, 0),
        ("maths", "summer 2024/25", 0, 1, 0),
        ("maths", "autumn 2025/26", 1, 0, 0),
        ("reading", "autumn 2025/26", 1, 0, 0),
        ("send", "autumn 2025/26", 0, 0, 1),
    ]
    objectives = [(r["area"], r["green"], r["amber"]) for r in found["objectives_by_area"]]
    assert objectives == [("leadership", 0, 1), ("maths", 1, 0)]


def test_a_term_is_named_with_its_school_year() -> None:
    settings = sf.default_settings()
    assert sf.term_of(D(2025, 9, 1), settings) == (D(2025, 9, 1), "autumn 2025/26")
    assert sf.term_of(D(2026, 3, 31), settings) == (D(2026, 1, 1), "spring 2025/26")
    assert sf.term_of(D(2026, 8, 31), settings) == (D(2026, 4, 1), "summer 2025/26")


def test_outcomes_pick_the_right_before_and_after_figures() -> None:
    found = sf.outcomes(HISTORY)
    assert found["note"] == "descriptive: not a comparison with similar schools not supported"
    [only] = found["outcomes"]  # A2 is the only closed agreement
    assert only["agreement"] == 2 and only["closed_on"] == D(2025, 12, 15) and only["outcome"] == "met"
    assert (only["category_before"], only["category_before_since"]) == (4, D(2025, 2, 1))
    assert (only["category_after"], only["category_after_since"], only["category_change"]) == (
        2,
        D(2026, 1, 20),
        "improved",
    )
    assert only["inspection_before"] == {"inspected_on": D(2023, 5, 10), "grade": 4, "label": "Inadequate"}
    assert only["inspection_after"]["inspected_on"] == D(2025, 11, 5)
    assert only["inspection_change"] == "improved"
    results = by(only["results"], "measure")
    assert (results["ks2_rwm_expected"]["gap_before"], results["ks2_rwm_expected"]["gap_after"]) == (-15, -6)
    assert (results["ks2_rwm_expected"]["year_before"], results["ks2_rwm_expected"]["year_after"]) == (
        2024,
        2025,
    )
    assert results["ks2_rwm_expected"]["change"] == "improved"
    assert (
        results["absence"]["gap_before"],
        results["absence"]["gap_after"],
        results["absence"]["change"],
    ) == (2, 3, "declined")
    assert (only["results_improved"], only["results_declined"]) == (1, 1)


def test_the_provider_audit_equals_a_hand_count() -> None:
    found = sf.audit(HISTORY)
    assert found["note"].startswith("descriptive")
    audits = by(found["providers"], "provider")
    oak = audits["200001"]
    # A1, A2, A5: planned 10 + 6 + 4 = 20, delivered 5 + 5 + 1 = 11 (55.0%), cost 3000 + 1200 + 1000 =
    # 5200 over 11 delivered days = 472.727... -> 472.73
    assert (oak["agreements"], oak["schools"], oak["days_planned"], oak["days_delivered"]) == (3, 3, 20, 11)
    assert (oak["delivered_share"], oak["cost"], oak["cost_per_delivered_day"]) == (55.0, 5200, 472.73)
    assert oak["by_milestone"]["in_delivery"] == 2 and oak["by_milestone"]["closed"] == 1
    # ratings: green q4 (A1), amber q3 and green q4 (A2): mean 11/3 = 3.67
    assert (oak["ratings"]["reviews"], oak["ratings"]["green"], oak["ratings"]["amber"]) == (3, 2, 1)
    assert oak["ratings"]["quality_mean"] == 3.67
    # days to agreed: 37 and 60 (A5 none): median 48.5; to first meeting 47 and 90: median 68.5
    assert oak["timeliness"]["days_to_agreed"] == {"count": 2, "median": 48.5, "mean": 48.5, "max": 60}
    assert oak["timeliness"]["days_to_first_meeting"]["median"] == 68.5
    assert oak["outcomes"] == {
        "closed": 1,
        "met": 1,
        "partly": 0,
        "not_met": 0,
        "category_improved": 1,
        "inspection_improved": 1,
        "note": sf.DESCRIPTIVE,
    }
    bright = audits["OF2"]
    # A3, A4: planned 8 + 3 = 11, delivered 0 + 1.5 = 1.5 (13.6%); only A4 has a cost: 900 / 1.5 = 600
    assert (bright["days_planned"], bright["days_delivered"], bright["delivered_share"]) == (11, 1.5, 13.6)
    assert (bright["cost"], bright["cost_per_delivered_day"]) == (900, 600)
    assert bright["by_status"] == {"active": 1, "paused": 1, "stopped": 0}
    assert (bright["ratings"]["red"], bright["ratings"]["quality_mean"]) == (1, 2.0)
    assert [r["agreement"] for r in bright["agreement_rows"]] == [3, 4]


def test_a_provider_is_named_by_its_offer_or_its_urn() -> None:
    assert [p["provider"] for p in sf.audit(HISTORY, "OF1")["providers"]] == ["200001"]
    assert [p["provider"] for p in sf.audit(HISTORY, "200001")["providers"]] == ["200001"]
    assert [p["provider"] for p in sf.audit(HISTORY, "OF2")["providers"]] == ["OF2"]
    assert sf.audit(HISTORY, "nobody")["providers"] == []


def test_an_empty_history_gives_empty_figures() -> None:
    empty = History(as_at=D(2026, 3, 1))
    found = sf.timeliness(empty)
    assert found["overall"]["agreements"] == 0 and found["overall"]["agreed_median"] is None
    assert sf.quality(empty)["overall"]["quality_mean"] is None
    assert sf.audit(empty)["providers"] == []
