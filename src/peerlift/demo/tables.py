"""Performance-tables files: KS2 and KS4 school-level downloads, census and absence.

Every file carries the whole published header (318 KS2 and 496 KS4 columns); columns the demo has
no figures for are left empty, as the DfE leaves columns that do not apply. Each row type is the real
file's: schools (RECTYPE 1, or 2 for special schools), the LA total (KS2 RECTYPE 3, KS4 RECTYPE 4) and
England (KS2 4 and 5, KS4 5 and 7).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from peerlift.demo import layouts, results
from peerlift.demo.areas import LocalAuthority
from peerlift.demo.kinds import KINDS
from peerlift.demo.register import Register
from peerlift.demo.writers import number, percent

SMALL = 5  # cohorts of this size or fewer are suppressed
ID_COLUMNS = ("ALPHAIND", "ESTAB", "URN", "ADDRESS1", "ADDRESS2", "ADDRESS3", "TOWN", "PCODE", "TELNUM")

c = pl.col


def _share(numerator: str, denominator: str) -> pl.Expr:
    """num/den as a published percentage; SUPP for small groups."""
    return (
        pl.when(c(denominator) <= SMALL)
        .then(pl.lit("SUPP"))
        .otherwise(percent(c(numerator) / c(denominator)))
    )


def _measure(expr: pl.Expr, decimals: int, cohort: str, blocked: pl.Expr | None = None) -> pl.Expr:
    """A score or progress figure; SUPP for small cohorts, the ``blocked`` reason where it applies."""
    out = pl.when(c(cohort) <= SMALL).then(pl.lit("SUPP")).otherwise(number(expr, decimals))
    return out if blocked is None else pl.when(blocked.is_not_null()).then(blocked).otherwise(out)


def _school_ids(frame: pl.DataFrame, las: dict[int, LocalAuthority]) -> pl.DataFrame:
    return frame.with_columns(
        ALPHAIND=c("name").rank("dense").cast(pl.Int64).cast(pl.String),
        LEA=c("la_code").cast(pl.String),
        ESTAB=c("estab").cast(pl.String),
        URN=c("urn").cast(pl.String),
        SCHNAME=c("name"),
        ADDRESS1=c("street"),
        TOWN=c("la_code").replace_strict({k: v.name for k, v in las.items()}, return_dtype=pl.String),
        PCODE=c("postcode"),
        TELNUM=pl.lit("01632 960") + (c("urn") % 1000).cast(pl.String).str.zfill(3),
        NFTYPE=c("kind").replace_strict({k: v.nftype for k, v in KINDS.items()}, return_dtype=pl.String),
        RELDENOM=c("religious"),
        AGERANGE=c("kind").replace_strict(
            {k: f"{v.low_age}-{v.high_age}" for k, v in KINDS.items()}, return_dtype=pl.String
        ),
        ICLOSE=pl.lit("0"),
        RECTYPE=pl.when(c("kind").is_in(results.SPECIAL)).then(pl.lit("2")).otherwise(pl.lit("1")),
        rectype_group=pl.lit("school"),
    )


def _layout(frame: pl.DataFrame, columns: dict[str, pl.Expr], header: tuple[str, ...]) -> pl.DataFrame:
    """Every column of the header, filled from ``columns`` or from the frame's own text columns."""
    exprs = []
    for name in header:
        if name in columns:
            exprs.append(columns[name].cast(pl.String).alias(name))
        elif name in frame.columns:
            exprs.append(c(name).cast(pl.String))
        else:
            exprs.append(pl.lit(None, dtype=pl.String).alias(name))
    return frame.select(exprs)


# ---------------------------------------------------------------------------------------------- KS2


def _ks2_area_rows(schools: pl.DataFrame, year: int) -> pl.DataFrame:
    """One LA total row per LA (RECTYPE 3) and the two England rows (RECTYPE 4 and 5)."""
    sums = ["telig", "belig", "n_dis", "n_exp", "n_exp_dis", "n_exp_nd", "n_high", "n_high_dis", "n_high_nd"]
    sums += ["n_eal", "n_ehcp", "n_sen"]
    weighted = ["p_read", "p_writ", "p_mat", "p_gps", "read_progress", "writ_progress", "mat_progress"]
    weighted += ["read_average", "mat_average", "gps_average"]
    las = schools.group_by("la_code").agg(
        [c(s).sum() for s in sums] + [(c(w) * c("telig")).sum() / c("telig").sum() for w in weighted]
    )
    las = las.sort("la_code").with_columns(
        RECTYPE=pl.lit("3"),
        LEA=c("la_code").cast(pl.String),
        rectype_group=pl.lit("la"),
        coverage=pl.lit(1.0),
    )
    england = _ks2_england(year)
    return pl.concat([las.drop("la_code"), england], how="diagonal_relaxed")


