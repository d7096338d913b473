"""A survey round's results: each question's answers counted, broken down by a school's phase, type,
category, previous grade or network, beside the last round of the same questionnaire.

The small-group rule (surveys.toml, ``min_answers``, default 5): a group with fewer answers to a
question than that is not broken down; it says "fewer than 5 answers" and shows no figure. When only
one group of a question is held back, the next smallest is held back too, so that the first cannot be
worked out as the total less the others; a question with fewer answers than that in all is held back
whole. Free-text answers are listed by question and grouped by the words they share (below): a
grouping, not a verdict on what the answers mean.

Grouping free text: each answer's words, in lower case, less surveys.toml's stopwords and words of one
or two letters, a plural "s" dropped where the word without it is also used; a word is *shared* when
two or more answers use it. The answers are grouped greedily: the shared word used by most of the
answers not yet grouped (ties: alphabetical) takes all of them that use it, and so on while some word
is shared by two or more of those left; the rest are "not grouped". Pure: no Django.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from peerlift.analysis.questionnaire import Question, Questionnaire

RULES_FILE = "surveys.toml"
GROUPINGS = ("phase", "type", "category", "previous_grade", "network")
NOT_KNOWN = "Not known"
NO_NETWORK = "Not in a network"
Row = dict[str, Any]


@dataclass(frozen=True)
class Rules:
    min_answers: int
    stopwords: frozenset[str]

    @property
    def too_few(self) -> str:
        return f"fewer than {self.min_answers} answers"


class RulesError(ValueError):
    """surveys.toml says something peerlift cannot use; the message names the key."""


def parse_rules(text: str) -> Rules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{RULES_FILE}: {error}") from None
    least = data.get("min_answers")
    if not isinstance(least, int) or isinstance(least, bool) or not 1 <= least <= 100:
        raise RulesError(f"{RULES_FILE}: 'min_answers' must be a whole number from 1 to 100")
    words = data.get("stopwords", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise RulesError(f"{RULES_FILE}: 'stopwords' must be a list of words")
    return Rules(least, frozenset(w.lower() for w in words))


@cache
def rules() -> Rules:
    return parse_rules(resources.files("peerlift.analysis").joinpath(RULES_FILE).read_text(encoding="utf-8"))


def groups_of(school: Mapping[str, Any] | None, by: str) -> list[str]:
    """The groups a school's answers count in: one, or for networks each it is in (or none)."""
    if school is None:
        return [NO_NETWORK] if by == "network" else [NOT_KNOWN]
    value = school.get(by)
    if by == "network":
        names = sorted({str(v) for v in value or []})
        return names or [NO_NETWORK]
    if value is None or value == "":
        return [NOT_KNOWN]
    return [str(value)]


def _closed_figures(question: Question, answers: Sequence[str]) -> Row:
    counts = Counter(answers)
    n = len(answers)
    options = [
        {
            "value": o.value,
            "label": o.label,
            "count": counts.get(o.value, 0),
            "pct": round(100 * counts.get(o.value, 0) / n, 1) if n else None,
        }
        for o in question.scale.options
    ]
    favourable = sum(counts.get(o.value, 0) for o in question.scale.options if o.favourable)
    scored = [(o.score, counts.get(o.value, 0)) for o in question.scale.options if o.score is not None]
    scored_n = sum(c for _, c in scored)
    mean = round(sum(s * c for s, c in scored) / scored_n, 2) if scored_n else None
    return {
        "options": options,
        "favourable_pct": round(100 * favourable / n, 1) if n else None,
        "mean": mean,
    }


def _held_back(sizes: Mapping[str, int], least: int) -> set[str]:
    """The groups whose figures are not shown: those under ``least``, and when that is only one of
    several, the next smallest too (so it cannot be derived from the total)."""
    small = {g for g, n in sizes.items() if n < least}
    shown = sorted((n, g) for g, n in sizes.items() if g not in small)
    if len(small) == 1 and shown:
        small.add(shown[0][1])
    return small


def _answers_of(answers: Iterable[Mapping[str, Any]], question_id: str) -> list[Mapping[str, Any]]:
    return [a for a in answers if a["question_id"] == question_id]


def _question_result(
    question: Question,
    answers: Sequence[Mapping[str, Any]],
    schools: Mapping[int, Mapping[str, Any]],
    by: str | None,
    rule: Rules,
) -> Row:
    values = [str(a["answer"]) for a in answers]
    n = len(values)
    found: Row = {
        "id": question.id,
        "text": question.text,
        "scale": question.scale.name,
        "only_for": question.only_for,
        "answers": n,
        "held_back": 0 < n < rule.min_answers,
        "note": rule.too_few if 0 < n < rule.min_answers else "",
    }
    if question.scale.free_text:
        found["free_text"] = group_texts(values, rule) if not found["held_back"] else None
        return found
    found.update(
        _closed_figures(question, values) if n >= rule.min_answers else _closed_figures(question, [])
    )
    if by is None:
        return found
    by_group: dict[str, list[str]] = {}
    for a in answers:
        for group in groups_of(schools.get(int(a["urn"])), by):
            by_group.setdefault(group, []).append(str(a["answer"]))
    held = _held_back({g: len(v) for g, v in by_group.items()}, rule.min_answers) if n else set()
    groups: list[Row] = []
    for group in sorted(by_group):
        if group in held:
            groups.append({"group": group, "answers": None, "held_back": True, "note": rule.too_few})
        else:
            groups.append(
                {
                    "group": group,
                    "answers": len(by_group[group]),
                    "held_back": False,
                    "note": "",
                    **_closed_figures(question, by_group[group]),
                }
            )
    found["groups"] = groups
    return found


