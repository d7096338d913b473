"""Networks of schools: an LA's administrators make them and choose their schools; the LA's officers and
each network's own leads read a network's schools and headline figures.

A network holds only schools of its LA (checked when a school is added), so a network lead never
reads the record of a school outside the LA that made them a lead. Every change is audited with the
network before and after.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.analysis import networks as network_analysis
from peerlift.analysis.latest_inspection import GOOD_OR_BETTER
from peerlift.analysis.surveys import rules as survey_rules
from peerlift.domain import labels
from peerlift.domain.dates import long_date
from peerlift.domain.networks import vocabulary
from peerlift.reports import network_report
from peerlift.reports.charts import levels_chart
from peerlift.store import access, picture
from peerlift.store import surveys as survey_store
from peerlift.web import audit, forms, network_changes, network_data, permissions
from peerlift.web.models import Network, NetworkMember
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views import surveys as survey_pages
from peerlift.web.views.authorities import authority_or_404


def _leave(member: NetworkMember) -> None:
    """A school leaves today: its spell ends (kept as history), or, when it joined today, is undone."""
    today = dt.date.today()
    if member.joined_on is not None and member.joined_on >= today:
        member.delete()
        return
    member.left_on = today
    member.save(update_fields=["left_on"])


def _network(pk: int) -> Network:
    found = Network.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("There is no such network.")
    return found


def network_url(row: Row) -> str:
    return reverse("network", kwargs={"pk": row["id"]})


def _errors_page(
    request: HttpRequest, name: str, form: forms.Form, more: dict[str, Any] | None = None, **kwargs: Any
) -> HttpResponse:
    """A page again with its form's errors (GOV.UK error summary), what was typed kept."""
    errors = forms.errors_of(form)
    extra = {
        "errors": errors,
        "values": request.POST,
        "error_summary": error_summary(errors),
        **(more or {}),
    }
    return render_page(request, named(name), extra, status=400, **kwargs)


