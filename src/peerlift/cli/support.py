"""``peerlift support``: support agreements, from a need and an offer to the outcome: list, show,
create, advance through the milestones, pause, stop and reopen, objectives, deliveries and reviews
(docs/cli.md, docs/support.md). Every change goes through web/support_changes.py (audited, checked by
analysis/milestones.toml); a refused change exits 1 with the state machine's message."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from peerlift.cli.common import (
    DbOption,
    DetailFormat,
    DetailFormatOption,
    Format,
    FormatOption,
    app,
    emit,
    fail,
    open_database,
)

PANEL = "School-to-school support"

support_app = typer.Typer(
    help="Support agreements: milestones, plans, days delivered and termly reviews.", no_args_is_help=True
)
app.add_typer(support_app, name="support", rich_help_panel=PANEL)

T = TypeVar("T")

IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The agreement's number (from support list).")]
ByOption = Annotated[str, typer.Option("--by", help="Who makes the change (the audit log's name for them).")]
OnOption = Annotated[
    str | None, typer.Option("--on", help="The day it happened (YYYY-MM-DD; default today).")
]


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} should be a date as YYYY-MM-DD, not {text!r}.") from None


def _change(make: Callable[[], T]) -> T:
    """Run one change; a refusal or a value the rules do not know exits 1 with its message."""
    try:
        return make()
    except ValueError as error:  # milestones.Refused, milestones.Invalid, support_changes.SupportError
        text = str(error)
        raise fail(text if text.endswith(".") else f"{text}.") from None


def _agreement(pk: int) -> Any:
    from peerlift.store.models import SupportAgreement

    found = SupportAgreement.objects.filter(pk=pk).first()
    if found is None:
        raise fail(f"there is no support agreement {pk}.")
    return found


def _opened(db: str | None, pk: int) -> Any:
    """Open the database and find the agreement a change is for (exit 1 when there is none)."""
    open_database(db)
    return _agreement(pk)


def _said(agreement: Any) -> str:
    from peerlift.analysis import milestones

    return f"agreement {agreement.pk} is at {milestones.label(agreement.milestone)} and {agreement.status}"


@support_app.command("list")
def support_list(
    la: Annotated[
        int | None, typer.Option(help="Old 3-digit LA code: its agreements (default: all).")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="Only agreements of this status: active, paused or stopped.")
    ] = None,
    urn: Annotated[
        int | None, typer.Option(help="Only agreements this school is in (supported or supporting).")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """The support agreements of an LA, with their milestone, status, days and latest review."""
    open_database(db)
    from peerlift.analysis import milestones
    from peerlift.store import support

    if status is not None and status not in milestones.statuses():
        raise fail(f"--status is one of {', '.join(milestones.statuses())}, not {status!r}.")
    rows = support.agreements(la=la, status=status, urn=urn)
    emit(rows, fmt, list(support.LIST_COLUMNS))


@support_app.command("show")
def support_show(
    agreement_id: IdArgument, fmt: DetailFormatOption = DetailFormat.TABLE, db: DbOption = None
) -> None:
    """One agreement in full: terms, needs, plan, deliveries, reviews and history."""
    open_database(db)
    from peerlift.analysis import milestones
    from peerlift.store import support

    _agreement(agreement_id)
    shown = support.agreement_detail(agreement_id)
    if fmt is DetailFormat.JSON:
        sys.stdout.write(json.dumps(shown, indent=2, default=str) + "\n")
        return
    supporter = shown["supporter"]
    lines = [
        f"Agreement {shown['id']}: school {shown['supported_urn']} {shown['supported_name']}".rstrip(),
        f"  supported by {supporter['name']} ({supporter['kind']})",
        f"  milestone {milestones.label(shown['milestone'])}, {shown['status']}",
        f"  days planned {shown['days_planned']:g}, delivered {shown['days_delivered']:g}",
        f"  objectives {len(shown['objectives'])}, reviews {len(shown['reviews'])}",
    ]
    lines += [
        f"  {h['happened_on']} {h['action']} → {h['milestone']} {h['note']}".rstrip()
        for h in shown["history"]
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def _find(kind: str, reference: str, la: int | None) -> Any:
    """A need or an offer (``kind``): by the LA's own reference with --la, else by its database id."""
    from peerlift.store.models import BrokerageNeed, BrokerageOffer

    model, key = (BrokerageNeed, "need_id") if kind == "need" else (BrokerageOffer, "offer_id")
    if la is not None:
        found = model.objects.filter(la_code=la, **{key: reference}).first()
        where = f"LA {la} has no {kind} {reference!r}"
    else:
        found = model.objects.filter(pk=int(reference)).first() if reference.isdigit() else None
        where = (
            f"there is no {kind} with database id {reference!r} (give --la CODE to use the LA's references)"
        )
    if found is None:
        raise fail(f"{where}.")
    return found


