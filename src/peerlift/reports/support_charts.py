"""Charts of what an LA learns from its support agreements (Vega-Lite via altair, SVG by vl-convert),
for the pages and the reports: the median days to agreed and to the first meeting by group, review
ratings (red, amber, green) by school term, and a provider's days planned against delivered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

# GOV.UK colours: blue and orange for the two waits; red, amber (orange) and green for the ratings
WAITS = {"To agreed": "#1d70b8", "To first meeting": "#f47738"}
RAG = {"Green": "#00703c", "Amber": "#f47738", "Red": "#d4351c"}
DAYS = {"Planned": "#b1b4b6", "Delivered": "#1d70b8"}
# room on the left: a PDF draws the labels in a wider font than vl-convert measured them in
PADDING = {"left": 60, "top": 10, "right": 10, "bottom": 10}


def _lines(title: str, width: int = 42) -> list[str]:
    """A title broken into lines of at most about ``width`` characters (vl-convert does not wrap)."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _svg(chart: alt.TopLevelMixin) -> str:
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def timeliness_chart(groups: Sequence[dict[str, Any]], title: str) -> str:
    """A pair of bars per group ({"label", "agreed_median", "first_meeting_median"}): median days."""
    rows = []
    for g in groups:
        for wait, key in (("To agreed", "agreed_median"), ("To first meeting", "first_meeting_median")):
            if g.get(key) is not None:
                rows.append({"group": g["label"], "wait": wait, "days": g[key]})
    order = [g["label"] for g in groups]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("wait:N", sort=list(WAITS)),
            x=alt.X("days:Q", title="Median days from the trigger"),
            color=alt.Color(
                "wait:N",
                title=None,
                scale=alt.Scale(domain=list(WAITS), range=list(WAITS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("group:N"), alt.Tooltip("wait:N"), alt.Tooltip("days:Q")],
        )
        .properties(title=_lines(title), width=320, height=max(60, 36 * len(order)), padding=PADDING)
    )
    return _svg(chart)


def ratings_chart(terms: Sequence[dict[str, Any]], title: str) -> str:
    """Stacked bars of the reviews rated green, amber and red in each term ({"term", "green", ...})."""
    rows = [
        {"term": t["term"], "rating": rating, "reviews": t[rating.lower()]}
        for t in terms
        for rating in RAG
        if t.get(rating.lower())
    ]
    order = [t["term"] for t in terms]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("term:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("reviews:Q", title="Reviews", stack="zero"),
            color=alt.Color(
                "rating:N",
                title="Progress",
                sort=list(RAG),
                scale=alt.Scale(domain=list(RAG), range=list(RAG.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("rating_order:Q"),
            tooltip=[alt.Tooltip("term:N"), alt.Tooltip("rating:N"), alt.Tooltip("reviews:Q")],
        )
        .transform_calculate(rating_order="indexof(['Green', 'Amber', 'Red'], datum.rating)")
        .properties(title=_lines(title), width=max(200, 90 * len(order)), height=200, padding=PADDING)
    )
    return _svg(chart)


def days_chart(agreements: Sequence[dict[str, Any]], title: str) -> str:
    """Days planned beside days delivered for each agreement ({"label", "planned", "delivered"})."""
    rows = [
        {"agreement": a["label"], "days": label, "value": a[label.lower()]}
        for a in agreements
        for label in DAYS
        if a.get(label.lower()) is not None
    ]
    order = [a["label"] for a in agreements]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("agreement:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("days:N", sort=list(DAYS)),
            x=alt.X("value:Q", title="Days"),
            color=alt.Color(
                "days:N",
                title=None,
                scale=alt.Scale(domain=list(DAYS), range=list(DAYS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("agreement:N"), alt.Tooltip("days:N"), alt.Tooltip("value:Q")],
        )
        .properties(title=_lines(title), width=320, height=max(60, 36 * len(order)), padding=PADDING)
    )
    return _svg(chart)
