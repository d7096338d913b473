"""Housekeeping of the web app's uploads."""

from __future__ import annotations

from typing import Annotated

import typer

from peerlift.cli.common import DbOption, app, console, open_database

PANEL = "Serving"


@app.command("clean-uploads", rich_help_panel=PANEL)
def clean_uploads(
    older_than: Annotated[
        int | None,
        typer.Option(
            "--older-than",
            help="Minutes an upload may wait (default: $PEERLIFT_UPLOAD_MAX_AGE_MINUTES, else 60).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Remove uploads checked in the web app but never confirmed, once older than the set age."""
    open_database(db)
    from peerlift.web import uploads

    removed = uploads.expire(None if older_than is None else older_than * 60)
    console.print(f"{len(removed)} waiting upload(s) removed.")
