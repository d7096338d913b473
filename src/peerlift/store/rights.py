"""Import rights: whose schools an import may write (decision 0006).

An LA's officers and administrators load files for their own LA's schools; the rows of a file that
concern another LA's schools, schools peerlift cannot place in an LA, or national data (England and
regional figures, trusts, the LA list, neighbour sets, measure definitions) are left out and named,
and a file with nothing left is refused. A system administrator, and the command line (whose user
holds the database itself), import with national rights: every row. Either way an import says which
LAs' schools it wrote, so each of those LAs finds it in its audit log.

Each table's rows are tied to an LA as ``OWNER`` says: by the school's URN (the LA the file itself
gives the school, else the one the register holds), by the row's own LA code and the school's
stored LA (so a school cannot be moved out of another LA), by area, or not at all (national).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import polars as pl

from peerlift.domain.areas import AreaType
from peerlift.sources import frames
from peerlift.store import bulk
from peerlift.store.models import Establishment


@dataclass(frozen=True)
class Rights:
    """Whose schools an import may write: one LA's, or (``la`` None) every LA's."""

    la: int | None = None

    @property
    def national(self) -> bool:
        return self.la is None


NATIONAL = Rights()


class By(Enum):
    """How a table's rows are tied to an LA."""

    SCHOOL = "the school's row: its LA code in the file and in the register"
    URN = "the school it is about"
    AREA = "the area it is about"
    LA_CODE = "the LA the row names (an LA's own import: that LA when it names none)"
    NATIONAL = "none: national data"


OWNER = {
    frames.ESTABLISHMENTS: By.SCHOOL,
    frames.LINKS: By.URN,
    frames.INSPECTIONS: By.URN,
    frames.JUDGEMENTS: By.URN,
    frames.SCHOOL_MEASURES: By.URN,
    frames.GROUP_MEMBERS: By.URN,
    frames.GATSBY_RESULTS: By.URN,
    frames.GOVERNOR_TRAINING: By.URN,
    frames.ASPIRATION_EVENTS: By.URN,
    frames.SURVEY_ANSWERS: By.URN,
    frames.AREA_MEASURES: By.AREA,
    frames.NETWORK_MEMBERS: By.URN,
    frames.NETWORK_ACTIVITIES: By.LA_CODE,
    frames.GROUPS: By.NATIONAL,
    frames.LOCAL_AUTHORITIES: By.NATIONAL,
    frames.MEASURE_DEFINITIONS: By.NATIONAL,
    frames.NEIGHBOURS: By.NATIONAL,
}
SHOWN_URNS = 5  # URNs named per LA in a refusal

_LA = "__la"  # the LA a row is about (null: none, or not known)
_OTHER_LA = "__stored_la"  # for a school's row: the LA the register holds it in


@dataclass
class Refused:
    """Rows of one table left out for one LA (``la`` None: rows of no known LA, or national data)."""

    table: str
    la: int | None
    rows: int
    urns: list[int]

    def describe(self) -> str:
        table = self.table.replace("_", " ")
        rows = f"{self.rows:,} row{'s' if self.rows != 1 else ''}"
        if OWNER[self.table] is By.NATIONAL:
            return f"{table}: {rows} of national data"
        if self.la is None:
            whose = (
                "England or regional figures"
                if OWNER[self.table] is By.AREA
                else "schools not in the register"
            )
            what = f"{table}: {rows} for {whose}"
        else:
            what = f"{table}: {rows} of LA {self.la}"
        if self.urns:
            more = ", ..." if self.rows > len(self.urns) else ""
            what += f" (URN{'s' if len(self.urns) > 1 else ''} {', '.join(map(str, self.urns))}{more})"
        return what


@dataclass
class Verdict:
    """What an import may write: the tables with the rows its rights allow, what was left out,
    and the LAs whose schools the kept rows are about."""

    tables: dict[str, pl.DataFrame]
    refused: list[Refused] = field(default_factory=list)
    las: set[int] = field(default_factory=set)

    @property
    def refused_rows(self) -> int:
        return sum(r.rows for r in self.refused)

    @property
    def nothing_left(self) -> bool:
        return all(frame.is_empty() for frame in self.tables.values())

    def explain(self, rights: Rights) -> str:
        """The refusal in plain words, naming the tables, LAs and some URNs."""
        if self.nothing_left:
            said = f"nothing was imported: the file holds no rows for LA {rights.la}'s schools"
        else:
            rows = self.refused_rows
            said = (
                f"{rows:,} row{'s are' if rows != 1 else ' is'} not for LA {rights.la}'s schools and "
                f"{'were' if rows != 1 else 'was'} left out"
            )
        return (
            f"{said} ({'; '.join(r.describe() for r in self.refused)}). An LA's officers and "
            "administrators import files for their own LA's schools; other LAs' schools and national "
            "data are imported by a system administrator."
        )

    def as_json(self) -> list[dict[str, object]]:
        return [{"table": r.table, "la": r.la, "rows": r.rows, "urns": r.urns} for r in self.refused]


