"""Browser tests: a real Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against the app
served by pytest-django's live server on a real database. They walk the main journeys for each role,
check every page with axe-core (no violation of any impact), try the service with
JavaScript off, and save screenshots under test-output/.

They skip with a message when /usr/bin/chromium is not installed (`make browsers` installs it) and the
accessibility check skips when axe-core is not installed from npm (`npm ci`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User

from .conftest import GROUP, OTHER, OWN, PASSWORD, make_register, make_users

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-output" / "screenshots"
GIAS_SLICE = REPO / "tests" / "data" / "gias" / "20220420_gias_slice.csv"

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are in its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server: Any) -> str:
    make_register()
    make_users()
    return str(live_server.url)


def _page(browser: Any, *, javascript: bool = True) -> Any:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript, accept_downloads=True
    )
    return context.new_page()


def sign_in(browser: Any, site: str, role: str, *, javascript: bool = True) -> Any:
    page = _page(browser, javascript=javascript)
    page.goto(f"{site}/sign-in")
    page.fill("#id_username", role)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{site}/")
    return page


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("role", ["admin", "officer", "headteacher", "network_lead", "member"])
def test_each_role_signs_in_sees_its_home_and_signs_out(browser: Any, site: str, role: str) -> None:
    page = sign_in(browser, site, role)
    assert page.locator("h1").inner_text() == "Home"
    assert f"Signed in as {role}" in page.locator(".govuk-phase-banner").inner_text()
    shot(page, f"home-{role}")
    page.click("button:has-text('Sign out')")
    page.wait_for_url(re.compile(r".*/sign-in$"))
    page.goto(f"{site}/schools")
    assert "/sign-in" in page.url
    page.context.close()


def test_find_a_school_by_name_and_by_urn_and_read_it(browser: Any, site: str) -> None:
    page = sign_in(browser, site, "officer")
    page.click("nav >> text=Schools")
    page.fill("#q", "hillside academy")
    page.click("button:has-text('Search')")
    assert page.locator("#table-schools caption").inner_text() == "0 schools"
    page.fill("#q", "Hillside Primary Academy")
    page.click("button:has-text('Search')")
    page.click("#table-schools >> text=Hillside Primary Academy")
    assert page.locator("h1").inner_text() == "Hillside Primary Academy"
    inspections = page.locator("#table-inspections").inner_text()
    assert "Report card (from November 2025)" in inspections and "Needs attention" in inspections
    assert "SUPP: suppressed to protect individual pupils" in page.locator("#table-measures").inner_text()
    shot(page, "school")
    page.click("#table-groups >> text=Oak Learning Trust")
    assert page.locator("h1").inner_text() == "Oak Learning Trust"
    assert "Hillside Primary Academy" in page.locator("#table-schools").inner_text()
    shot(page, "group")
    page.goto(f"{site}/schools?q={OTHER}")
    rows = page.locator("#table-schools tbody tr")
    assert rows.count() == 1 and f"(URN {OTHER})" in rows.inner_text()  # a same-name school shows its URN
    shot(page, "schools")
    page.context.close()


def test_download_a_table_as_csv_and_xlsx(browser: Any, site: str, tmp_path: Path) -> None:
    page = sign_in(browser, site, "member")
    page.goto(f"{site}/schools/{OWN}")
    with page.expect_download() as csv_download:
        page.click("#table-inspections ~ p >> text=CSV")
    csv_path = tmp_path / "inspections.csv"
    csv_download.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8-sig").startswith("Inspection date,URN,Framework")
    with page.expect_download() as xlsx_download:
        page.click("#table-measures ~ p >> text=Excel (XLSX)")
    xlsx_path = tmp_path / "measures.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_path)["measures"]
    assert sheet is not None and sheet.cell(2, 2).value == 71
    page.context.close()


def test_upload_a_bad_file_then_a_good_one(browser: Any, site: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad_gias.csv"
    bad.write_bytes(GIAS_SLICE.read_bytes().replace(b"115851,", b"11X851,", 1))
    # a system administrator: the slice's schools are of LAs 850 and 936 (see test_import_rights)
    User.objects.create_superuser("root", "", PASSWORD)
    page = sign_in(browser, site, "root")
    page.goto(f"{site}/imports/upload")
    page.set_input_files("#file", str(bad))
    page.click("button:has-text('Check the file')")
    summary = page.locator(".govuk-error-summary")
    assert "bad_gias.csv, row 3, column 'URN'" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    shot(page, "upload-error")
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "file"
    page.set_input_files("#file", str(GIAS_SLICE))
    page.click("button:has-text('Check the file')")
    assert "The file can be imported" in page.locator(".govuk-panel").inner_text()
    shot(page, "upload-check")
    page.click("button:has-text('Import the file')")
    assert "was imported" in page.locator(".govuk-notification-banner").inner_text()
    page.click(".govuk-breadcrumbs >> text=Imports")
    assert GIAS_SLICE.name in page.locator("#table-imports").inner_text()
    shot(page, "imports")
    page.context.close()


def test_a_headteacher_is_refused_another_school_s_record(browser: Any, site: str) -> None:
    page = sign_in(browser, site, "headteacher")
    response = page.goto(f"{site}/schools/{OTHER}/record")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "You cannot see this page"
    shot(page, "refused")
    assert page.goto(f"{site}/schools/{OWN}/record").status == 200
    page.context.close()


def test_the_service_works_with_javascript_off(browser: Any, site: str) -> None:
    page = sign_in(browser, site, "officer", javascript=False)
    page.goto(f"{site}/schools")
    page.fill("#q", str(OWN))
    page.click("button:has-text('Search')")
    assert page.locator("#table-schools tbody tr").count() == 1
    with page.expect_download() as download:
        page.click("#table-schools ~ p >> text=CSV")
    assert download.value.suggested_filename == "schools.csv"
    page.goto(f"{site}/schools/{OWN}/record")
    page.fill("#text", "Visited without JavaScript.")
    page.click("button:has-text('Save note')")
    assert "Visited without JavaScript." in page.locator("#table-notes").inner_text()
    page.context.close()


def _violations(page: Any) -> list[str]:
    """axe-core's violations of any impact, minor included (none without axe-core; the page needs
    JavaScript on). axe is evaluated over DevTools, so the page's CSP does not block it."""
    if not AXE.exists():
        return []
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


