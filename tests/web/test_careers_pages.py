"""The careers, governance and aspirations pages on a hand-made file: the figures (worked out by hand
below), the chart with its table, the template downloads (read back by the readers), the audited
training form and its errors, and what a school's own head sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlift.sources import registry
from peerlift.store import imports
from peerlift.store.models import TrainingAttendance
from peerlift.web.models import AuditEntry

from .conftest import ELSEWHERE, OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db

# OWN: all eight at 100 (8); OTHER: gb1-gb4 at 100, the rest 50 (4); TWIN: gb1, gb2 at 100 (2).
# Mean (8 + 4 + 2) / 3 = 4.67; at least 3: 2 of 3 = 66.7%; at least 4: 66.7%; all 8: 1 of 3 = 33.3%.
GATSBY = (
    "urn,year,gb1,gb2,gb3,gb4,gb5,gb6,gb7,gb8,careers_hub\n"
    f"{OWN},2024/25,100,100,100,100,100,100,100,100,yes\n"
    f"{OTHER},2024/25,100,100,100,100,50,50,50,50,no\n"
    f"{TWIN},2024/25,100,100,0,0,0,0,0,0,no\n"
)


@pytest.fixture
def results(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gatsby.csv"
    path.write_text(GATSBY)
    imports.import_file(path, user="tests")


def test_careers_page_figures_chart_and_table(results: None, as_role) -> None:
    client = as_role("member")  # an elected member sees the LA's aggregates
    data = client.get("/las/999/careers.json").json()
    found = data["careers"]
    assert (found["year"], found["schools"], found["average_achieved"]) == (2025, 3, 4.67)
    assert (found["pct_at_least_3"], found["pct_at_least_4"], found["pct_all_8"]) == (66.7, 66.7, 33.3)
    assert found["national_average"] == 5.96  # 2024/25
    benchmarks = {r["benchmark"]: r["pct"] for r in data["tables"]["benchmarks"]["rows"]}
    assert (benchmarks["GB1"], benchmarks["GB3"], benchmarks["GB5"]) == (100.0, 66.7, 33.3)
    html = client.get("/las/999/careers").content.decode()
    assert 'alt="Bar chart of the % of Demo City' in html and "2024/25" in html
    assert "data:image/svg+xml;base64," in html
    csv_text = client.get("/las/999/careers/download/schools.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("URN,School,Fully achieved,GB1")


def test_an_la_without_results_says_so(users, as_role) -> None:
    page = as_role("other_officer").get("/las/331/careers").content.decode()
    assert "No Gatsby benchmark results are recorded for Coventry yet" in page


@pytest.mark.parametrize("kind", ["gatsby_benchmarks", "governor_training", "aspiration_events"])
def test_template_downloads_are_read_by_their_reader(kind: str, users, as_role, tmp_path: Path) -> None:
    response = as_role("member").get(f"/templates/{kind}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(response.content)
    read = registry.read(path)
    assert (read.kind, read.rows_read, read.skipped) == (kind, 1, [])


def test_recording_training_is_audited_and_shown_to_the_school_s_head(users, as_role) -> None:
    officer = as_role("officer")
    refused = officer.post(
        "/las/999/governors/training/add",
        {
            "course_title": "",
            **{"course_date-day": "31", "course_date-month": "2", "course_date-year": "2026"},
            "urn": str(ELSEWHERE),
            "governor": "Chair",
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    for message in (
        "Enter the course&#x27;s title",
        "The day the course ran must be a real date",
        f"There is no school with URN {ELSEWHERE} in this LA",
    ):
        assert message in page
    assert not TrainingAttendance.objects.exists()
    assert not AuditEntry.objects.filter(action="record governor training").exists()
    done = officer.post(
        "/las/999/governors/training/add",
        {
            "course_title": "Using performance data",
            **{"course_date-day": "15", "course_date-month": "1", "course_date-year": "2026"},
            "provider": "Governor Services",
            "topic": "use of performance data",
            "urn": str(OWN),
            "governor": "Chair of governors",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/las/999/governors/training"
    entry = AuditEntry.objects.get(action="record governor training")
    assert (entry.actor, entry.la_code, entry.before) == ("officer", 999, None)
    assert entry.after == {
        "course": "Using performance data",
        "date": "2026-01-15",
        "provider": "Governor Services",
        "topic": "use of performance data",
        "urn": OWN,
        "governor": "Chair of governors",
    }
    courses = as_role("network_lead").get("/las/999/governors/training.json").json()["tables"]["courses"]
    assert [(c["title"], c["attendees"], c["schools"]) for c in courses["rows"]] == [
        ("Using performance data", 1, 1)
    ]
    assert "governor" not in courses["columns"][0]  # aggregates only: no governor named
    head = as_role("headteacher").get(f"/schools/{OWN}/governors.json").json()["tables"]["training"]["rows"]
    assert [r["governor"] for r in head] == ["Chair of governors"]


def test_the_summary_as_pdf_and_xlsx(results: None, as_role, tmp_path: Path) -> None:
    import subprocess

    import polars as pl

    client = as_role("member")
    workbook = tmp_path / "careers.xlsx"
    workbook.write_bytes(client.get("/las/999/careers/summary.xlsx?year=2025").content)
    summary = pl.read_excel(workbook, sheet_name="summary", read_options={"header_row": 1})
    assert summary.row(1) == ("Average number of benchmarks fully achieved", 4.67, 5.96)
    schools = pl.read_excel(workbook, sheet_name="schools", read_options={"header_row": 1})
    assert schools["Fully achieved"].to_list() == [8, 4, 2]
    pdf = tmp_path / "careers.pdf"
    response = client.get("/las/999/careers/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Demo City: careers and the Gatsby benchmarks, 2024/25" in text and "4.67" in text
    assert client.get("/las/999/careers/summary.docx").status_code == 404


def test_the_summary_files_of_an_la_without_results_say_so(users, as_role, tmp_path: Path) -> None:
    import subprocess

    response = as_role("other_officer").get("/las/331/careers/summary.pdf")
    assert response.status_code == 200
    (tmp_path / "none.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "none.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "No Gatsby benchmark results are recorded for the LA." in text


def test_entering_results_by_hand_is_audited_and_replaces_them(results: None, as_role) -> None:
    officer = as_role("officer")
    refused = officer.post("/las/999/careers/results", {"urn": str(OWN), "year": "25", "gb3": "120"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Enter the school year as 2024/25 or 2025" in page and "Enter GB3 as a percentage" in page
    done = officer.post(
        "/las/999/careers/results",
        {"urn": str(TWIN), "year": "2024/25", **{f"gb{n}": "100" for n in range(1, 5)}, "careers_hub": "yes"},
    )
    assert done.status_code == 302 and done["Location"] == "/las/999/careers?year=2025"
    entry = AuditEntry.objects.get(action="enter gatsby results")
    assert (entry.before["gb3"], entry.after["gb3"], entry.after["gb5"], entry.after["careers_hub"]) == (
        0.0,
        100.0,
        None,
        True,
    )
    found = officer.get("/las/999/careers.json?year=2025").json()["careers"]
    # TWIN now has 4 fully achieved: (8 + 4 + 4) / 3 = 5.33; at least 4: all three
    assert (found["average_achieved"], found["pct_at_least_4"]) == (5.33, 100.0)
    assert (
        as_role("member").post("/las/999/careers/results", {"urn": str(OWN), "year": "2025"}).status_code
        == 403
    )
