"""The compare page beyond LAIT (each comparator's own figure, every LA ranked, any comparator
including custom sets), the custom sets' visibility by role, and the measure catalogue.

The register is loaded once for the module: the real LAIT long file sliced to a few measures (whole
records, every area and year), with the real data dictionary, April 2021 neighbour workbook and LA
code list. Expected figures were read from the files by hand (a polars read of the parquet; the
workbook's row for Coventry), never from peerlift's output.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from shared import SHARED_DATA

from peerlift.analysis import catalogue
from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES
from peerlift.store.imports import import_file
from peerlift.store.models import ComparatorSet
from peerlift.web import accounts
from peerlift.web.models import AuditEntry, Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LAIT_CODES = [
    "KS2RWM_Expected_STD",
    "AVG_Attain8_Score",
    "SENFinance",
    *[v.measure for v in DEFAULT_VARIABLES],
]
# Coventry's ten neighbours in the April 2021 workbook, in its order (row 331 of 'LA SN Groups').
COVENTRY_2021 = [831, 350, 874, 383, 373, 851, 887, 335, 357, 852]
# The West Midlands' LAs in the LAIT file's Region column, Coventry (331) left out.
WEST_MIDLANDS = [330, 332, 333, 334, 335, 336, 860, 861, 884, 885, 893, 894, 937]


def _load(folder: Path) -> None:
    stats = SHARED_DATA / "la_stats"
    lait = pl.read_parquet(stats / "lait_20241115" / "bds_long_0.parquet")
    sliced = folder / "bds_long_0.parquet"
    lait.filter(pl.col("Short Desc").is_in(LAIT_CODES)).write_parquet(sliced)
    for path in (
        sliced,
        stats / "lait_current_metadata" / "lait_data_dictionary.csv",
        stats / "lait_current_metadata" / "sn_april_2021.xlsx",
        stats / "lait_current_metadata" / "la_code_list.xlsx",
    ):
        import_file(path, user="tests")


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    if not SHARED_DATA.exists():
        pytest.skip("the shared data folder is not beside the repository")
    with django_db_blocker.unblock():
        _load(tmp_path_factory.mktemp("compare"))
        yield
        for model in reversed(list(apps.get_app_config("store").get_models())):
            model.objects.all().delete()


def _client(name: str, scope: accounts.Scope) -> Client:
    user: User = accounts.create_user(name, PASSWORD, scope, actor="tests")[0]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def officer(loaded: None) -> Client:
    """An officer of Coventry (331)."""
    return _client("cov_officer", accounts.Scope(Role.OFFICER, la=331))


@pytest.fixture
def colleague(loaded: None) -> Client:
    """Another of Coventry's users: an elected member."""
    return _client("cov_member", accounts.Scope(Role.MEMBER, la=331))


@pytest.fixture
def outsider(loaded: None) -> Client:
    """An officer of another LA (999)."""
    return _client("demo_officer", accounts.Scope(Role.OFFICER, la=999))


def _json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# The ranking and each comparator's own figure


def test_every_la_ranked_against_a_hand_count(officer: Client) -> None:
    page = _json(officer, "/las/331/compare.json?measure=attainment8&neighbours=2021&year=2023")
    rows = page["tables"]["ranking"]["rows"]
    assert page["year"] == 2023
    # The parquet's AVG_Attain8_Score for 2023: 152 LAs (numbers below 970) have a figure; Sutton is
    # highest (59.9), then Kingston upon Thames (58.6); 118 LAs are above Coventry's 43.8, which
    # Bedford Borough shares, so both are 119th.
    ranked = [r for r in rows if r["rank"] is not None]
    assert len(ranked) == 152
    assert [(r["la_name"], r["la"], r["rank"]) for r in ranked[:2]] == [
        ("Sutton", 59.9, 1),
        ("Kingston upon Thames", 58.6, 2),
    ]
    tied = [(r["la_name"], r["rank"]) for r in ranked if r["la"] == 43.8]
    assert tied == [("Bedford Borough", 119), ("Coventry", 119)]
    assert next(r for r in rows if r["la_code"] == 331)["quartile_band"] == "D"
    # Coventry's 2021 neighbours are marked in the ranking, and only they
    assert sorted(r["la_code"] for r in rows if r["compared"]) == sorted(COVENTRY_2021)