def results(
    questionnaire: Questionnaire,
    answers: Sequence[Mapping[str, Any]],
    schools: Mapping[int, Mapping[str, Any]],
    by: str | None = None,
    previous: Sequence[Mapping[str, Any]] | None = None,
    rule: Rules | None = None,
) -> Row:
    """Each question's results: counts by option, % favourable and the mean score (closed questions),
    broken down ``by`` a school's phase, type, category, previous_grade or network (``schools`` maps a
    URN to those), with the last round's figures beside them (``previous``: its answers), and the
    free-text answers grouped by the words they share. ``answers`` are dicts of urn, respondent_role,
    question_id, answer."""
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"results are broken down by one of {', '.join(GROUPINGS)}, not {by!r}")
    rule = rule or rules()
    questions = []
    for question in questionnaire.questions:
        found = _question_result(question, _answers_of(answers, question.id), schools, by, rule)
        if previous is not None and not question.scale.free_text:
            before = _answers_of(previous, question.id)
            figures = _closed_figures(question, [str(a["answer"]) for a in before])
            shown = len(before) >= rule.min_answers
            found["previous"] = {
                "answers": len(before),
                "held_back": 0 < len(before) < rule.min_answers,
                "favourable_pct": figures["favourable_pct"] if shown else None,
                "mean": figures["mean"] if shown else None,
            }
            now, then = found.get("favourable_pct"), found["previous"]["favourable_pct"]
            found["change_pts"] = round(now - then, 1) if now is not None and then is not None else None
        questions.append(found)
    return {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "by": by,
        "min_answers": rule.min_answers,
        "schools_answered": len({int(a["urn"]) for a in answers}),
        "questions": questions,
    }


def aggregates_only(result: Row) -> Row:
    """The results without the free-text answers themselves (individual answers): each grouping's
    word and how many answers use it stay, for those who may see aggregates only."""
    questions = []
    for question in result["questions"]:
        text = question.get("free_text")
        if text:
            question = {
                **question,
                "free_text": {
                    "answers": text["answers"],
                    "groups": [{"term": g["term"], "answers": g["answers"]} for g in text["groups"]],
                    "not_grouped": len(text["not_grouped"]),
                },
            }
        questions.append(question)
    return {**result, "questions": questions}


_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


def words_of(text: str, rule: Rules) -> set[str]:
    """An answer's words that can be shared: lower case, no stopwords, three letters or more."""
    found = set()
    for word in _WORD.findall(text.lower()):
        word = re.sub(r"['’]s$", "", word).strip("'’-")
        if len(word) >= 3 and word not in rule.stopwords:
            found.add(word)
    return found


def group_texts(texts: Sequence[str], rule: Rules | None = None) -> Row:
    """Free-text answers grouped by the words they share (module docstring): each group's word, how
    many answers, and the answers; then those not grouped."""
    rule = rule or rules()
    raw = [words_of(t, rule) for t in texts]
    every = set().union(*raw) if raw else set()

    def fold(word: str) -> str:
        return word[:-1] if word.endswith("s") and word[:-1] in every else word

    terms = [{fold(w) for w in words} for words in raw]
    left = list(range(len(texts)))
    groups = []
    while True:
        counts = Counter(term for i in left for term in terms[i])
        shared = [(-c, t) for t, c in counts.items() if c >= 2]
        if not shared:
            break
        _, term = min(shared)
        taken = [i for i in left if term in terms[i]]
        groups.append({"term": term, "answers": len(taken), "texts": [texts[i] for i in taken]})
        left = [i for i in left if i not in taken]
    return {
        "answers": len(texts),
        "texts": list(texts),
        "groups": groups,
        "not_grouped": [texts[i] for i in left],
    }


# ---------------------------------------------------------------------------------------------
# A round's rated answers together (network-surveys): one share per round, so that networks' rounds
# stand side by side with their outcomes


def favourable_share(
    questionnaire: Questionnaire, answers: Sequence[Mapping[str, Any]], rule: Rules | None = None
) -> Row:
    """Every rated answer of a round together: who answered (a school's head and its network lead
    count as two), how many rated answers, and the % of them favourable. Held back (no figure, only
    the note) when fewer than ``min_answers`` answered, the small-group rule of a question's results."""
    rule = rule or rules()
    rated = {q.id: q for q in questionnaire.questions if not q.scale.free_text}
    given = [a for a in answers if a["question_id"] in rated]
    respondents = len({(int(a["urn"]), str(a["respondent_role"])) for a in given})
    held = 0 < respondents < rule.min_answers
    favourable = 0
    for a in given:
        option = rated[a["question_id"]].scale.option(str(a["answer"]))
        favourable += bool(option is not None and option.favourable)
    shown = bool(given) and not held
    return {
        "respondents": None if held else respondents,
        "answers": None if held else len(given),
        "favourable_pct": round(100 * favourable / len(given), 1) if shown else None,
        "held_back": held,
        "note": rule.too_few if held else "",
    }
