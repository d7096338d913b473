"""peerlift surveys questionnaires / rounds / create-round / results, with answers imported through
`peerlift import` (tests/data/surveys/survey_answers.csv; figures worked out by hand below)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from cli_runner import run

from peerlift.store.models import Establishment, SurveyRound
from peerlift.web.models import AuditEntry, Network, NetworkMember

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parent / "data" / "surveys" / "survey_answers.csv"
TODAY = dt.date.today()


@pytest.fixture
def schools() -> None:
    for n in range(1, 7):
        Establishment.objects.create(
            urn=100000 + n,
            la_code=999,
            name=f"School {n}",
            status="Open",
            phase="primary" if n <= 4 else "secondary",
        )
    north = Network.objects.create(name="North", la_code=999)
    for n in range(1, 7):
        NetworkMember.objects.create(network=north, urn=100000 + n)


def _days(before: int, after: int) -> list[str]:
    return [
        "--opens",
        str(TODAY - dt.timedelta(days=before)),
        "--closes",
        str(TODAY + dt.timedelta(days=after)),
    ]


def test_questionnaires_lists_the_defaults() -> None:
    code, out, _ = run("surveys", "questionnaires", "--format", "json")
    assert code == 0
    found = {q["id"]: q for q in json.loads(out)}
    assert set(found) == {"ofsted_key_questions", "support_in_18_months", "network_capacity_trust"}
    assert found["ofsted_key_questions"]["answered_by"] == "headteacher, governor"
    only = [q["id"] for q in found["ofsted_key_questions"]["question_list"] if q["only_for"]]
    assert only == ["uses_strengths", "uses_strengths_why"]


def test_create_round_import_and_results(schools: None) -> None:
    north = Network.objects.get(name="North").pk
    code, out, err = run(
        "surveys",
        "create-round",
        "--la",
        "999",
        "--questionnaire",
        "network_capacity_trust",
        "--network",
        str(north),
        "--title",
        "North: trust",
        "--user",
        "officer",
        *_days(5, 5),
    )
    assert code == 0, err
    made = SurveyRound.objects.get()
    assert out.strip() == f"Round {made.pk}: North: trust (6 schools asked)"
    assert made.network_id == north
    assert AuditEntry.objects.get(action="create survey round").actor == "officer"
    code, _, err = run("import", str(DATA))
    assert code == 0, err
    code, out, _ = run("surveys", "rounds", "--la", "999", "--format", "json")
    assert [(r["id"], r["schools"], r["answered"], r["open"]) for r in json.loads(out)] == [
        (made.pk, 6, 6, True)
    ]
    code, out, _ = run("surveys", "results", str(made.pk), "--by", "phase")
    result = json.loads(out)
    trust = next(q for q in result["questions"] if q["id"] == "trust")
    # agree, strongly agree, agree, disagree, agree, strongly agree: 5 of 6; mean (2x4 + 3x3 + 2) / 6
    assert (trust["answers"], trust["favourable_pct"], trust["mean"]) == (6, 83.3, 3.17)
    # primary 4, secondary 2: both under 5, held back
    assert [(g["group"], g["held_back"]) for g in trust["groups"]] == [("primary", True), ("secondary", True)]
    code, out, _ = run("surveys", "results", str(made.pk), "--by", "network", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    north_trust = [r for r in rows if r["question_id"] == "trust" and r["group"] == "North"]
    assert [(r["option"], r["count"]) for r in north_trust] == [
        ("strongly_agree", "2"),
        ("agree", "3"),
        ("disagree", "1"),
        ("strongly_disagree", "0"),
    ]


def test_create_round_refusals(schools: None) -> None:
    code, _, err = run("surveys", "create-round", "--la", "999", "--questionnaire", "nothing", *_days(1, 1))
    assert code == 1 and "there is no questionnaire 'nothing'" in err
    code, _, err = run(
        "surveys", "create-round", "--la", "999", "--questionnaire", "support_in_18_months", *_days(-5, -10)
    )
    assert code == 1 and "must close on or after the day it opens" in err
    code, _, err = run(
        "surveys",
        "create-round",
        "--la",
        "999",
        "--questionnaire",
        "support_in_18_months",
        "--urn",
        "200001",
        *_days(1, 1),
    )
    assert code == 1 and "URN 200001 is not a school of LA 999" in err
    code, _, err = run("surveys", "results", "999999")
    assert code == 1 and "there is no survey round 999999" in err