def test_each_neighbour_s_own_figure_beside_the_average(officer: Client) -> None:
    page = _json(officer, "/las/331/compare.json?measure=attainment8&comparator=set:2021")
    table = page["tables"]["comparators"]
    names = [r["name"] for r in table["rows"]]
    # Coventry first, its ten neighbours in the workbook's order, by name (never by code), the average
    assert names[0] == "Coventry" and names[-1] == "Average of the LAs compared with"
    assert names[1:4] == ["Derby", "Bolton", "Peterborough"]  # 831, 350, 874
    assert len(names) == 12 and not any(n.isdigit() for n in names)
    by_name = {r["name"]: r for r in table["rows"]}
    assert by_name["Coventry"]["y2023"] == 43.8
    # the ten neighbours' 2023 figures from the parquet average 43.46
    neighbours = [r["y2023"] for r in table["rows"][1:-1]]
    assert sum(neighbours) / 10 == pytest.approx(43.46)
    assert by_name["Average of the LAs compared with"]["y2023"] == pytest.approx(43.46)
    assert [c["label"] for c in table["columns"]][-6:] == [str(y) for y in range(2018, 2024)]


def test_ranking_sorts_by_links_and_highlights_the_la(officer: Client) -> None:
    url = "/las/331/compare?measure=attainment8&year=2023&sort=name&order=asc"
    html = officer.get(url).content.decode()
    assert 'aria-sort="ascending"' in html
    assert "sort=value" in html and "order=asc" in html  # the other headings are links to sort by them
    assert '<tr class="govuk-table__row pl-chosen">' in html and "Coventry (this LA)" in html
    rows = _json(officer, url.replace("compare?", "compare.json?"))["tables"]["ranking"]["rows"]
    names = [r["la_name"] for r in rows]
    assert names == sorted(names, key=str.lower) and names[0] == "Barking and Dagenham"
    descending = _json(officer, "/las/331/compare.json?measure=attainment8&year=2023&sort=value&order=desc")
    assert descending["tables"]["ranking"]["rows"][0]["la_name"] == "Sutton"


def test_region_and_computed_comparators(officer: Client) -> None:
    region = _json(officer, "/las/331/compare.json?measure=attainment8&comparator=region")
    assert region["comparator_label"] == "Other LAs in West Midlands"
    assert sorted(region["comparator_members"]) == WEST_MIDLANDS
    assert "Average: Other LAs in West Midlands" in [
        c["label"] for c in region["tables"]["comparison"]["columns"]
    ]
    computed = _json(officer, "/las/331/compare.json?measure=attainment8&comparator=computed")
    neighbours = _json(officer, "/las/331/neighbours.json")["tables"]["computed"]["rows"]
    # the same ten LAs the neighbours page computes from the same characteristics, in its order
    assert computed["comparator_members"] == [r["la"] for r in neighbours] and len(neighbours) == 10
    choices = officer.get("/las/331/compare").content.decode()
    for key in ("set:2021", "computed", "region"):
        assert f'<option value="{key}"' in choices


def test_units_percentage_points_and_money(officer: Client) -> None:
    html = officer.get("/las/331/compare?measure=ks2_rwm_expected").content.decode()
    assert "percentage points" in html
    money = _json(officer, "/las/331/compare.json?measure=SENFinance")
    assert money["unit"] == "£"  # the dictionary's y_axis_name "Unit Cost"
    labels = [c["label"] for c in money["tables"]["comparison"]["columns"]]
    assert "England (total)" in labels
    page = officer.get("/las/331/compare?measure=SENFinance").content.decode()
    assert "£" in page and "the chart leaves them out" in page


def test_chart_downloads_as_png(officer: Client) -> None:
    response = officer.get("/las/331/compare/chart.png?measure=attainment8&comparator=region")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert (
        'href="/las/331/compare/chart.png?measure=attainment8'
        in officer.get("/las/331/compare?measure=attainment8").content.decode()
    )


# ---------------------------------------------------------------------------------------------
# Custom sets: made, audited, and seen only by those who may


def _make(client: Client, name: str, members: list[int], shared: bool) -> Any:
    data = {"name": name, "members": [str(m) for m in members], "shared": "yes" if shared else "no"}
    return client.post("/las/331/comparator-sets/new", data)


