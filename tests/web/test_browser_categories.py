"""A browser journey of the categories (real Chromium, the live server, the real task worker): an
officer works the LA's categories out again, reviews and records them, then overrides one school's
category through its confirmation page; each page checked with axe-core (no violation of any impact)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from peerlift.store.models import CategoryDecision

from .conftest import OWN
from .test_browser import _violations, browser, shot, sign_in, site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, shared with test_browser


def test_an_officer_records_the_categories_then_overrides_one_with_confirmation(
    browser: Any, site: str
) -> None:
    page = sign_in(browser, site, "officer")
    page.goto(f"{site}/las/999/categories")
    violations = _violations(page)
    page.click("button:has-text('Work the categories out again')")
    assert "being worked out" in page.locator("main").inner_text()
    call_command("db_worker", batch=True, interval=0, reload=False, verbosity=0)
    page.click("text=Look again")
    assert "3 schools would change category" in page.locator("main").inner_text()
    violations += _violations(page)
    page.click("button:has-text('Record these 3 changes')")
    assert (
        "3 schools' categories have been recorded" in page.locator(".govuk-notification-banner").inner_text()
    )
    page.click("#table-schools >> text=Hillside Primary Academy")
    assert page.locator("#category-in-force").inner_text() == "3: At risk, needs support"
    page.check("#category-2")
    page.click("button:has-text('Continue')")
    assert "Enter the rationale" in page.locator(".govuk-error-summary").inner_text()
    violations += _violations(page)
    page.check("#category-2")
    page.fill("#rationale", "Discussed with the head on 19 January: the curriculum plan is in place.")
    for part, value in (("day", "19"), ("month", "1"), ("year", "2026")):  # the GOV.UK date input
        page.fill(f"#discussed_on-{part}", value)
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check the new category"
    assert not CategoryDecision.objects.filter(kind="override").exists()
    violations += _violations(page)
    shot(page, "category-override-confirm")
    page.click("button:has-text('Confirm the new category')")
    assert "now 2: Secure" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#category-in-force").inner_text() == "2: Secure"
    assert page.locator("#computed-category").inner_text() == "3: At risk, needs support"
    assert "Officer's override" in page.locator("#table-history").inner_text()
    violations += _violations(page)
    page.goto(f"{site}/las/999/inspections-due")
    violations += _violations(page)
    page.goto(f"{site}/las/999/category-rules")
    violations += _violations(page)
    page.context.close()
    assert CategoryDecision.objects.get(kind="override").urn == OWN
    assert not violations, "\n".join(violations)
