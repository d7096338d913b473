"""``peerlift broker``: the best pairing of an LA's needs and offers, the greedy baseline, and why
(docs/cli.md; the engine is brokerage/, the scoring docs/brokerage.md)."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from peerlift.cli.common import DbOption, app, console, fail, open_database

PANEL = "School-to-school support"


class BrokerFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


@app.command(rich_help_panel=PANEL)
def broker(
    la: Annotated[int, typer.Option("--la", help="The LA (old 3-digit code) whose needs are brokered.")],
    needs: Annotated[Path | None, typer.Option(help="Needs template (CSV or XLSX).", dir_okay=False)] = None,
    offers: Annotated[
        Path | None, typer.Option(help="Offers template (CSV or XLSX).", dir_okay=False)
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(help="TOML weights replacing the package's (docs/brokerage.md).", dir_okay=False),
    ] = None,
    pins: Annotated[
        Path | None, typer.Option(help="Pins and exclusions template (CSV or XLSX).", dir_okay=False)
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also list every candidate pair and its score's parts.")
    ] = False,
    fmt: Annotated[BrokerFormat, typer.Option("--format", help="Output format.")] = BrokerFormat.JSON,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.", dir_okay=False)
    ] = None,
    db: DbOption = None,
) -> None:
    """Propose the best lead supporter for each need of the LA, solved exactly, with reasons."""
    if (needs is None) != (offers is None):
        raise fail(
            "give both --needs and --offers (or neither, to use the needs and offers stored for the LA)."
        )
    open_database(db)
    from peerlift.brokerage import engine, files, stored, templates, weights
    from peerlift.brokerage import output as out
    from peerlift.sources.errors import SourceError

    try:
        chosen = weights.load(rules)
        if needs is None or offers is None:
            instance = stored.instance(la)
            if pins is not None:
                instance.rules += templates.read_rules(pins)
                files.check_rules(instance, pins)
        else:
            instance = files.instance(la, needs, offers, pins)
        result = engine.broker(instance, chosen, explain)
    except engine.RuleError as error:
        where = str(SourceError(pins, error.message, error.row, error.column)) if pins else error.message
        raise fail(where) from None
    except (SourceError, weights.WeightsError, stored.StoredError) as error:
        raise fail(str(error)) from None
    if fmt is BrokerFormat.XLSX:
        _write_bytes(out.xlsx(result), output)
        return
    if fmt is BrokerFormat.JSON:
        text = json.dumps(result, indent=2, default=str) + "\n"
    else:
        text = _csv(out.need_rows(result), out.NEED_COLUMNS)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    typer.echo(
        f"{result['met']} of {result['needs']} needs met (greedy: {result['greedy_met']}); objective "
        f"{result['objective']:g} against greedy {result['greedy_objective']:g}; "
        f"{result['solver']['status']} in {result['solver']['seconds']:g} s",
        err=True,
    )


def _csv(rows: list[dict[str, object]], columns: list[str]) -> str:
    from peerlift.sources.formulas import neutralise

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _write_bytes(body: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        output.write_bytes(body)
        console.print(f"wrote {output} ({len(body):,} bytes)")
