"""The pages as users see them: what they show, their JSON and their CSV and XLSX downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

from peerlift.web.tables import Column, Table, neutralise

from .conftest import ELSEWHERE, GROUP, OTHER, OWN, PREDECESSOR, TWIN

pytestmark = pytest.mark.django_db


def test_school_page_shows_inspections_in_each_framework_s_own_words(register, as_role) -> None:
    page = as_role("member").get(f"/schools/{OWN}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hillside Primary Academy" in html
    assert "No overall grade under this framework" in html  # graded_2024 and report card: none invented
    assert "Inclusion: Strong standard" in html
    assert "Achievement: Needs attention" in html
    assert "Safeguarding standards: Met" in html
    assert "Quality of education: Good" in html
    assert "Satisfactory" in html  # the predecessor's 2011 grade 3, in 2011's words
    assert "SUPP: suppressed to protect individual pupils" in html


def test_school_page_links_the_record_only_for_those_who_may_read_it(register, as_role) -> None:
    assert f"/schools/{OWN}/record" in as_role("headteacher").get(f"/schools/{OWN}").content.decode()
    assert f"/schools/{OTHER}/record" not in as_role("headteacher").get(f"/schools/{OTHER}").content.decode()
    assert "/record" not in as_role("member").get(f"/schools/{OWN}").content.decode()


def test_school_json_has_lineage_inspections_and_measures(register, as_role) -> None:
    data = as_role("member").get(f"/schools/{OWN}.json").json()
    assert data["title"] == "Hillside Primary Academy"
    assert data["school"]["lineage"] == [PREDECESSOR, OWN]
    assert [i["framework"] for i in data["inspections"]] == ["graded", "graded", "graded_2024", "report_card"]
    supp = next(m for m in data["measures"] if m["year"] == 2022)
    assert supp == {
        "year": 2022,
        "measure": "ks2_rwm_expected",
        "value": None,
        "missing": "SUPP",
        "status": None,
    }
    assert set(data["tables"]) == {"against", "inspections", "measures", "groups", "lineage"}
    assert [(g["name"], g["joined_date"]) for g in data["school"]["groups"]] == [
        ("Oak Learning Trust", "2015-09-01")
    ]
    assert "Multi-academy trust" in as_role("member").get(f"/schools/{OWN}").content.decode()


def test_school_page_shows_everything_gias_says(register, as_role) -> None:
    html = as_role("member").get(f"/schools/{OWN}").content.decode()
    assert "Everything GIAS says about the school (4 fields" in html  # the blank telephone is left out
    assert "HeadLastName" in html and "Okafor" in html and "100000 Predecessor" in html
    record = as_role("member").get(f"/schools/{OWN}.json").json()["school"]["record"]
    assert record["HeadLastName"] == "Okafor" and record["TelephoneNum"] == ""
    assert "Everything GIAS says" not in as_role("member").get(f"/schools/{OTHER}").content.decode()


def test_group_page_lists_its_schools(register, as_role) -> None:
    html = as_role("member").get(f"/groups/{GROUP}").content.decode()
    assert "Oak Learning Trust" in html and "Multi-academy trust" in html and "TR09999" in html
    assert f'href="/schools/{OWN}"' in html and "Not in the register" in html
    assert 'href="/schools/900009"' not in html  # no page to go to
    data = as_role("member").get(f"/groups/{GROUP}.json").json()
    assert data["group"]["group_id"] == "TR09999"
    rows = data["tables"]["schools"]["rows"]
    assert [(r["urn"], r["joined_date"]) for r in rows] == [(OWN, "2015-09-01"), (900009, "2021-09-01")]
    assert f'href="/groups/{GROUP}"' in as_role("member").get(f"/schools/{OWN}").content.decode()
    assert as_role("member").get("/groups/1").status_code == 404


def test_la_page_lists_the_trusts_with_schools_in_it(register, as_role) -> None:
    groups = as_role("member").get("/las/999.json").json()["tables"]["groups"]["rows"]
    # Oak Learning Trust holds one open school of LA 999 (the other member is not in the register).
    assert [(g["name"], g["schools"]) for g in groups] == [("Oak Learning Trust", 1)]
    assert as_role("member").get("/las/331.json").json()["tables"]["groups"]["rows"] == []


def test_unknown_school_is_not_found(register, as_role) -> None:
    member = as_role("member")
    assert member.get(f"/schools/{OWN}").status_code == 200  # the same address with a URN it holds
    page = member.get("/schools/999999")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Page not found" in html and "If you typed the web address, check it is correct." in html
    assert "Http404" not in html and "Traceback" not in html and "Hillside" not in html
    response = member.get("/schools/999999.json")
    assert response.status_code == 404
    assert response.json() == {"error": "If you typed the web address, check it is correct."}
    download = member.get("/schools/999999/download/measures.csv")
    assert download.status_code == 404 and "attachment" not in download.get("Content-Disposition", "")
    assert member.get(f"/schools/{OWN}/download/no-such-table.csv").status_code == 404


def test_search_by_name_and_by_urn(register, as_role) -> None:
    client = as_role("officer")
    by_name = client.get("/schools.json", {"q": "hillside"}).json()
    assert {r["urn"] for r in by_name["tables"]["schools"]["rows"]} == {OWN, PREDECESSOR}
    by_urn = client.get("/schools.json", {"q": str(ELSEWHERE)}).json()
    assert [r["urn"] for r in by_urn["tables"]["schools"]["rows"]] == [ELSEWHERE]


def test_filters_sort_and_pages(register, as_role) -> None:
    client = as_role("officer")
    rows = client.get(
        "/schools.json", {"la": "999", "phase": "primary", "sort": "urn", "order": "desc"}
    ).json()
    assert [r["urn"] for r in rows["tables"]["schools"]["rows"]] == [OTHER, OWN, PREDECESSOR]
    trust = client.get("/schools.json", {"trust": "oak"}).json()
    assert [r["urn"] for r in trust["tables"]["schools"]["rows"]] == [OWN]
    closed = client.get("/schools.json", {"status": "closed"}).json()
    assert closed["total"] == 1 and closed["pages"] == 1


def test_same_name_schools_show_their_urn(register, as_role) -> None:
    html = as_role("officer").get("/schools", {"q": "St Mary"}).content.decode()
    assert f"St Mary&#x27;s Church of England Primary School (URN {OTHER})" in html
    assert f"(URN {TWIN})" in html
    assert "Hillside Primary Academy (URN" not in as_role("officer").get("/schools").content.decode()


def test_sortable_headers_say_how_they_sort(register, as_role) -> None:
    html = as_role("officer").get("/schools", {"sort": "pupils", "order": "desc"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=pupils&amp;order=asc" in html


def test_download_csv_has_every_match_and_keeps_filters(register, as_role) -> None:
    response = as_role("officer").get("/schools/download/schools.csv", {"la": "999", "page": "2"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "URN", "LA", "Phase", "Type", "Trust", "Status", "Pupils"]
    assert sorted(int(r[1]) for r in rows[1:]) == [PREDECESSOR, OWN, OTHER, TWIN]


def test_download_neutralises_formulas(register, as_role) -> None:
    client = as_role("officer")
    text = client.get("/schools/download/schools.csv", {"q": str(ELSEWHERE)}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/schools/download/schools.xlsx", {"q": "Whitley"}).content)
    )
    sheet = book["schools"]
    assert sheet is not None
    assert [c.value for c in sheet[2]][:2] == ["Whitley Academy", ELSEWHERE]
    assert sheet.cell(2, 6).value == '\'=HYPERLINK("x")'
    assert sheet.cell(2, 6).data_type == "s"


def test_measures_download_shows_reasons(register, as_role) -> None:
    response = as_role("member").get(f"/schools/{OWN}/download/measures.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["Measure", "2018/19", "2021/22", "2022/23"]
    assert [c.value for c in sheet[2]][1:] == [71, "SUPP: suppressed to protect individual pupils", 64]


def test_la_page_has_schools_and_statistics(register, as_role) -> None:
    data = as_role("member").get("/las/999.json").json()
    assert data["authority"]["name"] == "Demo City"
    stats = data["tables"]["statistics"]["rows"]
    assert stats == [
        {
            "label": "KS2 % expected standard in reading, writing and maths",
            "year": 2023,
            "shown": 58.0,
            "status": None,
            "region": 57.0,
            "england": 59.0,
        }
    ]
    # open schools by default; the predecessor closed in 2015 comes with status=all
    assert {r["urn"] for r in data["tables"]["schools"]["rows"]} == {OWN, OTHER, TWIN}
    every = as_role("member").get("/las/999.json", {"status": "all"}).json()["tables"]["schools"]["rows"]
    assert {r["urn"] for r in every} == {OWN, OTHER, TWIN, PREDECESSOR}
    assert as_role("member").get("/las/123").status_code == 404


def test_la_page_shows_a_figures_status_beside_it(register, as_role) -> None:
    """A figure LAIT labels '2024 (prov)' and one over three years ('2022-2024') say so on the LA page."""
    from peerlift.store.models import AreaMeasure

    for year, status, span in ((2024, "provisional", 1), (2025, "", 3)):
        AreaMeasure.objects.create(
            area_type="la",
            area_code="999",
            year=year,
            measure="ks2_rwm_expected",
            value=60.0,
            status=status,
            span=span,
        )
    stats = as_role("member").get("/las/999.json").json()["tables"]["statistics"]["rows"]
    assert [(r["year"], r["status"]) for r in stats] == [
        (2023, None),
        (2024, "provisional"),
        (2025, "3 years"),
    ]
    assert "provisional" in as_role("member").get("/las/999").content.decode()


def test_home_page_per_role(register, as_role) -> None:
    assert "Hillside Primary Academy" in as_role("headteacher").get("/").content.decode()
    lead = as_role("network_lead").get("/index.json").json()
    assert [r["urn"] for r in lead["tables"]["network-schools"]["rows"]] == [OTHER]
    assert "Import a published file" in as_role("officer").get("/").content.decode()
    assert "Manage users" in as_role("admin").get("/").content.decode()
    assert (
        "Officers' notes and school categories are not shown" in as_role("member").get("/").content.decode()
    )


def test_notes_are_recorded_and_audited(register, as_role) -> None:
    officer = as_role("officer")
    response = officer.post(f"/schools/{OWN}/record/notes", {"text": "=cmd|' /C calc'!A0 first visit"})
    assert response.status_code == 302
    notes = as_role("headteacher").get(f"/schools/{OWN}/record.json").json()["tables"]["notes"]["rows"]
    assert [n["author"] for n in notes] == ["officer"]
    csv_text = officer.get(f"/schools/{OWN}/record/download/notes.csv").content.decode("utf-8-sig")
    assert "'=cmd" in csv_text
    audit = as_role("admin").get("/audit.json").json()["tables"]["audit"]["rows"]
    assert audit[0]["action"] == "add note" and audit[0]["actor"] == "officer"
    assert "first visit" in audit[0]["after_text"]


def test_an_empty_note_is_refused_with_an_error_summary(register, as_role) -> None:
    response = as_role("officer").post(f"/schools/{OWN}/record/notes", {"text": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#text"' in html


def test_openapi_describes_every_page(register, as_role) -> None:
    """Every JSON and download address Django serves is in the description, with its parameters, and
    every address the description gives is one Django serves (found from web/urls.py, not api.py)."""
    from django.urls import resolve

    from peerlift.web import pages, urls

    spec = as_role("anonymous").get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    placeholder = re.compile(r"<(?:(\w+):)?(\w+)>")
    served = {
        "/" + placeholder.sub(r"{\2}", str(p.pattern)): (p.name, placeholder.findall(str(p.pattern)))
        for p in urls.urlpatterns
        if p.name and (p.name.endswith("-json") or "-download-" in p.name)  # type: ignore[union-attr]
    }
    assert len(served) == 3 * len(pages.PAGES)
    assert set(spec["paths"]) == set(served)
    for address, (name, holders) in served.items():
        operation = spec["paths"][address]["get"]
        in_path = {p["name"]: p["schema"]["type"] for p in operation["parameters"] if p["in"] == "path"}
        assert in_path == {h: "integer" if kind == "int" else "string" for kind, h in holders}, address
        assert "200" in operation["responses"] and operation["summary"]
        filled = re.sub(r"{(\w+)}", lambda m: "t" if m.group(1) == "table" else "1", address)
        assert resolve(filled).url_name == name, address
    for the_page in pages.PAGES:
        operation = spec["paths"]["/" + placeholder.sub(r"{\2}", the_page.json_route)]["get"]
        in_query = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        assert in_query == {p.name for p in the_page.params}, the_page.name
    for known in (
        "/index.json",
        "/schools/{urn}.json",
        "/las/{la}.json",
        "/schools/{urn}/download/{table}.csv",
    ):
        assert known in spec["paths"], known
    params = {p["name"] for p in spec["paths"]["/schools.json"]["get"]["parameters"]}
    assert {"q", "la", "phase", "type", "trust", "status", "sort", "page"} <= params
    json.dumps(spec)


def test_table_formats_agree() -> None:
    table = Table(
        "t",
        "T",
        [Column("a", "A"), Column("b", "B", numeric=True)],
        [{"a": "-x", "b": -1.5}, {"a": "@", "b": None}],
    )
    assert table.csv().decode("utf-8-sig").splitlines() == ["A,B", "'-x,-1.5", "'@,"]
    assert table.as_json()["rows"] == [{"a": "-x", "b": -1.5}, {"a": "@", "b": None}]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-12", "-12"),
        ("-1.5e3", "-1.5e3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_neutralise(text: str, safe: str) -> None:
    assert neutralise(text) == safe


def test_schools_filters_offer_each_value_once(register, as_role) -> None:
    html = as_role("member").get("/schools").content.decode()
    # Two schools of the register are voluntary aided (OTHER and TWIN): one option.
    assert html.count('<option value="Voluntary aided school"') == 1


@pytest.mark.django_db
def test_the_la_s_home_pages_answer_before_any_data_is_loaded() -> None:
    """A fresh install: users made for LA 999, the register still empty (the LA not in it). The
    officers' to-do and the LA's links need the LA, so the home page leaves them out, not fails."""
    from django.test import Client

    from peerlift.web import accounts
    from peerlift.web.models import Role

    for role in (Role.ADMIN, Role.OFFICER, Role.MEMBER):
        user = accounts.create_user(
            f"new-{role.value}", "correct horse battery staple", accounts.Scope(role, la=999), actor="tests"
        )[0]
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        assert client.get("/").status_code == 200, role
