"""Upload errors in plain words: a reader's message as the upload page says it (no library text, no
command-line flags). The wording is data (upload_messages.toml); the command line keeps the readers'
own messages, which name what a developer needs."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from peerlift.sources.errors import SourceError

SOURCE = "upload_messages.toml"


@dataclass(frozen=True)
class Plain:
    """What the page says, and whether it opens the choice of the file's kind."""

    message: str
    choose_kind: bool = False


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    say: str
    choose_kind: bool


@cache
def _rules() -> tuple[_Rule, ...]:
    text = resources.files("peerlift.web").joinpath(SOURCE).read_text(encoding="utf-8")
    return parse(text)


def parse(text: str) -> tuple[_Rule, ...]:
    """The rules of a messages file; a ValueError names the rule and key at fault."""
    rules = []
    for number, item in enumerate(tomllib.loads(text).get("message", []), start=1):
        for key in ("match", "say"):
            if not str(item.get(key, "")).strip():
                raise ValueError(f"{SOURCE}: message {number} has no {key}")
        try:
            pattern = re.compile(item["match"], re.IGNORECASE)
        except re.error as error:
            raise ValueError(
                f"{SOURCE}: message {number}: match is not a regular expression ({error})"
            ) from None
        rules.append(_Rule(pattern, " ".join(item["say"].split()), bool(item.get("choose_kind"))))
    return tuple(rules)


def plain(error: SourceError) -> Plain:
    """The reader's message in plain words (as it is, when it already is)."""
    for rule in _rules():
        if rule.pattern.search(error.message):
            return Plain(rule.say, rule.choose_kind)
    return Plain(error.message)


def summary(error: SourceError, message: str) -> str:
    """The error summary's line: where (file, row, column) and what, in plain words."""
    where = [error.file]
    if error.row is not None:
        where.append(f"row {error.row:,}")
    if error.column is not None:
        where.append(f"column {error.column!r}")
    return f"{', '.join(where)}: {message}"
