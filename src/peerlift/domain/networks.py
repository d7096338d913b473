"""The vocabulary of networks and clusters (domain/networks.toml): kinds of arrangement and their
purposes, kinds of activity, and the levels of staff and governors who take part."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

VOCABULARY_FILE = "networks.toml"


class VocabularyError(ValueError):
    """domain/networks.toml says something peerlift cannot use; the message names the key."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    purpose: str
    recorded: bool  # False: read from GIAS groups (trusts, federations), never recorded by hand


@dataclass(frozen=True)
class Vocabulary:
    purposes: dict[str, str]
    kinds: dict[str, Kind]
    activity_kinds: dict[str, str]
    levels: dict[str, str]  # in order from heads down

    @property
    def recorded_kinds(self) -> tuple[str, ...]:
        """The kinds an officer records (a template's ``kind`` cell): not trusts or federations."""
        return tuple(k for k, v in self.kinds.items() if v.recorded)

    def purpose_of(self, kind: str) -> str:
        found = self.kinds.get(kind)
        return found.purpose if found else "unknown"

    def label_of(self, kind: str) -> str:
        found = self.kinds.get(kind)
        return found.label if found else kind


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    found = data.get(key)
    if not isinstance(found, dict) or not found:
        raise VocabularyError(f"{VOCABULARY_FILE}: [{key}] is missing or empty")
    return found


def _words(data: dict[str, Any], key: str) -> dict[str, str]:
    found = _table(data, key)
    for name, label in found.items():
        if not isinstance(label, str) or not label:
            raise VocabularyError(f"{VOCABULARY_FILE}: [{key}] {name} must be words")
    return dict(found)


def parse(text: str) -> Vocabulary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VocabularyError(f"{VOCABULARY_FILE}: {error}") from None
    purposes = _words(data, "purposes")
    kinds: dict[str, Kind] = {}
    for name, entry in _table(data, "kinds").items():
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise VocabularyError(f"{VOCABULARY_FILE}: [kinds.{name}] needs a label")
        if entry.get("purpose") not in purposes:
            raise VocabularyError(f"{VOCABULARY_FILE}: [kinds.{name}] purpose must be one of [purposes]")
        kinds[name] = Kind(name, entry["label"], entry["purpose"], bool(entry.get("recorded", True)))
    return Vocabulary(purposes, kinds, _words(data, "activity_kinds"), _words(data, "levels"))


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("peerlift.domain").joinpath(VOCABULARY_FILE).read_text(encoding="utf-8")
    return parse(text)
