"""Families of similar schools: for every open school, the N most similar schools of its phase group.

A *method* (named, kept as data in ``family_methods.toml``; an LA adds its own with ``--methods
FILE``) lists variables (stable measure names), weights, a normalisation and a missing-value rule.
The distance between schools a and b is the weighted Euclidean distance

    d(a, b) = sqrt( sum_i w_i * ((x_ai - x_bi) / s_i)^2 )

where s_i is the variable's range (``normalisation = "range"``, the DfE's FBIT comparator sets) or
standard deviation (``"zscore"``) among the open schools of the phase group *in the scope* (a
*pool*: the phase group nationally, in a region or in an LA). A missing value takes the pool's
median and the school is marked imputed; a school with too few of its variables is left out.

``compute`` finds every school's family in one vectorised pass per pool: the variables are scaled
by sqrt(w_i) / s_i, so that the distance is plain Euclidean, and a KD-tree (scipy's cKDTree) gives
each school its nearest neighbours. Never a Python loop over pairs. A family never holds the school
itself; distances are compared rounded to ``DECIMALS`` places (so that the order does not depend on
the last bit of floating point), ties broken by URN ascending: a family is deterministic.

Each member carries its *drivers*: each variable's share of the squared distance, the member's
value and the school's, so a head can see why a school is in the family ("similar size and FSM;
more EAL"; see ``in_words``).

``evaluate`` answers "is the family any good?": the median absolute gap between a school's result
and its family's median, against the same for random schools of its phase group; ``stability``
the share of one year's family still in the next year's.

Inputs are plain frames (analysis/ has no Django): ``schools`` with columns urn, name, la_code,
region, phase, type_group, type, status (as the register stores them) and ``measures`` with urn,
measure, value (one data year). The store reads them (``store/families.py``).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from scipy.spatial import cKDTree

from peerlift.domain.phases import PhaseGroup, family_group

SCOPES = ("national", "region", "la")
DEFAULT_METHOD = "context"
DEFAULT_SIZE = 30
DECIMALS = 9  # distances are ordered after rounding to this many places (then by URN)
_SLACK = 1  # one more neighbour than needed shows whether a tie at the boundary reaches beyond
NORMALISATIONS = ("range", "zscore")
MISSING_RULES = ("median",)
PACKAGE_METHODS = "family_methods.toml"


class MethodError(ValueError):
    """A methods file that cannot be used, naming the file, the line (where known) and the key."""


class FamilyError(ValueError):
    """No family can be given (unknown school, closed, no phase group, too few figures)."""


@dataclass(frozen=True, slots=True)
class Variable:
    """One characteristic of a school: where its value comes from and how much it weighs.

    ``sources`` are alternatives tried in order for each school (each a tuple of measures that are
    added up); ``by_group`` replaces them for the phase groups it names.
    """

    name: str
    label: str
    weight: float
    sources: tuple[tuple[str, ...], ...]
    by_group: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    log: bool = False
    words: tuple[str, str, str] = ("", "lower", "higher")

    def sources_for(self, group: str) -> tuple[tuple[str, ...], ...]:
        return self.by_group.get(group, self.sources)

    @property
    def measures(self) -> set[str]:
        """Every measure the variable may read, in any phase group."""
        alternatives = [*self.sources, *(a for alts in self.by_group.values() for a in alts)]
        return {m for alternative in alternatives for m in alternative}


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    label: str
    description: str
    normalisation: str
    missing: str
    least_present: float
    similar_within: float
    variables: tuple[Variable, ...]

    @property
    def measures(self) -> list[str]:
        return sorted(set().union(*(v.measures for v in self.variables)))

    def spec(self) -> dict[str, Any]:
        """The method as stored beside a built family set (what it was built with)."""
        return {
            "name": self.name,
            "normalisation": self.normalisation,
            "missing": self.missing,
            "least_present": self.least_present,
            "variables": [
                {
                    "name": v.name,
                    "weight": v.weight,
                    "log": v.log,
                    "sources": [list(a) for a in v.sources],
                    "by_phase_group": {g: [list(a) for a in alts] for g, alts in v.by_group.items()},
                }
                for v in self.variables
            ],
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a method's families predict results, for one phase group (or "all")."""

    method: str
    phase_group: str
    outcome: str
    schools: int  # schools with a result and at least one family member with a result
    family_gap: float | None  # median |result - family median|
    random_gap: float | None  # the same for random schools of the phase group
    stability: float | None = None  # share of this year's family still in next year's
    family_mean_gap: float | None = None  # the means, which separate close methods more finely
    random_mean_gap: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.family_gap is None or not self.random_gap:
            return None
        return self.family_gap / self.random_gap


