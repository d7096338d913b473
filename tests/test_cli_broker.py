"""``peerlift broker`` on the real GIAS extract of Hampshire and Surrey (20 April 2022): distances,
phases and context come from the register, and are checked here against the extract's own columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path

import openpyxl
import pytest
from cli_runner import run

pytestmark = pytest.mark.django_db(transaction=True)

GIAS = "gias/20220420_gias.csv"
ALTON_INFANT, ANSTEY, BALKSBURY, ANTON, ASHLEY = 115850, 115851, 115852, 115854, 115855
SURREY_SCHOOL = 124934

NEEDS = """need_id,urn,area,urgency,days,raised_on,raised_by,notes
N1,115850,reading,3,4,2026-01-12,A. Officer,reading below expected
N2,115852,reading,2,3,2026-01-05,A. Officer,
N3,115855,maths,1,2,,,
"""
OFFERS = """offer_id,supporter_urn,supporter_name,kind,areas,phases,capacity_days,max_distance_km,network,\
conflicts
O1,115851,,school,reading,primary,4,20,,
O2,115854,,school,reading;maths,primary,6,10,,115853
O3,,Jo Bloggs,nle,leadership,,5,,,
"""


def _extract(shared: Path) -> dict[int, dict[str, str]]:
    with (shared / GIAS).open(encoding="cp1252") as handle:
        return {int(r["URN"]): r for r in csv.DictReader(handle)}


def _km(rows: dict[int, dict[str, str]], a: int, b: int) -> float:
    return math.dist(*((float(rows[u]["Easting"]), float(rows[u]["Northing"])) for u in (a, b))) / 1000


def _files(tmp_path: Path, needs: str = NEEDS, offers: str = OFFERS) -> list[str]:
    (tmp_path / "needs.csv").write_text(needs, encoding="utf-8")
    (tmp_path / "offers.csv").write_text(offers, encoding="utf-8")
    return ["--needs", str(tmp_path / "needs.csv"), "--offers", str(tmp_path / "offers.csv")]


def test_broker_json_from_files_with_the_register_s_distances(shared_data: Path, tmp_path: Path) -> None:
    code, _, err = run("import", str(shared_data / GIAS))
    assert code == 0, err
    rows = _extract(shared_data)
    code, out, err = run("broker", "--la", "850", *_files(tmp_path), "--explain", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert list(found)[:8] == [
        "objective",
        "greedy_objective",
        "needs",
        "met",
        "greedy_met",
        "solver",
        "proposals",
        "unmet",
    ]
    assert (found["needs"], found["met"], found["greedy_met"]) == (3, 2, 2)
    assert found["solver"]["status"] == "optimal"
    pairs = {(p["need"], p["offer"]): p for p in found["proposals"]}
    assert set(pairs) == {("N1", "O1"), ("N2", "O2")}
    n1 = pairs["N1", "O1"]
    assert (n1["supporter_urn"], n1["supported_urn"], n1["area"], n1["days"]) == (
        ANSTEY,
        ALTON_INFANT,
        "reading",
        4,
    )
    km = _km(rows, ALTON_INFANT, ANSTEY)
    fsm_gap = abs(float(rows[ALTON_INFANT]["PercentageFSM"]) - float(rows[ANSTEY]["PercentageFSM"]))
    # urgency 3 x 2 + declared 0.5 x 3 + same phase 1 + (1 - FSM gap / 30) - 0.05 per km
    assert n1["score"] == pytest.approx(6 + 1.5 + 1 + (1 - fsm_gap / 30) - 0.05 * km, abs=1e-3)
    assert f"{km:,.1f} km away (travels up to 20.0 km)" in n1["reasons"]
    assert found["objective"] == pytest.approx(sum(p["score"] for p in found["proposals"]))
    far = _km(rows, ASHLEY, ANTON)
    assert found["unmet"] == [
        {
            "need": "N3",
            "reason": "no maths supporter for primary schools within reach: the "
            f"nearest, O2, is {far:,.1f} km away and travels up to 10.0 km",
        }
    ]
    candidate = next(c for c in found["candidates"] if (c["need"], c["offer"]) == ("N2", "O2"))
    assert candidate["distance_km"] == pytest.approx(_km(rows, BALKSBURY, ANTON), abs=1e-3)
    assert candidate["chosen"] is True
    assert {(c["need"], c["offer"]) for c in found["candidates"]} == {("N1", "O1"), ("N2", "O2")}

    code, out, err = run("broker", "--la", "850", *_files(tmp_path), "--format", "csv")
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["need"], r["offer"], r["unmet_reason"][:8]) for r in table] == [
        ("N1", "O1", ""),
        ("N2", "O2", ""),
        ("N3", "", "no maths"),
    ]

    target = tmp_path / "result.xlsx"
    code, _, err = run(
        "broker", "--la", "850", *_files(tmp_path), "--format", "xlsx", "--output", str(target)
    )
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["summary", "needs"]
    assert [c.value for c in book["needs"]["A"]][1:] == ["N1", "N2", "N3"]


def test_broker_refuses_what_does_not_fit_the_register_or_the_la(shared_data: Path, tmp_path: Path) -> None:
    code, _, err = run("import", str(shared_data / GIAS))
    assert code == 0, err
    surrey = NEEDS.replace("N3,115855,", f"N3,{SURREY_SCHOOL},")
    code, _, err = run("broker", "--la", "850", *_files(tmp_path, needs=surrey), "--format", "json")
    assert code == 1
    assert f"needs.csv, row 4, column 'urn': school {SURREY_SCHOOL} is in LA 936, not LA 850" in err
    unknown = OFFERS.replace("O3,,Jo Bloggs,nle", "O3,999999,,school")
    code, _, err = run("broker", "--la", "850", *_files(tmp_path, offers=unknown), "--format", "json")
    assert code == 1
    assert "offers.csv, row 4, column 'supporter_urn': school 999999 is not in the register" in err
    pins = tmp_path / "pins.csv"
    pins.write_text("need_id,offer_id,rule\nN3,O3,exclude\nN3,O2,pin\n", encoding="utf-8")
    code, _, err = run("broker", "--la", "850", *_files(tmp_path), "--pins", str(pins), "--format", "json")
    assert code == 1
    assert (
        "pins.csv, row 3, column 'offer_id': offer O2 cannot support need N3: the school is further than"
        in err
    )
    from peerlift.store.categories import record_override

    record_override(
        ANTON, 850, 4, rationale="test", discussed_on=None, effective_on=dt.date(2020, 1, 1), by="t"
    )
    code, out, err = run("broker", "--la", "850", *_files(tmp_path), "--format", "json")
    assert code == 0, err
    assert {u["need"]: u["reason"] for u in json.loads(out)["unmet"]}["N2"] == (
        "the reading supporters for primary schools within reach (O2) are in category 3 or 4, so cannot offer"
    )
    code, _, err = run("broker", "--la", "850", "--needs", str(tmp_path / "needs.csv"), "--format", "json")
    assert code == 1
    assert "give both --needs and --offers" in err
