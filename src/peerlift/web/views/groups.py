"""A GIAS group (a trust, federation or sponsor): what GIAS says of it and the schools in it.

Published data, so open to every signed-in user and cached under the register's version.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from peerlift.store import queries
from peerlift.web import permissions
from peerlift.web.pages import Content, Output, page
from peerlift.web.tables import Column, Table
from peerlift.web.views.schools import la_url, school_url

Row = dict[str, Any]

SUMMARY_FIELDS = [
    ("type", "Type"),
    ("status", "Status"),
    ("group_id", "Group ID"),
    ("companies_house_number", "Companies House number"),
    ("ukprn", "UKPRN"),
    ("open_date", "Opened or incorporated"),
    ("close_date", "Closed"),
    ("head", "Head of group"),
    ("town", "Town"),
    ("postcode", "Postcode"),
]


@page(
    "groups/<int:uid>",
    name="group",
    template="web/group.html",
    rule=permissions.signed_in,
    summary="A GIAS group (trust, federation, sponsor): its details and its schools",
    cached=True,
)
def group(request: HttpRequest, output: Output, uid: int) -> Content:
    detail = queries.group_detail(uid)
    if detail is None:
        raise Http404(f"No group with UID {uid} is in the register.")
    members = [{**m, "name": m["name"] or "Not in the register"} for m in detail["members"]]
    return Content(
        detail["name"],
        [
            Table(
                "schools",
                f"The schools in {detail['name']}, with the date each joined",
                [
                    Column("urn", "URN", numeric=True, link=_known_school_url),
                    Column("name", "School"),
                    Column("la_name", "Local authority", link=la_url),
                    Column("phase", "Phase"),
                    Column("type", "Type"),
                    Column("status", "Status"),
                    Column("pupils", "Pupils", numeric=True, count=True),
                    Column("joined_date", "Joined"),
                ],
                members,
                empty="No GIAS group links file in the register lists a school in this group.",
            )
        ],
        context={"detail": detail, "summary": _summary(detail)},
        data={"group": {k: v for k, v in detail.items() if k != "members"}},
    )


def _known_school_url(row: Row) -> str | None:
    """A link to the school's page, for the members the register holds (only they have an LA)."""
    return school_url(row) if row["la"] is not None else None


def _summary(detail: Row) -> list[dict[str, Any]]:
    return [
        {"label": label, "value": detail[key]}
        for key, label in SUMMARY_FIELDS
        if detail.get(key) not in (None, "")
    ]
