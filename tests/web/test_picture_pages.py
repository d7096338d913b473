"""The authority's picture on the web: the LA dashboard, any measure compared, the neighbours page and
the inspections summary, with their JSON and downloads.

The register is loaded once for the module: the real LAIT long file, sliced to the measures these pages
use (whole records, every area and year), with the real data dictionary, April 2021 neighbour workbook
and LA code list; and the demo's schools, links and ten years of Ofsted files (Demo City, LA 999, seed
0), for the inspection pages. Expected figures were read from the files themselves (a quick polars read
of the parquet, the workbooks), not from peerlift's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from shared import SHARED_DATA

from peerlift.analysis.la_neighbours import DEFAULT_VARIABLES
from peerlift.demo import generate
from peerlift.store import picture, queries
from peerlift.store.imports import import_file
from peerlift.store.models import Import
from peerlift.web import accounts
from peerlift.web.models import Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LAIT_CODES = [
    "KS2RWM_Expected_STD",
    "AVG_Attain8_Score",
    "AVG_Prog8_Score",
    *[v.measure for v in DEFAULT_VARIABLES],
    "SEN_TotSENSuP",
    "SEN_TotStat",
]
# Coventry's ten neighbours in the April 2021 workbook, in its order (row 331 of 'LA SN Groups').
COVENTRY_2021 = [831, 350, 874, 383, 373, 851, 887, 335, 357, 852]
DEMO_SCHOOL_FILES = ("edubasealldata", "links_edubasealldata", "ofsted_schools_", "Management_information")


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
    for path in generate(folder / "demo", seed=0):
        if path.name.startswith(DEMO_SCHOOL_FILES):
            import_file(path, user="tests")


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The register for the whole module (importing it per test would take a minute), emptied after."""
    if not SHARED_DATA.exists():
        pytest.skip("the shared data folder is not beside the repository")
    with django_db_blocker.unblock():
        _load(tmp_path_factory.mktemp("picture"))
        yield
        for model in reversed(list(apps.get_app_config("store").get_models())):
            model.objects.all().delete()


@pytest.fixture
def member(loaded: None) -> Client:
    """An elected member of Demo City: the role these pages are first for."""
    user: User = accounts.create_user("member", PASSWORD, accounts.Scope(Role.MEMBER, la=999), actor="tests")[
        0
    ]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()  # type: ignore[no-any-return]


def _by_year(table: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["year"]: row for row in table["rows"]}


# ---------------------------------------------------------------------------------------------
# The dashboard


def test_dashboard_headline_tables_match_the_lait_file(member: Client) -> None:
    page = _json(member, "/las/331/picture.json")
    assert page["neighbour_set"] == "2021"
    ks2 = _by_year(page["tables"]["ks2_rwm_expected"])
    assert (ks2[2019]["la"], ks2[2019]["england"]) == (62, 65)
    assert ks2[2019]["neighbours_mean"] == pytest.approx(61.8)
    assert ks2[2023]["la"] == 56 and ks2[2023]["neighbours_mean"] == pytest.approx(56.4)
    assert ks2[2020]["la"] is None and "no KS2 tests" in ks2[2020]["note"]
    assert sorted(ks2) == list(range(2016, 2025))
    att8 = _by_year(page["tables"]["attainment8"])
    assert att8[2019]["la"] == 43.6 and att8[2019]["england"] == 46.8
    assert att8[2019]["neighbours_mean"] == pytest.approx(43.98)
    p8 = _by_year(page["tables"]["progress8"])
    assert (p8[2019]["la"], p8[2019]["neighbours_mean"], p8[2019]["england"]) == (
        -0.12,
        pytest.approx(-0.15),
        -0.03,
    )
    assert p8[2021]["la"] is None and "Progress 8" in p8[2021]["note"]
    # the seed's table: Year | Coventry | Statistical neighbours | England
    labels = [c["label"] for c in page["tables"]["ks2_rwm_expected"]["columns"]]
    assert labels[:3] == ["Year", "Coventry", "Statistical neighbours (2021 set)"] and "England" in labels


