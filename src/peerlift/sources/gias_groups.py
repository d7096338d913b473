"""Readers for GIAS groups: trusts, federations and the other groups schools belong to.

GIAS publishes the groups ("All group data", one row per group) and the group links ("All group
links data", one row per establishment in a group, repeating the group's own fields). Establishment
extracts name a school's trust ("Trusts (code)" is the Group UID); these files add what the group is
(multi- or single-academy trust, federation...), its status, Companies House number and head, and
since when each school has belonged to it.

Both files are tolerated as GIAS writes them (Windows-1252, dd-mm-yyyy dates) and as they come back
after a trip through pandas (ISO dates, "6893415.0" for numbers, an unnamed index column first).

The older "Academies and free schools: group links" file (grouplinks_edubaseallacademiesandfree*.csv,
2019) is the same kind in another layout: the group's UID is "Linked UID", it adds "FederationType" and
names a last column "HasSharedHT" that no row writes (17 names, 16 fields in every row).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from peerlift.sources import frames
from peerlift.sources.base import (
    Head,
    ReadResult,
    Skip,
    SourceError,
    TextTable,
    header_with,
    load_csv,
    report_unknown,
    skips_where,
)

UID = "Group UID"
# The names the group's UID has had in the links layouts: the first found in a header is used.
LINK_UID_NAMES = (UID, "Linked UID")

GROUP_COLUMNS = (
    UID,
    "Group ID",
    "Group Name",
    "Companies House Number",
    "Group Type (code)",
    "Group Type",
    "Closed Date",
    "Open date",
    "Incorporated on (open date)",
    "Group Status (code)",
    "Group Status",
    "Group Street",
    "Group Locality",
    "Group Address 3",
    "Group Town",
    "Group County",
    "Group Postcode",
    "Head of Group Title",
    "Head of Group First Name",
    "Head of Group Last Name",
    "UKPRN",
)
# The group links file repeats the group's fields and adds the member establishment's.
MEMBER_COLUMNS = (
    "URN",
    "Joined date",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "LA (code)",
    "LA (name)",
)
# Columns of the 2019 academies-and-free-schools layout that the register has no field for.
LINKS_NOT_CARRIED = ("FederationType", "HasSharedHT")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")
NOT_RECORDED = ("not recorded", "not applicable")


_is_groups_header = header_with(UID, "Group Name", "Group Type")


def _is_group_links_header(cells: list[str]) -> bool:
    return "URN" in cells and any(name in cells for name in LINK_UID_NAMES)


def _link_uid(cells: list[str]) -> str:
    return next(name for name in LINK_UID_NAMES if name in cells)


def _text(table: TextTable, column: str) -> pl.Expr:
    """Text with GIAS's "Not recorded" made null, like a blank."""
    text = table.text(column)
    return pl.when(text.str.to_lowercase().is_in(NOT_RECORDED)).then(None).otherwise(text).alias(column)


def _whole(table: TextTable, column: str) -> pl.Expr:
    """A whole number, also as pandas writes one back ("10060695.0")."""
    if column not in table.frame.columns:
        return pl.lit(None, dtype=pl.Int64).alias(column)
    text = table.text(column)
    number = text.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    row = table.first_bad(column, number.is_null() & text.is_not_null())
    if row is not None:
        value = table.frame.filter(pl.col("_row") == row).item(0, column)
        raise table.error(f"{value!r} is not a whole number", row=row, column=column)
    return number.alias(column)


def _date(table: TextTable, column: str) -> pl.Expr:
    """A date as GIAS writes it (dd-mm-yyyy), or as it comes back from a spreadsheet or pandas."""
    if column not in table.frame.columns:
        return pl.lit(None, dtype=pl.Date).alias(column)
    text = table.text(column)
    parsed = pl.coalesce([text.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS])
    row = table.first_bad(column, parsed.is_null() & text.is_not_null())
    if row is not None:
        value = table.frame.filter(pl.col("_row") == row).item(0, column)
        raise table.error(f"{value!r} is not a date such as 01-09-2015", row=row, column=column)
    return parsed.alias(column)


def _companies_house(table: TextTable) -> pl.Expr:
    """Companies House numbers are eight characters; a spreadsheet drops the leading zeros."""
    text = _text(table, "Companies House Number")
    digits = text.str.replace(r"\.0+$", "")
    padded = digits.str.zfill(8)
    return pl.when(digits.str.contains(r"^\d{1,8}$")).then(padded).otherwise(text)


def _head(table: TextTable) -> pl.Expr:
    names = [_text(table, f"Head of Group {part}") for part in ("Title", "First Name", "Last Name")]
    joined = pl.concat_str(names, separator=" ", ignore_nulls=True)
    return pl.when(joined == "").then(None).otherwise(joined)


