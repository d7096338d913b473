"""Running the ``peerlift`` command in-process, as a user would from the shell."""

from __future__ import annotations

from typer.testing import CliRunner

from peerlift.cli import app

_runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of ``peerlift ARGS``."""
    result = _runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr
