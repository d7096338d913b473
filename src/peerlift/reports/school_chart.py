"""The school page's chart: the school against its LA and England on each headline measure.

One small bar chart per measure (each on its own scale: a percentage and a progress score do not share
an axis), a bar each for the school, its LA and England, told apart by position and label as well as
colour so that it reads in greyscale. Rendered to SVG without a browser (vl-convert).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert as vlc

SERIES = ["This school", "LA", "England"]
COLOURS = ["#0b0c0c", "#1d70b8", "#b1b4b6"]


def school_against_areas(rows: list[dict[str, Any]]) -> str:
    """``rows``: label, series (one of SERIES), value. An SVG of one bar chart per measure."""
    data = alt.Data(values=[r for r in rows if r["value"] is not None])
    position = {"y": alt.Y("series:N", sort=SERIES, title=None), "x": alt.X("value:Q", title=None)}
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            **position,
            color=alt.Color(
                "series:N", sort=SERIES, scale=alt.Scale(domain=SERIES, range=COLOURS), legend=None
            ),
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=3, color="#0b0c0c")
        .encode(**position, text=alt.Text("value:Q", format=",.4~f"))
    )
    chart = (
        alt.layer(bars, text)
        .properties(width=220, height=60)
        .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelLimit=260)), columns=2)
        .resolve_scale(x="independent")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))
