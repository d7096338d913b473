"""The register of synthetic schools: one row per URN, open and closed, built with numpy.

Each school sits on a ``site`` with a latent quality that drifts over the years; its results and
inspection grades are drawn from that quality, so good schools get good grades and results go with
them. An academy converter has a closed predecessor on the same site (new URN on conversion).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from peerlift.demo import names
from peerlift.demo.areas import DEMO_CITY, LocalAuthority, national_las
from peerlift.demo.kinds import KINDS

# Demo City's schools by kind: about 130 open schools of every phase.
DEMO_COUNTS: dict[str, int] = {
    "nursery": 5,
    "primary": 44,
    "infant": 5,
    "junior": 5,
    "primary_va": 10,
    "primary_vc": 5,
    "primary_fd": 3,
    "primary_acc": 12,
    "primary_ac": 5,
    "primary_free": 2,
    "secondary": 4,
    "secondary_va": 2,
    "secondary_fd": 1,
    "secondary_acc": 6,
    "secondary_ac": 3,
    "secondary_free": 1,
    "all_through": 2,
    "special": 5,
    "special_acc": 2,
    "special_free": 1,
    "pru": 2,
    "ap_acc": 1,
}
DEMO_CLOSED = 2  # schools that closed with no successor

# Shares of open schools in England (GIAS 2019 orders of magnitude), for national mode.
NATIONAL_SHARES: dict[str, float] = {
    "nursery": 0.016,
    "primary": 0.30,
    "infant": 0.035,
    "junior": 0.03,
    "primary_va": 0.09,
    "primary_vc": 0.07,
    "primary_fd": 0.02,
    "primary_acc": 0.15,
    "primary_ac": 0.04,
    "primary_free": 0.01,
    "secondary": 0.02,
    "secondary_va": 0.011,
    "secondary_fd": 0.01,
    "secondary_acc": 0.09,
    "secondary_ac": 0.03,
    "secondary_free": 0.006,
    "all_through": 0.006,
    "special": 0.025,
    "special_acc": 0.012,
    "special_free": 0.004,
    "pru": 0.01,
    "ap_acc": 0.005,
    "independent": 0.085,
}
NATIONAL_OPEN = 24_000
NATIONAL_CLOSED = 25_000
DEMO_URN_START = 990_001
FIRST_YEAR = 2016
AS_AT = dt.date(2025, 9, 1)  # the GIAS extract's date
RECENT_CONVERSION = dt.date(2025, 4, 1)


@dataclass(frozen=True)
class Register:
    """All establishments (``schools``) and the LAs they sit in."""

    schools: pl.DataFrame
    las: list[LocalAuthority]
    national: bool


def build(rng: np.random.Generator, national: bool) -> Register:
    las = national_las() if national else [DEMO_CITY]
    kinds, la_codes = _open_schools(rng, las, national)
    open_frame = _describe(rng, kinds, la_codes, las, national, special_names=not national)
    frame = _with_predecessors(rng, open_frame)
    closed = _closed_schools(rng, las, NATIONAL_CLOSED if national else DEMO_CLOSED, national)
    frame = pl.concat([frame, closed], how="vertical")
    urn_start = 100_000 if national else DEMO_URN_START
    frame = frame.with_columns(urn=(pl.col("urn_order").rank("ordinal") - 1 + urn_start).cast(pl.Int64))
    # Successor/predecessor links by site, now that URNs exist.
    pairs = frame.filter(pl.col("site").is_duplicated()).select("site", "urn", "status")
    pred = pairs.filter(pl.col("status") == "Closed").select("site", predecessor="urn")
    succ = pairs.filter(pl.col("status") != "Closed").select("site", successor="urn")
    frame = frame.join(pred, on="site", how="left").join(succ, on="site", how="left")
    frame = frame.with_columns(
        predecessor=pl.when(pl.col("status") != "Closed").then(pl.col("predecessor")),
        successor=pl.when(pl.col("status") == "Closed").then(pl.col("successor")),
    )
    base = pl.col("kind").replace_strict({k: v.estab_base for k, v in KINDS.items()}, return_dtype=pl.Int64)
    frame = frame.with_columns(base=base).with_columns(
        estab=(pl.col("base") + pl.col("urn").rank("ordinal").over("la_code", "base")).cast(pl.Int64)
    )
    return Register(frame.sort("urn").drop("urn_order", "base"), las, national)


def _open_schools(
    rng: np.random.Generator, las: list[LocalAuthority], national: bool
) -> tuple[np.ndarray, np.ndarray]:
    if not national:
        kinds = np.repeat(np.array(list(DEMO_COUNTS)), list(DEMO_COUNTS.values()))
        return kinds, np.full(kinds.size, DEMO_CITY.code)
    sizes = np.array([la.size for la in las])
    per_la = rng.multinomial(NATIONAL_OPEN, sizes / sizes.sum())
    la_codes = np.repeat(np.array([la.code for la in las]), per_la)
    shares = np.array(list(NATIONAL_SHARES.values()))
    kinds = rng.choice(np.array(list(NATIONAL_SHARES)), size=la_codes.size, p=shares / shares.sum())
    return kinds, la_codes


def _kind_column(kinds: np.ndarray, attribute: str) -> np.ndarray:
    lookup = {name: getattr(kind, attribute) for name, kind in KINDS.items()}
    return np.vectorize(lookup.__getitem__, otypes=[object])(kinds)


def _describe(
    rng: np.random.Generator,
    kinds: np.ndarray,
    la_codes: np.ndarray,
    las: list[LocalAuthority],
    national: bool,
    special_names: bool = False,
) -> pl.DataFrame:
    """Names, sizes, context and quality of schools."""
    n = kinds.size
    la_by_code = {la.code: la for la in las}
    word = _kind_column(kinds, "word").astype(str)
    place = np.array(names.PLACES)[rng.integers(0, len(names.PLACES), n)]
    saint = np.array(names.SAINTS)[rng.integers(0, len(names.SAINTS), n)]
    is_va = np.isin(kinds, ["primary_va", "secondary_va"])
    catholic = is_va & (rng.random(n) < 0.5)
    church = np.isin(kinds, ["primary_vc"]) | (is_va & ~catholic)
    stem = np.where(catholic, np.char.add(saint, " Catholic"), place)
    stem = np.where(church, np.char.add(saint, " Church of England"), stem)
    name = np.char.add(np.char.add(stem.astype(str), " "), word)
    if special_names:
        _put_special_names(kinds, name)
    religious = np.where(catholic, "Roman Catholic", np.where(church, "Church of England", "Does not apply"))
    pupils_typical = _kind_column(kinds, "pupils").astype(float)
    pupils = np.maximum(8, rng.normal(pupils_typical, pupils_typical * 0.25)).round().astype(np.int64)
    fsm = np.clip(rng.beta(2.2, 8.0, n) + (0.02 if not national else 0.0), 0.02, 0.75)
    special_or_ap = np.isin(kinds, ["special", "special_acc", "special_free", "pru", "ap_acc"])
    fsm = np.where(special_or_ap, np.clip(fsm + 0.2, 0, 0.8), fsm)
    eal = np.clip(rng.beta(1.3, 6.0, n), 0.0, 0.9)
    sen = np.clip(rng.normal(0.13, 0.04, n), 0.02, 0.4)
    ehcp = np.where(special_or_ap, np.clip(rng.normal(0.9, 0.08, n), 0.3, 1.0), rng.uniform(0.005, 0.05, n))
    q0 = rng.normal(0, 1, n) - 1.5 * (fsm - 0.25)
    slope = rng.normal(0, 0.08, n)
    slope[: max(1, n // 40)] = -0.35  # a few schools in steep decline (categories of concern)
    academy = _kind_column(kinds, "academy").astype(bool)
    free = np.char.endswith(kinds.astype(str), "_free")
    open_year = np.where(free, rng.integers(2013, 2020, n), 0)
    if not national:
        open_year[np.flatnonzero(kinds == "primary_free")[-1:]] = 2024  # new, never inspected
        open_year[np.flatnonzero(kinds == "secondary_free")[-1:]] = 2023
    open_date = [dt.date(int(y), 9, 1) if y else None for y in open_year]
    trust = rng.integers(0, len(names.TRUSTS), n)
    trust_code = np.where(academy, np.array([t[0] for t in names.TRUSTS])[trust], "")
    trust_name = np.where(academy, np.array([t[1] for t in names.TRUSTS])[trust], "")
    if national:  # one synthetic trust per LA and kind family, named for the LA
        trust_code = np.where(academy, np.char.add("T", la_codes.astype(str)), "")
        trust_name = np.where(
            academy, np.char.add(np.vectorize(lambda c: la_by_code[c].name.upper())(la_codes), " TRUST"), ""
        )
    easting, northing = _locations(rng, la_codes, national)
    return pl.DataFrame(
        {
            "urn_order": np.arange(n) + 100_000,
            "site": np.arange(n),
            "la_code": la_codes.astype(np.int32),
            "kind": kinds.astype(str),
            "name": name.astype(str),
            "status": "Open",
            "open_date": pl.Series(open_date, dtype=pl.Date),
            "close_date": pl.Series([None] * n, dtype=pl.Date),
            "reason_open": np.where(free, "Academy Free School", "Not applicable"),
            "reason_close": "Not applicable",
            "religious": religious,
            "trust_code": trust_code,
            "trust_name": trust_name,
            "pupils": pupils,
            "fsm": fsm.round(3),
            "eal": eal.round(3),
            "sen": sen.round(3),
            "ehcp": ehcp.round(3),
            "idaci": np.clip(np.ceil(fsm * 10).astype(int), 1, 5),
            "street": np.array(names.STREETS)[rng.integers(0, len(names.STREETS), n)],
            "easting": easting,
            "northing": northing,
            "postcode": _postcodes(rng, n, national),
            "q0": q0.round(4),
            "slope": slope.round(4),
            "wiggle": rng.uniform(0, 6.283, n).round(3),
        }
    )


def _put_special_names(kinds: np.ndarray, name: np.ndarray) -> None:
    """Give the apostrophe and accent names to the first school of a kind that fits each."""
    fits = {
        "Saint-Exupéry": "primary",
        "Notre Dame": "secondary_va",
        "Brontë": "nursery",
        "Our Lady": "primary_va",
    }
    for special in names.SPECIAL_NAMES:
        kind = next(k for prefix, k in fits.items() if special.startswith(prefix))
        name[int(np.flatnonzero(kinds == kind)[0])] = special


def _locations(
    rng: np.random.Generator, la_codes: np.ndarray, national: bool
) -> tuple[np.ndarray, np.ndarray]:
    if not national:
        return (
            rng.normal(433_000, 4_000, la_codes.size).round().astype(np.int64),
            rng.normal(279_000, 4_000, la_codes.size).round().astype(np.int64),
        )
    centre_e = 350_000 + (la_codes * 7_907) % 200_000
    centre_n = 100_000 + (la_codes * 3_571) % 450_000
    return (
        (centre_e + rng.normal(0, 8_000, la_codes.size)).round().astype(np.int64),
        (centre_n + rng.normal(0, 8_000, la_codes.size)).round().astype(np.int64),
    )


def _postcodes(rng: np.random.Generator, n: int, national: bool) -> np.ndarray:
    """Invented postcodes in areas that do not exist (DC for Demo City, ZZ nationally)."""
    area = "ZZ" if national else "DC"
    district = rng.integers(1, 20, n).astype(str)
    sector = rng.integers(1, 10, n).astype(str)
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
    unit = np.char.add(letters[rng.integers(0, 20, n)], letters[rng.integers(0, 20, n)])
    return np.char.add(np.char.add(np.char.add(area, district), np.char.add(" ", sector)), unit)


def _with_predecessors(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """About seven in ten academies converted from a maintained school: give them a closed predecessor."""
    twins = {name: kind.maintained_twin for name, kind in KINDS.items() if kind.maintained_twin}
    converted = frame["kind"].is_in(list(twins)).to_numpy() & (rng.random(frame.height) < 0.72)
    months = rng.integers(0, 13 * 12, frame.height)  # Sep 2011 .. Aug 2024
    conv = [dt.date(2011 + (8 + int(m)) // 12, (8 + int(m)) % 12 + 1, 1) for m in months]
    if converted.any():  # one recent conversion: its latest inspection is still its predecessor's
        conv[int(np.flatnonzero(converted)[0])] = RECENT_CONVERSION
    frame = frame.with_columns(
        converted=pl.Series(converted),
        conv_date=pl.Series(conv, dtype=pl.Date),
    )
    academies = frame.filter("converted")
    sponsored = pl.col("kind").str.ends_with("_ac")
    predecessors = academies.with_columns(
        urn_order=pl.col("urn_order") - 50_000,
        kind=pl.col("kind").replace_strict(twins),
        name=pl.col("name").str.replace(r"Academy$", "School"),
        status=pl.lit("Closed"),
        open_date=pl.lit(None, dtype=pl.Date),
        close_date=pl.col("conv_date").dt.offset_by("-1d"),
        reason_close=pl.when(sponsored).then(pl.lit("For Academy")).otherwise(pl.lit("Academy Converter")),
        trust_code=pl.lit(""),
        trust_name=pl.lit(""),
    )
    frame = frame.with_columns(
        open_date=pl.when("converted").then(pl.col("conv_date")).otherwise(pl.col("open_date")),
        reason_open=pl.when(pl.col("converted") & sponsored)
        .then(pl.lit("New Provision"))
        .when("converted")
        .then(pl.lit("Academy Converter"))
        .otherwise(pl.col("reason_open")),
    )
    return pl.concat([frame, predecessors], how="vertical").drop("converted", "conv_date")


def _closed_schools(
    rng: np.random.Generator, las: list[LocalAuthority], count: int, national: bool
) -> pl.DataFrame:
    """Schools that closed for good (amalgamations and closures), mostly long ago."""
    kinds = rng.choice(np.array(["primary", "infant", "junior", "secondary", "nursery"]), size=count)
    la_codes = rng.choice(np.array([la.code for la in las]), size=count)
    frame = _describe(rng, kinds, la_codes, las, national)
    first, last = (1985, 2018) if national else (2017, 2025)  # national: closed before the tables' year
    years = rng.integers(first, last, count)
    close = [dt.date(int(y), 8, 31) for y in years]
    return frame.with_columns(
        urn_order=pl.col("urn_order") - 90_000,
        site=pl.col("site") + 10_000_000,
        status=pl.lit("Closed"),
        close_date=pl.Series(close, dtype=pl.Date),
        reason_close=pl.Series(
            rng.choice(np.array(["Closure", "Result of Amalgamation/Merger"]), size=count)
        ),
    )


def urn_in_year(register: Register, year: int) -> pl.DataFrame:
    """The establishments open in the summer of academic year ``year`` (2019 = 2018/19), one per site."""
    summer = dt.date(year, 6, 30)
    return register.schools.filter(
        (pl.col("open_date").is_null() | (pl.col("open_date") <= summer))
        & (pl.col("close_date").is_null() | (pl.col("close_date") >= summer))
    )


def quality(year: float) -> pl.Expr:
    """A school's latent quality in a year: its start, its trend and a slow wiggle."""
    return pl.col("q0") + pl.col("slope") * (year - FIRST_YEAR) + 0.25 * (pl.col("wiggle") + year).sin()
