"""Survey rounds and answers as the register holds them: making a round, the schools asked and who has
answered, a school's answers, the loader of the survey_answers template, and each round's results
(analysis.surveys) with the facts of its schools to break them down by.

Changes made from the web app or the CLI go through web/survey_changes.py (audited); the import of a
file is recorded as an import (its provenance) like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from django.db.models import Count, Max, Q
from django.utils import timezone

from peerlift.analysis import questionnaire as questionnaires
from peerlift.analysis import surveys as analysis
from peerlift.analysis.latest_inspection import BELOW, GOOD_OR_BETTER
from peerlift.domain.inspections import grade4_name
from peerlift.sources.base import Skip, SourceError, refuse_if_mostly_bad, skipped_by_reason
from peerlift.store import categories, picture
from peerlift.store.models import Establishment, Import, SurveyAnswer, SurveyRound, SurveyRoundSchool

Row = dict[str, Any]
NOT_INSPECTED = "Not inspected"


class RoundError(ValueError):
    """A round that cannot be made as asked (the message says why in plain words)."""


def questionnaire_of(found: SurveyRound) -> questionnaires.Questionnaire:
    made = questionnaires.get(found.questionnaire_id, found.questionnaire_version)
    if made is None:
        raise RoundError(
            f"the questionnaire {found.questionnaire_id} version {found.questionnaire_version} of this "
            "round is no longer among peerlift's questionnaires"
        )
    return made


def is_open(found: SurveyRound, on: dt.date | None = None) -> bool:
    day = on or dt.date.today()
    return found.opens_on <= day <= found.closes_on


def la_schools(la: int) -> list[int]:
    """The LA's open schools."""
    return list(
        Establishment.objects.filter(la_code=la, status__istartswith="open")
        .order_by("urn")
        .values_list("urn", flat=True)
    )


def create_round(
    la: int,
    questionnaire_id: str,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    urns: Sequence[int] | None,
    created_by: str,
    version: int | None = None,
    network_id: int | None = None,
) -> SurveyRound:
    """A round of the questionnaire (its newest version unless one is named) asking ``urns`` (every
    open school of the LA when None). Raises RoundError on dates the wrong way round, an unknown
    questionnaire, or a school not in the LA."""
    made = questionnaires.get(questionnaire_id, version)
    if made is None:
        raise RoundError(
            f"there is no questionnaire {questionnaire_id!r}" + (f" version {version}" if version else "")
        )
    if closes_on < opens_on:
        raise RoundError("the round must close on or after the day it opens")
    asked = list(dict.fromkeys(urns)) if urns is not None else la_schools(la)
    in_la = set(Establishment.objects.filter(la_code=la, urn__in=asked).values_list("urn", flat=True))
    outside = [u for u in asked if u not in in_la]
    if outside:
        raise RoundError(f"URN {outside[0]} is not a school of LA {la}")
    if not asked:
        raise RoundError(f"LA {la} has no open school to ask")
    found = SurveyRound.objects.create(
        questionnaire_id=made.id,
        questionnaire_version=made.version,
        la_code=la,
        title=title.strip() or made.title,
        opens_on=opens_on,
        closes_on=closes_on,
        network_id=network_id,
        created_by=created_by,
    )
    SurveyRoundSchool.objects.bulk_create([SurveyRoundSchool(round=found, urn=u) for u in asked])
    return found


def round_or_none(pk: int) -> SurveyRound | None:
    return SurveyRound.objects.filter(pk=pk).first()


def asked(found: SurveyRound) -> list[int]:
    return list(found.schools.order_by("urn").values_list("urn", flat=True))


def round_row(found: SurveyRound, on: dt.date | None = None) -> Row:
    made = questionnaires.get(found.questionnaire_id, found.questionnaire_version)
    schools = found.schools.count()
    answered = found.answers.values("urn").distinct().count()
    return {
        "id": found.pk,
        "title": found.title,
        "questionnaire": found.questionnaire_id,
        "version": found.questionnaire_version,
        "questionnaire_title": made.title if made else "",
        "la": found.la_code,
        "network_id": found.network_id,
        "opens_on": found.opens_on,
        "closes_on": found.closes_on,
        "open": is_open(found, on),
        "schools": schools,
        "answered": answered,
        "created_by": found.created_by,
    }


def rounds(la: int, network_id: int | None = None) -> list[Row]:
    """The LA's rounds, newest first (or a network's)."""
    found = SurveyRound.objects.filter(la_code=la)
    if network_id is not None:
        found = found.filter(network_id=network_id)
    return [round_row(r) for r in found]


