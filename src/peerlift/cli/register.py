"""Commands for the register: importing published files, listing what is in it, the demo."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from peerlift.cli.common import (
    DbOption,
    DetailFormat,
    DetailFormatOption,
    Format,
    FormatOption,
    app,
    console,
    emit,
    errors,
    fail,
    open_database,
)

PANEL = "The register"


@app.command("import", rich_help_panel=PANEL)
def import_(
    files: Annotated[list[Path], typer.Argument(help="Published files to load.", show_default=False)],
    kind: Annotated[str | None, typer.Option(help="Force the file kind instead of recognising it.")] = None,
    year: Annotated[int | None, typer.Option(help="The year the file is for (2024 = 2023/24).")] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="Name for a neighbour set.")] = None,
    user: Annotated[
        str | None,
        typer.Option(
            help="Import as this peerlift user, with their import rights (an LA officer or "
            "administrator: their own LA's schools only); without it, national rights."
        ),
    ] = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The date of a GIAS extract whose file name carries none (YYYY-MM-DD).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Load published files (GIAS, Ofsted, performance tables, LA statistics, neighbours)."""
    open_database(db)
    from peerlift.sources.base import SourceError
    from peerlift.store.imports import import_files

    actor, rights, own_la = _importer(user)

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
        show = partial(_show_step, progress, overall)
        given = date.date() if date else None
        outcomes = import_files(
            files,
            kind=kind,
            year=year,
            set_name=set_name,
            user=actor,
            step=show,
            rights=rights,
            on_loaded=partial(_audit, actor, own_la),
            date=given,
        )
        for _, outcome in outcomes:
            if isinstance(outcome, SourceError):
                failed += 1
                progress.console.print(f"[bold red]✗[/] {outcome}", highlight=False, soft_wrap=True)
            else:
                progress.console.print(_describe(outcome), highlight=False, soft_wrap=True)
            progress.advance(overall)
    if failed:
        raise fail(f"{failed} of {len(files)} files were not imported; nothing of them was stored.")


def _importer(username: str | None) -> tuple[str, Any, int | None]:
    """Who imports, with which rights (store.rights), and their LA: the login running the command,
    with national rights (they hold the database itself), or the peerlift user named."""
    import getpass

    from django.contrib.auth.models import User

    from peerlift.store.rights import NATIONAL
    from peerlift.web import permissions

    if username is None:
        return getpass.getuser(), NATIONAL, None
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise fail(f"There is no active peerlift user called {username!r}.")
    viewer = permissions.viewer_of(found)
    rights = permissions.import_rights(viewer)
    if rights is None:
        raise fail(f"{username} may not import files: their role is {viewer.role_name}.")
    return username, rights, viewer.la


def _audit(actor: str, own_la: int | None, record: Any, las: list[int]) -> None:
    """File the import in the audit log of each LA whose schools it wrote (and the importer's)."""
    from peerlift.web import audit

    audit.record_import(actor, record, las, own_la=own_la)


def _show_step(progress: Progress, task: Any, what: str) -> None:
    """The step in the progress line; a wait for a busy database also on a line of its own."""
    from peerlift.store.imports import BUSY

    if BUSY in what:
        progress.console.print(f"[yellow]…[/] {what}", highlight=False, soft_wrap=True)
    progress.update(task, description=what)


def _describe(outcome: Any) -> str:
    record = outcome.record
    if outcome.unchanged:
        return (
            f"[yellow]=[/] {record.file_name}: already imported as import {record.pk} ({record.kind}); "
            "nothing changed"
        )
    tables = ", ".join(f"{n:,} {t.replace('_', ' ')}" for t, n in record.counts.items() if isinstance(n, int))
    year = f" {record.year}" if record.year else ""
    extra = (
        f"; {record.rows_skipped:,} rows skipped{_by_reason(record.skipped_by_reason)}"
        if record.rows_skipped
        else ""
    )
    unknown = f"; {len(record.unknown_columns)} unknown columns reported" if record.unknown_columns else ""
    unknown += _as_of(record)
    refusal = f"\n  {record.counts['refused_note']}" if record.counts.get("refused_note") else ""
    return (
        f"[green]✓[/] {record.file_name}: {record.kind}{year}, {record.rows_read:,} rows read → "
        f"{tables}{extra}{unknown} ({record.seconds:.1f}s){refusal}"
    )


