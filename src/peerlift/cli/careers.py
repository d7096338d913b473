"""Commands for careers, governance and aspirations: thin shells around store.careers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from peerlift.cli.common import DbOption, Format, FormatOption, app, console, emit, fail, open_database

PANEL = "Careers, governance and aspirations"
LaOption = Annotated[int, typer.Option("--la", help="Old 3-digit LA code, e.g. 331.")]


@app.command(rich_help_panel=PANEL)
def careers(
    la: LaOption,
    year: Annotated[
        int | None, typer.Option(help="Year the school year ends (2024 = 2023/24); default the latest.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option(help="Write the summary as a PDF or XLSX file (by its suffix) instead.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's schools against the eight Gatsby benchmarks in a year, beside the national average."""
    if output is not None and output.suffix.lower() not in (".pdf", ".xlsx"):
        raise fail(f"--output {output.name}: a careers summary is written as .pdf or .xlsx.")
    open_database(db)
    from peerlift.store import careers as store

    years = store.careers_years(la)
    chosen = year if year is not None else (years[0] if years else None)
    if chosen is None:
        raise fail(f"no Gatsby benchmark results are recorded for LA {la}: import a gatsby_benchmarks file.")
    result = store.careers_summary(la, chosen)
    if output is not None:
        from peerlift.reports import careers_summary
        from peerlift.store import access

        name = (access.local_authority(la) or {"name": f"LA {la}"})["name"]
        output.write_bytes(careers_summary.render(result, name, output.suffix.lower().lstrip(".")))
        console.print(f"Wrote {output}")
        return
    if fmt is Format.JSON:
        emit(result, fmt)
    else:
        emit(result["per_school"], fmt)


governors_app = typer.Typer(help="Governors: training and the schools to offer it to.", no_args_is_help=True)
app.add_typer(governors_app, name="governors", rich_help_panel=PANEL)


@governors_app.command("flagged")
def governors_flagged(
    la: LaOption,
    months: Annotated[
        int | None,
        typer.Option(
            help="Months without training that flag a school (default governance.toml's, 12).", min=1
        ),
    ] = None,
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The day to look back from, YYYY-MM-DD (default today).")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Schools not yet good whose governors attended no training in the last N months."""
    try:
        on = dt.date.fromisoformat(as_at) if as_at else None
    except ValueError:
        raise fail(f"--as-at {as_at!r} is not a date in the form YYYY-MM-DD.") from None
    open_database(db)
    from peerlift.store import careers as store

    rows = store.governors_flagged(la, on, months)
    emit(rows, fmt, ["urn", "name", "why_not_yet_good", "last_training"])


@app.command(rich_help_panel=PANEL)
def aspirations(
    la: LaOption,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's aspiration events and their totals per school year."""
    open_database(db)
    from peerlift.store import careers as store

    if fmt is Format.JSON:
        emit({"la": la, "events": store.events(la), "totals": store.event_totals(la)}, fmt)
    else:
        emit(store.events(la), fmt, ["name", "start_date", "schools", "children_reached", "volunteers"])
