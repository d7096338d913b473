"""A browser journey of a support agreement (real Chromium, the live server), with JavaScript on
(each page checked with axe-core) and off: an officer makes an agreement by hand (after a refused
try), moves it on through the first meeting, records days delivered, plans and delivers it, records
a review, pauses it (after the confirmation page) and reopens it."""

from __future__ import annotations

from typing import Any

import pytest

from peerlift.store.models import DeliveryEntry, SupportAgreement, SupportReview

from .conftest import OTHER, OWN
from .test_browser import _violations, browser, shot, sign_in, site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, shared with test_browser


@pytest.mark.parametrize("javascript", [True, False])
def test_an_officer_makes_an_agreement_moves_it_on_delivers_reviews_pauses_and_reopens_it(
    browser: Any, site: str, javascript: bool
) -> None:
    page = sign_in(browser, site, "officer", javascript=javascript)
    violations: list[str] = []

    def check() -> None:
        if javascript:
            violations.extend(_violations(page))

    def banner() -> str:
        return str(page.locator(".govuk-notification-banner").inner_text())

    def move_on(button: str) -> None:
        page.click(f"a.govuk-button:has-text('{button}')")
        page.click(f"button:has-text('{button}')")

    page.goto(f"{site}/las/999/support")
    check()
    page.click("text=Make a support agreement")
    page.fill("#supported_urn", str(OWN))
    page.fill("#days_planned", "6")
    page.click("button:has-text('Make the agreement')")
    assert "Choose the lead supporter" in page.locator(".govuk-error-summary").inner_text()
    check()
    page.fill("#supporter_urn", str(OTHER))
    page.check("#focus_areas-reading")
    page.fill("#start_on-day", "1")
    page.fill("#start_on-month", "9")
    page.fill("#start_on-year", "2025")
    page.click("button:has-text('Make the agreement')")
    assert "is made, at milestone proposed" in banner()
    agreement = SupportAgreement.objects.get()
    assert page.url == f"{site}/las/999/support/{agreement.pk}"
    assert "Cannot start yet" in page.locator("#milestones").inner_text()
    check()

    move_on("Move on to agreed")
    assert "now at agreed" in banner()
    page.click("a.govuk-button:has-text('Move on to first meeting')")
    check()
    page.click("button:has-text('Move on to first meeting')")
    assert "now at first meeting" in banner()

    page.click("text=Record days delivered")
    check()
    page.fill("#days", "1.5")
    page.fill("#delivered_by", "Deputy head of St Mary's")
    page.click("button:has-text('Record the days')")
    assert "1.5 days delivered recorded" in banner()
    assert "1.5 of 6 planned" in page.locator("main").inner_text()

    move_on("Move on to diagnosis")
    page.click("text=Add an objective")
    check()
    page.select_option("#area", "reading")
    page.fill("#text", "Phonics taught daily in Reception and Year 1")
    page.fill("#success_measure", "80% pass the phonics screening check")
    page.click("button:has-text('Add the objective')")
    assert "The objective is added" in banner()
    move_on("Move on to plan agreed")
    move_on("Move on to in delivery")
    assert "now at in delivery" in banner()

    page.click("text=Record a review")
    check()
    page.click("button:has-text('Record the review')")
    assert "Choose the overall progress" in page.locator(".govuk-error-summary").inner_text()
    check()
    page.check("#progress-amber")
    objective = agreement.objectives.get()
    page.check(f"#objective_{objective.pk}")  # its first radio: green
    page.check("#quality-3")
    page.click("button:has-text('Record the review')")
    assert "The review is recorded" in banner()
    assert (
        "Amber: some progress, but at risk of not meeting its objectives" in page.locator("main").inner_text()
    )
    check()

    page.click("a.govuk-button:has-text('Pause')")
    page.fill("#reason", "The head is on leave until half term")
    page.click("button:has-text('Continue')")
    assert "Check before you pause" in page.locator("h1").inner_text()
    check()
    assert SupportAgreement.objects.get().status == "active"  # nothing changed before confirming
    page.click("button:has-text('Pause the agreement')")
    assert "is paused" in banner()
    main = page.locator("main").inner_text()
    assert "This agreement is read-only" in main and "Record days delivered" not in main
    check()
    shot(page, f"support-paused-{'js' if javascript else 'nojs'}")

    page.click("a.govuk-button:has-text('Reopen')")
    page.fill("#reason", "The head is back")
    page.click("button:has-text('Reopen the agreement')")
    assert "is reopened" in banner()
    assert "Record a review" in page.locator("main").inner_text()
    check()
    page.goto(f"{site}/")
    assert "Support agreements: what needs doing" in page.locator("main").inner_text()
    check()
    page.context.close()

    found = SupportAgreement.objects.get()
    assert (found.milestone, found.status, found.supporter_urn) == ("in_delivery", "active", OTHER)
    assert list(found.history.values_list("action", flat=True)) == [
        "create",
        "advance",
        "advance",
        "advance",
        "advance",
        "advance",
        "pause",
        "reopen",
    ]
    assert list(DeliveryEntry.objects.values_list("days", "delivered_by")) == [
        (1.5, "Deputy head of St Mary's")
    ]
    assert list(SupportReview.objects.values_list("progress", "quality")) == [("amber", 3)]
    assert not violations, "\n".join(violations)
