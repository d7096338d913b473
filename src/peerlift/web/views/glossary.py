"""The glossary page: what the terms the pages use mean, one entry each (web/glossary.toml)."""

from __future__ import annotations

from django.http import HttpRequest

from peerlift.web import glossary, permissions
from peerlift.web.pages import Content, Output, page
from peerlift.web.tables import Column, Table


@page(
    "glossary",
    name="glossary",
    template="web/glossary.html",
    rule=permissions.anyone,
    summary="What the words on peerlift's pages mean",
)
def glossary_page(request: HttpRequest, output: Output) -> Content:
    entries = glossary.entries()
    terms = Table(
        "terms",
        "Terms",
        [Column("term", "Term"), Column("meaning", "Meaning")],
        [{"term": e.term, "meaning": e.meaning} for e in entries],
    )
    markers = Table(
        "markers",
        "Suppression and missing-value markers",
        [Column("marker", "Marker"), Column("meaning", "Meaning")],
        [{"marker": m, "meaning": reason} for e in entries for m, reason in e.marker_lines()],
    )
    return Content("Glossary", [terms, markers], context={"entries": entries})
