"""``peerlift families``: a school's family of similar schools, building every family, and how good
the families are (docs/cli.md; the methods are in analysis/family_methods.toml)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from peerlift.cli.common import DbOption, Format, FormatOption, app, emit, errors, fail, open_database

PANEL = "Families of similar schools"


class Scope(StrEnum):
    NATIONAL = "national"
    REGION = "region"
    LA = "la"


@app.command(rich_help_panel=PANEL)
def families(
    urn: Annotated[int | None, typer.Argument(help="The school's URN.")] = None,
    method: Annotated[
        str | None, typer.Option(help="Method name: context (the default), pupil, or one of --methods.")
    ] = None,
    scope: Annotated[Scope, typer.Option(help="Draw the family from England, the region or the LA.")] = (
        Scope.NATIONAL
    ),
    size: Annotated[int, typer.Option(min=1, max=500, help="Schools in a family.")] = 30,
    year: Annotated[int | None, typer.Option(help="Data year (default: the latest census held).")] = None,
    build_all: Annotated[
        bool, typer.Option("--all", help="Build and store every school's family (with --method, --scope).")
    ] = False,
    evaluate: Annotated[
        bool, typer.Option("--evaluate", help="How good each method's families are (or --method's).")
    ] = False,
    methods: Annotated[
        Path | None,
        typer.Option("--methods", help="A TOML file of your own methods (same form as the package's)."),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """A school's family: the most similar open schools of its phase group, nearest first, and why."""
    if sum((urn is not None, build_all, evaluate)) != 1:
        raise fail("give a URN, or --all, or --evaluate (one of them).")
    open_database(db)
    from peerlift.analysis.families import FamilyError, MethodError
    from peerlift.store import families as store

    try:
        if build_all:
            _build(store, method, scope.value, size, year, methods)
        elif evaluate:
            rows = store.evaluate([method] if method else None, scope.value, size, year, methods)
            shown = ["method", "phase_group", "schools", "family_gap", "random_gap", "ratio", "stability"]
            emit(
                rows,
                fmt,
                None
                if fmt is Format.JSON
                else shown
                if fmt is Format.TABLE
                else list(rows[0])
                if rows
                else [],
            )
            _say_evaluation(rows)
        else:
            assert urn is not None
            found = store.family_of(urn, method, scope.value, size, year, methods)
            _show(found, fmt)
    except (store.FamiliesError, MethodError, FamilyError) as error:
        raise fail(str(error)) from None


def _build(
    store: Any, method: str | None, scope: str, size: int, year: int | None, methods: Path | None
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
    ) as progress:
        tasks: dict[str, Any] = {}

        def tell(step: str, done: int, total: int) -> None:
            if step not in tasks:
                label = "Computing families" if step == "computing" else "Storing members"
                tasks[step] = progress.add_task(label, total=total)
            progress.update(tasks[step], completed=done, total=total)

        stored = store.build(method, scope, size, year, methods, built_by="cli", progress=tell)
    errors.print(
        f"Stored {stored.schools:,} {stored.method} families ({stored.scope}, {stored.size} schools, "
        f"data year {stored.year}).",
        highlight=False,
    )


def _show(found: dict[str, Any], fmt: Format) -> None:
    """The documented JSON, or a row per member (CSV: every driver's share and values too)."""
    if fmt is Format.JSON:
        keep = ("urn", "name", "method", "scope", "year", "size", "phase_group", "imputed", "stored", "stale")
        emit({**{k: found[k] for k in keep}, "members": found["members"]}, fmt)
        return
    rows = []
    for m in found["members"]:
        row = {k: m[k] for k in ("rank", "urn", "name", "la_name", "distance", "imputed", "why")}
        if fmt is Format.CSV:
            for d in m["drivers"]:
                row[f"{d['measure']}_share"] = d["share"]
                row[f"{d['measure']}_value"] = d["value"]
                row[f"{d['measure']}_school_value"] = d["school_value"]
        elif isinstance(row["distance"], float):
            row["distance"] = f"{row['distance']:.4f}"
        rows.append(row)
    columns = list(rows[0]) if rows else ["rank", "urn", "name", "la_name", "distance", "imputed", "why"]
    emit(rows, fmt, columns)
    if fmt is Format.TABLE:
        where = {"national": "England", "region": "its region", "la": "its LA"}[found["scope"]]
        state = " (stored set, stale: rebuild with --all)" if found.get("stale") else ""
        errors.print(
            f"{found['name']} ({found['urn']}): {found['method']} family of {len(rows)} "
            f"{found['phase_group']} "
            f"schools in {where}, data year {found['year']}{state}.",
            highlight=False,
        )


def _say_evaluation(rows: list[dict[str, Any]]) -> None:
    """One sentence per method: its families' gap (all phase groups together) against random schools."""
    for method in dict.fromkeys(r["method"] for r in rows):
        mine = [r for r in rows if r["method"] == method]
        row = next((r for r in mine if r["phase_group"] == "all"), mine[0])
        errors.print(
            f"{method}: median gap between a school's result and its family's median {row['family_gap']}, "
            f"against {row['random_gap']} for random schools of its phase ({row['schools']:,} schools, "
            f"{row['phase_group']}).",
            highlight=False,
        )
