"""(network-surveys) A network's capacity-and-trust survey on the network pages and the lead's form:
the network's page shows its latest round beside the one before (table `survey`), the LA's networks'
outcomes set each network's favourable share beside its outcomes (table `surveys`), small groups held
back; a network lead answers as `network_lead` (validated, audited), never reading a school's answers
and never replacing another lead's. Figures worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.analysis import questionnaire, surveys
from peerlift.store.models import Establishment, SurveyAnswer, SurveyRound
from peerlift.web import accounts, survey_changes
from peerlift.web.models import AuditEntry, Network

from .conftest import NETWORK, OTHER

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
EXTRA = [100021, 100022, 100023, 100024, 100025]  # five more schools of LA 999, in the network
AGREE = {"capacity": "agree", "clarity": "agree", "challenge": "agree"}
HEAD_WORDS = "Words of a head that no lead may read"


@pytest.fixture
def rounds(users) -> tuple[Network, SurveyRound, SurveyRound]:  # type: ignore[no-untyped-def]
    for urn in EXTRA:
        Establishment.objects.create(
            urn=urn, la_code=999, name=f"School {urn}", phase="primary", status="open"
        )
    network = accounts.add_to_network(NETWORK, EXTRA, la=999)  # OTHER and the five: six schools
    asked = [OTHER, *EXTRA]
    before = survey_changes.create_round(
        "officer",
        999,
        "network_capacity_trust",
        "Last year's",
        TODAY - dt.timedelta(days=400),
        TODAY - dt.timedelta(days=360),
        asked,
        network_id=network.pk,
    )
    found = survey_changes.create_round(
        "officer",
        999,
        "network_capacity_trust",
        "This year's",
        TODAY - dt.timedelta(days=3),
        TODAY + dt.timedelta(days=10),
        asked,
        network_id=network.pk,
    )
    # this year: trust strongly agree, agree x3, disagree, strongly disagree (4 of 6 favourable);
    # the other three questions all agree: 22 of 24 rated answers favourable, 91.7%
    trusts = ["strongly_agree", "agree", "agree", "agree", "disagree", "strongly_disagree"]
    for urn, trust in zip(asked, trusts, strict=True):
        given = {"trust": trust, **AGREE, "improve_network": HEAD_WORDS if urn == OTHER else ""}
        survey_changes.answer("a head", found, urn, "headteacher", given)
    # last year: five heads, trust disagree, the rest agree: 15 of 20 favourable, 75.0%; trust 0.0%
    for urn in EXTRA:
        survey_changes.answer("a head", before, urn, "headteacher", {"trust": "disagree", **AGREE})
    return network, before, found


def test_the_network_page_shows_its_latest_round_beside_the_one_before(rounds, as_role) -> None:  # type: ignore[no-untyped-def]
    network, before, found = rounds
    client = as_role("network_lead")
    page = client.get(f"/networks/{network.pk}").content.decode()
    assert f'href="/surveys/{found.pk}"' in page and f'href="/surveys/{before.pk}"' in page
    assert "6 of the 6 schools asked have answered" in page
    assert f'href="/surveys/{found.pk}/network"' in page  # the lead's form, from the network's page
    assert HEAD_WORDS not in page
    csv = client.get(f"/networks/{network.pk}/download/survey.csv").content.decode("utf-8-sig")
    trust = next(line for line in csv.splitlines() if line.startswith("1,"))
    # 6 answers, 4 favourable: 66.7%; mean (4 + 3x3 + 2 + 1) / 6 = 16 / 6 = 2.67; last year 0.0%
    assert trust.split(",")[2:] == ["6", "66.7", "2.67", "0", "66.7"]
    data = client.get(f"/networks/{network.pk}.json").json()
    assert data["survey"]["round"]["id"] == found.pk and data["survey"]["previous_round"]["id"] == before.pk
    assert HEAD_WORDS not in str(data)  # the free text as shared words and counts only


def test_a_network_with_no_survey_says_so(users, as_role) -> None:  # type: ignore[no-untyped-def]
    network = Network.objects.get(name=NETWORK)
    page = as_role("officer").get(f"/networks/{network.pk}").content.decode()
    assert "The network has had no capacity-and-trust survey yet." in page
    assert "/las/999/surveys" in page  # where an officer makes one


def test_the_outcomes_set_each_network_s_share_beside_its_outcomes(rounds, as_role) -> None:  # type: ignore[no-untyped-def]
    network, _before, found = rounds
    for role in ("officer", "member", "network_lead"):
        data = as_role(role).get("/las/999/networks/outcomes.json").json()
        row = next(r for r in data["outcomes"] if r["id"] == network.pk)
        # 22 of 24 (91.7%) against 15 of 20 (75.0%): +16.7 points; six heads answered
        assert (row["survey_favourable_pct"], row["survey_previous_pct"], row["survey_change_pts"]) == (
            91.7,
            75.0,
            16.7,
        )
        assert row["survey_respondents"] == 6 and row["survey_round"] == found.pk
    page = as_role("member").get("/las/999/networks/outcomes").content.decode()
    assert 'id="table-surveys"' in page and f'href="/surveys/{found.pk}"' in page
    assert f'href="/networks/{network.pk}"' not in page  # a member sees no network's schools
    csv = (
        as_role("officer").get("/las/999/networks/outcomes/download/surveys.csv").content.decode("utf-8-sig")
    )
    assert NETWORK in csv and "91.7" in csv


def test_a_share_of_fewer_than_five_is_held_back() -> None:
    asked = questionnaire.get("network_capacity_trust")
    assert asked is not None
    answers = [
        {"urn": urn, "respondent_role": "headteacher", "question_id": "trust", "answer": "agree"}
        for urn in (1, 2, 3)
    ] + [{"urn": 1, "respondent_role": "network_lead", "question_id": "trust", "answer": "disagree"}]
    held = surveys.favourable_share(asked, answers)  # four answering (a head and a lead count as two)
    assert held == {
        "respondents": None,
        "answers": None,
        "favourable_pct": None,
        "held_back": True,
        "note": "fewer than 5 answers",
    }
    more = [*answers, {"urn": 4, "respondent_role": "headteacher", "question_id": "trust", "answer": "Agree"}]
    assert surveys.favourable_share(asked, more)["favourable_pct"] == 80.0  # 4 of 5


def test_a_lead_answers_as_network_lead_and_reads_only_their_own(rounds, as_role) -> None:  # type: ignore[no-untyped-def]
    _network, before, found = rounds
    client = as_role("network_lead")
    home = client.get("/").content.decode()
    assert f'href="/surveys/{found.pk}/network"' in home  # their network's open round, to answer
    assert f'href="/surveys/{before.pk}/network"' not in home  # closed
    page = client.get(f"/surveys/{found.pk}/network").content.decode()
    assert HEAD_WORDS not in page and "You have not answered yet." in page
    answers = {"q_trust": "agree", "q_capacity": "agree", "q_clarity": "disagree", "q_challenge": "agree"}
    refused = client.post(f"/surveys/{found.pk}/network/answer", answers)  # no school chosen
    assert (
        refused.status_code == 400
        and "Choose the school you lead the network from" in refused.content.decode()
    )
    refused = client.post(f"/surveys/{found.pk}/network/answer", {**answers, "urn": "300001"})  # not asked
    assert refused.status_code == 400
    assert not SurveyAnswer.objects.filter(round=found, respondent_role="network_lead").exists()
    done = client.post(f"/surveys/{found.pk}/network/answer", {**answers, "urn": str(EXTRA[0])})
    assert done.status_code == 302 and done["Location"] == f"/surveys/{found.pk}/network"
    kept = SurveyAnswer.objects.filter(round=found, respondent_role="network_lead")
    assert {(a.urn, a.question_id, a.answer, a.answered_by) for a in kept} == {
        (EXTRA[0], "trust", "agree", "network_lead"),
        (EXTRA[0], "capacity", "agree", "network_lead"),
        (EXTRA[0], "clarity", "disagree", "network_lead"),
        (EXTRA[0], "challenge", "agree", "network_lead"),
    }
    entry = AuditEntry.objects.filter(action="answer survey", actor="network_lead").get()
    assert entry.la_code == 999
    # the head's answers of that school are untouched and not shown to the lead
    assert SurveyAnswer.objects.filter(round=found, urn=EXTRA[0], respondent_role="headteacher").count() == 4
    page = client.get(f"/surveys/{found.pk}/network").content.decode()
    assert "Disagree" in page and f'name="urn" value="{EXTRA[0]}"' in page  # the school, kept


def test_a_lead_never_replaces_another_lead_s_answers_nor_answers_a_closed_round(rounds, as_role) -> None:  # type: ignore[no-untyped-def]
    _network, before, found = rounds
    survey_changes.answer("another lead", found, OTHER, "network_lead", {"trust": "disagree"})
    client = as_role("network_lead")
    page = client.get(f"/surveys/{found.pk}/network").content.decode()
    assert f'id="urn-{OTHER}"' not in page and f'id="urn-{EXTRA[0]}"' in page
    refused = client.post(f"/surveys/{found.pk}/network/answer", {"q_trust": "agree", "urn": str(OTHER)})
    assert refused.status_code == 400
    assert (
        SurveyAnswer.objects.get(round=found, urn=OTHER, respondent_role="network_lead").answered_by
        == "another lead"
    )
    answers = {"q_trust": "agree", "q_capacity": "agree", "q_clarity": "agree", "q_challenge": "agree"}
    closed = client.post(f"/surveys/{before.pk}/network/answer", {**answers, "urn": str(EXTRA[0])})
    assert closed.status_code == 400 and "answers are no longer taken" in closed.content.decode()
    assert not SurveyAnswer.objects.filter(round=before, respondent_role="network_lead").exists()
