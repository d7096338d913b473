"""School results drawn from latent quality and disadvantage: KS2, KS4, census and absence numbers.

Counts are drawn first (pupils meeting the standard, pupils in each group) and every percentage is
computed from them, so an LA figure made from the schools' counts is what the DfE would publish.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from peerlift.demo.register import FIRST_YEAR, Register, quality, urn_in_year

KS2_YEARS = (2016, 2017, 2018, 2019, 2022, 2023, 2024, 2025)  # no tests in 2020 and 2021
KS4_YEARS = KS2_YEARS
ALL_YEARS = tuple(range(2016, 2026))

# England, state-funded schools: % expected and higher standard in RWM, Attainment 8.
KS2_ENGLAND = {2016: 53, 2017: 61, 2018: 64, 2019: 65, 2022: 59, 2023: 60, 2024: 61, 2025: 62}
KS2_ENGLAND_HIGH = {2016: 5, 2017: 9, 2018: 10, 2019: 11, 2022: 7, 2023: 8, 2024: 8, 2025: 8}
ATT8_ENGLAND = {2016: 48.5, 2017: 44.6, 2018: 44.5, 2019: 44.7, 2020: 50.2, 2021: 50.9, 2022: 48.8}
ATT8_ENGLAND |= {2023: 46.2, 2024: 45.9, 2025: 45.9}
NO_KS2_PROGRESS = {2024, 2025}  # pupils had no KS1 assessment in 2020 and 2021
NO_PROGRESS8 = {2020, 2021, 2025}

KS2_KINDS = ["primary", "junior", "primary_va", "primary_vc", "primary_fd", "primary_acc", "primary_ac"]
KS2_KINDS += ["primary_free", "all_through", "special", "special_acc", "special_free"]
KS4_KINDS = ["secondary", "secondary_va", "secondary_fd", "secondary_acc", "secondary_ac", "secondary_free"]
KS4_KINDS += ["all_through", "special", "special_acc", "special_free"]
SPECIAL = ["special", "special_acc", "special_free"]
COHORT_DIVISOR = {
    "junior": 4.0,
    "all_through": 14.0,
    "special": 11.0,
    "special_acc": 11.0,
    "special_free": 11.0,
}
KS4_DIVISOR = {"secondary": 5.0, "secondary_ac": 5.0, "secondary_free": 5.0, "all_through": 14.0}
KS4_DIVISOR |= {"special": 10.0, "special_acc": 10.0, "special_free": 10.0}


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-x)))


def _cohort(register: Register, year: int, kinds: list[str], first_cohort_after: int) -> pl.DataFrame:
    """Schools with a cohort at the key stage in ``year``, with their quality that year."""
    schools = urn_in_year(register, year).filter(pl.col("kind").is_in(kinds))
    opened = pl.col("open_date").dt.year().fill_null(1990)
    free = pl.col("kind").str.ends_with("_free")
    schools = schools.filter(~free | (opened + first_cohort_after <= year))
    return schools.with_columns(q=quality(year), special=pl.col("kind").is_in(SPECIAL))


def ks2(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    """Counts and scores of each school's KS2 cohort in ``year``."""
    s = _cohort(register, year, KS2_KINDS, 4)
    n = s.height
    divisor = s["kind"].replace_strict(COHORT_DIVISOR, default=7.0, return_dtype=pl.Float64).to_numpy()
    telig = np.maximum(1, np.round(s["pupils"].to_numpy() / divisor * rng.normal(1, 0.1, n))).astype(np.int64)
    q, special = s["q"].to_numpy(), s["special"].to_numpy()
    dis = np.clip(s["fsm"].to_numpy() * 1.5 + rng.normal(0, 0.05, n), 0.02, 0.9)
    n_dis = rng.binomial(telig, dis)
    base = np.where(special, -3.2, _logit(KS2_ENGLAND[year] / 100) + 0.55 * q - 1.2 * (dis - 0.3))
    n_exp_dis = rng.binomial(n_dis, _sigmoid(base - 0.6))
    n_exp_nd = rng.binomial(telig - n_dis, _sigmoid(base + 0.25))
    high = np.where(special, -6.0, _logit(KS2_ENGLAND_HIGH[year] / 100) + 0.7 * q - 1.5 * (dis - 0.3))
    n_high_dis = rng.binomial(n_dis, _sigmoid(high - 0.9))
    n_high_nd = rng.binomial(telig - n_dis, _sigmoid(high + 0.2))
    progress = {
        name: np.where(special, -5.0, 0.0) + 0.9 * q + rng.normal(0, 0.9, n)
        for name in ("read", "writ", "mat")
    }
    coverage = np.where(rng.random(n) < 0.01, 0.4, 1.0)
    return s.select(
        "urn", "estab", "la_code", "kind", "name", "religious", "postcode", "street", "pupils"
    ).with_columns(
        telig=telig,
        belig=rng.binomial(telig, 0.51),
        n_dis=n_dis,
        n_exp=n_exp_dis + n_exp_nd,
        n_exp_dis=n_exp_dis,
        n_exp_nd=n_exp_nd,
        n_high=n_high_dis + n_high_nd,
        n_high_dis=n_high_dis,
        n_high_nd=n_high_nd,
        n_eal=rng.binomial(telig, s["eal"].to_numpy()),
        n_ehcp=rng.binomial(telig, np.minimum(s["ehcp"].to_numpy(), 0.95)),
        n_sen=rng.binomial(telig, s["sen"].to_numpy()),
        p_read=_sigmoid(base + 0.9 + rng.normal(0, 0.2, n)),
        p_writ=_sigmoid(base + 0.9 + rng.normal(0, 0.2, n)),
        p_mat=_sigmoid(base + 0.95 + rng.normal(0, 0.2, n)),
        p_gps=_sigmoid(base + 1.0 + rng.normal(0, 0.2, n)),
        read_progress=progress["read"],
        writ_progress=progress["writ"],
        mat_progress=progress["mat"],
        progress_halfwidth=11.6 / np.sqrt(telig),
        coverage=coverage,
        read_average=np.round(104 + 2.2 * q + np.where(special, -8, 0) + rng.normal(0, 1, n)),
        mat_average=np.round(104 + 2.4 * q + np.where(special, -8, 0) + rng.normal(0, 1, n)),
        gps_average=np.round(105 + 2.4 * q + np.where(special, -9, 0) + rng.normal(0, 1, n)),
    )