def _ks2_england(year: int) -> pl.DataFrame:
    telig = np.array([668_000, 660_000])
    expected = results.KS2_ENGLAND[year] / 100
    high = results.KS2_ENGLAND_HIGH[year] / 100
    n_dis = np.round(telig * 0.31).astype(np.int64)
    n_exp_dis = np.round(n_dis * (expected - 0.14)).astype(np.int64)
    n_exp = np.round(telig * expected).astype(np.int64)
    n_high_dis = np.round(n_dis * high * 0.45).astype(np.int64)
    n_high = np.round(telig * high).astype(np.int64)
    return pl.DataFrame(
        {
            "RECTYPE": ["4", "5"],
            "LEA": [None, None],
            "rectype_group": ["england", "england"],
            "telig": telig,
            "belig": np.round(telig * 0.51).astype(np.int64),
            "n_dis": n_dis,
            "n_exp": n_exp,
            "n_exp_dis": n_exp_dis,
            "n_exp_nd": n_exp - n_exp_dis,
            "n_high": n_high,
            "n_high_dis": n_high_dis,
            "n_high_nd": n_high - n_high_dis,
            "n_eal": np.round(telig * 0.21).astype(np.int64),
            "p_read": [expected + 0.1] * 2,
            "p_writ": [expected + 0.13] * 2,
            "p_mat": [expected + 0.14] * 2,
            "p_gps": [expected + 0.13] * 2,
            "read_average": [105.0, 105.0],
            "mat_average": [104.0, 104.0],
            "gps_average": [106.0, 106.0],
            "coverage": [1.0, 1.0],
        },
        schema_overrides={"LEA": pl.String},
    )


