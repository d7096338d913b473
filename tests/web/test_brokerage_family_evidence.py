"""Evidence from families on the demo LA (Demo City, seed 0): the needs proposed for one school, and a
supporter's strength, match a hand reading of the demo's own KS2 files.

The school is Saint-Exupéry Primary School (URN 990032). Its context family (national, 30 schools,
built from the 2025 census) is read from the stored set; the figures are read here with the csv
module from the demo's files, and the quartiles with ``statistics.quantiles(method="inclusive")``,
not with peerlift's code. By hand, from ``2022-2023_999_ks2final.csv``, column READPROG:

    990032: -2.4. Its 30 members: 26 have a figure (three are not in the file, one is LOWCOV),
    sorted -2.7, -2.4, -2.1, -1.9, -1.8, -1.5, -1.1, -0.9, -0.8, -0.8, -0.7, -0.4, -0.2, 0.0, 0.0,
    0.1, 0.3, 0.4, 0.7, 0.9, 1.1, 1.4, 1.4, 1.8, 2.3, 2.5; the lower quartile sits at position
    (26 - 1) x 0.25 = 6.25 counting from 0, between -1.1 (6th) and -0.9 (7th):
    -1.1 + 0.25 x 0.2 = -1.05. -2.4 is below it: a reading need.

From ``2024-2025_999_ks2final.csv``, READ_AVERAGE: 990032 100; 28 members with a figure, the 7th
and 8th (from 0) both 102: lower quartile 102.0; 100 is below it (the second piece of evidence).
Progress is NP in 2024 and 2025, so 2023 is the latest year with a progress score. WRITPROG 2023:
0.0, between the quartiles (-1.2, 0.65): no writing need.
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import pytest

from peerlift.brokerage import register, stored
from peerlift.brokerage.model import Area
from peerlift.demo import generate
from peerlift.store import families
from peerlift.store.imports import import_file
from peerlift.store.models import FamilyMember
from peerlift.web import brokerage_changes as changes

pytestmark = pytest.mark.django_db

SCHOOL = 990032  # Saint-Exupéry Primary School
SUPPORTER = 990039  # one of its family, strong in reading
NUMBERS = ("", "SUPP", "NP", "LOWCOV", "NE", "NEW")


def _load(folder: Path) -> Path:
    for path in generate(folder, seed=0):
        if path.name.startswith(("edubasealldata", "20")) and path.suffix == ".csv":
            import_file(path, user="tests")
    return folder


def _column(path: Path, column: str) -> dict[int, str]:
    with path.open(encoding="utf-8-sig") as handle:
        return {int(r["URN"]): r[column] for r in csv.DictReader(handle) if r["URN"].strip()}


def _hand_quartiles(folder: Path, file: str, column: str, urn: int) -> tuple[float, list[float], int]:
    """The school's figure, its family's lower and upper quartiles, and how many have a figure."""
    members = FamilyMember.objects.filter(urn=urn).values_list("member_urn", flat=True)
    figures = _column(folder / file, column)
    theirs = [float(figures[m]) for m in members if figures.get(m, "") not in NUMBERS]
    quartiles = statistics.quantiles(theirs, n=4, method="inclusive")
    return float(figures[urn]), [quartiles[0], quartiles[2]], len(theirs)


def test_without_stored_families_the_page_s_proposals_say_so(tmp_path: Path) -> None:
    _load(tmp_path)
    found, notes = stored.proposals_with_notes(999)
    assert found == []  # no categories, concerns or inspections in these files either
    assert notes.general[0].startswith("No families (context method, national scope, 30 schools) are stored")


def test_proposals_from_the_demo_match_a_hand_reading_of_the_school_s_figures(tmp_path: Path) -> None:
    folder = _load(tmp_path)
    families.build("context", "national", 30)
    value, (lower, _), count = _hand_quartiles(folder, "2022-2023_999_ks2final.csv", "READPROG", SCHOOL)
    assert (value, lower, count) == (-2.4, pytest.approx(-1.05), 26)  # as worked out above
    average, (lower_avg, _), count_avg = _hand_quartiles(
        folder, "2024-2025_999_ks2final.csv", "READ_AVERAGE", SCHOOL
    )
    assert (average, lower_avg, count_avg) == (100.0, 102.0, 28)

    found, notes = stored.proposals_with_notes(999)
    mine = {p.area: p for p in found if p.urn == SCHOOL}
    assert Area.WRITING not in mine
    assert mine[Area.READING].urgency == 1
    assert mine[Area.READING].evidence == (
        "worst quartile of its family: KS2 reading progress score -2.4 in 2023: below its family's "
        "lower quartile, -1.05 (26 of its family of 30 have a 2023 figure)",
        "worst quartile of its family: KS2 average scaled score in reading 100.0 in 2025: below its "
        "family's lower quartile, 102.00 (28 of its family of 30 have a 2025 figure)",
    )
    # the two all-through schools have families of one: too few to give a quartile, and it is said
    assert any("no family quartile, as only 1 of its family of 1 has a" in n for n in notes.measures)
    assert notes.general == []  # built after the last import: not out of date

    # stored as proposals with their evidence, as an officer reads them
    changes.propose("officer", 999)
    from peerlift.store.models import BrokerageNeed

    need = BrokerageNeed.objects.get(la_code=999, need_id=f"P{SCHOOL}-reading")
    assert need.status == "proposed" and len(need.evidence) == 2


def test_a_supporter_in_its_family_s_best_quartile_is_strong_in_reading(tmp_path: Path) -> None:
    folder = _load(tmp_path)
    families.build("context", "national", 30)
    # by hand: 990039's 2023 reading progress 2.3 against its family's upper quartile 1.10 (26 with
    # a figure); its 2025 reading average 107 against 105.0 (28)
    value, (_, upper), count = _hand_quartiles(folder, "2022-2023_999_ks2final.csv", "READPROG", SUPPORTER)
    assert (value, upper, count) == (2.3, pytest.approx(1.1), 26)
    changes.save_need(
        "officer", 999, {"need_id": "N1", "urn": SCHOOL, "area": "reading", "urgency": 2, "days": 3}
    )
    offer = {
        "offer_id": "O1",
        "supporter_urn": SUPPORTER,
        "kind": "school",
        "areas": ["reading", "send"],
        "capacity_days": 6,
    }
    changes.save_offer("officer", 999, offer)
    instance = stored.instance(999)
    strength = instance.strengths[(SUPPORTER, Area.READING)]
    assert strength.level == 0.8  # area_measures.toml's strength.level
    assert strength.evidence[0] == (
        "best quartile of its family: KS2 reading progress score 2.3 in 2023: above its family's upper "
        "quartile, 1.10 (26 of its family of 30 have a 2023 figure)"
    )
    assert (SUPPORTER, Area.SEND) not in instance.strengths  # no measures speak for SEND
    assert register.family_findings([SUPPORTER])[1] is None


def test_report_card_areas_below_expected_standard_propose_needs(tmp_path: Path) -> None:
    """By hand, the demo's Ofsted MI (as at 31 March 2026), row of Nightingale Primary School
    (990055): its latest full inspection, 10000676 of 20/12/2025, is a report card with Achievement
    "Needs attention" and every other area "Expected standard", safeguarding "Met"; its latest OEIF
    inspection (19/09/2014) judged behaviour and leadership 3, but it is not the latest, so proposes
    nothing. Achievement below expected standard: a curriculum need, urgency 2 (proposals.toml)."""
    for path in generate(tmp_path, seed=0):
        if path.name.startswith(("edubasealldata", "Management_information")):
            import_file(path, user="tests")
    mine = [p for p in stored.proposals(999) if p.urn == 990055]
    assert [(p.area, p.urgency) for p in mine] == [(Area.CURRICULUM, 2)]
    assert mine[0].evidence == (
        "achievement judged needs attention at the latest inspection on 20 December 2025",
    )


def test_the_needs_page_says_when_no_families_are_stored(as_role) -> None:  # type: ignore[no-untyped-def]
    response = as_role("officer").post("/las/999/brokerage/needs/propose", follow=True)
    page = response.content.decode()
    assert "No families (context method, national scope, 30 schools) are stored" in page
