"""Statistical neighbours computed from LA characteristics, and how far they agree with the DfE's list.

The DfE's statistical neighbour model finds, for each LA, the ten LAs most like it on a set of
weighted, standardised characteristics. peerlift does the same from the LAIT indicators an LA has
loaded, so neighbours can be had for any LA, any year and any choice of characteristics:

1. each characteristic is taken for every LA in one year: the latest up to a chosen year; else, for a
   variable that names the year its model describes (``near_year``), the year nearest to it; else
   the latest published; an LA without a figure that year (created later) takes its own nearest.
   Counts such as pupil numbers can be taken as logarithms, because a difference of 1,000 pupils
   means much more between small LAs than between large ones;
2. each figure is standardised to a z-score among the LAs with a figure in the same year (mean 0,
   standard deviation 1); an LA missing a characteristic is given the mean (z = 0) and this is
   reported; an LA with current figures for fewer than half of them is left out altogether (it no
   longer exists, and would be "close" to everyone by default);
3. the distance between two LAs is the weighted Euclidean distance sqrt(sum w * (z_a - z_b)^2);
4. each LA's neighbours are the ten LAs at the smallest distance, nearest first;
5. the closeness band of a neighbour comes from the root-mean-square difference per unit of weight,
   d / sqrt(sum w), in standard deviations (see BANDS).

The variables, weights and bands are in docs/analysis.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy.spatial.distance import cdist

from peerlift.domain.areas import AreaType


@dataclass(frozen=True, slots=True)
class Variable:
    """One characteristic: a measure name as stored (LAIT code or stable name) and its weight.

    ``near_year`` is the year the characteristic should describe when no year is asked for: the
    DfE's neighbours were computed once from data of about 2006 and never refreshed, so a model that
    is to agree with them takes each figure from the year nearest to that, not the latest.
    """

    measure: str
    weight: float = 1.0
    log: bool = False
    label: str = ""
    near_year: int | None = None


# The year the DfE's children's services statistical neighbour model describes: NFER built it for the
# DfES in 2006-07 from data up to September 2006 (Census 2001), and the April 2021 list is the same
# model re-aggregated for local government reorganisation (docs/analysis.md, section 2).
MODEL_DATA_YEAR = 2006

# The characteristics the official neighbours are alike on that LAIT carries: pupils' disadvantage,
# children's family income and language. Each idea weighs 1 in all; an idea measured twice (primary
# and secondary) gives each half. SEN and size are left out: see docs/analysis.md, section 2.
DEFAULT_VARIABLES: tuple[Variable, ...] = (
    Variable(
        "PriFSM", 0.5, label="% of primary pupils eligible for free school meals", near_year=MODEL_DATA_YEAR
    ),
    Variable(
        "SecFSM", 0.5, label="% of secondary pupils eligible for free school meals", near_year=MODEL_DATA_YEAR
    ),
    Variable(
        "EALPri",
        0.5,
        label="% of primary pupils whose first language is not English",
        near_year=MODEL_DATA_YEAR,
    ),
    Variable(
        "EALSec",
        0.5,
        label="% of secondary pupils whose first language is not English",
        near_year=MODEL_DATA_YEAR,
    ),
    Variable(
        "ChildPov", 1.0, label="% of children in low-income families (deprivation)", near_year=MODEL_DATA_YEAR
    ),
)

# Bands by root-mean-square z-score difference per unit weight (in standard deviations).
BANDS: tuple[tuple[float, str], ...] = (
    (0.25, "Extremely Close"),
    (0.5, "Very Close"),
    (0.75, "Close"),
    (1.0, "Somewhat close"),
)
FAR_BAND = "Not Close"

NEIGHBOURS_PER_LA = 10


@dataclass
class Characteristics:
    """The standardised characteristics of every LA, with what had to be filled in or left out."""

    variables: tuple[Variable, ...]
    la_codes: list[int]
    z: np.ndarray  # LAs x variables
    years: dict[str, int]  # the year each variable was taken from (for most LAs)
    imputed: dict[int, list[str]] = field(default_factory=dict)  # LA -> variables given the mean
    left_out: list[int] = field(default_factory=list)  # LAs with too few characteristics
    other_years: dict[int, dict[str, int]] = field(default_factory=dict)  # LA -> variable -> its year


@dataclass
class ComputedNeighbours:
    """A computed neighbour set: frames.NEIGHBOURS rows (with a distance column) and their basis."""

    frame: pl.DataFrame
    characteristics: Characteristics


def parse_variables(specs: Iterable[str]) -> tuple[Variable, ...]:
    """Variables from the command line: ``CODE``, ``CODE=WEIGHT``, ``log:CODE=WEIGHT``."""
    parsed = []
    for spec in specs:
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            log = part.startswith("log:")
            name, _, weight = part.removeprefix("log:").partition("=")
            value = float(weight) if weight else 1.0
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"the weight of {name!r} must be a positive number, not {weight!r}")
            parsed.append(Variable(name.strip(), value, log))
    if not parsed:
        raise ValueError("no variables were given")
    return tuple(parsed)


def characteristics(
    measures: pl.DataFrame, variables: Sequence[Variable] = DEFAULT_VARIABLES, year: int | None = None
) -> Characteristics:
    """Each LA's standardised characteristics from area measures (frames.AREA_MEASURES columns).

    Which LAs take part is decided by the latest figures (up to ``year``): an LA with current figures
    for fewer than half the characteristics no longer exists or is not covered, and is left out.
    Raises ValueError naming a variable that has no LA figures at all (up to ``year``).
    """
    las = measures.filter(pl.col("area_type") == AreaType.LA.value)
    codes = sorted({int(c) for c in las.get_column("area_code").unique().to_list()})
    columns = [_column(las, variable, codes, year) for variable in variables]
    z = np.column_stack([c.z for c in columns]) if columns else np.empty((len(codes), 0))
    current = np.column_stack([c.current for c in columns]) if columns else np.empty((len(codes), 0), bool)
    keep = current.sum(axis=1) * 2 >= len(columns)
    kept = [c for c, k in zip(codes, keep, strict=True) if k]
    left_out = [c for c, k in zip(codes, keep, strict=True) if not k]
    z = z[keep]
    imputed = {
        code: [v.measure for v, value in zip(variables, row, strict=True) if np.isnan(value)]
        for code, row in zip(kept, z, strict=True)
        if np.isnan(row).any()
    }
    years: dict[str, int] = {}
    other_years: dict[int, dict[str, int]] = {}
    for variable, column in zip(variables, columns, strict=True):
        taken = column.years[keep]
        years[variable.measure] = _most_common(taken)
        for code, one in zip(kept, taken, strict=True):
            if one and one != years[variable.measure]:
                other_years.setdefault(code, {})[variable.measure] = int(one)
    return Characteristics(
        tuple(variables), kept, np.nan_to_num(z, nan=0.0), years, imputed, left_out, other_years
    )


@dataclass
class _Column:
    """One variable for every LA: z-score (NaN if none), current figure or not, year taken (0 if none)."""

    z: np.ndarray
    current: np.ndarray
    years: np.ndarray


def _column(las: pl.DataFrame, variable: Variable, codes: list[int], year: int | None) -> _Column:
    """One variable's z-scores, each standardised among the LAs with a figure in the same year.

    Each LA's figure is from the latest year up to ``year``; or, when no year is asked for and the
    variable names a ``near_year``, from the year nearest to it that the LA has (the earlier on a tie),
    so an LA created later (Dorset 2019, North Northamptonshire 2021) still takes part.
    """
    rows = las.filter(pl.col("measure") == variable.measure, pl.col("value").is_not_null())
    if year is not None:
        rows = rows.filter(pl.col("year") <= year)
    if rows.is_empty():
        upto = f" up to {year}" if year is not None else ""
        raise ValueError(f"no LA has a figure for {variable.measure!r}{upto}: is LAIT data loaded?")
    value = pl.col("value")
    if variable.log:
        value = pl.when(value > 0).then(value.log())
    spread = pl.col("x").std(ddof=0).over("year")
    scored = (
        rows.select(pl.col("area_code").cast(pl.Int64).alias("code"), "year", value.alias("x"))
        .drop_nulls("x")
        .with_columns(
            (
                (pl.col("x") - pl.col("x").mean().over("year"))
                / pl.when(spread > 0).then(spread).otherwise(1.0)
            ).alias("z")
        )
    )
    latest = int(rows.get_column("year").max())  # type: ignore[arg-type]
    near = variable.near_year if year is None else None
    order = [pl.col("year") != latest] if near is None else [(pl.col("year") - near).abs(), pl.col("year")]
    chosen = {
        code: (z, taken)
        for code, taken, z in scored.sort(order)
        .group_by("code", maintain_order=True)
        .first()
        .select("code", "year", "z")
        .iter_rows()
        if near is not None or taken == latest
    }
    current = set(scored.filter(pl.col("year") == latest).get_column("code").to_list())
    return _Column(
        np.array([chosen.get(c, (np.nan, 0))[0] for c in codes], dtype=float),
        np.array([c in current for c in codes], dtype=bool),
        np.array([chosen.get(c, (np.nan, 0))[1] for c in codes], dtype=int),
    )


def _most_common(years: np.ndarray) -> int:
    """The year most LAs' figures are from (the later on a tie); 0 when none has a figure."""
    found = years[years > 0]
    if not found.size:
        return 0
    values, counts = np.unique(found, return_counts=True)
    return int(values[counts == counts.max()].max())


