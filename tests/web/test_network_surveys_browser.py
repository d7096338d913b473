"""(network-surveys) A browser journey of a network lead answering their network's capacity-and-trust
survey: from the home page to the network's page, its survey figures beside the round before, the
lead's form (a mistake, then correctly), their own answers only (never the head's of the school they
keep them with), and the LA's networks' outcomes with the network's favourable share; axe-checked.
Same Chromium and fixtures as test_browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from peerlift.store.models import SurveyAnswer
from peerlift.web import survey_changes
from peerlift.web.models import AuditEntry, Network

from .conftest import NETWORK, OTHER
from .test_browser import browser, shot, sign_in, site
from .test_careers_browser import _axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "site"]  # the fixtures, used by name

HEAD_WORDS = "Our head's own words, which the lead must never read"


def test_a_network_lead_answers_their_network_s_survey(browser: Any, site: str) -> None:
    today = dt.date.today()
    network = Network.objects.get(name=NETWORK)
    before = survey_changes.create_round(
        "officer",
        999,
        "network_capacity_trust",
        "North cluster, last year",
        today - dt.timedelta(days=400),
        today - dt.timedelta(days=360),
        [OTHER],
        network_id=network.pk,
    )
    found = survey_changes.create_round(
        "officer",
        999,
        "network_capacity_trust",
        "North cluster this term",
        today - dt.timedelta(days=2),
        today + dt.timedelta(days=12),
        [OTHER],
        network_id=network.pk,
    )
    head = {"trust": "strongly_disagree", "capacity": "agree", "clarity": "agree", "challenge": "agree"}
    survey_changes.answer(
        "head of OTHER", found, OTHER, "headteacher", {**head, "improve_network": HEAD_WORDS}
    )
    survey_changes.answer("head of OTHER", before, OTHER, "headteacher", head)

    page = sign_in(browser, site, "network_lead")
    page.click(f"text=Your network {NETWORK}")
    section = page.locator("#survey").locator("xpath=following-sibling::p[1]").inner_text()
    assert "North cluster this term" in section and "North cluster, last year" in section
    # one head answered: fewer than 5 answers, so no figure is shown, this round or the last
    assert "fewer than 5 answers" in page.locator("#table-survey").inner_text()
    violations = _axe(page)
    page.click("text=Answer as the network's lead")
    assert (
        HEAD_WORDS not in page.content()
        and "Strongly disagree" not in page.locator("#table-answers").inner_text()
    )
    page.check("#q_trust-agree")
    page.click("button:has-text('Save the answers')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert (
        "Choose the school you lead the network from" in summary
        and "Choose an answer to question 2" in summary
    )
    violations += _axe(page)
    page.click(".govuk-error-summary a:has-text('school you lead')")
    page.check(f"#urn-{OTHER}")
    page.check("#q_capacity-disagree")
    page.check("#q_clarity-strongly_agree")
    page.check("#q_challenge-agree")
    page.fill("#q_improve_network", "Time for the heads to meet")
    page.click("button:has-text('Save the answers')")
    assert "Your answers are saved" in page.locator(".govuk-notification-banner").inner_text()
    mine = page.locator("#table-answers").inner_text()
    assert "Strongly agree" in mine and "Time for the heads to meet" in mine
    assert HEAD_WORDS not in page.content() and "Strongly disagree" not in mine
    shot(page, "network-lead-answers")
    violations += _axe(page)
    kept = dict(
        SurveyAnswer.objects.filter(round=found, respondent_role="network_lead").values_list(
            "question_id", "urn"
        )
    )
    assert kept == dict.fromkeys(["trust", "capacity", "clarity", "challenge", "improve_network"], OTHER)
    assert (
        SurveyAnswer.objects.get(
            round=found, urn=OTHER, respondent_role="headteacher", question_id="trust"
        ).answer
        == "strongly_disagree"
    )
    assert AuditEntry.objects.filter(action="answer survey", actor="network_lead").count() == 1
    page.goto(f"{site}/las/999/networks/outcomes")
    # two answering (the head and the lead): still fewer than 5, so the share is held back
    row = page.locator("#table-surveys tr", has_text=NETWORK).inner_text()
    assert "fewer than 5 answers" in row
    violations += _axe(page)
    assert not violations, "\n".join(violations)
    page.context.close()
