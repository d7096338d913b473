"""Survey commands: the questionnaires, an LA's rounds, making a round and a round's results. Thin
shells around analysis.questionnaire, store.surveys and web/survey_changes.py (a round made here is
audited like one made on the web)."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from peerlift.cli.common import DbOption, Format, FormatOption, app, emit, fail, open_database

PANEL = "Surveys"
surveys_app = typer.Typer(help="Surveys of heads, governors and network leads.", no_args_is_help=True)
app.add_typer(surveys_app, name="surveys", rich_help_panel=PANEL)


class By(StrEnum):
    PHASE = "phase"
    TYPE = "type"
    CATEGORY = "category"
    PREVIOUS_GRADE = "previous_grade"
    NETWORK = "network"


class ResultsFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} {text!r} is not a date in the form YYYY-MM-DD.") from None


@surveys_app.command("questionnaires")
def questionnaires(fmt: FormatOption = Format.TABLE) -> None:
    """Every questionnaire peerlift has (analysis/questionnaires/*.toml), with its questions."""
    from peerlift.analysis import questionnaire

    rows = [
        {
            "id": q.id,
            "version": q.version,
            "title": q.title,
            "answered_by": ", ".join(q.answered_by),
            "questions": len(q.questions),
            "question_list": [
                {
                    "id": x.id,
                    "text": x.text,
                    "scale": x.scale.name,
                    "required": x.required,
                    "only_for": x.only_for,
                }
                for x in q.questions
            ],
        }
        for q in questionnaire.questionnaires().values()
    ]
    emit(rows, fmt, ["id", "version", "title", "answered_by", "questions"])


@surveys_app.command("rounds")
def rounds(
    la: Annotated[int, typer.Option("--la", help="Old 3-digit LA code, e.g. 331.")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's survey rounds, newest first, with how many of the schools asked have answered."""
    open_database(db)
    from peerlift.store import surveys

    emit(
        surveys.rounds(la),
        fmt,
        ["id", "title", "questionnaire", "version", "opens_on", "closes_on", "open", "schools", "answered"],
    )


@surveys_app.command("create-round")
def create_round(
    la: Annotated[int, typer.Option("--la", help="Old 3-digit LA code, e.g. 331.")],
    questionnaire: Annotated[str, typer.Option("--questionnaire", help="The questionnaire's id.")],
    opens: Annotated[str, typer.Option("--opens", help="The first day answers are taken, YYYY-MM-DD.")],
    closes: Annotated[str, typer.Option("--closes", help="The last day answers are taken, YYYY-MM-DD.")],
    title: Annotated[
        str, typer.Option("--title", help="The round's title (default the questionnaire's).")
    ] = "",
    version: Annotated[
        int | None, typer.Option("--version", help="The questionnaire's version (default its newest).")
    ] = None,
    urn: Annotated[
        list[int] | None,
        typer.Option("--urn", help="A school to ask (repeat it); default every open school."),
    ] = None,
    network: Annotated[
        int | None, typer.Option("--network", help="A network's number: ask its schools, for its own survey.")
    ] = None,
    user: Annotated[str, typer.Option("--user", help="Who makes it, for the audit log.")] = "",
    db: DbOption = None,
) -> None:
    """Make a survey round of a questionnaire for an LA's schools (or a network's), audited."""
    import getpass

    start, end = _day(opens, "--opens"), _day(closes, "--closes")
    open_database(db)
    from peerlift.store.surveys import RoundError
    from peerlift.web import survey_changes

    urns = list(urn) if urn else None
    if network is not None:
        if survey_changes.network_la(network) != la:
            raise fail(f"--network {network}: there is no network {network} in LA {la}.")
        urns = urns or survey_changes.network_urns(network)
    try:
        made = survey_changes.create_round(
            user or getpass.getuser(), la, questionnaire, title, start, end, urns, version, network
        )
    except RoundError as error:
        raise fail(str(error)) from None
    typer.echo(f"Round {made.pk}: {made.title} ({made.schools.count()} schools asked)")


def _csv_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per question, group and option: what a spreadsheet pivots."""
    rows = []
    for question in result["questions"]:
        if question["scale"] == "free_text":
            continue
        groups = [
            {
                "group": "All",
                "answers": question["answers"],
                "held_back": question["held_back"],
                "note": question["note"],
                "options": question["options"],
                "favourable_pct": question["favourable_pct"],
                "mean": question["mean"],
            }
        ]
        groups += question.get("groups", [])
        for group in groups:
            for option in group.get("options") or [{"value": "", "count": None, "pct": None}]:
                rows.append(
                    {
                        "question_id": question["id"],
                        "group": group["group"],
                        "answers": group["answers"],
                        "note": group["note"],
                        "option": option["value"],
                        "count": None if group["held_back"] else option["count"],
                        "pct": None if group["held_back"] else option["pct"],
                        "favourable_pct": group.get("favourable_pct"),
                        "mean": group.get("mean"),
                    }
                )
    return rows


CSV_COLUMNS = ["question_id", "group", "answers", "note", "option", "count", "pct", "favourable_pct", "mean"]


@surveys_app.command("results")
def results(
    round_id: Annotated[int, typer.Argument(metavar="ROUND", help="The round's number.")],
    by: Annotated[By | None, typer.Option("--by", help="Break the results down by this.")] = None,
    fmt: Annotated[ResultsFormat, typer.Option("--format", help="Output format.")] = ResultsFormat.JSON,
    db: DbOption = None,
) -> None:
    """A round's results: each question's answers, by phase, type, category, previous grade or network,
    beside the last round of the same questionnaire; groups of fewer than 5 answers held back."""
    open_database(db)
    from peerlift.store import surveys
    from peerlift.web import survey_changes

    found = surveys.round_or_none(round_id)
    if found is None:
        raise fail(f"there is no survey round {round_id}.")
    networks = survey_changes.network_names(found.la_code) if by is By.NETWORK else None
    result = surveys.results(found, by.value if by else None, networks)
    if fmt is ResultsFormat.JSON:
        emit(result, Format.JSON)
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(_csv_rows(result))
