"""peerlift careers / governors flagged / aspirations on hand-made files, through `peerlift import`
(the templates in tests/data/careers; figures worked out in tests/analysis/test_careers.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_runner import run

from peerlift.store.models import (
    AspirationEvent,
    Establishment,
    GatsbyResult,
    Import,
    Inspection,
    Judgement,
    TrainingAttendance,
)
from peerlift.web import casework

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parent / "data" / "careers"


@pytest.fixture
def schools() -> None:
    for n in range(1, 11):
        Establishment.objects.create(urn=100000 + n, la_code=999, name=f"School {n}", status="Open")
    Establishment.objects.create(urn=200001, la_code=331, name="Elsewhere", status="Open")


def _import(*paths: Path) -> None:
    code, _, err = run("import", *map(str, paths))
    assert code == 0, err


def test_careers_json(schools: None, tmp_path: Path) -> None:
    elsewhere = tmp_path / "other.csv"  # another LA's school and another year: not in 999's 2024 figures
    elsewhere.write_text(
        "urn,year,gb1,gb2,gb3,gb4,gb5,gb6,gb7,gb8,careers_hub\n"
        "200001,2024,0,0,0,0,0,0,0,0,no\n100001,2025,0,0,0,0,0,0,0,0,no\n"
    )
    _import(DATA / "gatsby_2024.csv", elsewhere)
    assert GatsbyResult.objects.count() == 12
    code, out, err = run("careers", "--la", "999", "--year", "2024", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    expected = {
        "schools": 10,
        "average_achieved": 5.0,
        "pct_at_least_3": 90.0,
        "pct_at_least_4": 70.0,
        "pct_all_8": 20.0,
        "national_average": 5.83,
    }
    assert {k: found[k] for k in expected} == expected
    assert found["by_benchmark"]["gb6"] == 40.0
    first = found["per_school"][0]
    assert [first[k] for k in ("urn", "name", "achieved", "gb8")] == [100001, "School 1", 8, 100.0]
    workbook = tmp_path / "careers.xlsx"
    code, _, err = run("careers", "--la", "999", "--year", "2024", "--output", str(workbook))
    assert code == 0 and workbook.read_bytes()[:2] == b"PK", err
    code, _, err = run("careers", "--la", "999", "--output", str(tmp_path / "careers.docx"))
    assert code == 1 and ".pdf or .xlsx" in err
    code, _, err = run("careers", "--la", "331", "--year", "2019", "--format", "json")
    assert code == 0 and json.loads(_)["schools"] == 0


def test_importing_twice_changes_nothing(schools: None) -> None:
    _import(DATA / "gatsby_2024.csv")
    _import(DATA / "gatsby_2024.csv")
    assert GatsbyResult.objects.count() == 10
    record = Import.objects.filter(kind="gatsby_benchmarks", status="loaded").get()
    assert (record.rows_read, record.year) == (10, 2024)


def test_no_results_is_said_plainly(schools: None) -> None:
    code, _, err = run("careers", "--la", "999")
    assert code == 1 and "no Gatsby benchmark results" in err


def _requires_improvement(urn: int, on: dt.date) -> None:
    inspection = Inspection.objects.create(
        urn=urn, inspection_key=f"date:{on}", framework="graded", inspection_type="graded", start_date=on
    )
    Judgement.objects.create(inspection=inspection, area="overall_effectiveness", grade="3")


def test_governors_flagged_and_the_near_miss(schools: None) -> None:
    _import(DATA / "governor_training.csv")
    assert TrainingAttendance.objects.count() == 4
    _requires_improvement(100001, dt.date(2023, 5, 10))  # trained 15 January 2026
    _requires_improvement(100003, dt.date(2024, 3, 12))  # trained 14 October 2025
    casework.override_category("officer", 100004, 3, "Agreed with the head", effective_on=dt.date(2025, 9, 1))

    def flagged(as_at: str, *more: str) -> list[dict[str, object]]:
        code, out, err = run(
            "governors", "flagged", "--la", "999", "--as-at", as_at, *more, "--format", "json"
        )
        assert code == 0, err
        return json.loads(out)

    near_miss = flagged("2026-10-14")  # 14 October 2025 is exactly 12 months before: trained in time
    assert [r["urn"] for r in near_miss] == [100004]
    assert near_miss[0] == {
        "urn": 100004,
        "name": "School 4",
        "why_not_yet_good": "category 3",
        "last_training": None,
    }
    a_day_later = flagged("2026-10-15")
    assert [r["urn"] for r in a_day_later] == [100003, 100004]
    assert a_day_later[0]["why_not_yet_good"] == "latest inspection (12 March 2024): Requires improvement"
    assert a_day_later[0]["last_training"] == "2025-10-14"
    assert [r["urn"] for r in flagged("2026-10-15", "--months", "18")] == [100004]
    code, _, err = run("governors", "flagged", "--la", "999", "--as-at", "15/10/2026")
    assert code == 1 and "YYYY-MM-DD" in err


def test_aspirations(schools: None) -> None:
    _import(DATA / "aspiration_events.csv")
    assert AspirationEvent.objects.filter(la_code=999).count() == 3
    code, out, err = run("aspirations", "--la", "999", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    # School years: March 2025 and October 2025 fall in 2024/25 and 2025/26; March 2026 in 2025/26.
    assert found["totals"] == [
        {"year": 2026, "events": 2, "children_reached": 1300 + 240, "volunteers": 95 + 30},
        {"year": 2025, "events": 1, "children_reached": 1850, "volunteers": 120},
    ]
    newest_first = [(e["start_date"], e["schools"]) for e in found["events"]]
    assert newest_first == [("2026-03-09", 2), ("2025-10-02", 1), ("2025-03-10", 3)]
