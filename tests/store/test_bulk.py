"""The bulk writer on both databases: what goes in comes back, nulls stay apart from empty text.

SQLite is written with executemany and PostgreSQL with COPY as CSV, where NULL and '' differ only
in quoting; these rows carry every kind of value an import writes.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from peerlift.store import bulk
from peerlift.store.models import Establishment, EstablishmentChange

pytestmark = pytest.mark.django_db

AWKWARD = 'St Mary\'s "Upper", Lower\nSchool \\ é'


def establishments(**overrides: list[object]) -> pl.DataFrame:
    columns: dict[str, list[object]] = {
        "urn": [100001, 100002, 100001],
        "name": ["First name", AWKWARD, "Second name"],
        "trust": ["", "A Trust", ""],
        "fsm_pct": [0.1 + 0.2, None, 12.5],
        "pupils": [None, 0, 250],
        "open_date": [dt.date(2012, 9, 1), None, dt.date(2013, 1, 2)],
        "record": ['["100001", ""]', '["100002", "a \\"quoted\\" value"]', '["100001", "again"]'],
    }
    frame = pl.DataFrame({**columns, **overrides}, schema_overrides={"open_date": pl.Date})
    return frame.with_columns(pl.lit("").alias(name) for name in _other_text_fields(frame))


def _other_text_fields(frame: pl.DataFrame) -> list[str]:
    """Text columns the frame leaves out: Django keeps '' in them, never NULL."""
    fields = Establishment._meta.get_fields()
    text = [f.name for f in fields if f.get_internal_type() in {"CharField", "TextField"}]
    return [name for name in text if name not in frame.columns]


def test_upsert_round_trip_keeps_values_nulls_and_empty_text() -> None:
    written = bulk.upsert(Establishment, establishments(), unique=["urn"])
    assert written == 3
    first, second = Establishment.objects.order_by("urn")
    # Of the two rows for URN 100001, the last wins.
    assert (first.name, first.fsm_pct, first.pupils) == ("Second name", 12.5, 250)
    assert first.open_date == dt.date(2013, 1, 2)
    assert first.record == ["100001", "again"]
    assert second.name == AWKWARD
    assert (second.fsm_pct, second.pupils, second.open_date) == (None, 0, None)
    assert second.trust == "A Trust"
    assert second.record == ["100002", 'a "quoted" value']
    assert Establishment.objects.filter(fsm_pct__isnull=True).count() == 1
    assert Establishment.objects.filter(trust="").count() == 1


def test_upsert_updates_and_keeps_what_a_blank_or_null_would_wipe() -> None:
    bulk.upsert(Establishment, establishments(), unique=["urn"])
    later = establishments(
        urn=[100002],
        name=["Renamed"],
        trust=[""],
        fsm_pct=[3.0],
        pupils=[None],
        open_date=[None],
        record=["[]"],
    )
    bulk.upsert(Establishment, later, unique=["urn"], keep_when_blank=True)
    school = Establishment.objects.get(urn=100002)
    assert (school.name, school.trust, school.fsm_pct, school.record) == ("Renamed", "A Trust", 3.0, [])
    assert school.pupils == 0  # a null keeps the number another file gave
    assert Establishment.objects.count() == 2


def test_insert_round_trip() -> None:
    changes = pl.DataFrame(
        {
            "urn": [100001, 100001],
            "field": ["name", "trust"],
            "old": ["", AWKWARD],
            "new": ["New", ""],
            "old_extract_date": [None, dt.date(2020, 1, 1)],
        },
        schema_overrides={"old_extract_date": pl.Date},
    )
    assert bulk.insert(EstablishmentChange, changes) == 2
    stored = list(EstablishmentChange.objects.order_by("field").values_list("old", "new", "old_extract_date"))
    assert stored == [("", "New", None), (AWKWARD, "", dt.date(2020, 1, 1))]
