"""The demo register has what `peerlift neighbours --compute` and the neighbours page need, so that
`make run` shows computed neighbours: every default characteristic, for Demo City and its neighbours."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.test import Client

from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES
from peerlift.demo import generate, lait
from peerlift.demo.areas import DEMO_CITY, NEIGHBOURS
from peerlift.store import picture
from peerlift.store.imports import import_file
from peerlift.web import accounts
from peerlift.web.models import Role

pytestmark = pytest.mark.django_db

LAIT_FILES = ("la_code_list.xlsx", "lait_data_dictionary.csv", "bds_long_demo.parquet", "sn_demo_2025.xlsx")


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {p.name: p for p in generate(tmp_path_factory.mktemp("demo"), seed=0)}


@pytest.fixture
def demo_lait(demo_files: dict[str, Path]) -> Path:
    for name in LAIT_FILES:
        import_file(demo_files[name])
    return demo_files["bds_long_demo.parquet"]


def test_the_demo_lait_file_has_every_default_characteristic(demo_lait: Path) -> None:
    long = pl.read_parquet(demo_lait)
    codes = {DEMO_CITY.code, *(la.code for la in NEIGHBOURS)}
    for variable in DEFAULT_VARIABLES:
        rows = long.filter(pl.col("Short Desc") == variable.measure, pl.col("Years") == "2016")
        numbers = rows.filter(pl.col("Values").cast(pl.Float64, strict=False).is_not_null())
        published = {int(n) for n in numbers["LA Number"]}
        marked = {la for (code, la, year) in lait.MARKERS if code == variable.measure and year == 2016}
        assert codes - marked <= published, variable.measure


def test_the_demo_register_yields_a_computed_set(demo_lait: Path) -> None:
    result = picture.compute_neighbours()
    ours = result.frame.filter(pl.col("la_code") == DEMO_CITY.code)
    # eleven LAs in the demo: Demo City's ten nearest are the ten others
    assert sorted(ours["neighbour_code"].to_list()) == sorted(la.code for la in NEIGHBOURS)
    assert ours["position"].to_list() == list(range(1, 11))
    picture.save_neighbour_set(result, "demo-computed")
    assert picture.neighbour_set("demo-computed").computed


def test_the_demo_neighbours_page_shows_computed_neighbours(demo_lait: Path) -> None:
    user = accounts.create_user("m", None, accounts.Scope(Role.MEMBER, la=DEMO_CITY.code), actor="tests")[0]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/las/{DEMO_CITY.code}/neighbours.json").json()
    computed = page["tables"]["computed"]["rows"]
    assert len(computed) == 10 and DEMO_CITY.code not in {m["la"] for m in computed}
    used = [c["measure"] for c in page["tables"]["characteristics"]["rows"]]
    assert used == [v.measure for v in DEFAULT_VARIABLES]