def _contributor(text: str) -> dict[str, Any]:
    name, _, urn = text.partition("=")
    if urn and not urn.strip().isdigit():
        raise fail(f"--contributor is NAME or NAME=URN, not {text!r}.")
    return {"name": name.strip(), "urn": int(urn) if urn.strip() else None}


@support_app.command("create")
def support_create(
    need: Annotated[
        list[str] | None,
        typer.Option(
            help="A need it answers (repeat for more): the LA's reference with --la, else its database id."
        ),
    ] = None,
    offer: Annotated[
        str | None,
        typer.Option(help="The lead supporter's offer: the LA's reference with --la, else its database id."),
    ] = None,
    la: Annotated[
        int | None, typer.Option(help="Old 3-digit LA code: --need and --offer are the LA's own references.")
    ] = None,
    urn: Annotated[int | None, typer.Option(help="The supported school, when no need is given.")] = None,
    supporter_urn: Annotated[
        int | None, typer.Option("--supporter-urn", help="Without --offer: the supporting school's URN.")
    ] = None,
    supporter_name: Annotated[
        str, typer.Option("--supporter-name", help="Without --offer: the supporter's name.")
    ] = "",
    kind: Annotated[
        str | None, typer.Option(help="Without --offer: the kind of supporter (school, nle, trust, ...).")
    ] = None,
    contributor: Annotated[
        list[str] | None, typer.Option(help="Another contributor, NAME or NAME=URN (repeat for more).")
    ] = None,
    focus: Annotated[
        list[str] | None, typer.Option(help="A focus area (repeat for more; default: the needs' areas).")
    ] = None,
    days: Annotated[
        float | None, typer.Option(help="Days planned (default: the need's days, for one need).")
    ] = None,
    start: Annotated[str | None, typer.Option(help="The start date (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="The planned end date (YYYY-MM-DD).")] = None,
    officer: Annotated[str, typer.Option(help="The officer responsible (their username).")] = "",
    cost: Annotated[float | None, typer.Option(help="The cost in pounds.")] = None,
    funding: Annotated[str, typer.Option(help="The funding source.")] = "",
    note: Annotated[str, typer.Option(help="A note for the agreement's history.")] = "",
    on: OnOption = None,
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Make an agreement at milestone proposed, from its need's accepted match if it has one.

    The match is used when one need is given, it has an accepted match without an agreement, and
    --offer is that match's offer or is not given; otherwise the agreement is made by hand."""
    start_on, end_on, happened = _date(start, "--start"), _date(end, "--end"), _date(on, "--on")
    open_database(db)
    from peerlift.store.models import AcceptedMatch, SupportAgreement
    from peerlift.web import support_changes

    needs = [_find("need", n, la) for n in need or []]
    lead = _find("offer", offer, la) if offer is not None else None
    if not needs and urn is None:
        raise fail("give --need (or --urn for an agreement that answers no recorded need).")
    supported = needs[0].urn if needs else urn
    terms: dict[str, Any] = {
        "start_on": start_on,
        "planned_end_on": end_on,
        "officer": officer,
        "cost": cost,
        "funding_source": funding,
        "on": happened,
        "note": note,
        "contributors": [_contributor(c) for c in contributor or []],
    }
    if focus:
        terms["focus_areas"] = list(focus)
    match = (
        AcceptedMatch.objects.filter(need=needs[0]).select_related("need", "offer").first() if needs else None
    )
    usable = (
        match is not None
        and len(needs) == 1
        and (lead is None or lead.pk == match.offer_id)
        and not SupportAgreement.objects.filter(accepted_match=match).exists()
        and not supporter_name
        and supporter_urn is None
    )
    if usable and match is not None:
        made = _change(lambda: support_changes.create_from_match(match, by, days_planned=days, **terms))
        source = f"from the accepted match of need {match.need.need_id}"
    else:
        if days is None:
            if len(needs) != 1:
                raise fail("give --days (the days planned).")
            days = needs[0].days
        planned = float(days)
        made = _change(
            lambda: support_changes.create_agreement(
                int(la if la is not None else (needs[0].la_code if needs else _la_of_school(supported))),
                int(supported),  # type: ignore[arg-type]
                by,
                days_planned=planned,
                lead_offer=lead,
                supporter_urn=supporter_urn,
                supporter_name=supporter_name,
                supporter_kind=kind,
                needs=needs,
                **terms,
            )
        )
        source = "by hand"
    sys.stdout.write(
        f"Created support agreement {made.pk} {source}: school {made.supported_urn} supported by "
        f"{made.supporter_name}, {made.days_planned:g} days planned, at milestone proposed.\n"
    )


def _la_of_school(urn: int | None) -> int:
    from peerlift.store.models import Establishment

    found = Establishment.objects.filter(urn=urn).values_list("la_code", flat=True).first()
    if found is None:
        raise fail(f"no school with URN {urn} is in the register: give --la CODE.")
    return int(found)


@support_app.command("advance")
def support_advance(
    agreement_id: IdArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="The next milestone: agreed, first_meeting, diagnosis, plan_agreed, in_delivery or closed.",
        ),
    ],
    note: Annotated[str, typer.Option(help="A note for the history.")] = "",
    on: OnOption = None,
    outcome: Annotated[
        str | None, typer.Option(help="Closing: were the objectives met, partly or not_met.")
    ] = None,
    closing_note: Annotated[
        str, typer.Option("--closing-note", help="Closing: what the support achieved.")
    ] = "",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Move an agreement to its next milestone (plan_agreed needs an objective, closed an outcome)."""
    day = _date(on, "--on")
    agreement = _opened(db, agreement_id)
    from peerlift.web import support_changes

    moved = _change(lambda: support_changes.advance(agreement, to, by, note, day, outcome, closing_note))
    sys.stdout.write(f"{_said(moved).capitalize()}.\n")


def _status_command(action: str) -> Callable[..., None]:
    def command(
        agreement_id: IdArgument,
        reason: Annotated[str, typer.Option(help="Why (required).")],
        on: OnOption = None,
        by: ByOption = "cli",
        db: DbOption = None,
    ) -> None:
        day = _date(on, "--on")
        agreement = _opened(db, agreement_id)
        from peerlift.web import support_changes

        change = getattr(support_changes, action)
        changed = _change(lambda: change(agreement, reason, by, day))
        sys.stdout.write(f"{_said(changed).capitalize()}.\n")

    return command


support_app.command("pause", help="Pause an active agreement: read-only until it is reopened.")(
    _status_command("pause")
)
support_app.command("stop", help="Stop an active agreement: read-only until it is reopened.")(
    _status_command("stop")
)
support_app.command("reopen", help="Return a paused or stopped agreement to active at its milestone.")(
    _status_command("reopen")
)


def _ratings(items: list[str]) -> dict[int, str]:
    ratings = {}
    for item in items:
        objective, _, rating = item.partition("=")
        if not objective.strip().isdigit() or not rating:
            raise fail(f"--objective is OBJECTIVE_ID=red|amber|green, not {item!r}.")
        ratings[int(objective)] = rating.strip().lower()
    return ratings


@support_app.command("review")
def support_review(
    agreement_id: IdArgument,
    progress: Annotated[str, typer.Option(help="Overall progress: red, amber or green.")],
    quality: Annotated[
        int | None,
        typer.Option(min=1, max=4, help="The supported head's rating of the support: 1 poor .. 4 excellent."),
    ] = None,
    reviewer: Annotated[str | None, typer.Option(help="Who reviewed (default: --by).")] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="The review's date (YYYY-MM-DD; default today).")
    ] = None,
    next_on: Annotated[
        str | None, typer.Option("--next", help="The next review's date (YYYY-MM-DD).")
    ] = None,
    notes: Annotated[str, typer.Option(help="What the review found.")] = "",
    objective: Annotated[
        list[str] | None,
        typer.Option(help="An objective's progress, OBJECTIVE_ID=red|amber|green (repeat for each)."),
    ] = None,
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Record a termly review (only while the agreement is in delivery)."""
    day = _date(on, "--on") or dt.date.today()
    following = _date(next_on, "--next")
    ratings = _ratings(objective or [])
    agreement = _opened(db, agreement_id)
    from peerlift.web import support_changes

    made = _change(
        lambda: support_changes.record_review(
            agreement,
            by,
            reviewed_on=day,
            reviewer=reviewer or by,
            progress=progress.lower(),
            quality=quality,
            notes=notes,
            next_review_on=following,
            objective_progress=ratings,
        )
    )
    sys.stdout.write(f"Recorded review {made.pk} of agreement {agreement.pk}: {made.progress}.\n")


@support_app.command("deliver")
def support_deliver(
    agreement_id: IdArgument,
    days: Annotated[float, typer.Option(help="Days delivered.")],
    on: Annotated[str, typer.Option("--on", help="The day they were delivered (YYYY-MM-DD).")],
    delivered_by: Annotated[str, typer.Option("--by", help="Who delivered them.")] = "",
    activity: Annotated[str, typer.Option(help="What was done.")] = "",
    recorded_by: Annotated[
        str, typer.Option("--recorded-by", help="Who records it (the audit log's name for them).")
    ] = "cli",
    db: DbOption = None,
) -> None:
    """Record days of support delivered (from the first meeting until the end of delivery)."""
    day = _date(on, "--on") or dt.date.today()  # --on is required: never None here
    agreement = _opened(db, agreement_id)
    from peerlift.web import support_changes

    made = _change(
        lambda: support_changes.record_delivery(
            agreement, recorded_by, days=days, delivered_on=day, delivered_by=delivered_by, activity=activity
        )
    )
    plural = "" if made.days == 1 else "s"
    sys.stdout.write(f"Recorded {made.days:g} day{plural} delivered on agreement {agreement.pk}.\n")


@support_app.command("objective")
def support_objective(
    agreement_id: IdArgument,
    area: Annotated[
        str | None, typer.Option(help="The support area (reading, maths, leadership, ...).")
    ] = None,
    text: Annotated[str | None, typer.Option(help="What is to change.")] = None,
    measure: Annotated[str | None, typer.Option(help="How success is measured.")] = None,
    target: Annotated[str | None, typer.Option(help="The target date (YYYY-MM-DD).")] = None,
    change: Annotated[
        int | None,
        typer.Option("--change", metavar="OBJECTIVE_ID", help="Change this objective (only what is given)."),
    ] = None,
    remove: Annotated[
        int | None,
        typer.Option("--remove", metavar="OBJECTIVE_ID", help="Remove this objective from the plan."),
    ] = None,
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Add an objective to the agreement's plan (prints its number, for review --objective), or
    change one (--change) or remove one (--remove) while the plan is open."""
    target_on = _date(target, "--target")
    if change is not None and remove is not None:
        raise fail("give --change or --remove, not both.")
    agreement = _opened(db, agreement_id)
    from peerlift.web import support_changes

    if remove is not None:
        gone = _objective(agreement, remove)
        _change(lambda: support_changes.remove_objective(gone, by))
        sys.stdout.write(f"Removed objective {remove} from agreement {agreement.pk}.\n")
        return
    given = {"area": area, "text": text, "success_measure": measure, "target_on": target_on}
    if change is not None:
        fields = {name: value for name, value in given.items() if value is not None}
        if not fields:
            raise fail("say what to change: --area, --text, --measure or --target.")
        chosen = _objective(agreement, change)
        _change(lambda: support_changes.change_objective(chosen, by, **fields))
        sys.stdout.write(f"Changed objective {change} of agreement {agreement.pk}.\n")
        return
    missing = [f"--{o}" for o, v in (("area", area), ("text", text), ("measure", measure)) if v is None]
    if missing:
        raise fail(f"a new objective needs {', '.join(missing)}.")
    made = _change(
        lambda: support_changes.add_objective(
            agreement, by, area=str(area), text=str(text), success_measure=str(measure), target_on=target_on
        )
    )
    sys.stdout.write(f"Added objective {made.pk} to agreement {agreement.pk}.\n")


def _objective(agreement: Any, pk: int) -> Any:
    found = agreement.objectives.filter(pk=pk).first()
    if found is None:
        raise fail(f"objective {pk} is not an objective of agreement {agreement.pk}.")
    return found
