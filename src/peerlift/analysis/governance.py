"""Governance: schools not yet good whose governors have had no training lately (seed 001: "not all
governing bodies have been able to access [training], including some from schools that are not yet
good").

A school is *not yet good* when its latest graded inspection in any framework is below good in that
framework's own terms (analysis.latest_inspection: an overall grade of 3 or 4, a key judgement below
good, a report-card area below expected standard or safeguarding standards not met), or when its
category in force is one of governance.toml's (3 or 4). It is *flagged* when no governor of it
attended a course in the last ``training_window_months`` months (governance.toml, default 12) before
the day asked about.
"""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from peerlift.analysis.latest_inspection import BELOW
from peerlift.domain.dates import long_date

RULES_FILE = "governance.toml"


class RulesError(ValueError):
    """governance.toml says something peerlift cannot use; the message names the key."""


@dataclass(frozen=True)
class Rules:
    training_window_months: int
    categories_not_yet_good: frozenset[int]


@cache
def rules() -> Rules:
    text = resources.files("peerlift.analysis").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_rules(text)


def parse_rules(text: str) -> Rules:
    """Read the rules, naming the key at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{RULES_FILE}: {error}") from None
    months = data.get("training_window_months")
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
        raise RulesError(
            f"{RULES_FILE}: 'training_window_months' must be a whole number of months from 1 to 120"
        )
    categories = data.get("categories_not_yet_good", [])
    if not isinstance(categories, list) or not all(c in (1, 2, 3, 4) for c in categories):
        raise RulesError(f"{RULES_FILE}: 'categories_not_yet_good' must be a list of categories from 1 to 4")
    return Rules(months, frozenset(categories))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def why_not_yet_good(
    latest: dict[str, Any] | None, category: int | None, not_yet_good: frozenset[int]
) -> list[str]:
    """The reasons a school is not yet good, in words; empty when it is not."""
    reasons = []
    if latest is not None and latest.get("standing") == BELOW:
        when = latest.get("start_date")
        reasons.append(
            f"latest inspection ({long_date(when)}): {latest['headline']}" if when else latest["headline"]
        )
    if category is not None and category in not_yet_good:
        reasons.append(f"category {category}")
    return reasons


def flagged(
    schools: pl.DataFrame,
    latest: pl.DataFrame,
    categories: dict[int, int],
    last_training: dict[int, dt.date],
    as_at: dt.date,
    rule: Rules,
) -> list[dict[str, Any]]:
    """The schools (urn, name) not yet good with no training since ``rule``'s window began, by URN:
    ``urn, name, why_not_yet_good, last_training`` (the last course any of its governors attended,
    ever, or None)."""
    since = months_before(as_at, rule.training_window_months)
    by_urn = {row["urn"]: row for row in latest.iter_rows(named=True)}
    found = []
    for urn, name in schools.select("urn", "name").sort("urn").iter_rows():
        reasons = why_not_yet_good(by_urn.get(urn), categories.get(urn), rule.categories_not_yet_good)
        last = last_training.get(urn)
        trained = last is not None and since <= last <= as_at
        if reasons and not trained:
            found.append(
                {"urn": urn, "name": name, "why_not_yet_good": "; ".join(reasons), "last_training": last}
            )
    return found
