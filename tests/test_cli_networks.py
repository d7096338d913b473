"""peerlift networks overlap / activities / outcomes / report on hand-made files through `peerlift
import` (tests/data/networks, plus one more spell); every figure worked out by hand below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run

from peerlift.store.models import Establishment

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parent / "data" / "networks"


@pytest.fixture
def imported(tmp_path: Path) -> None:
    for urn in (100001, 100002, 100003, 100004):
        Establishment.objects.create(urn=urn, la_code=999, name=f"School {urn}", status="Open")
    members = tmp_path / "members.csv"
    # 100001 joins the partnership too: in two arrangements for school improvement from February 2025.
    members.write_text(
        (DATA / "network_members.csv").read_text() + "Reading partnership,ad_hoc,,100001,2025-02-01,\n"
    )
    for path in (members, DATA / "network_activities.csv"):
        code, _, err = run("import", str(path))
        assert code == 0, err


def test_overlap_json_lists_with_reasons(imported: None) -> None:
    code, out, err = run("networks", "overlap", "--la", "999", "--on", "2025-09-01", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert (found["la"], found["on"], found["turbulence_share"]) == (999, "2025-09-01", 0.25)
    assert [(r["urn"], r["arrangements"]) for r in found["overlap"]] == [
        (100001, ["North cluster", "Reading partnership"])
    ]
    assert [(r["network"], r["beside"], r["shared"]) for r in found["beside"]] == [
        ("Reading partnership", "North cluster", [100001])
    ]
    # North on 1 September 2024: 100001 and 100002; 100002 left in January and came back in June:
    # 2 changes of 2 members = 100%.
    (north,) = found["turbulence"]
    assert (north["network"], north["members_at_start"], north["joined"], north["left"], north["share"]) == (
        "North cluster",
        2,
        1,
        1,
        1.0,
    )
    assert [r["urn"] for r in found["no_network"]] == [100004]
    assert found["no_network"][0]["reason"] == (
        "On 1 September 2025 School 100004 is in no LA network, cluster or ad hoc partnership."
    )


def test_activities_by_level(imported: None) -> None:
    code, out, err = run("networks", "activities", "--la", "999", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    # 2024/25: four activities; heads in 3, senior leaders 2, middle leaders 2, teachers 1, governors 0.
    (year,) = found["periods"]
    assert [year[k] for k in ("period", "activities", "heads_pct", "senior_leaders_pct")] == [
        "2024/25",
        4,
        75.0,
        50.0,
    ]
    assert [year[k] for k in ("middle_leaders_pct", "teachers_pct", "governors_pct")] == [50.0, 25.0, 0.0]
    assert found["beyond_heads_pct"] == 75.0  # all but the heads-only meeting
    code, out, _ = run("networks", "activities", "--la", "999", "--by", "term", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("Autumn 2024,2,100.0,50.0")


def test_outcomes_and_report(imported: None, tmp_path: Path) -> None:
    code, out, err = run("networks", "outcomes", "--la", "999", "--format", "json")
    assert code == 0, err
    rows = {r["network"]: r for r in json.loads(out)}
    assert (rows["North cluster"]["members"], rows["Reading partnership"]["members"]) == (2, 2)
    assert rows["North cluster"]["good_or_better_pct"] is None  # nobody inspected
    target = tmp_path / "north.xlsx"
    code, out, err = run(
        "networks", "report", "--la", "999", "--network", "north CLUSTER", "--output", str(target)
    )
    assert code == 0 and target.read_bytes()[:2] == b"PK", err
    code, _, err = run("networks", "report", "--la", "999", "--network", "Nowhere", "--output", str(target))
    assert code == 1 and "no network called 'Nowhere'" in err


def test_the_report_shows_the_network_s_survey(imported: None, tmp_path: Path) -> None:
    """A capacity-and-trust round of North cluster, answered through the template by six heads
    (tests/data/surveys/survey_answers.csv): the report's survey sheets hold its aggregates only."""
    import datetime as dt

    import openpyxl

    from peerlift.store import surveys
    from peerlift.web.models import Network

    for urn in (100005, 100006):
        Establishment.objects.create(urn=urn, la_code=999, name=f"School {urn}", status="Open")
    north = Network.objects.get(name="North cluster")
    today = dt.date.today()
    surveys.create_round(
        999,
        "network_capacity_trust",
        "North cluster: trust",
        today - dt.timedelta(days=10),
        today + dt.timedelta(days=10),
        [100001 + i for i in range(6)],
        "tests",
        network_id=north.pk,
    )
    code, _, err = run("import", str(DATA.parent / "surveys" / "survey_answers.csv"))
    assert code == 0, err
    target = tmp_path / "north.xlsx"
    code, _, err = run(
        "networks", "report", "--la", "999", "--network", "North cluster", "--output", str(target)
    )
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[-2:] == ["survey", "survey-words"]
    trust = next(r for r in book["survey"].iter_rows(min_row=3, values_only=True) if r[0] == 1)
    # agree, strongly agree, agree, disagree, agree, strongly agree: 5 of 6 favourable (83.3%),
    # mean (2x4 + 3x3 + 1x2) / 6 = 3.17; no round before it
    assert trust[2:] == (6, 83.3, 3.17, None, None)
    words = list(book["survey-words"].iter_rows(min_row=3, values_only=True))
    assert (5, "What would most improve your network?", "time", 3) in words
    assert (5, "What would most improve your network?", "Not grouped with another", 2) in words
    every = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "agreed by all" not in every  # 100005's own words are not in the report
    pdf = tmp_path / "north.pdf"
    code, _, err = run(
        "networks", "report", "--la", "999", "--network", "North cluster", "--output", str(pdf)
    )
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
