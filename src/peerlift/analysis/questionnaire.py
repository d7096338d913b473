"""Questionnaires as data: one TOML file per questionnaire in analysis/questionnaires/, read and checked.

A questionnaire has an ``id`` and a ``version`` (a round keeps the version it was asked in, so a
question reworded later does not change what an earlier round asked), a ``title``, who answers it
(``answered_by``: headteacher, governor, network_lead) and its ``[[questions]]``, each with an ``id``,
its ``text``, a ``scale`` from scales.toml (agree4, scale_1_4, yes_no, free_text), ``required``
(default true) and, optionally, ``only_for`` (``good_or_better``: asked only of schools whose latest
inspection is good or better). Every mistake is a QuestionnaireError naming the file, the line and the
key. Pure: no Django.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PACKAGE = "peerlift.analysis.questionnaires"
SCALES_FILE = "scales.toml"
RESPONDENTS = ("headteacher", "governor", "network_lead")
ONLY_FOR = {"good_or_better": "schools whose latest inspection is good or better"}
FREE_TEXT = "free_text"
_ID = re.compile(r"[a-z][a-z0-9_]{0,59}")


class QuestionnaireError(ValueError):
    """A questionnaire or scales file peerlift cannot use: the message names file, line and key."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: float | None
    favourable: bool


@dataclass(frozen=True)
class Scale:
    name: str
    label: str
    options: tuple[Option, ...]

    @property
    def free_text(self) -> bool:
        return not self.options

    def option(self, answer: str) -> Option | None:
        """The option an answer names, by its value or its label, ignoring case and spaces."""
        wanted = " ".join(answer.split()).lower()
        for option in self.options:
            if wanted in (option.value.lower(), option.label.lower(), option.value.replace("_", " ")):
                return option
        return None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    scale: Scale
    required: bool = True
    only_for: str | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: str
    answered_by: tuple[str, ...]
    questions: tuple[Question, ...]
    source: str = ""
    file: str = ""

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def asked_of(self, good_or_better: bool) -> tuple[Question, ...]:
        """The questions asked of a school (those ``only_for`` good or better left out of others)."""
        return tuple(q for q in self.questions if q.only_for is None or good_or_better)


def _line_of(text: str, key: str, block: int | None = None, header: str = "[[questions]]") -> int:
    """The line (from 1) where ``key =`` is written: in the ``block``-th ``[[questions]]`` (from 0),
    or at the top level before the first block; the block's own line when the key is missing."""
    lines = text.splitlines()
    start, seen = 0, -1
    for number, line in enumerate(lines):
        if line.strip() == header:
            seen += 1
            if block is not None and seen == block:
                start = number
                break
            if block is None:
                lines = lines[:number]
                break
    end = len(lines)
    if block is not None:
        for number in range(start + 1, len(lines)):
            if lines[number].strip().startswith("["):
                end = number
                break
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    for number in range(start, end):
        if pattern.match(lines[number]):
            return number + 1
    return start + 1


