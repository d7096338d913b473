"""``peerlift support timeliness`` and ``peerlift support audit``: what an LA learns from its support
agreements (store/support_figures.py over analysis/support_figures.py; docs/support.md, "What the LA
learns"). Thin shells: the figures are the pages' and the reports'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from peerlift.cli.common import DbOption, Format, FormatOption, console, emit, fail, open_database
from peerlift.cli.support import support_app

LaOption = Annotated[int, typer.Option("--la", help="Old 3-digit LA code, e.g. 331.")]
AsAtOption = Annotated[
    str | None, typer.Option("--as-at", help="The day the figures are as at, YYYY-MM-DD (default today).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", help="Write the report as a PDF or XLSX file (by its suffix) instead."),
]


# what a terminal's table shows (CSV has every column)
TIMELINESS_TABLE = [
    "agreement",
    "school",
    "provider_name",
    "trigger",
    "trigger_on",
    "days_to_agreed",
    "days_to_first_meeting",
    "milestone",
    "status",
]
AUDIT_TABLE = [
    "provider",
    "name",
    "agreements",
    "days_planned",
    "days_delivered",
    "cost_per_delivered_day",
    "quality_mean",
    "agreed_median",
    "closed",
    "met",
]


def _as_at(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise fail(f"--as-at {text!r} is not a date in the form YYYY-MM-DD.") from None


def _check_output(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in (".pdf", ".xlsx"):
        raise fail(f"--output {output.name}: a support report is written as .pdf or .xlsx.")


def _la_name(la: int) -> str:
    from peerlift.store import access

    return (access.local_authority(la) or {"name": f"LA {la}"})["name"]


def _write(output: Path, body: bytes) -> None:
    output.write_bytes(body)
    console.print(f"Wrote {output}")


@support_app.command("timeliness")
def timeliness(
    la: LaOption,
    as_at: AsAtOption = None,
    output: OutputOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Days from the trigger (a need, a concern, a category 3 or 4) to agreed and to the first meeting,
    by category and area; agreements overdue a review; needs still unmatched. With --output, the LA's
    whole support summary (timeliness, quality, outcomes, providers) as PDF or XLSX."""
    _check_output(output)
    on = _as_at(as_at)
    open_database(db)
    from peerlift.store import support_figures as store

    if output is not None:
        from peerlift.reports import support_audit

        doc = support_audit.summary_document(store.summary(la, on), _la_name(la))
        _write(output, support_audit.render(doc, output.suffix.lower().lstrip(".")))
        return
    found = store.timeliness(la, on)
    if fmt is Format.JSON:
        emit(found, fmt)
    else:
        rows = [{**r, "areas": "; ".join(r["areas"])} for r in found["agreements"]]
        emit(rows, fmt, TIMELINESS_TABLE if fmt is Format.TABLE else None)


@support_app.command("audit")
def audit(
    la: LaOption,
    provider: Annotated[
        str | None,
        typer.Option(
            "--provider",
            help="One provider: an offer's reference (offer_id) or the supporting school's URN.",
        ),
    ] = None,
    as_at: AsAtOption = None,
    output: OutputOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Each provider's audit (or one): agreements, days planned and delivered, cost per delivered day,
    review ratings, timeliness and outcomes (descriptive). With --output and --provider, that
    provider's audit as PDF or XLSX."""
    _check_output(output)
    if output is not None and provider is None:
        raise fail(
            "--output writes one provider's audit: name it with --provider "
            "(or use support timeliness --output for the LA's summary)."
        )
    on = _as_at(as_at)
    open_database(db)
    from peerlift.store import support_figures as store

    found = store.audit(la, provider, on)
    if provider is not None and not found["providers"]:
        raise fail(
            f"no agreement of LA {la} is led by {provider!r} "
            "(an offer's reference or a supporting school's URN)."
        )
    if output is not None:
        from peerlift.reports import support_audit

        quality = store.quality(la, on)
        doc = support_audit.provider_document(found["providers"][0], quality, _la_name(la), found["as_at"])
        _write(output, support_audit.render(doc, output.suffix.lower().lstrip(".")))
        return
    if fmt is Format.JSON:
        emit(found, fmt)
    else:
        from peerlift.reports.support_audit import provider_row

        emit([provider_row(p) for p in found["providers"]], fmt, AUDIT_TABLE if fmt is Format.TABLE else None)
