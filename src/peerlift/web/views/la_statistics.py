"""An LA's published statistics as one wide table by theme: a row per measure, grouped under the
catalogue's themes (analysis/themes.toml), a column per year, as LAIT's own LA view lays them out.
The LA page (web/views/authorities.py) shows it above its long table of figures with region and
England."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from peerlift.analysis import catalogue
from peerlift.domain import labels
from peerlift.store import access
from peerlift.web.tables import Column, Row, Table, show

THEME_PREFIX = "theme:"


def entries() -> dict[str, catalogue.Entry]:
    """Every measure's catalogue entry (theme, label, unit) by name."""
    return {e.measure: e for e in catalogue.entries(access.measure_definitions(), {})}


def theme_choices(names: Sequence[str], known: dict[str, catalogue.Entry]) -> list[tuple[str, str]]:
    """The themes the LA has measures in, as (``theme:KEY``, "Title (n measures)") in the file's order."""
    counts: dict[str, int] = {}
    for name in names:
        if name in known:
            counts[known[name].theme] = counts.get(known[name].theme, 0) + 1
    return [
        (THEME_PREFIX + t.key, f"{t.title} ({counts[t.key]} measure{'s' if counts[t.key] != 1 else ''})")
        for t in catalogue.themes().themes
        if t.key in counts
    ]


def of_theme(names: Sequence[str], chosen: str, known: dict[str, catalogue.Entry]) -> list[str] | None:
    """The LA's measures in the theme ``chosen`` names (``theme:KEY``); None when it names none."""
    if not chosen.startswith(THEME_PREFIX):
        return None
    key = chosen.removeprefix(THEME_PREFIX)
    return [n for n in names if n in known and known[n].theme == key]


def _cell(year: int, places: dict[str, int], row: Row) -> str:
    value = row.get(f"y{year}")
    if isinstance(value, float | int) and not isinstance(value, bool):
        return show(float(value), places.get(row["measure"]))
    return "" if value is None else str(value)


def wide(
    statistics: list[Row], places: dict[str, int], known: dict[str, catalogue.Entry], la_name: str
) -> Table:
    """The LA's figures (queries.la_figures rows) with years as columns, measures grouped by theme."""
    published = access.measure_labels()
    years = sorted({r["year"] for r in statistics})
    order = {t.key: n for n, t in enumerate(catalogue.themes().themes)}
    by_measure: dict[str, Row] = {}
    for r in statistics:
        entry = known.get(r["measure"])
        row = by_measure.setdefault(
            r["measure"],
            {
                "measure": r["measure"],
                "label": labels.measure(r["measure"], published),
                "theme": entry.theme_title if entry else "Other measures",
                "_order": order.get(entry.theme, len(order)) if entry else len(order),
            },
        )
        value = r["value"] if r["value"] is not None else labels.missing(r["missing"])
        row[f"y{r['year']}"] = value
    rows = sorted(by_measure.values(), key=lambda r: (r["_order"], r["label"].lower()))
    return Table(
        "by-theme",
        f"{la_name}: published statistics by theme and year",
        [
            Column("label", "Measure"),
            Column("theme", "Theme"),
            *[Column(f"y{y}", str(y), numeric=True, text=partial(_cell, y, places)) for y in years],
        ],
        rows,
        empty="No LA statistics for these measures have been imported.",
        notes=[
            "Each measure's region and England figures, and whether a figure is provisional, are in the "
            "table of every figure below."
        ],
    )
