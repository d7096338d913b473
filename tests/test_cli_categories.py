"""``peerlift categorise``, ``concerns`` and ``inspection-due`` in-process on a hand-made register of
three schools: the JSON keys of the contract, an override kept beside the computed category, the
history only growing, and windows worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_runner import run

from peerlift.store.models import CategoryDecision, Establishment, Inspection, Judgement
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

MEASURES, REQUIRES, GOOD = 990001, 990002, 990003
KEYS = ["urn", "name", "phase", "category", "computed_category", "reasons", "override", "changed_on"]


def _school(urn: int, name: str) -> None:
    Establishment.objects.create(
        urn=urn,
        la_code=999,
        name=name,
        phase="Primary",
        type="Community school",
        type_group="Local authority maintained schools",
        status="Open",
        open_date=dt.date(1990, 9, 1),
    )


def _inspected(urn: int, on: dt.date, overall: str, category: str = "") -> None:
    found = Inspection.objects.create(
        urn=urn,
        inspection_key=f"date:{on}",
        framework="graded",
        inspection_type="graded",
        start_date=on,
        category_of_concern=category,
    )
    Judgement.objects.create(inspection=found, area="overall_effectiveness", grade=overall)


@pytest.fixture
def register() -> None:
    _school(MEASURES, "Ash Primary")
    _school(REQUIRES, "Birch Primary")
    _school(GOOD, "Cedar Primary")
    _inspected(MEASURES, dt.date(2025, 6, 1), "4", "special_measures")
    _inspected(REQUIRES, dt.date(2024, 3, 15), "3")
    _inspected(GOOD, dt.date(2022, 5, 10), "2")


def _categorise(*extra: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run("categorise", "--la", "999", "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_categorise_override_and_history(register: None) -> None:
    rows = _categorise("--as-at", "2026-01-10")
    assert [list(r) for r in rows] == [KEYS] * 3
    by_urn = {r["urn"]: r for r in rows}
    assert [by_urn[u]["category"] for u in (MEASURES, REQUIRES, GOOD)] == [4, 3, 2]
    special = by_urn[MEASURES]
    assert special["computed_category"] == 4 and special["override"] is None
    assert special["changed_on"] == "2026-01-10"
    assert {
        "rule": "special_measures",
        "text": "The inspection of 1 June 2025 placed the school in special measures",
        "figures": {"date": "2025-06-01", "category": "special_measures"},
    } in special["reasons"]
    assert CategoryDecision.objects.count() == 3  # each school's first computed category recorded

    code, out, err = run(
        "categorise", "--la", "999", "--override", str(REQUIRES), "--category", "2",
        "--rationale", "Discussed with the head: new leadership is secure", "--by", "officer",
        "--as-at", "2026-01-20", "--discussed-on", "2026-01-19",
    )  # fmt: skip
    assert code == 0, err
    assert "is now category 2 (was 3)" in out
    rows = {r["urn"]: r for r in _categorise("--as-at", "2026-02-01")}
    birch = rows[REQUIRES]
    assert (birch["category"], birch["computed_category"]) == (2, 3)  # the override beside the computed
    assert birch["override"] == {
        "category": 2,
        "rationale": "Discussed with the head: new leadership is secure",
        "by": "officer",
        "on": "2026-01-19",
    }
    assert birch["changed_on"] == "2026-01-20"
    assert CategoryDecision.objects.count() == 4  # nothing changed on recomputing: nothing added

    code, out, err = run("categorise", "--history", str(REQUIRES), "--format", "json")
    assert code == 0, err
    history = json.loads(out)
    assert [(h["kind"], h["from"], h["to"], h["by"]) for h in history] == [
        ("computed", None, 3, "cli"),
        ("override", 3, 2, "officer"),
    ]
    assert AuditEntry.objects.filter(action="override category", object_id=str(history[1]["id"])).exists()


def test_an_override_needs_its_rationale(register: None) -> None:
    code, _, err = run("categorise", "--la", "999", "--override", str(GOOD), "--category", "3")
    assert code == 1 and "--rationale" in err
    code, _, err = run(
        "categorise", "--la", "999", "--override", "123", "--category", "3", "--rationale", "x"
    )
    assert code == 1 and "no school with URN 123" in err


def test_a_rules_file_is_tried_without_recording_and_its_mistakes_name_the_line(
    register: None, tmp_path: Path
) -> None:
    mine = tmp_path / "strict.toml"
    mine.write_text(
        '[criteria.below_outstanding]\npredicate = "oeif_grade"\ngrades = ["2", "3", "4"]\n'
        'text = "Judged {grade_name}"\n\n[[rules]]\ncategory = 3\nany = ["below_outstanding"]\n\n'
        "[[rules]]\ncategory = 1\n",
        encoding="utf-8",
    )
    rows = _categorise("--rules", str(mine), "--as-at", "2026-01-10")
    assert {r["computed_category"] for r in rows} == {3}
    assert not CategoryDecision.objects.exists()
    mine.write_text(mine.read_text(encoding="utf-8").replace('"oeif_grade"', '"grade"'), encoding="utf-8")
    code, _, err = run("categorise", "--la", "999", "--rules", str(mine), "--format", "json")
    assert code == 1 and "strict.toml, line 2, key criteria.below_outstanding.predicate" in err


def test_inspection_due_windows(register: None) -> None:
    code, out, err = run("inspection-due", "--la", "999", "--as-at", "2025-06-01", "--format", "json")
    assert code == 0, err
    rows = {r["urn"]: r for r in json.loads(out)}
    assert list(rows[GOOD]) == [
        "urn", "name", "last_inspection_date", "framework", "outcome", "due_from", "due_by", "overdue", "rule"
    ]  # fmt: skip
    # Good on 10 May 2022 (2021/22): from 1 September 2025, by 31 August 2027 (five years after 2021/22).
    assert (rows[GOOD]["due_from"], rows[GOOD]["due_by"], rows[GOOD]["rule"]) == (
        "2025-09-01",
        "2027-08-31",
        "good_or_better",
    )
    # RI on 15 March 2024: 12 and 30 months.
    assert (rows[REQUIRES]["due_from"], rows[REQUIRES]["due_by"]) == ("2025-03-15", "2026-09-15")
    assert rows[REQUIRES]["outcome"] == "Requires improvement" and rows[REQUIRES]["overdue"] is False
    # Special measures on 1 June 2025: monitoring from 1 September 2025, within 30 months.
    assert (rows[MEASURES]["due_from"], rows[MEASURES]["due_by"]) == ("2025-09-01", "2027-12-01")
    code, out, _ = run(
        "inspection-due", "--la", "999", "--as-at", "2025-06-01", "--within-months", "0", "--format", "json"
    )
    assert [r["urn"] for r in json.loads(out)] == [REQUIRES]
    code, out, _ = run("inspection-due", "--la", "999", "--as-at", "2026-10-01", "--format", "csv")
    assert (
        "990002,Birch Primary,2024-03-15,graded,Requires improvement,2025-03-15,2026-09-15,True,"
        "requires_improvement" in out
    )


def test_concerns_add_list_close(register: None) -> None:
    code, out, err = run(
        "concerns",
        "add",
        str(GOOD),
        "--kind",
        "finance",
        "--note",
        "Deficit of 4%",
        "--raised-on",
        "2025-11-03",
    )
    assert code == 0, err
    assert "Recorded concern" in out and "Finance (deficit)" in out
    code, out, _ = run("concerns", "list", "--la", "999", "--format", "json")
    listed = json.loads(out)
    assert [(c["urn"], c["kind"], c["raised_on"], c["open"]) for c in listed] == [
        (GOOD, "finance", "2025-11-03", True)
    ]
    code, out, err = run(
        "concerns", "close", str(listed[0]["id"]), "--on", "2026-02-01", "--note", "Budget balanced"
    )
    assert code == 0 and "Closed concern" in out, err
    code, out, _ = run("concerns", "list", "--la", "999", "--format", "json")
    assert json.loads(out) == []
    code, out, _ = run("concerns", "list", "--urn", str(GOOD), "--all", "--format", "json")
    assert json.loads(out)[0]["closed_on"] == "2026-02-01"
    code, _, err = run("concerns", "add", str(GOOD), "--kind", "weather")
    assert code == 1 and "not a kind of concern" in err
