"""Synthetic Ofsted inspection histories, drawn from each site's latent quality.

Every inspected site gets a chain of visits from 2005 on: graded (section 5) inspections, ungraded
(section 8) ones between them for good and outstanding schools, graded inspections without an overall
grade from September 2024, and report cards from 10 November 2025. The chain is built for all sites
at once, one step of the chain at a time.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from peerlift.demo.kinds import INSPECTED
from peerlift.demo.layouts import NEW_UNGRADED_WORDING_FROM
from peerlift.demo.register import FIRST_YEAR, Register
from peerlift.domain.inspections import NO_OVERALL_FROM, REPORT_CARDS_FROM

HISTORY_ENDS = dt.date(2026, 3, 31)  # the Ofsted MI's "as at" date
STEPS = 12
EPOCH = dt.date(1970, 1, 1)

REPORT_CARD_WORDS = [
    "Exceptional",
    "Strong standard",
    "Expected standard",
    "Needs attention",
    "Urgent improvement",
]
RC_AREAS = [
    "inclusion",
    "curriculum",
    "achievement",
    "attendance",
    "personal",
    "early_years",
    "post16",
    "leadership",
]
OEIF_AREAS = ["qoe", "behaviour", "personal_dev", "leadership_mgmt", "early_years_oeif", "sixth_form"]


def _days(date: dt.date) -> int:
    return (date - EPOCH).days


def build(rng: np.random.Generator, register: Register) -> pl.DataFrame:
    """All inspections of all state-funded schools, with the URN each belongs to."""
    sites = _sites(register)
    n = sites.height
    q0, slope, wiggle = (sites[c].to_numpy() for c in ("q0", "slope", "wiggle"))
    start = sites["start"].to_numpy()
    day = start + rng.integers(0, 4 * 365, n)
    grade = np.zeros(n, dtype=np.int64)  # last graded outcome; 0 = never graded
    concerns = np.zeros(n, dtype=bool)
    support = np.zeros(n)  # schools judged weak get support and mostly improve
    site_ids, end = sites["register_site"].to_numpy(), sites["end"].to_numpy()
    rows: list[dict[str, np.ndarray]] = []
    for _ in range(STEPS):
        year = FIRST_YEAR + (day - _days(dt.date(FIRST_YEAR, 1, 1))) / 365.25
        trend = q0 + slope * (year - FIRST_YEAR) + 0.25 * np.sin(wiggle + year) + support
        score = trend + rng.normal(0, 0.45, n)
        graded = (grade == 0) | (grade >= 3) | concerns | (rng.random(n) < 0.3)
        new_grade = np.select([score > 1.0, score > -1.0, score > -2.1], [1, 2, 3], 4)
        rows.append(
            {
                "register_site": site_ids,
                "day": day.copy(),
                "end": end,
                "graded": graded.copy(),
                "grade": np.where(graded, new_grade, grade),
                "previous": grade.copy(),
                "score": score,
            }
        )
        concerns = ~graded & (score < -0.6)
        grade = np.where(graded, new_grade, grade)
        support = support + np.where(graded & (grade >= 3), 0.6, 0.0)
        gap_years = np.select([concerns, grade == 4, grade == 3, grade == 1], [1.2, 1.6, 2.2, 5.5], 3.8)
        day = day + (gap_years * 365).astype(np.int64) + rng.integers(-90, 120, n)
    events = (
        pl.DataFrame({k: np.concatenate([r[k] for r in rows]) for k in rows[0]})
        .filter(pl.col("day") <= pl.col("end"))
        .with_columns(date=pl.lit(EPOCH) + pl.duration(days=pl.col("day")))
        .with_columns(pl.col("date").cast(pl.Date))
        .drop("end", "day")
    )
    events = attach_urns(events, register).sort("date", "urn")
    return _describe(rng, events.with_columns(number=pl.int_range(pl.len()) + 10_000_000))


def _sites(register: Register) -> pl.DataFrame:
    """One row per inspected site, with the days its inspections may start and end."""
    schools = register.schools.filter(pl.col("kind").is_in(INSPECTED))
    by_site = schools.group_by("site").agg(
        pl.col("q0").first(),
        pl.col("slope").first(),
        pl.col("wiggle").first(),
        pl.when(pl.col("open_date").is_null().any())
        .then(None)
        .otherwise(pl.col("open_date").min())
        .alias("opened"),
        pl.col("close_date").max().alias("closed"),
        pl.col("close_date").is_null().any().alias("still_open"),
    )
    start = pl.col("opened").dt.offset_by("18mo").fill_null(dt.date(2005, 9, 1))
    end = pl.when("still_open").then(pl.lit(HISTORY_ENDS)).otherwise(pl.col("closed"))
    return by_site.sort("site").select(
        pl.col("site").alias("register_site"),
        "q0",
        "slope",
        "wiggle",
        (start - pl.lit(EPOCH)).dt.total_days().alias("start"),
        (end - pl.lit(EPOCH)).dt.total_days().alias("end"),
    )


def attach_urns(events: pl.DataFrame, register: Register) -> pl.DataFrame:
    """Join events to the URN of their site open on the day (predecessor before conversion)."""
    urns = register.schools.select(
        pl.col("site").alias("register_site"),
        "urn",
        "estab",
        "open_date",
        "close_date",
        "name",
        "kind",
        "la_code",
        "predecessor",
    )
    joined = events.join(urns, on="register_site")
    on_day = (pl.col("open_date").is_null() | (pl.col("date") >= pl.col("open_date"))) & (
        pl.col("close_date").is_null() | (pl.col("date") <= pl.col("close_date"))
    )
    settling = pl.col("predecessor").is_not_null() & (
        pl.col("date") < pl.col("open_date").dt.offset_by("18mo")
    )
    return joined.filter(on_day & ~settling).drop("open_date", "close_date", "predecessor")


def _describe(rng: np.random.Generator, events: pl.DataFrame) -> pl.DataFrame:
    """Framework, type, outcome, category and sub-judgements of each event."""
    n = events.height
    date = pl.col("date")
    framework = (
        pl.when(~pl.col("graded"))
        .then(pl.lit("ungraded"))
        .when(date >= REPORT_CARDS_FROM)
        .then(pl.lit("report_card"))
        .when(date >= NO_OVERALL_FROM)
        .then(pl.lit("graded_2024"))
        .otherwise(pl.lit("graded"))
    )
    jitter = {area: rng.normal(0, 0.35, n) for area in RC_AREAS + OEIF_AREAS}
    events = events.with_columns(framework=framework, publication=date.dt.offset_by("4w"))
    events = events.with_columns([pl.Series(f"j_{area}", values) for area, values in jitter.items()])
    score = pl.col("score")
    rc = {
        area: _scale(pl.col(f"j_{area}") + score, [1.6, 0.5, -1.0, -2.2], REPORT_CARD_WORDS)
        for area in RC_AREAS
    }
    oeif = {
        area: _scale(pl.col(f"j_{area}") + score, [1.0, -1.0, -2.1], ["1", "2", "3", "4"])
        for area in OEIF_AREAS
    }
    urgent = pl.any_horizontal(
        [rc[a] == "Urgent improvement" for a in RC_AREAS if a not in {"early_years", "post16"}]
    )
    category = (
        pl.when((pl.col("framework") == "graded") & (pl.col("grade") == 4))
        .then(pl.when(score < -2.5).then(pl.lit("Special Measures")).otherwise(pl.lit("Serious Weaknesses")))
        .when((pl.col("framework") == "graded_2024") & ((oeif["leadership_mgmt"] == "4") | (score < -2.6)))
        .then(pl.lit("Special Measures"))
        .when(
            (pl.col("framework") == "graded_2024")
            & pl.any_horizontal([oeif[a] == "4" for a in OEIF_AREAS[:4]])
        )
        .then(pl.lit("Serious Weaknesses"))
        .when((pl.col("framework") == "report_card") & urgent)
        .then(
            pl.when(rc["leadership"] == "Urgent improvement")
            .then(pl.lit("Special Measures"))
            .otherwise(pl.lit("Serious Weaknesses"))
        )
        .otherwise(pl.lit(""))
    )
    return events.with_columns(
        category=category,
        type_detail=pl.when(pl.col("previous") == 3)
        .then(pl.lit("Requires Improvement S5 Reinspection Visit 1"))
        .otherwise(pl.lit("S5 Inspection")),
        outcome=_ungraded_outcome(),
        safeguarding=pl.when(score < -2.6).then(pl.lit("No")).otherwise(pl.lit("Yes")),
        **{f"rc_{a}": e for a, e in rc.items()},
        **{f"oeif_{a}": e for a, e in oeif.items()},
    ).drop([f"j_{a}" for a in jitter])


def _scale(value: pl.Expr, thresholds: list[float], words: list[str]) -> pl.Expr:
    """The first word whose threshold ``value`` is above (best first); the last word otherwise."""
    result = pl.lit(words[-1])
    for threshold, word in reversed(list(zip(thresholds, words, strict=False))):
        result = pl.when(value > threshold).then(pl.lit(word)).otherwise(result)
    return result


def _ungraded_outcome() -> pl.Expr:
    """The published wording of an ungraded inspection's outcome, old or new by its date."""
    score, previous = pl.col("score"), pl.col("previous")
    remains = pl.when(previous == 1).then(pl.lit("Outstanding")).otherwise(pl.lit("Good"))
    old = (
        pl.when(score < -0.6)
        .then(pl.lit("School remains ") + remains + pl.lit(" (Concerns) - S5 Next"))
        .when((score > 1.15) & (previous == 2))
        .then(pl.lit("School remains Good (Improving) - S5 Next"))
        .otherwise(pl.lit("School remains ") + remains)
    )
    new = (
        pl.when(score < -0.6)
        .then(pl.lit("Some aspects not as strong"))
        .when((score > 1.15) & (previous == 2))
        .then(pl.lit("Improved significantly"))
        .otherwise(pl.lit("Standards maintained"))
    )
    return (
        pl.when(pl.col("graded"))
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("date") >= NEW_UNGRADED_WORDING_FROM)
        .then(new)
        .otherwise(old)
    )
