"""A browser journey through a network over time: an officer uploads the members and activities
templates, reads the network's members over time and who took part (chart and table), a network lead
records an activity with a mistake and then correctly, the overlap and outcomes pages, and the pages
pass axe-core. Same Chromium and fixtures as test_browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_browser import browser, shot, sign_in, site
from .test_careers_browser import _axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, used by name
DATA = Path(__file__).resolve().parents[1] / "data" / "networks"


def _upload(page: Any, site: str, path: Path) -> None:
    page.goto(f"{site}/imports/upload")
    page.set_input_files("#file", str(path))
    page.click("button:has-text('Check the file')")
    page.click("button:has-text('Import the file')")
    assert "was imported" in page.locator(".govuk-notification-banner").inner_text()


def test_a_network_over_time(browser: Any, site: str) -> None:
    officer = sign_in(browser, site, "officer")
    _upload(officer, site, DATA / "network_members.csv")
    _upload(officer, site, DATA / "network_activities.csv")
    officer.goto(f"{site}/las/999/networks")
    officer.click("text=North cluster")
    history = officer.locator("#table-history").inner_text()
    assert "15 January 2025" in history and "1 June 2025" in history
    assert officer.locator("figure.pl-chart img").get_attribute("alt").startswith("Who took part")
    violations = _axe(officer)
    shot(officer, "network")
    officer.goto(f"{site}/las/999/networks/overlap")
    assert "turbulence" in officer.locator("#table-turbulence").inner_text().lower()
    violations += _axe(officer)
    officer.goto(f"{site}/las/999/networks/outcomes")
    assert "North cluster" in officer.locator("#table-outcomes").inner_text()
    violations += _axe(officer)
    officer.context.close()

    lead = sign_in(browser, site, "network_lead")
    lead.click("text=Your network North cluster")
    for part, value in (("day", "31"), ("month", "2"), ("year", "2025")):
        lead.fill(f"#date-{part}", value)
    lead.select_option("#kind", "peer_review")
    lead.check("#levels")
    lead.click("button:has-text('Record the activity')")
    assert "must be a real date" in lead.locator(".govuk-error-summary").inner_text()
    violations += _axe(lead)
    lead.fill("#date-day", "28")
    lead.check("#levels")
    lead.check("#levels-teachers")
    lead.click("button:has-text('Record the activity')")
    assert (
        "Recorded: peer review on 28 February 2025" in lead.locator(".govuk-notification-banner").inner_text()
    )
    assert "Heads, Teachers" in lead.locator("#table-activities").inner_text()
    assert not violations, "\n".join(violations)
    lead.context.close()
