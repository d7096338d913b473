"""Brokerage (issue 13): the LA's latest run (proposals, reasons, alternatives, unmet needs), a new
run as a background job on the worker, and accepting a proposal (the decision recorded, audited).

Officers and administrators of the LA only; every change goes through web/brokerage_changes.py. The
engine is brokerage/ (docs/brokerage.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from peerlift.brokerage import changes, weights, whatif
from peerlift.store.models import AcceptedMatch, BrokerageNeed, BrokerageOffer, BrokerageRule, BrokerageRun
from peerlift.web import brokerage_changes, forms, permissions, tasks
from peerlift.web.pages import Content, Output, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.words import long_time

AREA_NAMES = {
    "leadership": "Leadership",
    "governance": "Governance",
    "reading": "Reading",
    "writing": "Writing",
    "maths": "Maths",
    "early_years": "Early years",
    "send": "Special educational needs and disabilities (SEND)",
    "behaviour_attendance": "Behaviour and attendance",
    "curriculum": "Curriculum",
    "safeguarding": "Safeguarding",
    "finance": "Finance",
    "inclusion": "Inclusion",
}


def _alternatives(row: Row) -> str:
    return (
        "\n".join(f"{a['offer']} (score {a['score']:g}): {a['why_not']}" for a in row["alternatives"])
        or "None"
    )


def _proposal_rows(run: BrokerageRun, accepted: set[str]) -> list[Row]:
    return [
        {
            "need": p["need"],
            "supported_urn": p["supported_urn"],
            "area": AREA_NAMES.get(p["area"], p["area"]),
            "days": p["days"],
            "offer": p["offer"],
            "supporter": p["supporter_name"] or p["supporter_urn"],
            "score": p["score"],
            "reasons": "\n".join(p["reasons"]),
            "alternatives": _alternatives(p),
            "decision": "Accepted" if p["need"] in accepted else "Proposed",
        }
        for p in run.result.get("proposals", [])
    ]


PROPOSAL_COLUMNS = [
    Column("need", "Need"),
    Column("supported_urn", "School (URN)"),
    Column("area", "Area"),
    Column("days", "Days", numeric=True),
    Column("offer", "Offer"),
    Column("supporter", "Supporter"),
    Column("score", "Score", numeric=True),
    Column("reasons", "Why", pre=True),
    Column("alternatives", "Next two alternatives", pre=True),
    Column("decision", "Decision", link=lambda r: r.get("decision_link")),
]
UNMET_COLUMNS = [Column("need", "Need"), Column("reason", "Why it has no supporter")]
RULE_COLUMNS = [
    Column("need", "Need"),
    Column("offer", "Offer"),
    Column("rule", "Rule"),
    Column("made_by", "Made by"),
    Column("made_on", "Made on"),
]
CHANGE_COLUMNS = [
    Column("need", "Need"),
    Column("before", "Offer in the run before"),
    Column("before_score", "Score before", numeric=True),
    Column("after", "Offer now"),
    Column("after_score", "Score now", numeric=True),
]
RULE_NAMES = {"pin": "Pinned: this pair must happen", "exclude": "Excluded: this pair must not happen"}


def _rule_rows(la: int) -> list[Row]:
    return [
        {
            "need": r.need.need_id,
            "offer": r.offer.offer_id,
            "rule": RULE_NAMES.get(r.rule, r.rule),
            "made_by": r.made_by,
            "made_on": r.made_at.date(),
        }
        for r in BrokerageRule.objects.filter(la_code=la).select_related("need", "offer").order_by("-made_at")
    ]


def _link_agreements(la: int, rows: list[Row]) -> None:
    """An accepted proposal's decision links to its support agreement (issue 14), or to the form
    that makes one when the match has none."""
    from django.urls import reverse

    from peerlift.store.models import SupportAgreement

    matches = dict(AcceptedMatch.objects.filter(la_code=la).values_list("need__need_id", "pk"))
    agreements = dict(
        SupportAgreement.objects.filter(accepted_match__in=list(matches.values())).values_list(
            "accepted_match_id", "pk"
        )
    )
    for row in rows:
        match = matches.get(row["need"]) if row["decision"] == "Accepted" else None
        if match is None:
            continue
        if match in agreements:
            row["decision_link"] = reverse("support-agreement", kwargs={"la": la, "pk": agreements[match]})
        else:
            row["decision_link"] = reverse("support-new", kwargs={"la": la}) + f"?match={match}"


def latest_run(la: int) -> BrokerageRun | None:
    return BrokerageRun.objects.filter(la_code=la).order_by("-run_at", "-id").first()


def _changed(la: int, run: BrokerageRun | None) -> list[Row]:
    """What the latest finished run changed from the finished run before it (no supporter: "None")."""
    done = BrokerageRun.objects.filter(la_code=la, status=BrokerageRun.Status.DONE)
    if run is None or run.status != BrokerageRun.Status.DONE:
        return []
    before = done.filter(pk__lt=run.pk).order_by("-pk").first()
    if before is None:
        return []
    return [
        {**row, "before": row["before"] or "None", "after": row["after"] or "None"}
        for row in changes.between(before.result, run.result)
    ]


@page(
    "las/<int:la>/brokerage",
    name="la-brokerage",
    template="web/brokerage.html",
    rule=permissions.la_brokerage,
    summary="An LA's latest brokerage run: each need's proposed lead supporter, why, and unmet needs",
)
def la_brokerage(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    tasks.give_up_silent_jobs(la)  # a run whose worker died says so (store/jobs.py)
    run = latest_run(la)
    accepted = (
        set(AcceptedMatch.objects.filter(run=run).values_list("need__need_id", flat=True)) if run else set()
    )
    result: dict[str, Any] = run.result if run is not None else {}
    rows = _proposal_rows(run, accepted) if run else []
    _link_agreements(la, rows)
    proposals = Table(
        "proposals",
        "Proposed lead supporters",
        PROPOSAL_COLUMNS,
        rows,
        empty="No proposals yet: run the brokerage once the LA has open needs and offers.",
    )
    unmet = Table(
        "unmet",
        "Needs without a supporter",
        UNMET_COLUMNS,
        result.get("unmet", []),
        empty="Every need has a proposed supporter.",
    )
    rules = Table(
        "rules",
        "Pins and exclusions",
        RULE_COLUMNS,
        _rule_rows(la),
        empty="No pairs pinned or excluded.",
    )
    changed = Table(
        "changes",
        "What changed since the run before",
        CHANGE_COLUMNS,
        _changed(la, run),
        empty="No need's supporter changed since the run before (or there is no run before).",
    )
    figures = {k: result.get(k) for k in ("objective", "greedy_objective", "needs", "met", "greedy_met")}
    used = whatif.described(run.overrides) if run is not None else []
    return Content(
        f"{authority['name']}: brokerage",
        [proposals, unmet, changed, rules],
        context={
            "la": la,
            "run": run,
            "run_at": long_time(run.run_at) if run else "",
            "figures": figures,
            "open_needs": [] if used else [r["need"] for r in proposals.rows if r["decision"] == "Proposed"],
            "used": used,
            "notes": result.get("notes", []),
            "whatif_offers": list(
                BrokerageOffer.objects.filter(la_code=la, confirmed=True).values_list("offer_id", flat=True)
            ),
            "whatif_weights": list(_weight_choices().items()),
            "remove_rules": _removable(la),
            "rule_needs": list(
                BrokerageNeed.objects.filter(la_code=la, status="open").values_list("need_id", flat=True)
            ),
            "rule_offers": list(BrokerageOffer.objects.filter(la_code=la).values_list("offer_id", flat=True)),
            "values": {},
            "errors": {},
        },
        data={
            "la": la,
            "status": run.status if run else None,
            **figures,
            "what_if": run.overrides if run is not None else {},
            "used": used,
            "notes": result.get("notes", []),
        },
    )


def _weight_choices() -> dict[str, str]:
    """Each weight's name and its value in the package's weights.toml, for the what-if form."""
    now = vars(weights.load())
    return {name: f"{words}, now {now[name]:g}" for name, words in whatif.WEIGHT_NAMES.items()}


def _removable(la: int) -> list[tuple[str, str]]:
    """The LA's pins and exclusions as the remove form's choices: (id, "N1 with O1: pinned")."""
    said = {"pin": "pinned", "exclude": "excluded"}
    return [
        (str(r.pk), f"{r.need.need_id} with {r.offer.offer_id}: {said.get(r.rule, r.rule)}")
        for r in BrokerageRule.objects.filter(la_code=la).select_related("need", "offer").order_by("-made_at")
    ]


def _page_again(request: HttpRequest, la: int, form: forms.Form) -> HttpResponse:
    errors = forms.errors_of(form)
    values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    extra = {"errors": errors, "error_summary": error_summary(errors), "values": values}
    return render_page(request, named("la-brokerage"), extra, status=400, la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def what_if(request: HttpRequest, la: int) -> HttpResponse:
    """A what-if run: an offer's days or a weight changed for this run only (kept on the run, never
    on the offer or the rules); the page then says what the run used and what changed."""
    authority_or_404(la)
    form = forms.BrokerageWhatIfForm(request.POST, la=la, weights=_weight_choices())
    if not form.is_valid():
        return _page_again(request, la, form)
    data = form.cleaned_data
    overrides = brokerage_changes.what_if(la, data["offer"], data["days"], data["weight"], data["value"])
    tasks.request_brokerage(la, permissions.viewer(request).username, overrides)
    messages.success(
        request,
        "The what-if run is running: " + "; ".join(whatif.described(overrides)) + ". Nothing stored changes.",
    )
    return redirect("la-brokerage", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def remove_rule(request: HttpRequest, la: int) -> HttpResponse:
    """Take a pin or exclusion away (audited); the next run brokers the pair as any other."""
    authority_or_404(la)
    form = forms.BrokerageRuleRemoveForm(request.POST, la=la, choices=_removable(la))
    if not form.is_valid():
        return _page_again(request, la, form)
    rule = BrokerageRule.objects.select_related("need", "offer").get(
        la_code=la, pk=int(form.cleaned_data["rule"])
    )
    what = "pin" if rule.rule == "pin" else "exclusion"
    brokerage_changes.remove_rule(permissions.viewer(request).username, rule)
    messages.success(
        request, f"The {what} of need {rule.need.need_id} with offer {rule.offer.offer_id} is taken away."
    )
    return redirect("la-brokerage", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def run_brokerage(request: HttpRequest, la: int) -> HttpResponse:
    """Ask the worker to broker the LA's open needs and offers as they stand."""
    authority_or_404(la)
    tasks.request_brokerage(la, permissions.viewer(request).username)
    messages.success(request, "The brokerage is running. This page shows its proposals when it has finished.")
    return redirect("la-brokerage", la=la)


