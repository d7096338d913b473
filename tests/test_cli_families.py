"""``peerlift families`` run in-process on the real files: GIAS Hampshire and Surrey, the national
census (January 2019) and Hampshire's KS2 2019. Expected values are read from the census CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_runner import run

pytestmark = pytest.mark.django_db(transaction=True)

ANSTEY = 115851  # Anstey Junior School (Hampshire)
CENSUS = "performance_tables/england_2018-19/england_census.csv"


def _load(shared: Path) -> None:
    code, _, err = run(
        "import",
        str(shared / "gias" / "20220420_gias.csv"),
        str(shared / "performance_tables/la_850_hampshire_936_surrey/2018-850-ks2.csv"),
    )
    assert code == 0, err
    code, _, err = run("import", "--year", "2019", str(shared / CENSUS))
    assert code == 0, err


def test_families_json_csv_table_all_and_evaluate(shared_data: Path, tmp_path: Path) -> None:
    _load(shared_data)
    code, out, err = run("families", str(ANSTEY), "--method", "pupil", "--size", "5", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert list(found)[:5] == ["urn", "name", "method", "scope", "year"]
    assert (found["urn"], found["method"], found["scope"], found["year"]) == (
        ANSTEY,
        "pupil",
        "national",
        2019,
    )
    assert len(found["members"]) == 5
    member = found["members"][0]
    assert set(member) >= {"urn", "name", "distance", "imputed", "drivers"}
    assert [d["measure"] for d in member["drivers"]] == ["pupils_on_roll", "fsm_ever_pct", "sen_pct"]
    with (shared_data / CENSUS).open(encoding="utf-8-sig") as handle:
        row = next(r for r in csv.DictReader(handle) if r["URN"] == str(member["urn"]))
    assert member["drivers"][0]["value"] == float(row["NOR"])
    assert member["drivers"][1]["value"] == float(row["PNUMFSMEVER"])
    distances = [m["distance"] for m in found["members"]]
    assert distances == sorted(distances)

    code, out, err = run("families", str(ANSTEY), "--method", "pupil", "--size", "5", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert [int(r["urn"]) for r in rows] == [m["urn"] for m in found["members"]]
    assert float(rows[0]["pupils_on_roll_value"]) == float(row["NOR"])

    code, out, err = run("families", "--all", "--method", "pupil", "--size", "5")
    assert code == 0, err
    assert "Stored" in err and "pupil families (national, 5 schools, data year 2019)" in err
    code, out, err = run("families", str(ANSTEY), "--method", "pupil", "--size", "5", "--format", "json")
    assert json.loads(out)["stored"] is True and json.loads(out)["members"] == found["members"]

    code, out, err = run("families", "--evaluate", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["method"] for r in rows} == {"pupil", "context"}
    assert all(r["outcome"] == "ks2_rwm_expected" for r in rows)  # the only results held: primary KS2


def test_families_refuse_clearly(shared_data: Path, tmp_path: Path) -> None:
    _load(shared_data)
    code, _, err = run("families", "--format", "json")
    assert code == 1 and "give a URN, or --all, or --evaluate" in err
    code, _, err = run("families", "999999", "--format", "json")
    assert code == 1 and "no school with URN 999999" in err
    bad = tmp_path / "ours.toml"
    bad.write_text('[methods.ours]\nnormalisation = "rank"\n', encoding="utf-8")
    code, _, err = run("families", str(ANSTEY), "--methods", str(bad), "--method", "ours", "--format", "json")
    assert code == 1 and "ours.toml, line 2, key methods.ours.normalisation" in err
