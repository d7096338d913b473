"""The default category rules on constructed schools: each criterion fires on a school built to meet
it and not on its near miss (hypothesis over the thresholds); special measures is category 4 whatever
else; report-card and OEIF inspections both drive the rules; and a rules file's mistakes name the line."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerlift.analysis import categories as c
from peerlift.analysis.inspection_due import Due
from peerlift.analysis.visits import Visit

D = dt.date
ON = D(2026, 6, 1)
URN = 140001
RULES = c.default_rules()


def _graded(on: dt.date, framework: str = "graded", category: str | None = None, **grades: str) -> Visit:
    return Visit(URN, on, framework, "graded", category, None, dict(grades))


def _ungraded(on: dt.date, outcome: str) -> Visit:
    return Visit(URN, on, "ungraded", "ungraded", None, outcome, {})


def _run(facts: c.SchoolFacts, ctx: c.Context | None = None) -> c.Result:
    return c.evaluate(facts, ctx or c.Context(as_at=ON), RULES)


def _fired(facts: c.SchoolFacts, ctx: c.Context | None = None) -> set[str]:
    return {r.rule for r in _run(facts, ctx).reasons}


def _criterion(name: str, facts: c.SchoolFacts, ctx: c.Context | None = None) -> c.Figures | None:
    criterion = RULES.criteria[name]
    return c.PREDICATES[criterion.predicate].fn(facts, ctx or c.Context(as_at=ON), criterion.params)


GOOD = _graded(D(2024, 3, 1), overall_effectiveness="2")


# --- The latest inspection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visits", "fires", "misses"),
    [
        (
            [_graded(D(2025, 1, 1), category="special_measures", overall_effectiveness="4")],
            "special_measures",
            None,
        ),
        (
            [_graded(D(2025, 1, 1), category="serious_weaknesses", overall_effectiveness="4")],
            "serious_weaknesses",
            None,
        ),
        (
            [_graded(D(2024, 1, 1), overall_effectiveness="2", safeguarding_effective="no")],
            "safeguarding",
            None,
        ),
        ([_graded(D(2026, 1, 1), "report_card", safeguarding_standards="not_met")], "safeguarding", None),
        ([_graded(D(2023, 1, 1), overall_effectiveness="4")], "oeif_inadequate", "oeif_requires_improvement"),
        ([_graded(D(2023, 1, 1), overall_effectiveness="3")], "oeif_requires_improvement", "oeif_inadequate"),
        ([_graded(D(2023, 1, 1), overall_effectiveness="1")], "oeif_outstanding", None),
        (
            [_graded(D(2025, 1, 1), "graded_2024", quality_of_education="3", leadership_and_management="2")],
            "oeif_requires_improvement",
            "oeif_outstanding",
        ),
        ([_graded(D(2026, 1, 1), "report_card", inclusion="urgent_improvement")], "urgent_improvement", None),
        (
            [
                _graded(
                    D(2026, 1, 1), "report_card", inclusion="needs_attention", achievement="strong_standard"
                )
            ],
            "needs_attention",
            "report_card_secure",
        ),
        (
            [_graded(D(2026, 1, 1), "report_card", inclusion="expected_standard", achievement="exceptional")],
            "report_card_strong",
            "needs_attention",
        ),
        (
            [
                _graded(
                    D(2026, 1, 1),
                    "report_card",
                    inclusion="expected_standard",
                    achievement="expected_standard",
                )
            ],
            "report_card_secure",
            "report_card_strong",
        ),
        ([GOOD, _ungraded(D(2025, 5, 1), "Some aspects not as strong")], "ungraded_concerns", None),
        (
            [GOOD, _ungraded(D(2025, 5, 1), "School remains Good (Concerns) - S5 Next")],
            "ungraded_concerns",
            None,
        ),
        (
            [
                _graded(D(2021, 1, 1), overall_effectiveness="3"),
                _graded(D(2023, 6, 1), overall_effectiveness="3"),
            ],
            "stuck",
            None,
        ),
        (
            [
                _graded(D(2023, 1, 1), overall_effectiveness="3"),
                _graded(D(2026, 1, 1), "report_card", achievement="needs_attention"),
            ],
            "stuck",
            None,
        ),
    ],
)
def test_inspection_criteria_fire_and_their_near_misses_do_not(
    visits: list[Visit], fires: str, misses: str | None
) -> None:
    fired = _fired(c.SchoolFacts(URN, visits=visits))
    assert fires in fired
    assert misses is None or misses not in fired


def test_near_misses_of_the_inspection_criteria() -> None:
    # remains good, improving: not a concern; one RI after a good inspection is not stuck; a later
    # graded inspection supersedes an older category of concern
    assert "ungraded_concerns" not in _fired(
        c.SchoolFacts(
            URN, visits=[GOOD, _ungraded(D(2025, 5, 1), "School remains Good (Improving) - S5 Next")]
        )
    )
    assert "stuck" not in _fired(
        c.SchoolFacts(URN, visits=[GOOD, _graded(D(2025, 6, 1), overall_effectiveness="3")])
    )
    recovered = [_graded(D(2022, 1, 1), category="special_measures", overall_effectiveness="4"), GOOD]
    assert _run(c.SchoolFacts(URN, visits=recovered)).category == 2
    future = [GOOD, _graded(D(2026, 9, 1), overall_effectiveness="4")]  # after the as-at date
    assert "oeif_inadequate" not in _fired(c.SchoolFacts(URN, visits=future))


def test_report_card_and_oeif_both_drive_the_category() -> None:
    def category(*visits: Visit) -> int:
        return _run(c.SchoolFacts(URN, visits=list(visits))).category

    assert category(_graded(D(2023, 1, 1), overall_effectiveness="3")) == 3
    assert category(_graded(D(2026, 1, 1), "report_card", inclusion="needs_attention")) == 3
    assert category(_graded(D(2024, 1, 1), overall_effectiveness="1")) == 1
    assert (
        category(
            _graded(
                D(2026, 1, 1), "report_card", inclusion="strong_standard", achievement="expected_standard"
            )
        )
        == 1
    )
    assert category(_graded(D(2026, 1, 1), "report_card", inclusion="urgent_improvement")) == 4
    # the newest framework speaks: an outstanding OEIF school later given a needs-attention report card
    assert (
        category(
            _graded(D(2020, 1, 1), overall_effectiveness="1"),
            _graded(D(2026, 1, 1), "report_card", inclusion="needs_attention"),
        )
        == 3
    )


strong_results = st.fixed_dictionaries(
    {
        "progress8": st.just({2023: 0.9, 2024: 1.1, 2025: 0.8}),
        "progress8_lower_ci": st.just({2023: 0.5, 2024: 0.7, 2025: 0.4}),
        "progress8_upper_ci": st.just({2023: 1.3, 2024: 1.5, 2025: 1.2}),
    }
)


@given(
    earlier=st.sampled_from(["1", "2"]),
    areas=st.dictionaries(
        st.sampled_from(["inclusion", "achievement", "curriculum_and_teaching"]),
        st.sampled_from(["exceptional", "strong_standard", "expected_standard"]),
        min_size=1,
    ),
    framework=st.sampled_from(["graded", "report_card"]),
    measures=strong_results,
)
@settings(max_examples=40, deadline=None)
def test_special_measures_is_category_4_whatever_else(
    earlier: str, areas: dict[str, str], framework: str, measures: dict[str, dict[int, float]]
) -> None:
    grades = {"overall_effectiveness": "4"} if framework == "graded" else areas
    visits = [
        _graded(D(2019, 1, 1), overall_effectiveness=earlier),
        _graded(D(2025, 10, 1), framework, category="special_measures", **grades),
    ]
    result = _run(c.SchoolFacts(URN, visits=visits, measures=measures))
    assert result.category == 4 and "special_measures" in {r.rule for r in result.reasons}


# --- Results -----------------------------------------------------------------------------------

limits = st.floats(min_value=-3, max_value=3, allow_nan=False)


@given(uppers=st.lists(limits, min_size=3, max_size=3), width=st.floats(min_value=0.1, max_value=2))
@settings(max_examples=60, deadline=None)
def test_significantly_below_when_the_upper_limit_is_below_zero_in_two_of_three_years(
    uppers: list[float], width: float
) -> None:
    years = [2023, 2024, 2025]
    measures = {
        "progress8": {y: u - width / 2 for y, u in zip(years, uppers, strict=True)},
        "progress8_upper_ci": dict(zip(years, uppers, strict=True)),
        "progress8_lower_ci": {y: u - width for y, u in zip(years, uppers, strict=True)},
    }
    expected = sum(u < 0 for u in uppers) >= 2
    found = _criterion("progress8_significantly_below", c.SchoolFacts(URN, measures=measures))
    assert (found is not None) == expected
    if found:
        assert found["years"] == [y for y, u in zip(years, uppers, strict=True) if u < 0]


def test_a_score_below_zero_whose_interval_spans_zero_is_not_significant() -> None:
    measures = {
        "progress8": {2024: -0.4, 2025: -0.5},
        "progress8_lower_ci": {2024: -0.9, 2025: -1.0},
        "progress8_upper_ci": {2024: 0.01, 2025: 0.0},  # zero itself is not below zero
    }
    assert _criterion("progress8_significantly_below", c.SchoolFacts(URN, measures=measures)) is None
    reason = _run(c.SchoolFacts(URN, measures={**measures, "progress8_upper_ci": {2024: -0.1, 2025: -0.2}}))
    texts = [r.text for r in reason.reasons]
    assert (
        "Progress 8 has been significantly below average in two of the last three years (2024 and 2025)"
        in texts
    )


@given(
    own=st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=3, max_size=3),
    england=st.lists(st.floats(min_value=40, max_value=80, allow_nan=False), min_size=3, max_size=3),
)
@settings(max_examples=60, deadline=None)
def test_below_england_by_more_than_the_margin(own: list[float], england: list[float]) -> None:
    years = [2023, 2024, 2025]
    facts = c.SchoolFacts(URN, measures={"ks2_rwm_expected": dict(zip(years, own, strict=True))})
    ctx = c.Context(as_at=ON, england={"ks2_rwm_expected": dict(zip(years, england, strict=True))})
    by = RULES.criteria["ks2_below_england"].params["by"]
    expected = sum(o - e < -by for o, e in zip(own, england, strict=True)) >= 2
    assert (_criterion("ks2_below_england", facts, ctx) is not None) == expected


def test_results_not_yet_published_on_the_date_are_not_used() -> None:
    measures = {"ks2_rwm_expected": {2024: 30.0, 2025: 30.0, 2026: 30.0}}
    ctx = c.Context(as_at=D(2026, 6, 1), england={"ks2_rwm_expected": {2024: 61.0, 2025: 62.0, 2026: 62.0}})
    found = _criterion("ks2_below_england", c.SchoolFacts(URN, measures=measures), ctx)
    assert found is not None and found["years"] == [2024, 2025]


@given(
    school=st.lists(st.integers(0, 100), min_size=3, max_size=3),
    family=st.lists(st.lists(st.integers(0, 100), min_size=3, max_size=3), min_size=5, max_size=12),
)
@settings(max_examples=60, deadline=None)
def test_family_bottom_quartile_when_fewer_than_a_quarter_of_the_family_do_worse(
    school: list[int], family: list[list[int]]
) -> None:
    years = [2023, 2024, 2025]
    members = list(range(1, len(family) + 1))
    ctx = c.Context(
        as_at=ON,
        measures={
            m: {"ks2_rwm_expected": dict(zip(years, map(float, v), strict=True))}
            for m, v in zip(members, family, strict=True)
        },
    )
    facts = c.SchoolFacts(
        URN, measures={"ks2_rwm_expected": dict(zip(years, map(float, school), strict=True))}, family=members
    )
    bottom = [sum(v[i] < school[i] for v in family) / len(family) < 0.25 for i in range(3)]
    assert (_criterion("ks2_family_bottom_quartile", facts, ctx) is not None) == (sum(bottom) >= 2)


def test_family_comparison_needs_enough_members_with_figures() -> None:
    ctx = c.Context(as_at=ON, measures={m: {"attainment8": {2024: 50.0, 2025: 50.0}} for m in range(1, 5)})
    facts = c.SchoolFacts(URN, measures={"attainment8": {2024: 30.0, 2025: 30.0}}, family=[1, 2, 3, 4])
    assert _criterion("ks4_family_bottom_quartile", facts, ctx) is None  # four members: too few
    ctx.measures[5] = {"attainment8": {2024: 50.0, 2025: 50.0}}
    facts.family.append(5)
    assert _criterion("ks4_family_bottom_quartile", facts, ctx) is not None


@given(values=st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=4, max_size=6))
@settings(max_examples=60, deadline=None)
def test_declining_when_each_of_the_last_three_changes_is_a_fall(values: list[float]) -> None:
    years = [2016 + i for i in range(len(values))]
    facts = c.SchoolFacts(URN, measures={"attainment8": dict(zip(years, values, strict=True))})
    last = values[-4:]
    expected = all(b < a for a, b in itertools.pairwise(last))
    assert (_criterion("ks4_declining", facts) is not None) == expected


@given(
    gap=st.floats(min_value=-20, max_value=60, allow_nan=False),
    family_gaps=st.lists(st.floats(min_value=-20, max_value=60, allow_nan=False), min_size=5, max_size=10),
)
@settings(max_examples=60, deadline=None)
def test_disadvantaged_gap_wider_than_the_familys_typical_gap(gap: float, family_gaps: list[float]) -> None:
    d, o = "ks2_rwm_expected_disadvantaged", "ks2_rwm_expected_not_disadvantaged"
    members = list(range(1, len(family_gaps) + 1))
    ctx = c.Context(
        as_at=ON,
        measures={
            m: {d: {2025: 30.0}, o: {2025: 30.0 + g}} for m, g in zip(members, family_gaps, strict=True)
        },
    )
    facts = c.SchoolFacts(URN, measures={d: {2025: 20.0}, o: {2025: 20.0 + gap}}, family=members)
    by = RULES.criteria["ks2_disadvantaged_gap"].params["by"]
    expected = (20.0 + gap - 20.0) - statistics.median([(30.0 + g) - 30.0 for g in family_gaps]) > by
    assert (_criterion("ks2_disadvantaged_gap", facts, ctx) is not None) == expected


# --- Inspections due and concerns ----------------------------------------------------------------


@given(opens_in_days=st.integers(-400, 400))
@settings(max_examples=60, deadline=None)
def test_inspection_due_when_the_window_opens_within_six_months(opens_in_days: int) -> None:
    opens = ON + dt.timedelta(days=opens_in_days)
    facts = c.SchoolFacts(
        URN,
        due=Due(
            URN,
            None,
            opens,
            opens + dt.timedelta(days=700),
            "good_or_better",
            "graded",
            "",
            "the usual cycle",
        ),
    )
    assert (_criterion("inspection_due", facts) is not None) == (opens <= D(2026, 12, 1))


def test_concerns_fire_by_kind_and_count() -> None:
    one = [("finance", D(2026, 1, 5))]
    assert _criterion("open_concerns", c.SchoolFacts(URN, concerns=one)) is None  # two are needed
    two = [*one, ("governance", D(2026, 2, 1))]
    found = _run(c.SchoolFacts(URN, concerns=two))
    assert found.category == 3
    assert (
        "Officers have recorded two open concerns "
        "(finance, raised 5 January 2026; governance, raised 1 February 2026)"
        in [r.text for r in found.reasons]
    )
    assert (
        _criterion("safeguarding_concern", c.SchoolFacts(URN, concerns=[("safeguarding", D(2026, 3, 1))]))
        is not None
    )
    assert _criterion("safeguarding_concern", c.SchoolFacts(URN, concerns=two)) is None


def test_an_outstanding_school_with_falling_results_is_secure_not_strong() -> None:
    outstanding = [_graded(D(2024, 1, 1), overall_effectiveness="1")]
    assert _run(c.SchoolFacts(URN, visits=outstanding)).category == 1
    falling = {"attainment8": {2022: 55.0, 2023: 52.0, 2024: 50.0, 2025: 49.5}}
    result = _run(c.SchoolFacts(URN, visits=outstanding, measures=falling))
    assert (result.category, result.rule) == (2, "secure")
    assert {r.rule for r in result.reasons} == {"oeif_outstanding", "ks4_declining"}  # every one that fired


def test_reasons_carry_their_figures_and_dates_in_words() -> None:
    result = _run(c.SchoolFacts(URN, visits=[_graded(D(2025, 2, 1), overall_effectiveness="3")]))
    reason = next(r for r in result.reasons if r.rule == "oeif_requires_improvement")
    assert (
        reason.text == "The inspection of 1 February 2025 judged overall effectiveness to require improvement"
    )
    assert reason.as_json()["figures"] == {
        "date": "2025-02-01",
        "grade": "3",
        "grade_name": "Requires improvement",
        "judged": "overall effectiveness",
    }


# --- The rules file ----------------------------------------------------------------------------

MINIMAL = """[criteria.ri]
predicate = "oeif_grade"
grades = ["3"]
text = "Judged {grade_name} on {date}"

