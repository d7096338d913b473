"""The school page: the school against its LA and England on its headline measures (table and chart),
and its links to Ofsted, GIAS and the DfE's performance pages, built from the URN."""

from __future__ import annotations

import pytest

from peerlift.store.models import AreaMeasure, SchoolMeasure

from .conftest import ELSEWHERE, OWN

pytestmark = pytest.mark.django_db


def test_the_school_against_its_la_and_england(register, as_role) -> None:
    # the fixture: KS2 RWM expected 71 (2019), suppressed (2022), 64 (2023); LA 999 58, England 59 in 2023
    SchoolMeasure.objects.create(urn=OWN, year=2023, measure="ks2_maths_progress", value=1.234)
    AreaMeasure.objects.create(
        area_type="england", area_code="E92000001", year=2023, measure="ks2_maths_progress", value=0.0
    )
    page = as_role("member").get(f"/schools/{OWN}.json").json()
    rows = {r["label"]: r for r in page["tables"]["against"]["rows"]}
    rwm = rows["KS2 % expected standard in reading, writing and maths"]
    assert (rwm["year"], rwm["school"], rwm["la"], rwm["england"]) == (2023, 64.0, 58.0, 59.0)
    maths = rows["KS2 maths progress score"]
    assert (maths["school"], maths["la"], maths["england"]) == (1.234, None, 0.0)  # no LA figure held
    html = as_role("member").get(f"/schools/{OWN}").content.decode()
    assert "Against its LA and England" in html and 'src="data:image/svg+xml;base64,' in html
    assert "No figure held" in html
    assert ">1.2<" in html and "2022/23" in html  # the measure's one decimal place, not the stored 1.234


def test_a_school_with_no_headline_figures_says_so_and_draws_no_chart(register, as_role) -> None:
    html = as_role("member").get(f"/schools/{ELSEWHERE}").content.decode()
    assert "The register holds no headline figures for this school." in html
    assert "data:image/svg+xml" not in html


def test_links_to_the_school_elsewhere_are_built_from_its_urn(register, as_role) -> None:
    html = as_role("member").get(f"/schools/{OWN}").content.decode()
    assert f'href="https://reports.ofsted.gov.uk/provider/21/{OWN}"' in html
    assert (
        f'href="https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/{OWN}"'
        in html
    )
    assert f'href="https://www.compare-school-performance.service.gov.uk/school/{OWN}"' in html
