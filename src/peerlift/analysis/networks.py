"""Networks and clusters over time (issue 15): overlap, arrangements beside a cluster, turbulence,
schools in no network, and who takes part in networks' activities.

Pure: frames in, plain rows out, each finding with its reason in words. The turbulence share and
which kinds and purposes each finding reads are data (networks.toml); the kinds of arrangement,
their purposes and the words for activities and levels are vocabulary (domain/networks.toml).
Trusts and federations come from GIAS groups: the caller hands them in as memberships of kind
``trust`` or ``federation`` beside the networks officers record.

Memberships (``MEMBERSHIP_SCHEMA``): one row per spell of a school in an arrangement, ``joined_on``
None when not known (a member since before the records), ``left_on`` None while still a member. A
school is a member on a day when it joined on or before that day and had not left by it (a school
that left on a day is no member that day).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from peerlift.domain.dates import long_date
from peerlift.domain.networks import Kind, Vocabulary, vocabulary

RULES_FILE = "networks.toml"

MEMBERSHIP_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "arrangement": pl.String,  # a key unique across kinds: "network:12", "group:4021"
    "name": pl.String,
    "kind": pl.String,
    "urn": pl.Int64,
    "joined_on": pl.Date,
    "left_on": pl.Date,
}
ACTIVITY_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "arrangement": pl.String,
    "name": pl.String,
    "date": pl.Date,
    "kind": pl.String,
    "levels": pl.List(pl.String),
}
SCHOOL_SCHEMA = {"urn": pl.Int64, "name": pl.String}

Row = dict[str, Any]


class RulesError(ValueError):
    """networks.toml says something peerlift cannot use; the message names the key."""


@dataclass(frozen=True)
class Rules:
    turbulence_share: float
    turbulence_months: int
    no_network_purposes: tuple[str, ...]
    beside_kinds: tuple[str, ...]
    alongside_kinds: tuple[str, ...]
    words: Vocabulary

    @property
    def purposes(self) -> dict[str, str]:
        return self.words.purposes

    @property
    def kinds(self) -> dict[str, Kind]:
        return self.words.kinds

    @property
    def levels(self) -> dict[str, str]:
        return self.words.levels

    def purpose_of(self, kind: str) -> str:
        return self.words.purpose_of(kind)

    def label_of(self, kind: str) -> str:
        return self.words.label_of(kind)


@cache
def rules() -> Rules:
    """The rules in networks.toml, with the vocabulary of domain/networks.toml."""
    text = resources.files("peerlift.analysis").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_rules(text)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    found = data.get(key)
    if not isinstance(found, dict):
        raise RulesError(f"{RULES_FILE}: [{key}] is missing or not a table")
    return found


def parse_rules(text: str, words: Vocabulary | None = None) -> Rules:
    """Read the rules, naming the key at fault when one is wrong."""
    words = words or vocabulary()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{RULES_FILE}: {error}") from None
    turbulence = _table(data, "turbulence")
    share = turbulence.get("share")
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise RulesError(f"{RULES_FILE}: [turbulence] share must be a number above 0 and at most 1")
    months = turbulence.get("months", 12)
    if not isinstance(months, int) or months < 1:
        raise RulesError(f"{RULES_FILE}: [turbulence] months must be a whole number of at least 1")
    no_network = tuple(_table(data, "no_network").get("purposes", []))
    if not set(no_network) <= set(words.purposes):
        raise RulesError(f"{RULES_FILE}: [no_network] purposes names a purpose not in domain/networks.toml")
    beside = _table(data, "beside")
    beside_kinds, alongside = tuple(beside.get("kinds", [])), tuple(beside.get("alongside", []))
    if not set(beside_kinds) | set(alongside) <= set(words.kinds):
        raise RulesError(f"{RULES_FILE}: [beside] names a kind not in domain/networks.toml")
    return Rules(float(share), months, no_network, beside_kinds, alongside, words)


# ---------------------------------------------------------------------------------------------
# Memberships on a day


def _member_on(joined: dt.date | None, left: dt.date | None, on: dt.date) -> bool:
    return (joined is None or joined <= on) and (left is None or left > on)


def members_on(memberships: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """The memberships in force on a day."""
    joined, left = pl.col("joined_on"), pl.col("left_on")
    return memberships.filter((joined.is_null() | (joined <= on)) & (left.is_null() | (left > on)))


def _years_before(on: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the last day of the month when it has none)."""
    month = on.month - months
    year = on.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in (on.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _school_name(names: dict[int, str], urn: int) -> str:
    return names.get(urn) or f"URN {urn}"


def _lower(label: str) -> str:
    """A label in running text: 'Cluster' -> 'cluster', but 'LA network' stays as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _list_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------------------------
# The four findings


def overlap(
    memberships: pl.DataFrame, schools: pl.DataFrame, on: dt.date, given: Rules | None = None
) -> list[Row]:
    """Schools in more than one arrangement of the same purpose on a day, one row per school and
    purpose, with the arrangements named."""
    rule = given or rules()
    names = dict(schools.select("urn", "name").iter_rows())
    found: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for row in members_on(memberships, on).unique(["arrangement", "urn"]).iter_rows(named=True):
        purpose = rule.purpose_of(row["kind"])
        found[(row["urn"], purpose)].append((row["name"], rule.label_of(row["kind"])))
    rows = []
    for (urn, purpose), arrangements in sorted(found.items()):
        if len(arrangements) < 2:
            continue
        arrangements.sort()
        described = [f"{name} ({_lower(label)})" for name, label in arrangements]
        rows.append(
            {
                "urn": urn,
                "name": _school_name(names, urn),
                "purpose": purpose,
                "arrangements": [name for name, _ in arrangements],
                "reason": (
                    f"On {long_date(on)} {_school_name(names, urn)} is in {len(arrangements)} "
                    f"arrangements for {rule.purposes.get(purpose, purpose)}: {_list_words(described)}."
                ),
            }
        )
    return rows


def beside(memberships: pl.DataFrame, on: dt.date, given: Rules | None = None) -> list[Row]:
    """Ad hoc arrangements (``[beside] kinds``) that share schools with a cluster or LA network on a
    day: one row per pair, with the schools they share."""
    rule = given or rules()
    current = members_on(memberships, on)
    schools: dict[str, set[int]] = defaultdict(set)
    about: dict[str, tuple[str, str]] = {}
    for row in current.iter_rows(named=True):
        schools[row["arrangement"]].add(row["urn"])
        about[row["arrangement"]] = (row["name"], row["kind"])
    rows = []
    ad_hoc = sorted(
        (k for k, (_, kind) in about.items() if kind in rule.beside_kinds), key=lambda k: about[k]
    )
    clusters = sorted(
        (k for k, (_, kind) in about.items() if kind in rule.alongside_kinds), key=lambda k: about[k]
    )
    for one in ad_hoc:
        for other in clusters:
            shared = sorted(schools[one] & schools[other])
            if not shared:
                continue
            name, kind = about[one]
            cluster, cluster_kind = about[other]
            rows.append(
                {
                    "network": name,
                    "kind": kind,
                    "beside": cluster,
                    "beside_kind": cluster_kind,
                    "shared": shared,
                    "reason": (
                        f"{name} ({_lower(rule.label_of(kind))}) runs beside {cluster} "
                        f"({_lower(rule.label_of(cluster_kind))}): on {long_date(on)} they share "
                        f"{len(shared)} school{'s' if len(shared) != 1 else ''} of the "
                        f"{len(schools[one])} in {name}."
                    ),
                }
            )
    return rows


def turbulence_of(memberships: pl.DataFrame, on: dt.date, given: Rules | None = None) -> list[Row]:
    """Every arrangement's changes over the year to a day: members at the start (the day a year
    before), schools that joined and that left after it up to and including the day, and their share
    of the members at the start. ``turbulent`` when that share is more than the rules' share; an
    arrangement with no members at the start is new that year, never turbulent."""
    rule = given or rules()
    start = _years_before(on, rule.turbulence_months)
    spells: dict[str, list[Row]] = defaultdict(list)
    for row in memberships.iter_rows(named=True):
        spells[row["arrangement"]].append(row)
    rows = []
    for key in sorted(spells, key=lambda k: (spells[k][0]["name"], k)):
        found = spells[key]
        at_start = {r["urn"] for r in found if _member_on(r["joined_on"], r["left_on"], start)}
        joined = sum(1 for r in found if r["joined_on"] is not None and start < r["joined_on"] <= on)
        left = sum(1 for r in found if r["left_on"] is not None and start < r["left_on"] <= on)
        at_end = {r["urn"] for r in found if _member_on(r["joined_on"], r["left_on"], on)}
        share = (joined + left) / len(at_start) if at_start else None
        turbulent = share is not None and share > rule.turbulence_share
        name, kind = found[0]["name"], found[0]["kind"]
        if share is None:
            reason = f"{name} had no members on {long_date(start)}: it is new this year."
        else:
            reason = (
                f"Between {long_date(start)} and {long_date(on)} {joined} school{'s' if joined != 1 else ''} "
                f"joined {name} and {left} left: {joined + left} change{'s' if joined + left != 1 else ''} "
                f"against {len(at_start)} member{'s' if len(at_start) != 1 else ''} at the start, "
                f"{round(100 * share)}%, "
                + (
                    f"more than the {round(100 * rule.turbulence_share)}% that counts as turbulence."
                    if turbulent
                    else f"within the {round(100 * rule.turbulence_share)}% that counts as turbulence."
                )
            )
        rows.append(
            {
                "network": name,
                "kind": kind,
                "from": start,
                "to": on,
                "members_at_start": len(at_start),
                "members_at_end": len(at_end),
                "joined": joined,
                "left": left,
                "share": round(share, 3) if share is not None else None,
                "turbulent": turbulent,
                "reason": reason,
            }
        )
    return rows


def turbulence(memberships: pl.DataFrame, on: dt.date, given: Rules | None = None) -> list[Row]:
    """The arrangements whose membership changed by more than the rules' share in the year to a day."""
    return [r for r in turbulence_of(memberships, on, given) if r["turbulent"]]