def ks2_frame(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    """The KS2 file's rows: schools by LA, then the LA totals, then England."""
    las = {la.code: la for la in register.las}
    schools = results.ks2(rng, register, year)
    areas = _ks2_area_rows(schools, year)
    names = {code: la.name for code, la in las.items()}
    areas = areas.with_columns(
        SCHNAME=pl.when(c("rectype_group") == "la").then(
            c("LEA").cast(pl.Int32, strict=False).replace_strict(names, default=None, return_dtype=pl.String)
        )
    )
    rows = pl.concat([_school_ids(schools.sort("la_code", "urn"), las), areas], how="diagonal_relaxed")
    frame = _layout(rows, _ks2_columns(year), layouts.header_for_year(layouts.KS2, year))
    return frame.with_columns(
        [
            pl.when(c("RECTYPE").is_in(["1", "2"])).then(c(n)).otherwise(pl.lit(" ")).alias(n)
            for n in ID_COLUMNS
        ]
        + [c(n).fill_null(" ") for n in ("LEA", "SCHNAME")]
    )


def _ks2_columns(year: int) -> dict[str, pl.Expr]:
    school = c("rectype_group") == "school"
    no_progress = pl.lit("NP") if year in results.NO_KS2_PROGRESS else None
    columns: dict[str, pl.Expr] = {
        "URN_AC": pl.when(school).then(pl.lit("0")),
        "TAB15": pl.when(school).then(pl.lit("0")),
        "TAB1618": pl.when(school).then(pl.lit("0")),
        "TOTPUPS": c("pupils"),
        "TPUPYEAR": c("telig"),
        "TELIG": c("telig"),
        "BELIG": c("belig"),
        "GELIG": c("telig") - c("belig"),
        "PBELIG": percent(c("belig") / c("telig")),
        "PGELIG": percent(1 - c("belig") / c("telig")),
        "TFSM6CLA1A": c("n_dis"),
        "PTFSM6CLA1A": percent(c("n_dis") / c("telig")),
        "TNotFSM6CLA1A": c("telig") - c("n_dis"),
        "PTNotFSM6CLA1A": percent(1 - c("n_dis") / c("telig")),
        "TEALGRP2": c("n_eal"),
        "PTEALGRP2": percent(c("n_eal") / c("telig")),
        "PTRWM_EXP": _share("n_exp", "telig"),
        "PTRWM_HIGH": _share("n_high", "telig"),
        "PTRWM_EXP_FSM6CLA1A": _share("n_exp_dis", "n_dis"),
        "PTRWM_HIGH_FSM6CLA1A": _share("n_high_dis", "n_dis"),
        "TSENELE": c("n_ehcp"),
        "PSENELE": percent(c("n_ehcp") / c("telig")),
        "TSENELK": c("n_sen"),
        "PSENELK": percent(c("n_sen") / c("telig")),
        "READ_AVERAGE": _measure(c("read_average"), 0, "telig"),
        "MAT_AVERAGE": _measure(c("mat_average"), 0, "telig"),
        "GPS_AVERAGE": _measure(c("gps_average"), 0, "telig"),
        "PTREAD_EXP": _measure_pct("p_read"),
        "PTWRITTA_EXP": _measure_pct("p_writ"),
        "PTMAT_EXP": _measure_pct("p_mat"),
        "PTGPS_EXP": _measure_pct("p_gps"),
    }
    nd = (c("telig") - c("n_dis")).alias("nd")
    columns["PTRWM_EXP_NotFSM6CLA1A"] = (
        pl.when(nd <= SMALL).then(pl.lit("SUPP")).otherwise(percent(c("n_exp_nd") / nd))
    )
    columns["PTRWM_HIGH_NotFSM6CLA1A"] = (
        pl.when(nd <= SMALL).then(pl.lit("SUPP")).otherwise(percent(c("n_high_nd") / nd))
    )
    for subject, name in (("read", "READ"), ("writ", "WRIT"), ("mat", "MAT")):
        low_coverage = pl.when(c("coverage") < 0.5).then(pl.lit("LOWCOV"))
        blocked = pl.coalesce(no_progress, low_coverage) if no_progress is not None else low_coverage
        blocked = pl.when(school).then(blocked).otherwise(pl.lit(" ") if no_progress is None else blocked)
        centre = c(f"{subject}_progress")
        half = c("progress_halfwidth")
        columns[f"{name}PROG"] = _measure(centre, 1, "telig", blocked)
        columns[f"{name}PROG_LOWER"] = _measure(centre - half, 1, "telig", blocked)
        columns[f"{name}PROG_UPPER"] = _measure(centre + half, 1, "telig", blocked)
        columns[f"{name}COV"] = pl.when(school).then(percent(c("coverage"))).otherwise(pl.lit(" "))
    return columns


def _measure_pct(column: str) -> pl.Expr:
    return pl.when(c("telig") <= SMALL).then(pl.lit("SUPP")).otherwise(percent(c(column)))


# ---------------------------------------------------------------------------------------------- KS4


def ks4_frame(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    """The KS4 file's rows: schools, then each LA's total (RECTYPE 4), then England (5 and 7)."""
    las = {la.code: la for la in register.las}
    schools = results.ks4(rng, register, year).with_columns(
        att8_total=c("att8") * c("tpup"),
        p8_total=c("p8") * c("p8pup"),
    )
    weighted = ["basics94", "basics95", "ebacc_entry", "ebacc_aps", "att8_dis", "att8_nd", "p8_dis", "p8_nd"]
    sums = ["tpup", "bpup", "n_dis", "p8pup", "att8_total", "p8_total"]
    la_rows = (
        schools.group_by("la_code")
        .agg([c(s).sum() for s in sums] + [(c(w) * c("tpup")).sum() / c("tpup").sum() for w in weighted])
        .sort("la_code")
        .with_columns(RECTYPE=pl.lit("4"), LEA=c("la_code").cast(pl.String), rectype_group=pl.lit("la"))
        .drop("la_code")
    )
    england = _ks4_england(year)
    rows = pl.concat(
        [_school_ids(schools.sort("la_code", "urn"), las), la_rows, england], how="diagonal_relaxed"
    ).with_columns(
        att8=c("att8_total") / c("tpup"),
        p8=c("p8_total") / c("p8pup"),
    )
    frame = _layout(rows, _ks4_columns(year), layouts.header_for_year(layouts.KS4, year))
    return frame.with_columns(
        [pl.when(c("RECTYPE").is_in(["1", "2"])).then(c(n)).otherwise(None).alias(n) for n in ID_COLUMNS]
    )


def _ks4_england(year: int) -> pl.DataFrame:
    tpup = np.array([620_000, 560_000])
    att8 = results.ATT8_ENGLAND[year]
    return pl.DataFrame(
        {
            "RECTYPE": ["5", "7"],
            "rectype_group": ["england", "england"],
            "tpup": tpup,
            "bpup": np.round(tpup * 0.51).astype(np.int64),
            "n_dis": np.round(tpup * 0.26).astype(np.int64),
            "p8pup": np.round(tpup * 0.95).astype(np.int64),
            "att8_total": tpup * att8,
            "p8_total": np.round(tpup * 0.95) * np.array([-0.03, 0.0]),
            "basics94": [0.64, 0.65],
            "basics95": [0.43, 0.44],
            "ebacc_entry": [0.38, 0.40],
            "ebacc_aps": [att8 / 11.5] * 2,
            "att8_dis": [att8 - 12.5] * 2,
            "att8_nd": [att8 + 4.0] * 2,
            "p8_dis": [-0.55, -0.5],
            "p8_nd": [0.13, 0.15],
        }
    )


def _ks4_columns(year: int) -> dict[str, pl.Expr]:
    school = c("rectype_group") == "school"
    decimals = pl.when(school)

    def pct(expr: pl.Expr) -> pl.Expr:
        return decimals.then(percent(expr)).otherwise(percent(expr, 2))

    not_published = pl.lit("NP") if year in results.NO_PROGRESS8 else None
    p8_cohort = "p8pup"

    def p8(expr: pl.Expr) -> pl.Expr:
        return _measure(expr, 2, p8_cohort, not_published)

    half = c("p8_halfwidth")
    return {
        "CONTFLAG": pl.when(school).then(pl.lit("0")),
        "ADMPOL": pl.when(school).then(pl.lit("COMP")),
        "EGENDER": pl.when(school).then(pl.lit("MIXED")),
        "FEEDER": pl.when(school).then(pl.lit("0")),
        "TABKS2": pl.when(school).then(pl.lit("0")),
        "TOTPUPS": c("pupils"),
        "TPUP": c("tpup"),
        "BPUP": c("bpup"),
        "PBPUP": pct(c("bpup") / c("tpup")),
        "GPUP": c("tpup") - c("bpup"),
        "PGPUP": pct(1 - c("bpup") / c("tpup")),
        "TFSM6CLA1A": c("n_dis"),
        "PTFSM6CLA1A": pct(c("n_dis") / c("tpup")),
        "TNOTFSM6CLA1A": c("tpup") - c("n_dis"),
        "PTNOTFSM6CLA1A": pct(1 - c("n_dis") / c("tpup")),
        "TOTATT8": number(c("att8_total"), 1),
        "ATT8SCR": _measure(c("att8"), 1, "tpup"),
        "P8PUP": c("p8pup"),
        "P8MEACOV": pct(c("p8pup") / c("tpup")),
        "P8MEA": p8(c("p8")),
        "P8CILOW": pl.when(school).then(p8(c("p8") - half)),
        "P8CIUPP": pl.when(school).then(p8(c("p8") + half)),
        "PTL2BASICS_94": pl.when(c("tpup") <= SMALL).then(pl.lit("SUPP")).otherwise(pct(c("basics94"))),
        "PTL2BASICS_95": pl.when(c("tpup") <= SMALL).then(pl.lit("SUPP")).otherwise(pct(c("basics95"))),
        "EBACCAPS": _measure(c("ebacc_aps"), 2, "tpup"),
        "PTEBACC_E_PTQ_EE": pl.when(c("tpup") <= SMALL).then(pl.lit("SUPP")).otherwise(pct(c("ebacc_entry"))),
        "ATT8SCR_FSM6CLA1A": _measure(c("att8_dis"), 1, "n_dis"),
        "ATT8SCR_NFSM6CLA1A": _measure(c("att8_nd"), 1, "tpup"),
        "P8MEA_FSM6CLA1A": _measure(c("p8_dis"), 2, "n_dis", not_published),
        "P8MEA_NFSM6CLA1A": p8(c("p8_nd")),
    }


# ------------------------------------------------------------------------------ census and absence

# England totals as the real 2018-19 file gives them (its NAT rows), used for every year.
_CENSUS_NAT = [
    "NAT,,PRI,State-funded primary,4727089,2318560,2408528,49,51,74404,1.6,595708,12.6,"
    "1002292,3716282,8515,21.2,78.6,0.2,745453,1018995,23",
    "NAT,,SEC,State-funded secondary,3327970,1658168,1669802,49.8,50.2,55233,1.7,358555,10.8,"
    "561002,2751742,15226,16.9,82.7,0.5,468779,808599,27.7",
    "NAT,,SPE,State-funded special school,121738,33793,87945,27.8,72.2,122268,98.3,2014,1.6,"
    "18345,105750,337,14.7,85,0.3,47048,53935,50.3",
]
_ABSENCE_NAT = {"PRI": (4.0, 8.2), "SEC": (5.5, 13.7), "SPE": (10.1, 28.8)}


def census_frame(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    s = results.census(rng, register, year)
    share = lambda n, d="nor": number(c(n) / c(d) * 100, 1)  # noqa: E731
    independent = c("kind") == "independent"
    na = pl.lit("NA")
    rows = s.sort("urn").select(
        URN=c("urn").cast(pl.String),
        LA=c("la_code").cast(pl.String),
        ESTAB=c("estab").cast(pl.String),
        SCHOOLTYPE=c("kind").replace_strict(
            {k: v.census_type for k, v in KINDS.items()}, return_dtype=pl.String
        ),
        NOR=c("nor").cast(pl.String),
        NORG=c("norg").cast(pl.String),
        NORB=(c("nor") - c("norg")).cast(pl.String),
        PNORG=share("norg"),
        PNORB=number((1 - c("norg") / c("nor")) * 100, 1),
        TSENELSE=c("n_ehcp").cast(pl.String),
        PSENELSE=share("n_ehcp"),
        TSENELK=c("n_sen").cast(pl.String),
        PSENELK=share("n_sen"),
        NUMEAL=pl.when(independent).then(na).otherwise(c("n_eal").cast(pl.String)),
        NUMENGFL=pl.when(independent)
        .then(na)
        .otherwise((c("nor") - c("n_eal") - c("n_unclassified")).cast(pl.String)),
        NUMUNCFL=pl.when(independent).then(na).otherwise(c("n_unclassified").cast(pl.String)),
        PNUMEAL=pl.when(independent).then(na).otherwise(share("n_eal")),
        PNUMENGFL=pl.when(independent)
        .then(na)
        .otherwise(number((c("nor") - c("n_eal") - c("n_unclassified")) / c("nor") * 100, 1)),
        PNUMUNCFL=pl.when(independent).then(na).otherwise(share("n_unclassified")),
        NUMFSM=pl.when(independent).then(na).otherwise(c("n_fsm").cast(pl.String)),
        NUMFSMEVER=pl.when(independent).then(na).otherwise(c("n_fsm_ever").cast(pl.String)),
        PNUMFSMEVER=pl.when(independent).then(na).otherwise(share("n_fsm_ever")),
    )
    header = layouts.header(layouts.CENSUS)
    national = pl.DataFrame([line.split(",") for line in _CENSUS_NAT], schema=list(header), orient="row")
    return pl.concat([rows.select(header), national])


def absence_frame(rng: np.random.Generator, register: Register, year: int) -> pl.DataFrame:
    s = results.absence(rng, register, year)
    rows = s.sort("la_code", "urn").select(
        LA=c("la_code").cast(pl.String),
        ESTAB=c("estab").cast(pl.String),
        URN=c("urn").cast(pl.String),
        PERCTOT=number(c("overall"), 1),
        PPERSABS10=pl.when(c("pupils") < 40).then(pl.lit("SUPP")).otherwise(number(c("persistent"), 1)),
    )
    national = pl.DataFrame(
        [
            ["NAT", phase, None, str(overall), str(persistent)]
            for phase, (overall, persistent) in _ABSENCE_NAT.items()
        ],
        schema=list(layouts.header(layouts.ABSENCE)),
        orient="row",
    )
    return pl.concat([rows, national])


def academic_year(year: int) -> str:
    """'2018-2019' for 2019: the file names say the year without doubt."""
    return f"{year - 1}-{year}"
