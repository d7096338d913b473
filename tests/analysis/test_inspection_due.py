"""Inspection windows for hand-made histories in each framework, against dates worked out on paper
from inspection_cycles.toml (academic year 0 is the one the inspection or opening falls in)."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlift.analysis.inspection_due import (
    CyclesError,
    academic_year,
    add_months,
    default_cycles,
    due,
    parse_cycles,
)
from peerlift.analysis.visits import Visit

D = dt.date
URN, OLD = 140001, 100001


def _visit(on: dt.date, framework: str, grades: dict[str, str] | None = None, **extra: str) -> Visit:
    kind = extra.pop("kind", "graded")
    return Visit(
        URN if extra.pop("own", "yes") == "yes" else OLD,
        on,
        framework,
        kind,
        extra.get("category"),
        extra.get("outcome"),
        grades or {},
    )


CASES = [
    # (history, opened, as at, due_from, due_by, rule): worked out by hand
    # Good in 2021/22 (year 0): the 4th academic year after is 2025/26, from 1 Sep 2025; the statutory
    # limit is the end of the 5th, 2026/27: 31 Aug 2027.
    (
        [_visit(D(2021, 11, 10), "graded", {"overall_effectiveness": "2"})],
        None,
        D(2026, 1, 5),
        D(2025, 9, 1),
        D(2027, 8, 31),
        "good_or_better",
    ),
    # Requires improvement on 15 March 2024: 12 and 30 months on.
    (
        [_visit(D(2024, 3, 15), "graded", {"overall_effectiveness": "3"})],
        None,
        D(2025, 1, 1),
        D(2025, 3, 15),
        D(2026, 9, 15),
        "requires_improvement",
    ),
    # Special measures on 20 June 2023: monitoring from 3 months, re-inspection within 30.
    (
        [_visit(D(2023, 6, 20), "graded", {"overall_effectiveness": "4"}, category="special_measures")],
        None,
        D(2024, 1, 1),
        D(2023, 9, 20),
        D(2025, 12, 20),
        "category_of_concern",
    ),
    # From September 2024, no overall grade: an area graded 3 counts as requires improvement.
    (
        [
            _visit(
                D(2025, 1, 20), "graded_2024", {"quality_of_education": "3", "behaviour_and_attitudes": "2"}
            )
        ],
        None,
        D(2025, 6, 1),
        D(2026, 1, 20),
        D(2027, 7, 20),
        "requires_improvement",
    ),
    # A report card with an area needing attention on 30 November 2025: 3 months on is 28 February
    # 2026 (February is shorter), 24 months on 30 November 2027.
    (
        [
            _visit(
                D(2025, 11, 30),
                "report_card",
                {"inclusion": "needs_attention", "achievement": "expected_standard"},
            )
        ],
        None,
        D(2026, 1, 1),
        D(2026, 2, 28),
        D(2027, 11, 30),
        "report_card_attention",
    ),
    # Every area at the expected standard on 15 January 2026 (year 0 is 2025/26): 1 Sep 2029 to 31 Aug 2031.
    (
        [
            _visit(
                D(2026, 1, 15),
                "report_card",
                {
                    "inclusion": "expected_standard",
                    "achievement": "strong_standard",
                    "safeguarding_standards": "met",
                },
            )
        ],
        None,
        D(2026, 2, 1),
        D(2029, 9, 1),
        D(2031, 8, 31),
        "good_or_better",
    ),
    # An ungraded inspection finding some aspects not as strong: a graded one within 24 months.
    (
        [
            _visit(D(2019, 3, 1), "graded", {"overall_effectiveness": "2"}),
            _visit(D(2024, 5, 14), "ungraded", kind="ungraded", outcome="Some aspects not as strong"),
        ],
        None,
        D(2024, 6, 1),
        D(2024, 5, 14),
        D(2026, 5, 14),
        "ungraded_concerns",
    ),
    # An ungraded "School remains Good" is deemed section 5: the good cycle runs from it (2022/23 year 0).
    (
        [
            _visit(D(2017, 3, 1), "graded", {"overall_effectiveness": "2"}),
            _visit(D(2022, 10, 4), "ungraded", kind="ungraded", outcome="School remains Good"),
        ],
        None,
        D(2024, 6, 1),
        D(2026, 9, 1),
        D(2028, 8, 31),
        "good_or_better",
    ),
    # A new school opened 1 September 2024, never inspected: its third year is 2026/27.
    ([], D(2024, 9, 1), D(2025, 6, 1), D(2026, 9, 1), D(2027, 8, 31), "new_school"),
    # A converter academy opened 1 April 2023 with only its predecessor's inspection: year 1 is 2022/23,
    # the third 2024/25.
    (
        [_visit(D(2019, 5, 1), "graded", {"overall_effectiveness": "1"}, own="no")],
        D(2023, 4, 1),
        D(2024, 1, 1),
        D(2024, 9, 1),
        D(2025, 8, 31),
        "new_school",
    ),
]


@pytest.mark.parametrize(("history", "opened", "on", "due_from", "due_by", "rule"), CASES)
def test_windows_match_dates_worked_out_by_hand(
    history: list[Visit], opened: dt.date | None, on: dt.date, due_from: dt.date, due_by: dt.date, rule: str
) -> None:
    found = due(URN, history, opened, default_cycles(), on)
    assert found is not None
    assert (found.due_from, found.due_by, found.rule) == (due_from, due_by, rule)


def test_overdue_after_the_statutory_limit() -> None:
    history = [_visit(D(2015, 10, 1), "graded", {"overall_effectiveness": "2"})]  # 2015/16: by 31 Aug 2021
    found = due(URN, history, None, default_cycles(), D(2021, 9, 1))
    assert found is not None and found.due_by == D(2021, 8, 31)
    assert found.overdue(D(2021, 9, 1)) and not found.overdue(D(2021, 8, 31))


def test_inspections_after_the_date_are_not_yet_known() -> None:
    history = [
        _visit(D(2021, 11, 10), "graded", {"overall_effectiveness": "2"}),
        _visit(D(2025, 3, 1), "graded", {"overall_effectiveness": "3"}),
    ]
    found = due(URN, history, None, default_cycles(), D(2024, 1, 1))
    assert found is not None and found.rule == "good_or_better"


def test_no_window_without_an_inspection_or_an_opening_date() -> None:
    assert due(URN, [], None, default_cycles(), D(2025, 1, 1)) is None


def test_calendar_arithmetic() -> None:
    assert academic_year(D(2024, 8, 31)) == 2024 and academic_year(D(2024, 9, 1)) == 2025
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29) and add_months(D(2023, 11, 30), 3) == D(
        2024, 2, 29
    )


def test_cycles_file_mistakes_name_the_line() -> None:
    text = (
        '[[cycles]]\nname = "x"\nlabel = "x"\nsituation = "sunny"\nsince = "inspection"\n'
        'from = { months = 1 }\nby = { months = 2 }\ncite = "c"\n'
    )
    with pytest.raises(CyclesError, match=r"line 4, key cycles\[0\].situation: 'sunny' is not a situation"):
        parse_cycles(text, "mine.toml")
    bad_window = text.replace('"sunny"', '"any"').replace(
        "{ months = 2 }", "{ months = 2, academic_years = 1 }"
    )
    with pytest.raises(CyclesError, match=r"mine.toml, line 7, key cycles\[0\].by: give either months"):
        parse_cycles(bad_window, "mine.toml")