@permissions.rule(permissions.la_brokerage_run)
@require_POST
def accept(request: HttpRequest, la: int, run: int) -> HttpResponse:
    """Take a run's proposal for one need: the decision (who, when) is recorded as an accepted match."""
    found = BrokerageRun.objects.filter(la_code=la, pk=run, status=BrokerageRun.Status.DONE).first()
    if found is None:
        raise Http404("There is no such brokerage run for this LA.")
    if found.overrides:
        messages.error(
            request,
            "A what-if run's proposals cannot be accepted: change the offer itself, or run the brokerage "
            "again, and accept from that run.",
        )
        return redirect("la-brokerage", la=la)
    need = request.POST.get("need", "")
    proposed = {p["need"] for p in found.result.get("proposals", [])}
    if need not in proposed or AcceptedMatch.objects.filter(need__la_code=la, need__need_id=need).exists():
        messages.error(
            request, "Choose a need this run proposes a supporter for, and that is not accepted yet."
        )
        return redirect("la-brokerage", la=la)
    brokerage_changes.accept(permissions.viewer(request).username, found, need)
    messages.success(request, f"The proposal for need {need} is accepted.")
    return redirect("la-brokerage", la=la)


@permissions.rule(permissions.la_brokerage)
@require_POST
def set_rule(request: HttpRequest, la: int) -> HttpResponse:
    """Pin or exclude a need-offer pair (replacing what was said of it), and with "run" run again."""
    authority_or_404(la)
    form = forms.BrokerageRuleForm(request.POST, la=la)
    if not form.is_valid():
        errors = forms.errors_of(form)
        values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        extra = {"errors": errors, "error_summary": error_summary(errors), "values": values}
        return render_page(request, named("la-brokerage"), extra, status=400, la=la)
    actor = permissions.viewer(request).username
    need = BrokerageNeed.objects.get(la_code=la, need_id=form.cleaned_data["need"])
    offer = BrokerageOffer.objects.get(la_code=la, offer_id=form.cleaned_data["offer"])
    brokerage_changes.set_rule(actor, need, offer, form.cleaned_data["rule"])
    said = "pinned" if form.cleaned_data["rule"] == "pin" else "excluded"
    if request.POST.get("run"):
        tasks.request_brokerage(la, actor)
        messages.success(
            request, f"Need {need.need_id} with offer {offer.offer_id} is {said}; the brokerage is running."
        )
    else:
        messages.success(request, f"Need {need.need_id} with offer {offer.offer_id} is {said}.")
    return redirect("la-brokerage", la=la)
