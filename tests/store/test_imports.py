"""Importing real published files into the register: provenance, idempotency, one transaction.

Expected values are read from the files themselves (see the comments), not from peerlift's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import DataError

from peerlift.sources.base import SourceError
from peerlift.store import imports, loading, queries
from peerlift.store.models import (
    Establishment,
    EstablishmentChange,
    EstablishmentLink,
    Group,
    GroupMember,
    Import,
    Inspection,
    Judgement,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Establishment.objects.count(),
        EstablishmentLink.objects.count(),
        Inspection.objects.count(),
        Judgement.objects.count(),
    )


def test_gias_extract_loads_with_provenance(shared_data: Path) -> None:
    path = shared_data / "gias" / "20220420_gias.csv"
    outcome = imports.import_file(path, user="tester")
    record = outcome.record
    assert record.status == Import.Status.LOADED
    assert record.kind == "gias_establishments"
    assert record.rows_read == 1096
    assert record.loaded_by == "tester"
    assert len(record.sha256) == 64
    assert record.counts["establishments"] == 1096
    assert Establishment.objects.count() == 1096
    # A row of the file, read by eye: URN 115961 is in Hampshire (850).
    assert Establishment.objects.filter(la_code=850).count() == 520
    assert Establishment.objects.filter(la_code=936).count() == 576


def test_same_file_again_changes_nothing(shared_data: Path) -> None:
    path = shared_data / "gias" / "edubasealldata20181029_20.csv"
    first = imports.import_file(path)
    before = _counts()
    again = imports.import_file(path)
    assert again.unchanged
    assert again.record.pk == first.record.pk
    assert _counts() == before
    assert Import.objects.count() == 1


def test_later_extract_updates_and_keeps_history(shared_data: Path, tmp_path: Path) -> None:
    original = shared_data / "gias" / "edubasealldata20181029_20.csv"
    imports.import_file(original)
    school = Establishment.objects.get(urn=100000)
    later = tmp_path / "edubasealldata20190401.csv"
    text = original.read_bytes().decode("cp1252")
    later.write_bytes(text.replace(school.name, "The Renamed School", 1).encode("cp1252"))
    imports.import_file(later)
    assert Establishment.objects.get(urn=100000).name == "The Renamed School"
    change = EstablishmentChange.objects.get(urn=100000, field="name")
    assert (change.old, change.new) == (school.name, "The Renamed School")
    assert str(change.new_extract_date) == "2019-04-01"
    # The older extract loaded afterwards does not roll the name back.
    older = tmp_path / "edubasealldata20170101.csv"
    older.write_bytes(text.replace(school.name, "The Old Name", 1).encode("cp1252"))
    outcome = imports.import_file(older)
    assert not outcome.unchanged
    assert Establishment.objects.get(urn=100000).name == "The Renamed School"
    assert outcome.record.counts["establishments"] == 0
    assert "20 establishments left as a later extract already describes them" in outcome.record.notes


def test_bad_file_is_refused_and_recorded_without_touching_the_register(
    shared_data: Path, tmp_path: Path
) -> None:
    imports.import_file(shared_data / "gias" / "edubasealldata20181029_20.csv")
    before = _counts()
    bad = tmp_path / "edubasealldata20200101.csv"
    lines = (shared_data / "gias" / "edubasealldata20181029_20.csv").read_bytes().split(b"\n")
    lines[5] = lines[5].replace(b"100004,", b'"=HYPERLINK(""http://x"")",', 1)
    bad.write_bytes(b"\n".join(lines))
    with pytest.raises(SourceError) as raised:
        imports.import_file(bad)
    assert raised.value.row == 6
    assert raised.value.column == "URN"
    assert _counts() == before
    failed = Import.objects.get(status=Import.Status.FAILED)
    assert failed.file_name == bad.name
    assert "row 6" in failed.error


def test_failure_while_writing_rolls_back_everything(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the load fails after the inspections and judgements were written."""
    real = loading.load_inspections
    written: list[int] = []

    def broken(*args: Any) -> tuple[int, int]:
        real(*args)
        written.append(Inspection.objects.count())
        raise RuntimeError("disk full")

    monkeypatch.setattr(loading, "load_inspections", broken)
    before = _counts()
    with pytest.raises(RuntimeError):
        imports.import_file(shared_data / "ofsted" / "ofsted_mi_2026_report_cards_first_rows.csv")
    assert written and written[0] > before[2]  # rows were written inside the transaction...
    assert _counts() == before  # ...and none of them is left
    assert Import.objects.filter(status=Import.Status.LOADED).count() == 0
    assert Import.objects.get(status=Import.Status.FAILED).error == "disk full"


