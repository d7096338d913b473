"""Loaders: what the store makes of frames from different files that describe the same things."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from peerlift.sources import frames
from peerlift.store import loading
from peerlift.store.models import Import, Inspection, Judgement

pytestmark = pytest.mark.django_db


def _import(name: str) -> Import:
    return Import.objects.create(file_name=name, sha256=name, kind="test", status="loaded", loaded_by="t")


def _inspection(key: str, start: dt.date, number: str | None) -> pl.DataFrame:
    return frames.conform(
        frames.INSPECTIONS,
        pl.DataFrame(
            {
                "urn": [100001],
                "inspection_key": [key],
                "inspection_number": [number],
                "framework": ["graded"],
                "inspection_type": ["graded"],
                "start_date": [start],
            }
        ),
    )


def _grades(key: str, grades: dict[str, str]) -> pl.DataFrame:
    return frames.conform(
        frames.JUDGEMENTS,
        pl.DataFrame(
            {
                "urn": [100001] * len(grades),
                "inspection_key": [key] * len(grades),
                "area": list(grades),
                "grade": list(grades.values()),
            }
        ),
    )


def _judgements() -> dict[str, str]:
    return dict(Judgement.objects.values_list("area", "grade"))


def test_a_dated_record_then_a_numbered_one_are_one_inspection() -> None:
    """The performance-tables file gives a date and an overall grade; Ofsted's MI the number and more."""
    day = dt.date(2019, 10, 2)
    loading.load_inspections(
        _inspection("date:2019-10-02", day, None),
        _grades("date:2019-10-02", {"overall_effectiveness": "2"}),
        _import("a"),
    )
    loading.load_inspections(
        _inspection("10111111", day, "10111111"),
        _grades("10111111", {"overall_effectiveness": "2", "quality_of_education": "2"}),
        _import("b"),
    )
    assert list(Inspection.objects.values_list("inspection_key", "inspection_number")) == [
        ("10111111", "10111111")
    ]
    assert _judgements() == {"overall_effectiveness": "2", "quality_of_education": "2"}


def test_a_numbered_record_then_a_dated_one_are_one_inspection() -> None:
    day = dt.date(2019, 10, 2)
    loading.load_inspections(
        _inspection("10111111", day, "10111111"),
        _grades("10111111", {"overall_effectiveness": "3", "quality_of_education": "3"}),
        _import("b"),
    )
    loading.load_inspections(
        _inspection("date:2019-10-02", day, None),
        _grades("date:2019-10-02", {"overall_effectiveness": "3"}),
        _import("a"),
    )
    inspection = Inspection.objects.get()
    assert (inspection.inspection_key, inspection.inspection_number) == ("10111111", "10111111")
    assert _judgements() == {"overall_effectiveness": "3", "quality_of_education": "3"}


def test_inspections_on_other_days_stay_apart() -> None:
    loading.load_inspections(
        _inspection("date:2019-10-02", dt.date(2019, 10, 2), None),
        frames.empty(frames.JUDGEMENTS),
        _import("a"),
    )
    loading.load_inspections(
        _inspection("10111111", dt.date(2023, 1, 5), "10111111"),
        frames.empty(frames.JUDGEMENTS),
        _import("b"),
    )
    assert Inspection.objects.count() == 2