[[rules]]
category = 3
any = ["ri"]

[[rules]]
category = 2
"""


def test_a_small_rules_file_works() -> None:
    rules = c.parse_rules(MINIMAL, "mine.toml")
    result = c.evaluate(
        c.SchoolFacts(URN, visits=[_graded(D(2025, 2, 1), overall_effectiveness="3")]), c.Context(ON), rules
    )
    assert (result.category, [r.text for r in result.reasons]) == (
        3,
        ["Judged Requires improvement on 1 February 2025"],
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('predicate = "oeif_grade"', 'predicate = "oefi_grade"'),
            r"mine.toml, line 2, key criteria.ri.predicate: 'oefi_grade' is not a predicate",
        ),
        (('grades = ["3"]', 'grades = "3"'), r"line 3, key criteria.ri.grades: grades should be a list"),
        (
            ("{grade_name}", "{grade_words_x}"),
            r"line 4, key criteria.ri.text: \{grade_words_x\} is not a figure of oeif_grade",
        ),
        (('any = ["ri"]', 'any = ["rii"]'), r"line 8, key rules\[0\].any: 'rii' is not a criterion"),
        (
            ("category = 3", "category = 5"),
            r"line 7, key rules\[0\].category: category should be one of 1, 2, 3, 4",
        ),
        (
            ("[[rules]]\ncategory = 2\n", '[[rules]]\ncategory = 2\nany = ["ri"]\n'),
            r"line 10, key rules\[1\]: end with a rule with no conditions",
        ),
        (
            ('text = "Judged', 'colour = "red"\ntext = "Judged'),
            r"line 4, key criteria.ri.colour: colour is not a parameter of oeif_grade",
        ),
        (("[[rules]]\ncategory = 3", "[[rules]\ncategory = 3"), r"mine.toml: .*line 6"),
    ],
)
def test_mistakes_in_a_rules_file_name_the_line_and_key(change: tuple[str, str], message: str) -> None:
    with pytest.raises(c.RulesError, match=message):
        c.parse_rules(MINIMAL.replace(*change), "mine.toml")


def test_an_unknown_measure_is_refused_with_its_line() -> None:
    text = RULES_TEXT.replace('measure = "attainment8"', 'measure = "attainment_8"', 1)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if 'measure = "attainment_8"' in s)
    with pytest.raises(
        c.RulesError,
        match=rf"line {line}, key criteria.ks4_family_bottom_quartile.measure: 'attainment_8' is not a",
    ):
        c.parse_rules(text)


RULES_TEXT = c.default_text()


def _named(predicate: str) -> list[str]:
    return [n for n, c in RULES.criteria.items() if c.predicate == predicate]


@pytest.mark.parametrize("name", _named("significance"))
@given(margin=st.floats(min_value=0.01, max_value=2))
@settings(max_examples=20, deadline=None)
def test_every_significance_criterion_fires_below_zero_and_not_at_its_near_miss(
    name: str, margin: float
) -> None:
    p = RULES.criteria[name].params
    years = [2023, 2024, 2025]

    def facts(upper: float) -> c.SchoolFacts:
        return c.SchoolFacts(
            URN,
            measures={
                p["measure"]: dict.fromkeys(years, upper - 1),
                p["lower"]: dict.fromkeys(years, upper - 2),
                p["upper"]: dict.fromkeys(years, upper),
            },
        )

    assert _criterion(name, facts(-margin)) is not None
    assert _criterion(name, facts(0.0)) is None  # an upper limit of exactly zero is not below zero


@pytest.mark.parametrize("name", _named("declining"))
@given(step=st.floats(min_value=0.1, max_value=5))
@settings(max_examples=20, deadline=None)
def test_every_declining_criterion_fires_on_falls_and_not_on_one_flat_year(name: str, step: float) -> None:
    measure = RULES.criteria[name].params["measure"]
    falling = {2021 + i: 50.0 - i * step for i in range(5)}
    assert _criterion(name, c.SchoolFacts(URN, measures={measure: falling})) is not None
    flat = {**falling, 2025: falling[2024]}  # the last year holds steady
    assert _criterion(name, c.SchoolFacts(URN, measures={measure: flat})) is None


@pytest.mark.parametrize("name", _named("disadvantaged_gap"))
@given(extra=st.floats(min_value=0.1, max_value=20))
@settings(max_examples=20, deadline=None)
def test_every_gap_criterion_fires_past_its_margin_and_not_at_it(name: str, extra: float) -> None:
    p = RULES.criteria[name].params
    members = list(range(1, 8))
    ctx = c.Context(
        as_at=ON, measures={m: {p["disadvantaged"]: {2025: 30.0}, p["others"]: {2025: 40.0}} for m in members}
    )

    def facts(gap: float) -> c.SchoolFacts:
        return c.SchoolFacts(
            URN, measures={p["disadvantaged"]: {2025: 20.0}, p["others"]: {2025: 20.0 + gap}}, family=members
        )

    assert _criterion(name, facts(10.0 + p["by"] + extra), ctx) is not None  # the family's gap is 10
    assert _criterion(name, facts(10.0 + p["by"]), ctx) is None


TESTED_HERE = {
    "special_measures", "serious_weaknesses", "safeguarding", "oeif_inadequate", "oeif_requires_improvement",
    "oeif_outstanding", "urgent_improvement", "needs_attention", "report_card_strong", "report_card_secure",
    "ungraded_concerns", "stuck", "ks2_family_bottom_quartile", "ks4_family_bottom_quartile",
    "ks2_below_england", "inspection_due", "safeguarding_concern", "open_concerns",
    *_named("significance"), *_named("declining"), *_named("disadvantaged_gap"),
}  # fmt: skip


def test_every_default_criterion_has_a_test_here() -> None:
    assert set(RULES.criteria) == TESTED_HERE
