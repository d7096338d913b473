"""All readers, and recognising which one a file needs from its name and first bytes."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path

from peerlift.sources.base import (
    Head,
    Reader,
    ReadResult,
    SourceError,
    delimiter_hint,
    head_of,
    require_file,
)

# Modules that define READERS, in the order they are tried: the more specific first.
_MODULES = (
    "gias",
    "gias_groups",
    "ofsted",
    "performance",
    "ees",
    "la_statistics",
    "neighbours",
    "careers",
    "surveys",
    "networks",
)


@cache
def readers() -> tuple[Reader, ...]:
    """Every reader peerlift has."""
    found: list[Reader] = []
    for module in _MODULES:
        found.extend(import_module(f"peerlift.sources.{module}").READERS)
    return tuple(found)


def kinds() -> dict[str, Reader]:
    return {reader.kind: reader for reader in readers()}


def detect(path: Path) -> Reader:
    """The reader for a file, recognised from its header (or sheets, or columns)."""
    head = head_of(path)
    matches = [reader for reader in readers() if reader.sniff(head)]
    if not matches and _is_metadata(head):
        raise SourceError(
            path,
            "this is a metadata file that describes a publication's columns, not data; "
            "import the data file it describes",
            row=1,
        )
    if not matches:
        known = ", ".join(sorted(kinds()))
        raise SourceError(
            path,
            "peerlift does not recognise this file from its header."
            + delimiter_hint(head.lines[0] if head.lines else "")
            + f" The kinds it reads are: {known}. If it is one of those, name it with --kind.",
            row=1,
        )
    return matches[0]


# Header cells of the DfE's metadata files (ks2_meta.csv, ks4_final_meta.csv, *_meta_methodology.csv...)
_METADATA_HEADERS = {
    "field name",
    "fieldname",
    "label/description",
    "metafile heading",
    "metafile description",
}


def _is_metadata(head: Head) -> bool:
    cells = {c.strip().lower() for c in head.header_cells()}
    sheets = {name.lower() for name in head.sheets}
    return bool(cells & _METADATA_HEADERS) or "_meta" in head.name or sheets == {"abbreviations"}


def reader_for(path: Path, kind: str | None = None) -> Reader:
    """The reader named by ``kind``, or else the one the file's header calls for."""
    require_file(path)
    if kind is None:
        return detect(path)
    try:
        return kinds()[kind]
    except KeyError:
        known = ", ".join(sorted(kinds()))
        raise SourceError(path, f"there is no file kind {kind!r}; the kinds are: {known}") from None


def read(path: Path, kind: str | None = None, year: int | None = None) -> ReadResult:
    """Read a file with the reader for ``kind``, or the one its header calls for."""
    return reader_for(path, kind).read(path, year)
