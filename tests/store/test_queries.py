"""queries' LA figures and measure names (the one place the LA page, the compare form and the
`measures` command read them), on a hand-made register."""

from __future__ import annotations

import pytest

from peerlift.store import queries
from peerlift.store.models import AreaMeasure, LocalAuthority

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    LocalAuthority.objects.create(code=331, name="Coventry", region_code="E12000005", region="West Midlands")
    rows = [
        ("la", "331", 2023, "ks2_rwm_expected", 56.0, ""),
        ("la", "331", 2024, "ks2_rwm_expected", 55.0, ""),
        ("la", "331", 2024, "SEN_TotStat", None, "c"),  # only ever suppressed
        ("region", "E12000005", 2024, "ks2_rwm_expected", 59.0, ""),
        ("england", "E92000001", 2024, "ks2_rwm_expected", 60.0, ""),
        ("la", "332", 2024, "attainment8", 44.0, ""),  # another LA's
    ]
    for area_type, code, year, measure, value, missing in rows:
        AreaMeasure.objects.create(
            area_type=area_type, area_code=code, year=year, measure=measure, value=value, missing=missing
        )


def test_measure_names_with_and_without_a_published_figure(figures: None) -> None:
    assert queries.la_measure_names(331) == ["SEN_TotStat", "ks2_rwm_expected"]
    assert queries.la_measure_names(331, published_only=True) == ["ks2_rwm_expected"]
    assert queries.la_measure_names(999) == []


def test_la_figures_beside_region_and_england(figures: None) -> None:
    rows = queries.la_figures(331, ["ks2_rwm_expected"])
    assert [(r["year"], r["value"], r["region"], r["england"]) for r in rows] == [
        (2023, 56.0, None, None),
        (2024, 55.0, 59.0, 60.0),
    ]
    assert rows[1]["region_code"] == "E12000005" and rows[1]["missing"] is None
    suppressed = queries.la_figures(331, ["SEN_TotStat"])
    assert [(r["value"], r["missing"]) for r in suppressed] == [(None, "c")]
