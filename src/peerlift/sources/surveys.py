"""The survey answers template: ``urn, respondent_role, question_id, answer`` and, optionally, ``round``
(docs/data-formats.md, "Templates"; decision 0023-surveys-round-of-a-file).

The reader checks what a row can be checked for alone (a URN, a role peerlift knows, a question id);
whether the question is the round's, the answer on its scale and the school asked is for the store's
loader, which knows the round (store/surveys.py), and names the same file, row and column.
A row with a blank answer is left out as no answer (it is not a bad row).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from peerlift.sources import frames
from peerlift.sources.careers import BadCell, Cells, _cell, _required, _Template, urn

COLUMNS = ("urn", "respondent_role", "question_id", "answer", "round")
REQUIRED = COLUMNS[:4]
RESPONDENTS = ("headteacher", "governor", "network_lead")  # as analysis/questionnaire.py
_ROLE_WORDS = {"head": "headteacher", "head teacher": "headteacher", "network lead": "network_lead"}


def respondent(text: str) -> str:
    cleaned = " ".join(text.lower().replace("-", " ").split())
    role = _ROLE_WORDS.get(cleaned, cleaned.replace(" ", "_"))
    if role not in RESPONDENTS:
        raise BadCell("respondent_role", f"{text!r} is not one of {', '.join(RESPONDENTS)}")
    return role


def question_id(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,59}", text):
        raise BadCell("question_id", f"{text!r} is not a question id (letters, digits and _)")
    return text.lower()


def round_number(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit():
        raise BadCell("round", f"{text!r} is not a round's number")
    return int(text)


class SurveyAnswersReader(_Template):
    """Answers to a survey round, one row per school, respondent and question."""

    kind = "survey_answers"
    description = "Answers to a survey round (peerlift's template, see docs/data-formats.md)"
    columns = COLUMNS
    required = REQUIRED
    table = frames.SURVEY_ANSWERS

    def parse(self, row: Cells) -> Iterator[dict[str, Any]]:
        record = {
            "row": int(str(row["_row"])),
            "round": round_number(_cell(row, "round")),
            "urn": urn(_required(row, "urn")),
            "respondent_role": respondent(_required(row, "respondent_role")),
            "question_id": question_id(_required(row, "question_id")),
            "answer": (row.get("answer") or "").strip(),
        }
        if record["answer"]:
            yield record


READERS = [SurveyAnswersReader()]
