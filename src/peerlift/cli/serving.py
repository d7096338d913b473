"""Serving the web application."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

from peerlift.cli.common import (
    DbOption,
    app,
    console,
    open_database,
)

PANEL = "Serving"


@app.command(rich_help_panel=PANEL)
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="gunicorn worker processes.")] = 2,
    db: DbOption = None,
) -> None:
    """Serve the web application with gunicorn (static files included)."""
    open_database(db)
    from django.conf import settings
    from django.core.management import call_command

    _keep_secret_key(settings.SECRET_KEY_FILE)
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


def _keep_secret_key(keyfile: Path) -> None:
    """Make the installation's secret key once, so that sign-ins survive a restart of the server."""
    if "PEERLIFT_SECRET_KEY" not in os.environ and not keyfile.exists():
        keyfile.write_text(secrets.token_urlsafe(50))
        keyfile.chmod(0o600)
