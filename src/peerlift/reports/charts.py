"""Charts for the LA's picture: one Vega-Lite spec (via altair) for the web and for print.

A comparison chart is a line per series (the LA, its statistical neighbours' mean, its region,
England) over the years, with its data table beside it, so that a reader who cannot see the chart
(or wants the numbers) has them. Years with no figure are gaps in the lines, never zeros or joins
across the gap, and a break in the series (KS4 2020 and 2021 centre- and teacher-assessed grades, 9-1
grading from 2017: analysis/series_breaks.toml) is never joined either, with the years named under the
title. SVG is rendered without a browser by vl-convert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl
import vl_convert as vlc

from peerlift.analysis import series_breaks

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


def comparison_chart(
    table: pl.DataFrame, title: str, la_name: str | None = None, neighbours_name: str | None = None
) -> alt.TopLevelMixin:
    """A line chart of one LA's comparison table (analysis.compare columns) for ONE measure;
    ``neighbours_name`` names the comparators' average (a region, a custom set) in the legend."""
    names = {
        **SERIES,
        "la": la_name or SERIES["la"],
        "neighbours_mean": neighbours_name or SERIES["neighbours_mean"],
    }
    years = sorted(table.get_column("year").unique().to_list())
    cut = _cuts(table, years)
    long = (
        table.select("year", *SERIES)
        .unpivot(index="year", on=list(SERIES), variable_name="series", value_name="value")
        .with_columns(pl.col("series").replace_strict(names, return_dtype=pl.String))
        .sort("series", "year")
        # a run of years with figures is one segment: a year with no figure, or a year that starts
        # afresh after a break in the series (CAG/TAG grades, new grading: analysis.series_breaks),
        # starts a new one, so the line breaks there instead of joining across it or dropping to zero
        .with_columns(
            (pl.col("value").is_null() | pl.col("year").is_in(cut)).cum_sum().over("series").alias("segment")
        )
    )
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
    heading: str | alt.TitleParams = title
    if cut:
        listed = ", ".join(str(y) for y in cut)
        heading = alt.TitleParams(
            title, subtitle=f"The line is not joined at {listed}: a break in the series"
        )
    return alt.layer(lines, points).properties(title=heading, width=480, height=260)


def _cuts(table: pl.DataFrame, years: list[int]) -> list[int]:
    """The years whose figures may not be joined to the year before's (analysis.series_breaks)."""
    measures = table.get_column("measure").unique().to_list() if "measure" in table.columns else []
    if len(measures) != 1:
        return []
    return [y for y in years if not series_breaks.joins(str(measures[0]), None, y - 1, y)]


def figure(
    table: pl.DataFrame, title: str, la_name: str | None = None, neighbours_name: str | None = None
) -> Figure:
    """The chart, its SVG and its table (the rows the chart draws, with the notes)."""
    chart = comparison_chart(table, title, la_name, neighbours_name)
    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(spec)
    notes = ["note", *(["series_note"] if "series_note" in table.columns else [])]
    rows = table.select("year", *SERIES, "neighbours_count", "rank", "quartile_band", *notes).to_dicts()
    return Figure(spec, svg, rows)


