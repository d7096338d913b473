"""The LA's picture from the register: real LAIT figures imported, then read back as frames.

The LAIT long file is sliced at test time (whole records of a few measures, every area and year, all
columns as published) so the import takes a second instead of half a minute. Expected figures were
read from the raw parquet (see tests/analysis/test_compare.py).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES
from peerlift.store import picture, queries
from peerlift.store.imports import import_file
from peerlift.store.models import NeighbourSet

pytestmark = pytest.mark.django_db

CODES = [
    "KS2RWM_Expected_STD",
    "TotAbs",
    *[v.measure for v in DEFAULT_VARIABLES],
    "SEN_TotSENSuP",
    "SEN_TotStat",
]


@pytest.fixture
def loaded(shared_data: Path, tmp_path: Path) -> None:
    stats = shared_data / "la_stats"
    lait = pl.read_parquet(stats / "lait_20241115" / "bds_long_0.parquet")
    sliced = tmp_path / "bds_long_0.parquet"
    lait.filter(pl.col("Short Desc").is_in(CODES)).write_parquet(sliced)
    for path in (
        sliced,
        stats / "lait_current_metadata" / "lait_data_dictionary.csv",
        stats / "lait_current_metadata" / "sn_april_2021.xlsx",
        stats / "lait_current_metadata" / "la_code_list.xlsx",
    ):
        import_file(path)


def test_compare_rows_for_coventry(loaded: None) -> None:
    rows = picture.compare_rows(331, ["ks2_rwm_expected"])
    by_year = {r["year"]: r for r in rows}
    assert [r["year"] for r in rows] == list(range(2016, 2025))
    assert list(rows[0])[:8] == [
        "year",
        "la",
        "neighbours_mean",
        "neighbours_count",
        "region",
        "england",
        "rank",
        "quartile_band",
    ]
    assert by_year[2024]["la"] == 55.0 and by_year[2024]["neighbours_mean"] == pytest.approx(57.1)
    assert by_year[2024]["rank"] == 135 and by_year[2024]["quartile_band"] == "D"
    assert by_year[2020]["la"] is None and "no KS2 tests" in by_year[2020]["note"]
    assert all(r["neighbour_set"] == "2021" for r in rows)


def test_lower_is_better_from_the_dictionary(loaded: None) -> None:
    row = next(r for r in picture.compare_rows(850, ["overall_absence_pct"]) if r["year"] == 2023)
    assert (row["rank"], row["quartile_band"]) == (39, "B")


def test_unknown_set_and_missing_figures_are_explained(loaded: None) -> None:
    with pytest.raises(picture.PictureError, match="sets loaded: 2021"):
        picture.compare_rows(331, ["ks2_rwm_expected"], "2025")
    with pytest.raises(picture.PictureError, match="import the LAIT file"):
        picture.compare_rows(331, ["no_such_measure"])


def test_computed_set_is_stored_and_selectable(loaded: None) -> None:
    result = picture.compute_neighbours()
    stored = picture.save_neighbour_set(result, "computed-2024")
    assert stored.computed and "PriFSM" in stored.description
    assert NeighbourSet.objects.get(name="2021").computed is False
    listed = queries.neighbours(331, "computed-2024")
    assert listed is not None and len(listed["members"]) == 10
    assert [m["la"] for m in listed["members"]] == (
        result.frame.filter(pl.col("la_code") == 331).sort("position").get_column("neighbour_code").to_list()
    )
    default = queries.neighbours(331)  # "computed-2024" sorts after "2021" but is not official
    assert default is not None and default["set"] == "2021"
    rows = picture.compare_rows(331, ["ks2_rwm_expected"], "computed-2024")
    assert all(r["neighbour_set"] == "computed-2024" for r in rows)
    # saving it again is a new version of the register, so cached pages show the new neighbours
    before = queries.register_version()
    picture.save_neighbour_set(result, "computed-2024")
    assert queries.register_version() != before
    assert NeighbourSet.objects.filter(name="computed-2024").count() == 1
    # an official set is never overwritten by a computed one
    with pytest.raises(picture.PictureError, match="official"):
        picture.save_neighbour_set(result, "2021")


def test_agreement_with_the_official_list(loaded: None) -> None:
    """The figures docs/analysis.md reports for the default characteristics against April 2021."""
    found, official = picture.agreement(picture.compute_neighbours(), "2021")
    assert official == "2021"
    assert found.compared == 151
    assert round(found.mean_agree, 2) == 4.64
    in_common = [0, 4, 10, 25, 33, 36, 24, 9, 8, 2, 0]  # LAs with 0, 1, ..., 10 neighbours in common
    assert [found.distribution.get(n, 0) for n in range(11)] == in_common
    rows = picture.agreement_rows(found)
    coventry = next(r for r in rows if r["la"] == 331)
    # Coventry's official ten, as sn_april_2021.xlsx lists them (SOURCES.md)
    official_ten = {831, 350, 874, 383, 373, 851, 887, 335, 357, 852}
    computed = set(picture.compute_neighbours().frame.filter(pl.col("la_code") == 331)["neighbour_code"])
    assert coventry["name"] == "Coventry" and coventry["official"] == 10
    assert coventry["agree"] == len(official_ten & computed)


def test_a_converter_speaks_with_the_grade_of_a_predecessor_two_links_back() -> None:
    """School 3 converted from 2, which had been formed from 1; only 1 was ever given a grade. 1 and 2
    were in the old Northamptonshire (928), 3 is in West Northamptonshire (941): only links reach them."""
    import datetime as dt

    from peerlift.store.models import Establishment, EstablishmentLink, Inspection, Judgement

    for urn, kind, status in ((1, "Community school", "Closed"), (2, "Community school", "Closed")):
        Establishment.objects.create(
            urn=urn,
            la_code=928,
            name=f"School {urn}",
            phase="primary",
            type=kind,
            type_group="Local authority maintained schools",
            status=status,
            pupils=100,
        )
    Establishment.objects.create(
        urn=3,
        la_code=941,
        name="School 3 Academy",
        phase="primary",
        type="Academy converter",
        type_group="Academies",
        status="Open",
        pupils=200,
        open_date=dt.date(2016, 9, 1),
    )
    for urn, link_urn, kind in (
        (1, 2, "Successor"),
        (2, 1, "Predecessor"),
        (2, 3, "Successor"),
        (3, 2, "Predecessor"),
    ):
        EstablishmentLink.objects.create(urn=urn, link_urn=link_urn, link_type=kind)
    graded = Inspection.objects.create(
        urn=1,
        inspection_key="1",
        framework="graded",
        inspection_type="graded",
        start_date=dt.date(2012, 3, 1),
    )
    Judgement.objects.create(inspection=graded, area="overall_effectiveness", grade="2")
    result = picture.good_or_better_for(941, dt.date(2018, 7, 31))
    (row,) = picture.good_or_better_rows(result, by_phase=False)
    assert (row["schools"], row["schools_meeting"], row["not_inspected_schools"]) == (1, 1, 0)
