"""A browser journey through careers and governance: an officer uploads the LA's Gatsby results,
reads the careers summary from the home page (chart and table), records a governor's training with a
mistake and then correctly, and the pages pass axe-core. Same Chromium and fixtures as test_browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import OTHER, OWN, TWIN
from .test_browser import AXE, browser, shot, sign_in, site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, used by name

GATSBY = (
    "urn,year,gb1,gb2,gb3,gb4,gb5,gb6,gb7,gb8,careers_hub\n"
    f"{OWN},2024/25,100,100,100,100,100,100,100,100,yes\n"
    f"{OTHER},2024/25,100,100,100,100,50,50,50,50,no\n"
    f"{TWIN},2024/25,100,100,0,0,0,0,0,0,no\n"
)


def _axe(page: Any) -> list[str]:
    if not AXE.exists():
        return []
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_an_officer_imports_results_reads_careers_and_records_training(
    browser: Any, site: str, tmp_path: Path
) -> None:
    path = tmp_path / "gatsby_2025.csv"
    path.write_text(GATSBY)
    page = sign_in(browser, site, "officer")
    page.goto(f"{site}/imports/upload")
    page.set_input_files("#file", str(path))
    page.click("button:has-text('Check the file')")
    page.click("button:has-text('Import the file')")
    assert "was imported" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{site}/")
    page.click("text=careers against the Gatsby benchmarks")
    assert page.locator("figure.pl-chart img").get_attribute("alt").startswith("Bar chart of the %")
    summary = page.locator("#table-summary").inner_text()
    assert "4.67" in summary and "5.96" in summary  # the LA's average beside the published 2024/25 one
    shot(page, "careers")
    violations = _axe(page)
    page.goto(f"{site}/las/999/governors/training")
    page.fill("#course_title", "Using performance data")
    for part, value in (("day", "31"), ("month", "2"), ("year", "2026")):
        page.fill(f"#course_date-{part}", value)
    page.fill("#urn", str(OWN))
    page.fill("#governor", "Chair of governors")
    page.click("button:has-text('Record the attendance')")
    assert "The day the course ran must be a real date" in page.locator(".govuk-error-summary").inner_text()
    violations += _axe(page)
    for part, value in (("day", "15"), ("month", "1"), ("year", "2026")):
        page.fill(f"#course_date-{part}", value)
    page.click("button:has-text('Record the attendance')")
    assert "Recorded: Chair of governors" in page.locator(".govuk-notification-banner").inner_text()
    assert "Using performance data" in page.locator("#table-courses").inner_text()
    shot(page, "governor-training")
    page.goto(f"{site}/las/999/governors/flagged")
    violations += _axe(page)
    page.goto(f"{site}/las/999/aspirations")
    violations += _axe(page)
    assert not violations, "\n".join(violations)
    page.context.close()
