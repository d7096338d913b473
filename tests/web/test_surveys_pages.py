"""The survey pages: an officer makes a round by the form (audited; its mistakes in the error
summary), a head answers for their school by the GOV.UK radios (required answers named, a closed round
refused, the change audited), the results as members see them (figures worked out by hand below, the
small-group rule, no free-text answer shown) and the round's template read back by the import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peerlift.store import imports
from peerlift.store.models import Establishment, SurveyAnswer, SurveyRound
from peerlift.web import survey_changes
from peerlift.web.models import AuditEntry

from .conftest import OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
EXTRA = [100011, 100012, 100013, 100014, 100015]  # five community schools of LA 999


@pytest.fixture
def round_(users) -> SurveyRound:  # type: ignore[no-untyped-def]
    for urn in EXTRA:
        Establishment.objects.create(
            urn=urn,
            la_code=999,
            name=f"School {urn}",
            phase="primary",
            type="Community school",
            status="open",
        )
    return survey_changes.create_round(
        "officer",
        999,
        "network_capacity_trust",
        "Our networks, autumn",
        TODAY - dt.timedelta(days=3),
        TODAY + dt.timedelta(days=10),
        [OWN, OTHER, TWIN, *EXTRA],
    )


def _answer(found: SurveyRound, urn: int, trust: str, text: str = "") -> None:
    given = {
        "trust": trust,
        "capacity": "agree",
        "clarity": "agree",
        "challenge": "agree",
        "improve_network": text,
    }
    survey_changes.answer("tests", found, urn, "headteacher", given)


def test_an_officer_makes_a_round(users, as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("officer")
    form = {
        "questionnaire": "support_in_18_months:1",
        "title": "",
        "opens_on-day": "5",
        "opens_on-month": "1",
        "opens_on-year": "2026",
        "closes_on-day": "6",
        "closes_on-month": "2",
        "closes_on-year": "2026",
        "asked": "all",
    }
    response = client.post("/las/999/surveys/new", form)
    made = SurveyRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/{made.pk}"
    assert made.title == "Where heads expect to go for support and challenge"  # the questionnaire's
    assert sorted(made.schools.values_list("urn", flat=True)) == [OWN, OTHER, TWIN]  # the open ones
    entry = AuditEntry.objects.get(action="create survey round")
    assert entry.after["opens_on"] == "2026-01-05" and entry.la_code == 999
    page = client.get(f"/surveys/{made.pk}").content.decode()
    assert "Where do you expect to go for support and challenge in 18 months&#x27; time?" in page
    assert "5 January 2026" in page


def test_the_round_form_names_its_mistakes(users, as_role) -> None:  # type: ignore[no-untyped-def]
    response = as_role("officer").post(
        "/las/999/surveys/new",
        {
            "opens_on-day": "6",
            "opens_on-month": "2",
            "opens_on-year": "2026",
            "closes_on-day": "5",
            "closes_on-month": "1",
            "closes_on-year": "2026",
            "asked": "all",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and SurveyRound.objects.count() == 0
    assert 'href="#questionnaire">Choose a questionnaire' in page
    assert (
        'href="#closes_on-day">The day the round closes must be the same as or after the day it opens' in page
    )


def test_a_head_answers_for_their_school(round_: SurveyRound, as_role) -> None:
    client = as_role("headteacher")
    assert (
        f'href="/surveys/{round_.pk}/schools/{OWN}"' in client.get(f"/surveys/{round_.pk}").content.decode()
    )
    form = client.get(f"/surveys/{round_.pk}/schools/{OWN}").content.decode()
    assert 'type="radio" value="strongly_agree"' in form and 'name="q_improve_network"' in form
    missing = client.post(f"/surveys/{round_.pk}/schools/{OWN}/answer", {"q_capacity": "agree"})
    page = missing.content.decode()
    assert missing.status_code == 400 and SurveyAnswer.objects.count() == 0
    assert 'href="#q_trust-strongly_agree">Choose an answer to question 1' in page
    assert "Choose an answer to question 3" in page and "question 5" not in page  # the 5th is optional
    answers = {
        "q_trust": "agree",
        "q_capacity": "disagree",
        "q_clarity": "agree",
        "q_challenge": "agree",
        "q_improve_network": "More time to meet",
    }
    done = client.post(f"/surveys/{round_.pk}/schools/{OWN}/answer", answers)
    assert done.status_code == 302
    stored = dict(SurveyAnswer.objects.filter(urn=OWN).values_list("question_id", "answer"))
    assert stored == {
        "trust": "agree",
        "capacity": "disagree",
        "clarity": "agree",
        "challenge": "agree",
        "improve_network": "More time to meet",
    }
    entry = AuditEntry.objects.get(action="answer survey")
    assert entry.before == {"round": round_.pk, "urn": OWN, "answers": {}}
    assert entry.after["answers"]["headteacher"]["capacity"] == "disagree" and entry.actor == "headteacher"
    shown = client.get(f"/surveys/{round_.pk}/schools/{OWN}").content.decode()
    assert "Disagree" in shown and "More time to meet" in shown
    # the head may not answer for another school, nor see every answer
    assert client.post(f"/surveys/{round_.pk}/schools/{OTHER}/answer", answers).status_code == 403
    assert client.get(f"/surveys/{round_.pk}/responses").status_code == 403


def test_a_closed_round_takes_no_answer_from_a_head(round_: SurveyRound, as_role) -> None:
    round_.closes_on = TODAY - dt.timedelta(days=1)
    round_.opens_on = TODAY - dt.timedelta(days=9)
    round_.save()
    answers = {"q_trust": "agree", "q_capacity": "agree", "q_clarity": "agree", "q_challenge": "agree"}
    response = as_role("headteacher").post(f"/surveys/{round_.pk}/schools/{OWN}/answer", answers)
    assert response.status_code == 400 and SurveyAnswer.objects.count() == 0
    assert "This round closed on" in response.content.decode()


def test_results_are_aggregates_with_small_groups_held_back(round_: SurveyRound, as_role) -> None:
    # trust: OWN (Academy converter) agree, OTHER and TWIN (voluntary aided) strongly agree and
    # disagree, the five community schools agree, agree, disagree, strongly disagree, agree
    for urn, trust in [(OWN, "agree"), (OTHER, "strongly_agree"), (TWIN, "disagree")]:
        _answer(round_, urn, trust, "Time for heads to meet")
    for urn, trust in zip(EXTRA, ["agree", "agree", "disagree", "strongly_disagree", "agree"], strict=True):
        _answer(round_, urn, trust)
    client = as_role("member")
    data = client.get(f"/surveys/{round_.pk}/results.json?by=type").json()["results"]
    trust = next(q for q in data["questions"] if q["id"] == "trust")
    # 8 answers: SA 1, A 4, D 2, SD 1: 5 of 8 favourable; mean (4 + 12 + 4 + 1) / 8 = 2.625
    assert (trust["answers"], trust["favourable_pct"], trust["mean"]) == (8, 62.5, 2.62)
    groups = {g["group"]: g for g in trust["groups"]}
    # community: A, A, D, SD, A: 3 of 5, mean (9 + 2 + 1) / 5; the other two types have 1 and 2 answers
    assert (groups["Community school"]["favourable_pct"], groups["Community school"]["mean"]) == (60.0, 2.4)
    assert groups["Voluntary aided school"]["held_back"] and groups["Academy converter"]["held_back"]
    assert groups["Voluntary aided school"]["answers"] is None
    text = next(q for q in data["questions"] if q["id"] == "improve_network")
    assert text["held_back"] and text["free_text"] is None  # 3 answers in their own words
    page = client.get(f"/surveys/{round_.pk}/results?by=type").content.decode()
    assert "fewer than 5 answers" in page and "data:image/svg+xml;base64," in page
    assert "Time for heads to meet" not in page
    csv_text = client.get(f"/surveys/{round_.pk}/results/download/summary.csv?by=type").content.decode(
        "utf-8-sig"
    )
    assert "62.5" in csv_text.splitlines()[1]


def test_the_round_template_round_trips(round_: SurveyRound, as_role, tmp_path: Path) -> None:
    body = as_role("officer").get(f"/surveys/{round_.pk}/template.csv").content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == "urn,respondent_role,question_id,answer,round" and len(lines) == 1 + 8 * 5
    filled = [lines[0]] + [
        line.replace(",,", ",agree,") if ",improve_network," not in line else line for line in lines[1:]
    ]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(filled) + "\n")
    outcome = imports.import_file(path, user="officer")
    assert outcome.record.counts["survey_answers"] == 32 and outcome.record.rows_skipped == 0
    assert SurveyAnswer.objects.filter(round=round_, answer="agree").count() == 32


@pytest.fixture
def upload_folder(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_UPLOAD_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads" / ".incoming")
    return settings.PEERLIFT_UPLOAD_DIR


def test_answers_uploaded_on_the_web(round_: SurveyRound, as_role, upload_folder: Path) -> None:
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_role("officer")
    rows = [f"{urn},headteacher,trust,agree" for urn in (OWN, OTHER, TWIN, *EXTRA)]
    data = ("urn,respondent_role,question_id,answer\n" + "\n".join(rows) + "\n").encode()
    check = client.post("/imports/upload", {"file": SimpleUploadedFile("answers.csv", data)})
    html = check.content.decode()
    assert check.status_code == 200 and "survey_answers" in html
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    client.post("/imports/confirm", {"token": token.group(1)})
    assert SurveyAnswer.objects.filter(round=round_, question_id="trust").count() == 8  # the one open round
    # a second open round of the same questionnaire: a file without its round is refused in words
    survey_changes.create_round(
        "officer", 999, "network_capacity_trust", "Another", TODAY, TODAY + dt.timedelta(days=1), [OWN]
    )
    again = data.replace(b"agree", b"disagree")
    check = client.post("/imports/upload", {"file": SimpleUploadedFile("again.csv", again)})
    token = re.search(r'name="token" value="([^"]+)"', check.content.decode())
    assert token is not None
    done = client.post("/imports/confirm", {"token": token.group(1)}, follow=True)
    assert "more than one open survey round could be meant" in done.content.decode()
    assert SurveyAnswer.objects.filter(answer="disagree").count() == 0
