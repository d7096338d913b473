"""Stable measure names, the same whichever file a value came from.

A school's KS2 file, an LA's LAIT row and a synthetic demo file all speak of ``ks2_rwm_expected``;
the readers map each publication's own column names onto these (see ``sources/*_columns.py``).
LAIT indicators that have no stable name here keep LAIT's own code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Polarity(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    name: str
    label: str
    unit: str  # "%", "score", "pupils", "progress", "band" (a label kept as text)
    polarity: Polarity
    # The scale a score is on, where two publications give the same idea on different scales (prior
    # attainment: KS2 scaled scores since 2016, average points from levels before): figures on two
    # scales are two measures, never one series.
    scale: str = ""


def _m(
    name: str, label: str, unit: str, polarity: Polarity = Polarity.HIGHER_BETTER, scale: str = ""
) -> MeasureInfo:
    return MeasureInfo(name, label, unit, polarity, scale)


_LOWER = Polarity.LOWER_BETTER
_NEUTRAL = Polarity.NEUTRAL

MEASURES: dict[str, MeasureInfo] = {
    m.name: m
    for m in [
        _m("ks2_rwm_expected", "KS2 % expected standard in reading, writing and maths", "%"),
        _m("ks2_rwm_high", "KS2 % higher standard in reading, writing and maths", "%"),
        _m("ks2_reading_progress", "KS2 reading progress score", "progress"),
        _m("ks2_writing_progress", "KS2 writing progress score", "progress"),
        _m("ks2_maths_progress", "KS2 maths progress score", "progress"),
        _m("ks2_reading_average", "KS2 average scaled score in reading", "score"),
        _m("ks2_maths_average", "KS2 average scaled score in maths", "score"),
        _m(
            "ks2_gps_average",
            "KS2 average scaled score in grammar, punctuation and spelling",
            "score",
        ),
        _m("ks2_eligible_pupils", "KS2 eligible pupils", "pupils", _NEUTRAL),
        _m("ks2_rwm_expected_disadvantaged", "KS2 % expected standard RWM, disadvantaged", "%"),
        _m(
            "ks2_rwm_expected_not_disadvantaged",
            "KS2 % expected standard RWM, not disadvantaged",
            "%",
        ),
        _m("ks2_disadvantaged_pct", "KS2 % of the cohort disadvantaged", "%", _NEUTRAL),
        _m("ks2_reading_progress_disadvantaged", "KS2 reading progress, disadvantaged", "progress"),
        _m("ks2_writing_progress_disadvantaged", "KS2 writing progress, disadvantaged", "progress"),
        _m("ks2_maths_progress_disadvantaged", "KS2 maths progress, disadvantaged", "progress"),
        _m("attainment8", "Attainment 8 average score", "score"),
        _m("progress8", "Progress 8 score", "progress"),
        _m("progress8_lower_ci", "Progress 8 lower confidence limit", "progress"),
        _m("progress8_upper_ci", "Progress 8 upper confidence limit", "progress"),
        _m("ks4_pupils", "KS4 pupils at the end of key stage 4", "pupils", _NEUTRAL),
        _m("ks4_disadvantaged_pct", "KS4 % of the cohort disadvantaged", "%", _NEUTRAL),
        _m("progress8_pupils", "Pupils included in Progress 8", "pupils", _NEUTRAL),
        _m("ebacc_entry_pct", "% entering the English Baccalaureate", "%"),
        _m("ebacc_aps", "EBacc average point score", "score"),
        _m("basics_94_pct", "% grade 4 or above in English and maths", "%"),
        _m("basics_95_pct", "% grade 5 or above in English and maths", "%"),
        _m("attainment8_disadvantaged", "Attainment 8, disadvantaged pupils", "score"),
        _m("progress8_disadvantaged", "Progress 8, disadvantaged pupils", "progress"),
        _m("attainment8_not_disadvantaged", "Attainment 8, other pupils", "score"),
        _m("progress8_not_disadvantaged", "Progress 8, other pupils", "progress"),
        # Cohort context: who the pupils behind a school's results are (EES school information, and
        # the old tables' KS2 and KS4 files).
        _m(
            "ks2_prior_attainment",
            "KS2 cohort's average KS1 point score",
            "score",
            _NEUTRAL,
            "KS1 average point score from national curriculum levels (level 2b = 15 points)",
        ),
        _m(
            "ks4_prior_attainment",
            "KS4 cohort's average KS2 scaled score",
            "score",
            _NEUTRAL,
            "KS2 scaled score, 80 to 120 (100 = the expected standard); EES avg_ks2_scaledscore, "
            "old tables' KS2ASS",
        ),
        _m(
            "ks4_prior_attainment_aps",
            "KS4 cohort's average KS2 point score (levels)",
            "score",
            _NEUTRAL,
            "KS2 average point score from national curriculum levels (level 4 = 27 points), the old "
            "tables' KS2APS for cohorts who took KS2 before 2016; not comparable with scaled scores",
        ),
        _m("ks4_prior_low_pct", "KS4 % of the cohort with low prior attainment at KS2", "%", _NEUTRAL),
        _m(
            "ks4_prior_average_pct",
            "KS4 % of the cohort with middle prior attainment at KS2",
            "%",
            _NEUTRAL,
        ),
        _m("ks4_prior_high_pct", "KS4 % of the cohort with high prior attainment at KS2", "%", _NEUTRAL),
        _m("ks4_eal_pct", "KS4 % of the cohort whose first language is not English", "%", _NEUTRAL),
        _m("ks4_sen_support_pct", "KS4 % of the cohort on SEN support (no EHC plan)", "%", _NEUTRAL),
        _m("ks4_ehcp_pct", "KS4 % of the cohort with an EHC plan", "%", _NEUTRAL),
        _m(
            "ks4_mobile_pct",
            "KS4 % of the cohort who joined the school late (100 minus % not mobile)",
            "%",
            _NEUTRAL,
        ),
        _m(
            "attainment8_disadvantaged_gap",
            "Attainment 8 of disadvantaged pupils minus that of other pupils nationally",
            "score",
        ),
        _m(
            "progress8_disadvantaged_gap",
            "Progress 8 of disadvantaged pupils minus that of other pupils nationally",
            "progress",
        ),
        _m(
            "progress8_band",
            "Progress 8 banding (Well above average ... Well below average)",
            "band",
            _NEUTRAL,
        ),
        _m("pupils_on_roll", "Pupils on roll", "pupils", _NEUTRAL),
        _m("fsm_pct", "% of pupils eligible for free school meals", "%", _NEUTRAL),
        _m(
            "fsm_ever_pct",
            "% of pupils eligible for FSM at any time in the last 6 years",
            "%",
            _NEUTRAL,
        ),
        _m("eal_pct", "% of pupils whose first language is not English", "%", _NEUTRAL),
        _m("sen_support_pct", "% of pupils on SEN support", "%", _NEUTRAL),
        _m("ehcp_pct", "% of pupils with an EHC plan or statement", "%", _NEUTRAL),
        _m("overall_absence_pct", "Overall absence (% of sessions)", "%", _LOWER),
        _m("persistent_absence_pct", "% of pupils persistently absent", "%", _LOWER),
    ]
}


# The groups the data pack reports (a measure's figure for a group is named ``<measure>_<group>``),
# and the confidence limits of the KS2 progress scores.
GROUPS: dict[str, str] = {
    "disadvantaged": "disadvantaged pupils",
    "not_disadvantaged": "other pupils (not disadvantaged)",
    "eal": "pupils with English as an additional language",
    "low_prior": "pupils with low prior attainment",
    "high_prior": "pupils with high prior attainment",
}
_GROUPED = {
    "ks2_rwm_expected": "eal low_prior high_prior",
    "ks2_rwm_high": "disadvantaged not_disadvantaged eal low_prior high_prior",
    "ks2_reading_progress": "not_disadvantaged",
    "ks2_writing_progress": "not_disadvantaged",
    "ks2_maths_progress": "not_disadvantaged",
    "attainment8": "eal low_prior high_prior",
    "progress8": "eal low_prior high_prior",
    "ebacc_entry_pct": "disadvantaged not_disadvantaged",
    "basics_94_pct": "disadvantaged not_disadvantaged eal low_prior high_prior",
    "basics_95_pct": "disadvantaged not_disadvantaged",
}
for _measure, _groups in _GROUPED.items():
    for _group in _groups.split():
        _base = MEASURES[_measure]
        MEASURES[f"{_measure}_{_group}"] = _m(
            f"{_measure}_{_group}", f"{_base.label}, {GROUPS[_group]}", _base.unit, _base.polarity
        )
for _subject in ("reading", "writing", "maths"):
    for _end in ("lower", "upper"):
        MEASURES[f"ks2_{_subject}_progress_{_end}_ci"] = _m(
            f"ks2_{_subject}_progress_{_end}_ci",
            f"KS2 {_subject} progress score, {_end} confidence limit",
            "progress",
        )


def info(name: str) -> MeasureInfo:
    """What a measure is; LAIT codes with no stable name get a neutral, unlabelled entry."""
    return MEASURES.get(name, MeasureInfo(name, name, "", Polarity.NEUTRAL))


# Decimal places a figure is shown with: by unit, as the performance tables and LAIT publish them, and
# where a measure is published otherwise. A measure not known here (a LAIT code) has no set places.
DECIMALS_BY_UNIT: dict[str, int] = {"%": 1, "score": 1, "progress": 2, "pupils": 0}
_DECIMALS: dict[str, int] = {
    "ks2_rwm_expected": 0,  # whole percentages, in the KS2 tables and in LAIT
    "ks2_rwm_high": 0,
    "ks2_rwm_expected_disadvantaged": 0,
    "ks2_rwm_expected_not_disadvantaged": 0,
    "ks2_reading_progress": 1,  # KS2 progress scores have one place; Progress 8 has two
    "ks2_writing_progress": 1,
    "ks2_maths_progress": 1,
    "ks2_reading_progress_disadvantaged": 1,
    "ks2_writing_progress_disadvantaged": 1,
    "ks2_maths_progress_disadvantaged": 1,
}


def decimals(name: str) -> int | None:
    """How many decimal places the figures of a measure are shown with, when the domain knows."""
    if name in _DECIMALS:
        return _DECIMALS[name]
    known = MEASURES.get(name)
    return DECIMALS_BY_UNIT.get(known.unit) if known else None
