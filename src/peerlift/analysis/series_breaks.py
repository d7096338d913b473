"""Breaks in published series: years that a trend, a change on last year or a chart's line must not join.

KS4 figures for 2020 and 2021 were centre- and teacher-assessed grades; 2017 brought 9-1 grades and
new Attainment 8 points; KS2 started afresh in 2016 with the new curriculum. The publications say these
years are not comparable with their neighbours, so the comparison's change and trend and the charts'
lines stop at them, and the figures carry the note. The breaks are data (``series_breaks.toml``, each
with the publication that says so), read once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

BREAKS_FILE = "series_breaks.toml"
STANDALONE = "standalone"
STARTS = "starts"
_KEYS = {"measures", "years", "kind", "note", "source"}


class SeriesBreakError(ValueError):
    """A mistake in the breaks file, naming the file, entry and key."""


@dataclass(frozen=True)
class SeriesBreak:
    pattern: re.Pattern[str]
    years: frozenset[int]
    kind: str
    note: str
    source: str

    def applies(self, measure: str, source_code: str | None) -> bool:
        return bool(self.pattern.search(measure) or (source_code and self.pattern.search(source_code)))


def parse_breaks(text: str, file_name: str = BREAKS_FILE) -> list[SeriesBreak]:
    """The breaks from TOML text; any mistake is a SeriesBreakError naming the entry and key."""
    try:
        entries = tomllib.loads(text).get("breaks", [])
    except tomllib.TOMLDecodeError as error:
        raise SeriesBreakError(f"{file_name}: {error}.") from None
    found = []
    for number, entry in enumerate(entries, 1):
        where = f"{file_name}, [[breaks]] entry {number}"
        if set(entry) != _KEYS:
            raise SeriesBreakError(f"{where}: an entry has exactly {', '.join(sorted(_KEYS))}.")
        if entry["kind"] not in (STANDALONE, STARTS):
            raise SeriesBreakError(f"{where}, key kind: {STANDALONE!r} or {STARTS!r}, not {entry['kind']!r}.")
        if not entry["years"] or not all(isinstance(y, int) for y in entry["years"]):
            raise SeriesBreakError(f"{where}, key years: a list of years, e.g. [2020, 2021].")
        try:
            pattern = re.compile(entry["measures"], re.IGNORECASE)
        except re.error as error:
            raise SeriesBreakError(f"{where}, key measures: not a regular expression ({error}).") from None
        found.append(
            SeriesBreak(pattern, frozenset(entry["years"]), entry["kind"], entry["note"], entry["source"])
        )
    return found


@cache
def breaks() -> tuple[SeriesBreak, ...]:
    """The package's breaks (series_breaks.toml)."""
    text = resources.files("peerlift.analysis").joinpath(BREAKS_FILE).read_text(encoding="utf-8")
    return tuple(parse_breaks(text))


def of(measure: str, source_code: str | None = None) -> list[SeriesBreak]:
    return [b for b in breaks() if b.applies(measure, source_code)]


def joins(measure: str, source_code: str | None, earlier: int, later: int) -> bool:
    """Whether the figures of two years of a measure may be joined (a change, a trend, a line)."""
    for found in of(measure, source_code):
        for year in found.years:
            if found.kind == STANDALONE and (earlier == year or later == year) and earlier != later:
                return False
            if found.kind == STARTS and earlier < year <= later:
                return False
    return True


def note(measure: str, source_code: str | None, year: int) -> str | None:
    """What a reader is told beside this year's figure: its series' break, if it is at one."""
    said = [b.note for b in of(measure, source_code) if year in b.years]
    return "; ".join(said) or None
