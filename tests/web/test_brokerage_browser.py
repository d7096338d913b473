"""A browser journey of the brokerage (real Chromium, the live server, the real task worker), with
JavaScript on (each page checked with axe-core) and off: an officer adds a need (after a refused
try), adds an offer, runs the brokerage, and accepts its proposal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from peerlift.store.models import AcceptedMatch

from .conftest import OTHER, OWN
from .test_browser import _violations, browser, sign_in, site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, shared with test_browser


@pytest.mark.parametrize("javascript", [True, False])
def test_an_officer_adds_a_need_and_an_offer_runs_the_brokerage_and_accepts(
    browser: Any, site: str, javascript: bool
) -> None:
    page = sign_in(browser, site, "officer", javascript=javascript)
    violations: list[str] = []

    def check() -> None:
        if javascript:
            violations.extend(_violations(page))

    page.goto(f"{site}/las/999/brokerage/needs")
    check()
    page.fill("#need_id", "N1")
    page.click("button:has-text('Add the need')")
    assert "Enter the school's URN" in page.locator(".govuk-error-summary").inner_text()
    check()
    page.fill("#need_id", "N1")
    page.fill("#urn", str(OWN))
    page.select_option("#area", "reading")
    page.select_option("#urgency", "3")
    page.fill("#days", "3")
    page.click("button:has-text('Add the need')")
    assert "Need N1 is added" in page.locator(".govuk-notification-banner").inner_text()
    assert "Reading" in page.locator("#table-needs").inner_text()

    page.goto(f"{site}/las/999/brokerage/offers")
    page.fill("#offer_id", "O1")
    page.select_option("#kind", "school")
    page.fill("#supporter_urn", str(OTHER))
    page.check("#areas-reading")
    page.fill("#capacity_days", "5")
    page.click("button:has-text('Save the offer')")
    assert "Offer O1 is saved" in page.locator(".govuk-notification-banner").inner_text()
    check()

    page.goto(f"{site}/las/999/brokerage")
    page.click("button:has-text('Run the brokerage again')")
    call_command("db_worker", batch=True, interval=0, reload=False, verbosity=0)
    page.click("text=Look again")
    assert "1 of 1 need" in page.locator("main").inner_text()
    check()
    page.click("button:has-text('Accept this proposal')")
    assert "The proposal for need N1 is accepted" in page.locator(".govuk-notification-banner").inner_text()
    check()
    page.context.close()
    match = AcceptedMatch.objects.get()
    assert (match.need.need_id, match.offer.offer_id, match.accepted_by) == ("N1", "O1", "officer")
    assert not violations, "\n".join(violations)


def test_a_head_offers_their_school_s_support_after_a_refused_try(browser: Any, site: str) -> None:
    page = sign_in(browser, site, "headteacher")
    page.goto(f"{site}/las/999/brokerage/offers")
    violations = _violations(page)
    page.fill("#capacity_days", "4")
    page.click("button:has-text('Offer this support')")
    assert "Choose at least one area" in page.locator(".govuk-error-summary").inner_text()
    violations += _violations(page)
    page.check("#areas-writing")
    page.click("button:has-text('Offer this support')")
    assert "An officer of the LA will confirm it" in page.locator(".govuk-notification-banner").inner_text()
    assert "Waiting for an officer" in page.locator("#table-offers").inner_text()
    page.goto(f"{site}/las/999/brokerage/needs")
    violations += _violations(page)
    page.context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("javascript", [True, False])
def test_an_officer_runs_a_what_if_after_a_refused_try_and_takes_a_rule_away(
    browser: Any, site: str, javascript: bool
) -> None:
    """Needs N1 (reading, urgency 3) and N2 (maths, urgency 1), 3 days each, of Hillside; offer O1 of
    St Mary's with 3 days: one need met; with 6 days for the what-if run, both."""
    from peerlift.store.models import BrokerageRule
    from peerlift.web import brokerage_changes as changes

    for need_id, area, urgency in (("N1", "reading", 3), ("N2", "maths", 1)):
        changes.save_need(
            "tests", 999, {"need_id": need_id, "urn": OWN, "area": area, "urgency": urgency, "days": 3.0}
        )
    changes.save_offer(
        "tests",
        999,
        {
            "offer_id": "O1",
            "supporter_urn": OTHER,
            "kind": "school",
            "areas": ["reading", "maths"],
            "capacity_days": 3.0,
        },
    )
    page = sign_in(browser, site, "officer", javascript=javascript)
    violations: list[str] = []

    def check() -> None:
        if javascript:
            violations.extend(_violations(page))

    page.goto(f"{site}/las/999/brokerage")
    page.select_option("#whatif_offer", "O1")
    page.click("button:has-text('Run the what-if')")
    assert (
        "Enter the days a term this offer has in the what-if run"
        in page.locator(".govuk-error-summary").inner_text()
    )
    check()
    page.select_option("#whatif_offer", "O1")
    page.fill("#whatif_days", "6")
    page.click("button:has-text('Run the what-if')")
    call_command("db_worker", batch=True, interval=0, reload=False, verbosity=0)
    page.goto(f"{site}/las/999/brokerage")
    main = page.locator("main").inner_text()
    assert "This was a what-if run" in main and "capacity of offer O1: 6 days a term instead of 3" in main
    assert "2 of 2 needs" in main
    check()

    page.select_option("#rule_need", "N1")
    page.select_option("#rule_offer", "O1")
    page.click("button:has-text('Save'):not(:has-text('run'))")
    assert BrokerageRule.objects.count() == 1
    page.click("button:has-text('Take it away')")
    assert "is taken away" in page.locator(".govuk-notification-banner").inner_text()
    check()
    page.context.close()
    assert not BrokerageRule.objects.exists()
    assert not violations, "\n".join(violations)
