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
    unit: str  # "%", "score", "pupils", "progress"
    polarity: Polarity


def _m(name: str, label: str, unit: str, polarity: Polarity = Polarity.HIGHER_BETTER) -> MeasureInfo:
    return MeasureInfo(name, label, unit, polarity)


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
