"""A browser journey through what the LA learns from its support: an officer goes from the home page
to the timeliness page (chart and tables), the quality page and a provider's audit, downloads the
provider's report, and the pages pass axe-core; a member's home page leads to the aggregates only.
Same Chromium and fixtures as test_browser; the agreements are those of test_support_figures_pages."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import TWIN
from .test_browser import AXE, browser, shot, sign_in, site
from .test_support_figures_pages import make_support

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, used by name


@pytest.fixture
def support(site: str) -> None:
    make_support()


def _axe(page: Any) -> list[str]:
    if not AXE.exists():
        return []
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"]]


def test_an_officer_reads_timeliness_quality_and_a_providers_audit(
    browser: Any, site: str, support: None
) -> None:
    page = sign_in(browser, site, "officer")
    page.click("text=timeliness of school-to-school support")
    assert page.locator("figure.pl-chart img").get_attribute("alt").startswith("Bar chart in Demo City")
    overall = page.locator("#table-overall").inner_text()
    assert "15" in overall and "25" in overall  # the medians to agreed and to first meeting
    assert "Hillside Primary Academy" in page.locator("#table-overdue").inner_text()
    shot(page, "support-timeliness")
    violations = _axe(page)
    page.click("text=Quality of support and what happened after")
    assert "Objectives met" in page.locator("#table-outcomes").inner_text()
    violations += _axe(page)
    page.click("text=Audit of each support provider")
    page.click("#table-providers a")
    assert page.url.endswith(f"/las/999/support/providers/{TWIN}")
    shot(page, "support-provider")
    violations += _axe(page)
    with page.expect_download() as download:
        page.click("text=PDF (A4)")
    assert download.value.suggested_filename == f"support-audit-999-{TWIN}.pdf"
    assert not violations, "\n".join(violations)
    page.context.close()


def test_a_member_reads_the_aggregates(browser: Any, site: str, support: None) -> None:
    page = sign_in(browser, site, "member")
    assert page.locator("text=audit of each support provider").count() == 0
    page.click("text=timeliness of school-to-school support")
    assert page.locator("#table-overall").count() == 1 and page.locator("#table-agreements").count() == 0
    assert "Hillside Primary Academy" not in page.content()
    assert not _axe(page)
    page.context.close()
