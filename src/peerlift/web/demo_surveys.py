"""Demo City's survey rounds (``peerlift demo``, after the load): last year's and this year's round of
Ofsted's key questions, this year's round of seed 002's question, and last year's and this year's
capacity-and-trust survey of each of the LA's networks (the demo network of ``peerlift demo-users``
made first, so that the demo lead has a round to answer on the web), each
answered by most of its schools through a file of the survey_answers template, imported like an
officer's. The demo head's school is left without an answer in this year's open rounds, so that
signing in as the demo head shows the form to answer. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from peerlift.analysis import questionnaire
from peerlift.demo import surveys as demo
from peerlift.store import imports, surveys
from peerlift.store.models import SurveyRound
from peerlift.web import accounts, survey_changes
from peerlift.web.models import Network

ACTOR = "demo"


def _views(rng: np.random.Generator, urns: list[int]) -> dict[int, float]:
    return {urn: float(rng.beta(3, 2)) for urn in urns}


def seed(folder: Path, la: int = 999, seed: int = 0, today: dt.date | None = None) -> list[int]:
    """Make the demo rounds and import their answers; the rounds' numbers (none if already made)."""
    if SurveyRound.objects.filter(la_code=la, created_by=ACTOR).exists():
        return []
    urns = surveys.la_schools(la)
    if not urns:
        return []
    day = today or dt.date.today()
    rng = np.random.default_rng(seed + 1500)
    good = surveys.good_or_better(urns, la)
    head = urns[0]  # the demo head's school (web.accounts.demo_users)
    views = _views(rng, urns)
    later = {u: min(1.0, v + float(rng.normal(0.06, 0.08))) for u, v in views.items()}
    ofsted = questionnaire.get("ofsted_key_questions")
    support = questionnaire.get("support_in_18_months")
    network_q = questionnaire.get("network_capacity_trust")
    assert ofsted is not None and support is not None and network_q is not None
    plans = [
        (
            "Ofsted's key questions, last year",
            ofsted,
            day - dt.timedelta(days=380),
            day - dt.timedelta(days=340),
            urns,
            views,
            (),
        ),
        (
            "Ofsted's key questions, this year",
            ofsted,
            day - dt.timedelta(days=20),
            day + dt.timedelta(days=25),
            urns,
            later,
            (head,),
        ),
        (
            "Support and challenge in 18 months' time",
            support,
            day - dt.timedelta(days=20),
            day + dt.timedelta(days=25),
            urns,
            later,
            (head,),
        ),
    ]
    made: list[int] = []
    rows: list[list[object]] = []
    for title, asked, opens, closes, schools, chosen, leave_out in plans:
        found = survey_changes.create_round(ACTOR, la, asked.id, title, opens, closes, schools)
        rows += demo.answer_rows(rng, found.pk, asked, schools, chosen, good, leave_out)
        made.append(found.pk)
    # the demo network of ``peerlift demo-users`` (its first five schools), so that the demo lead has
    # their own network's round to answer on the web
    accounts.add_to_network(accounts.DEMO_NETWORK, urns[:5], la)
    for network in Network.objects.filter(la_code=la).order_by("name"):
        members = survey_changes.network_urns(network.pk)
        if not members:
            continue
        # last year's round and this year's, so that a network's page shows one beside the other
        for title, opened_ago, closes_ago, chosen in (
            (f"{network.name}: capacity and trust, last year", 395, 350, views),
            (f"{network.name}: capacity and trust", 30, -15, later),
        ):
            found = survey_changes.create_round(
                ACTOR,
                la,
                network_q.id,
                title,
                day - dt.timedelta(days=opened_ago),
                day - dt.timedelta(days=closes_ago),
                members,
                network_id=network.pk,
            )
            # every head of a small network answers, so that its results are shown (5 answers at least)
            keen = {u: v for u, v in chosen.items() if u in members}
            answered = demo.answer_rows(
                np.random.default_rng(seed + network.pk + opened_ago),
                found.pk,
                network_q,
                members,
                keen,
                good,
            )
            have = {r[0] for r in answered}
            for urn in members:
                if urn not in have:
                    answered += [
                        [urn, "headteacher", q.id, "agree", found.pk]
                        for q in network_q.questions
                        if not q.scale.free_text
                    ]
            rows += answered
            made.append(found.pk)
    path = demo.write(folder / "survey_answers_demo.csv", rows)
    imports.import_file(path, user=ACTOR)
    return made