def ks4(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    """Counts and scores of each school's KS4 cohort in ``year``."""
    s = _cohort(register, year, KS4_KINDS, 5)
    n = s.height
    divisor = s["kind"].replace_strict(KS4_DIVISOR, default=7.0, return_dtype=pl.Float64).to_numpy()
    tpup = np.maximum(1, np.round(s["pupils"].to_numpy() / divisor * rng.normal(1, 0.1, n))).astype(np.int64)
    q, special = s["q"].to_numpy(), s["special"].to_numpy()
    dis = np.clip(s["fsm"].to_numpy() * 1.4 + rng.normal(0, 0.05, n), 0.02, 0.9)
    n_dis = rng.binomial(tpup, dis)
    att8 = ATT8_ENGLAND[year] + 6.5 * q - 14 * (dis - 0.27) + rng.normal(0, 2, n)
    att8 = np.clip(np.where(special, 11 + rng.normal(0, 4, n), att8), 1, 85)
    p8 = np.where(special, -1.3, 0.0) + 0.38 * q - 0.4 * (dis - 0.27) + rng.normal(0, 0.15, n)
    p8pup = np.maximum(0, np.round(tpup * rng.uniform(0.9, 1.0, n))).astype(np.int64)
    basics = (att8 - ATT8_ENGLAND[year]) / 8
    return s.select(
        "urn", "estab", "la_code", "kind", "name", "religious", "postcode", "street", "pupils"
    ).with_columns(
        tpup=tpup,
        bpup=rng.binomial(tpup, 0.5),
        n_dis=n_dis,
        att8=att8,
        att8_dis=np.clip(att8 - 9 + rng.normal(0, 2, n), 0, 85),
        att8_nd=np.clip(att8 + 3 + rng.normal(0, 1, n), 0, 85),
        p8=p8,
        p8_dis=p8 - 0.45 + rng.normal(0, 0.15, n),
        p8_nd=p8 + 0.12 + rng.normal(0, 0.05, n),
        p8pup=p8pup,
        p8_halfwidth=2.5 / np.sqrt(np.maximum(p8pup, 1)),
        basics94=_sigmoid(_logit(0.64) + basics + np.where(special, -4, 0)),
        basics95=_sigmoid(_logit(0.43) + basics + np.where(special, -5, 0)),
        ebacc_entry=_sigmoid(_logit(0.38) + 0.4 * q + np.where(special, -5, 0)),
        ebacc_aps=att8 / 11.5,
    )


def census(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    """Pupils on roll and their characteristics in January of ``year``."""
    s = urn_in_year(register, year)
    n = s.height
    trend = 1 + 0.012 * (year - 2025)
    nor = np.maximum(1, np.round(s["pupils"].to_numpy() * trend * rng.normal(1, 0.03, n))).astype(np.int64)
    fsm_trend = 0.75 + 0.035 * (year - FIRST_YEAR)
    fsm = np.clip(s["fsm"].to_numpy() * fsm_trend, 0.0, 0.95)
    n_fsm = rng.binomial(nor, fsm)
    return s.select("urn", "estab", "la_code", "kind").with_columns(
        nor=nor,
        norg=rng.binomial(nor, 0.49),
        n_ehcp=rng.binomial(nor, s["ehcp"].to_numpy()),
        n_sen=rng.binomial(nor, s["sen"].to_numpy()),
        n_eal=(n_eal := rng.binomial(nor, s["eal"].to_numpy())),
        n_unclassified=rng.binomial(nor - n_eal, 0.003),
        n_fsm=n_fsm,
        n_fsm_ever=np.minimum(nor, np.round(n_fsm * 1.3)).astype(np.int64),
    )


def absence(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    """Overall absence and persistent absence in academic year ``year``, from quality and context."""
    s = urn_in_year(register, year).filter(~pl.col("kind").is_in(["nursery", "independent"]))
    s = s.with_columns(q=quality(year))
    n = s.height
    covid = {2020: -0.3, 2021: 0.4, 2022: 2.6, 2023: 2.4, 2024: 2.2, 2025: 2.0}.get(year, 0.0)
    secondary = s["kind"].str.starts_with("secondary").to_numpy()
    special = s["kind"].is_in([*SPECIAL, "pru", "ap_acc"]).to_numpy()
    overall = 4.0 + covid - 0.5 * s["q"].to_numpy() + 4 * (s["fsm"].to_numpy() - 0.2)
    overall = np.clip(overall + 1.2 * secondary + 5 * special + rng.normal(0, 0.6, n), 1.0, 40.0)
    persistent = np.clip(overall * 2.3 + rng.normal(0, 2, n), 0.0, 90.0)
    return s.select("urn", "estab", "la_code", "kind", "pupils").with_columns(
        overall=overall, persistent=persistent
    )
