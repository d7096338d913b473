"""Families from the register: the real GIAS extract of Hampshire and Surrey, the national census
(January 2019) and Hampshire's KS2 2019 imported, families built, stored, read back and made stale.

Expected values are read from the published files with the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from peerlift.store import families
from peerlift.store.imports import import_file
from peerlift.store.models import FamilyMember, FamilySet

pytestmark = pytest.mark.django_db

CENSUS = "performance_tables/england_2018-19/england_census.csv"
KS2 = "performance_tables/la_850_hampshire_936_surrey/2018-850-ks2.csv"
ANSTEY = 115851  # Anstey Junior School (Hampshire), open primary


@pytest.fixture
def loaded(shared_data: Path) -> Path:
    import_file(shared_data / "gias" / "20220420_gias.csv")
    import_file(shared_data / CENSUS, year=2019)
    import_file(shared_data / KS2)
    return shared_data


def _census_row(shared: Path, urn: int) -> dict[str, str]:
    with (shared / CENSUS).open(encoding="utf-8-sig") as handle:
        return next(r for r in csv.DictReader(handle) if r["URN"] == str(urn))


def _open_with_census(shared: Path) -> dict[str, int]:
    """Open schools of the extract with at least two of the pupil method's census figures, by phase."""
    with (shared / CENSUS).open(encoding="utf-8-sig") as handle:
        census = {r["URN"]: r for r in csv.DictReader(handle)}
    counts: dict[str, int] = {}
    with (shared / "gias" / "20220420_gias.csv").open(encoding="latin-1") as handle:
        for r in csv.DictReader(handle):
            row = census.get(r["URN"])
            if not r["EstablishmentStatus (name)"].startswith("Open") or row is None:
                continue
            figures = [row["NOR"], row["PNUMFSMEVER"], row["PSENELK"] if row["PSENELSE"] != "NA" else "NA"]
            if sum(f not in ("NA", "") for f in figures) >= 2:
                phase = r["PhaseOfEducation (name)"]
                counts[phase] = counts.get(phase, 0) + 1
    return counts


def test_family_of_a_school_computed_then_stored(loaded: Path) -> None:
    computed = families.family_of(ANSTEY, "pupil", "national", 10)
    assert computed["stored"] is False and computed["year"] == 2019
    assert list(computed)[:4] == ["urn", "name", "method", "scope"]
    assert computed["name"] == "Anstey Junior School" and computed["phase_group"] == "primary"
    assert len(computed["members"]) == 10
    row = _census_row(loaded, ANSTEY)
    first = computed["members"][0]
    own = {d["measure"]: d["school_value"] for d in first["drivers"]}
    assert own == {
        "pupils_on_roll": float(row["NOR"]),
        "fsm_ever_pct": float(row["PNUMFSMEVER"]),
        "sen_pct": pytest.approx(float(row["PSENELK"]) + float(row["PSENELSE"])),
    }
    member_row = _census_row(loaded, first["urn"])
    assert {d["measure"]: d["value"] for d in first["drivers"]}["pupils_on_roll"] == float(member_row["NOR"])
    assert sum(d["share"] for d in first["drivers"]) == pytest.approx(1, abs=1e-3)

    stored = families.build("pupil", "national", 10)
    groups = _open_with_census(loaded)
    assert stored.year == 2019 and stored.schools == sum(groups.values())
    expected = sum(count * min(10, count - 1) for count in groups.values())
    assert FamilyMember.objects.filter(family_set=stored).count() == expected
    again = families.family_of(ANSTEY, "pupil", "national", 10)
    assert again["stored"] is True and again["stale"] is False
    assert [(m["urn"], m["distance"]) for m in again["members"]] == [
        (m["urn"], pytest.approx(m["distance"], abs=1e-6)) for m in computed["members"]
    ]
    assert [m["why"] for m in again["members"]] == [m["why"] for m in computed["members"]]


def test_a_set_goes_stale_when_an_import_changes_its_inputs(loaded: Path, tmp_path: Path) -> None:
    stored = families.build("pupil", "national", 5)
    assert families.stale(stored) is False
    import_file(loaded / "performance_tables/la_850_hampshire_936_surrey/2017-850-ks2.csv")  # 2018 figures
    assert families.stale(stored) is False  # another year's KS2: not an input of the 2019 census families
    changed = tmp_path / "england_census.csv"
    text = (loaded / CENSUS).read_text(encoding="utf-8-sig")
    revised = text.replace(
        "\n100000,201,3614,State-funded primary,285,", "\n100000,201,3614,State-funded primary,286,"
    )
    assert revised != text
    changed.write_text(revised, encoding="utf-8")
    import_file(changed, year=2019)  # a revised census: one school's pupils on roll changed
    assert families.stale(FamilySet.objects.get(pk=stored.pk)) is True
    assert families.family_of(ANSTEY, "pupil", "national", 5)["stale"] is True
    rebuilt = families.build("pupil", "national", 5)
    assert families.stale(rebuilt) is False
    assert FamilySet.objects.count() == 1


def test_a_closed_school_and_an_unknown_year_are_explained(loaded: Path) -> None:
    with open(loaded / "gias" / "20220420_gias.csv", encoding="latin-1") as handle:
        closed = next(
            int(r["URN"]) for r in csv.DictReader(handle) if r["EstablishmentStatus (name)"] == "Closed"
        )
    with pytest.raises(families.FamiliesError, match="closed in the register: families are of open schools"):
        families.family_of(closed, "pupil")
    with pytest.raises(families.FamiliesError, match=r"no census figures for 2017 \(years held: 2019\)"):
        families.family_of(ANSTEY, "pupil", year=2017)
    with pytest.raises(families.FamiliesError, match="no family method 'nearest'"):
        families.family_of(ANSTEY, "nearest")


def test_evaluation_rows_for_each_method(loaded: Path) -> None:
    rows = families.evaluate(None, "national", 30)
    methods = {r["method"] for r in rows}
    assert methods == {"pupil", "context"}
    primary = {r["method"]: r for r in rows if r["phase_group"] == "primary"}
    # Hampshire's KS2 2019 file: the schools with an RWM figure that are open in the 2022 extract
    assert primary["pupil"]["schools"] > 250
    assert primary["pupil"]["outcome"] == "ks2_rwm_expected"
    assert primary["context"]["stability"] is None  # one census year: nothing to compare with


def test_many_families_at_once_equal_one_at_a_time(loaded: Path) -> None:
    with open(loaded / "gias" / "20220420_gias.csv", encoding="latin-1") as handle:
        rows = list(csv.DictReader(handle))
    open_urns = [int(r["URN"]) for r in rows if r["EstablishmentStatus (name)"] == "Open"][:5]
    closed = next(int(r["URN"]) for r in rows if r["EstablishmentStatus (name)"] == "Closed")
    for stored in (False, True):
        if stored:
            families.build("context", "national", 8)
        many = families.families_for([*open_urns, closed], "context", "national", 8)
        for urn in open_urns:
            one = families.family_of(urn, "context", "national", 8)
            assert many[urn]["members"] == one["members"] and many[urn]["stored"] is stored
        assert many[closed]["members"] == [] and "is closed in the register" in many[closed]["problem"]
