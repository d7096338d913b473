"""Demo City's survey answers, written in peerlift's survey_answers template (docs/data-formats.md,
"Templates") so that the demo loads them through the same reader and loader as an officer's file.

Each school has a view of the LA (a number from 0 to 1) that shifts a little between last year's
round and this year's, upwards on the whole (seed 001: "recent developments ... are improving the
rigour of challenge"); a rating is drawn around it. Most schools answer ("answers from most
schools"); free-text answers come from a bank of plausible phrases, so the grouping by shared words
has something to find. Pure: no Django.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from peerlift.analysis.questionnaire import Questionnaire

HEADER = ["urn", "respondent_role", "question_id", "answer", "round"]
ANSWER_SHARE = 0.85  # of the schools asked, those that answer

PHRASES: dict[str, tuple[str, ...]] = {
    "knows_school": (
        "Our school improvement adviser knows our data well",
        "The adviser visits each term and knows our data",
        "They know our results but not our context",
        "Visits have become more rigorous this year",
        "We rarely see anyone from the local authority",
        "The new categorisation discussion helped them know our school",
    ),
    "support_and_challenge": (
        "Termly visits from the improvement adviser",
        "Challenge through the termly review meeting",
        "Support with HR and redundancies was valued",
        "Governor training on performance data",
        "Little challenge, mostly support",
        "External review commissioned when results dipped",
    ),
    "impact_over_time": (
        "Too recent to see impact on results",
        "Results improved after the external review",
        "The support has helped our leaders improve teaching",
        "Hard to see impact over time",
        "Impact on governors holding us to account",
    ),
    "uses_strengths": (
        "Our leaders support other schools through the network",
        "We are asked to support other schools but not funded",
        "Not used at all: our strengths are not known",
        "Our English leader supports the network",
    ),
    "support_in_18_months": (
        "Our network and the teaching school hub",
        "The teaching school hub",
        "Our multi-academy trust",
        "The local authority's improvement advisers",
        "Other heads in our network",
        "The network, and national leaders of education",
        "Our trust and the teaching school",
    ),
    "improve_network": (
        "More time for heads to meet",
        "Shared appointments, such as a business manager",
        "A clearer shared purpose for the network",
        "Time for middle leaders to visit each other's schools",
        "Challenge as well as support between heads",
        "Funding for a network coordinator",
    ),
}


def _rating(rng: np.random.Generator, view: float, options: Sequence[str]) -> str:
    """An option drawn around a school's view (options from the best to the worst)."""
    position = float(np.clip(rng.normal((1 - view) * (len(options) - 1), 0.7), 0, len(options) - 1))
    return options[round(position)]


def answer_rows(
    rng: np.random.Generator,
    round_id: int,
    asked: Questionnaire,
    urns: Sequence[int],
    views: Mapping[int, float],
    good_or_better: Mapping[int, bool],
    leave_out: Sequence[int] = (),
    role: str = "headteacher",
) -> list[list[object]]:
    """The template's rows for a round: most of the schools asked (never those in ``leave_out``),
    each answering every question asked of it (free text about two times in three)."""
    rows: list[list[object]] = []
    for urn in urns:
        if urn in leave_out or rng.random() > ANSWER_SHARE:
            continue
        view = views.get(urn, 0.6)
        for question in asked.asked_of(good_or_better.get(urn, False)):
            if question.scale.free_text:
                bank = PHRASES.get(question.id.removesuffix("_why"), ())
                if not bank or (not question.required and rng.random() > 0.65):
                    continue
                answer = bank[int(rng.integers(len(bank)))]
            else:
                answer = _rating(rng, view, [o.value for o in question.scale.options])
            rows.append([urn, role, question.id, answer, round_id])
    return rows


def write(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """The template as a spreadsheet saves it: UTF-8 CSV, quoted where needed."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