def test_ofsted_mi_round_trip(shared_data: Path) -> None:
    imports.import_file(shared_data / "ofsted" / "ofsted_mi_2026_report_cards_first_rows.csv")
    # 546 rows: 26 report-card, 306 OEIF graded and 315 ungraded inspections (SOURCES.md section 5).
    assert Inspection.objects.filter(framework="report_card").count() == 26
    assert Inspection.objects.filter(framework__in=["graded", "graded_2024"]).count() == 306
    assert Inspection.objects.filter(framework="ungraded").count() == 315
    # No OEIF inspection from September 2024 on has an overall grade.
    assert not Judgement.objects.filter(
        inspection__start_date__gte="2024-09-01", area="overall_effectiveness"
    ).exists()


def test_links_give_lineage(shared_data: Path) -> None:
    imports.import_file(shared_data / "gias" / "links_edubasealldata20250422.csv")
    assert EstablishmentLink.objects.count() == 33801
    # The file's rows 100023 -> 100024 "Torriano Infant School" "Predecessor" (15-09-2015) and
    # 100024 -> 100023 "Successor": the infant school became Torriano Primary School.
    assert queries.school_lineage(100023) == [100024, 100023]
    assert queries.school_lineage(100024) == [100024, 100023]


@pytest.mark.django_db(transaction=True)  # the next file is read on another thread
def test_import_files_in_order_reading_ahead(shared_data: Path, tmp_path: Path) -> None:
    gias = shared_data / "gias"
    odd = tmp_path / "prices.csv"
    odd.write_text("item;price\neggs;2\n")
    truncated = tmp_path / "links_edubasealldata20250422.csv"
    truncated.write_bytes((gias / "links_edubasealldata20250422.csv").read_bytes()[:5000])
    earlier = imports.import_file(gias / "edubasealldata20181029_20.csv").record
    paths = [
        gias / "edubasealldata20181029_20.csv",  # imported before: not read again
        gias / "20220420_gias.csv",
        odd,  # not a kind peerlift reads
        gias / "20220420_gias.csv",  # the same bytes twice in one call
        truncated,  # recognised, then refused by its reader
        gias / "links_edubasealldata20250422.csv",
    ]
    results = list(imports.import_files(paths, user="tester"))
    assert [path for path, _ in results] == paths
    first, search, unknown, again, cut, links = (outcome for _, outcome in results)
    assert isinstance(first, imports.Outcome) and first.unchanged and first.record.pk == earlier.pk
    assert isinstance(search, imports.Outcome) and search.record.rows_read == 1096
    assert isinstance(unknown, SourceError) and "does not recognise" in str(unknown)
    assert isinstance(again, imports.Outcome) and again.unchanged and again.record.pk == search.record.pk
    assert isinstance(cut, SourceError) and cut.row is not None
    # 33,802 lines (no final line feed) less the header
    assert isinstance(links, imports.Outcome) and links.record.rows_read == 33801
    statuses = Import.objects.order_by("id").values_list("file_name", "status")
    assert [s for _, s in statuses].count(Import.Status.FAILED) == 2
    assert Establishment.objects.count() == 20 + 1096


def test_groups_then_links_keep_what_only_the_groups_file_says() -> None:
    fixtures = Path(__file__).resolve().parents[1] / "data" / "gias"
    imports.import_file(fixtures / "allgroupsdata_handmade.csv")
    imports.import_file(fixtures / "allgrouplinksdata_handmade.csv")
    rise = Group.objects.get(uid=3722)
    # The links file has no UKPRN, town or postcode: the groups file's stay.
    assert (rise.name, rise.ukprn, rise.town, rise.postcode) == (
        "RISE MULTI ACADEMY TRUST",
        10059914,
        "Syston",
        "LE7 1HR",
    )
    assert Group.objects.count() == 7
    assert GroupMember.objects.count() == 4
    groups = queries.groups_of(900002)
    assert [(g["uid"], g["type"], g["joined_date"]) for g in sorted(groups, key=lambda g: g["uid"])] == [
        (3722, "Multi-academy trust", "2016-04-01"),
        (3723, "School sponsor", "2016-04-01"),
    ]


