"""The networks' templates (network_members, network_activities): recognised by their header,
round-tripped through the demo's writer, bad rows skipped naming file, row and column, copies with
columns reordered, extra columns and annotations read alike, and mangled copies refused in words."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings

from peerlift.demo import networks as demo
from peerlift.demo.careers import write_template
from peerlift.sources import registry
from peerlift.sources.base import SourceError
from tests.mangling import mangled

DATA = Path(__file__).resolve().parents[1] / "data" / "networks"
FILES = {"network_members.csv": "network_members", "network_activities.csv": "network_activities"}
D = dt.date


@pytest.mark.parametrize(("name", "kind"), FILES.items())
def test_recognised_by_header(name: str, kind: str) -> None:
    assert registry.detect(DATA / name).kind == kind


def test_kind_can_be_forced_and_a_wrong_one_refused() -> None:
    assert registry.read(DATA / "network_members.csv", kind="network_members").rows_read == 4
    with pytest.raises(SourceError, match="expected columns"):
        registry.read(DATA / "network_members.csv", kind="network_activities")


def test_members_read_codes_labels_and_both_date_forms() -> None:
    read = registry.read(DATA / "network_members.csv")
    assert read.skipped == []
    assert read.tables["network_members"].rows() == [
        ("North cluster", "cluster", "Headteacher, Alder Primary", 100001, D(2021, 9, 1), None),
        ("North cluster", "cluster", None, 100002, D(2021, 9, 1), D(2025, 1, 15)),
        ("North cluster", "cluster", None, 100002, D(2025, 6, 1), None),
        ("Reading partnership", "ad_hoc", "English lead", 100003, D(2025, 2, 1), None),
    ]


def test_activities_read_kinds_and_levels_in_order() -> None:
    read = registry.read(DATA / "network_activities.csv")
    table = read.tables["network_activities"]
    assert table.select("network", "la_code", "date", "kind", "levels", "row").rows() == [
        ("North cluster", None, D(2024, 10, 10), "meeting", "heads", 2),
        ("North cluster", None, D(2024, 11, 20), "cpd", "heads; senior_leaders", 3),
        ("North cluster", None, D(2025, 2, 5), "peer_review", "heads; senior_leaders; middle_leaders", 4),
        ("Reading partnership", None, D(2025, 5, 14), "joint_practice", "middle_leaders; teachers", 5),
    ]
    assert table["notes"].to_list()[1] == "Shared CPD, on reading"


def test_round_trip_through_the_demo_writer(tmp_path: Path) -> None:
    rows = [
        ["West cluster", "cluster", "Head", 100001, "2021-09-01", "2026-01-09"],
        ["West cluster", "cluster", "Head", 100001, "2026-09-07", ""],
        ["Hub", "careers_hub", "", 100002, "", ""],
    ]
    read = registry.read(write_template(tmp_path / "m.csv", demo.MEMBER_HEADER, rows))
    assert read.tables["network_members"].rows() == [
        ("West cluster", "cluster", "Head", 100001, D(2021, 9, 1), D(2026, 1, 9)),
        ("West cluster", "cluster", "Head", 100001, D(2026, 9, 7), None),
        ("Hub", "careers_hub", None, 100002, None, None),
    ]
    header, example = demo.TEMPLATES["network_activities"]
    path = tmp_path / "a.csv"
    path.write_text(demo.csv_text(header, [example]), encoding="utf-8")
    (row,) = registry.read(path).tables["network_activities"].rows(named=True)
    assert (row["la_code"], row["kind"], row["levels"]) == (999, "meeting", "heads; senior_leaders")


def _members_with(tmp_path: Path, bad: list[object], good: int = 30) -> Path:
    rows: list[list[object]] = [["North", "cluster", "", 100000 + i, "2021-09-01", ""] for i in range(good)]
    rows.insert(5, bad)
    return write_template(tmp_path / "members.csv", demo.MEMBER_HEADER, rows)


@pytest.mark.parametrize(
    ("bad", "column", "said"),
    [
        (["North", "cluster", "", 99, "2021-09-01", ""], "urn", "not a URN"),
        (["", "cluster", "", 100999, "2021-09-01", ""], "network", "the network is blank"),
        (["North", "club", "", 100999, "2021-09-01", ""], "kind", "not a kind of network"),
        (["North", "trust", "", 100999, "2021-09-01", ""], "kind", "GIAS groups"),
        (["North", "cluster", "", 100999, "2021-13-01", ""], "joined_on", "not a date"),
        (["North", "cluster", "", 100999, "2021-09-01", "2021-08-31"], "left_on", "before it joins"),
        (["North", "cluster", "", 100003, "2022-09-01", ""], "joined_on", "already in North"),
    ],
)
def test_a_bad_member_row_is_skipped_naming_row_and_column(
    tmp_path: Path, bad: list[object], column: str, said: str
) -> None:
    read = registry.read(_members_with(tmp_path, bad))
    assert read.rows_read == 31 and read.rows_loaded == 30
    (skip,) = read.skipped
    assert (skip.row, skip.column) == (7, column)  # header row 1, five good rows, then the bad one
    assert said in skip.reason


@pytest.mark.parametrize(
    ("field", "value", "column", "said"),
    [
        ("kind", "picnic", "kind", "not a kind of activity"),
        ("levels", "heads; pupils", "levels", "not a level"),
        ("levels", " ; ", "levels", "blank"),
        ("date", "yesterday", "date", "not a date"),
        ("la", "99", "la", "not an LA code"),
    ],
)
def test_a_bad_activity_row_is_skipped(
    tmp_path: Path, field: str, value: str, column: str, said: str
) -> None:
    good = [["North", "999", f"2025-03-{1 + i % 28:02d}", "meeting", "heads", ""] for i in range(40)]
    bad = ["North", "999", "2025-04-01", "cpd", "teachers", ""]
    bad[demo.ACTIVITY_HEADER.index(field)] = value
    read = registry.read(write_template(tmp_path / "a.csv", demo.ACTIVITY_HEADER, [*good, bad]))
    assert [(s.row, s.column) for s in read.skipped] == [(42, column)]
    assert said in read.skipped[0].reason


def test_too_many_bad_rows_refuse_the_file_naming_the_first(tmp_path: Path) -> None:
    path = _members_with(tmp_path, ["North", "club", "", 100999, "2021-09-01", ""], good=3)
    with pytest.raises(SourceError) as refused:
        registry.read(path)
    assert (refused.value.file, refused.value.row, refused.value.column) == ("members.csv", 5, "kind")


def _rewritten(source: Path, order: list[str], extra: dict[str, str], target: Path) -> Path:
    """The file with its columns in another order and extra columns, as an officer's copy might be."""
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))))
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, [*order, *extra])
        writer.writeheader()
        for row in rows:
            writer.writerow({**{k: row[k] for k in order}, **extra})
    return target