def no_network(
    memberships: pl.DataFrame, schools: pl.DataFrame, on: dt.date, given: Rules | None = None
) -> list[Row]:
    """The schools (the LA's open schools, as given) in no arrangement of the ``[no_network]``
    purposes on a day."""
    rule = given or rules()
    kinds = [k for k, v in rule.kinds.items() if v.purpose in rule.no_network_purposes]
    placed = set(members_on(memberships, on).filter(pl.col("kind").is_in(kinds))["urn"].to_list())
    words = _list_words([_lower(rule.label_of(k)) for k in kinds]).replace(" and ", " or ")
    return [
        {
            "urn": urn,
            "name": name,
            "reason": f"On {long_date(on)} {name} is in no {words}.",
        }
        for urn, name in sorted(schools.select("urn", "name").iter_rows(), key=lambda r: (r[1] or "", r[0]))
        if urn not in placed
    ]


def findings(
    memberships: pl.DataFrame, schools: pl.DataFrame, on: dt.date, given: Rules | None = None
) -> Row:
    """The four lists of ``peerlift networks overlap``, with the day and the turbulence share."""
    rule = given or rules()
    return {
        "on": on,
        "turbulence_share": rule.turbulence_share,
        "overlap": overlap(memberships, schools, on, rule),
        "beside": beside(memberships, on, rule),
        "turbulence": turbulence(memberships, on, rule),
        "no_network": no_network(memberships, schools, on, rule),
    }


