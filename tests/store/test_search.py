"""School search in SQL: case, punctuation and apostrophes ignored; by name, town, postcode and URN,
including a URN the register knows only from an Ofsted file. Runs on SQLite and (with DATABASE_URL)
on PostgreSQL, since the normalising is done by the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlift.store import access, imports
from peerlift.store.access import SchoolSearch
from peerlift.store.models import Establishment

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
SLICE = DATA / "gias" / "20220420_gias_slice.csv"  # 5 real Hampshire and Surrey rows of 20 April 2022
OFSTED = DATA / "ofsted" / "mi_as_at_31_march_2025_handmade.csv"


def _urns(text: str, **filters: object) -> list[int]:
    return [row["urn"] for row in access.search_schools(SchoolSearch(text=text, **filters))[1]]  # type: ignore[arg-type]


@pytest.fixture
def saints() -> None:
    for urn, name in [
        (900001, "St. Mary's CofE Primary School"),
        (900002, "St Mary\u2019s Catholic Primary School"),  # a typographic apostrophe, as GIAS has some
        (900003, "ST MARYS JUNIOR SCHOOL"),
        (900004, "St Mark's Church of England School"),
        (900005, "Saint Mary Magdalene Academy"),
    ]:
        Establishment.objects.create(urn=urn, name=name, la_code=999, status="Open", postcode="ZZ9 9ZZ")


@pytest.mark.parametrize(
    "typed", ["St. Mary's", "St Mary\u2019s", "St Marys", "st marys", "ST. MARY\u2018S", "stmarys"]
)
def test_every_way_of_writing_st_marys_finds_the_same_three_schools(saints: None, typed: str) -> None:
    assert sorted(_urns(typed)) == [900001, 900002, 900003]


def test_a_different_saint_is_not_found(saints: None) -> None:
    assert _urns("St Mark's") == [900004]
    assert _urns("Mary Magdalene") == [900005]


def test_town_and_postcode_from_a_real_gias_extract() -> None:
    imports.import_file(SLICE)
    assert sorted(_urns("Alton")) == [115850, 115851]  # both Alton schools (Town), one named Alton too
    assert _urns("andover") == [115852]
    assert _urns("GU34 1DH") == [115850]
    assert _urns("gu341dh") == [115850]
    assert sorted(_urns("GU34")) == [115850, 115851]  # the postcode district
    assert _urns("Camberley", la=936) == [125131]  # the other filters still apply


def test_a_school_known_only_from_ofsted_is_found_by_urn_under_its_ofsted_name() -> None:
    imports.import_file(OFSTED)
    assert not Establishment.objects.filter(urn=300001).exists()
    total, rows = access.search_schools(SchoolSearch(text="300001"))
    assert total == 1 and rows[0]["name"] == "Hillfields Primary School" and rows[0]["ofsted_only"]
    assert rows[0]["la_name"] == "Coventry"
    assert access.search_schools(SchoolSearch(text="300001", phase="primary")) == (0, [])
    from peerlift.store import queries

    detail = queries.school_detail(300001)
    assert detail is not None and detail["name"] == "Hillfields Primary School"
