"""The days of improvement-partner time a school is given in a year, by its category.

Kept as data (``partner_days.toml`` in the package; an LA administrator's own table in the store),
so that an authority changes how its partners' time follows need without a code change. A table is
checked when it is read, with messages that name the key and its line.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

PACKAGE_DAYS = "partner_days.toml"
CATEGORIES = (1, 2, 3, 4)
MOST_DAYS = 200  # a school year has about 190 school days: more is a typing mistake


class DaysError(ValueError):
    """A days-by-category table that cannot be used, in words naming where."""


def default_days() -> dict[int, int]:
    """The package's table (1 → 1, 2 → 2, 3 → 5, 4 → 10)."""
    text = resources.files("peerlift.analysis").joinpath(PACKAGE_DAYS).read_text(encoding="utf-8")
    return parse_days(text, PACKAGE_DAYS)


def parse_days(text: str, file_name: str) -> dict[int, int]:
    """The table in a TOML text: ``[days]`` with a whole number of days for every category."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DaysError(f"{file_name}: {error}") from error
    table = data.get("days")
    if not isinstance(table, dict):
        raise DaysError(f"{file_name}: there is no [days] table")
    lines = text.splitlines()
    return check_days(table, lambda key: f"{file_name}, line {_line_of(lines, key)}, key {key}")


def check_days(table: Mapping[Any, Any], where: Any = None) -> dict[int, int]:
    """Validate a table from any source; ``where(key)`` says where a key is, for the messages."""

    def place(key: Any) -> str:
        return str(where(key)) if where else f"category {key}"

    days: dict[int, int] = {}
    for key, value in table.items():
        try:
            category = int(key)
        except (TypeError, ValueError):
            raise DaysError(f"{place(key)}: a category is a number from 1 to 4") from None
        if category not in CATEGORIES:
            raise DaysError(f"{place(key)}: a category is a number from 1 to 4")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST_DAYS:
            raise DaysError(f"{place(key)}: the days are a whole number from 0 to {MOST_DAYS}")
        days[category] = value
    missing = [str(category) for category in CATEGORIES if category not in days]
    if missing:
        raise DaysError(f"{place(missing[0])}: the table gives no days for category {', '.join(missing)}")
    return dict(sorted(days.items()))


def _line_of(lines: list[str], key: str) -> int:
    """The line (1-based) of ``key = ...`` after the ``[days]`` header, or the header's line."""
    header = 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("[days]"):
            header = number
        elif header and stripped.split("=", 1)[0].strip().strip('"') == str(key):
            return number
    return header or 1