def test_a_private_set_is_its_owner_s_only(officer: Client, colleague: Client, outsider: Client) -> None:
    response = _make(officer, "Core cities", [330, 352, 373], shared=False)
    assert response.status_code == 302
    made = ComparatorSet.objects.get(name="Core cities")
    assert (made.owner, made.la_code, made.shared, made.members) == (
        "cov_officer",
        331,
        False,
        [330, 352, 373],
    )
    entry = AuditEntry.objects.filter(action="create comparator set").get()
    assert entry.after["members"] == [330, 352, 373] and entry.before is None
    key = f"custom:{made.pk}"
    own = _json(officer, f"/las/331/compare.json?measure=attainment8&comparator={key}")
    assert own["comparator_label"] == "Core cities"
    assert [r["name"] for r in own["tables"]["comparators"]["rows"]][1:4] == [
        "Birmingham",
        "Manchester",
        "Sheffield",
    ]
    for other in (colleague, outsider):
        page = _json(other, f"/las/331/compare.json?measure=attainment8&comparator={key}")
        assert page["comparator_label"] is None and page["tables"]["comparators"]["rows"] == []
        assert "Core cities" not in other.get(f"/las/331/compare?comparator={key}").content.decode()
    assert "Core cities" not in colleague.get("/las/331/comparator-sets").content.decode()


def test_a_shared_set_is_seen_by_the_la_s_users_only(
    officer: Client, colleague: Client, outsider: Client
) -> None:
    _make(officer, "Neighbours we visit", [335, 357], shared=True)
    made = ComparatorSet.objects.get(name="Neighbours we visit")
    key = f"custom:{made.pk}"
    assert _json(colleague, f"/las/331/compare.json?comparator={key}")["comparator_label"] == (
        "Neighbours we visit"
    )
    assert "Neighbours we visit" in colleague.get("/las/331/comparator-sets").content.decode()
    assert _json(outsider, f"/las/331/compare.json?comparator={key}")["comparator_label"] is None
    assert outsider.get("/las/331/comparator-sets").status_code == 403
    # a member may not make one, nor delete the officer's
    assert _make(colleague, "Mine", [335], shared=False).status_code == 403
    assert colleague.post(f"/comparator-sets/{made.pk}/delete").status_code == 403
    assert officer.post(f"/comparator-sets/{made.pk}/delete").status_code == 302
    assert not ComparatorSet.objects.filter(pk=made.pk).exists()
    assert AuditEntry.objects.filter(action="delete comparator set").get().after is None


def test_an_owner_changes_their_set_and_the_change_is_audited(officer: Client, colleague: Client) -> None:
    _make(officer, "Visits", [335], shared=False)
    made = ComparatorSet.objects.get(name="Visits")
    form = officer.get(f"/comparator-sets/{made.pk}/edit").content.decode()
    assert 'value="Visits"' in form and 'value="335" checked' in form
    assert colleague.get(f"/comparator-sets/{made.pk}/edit").status_code == 403
    blank = officer.post(f"/comparator-sets/{made.pk}/edit", {"name": "", "members": ["335"], "shared": "no"})
    assert blank.status_code == 400 and "Enter a name for the set" in blank.content.decode()
    changed = officer.post(
        f"/comparator-sets/{made.pk}/edit", {"name": "Visits", "members": ["335", "357"], "shared": "yes"}
    )
    assert changed.status_code == 302
    made.refresh_from_db()
    assert (made.members, made.shared) == ([335, 357], True)
    entry = AuditEntry.objects.filter(action="change comparator set").get()
    assert (entry.before["members"], entry.after["members"]) == ([335], [335, 357])
    assert (entry.before["shared"], entry.after["shared"]) == (False, True)
    assert (
        _json(colleague, f"/las/331/compare.json?comparator=custom:{made.pk}")["comparator_label"] == "Visits"
    )


def test_the_set_form_says_what_to_fix(officer: Client) -> None:
    response = _make(officer, "", [], shared=False)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a name for the set" in html and "Choose at least one LA to compare with" in html
    too_many = _make(officer, "Everyone", list(range(301, 320)) + list(range(330, 345)), shared=False)
    assert (
        "Choose LAs from the list" in too_many.content.decode() or "at most 30" in too_many.content.decode()
    )
    _make(officer, "Twice", [330], shared=False)
    again = _make(officer, "twice", [332], shared=False)
    assert again.status_code == 400 and "You already have a set called twice" in again.content.decode()
    assert ComparatorSet.objects.filter(owner="cov_officer").count() == 1


