"""The latest inspection in any framework, on the hand-made history of test_good_or_better (worked out
from its table by hand):

  1  graded 2019 overall 2                         -> good or better, "Good"
  2  graded 2018 overall 3 (ungraded 2023 ignored) -> below, "Requires improvement"
  3  converter, not inspected itself; predecessor 30 graded 2016 overall 1 -> "Outstanding" via 30
  4  never inspected                               -> not listed
  5  graded 2022 overall 4                         -> below, "Inadequate"
  6  graded 2017 overall 2, then graded_2024 (quality of education 3, others 2) -> below, 1 of 4
  10 graded 2021 overall 2, then report card Dec 2025 all expected, achievement strong -> good or better
  11 graded 2014 overall 1 (outstanding), then report card Jan 2026 achievement needs attention -> below
     (the 2014 "outstanding" no longer speaks for it)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from peerlift.analysis.good_or_better import inspection_owners
from peerlift.analysis.latest_inspection import BELOW, GOOD_OR_BETTER, describe, latest_inspections

from .test_good_or_better import _frames


def _latest(on: dt.date | None = None) -> dict[int, dict[str, object]]:
    schools, inspections, judgements, links = _frames()
    owners = inspection_owners(schools, links)
    found = latest_inspections(owners, inspections, judgements, on)
    return {r["urn"]: r for r in found.to_dicts()}


def test_every_framework_in_its_own_terms() -> None:
    found = _latest()
    assert 4 not in found and 9 not in found  # 9 is sponsored: its predecessor does not speak for it
    got = {u: (found[u]["framework"], found[u]["standing"], found[u]["headline"]) for u in (1, 2, 3, 5, 6)}
    assert got == {
        1: ("graded", GOOD_OR_BETTER, "Good"),
        2: ("graded", BELOW, "Requires improvement"),
        3: ("graded", GOOD_OR_BETTER, "Outstanding"),
        5: ("graded", BELOW, "Inadequate"),
        6: ("graded_2024", BELOW, "No overall grade; 1 of 4 key judgements below good"),
    }
    assert found[3]["inspection_urn"] == 30
    assert (found[10]["framework"], found[10]["standing"]) == ("report_card", GOOD_OR_BETTER)
    assert found[10]["headline"] == (
        "Report card: 6 of 6 areas at expected standard or above; safeguarding standards met"
    )
    eleven = found[11]
    assert (eleven["framework"], eleven["standing"], eleven["overall"]) == ("report_card", BELOW, None)
    assert found[11]["headline"] == (
        "Report card: 5 of 6 areas at expected standard or above (1 needs attention); "
        "safeguarding standards met"
    )


def test_as_at_a_date_the_later_inspections_are_not_yet_known() -> None:
    found = _latest(dt.date(2025, 12, 31))
    assert (found[11]["framework"], found[11]["headline"]) == ("graded", "Outstanding")
    assert found[10]["framework"] == "report_card"


def test_urgent_improvement_and_safeguarding_not_met_are_below() -> None:
    standing, said = describe(
        "report_card",
        {
            "inclusion": "urgent_improvement",
            "achievement": "expected_standard",
            "safeguarding_standards": "met",
        },
        dt.date(2026, 2, 1),
    )
    assert (standing, said) == (
        BELOW,
        "Report card: 1 of 2 areas at expected standard or above (1 urgent improvement); "
        "safeguarding standards met",
    )
    standing, said = describe(
        "report_card", {"inclusion": "strong_standard", "safeguarding_standards": "not_met"}, None
    )
    assert standing == BELOW and said.endswith("safeguarding standards not met")
    assert describe("graded", {"overall_effectiveness": "3"}, dt.date(2010, 1, 1)) == (BELOW, "Satisfactory")


def test_schema_is_kept_when_nothing_is_inspected() -> None:
    schools, inspections, judgements, _ = _frames()
    owners = inspection_owners(schools.filter(pl.col("urn") == 4), None)
    assert latest_inspections(owners, inspections, judgements).is_empty()
