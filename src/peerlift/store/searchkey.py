"""The school search's key: a school's name, town and postcode as the search compares them.

Lower case, without spaces, punctuation or apostrophes of any kind, so "St. Mary's", "St Mary’s" and
"St Marys" are all "stmarys". The key is stored with the school (``Establishment.search_key``, written
at load by ``store.loading`` with ``key_expression`` and by ``Establishment.save``), because working it
out in SQL for every row of every search costs a national register about 50 times a plain match
(benchmarks/school_search.py). One definition, used by the loader (polars), the model (Python) and the
search (the typed text), so the three cannot drift apart.
"""

from __future__ import annotations

import re

import polars as pl

# apostrophes of every kind (', ’, ‘, ʼ, `, ´, ′, ＇), spaces and the punctuation names are written with
IGNORED = " .,'\u2019\u2018\u02bc`\u00b4\u2032\uff07-()/&"
_IGNORED = "[" + re.escape(IGNORED) + "]"
SEPARATOR = "|"  # between the name, town and postcode: never in a normalised text


def normalise(text: str) -> str:
    """Text as the search compares it."""
    return re.sub(_IGNORED, "", text.lower())


def key(name: str, town: str, postcode: str) -> str:
    return SEPARATOR.join(normalise(part or "") for part in (name, town, postcode))


def key_expression() -> pl.Expr:
    """``key`` over a frame of establishments (columns name, town, postcode), as ``search_key``."""
    parts = [
        pl.col(c).fill_null("").str.to_lowercase().str.replace_all(_IGNORED, "")
        for c in ("name", "town", "postcode")
    ]
    return pl.concat_str(parts, separator=SEPARATOR).alias("search_key")
