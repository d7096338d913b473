"""Charts for the LA's picture: one Vega-Lite spec (via altair) for the web and for print.

A comparison chart is a line per series (the LA, its statistical neighbours' mean, its region,
England) over the years, with its data table beside it, so that a reader who cannot see the chart
(or wants the numbers) has them. Years with no figure are gaps in the lines, never zeros or joins
across the gap. SVG is rendered without a browser by vl-convert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl
import vl_convert as vlc

SERIES = {
    "la": "LA",
    "neighbours_mean": "Statistical neighbours",
    "region": "Region",
    "england": "England",
}
# GOV.UK-friendly colours, distinguishable in greyscale by their dash patterns.
COLOURS = ["#1d70b8", "#f47738", "#00703c", "#505a5f"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]


@dataclass
class Figure:
    """A chart (Vega-Lite spec and its SVG) with the table of the figures it draws."""

    spec: dict[str, Any]
    svg: str
    table: list[dict[str, Any]]


def comparison_chart(table: pl.DataFrame, title: str, la_name: str | None = None) -> alt.TopLevelMixin:
    """A line chart of one LA's comparison table (analysis.compare columns) for ONE measure."""
    names = {**SERIES, "la": la_name or SERIES["la"]}
    long = (
        table.select("year", *SERIES)
        .unpivot(index="year", on=list(SERIES), variable_name="series", value_name="value")
        .with_columns(pl.col("series").replace_strict(names, return_dtype=pl.String))
        .sort("series", "year")
        # a run of years with figures is one segment: a year with no figure starts a new one, so the
        # line breaks there instead of joining across it or dropping to zero
        .with_columns(pl.col("value").is_null().cum_sum().over("series").alias("segment"))
    )
    years = sorted(table.get_column("year").unique().to_list())
    order = [names[k] for k in SERIES]
    base = (
        alt.Chart(alt.Data(values=long.to_dicts()))
        .encode(
            x=alt.X("year:O", title="Year", scale=alt.Scale(domain=years)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", sort=order, scale=alt.Scale(domain=order, range=COLOURS), title=None),
            strokeDash=alt.StrokeDash(
                "series:N", sort=order, scale=alt.Scale(domain=order, range=DASHES), title=None
            ),
            tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:O"), alt.Tooltip("value:Q", format=".1f")],
        )
        .transform_filter("isValid(datum.value)")
    )
    lines = base.mark_line().encode(detail="segment:N")
    points = base.mark_point(filled=True, size=40)
    return alt.layer(lines, points).properties(title=title, width=480, height=260)


def figure(table: pl.DataFrame, title: str, la_name: str | None = None) -> Figure:
    """The chart, its SVG and its table (the rows the chart draws, with the notes)."""
    chart = comparison_chart(table, title, la_name)
    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(spec)
    rows = table.select("year", *SERIES, "neighbours_count", "rank", "quartile_band", "note").to_dicts()
    return Figure(spec, svg, rows)