def test_dashboard_html_has_charts_with_text_and_tables(member: Client) -> None:
    html = member.get("/las/331/picture").content.decode()
    assert html.count('<img src="data:image/svg+xml;base64,') == 3
    assert (
        'alt="Line chart of KS2 % expected standard in reading, writing and maths, 2016 to 2024: Coventry'
        in html
    )
    assert "In 2024, Coventry: 55%" in html  # the latest year in words beside its chart
    for table in (
        "ks2_rwm_expected",
        "attainment8",
        "progress8",
        "good-or-better",
        "inspections",
        "by-phase",
    ):
        assert f'id="table-{table}"' in html
    assert "/las/331/picture/download/ks2_rwm_expected.csv" in html
    assert "<script>" not in html and "<script " not in html.replace(
        '<script type="module" src="/static/', ""
    )


def test_dashboard_downloads_are_the_tables(member: Client) -> None:
    response = member.get("/las/331/picture/download/ks2_rwm_expected.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Year", "Coventry", "Statistical neighbours (2021 set)", "Region", "England"]
    by_year = {r[0]: r for r in rows[1:]}
    assert by_year["2019"][1:3] == ["62", "61.8"] and by_year["2019"][4] == "65"
    response = member.get("/las/331/picture/download/progress8.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert sheet is not None
    found = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)}
    assert found[2019] == -0.12 and found[2023] == -0.05  # numbers, not text


def test_dashboard_with_another_neighbour_set_and_an_unknown_one(member: Client) -> None:
    result = picture.compute_neighbours()
    picture.save_neighbour_set(result, "computed-test")
    page = _json(member, "/las/331/picture.json?neighbours=computed-test")
    assert page["neighbour_set"] == "computed-test"
    html = member.get("/las/331/picture?neighbours=2021").content.decode()
    assert '<option value="computed-test">' in html and '<option value="2021" selected>' in html
    unknown = _json(member, "/las/331/picture.json?neighbours=1999")
    assert unknown["tables"]["ks2_rwm_expected"]["rows"] == []
    assert (
        "no neighbour set &#x27;1999&#x27;" in member.get("/las/331/picture?neighbours=1999").content.decode()
    )


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The measures each call to the register's area measures asks for (the real function still runs)."""
    calls: list[object] = []
    real = picture.area_measures

    def spy(measures: Any = None) -> pl.DataFrame:
        calls.append(measures)
        return real(measures)

    monkeypatch.setattr(picture, "area_measures", spy)
    return calls


def test_dashboard_computes_only_the_headline_measures(member: Client, asked: list[object]) -> None:
    member.get("/las/331/picture")
    assert asked == [["ks2_rwm_expected", "attainment8", "progress8"]]
    asked.clear()
    member.get("/las/331/picture/download/good-or-better.csv")
    assert asked == []  # a download of one table computes that table only


def _hand_town() -> None:
    """LA 997, six schools and their graded inspections, small enough to work out by hand (below)."""
    from peerlift.store.models import Establishment, EstablishmentLink, Inspection, Judgement, LocalAuthority

    LocalAuthority.objects.create(code=997, name="Hand Town", region_code="E12000005", region="West Midlands")
    schools = [  # urn, name, phase, type, type group, pupils, opened, closed
        (970001, "Ash Primary School", "primary", "Community school", "Local authority maintained schools",
         200, dt.date(2005, 9, 1), None),
        (970002, "Beech Primary School", "primary", "Community school", "Local authority maintained schools",
         250, dt.date(2001, 9, 1), dt.date(2015, 8, 31)),
        (970003, "Beech Primary Academy", "primary", "Academy converter", "Academies",
         300, dt.date(2015, 9, 1), None),
        (970004, "Cedar High School", "secondary", "Community school", "Local authority maintained schools",
         1000, dt.date(1990, 9, 1), None),
        (970005, "Dale Free School", "secondary", "Free schools", "Free Schools",
         500, dt.date(2021, 9, 1), None),
        (970006, "Elm Special School", "not_applicable", "Community special school", "Special schools",
         80, dt.date(1995, 9, 1), None),
    ]  # fmt: skip
    for urn, name, phase, kind, group, pupils, opened, closed in schools:
        Establishment.objects.create(
            urn=urn, la_code=997, la_name="Hand Town", name=name, phase=phase, type=kind, type_group=group,
            status="closed" if closed else "open", pupils=pupils, open_date=opened, close_date=closed,
        )  # fmt: skip
    day = dt.date(2015, 9, 1)
    EstablishmentLink.objects.create(urn=970003, link_urn=970002, link_type="Predecessor", link_date=day)
    EstablishmentLink.objects.create(urn=970002, link_urn=970003, link_type="Successor", link_date=day)
    graded = [  # urn, start, overall effectiveness
        (970001, dt.date(2014, 3, 10), "2"),
        (970001, dt.date(2019, 5, 1), "3"),
        (970001, dt.date(2024, 5, 10), "2"),
        (970002, dt.date(2012, 1, 10), "1"),
        (970003, dt.date(2022, 6, 1), "3"),
        (970004, dt.date(2017, 11, 1), "4"),
        (970004, dt.date(2020, 1, 15), "2"),
        (970006, dt.date(2018, 3, 1), "1"),
    ]
    for n, (urn, start, grade) in enumerate(graded):
        inspection = Inspection.objects.create(
            urn=urn, inspection_key=f"h{n}", framework="graded", inspection_type="graded", start_date=start
        )
        Judgement.objects.create(inspection=inspection, area="overall_effectiveness", grade=grade)