@page(
    "las/<int:la>/networks",
    name="la-networks",
    template="web/networks.html",
    rule=permissions.la_networks,
    summary="An LA's networks of schools and who leads them",
)
def la_networks(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    rows = [
        {
            "id": n.pk,
            "name": n.name,
            "kind": vocabulary().label_of(n.kind),
            "schools": n.members.current().count(),
            "leads": ", ".join(sorted(p.user.username for p in n.leads.select_related("user"))),
        }
        for n in Network.objects.filter(la_code=la)
    ]
    table = Table(
        "networks",
        f"Networks in {authority['name']}",
        [
            Column("name", "Network", link=network_url),
            Column("kind", "Kind"),
            Column("schools", "Schools", numeric=True, count=True),
            Column("leads", "Led by"),
        ],
        rows,
        empty="The LA has no networks yet.",
    )
    return Content(
        f"{authority['name']}: networks of schools",
        [table],
        context={
            "authority": authority,
            "may_manage": permissions.allows(request, permissions.manage_la_networks, la=la),
        },
        data={"la": la},
    )


@permissions.rule(permissions.manage_la_networks)
@require_POST
def new_network(request: HttpRequest, la: int) -> HttpResponse:
    """Make a network of the LA (audited); its schools are added on its own page."""
    authority_or_404(la)
    form = forms.NetworkNameForm(request.POST, la=la)
    if not form.is_valid():
        return _errors_page(request, "la-networks", form, la=la)
    name = form.cleaned_data["name"]
    who = permissions.viewer(request)
    network = audit.audited_change(
        who.username,
        "create network",
        audit.NETWORK,
        lambda: Network.objects.create(name=name, la_code=la),
        la=la,
    )
    messages.success(request, f"The network {name} has been made. Add its schools below.")
    return redirect("network", pk=network.pk)


def _headline(schools: list[Row], latest: pl.DataFrame) -> Row:
    """Schools, pupils, and how many of those inspected stand good or better in the terms of their latest
    inspection's own framework (analysis.latest_inspection): never an overall grade from 2006 for a
    school that has had a report card since."""
    judged = latest.filter(pl.col("standing").is_not_null())
    good = judged.filter(pl.col("standing") == GOOD_OR_BETTER).height
    frameworks = judged.group_by("framework").len().sort("framework").iter_rows()
    return {
        "schools": len(schools),
        "pupils": sum(s["pupils"] or 0 for s in schools),
        "inspected": judged.height,
        "good_or_better": good,
        "good_or_better_pct": round(100 * good / judged.height, 1) if judged.height else None,
        "by_framework": {f: n for f, n in frameworks},
    }


def _school_rows(urns: list[int], latest: pl.DataFrame) -> list[Row]:
    """The network's schools with their latest inspection in any framework, in its own framework's words."""
    known = {s["urn"]: s for s in access.schools_by_urn(urns)}
    found = {r["urn"]: r for r in latest.to_dicts()}
    rows = []
    for urn in urns:
        school = known.get(urn, {"urn": urn, "name": "Not in the register"})
        inspected = found.get(urn, {})
        on = inspected.get("start_date")
        rows.append(
            {
                **{k: school.get(k) for k in ("urn", "name", "phase", "type", "pupils")},
                "latest": inspected.get("headline") or None,
                "framework": labels.framework(inspected["framework"]) if inspected else None,
                "inspected": on.isoformat() if on else None,
                "inspected_as": inspected.get("inspection_urn")
                if inspected.get("inspection_urn") != urn
                else None,
            }
        )
    return sorted(rows, key=lambda r: (r["name"] or "", r["urn"]))


def _headline_table(headline: Row) -> Table:
    pct = headline["good_or_better_pct"]
    rows = [
        {"measure": "Schools", "value": headline["schools"]},
        {"measure": "Pupils (number on roll in the register)", "value": headline["pupils"]},
        {"measure": "Schools with a graded inspection on record", "value": headline["inspected"]},
        {"measure": "Of those, good or better when last inspected", "value": headline["good_or_better"]},
        {"measure": "% good or better", "value": pct if pct is not None else "No school inspected"},
    ]
    return Table(
        "headline",
        "The network at a glance",
        [Column("measure", "Measure"), Column("value", "Value", numeric=True)],
        rows,
        notes=[
            "Each school's latest graded inspection in any framework, judged in that framework's own "
            "terms: overall effectiveness good or outstanding (to August 2024); every key judgement good "
            "or better (September 2024 to November 2025, no overall grade); every report card area at "
            "expected standard or above and safeguarding met (from November 2025). A converter academy "
            "not yet inspected itself takes its predecessor's inspection."
        ],
    )


@page(
    "networks/<int:pk>",
    name="network",
    template="web/network.html",
    rule=permissions.network,
    summary="A network's schools and headline: schools, pupils, % good or outstanding",
)
def network(request: HttpRequest, output: Output, pk: int) -> Content:
    found = _network(pk)
    urns = sorted(set(found.members.current().values_list("urn", flat=True)))
    latest = picture.latest_among(urns, found.la_code)
    rows = _school_rows(urns, latest)
    headline = _headline(rows, latest)
    schools = Table(
        "schools",
        "Schools in the network",
        [
            Column("name", "Name", link=lambda r: reverse("school", kwargs={"urn": r["urn"]})),
            Column("urn", "URN", numeric=True),
            Column("phase", "Phase"),
            Column("type", "Type"),
            Column("pupils", "Pupils", numeric=True, count=True),
            Column("latest", "Latest inspection"),
            Column("framework", "Framework"),
            Column("inspected", "Inspected"),
            Column("inspected_as", "As predecessor URN", numeric=True),
        ],
        rows,
        empty="The network has no schools yet.",
    )
    authority = access.local_authority(found.la_code) if found.la_code is not None else None
    shares = network_data.levels_share(found.la_code, "year", [found.pk])
    history, levels, log = _over_time(found, shares)
    survey, survey_tables = _survey(request, found, output)
    return Content(
        found.name,
        [_headline_table(headline), schools, _by_year(found), history, levels, log, *survey_tables],
        context={
            **_activity_context(request, found, shares, output),
            "survey": survey,
            "network": found,
            "authority": authority,
            "headline": headline,
            "may_manage": permissions.allows(request, permissions.manage_network, pk=pk),
            "may_list": found.la_code is not None
            and permissions.allows(request, permissions.la_networks, la=found.la_code),
            "leads": sorted(p.user.username for p in found.leads.select_related("user")),
            "school_rows": rows,
            "suggest_url": reverse("schools-json") if found.la_code is not None else None,
        },
        data={
            "network": {
                "id": found.pk,
                "name": found.name,
                "la": found.la_code,
                "kind": found.kind,
                "lead": found.lead,
            },
            "headline": headline,
            "activities_by_level": shares,
            "survey": survey["results"] if survey else None,
        },
    )


# ---------------------------------------------------------------------------------------------
# A network's capacity-and-trust survey on its page (network-surveys): aggregates only, the
# small-group rule kept (analysis.surveys), beside the network's round before


def _survey(request: HttpRequest, found: Network, output: Output) -> tuple[Row | None, list[Table]]:
    """The network's latest capacity-and-trust round (store.surveys.latest_network_round): its
    results as aggregates, the table `survey` and the chart; None and no table when it has had none."""
    result = survey_store.results_for_network(found.pk)
    if result is None:
        return None, []
    row = result["round"]
    return (
        {
            "round": row,
            "previous": result["previous_round"],
            "results": result,
            "may_answer": permissions.allows(request, permissions.survey_network, pk=row["id"])
            and bool(row["open"]),
            "chart": survey_pages.results_chart(result) if output is Output.HTML else None,
        },
        [survey_pages.summary_table(result, "survey")],
    )


def _change(request: HttpRequest, network: Network, action: str, change: Callable[[], object]) -> None:
    """Make a change to a network and audit it with the network before and after."""

    def apply() -> Network:
        change()
        return network

    audit.audited_change(
        permissions.viewer(request).username,
        action,
        audit.NETWORK,
        apply,
        la=network.la_code,
        target=network,
    )


@permissions.rule(permissions.manage_network)
@require_POST
def rename_network(request: HttpRequest, pk: int) -> HttpResponse:
    found = _network(pk)
    form = forms.NetworkNameForm(request.POST, la=found.la_code, network=found)
    if not form.is_valid():
        return _errors_page(request, "network", form, pk=pk)
    name = form.cleaned_data["name"]

    def rename() -> None:
        found.name = name
        found.save(update_fields=["name"])

    _change(request, found, "rename network", rename)
    messages.success(request, f"The network is now called {name}.")
    return redirect("network", pk=pk)


@permissions.rule(permissions.manage_network)
@require_POST
def add_school(request: HttpRequest, pk: int) -> HttpResponse:
    found = _network(pk)
    form = forms.NetworkSchoolForm(request.POST, network=found)
    if not form.is_valid():
        return _errors_page(request, "network", form, {"candidates": form.candidates}, pk=pk)
    urn: int = form.cleaned_data["urn"]
    _change(
        request,
        found,
        "add school to network",
        lambda: NetworkMember.objects.create(network=found, urn=urn, joined_on=dt.date.today()),
    )
    messages.success(request, f"{access.school_name(urn)} (URN {urn}) is now in the network.")
    return redirect("network", pk=pk)


@permissions.rule(permissions.manage_network)
@require_POST
def remove_school(request: HttpRequest, pk: int) -> HttpResponse:
    found = _network(pk)
    form = forms.RemoveSchoolForm(request.POST, network=found)
    if not form.is_valid():
        return _errors_page(request, "network", form, pk=pk)
    member: NetworkMember = form.cleaned_data["remove_urn"]
    _change(request, found, "remove school from network", lambda: _leave(member))
    messages.success(request, f"URN {member.urn} has been taken out of the network.")
    return redirect("network", pk=pk)


# ---------------------------------------------------------------------------------------------
# Networks over time (issue 15): members' history, activities and who took part, the LA's overlap
# and turbulence, networks' outcomes side by side, the network report.


def _day_text(value: Any) -> str:
    return long_date(value) if isinstance(value, dt.date) else ""


def _date_column(key: str, label: str, blank: str = "") -> Column:
    return Column(key, label, text=lambda row: _day_text(row.get(key)) or blank)


def _level_columns() -> list[Column]:
    return [
        Column(f"{code}_pct", f"{label} (%)", numeric=True) for code, label in vocabulary().levels.items()
    ]


def _levels_table(shares: Row, caption: str) -> Table:
    return Table(
        "levels",
        caption,
        [
            Column("period", "School year"),
            Column("activities", "Activities", numeric=True, count=True),
            *_level_columns(),
        ],
        shares["periods"],
        empty="No activities are recorded yet.",
        notes=[
            "Each figure is the share of the activities of that school year (1 September to 31 August) "
            "in which that level took part; an activity may have several levels, so they add up to "
            "more than 100%."
        ],
    )


def _by_year(found: Network) -> Table:
    return Table(
        "by_year",
        "Members year by year",
        [
            _date_column("on", "On"),
            Column("members_at_end", "Members", numeric=True, count=True),
            Column("joined", "Joined in the year before", numeric=True, count=True),
            Column("left", "Left in the year before", numeric=True, count=True),
            Column(
                "share",
                "Changes (% of the members a year before)",
                numeric=True,
                text=lambda r: "" if r["share"] is None else f"{round(100 * r['share'])}%",
            ),
            Column("turbulent", "Turbulent", text=lambda r: "Yes" if r["turbulent"] else "No"),
        ],
        network_data.membership_by_year(found),
        empty="No school has been in the network.",
        highlight="turbulent",
    )


def _over_time(found: Network, shares: Row) -> tuple[Table, Table, Table]:
    """A network's members over time, who took part in its activities by year, and its activity log."""
    history = Table(
        "history",
        "Members over time",
        [
            Column("name", "School", link=lambda r: reverse("school", kwargs={"urn": r["urn"]})),
            Column("urn", "URN", numeric=True),
            _date_column("joined_on", "Joined", "Before the records"),
            _date_column("left_on", "Left"),
            Column("current", "A member now", text=lambda r: "Yes" if r["current"] else "No"),
        ],
        network_data.member_history(found),
        empty="No school has been in the network.",
    )
    log = Table(
        "activities",
        "Activities",
        [
            _date_column("date", "Date"),
            Column("kind", "Kind"),
            Column("levels", "Who took part"),
            Column("notes", "Notes"),
        ],
        network_data.activity_rows(found),
        empty="No activities are recorded yet.",
    )
    return history, _levels_table(shares, "Who took part in its activities, by school year"), log


def _levels_chart(shares: Row, title: str, file: str) -> dict[str, str] | None:
    if not shares["periods"]:
        return None
    svg = levels_chart(shares["periods"], shares["levels"], title)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        "alt": f"{title}: a line per level of the % of activities it took part in, by school year. "
        "The figures are in the table below it.",
        "file": file,
    }