# the name other branches' browser tests import: every check is now strict (violations of any impact)
_serious_violations = _violations


def test_an_administrator_makes_a_network_and_its_lead_reads_it(browser: Any, site: str) -> None:
    admin = sign_in(browser, site, "admin")
    admin.click("text=Demo City: networks of schools")
    admin.fill("#name", "South cluster")
    admin.click("button:has-text('Make the network')")
    assert admin.locator("h1").inner_text() == "South cluster"
    admin.fill("#urn", "300001")  # a Coventry school: refused
    admin.click("button:has-text('Add the school')")
    assert "is a school of another LA" in admin.locator(".govuk-error-summary").inner_text()
    admin.fill("#urn", str(OWN))
    admin.click("button:has-text('Add the school')")
    assert "Hillside Primary Academy" in admin.locator("#table-schools").inner_text()
    violations = _violations(admin)
    shot(admin, "network-admin")
    admin.goto(f"{site}/users")
    admin.click("#table-users >> text=network_lead")
    admin.fill("#networks", "North cluster, South cluster")
    admin.click("button:has-text('Save')")
    admin.context.close()

    lead = sign_in(browser, site, "network_lead")
    lead.click("text=Your network South cluster")
    assert lead.locator("h1").inner_text() == "South cluster"
    # Hillside's latest inspection is its December 2025 report card (achievement needs attention), not
    # its 2019 "good": it is not good or better now.
    assert "1 school, 420 pupils. 0 of the 1 inspected (0.0%) are good or better" in lead.inner_text("main")
    assert "Report card: 1 of 2 areas at expected standard or above" in lead.inner_text("#table-schools")
    # sign out, and recording one of its activities: a lead does not change the network itself
    assert lead.locator("form").count() == 2 and lead.locator("text=Add the school").count() == 0
    lead.click("#table-schools >> text=Hillside Primary Academy")
    assert lead.locator("h1").inner_text() == "Hillside Primary Academy"
    violations += _violations(lead)
    shot(lead, "network-lead")
    lead.context.close()
    assert not violations, "\n".join(violations)