# ---------------------------------------------------------------------------------------------
# Activities by level

TERMS = (("autumn", (9, 12)), ("spring", (1, 3)), ("summer", (4, 8)))


def school_year(day: dt.date) -> int:
    """The school year a day is in, as the calendar year it ends (1 September to 31 August)."""
    return day.year + (1 if day.month >= 9 else 0)


def term_of(day: dt.date) -> str:
    """Autumn (September to December), spring (January to March) or summer (April to August)."""
    for name, (first, last) in TERMS:
        if first <= day.month <= last:
            return name
    raise AssertionError("unreachable")


def _period(day: dt.date, by: str) -> tuple[int, int, str]:
    year = school_year(day)
    if by == "year":
        return (year, 0, f"{year - 1}/{year % 100:02d}")
    term = term_of(day)
    order = [name for name, _ in TERMS].index(term) + 1
    return (year, order, f"{term.capitalize()} {day.year}")


def levels_share(activities: pl.DataFrame, by: str = "year", given: Rules | None = None) -> list[Row]:
    """The share of activities each level took part in, per school year (``by="year"``) or term
    (``by="term"``): one row per period, oldest first, with ``activities`` and, for each level,
    ``<level>`` (how many) and ``<level>_pct`` (the share, to one decimal place)."""
    if by not in ("year", "term"):
        raise ValueError("by is 'year' or 'term'")
    rule = given or rules()
    periods: dict[tuple[int, int, str], list[list[str]]] = defaultdict(list)
    for activity in activities.iter_rows(named=True):
        periods[_period(activity["date"], by)].append(list(activity["levels"] or []))
    rows = []
    for (year, order, label), found in sorted(periods.items()):
        row: Row = {"period": label, "year": year, "activities": len(found)}
        if by == "term":
            row["term"] = [name for name, _ in TERMS][order - 1]
        for level in rule.levels:
            count = sum(1 for levels in found if level in levels)
            row[level] = count
            row[f"{level}_pct"] = round(100 * count / len(found), 1)
        rows.append(row)
    return rows


def beyond_heads(activities: pl.DataFrame) -> float | None:
    """The share (%) of activities with anyone besides heads: "moved beyond the headteachers"."""
    levels = [list(v or []) for v in activities["levels"].to_list()] if activities.height else []
    if not levels:
        return None
    return round(100 * sum(1 for found in levels if set(found) - {"heads"}) / len(levels), 1)
