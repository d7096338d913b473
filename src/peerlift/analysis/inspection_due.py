"""Each school's next inspection window, from its latest inspection in any framework, its outcome and
the cycles kept as data (inspection_cycles.toml, with Ofsted's published practice cited there).

Situations are the named tests the cycles file chooses among; the windows (months or academic years,
from the inspection or the opening) and their order are data. A school with no inspection of its own
or of a predecessor is a new school; a converter academy with only its predecessor's inspections is a
new school too (it is inspected in its own right in its third year).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from peerlift.analysis.visits import RC_BELOW_EXPECTED, Visit
from peerlift.domain.inspections import Framework, Grade4

DEFAULT_FILE = "inspection_cycles.toml"


class CyclesError(ValueError):
    """A cycles file that cannot be used, naming the file, the line (where known) and the key."""


@dataclass(frozen=True)
class Window:
    """One end of a window: months after, or the start or end of the Nth academic year after."""

    months: int | None = None
    academic_years: int | None = None
    at: str = "start"

    def after(self, on: dt.date) -> dt.date:
        if self.months is not None:
            return add_months(on, self.months)
        assert self.academic_years is not None
        ends = academic_year(on) + self.academic_years
        return dt.date(ends - 1, 9, 1) if self.at == "start" else dt.date(ends, 8, 31)


@dataclass(frozen=True)
class Cycle:
    name: str
    label: str  # what a reader sees: "re-inspection after a 'requires improvement' judgement"
    situation: str
    kind: str
    since: str
    due_from: Window
    due_by: Window
    cite: str


@dataclass(frozen=True)
class Due:
    """A school's estimated next inspection window and the cycle that gave it."""

    urn: int
    last: Visit | None
    due_from: dt.date
    due_by: dt.date
    rule: str
    kind: str
    cite: str
    label: str

    def overdue(self, on: dt.date) -> bool:
        return on > self.due_by


def academic_year(on: dt.date) -> int:
    """The calendar year in which the date's academic year ends (September to August)."""
    return on.year + 1 if on.month >= 9 else on.year


