"""Importing the real EES files into the register: cohort context and the Progress 8 band (a label)
reach the tables, and importing the same bytes again changes nothing.

Expected values are read from the raw CSV with the csv module inside each test.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from peerlift.store import imports, queries
from peerlift.store.models import AreaMeasure, SchoolMeasure

pytestmark = pytest.mark.django_db

SCHOOL_INFO = Path("performance_tables/ees_ks4_2023-24/ks4_school_info_2024_first_1000_rows.csv")
RURALITY = Path(
    "performance_tables/ees_ks4_2024-25_national_regional/ks4_rurality_idaci_202425_provisional.csv"
)


def _raw(path: Path, urn: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["school_urn"] == urn)


def test_school_information_reaches_the_register_with_its_band(shared_data: Path) -> None:
    path = shared_data / SCHOOL_INFO
    imports.import_file(path)
    raw = _raw(path, "137181")  # The UCL Academy
    band = SchoolMeasure.objects.get(urn=137181, year=2024, measure="progress8_band")
    assert (band.value, band.missing, band.text) == (None, "", raw["p8_banding"])
    prior = SchoolMeasure.objects.get(urn=137181, year=2024, measure="ks4_prior_attainment")
    assert (prior.value, prior.text) == (float(raw["avg_ks2_scaledscore"]), "")
    independent = SchoolMeasure.objects.get(urn=100544, year=2024, measure="progress8_band")
    assert (independent.value, independent.missing, independent.text) == (None, "z", "")
    shown = {m["measure"]: m for m in queries.measures_of(137181)}
    assert shown["progress8_band"]["text"] == "Average"
    assert SchoolMeasure.objects.count() == 13_000
    imports.import_file(path)
    assert SchoolMeasure.objects.count() == 13_000


def test_rurality_file_loads_one_headline_per_area_and_year(shared_data: Path) -> None:
    imports.import_file(shared_data / RURALITY)
    assert AreaMeasure.objects.count() == 12 * 7 * 10
    assert AreaMeasure.objects.filter(area_type="region", area_code="E13000001", year=2025).count() == 10