def _decode(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = found.group(1) if found else "?"
        raise QuestionnaireError(f"{name}, line {line}: this is not valid TOML ({error})") from None


def parse_scales(text: str, name: str = SCALES_FILE) -> dict[str, Scale]:
    data = _decode(text, name)
    scales: dict[str, Scale] = {}
    for scale_name, body in data.items():
        where = f"{name}, line {_line_of(text, 'options', None, f'[{scale_name}]')}, key '{scale_name}'"
        if not isinstance(body, dict) or not isinstance(body.get("options"), list):
            raise QuestionnaireError(f"{where}: a scale needs a list of options")
        options = []
        for index, option in enumerate(body["options"]):
            if not isinstance(option, dict) or not isinstance(option.get("value"), str):
                raise QuestionnaireError(f"{where}: option {index + 1} needs a value (text)")
            score = option.get("score")
            if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
                raise QuestionnaireError(
                    f"{where}: option {option['value']!r} has a score that is not a number"
                )
            options.append(
                Option(
                    option["value"],
                    str(option.get("label", option["value"])),
                    None if score is None else float(score),
                    bool(option.get("favourable", False)),
                )
            )
        if len({o.value for o in options}) != len(options):
            raise QuestionnaireError(f"{where}: two options have the same value")
        scales[scale_name] = Scale(scale_name, str(body.get("label", scale_name)), tuple(options))
    return scales


@cache
def scales() -> dict[str, Scale]:
    text = resources.files(PACKAGE).joinpath(SCALES_FILE).read_text(encoding="utf-8")
    return parse_scales(text)


def parse(text: str, name: str, known_scales: dict[str, Scale] | None = None) -> Questionnaire:
    """Read one questionnaire file, naming the file, line and key of any mistake."""
    known = known_scales if known_scales is not None else scales()
    data = _decode(text, name)

    def top(key: str, message: str) -> QuestionnaireError:
        return QuestionnaireError(f"{name}, line {_line_of(text, key)}, key '{key}': {message}")

    qid = data.get("id")
    if not isinstance(qid, str) or not _ID.fullmatch(qid):
        raise top("id", "give the questionnaire an id of lower-case letters, digits and _")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise top("version", "the version must be a whole number from 1")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise top("title", "give the questionnaire a title")
    answered_by = data.get("answered_by")
    if (
        not isinstance(answered_by, list)
        or not answered_by
        or not all(isinstance(r, str) and r in RESPONDENTS for r in answered_by)
    ):
        raise top("answered_by", f"say who answers it, a list of {', '.join(RESPONDENTS)}")
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise top("questions", "a questionnaire needs at least one [[questions]]")
    questions: list[Question] = []
    for index, body in enumerate(raw):

        def bad(key: str, message: str, index: int = index) -> QuestionnaireError:
            line = _line_of(text, key, index)
            return QuestionnaireError(
                f"{name}, line {line}, key 'questions.{key}': question {index + 1}: {message}"
            )

        question_id = body.get("id")
        if not isinstance(question_id, str) or not _ID.fullmatch(question_id):
            raise bad("id", "give the question an id of lower-case letters, digits and _")
        if any(q.id == question_id for q in questions):
            raise bad("id", f"the id {question_id!r} is used twice")
        question_text = body.get("text")
        if not isinstance(question_text, str) or not question_text.strip():
            raise bad("text", "give the question its text")
        scale_name = body.get("scale")
        if scale_name not in known:
            raise bad("scale", f"the scale must be one of {', '.join(sorted(known))}")
        required = body.get("required", True)
        if not isinstance(required, bool):
            raise bad("required", "required is true or false")
        only_for = body.get("only_for")
        if only_for is not None and only_for not in ONLY_FOR:
            raise bad("only_for", f"only_for must be one of {', '.join(ONLY_FOR)}")
        unknown = set(body) - {"id", "text", "scale", "required", "only_for"}
        if unknown:
            raise bad(sorted(unknown)[0], f"peerlift does not know the key {sorted(unknown)[0]!r}")
        questions.append(
            Question(question_id, " ".join(question_text.split()), known[scale_name], required, only_for)
        )
    return Questionnaire(
        qid,
        version,
        " ".join(title.split()),
        tuple(answered_by),
        tuple(questions),
        str(data.get("source", "")),
        name,
    )


@cache
def questionnaires() -> dict[tuple[str, int], Questionnaire]:
    """Every questionnaire file of the folder, keyed by (id, version); two files with the same id and
    version are refused."""
    found: dict[tuple[str, int], Questionnaire] = {}
    folder = resources.files(PACKAGE)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml") or entry.name == SCALES_FILE:
            continue
        made = parse(entry.read_text(encoding="utf-8"), entry.name)
        key = (made.id, made.version)
        if key in found:
            raise QuestionnaireError(
                f"{entry.name}, line {_line_of(entry.read_text(encoding='utf-8'), 'version')}, "
                "key 'version': "
                f"{found[key].file} already holds {made.id} version {made.version}"
            )
        found[key] = made
    return found


def latest(questionnaire_id: str) -> Questionnaire | None:
    """The newest version of a questionnaire."""
    versions = [q for (qid, _), q in questionnaires().items() if qid == questionnaire_id]
    return max(versions, key=lambda q: q.version) if versions else None


def get(questionnaire_id: str, version: int | None = None) -> Questionnaire | None:
    if version is None:
        return latest(questionnaire_id)
    return questionnaires().get((questionnaire_id, version))


def check_answer(question: Question, answer: str) -> str:
    """The answer as stored (an option's value, or the text), or ValueError saying what the scale takes."""
    cleaned = " ".join(answer.split())
    if not cleaned:
        raise ValueError("the answer is blank")
    if question.scale.free_text:
        return answer.strip()
    option = question.scale.option(cleaned)
    if option is None:
        allowed = ", ".join(o.value for o in question.scale.options)
        raise ValueError(f"{answer!r} is not an answer on the {question.scale.name} scale ({allowed})")
    return option.value
