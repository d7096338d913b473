"""The LA's own templates (gatsby_benchmarks, governor_training, aspiration_events): recognised by
their header, round-tripped through the demo's writer, bad rows skipped (or, when too many, the file
refused) naming file, row and column, and mangled copies refused in words, never with a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings

from peerlift.demo import careers as demo
from peerlift.sources import registry
from peerlift.sources.base import SourceError
from tests.mangling import mangled

DATA = Path(__file__).resolve().parents[1] / "data" / "careers"
FILES = {
    "gatsby_2024.csv": "gatsby_benchmarks",
    "governor_training.csv": "governor_training",
    "aspiration_events.csv": "aspiration_events",
}


@pytest.mark.parametrize(("name", "kind"), FILES.items())
def test_recognised_by_header(name: str, kind: str) -> None:
    assert registry.detect(DATA / name).kind == kind


def test_kind_can_be_forced_and_a_wrong_one_refused(tmp_path: Path) -> None:
    assert registry.read(DATA / "gatsby_2024.csv", kind="gatsby_benchmarks").rows_read == 10
    with pytest.raises(SourceError, match="expected columns"):
        registry.read(DATA / "gatsby_2024.csv", kind="governor_training")


def test_gatsby_round_trip(tmp_path: Path) -> None:
    rows = [
        [100001, "2023/24", 100, 100, 85, 100, 100, 40, 100, 100, "yes"],
        [100002, "2024", 100, None, 100, 100, 100, 100, 100, 100, "no"],
    ]
    path = demo.write_template(tmp_path / "g.csv", demo.GATSBY_HEADER, rows)
    read = registry.read(path)
    assert read.kind == "gatsby_benchmarks" and read.year == 2024
    assert read.tables["gatsby_results"].rows() == [
        (100001, 2024, 100.0, 100.0, 85.0, 100.0, 100.0, 40.0, 100.0, 100.0, True),
        (100002, 2024, 100.0, None, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, False),
    ]


def test_training_round_trip(tmp_path: Path) -> None:
    rows = [
        ["Using data", "2026-01-15", "NGA", "use of performance data", 100001, "Chair of governors"],
        ["Using data", "15/01/2026", "NGA", "use of performance data", 100002, "Ann Patel, Vice-chair"],
    ]
    read = registry.read(demo.write_template(tmp_path / "t.csv", demo.TRAINING_HEADER, rows))
    assert read.tables["governor_training"].rows() == [
        ("Using data", dt.date(2026, 1, 15), "NGA", "use of performance data", 100001, "Chair of governors"),
        (
            "Using data",
            dt.date(2026, 1, 15),
            "NGA",
            "use of performance data",
            100002,
            "Ann Patel, Vice-chair",
        ),
    ]


def test_events_round_trip_one_row_per_school(tmp_path: Path) -> None:
    read = registry.read(DATA / "aspiration_events.csv")
    assert read.rows_read == 3  # three events
    table = read.tables["aspiration_events"]
    assert table.height == 6  # 3 + 2 + 1 schools
    first = table.row(0, named=True)
    assert first["hosts"] == "Demo City Council; Demo Careers Hub"
    assert (first["volunteers"], first["children_reached"]) == (120, 1850)
    assert first["feedback"] == 'Children said they had "never met an engineer before"'
    assert table.filter(table["event_name"] == "Careers fair")["end_date"].to_list() == [None]


def _gatsby_with(tmp_path: Path, bad: list[object], good: int = 30) -> Path:
    rows: list[list[object]] = [[100000 + i, 2024, *[100] * 8, "yes"] for i in range(good)]
    rows.insert(5, bad)
    return demo.write_template(tmp_path / "gatsby.csv", demo.GATSBY_HEADER, rows)


@pytest.mark.parametrize(
    ("bad", "column", "said"),
    [
        ([99, 2024, *[100] * 8, "yes"], "urn", "not a URN"),
        ([100999, "24", *[100] * 8, "yes"], "year", "not a school year"),
        ([100999, 2024, 100, 101, *[100] * 6, "yes"], "gb2", "from 0 to 100"),
        ([100999, 2024, *[100] * 7, "lots", "yes"], "gb8", "not a percentage"),
        ([100999, 2024, *[100] * 8, "maybe"], "careers_hub", "neither yes nor no"),
    ],
)
def test_a_bad_row_is_skipped_naming_row_and_column(
    tmp_path: Path, bad: list[object], column: str, said: str
) -> None:
    read = registry.read(_gatsby_with(tmp_path, bad))
    assert read.rows_read == 31 and read.rows_loaded == 30
    (skip,) = read.skipped
    assert (skip.row, skip.column) == (7, column)  # header row 1, five good rows, then the bad one
    assert said in skip.reason


def test_too_many_bad_rows_refuse_the_file_naming_the_first(tmp_path: Path) -> None:
    path = _gatsby_with(tmp_path, [100999, 2024, *[100] * 8, "maybe"], good=3)
    with pytest.raises(SourceError) as refused:
        registry.read(path)
    assert (refused.value.file, refused.value.row, refused.value.column) == (
        "gatsby.csv",
        5,
        "careers_hub",
    )  # after the three good rows


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (["Using data", "31/02/2026", "NGA", "", 100001, "Chair"], "course_date"),
        (["Using data", "2026-01-15", "NGA", "", 100001, ""], "governor"),
        (["", "2026-01-15", "NGA", "", 100001, "Chair"], "course_title"),
    ],
)
def test_training_bad_rows(tmp_path: Path, row: list[object], column: str) -> None:
    good = [["Using data", "2026-01-15", "NGA", "", 100001 + i, "Chair"] for i in range(40)]
    read = registry.read(demo.write_template(tmp_path / "t.csv", demo.TRAINING_HEADER, [row, *good]))
    assert [(s.row, s.column) for s in read.skipped] == [(2, column)]


@pytest.mark.parametrize(
    ("field", "value", "column"),
    [
        ("schools", "100001;12", "schools"),
        ("end_date", "2025-03-01", "end_date"),
        ("children_reached", "many", "children_reached"),
        ("volunteers", "-3", "volunteers"),
    ],
)
def test_event_bad_rows(tmp_path: Path, field: str, value: str, column: str) -> None:
    good = [["Week", f"2025-03-{1 + i % 28:02d}", "", "", 1, "100001", 10 + i, ""] for i in range(40)]
    bad = ["Week", "2025-03-10", "", "Hosts", 10, "100001;100002", 500, ""]
    bad[demo.EVENT_HEADER.index(field)] = value
    read = registry.read(demo.write_template(tmp_path / "e.csv", demo.EVENT_HEADER, [*good, bad]))
    assert [(s.row, s.column) for s in read.skipped] == [(42, column)]


def test_demo_files_read_without_a_skipped_row(tmp_path: Path) -> None:
    import numpy as np

    from peerlift.demo import register

    world = register.build(np.random.default_rng(0), False)
    for path in demo.write(tmp_path, np.random.default_rng(15), world):
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
