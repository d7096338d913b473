"""The docs name everything a user can type or visit: every `peerlift` command and option is in
docs/cli.md, and every web page and form address is in docs/web.md.

A command or page added without its documentation fails here, with what is missing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main
from shared import REPO

from peerlift.cli import app

CLI_DOC = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
WEB_DOC = (REPO / "docs" / "web.md").read_text(encoding="utf-8")
HEADING = re.compile(r"^### `peerlift ([^`]*)`", re.MULTILINE)


def _commands() -> dict[str, Any]:
    """Every command of the typer app by its words (``chart compare``), sub-apps walked."""
    found: dict[str, Any] = {}

    def walk(command: Any, words: list[str]) -> None:
        if hasattr(command, "commands"):  # a group (typer vendors its own click: no isinstance)
            for name, sub in command.commands.items():
                walk(sub, [*words, name])
        else:
            found[" ".join(words)] = command

    walk(typer.main.get_command(app), [])
    return found


def _sections() -> dict[str, str]:
    """The text documenting each command: every `### peerlift WORDS ...` section of it, joined. The
    words are the heading's leading lower-case words (``FILE``, ``URN`` and ``--la`` end them)."""
    sections: dict[str, str] = {}
    matches = list(HEADING.finditer(CLI_DOC))
    for i, match in enumerate(matches):
        words = []
        for token in match.group(1).split():
            if not re.fullmatch(r"[a-z][a-z0-9-]*", token):
                break
            words.append(token)
        end = matches[i + 1].start() if i + 1 < len(matches) else len(CLI_DOC)
        sections[" ".join(words)] = sections.get(" ".join(words), "") + CLI_DOC[match.start() : end]
    return sections


def _preamble() -> str:
    """What docs/cli.md says of every command before its first section (``--db``, ``--format``)."""
    return CLI_DOC[: HEADING.search(CLI_DOC).start()]  # type: ignore[union-attr]


def _option_names(command: Any) -> list[str]:
    """The names a user types for each option; of an on/off pair, the one that changes the default."""
    names = []
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False):
            continue
        if param.is_flag and param.secondary_opts:
            names.extend(param.secondary_opts if param.default else param.opts)
        else:
            names.extend(o for o in param.opts if o.startswith("--"))
    return names


def _mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_every_command_has_a_section_in_the_cli_docs() -> None:
    missing = sorted(set(_commands()) - set(_sections()))
    assert not missing, f"docs/cli.md has no `### peerlift ...` section for: {missing}"


@pytest.mark.parametrize("words", sorted(_commands()))
def test_every_option_is_in_its_commands_section(words: str) -> None:
    section = _sections().get(words)
    if section is None:
        pytest.fail(f"docs/cli.md has no section for `peerlift {words}`")
    missing = [
        name
        for name in _option_names(_commands()[words])
        if not _mentions(section, name) and not _mentions(_preamble(), name)
    ]
    assert not missing, f"docs/cli.md does not mention {missing} for `peerlift {words}`"


def test_no_section_documents_a_command_that_does_not_exist() -> None:
    extra = sorted(set(_sections()) - set(_commands()))
    assert not extra, f"docs/cli.md documents commands peerlift does not have: {extra}"


def _addresses() -> list[str]:
    """Every address a user visits or posts to: each registered page (its .json and downloads are
    documented once for all in web.md) and each form or file in web/urls.py, as Django writes them."""
    from peerlift.web import pages, urls

    routes = [p.route for p in pages.PAGES]
    page_routes = {p.route for p in pages.PAGES}
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)  # type: ignore[union-attr]
        if route.endswith(".json") or "download/" in route or route in page_routes:
            continue
        routes.append(route)
    return sorted({"/" + r for r in routes})


PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _documented(address: str) -> bool:
    """The address in docs/web.md, whatever its placeholders are called there (`<id>` for `<pk>`) or
    with an example value (`pack.pdf` for `pack.<str:fmt>`, a number for an `int`), and not merely as
    the start of a longer one."""
    pattern, end = "", 0
    for match in PLACEHOLDER.finditer(address):
        value = r"\d+" if match.group(1) == "int" else r"[\w-]+"
        pattern += re.escape(address[end : match.start()]) + rf"(?:<\w+>|{value})"
        end = match.end()
    pattern += re.escape(address[end:])
    return re.search(rf"(?<![\w/>-]){pattern}(?![\w/<-])", WEB_DOC) is not None


@pytest.mark.django_db
def test_every_web_address_is_in_the_web_docs() -> None:
    missing = [a for a in _addresses() if not _documented(a)]
    assert not missing, f"docs/web.md does not mention these addresses: {missing}"
