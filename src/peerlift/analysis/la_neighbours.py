"""Statistical neighbours computed from LA characteristics, and how far they agree with the DfE's list.

The DfE's statistical neighbour model finds, for each LA, the ten LAs most like it on a set of
weighted, standardised characteristics. peerlift does the same from the LAIT indicators an LA has
loaded, so neighbours can be had for any LA, any year and any choice of characteristics:

1. each characteristic is taken for every LA in one year (its latest published, or the latest up to
   a chosen year); counts such as pupil numbers are taken as logarithms, because a difference of
   1,000 pupils means much more between small LAs than between large ones;
2. each is standardised to a z-score over the LAs that have it (mean 0, standard deviation 1);
   an LA missing a characteristic is given the mean (z = 0) and this is reported; an LA missing more
   than half of them is left out altogether (it would be "close" to everyone by default);
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
    """One characteristic: a measure name as stored (LAIT code or stable name) and its weight."""

    measure: str
    weight: float = 1.0
    log: bool = False
    label: str = ""


# Each of the six ideas (disadvantage, language, SEN, poverty, size) weighs 1 in all; an idea measured
# twice (primary and secondary, or SEN support and EHC plans) gives each half.
DEFAULT_VARIABLES: tuple[Variable, ...] = (
    Variable("PriFSM", 0.5, label="% of primary pupils eligible for free school meals"),
    Variable("SecFSM", 0.5, label="% of secondary pupils eligible for free school meals"),
    Variable("EALPri", 0.5, label="% of primary pupils whose first language is not English"),
    Variable("EALSec", 0.5, label="% of secondary pupils whose first language is not English"),
    Variable("sen_support_pct", 0.5, label="% of pupils on SEN support"),
    Variable("ehcp_pct", 0.5, label="% of pupils with an EHC plan or statement"),
    Variable("ChildPov", 1.0, label="% of children in low-income families (deprivation)"),
    Variable("Premium", 1.0, log=True, label="pupils eligible for the pupil premium (size; logarithm)"),
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
    years: dict[str, int]  # the year each variable was taken from
    imputed: dict[int, list[str]] = field(default_factory=dict)  # LA -> variables given the mean
    left_out: list[int] = field(default_factory=list)  # LAs with too few characteristics


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

    Raises ValueError naming a variable that has no LA figures at all (up to ``year``).
    """
    las = measures.filter(pl.col("area_type") == AreaType.LA.value)
    codes = sorted({int(c) for c in las.get_column("area_code").unique().to_list()})
    columns: list[np.ndarray] = []
    years: dict[str, int] = {}
    for variable in variables:
        column, taken = _column(las, variable, codes, year)
        columns.append(column)
        years[variable.measure] = taken
    raw = np.column_stack(columns) if columns else np.empty((len(codes), 0))
    present = ~np.isnan(raw)
    keep = present.sum(axis=1) * 2 >= raw.shape[1]
    left_out = [c for c, k in zip(codes, keep, strict=True) if not k]
    raw, present = raw[keep], present[keep]
    kept = [c for c, k in zip(codes, keep, strict=True) if k]
    z = _standardise(raw)
    imputed = {
        code: [v.measure for v, has in zip(variables, row, strict=True) if not has]
        for code, row in zip(kept, present, strict=True)
        if not row.all()
    }
    return Characteristics(tuple(variables), kept, z, years, imputed, left_out)


def _column(
    las: pl.DataFrame, variable: Variable, codes: list[int], year: int | None
) -> tuple[np.ndarray, int]:
    """One variable for every LA, in the latest year (up to ``year``) that has LA figures."""
    rows = las.filter(pl.col("measure") == variable.measure, pl.col("value").is_not_null())
    if year is not None:
        rows = rows.filter(pl.col("year") <= year)
    if rows.is_empty():
        upto = f" up to {year}" if year is not None else ""
        raise ValueError(f"no LA has a figure for {variable.measure!r}{upto}: is LAIT data loaded?")
    taken = int(rows.get_column("year").max())  # type: ignore[arg-type]
    found = dict(
        rows.filter(pl.col("year") == taken).select(pl.col("area_code").cast(pl.Int64), "value").iter_rows()
    )
    column = np.array([found.get(c, np.nan) for c in codes], dtype=float)
    if variable.log:
        column = np.log(np.where(column > 0, column, np.nan))
    return column, taken


def _standardise(raw: np.ndarray) -> np.ndarray:
    """z-scores per column over the LAs that have a figure; missing figures become 0 (the mean)."""
    mean = np.nanmean(raw, axis=0) if raw.size else np.zeros(raw.shape[1])
    spread = np.nanstd(raw, axis=0) if raw.size else np.ones(raw.shape[1])
    spread = np.where(spread > 0, spread, 1.0)
    return np.nan_to_num((raw - mean) / spread, nan=0.0)


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