@dataclass
class Families:
    """Every school's family for one method, scope, size and data year.

    ``members``: one row per (urn, rank): urn, rank (1 = nearest), member_urn, distance, imputed
    (the member had a value imputed). ``drivers``: one row per (urn, rank, measure): share (of the
    squared distance), value (the member's), school_value. ``schools``: one row per school that has
    a family or was considered: urn, phase_group, pool, imputed (its own values), imputed_measures,
    left_out (a reason, or null). Values are those of the variables before any logarithm.
    ``spreads``: each pool's normalising spread of each variable, for ``in_words``.
    """

    method: Method
    scope: str
    size: int
    members: pl.DataFrame
    drivers: pl.DataFrame
    schools: pl.DataFrame
    spreads: dict[str, dict[str, float]] = field(default_factory=dict)  # pool -> variable -> spread

    def family(self, urn: int) -> list[dict[str, Any]]:
        """One school's members, nearest first, each with its drivers (the CLI's JSON shape, less
        names): [{"urn", "rank", "distance", "imputed", "drivers": [{"measure", "share", "value",
        "school_value"}]}]."""
        rows = self.members.filter(pl.col("urn") == urn).sort("rank")
        drivers = self.drivers.filter(pl.col("urn") == urn)
        by_rank: dict[int, list[dict[str, Any]]] = {}
        for rank, measure, share, value, school_value in drivers.select(
            "rank", "measure", "share", "value", "school_value"
        ).iter_rows():
            by_rank.setdefault(rank, []).append(
                {"measure": measure, "share": share, "value": value, "school_value": school_value}
            )
        return [
            {
                "urn": member,
                "rank": rank,
                "distance": distance,
                "imputed": imputed,
                "drivers": by_rank.get(rank, []),
            }
            for rank, member, distance, imputed in rows.select(
                "rank", "member_urn", "distance", "imputed"
            ).iter_rows()
        ]

    def why_none(self, urn: int) -> str | None:
        """Why a school has no family here (None when it has one or was never considered)."""
        found = self.schools.filter(pl.col("urn") == urn)
        return None if found.is_empty() else found.item(0, "left_out")


# ---------------------------------------------------------------------------------------------
# Methods as data


def load_methods(extra: Path | None = None) -> dict[str, Method]:
    """The package's methods, and an LA's own from ``extra`` (same form; a name defined there
    replaces the package's method of that name)."""
    text = resources.files("peerlift.analysis").joinpath(PACKAGE_METHODS).read_text(encoding="utf-8")
    methods = parse_methods(text, PACKAGE_METHODS)
    if extra is not None:
        try:
            own = extra.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise MethodError(f"{extra.name}: cannot be read ({error}).") from None
        methods.update(parse_methods(own, extra.name))
    return methods


def evaluation_settings(extra: Path | None = None) -> dict[str, Any]:
    """The ``[evaluation]`` table: outcomes by phase group, random family size, seed."""
    text = resources.files("peerlift.analysis").joinpath(PACKAGE_METHODS).read_text(encoding="utf-8")
    settings = dict(tomllib.loads(text).get("evaluation", {}))
    if extra is not None:
        own = tomllib.loads(extra.read_text(encoding="utf-8")).get("evaluation", {})
        settings.update(own)
    return settings


_METHOD_KEYS = {
    "label",
    "description",
    "normalisation",
    "missing",
    "least_present",
    "similar_within",
    "variables",
}
_VARIABLE_KEYS = {"name", "label", "weight", "sources", "by_phase_group", "log", "words"}
_GROUPS = {g.value for g in PhaseGroup} - {PhaseGroup.OTHER.value}


