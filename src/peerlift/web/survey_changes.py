"""Every change to survey rounds and answers, each through ``audit.audited_change``: the pages, the CLI
and the demo call these, so no answer is changed without the log knowing who changed it and how."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

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
    members = NetworkMember.objects.current().filter(network__la_code=la)
    for urn, name in members.values_list("urn", "network__name"):
        found.setdefault(int(urn), []).append(name)
    return found


def network_la(network_id: int) -> int | None:
    from peerlift.web.models import Network

    return Network.objects.filter(pk=network_id).values_list("la_code", flat=True).first()


def network_urns(network_id: int) -> list[int]:
    """The network's schools today (a school that has left is not asked)."""
    members = NetworkMember.objects.current().filter(network_id=network_id)
    return sorted(set(members.values_list("urn", flat=True)))


class LeadError(ValueError):
    """A network lead's answers that cannot be kept as asked (the message says why in plain words)."""


def answer_as_lead(
    actor: str, found: SurveyRound, urn: int, given: Mapping[str, str], at: dt.datetime | None = None
) -> SurveyRoundSchool:
    """A network lead's answers to their network's round (network-surveys), kept as `network_lead`
    answers with the school of the network they chose, audited as `answer survey` like a head's.
    Raises LeadError for a round of no network or a school another lead has answered for."""
    if found.network_id is None:
        raise LeadError("this round is not a network's survey")
    if urn not in surveys.schools_for_lead(found, actor):
        raise LeadError("choose one of the network's schools that no other lead has answered for")
    return answer(actor, found, urn, surveys.LEAD, given, at)


def network_name(network_id: int) -> str:
    from peerlift.web.models import Network

    return Network.objects.filter(pk=network_id).values_list("name", flat=True).first() or ""


def open_network_rounds(network_ids: Iterable[int], on: dt.date | None = None) -> list[SurveyRound]:
    """The open rounds of these networks (a lead's home page lists them to answer), closing soonest
    first."""
    day = on or dt.date.today()
    return list(
        SurveyRound.objects.filter(
            network_id__in=list(network_ids), opens_on__lte=day, closes_on__gte=day
        ).order_by("closes_on", "id")
    )