def _activity_context(request: HttpRequest, found: Network, shares: Row, output: Output) -> Row:
    words = vocabulary()
    return {
        "kind_label": words.label_of(found.kind),
        "chart": _levels_chart(
            shares, f"Who took part in {found.name}'s activities", f"network-{found.pk}-levels.svg"
        )
        if output is Output.HTML
        else None,
        "beyond_heads": shares["beyond_heads_pct"],
        "may_record": permissions.allows(request, permissions.write_network_activities, pk=found.pk),
        "activity_kinds": list(words.activity_kinds.items()),
        "levels": list(words.levels.items()),
        "activity_date": forms.date_parts(forms.ActivityForm(None), "date", None),
        "network_kinds": [(k, words.kinds[k].label) for k in words.recorded_kinds],
    }


@permissions.rule(permissions.write_network_activities)
@require_POST
def add_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an activity of the network (audited as `record network activity`)."""
    found = _network(pk)
    form = forms.ActivityForm(request.POST)
    if not form.is_valid():
        more = {
            "activity_date": forms.date_parts(form, "date", None),
            "chosen_levels": request.POST.getlist("levels"),
        }
        return _errors_page(request, "network", form, more, pk=pk)
    data = form.cleaned_data
    who = permissions.viewer(request)
    network_changes.record_activity(
        who.username, found, data["date"], data["kind"], data["levels"], data["notes"]
    )
    label = vocabulary().activity_kinds[data["kind"]]
    messages.success(
        request, f"Recorded: {label.lower() if label[1:2].islower() else label} on {long_date(data['date'])}."
    )
    return redirect("network", pk=pk)


@permissions.rule(permissions.network)
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The network report as an A4 PDF or a workbook (members, activities by level, outcomes)."""
    if fmt not in network_report.FORMATS:
        raise Http404("A network report comes as PDF or XLSX.")
    found = _network(pk)
    body = network_report.render(network_data.report_data(found), fmt, network_report.survey_of(found.pk))
    response = HttpResponse(body, content_type=network_report.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="network-{pk}.{fmt}"'
    return response


def _on(request: HttpRequest) -> dt.date:
    text = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        raise Http404("The day is not a date.") from None


def _school_link(row: Row) -> str:
    return reverse("school", kwargs={"urn": row["urn"]})


@page(
    "las/<int:la>/networks/overlap",
    name="la-network-overlap",
    template="web/network_overlap.html",
    rule=permissions.la_networks,
    summary="Overlap and turbulence: schools in several arrangements of one purpose, ad hoc "
    "arrangements beside a cluster, turbulent networks, schools in no network",
    params=(Param("on", "The day to look at (YYYY-MM-DD); default today"),),
)
def la_network_overlap(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    day = _on(request)
    spells = network_data.memberships(la)
    found = {"la": la, **network_analysis.findings(spells, network_data.open_schools(la), day)}
    words = vocabulary()
    every = network_analysis.turbulence_of(spells, day)
    share = round(100 * found["turbulence_share"])
    tables = [
        Table(
            "overlap",
            "Schools in more than one arrangement of the same purpose",
            [
                Column("name", "School", link=_school_link),
                Column("urn", "URN", numeric=True),
                Column(
                    "purpose",
                    "Purpose",
                    text=lambda r: str(words.purposes.get(r["purpose"], r["purpose"])).capitalize(),
                ),
                Column("arrangements", "Arrangements", text=lambda r: ", ".join(r["arrangements"])),
                Column("reason", "Why it is listed"),
            ],
            [{**r, "arrangements": r["arrangements"]} for r in found["overlap"]],
            empty="No school is in more than one arrangement of the same purpose.",
        ),
        Table(
            "beside",
            "Ad hoc arrangements beside a cluster",
            [
                Column("network", "Arrangement"),
                Column("beside", "Beside"),
                Column("shared", "Schools shared", numeric=True, text=lambda r: str(len(r["shared"]))),
                Column("reason", "Why it is listed"),
            ],
            found["beside"],
            empty="No ad hoc arrangement shares a school with a cluster.",
        ),
        Table(
            "turbulence",
            f"Membership changes in the year to {long_date(day)}",
            [
                Column("network", "Arrangement"),
                Column("kind", "Kind", text=lambda r: words.label_of(r["kind"])),
                Column("members_at_start", "Members at the start", numeric=True, count=True),
                Column("joined", "Joined", numeric=True, count=True),
                Column("left", "Left", numeric=True, count=True),
                Column(
                    "share",
                    "Changes (% of the members at the start)",
                    numeric=True,
                    text=lambda r: "" if r["share"] is None else f"{round(100 * r['share'])}%",
                ),
                Column("turbulent", "Turbulent", text=lambda r: "Yes" if r["turbulent"] else "No"),
                Column("reason", "Why"),
            ],
            every,
            empty="The LA has no networks yet.",
            notes=[
                f"A network is turbulent when more than {share}% of its members at the start of the year "
                "joined or left within it (analysis/networks.toml)."
            ],
            highlight="turbulent",
        ),
        Table(
            "no_network",
            "Schools in no network",
            [
                Column("name", "School", link=_school_link),
                Column("urn", "URN", numeric=True),
                Column("reason", "Why it is listed"),
            ],
            found["no_network"],
            empty="Every open school is in a network.",
        ),
    ]
    data = {**found, "on": day.isoformat()}
    return Content(
        f"{authority['name']}: overlap and turbulence of networks",
        tables,
        context={
            "authority": authority,
            "on": day,
            "counts": {k: len(found[k]) for k in ("overlap", "beside", "turbulence", "no_network")},
        },
        data={"findings": data},
    )


@page(
    "las/<int:la>/networks/outcomes",
    name="la-network-outcomes",
    template="web/network_outcomes.html",
    rule=permissions.la_network_outcomes,
    summary="An LA's networks side by side: good or better, trend, against the LA and families, and who "
    "takes part in their activities",
)
def la_network_outcomes(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    who = permissions.viewer(request)
    rows = network_data.outcomes(la)
    own_only = who.role is not None and who.role.value == "network_lead" and not who.superuser
    if own_only:
        rows = [r for r in rows if r["id"] in who.network_ids]
    shares = network_data.levels_share(la, "year", sorted(who.network_ids) if own_only else None)
    words = vocabulary()
    surveyed = survey_store.network_shares([r["id"] for r in rows])
    rows = [{**r, **_survey_share(surveyed.get(r["id"]))} for r in rows]
    outcome_table = Table(
        "outcomes",
        "Networks side by side",
        [
            _network_column(who),
            Column("kind", "Kind", text=lambda r: words.label_of(r["kind"])),
            Column("members", "Current members", numeric=True, count=True),
            Column("good_or_better_pct", "% good or better", numeric=True),
            Column("good_or_better_pct_year_before", "A year before (%)", numeric=True),
            Column("trend", "Change (points)", numeric=True),
            Column("against_la", "Against the LA (points)", numeric=True),
            Column("above_family", "Members above their family", numeric=True, count=True),
            Column("with_family_result", "Of members with a family result", numeric=True, count=True),
            Column("mean_difference_from_family", "Mean difference from family", numeric=True),
        ],
        rows,
        empty="The LA has no networks yet.",
        notes=[
            "Good or better: each current member's latest graded inspection in its own framework's terms "
            "(as on the network's page), today and a year before. Against families: each member's KS2 "
            "reading, writing and maths at the expected standard (primary) or Attainment 8 (secondary) "
            "against the mean of its family of similar schools in the same year."
        ],
    )
    return Content(
        f"{authority['name']}: networks' outcomes",
        [
            outcome_table,
            _surveys_table(rows, who),
            _levels_table(shares, "Who took part in networks' activities, by school year"),
        ],
        context={
            "authority": authority,
            "la_share": rows[0]["la_good_or_better_pct"] if rows else None,
            "beyond_heads": shares["beyond_heads_pct"],
            "chart": _levels_chart(
                shares, "Who took part in networks' activities", f"networks-{la}-levels.svg"
            )
            if output is Output.HTML
            else None,
            "may_list": permissions.allows(request, permissions.la_networks, la=la),
        },
        data={"outcomes": rows, "activities_by_level": shares},
    )


def _network_column(who: permissions.Viewer) -> Column:
    """The network's name, linked to its page except for an elected member (aggregates only)."""
    return Column(
        "network",
        "Network",
        link=(lambda r: reverse("network", kwargs={"pk": r["id"]})) if not output_is_member(who) else None,
    )


def _surveys_table(rows: list[Row], who: permissions.Viewer) -> Table:
    """Each network's latest capacity-and-trust survey beside its outcomes (the table `surveys`)."""
    return Table(
        "surveys",
        "Capacity-and-trust surveys beside outcomes",
        [
            _network_column(who),
            Column("survey_respondents", "Who answered", numeric=True, count=True),
            Column(
                "survey_favourable_pct",
                "Survey: % favourable",
                numeric=True,
                text=lambda r: r["survey_note"] or _pct_text(r["survey_favourable_pct"]) or "No survey yet",
                link=lambda r: (
                    reverse("survey-round", kwargs={"pk": r["survey_round"]}) if r["survey_round"] else None
                ),
            ),
            Column(
                "survey_previous_pct",
                "Round before (%)",
                numeric=True,
                text=lambda r: r["survey_previous_note"] or _pct_text(r["survey_previous_pct"]),
            ),
            Column(
                "survey_change_pts",
                "Survey change (points)",
                numeric=True,
                text=lambda r: "" if r["survey_change_pts"] is None else f"{r['survey_change_pts']:+.1f}",
            ),
            Column("good_or_better_pct", "% good or better", numeric=True),
            Column("trend", "Good or better: change (points)", numeric=True),
            Column("against_la", "Against the LA (points)", numeric=True),
        ],
        rows,
        empty="The LA has no networks yet.",
        notes=[
            "Survey: all the rated answers to the network's latest capacity-and-trust survey together "
            "(strongly agree or agree), linked to its round, beside its round before; a network "
            f"with fewer than {survey_rules().min_answers} answering is not shown, so that no head is "
            "identifiable. Outcomes as in the table above."
        ],
    )


def _pct_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _survey_share(found: Row | None) -> Row:
    """A network's capacity-and-trust survey as the outcomes table's columns (blank when it has none)."""
    found = found or {}
    return {
        "survey_round": found.get("round"),
        "survey_title": found.get("title"),
        "survey_opens_on": found.get("opens_on"),
        "survey_favourable_pct": found.get("favourable_pct"),
        "survey_note": found.get("note", ""),
        "survey_previous_pct": found.get("previous_pct"),
        "survey_previous_note": found.get("previous_note", ""),
        "survey_change_pts": found.get("change_pts"),
        "survey_respondents": found.get("respondents"),
    }


def output_is_member(who: permissions.Viewer) -> bool:
    """An elected member sees the networks in aggregate: no link to a network's page (its schools)."""
    return who.role is not None and who.role.value == "member" and not who.superuser


@permissions.rule(permissions.manage_network)
@require_POST
def describe_network(request: HttpRequest, pk: int) -> HttpResponse:
    """Change what a network is and who leads it (audited with the network before and after)."""
    found = _network(pk)
    form = forms.NetworkKindForm(request.POST)
    if not form.is_valid():
        return _errors_page(request, "network", form, pk=pk)
    kind, lead = form.cleaned_data["kind"], form.cleaned_data["lead"].strip()

    def describe() -> None:
        found.kind, found.lead = kind, lead
        found.save(update_fields=["kind", "lead"])

    _change(request, found, "describe network", describe)
    messages.success(request, f"{found.name} is now recorded as {vocabulary().label_of(kind).lower()}.")
    return redirect("network", pk=pk)