def _names(urns: Iterable[int]) -> dict[int, str]:
    return dict(Establishment.objects.filter(urn__in=list(urns)).values_list("urn", "name"))


def who_answered(found: SurveyRound) -> list[Row]:
    """Each school asked: whether it has answered, by whom (roles) and when it last did."""
    urns = asked(found)
    names = _names(urns)
    got = {
        int(r["urn"]): r
        for r in found.answers.values("urn").annotate(
            last=Max("answered_at"), questions=Count("question_id", distinct=True)
        )
    }
    roles: dict[int, set[str]] = {}
    for urn, role in found.answers.values_list("urn", "respondent_role").distinct():
        roles.setdefault(int(urn), set()).add(role)
    return [
        {
            "urn": urn,
            "name": names.get(urn, ""),
            "answered": urn in got,
            "questions": got[urn]["questions"] if urn in got else 0,
            "roles": ", ".join(sorted(roles.get(urn, set()))),
            "last_answer": got[urn]["last"] if urn in got else None,
        }
        for urn in urns
    ]


def answers(found: SurveyRound, urn: int | None = None) -> list[Row]:
    """Individual answers (officers and the school's own head only): urn, role, question, answer,
    who and when."""
    rows = found.answers.all()
    if urn is not None:
        rows = rows.filter(urn=urn)
    return list(rows.values("urn", "respondent_role", "question_id", "answer", "answered_by", "answered_at"))


def school_answers(found: SurveyRound, urn: int, role: str) -> dict[str, str]:
    return dict(found.answers.filter(urn=urn, respondent_role=role).values_list("question_id", "answer"))


def good_or_better(urns: Sequence[int], la: int) -> dict[int, bool]:
    """Whether each school's latest inspection (any framework) is good or better."""
    latest = picture.latest_among(list(urns), la)
    return {int(u): s == GOOD_OR_BETTER for u, s in latest.select("urn", "standing").iter_rows()}


def questions_for(found: SurveyRound, urn: int) -> tuple[questionnaires.Question, ...]:
    """The round's questions asked of a school (``only_for`` questions only where they apply)."""
    made = questionnaire_of(found)
    return made.asked_of(good_or_better([urn], found.la_code).get(urn, False))


def set_answers(
    found: SurveyRound, urn: int, role: str, given: Mapping[str, str], who: str, at: dt.datetime | None = None
) -> SurveyRound:
    """Record a school's answers for one role (a blank answer takes that question's answer away).
    Returns the round (audit.SURVEY_ANSWERS snapshots the school's answers)."""
    when = at or timezone.now()
    for question_id, answer in given.items():
        if not answer.strip():
            SurveyAnswer.objects.filter(
                round=found, urn=urn, respondent_role=role, question_id=question_id
            ).delete()
            continue
        SurveyAnswer.objects.update_or_create(
            round=found,
            urn=urn,
            respondent_role=role,
            question_id=question_id,
            defaults={"answer": answer, "answered_by": who, "answered_at": when, "source": None},
        )
    return found


# ---------------------------------------------------------------------------------------------
# The survey_answers template's loader (store/imports.py calls it inside the import's transaction)


def round_for_file(question_ids: set[str], urns: set[int], on: dt.date, file_name: str) -> SurveyRound:
    """The round a file without a ``round`` column answers: the one open round (on ``on``) whose
    questionnaire has every question the file answers and which asked one of its schools. None or
    several: the file is refused, saying which rounds could be meant (decision 0023)."""
    candidates = []
    open_rounds = SurveyRound.objects.filter(opens_on__lte=on, closes_on__gte=on).filter(
        Q(schools__urn__in=list(urns))
    )
    for found in open_rounds.distinct():
        made = questionnaires.get(found.questionnaire_id, found.questionnaire_version)
        if made is not None and question_ids <= {q.id for q in made.questions}:
            candidates.append(found)
    if len(candidates) == 1:
        return candidates[0]
    path = Path(file_name)
    if not candidates:
        raise SourceError(
            path,
            "no open survey round asks its schools these questions; add a round column with the "
            "round's number (each round's page gives it), or open a round first",
            row=1,
            column="round",
        )
    named = ", ".join(f"{r.pk} ({r.title})" for r in candidates)
    raise SourceError(
        path,
        f"more than one open survey round could be meant ({named}); "
        "add a round column with the round's number",
        row=1,
        column="round",
    )