def test_dashboard_good_or_better_by_phase_over_time(member: Client) -> None:
    """Worked by hand for Hand Town: as at each date, the open schools' latest graded inspection on or
    before it (Beech Academy speaking with its predecessor's grade 1 until its own 3 in June 2022; Dale
    never inspected, so out of the %). Good = 1 or 2.

    date        Ash Beech Cedar Elm | all          primary  secondary  special
    2014-08-31  2   1(B0) -     -   | 2 of 2 100   100      -          -
    2016-08-31  2   1     -     -   | 2 of 2 100   100      -          -
    2017-08-31  2   1     -     -   | 2 of 2 100   100      -          -
    2018-08-31  2   1     4     1   | 3 of 4 75    100      0          100
    2019-08-31  3   1     4     1   | 2 of 4 50    50       0          100
    2020-08-31  3   1     2     1   | 3 of 4 75    50       100        100
    2021-08-31  3   1     2     1   | 3 of 4 75    50       100        100
    2022-08-31  3   3     2     1   | 2 of 4 50    0        100        100
    2023-08-31  3   3     2     1   | 2 of 4 50    0        100        100
    2024-05-10  2   3     2     1   | 3 of 4 75    50       100        100   (the latest inspection)

    Pupils in 2018: Beech 300 + Ash 200 + Elm 80 of 1,580 counted = 36.7%; in 2024, Ash 200 + Cedar
    1,000 + Elm 80 of 1,580 = 81.0%. 2015-08-31 (Beech School closing that day) is left out.
    """
    _hand_town()
    table = _json(member, "/las/997/picture.json")["tables"]["good-or-better"]
    assert {"all", "primary", "secondary", "special"} <= {c["key"] for c in table["columns"]}
    overall = {
        r["as_at"]: r for r in table["rows"] if r["label"] == "Good or outstanding (overall effectiveness)"
    }
    assert list(overall) == [f"{y}-08-31" for y in range(2014, 2024)] + ["2024-05-10"]
    expected = {  # as at: all, primary, secondary, special, schools counted, never inspected
        "2014-08-31": (100, 100, None, None, 2, 2),
        "2016-08-31": (100, 100, None, None, 2, 2),
        "2017-08-31": (100, 100, None, None, 2, 2),
        "2018-08-31": (75, 100, 0, 100, 4, 0),
        "2019-08-31": (50, 50, 0, 100, 4, 0),
        "2020-08-31": (75, 50, 100, 100, 4, 0),
        "2021-08-31": (75, 50, 100, 100, 4, 0),
        "2022-08-31": (50, 0, 100, 100, 4, 1),
        "2023-08-31": (50, 0, 100, 100, 4, 1),
        "2024-05-10": (75, 50, 100, 100, 4, 1),
    }
    for as_at, figures in expected.items():
        row = overall[as_at]
        found = tuple(
            row.get(k) for k in ("all", "primary", "secondary", "special", "schools", "not_inspected")
        )
        assert found == figures, as_at
    assert overall["2015-08-31"]["all"] == 100
    assert overall["2018-08-31"]["pupils_pct"] == pytest.approx(36.7, abs=0.05)
    assert overall["2024-05-10"]["pupils_pct"] == pytest.approx(81.0, abs=0.05)


