"""The measure catalogue: every measure of the LAIT data dictionary and of peerlift's own list, by
theme (analysis/themes.toml), with its definition, publisher, polarity, unit and the latest year the
register holds; a GET search form finds a measure by its words without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from peerlift.analysis import catalogue
from peerlift.store import access
from peerlift.web import permissions
from peerlift.web.pages import Content, Output, Param, page
from peerlift.web.tables import Column, Row, Table


def _compare_link(row: Row) -> str | None:
    """The measure compared for the viewer's LA (the page's link for it), where figures are held."""
    la = row.get("_la")
    if la is None or row.get("latest_year") is None:
        return None
    return reverse("la-compare", kwargs={"la": la}) + f"?measure={row['measure']}"


def _unit_text(row: Row) -> str:
    return str(row["unit_words"])


@page(
    "measures",
    name="measures",
    template="web/measures.html",
    rule=permissions.signed_in,
    summary="Every measure peerlift knows (the LAIT data dictionary's and its own) by theme, with its "
    "definition, publisher, polarity, unit and the latest year held; searchable by words",
    params=(
        Param("q", "Words to find in a measure's name, definition or code"),
        Param("theme", "One theme's key, e.g. ks2, attendance, finance"),
    ),
)
def measures(request: HttpRequest, output: Output) -> Content:
    words = request.GET.get("q", "").strip()[:200]
    theme = request.GET.get("theme", "").strip()[:40]
    every = catalogue.entries(access.measure_definitions(), access.latest_years())
    found = catalogue.search(every, words)
    known = {t.key: t.title for t in catalogue.themes().themes}
    if theme in known:
        found = [e for e in found if e.theme == theme]
    la = permissions.viewer(request).la
    rows = [{**e.row(), "_la": la} for e in found]
    table = Table(
        "measures",
        f"Measures found for “{words}”" if words else "Every measure, by theme",
        [
            Column("label", "Measure", link=_compare_link),
            Column("theme_title", "Theme"),
            Column("definition", "Definition"),
            Column("publisher", "Published by"),
            Column("polarity_words", "Which way is better"),
            Column("unit_words", "Unit", text=_unit_text),
            Column("latest_year", "Latest year held", numeric=True),
            Column("source_code", "LAIT code", code=True),
            Column("measure", "Name in peerlift's API and downloads", code=True),
        ],
        rows,
        empty=f"No measure has all of the words “{words}”. Try fewer or other words."
        if words
        else "No measures are known.",
        notes=["A measure with no latest year has no figure in the register yet: import its file."],
    )
    counts: dict[str, int] = {}
    for e in every:
        counts[e.theme] = counts.get(e.theme, 0) + 1
    return Content(
        "Measure catalogue",
        [table],
        context={
            "q": words,
            "theme": theme if theme in known else "",
            "themes": [(k, title, counts.get(k, 0)) for k, title in known.items()],
            "shown": len(rows),
            "total": len(every),
        },
        data={"q": words, "theme": theme if theme in known else None, "shown": len(rows)},
    )
