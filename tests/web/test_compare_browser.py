"""The compare page in a real Chromium: with JavaScript off and on, a custom set made and used, the
ranking sorted through its headings, the page on a phone, printed on A4 (print media: the chart and
the LA's table on the first page), and axe-core on the compare, catalogue and sets pages."""

# The browser fixtures are test_browser.py's, imported by name: their parameters "redefine" them.
# ruff: noqa: F811

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from .test_browser import AXE, browser, demo_site, shot, sign_in, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_PAGE_TEXT = ("pdftotext", "-layout")


def test_an_officer_makes_a_set_and_compares_without_javascript(browser: Any, demo_site: str) -> None:
    page = sign_in(browser, demo_site, "officer", javascript=False)
    page.goto(f"{demo_site}/las/999/compare?measure=progress8")
    page.click("text=Make or manage your own comparison sets")
    page.click("button:has-text('Make the set')")  # nothing filled in: the errors say what to fix
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a name for the set" in summary and "Choose at least one LA to compare with" in summary
    page.fill("#name", "Our visits")
    boxes = page.locator("input[name=members]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    chosen = [page.locator(f"label[for='{boxes.nth(i).get_attribute('id')}']").inner_text() for i in (0, 1)]
    page.check("#shared-yes")
    page.click("button:has-text('Make the set')")
    assert "comparator=custom%3A" in page.url or "comparator=custom:" in page.url
    names = page.locator("#table-comparators tbody th").all_inner_texts()
    assert names[0] == "Demo City (this LA)" and names[1:3] == chosen
    assert page.locator("#table-comparators tr.pl-chosen").count() == 1
    # sort the ranking by name through its heading, then back the other way
    page.click("#table-ranking th >> text=Local authority")
    page.wait_for_url("**sort=name&order=asc*")
    ranked = page.locator("#table-ranking tbody td:nth-child(2)").all_inner_texts()
    assert ranked == sorted(ranked, key=str.lower)
    assert page.locator("#table-ranking th[aria-sort=ascending]").count() == 1
    page.click("#table-ranking th >> text=Local authority")
    page.wait_for_url("**sort=name&order=desc*")
    assert page.locator("#table-ranking th[aria-sort=descending]").count() == 1
    assert page.locator("#table-ranking tr.pl-chosen").count() == 1
    shot(page, "compare-custom-set-no-js")
    # find a measure in the catalogue by its words, and go to it compared for the officer's LA
    page.click("text=measure catalogue")
    page.fill("#q", "attainment 8 average")
    page.click("button:has-text('Search')")
    page.wait_for_url("**/measures?q=attainment+8+average*")
    found = page.locator("#table-measures tbody").inner_text()
    assert "Attainment 8 average score" in found and "Key stage 4" in found
    page.click("#table-measures >> text=Attainment 8 average score")
    assert "measure=attainment8" in page.url and "Attainment 8" in page.locator("h1").inner_text()
    page.context.close()


def test_compare_with_the_region_with_javascript_and_on_a_phone(browser: Any, demo_site: str) -> None:
    page = sign_in(browser, demo_site, "member")
    page.goto(f"{demo_site}/las/999/compare")
    page.select_option("#comparator", "region")
    page.click("button:has-text('Compare')")
    assert "comparator=region" in page.url
    assert "Average: Other LAs in" in page.locator("#table-comparison").inner_text()
    with page.expect_download() as download:
        page.click("figure.pl-chart >> text=PNG")
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")
    page.set_viewport_size({"width": 960, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 960  # fits a 960 px column
    page.set_viewport_size({"width": 375, "height": 800})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 375  # the page does not scroll sideways; the wide tables scroll in their own box
    wrap = page.locator("#table-ranking").locator("xpath=..")
    assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    shot(page, "compare-phone")
    page.context.close()


def test_the_compare_page_prints_chart_and_table_on_one_a4_page(
    browser: Any,
    demo_site: str,
    tmp_path: Path,
) -> None:
    page = sign_in(browser, demo_site, "officer")
    page.goto(f"{demo_site}/las/999/compare?measure=attainment8")
    page.emulate_media(media="print")
    shot(page, "compare-print")
    assert (
        page.locator(".govuk-template__header").is_hidden() and page.locator("form.pl-no-print").is_hidden()
    )
    pdf = tmp_path / "compare.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    first = subprocess.run(
        [*A4_PAGE_TEXT, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    )
    second = subprocess.run(
        [*A4_PAGE_TEXT, "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True
    )
    caption = page.locator("#table-comparison caption").inner_text()
    last_year = page.locator("#table-comparison tbody tr").last.locator("th").inner_text()
    text = " ".join(first.stdout.split())
    # the chart's heading, the table's caption and its last row are all on page 1, its downloads are not
    assert "Attainment 8" in text and " ".join(caption.split())[:40] in text
    assert last_year in text and "Download this table" not in text
    assert "each LA compared with" not in text and "each LA compared with" in second.stdout
    # the chart is on page 1 too: its image lies above the table, both inside the first A4 page
    chart = page.locator("figure.pl-chart img").bounding_box()
    table = page.locator("#table-comparison").bounding_box()
    assert chart is not None and table is not None and chart["y"] < table["y"]
    page.context.close()


def test_compare_catalogue_and_sets_pages_are_accessible(browser: Any, demo_site: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page = sign_in(browser, demo_site, "officer")
    failures = []
    for path in (
        "/las/999/compare?measure=progress8&sort=name",
        "/measures?q=absence",
        "/las/999/comparator-sets",
    ):
        page.goto(f"{demo_site}{path}")
        page.evaluate(AXE.read_text())
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found = result["violations"]  # none of any impact
        failures += [f"{path}: {v['id']} ({v['impact']}): {v['help']}" for v in found]
    assert not failures, "\n".join(failures)