def test_dashboard_good_or_better_in_each_era(member: Client) -> None:
    table = _json(member, "/las/999/picture.json")["tables"]["good-or-better"]
    overall = [r for r in table["rows"] if r["label"] == "Good or outstanding (overall effectiveness)"]
    assert [r["as_at"] for r in overall] == [f"{y}-08-31" for y in range(2016, 2025)]
    native = {r["label"] for r in table["rows"] if r["as_at"] >= "2025-08-31"}
    assert "All judgements good or better (OEIF)" in native
    assert table["rows"][-1]["label"] == "Any area needs attention or urgent improvement (report cards)"


def test_good_or_better_series_is_each_date_s_figures(loaded: None) -> None:
    dates = [dt.date(2019, 8, 31), dt.date(2025, 8, 31)]
    series = picture.good_or_better_series(999, dates)
    for on in dates:
        alone = picture.good_or_better_for(999, on).table.sort("measure", "phase")
        for row in alone.iter_rows(named=True):
            same = series.filter(
                pl.col("measure") == row["measure"],
                pl.col("as_at") == row["as_at"],
                pl.col("phase") == row["phase"],
            )
            assert same.height == 1 and same.row(0, named=True) == row
    assert picture.latest_graded_date(999) is not None
    published = queries.la_measure_names(331, published_only=True)
    assert "ks2_rwm_expected" in published and queries.la_measure_names(998) == []


def test_dashboard_of_an_unknown_la_is_not_found(member: Client) -> None:
    assert member.get("/las/123/picture").status_code == 404
    assert member.get("/las/123/compare.json").status_code == 404


# ---------------------------------------------------------------------------------------------
# Any measure


def test_compare_any_measure_with_rank_band_and_trend(member: Client) -> None:
    page = _json(member, "/las/331/compare.json?measure=attainment8&neighbours=2021")
    assert page["measure"] == "attainment8" and page["neighbour_set"] == "2021"
    rows = _by_year(page["tables"]["comparison"])
    # From the parquet's AVG_Attain8_Score rows for 2023: Coventry 43.8 (2021 48, 2022 46.2: two steps
    # down); 152 LAs (numbers below 970) have a figure, 118 of them above 43.8; their quartiles (R type
    # 7, numpy's default) are 44.0, 45.7, 48.525, so 43.8 is in the lowest quarter: band D.
    latest = rows[2023]
    assert latest["la"] == 43.8 and latest["neighbours_mean"] == pytest.approx(43.46)
    assert latest["neighbours_count"] == 10 and latest["missing_neighbours"] == ""
    assert (latest["region"], latest["england"]) == (44.9, 46.4)
    assert (latest["rank"], latest["ranked_of"], latest["quartile_band"]) == (119, 152, "D")
    # The trend would span 2021 (teacher-assessed grades) and 2022: a break in the series, so none
    assert latest["change"] == pytest.approx(-2.4) and latest["trend"] is None
    # Attainment 8 was published for 2020 and 2021 (assessed grades): 47.2 then 48, never joined
    assert rows[2021]["la"] == 48 and rows[2021]["change"] is None and rows[2021]["trend"] is None
    assert "teacher-assessed" in rows[2021]["series_note"]
    html = member.get("/las/331/compare?measure=attainment8&neighbours=2021").content.decode()
    assert "Not comparable with the years around it" in html


def test_compare_form_works_without_javascript(member: Client) -> None:
    html = member.get("/las/331/compare?measure=progress8").content.decode()
    assert '<form method="get" action="/las/331/compare"' in html
    assert '<option value="progress8" selected>' in html
    assert '<option value="ks2_rwm_expected">' in html  # every measure the LA has a figure for
    assert 'href="/las/331/compare/download/comparison.csv?measure=progress8"' in html
    csv_text = member.get("/las/331/compare/download/comparison.csv?measure=progress8").content.decode(
        "utf-8-sig"
    )
    assert "2019,-0.12,-0.15," in csv_text


