"""The timeliness, quality and provider-audit pages on two agreements of LA 999, as officer and as
elected member: the figures (worked out by hand), what a member may not see, the reports.

  A  Hillside Primary Academy (100001), need N1 raised 1 Sep 2025, led by St Mary's (URN 100003):
     agreed 21 Sep (20 days), first meeting 1 Oct (30 days), in delivery; reviewed 1 Dec 2025 green
     (quality 4), next review 10 Jan 2026: overdue on any day after that. 5 days planned, 2 delivered.
  B  St Mary's Church of England Primary School (100002), need N2 raised 1 Mar 2025, led by the
     same school: agreed 11 Mar (10 days), first meeting 21 Mar (20 days), closed with its
     objectives met. 3 days planned, 3 delivered, £900: the only cost, over its 3 delivered days = £300.
  Overall days to agreed 20 and 10: median 15; to first meeting 30 and 20: median 25.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from peerlift.store.models import (
    AgreementEvent,
    BrokerageNeed,
    DeliveryEntry,
    SupportAgreement,
    SupportReview,
)

from .conftest import OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db

D = dt.date
STEPS = ("proposed", "agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery", "closed")


def _agreement(
    urn: int, need: str, raised: D, days: list[D], planned: float, **extra: object
) -> SupportAgreement:
    made = SupportAgreement.objects.create(
        la_code=999, supported_urn=urn, supporter_urn=TWIN, supporter_name="St Mary's (Twin)",
        supporter_kind="school", focus_areas=["reading"], days_planned=planned, created_by="tests",
        milestone=STEPS[len(days) - 1], **extra,
    )  # fmt: skip
    made.needs.add(
        BrokerageNeed.objects.create(
            la_code=999,
            need_id=need,
            urn=urn,
            area="reading",
            urgency=2,
            days=planned,
            raised_on=raised,
            status="matched",
        )
    )
    for i, day in enumerate(days):
        AgreementEvent.objects.create(
            agreement=made, action="create" if i == 0 else "advance", milestone=STEPS[i], status="active",
            happened_on=day, by="tests",
        )  # fmt: skip
    return made


@pytest.fixture
def support(users: dict) -> None:
    make_support()


def make_support() -> None:
    """The two agreements of the module docstring (the register and users must be there)."""
    a = _agreement(
        OWN, "N1", D(2025, 9, 1), [D(2025, 9, 10), D(2025, 9, 21), D(2025, 10, 1), D(2025, 10, 10),
                                   D(2025, 10, 20), D(2025, 11, 1)], 5,
    )  # fmt: skip
    SupportReview.objects.create(
        agreement=a, reviewed_on=D(2025, 12, 1), reviewer="Head", progress="green", quality=4,
        next_review_on=D(2026, 1, 10), recorded_by="tests",
    )  # fmt: skip
    DeliveryEntry.objects.create(agreement=a, days=2, delivered_on=D(2025, 10, 5), recorded_by="tests")
    b = _agreement(
        OTHER, "N2", D(2025, 3, 1), [D(2025, 3, 5), D(2025, 3, 11), D(2025, 3, 21), D(2025, 4, 1),
                                     D(2025, 4, 10), D(2025, 4, 20), D(2025, 7, 15)], 3,
        outcome="met", cost=Decimal("900"),
    )  # fmt: skip
    DeliveryEntry.objects.create(agreement=b, days=3, delivered_on=D(2025, 5, 5), recorded_by="tests")


def test_an_officer_sees_the_timeliness_figures_and_the_lists(support: None, as_role) -> None:
    client = as_role("officer")
    found = client.get("/las/999/support/timeliness.json").json()["timeliness"]
    assert (found["overall"]["agreed_median"], found["overall"]["first_meeting_median"]) == (15, 25)
    assert [r["school"] for r in found["overdue_reviews"]] == ["Hillside Primary Academy"]
    html = client.get("/las/999/support/timeliness").content.decode()
    assert "Agreements overdue a review" in html and "Hillside Primary Academy" in html
    assert "<img" in html  # the chart
    csv = client.get("/las/999/support/timeliness/download/agreements.csv").content.decode("utf-8-sig")
    assert "Hillside Primary Academy" in csv and "2025-09-21" in csv
    assert 'href="/glossary#support-trigger"' in html
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/las/999/support/timeliness/download/overdue.xlsx").content)
    )
    sheet = book.worksheets[-1]
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    due = [r[header.index("Review due")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert due == [dt.datetime(2026, 1, 10)]  # a real date cell: the next review date


def test_a_member_sees_the_aggregates_only(support: None, as_role) -> None:
    client = as_role("member")
    found = client.get("/las/999/support/timeliness.json").json()
    assert found["timeliness"]["overall"]["agreed_median"] == 15
    assert "agreements" not in found["timeliness"] and "overdue_reviews" not in found["timeliness"]
    assert set(found["tables"]) == {"overall", "by-category", "by-area"}
    html = client.get("/las/999/support/timeliness").content.decode()
    assert "Hillside Primary Academy" not in html and "St Mary" not in html
    assert client.get("/las/999/support/timeliness/download/overdue.csv").status_code == 403
    assert client.get("/las/999/support/timeliness/download/by-area.csv").status_code == 200
    quality = client.get("/las/999/support/quality.json").json()
    assert "by_provider" not in quality["quality"] and "outcomes" not in quality
    counts = {r["what"]: r["agreements"] for r in quality["tables"]["outcome-counts"]["rows"]}
    assert counts["Closed agreements"] == 1 and counts["Objectives met"] == 1
    assert client.get("/las/999/support/quality/download/outcomes.csv").status_code == 403
    assert client.get("/las/999/support/providers").status_code == 403
    assert client.get("/las/999/support/summary.pdf").status_code == 403


def test_the_quality_page_and_the_provider_audit(support: None, as_role) -> None:
    client = as_role("officer")
    quality = client.get("/las/999/support/quality.json").json()
    assert quality["quality"]["overall"]["green"] == 1
    [closed] = quality["outcomes"]["outcomes"]
    assert closed["school"] == "St Mary's Church of England Primary School" and closed["outcome"] == "met"
    providers = client.get("/las/999/support/providers").content.decode()
    assert f'href="/las/999/support/providers/{TWIN}"' in providers
    page = client.get(f"/las/999/support/providers/{TWIN}.json").json()["provider"]
    # planned 5 + 3 = 8, delivered 2 + 3 = 5; £900 on B, over all 3 + 0 costed days: B alone has a cost
    assert (page["days_planned"], page["days_delivered"], page["cost"]) == (8, 5, 900)
    assert page["cost_per_delivered_day"] == 300  # £900 over B's 3 delivered days
    assert client.get("/las/999/support/providers/nobody").status_code == 404
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/las/999/support/providers/{TWIN}/audit.xlsx").content)
    )
    assert book.sheetnames == ["About", "summary", "agreements", "ratings", "outcomes"]
    assert client.get("/las/999/support/summary.pdf").content.startswith(b"%PDF")


def test_the_pages_with_figures_speak_in_words(support: None, as_role) -> None:
    from .test_words import problems_in

    client = as_role("officer")
    for url in (
        "/las/999/support/timeliness",
        "/las/999/support/quality",
        "/las/999/support/providers",
        f"/las/999/support/providers/{TWIN}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not problems_in(response.content.decode()), url
