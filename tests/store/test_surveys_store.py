"""The survey_answers template: recognised by its header, round-tripped into a round's answers (the
round named by the file or found as the one open round), bad rows left out naming row and column,
a file no round or several rounds could be meant by refused whole, mangled copies refused in words;
and a network's results for the network report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings

from peerlift.sources import registry
from peerlift.sources.base import SourceError
from peerlift.store import imports
from peerlift.store import surveys as store
from peerlift.store.models import Establishment, Import, SurveyAnswer, SurveyRound
from peerlift.store.rights import Rights
from tests.mangling import mangled

DATA = Path(__file__).resolve().parents[1] / "data" / "surveys" / "survey_answers.csv"
TODAY = dt.date.today()
URNS = [100001 + i for i in range(6)]


@pytest.fixture
def schools(db) -> None:  # type: ignore[no-untyped-def]
    for urn in URNS:
        Establishment.objects.create(
            urn=urn, la_code=999, name=f"School {urn}", status="open", phase="primary"
        )
    Establishment.objects.create(urn=200001, la_code=331, name="Elsewhere", status="open")


def _round(questionnaire: str = "network_capacity_trust", opens: int = -10, **extra: object) -> SurveyRound:
    return store.create_round(
        999,
        questionnaire,
        f"{questionnaire} round",
        TODAY + dt.timedelta(days=opens),
        TODAY + dt.timedelta(days=opens + 20),
        extra.pop("urns", URNS),  # type: ignore[arg-type]
        "tests",
        **extra,  # type: ignore[arg-type]
    )


def test_recognised_by_header_and_read() -> None:
    read = registry.read(DATA)
    assert read.kind == "survey_answers"
    assert read.rows_read == 30 and read.skipped == []
    table = read.tables["survey_answers"]
    assert table.height == 29  # 100004's blank improve_network answer is no answer, not a bad row
    assert table.row(0, named=True) == {
        "row": 2,
        "round": None,
        "urn": 100001,
        "respondent_role": "headteacher",
        "question_id": "trust",
        "answer": "agree",
    }


@pytest.mark.django_db
def test_round_trip_into_the_one_open_round(schools: None) -> None:
    _round("ofsted_key_questions")  # open too, but it has no question "trust"
    _round(opens=-400)  # the same questionnaire, closed long ago
    found = _round()
    outcome = imports.import_file(DATA, user="officer")
    assert outcome.record.counts["survey_answers"] == 29
    stored = {(a.urn, a.question_id): a.answer for a in SurveyAnswer.objects.filter(round=found)}
    assert len(stored) == 29 and SurveyAnswer.objects.count() == 29
    assert stored[(100006, "trust")] == "strongly_agree"  # written "strongly agree"
    assert stored[(100006, "capacity")] == "disagree"  # written "Disagree"
    assert stored[(100005, "improve_network")] == 'A clearer purpose, "agreed by all"'
    assert SurveyAnswer.objects.filter(source=outcome.record).count() == 29
    assert imports.import_file(DATA).unchanged
    assert [r["answered"] for r in store.who_answered(found)] == [True] * 6


def _file(tmp_path: Path, bad: str, round_pk: int) -> Path:
    good = [
        f"{u},headteacher,{q},agree,{round_pk}"
        for u in URNS
        for q in ("trust", "capacity", "clarity", "challenge", "improve_network")
    ]
    path = tmp_path / "answers.csv"
    path.write_text(
        "urn,respondent_role,question_id,answer,round\n" + "\n".join([*good[:3], bad, *good[3:]]) + "\n"
    )
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "column", "said"),
    [
        (
            "100001,headteacher,kindness,agree",
            "question_id",
            "'kindness' is not a question of network_capacity_trust",
        ),
        ("100001,headteacher,trust,maybe", "answer", "'maybe' is not an answer on the agree4 scale"),
        ("200001,headteacher,trust,agree", "urn", "URN 200001 was not asked in round"),
        (
            "100001,governor,trust,agree",
            "respondent_role",
            "answered by headteacher, network_lead, not governor",
        ),
        ("100001,teacher,trust,agree", "respondent_role", "'teacher' is not one of headteacher"),
        ("1234,headteacher,trust,agree", "urn", "not a URN"),
    ],
)
def test_a_bad_row_is_left_out_naming_row_and_column(
    schools: None, tmp_path: Path, bad: str, column: str, said: str
) -> None:
    found = _round()
    outcome = imports.import_file(_file(tmp_path, f"{bad},{found.pk}", found.pk))
    record = Import.objects.get(pk=outcome.record.pk)
    assert record.rows_read == 31 and record.rows_skipped == 1 and record.rows_loaded == 30
    (skip,) = record.skipped
    assert skip["row"] == 5  # the header, three good rows, then the bad one
    assert said in skip["reason"] and (column in skip["reason"] or column in ("urn", "respondent_role"))
    assert SurveyAnswer.objects.count() == 30


@pytest.mark.django_db
def test_a_file_two_open_rounds_could_mean_is_refused(schools: None) -> None:
    first, second = _round(), _round(opens=-5)
    with pytest.raises(SourceError) as refused:
        imports.import_file(DATA)
    assert (refused.value.file, refused.value.column) == ("survey_answers.csv", "round")
    assert f"{first.pk} (" in refused.value.message and f"{second.pk} (" in refused.value.message
    assert SurveyAnswer.objects.count() == 0
    assert Import.objects.get().status == Import.Status.FAILED


@pytest.mark.django_db
def test_a_file_no_open_round_could_mean_is_refused(schools: None) -> None:
    _round(opens=30)  # not open yet
    with pytest.raises(SourceError, match="no open survey round asks its schools these questions"):
        imports.import_file(DATA)
    assert SurveyAnswer.objects.count() == 0


@pytest.mark.django_db
def test_an_la_writes_its_own_schools_answers_only(schools: None, tmp_path: Path) -> None:
    found = _round()
    path = tmp_path / "a.csv"
    lines = [f"{u},headteacher,trust,agree,{found.pk}" for u in URNS] + [
        f"200001,headteacher,trust,agree,{found.pk}"
    ]
    path.write_text("urn,respondent_role,question_id,answer,round\n" + "\n".join(lines) + "\n")
    outcome = imports.import_file(path, rights=Rights(999), user="officer")
    assert outcome.record.counts["refused"] == [
        {"table": "survey_answers", "la": 331, "rows": 1, "urns": [200001]}
    ]
    assert SurveyAnswer.objects.count() == 6


def test_mangled_copies(tmp_path: Path) -> None:
    original = DATA.read_bytes()

    @settings(max_examples=60, deadline=None)
    @given(data=mangled(original))
    def check(data: bytes) -> None:
        path = tmp_path / "survey_answers.csv"
        path.write_bytes(data)
        try:
            result = registry.read(path, kind="survey_answers")
        except SourceError as error:
            assert error.file == "survey_answers.csv" and error.message
        else:
            assert result.rows_loaded <= result.rows_read

    check()


@pytest.mark.django_db
def test_results_for_a_network(schools: None) -> None:
    assert store.results_for_network(7) is None
    found = _round(network_id=7)
    imports.import_file(DATA)
    result = store.results_for_network(7)
    assert result is not None and result["round"]["id"] == found.pk
    trust = next(q for q in result["questions"] if q["id"] == "trust")
    # agree, strongly agree, agree, disagree, agree, strongly agree: 5 of 6 favourable,
    # mean (2x4 + 3x3 + 1x2) / 6 = 19 / 6
    assert trust["answers"] == 6 and trust["favourable_pct"] == 83.3 and trust["mean"] == 3.17
    text = next(q for q in result["questions"] if q["id"] == "improve_network")
    assert text["answers"] == 5 and text["free_text"]["groups"] == [{"term": "time", "answers": 3}]
    assert text["free_text"]["not_grouped"] == 2  # counted, not listed: the report shows aggregates only


@pytest.mark.django_db
def test_too_many_bad_rows_refuse_the_file_naming_the_first(schools: None, tmp_path: Path) -> None:
    found = _round()
    lines = [f"{u},headteacher,trust,agree,{found.pk}" for u in URNS]
    lines[2:2] = [
        f"100001,headteacher,kindness,agree,{found.pk}",
        f"100002,headteacher,trust,perhaps,{found.pk}",
    ]
    path = tmp_path / "answers.csv"
    path.write_text("urn,respondent_role,question_id,answer,round\n" + "\n".join(lines) + "\n")
    with pytest.raises(SourceError) as refused:
        imports.import_file(path)
    assert (refused.value.file, refused.value.row, refused.value.column) == ("answers.csv", 4, "question_id")
    assert "2 of its 8 rows cannot be placed" in refused.value.message
    assert SurveyAnswer.objects.count() == 0 and Import.objects.get().status == Import.Status.FAILED
