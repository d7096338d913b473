"""Loading the LA's templates: an LA's import writes only its own schools' rows; the same bytes again
change nothing; a later file replaces a school's year and an event's schools; a file that fails
leaves the register as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlift.sources.base import SourceError
from peerlift.store import imports
from peerlift.store.models import (
    AspirationEvent,
    Establishment,
    GatsbyResult,
    Import,
    TrainingAttendance,
    TrainingCourse,
)
from peerlift.store.rights import Rights

pytestmark = pytest.mark.django_db
HEADER = "urn,year,gb1,gb2,gb3,gb4,gb5,gb6,gb7,gb8,careers_hub\n"


@pytest.fixture(autouse=True)
def schools() -> None:
    for urn, la in ((100001, 999), (100002, 999), (200001, 331)):
        Establishment.objects.create(urn=urn, la_code=la, name=f"School {urn}")


def test_an_la_writes_its_own_schools_results_only(tmp_path: Path) -> None:
    path = tmp_path / "gatsby.csv"
    path.write_text(
        HEADER + "100001,2025,100,100,100,100,100,100,100,100,yes\n200001,2025,0,0,0,0,0,0,0,0,no\n"
    )
    outcome = imports.import_file(path, rights=Rights(999), user="officer")
    assert list(GatsbyResult.objects.values_list("urn", flat=True)) == [100001]
    assert outcome.record.counts["refused"] == [
        {"table": "gatsby_results", "la": 331, "rows": 1, "urns": [200001]}
    ]


def test_a_later_file_replaces_the_year_and_the_same_bytes_change_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + "100001,2025,100,50,100,100,100,100,100,100,yes\n")
    second.write_text(HEADER + "100001,2024/25,100,100,100,100,100,100,100,100,\n")
    imports.import_file(first)
    assert imports.import_file(first).unchanged
    imports.import_file(second)
    result = GatsbyResult.objects.get()
    assert (result.gb2, result.careers_hub, result.source_id) == (
        100.0,
        None,
        Import.objects.get(file_name="b.csv").pk,
    )


def test_training_and_events_load_and_reload(tmp_path: Path) -> None:
    training = tmp_path / "t.csv"
    training.write_text(
        "course_title,course_date,provider,topic,urn,governor\n"
        "Data,2026-01-15,NGA,data,100001,Chair\nData,2026-01-15,NGA,data,100002,Chair\n"
        "Data,2026-01-15,NGA,data,100002,Chair\n"  # the same attendance twice: one record
    )
    imports.import_file(training)
    course = TrainingCourse.objects.get()
    assert (course.la_code, TrainingAttendance.objects.count()) == (999, 2)
    events = tmp_path / "e.csv"
    events.write_text(
        "event_name,start_date,end_date,hosts,volunteers,schools,children_reached,feedback\n"
        "Week,2026-03-09,,Council,10,100001;100002;200001,500,\n"
    )
    imports.import_file(events)
    event = AspirationEvent.objects.get()
    assert (event.la_code, sorted(event.schools.values_list("urn", flat=True))) == (
        999,
        [100001, 100002, 200001],
    )
    events.write_text(events.read_text().replace("100001;100002;200001,500", "100002,650"))
    imports.import_file(events)
    event.refresh_from_db()
    assert (event.children_reached, list(event.schools.values_list("urn", flat=True))) == (650, [100002])


def test_a_refused_file_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "gatsby.csv"
    path.write_text(
        HEADER
        + "100001,2025,100,100,100,100,100,100,100,100,yes\n"
        + "100002,2025,100,100,100,100,100,100,100,100,perhaps\n"
    )
    with pytest.raises(SourceError) as refused:
        imports.import_file(path)
    assert (refused.value.row, refused.value.column) == (3, "careers_hub")
    assert not GatsbyResult.objects.exists()
    assert Import.objects.get().status == "failed"
