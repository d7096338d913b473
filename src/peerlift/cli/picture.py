"""Commands for the authority's picture: comparisons, neighbours, good or better, inspections, charts."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from peerlift.cli.common import (
    DbOption,
    Format,
    FormatOption,
    app,
    console,
    emit,
    errors,
    fail,
    open_database,
)

PANEL = "The authority's picture"


@app.command(rich_help_panel=PANEL)
def neighbours(
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code, e.g. 331.")] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="Neighbour set name, e.g. 2021.")] = None,
    compute: Annotated[
        bool, typer.Option("--compute", help="Compute neighbours from LA characteristics (LAIT figures).")
    ] = False,
    variables: Annotated[
        list[str] | None,
        typer.Option(help="Characteristics for --compute: CODE, CODE=WEIGHT or log:CODE=WEIGHT (repeat)."),
    ] = None,
    year: Annotated[int | None, typer.Option(help="Take characteristics up to this year.")] = None,
    save: Annotated[
        str | None, typer.Option(help="Store the computed neighbours as a set of this name.")
    ] = None,
    agreement: Annotated[
        bool, typer.Option("--agreement", help="Computed vs the official set (--set), every LA.")
    ] = False,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA's statistical neighbours in a named set, or computed from LA characteristics."""
    open_database(db)
    from peerlift.store import picture, queries

    if compute or agreement or save:
        _computed_neighbours(la, set_name, variables, year, save, agreement, fmt)
        return
    if la is None:
        raise fail("give --la CODE (or --compute / --agreement).")
    result = queries.neighbours(la, set_name)
    if result is None:
        known = ", ".join(queries.neighbour_sets()) or "none yet"
        raise fail(f"no neighbour set {set_name!r} (sets loaded: {known}).")
    if picture.NeighbourSet.objects.filter(name=result["set"], computed=True).exists():
        result["computed"] = True
    if fmt is Format.JSON:
        emit(result, fmt)
    else:
        emit(result["members"], fmt)


def _computed_neighbours(
    la: int | None,
    set_name: str | None,
    variables: list[str] | None,
    year: int | None,
    save: str | None,
    agreement: bool,
    fmt: Format,
) -> None:
    from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES, parse_variables
    from peerlift.store import picture

    try:
        chosen = parse_variables(variables) if variables else DEFAULT_VARIABLES
        result = picture.compute_neighbours(chosen, year, set_name=save or "computed")
        if save:
            stored = picture.save_neighbour_set(result, save)
            errors.print(f"Stored computed neighbour set {stored.name!r} ({stored.description}).")
        if agreement:
            found, official = picture.agreement(result, set_name)
            rows = picture.agreement_rows(found)
            if fmt is Format.JSON:
                summary = {
                    "official_set": official,
                    "compared": found.compared,
                    "mean_agree": round(found.mean_agree, 2),
                }
                emit({**summary, "distribution": found.distribution, "las": rows}, fmt)
            else:
                emit(rows, fmt)
                errors.print(f"{found.summary()} ({official!r}).")
                errors.print(
                    "LAs by neighbours in common: "
                    + ", ".join(f"{k}: {v}" for k, v in found.distribution.items()),
                )
            return
        if la is not None:
            detail = picture.computed_for(result, la)
            emit(detail if fmt is Format.JSON else detail["members"], fmt)
    except (ValueError, picture.PictureError) as error:
        raise fail(str(error)) from None


