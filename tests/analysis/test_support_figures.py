"""Timeliness, quality, outcomes and provider audits on the hand-made history of
tests/support_history.py, whose docstring works every figure out on paper."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from support_history import HISTORY

from peerlift.analysis import support_figures as sf
from peerlift.analysis.support_figures import History

D = dt.date


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
    assert oak["cost_per_planned_day"] == 260  # 5200 over the 20 days planned
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
    assert bright["cost_per_planned_day"] == 300  # 900 over A4's 3 planned days (A3 has no cost)
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


def _agreement_strategy():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    day = st.dates(min_value=D(2024, 9, 1), max_value=D(2026, 2, 1))
    providers = st.sampled_from([OAK_P, BRIGHT_P, sf.Provider("Ann", "Ann", "nle")])

    @st.composite
    def one(draw, pk: int) -> sf.Agreement:  # type: ignore[no-untyped-def]
        steps = draw(st.integers(min_value=1, max_value=len(sf.MILESTONES)))
        start = draw(day)
        gaps = draw(st.lists(st.integers(min_value=0, max_value=60), min_size=steps, max_size=steps))
        days, on = [], start
        for gap in gaps:
            on = on + dt.timedelta(days=gap)
            days.append(on)
        events = tuple(
            sf.Event("create" if i == 0 else "advance", sf.MILESTONES[i], "active", d)
            for i, d in enumerate(days)
        )
        raised = draw(st.none() | day)
        needs = (sf.Need(f"N{pk}", 100000 + pk, "maths", raised),) if raised and raised <= start else ()
        deliveries = tuple(
            sf.Delivery(x, start) for x in draw(st.lists(st.sampled_from([0.5, 1.0, 2.0]), max_size=3))
        )
        return sf.Agreement(
            pk, 999, 100000 + pk, draw(providers), draw(st.sampled_from([2.0, 5.0, 10.0])),
            sf.MILESTONES[steps - 1], draw(st.sampled_from(["active", "paused", "stopped"])),
            cost=draw(st.none() | st.sampled_from([500.0, 1200.0])), events=events, deliveries=deliveries,
            needs=needs,
        )  # fmt: skip

    return st.integers(min_value=0, max_value=8).flatmap(
        lambda n: st.tuples(*(one(pk) for pk in range(1, n + 1)))
    )


OAK_P = sf.Provider("200001", "Oak Primary", "school", 200001, ("OF1",))
BRIGHT_P = sf.Provider("OF2", "Bright Trust", "trust", None, ("OF2",))


def test_the_audits_add_up_and_the_figures_stay_in_range() -> None:
    from hypothesis import given, settings

    @settings(max_examples=60, deadline=None)
    @given(_agreement_strategy())
    def check(agreements: tuple[sf.Agreement, ...]) -> None:
        history = History(as_at=D(2026, 3, 1), agreements=agreements)
        audits = sf.audit(history)["providers"]
        assert sum(p["agreements"] for p in audits) == len(agreements)
        assert sum(p["days_planned"] for p in audits) == pytest.approx(
            sum(a.days_planned for a in agreements)
        )
        assert sum(p["days_delivered"] for p in audits) == pytest.approx(
            sum(a.days_delivered for a in agreements)
        )
        found = sf.timeliness(history)
        for group in [found["overall"], *found["by_category"], *found["by_area"]]:
            if group["agreed"]:
                days = [r["days_to_agreed"] for r in found["agreements"] if r["days_to_agreed"] is not None]
                assert min(days) <= group["agreed_median"] <= group["agreed_max"] <= max(days)
            assert group["first_meeting"] <= group["agreed"] <= group["agreements"]
        for row in found["agreements"]:
            if row["days_to_agreed"] is not None and row["days_to_first_meeting"] is not None:
                assert row["days_to_first_meeting"] >= row["days_to_agreed"] >= 0
        overdue = {r["agreement"] for r in found["overdue_reviews"]}
        assert all(
            a.milestone == "in_delivery" and a.status == "active" for a in agreements if a.id in overdue
        )

    check()


def test_a_need_raised_after_the_agreement_was_made_did_not_trigger_it() -> None:
    late = sf.Need("N9", 100005, "reading", D(2025, 9, 3))  # A5 was made on 1 Sep 2025
    a5 = next(a for a in HISTORY.agreements if a.id == 5)
    history = History(as_at=HISTORY.as_at, agreements=(dataclasses.replace(a5, needs=(late,)),))
    [row] = sf.timeliness(history)["agreements"]
    assert (row["trigger"], row["days_to_agreed"]) == (None, None)