def parse_methods(text: str, file_name: str) -> dict[str, Method]:
    """Methods from TOML text; any mistake is a MethodError naming the file, line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MethodError(f"{file_name}: {error}.") from None
    lines = text.splitlines()
    methods = data.get("methods")
    if not isinstance(methods, dict) or not methods:
        raise MethodError(f"{file_name}: no [methods.NAME] table; a methods file defines at least one.")
    return {name: _method(name, spec, file_name, lines) for name, spec in methods.items()}


def _where(file_name: str, lines: list[str], key: str, *anchors: str) -> str:
    """'file, line N, key K': the line is the first that holds the anchors in turn (best effort)."""
    line_number = None
    start = 0
    for anchor in anchors:
        found = next((i for i in range(start, len(lines)) if anchor in lines[i]), None)
        if found is None:
            break
        line_number, start = found + 1, found
    return f"{file_name}, line {line_number}, key {key}" if line_number else f"{file_name}, key {key}"


def _method(name: str, spec: Any, file_name: str, lines: list[str]) -> Method:
    header = f"[methods.{name}]"

    def fail(key: str, message: str, *anchors: str) -> MethodError:
        return MethodError(
            f"{_where(file_name, lines, f'methods.{name}.{key}', header, *anchors)}: {message}"
        )

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", name):
        raise fail("", "a method's name is 1-40 lower-case letters, digits, '-' or '_'")
    if not isinstance(spec, dict):
        raise fail("", "must be a table")
    unknown = sorted(set(spec) - _METHOD_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (known: {', '.join(sorted(_METHOD_KEYS))})", unknown[0])
    normalisation = spec.get("normalisation", "zscore")
    if normalisation not in NORMALISATIONS:
        raise fail("normalisation", f"{normalisation!r} is not one of {', '.join(NORMALISATIONS)}", "normal")
    missing = spec.get("missing", "median")
    if missing not in MISSING_RULES:
        raise fail("missing", f"{missing!r} is not one of {', '.join(MISSING_RULES)}", "missing")
    least = spec.get("least_present", 0.5)
    if not isinstance(least, int | float) or isinstance(least, bool) or not 0 <= least <= 1:
        raise fail("least_present", "must be a share between 0 and 1", "least_present")
    similar = spec.get("similar_within", 0.25 if normalisation == "zscore" else 0.05)
    if not isinstance(similar, int | float) or isinstance(similar, bool) or similar < 0:
        raise fail("similar_within", "must be a number of at least 0", "similar_within")
    raw = spec.get("variables")
    if not isinstance(raw, list) or not raw:
        raise fail("variables", "a method needs at least one [[variables]] entry")
    variables = tuple(_variable(i, v, fail) for i, v in enumerate(raw))
    names = [v.name for v in variables]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise fail("variables", f"variable {repeated[0]!r} is named twice", f'"{repeated[0]}"')
    if not any(v.weight > 0 for v in variables):
        raise fail("variables", "at least one variable must weigh more than 0")
    return Method(
        name=name,
        label=str(spec.get("label", name)),
        description=str(spec.get("description", "")),
        normalisation=normalisation,
        missing=missing,
        least_present=float(least),
        similar_within=float(similar),
        variables=variables,
    )


def _alternatives(value: Any) -> tuple[tuple[str, ...], ...] | None:
    if not isinstance(value, list):
        return None
    found = []
    for alternative in value:
        if not isinstance(alternative, list) or not alternative:
            return None
        if not all(isinstance(m, str) and re.fullmatch(r"[A-Za-z0-9_]+", m) for m in alternative):
            return None
        found.append(tuple(alternative))
    return tuple(found)


def _variable(index: int, spec: Any, fail: Any) -> Variable:
    if not isinstance(spec, dict):
        raise fail(f"variables[{index}]", "must be a table")
    name = spec.get("name")
    at = f'"{name}"' if isinstance(name, str) else "[[methods."
    key = f"variables[{index}]"
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,60}", name):
        raise fail(f"{key}.name", "each variable needs a name of lower-case letters, digits and '_'", at)
    unknown = sorted(set(spec) - _VARIABLE_KEYS)
    if unknown:
        raise fail(f"{key}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(_VARIABLE_KEYS))})", at)
    weight = spec.get("weight")
    if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0 or math.isnan(weight):
        raise fail(f"{key}.weight", "must be a number of at least 0", at, "weight")
    sources = _alternatives(spec.get("sources", []))
    if sources is None:
        raise fail(
            f"{key}.sources",
            'must be a list of lists of measure names, e.g. [["fsm_ever_pct"]]',
            at,
            "sources",
        )
    by_group_raw = spec.get("by_phase_group", {})
    if not isinstance(by_group_raw, dict):
        raise fail(f"{key}.by_phase_group", "must be a table of phase group = alternatives", at)
    by_group = {}
    for group, alts in by_group_raw.items():
        if group not in _GROUPS:
            raise fail(
                f"{key}.by_phase_group.{group}",
                f"{group!r} is not a phase group (known: {', '.join(sorted(_GROUPS))})",
                at,
                group,
            )
        parsed = _alternatives(alts)
        if parsed is None:
            raise fail(f"{key}.by_phase_group.{group}", "must be a list of lists of measure names", at, group)
        by_group[group] = parsed
    if not sources and not by_group:
        raise fail(f"{key}.sources", "the variable reads no measure in any phase group", at)
    words = spec.get("words", ["", "lower", "higher"])
    if not (isinstance(words, list) and len(words) == 3 and all(isinstance(w, str) for w in words)):
        raise fail(f"{key}.words", "must be three words: [similar, lower, higher]", at, "words")
    log = spec.get("log", False)
    if not isinstance(log, bool):
        raise fail(f"{key}.log", "must be true or false", at, "log")
    return Variable(
        name=name,
        label=str(spec.get("label", name)),
        weight=float(weight),
        sources=sources,
        by_group=by_group,
        log=log,
        words=(words[0], words[1], words[2]),
    )


# ---------------------------------------------------------------------------------------------
# Inputs


def is_open(status: pl.Expr) -> pl.Expr:
    """Open in the register now: GIAS 'Open' or 'Open, but proposed to close' (not 'Proposed to open')."""
    return status.str.to_lowercase().str.starts_with("open")


def pools(schools: pl.DataFrame, scope: str) -> pl.DataFrame:
    """The open schools with their phase group and pool (phase group within the scope's area)."""
    if scope not in SCOPES:
        raise FamilyError(f"{scope!r} is not a scope; choose one of {', '.join(SCOPES)}.")
    combos = schools.select("phase", "type_group", "type").unique()
    groups = combos.with_columns(
        pl.Series(
            "phase_group",
            [family_group(p, g, t) for p, g, t in combos.iter_rows()],
            dtype=pl.String,
        )
    )
    area = {
        "national": pl.lit("England"),
        "region": pl.col("region").fill_null("region unknown"),
        "la": pl.col("la_code").cast(pl.String).fill_null("LA unknown"),
    }[scope]
    return (
        schools.filter(is_open(pl.col("status").fill_null("")))
        .join(groups, on=["phase", "type_group", "type"], how="left", nulls_equal=True)
        .with_columns(pool=pl.concat_str(pl.col("phase_group").fill_null("other"), pl.lit(" / "), area))
        .sort("urn")
    )


def _values(variable: Variable, group: str, wide: pl.DataFrame) -> np.ndarray:
    """The variable's raw value for each row of ``wide`` (one pool), NaN where no source has it."""
    out = np.full(wide.height, np.nan)
    for alternative in variable.sources_for(group):
        if not all(m in wide.columns for m in alternative):
            continue
        total = np.zeros(wide.height)
        for measure in alternative:
            total = total + wide.get_column(measure).cast(pl.Float64).fill_null(np.nan).to_numpy()
        out = np.where(np.isnan(out), total, out)
    return np.round(out, 6)  # a sum of published one-decimal figures, without float dust


# ---------------------------------------------------------------------------------------------
# Families


def compute(
    schools: pl.DataFrame,
    measures: pl.DataFrame,
    method: Method,
    scope: str = "national",
    size: int = DEFAULT_SIZE,
    pool_of: int | None = None,
) -> Families:
    """Every open school's family (see the module docstring), one vectorised pass per pool;
    with ``pool_of`` a URN, only the families of that school's pool (the same families, sooner)."""
    if size < 1:
        raise FamilyError("a family has at least 1 member.")
    open_schools = pools(schools, scope)
    if pool_of is not None:
        wanted = open_schools.filter(pl.col("urn") == pool_of).get_column("pool")
        open_schools = open_schools.filter(pl.col("pool").is_in(wanted.implode()))
    needed = method.measures
    wide = (
        measures.filter(pl.col("measure").is_in(needed), pl.col("value").is_not_null()).pivot(
            on="measure", index="urn", values="value", aggregate_function="first"
        )
        if not measures.is_empty()
        else pl.DataFrame({"urn": []}, schema={"urn": pl.Int64})
    )
    joined = open_schools.select("urn", "phase_group", "pool").join(
        wide.with_columns(pl.col("urn").cast(pl.Int64)), on="urn", how="left"
    )
    members: list[pl.DataFrame] = []
    drivers: list[pl.DataFrame] = []
    considered: list[pl.DataFrame] = []
    spreads: dict[str, dict[str, float]] = {}
    for (pool,), part in joined.sort("urn").group_by(["pool"], maintain_order=True):
        group = part.item(0, "phase_group")
        if group is None or group == PhaseGroup.OTHER.value:
            considered.append(_left_out(part, "its phase of education has no phase group"))
            continue
        found = _pool_families(part, str(group), str(pool), method, size)
        members.append(found[0])
        drivers.append(found[1])
        considered.append(found[2])
        spreads[str(pool)] = found[3]
    return Families(
        method=method,
        scope=scope,
        size=size,
        members=pl.concat(members) if members else pl.DataFrame(schema=MEMBER_SCHEMA),
        drivers=pl.concat(drivers) if drivers else pl.DataFrame(schema=DRIVER_SCHEMA),
        schools=pl.concat(considered) if considered else pl.DataFrame(schema=SCHOOL_SCHEMA),
        spreads=spreads,
    )


MEMBER_SCHEMA = pl.Schema(
    {
        "urn": pl.Int64,
        "rank": pl.Int32,
        "member_urn": pl.Int64,
        "distance": pl.Float64,
        "imputed": pl.Boolean,
    }
)
DRIVER_SCHEMA = pl.Schema(
    {
        "urn": pl.Int64,
        "rank": pl.Int32,
        "measure": pl.String,
        "share": pl.Float64,
        "value": pl.Float64,
        "school_value": pl.Float64,
    }
)
SCHOOL_SCHEMA = pl.Schema(
    {
        "urn": pl.Int64(),
        "phase_group": pl.String(),
        "pool": pl.String(),
        "imputed": pl.Boolean(),
        "imputed_measures": pl.List(pl.String),
        "left_out": pl.String(),
    }
)


def _left_out(part: pl.DataFrame, reason: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "urn": part.get_column("urn"),
            "phase_group": part.get_column("phase_group"),
            "pool": part.get_column("pool"),
            "imputed": [False] * part.height,
            "imputed_measures": [[] for _ in range(part.height)],
            "left_out": [reason] * part.height,
        },
        schema=SCHOOL_SCHEMA,
    )


