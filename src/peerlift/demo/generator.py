"""``generate``: write the synthetic files, in the order they should be imported.

Demo mode writes a synthetic LA (Demo City, 999) with ten years of every file; national mode writes
all of England at real sizes for one year, for benchmarks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from peerlift.demo import careers, gias, inspections, lait, networks, ofsted, register, results, tables
from peerlift.demo.areas import DEMO_CITY
from peerlift.demo.writers import NATIONAL_TABLES_STYLE, TABLES_STYLE, write_csv

NATIONAL_YEAR = 2019  # the year of the national tables (the real headers' year)
Figures = dict[tuple[str, int], float]


def generate(folder: Path, seed: int = 0, national: bool = False) -> list[Path]:
    """Write the synthetic files into folder and return them in the order they should be imported."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    world = register.build(rng, national)
    history = inspections.build(rng, world)
    paths = gias.write(folder, world, history)
    paths += ofsted.write(folder, world, history, () if national else ofsted.TABLES_YEARS)
    label = "england" if national else str(DEMO_CITY.code)
    figures: Figures = {}
    for year in (NATIONAL_YEAR,) if national else results.ALL_YEARS:
        paths += _context_files(folder, rng, world, year, figures)
    for year in (NATIONAL_YEAR,) if national else results.KS2_YEARS:
        paths += _key_stage_files(folder, rng, world, year, label, figures)
    if not national:
        paths += lait.write(folder, rng, figures)
        paths += careers.write(folder, np.random.default_rng(seed + 15), world)
        paths += networks.write(folder, np.random.default_rng(seed + 16), world)
    return paths


def _context_files(
    folder: Path, rng: np.random.Generator, world: register.Register, year: int, figures: Figures
) -> list[Path]:
    span = tables.academic_year(year)
    census = tables.census_frame(rng, world, year)
    absence = tables.absence_frame(rng, world, year)
    _census_figures(census, year, figures)
    _absence_figures(absence, census, year, figures)
    return [
        write_csv(folder / f"{span}_england_census.csv", census, NATIONAL_TABLES_STYLE),
        write_csv(folder / f"{span}_england_abs.csv", absence, NATIONAL_TABLES_STYLE),
    ]


def _key_stage_files(
    folder: Path, rng: np.random.Generator, world: register.Register, year: int, label: str, figures: Figures
) -> list[Path]:
    span = tables.academic_year(year)
    ks2 = tables.ks2_frame(rng, world, year)
    ks4 = tables.ks4_frame(rng, world, year)
    demo = pl.col("LEA") == str(DEMO_CITY.code)
    la_ks2 = ks2.filter((pl.col("RECTYPE") == "3") & demo)
    la_ks4 = ks4.filter((pl.col("RECTYPE") == "4") & demo)
    if la_ks2.height:
        figures[("KS2RWM_Expected_STD", year)] = float(la_ks2.item(0, "PTRWM_EXP").rstrip("%"))
    if la_ks4.height:
        figures[("AVG_Attain8_Score", year)] = float(la_ks4.item(0, "ATT8SCR"))
        if year not in results.NO_PROGRESS8:
            figures[("AVG_Prog8_Score", year)] = float(la_ks4.item(0, "P8MEA"))
    return [
        write_csv(folder / f"{span}_{label}_ks2final.csv", ks2, TABLES_STYLE),
        write_csv(folder / f"{span}_{label}_ks4final.csv", ks4, TABLES_STYLE),
    ]


def _numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """Demo City's school rows of a census or absence frame, with their counts as numbers."""
    return frame.filter(pl.col("LA") == str(DEMO_CITY.code)).with_columns(
        [
            pl.col(name).cast(pl.Float64, strict=False)
            for name in frame.columns
            if name not in {"LA", "SCHOOLTYPE"}
        ]
    )


def _census_figures(census: pl.DataFrame, year: int, figures: Figures) -> None:
    """Demo City's LAIT context figures, added up from its schools' census rows."""
    rows = _numbers(census)
    if not rows.height:
        return
    for phase, suffix in (("State-funded primary", "Pri"), ("State-funded secondary", "Sec")):
        part = rows.filter(pl.col("SCHOOLTYPE") == phase)
        figures[(f"{suffix}FSM", year)] = _percent(part, pl.col("NUMFSM"))
        figures[(f"EAL{suffix}", year)] = _percent(part, pl.col("NUMEAL"))
    figures[("SEN_TotSENSuP", year)] = _percent(rows, pl.col("TSENELK"))
    figures[("SEN_TotStat", year)] = _percent(rows, pl.col("TSENELSE"))


def _percent(rows: pl.DataFrame, count: pl.Expr) -> float:
    """A count as a % of pupils on roll, over all the rows (an LA's figure from its schools')."""
    return float(rows.select(count.sum() * 100 / pl.col("NOR").sum()).item())


def _absence_figures(absence: pl.DataFrame, census: pl.DataFrame, year: int, figures: Figures) -> None:
    """Demo City's absence rates: its schools' rates weighted by their pupils on roll."""
    if year == 2020:  # LAIT publishes no absence for 2019/20
        return
    rows = _numbers(absence).join(_numbers(census).select("URN", "NOR", "SCHOOLTYPE"), on="URN", how="inner")
    if not rows.height:
        return
    for code, phases in (
        ("TotAbs", None),
        ("PriTotAbs", ["State-funded primary"]),
        ("SecTotAbs", ["State-funded secondary"]),
    ):
        part = rows if phases is None else rows.filter(pl.col("SCHOOLTYPE").is_in(phases))
        figures[(code, year)] = _percent(part, pl.col("PERCTOT") * pl.col("NOR") / 100)
