"""Data packs: one school's, or every school's of an LA, as HTML, PDF or XLSX."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from peerlift.cli.common import DbOption, app, console, errors, fail, open_database

PANEL = "Data packs"


class PackFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"


@app.command(rich_help_panel=PANEL)
def datapack(
    urn: Annotated[int | None, typer.Argument(help="The school's URN.", show_default=False)] = None,
    la: Annotated[int | None, typer.Option(help="Every open school of this LA (old 3-digit code).")] = None,
    fmt: Annotated[PackFormat, typer.Option("--format", help="Output format.")] = PackFormat.PDF,
    output: Annotated[
        Path | None, typer.Option(help="The file to write (with --la: the folder).", show_default=False)
    ] = None,
    year: Annotated[int | None, typer.Option(help="Results year to show (default: the latest).")] = None,
    processes: Annotated[
        int | None, typer.Option(help="With --la: packs made at once (default: the cores, up to 4).")
    ] = None,
    db: DbOption = None,
) -> None:
    """A school's data pack among its family of similar schools, or (--la) every school's of an LA."""
    if (urn is None) == (la is None):
        raise fail("give a URN or --la CODE (one of the two).")
    if output is None:
        raise fail("give --output: the file to write (with --la, the folder).")
    open_database(db)
    from peerlift.reports import batch, datapack, render

    try:
        if urn is not None:
            body = render.render(datapack.build(urn, year=year), fmt.value)
            output.write_bytes(body)
            console.print(f"wrote {output} ({len(body):,} bytes)")
            return
        assert la is not None
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
        ) as progress:
            task = progress.add_task("data packs", total=len(datapack.la_schools(la)) or None)

            def tell(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, description=name[:40])

            written = batch.write_la(la, output, fmt.value, tell, processes)
    except datapack.PackError as error:
        raise fail(str(error)) from None
    console.print(f"wrote {len(written)} data packs to {output}")
