"""``peerlift partners``: an LA's improvement partners and the allocation of their days by need
(docs/cli.md; the rules are in docs/analysis.md, "Improvement partners")."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from typing import Annotated

import typer

from peerlift.cli.common import (
    DbOption,
    DetailFormat,
    Format,
    FormatOption,
    app,
    emit,
    errors,
    fail,
    open_database,
)

PANEL = "Improvement partners"
partners_app = typer.Typer(
    help="An LA's improvement partners and the allocation of their days.", no_args_is_help=True
)
app.add_typer(partners_app, name="partners", rich_help_panel=PANEL)

LaOption = Annotated[int, typer.Option("--la", help="The LA (old 3-digit code, e.g. 331).")]
ByOption = Annotated[str, typer.Option("--by", help="Who makes the change, for the audit log.")]


@partners_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The partner's name (unique in the LA).")],
    la: LaOption,
    days: Annotated[int, typer.Option("--days", help="Days available in a year.")],
    phases: Annotated[
        str, typer.Option("--phases", help="Phase groups they work in: primary,secondary,special,...")
    ],
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Add an improvement partner to an LA."""
    open_database(db)
    from peerlift.store import partners
    from peerlift.web import partner_changes

    try:
        made = partner_changes.add_partner(by, la, name, days, partners.parse_phases(phases))
    except partners.PartnerError as error:
        raise fail(f"{error}.") from None
    errors.print(
        f"Added {made.name} to LA {la}: {made.days} days, {', '.join(made.phases)}.", highlight=False
    )


@partners_app.command("list")
def list_partners(la: LaOption, fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """An LA's improvement partners, active or not."""
    open_database(db)
    from peerlift.store import partners

    rows = [
        {"name": p.name, "la": p.la_code, "days": p.days, "phases": p.phases, "active": p.active}
        for p in partners.partners(la)
    ]
    if fmt is not Format.JSON:
        rows = [{**row, "phases": ",".join(row["phases"])} for row in rows]
    emit(rows, fmt, ["name", "la", "days", "phases", "active"])


@partners_app.command("allocate")
def allocate(
    la: LaOption,
    year: Annotated[
        int, typer.Option("--year", help="The year (2027 = 2026/27); last year's gives continuity.")
    ],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="Take the categories in force on this date (default today).")
    ] = None,
    fmt: Annotated[DetailFormat, typer.Option("--format", help="Output format.")] = DetailFormat.TABLE,
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Allocate the LA's partners to its schools for a year, exactly; store it as a draft and print it."""
    try:
        on = dt.date.fromisoformat(as_at) if as_at else None
    except ValueError:
        raise fail(f"--as-at is a date as YYYY-MM-DD, not {as_at}.") from None
    open_database(db)
    from peerlift.store import partners
    from peerlift.web import partner_changes

    try:
        with _solver_quiet():
            made = partner_changes.allocate(by, la, year, partners.categories_in_force(la, on), on)
    except partners.PartnerError as error:
        raise fail(f"{error}.") from None
    out = partners.summary(made)
    if fmt is DetailFormat.JSON:
        emit(out, Format.JSON)
        return
    emit(
        partners.assignments(made),
        Format.TABLE,
        ["urn", "name", "partner", "days", "needed", "kept", "pinned"],
    )
    emit(out["loads"], Format.TABLE, ["partner", "schools", "days", "capacity"])
    errors.print(
        f"{out['kept_partner']} of {out['schools']} schools keep last year's partner "
        f"({out['could_keep']} could); {out['short_days']} days short.",
        highlight=False,
    )


@contextlib.contextmanager
def _solver_quiet() -> Iterator[None]:
    """Send what HiGHS prints on the process's standard output to standard error while it solves,
    so that ``--format json`` prints JSON only."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real standard output (run in-process)
        yield
        return
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