# ---------------------------------------------------------------------------------------------
# The measure catalogue


def test_catalogue_groups_by_theme_with_definitions(officer: Client) -> None:
    page = _json(officer, "/measures.json?theme=ks2")
    rows = {r["measure"]: r for r in page["tables"]["measures"]["rows"]}
    ks2 = rows["ks2_rwm_expected"]
    assert ks2["theme_title"] == "Key stage 2" and ks2["source_code"] == "KS2RWM_Expected_STD"
    assert ks2["polarity_words"] == "Higher is better" and ks2["unit_words"] == "percentage"
    assert ks2["publisher"] == "DfE (LAIT data dictionary)"
    assert ks2["definition"].startswith("Key stage 2 - covers years 3 to 6")
    # the parquet's latest KS2RWM_Expected_STD year is 2024
    assert ks2["latest_year"] == 2024
    assert all(r["theme_title"] == "Key stage 2" for r in rows.values())
    assert "ks2_reading_progress" in rows  # peerlift's own measures too
    every = _json(officer, "/measures.json")["tables"]["measures"]["rows"]
    themes = [r["theme_title"] for r in every]
    order = [t.title for t in catalogue.themes().themes]
    assert themes == sorted(themes, key=order.index)  # grouped, in the themes file's order
    finance = next(r for r in every if r["source_code"] == "SENFinance")
    assert (finance["theme_title"], finance["unit_words"]) == ("Finance", "pounds")
    assert all(r["label"] and not r["label"].isdigit() for r in every)


def test_catalogue_search_by_words_without_javascript(officer: Client) -> None:
    html = officer.get("/measures?q=persistent+absence+primary").content.decode()
    assert '<form method="get" action="/measures"' in html
    page = _json(officer, "/measures.json?q=persistent+absence+primary")
    labels = [r["label"] for r in page["tables"]["measures"]["rows"]]
    # the dictionary's two measures with all three words
    assert labels == [
        "Primary Persistent Absence (new definition)",
        "Primary Severe Persistent Absence (new definition)",
    ]
    none = officer.get("/measures?q=zzzz").content.decode()
    assert "No measure has all of the words" in none
    rows = list(
        csv.reader(
            io.StringIO(
                officer.get("/measures/download/measures.csv?q=attainment+8").content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][:2] == ["Measure", "Theme"] and len(rows) > 1


# ---------------------------------------------------------------------------------------------
# The LA page's statistics by theme, years as columns


def test_la_statistics_by_theme_with_years_as_columns(colleague: Client) -> None:
    page = _json(colleague, "/las/331.json?measure=theme:ks2")
    table = page["tables"]["by-theme"]
    assert [c["label"] for c in table["columns"]][:2] == ["Measure", "Theme"]
    years = [c["label"] for c in table["columns"]][2:]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    (ks2,) = [r for r in table["rows"] if r["label"].startswith("KS2 % expected standard")]
    # Coventry's KS2RWM_Expected_STD in the parquet: 49, 58, 62, 62, '-', '-', 54, 56, 55 (2016-2024)
    assert (ks2["theme"], ks2["y2016"], ks2["y2019"], ks2["y2023"], ks2["y2024"]) == (
        "Key stage 2",
        49.0,
        62.0,
        56.0,
        55.0,
    )
    assert isinstance(ks2["y2020"], str) and ks2["y2020"]  # the '-' marker in words, never 0
    assert all(r["theme"] == "Key stage 2" for r in table["rows"])
    html = colleague.get("/las/331?measure=theme:ks2").content.decode()
    assert '<option value="theme:ks2" selected>' in html


def test_the_dashboard_s_charts_download_as_png_too(colleague: Client) -> None:
    html = colleague.get("/las/331/picture").content.decode()
    link = "/las/331/compare/chart.png?measure=attainment8&amp;neighbours=2021"
    assert f'href="{link}"' in html
    png = colleague.get(link.replace("&amp;", "&"))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