def band(distance: float, total_weight: float) -> str:
    """The closeness band of a distance (see BANDS)."""
    per_unit = distance / math.sqrt(total_weight)
    for limit, name in BANDS:
        if per_unit < limit:
            return name
    return FAR_BAND


def nearest(
    chars: Characteristics, set_name: str, k: int = NEIGHBOURS_PER_LA, las: Iterable[int] | None = None
) -> ComputedNeighbours:
    """Each LA's (or each of ``las``') k nearest LAs by weighted Euclidean distance, nearest first.

    Ties in distance are broken by LA code so the result never depends on input order.
    """
    weights = np.array([v.weight for v in chars.variables], dtype=float)
    scaled = chars.z * np.sqrt(weights)
    distances = cdist(scaled, scaled)
    total = float(weights.sum())
    wanted = set(las) if las is not None else None
    rows = []
    for i, code in enumerate(chars.la_codes):
        if wanted is not None and code not in wanted:
            continue
        order = sorted(
            (d, c) for j, (d, c) in enumerate(zip(distances[i], chars.la_codes, strict=True)) if j != i
        )
        for position, (distance, other) in enumerate(order[:k], start=1):
            rows.append((set_name, code, position, other, band(distance, total), float(distance)))
    frame = pl.DataFrame(
        rows,
        schema={
            "set_name": pl.String,
            "la_code": pl.Int32,
            "position": pl.Int32,
            "neighbour_code": pl.Int32,
            "band": pl.String,
            "distance": pl.Float64,
        },
        orient="row",
    )
    return ComputedNeighbours(frame, chars)


