"""The glossary's entries, as data (glossary.toml), read once and checked.

Terms are data so that a new page's author adds an entry without touching code, and so that a link to
an entry that does not exist fails when the page is rendered rather than pointing nowhere.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from peerlift.domain import labels

SOURCE = "glossary.toml"
# the markers publishers print (the rest are peerlift's own reasons, shown in words where they apply)
PUBLISHED_MARKERS = frozenset({"SUPP", "NE", "NP", "NA", "LOWCOV", "NEW", "x", "c", "z", "low", "u", "-"})


class GlossaryError(ValueError):
    """A glossary entry that is missing a key or repeats a slug; the message names the entry."""


@dataclass(frozen=True)
class Entry:
    slug: str
    term: str
    meaning: str
    markers: bool = False  # list the missing-value markers under it

    def marker_lines(self) -> list[tuple[str, str]]:
        """(marker, reason) for each missing-value marker, when this entry lists them."""
        if not self.markers:
            return []
        return [(str(m), reason) for m, reason in labels.MISSING.items() if m.value in PUBLISHED_MARKERS]


@cache
def entries() -> tuple[Entry, ...]:
    text = resources.files("peerlift.web").joinpath(SOURCE).read_text(encoding="utf-8")
    return parse(text)


def parse(text: str) -> tuple[Entry, ...]:
    """The entries of a glossary file, or a GlossaryError naming the entry and key at fault."""
    found: list[Entry] = []
    for number, item in enumerate(tomllib.loads(text).get("entry", []), start=1):
        missing = [key for key in ("slug", "term", "meaning") if not str(item.get(key, "")).strip()]
        if missing:
            raise GlossaryError(f"{SOURCE}: entry {number} has no {', '.join(missing)}")
        unknown = set(item) - {"slug", "term", "meaning", "markers"}
        if unknown:
            raise GlossaryError(
                f"{SOURCE}: entry {number} ({item['slug']}) has unknown keys {sorted(unknown)}"
            )
        if any(e.slug == item["slug"] for e in found):
            raise GlossaryError(f"{SOURCE}: entry {number} repeats the slug {item['slug']!r}")
        found.append(
            Entry(item["slug"], item["term"], " ".join(item["meaning"].split()), bool(item.get("markers")))
        )
    return tuple(found)


def entry(slug: str) -> Entry:
    """The entry a page links to; a KeyError names a slug that has no entry."""
    for e in entries():
        if e.slug == slug:
            return e
    raise KeyError(f"the glossary has no entry {slug!r} (add it to web/{SOURCE})")


def entry_for(text: str) -> Entry | None:
    """The entry a heading names: its text is the term, or begins with it ("Statistical neighbours
    (2021 set)"), whatever the case."""
    words = text.strip().lower()
    for e in entries():
        term = e.term.lower()
        if words == term or words.startswith(term + " "):
            return e
    return None
