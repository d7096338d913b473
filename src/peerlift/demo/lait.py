"""LA-level statistics in LAIT's layouts: the long data, its dictionary, the SN groups and LA codes.

Demo City's own figures are the ones its schools' files add up to (``la_figures``); its neighbours',
the region's and England's are drawn around England's published levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from peerlift.demo import layouts, results
from peerlift.demo.areas import DEMO_CITY, ENGLAND_LAIT_NUMBER, NEIGHBOURS, REGIONS, LocalAuthority
from peerlift.demo.writers import Sheet, write_xlsx
from peerlift.domain.areas import REGION_NAMES

c = pl.col
YEARS = tuple(range(2016, 2026))


@dataclass(frozen=True, slots=True)
class Measure:
    code: str  # LAIT Short Desc
    data_item: str | None  # LAIT fills 'Data item' on the first year's rows of some measures only
    england: dict[int, float]  # England's level by year (missing years are '-')
    decimals: int
    long_repr: bool  # LAIT writes some measures with 17 significant digits ('4.5999999999999996')
    spread: float  # how far LAs stray from England


def _without_2020(values: list[float]) -> dict[int, float]:
    """A figure for each year but 2020, when absence was not collected (the list holds a placeholder)."""
    return {year: value for year, value in zip(YEARS, values, strict=True) if year != 2020}


MEASURES: tuple[Measure, ...] = (
    Measure("KS2RWM_Expected_STD", None, {y: float(v) for y, v in results.KS2_ENGLAND.items()}, 0, False, 4),
    Measure("AVG_Attain8_Score", "Average Attainment 8 score per pupil", results.ATT8_ENGLAND, 1, False, 3),
    Measure(
        "AVG_Prog8_Score",
        None,
        {2016: -0.03, 2017: -0.03, 2018: -0.02, 2019: -0.03, 2022: -0.03, 2023: -0.03, 2024: -0.03},
        2,
        True,
        0.2,
    ),
    Measure("PriFSM", None, {y: 14.5 + 1.3 * max(0, y - 2019) for y in YEARS}, 1, False, 5),
    Measure("SecFSM", None, {y: 13.2 + 1.3 * max(0, y - 2019) for y in YEARS}, 1, True, 5),
    Measure("EALPri", "Primary- EAL", {y: 20.1 + 0.3 * (y - 2016) for y in YEARS}, 1, True, 8),
    Measure("EALSec", "Secondary- EAL", {y: 16.2 + 0.4 * (y - 2016) for y in YEARS}, 1, True, 8),
    Measure(
        "SEN_TotSENSuP",
        "TOTAL % OF PUPILS WITH SPECIAL EDUCATIONAL NEEDS (SEN) SUPPORT",
        {y: 11.6 + 0.3 * (y - 2016) for y in YEARS},
        1,
        False,
        1.5,
    ),
    Measure(
        "SEN_TotStat",
        "TOTAL % OF PUPILS WITH STATEMENTS OF (SEN) OR  (EHC) PLANS",
        {y: 2.8 + 0.2 * (y - 2016) for y in YEARS},
        1,
        True,
        0.6,
    ),
    Measure(
        "TotAbs",
        "Total absence from School- % half days missed",
        _without_2020([4.6, 4.7, 4.8, 4.7, 0, 4.6, 7.6, 7.4, 7.1, 6.9]),
        5,
        True,
        0.5,
    ),
    Measure(
        "PriTotAbs",
        "Total absence from Primary Schools- % half days missed",
        _without_2020([4.0, 4.0, 4.2, 4.0, 0, 3.6, 6.3, 5.9, 5.5, 5.3]),
        2,
        False,
        0.4,
    ),
    Measure(
        "SecTotAbs",
        "Total absence from Secondary Schools- % half days missed",
        _without_2020([5.2, 5.4, 5.5, 5.5, 0, 5.5, 9.0, 9.1, 8.9, 8.7]),
        2,
        True,
        0.6,
    ),
    # Children in low-income families, the last of the characteristics `neighbours --compute` uses by
    # default (analysis.la_neighbours.DEFAULT_VARIABLES): England's published levels, 2016-2023 (LAIT
    # has no later year). Last in this list, so the figures drawn before it stay as they were.
    Measure(
        "ChildPov",
        None,
        {2016: 16.2, 2017: 17.0, 2018: 18.2, 2019: 18.5, 2020: 19.8, 2021: 19.1, 2022: 20.0, 2023: 19.8},
        1,
        True,
        6,
    ),
)
# A few published cells with LAIT's other markers: 'c' (confidential) and 'x' (not available).
MARKERS = {("SEN_TotStat", 969, 2018): "c", ("EALSec", 966, 2016): "x"}


def _text(value: float, measure: Measure) -> str:
    rounded = round(value, measure.decimals)
    if measure.long_repr:
        text = f"{rounded:.17g}"
        return text if "e" not in text else f"{rounded:.{measure.decimals}f}"
    text = f"{rounded:.{measure.decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def long_frame(rng: np.random.Generator, la_figures: dict[tuple[str, int], float]) -> pl.DataFrame:
    """The LAIT long table for Demo City, its neighbours, West Midlands and England."""
    region = REGIONS[DEMO_CITY.region]
    las = sorted([DEMO_CITY, *NEIGHBOURS], key=lambda la: la.name)
    offsets = {la.code: rng.normal(0, 1) for la in las}
    rows: list[tuple[str, str | None, str, str, str, float, str]] = []
    for measure in MEASURES:
        for index, year in enumerate(YEARS):
            item = measure.data_item if index == 0 else None
            level = measure.england.get(year)
            for la in las:
                rows.append(
                    (
                        measure.code,
                        item,
                        str(year),
                        la.name,
                        _la_value(rng, measure, la, year, level, offsets, la_figures),
                        float(la.code),
                        REGION_NAMES[la.region],
                    )
                )
            england = "-" if level is None else _text(level, measure)
            rows.append((measure.code, item, str(year), "England", england, float(ENGLAND_LAIT_NUMBER), "NA"))
            west = "-" if level is None else _text(level - 0.08 * measure.spread * 4, measure)
            rows.append((measure.code, item, str(year), region.name, west, float(region.lait_number), "NA"))
    return pl.DataFrame(
        rows,
        schema={
            "Short Desc": pl.String,
            "Data item": pl.String,
            "Years": pl.String,
            "LA and Regions": pl.String,
            "Values": pl.String,
            "LA Number": pl.Float64,
            "Region": pl.String,
        },
        orient="row",
    )


def _la_value(
    rng: np.random.Generator,
    measure: Measure,
    la: LocalAuthority,
    year: int,
    level: float | None,
    offsets: dict[int, float],
    la_figures: dict[tuple[str, int], float],
) -> str:
    if level is None:
        return "-"
    if (measure.code, la.code, year) in MARKERS:
        return MARKERS[(measure.code, la.code, year)]
    if la.code == DEMO_CITY.code and (measure.code, year) in la_figures:
        return _text(la_figures[(measure.code, year)], measure)
    drift = offsets[la.code] * measure.spread + rng.normal(0, measure.spread / 4)
    return _text(max(level + drift, 0.0) if measure.code != "AVG_Prog8_Score" else level + drift, measure)


def sn_workbook(folder: Path) -> Path:
    """The DfE SN benchmarking tool's 'LA SN Groups' sheet for Demo City and its neighbours."""
    letters: list[object] = ["A", "B", "C", "D", "E", *range(3, 23)]
    numbers: list[object] = list(range(1, 26))
    names: list[object] = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
    for position in range(1, 11):
        names += [f"SN{position}", "SNP"]
    bands = ["Very Close", "Very Close", "Close", "Close", "Close", "Somewhat close", "Somewhat close"]
    bands += ["Somewhat close", "Not Close", "Not Close"]
    group = [DEMO_CITY, *NEIGHBOURS]
    rows: list[list[object]] = [letters, numbers, names]
    for la in sorted(group, key=lambda a: a.code):
        others = [o for o in group if o.code != la.code]
        others.sort(key=lambda o: (o.code - la.code) % 1000)
        region = REGIONS[la.region]
        row: list[object] = [la.code, la.name, la.code, region.go_ind, region.name]
        for other, band in zip(others, bands, strict=True):
            row += [other.code, band]
        rows.append(row)
    return write_xlsx(folder / "sn_demo_2025.xlsx", [Sheet("LA SN Groups", rows)])


def la_code_list(folder: Path) -> Path:
    """LAIT's LA code list with the synthetic LAs, England and the regions."""
    rows: list[list[object]] = [list(layouts.LA_CODE_LIST_COLUMNS)]
    for la in sorted([DEMO_CITY, *NEIGHBOURS], key=lambda a: a.name):
        rows.append([la.code, la.name, REGION_NAMES[la.region], la.la_type])
    rows.append([ENGLAND_LAIT_NUMBER, "England", "NA", "NA"])
    for region in sorted(REGIONS.values(), key=lambda r: r.lait_number):
        rows.append([region.lait_number, region.name, "NA", "NA"])
    return write_xlsx(folder / "la_code_list.xlsx", [Sheet("Sheet1", rows)])


def write(folder: Path, rng: np.random.Generator, la_figures: dict[tuple[str, int], float]) -> list[Path]:
    dictionary = folder / "lait_data_dictionary.csv"
    dictionary.write_bytes(layouts.lait_dictionary_bytes())
    data = folder / "bds_long_demo.parquet"
    long_frame(rng, la_figures).write_parquet(data, statistics=False)
    return [la_code_list(folder), dictionary, data, sn_workbook(folder)]
