"""A browser journey through a survey: a head signs in, follows the home page to the LA's surveys,
answers for their school with a mistake and then correctly; an officer reads who has answered and the
results (chart and tables); the pages pass axe-core. Same Chromium and fixtures as test_browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from peerlift.store.models import SurveyAnswer
from peerlift.web import survey_changes

from .conftest import OTHER, OWN, TWIN
from .test_browser import browser, shot, sign_in, site
from .test_careers_browser import _axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, used by name


def test_a_head_answers_and_an_officer_reads_the_results(browser: Any, site: str) -> None:
    today = dt.date.today()
    found = survey_changes.create_round(
        "officer",
        999,
        "network_capacity_trust",
        "Our networks this term",
        today - dt.timedelta(days=2),
        today + dt.timedelta(days=12),
        [OWN, OTHER, TWIN],
    )
    page = sign_in(browser, site, "headteacher")
    page.click("text=Your LA's surveys")
    page.click("text=Our networks this term")
    page.click("text=Answer for your school")
    page.check("#q_trust-agree")
    page.click("button:has-text('Save the answers')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose an answer to question 2" in summary and "question 1" not in summary
    violations = _axe(page)
    page.click(".govuk-error-summary a:has-text('question 2')")
    page.check("#q_capacity-disagree")
    page.check("#q_clarity-strongly_agree")
    page.check("#q_challenge-agree")
    page.fill("#q_improve_network", "More time for heads to meet")
    page.click("button:has-text('Save the answers')")
    assert "Your answers are saved" in page.locator(".govuk-notification-banner").inner_text()
    assert "Strongly agree" in page.locator("#table-answers").inner_text()
    shot(page, "survey-answer")
    violations += _axe(page)
    assert SurveyAnswer.objects.filter(urn=OWN).count() == 5
    page.context.close()

    page = sign_in(browser, site, "officer")
    page.goto(f"{site}/surveys/{found.pk}")
    page.click("text=Who has answered, and every answer")
    schools = page.locator("#table-schools").inner_text()
    assert "Yes" in schools and "Not yet" in schools
    violations += _axe(page)
    page.goto(f"{site}/surveys/{found.pk}/results")
    page.select_option("#by", "phase")
    page.click("button:has-text('Show the results')")
    assert "fewer than 5 answers" in page.locator("#table-summary").inner_text()  # one school answered
    assert "fewer than 5 answers" in page.locator("#table-groups").inner_text()
    shot(page, "survey-results")
    violations += _axe(page)
    assert not violations, "\n".join(violations)
    page.context.close()
