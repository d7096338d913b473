"""Demo City's survey rounds (web/demo_surveys.py) on the web tests' small register: the rounds made,
answers imported through the template from most schools, the demo head's school left to answer this
year, the network's own survey readable for the network report, and a second run adding nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peerlift.store import surveys
from peerlift.store.models import Import, SurveyAnswer, SurveyRound
from peerlift.web import demo_surveys
from peerlift.web.models import Network

from .conftest import NETWORK, OWN

pytestmark = pytest.mark.django_db


def test_the_demo_rounds(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = demo_surveys.seed(tmp_path, la=999, today=dt.date(2026, 3, 1))
    rounds = {r.title: r for r in SurveyRound.objects.filter(pk__in=made)}
    assert set(rounds) >= {
        "Ofsted's key questions, last year",
        "Ofsted's key questions, this year",
        "Support and challenge in 18 months' time",
        f"{NETWORK}: capacity and trust",
    }
    assert rounds["Ofsted's key questions, last year"].closes_on < dt.date(2026, 3, 1)
    this_year = rounds["Ofsted's key questions, this year"]
    assert this_year.opens_on <= dt.date(2026, 3, 1) <= this_year.closes_on
    assert not SurveyAnswer.objects.filter(round=this_year, urn=OWN).exists()  # the demo head answers
    assert Import.objects.get(kind="survey_answers").file_name == "survey_answers_demo.csv"
    network = Network.objects.get(name=NETWORK, la_code=999)
    found = surveys.results_for_network(network.pk)
    assert found is not None and found["round"]["network_id"] == network.pk
    assert demo_surveys.seed(tmp_path, la=999) == []  # again: nothing more
    assert SurveyRound.objects.count() == len(made)
