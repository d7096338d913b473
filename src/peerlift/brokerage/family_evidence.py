"""Evidence from families: where a school stands among its family of similar schools in each area's
measures (area_measures.toml). In the worst quartile of its family, the data proposes a need in that
area; a supporting school in the best quartile has it as a strength.

For each school with a family and each measure of an area: the latest year the school has a figure,
and its family members' figures of that year (the school itself is not a member). With at least
``least_with_figures`` of them, the quartiles are the 25th and 75th percentiles of the members'
figures by linear interpolation (Excel's QUARTILE.INC, numpy's default): position (n - 1) x q in the
sorted figures. A school *below* the lower quartile of a measure where higher is better (*above* the
upper where lower is better, such as absence) is in the worst quartile; *above* the upper (below the
lower) in the best. Fewer members with figures give no quartile, and a note saying so.

Pure: the store's glue (brokerage/register.py) hands in the families and the figures.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from peerlift.brokerage.model import Area, Strength
from peerlift.domain import measures as known

PACKAGE_FILE = "area_measures.toml"
WORST, BEST, MIDDLE, TOO_FEW = "worst", "best", "middle", "too_few"


class AreaMeasuresError(ValueError):
    """area_measures.toml names an area or measure that is not one, or a setting out of range."""


@dataclass(frozen=True)
class Finding:
    """Where one school stands in one measure of an area among its family."""

    urn: int
    area: Area
    measure: str
    year: int
    value: float
    family_size: int
    with_figures: int
    lower: float | None  # the family's quartile boundaries; None when too few have figures
    upper: float | None
    standing: str  # WORST, BEST, MIDDLE or TOO_FEW
    text: str


def settings() -> dict[str, Any]:
    """area_measures.toml, checked: brokerage areas, known measures with a better direction, an
    urgency 1-3, a strength 0 to 1 and a least number of schools of 2 or more."""
    text = resources.files("peerlift.brokerage").joinpath(PACKAGE_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    areas = {a.value for a in Area}
    for area, names in data["areas"].items():
        if area not in areas:
            raise AreaMeasuresError(f"{PACKAGE_FILE}: areas.{area} is not a brokerage area.")
        for name in names:
            info = known.MEASURES.get(name)
            if info is None or info.polarity is known.Polarity.NEUTRAL:
                raise AreaMeasuresError(
                    f"{PACKAGE_FILE}: areas.{area} names {name!r}, not a measure with a better direction."
                )
    least = data["family"]["least_with_figures"]
    if isinstance(least, bool) or not isinstance(least, int) or least < 2:
        raise AreaMeasuresError(f"{PACKAGE_FILE}: family.least_with_figures should be 2 or more.")
    if data["need"]["urgency"] not in (1, 2, 3):
        raise AreaMeasuresError(f"{PACKAGE_FILE}: need.urgency should be an urgency, 1 to 3.")
    level = data["strength"]["level"]
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 <= level <= 1:
        raise AreaMeasuresError(f"{PACKAGE_FILE}: strength.level should be a strength, 0 to 1.")
    return data


def quartile(values: Sequence[float], q: float) -> float:
    """The q-th quantile of the values by linear interpolation between the sorted values."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _shown(name: str, value: float) -> str:
    places = known.decimals(name)
    return f"{value:,.{places}f}" if places is not None else f"{value:g}"


def _boundary(name: str, value: float) -> str:
    """A quartile boundary with one place more than the measure's figures (at most 2)."""
    places = known.decimals(name)
    return f"{value:,.{min((places or 0) + 1, 2)}f}"


def findings(
    urns: Iterable[int],
    families: Mapping[int, Sequence[int]],
    figures: Mapping[tuple[int, str], Mapping[int, float]],
    areas: Iterable[Area] | None = None,
) -> list[Finding]:
    """Where each school of ``urns`` stands in its family, for each measure of each area (of
    ``areas`` only, when given) it has a figure for. ``families``: a school's family members;
    ``figures``: (urn, measure) -> {year: value}."""
    rules = settings()
    least = int(rules["family"]["least_with_figures"])
    wanted = None if areas is None else {Area(a) for a in areas}
    found = []
    for urn in sorted(set(urns)):
        members = list(families.get(urn, ()))
        if not members:
            continue
        for area_name, names in rules["areas"].items():
            area = Area(area_name)
            if wanted is not None and area not in wanted:
                continue
            for name in names:
                own = figures.get((urn, name), {})
                if not own:
                    continue
                year = max(own)
                value = own[year]
                theirs = [
                    figures[(m, name)][year]
                    for m in members
                    if (m, name) in figures and year in figures[(m, name)]
                ]
                found.append(_finding(urn, area, name, year, value, len(members), theirs, least))
    return found


def _finding(
    urn: int, area: Area, name: str, year: int, value: float, size: int, theirs: list[float], least: int
) -> Finding:
    info = known.MEASURES[name]
    label = info.label
    said = f"{label} {_shown(name, value)} in {year}"
    count = f"{len(theirs)} of its family of {size} have a {year} figure"
    if len(theirs) < least:
        few = (
            f"none of its family of {size} has a {year} figure"
            if not theirs
            else f"only {len(theirs)} of its family of {size} {'has' if len(theirs) == 1 else 'have'} "
            f"a {year} figure"
        )
        text = f"{said}: no family quartile, as {few} ({least} needed)"
        return Finding(urn, area, name, year, value, size, len(theirs), None, None, TOO_FEW, text)
    lower, upper = quartile(theirs, 0.25), quartile(theirs, 0.75)
    higher_better = info.polarity is known.Polarity.HIGHER_BETTER
    if (value < lower) if higher_better else (value > upper):
        standing = WORST
        where = (
            f"below its family's lower quartile, {_boundary(name, lower)}"
            if higher_better
            else f"above its family's upper quartile, {_boundary(name, upper)} (lower is better)"
        )
    elif (value > upper) if higher_better else (value < lower):
        standing = BEST
        where = (
            f"above its family's upper quartile, {_boundary(name, upper)}"
            if higher_better
            else f"below its family's lower quartile, {_boundary(name, lower)} (lower is better)"
        )
    else:
        standing = MIDDLE
        where = f"between its family's quartiles, {_boundary(name, lower)} and {_boundary(name, upper)}"
    return Finding(
        urn, area, name, year, value, size, len(theirs), lower, upper, standing, f"{said}: {where} ({count})"
    )


def worst(found: Iterable[Finding]) -> list[Finding]:
    """The findings that propose a need: the school in its family's worst quartile."""
    return [f for f in found if f.standing == WORST]


def strengths(found: Iterable[Finding]) -> dict[tuple[int, Area], Strength]:
    """A school's strength in each area where it is in its family's best quartile of a measure."""
    level = float(settings()["strength"]["level"])
    said: dict[tuple[int, Area], list[str]] = {}
    for f in found:
        if f.standing == BEST:
            said.setdefault((f.urn, f.area), []).append(f"best quartile of its family: {f.text}")
    return {key: Strength(level, tuple(texts)) for key, texts in said.items()}


def notes(found: Iterable[Finding]) -> dict[tuple[int, Area], tuple[str, ...]]:
    """Where the family's figures were too few to say (the school's figure, how many had one)."""
    said: dict[tuple[int, Area], list[str]] = {}
    for f in found:
        if f.standing == TOO_FEW:
            said.setdefault((f.urn, f.area), []).append(f.text)
    return {key: tuple(texts) for key, texts in said.items()}