def notice(text: str) -> dict[str, Any]:
    """A chart's place when there is nothing to draw: the reason, as a picture of the same width."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{}]},
        "mark": {"type": "text", "fontSize": 14, "align": "left", "x": 0},
        "encoding": {"text": {"value": text}},
        "width": 480,
        "height": 40,
    }


def png(spec: dict[str, Any], scale: float = 2) -> bytes:
    """A chart as a PNG (twice the size, sharp when printed or pasted into a document)."""
    return bytes(vlc.vegalite_to_png(spec, scale=scale))


# ---------------------------------------------------------------------------------------------
# Data packs: printed as well as shown, so every series differs by shape or dash as well as colour.

PACK_SERIES = ["This school", "Family median", "England"]
PACK_COLOURS = ["#0b0c0c", "#1d70b8", "#b1b4b6"]
PACK_DASHES = [[1, 0], [6, 3], [2, 2]]
STRIP_SERIES = ["Family member", "This school", "England"]
STRIP_SHAPES = ["circle", "diamond", "triangle-up"]
STRIP_COLOURS = ["#b1b4b6", "#0b0c0c", "#1d70b8"]


def pack_trends(rows: list[dict[str, Any]]) -> str:
    """Small multiples, one per measure: the school, its family's median and England by year (SVG).

    ``rows`` are the pack's trend rows (label, year, school, family_median, england); a year with no
    figure breaks the line rather than joining across it.
    """
    long = (
        pl.DataFrame(rows)
        .select("label", "year", "school", "family_median", "england")
        .unpivot(index=["label", "year"], variable_name="series", value_name="value")
        .with_columns(
            pl.col("series").replace_strict(
                {"school": "This school", "family_median": "Family median", "england": "England"},
                return_dtype=pl.String,
            ),
            pl.col("value").cast(pl.Float64),
        )
        .sort("label", "series", "year")
        .with_columns(pl.col("value").is_null().cum_sum().over("label", "series").alias("segment"))
    )
    base = (
        alt.Chart(alt.Data(values=long.to_dicts()))
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                sort=PACK_SERIES,
                scale=alt.Scale(domain=PACK_SERIES, range=PACK_COLOURS),
                title=None,
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=PACK_SERIES,
                scale=alt.Scale(domain=PACK_SERIES, range=PACK_DASHES),
                title=None,
            ),
            shape=alt.Shape(
                "series:N",
                sort=PACK_SERIES,
                scale=alt.Scale(domain=PACK_SERIES, range=STRIP_SHAPES),
                title=None,
            ),
        )
        .transform_filter("isValid(datum.value)")
    )
    layered = alt.layer(base.mark_line().encode(detail="segment:N"), base.mark_point(filled=True, size=30))
    chart = (
        layered.properties(width=150, height=90)
        .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelLimit=220)), columns=3)
        .resolve_scale(y="independent")
        .configure_legend(orient="top")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def family_strip(rows: list[dict[str, Any]]) -> str:
    """For each measure, a dot per family member, the school and England on one line (SVG), so a
    reader sees at a glance where the school stands ("no place to hide")."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_point(filled=True, size=50, opacity=0.9)
        .encode(
            x=alt.X("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                sort=STRIP_SERIES,
                scale=alt.Scale(domain=STRIP_SERIES, range=STRIP_COLOURS),
                title=None,
            ),
            shape=alt.Shape(
                "series:N",
                sort=STRIP_SERIES,
                scale=alt.Scale(domain=STRIP_SERIES, range=STRIP_SHAPES),
                title=None,
            ),
            order=alt.Order("order:Q"),
        )
        .transform_calculate(order="datum.series == 'This school' ? 2 : datum.series == 'England' ? 1 : 0")
        .properties(width=420, height=24)
        .facet(
            row=alt.Row(
                "label:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=200)
            )
        )
        .resolve_scale(x="independent")
        .configure_legend(orient="top")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))


# ---------------------------------------------------------------------------------------------
# Careers: the share of an LA's schools fully achieving each Gatsby benchmark


def gatsby_chart(by_benchmark: dict[str, float | None], names: dict[str, str], year_words: str) -> str:
    """A bar per benchmark (gb1 at the top), the % of schools fully achieving it, as SVG."""
    rows = [
        {"benchmark": f"{key.upper()} {names[key]}", "pct": value}
        for key, value in by_benchmark.items()
        if value is not None
    ]
    order = [f"{key.upper()} {names[key]}" for key, value in by_benchmark.items() if value is not None]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=COLOURS[0])
        .encode(
            y=alt.Y("benchmark:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("pct:Q", title="% of schools fully achieving it", scale=alt.Scale(domain=[0, 100])),
            tooltip=[alt.Tooltip("benchmark:N"), alt.Tooltip("pct:Q", format=".1f")],
        )
        .properties(
            title=f"Gatsby benchmarks fully achieved, {year_words}",
            width=300,
            height=220,
            # room for labels drawn in a wider font than vl-convert measured (weasyprint's, in the PDF)
            padding={"left": 40, "right": 30, "top": 5, "bottom": 5},
        )
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def survey_chart(rows: list[dict[str, Any]], title: str) -> str:
    """A bar per rated question (its number), the % of answers favourable, this round beside the last
    (``rows``: question, round, pct), as SVG."""
    order = list(dict.fromkeys(r["question"] for r in rows))
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("question:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("round:N"),
            x=alt.X("pct:Q", title="% of answers favourable", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "round:N", scale=alt.Scale(range=COLOURS[:2]), legend=alt.Legend(title=None, orient="bottom")
            ),
            tooltip=[alt.Tooltip("question:N"), alt.Tooltip("round:N"), alt.Tooltip("pct:Q", format=".1f")],
        )
        .properties(title=title, width=320, height=max(60, 36 * len(order)))
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def levels_chart(periods: list[dict[str, Any]], levels: dict[str, str], title: str) -> str:
    """Networks' activities (networks, issue 15): a line per level of the % of activities it took part
    in, per period (school year or term), as SVG; the figures are in the table beside it."""
    rows = [
        {"period": p["period"], "level": label, "pct": p[f"{code}_pct"]}
        for p in periods
        for code, label in levels.items()
    ]
    order = [p["period"] for p in periods]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", sort=order, title=None),
            y=alt.Y("pct:Q", title="% of activities", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "level:N",
                sort=list(levels.values()),
                scale=alt.Scale(range=[*COLOURS, "#912b88"]),
                legend=alt.Legend(title="Who took part"),
            ),
            strokeDash=alt.StrokeDash("level:N", sort=list(levels.values()), legend=None),
            tooltip=[alt.Tooltip("period:O"), alt.Tooltip("level:N"), alt.Tooltip("pct:Q", format=".1f")],
        )
        .properties(
            title=title, width=360, height=200, padding={"left": 10, "right": 30, "top": 5, "bottom": 5}
        )
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))