def add_months(on: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has fewer days)."""
    index = on.year * 12 + on.month - 1 + months
    year, month = divmod(index, 12)
    for day in (on.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------------------------
# Situations: what the cycles file can choose by


def _category(last: Visit | None, own: bool) -> bool:
    return last is not None and bool(last.category_of_concern)


def _report_card_concern(last: Visit | None, own: bool) -> bool:
    return (
        last is not None
        and last.framework == Framework.REPORT_CARD.value
        and any(g in RC_BELOW_EXPECTED for g in last.area_grades.values())
    )


UNGRADED_CONCERN_WORDS = ("some aspects not as strong", "s5 next", "concerns")


def _ungraded_concern(last: Visit | None, own: bool) -> bool:
    if last is None or last.graded or not last.outcome:
        return False
    text = last.outcome.lower()
    return any(words in text for words in UNGRADED_CONCERN_WORDS)


def _requires_improvement(last: Visit | None, own: bool) -> bool:
    if last is None or not last.graded or last.framework == Framework.REPORT_CARD.value:
        return False
    return last.overall == Grade4.REQUIRES_IMPROVEMENT.value or (last.overall is None and last.below_good)


def _new_school(last: Visit | None, own: bool) -> bool:
    return not own


def _secure(last: Visit | None, own: bool) -> bool:
    return last is not None and not last.below_good and not last.category_of_concern


def _any(last: Visit | None, own: bool) -> bool:
    return last is not None


SITUATIONS: dict[str, Callable[[Visit | None, bool], bool]] = {
    "category_of_concern": _category,
    "report_card_concern": _report_card_concern,
    "ungraded_concern": _ungraded_concern,
    "requires_improvement": _requires_improvement,
    "new_school": _new_school,
    "secure": _secure,
    "any": _any,
}


# ---------------------------------------------------------------------------------------------
# The cycles file


def default_text() -> str:
    return resources.files("peerlift.analysis").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")


def _where(file_name: str, lines: list[str], index: int, key: str) -> str:
    """'file, line N, key K': the line of the key within the index-th [[cycles]] table."""
    starts = [i for i, line in enumerate(lines) if line.strip() == "[[cycles]]"]
    if index >= len(starts):
        return f"{file_name}, key cycles[{index}].{key}"
    end = starts[index + 1] if index + 1 < len(starts) else len(lines)
    found = next((i for i in range(starts[index], end) if lines[i].strip().startswith(key)), starts[index])
    return f"{file_name}, line {found + 1}, key cycles[{index}].{key}"


def _window(spec: Any, where: Callable[[str], str], key: str) -> Window:
    if not isinstance(spec, dict) or set(spec) - {"months", "academic_years", "at"}:
        raise CyclesError(f'{where(key)}: give {{ months = N }} or {{ academic_years = N, at = "start" }}')
    months, years, at = spec.get("months"), spec.get("academic_years"), spec.get("at", "start")
    if (months is None) == (years is None):
        raise CyclesError(f"{where(key)}: give either months or academic_years, not both or neither")
    for value in (months, years):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise CyclesError(f"{where(key)}: {value!r} is not a whole number of months or years")
    if at not in ("start", "end"):
        raise CyclesError(f'{where(key)}: at is "start" or "end", not {at!r}')
    return Window(months, years, at)


def parse_cycles(text: str, file_name: str = DEFAULT_FILE) -> list[Cycle]:
    """Cycles from TOML text; any mistake is a CyclesError naming the file, line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CyclesError(f"{file_name}: {error}") from None
    lines = text.splitlines()
    found = data.get("cycles")
    if not isinstance(found, list) or not found:
        raise CyclesError(f"{file_name}: no [[cycles]] tables")
    cycles = []
    for index, spec in enumerate(found):

        def where(key: str, index: int = index) -> str:
            return _where(file_name, lines, index, key)

        for key in ("name", "label", "situation", "since", "from", "by", "cite"):
            if key not in spec:
                raise CyclesError(f"{where('[[cycles]]')}: {key} is missing")
        if spec["situation"] not in SITUATIONS:
            raise CyclesError(
                f"{where('situation')}: {spec['situation']!r} is not a situation "
                f"(one of: {', '.join(SITUATIONS)})"
            )
        if spec["since"] not in ("inspection", "opening"):
            raise CyclesError(f'{where("since")}: since is "inspection" or "opening"')
        cycles.append(
            Cycle(
                name=str(spec["name"]),
                label=str(spec["label"]),
                situation=spec["situation"],
                kind=str(spec.get("kind", "graded")),
                since=spec["since"],
                due_from=_window(spec["from"], where, "from"),
                due_by=_window(spec["by"], where, "by"),
                cite=str(spec["cite"]),
            )
        )
    return cycles


def default_cycles() -> list[Cycle]:
    return parse_cycles(default_text())


def cycles_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Windows


def due(
    urn: int, visits: list[Visit], opened: dt.date | None, cycles: list[Cycle], on: dt.date
) -> Due | None:
    """The school's window on ``on`` from its visits (oldest first, own and predecessors') and its
    opening date; None when no cycle applies (no inspection and no opening date)."""
    seen = [v for v in visits if v.date <= on]
    last = seen[-1] if seen else None
    own = any(v.urn == urn for v in seen)
    for cycle in cycles:
        if not SITUATIONS[cycle.situation](last, own):
            continue
        base = opened if cycle.since == "opening" else (last.date if last else None)
        if base is None:
            continue
        return Due(
            urn,
            last,
            cycle.due_from.after(base),
            cycle.due_by.after(base),
            cycle.name,
            cycle.kind,
            cycle.cite,
            cycle.label,
        )
    return None
