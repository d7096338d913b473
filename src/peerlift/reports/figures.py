"""The figures of a data pack, worked out from plain frames: no database, no Django.

``figures`` is every published figure of the school and its family members: one row per (urn, year,
measure) with ``value`` (a number or null) and ``missing`` (why there is none). ``england`` holds
England's: (year, measure, value). ``members`` lists the family, nearest first. Each function returns
rows (plain dicts) for one table of the pack, and says on the row when a figure stands on partial
data: few family members with a figure, or a year missing from a trend.

Quartiles are linear interpolations between the ordered values (numpy's default, Excel's
QUARTILE.INC), the median the middle value (or the mean of the two middle ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from peerlift.domain.labels import missing as missing_words
from peerlift.domain.measures import Polarity, info

Row = dict[str, Any]


@dataclass(frozen=True)
class Member:
    """A family member: its place in the family (1 = most similar), URN, name and LA."""

    rank: int
    urn: int
    name: str
    la_name: str = ""


@dataclass(frozen=True)
class Partial:
    """When a family figure stands on partial data (reports/datapack.toml, [partial])."""

    least_share: float = 0.8
    least_members: int = 10

    def note(self, count: int, size: int) -> str | None:
        if size == 0:
            return "no family"
        if count < self.least_members or count < self.least_share * size:
            return f"partial: {count} of {size} family members have a figure"
        return None


class Figures:
    """The published figures of one school and its family, looked up by (urn, year, measure)."""

    def __init__(self, figures: pl.DataFrame, england: pl.DataFrame, urn: int, members: Sequence[Member]):
        self.urn = urn
        self.members = list(members)
        self._values: dict[tuple[int, int, str], tuple[float | None, str | None]] = {
            (u, y, m): (v, why)
            for u, y, m, v, why in figures.select("urn", "year", "measure", "value", "missing").iter_rows()
        }
        self._england: dict[tuple[int, str], float | None] = {
            (y, m): v for y, m, v in england.select("year", "measure", "value").iter_rows()
        }
        self.years = sorted({y for (_, y, _) in self._values} | {y for (y, _) in self._england})

    def value(self, urn: int, year: int, measure: str) -> float | None:
        return self._values.get((urn, year, measure), (None, None))[0]

    def why_missing(self, urn: int, year: int, measure: str) -> str:
        """Why a school has no figure: the file's reason, or that no file held one."""
        found = self._values.get((urn, year, measure))
        if found is None:
            return "no figure in the register"
        return missing_words(found[1]) or "no figure"

    def england(self, year: int, measure: str) -> float | None:
        return self._england.get((year, measure))

    def school_years(self, measure: str) -> list[int]:
        """The years the register holds a row (figure or reason) of the measure for the school."""
        return sorted(y for (u, y, m) in self._values if u == self.urn and m == measure)

    def member_values(self, year: int, measure: str) -> list[tuple[Member, float]]:
        """The family members' figures, nearest member first (members with none left out)."""
        found = []
        for member in self.members:
            value = self.value(member.urn, year, measure)
            if value is not None:
                found.append((member, value))
        return found

    def year_of(self, measure: str, pack_year: int) -> int | None:
        """The year a measure is shown for: the pack's year when the school has a row for it, else
        the school's latest year up to it, else its latest year of all."""
        years = self.school_years(measure)
        if not years:
            return None
        if pack_year in years:
            return pack_year
        earlier = [y for y in years if y < pack_year]
        return max(earlier) if earlier else max(years)


def median(values: Sequence[float]) -> float | None:
    return float(pl.Series(values, dtype=pl.Float64).median()) if values else None  # type: ignore[arg-type]


def quartile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    return float(pl.Series(values, dtype=pl.Float64).quantile(q, "linear"))  # type: ignore[arg-type]


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def better(measure: str, a: float, b: float) -> bool:
    """Whether figure ``a`` is better than ``b`` (higher, or lower for absence)."""
    polarity = info(measure).polarity
    if polarity is Polarity.LOWER_BETTER:
        return a < b
    return a > b