def test_an_officer_changes_then_deletes_a_note(browser: Any, site: str) -> None:
    page = sign_in(browser, site, "officer")
    page.goto(f"{site}/schools/{OWN}/record")
    page.fill("#text", "Visited; maths lead new.")
    page.click("button:has-text('Save note')")
    page.click("#table-notes >> text=Change or delete")
    page.fill("#text", "")
    page.click("button:has-text('Save the change')")
    assert "Enter a note" in page.locator(".govuk-error-summary").inner_text()
    violations = _violations(page)
    page.fill("#text", "Visited; new maths lead.")
    page.click("button:has-text('Save the change')")
    assert "Visited; new maths lead." in page.locator("#table-notes").inner_text()
    page.click("#table-notes >> text=Change or delete")
    page.click("text=Delete this note")
    assert page.locator("h1").inner_text() == "Delete this note?"
    violations += _violations(page)
    shot(page, "note-delete")
    page.click("button:has-text('Delete the note')")
    assert "No notes have been recorded" in page.locator("#table-notes").inner_text()
    page.context.close()
    assert not violations, "\n".join(violations)


def test_a_user_changes_their_password_and_stays_signed_in(browser: Any, site: str) -> None:
    page = sign_in(browser, site, "member")
    page.click("nav >> text=Change password")
    page.fill("#current_password", PASSWORD)
    page.fill("#new_password", "a much longer new passphrase")
    page.fill("#new_password_again", "a much longer new passphrase")
    page.click("button:has-text('Change password')")
    assert "Your password has been changed" in page.locator(".govuk-notification-banner").inner_text()
    assert page.goto(f"{site}/schools").status == 200
    page.context.close()


MAIN_PAGES = {
    "admin": [
        "/",
        "/users",
        "/users/new",
        "/audit",
        "/imports",
        "/imports/upload",
        "/api",
        "/account/password",
        "/las/999/networks",
    ],
    "officer": ["/schools", f"/schools/{OWN}", f"/schools/{OWN}/record", "/las", "/las/999"],
    "member": ["/", "/accessibility", f"/groups/{GROUP}"],
}