def test_a_value_the_database_refuses_is_a_clear_failure_and_the_next_file_still_loads(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the database refuses a row (as PostgreSQL does a value too long for a column)."""

    def refused(*args: Any) -> int:
        raise DataError("value too long for type character varying(60)\nCONTEXT:  COPY staging, line 3")

    monkeypatch.setattr(loading, "load_links", refused)
    links = shared_data / "gias" / "links_edubasealldata20250422.csv"
    extract = shared_data / "gias" / "edubasealldata20181029_20.csv"
    (_, first), (_, second) = imports.import_files([links, extract])
    assert isinstance(first, SourceError)
    assert str(first) == (
        f"{links.name}: the database refused what the file holds: "
        "value too long for type character varying(60)"
    )
    assert isinstance(second, imports.Outcome) and second.record.rows_read == 20
    assert EstablishmentLink.objects.count() == 0
    assert Import.objects.get(status=Import.Status.FAILED).error == str(first)


def test_a_school_that_moves_trust_leaves_the_old_one(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "data" / "gias"
    links = fixtures / "allgrouplinksdata_handmade.csv"
    imports.import_file(links)
    # A later file: URN 900001 has moved from RISE (3722) to LORDSWOOD (3788); the file is cut before
    # 900003's row (a school it does not list keeps its trust) and 900002's row in the sponsor (3723).
    later = tmp_path / "allgrouplinksdata_later.csv"
    later.write_bytes(
        links.read_bytes().replace(b"900001,3722,", b"900001,3788,", 1).split(b"\r\n900003,")[0]
    )
    imports.import_file(later)
    members = sorted(GroupMember.objects.values_list("uid", "urn"))
    assert members == [(3722, 900002), (3788, 900001), (3788, 900003)]


def _gias_2021_of_surrey(shared_data: Path, folder: Path) -> Path:
    """Surrey's rows of the real 20 Apr 2022 search download as a 2021 download saved without a date
    in its name: every LastChangedDate after 22-04-2021 set back to it, and URN 124937's pupils 209
    (its 2022 value is 200). Fields are split with the csv module, as GIAS quotes them."""
    import csv
    import io

    source = io.StringIO((shared_data / "gias" / "20220420_gias.csv").read_bytes().decode("cp1252"))
    rows = list(csv.reader(source))
    header = rows[0]
    la, changed, pupils, urn = (
        header.index(c) for c in ("LA (code)", "LastChangedDate", "NumberOfPupils", "URN")
    )
    floor = dt.date(2021, 4, 22)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        if row[la] != "936":
            continue
        if row[changed] and dt.datetime.strptime(row[changed], "%d-%m-%Y").date() > floor:
            row[changed] = "22-04-2021"
        if row[urn] == "124937":
            row[pupils] = "209"
        writer.writerow(row)
    path = folder / "2021_936_gias.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


def test_an_undated_older_download_never_rolls_the_register_back(shared_data: Path, tmp_path: Path) -> None:
    """The issue's story: the dated 2022 extract, then a 2021 download renamed without a date."""
    imports.import_file(shared_data / "gias" / "20220420_gias.csv")
    older = imports.import_file(_gias_2021_of_surrey(shared_data, tmp_path)).record
    school = Establishment.objects.get(urn=124937)
    assert (school.pupils, str(school.extract_date)) == (200, "2022-04-20")
    assert (str(older.as_of), older.as_of_source) == ("2021-04-22", "content")
    history = EstablishmentChange.objects.get(urn=124937, field="pupils")
    assert (history.old, history.new) == ("209", "200")
    assert (str(history.old_extract_date), str(history.new_extract_date)) == ("2021-04-22", "2022-04-20")


def test_date_option_dates_an_undated_download(shared_data: Path, tmp_path: Path) -> None:
    imports.import_file(shared_data / "gias" / "20220420_gias.csv")
    path = _gias_2021_of_surrey(shared_data, tmp_path)
    newer = imports.import_file(path, date=dt.date(2022, 9, 1)).record  # as if it were a later one
    assert (str(newer.as_of), newer.as_of_source) == ("2022-09-01", "--date")
    assert Establishment.objects.get(urn=124937).pupils == 209