def _as_of(record: Any) -> str:
    """'; extract date 2022-04-20 (from the file name)': which date an extract was taken as, and why."""
    if record.kind != "gias_establishments":
        return ""
    if record.as_of is None:
        return "; extract date unknown (only new establishments added)"
    floor = " at the earliest" if record.as_of_source == "content" else ""
    source = {"content": "its latest LastChangedDate", "--date": "--date"}.get(
        record.as_of_source, "the file name"
    )
    return f"; extract date {record.as_of.isoformat()}{floor} (from {source})"


def _by_reason(counted: list[dict[str, Any]]) -> str:
    """' (year '0': 170, first at row 175611; ...)': each reason with its count and first row."""
    if not counted:
        return ""
    parts = [f"{c['reason']}: {c['count']:,}, first at row {c['first_rows'][0]}" for c in counted]
    return f" ({'; '.join(parts)})"


@app.command(rich_help_panel=PANEL)
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


@app.command(rich_help_panel=PANEL)
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


@app.command(rich_help_panel=PANEL)
def school(urn: int, fmt: DetailFormatOption = DetailFormat.JSON, db: DbOption = None) -> None:
    """One school: its record, lineage, inspections in each framework's terms, and measures by year."""
    open_database(db)
    from peerlift.store import queries

    detail = queries.school_detail(urn)
    if detail is None:
        raise fail(f"no school with URN {urn} is in the register.")
    inspections = [
        {**i, "judgements": "; ".join(f"{area}={grade}" for area, grade in i["judgements"].items())}
        for i in detail["inspections"]
    ]
    _emit_detail(
        detail,
        fmt,
        {"lineage": " → ".join(map(str, detail["lineage"]))},
        (inspections, ["urn", "start_date", "framework", "type_detail", "judgements", "outcome"]),
        (detail["measures"], ["year", "measure", "value", "missing"]),
    )


@app.command(rich_help_panel=PANEL)
def group(uid: int, fmt: DetailFormatOption = DetailFormat.JSON, db: DbOption = None) -> None:
    """A GIAS group (trust, federation, sponsor) by its Group UID, and the schools in it."""
    open_database(db)
    from peerlift.store import queries

    detail = queries.group_detail(uid)
    if detail is None:
        raise fail(f"no group with UID {uid} is in the register.")
    members = ["urn", "name", "la", "phase", "type", "status", "pupils", "joined_date"]
    _emit_detail(detail, fmt, {}, (detail["members"], members))


def _emit_detail(
    detail: dict[str, Any], fmt: DetailFormat, extra: dict[str, str], *lists: tuple[list[Any], list[str]]
) -> None:
    """One record as JSON, or as a table of its plain fields followed by a table for each list."""
    if fmt is DetailFormat.JSON:
        emit(detail, Format.JSON)
        return
    fields = [
        {"field": key, "value": value}
        for key, value in {**detail, **extra}.items()
        if not isinstance(value, list | dict) and value not in (None, "")
    ]
    emit(fields, Format.TABLE, ["field", "value"])
    for rows, columns in lists:
        emit(rows, Format.TABLE, columns)


@app.command(rich_help_panel=PANEL)
def measures(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    measure: Annotated[str, typer.Option(help="Measure name, e.g. ks2_rwm_expected.")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's values of a measure by year, with its region and England beside them."""
    open_database(db)
    from peerlift.store import queries

    rows = queries.la_figures(la, [measure])
    if not rows:
        raise fail(f"no values of {measure!r} for LA {la}, its region or England are in the register.")
    emit(rows, fmt)


@app.command(rich_help_panel=PANEL)
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
        # support agreements (issue 14): the demo LA's, at every milestone, through the audited changes
        from peerlift.web import demo_support

        seeded = demo_support.seed(999)
        if seeded:
            console.print(f"Made {len(seeded)} demo support agreements for LA 999")


@app.command(rich_help_panel=PANEL)
def migrate(db: DbOption = None) -> None:
    """Create or update the database tables (every command does this itself when needed)."""
    open_database(db)
    console.print("The database is up to date.")
