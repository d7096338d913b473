"""GIAS groups and group links: hand-made files in the published layout (see tests/data/gias/README.md)
and the real 2019 academies-and-free-schools group links file in ../shared/data/gias.

Expected values are the fixture's own cells, read by eye, and the real file's cells read with the csv
module inside each test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from mangling import mangled
from shared import SHARED_DATA, needs_shared

from peerlift.sources import frames, registry
from peerlift.sources.base import SourceError
from peerlift.sources.gias_groups import GroupLinksReader, GroupsReader

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "gias"
GROUPS = FIXTURES / "allgroupsdata_handmade.csv"
LINKS = FIXTURES / "allgrouplinksdata_handmade.csv"


def group(frame: pl.DataFrame, uid: int) -> dict[str, object]:
    rows = frame.filter(pl.col("uid") == uid).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_recognised_by_header() -> None:
    assert registry.reader_for(GROUPS).kind == "gias_groups"
    assert registry.reader_for(LINKS).kind == "gias_group_links"


def test_groups() -> None:
    result = GroupsReader().read(GROUPS)
    frame = result.tables[frames.GROUPS]
    assert result.rows_read == 7 and result.unknown_columns == []
    rise = group(frame, 3722)
    assert (rise["group_id"], rise["name"], rise["type"], rise["status"]) == (
        "TR01301",
        "RISE MULTI ACADEMY TRUST",
        "Multi-academy trust",
        "Open",
    )
    assert (rise["companies_house_number"], rise["ukprn"]) == ("08138372", 10059914)
    assert rise["open_date"] == dt.date(2012, 7, 11)  # "Incorporated on (open date)"
    assert (rise["town"], rise["postcode"], rise["head"]) == ("Syston", "LE7 1HR", None)  # "Not recorded"
    hermitage = group(frame, 1128)
    assert (hermitage["status"], hermitage["close_date"]) == ("Closed", dt.date(2021, 10, 5))
    assert group(frame, 1046)["head"] == "Mr Mark Woods"
    assert group(frame, 1046)["open_date"] == dt.date(2013, 9, 1)  # "Open date"
    assert group(frame, 1000)["group_id"] is None


def test_group_links() -> None:
    result = GroupLinksReader().read(LINKS)
    members = result.tables[frames.GROUP_MEMBERS]
    assert result.rows_read == 4 and result.unknown_columns == []
    assert members.sort("uid", "urn").rows() == [
        (3722, 900001, dt.date(2012, 9, 1)),
        (3722, 900002, dt.date(2016, 4, 1)),
        (3723, 900002, dt.date(2016, 4, 1)),
        (3788, 900003, dt.date(2011, 4, 1)),
    ]
    groups = result.tables[frames.GROUPS]
    assert sorted(groups["uid"]) == [3722, 3723, 3788]
    assert group(groups, 3788)["companies_house_number"] == "07567230"


def _as_pandas_wrote_it(path: Path, target: Path, index: bool) -> Path:
    """The file after a trip through pandas: ISO dates, numbers as floats, maybe an index column."""
    frame = pl.read_csv(path, infer_schema=False, encoding="windows-1252")
    dates = [c for c in frame.columns if "date" in c.lower()]
    frame = frame.with_columns(
        [pl.col(c).str.strptime(pl.Date, "%d-%m-%Y").dt.to_string("%Y-%m-%d") for c in dates]
        + [
            (pl.col(c).str.strip_chars_start("0") + ".0").alias(c)
            for c in ("Companies House Number", "UKPRN")
            if c in frame.columns
        ]
    )
    if index:
        frame = frame.with_row_index("").with_columns(pl.col("").cast(pl.String))
    frame.write_csv(target)
    return target


def test_the_pandas_form_reads_the_same(tmp_path: Path) -> None:
    original = GroupsReader().read(GROUPS).tables[frames.GROUPS]
    again = GroupsReader().read(_as_pandas_wrote_it(GROUPS, tmp_path / "groups.csv", index=False))
    assert again.tables[frames.GROUPS].equals(original)
    links = GroupLinksReader().read(_as_pandas_wrote_it(LINKS, tmp_path / "group_links.csv", index=True))
    assert links.tables[frames.GROUP_MEMBERS].equals(
        GroupLinksReader().read(LINKS).tables[frames.GROUP_MEMBERS]
    )
    assert links.unknown_columns == []


def _variant(tmp_path: Path, path: Path, old: bytes, new: bytes) -> Path:
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes().replace(old, new, 1))
    return target


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "words"),
    [
        (b"3722,", b"37X2,", 5, "Group UID", "not a whole number"),
        (b'"11-07-2012"', b'"31-13-2012"', 5, "Incorporated on (open date)", "not a date"),
        (b"1046,", b",", 3, "Group UID", "needs a Group UID"),
        (b"1128,", b"1046,", 4, "Group UID", "more than once"),
    ],
)
def test_bad_groups_name_row_and_column(
    tmp_path: Path, old: bytes, new: bytes, row: int, column: str, words: str
) -> None:
    with pytest.raises(SourceError) as caught:
        GroupsReader().read(_variant(tmp_path, GROUPS, old, new))
    assert (caught.value.row, caught.value.column) == (row, column)
    assert words in caught.value.message


def test_a_link_without_a_urn(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        GroupLinksReader().read(_variant(tmp_path, LINKS, b"900003,", b","))
    assert (caught.value.row, caught.value.column) == (4, "URN")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(groups=mangled(GROUPS.read_bytes()), links=mangled(LINKS.read_bytes()))
def test_mangled_group_files_read_or_raise_source_error(tmp_path: Path, groups: bytes, links: bytes) -> None:
    for reader, data, name in (
        (GroupsReader(), groups, GROUPS.name),
        (GroupLinksReader(), links, LINKS.name),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        try:
            result = reader.read(path)
        except SourceError:
            continue
        assert result.tables[frames.GROUPS]["uid"].null_count() == 0


# ---------------------------------------------------------------------------------------------
# The real 2019 "Academies and free schools: group links" file (SOURCES.md section 6)


def _grouplinks_path() -> Path:
    return SHARED_DATA / "gias" / "grouplinks_edubaseallacademiesandfree20190601.csv"


def _raw_links(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows as the csv module reads them (Windows-1252: 'LADY HAWKINS’ SCHOOL')."""
    import csv

    with path.open(newline="", encoding="cp1252") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


