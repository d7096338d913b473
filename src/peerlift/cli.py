"""The ``peerlift`` command: data work from the shell. Each command is a thin shell around store/,
analysis/ and sources/; output formats are documented in docs/cli.md."""

from __future__ import annotations

import csv
import json
import os
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    help="peerlift: school-to-school support for local authorities, trusts and regions.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $DATABASE_URL, else ./peerlift.sqlite3)."),
]
FormatOption = Annotated[Format, typer.Option("--format", help="Output format.")]


def open_database(db: str | None) -> None:
    """Point Django at the database, set it up, and bring its tables up to date."""
    if db:
        os.environ["DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def emit(rows: list[dict[str, Any]] | dict[str, Any], fmt: Format, columns: list[str] | None = None) -> None:
    """Print rows as JSON, CSV or a table."""
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        return
    records = rows if isinstance(rows, list) else [rows]
    columns = columns or (list(records[0]) if records else [])
    if fmt is Format.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        return
    table = Table(*columns)
    for record in records:
        table.add_row(*("" if record.get(c) is None else str(record.get(c)) for c in columns))
    console.print(table)


def fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Published files to load.", show_default=False)],
    kind: Annotated[str | None, typer.Option(help="Force the file kind instead of recognising it.")] = None,
    year: Annotated[int | None, typer.Option(help="The year the file is for (2024 = 2023/24).")] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="Name for a neighbour set.")] = None,
    db: DbOption = None,
) -> None:
    """Load published files (GIAS, Ofsted, performance tables, LA statistics, neighbours)."""
    open_database(db)
    from peerlift.sources.base import SourceError
    from peerlift.store.imports import import_file

    failed = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        overall = progress.add_task("importing", total=len(files))
        for path in files:
            progress.update(overall, description=f"{path.name}")
            try:
                outcome = import_file(
                    path,
                    kind=kind,
                    year=year,
                    set_name=set_name,
                    step=partial(_show_step, progress, overall, path),
                )
            except SourceError as error:
                failed += 1
                progress.console.print(f"[bold red]✗[/] {error}", highlight=False, soft_wrap=True)
            else:
                progress.console.print(_describe(outcome), highlight=False, soft_wrap=True)
            progress.advance(overall)
    if failed:
        raise fail(f"{failed} of {len(files)} files were not imported; nothing of them was stored.")


def _show_step(progress: Progress, task: Any, path: Path, what: str) -> None:
    progress.update(task, description=f"{path.name}: {what}")


def _describe(outcome: Any) -> str:
    record = outcome.record
    if outcome.unchanged:
        return (
            f"[yellow]=[/] {record.file_name}: already imported as import {record.pk} ({record.kind}); "
            "nothing changed"
        )
    tables = ", ".join(f"{n:,} {t.replace('_', ' ')}" for t, n in record.counts.items() if isinstance(n, int))
    year = f" {record.year}" if record.year else ""
    extra = f"; {record.rows_skipped:,} rows skipped" if record.rows_skipped else ""
    unknown = f"; {len(record.unknown_columns)} unknown columns reported" if record.unknown_columns else ""
    return (
        f"[green]✓[/] {record.file_name}: {record.kind}{year}, {record.rows_read:,} rows read → "
        f"{tables}{extra}{unknown} ({record.seconds:.1f}s)"
    )