@pytest.mark.parametrize("name", FILES)
def test_reordered_and_extra_columns_read_alike(name: str, tmp_path: Path) -> None:
    original = registry.read(DATA / name)
    columns = list(csv.DictReader((DATA / name).open(encoding="utf-8")).fieldnames or [])
    copy = _rewritten(
        DATA / name, columns[::-1], {"checked by": "JS", "comments": "see email"}, tmp_path / name
    )
    read = registry.read(copy)
    assert read.kind == original.kind and read.unknown_columns == ["checked by", "comments"]
    table = next(iter(read.tables))
    assert (
        read.tables[table].drop("row", strict=False).equals(original.tables[table].drop("row", strict=False))
    )


def test_annotations_above_the_header_and_in_cells(tmp_path: Path) -> None:
    """Title rows above the header, labels written in capitals and padded with spaces, a blank line at
    the end: read as the plain file."""
    text = (
        "Demo City networks: members (return to the school improvement team)\n"
        ",,,,,\n"
        "network,kind,lead,urn,joined_on,left_on\n"
        "  North cluster , CLUSTER ,, 100001 , 2021-09-01 ,\n"
        "North cluster,Cluster,,100002,01/09/2021,\n"
        ",,,,,\n"
    )
    path = tmp_path / "annotated.csv"
    path.write_text(text, encoding="utf-8")
    read = registry.read(path)
    assert read.skipped == []
    assert read.tables["network_members"].select("network", "kind", "urn", "joined_on").rows() == [
        ("North cluster", "cluster", 100001, D(2021, 9, 1)),
        ("North cluster", "cluster", 100002, D(2021, 9, 1)),
    ]


def test_demo_files_read_without_a_skipped_row(tmp_path: Path) -> None:
    import numpy as np

    from peerlift.demo import register

    world = register.build(np.random.default_rng(0), False)
    for path in demo.write(tmp_path, np.random.default_rng(16), world):
        read = registry.read(path)
        assert read.skipped == [] and read.rows_read > 0, path.name


@pytest.mark.parametrize("name", FILES)
def test_mangled_copies(name: str, tmp_path: Path) -> None:
    original = (DATA / name).read_bytes()

    @settings(max_examples=60, deadline=None)
    @given(data=mangled(original))
    def check(data: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(data)
        try:
            result = registry.read(path, kind=FILES[name])
        except SourceError as error:
            assert error.file == name and error.message
        else:
            assert result.rows_loaded <= result.rows_read

    check()