def _groups(table: TextTable, uid_column: str = UID) -> pl.DataFrame:
    """One row per group (the first row of each Group UID, in the links file)."""
    uid = _whole(table, uid_column)
    missing = table.first_bad(uid_column, pl.col(uid_column).is_null())
    if missing is not None:
        message = f"every row needs a {uid_column}; this one has none"
        raise table.error(message, row=missing, column=uid_column)
    return table.frame.select(
        uid.alias("uid"),
        _text(table, "Group ID").alias("group_id"),
        _text(table, "Group Name").alias("name"),
        _text(table, "Group Type").alias("type"),
        _text(table, "Group Status").alias("status"),
        _companies_house(table).alias("companies_house_number"),
        _whole(table, "UKPRN").alias("ukprn"),
        pl.coalesce([_date(table, "Open date"), _date(table, "Incorporated on (open date)")]).alias(
            "open_date"
        ),
        _date(table, "Closed Date").alias("close_date"),
        _head(table).alias("head"),
        _text(table, "Group Town").alias("town"),
        _text(table, "Group Postcode").alias("postcode"),
    ).unique("uid", keep="first", maintain_order=True)


def _known(*columns: tuple[str, ...]) -> set[str]:
    """Every column these readers take, and the unnamed index column pandas writes first."""
    return {c for group in columns for c in group} | {"_unnamed_1"}


class GroupsReader:
    """GIAS "All group data": one row per trust, federation or other group."""

    kind = "gias_groups"
    description = "GIAS groups: trusts, federations and other groups (allgroupsdata.csv)"

    def sniff(self, head: Head) -> bool:
        cells = head.header_cells()
        return _is_groups_header(cells) and "URN" not in cells

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = load_csv(path, _is_groups_header)
        groups = _groups(table)
        if groups.height < table.frame.height:
            raise _duplicate_uid(table)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.GROUPS: groups},
            rows_read=groups.height,
            unknown_columns=report_unknown(table.header, _known(GROUP_COLUMNS)),
        )


def _duplicate_uid(table: TextTable) -> SourceError:
    repeated = table.frame.select(pl.col("_row"), pl.col(UID).is_duplicated().alias("again"))
    rows = repeated.filter(pl.col("again"))["_row"]
    return table.error(
        f"Group UID appears more than once (rows {rows[0]} and {rows[1]}); the file lists each group once",
        row=int(rows[1]),
        column=UID,
    )


class GroupLinksReader:
    """GIAS "All group links data": which establishments are in which group, since when."""

    kind = "gias_group_links"
    description = "GIAS group links: the establishments in each trust or federation"

    def sniff(self, head: Head) -> bool:
        return _is_group_links_header(head.header_cells())

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        # short_rows: the 2019 layout names a last column (HasSharedHT) that no row writes.
        whole = load_csv(path, _is_group_links_header, short_rows=True)
        uid = _link_uid(whole.header)
        table, skipped = _placeable(whole, uid)
        members = table.frame.select(
            _whole(table, uid).alias("uid"),
            _whole(table, "URN").alias("urn"),
            _date(table, "Joined date").alias("joined_date"),
        )
        return ReadResult(
            kind=self.kind,
            path=path,
            year=year,
            tables={frames.GROUPS: _groups(table, uid), frames.GROUP_MEMBERS: members},
            rows_read=whole.frame.height,
            skipped=skipped,
            unknown_columns=report_unknown(
                table.header, _known(GROUP_COLUMNS, MEMBER_COLUMNS, LINK_UID_NAMES, LINKS_NOT_CARRIED)
            ),
            notes=_link_notes(table),
        )


def _placeable(table: TextTable, uid: str) -> tuple[TextTable, list[Skip]]:
    """The rows that can be placed, and a Skip (with its column) for each that cannot: no URN or UID,
    or one that is no whole number, or a joined date that is no date. The file is refused only when
    there are many (sources.base.MAX_FAILED_SHARE), by ReadResult."""
    whole_number = r"^\s*\d+(\.0+)?\s*$"
    checks = [
        (uid, pl.col(uid).is_null(), f"no {uid}"),
        ("URN", pl.col("URN").is_null(), "no URN"),
        (uid, ~pl.col(uid).str.contains(whole_number), f"{uid} not a whole number"),
        ("URN", ~pl.col("URN").str.contains(whole_number), "URN not a whole number"),
    ]
    if "Joined date" in table.frame.columns:
        text = table.text("Joined date")
        parsed = pl.coalesce([text.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS])
        checks.append(("Joined date", text.is_not_null() & parsed.is_null(), "joined date not a date"))
    frame = table.frame
    skips: list[Skip] = []
    for column, bad, kind in checks:
        rows = frame.filter(bad.fill_null(False))
        value = pl.lit("'") + pl.col(column).fill_null("") + pl.lit("'")
        skips += skips_where(rows, pl.lit(f"{kind}: ") + value, kind, column)
        frame = frame.filter(~bad.fill_null(False))
    return TextTable(table.path, frame, table.header, table.header_row), sorted(skips, key=lambda s: s.row)


def _link_notes(table: TextTable) -> list[str]:
    """What was read but not carried, so that an officer knows it is not lost by accident."""
    notes = []
    never = [c for c in table.header if c in table.frame.columns and table.frame[c].is_null().all()]
    if never:
        notes.append(f"named in the header but empty on every row: {', '.join(never)}")
    carried_not = [c for c in LINKS_NOT_CARRIED if c in table.header]
    if carried_not:
        notes.append(f"known and not carried (the register has no field for them): {', '.join(carried_not)}")
    return notes


READERS = [GroupsReader(), GroupLinksReader()]