@app.command(rich_help_panel=PANEL)
def compare(
    measure: Annotated[
        list[str], typer.Option(help="Measure name, e.g. ks2_rwm_expected (repeat; 'all' for every one).")
    ],
    la: Annotated[int | None, typer.Option(help="Old 3-digit LA code; leave out for every LA.")] = None,
    neighbours_set: Annotated[
        str | None, typer.Option("--neighbours", help="Neighbour set: 2021, 2025 or a computed set.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """An LA against its statistical neighbours, region and England, year by year, with rank and band."""
    open_database(db)
    from peerlift.analysis.compare import COLUMNS
    from peerlift.store import picture

    measures = None if measure == ["all"] else measure
    try:
        rows = picture.compare_rows(la, measures, neighbours_set)
    except picture.PictureError as error:
        raise fail(str(error)) from None
    if fmt is Format.JSON:
        emit(rows, fmt)
        return
    for row in rows:
        missing = row["missing_neighbours"]
        row["missing_neighbours"] = (
            f"{len(missing)} of {row['neighbours_expected']}"
            if fmt is Format.TABLE and missing
            else " ".join(map(str, missing))
        )
    columns = COLUMNS[: COLUMNS.index("note") + 1]
    if fmt is Format.TABLE:
        for row in rows:
            row["neighbours_mean"] = _one_place(row["neighbours_mean"])
            row["change"] = _one_place(row["change"])
        if la is None or len(measure) != 1:
            columns = ["la_code", "measure", *columns]
    else:
        columns = [*columns, "la_code", "la_name", "measure", "neighbour_set"]
    emit(rows, fmt, columns)


def _one_place(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}"


@app.command("good-or-better", rich_help_panel=PANEL)
def good_or_better(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    date: Annotated[str, typer.Option(help="As at this date, YYYY-MM-DD.")],
    by: Annotated[str | None, typer.Option(help="'phase' for a row per phase group.")] = None,
    predecessors: Annotated[
        bool, typer.Option(help="Converter academies not yet inspected take their predecessor's grade.")
    ] = True,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Schools and pupils in good or outstanding schools as at a date, in each inspection era's terms."""
    open_database(db)
    from peerlift.store import picture

    if by not in (None, "phase"):
        raise fail("--by can only be 'phase'.")
    try:
        result = picture.good_or_better_for(la, _date(date), predecessors)
    except picture.PictureError as error:
        raise fail(str(error)) from None
    rows = picture.good_or_better_rows(result, by_phase=by == "phase")
    columns = None
    if fmt is not Format.JSON:
        columns = ["measure", "as_at", "phase", "schools", "schools_meeting", "schools_pct"]
        columns += ["pupils_pct", "not_inspected_schools", "coverage", "caveat", "era"]
    emit(rows, fmt, columns)


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{text!r} is not a date written YYYY-MM-DD.") from None


class SummaryFormat(StrEnum):
    JSON = "json"
    MARKDOWN = "markdown"


@app.command("inspections-summary", rich_help_panel=PANEL)
def inspections_summary(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    fmt: Annotated[SummaryFormat, typer.Option("--format", help="Output format.")] = SummaryFormat.MARKDOWN,
    db: DbOption = None,
) -> None:
    """A focused-inspection summary: each school's outcome against its previous grade, and the sentences."""
    open_database(db)
    from peerlift.store import picture

    try:
        summary = picture.inspections_summary(la, _date(start), _date(end))
    except picture.PictureError as error:
        raise fail(str(error)) from None
    if fmt is SummaryFormat.JSON:
        emit(picture.summary_json(summary), Format.JSON)
    else:
        sys.stdout.write(picture.summary_markdown(summary))


chart_app = typer.Typer(help="Charts (SVG) with their data tables.", no_args_is_help=True)
app.add_typer(chart_app, name="chart", rich_help_panel=PANEL)


@chart_app.command("compare")
def chart_compare(
    la: Annotated[int, typer.Option(help="Old 3-digit LA code, e.g. 331.")],
    measure: Annotated[str, typer.Option(help="Measure name, e.g. ks2_rwm_expected.")],
    output: Annotated[Path, typer.Option(help="The SVG file to write; its table goes beside it as .csv.")],
    neighbours_set: Annotated[
        str | None, typer.Option("--neighbours", help="Neighbour set: 2021, 2025 or a computed set.")
    ] = None,
    db: DbOption = None,
) -> None:
    """A comparison as a line chart (SVG, no browser needed) with its data table beside it (CSV)."""
    open_database(db)
    from peerlift.domain.measures import info
    from peerlift.reports.charts import figure
    from peerlift.store import picture

    try:
        table, set_used = picture.compare(la, [measure], neighbours_set)
    except picture.PictureError as error:
        raise fail(str(error)) from None
    label = picture.MeasureDefinition.objects.filter(measure=measure).values_list("label", flat=True).first()
    la_name = table.item(0, "la_name") if table.height else None
    made = figure(table, label or info(measure).label, la_name)
    output.write_text(made.svg, encoding="utf-8")
    beside = output.with_suffix(".csv")
    with beside.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(made.table[0]) if made.table else [])
        writer.writeheader()
        writer.writerows(made.table)
    console.print(f"Wrote {output} and its table {beside} (neighbour set {set_used!r}).")