@pytest.mark.parametrize("role", sorted(MAIN_PAGES))
def test_no_accessibility_violations_as_each_role(browser: Any, site: str, role: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page = sign_in(browser, site, role)
    failures = []
    for path in MAIN_PAGES[role]:
        page.goto(f"{site}{path}")
        failures += _violations(page)
        shot(page, f"{role}{path.replace('/', '-').rstrip('-') or '-home'}")
    assert not failures, "\n".join(failures)


def test_no_page_of_the_permission_matrix_has_an_accessibility_violation(
    browser: Any, site: str, settings: Any, tmp_path: Path
) -> None:
    """Every HTML address of the permission matrix, as a superuser (who may see them all)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    from peerlift.store.models import Import

    from .test_permissions import matrix

    settings.PEERLIFT_FILES = tmp_path
    an_import = Import.objects.create(
        file_name="x.csv", sha256="0" * 64, kind="gias_establishments", status="loaded", loaded_by="tests"
    )
    User.objects.create_superuser("root", password=PASSWORD)
    officer, other = (User.objects.get(username=name).pk for name in ("officer", "other_officer"))
    files = (".json", ".csv", ".xlsx", ".pdf", ".zip", ".png", ".svg")  # downloads, not pages
    paths = [url for url, _ in matrix(an_import.pk, officer, other) if not urlsplit(url).path.endswith(files)]
    page = sign_in(browser, site, "root")
    failures = []
    for path in paths:
        response = page.goto(f"{site}{path}")
        if response is None or response.status != 200:
            continue
        failures += _violations(page)
    assert len(paths) > 40
    assert not failures, "\n".join(failures)
    page.context.close()


def test_sign_in_page_is_accessible(browser: Any, site: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page = _page(browser)
    page.goto(f"{site}/sign-in")
    assert not _violations(page)
    shot(page, "sign-in")
    page.context.close()


# The authority's picture: Demo City's files (schools, ten years of inspections, LAIT-style figures and
# its ten neighbours); the performance tables and census files are left out, as these pages do not use them.
PICTURE_FILES = (
    "edubasealldata",
    "links_edubasealldata",
    "ofsted_schools_",
    "Management_information",
    "la_code_list",
    "lait_data_dictionary",
    "bds_long_demo",
    "sn_demo_2025",
)
PICTURE_PAGES = [
    "/las/999/picture",
    "/las/999/compare",
    "/las/999/neighbours",
    "/las/999/inspections-summary",
]


@pytest.fixture
def demo_site(site: str, tmp_path: Path) -> str:
    from peerlift.demo import generate
    from peerlift.store.imports import import_file

    for path in generate(tmp_path, seed=0):
        if path.name.startswith(PICTURE_FILES):
            import_file(path, user="tests")
    return site


def test_a_member_reads_the_la_picture_without_javascript(
    browser: Any, demo_site: str, tmp_path: Path
) -> None:
    page = sign_in(browser, demo_site, "member", javascript=False)
    page.click("text=Demo City: the authority's picture")
    assert page.locator("h1").inner_text() == "Demo City: the authority's picture"
    charts = page.locator("figure.pl-chart img")
    assert charts.count() == 3
    assert charts.first.get_attribute("alt").startswith("Line chart of KS2 % expected standard")  # type: ignore[union-attr]
    assert "Statistical neighbours (2025 set)" in page.locator("#table-ks2_rwm_expected").inner_text()
    assert page.locator("#table-good-or-better tbody tr").count() > 9
    shot(page, "picture-dashboard")
    page.select_option("#neighbours", "2025")
    page.click("button:has-text('Show')")
    assert "neighbours=2025" in page.url
    with page.expect_download() as download:
        page.click("#table-attainment8 ~ p >> text=CSV")
    saved = tmp_path / "attainment8.csv"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8-sig").startswith(
        "Year,Demo City,Statistical neighbours (2025 set)"
    )

    page.click("nav.pl-subnav >> text=Compare any measure")
    page.select_option("#measure", "progress8")
    page.click("button:has-text('Compare')")
    assert "measure=progress8" in page.url and "Progress 8 score" in page.locator("h1").inner_text()
    assert page.locator("#table-comparison tbody tr").count() >= 9
    shot(page, "picture-compare")

    page.click("nav.pl-subnav >> text=Statistical neighbours")
    assert "Northbridge" in page.locator("#table-official").inner_text()
    shot(page, "picture-neighbours")

    page.click("nav.pl-subnav >> text=Inspections in any dates")
    for field, value in {"from-day": "1", "from-month": "9", "from-year": "2018"}.items():
        page.fill(f"#{field}", value)
    for field, value in {"to-day": "31", "to-month": "8", "to-year": "2019"}.items():
        page.fill(f"#{field}", value)
    page.click("button:has-text('Show')")
    assert "Victoria Park Primary School" in page.locator("#table-inspections").inner_text()
    assert page.locator("h1").inner_text() == "Demo City: inspections from 1 September 2018 to 31 August 2019"
    shot(page, "picture-inspections")
    page.context.close()


def test_the_la_picture_pages_are_accessible(browser: Any, demo_site: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page = sign_in(browser, demo_site, "officer")
    failures = []
    for path in PICTURE_PAGES:
        page.goto(f"{demo_site}{path}")
        failures += _violations(page)
    assert not failures, "\n".join(failures)
    page.context.close()


# ---------------------------------------------------------------------------------------------
# Finding and reading, words and dates: each journey with JavaScript on and off


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_find_st_marys_however_it_is_written(browser: Any, site: str, javascript: bool) -> None:
    from peerlift.store.models import Establishment

    for urn, name in [(900001, "St. Mary's CofE Primary"), (900002, "St Mary\u2019s Catholic Primary")]:
        Establishment.objects.create(urn=urn, name=name, la_code=999, la_name="Demo City", status="Open")
    page = sign_in(browser, site, "officer", javascript=javascript)
    for typed in ("St Marys", "st. mary's", "ST MARY\u2019S"):
        page.goto(f"{site}/schools")
        page.fill("#q", typed)
        page.click("button:has-text('Search')")
        text = page.locator("#table-schools tbody").inner_text()
        assert "St. Mary's CofE Primary" in text and "St Mary\u2019s Catholic Primary" in text, typed
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_administrator_adds_a_school_to_a_network_by_name(
    browser: Any, site: str, javascript: bool
) -> None:
    from peerlift.store.models import Establishment
    from peerlift.web.models import Network

    from .conftest import NETWORK, TWIN

    twin = Establishment.objects.get(urn=TWIN).name
    north = Network.objects.get(name=NETWORK)
    page = sign_in(browser, site, "admin", javascript=javascript)
    page.goto(f"{site}/networks/{north.pk}")
    page.fill("#urn", twin[:8])
    if javascript:  # the suggestions come from /schools.json into the field's datalist
        page.locator("#urn").press_sequentially(twin[8:12], delay=20)
        page.wait_for_selector("#urn-suggestions option", state="attached")
        options = page.eval_on_selector_all("#urn-suggestions option", "os => os.map(o => o.value)")
        assert f"{twin} (URN {TWIN})" in options
        page.fill("#urn", f"{twin} (URN {TWIN})")
        page.click("button:has-text('Add the school')")
    else:  # a name is a search: the page lists what it finds, each with its own Add button
        page.click("button:has-text('Add the school')")
        assert "Choose the school from the list below" in page.locator(".govuk-error-summary").inner_text()
        page.click(f"form:has(input[value='{TWIN}']) >> button:has-text('Add')")
    assert "is now in the network" in page.locator(".govuk-notification-banner").inner_text()
    assert north.members.filter(urn=TWIN).exists()
    assert not _violations(page) if javascript else True
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_unknown_upload_offers_the_choice_of_kind(
    browser: Any, site: str, tmp_path: Path, javascript: bool
) -> None:
    mystery = tmp_path / "mystery.csv"
    mystery.write_bytes(b"a,b\n1,2\n")
    page = sign_in(browser, site, "officer", javascript=javascript)
    page.goto(f"{site}/imports/upload")
    page.set_input_files("#file", str(mystery))
    page.click("button:has-text('Check the file')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "does not recognise this file" in summary and "--kind" not in summary
    assert page.locator("#kind").is_visible()  # the choice of kind is open, not folded away
    assert not _violations(page) if javascript else True
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_dates_are_typed_as_day_month_and_year_and_mistakes_say_what_to_fix(
    browser: Any, site: str, javascript: bool
) -> None:
    page = sign_in(browser, site, "member", javascript=javascript)
    page.goto(f"{site}/las/999/inspections-summary")
    for field, value in {"from-day": "30", "from-month": "2", "from-year": "2019"}.items():
        page.fill(f"#{field}", value)
    page.click("button:has-text('Show')")
    assert "The first day must be a real date" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#from-day", "1")
    page.fill("#from-month", "9")
    page.fill("#from-year", "2022")
    page.fill("#to-day", "31")
    page.fill("#to-month", "8")
    page.fill("#to-year", "2023")
    page.click("button:has-text('Show')")
    assert "from 1 September 2022 to 31 August 2023" in page.locator("h1").inner_text()
    assert not _violations(page) if javascript else True
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_follows_a_term_to_the_glossary_and_finds_the_feedback_link(
    browser: Any, site: str, javascript: bool
) -> None:
    page = sign_in(browser, site, "member", javascript=javascript)
    page.goto(f"{site}/las/999/picture")
    page.click("a[href='/glossary#quartile-band']")
    assert page.url.endswith("/glossary#quartile-band")
    assert "quarter of all LAs" in page.locator("#quartile-band").inner_text()
    assert page.locator(".govuk-phase-banner a:has-text('Give your feedback')").count() == 1
    assert page.locator("footer >> text=JSON API (for developers)").count() == 1
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_school_page_compares_with_its_la_and_links_elsewhere(
    browser: Any, site: str, javascript: bool
) -> None:
    page = sign_in(browser, site, "member", javascript=javascript)
    page.goto(f"{site}/schools/{OWN}")
    assert "64" in page.locator("#table-against").inner_text()
    assert page.locator("figure.pl-chart img").count() == 1
    hrefs = page.eval_on_selector_all("#school-links a", "links => links.map(a => a.href)")
    assert hrefs[0] == f"https://reports.ofsted.gov.uk/provider/21/{OWN}"
    shot(page, f"school-against-{'js' if javascript else 'no-js'}")
    page.context.close()


def test_an_administrator_adds_partners_and_an_officer_allocates_them(browser: Any, site: str) -> None:
    from peerlift.web import casework

    from .conftest import TWIN

    for urn, category in ((OWN, 4), (OTHER, 2), (TWIN, 3)):  # 10, 2 and 5 days
        casework.override_category("officer", urn, category, "Agreed with the head")
    admin = sign_in(browser, site, "admin")
    admin.click("text=Demo City: improvement partners")
    admin.click("button:has-text('Add the partner')")  # nothing filled in: refused in words
    assert "Enter the partner's name" in admin.locator(".govuk-error-summary").inner_text()
    for name, days, phases in (("Ann", "12", ["primary"]), ("Bob", "6", ["primary", "secondary"])):
        admin.fill("#name", name)
        admin.fill("#days", days)
        for phase in phases:
            admin.check(f"#phases-{phase}")
        admin.click("button:has-text('Add the partner')")
        assert name in admin.locator("#table-partners").inner_text()
    violations = _violations(admin)
    shot(admin, "partners-admin")
    admin.click("#table-partners >> text=Bob")
    admin.fill("#days", "")
    admin.click("button:has-text('Save the change')")
    assert "Enter the days the partner has in a year" in admin.locator(".govuk-error-summary").inner_text()
    violations += _violations(admin)
    admin.fill("#days", "6")
    admin.click("button:has-text('Save the change')")
    assert "Bob has been changed." in admin.inner_text("main")
    admin.context.close()

    officer = sign_in(browser, site, "officer", javascript=False)
    officer.click("text=Demo City: allocation of improvement partners to schools")
    officer.fill("#urn", str(OTHER))
    officer.select_option("#partner", label="Bob")
    officer.click("button:has-text('Pin the pairing')")
    officer.click("button:has-text('Run the allocation')")
    # OTHER pinned to Bob, TWIN (secondary) only Bob's: 7 days of work for Bob's 6, cut from TWIN.
    summary = officer.locator(".govuk-inset-text").inner_text()
    assert "0 of 3 schools" in summary and "1 day short" in summary
    assert "Every partner who takes its phase" in officer.locator("#table-short").inner_text() or (
        "Its partner's days are all given" in officer.locator("#table-short").inner_text()
    )
    officer.click("button:has-text('Accept the allocation')")
    assert "Accepted by officer" in officer.locator(".govuk-inset-text").inner_text()
    shot(officer, "partners-allocation")
    officer.context.close()
    officer = sign_in(browser, site, "officer")
    officer.goto(f"{site}/las/999/partners/allocation")
    violations += _violations(officer)
    officer.context.close()


def test_an_officer_runs_the_brokerage_and_accepts_a_proposal(browser: Any, site: str) -> None:
    from peerlift.store.models import BrokerageRun
    from peerlift.web import brokerage_changes, tasks

    brokerage_changes.save_need(
        "officer", 999, {"need_id": "N1", "urn": OWN, "area": "reading", "urgency": 3, "days": 3.0}
    )
    brokerage_changes.save_offer(
        "officer",
        999,
        {
            "offer_id": "O1",
            "supporter_urn": OTHER,
            "kind": "school",
            "areas": ["reading"],
            "capacity_days": 5.0,
        },
    )
    page = sign_in(browser, site, "officer")
    page.goto(f"{site}/las/999/brokerage")
    assert "The brokerage has not run for this LA yet." in page.inner_text("main")
    page.click("button:has-text('Run the brokerage again')")
    assert "The brokerage is running" in page.inner_text("main")
    tasks.broker_la.call(BrokerageRun.objects.get(la_code=999).pk)  # what the worker runs
    page.goto(f"{site}/las/999/brokerage")
    assert "1 of 1 need" in page.inner_text("main")
    assert "St Mary's Church of England Primary School" in page.locator("#table-proposals").inner_text()
    violations = _violations(page)
    page.select_option("#need", "N1")
    page.click("button:has-text('Accept this proposal')")
    assert "The proposal for need N1 is accepted." in page.inner_text("main")
    assert "Accepted" in page.locator("#table-proposals").inner_text()
    shot(page, "brokerage-accepted")
    page.context.close()
    assert not violations, "\n".join(violations)