def load_survey_answers(frame: pl.DataFrame, source: Import) -> int:
    """Answers on (round, URN, role, question): a later file's answer replaces the one stored. Rows
    whose question is not the round's, whose answer is not on the question's scale, whose role does
    not answer the questionnaire or whose school was not asked are left out, named by row and column
    in the import (and refused whole, as for any file, when more than 5% of the rows are bad)."""
    today = timezone.localdate()
    rows = list(frame.iter_rows(named=True))
    by_round: dict[int | None, list[Row]] = {}
    for row in rows:
        by_round.setdefault(row["round"], []).append(row)
    skips: list[Skip] = []
    written = 0
    when = timezone.now()
    for number, group in by_round.items():
        if number is None:
            found = round_for_file(
                {r["question_id"] for r in group}, {int(r["urn"]) for r in group}, today, source.file_name
            )
        else:
            found_or_none = SurveyRound.objects.filter(pk=number).first()
            if found_or_none is None:
                skips.extend(
                    Skip(
                        r["row"], f"column round: there is no survey round {number}", "unknown round", "round"
                    )
                    for r in group
                )
                continue
            found = found_or_none
        made = questionnaire_of(found)
        asked_urns = set(asked(found))
        for row in group:
            skip = _check(row, found, made, asked_urns)
            if skip is not None:
                skips.append(skip)
                continue
            question = made.question(row["question_id"])
            assert question is not None
            SurveyAnswer.objects.update_or_create(
                round=found,
                urn=row["urn"],
                respondent_role=row["respondent_role"],
                question_id=row["question_id"],
                defaults={
                    "answer": questionnaires.check_answer(question, row["answer"]),
                    "answered_by": source.loaded_by,
                    "answered_at": when,
                    "source": source,
                },
            )
            written += 1
    if skips:
        refuse_if_mostly_bad(Path(source.file_name), source.rows_read, [*skips])
        source.skipped = [*source.skipped, *({"row": s.row, "reason": s.reason} for s in skips)]
        source.rows_skipped += len(skips)
        source.rows_loaded -= len(skips)
        source.skipped_by_reason = [
            *source.skipped_by_reason,
            *skipped_by_reason(skips),
        ]
        source.save(update_fields=["skipped", "rows_skipped", "rows_loaded", "skipped_by_reason"])
    return written


def _check(
    row: Row, found: SurveyRound, made: questionnaires.Questionnaire, asked_urns: set[int]
) -> Skip | None:
    question = made.question(row["question_id"])
    if question is None:
        return Skip(
            row["row"],
            f"column question_id: {row['question_id']!r} is not a question of {made.id} "
            f"version {made.version}",
            "unknown question",
            "question_id",
        )
    if row["respondent_role"] not in made.answered_by:
        return Skip(
            row["row"],
            f"column respondent_role: {made.id} is answered by {', '.join(made.answered_by)}, "
            f"not {row['respondent_role']}",
            "role that does not answer it",
            "respondent_role",
        )
    if int(row["urn"]) not in asked_urns:
        return Skip(
            row["row"],
            f"column urn: URN {row['urn']} was not asked in round {found.pk} ({found.title})",
            "school not asked",
            "urn",
        )
    try:
        questionnaires.check_answer(question, row["answer"])
    except ValueError as error:
        return Skip(row["row"], f"column answer: {error}", "answer not on the scale", "answer")
    return None


# ---------------------------------------------------------------------------------------------
# Results


def previous_round(found: SurveyRound) -> SurveyRound | None:
    """The last round of the same questionnaire (any version) for the same LA and network before it."""
    return (
        SurveyRound.objects.filter(
            la_code=found.la_code,
            questionnaire_id=found.questionnaire_id,
            network_id=found.network_id,
            opens_on__lt=found.opens_on,
        )
        .order_by("-opens_on", "-id")
        .first()
    )


def _previous_grade(row: Mapping[str, Any]) -> str:
    overall = row.get("overall")
    if overall in ("1", "2", "3", "4"):
        return grade4_name(str(overall), row.get("start_date"))
    if row.get("standing") == GOOD_OR_BETTER:
        return "Good or better"
    if row.get("standing") == BELOW:
        return "Below good"
    return NOT_INSPECTED


def school_facts(
    la: int, urns: Sequence[int], networks: Mapping[int, Sequence[str]] | None = None
) -> dict[int, Row]:
    """What results are broken down by, for each school: phase, type, category in force, previous
    grade (its latest inspection) and the networks it is in (``networks``: URN to network names)."""
    schools = Establishment.objects.filter(urn__in=list(urns)).values("urn", "phase", "type")
    in_force = categories.categories_in_force(la)
    latest = {int(r["urn"]): r for r in picture.latest_among(list(urns), la).iter_rows(named=True)}
    facts = {}
    for school in schools:
        urn = int(school["urn"])
        category = in_force.get(urn)
        facts[urn] = {
            "phase": school["phase"] or None,
            "type": school["type"] or None,
            "category": f"Category {category}" if category is not None else "No category recorded",
            "previous_grade": _previous_grade(latest.get(urn, {})),
            "network": list((networks or {}).get(urn, [])),
        }
    return facts