def rank_in_family(measure: str, school: float | None, others: Sequence[float]) -> int | None:
    """The school's place among itself and the members with a figure, 1 the best; ties share the
    better place. None for measures with no better direction (context) or no figure."""
    if school is None or info(measure).polarity is Polarity.NEUTRAL:
        return None
    return 1 + sum(1 for v in others if better(measure, v, school))


def compared(
    figures: Figures,
    measures: Sequence[str],
    pack_year: int,
    intervals: dict[str, tuple[str, str]],
    partial: Partial,
) -> list[Row]:
    """For each measure: the school's figure (and its confidence limits), the family's median and
    quartiles, the school's rank in the family, England's figure, and what the figure stands on."""
    rows = []
    size = len(figures.members)
    for measure in measures:
        year = figures.year_of(measure, pack_year)
        if year is None:
            continue
        school = figures.value(figures.urn, year, measure)
        others = [v for _, v in figures.member_values(year, measure)]
        notes = [] if school is not None else [figures.why_missing(figures.urn, year, measure)]
        if year != pack_year:
            notes.append(f"latest figure: {year}")
        if note := partial.note(len(others), size):
            notes.append(note)
        rank = rank_in_family(measure, school, others)
        lower, upper = intervals.get(measure, ("", ""))
        rows.append(
            {
                "measure": measure,
                "label": info(measure).label,
                "year": year,
                "school": school,
                "lower_ci": figures.value(figures.urn, year, lower) if lower else None,
                "upper_ci": figures.value(figures.urn, year, upper) if upper else None,
                "family_median": _round(median(others)),
                "family_q1": _round(quartile(others, 0.25)),
                "family_q3": _round(quartile(others, 0.75)),
                "family_count": len(others),
                "rank": rank,
                "rank_of": len(others) + 1 if rank is not None else None,
                "england": figures.england(year, measure),
                "note": "; ".join(notes),
            }
        )
    return rows


def trend(figures: Figures, measures: Sequence[str], partial: Partial) -> list[Row]:
    """Each measure over the years held: the school, its family's median, England. A year inside the
    span the school has figures for but with none is listed, with the reason, not skipped."""
    rows = []
    size = len(figures.members)
    for measure in measures:
        held = figures.school_years(measure)
        if not held:
            continue
        for year in [y for y in figures.years if held[0] <= y <= held[-1]]:
            school = figures.value(figures.urn, year, measure)
            others = [v for _, v in figures.member_values(year, measure)]
            notes = [] if school is not None else [figures.why_missing(figures.urn, year, measure)]
            if others and (note := partial.note(len(others), size)):
                notes.append(note)
            rows.append(
                {
                    "measure": measure,
                    "label": info(measure).label,
                    "year": year,
                    "school": school,
                    "family_median": _round(median(others)),
                    "family_count": len(others),
                    "england": figures.england(year, measure),
                    "note": "; ".join(notes),
                }
            )
    return rows


def _gap(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 2)


def disadvantage_gaps(
    figures: Figures, measures: Sequence[str], pack_year: int, gap: tuple[str, str], partial: Partial
) -> list[Row]:
    """The gap between disadvantaged and other pupils (group minus others), for the school, the
    median of its family's gaps, and England, for each measure the files give both groups of."""
    group, others_group = gap
    rows = []
    size = len(figures.members)
    for measure in measures:
        mine, theirs = f"{measure}_{group}", f"{measure}_{others_group}"
        year = figures.year_of(mine, pack_year)
        if year is None:
            continue
        school_group = figures.value(figures.urn, year, mine)
        school_others = figures.value(figures.urn, year, theirs)
        gaps = [
            g
            for member in figures.members
            if (g := _gap(figures.value(member.urn, year, mine), figures.value(member.urn, year, theirs)))
            is not None
        ]
        group_values = [v for _, v in figures.member_values(year, mine)]
        notes = [] if school_group is not None else [figures.why_missing(figures.urn, year, mine)]
        if year != pack_year:
            notes.append(f"latest figure: {year}")
        if note := partial.note(len(gaps), size):
            notes.append(note)
        england_group, england_others = figures.england(year, mine), figures.england(year, theirs)
        rows.append(
            {
                "measure": measure,
                "label": info(measure).label,
                "year": year,
                "school_group": school_group,
                "school_others": school_others,
                "school_gap": _gap(school_group, school_others),
                "family_group_median": _round(median(group_values)),
                "family_gap_median": _round(median(gaps)),
                "family_count": len(gaps),
                "england_group": england_group,
                "england_others": england_others,
                "england_gap": _gap(england_group, england_others),
                "note": "; ".join(notes),
            }
        )
    return rows