@dataclass
class _Prepared:
    """One pool's schools that take part: raw values, filled values, scales and weights."""

    urns: np.ndarray  # sorted ascending
    raw: np.ndarray  # schools x variables, NaN where missing (before any log)
    filled: np.ndarray  # raw with the pool's median where missing (before any log)
    missing: np.ndarray  # bool, schools x variables
    scaled: np.ndarray  # coordinates: Euclidean distance between rows is the method's distance
    names: list[str]
    used: np.ndarray  # bool per variable: it applies to the pool and someone has a value
    spreads: dict[str, float]  # each used variable's normalising spread (after any log)


def prepare(part: pl.DataFrame, group: str, method: Method) -> tuple[_Prepared, pl.DataFrame]:
    """A pool's coordinates (sqrt(w) * transformed value / spread), and who was left out."""
    raw = np.column_stack([_values(v, group, part) for v in method.variables])
    missing = np.isnan(raw)
    applies = np.array(
        [bool(v.sources_for(group)) and not missing[:, i].all() for i, v in enumerate(method.variables)]
    )
    counted = missing[:, applies]
    enough = (
        (~counted).sum(axis=1) >= math.ceil(method.least_present * counted.shape[1] - 1e-9)
        if counted.shape[1]
        else np.zeros(len(raw), dtype=bool)
    )
    if counted.shape[1]:
        enough &= (~counted).any(axis=1)
    urns = part.get_column("urn").to_numpy()
    out = part.filter(pl.Series(~enough))
    left = _left_out(out, "too few of the method's figures are published for it")
    raw, missing, urns = raw[enough], missing[enough], urns[enough]
    transformed = np.where(np.array([v.log for v in method.variables]), np.log(np.maximum(raw, 1.0)), raw)
    filled = raw.copy()
    coords = np.zeros_like(raw)
    spreads: dict[str, float] = {}
    for i, variable in enumerate(method.variables):
        column = transformed[:, i]
        present = ~missing[:, i]
        if not applies[i] or not present.any() or variable.weight == 0:
            missing[:, i] = False  # not used in this pool: nobody is imputed for it
            filled[:, i] = np.where(present, raw[:, i], np.nan)
            continue
        median_raw = float(np.median(raw[present, i]))
        filled[:, i] = np.where(present, raw[:, i], median_raw)
        fill = np.log(max(median_raw, 1.0)) if variable.log else median_raw
        column = np.where(present, column, fill)
        if method.normalisation == "range":
            spread = float(column[present].max() - column[present].min())
            centre = 0.0
        else:
            spread = float(column.std())  # z-score over the pool (imputed values included)
            centre = float(column.mean())
        if spread > 0:
            coords[:, i] = math.sqrt(variable.weight) * (column - centre) / spread
            spreads[variable.name] = spread
    used = applies & np.array([v.weight > 0 for v in method.variables])
    names = [v.name for v in method.variables]
    return _Prepared(urns, raw, filled, missing, coords, names, used, spreads), left


