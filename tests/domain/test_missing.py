"""The one vocabulary of missing-value markers: a cell and a reader's column agree on every marker."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from peerlift.domain.missing import MARKERS, Missing, NotAValue, parse_value
from peerlift.sources.base import TextTable

# As published (any case, padded) -> the reason peerlift keeps. Written out by hand from the
# publishers' guidance (performance tables, LAIT, EES/GSS symbols), not from MARKERS.
PUBLISHED = {
    "SUPP": Missing.SUPPRESSED,
    "ne": Missing.NOT_ENTERED,
    " NP ": Missing.NOT_PUBLISHED,
    "NA": Missing.NOT_APPLICABLE,
    "n/a": Missing.NOT_APPLICABLE,
    "LOWCOV": Missing.LOW_COVERAGE,
    "New": Missing.NEW_SCHOOL,
    "x": Missing.NOT_AVAILABLE,
    "c": Missing.CONFIDENTIAL,
    "z": Missing.NOT_APPLICABLE_EES,
    "low": Missing.LOW,
    "u": Missing.UNKNOWN_EES,
    "-": Missing.DASH,
    "..": Missing.NOT_AVAILABLE,
    ":": Missing.NOT_AVAILABLE,
    "": Missing.BLANK,
}


@pytest.mark.parametrize(("cell", "reason"), PUBLISHED.items())
def test_a_cell_and_a_column_read_a_marker_alike(cell: str, reason: Missing) -> None:
    assert parse_value(cell).missing is reason
    table = TextTable(Path("f.csv"), pl.DataFrame({"v": [cell], "_row": [2]}), ["v"], 1)
    value, missing = table.measure_values("v")
    row = table.frame.select(value, missing).row(0)
    assert row == (None, reason.value)


def test_every_marker_is_one_the_publishers_use() -> None:
    assert {k.strip().lower() for k in PUBLISHED} == set(MARKERS)


def test_a_word_that_is_no_marker_is_refused() -> None:
    with pytest.raises(NotAValue):
        parse_value("withheld")
    table = TextTable(Path("f.csv"), pl.DataFrame({"v": ["1", "withheld"], "_row": [2, 3]}), ["v"], 1)
    with pytest.raises(Exception, match="row 3"):
        table.measure_values("v")