def groups(
    figures: Figures,
    measures: Sequence[str],
    pack_year: int,
    names: Sequence[str],
    labels: dict[str, str],
    partial: Partial,
) -> list[Row]:
    """Other pupil groups (EAL, low and high prior attainment): the school's figure for the group,
    its family's median for the same group, and England's, where the files give them."""
    rows = []
    size = len(figures.members)
    for measure in measures:
        for group in names:
            name = f"{measure}_{group}"
            year = figures.year_of(name, pack_year)
            if year is None:
                continue
            school = figures.value(figures.urn, year, name)
            others = [v for _, v in figures.member_values(year, name)]
            notes = [] if school is not None else [figures.why_missing(figures.urn, year, name)]
            if note := partial.note(len(others), size):
                notes.append(note)
            rows.append(
                {
                    "measure": measure,
                    "label": info(measure).label,
                    "group": labels.get(group, group),
                    "year": year,
                    "school": school,
                    "family_median": _round(median(others)),
                    "family_count": len(others),
                    "england": figures.england(year, name),
                    "note": "; ".join(notes),
                }
            )
    return rows


def do_better(
    figures: Figures, measures: Sequence[str], pack_year: int, intervals: dict[str, tuple[str, str]]
) -> list[Row]:
    """Schools like yours that do better: for each measure, the family members whose figure is better
    than the school's, most similar first, by how much, and (where the measure has confidence
    intervals) whether the member's interval lies wholly beyond the school's: a difference the
    published intervals say is not chance."""
    rows = []
    for measure in measures:
        year = figures.year_of(measure, pack_year)
        if year is None or info(measure).polarity is Polarity.NEUTRAL:
            continue
        school = figures.value(figures.urn, year, measure)
        if school is None:
            continue
        lower, upper = intervals.get(measure, ("", ""))
        for member, value in figures.member_values(year, measure):
            if not better(measure, value, school):
                continue
            rows.append(
                {
                    "measure": measure,
                    "label": info(measure).label,
                    "year": year,
                    "family_rank": member.rank,
                    "urn": member.urn,
                    "name": member.name,
                    "la_name": member.la_name,
                    "value": value,
                    "school": school,
                    "by": round(abs(value - school), 2),
                    "beyond_intervals": _beyond(figures, member.urn, year, measure, lower, upper),
                }
            )
    return rows


def _beyond(figures: Figures, urn: int, year: int, measure: str, lower: str, upper: str) -> str:
    if not lower:
        return "no intervals published for this measure"
    own_low, own_high = figures.value(figures.urn, year, lower), figures.value(figures.urn, year, upper)
    low, high = figures.value(urn, year, lower), figures.value(urn, year, upper)
    if own_low is None or own_high is None or low is None or high is None:
        return "intervals not published for both schools"
    separate = high < own_low if info(measure).polarity is Polarity.LOWER_BETTER else low > own_high
    return "yes: the intervals do not overlap" if separate else "no: the intervals overlap"


TREND_SERIES = (("school", "This school"), ("family_median", "Family median"), ("england", "England"))


def trend_wide(rows: Sequence[Row]) -> tuple[list[int], list[Row]]:
    """The trend rows as a table a page can hold: a row per measure and series, a column per year
    (keyed by the year as text), and on the school's row what is missing or partial, by year."""
    years = sorted({r["year"] for r in rows})
    wide: list[Row] = []
    for measure in dict.fromkeys(r["measure"] for r in rows):
        mine = [r for r in rows if r["measure"] == measure]
        for key, series in TREND_SERIES:
            row: Row = {"measure": measure, "label": mine[0]["label"], "series": series}
            row.update({str(r["year"]): r[key] for r in mine})
            if key == "school":
                row["note"] = "; ".join(f"{r['year']}: {r['note']}" for r in mine if r["note"])
            wide.append(row)
    return years, wide
