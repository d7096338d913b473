"""Every change to survey rounds and answers, each through ``audit.audited_change``: the pages, the CLI
and the demo call these, so no answer is changed without the log knowing who changed it and how."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from peerlift.store import surveys
from peerlift.store.models import SurveyRound, SurveyRoundSchool
from peerlift.web import audit
from peerlift.web.models import NetworkMember


def create_round(
    actor: str,
    la: int,
    questionnaire_id: str,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    urns: Sequence[int] | None = None,
    version: int | None = None,
    network_id: int | None = None,
) -> SurveyRound:
    """A new round (store.surveys.create_round; RoundError when it cannot be made), audited."""
    return audit.audited_change(
        actor,
        "create survey round",
        audit.SURVEY_ROUND,
        lambda: surveys.create_round(
            la, questionnaire_id, title, opens_on, closes_on, urns, actor, version, network_id
        ),
        la=la,
    )


def answer(
    actor: str,
    found: SurveyRound,
    urn: int,
    role: str,
    given: Mapping[str, str],
    at: dt.datetime | None = None,
) -> SurveyRoundSchool:
    """A school's answers for one role (a blank answer takes one away), audited with the school's
    answers before and after."""
    school = SurveyRoundSchool.objects.get(round=found, urn=urn)

    def change() -> SurveyRoundSchool:
        surveys.set_answers(found, urn, role, given, actor, at)
        return school

    return audit.audited_change(
        actor,
        "answer survey",
        audit.SURVEY_ANSWERS,
        change,
        la=found.la_code,
        target=SurveyRoundSchool.objects.get(pk=school.pk),
    )


def network_names(la: int) -> dict[int, list[str]]:
    """Each school of the LA's networks with their names (what results are broken down by)."""
    found: dict[int, list[str]] = {}
    for urn, name in NetworkMember.objects.filter(network__la_code=la).values_list("urn", "network__name"):
        found.setdefault(int(urn), []).append(name)
    return found


def network_la(network_id: int) -> int | None:
    from peerlift.web.models import Network

    return Network.objects.filter(pk=network_id).values_list("la_code", flat=True).first()


def network_urns(network_id: int) -> list[int]:
    return sorted(NetworkMember.objects.filter(network_id=network_id).values_list("urn", flat=True))
