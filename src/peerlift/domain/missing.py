"""Missing and suppressed values, kept with their reason.

Published statistics mark a cell that has no number in many ways ("SUPP", "NE", "x", "c", blank...).
Each of those means something different to a reader of the figures, so peerlift never turns them
into 0 and never fails to parse them: a value is either a number or a typed reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Missing(StrEnum):
    """Why a published cell holds no number (the codes are the publishers' own where they have one)."""

    SUPPRESSED = "SUPP"  # suppressed to protect individuals (performance tables)
    NOT_ENTERED = "NE"  # no pupils entered
    NOT_PUBLISHED = "NP"  # not published
    NOT_APPLICABLE = "NA"  # not applicable (performance tables)
    LOW_COVERAGE = "LOWCOV"  # too few pupils with prior attainment to publish progress
    NEW_SCHOOL = "NEW"  # new school, no data yet
    NOT_AVAILABLE = "x"  # EES/GSS: not available
    CONFIDENTIAL = "c"  # EES/GSS: confidential (suppressed)
    NOT_APPLICABLE_EES = "z"  # EES/GSS: not applicable
    LOW = "low"  # EES/GSS: rounds to zero but is not zero
    UNKNOWN_EES = "u"  # EES/GSS: low reliability
    DASH = "-"  # LAIT and older tables: no figure
    BLANK = "blank"  # an empty cell
    NOT_IN_SOURCE = "absent"  # the file's layout has no such column that year
    NO_TESTS = "no_tests"  # the assessment did not take place (2020 and 2021 KS2/KS4)
    UNREADABLE = "unreadable"  # neither a number nor a known marker: kept as no figure, counted


# The one vocabulary of markers, keyed by the cell's text stripped and lower-cased: parse_value reads
# one cell with it, and the readers' polars expressions (sources/base.py) a whole column.
MARKERS: Mapping[str, Missing] = MappingProxyType(
    {
        "supp": Missing.SUPPRESSED,
        "ne": Missing.NOT_ENTERED,
        "np": Missing.NOT_PUBLISHED,
        "na": Missing.NOT_APPLICABLE,
        "n/a": Missing.NOT_APPLICABLE,
        "lowcov": Missing.LOW_COVERAGE,
        "new": Missing.NEW_SCHOOL,
        "x": Missing.NOT_AVAILABLE,
        "c": Missing.CONFIDENTIAL,
        "z": Missing.NOT_APPLICABLE_EES,
        "low": Missing.LOW,
        "u": Missing.UNKNOWN_EES,
        "-": Missing.DASH,
        "..": Missing.NOT_AVAILABLE,
        ":": Missing.NOT_AVAILABLE,
        "": Missing.BLANK,
    }
)

# Numbers as published: optional sign, digits with optional thousands commas, optional decimals,
# optional percent sign. Anything else is neither a number nor a known marker.
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$")


@dataclass(frozen=True, slots=True)
class Value:
    """A published figure: a number, or no number and the reason why."""

    number: float | None
    missing: Missing | None = None

    @property
    def is_missing(self) -> bool:
        return self.number is None


class NotAValue(ValueError):
    """The cell is neither a number nor a known suppression marker."""


def marker(text: str) -> Missing | None:
    """The suppression marker a cell holds, or None when it is not one."""
    return MARKERS.get(text.strip().lower())


def parse_value(text: str | None) -> Value:
    """Parse one published cell into a number or a typed missing value.

    Raises NotAValue for text that is neither, so a reader can report the file, row and column.
    """
    if text is None:
        return Value(None, Missing.BLANK)
    cleaned = text.strip()
    reason = marker(cleaned)
    if reason is not None:
        return Value(None, reason)
    if not _NUMBER.match(cleaned) or cleaned in {"%", "+", "-", "."}:
        raise NotAValue(f"{text!r} is neither a number nor a known suppression marker")
    return Value(float(cleaned.rstrip("%").replace(",", "")))