@needs_shared
def test_academies_group_links_2019_is_recognised_and_loads_whole() -> None:
    path = _grouplinks_path()
    header, rows = _raw_links(path)
    assert (len(header), {len(r) for r in rows}) == (17, {16})  # HasSharedHT is never written
    assert registry.reader_for(path).kind == "gias_group_links"
    result = GroupLinksReader().read(path)
    assert result.rows_read == len(rows) == 14_621
    assert result.unknown_columns == []
    assert result.tables[frames.GROUP_MEMBERS].height == 14_621
    assert result.tables[frames.GROUPS].height == len({r[1] for r in rows}) == 3_767
    assert any("HasSharedHT" in note and "empty on every row" in note for note in result.notes)


@needs_shared
def test_academies_group_links_2019_named_rows() -> None:
    path = _grouplinks_path()
    header, rows = _raw_links(path)
    at = {name: i for i, name in enumerate(header)}
    result = GroupLinksReader().read(path)
    members = result.tables[frames.GROUP_MEMBERS]
    groups = result.tables[frames.GROUPS]
    # St Paul's Academy, Greenwich (URN 105135): its sponsor and its single-academy trust.
    raw = [r for r in rows if r[at["URN"]] == "105135"]
    assert [(r[at["Linked UID"]], r[at["Group Type"]], r[at["Joined date"]]) for r in raw] == [
        ("2150", "School sponsor", "01-09-2005"),
        ("4782", "Single-academy trust", "01-09-2005"),
    ]
    assert members.filter(pl.col("urn") == 105135).sort("uid").rows() == [
        (2150, 105135, dt.date(2005, 9, 1)),
        (4782, 105135, dt.date(2005, 9, 1)),
    ]
    trust = group(groups, 4782)
    assert (trust["name"], trust["companies_house_number"], trust["type"], trust["status"]) == (
        "ST PAUL'S ACADEMY LIMITED",
        "05210075",
        "Single-academy trust",
        "Open",
    )
    assert group(groups, 2150)["companies_house_number"] is None  # blank in the file
    hawkins = next(r for r in rows if r[at["Linked UID"]] == "3672")
    assert hawkins[at["Group Name"]] == "LADY HAWKINS\u2019 SCHOOL"  # byte 0x92 in the file
    assert group(groups, 3672)["name"] == "LADY HAWKINS\u2019 SCHOOL"
    tove = group(groups, 16243)
    assert (tove["name"], tove["type"]) == ("TOVE LEARNING TRUST", "Multi-academy trust")


