"""``peerlift categorise``, ``peerlift concerns`` and ``peerlift inspection-due``: schools'
categories with their reasons, officers' overrides and concerns, and inspection windows
(docs/cli.md; the rules are analysis/category_rules.toml, the cycles analysis/inspection_cycles.toml)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from peerlift.cli.common import DbOption, Format, FormatOption, app, emit, fail, open_database
from peerlift.domain.dates import long_date

PANEL = "Categories and inspections due"
COLUMNS = ["urn", "name", "phase", "category", "computed_category", "reasons", "override", "changed_on"]


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} should be a date as YYYY-MM-DD, not {text!r}.") from None


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row for CSV and the table: reasons as their words joined by '; ', the override as its category."""
    override = row["override"]
    return {
        **row,
        "reasons": "; ".join(r["text"] for r in row["reasons"]),
        "override": "" if override is None else override["category"],
    }


@app.command(rich_help_panel=PANEL)
def categorise(
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code: categorise its open schools.")] = None,
    rules: Annotated[
        Path | None,
        typer.Option(help="A rules file to try (same form as the package's); nothing is recorded with it."),
    ] = None,
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The date (YYYY-MM-DD; default today).")
    ] = None,
    override: Annotated[int | None, typer.Option(help="The URN of a school whose category to set.")] = None,
    category: Annotated[int | None, typer.Option(min=1, max=4, help="With --override: the category.")] = None,
    rationale: Annotated[
        str | None, typer.Option(help="With --override: why (the discussion with the school).")
    ] = None,
    discussed_on: Annotated[
        str | None,
        typer.Option("--discussed-on", help="With --override: the discussion's date (YYYY-MM-DD)."),
    ] = None,
    by: Annotated[str, typer.Option(help="Who decides (the audit log's name for them).")] = "cli",
    history: Annotated[int | None, typer.Option(help="The URN of a school: its category history.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Each open school's category by the rules, with its reasons; or an officer's override; or a
    school's history. Categorising with the rules in force records each change in the history."""
    if sum((la is not None and override is None, override is not None, history is not None)) != 1:
        raise fail("give --la CODE, or --override URN with --category and --rationale, or --history URN.")
    on = _date(as_at, "--as-at")
    open_database(db)
    if history is not None:
        _history(history, fmt)
    elif override is not None:
        _override(override, category, rationale, _date(discussed_on, "--discussed-on"), on, by)
    else:
        assert la is not None
        _categorise(la, rules, on, by, fmt)


def _history(urn: int, fmt: Format) -> None:
    from peerlift.store import categories
    from peerlift.store.models import Establishment

    if not Establishment.objects.filter(urn=urn).exists():
        raise fail(f"no school with URN {urn} is in the register.")
    rows = [categories.decision_json(d) for d in categories.history(urn)]
    if fmt is Format.JSON:
        emit(rows, Format.JSON)
    else:
        flat = [{**r, "reasons": "; ".join(x["text"] for x in r["reasons"])} for r in rows]
        emit(flat, fmt, ["effective_on", "kind", "from", "to", "by", "rationale", "reasons"])


def _override(
    urn: int,
    category: int | None,
    rationale: str | None,
    discussed: dt.date | None,
    on: dt.date | None,
    by: str,
) -> None:
    from peerlift.web import casework

    if category is None or rationale is None:
        raise fail("--override needs --category N and --rationale TEXT (the discussion with the school).")
    try:
        made = casework.override_category(
            by, urn, category, rationale, discussed_on=discussed, effective_on=on
        )
    except casework.CaseworkError as error:
        raise fail(f"{error}.") from None
    was = f" (was {made.from_category})" if made.from_category is not None else ""
    sys.stdout.write(f"School {urn} is now category {made.category}{was}, by {by}: {made.rationale}\n")


def _categorise(la: int, rules_file: Path | None, on: dt.date | None, by: str, fmt: Format) -> None:
    from peerlift.analysis.categories import RulesError
    from peerlift.store import categorising
    from peerlift.web import casework

    when = on or dt.date.today()
    try:
        chosen = categorising.rules_from_file(rules_file) if rules_file else categorising.rules_in_force(la)
        found = categorising.categorise(la, when, chosen)
    except (RulesError, categorising.CategoriesError) as error:
        raise fail(str(error)) from None
    if rules_file is None:
        casework.record_changes(by, [s.change() for s in found if s.changes], chosen.label, when)
        found = categorising.with_recorded(found, when)
    rows = [school.row(when) for school in found]
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        emit([_flat(r) for r in rows], fmt, COLUMNS)


@app.command("inspection-due", rich_help_panel=PANEL)
def inspection_due(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The date (YYYY-MM-DD; default today).")
    ] = None,
    within_months: Annotated[
        int | None,
        typer.Option(
            "--within-months", min=0, help="Only schools whose window opens within N months, or overdue."
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Each open school's estimated next inspection window and the published rule that gave it."""
    on = _date(as_at, "--as-at")
    open_database(db)
    from peerlift.store import categorising

    rows = categorising.inspections_due(la, on, within_months)
    if not rows and fmt is not Format.JSON:
        sys.stderr.write(f"No open schools of LA {la} have an inspection window in that time.\n")
    emit(
        rows,
        fmt,
        [
            "urn",
            "name",
            "last_inspection_date",
            "framework",
            "outcome",
            "due_from",
            "due_by",
            "overdue",
            "rule",
        ],
    )


concerns_app = typer.Typer(help="Concerns officers record about schools.", no_args_is_help=True)
app.add_typer(concerns_app, name="concerns", rich_help_panel=PANEL)


@concerns_app.command("add")
def concerns_add(
    urn: Annotated[int, typer.Argument(help="The school's URN.")],
    kind: Annotated[
        str,
        typer.Option(
            help="leadership_change, governance, finance, safeguarding, complaints, falling_rolls "
            "or staffing."
        ),
    ],
    note: Annotated[str, typer.Option(help="What was found, in a sentence or two.")] = "",
    raised_on: Annotated[
        str | None, typer.Option("--raised-on", help="When it was raised (YYYY-MM-DD; default today).")
    ] = None,
    by: Annotated[str, typer.Option(help="Who records it.")] = "cli",
    db: DbOption = None,
) -> None:
    """Record a concern about a school; prints its number (to close it by)."""
    on = _date(raised_on, "--raised-on") or dt.date.today()
    open_database(db)
    from peerlift.web import casework

    try:
        made = casework.add_concern(by, urn, kind, on, note)
    except casework.CaseworkError as error:
        raise fail(f"{error}.") from None
    sys.stdout.write(f"Recorded concern {made.pk} ({made.get_kind_display()}) about school {urn}.\n")


@concerns_app.command("list")
def concerns_list(
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code: its schools' concerns.")] = None,
    urn: Annotated[int | None, typer.Option(help="One school's concerns.")] = None,
    include_closed: Annotated[bool, typer.Option("--all", help="Closed concerns too.")] = False,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """The open concerns (or all, with --all) of an LA's schools or of one school."""
    if (la is None) == (urn is None):
        raise fail("give --la CODE or --urn URN.")
    open_database(db)
    from peerlift.store import concerns

    found = concerns.concerns_of(urn) if urn is not None else concerns.concerns_in(la or 0, include_closed)
    if urn is not None and not include_closed:
        found = [c for c in found if c.is_open]
    rows = [c.as_json() for c in found]
    emit(rows, fmt, ["id", "urn", "kind", "raised_on", "note", "raised_by", "open", "closed_on", "closed_by"])


@concerns_app.command("close")
def concerns_close(
    concern_id: Annotated[
        int, typer.Argument(metavar="ID", help="The concern's number (from concerns list).")
    ],
    closed_on: Annotated[
        str | None, typer.Option("--on", help="When it closed (YYYY-MM-DD; default today).")
    ] = None,
    note: Annotated[str, typer.Option(help="Why it is closed.")] = "",
    by: Annotated[str, typer.Option(help="Who closes it.")] = "cli",
    db: DbOption = None,
) -> None:
    """Close an open concern, with when and why."""
    on = _date(closed_on, "--on") or dt.date.today()
    open_database(db)
    from peerlift.web import casework

    try:
        closed = casework.close_concern(by, concern_id, on, note)
    except casework.CaseworkError as error:
        raise fail(f"{error}.") from None
    sys.stdout.write(f"Closed concern {closed.pk} about school {closed.urn} on {long_date(on)}.\n")