@app.command()
def imports(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """List every import with its provenance (file, sha256, kind, year, rows, who, when)."""
    open_database(db)
    from peerlift.store import queries

    rows = queries.imports()
    columns = [
        "id",
        "file_name",
        "kind",
        "year",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_skipped",
        "loaded_by",
        "loaded_at",
    ]
    emit(rows, fmt, None if fmt is Format.JSON else columns)


@app.command()
def schools(
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code, e.g. 331.")] = None,
    phase: Annotated[str | None, typer.Option(help="Phase, e.g. primary, secondary.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """List schools in the register."""
    open_database(db)
    from peerlift.store import queries

    rows = queries.schools(la=la, phase=phase)
    columns = None if fmt is Format.JSON else ["urn", "la", "name", "phase", "type", "status", "pupils"]
    emit(rows, fmt, columns)


@app.command()
def school(urn: int, fmt: FormatOption = Format.JSON, db: DbOption = None) -> None:
    """One school: its record, lineage, inspections in each framework's terms, and measures by year."""
    open_database(db)
    from peerlift.store import queries

    detail = queries.school_detail(urn)
    if detail is None:
        raise fail(f"no school with URN {urn} is in the register.")
    if fmt is Format.JSON:
        emit(detail, fmt)
        return
    emit([{k: v for k, v in detail.items() if not isinstance(v, list | dict)}], fmt)
    emit(detail["inspections"], fmt, ["start_date", "framework", "inspection_type", "judgements", "outcome"])
    emit(detail["measures"], fmt, ["year", "measure", "value", "missing"])


@app.command()
def measures(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    measure: Annotated[str, typer.Option(help="Measure name, e.g. ks2_rwm_expected.")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's values of a measure by year, with its region and England beside them."""
    open_database(db)
    from peerlift.store import queries

    rows = queries.la_measures(la, measure)
    if not rows:
        raise fail(f"no values of {measure!r} for LA {la}, its region or England are in the register.")
    emit(rows, fmt)


@app.command()
def neighbours(
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code, e.g. 331.")] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="Neighbour set name, e.g. 2021.")] = None,
    compute: Annotated[
        bool, typer.Option("--compute", help="Compute neighbours from LA characteristics (LAIT figures).")
    ] = False,
    variables: Annotated[
        list[str] | None,
        typer.Option(help="Characteristics for --compute: CODE, CODE=WEIGHT or log:CODE=WEIGHT (repeat)."),
    ] = None,
    year: Annotated[int | None, typer.Option(help="Take characteristics up to this year.")] = None,
    save: Annotated[
        str | None, typer.Option(help="Store the computed neighbours as a set of this name.")
    ] = None,
    agreement: Annotated[
        bool, typer.Option("--agreement", help="Computed vs the official set (--set), every LA.")
    ] = False,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's statistical neighbours in a named set, or computed from LA characteristics."""
    open_database(db)
    from peerlift.store import picture, queries

    if compute or agreement or save:
        _computed_neighbours(la, set_name, variables, year, save, agreement, fmt)
        return
    if la is None:
        raise fail("give --la CODE (or --compute / --agreement).")
    result = queries.neighbours(la, set_name)
    if result is None:
        known = ", ".join(queries.neighbour_sets()) or "none yet"
        raise fail(f"no neighbour set {set_name!r} (sets loaded: {known}).")
    if picture.NeighbourSet.objects.filter(name=result["set"], computed=True).exists():
        result["computed"] = True
    if fmt is Format.JSON:
        emit(result, fmt)
    else:
        emit(result["members"], fmt)


def _computed_neighbours(
    la: int | None,
    set_name: str | None,
    variables: list[str] | None,
    year: int | None,
    save: str | None,
    agreement: bool,
    fmt: Format,
) -> None:
    from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES, parse_variables
    from peerlift.store import picture

    try:
        chosen = parse_variables(variables) if variables else DEFAULT_VARIABLES
        result = picture.compute_neighbours(chosen, year, set_name=save or "computed")
        if save:
            stored = picture.save_neighbour_set(result, save)
            errors.print(f"Stored computed neighbour set {stored.name!r} ({stored.description}).")
        if agreement:
            found, official = picture.agreement(result, set_name)
            rows = picture.agreement_rows(found)
            if fmt is Format.JSON:
                summary = {
                    "official_set": official,
                    "compared": found.compared,
                    "mean_agree": round(found.mean_agree, 2),
                }
                emit({**summary, "distribution": found.distribution, "las": rows}, fmt)
            else:
                emit(rows, fmt)
                errors.print(f"{found.summary()} ({official!r}).")
                errors.print(
                    "LAs by neighbours in common: "
                    + ", ".join(f"{k}: {v}" for k, v in found.distribution.items()),
                )
            return
        if la is not None:
            detail = picture.computed_for(result, la)
            emit(detail if fmt is Format.JSON else detail["members"], fmt)
    except (ValueError, picture.PictureError) as error:
        raise fail(str(error)) from None


@app.command()
def compare(
    measure: Annotated[
        list[str], typer.Option(help="Measure name, e.g. ks2_rwm_expected (repeat; 'all' for every one).")
    ],
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code; leave out for every LA.")] = None,
    neighbours_set: Annotated[
        str | None, typer.Option("--neighbours", help="Neighbour set: 2021, 2025 or a computed set.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA against its statistical neighbours, region and England, year by year, with rank and band."""
    open_database(db)
    from peerlift.analysis.compare import COLUMNS
    from peerlift.store import picture

    measures = None if measure == ["all"] else measure
    try:
        rows = picture.compare_rows(la, measures, neighbours_set)
    except picture.PictureError as error:
        raise fail(str(error)) from None
    if fmt is Format.JSON:
        emit(rows, fmt)
        return
    for row in rows:
        missing = row["missing_neighbours"]
        row["missing_neighbours"] = (
            f"{len(missing)} of {row['neighbours_expected']}"
            if fmt is Format.TABLE and missing
            else " ".join(map(str, missing))
        )
    columns = COLUMNS[: COLUMNS.index("note") + 1]
    if fmt is Format.TABLE:
        for row in rows:
            row["neighbours_mean"] = _one_place(row["neighbours_mean"])
            row["change"] = _one_place(row["change"])
        if la is None or len(measure) != 1:
            columns = ["la_code", "measure", *columns]
    else:
        columns = [*columns, "la_code", "la_name", "measure", "neighbour_set"]
    emit(rows, fmt, columns)


def _one_place(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}"


@app.command("good-or-better")
def good_or_better(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    date: Annotated[str, typer.Option(help="As at this date, YYYY-MM-DD.")],
    by: Annotated[str | None, typer.Option(help="'phase' for a row per phase group.")] = None,
    predecessors: Annotated[
        bool, typer.Option(help="Converter academies not yet inspected take their predecessor's grade.")
    ] = True,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Schools and pupils in good or outstanding schools as at a date, in each inspection era's terms."""
    open_database(db)
    from peerlift.store import picture

    if by not in (None, "phase"):
        raise fail("--by can only be 'phase'.")
    try:
        result = picture.good_or_better_for(la, _date(date), predecessors)
    except picture.PictureError as error:
        raise fail(str(error)) from None
    rows = picture.good_or_better_rows(result, by_phase=by == "phase")
    columns = None
    if fmt is not Format.JSON:
        columns = ["measure", "as_at", "phase", "schools", "schools_meeting", "schools_pct"]
        columns += ["pupils_pct", "not_inspected_schools", "era"]
    emit(rows, fmt, columns)


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{text!r} is not a date written YYYY-MM-DD.") from None


class SummaryFormat(StrEnum):
    JSON = "json"
    MARKDOWN = "markdown"


@app.command("inspections-summary")
def inspections_summary(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    fmt: Annotated[SummaryFormat, typer.Option("--format", help="Output format.")] = SummaryFormat.MARKDOWN,
    db: DbOption = None,
) -> None:
    """A focused-inspection summary: each school's outcome against its previous grade, and the sentences."""
    open_database(db)
    from peerlift.store import picture

    try:
        summary = picture.inspections_summary(la, _date(start), _date(end))
    except picture.PictureError as error:
        raise fail(str(error)) from None
    if fmt is SummaryFormat.JSON:
        emit(picture.summary_json(summary), Format.JSON)
    else:
        sys.stdout.write(picture.summary_markdown(summary))


chart_app = typer.Typer(help="Charts (SVG) with their data tables.", no_args_is_help=True)
app.add_typer(chart_app, name="chart")


@chart_app.command("compare")
def chart_compare(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    measure: Annotated[str, typer.Option(help="Measure name, e.g. ks2_rwm_expected.")],
    output: Annotated[Path, typer.Option(help="The SVG file to write; its table goes beside it as .csv.")],
    neighbours_set: Annotated[
        str | None, typer.Option("--neighbours", help="Neighbour set: 2021, 2025 or a computed set.")
    ] = None,
    db: DbOption = None,
) -> None:
    """A comparison as a line chart (SVG, no browser needed) with its data table beside it (CSV)."""
    open_database(db)
    from peerlift.domain.measures import info
    from peerlift.reports.charts import figure
    from peerlift.store import picture

    try:
        table, set_used = picture.compare(la, [measure], neighbours_set)
    except picture.PictureError as error:
        raise fail(str(error)) from None
    label = picture.MeasureDefinition.objects.filter(measure=measure).values_list("label", flat=True).first()
    la_name = table.item(0, "la_name") if table.height else None
    made = figure(table, label or info(measure).label, la_name)
    output.write_text(made.svg, encoding="utf-8")
    beside = output.with_suffix(".csv")
    with beside.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(made.table[0]) if made.table else [])
        writer.writeheader()
        writer.writerows(made.table)
    console.print(f"Wrote {output} and its table {beside} (neighbour set {set_used!r}).")


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed makes the same files.")] = 0,
    national: Annotated[bool, typer.Option(help="All of England at real sizes, for benchmarks.")] = False,
    output: Annotated[Path | None, typer.Option(help="Folder for the files (default var/demo).")] = None,
    load: Annotated[bool, typer.Option(help="Load the files after writing them.")] = True,
    db: DbOption = None,
) -> None:
    """Write a synthetic LA ("Demo City", code 999) in the published formats and load it."""
    from peerlift.demo import generate

    folder = output or Path("var") / ("demo-national" if national else "demo")
    folder.mkdir(parents=True, exist_ok=True)
    with console.status("writing synthetic files"):
        paths = generate(folder, seed=seed, national=national)
    console.print(f"Wrote {len(paths)} files to {folder}")
    if load:
        import_(paths, kind=None, year=None, set_name=None, db=db)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="gunicorn worker processes.")] = 2,
    db: DbOption = None,
) -> None:
    """Serve the web application with gunicorn (static files included)."""
    open_database(db)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    console.print(f"peerlift is serving at http://{host}:{port}/  (Ctrl+C to stop)")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "peerlift.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--preload",
        "--access-logfile",
        "-",
    ]
    sys.stdout.flush()
    os.execv(sys.executable, command)  # gunicorn takes this process's place, and its signals


@app.command()
def migrate(db: DbOption = None) -> None:
    """Create or update the database tables (every command does this itself when needed)."""
    open_database(db)
    console.print("The database is up to date.")


@app.command()
def createuser(
    username: Annotated[str, typer.Argument(help="The name they sign in with.")],
    role: Annotated[
        str, typer.Option(help="admin, officer, headteacher, network_lead or member.")
    ] = "officer",
    la: Annotated[int | None, typer.Option(help="Their LA (old 3-digit code, e.g. 331).")] = None,
    urn: Annotated[int | None, typer.Option(help="A headteacher's or governor's school.")] = None,
    network: Annotated[list[str] | None, typer.Option(help="A network lead's network (repeatable).")] = None,
    full_name: Annotated[str, typer.Option(help="Their name.")] = "",
    email: Annotated[str, typer.Option(help="Their email address.")] = "",
    superuser: Annotated[bool, typer.Option(help="May see and manage everything, in every LA.")] = False,
    db: DbOption = None,
) -> None:
    """Create a web user with a role and its scope; prints a generated password once."""
    open_database(db)
    from peerlift.web import accounts
    from peerlift.web.models import Role

    try:
        scope = accounts.Scope(Role(role), la=la, urn=urn, networks=tuple(network or ()))
        user, password = accounts.create_user(
            username, None, scope, actor="cli", full_name=full_name, email=email, superuser=superuser
        )
    except ValueError as error:
        raise fail(f"{error}.") from None
    console.print(f"Created {user.username} ({Role(role).label}). Password: {password}", highlight=False)


@app.command("demo-users")
def demo_users(
    la: Annotated[int, typer.Option(help="The LA whose demo logins to make.")] = 999,
    db: DbOption = None,
) -> None:
    """Make (or reset) one login per role for an LA, e.g. the demo LA, and print them."""
    open_database(db)
    from peerlift.web import accounts

    try:
        logins = accounts.demo_users(la, actor="cli")
    except accounts.AccountError as error:
        raise fail(f"{error}.") from None
    emit([{"username": u, "role": r, "password": p} for u, r, p in logins], Format.TABLE)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
