"""The background worker: runs the jobs the web app queues (an LA's data packs...)."""

from __future__ import annotations

from typing import Annotated

import typer

from peerlift.cli.common import DbOption, app, console, open_database

PANEL = "Serving"


@app.command(rich_help_panel=PANEL)
def worker(
    interval: Annotated[float, typer.Option(help="Seconds to wait between looks for new jobs.")] = 1.0,
    batch: Annotated[bool, typer.Option("--batch", help="Run the jobs waiting, then stop.")] = False,
    db: DbOption = None,
) -> None:
    """Run background jobs from the database (start as many as you like, on any machine that reaches
    it): needs only DATABASE_URL and the shared files folder (PEERLIFT_FILES)."""
    open_database(db)
    from django.core.management import call_command

    console.print("peerlift worker: waiting for jobs (Ctrl+C to stop)")
    options = {"interval": interval, "batch": batch, "reload": False, "verbosity": 1}
    call_command("db_worker", **options)
