"""The published layouts the generator writes: column names copied from the real files.

The header files in ``layouts/`` were copied cell for cell from the real downloads (see
docs/demo.md), so a user of the demo needs no copy of the real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from functools import cache
from importlib import resources

GIAS = "gias_edubasealldata.txt"  # national GIAS extract, 133 columns (Oct 2018 layout)
GIAS_LINKS = "gias_links.txt"  # GIAS links file, 5 columns
GIAS_GROUPS = "gias_groups.txt"  # GIAS all group data, 21 columns (names from a re-saved copy)
GIAS_GROUP_LINKS = "gias_group_links.txt"  # GIAS all group links data, 20 columns (likewise)
OFSTED_MI_2026 = "ofsted_mi_2026.txt"  # Ofsted MI, report-card layout, 85 columns
KS2 = "ks2_2018_19.txt"  # KS2 performance tables, 2018-19 layout, 318 columns
KS4 = "ks4_2017_18.txt"  # KS4 performance tables, 2017-18 layout, 496 columns
LAYOUT_YEAR = {KS2: 2019, KS4: 2018}  # the academic year (end) each copied header is from
CENSUS = "census.txt"  # england_census.csv, 22 columns
ABSENCE = "absence.txt"  # england_abs.csv, 5 columns

OFSTED_XLSX_COLUMNS = [
    "URN",
    "School name",
    "Ofsted phase",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "REPORURL",
]
LA_CODE_LIST_COLUMNS = ["LA Number", "LA Name", "Region", "Type"]

NEW_UNGRADED_WORDING_FROM = dt.date(2024, 10, 1)


def _text(name: str) -> str:
    return (resources.files("peerlift.demo") / "layouts" / name).read_text(encoding="utf-8")


@cache
def header(name: str) -> tuple[str, ...]:
    """The column names of a published layout, in order."""
    return tuple(_text(name).split("\n")[:-1])


@cache
def header_for_year(name: str, year: int) -> tuple[str, ...]:
    """A performance-tables header as it would be for ``year``: the same columns, with the two-digit
    year suffixes of the earlier-years columns (PTRWM_EXP_18, ATT8SCR_17...) moved by the years between.

    The DfE names those columns after the years they hold, so a 2015/16 file in the 2018/19 layout has
    PTRWM_EXP_15 where the 2018/19 file has PTRWM_EXP_18; readers tell a file's year from them.
    """
    base = LAYOUT_YEAR[name]
    shift = year - base
    years = {str(y % 100) for y in range(base - 3, base + 1)}

    def moved(match: re.Match[str]) -> str:
        token = match.group(1)
        return f"_{(int(token) + shift) % 100:02d}" if token in years else match.group(0)

    return tuple(re.sub(r"_(\d\d)(?=_|$)", moved, column) for column in header(name))


@cache
def la_codes() -> tuple[tuple[int, str, str], ...]:
    """(old LA code, LA name, DfE region name such as 'West Midlands C') for the 150 LAs of 2019."""
    rows = list(csv.reader(io.StringIO(_text("la_and_region_codes.csv"))))
    return tuple((int(row[0]), row[1], row[3]) for row in rows[1:])


def lait_dictionary_bytes() -> bytes:
    """The LAIT data dictionary's header and its rows for the measures the demo generates, verbatim."""
    return (resources.files("peerlift.demo") / "layouts" / "lait_dictionary_rows.csv").read_bytes()
