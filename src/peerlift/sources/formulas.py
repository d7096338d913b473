"""The one rule for text a spreadsheet would run as a formula, used where cells are read (refused) and
where they are written to a download (made inert with a leading apostrophe).

A cell is a formula when, after any leading white space (tabs and carriage returns included), it
starts with ``=``, ``+``, ``-`` or ``@`` (or their full-width forms ``＝ ＋ － ＠``, which some
spreadsheets take as the same) and something follows that a spreadsheet would evaluate. ``+``/``-``
followed by a plain number (``-3.5``, ``+12``, ``-1,200``, ``-4%``, ``-1e-3``) is a number, and dashes
on their own (the ``-`` marker for "no figure") are text; everything else after a sign is evaluated
(``-2+3+cmd|' /C calc'!A0``, ``+A1``, ``-cmd|...``). ``=`` or ``@`` followed by anything is a formula.
Dates (``2024-09-01``, ``01-09-2024``) never start with a sign.
"""

from __future__ import annotations

import re

import polars as pl

PREFIXES = "=+@\uff1d\uff0b\uff0d\uff20-"  # = + @ and the full-width ＝ ＋ － ＠, then - (last: not a range)
# spaces, tabs, line breaks, no-break and ideographic spaces; spelt out so that Python's re and polars'
# regex (which differ on what \s means) apply the same rule
SPACE = " \t\r\n\x0b\x0c\u00a0\u3000"
_SPACE = r"[ \t\r\n\x0b\x0c\u00a0\u3000]*"
_STARTS = re.compile(rf"^{_SPACE}[{PREFIXES}]")
_INERT = re.compile(  # a signed number, or signs and dashes alone
    rf"^{_SPACE}(?:[+\-\uff0b\uff0d]{_SPACE}(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+\-]?[0-9]+)?%?|[+\-\uff0b\uff0d]+){_SPACE}$"
)


def is_formula(text: str) -> bool:
    """True when a spreadsheet opening this text in a cell would evaluate it."""
    return bool(_STARTS.match(text)) and not _INERT.match(text)


def neutralise(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would otherwise run it as a formula."""
    return "'" + text if is_formula(text) else text


def formula_expr(column: str) -> pl.Expr:
    """The same rule as a polars expression over a String column (polars' regex has no look-ahead,
    hence two patterns)."""
    col = pl.col(column)
    return col.str.contains(_STARTS.pattern) & ~col.str.contains(_INERT.pattern)


def may_be_formula_expr(column: str) -> pl.Expr:
    """True wherever ``formula_expr`` may be (a sign or = @ first): one anchored pattern, to find the
    few columns worth the exact test."""
    return pl.col(column).str.contains(_STARTS.pattern)