def judge(tables: dict[str, pl.DataFrame], rights: Rights) -> Verdict:
    """Split each table into the rows ``rights`` allow and those it does not (reads the register)."""
    las = _school_las(tables)
    verdict = Verdict({})
    for table, frame in tables.items():
        if table == frames.JUDGEMENTS:
            continue  # they go with their inspections, below
        if OWNER[table] is By.LA_CODE and not rights.national:  # an LA's rows name their LA or none
            frame = frame.with_columns(pl.col("la_code").fill_null(rights.la))
        tied = _tie(OWNER[table], frame, las)
        allowed = pl.lit(True) if rights.national else _allowed(tied, rights)
        kept = tied.filter(allowed)
        verdict.tables[table] = kept.drop(_LA, _OTHER_LA, strict=False)
        if OWNER[table] in (By.SCHOOL, By.URN, By.LA_CODE):
            verdict.las.update(int(v) for v in kept[_LA].drop_nulls().unique())
            if _OTHER_LA in kept.columns:
                verdict.las.update(int(v) for v in kept[_OTHER_LA].drop_nulls().unique())
        verdict.refused += _refusals(table, tied.filter(~allowed))
    if frames.JUDGEMENTS in tables:
        inspections = verdict.tables.get(frames.INSPECTIONS, frames.empty(frames.INSPECTIONS))
        verdict.tables[frames.JUDGEMENTS] = tables[frames.JUDGEMENTS].join(
            inspections.select("urn", "inspection_key"),
            on=["urn", "inspection_key"],
            how="semi",
            maintain_order="left",
        )
    return verdict


def _school_las(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Each school's LA: as the file's own establishments give it, else as the register holds it."""
    stored = bulk.fetch_frame(
        f"SELECT urn, la_code FROM {bulk.table_name(Establishment)} WHERE la_code IS NOT NULL",
        [],
        {"urn": pl.Int64, _OTHER_LA: pl.Int32},
    )
    given = tables.get(frames.ESTABLISHMENTS)
    if given is None or given.is_empty():
        return stored.with_columns(pl.col(_OTHER_LA).alias(_LA))
    in_file = given.select("urn", pl.col("la_code").cast(pl.Int32).alias(_LA)).unique("urn", keep="last")
    return in_file.join(stored, on="urn", how="full", coalesce=True).with_columns(
        pl.coalesce(_LA, _OTHER_LA).alias(_LA)
    )


def _tie(by: By, frame: pl.DataFrame, las: pl.DataFrame) -> pl.DataFrame:
    """The frame with the LA each row is about (and, for a school's own row, its stored LA)."""
    if by is By.SCHOOL:
        return frame.with_columns(pl.col("la_code").cast(pl.Int32).alias(_LA)).join(
            las.select("urn", _OTHER_LA), on="urn", how="left", maintain_order="left"
        )
    if by is By.URN:  # in the file's order: of rows sharing a key, loaders keep the last
        return frame.join(las.select("urn", _LA), on="urn", how="left", maintain_order="left")
    if by is By.LA_CODE:
        return frame.with_columns(pl.col("la_code").cast(pl.Int32).alias(_LA))
    if by is By.AREA:
        is_la = pl.col("area_type") == AreaType.LA.value
        code = pl.col("area_code").cast(pl.Int32, strict=False)
        return frame.with_columns(pl.when(is_la).then(code).otherwise(None).alias(_LA))
    return frame.with_columns(pl.lit(None, dtype=pl.Int32).alias(_LA))


def _allowed(tied: pl.DataFrame, rights: Rights) -> pl.Expr:
    allowed = pl.col(_LA).fill_null(-1) == rights.la
    if _OTHER_LA in tied.columns:  # a school the register holds in another LA stays there
        allowed = allowed & (pl.col(_OTHER_LA).is_null() | (pl.col(_OTHER_LA) == rights.la))
    return allowed


def _refusals(table: str, refused: pl.DataFrame) -> list[Refused]:
    if refused.is_empty():
        return []
    whose = pl.col(_LA)
    if _OTHER_LA in refused.columns:  # name the LA the school is in now when the file moves it
        moved = pl.col(_OTHER_LA).is_not_null() & (pl.col(_OTHER_LA) != pl.col(_LA))
        whose = pl.when(moved).then(pl.col(_OTHER_LA)).otherwise(pl.col(_LA))
    counted = [pl.len().alias("rows")]
    if "urn" in refused.columns:
        counted.append(pl.col("urn").unique().sort().head(SHOWN_URNS).alias("urns"))
    grouped = (
        refused.with_columns(whose.alias("__whose"))
        .group_by("__whose")
        .agg(counted)
        .sort("__whose", nulls_last=True)
    )
    return [
        Refused(table, row["__whose"], row["rows"], [int(u) for u in row.get("urns") or []])
        for row in grouped.iter_rows(named=True)
    ]
