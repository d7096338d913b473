"""The measure catalogue: every measure the register can hold (the LAIT data dictionary's and
peerlift's own), each with its theme, definition, publisher, polarity, unit and latest year held.

Themes and units are data (``themes.toml``), put on measures by rule (the dictionary's own Topic, a
label or a name pattern), not a hand list of codes: a new LAIT measure finds its theme by itself.
Pure: the store hands in the dictionary rows and the latest years.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from peerlift.domain.measures import MEASURES, MeasureInfo, Polarity

PACKAGE_THEMES = "themes.toml"
_THEME_KEYS = {"key", "title", "publication", "rules", "rest"}
_RULE_KEYS = {"topics", "label", "names"}
# peerlift's own units in words (domain/measures.py)
UNIT_WORDS = {
    "%": "percentage",
    "£": "pounds",
    "score": "score",
    "progress": "progress score",
    "pupils": "number of pupils",
    "band": "band (words)",
    "rate": "rate",
    "": "number",
}
POLARITY_WORDS = {
    Polarity.HIGHER_BETTER.value: "Higher is better",
    Polarity.LOWER_BETTER.value: "Lower is better",
    Polarity.NEUTRAL.value: "Neither (context)",
}


class ThemeError(ValueError):
    """A themes file that cannot be used, naming the theme and key at fault."""


@dataclass(frozen=True)
class Rule:
    topics: frozenset[str] = frozenset()
    label: re.Pattern[str] | None = None
    names: re.Pattern[str] | None = None

    def holds(self, topic: str | None, label: str, name: str, own: bool) -> bool:
        if self.topics and topic not in self.topics:
            return False
        if self.label is not None and not self.label.search(label):
            return False
        if self.names is not None and not (own and self.names.match(name)):
            return False
        return bool(self.topics or self.label or self.names)


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    publication: str
    rules: tuple[Rule, ...]
    rest: bool = False


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]
    units: tuple[tuple[re.Pattern[str], str], ...]

    def theme_of(self, name: str, label: str, topic: str | None) -> Theme:
        own = name in MEASURES
        for theme in self.themes:
            if any(rule.holds(topic, label, name, own) for rule in theme.rules):
                return theme
        return next(t for t in self.themes if t.rest)

    def unit_of(self, name: str, axis: str | None) -> str:
        if name in MEASURES:
            return MEASURES[name].unit
        for pattern, unit in self.units:
            if axis and pattern.search(axis):
                return unit
        return ""


@dataclass(frozen=True)
class Entry:
    """One measure of the catalogue, as the page and its downloads show it."""

    measure: str
    label: str
    theme: str
    theme_title: str
    source_code: str
    definition: str
    publisher: str
    polarity: str
    unit: str
    latest_year: int | None

    def row(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "label": self.label,
            "theme": self.theme,
            "theme_title": self.theme_title,
            "source_code": self.source_code,
            "definition": self.definition,
            "publisher": self.publisher,
            "polarity": self.polarity,
            "polarity_words": POLARITY_WORDS.get(self.polarity, "Not said"),
            "unit": self.unit,
            "unit_words": UNIT_WORDS.get(self.unit, self.unit),
            "latest_year": self.latest_year,
        }


def _pattern(text: object, where: str) -> re.Pattern[str]:
    if not isinstance(text, str) or not text:
        raise ThemeError(f"{where}: must be a regular expression in quotes")
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as error:
        raise ThemeError(f"{where}: {text!r} is not a regular expression ({error})") from None


def _rule(raw: object, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise ThemeError(f'{where}: a rule is a table such as {{ topics = ["Key Stage 2"] }}')
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise ThemeError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_RULE_KEYS))})")
    if not raw:
        raise ThemeError(f"{where}: a rule needs topics, label or names")
    topics = raw.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ThemeError(f"{where}.topics: must be a list of the dictionary's topics in quotes")
    return Rule(
        frozenset(topics),
        _pattern(raw["label"], f"{where}.label") if "label" in raw else None,
        _pattern(raw["names"], f"{where}.names") if "names" in raw else None,
    )


def parse(text: str, file_name: str = PACKAGE_THEMES) -> Themes:
    """Themes and unit rules from a themes file, checked; errors name the theme and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeError(f"{file_name}: {error}.") from None
    themes: list[Theme] = []
    for n, raw in enumerate(data.get("theme", []), start=1):
        where = f"{file_name}: theme {n}" + (
            f" ({raw['key']})" if isinstance(raw, dict) and "key" in raw else ""
        )
        if not isinstance(raw, dict):
            raise ThemeError(f"{where}: must be a [[theme]] table")
        unknown = sorted(set(raw) - _THEME_KEYS)
        if unknown:
            raise ThemeError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_THEME_KEYS))})")
        for key in ("key", "title", "publication"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise ThemeError(f"{where}: {key} is missing (words in quotes)")
        if raw["key"] in {t.key for t in themes}:
            raise ThemeError(f"{where}: key {raw['key']!r} is used by an earlier theme")
        rules = tuple(_rule(r, f"{where}.rules[{i}]") for i, r in enumerate(raw.get("rules", []), start=1))
        themes.append(Theme(raw["key"], raw["title"], raw["publication"], rules, bool(raw.get("rest"))))
    if sum(t.rest for t in themes) != 1:
        raise ThemeError(f"{file_name}: exactly one theme must have rest = true (for measures no rule takes)")
    units = []
    for n, raw in enumerate(data.get("unit", []), start=1):
        where = f"{file_name}: unit {n}"
        if not isinstance(raw, dict) or not isinstance(raw.get("unit"), str):
            raise ThemeError(f"{where}: unit is missing (words in quotes)")
        units.append((_pattern(raw.get("axis"), f"{where}.axis"), raw["unit"]))
    return Themes(tuple(themes), tuple(units))


@cache
def themes() -> Themes:
    """The package's themes (analysis/themes.toml)."""
    return parse(resources.files("peerlift.analysis").joinpath(PACKAGE_THEMES).read_text(encoding="utf-8"))


def entries(
    definitions: Iterable[Mapping[str, Any]], latest: Mapping[str, int], chosen: Themes | None = None
) -> list[Entry]:
    """Every measure of the dictionary's ``definitions`` (rows of store MeasureDefinition) and of
    peerlift's own list, by theme in the file's order and then by label."""
    found = chosen or themes()
    order = {t.key: n for n, t in enumerate(found.themes)}
    defined = {str(d["measure"]): d for d in definitions}
    names = list(dict.fromkeys([*defined, *MEASURES]))
    result = []
    for name in names:
        d = defined.get(name, {})
        own = MEASURES.get(name)
        label = own.label if own else (d.get("label") or name)
        theme = found.theme_of(name, label, d.get("topic") or None)
        polarity = d.get("polarity") or (own.polarity.value if own else "")
        result.append(
            Entry(
                measure=name,
                label=label,
                theme=theme.key,
                theme_title=theme.title,
                source_code=d.get("source_code") or "",
                definition=d.get("description") or _scale_words(own) or label,
                publisher=(f"{d['publisher']} (LAIT data dictionary)" if d.get("publisher") else "")
                or theme.publication,
                polarity=polarity,
                unit=found.unit_of(name, d.get("axis")),
                latest_year=latest.get(name),
            )
        )
    return sorted(result, key=lambda e: (order[e.theme], e.label.lower(), e.measure))


def _scale_words(own: MeasureInfo | None) -> str:
    """A peerlift measure's scale in words: its first clause (what follows names source columns)."""
    return own.scale.split(";")[0].strip() if own and own.scale else ""


def search(found: Sequence[Entry], text: str) -> list[Entry]:
    """The entries whose label, definition, code, name or theme hold every word of ``text``
    (case and punctuation ignored): "persistent absence primary" finds the primary figure."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return list(found)

    def haystack(e: Entry) -> str:
        return " ".join((e.label, e.definition, e.measure, e.source_code, e.theme_title)).lower()

    return [e for e in found if all(w in haystack(e) for w in words)]