def test_compare_a_measure_with_no_figures_says_so(member: Client) -> None:
    response = member.get("/las/331/compare?measure=no_such_measure")
    assert response.status_code == 200
    assert "import the LAIT file first" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Neighbours


def test_neighbours_official_computed_and_agreement(member: Client) -> None:
    page = _json(member, "/las/331/neighbours.json")
    official = page["tables"]["official"]["rows"]
    assert [m["la"] for m in official] == COVENTRY_2021
    assert [m["band"] for m in official[:4]] == ["Very Close", "Very Close", "Very Close", "Close"]
    computed = page["tables"]["computed"]["rows"]
    assert len(computed) == 10 and 331 not in {m["la"] for m in computed}
    both = {m["la"] for m in computed} & set(COVENTRY_2021)
    assert {m["la"] for m in official if m["also"]} == both == {m["la"] for m in computed if m["also"]}
    agreement = {r["la"]: r for r in page["tables"]["agreement"]["rows"]}
    assert agreement[331]["agree"] == len(both) and len(agreement) > 140
    assert page["summary"][0].startswith(f"{len(both)} of Coventry's 10 computed neighbours")
    characteristics = page["tables"]["characteristics"]["rows"]
    assert [c["measure"] for c in characteristics] == [v.measure for v in DEFAULT_VARIABLES]


def test_neighbours_from_chosen_characteristics(member: Client) -> None:
    page = _json(member, "/las/331/neighbours.json?variables=PriFSM,SecFSM=2")
    weights = {c["measure"]: c["weight"] for c in page["tables"]["characteristics"]["rows"]}
    assert weights == {"PriFSM": 1.0, "SecFSM": 2.0}
    bad = member.get("/las/331/neighbours?variables=PriFSM=-1")
    assert bad.status_code == 200 and "must be a positive number" in bad.content.decode()


# ---------------------------------------------------------------------------------------------
# Inspections in any dates


def test_inspections_summary_of_a_school_year(member: Client) -> None:
    """The demo's history is the DfE's yearly latest-inspection files (as at 31 July, so each holds to 31
    August): Victoria Park's June 2016 inspection is listed as its latest to 31 August 2018, and its
    next began on 13 October 2018. Another may have come between (September to October 2018): no file
    says, so its previous grade is not known, and it is not set against the 2016 one."""
    page = _json(member, "/las/999/inspections-summary.json?from=2018-09-01&to=2019-08-31")
    rows = {r["urn"]: r for r in page["tables"]["inspections"]["rows"]}
    assert rows[990037]["name"] == "Victoria Park Primary School"
    assert rows[990037]["start_date"] == "2018-10-13" and rows[990037]["previous_date"] == "2016-06-18"
    assert (rows[990037]["grade_name"], rows[990037]["previous_name"]) == ("Good", "Requires improvement")
    assert rows[990037]["outcome"] == "previous grade not known"
    # Known: an inspection of July 2019 not yet published in the file as at 31 July 2019, which still
    # lists the school's 2015 inspection as its latest.
    assert (rows[990150]["start_date"], rows[990150]["previous_date"]) == ("2019-07-05", "2015-06-10")
    assert rows[990150]["outcome"] == "same"
    unknown = sum(r["outcome"] == "previous grade not known" for r in rows.values())
    assert page["sentences"][0] == f"{len(rows)} schools were inspected."
    assert f"For {unknown} inspections the register does not know the previous grade" in " ".join(
        page["sentences"]
    )
    by_phase = {r["phase_name"]: r for r in page["tables"]["by-phase"]["rows"]}
    assert sum(r["inspections"] for r in by_phase.values()) == len(rows)


def test_report_cards_are_set_against_the_latest_oeif_inspection_the_mi_file_lists(member: Client) -> None:
    """The demo's 2026 MI file lists each school's latest report card and latest OEIF inspection (as at
    31 March 2026): the OEIF one is known to be the previous one of the report card."""
    page = _json(member, "/las/999/inspections-summary.json?from=2025-11-10&to=2026-03-31")
    rows = page["tables"]["inspections"]["rows"]
    cards = [r for r in rows if r["headline"].startswith("Report card: ")]
    assert cards and all(r["outcome"] != "previous grade not known" for r in cards)
    assert any("were report-card inspections" in s for s in page["sentences"])