def nearest(coords: np.ndarray, urns: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``size`` nearest other rows (indices, distances), nearest first, ties by URN.

    ``urns`` must be ascending. Distances are compared rounded to DECIMALS places. The KD-tree is
    asked for a few more neighbours than needed; a row whose boundary distance the extra ones still
    share (a tie that may reach beyond them) is answered again from every point within that distance.
    """
    n = len(coords)
    m = min(size, n - 1)
    if m <= 0:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0))
    k = min(m + 1 + _SLACK, n)
    tree = cKDTree(coords)
    dist, idx = tree.query(coords, k=k, workers=-1)
    dist, idx = dist.reshape(n, k), idx.reshape(n, k)
    rows = np.arange(n)[:, None]
    key = np.round(dist, DECIMALS)
    key = np.where(idx == rows, np.inf, key)  # never the school itself
    order = np.lexsort((urns[idx], key), axis=1)
    idx = np.take_along_axis(idx, order, axis=1)[:, :m]
    key = np.take_along_axis(key, order, axis=1)
    boundary = key[:, m - 1]
    # the KD-tree's last returned distance; unreturned points are at least this far
    furthest = np.round(dist[:, -1], DECIMALS)
    unsure = np.flatnonzero((furthest <= boundary) & (k < n))
    for row in unsure:  # rare: exact ties at the boundary beyond what the tree returned
        within = np.array(
            tree.query_ball_point(coords[row], boundary[row] + 10.0**-DECIMALS * 5), dtype=np.int64
        )
        within = within[within != row]
        d = np.round(np.sqrt(((coords[within] - coords[row]) ** 2).sum(axis=1)), DECIMALS)
        chosen = within[np.lexsort((urns[within], d))][:m]
        idx[row] = chosen
    distance = np.round(np.sqrt(((coords[idx] - coords[:, None, :]) ** 2).sum(axis=2)), DECIMALS)
    return idx, distance  # distances as ordered: rounded to DECIMALS places


def _pool_families(
    part: pl.DataFrame, group: str, pool: str, method: Method, size: int
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, float]]:
    prepared, left = prepare(part, group, method)
    n, v = prepared.raw.shape
    idx, distance = nearest(prepared.scaled, prepared.urns, size)
    m = idx.shape[1]
    imputed_school = np.asarray(prepared.missing.any(axis=1), dtype=bool)
    flags = pl.DataFrame(prepared.missing, schema=prepared.names, orient="row") if n else None
    imputed_names = (
        flags.select(
            pl.concat_list([pl.when(pl.col(c)).then(pl.lit(c)) for c in prepared.names]).list.drop_nulls()
        ).to_series()
        if flags is not None
        else pl.Series([], dtype=pl.List(pl.String))
    )
    schools = pl.DataFrame(
        {
            "urn": prepared.urns,
            "phase_group": pl.repeat(group, n, eager=True, dtype=pl.String),
            "pool": pl.repeat(pool, n, eager=True, dtype=pl.String),
            "imputed": imputed_school,
            "imputed_measures": imputed_names,
            "left_out": pl.repeat(None, n, eager=True, dtype=pl.String),
        },
        schema=SCHOOL_SCHEMA,
    )
    urn = np.repeat(prepared.urns, m)
    rank = np.tile(np.arange(1, m + 1, dtype=np.int32), n)
    members = pl.DataFrame(
        {
            "urn": urn,
            "rank": rank,
            "member_urn": prepared.urns[idx].ravel(),
            "distance": distance.ravel(),
            "imputed": imputed_school[idx].ravel(),
        },
        schema=MEMBER_SCHEMA,
    )
    squared = (prepared.scaled[idx] - prepared.scaled[:, None, :]) ** 2  # n x m x v
    total = squared.sum(axis=2, keepdims=True)
    share = np.divide(squared, total, out=np.zeros_like(squared), where=total > 0)
    drivers = pl.DataFrame(
        {
            "urn": np.repeat(urn, v),
            "rank": np.repeat(rank, v),
            "measure": pl.Series(prepared.names, dtype=pl.String).gather(np.tile(np.arange(v), n * m)),
            "share": share.ravel(),
            "value": prepared.filled[idx].ravel(),
            "school_value": np.broadcast_to(prepared.filled[:, None, :], (n, m, v)).ravel(),
        },
        schema=DRIVER_SCHEMA,
    ).with_columns(pl.col("value", "school_value").fill_nan(None))
    used = [name for name, u in zip(prepared.names, prepared.used, strict=True) if u]
    if len(used) < v:
        drivers = drivers.filter(pl.col("measure").is_in(used))
    return members, drivers, pl.concat([schools, left]), prepared.spreads


# ---------------------------------------------------------------------------------------------
# In plain words


def in_words(method: Method, drivers: Sequence[Mapping[str, Any]], spreads: Mapping[str, float]) -> str:
    """Why a member is in the family, e.g. "similar size and FSM; more EAL".

    ``spreads`` gives each variable's normalising spread in the pool (``Families.spreads``); a
    difference within ``method.similar_within`` of it is "similar", else the variable's lower or
    higher word. Variables are listed by their share of the distance, largest first.
    """
    words = {v.name: v.words for v in method.variables}
    logged = {v.name for v in method.variables if v.log}
    similar: list[str] = []
    different: list[str] = []
    for driver in sorted(drivers, key=lambda d: -(d.get("share") or 0)):
        name = driver["measure"]
        value, own = driver.get("value"), driver.get("school_value")
        spread = spreads.get(name)
        if value is None or own is None or not spread or name not in words:
            continue
        if name in logged:
            value, own = math.log(max(value, 1.0)), math.log(max(own, 1.0))
        gap = (value - own) / spread
        same, lower, higher = words[name]
        if abs(gap) <= method.similar_within:
            if same:
                similar.append(same)
        else:
            different.append(higher if gap > 0 else lower)
    parts = []
    if similar:
        parts.append("similar " + _and(similar))
    if different:
        parts.append(_and(different))
    return "; ".join(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------------------------
# Is the family any good?


def evaluate(
    families: Families,
    outcomes: pl.DataFrame,
    outcome_of: Mapping[str, str],
    random_size: int = 30,
    seed: int = 0,
) -> list[Evaluation]:
    """Median |result - family median| against the same for ``random_size`` random schools of the
    school's pool (never itself; seeded), by phase group and for all groups together.

    ``outcomes``: urn, measure, value (the data year's results); ``outcome_of`` names the result of
    each phase group (e.g. primary: ks2_rwm_expected). A school counts when it has a result and at
    least one family member (and one random school) has one.
    """
    considered = families.schools.filter(pl.col("left_out").is_null())
    rng = np.random.default_rng(seed)
    results: list[Evaluation] = []
    gaps_all: list[np.ndarray] = []
    random_all: list[np.ndarray] = []
    for group in sorted(set(considered.get_column("phase_group").to_list())):
        measure = outcome_of.get(group)
        if measure is None:
            continue
        result = dict(
            outcomes.filter(pl.col("measure") == measure, pl.col("value").is_not_null())
            .select("urn", "value")
            .iter_rows()
        )
        in_group = considered.filter(pl.col("phase_group") == group)
        family_gaps, random_gaps = _gaps(families, in_group, result, rng, random_size)
        found = _evaluation(families.method.name, group, measure, family_gaps, random_gaps)
        if not found.schools:
            continue
        results.append(found)
        gaps_all.append(family_gaps)
        random_all.append(random_gaps)
    if len(results) > 1:
        results.append(
            _evaluation(
                families.method.name,
                "all",
                "+".join(r.outcome for r in results),
                np.concatenate(gaps_all),
                np.concatenate(random_all),
            )
        )
    return results


def _evaluation(method: str, group: str, outcome: str, family: np.ndarray, rand: np.ndarray) -> Evaluation:
    both = ~np.isnan(family) & ~np.isnan(rand)
    return Evaluation(
        method=method,
        phase_group=group,
        outcome=outcome,
        schools=int(both.sum()),
        family_gap=float(np.median(family[both])) if both.any() else None,
        random_gap=float(np.median(rand[both])) if both.any() else None,
        family_mean_gap=float(np.mean(family[both])) if both.any() else None,
        random_mean_gap=float(np.mean(rand[both])) if both.any() else None,
    )


def _gaps(
    families: Families,
    in_group: pl.DataFrame,
    result: dict[int, float],
    rng: np.random.Generator,
    random_size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """For each school of the group with a result: |result - family median| and |result - random
    median| (NaN where no member has a result)."""
    members = families.members.filter(pl.col("urn").is_in(in_group.get_column("urn").implode()))
    medians = dict(
        members.with_columns(
            pl.col("member_urn").replace_strict(result, default=None, return_dtype=pl.Float64).alias("r")
        )
        .group_by("urn")
        .agg(pl.col("r").drop_nulls().median())
        .iter_rows()
    )
    family_gaps: list[float] = []
    random_gaps: list[float] = []
    for _pool, part in in_group.sort("urn").group_by(["pool"], maintain_order=True):
        urns = part.get_column("urn").to_numpy()
        values = np.array([result.get(int(u), np.nan) for u in urns])
        n = len(urns)
        take = min(random_size, n - 1)
        for i in np.flatnonzero(~np.isnan(values)):  # a loop over schools, not pairs
            if take <= 0:
                continue
            picks = rng.choice(n - 1, size=take, replace=False)
            picks = picks + (picks >= i)  # never the school itself
            drawn = values[picks]
            drawn = drawn[~np.isnan(drawn)]
            family_median = medians.get(int(urns[i]))
            family_gaps.append(abs(values[i] - family_median) if family_median is not None else np.nan)
            random_gaps.append(abs(values[i] - float(np.median(drawn))) if len(drawn) else np.nan)
    return np.array(family_gaps, dtype=float), np.array(random_gaps, dtype=float)


def stability(this_year: Families, next_year: Families) -> float | None:
    """The share of this year's family members still in next year's family of the same school
    (over schools that have a family both years); None when no school has both."""
    a = this_year.members.select("urn", "member_urn")
    b = next_year.members.select("urn", "member_urn")
    both = set(a.get_column("urn").unique().to_list()) & set(b.get_column("urn").unique().to_list())
    if not both:
        return None
    a = a.filter(pl.col("urn").is_in(list(both)))
    kept = a.join(b, on=["urn", "member_urn"], how="semi").height
    return kept / a.height if a.height else None


def family_urns(families: Families) -> dict[int, list[int]]:
    """Every school's members, nearest first (for tests and comparisons)."""
    grouped = families.members.sort("urn", "rank").group_by("urn", maintain_order=True).agg("member_urn")
    return {u: list(m) for u, m in grouped.iter_rows()}


def as_rows(values: Iterable[Evaluation]) -> list[dict[str, Any]]:
    """Evaluations as plain rows (CLI and docs)."""
    return [
        {
            "method": e.method,
            "phase_group": e.phase_group,
            "outcome": e.outcome,
            "schools": e.schools,
            "family_gap": None if e.family_gap is None else round(e.family_gap, 2),
            "random_gap": None if e.random_gap is None else round(e.random_gap, 2),
            "ratio": None if e.ratio is None else round(e.ratio, 3),
            "stability": None if e.stability is None else round(e.stability, 3),
        }
        for e in values
    ]
