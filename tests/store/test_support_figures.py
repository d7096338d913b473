"""store/support_figures.py reads the support models into the analysis's dataclasses: records made
directly with the ORM, figures worked out by hand.

As at 1 March 2026, LA 999:
  A  Ash Primary (100001) supported by Oak Primary (URN 200001, offer OF1), reading, 5 days, £1,750.
     Its concern was raised 20 Aug 2025 (open): agreed 20 Sep (11 + 20 = 31 days), first meeting
     1 Oct (11 + 30 + 1 = 42).  In delivery; reviewed 1 Dec (green, quality 4, next 15 Jan 2026:
     passed, 15 Jan to 1 Mar = 16 + 28 + 1 = 45 days overdue).  Delivered 2 + 1.5 = 3.5 days:
     £1,750 / 3.5 = £500 a day.
  B  Birch Primary (100002) supported by Bright Trust (offer OF2, no URN), maths, 4 days, no cost.
     Category 4 from 1 Jan 2025 (computed), 2 from 10 Jan 2026.  Made 1 Feb 2025, agreed 11 Feb
     (31 + 10 = 41 days from 1 Jan), closed 1 Dec 2025 (met), started 1 Mar 2025.
     Inspections: 1 Jun 2023 overall 4, 1 Oct 2025 overall 3.  Its family (stored, 2 members) in
     KS2 RWM: 2024 members 50 and 60 (median 55) vs 40, gap -15; 2025 members 60 and 64 (median 62)
     vs 52, gap -10: improved.
  Need N3 of Cedar Primary (100003), open, raised 1 Jan 2026: 31 + 28 = 59 days unmatched.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from peerlift.analysis.families import DEFAULT_METHOD, DEFAULT_SIZE
from peerlift.store import support_figures as store
from peerlift.store.models import (
    AgreementEvent,
    AgreementObjective,
    BrokerageNeed,
    BrokerageOffer,
    CategoryDecision,
    Concern,
    DeliveryEntry,
    Establishment,
    FamilyMember,
    FamilySet,
    Inspection,
    Judgement,
    ObjectiveProgress,
    SchoolMeasure,
    SupportAgreement,
    SupportReview,
)

pytestmark = pytest.mark.django_db

D = dt.date
LA = 999
AS_AT = D(2026, 3, 1)
STEPS = ("proposed", "agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery", "closed")


def _walk(agreement: SupportAgreement, days: list[D]) -> None:
    for i, day in enumerate(days):
        AgreementEvent.objects.create(
            agreement=agreement,
            action="create" if i == 0 else "advance",
            milestone=STEPS[i],
            status="active",
            happened_on=day,
            by="officer",
        )
    agreement.milestone = STEPS[len(days) - 1]
    agreement.save()


def _school(urn: int, name: str) -> None:
    Establishment.objects.create(
        urn=urn,
        la_code=LA,
        name=name,
        phase="Primary",
        status="Open",
        type_group="Local authority maintained schools",
        type="Community school",
    )


@pytest.fixture
def recorded() -> None:
    for urn, name in (
        (100001, "Ash Primary"),
        (100002, "Birch Primary"),
        (100003, "Cedar Primary"),
        (200001, "Oak Primary"),
        (300001, "Fir Primary"),
        (300002, "Elm Primary"),
    ):
        _school(urn, name)
    oak = BrokerageOffer.objects.create(
        la_code=LA,
        offer_id="OF1",
        supporter_urn=200001,
        supporter_name="Oak Primary",
        kind="school",
        capacity_days=10,
    )
    trust = BrokerageOffer.objects.create(
        la_code=LA, offer_id="OF2", supporter_name="Bright Trust", kind="trust", capacity_days=10
    )
    n1 = BrokerageNeed.objects.create(
        la_code=LA,
        need_id="N1",
        urn=100001,
        area="reading",
        urgency=2,
        days=5,
        raised_on=D(2025, 9, 1),
        status="matched",
    )
    BrokerageNeed.objects.create(
        la_code=LA, need_id="N3", urn=100003, area="maths", urgency=2, days=3, raised_on=D(2026, 1, 1)
    )
    a = SupportAgreement.objects.create(
        la_code=LA,
        supported_urn=100001,
        lead_offer=oak,
        supporter_urn=200001,
        supporter_name="Oak Primary",
        supporter_kind="school",
        focus_areas=["reading"],
        days_planned=5,
        cost=Decimal("1750.00"),
        start_on=D(2025, 10, 1),
        created_by="officer",
    )
    a.needs.add(n1)
    _walk(
        a, [D(2025, 9, 10), D(2025, 9, 20), D(2025, 10, 1), D(2025, 10, 10), D(2025, 10, 20), D(2025, 11, 1)]
    )
    objective = AgreementObjective.objects.create(
        agreement=a, area="reading", text="Phonics", success_measure="80% pass the check"
    )
    review = SupportReview.objects.create(
        agreement=a,
        reviewed_on=D(2025, 12, 1),
        reviewer="Head",
        progress="green",
        quality=4,
        next_review_on=D(2026, 1, 15),
        recorded_by="officer",
    )
    ObjectiveProgress.objects.create(review=review, objective=objective, progress="green")
    DeliveryEntry.objects.create(agreement=a, days=2, delivered_on=D(2025, 10, 5), recorded_by="officer")
    DeliveryEntry.objects.create(agreement=a, days=1.5, delivered_on=D(2025, 11, 5), recorded_by="officer")
    Concern.objects.create(
        urn=100001, la_code=LA, kind="staffing", raised_on=D(2025, 8, 20), raised_by="officer"
    )

    b = SupportAgreement.objects.create(
        la_code=LA,
        supported_urn=100002,
        lead_offer=trust,
        supporter_name="Bright Trust",
        supporter_kind="trust",
        focus_areas=["maths"],
        days_planned=4,
        start_on=D(2025, 3, 1),
        created_by="officer",
        outcome="met",
    )
    _walk(
        b,
        [
            D(2025, 2, 1),
            D(2025, 2, 11),
            D(2025, 3, 1),
            D(2025, 3, 10),
            D(2025, 3, 20),
            D(2025, 4, 1),
            D(2025, 12, 1),
        ],
    )
    for category, on in ((4, D(2025, 1, 1)), (2, D(2026, 1, 10))):
        CategoryDecision.objects.create(
            urn=100002, la_code=LA, kind="computed", category=category, effective_on=on, decided_by="rules"
        )
    for key, on, grade in (("1", D(2023, 6, 1), "4"), ("2", D(2025, 10, 1), "3")):
        found = Inspection.objects.create(
            urn=100002, inspection_key=key, framework="graded", inspection_type="graded", start_date=on
        )
        Judgement.objects.create(inspection=found, area="overall_effectiveness", grade=grade)
    family = FamilySet.objects.create(method=DEFAULT_METHOD, scope="national", size=DEFAULT_SIZE, year=2025)
    for rank, member in ((1, 300001), (2, 300002)):
        FamilyMember.objects.create(
            family_set=family, urn=100002, rank=rank, member_urn=member, distance=rank
        )
    SchoolMeasure.objects.create(urn=100002, year=2025, measure="pupils_on_roll", value=200)
    for urn, figures in ((100002, (40, 52)), (300001, (50, 60)), (300002, (60, 64))):
        for year, value in zip((2024, 2025), figures, strict=True):
            SchoolMeasure.objects.create(urn=urn, year=year, measure="ks2_rwm_expected", value=value)


def test_the_history_holds_what_was_recorded(recorded: None) -> None:
    found = store.history(LA, AS_AT)
    a, b = found.agreements
    assert (a.supported_name, a.provider.key, a.provider.offer_ids, a.cost, a.days_delivered) == (
        "Ash Primary",
        "200001",
        ("OF1",),
        1750.0,
        3.5,
    )
    assert [n.need_id for n in a.needs] == ["N1"]
    assert a.reviews[0].objectives[0].area == "reading"
    assert (b.provider.key, b.provider.name, b.milestone, b.outcome) == (
        "OF2",
        "Bright Trust",
        "closed",
        "met",
    )
    assert [(i.inspected_on, i.grade) for i in found.inspections] == [(D(2023, 6, 1), 4), (D(2025, 10, 1), 3)]
    assert [(f.year, f.school, f.family) for f in found.family] == [(2024, 40, 55), (2025, 52, 62)]


def test_timeliness_from_the_database(recorded: None) -> None:
    found = store.timeliness(LA, AS_AT)
    rows = {r["agreement"]: r for r in found["agreements"]}
    a, b = sorted(rows)
    assert (rows[a]["trigger"], rows[a]["days_to_agreed"], rows[a]["days_to_first_meeting"]) == (
        "concern",
        31,
        42,
    )
    assert (rows[b]["trigger"], rows[b]["days_to_agreed"], rows[b]["category"]) == ("category", 41, 4)
    assert [(r["agreement"], r["days_overdue"]) for r in found["overdue_reviews"]] == [(a, 45)]
    assert [(n["need"], n["school"], n["days_waiting"]) for n in found["unmatched_needs"]] == [
        ("N3", "Cedar Primary", 59)
    ]


def test_outcomes_and_the_audit_from_the_database(recorded: None) -> None:
    [closed] = store.outcomes(LA, AS_AT)["outcomes"]
    assert (closed["category_before"], closed["category_after"], closed["category_change"]) == (
        4,
        2,
        "improved",
    )
    assert (closed["inspection_before"]["grade"], closed["inspection_after"]["grade"]) == (4, 3)
    [result] = closed["results"]
    assert (result["gap_before"], result["gap_after"], result["change"]) == (-15, -10, "improved")
    audit = store.audit(LA, "OF1", AS_AT)
    [oak] = audit["providers"]
    assert (oak["provider"], oak["days_planned"], oak["days_delivered"], oak["cost_per_delivered_day"]) == (
        "200001",
        5,
        3.5,
        500,
    )
    assert [p["provider"] for p in store.audit(LA, None, AS_AT)["providers"]] == ["OF2", "200001"]  # by name
    assert store.audit(331, None, AS_AT)["providers"] == []  # another LA's


def test_the_category_in_force_is_store_categories_own(recorded: None) -> None:
    """The pure module's category in force (and the day it took effect) agrees with store/categories.py
    on a history with computed decisions and overrides, on every day around them."""
    from peerlift.analysis import support_figures as sf
    from peerlift.store import categories

    for kind, category, on in (
        ("computed", 2, D(2025, 1, 1)),
        ("override", 3, D(2025, 2, 1)),
        ("computed", 4, D(2025, 3, 1)),
        ("computed", 1, D(2025, 4, 1)),
        ("override", 4, D(2025, 5, 1)),
    ):
        CategoryDecision.objects.create(
            urn=100003, la_code=LA, kind=kind, category=category, effective_on=on, decided_by="x"
        )
    decisions = [
        sf.CategoryDecision(d.urn, d.kind, d.category, d.effective_on) for d in categories.decisions(LA)
    ]
    day = D(2024, 12, 30)
    while day < D(2025, 6, 1):
        found = categories.school_in_force(100003, day)
        expected = (found.category, found.changed_on) if found else (None, None)
        assert sf.category_on(decisions, 100003, day) == expected, day
        day += dt.timedelta(days=1)