@needs_shared
def test_academies_group_links_next_years_file(tmp_path: Path) -> None:
    """Columns shuffled, 'Group Type' renamed, two columns added, 3 rows of a later year appended."""
    import csv
    import random

    header, rows = _raw_links(_grouplinks_path())
    rows = [[*r, ""] for r in rows]  # as a writer that fills HasSharedHT would
    later = [[str(990000 + i), *r[1:8], "01-09-2020", *r[9:]] for i, r in enumerate(rows[:3])]
    order = list(range(len(header)))
    random.Random(9).shuffle(order)
    names = [{"Group Type": "Group Category"}.get(header[i], header[i]) for i in order]
    path = tmp_path / "grouplinks_edubaseallacademiesandfree20200601.csv"
    with path.open("w", newline="", encoding="cp1252") as handle:
        writer = csv.writer(handle)
        writer.writerow([*names, "Trust region", "Notes"])
        for row in [*rows, *later]:
            writer.writerow([row[i] for i in order] + ["South East", ""])
    result = GroupLinksReader().read(path)
    assert result.rows_read == 14_621 + 3
    assert sorted(result.unknown_columns) == ["Group Category", "Notes", "Trust region"]
    members = result.tables[frames.GROUP_MEMBERS]
    assert members.filter(pl.col("urn") == 990000).rows() == [(2150, 990000, dt.date(2020, 9, 1))]
    groups = result.tables[frames.GROUPS]
    assert group(groups, 4782)["type"] is None  # renamed away: reported, not guessed
    assert group(groups, 4782)["companies_house_number"] == "05210075"


@needs_shared
def test_academies_group_links_a_bad_row_is_left_out_and_counted(tmp_path: Path) -> None:
    import csv

    header, rows = _raw_links(_grouplinks_path())
    rows[99][0] = "URN?"  # spreadsheet row 101
    rows[199][8] = "31-02-2019"  # row 201: no such date
    path = tmp_path / "grouplinks_edubaseallacademiesandfree20190601.csv"
    with path.open("w", newline="", encoding="cp1252") as handle:
        csv.writer(handle).writerows([header, *rows])
    result = GroupLinksReader().read(path)
    assert [(s.row, s.column, s.reason) for s in result.skipped] == [
        (101, "URN", "URN not a whole number: 'URN?'"),
        (201, "Joined date", "joined date not a date: '31-02-2019'"),
    ]
    assert result.tables[frames.GROUP_MEMBERS].height == 14_621 - 2


def test_many_bad_rows_refuse_the_file(tmp_path: Path) -> None:
    text = LINKS.read_text(encoding="cp1252").replace("900002,", "nine,", 1)
    path = tmp_path / "links.csv"
    path.write_text(text, encoding="cp1252")
    with pytest.raises(SourceError) as error:  # 1 of 4 rows: more than 5%
        GroupLinksReader().read(path)
    assert (error.value.row, error.value.column) == (3, "URN")
