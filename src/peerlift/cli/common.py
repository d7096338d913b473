"""What every command shares: the Typer app, output formats, the database option, errors."""

from __future__ import annotations

import csv
import json
import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
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


class DetailFormat(StrEnum):
    """For one record with lists inside it, which no single CSV can hold."""

    TABLE = "table"
    JSON = "json"


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $DATABASE_URL, else ./peerlift.sqlite3)."),
]
FormatOption = Annotated[Format, typer.Option("--format", help="Output format.")]
DetailFormatOption = Annotated[DetailFormat, typer.Option("--format", help="Output format.")]


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
