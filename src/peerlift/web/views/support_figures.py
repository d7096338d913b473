"""What an LA learns from its support agreements: the timeliness page, the quality page (with the
closed agreements' outcomes) and the provider audit (a list, and a page per provider), with charts,
tables and the reports as PDF and XLSX. Thin shells around store.support_figures and
reports.support_audit (which also make the tables, so a page and its report agree).

Who sees what (web/permissions.py): the LA's administrators and officers see everything; its elected
members see the LA-level aggregates only (the summaries by category, area and term, and how many
closed agreements improved), never a table naming a school or a provider; headteachers nothing.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.text import slugify

from peerlift.reports import support_audit as reports
from peerlift.store import support_figures as store
from peerlift.web import permissions
from peerlift.web.pages import Content, Output, page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def web_id(key: str) -> str:
    """A provider's key as it stands in an address (a URN or an offer's reference as it is; a name
    made into a slug)."""
    return key if SLUG.fullmatch(key) else (slugify(key) or "provider")


def _table(sheet: reports.Sheet, link: dict[str, Any] | None = None) -> Table:
    columns = [
        Column(key, label, numeric=numeric, link=(link or {}).get(key))
        for key, label, numeric in sheet.columns
    ]
    return Table(sheet.name, sheet.caption, columns, sheet.rows, empty=sheet.empty, notes=list(sheet.notes))


def _chart(svg: str, alt: str, file: str) -> dict[str, str]:
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        "alt": alt,
        "file": file,
    }


def _staff(request: HttpRequest, la: int) -> bool:
    return permissions.allows(request, permissions.la_support_audit, la=la)


def _refuse_staff_tables(
    request: HttpRequest, output: Output, shown: list[Table], staff_only: set[str]
) -> None:
    """A member asking for the download of a table only the LA's staff see is refused (403), as the
    address would be for anyone else not allowed it."""
    wanted = request.resolver_match.kwargs.get("table") if request.resolver_match else None
    if output is Output.DOWNLOAD and wanted in staff_only and wanted not in {t.name for t in shown}:
        raise PermissionDenied("Only the LA's officers see that table.")


STAFF_TIMELINESS = {"agreements", "overdue", "unmatched"}
STAFF_QUALITY = {"ratings-by-provider", "outcomes"}


@page(
    "las/<int:la>/support/timeliness",
    name="support-timeliness",
    template="web/support/timeliness.html",
    rule=permissions.la_support_figures,
    summary="How long the LA's schools waited for support: days from a need, concern or category 3-4 "
    "to an agreement and its first meeting; reviews overdue; needs unmatched",
)
def timeliness(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    staff = _staff(request, la)
    found = store.timeliness(la)
    tables = [_table(s) for s in reports.timeliness_sheets(found, staff)]
    _refuse_staff_tables(request, output, tables, STAFF_TIMELINESS)
    chart = None
    if output is Output.HTML and found["by_category"]:
        svg, what = reports.timeliness_chart(found)
        chart = _chart(
            svg,
            f"Bar chart in {authority['name']}: {what[0].lower()}{what[1:]}. The figures are in the tables "
            "below.",
            f"support-timeliness-{la}.svg",
        )
    data = (
        found
        if staff
        else {k: found[k] for k in ("la", "as_at", "settings", "overall", "by_category", "by_area")}
    )
    return Content(
        f"{authority['name']}: timeliness of support",
        tables,
        context={"authority": authority, "chart": chart, "staff": staff, "settings": found["settings"]},
        data={"la": la, "timeliness": data},
    )


@page(
    "las/<int:la>/support/quality",
    name="support-quality",
    template="web/support/quality.html",
    rule=permissions.la_support_figures,
    summary="Review ratings of the LA's support agreements over time, by area (and by provider), and "
    "what happened after closed agreements (descriptive)",
)
def quality(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    staff = _staff(request, la)
    found = store.summary(la)
    tables = [_table(s) for s in reports.quality_sheets(found["quality"], found["outcomes"], staff)]
    _refuse_staff_tables(request, output, tables, STAFF_QUALITY)
    chart = None
    if output is Output.HTML and found["quality"]["by_term"]:
        chart = _chart(
            reports.ratings_chart(found["quality"]),
            f"Stacked bar chart of the reviews of {authority['name']}'s support agreements rated green, "
            "amber and red in each school term. The figures are in the table 'Review ratings by school "
            "term' below.",
            f"support-ratings-{la}.svg",
        )
    quality_data = dict(found["quality"])
    if not staff:
        quality_data.pop("by_provider")
    data: dict[str, Any] = {"la": la, "quality": quality_data}
    if staff:
        data["outcomes"] = found["outcomes"]
    return Content(
        f"{authority['name']}: quality of support",
        tables,
        context={"authority": authority, "chart": chart, "staff": staff},
        data=data,
    )


def _provider_link(la: int) -> Any:
    return lambda row: reverse("support-provider", kwargs={"la": la, "provider": web_id(row["provider"])})


@page(
    "las/<int:la>/support/providers",
    name="support-providers",
    template="web/support/providers.html",
    rule=permissions.la_support_audit,
    summary="Every provider leading the LA's support agreements: days planned and delivered, cost per "
    "day, ratings, timeliness and outcomes",
)
def providers(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    found = store.audit(la)
    table = _table(reports.providers_sheet(found), {"name": _provider_link(la)})
    return Content(
        f"{authority['name']}: audit of support providers",
        [table],
        context={"authority": authority},
        data={"la": la, "audit": found},
    )


def _provider_or_404(la: int, provider: str) -> tuple[Row, Row, Row]:
    found = store.summary(la)
    chosen = next((p for p in found["audit"]["providers"] if web_id(p["provider"]) == provider), None)
    if chosen is None:
        raise Http404("No agreement of the LA is led by that provider.")
    return found, chosen, found["quality"]


@page(
    "las/<int:la>/support/providers/<slug:provider>",
    name="support-provider",
    template="web/support/provider.html",
    rule=permissions.la_support_audit,
    summary="One provider's audit: its agreements, days planned and delivered, cost per delivered day, "
    "ratings by term, timeliness and outcomes",
)
def provider(request: HttpRequest, output: Output, la: int, provider: str) -> Content:
    authority = authority_or_404(la)
    _, chosen, quality_found = _provider_or_404(la, provider)
    tables = [_table(s) for s in reports.provider_sheets(chosen, quality_found)]
    chart = None
    if output is Output.HTML and chosen["agreement_rows"]:
        chart = _chart(
            reports.days_chart(chosen),
            f"Bar chart of the days planned and delivered on each of {chosen['name']}'s agreements. The "
            "figures are in the table 'Its agreements' below.",
            f"support-provider-{la}-{provider}.svg",
        )
    return Content(
        f"{authority['name']}: audit of {chosen['name']}",
        tables,
        context={"authority": authority, "chart": chart, "provider": chosen, "provider_id": provider},
        data={"la": la, "provider": chosen},
    )


@permissions.rule(permissions.la_support_audit)
def summary_file(request: HttpRequest, la: int, fmt: str) -> HttpResponse:
    """The LA's support summary as an A4 PDF or a workbook (the same figures as the pages)."""
    if fmt not in reports.FORMATS:
        raise Http404("A support summary comes as PDF or XLSX.")
    authority = authority_or_404(la)
    body = reports.render(reports.summary_document(store.summary(la), authority["name"]), fmt)
    response = HttpResponse(body, content_type=reports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="support-summary-{la}.{fmt}"'
    return response


@permissions.rule(permissions.la_support_audit)
def provider_file(request: HttpRequest, la: int, provider: str, fmt: str) -> HttpResponse:
    """One provider's audit as an A4 PDF or a workbook."""
    if fmt not in reports.FORMATS:
        raise Http404("A provider's audit comes as PDF or XLSX.")
    authority = authority_or_404(la)
    found, chosen, quality_found = _provider_or_404(la, provider)
    doc = reports.provider_document(chosen, quality_found, authority["name"], found["as_at"])
    response = HttpResponse(reports.render(doc, fmt), content_type=reports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="support-audit-{la}-{provider}.{fmt}"'
    return response