def test_inspections_summary_downloads_and_dates_checked(member: Client) -> None:
    query = "?from=2018-09-01&to=2019-08-31"
    csv_text = member.get(f"/las/999/inspections-summary/download/inspections.csv{query}").content.decode(
        "utf-8-sig"
    )
    assert (
        "Victoria Park Primary School,990037,Primary,2018-10-13,Good,Good,Requires improvement,2016-06-18,"
        "previous grade not known" in csv_text
    )
    wrong = member.get("/las/999/inspections-summary?from=2019-02-30&to=2019-08-31").content.decode()
    assert "govuk-error-summary" in wrong and 'href="#from-day"' in wrong
    assert "The first day must be a real date" in wrong
    backwards = _json(member, "/las/999/inspections-summary.json?from=2019-08-31&to=2018-09-01")
    assert backwards["errors"] == [
        {"field": "to-day", "message": "The last day must be the same as or after the first day"}
    ]
    assert backwards["tables"]["inspections"]["rows"] == []


def test_inspections_summary_defaults_to_the_latest_school_year(member: Client) -> None:
    latest = picture.latest_graded_date(999)
    assert latest is not None
    page = _json(member, "/las/999/inspections-summary.json")
    start = dt.date.fromisoformat(page["from"])
    assert start.month == 9 and start.day == 1 and start <= latest <= dt.date.fromisoformat(page["to"])


# ---------------------------------------------------------------------------------------------
# Links


def test_member_home_and_la_page_lead_to_the_picture(member: Client) -> None:
    assert 'href="/las/999/picture"' in member.get("/").content.decode()
    assert 'href="/las/331/picture"' in member.get("/las/331").content.decode()


def test_a_headteacher_s_home_leads_to_their_la_s_picture(loaded: None) -> None:
    scope = accounts.Scope(Role.HEADTEACHER, urn=990037)
    user: User = accounts.create_user("head", PASSWORD, scope, actor="tests")[0]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert 'href="/las/999/picture"' in client.get("/").content.decode()


def test_dashboard_is_computed_once_until_the_register_changes(member: Client, asked: list[object]) -> None:
    member.get("/las/331/picture")
    assert _json(member, "/las/331/picture.json") == _json(member, "/las/331/picture.json")
    assert len(asked) == 2  # once for the page, once for its JSON (a different answer), not again
    asked.clear()
    member.get("/las/331/picture")
    assert asked == []
    member.get("/las/331/picture?neighbours=2021")
    assert len(asked) == 1  # another query string is another page
    Import.objects.create(
        file_name="x.csv", sha256="0" * 64, kind="gias_links", status="loaded", loaded_by="t"
    )
    member.get("/las/331/picture")
    assert len(asked) == 2  # a new import may have changed the figures


def test_dashboard_says_when_too_little_inspection_history_is_held(member: Client) -> None:
    """Hampshire (850) with only england_ofsted-schools.xlsx (each school's latest inspection as at 31
    July 2018) and the April 2022 GIAS slice: as at 31 August 2009-2015 the register knows the grade of
    far fewer than 90% of the open schools (see tests/test_cli_picture.py), so no percentage is shown,
    where the page used to say 100%; as at the LA's latest inspection (27 June 2018) it knows every one."""
    for path in (
        SHARED_DATA / "gias" / "20220420_gias.csv",
        SHARED_DATA / "ofsted" / "england_ofsted-schools.xlsx",
    ):
        import_file(path, user="tests")
    table = _json(member, "/las/850/picture.json")["tables"]["good-or-better"]
    rows = {r["as_at"]: r for r in table["rows"]}
    for year in range(2009, 2016):
        row = rows[f"{year}-08-31"]
        assert row["all"] is None and row["pupils_pct"] is None and row["coverage"] < 0.9, year
        assert row["caveat"].startswith("Not enough inspection history held"), year
        assert "holds only each school's latest inspection" in row["history_note"]
    assert rows["2018-06-27"]["coverage"] == 1.0 and rows["2018-06-27"]["all"] is not None
    html = member.get("/las/850/picture").content.decode()
    assert "Not enough inspection history held" in html and "Grade known for" in html
    assert "which holds only each school&#x27;s latest inspection" in html