def _answer_rows(found: SurveyRound) -> list[Row]:
    return list(found.answers.values("urn", "respondent_role", "question_id", "answer"))


def results(
    found: SurveyRound, by: str | None = None, networks: Mapping[int, Sequence[str]] | None = None
) -> Row:
    """analysis.surveys.results of a round, beside its previous round, with the round's own facts."""
    made = questionnaire_of(found)
    before = previous_round(found)
    facts = school_facts(found.la_code, asked(found), networks) if by is not None else {}
    result = analysis.results(
        made, _answer_rows(found), facts, by, _answer_rows(before) if before is not None else None
    )
    return {
        "round": round_row(found),
        "previous_round": round_row(before) if before is not None else None,
        **result,
    }


def results_for_network(network_id: int) -> Row | None:
    """The results of a network's latest capacity-and-trust round (for the network report), without breakdown,
    beside its round before: aggregates only (the free-text answers' shared words and counts, not the
    answers); None when the network has had no round. The round is latest_network_round's, the one
    the network's page shows."""
    found = latest_network_round(network_id)
    return analysis.aggregates_only(results(found)) if found is not None else None


# ---------------------------------------------------------------------------------------------
# A network's capacity-and-trust survey (network-surveys): the round its page and the LA's networks'
# outcomes show, and the rounds' shares side by side

NETWORK_QUESTIONNAIRE = "network_capacity_trust"


def latest_network_round(network_id: int, on: dt.date | None = None) -> SurveyRound | None:
    """The network's latest capacity-and-trust round that has opened (by ``on``, today by default)."""
    return (
        SurveyRound.objects.filter(
            network_id=network_id,
            questionnaire_id=NETWORK_QUESTIONNAIRE,
            opens_on__lte=on or dt.date.today(),
        )
        .order_by("-opens_on", "-id")
        .first()
    )


def network_shares(network_ids: Iterable[int], on: dt.date | None = None) -> dict[int, Row]:
    """For each network with a capacity-and-trust round: its latest round (id, title, dates), the %
    favourable of all its rated answers (analysis.favourable_share, small groups held back), the
    round before's, and the change in percentage points."""
    found: dict[int, Row] = {}
    for network_id in network_ids:
        latest = latest_network_round(network_id, on)
        if latest is None:
            continue
        made = questionnaire_of(latest)
        now = analysis.favourable_share(made, _answer_rows(latest))
        before = previous_round(latest)
        then = analysis.favourable_share(made, _answer_rows(before)) if before is not None else None
        change = None
        if then is not None and now["favourable_pct"] is not None and then["favourable_pct"] is not None:
            change = round(now["favourable_pct"] - then["favourable_pct"], 1)
        found[network_id] = {
            "round": latest.pk,
            "title": latest.title,
            "opens_on": latest.opens_on,
            "closes_on": latest.closes_on,
            **now,
            "previous_round": before.pk if before is not None else None,
            "previous_title": before.title if before is not None else None,
            "previous_pct": then["favourable_pct"] if then is not None else None,
            "previous_note": then["note"] if then is not None else "",
            "change_pts": change,
        }
    return found


LEAD = "network_lead"


def lead_answers(found: SurveyRound, username: str) -> tuple[int | None, dict[str, str]]:
    """A network lead's own answers to a round: the school they were kept with (the one they lead the
    network from) and question to answer; (None, {}) before they answer. Never a school's head's."""
    mine = list(
        found.answers.filter(respondent_role=LEAD, answered_by=username).values_list(
            "urn", "question_id", "answer"
        )
    )
    if not mine:
        return None, {}
    urn = min(int(u) for u, _, _ in mine)
    return urn, {q: a for u, q, a in mine if int(u) == urn}


def schools_for_lead(found: SurveyRound, username: str) -> list[int]:
    """The schools asked that a lead may keep their answers with: their own, or, before they answer,
    those no one else has answered for as a network lead (so one lead never replaces another's)."""
    urn, _ = lead_answers(found, username)
    if urn is not None:
        return [urn]
    taken = set(
        found.answers.filter(respondent_role=LEAD).exclude(answered_by=username).values_list("urn", flat=True)
    )
    return [u for u in asked(found) if u not in taken]