@dataclass
class Agreement:
    """How many of each LA's computed neighbours are in its official list."""

    table: pl.DataFrame  # la_code, agree, official, computed
    compared: int
    mean_agree: float
    distribution: dict[int, int]  # number in common -> number of LAs

    def summary(self) -> str:
        return (
            f"{self.compared} LAs compared: on average {self.mean_agree:.1f} of the "
            f"{NEIGHBOURS_PER_LA} computed neighbours are in the official list"
        )


def agreement(computed: pl.DataFrame, official: pl.DataFrame) -> Agreement:
    """Compare two neighbour sets (frames.NEIGHBOURS columns) LA by LA, for LAs in both."""
    mine = computed.group_by("la_code").agg(pl.col("neighbour_code").alias("computed_list"))
    theirs = official.group_by("la_code").agg(pl.col("neighbour_code").alias("official_list"))
    table = (
        mine.join(theirs, on="la_code", how="inner")
        .select(
            "la_code",
            pl.col("computed_list")
            .list.set_intersection("official_list")
            .list.len()
            .cast(pl.Int32)
            .alias("agree"),
            pl.col("official_list").list.len().cast(pl.Int32).alias("official"),
            pl.col("computed_list").list.len().cast(pl.Int32).alias("computed"),
        )
        .sort("la_code")
    )
    counts = dict(table.group_by("agree").len().iter_rows())
    mean = float(table.get_column("agree").mean() or 0.0) if table.height else 0.0  # type: ignore[arg-type]
    return Agreement(table, table.height, mean, {k: counts.get(k, 0) for k in range(NEIGHBOURS_PER_LA + 1)})
