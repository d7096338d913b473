"""Commands for networks and clusters: thin shells around web/network_data.py (the networks' models
are the web app's) and analysis/networks.py."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from peerlift.cli.common import DbOption, Format, FormatOption, app, console, emit, fail, open_database

PANEL = "Networks and clusters"
LaOption = Annotated[int, typer.Option("--la", help="Old 3-digit LA code, e.g. 331.")]

networks_app = typer.Typer(
    help="Networks and clusters: overlap, turbulence, activities, outcomes.", no_args_is_help=True
)
app.add_typer(networks_app, name="networks", rich_help_panel=PANEL)


class By(StrEnum):
    YEAR = "year"
    TERM = "term"


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise fail(f"--on {text!r} is not a date in the form YYYY-MM-DD.") from None


OnOption = Annotated[str | None, typer.Option("--on", help="The day to look at, YYYY-MM-DD (default today).")]


@networks_app.command("overlap")
def overlap(la: LaOption, on: OnOption = None, fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Schools in several arrangements of one purpose, ad hoc arrangements beside a cluster, turbulent
    networks and schools in no network, each with its reason."""
    day = _day(on)
    open_database(db)
    from peerlift.web import network_data

    found = network_data.findings(la, day)
    if fmt is Format.JSON:
        emit(found, fmt)
        return
    rows = [
        {"finding": finding, "reason": row["reason"]}
        for finding in ("overlap", "beside", "turbulence", "no_network")
        for row in found[finding]
    ]
    emit(rows, fmt, ["finding", "reason"])


@networks_app.command("activities")
def activities(
    la: LaOption,
    by: Annotated[By, typer.Option("--by", help="Shares per school year or per term.")] = By.YEAR,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """The share of the LA's networks' activities with each level taking part, over time."""
    open_database(db)
    from peerlift.web import network_data

    found = network_data.levels_share(la, by.value)
    if fmt is Format.JSON:
        emit(found, fmt)
        return
    columns = ["period", "activities", *(f"{level}_pct" for level in found["levels"])]
    emit(found["periods"], fmt, columns)


@networks_app.command("outcomes")
def outcomes(
    la: LaOption, on: OnOption = None, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """Each network's current members good or better, its trend, against the LA and against families."""
    day = _day(on)
    open_database(db)
    from peerlift.web import network_data

    rows = network_data.outcomes(la, day)
    emit(
        rows,
        fmt,
        None
        if fmt is Format.JSON
        else ["network", "members", "good_or_better_pct", "trend", "against_la", "above_family"],
    )


@networks_app.command("report")
def report(
    la: LaOption,
    network: Annotated[str, typer.Option("--network", help="The network's name.")],
    output: Annotated[Path, typer.Option(help="The report as a PDF or XLSX file (by its suffix).")],
    db: DbOption = None,
) -> None:
    """A network's report: members over time, activities by level, outcomes."""
    if output.suffix.lower() not in (".pdf", ".xlsx"):
        raise fail(f"--output {output.name}: a network report is written as .pdf or .xlsx.")
    open_database(db)
    from peerlift.reports import network_report
    from peerlift.web import network_data
    from peerlift.web.models import Network

    found = Network.objects.filter(la_code=la, name__iexact=network).first()
    if found is None:
        raise fail(f"LA {la} has no network called {network!r}.")
    fmt = output.suffix.lower().lstrip(".")
    survey = network_report.survey_of(found.pk)
    output.write_bytes(network_report.render(network_data.report_data(found), fmt, survey))
    console.print(f"Wrote {output}")
