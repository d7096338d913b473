"""What the register knows of each school's inspection history, so that every figure says what it stands on.

A register built from a file that holds only each school's latest inspection (the DfE performance
tables' Ofsted file, an Ofsted "latest inspections" file) has no earlier inspections: counted as if it
were the whole history, it says 100% good or outstanding in 2010 (only schools not inspected since are
left with a grade) and calls every inspection a "first inspection". So each inspection carries what
the file that loaded it says about the history around it (its *evidence*, two columns the store adds
from the import's kind and layout, by the rules in ``inspection_history.toml``):

* ``listed_latest_on`` (date): the file listed this inspection as the school's latest of its kind as at
  that date (a snapshot), so no other was made between its start and that date;
* ``states_previous`` (bool): the file gave, with this inspection, the school's previous graded
  inspection (loaded with it) or said there was none, so what came before it is known.

From these, as at a date D, a school's grade is **known** when

* its latest graded inspection on or before D (of its own or, for a converter academy, its
  predecessors') was listed as the latest on or after D; or
* its first graded inspection after D states its previous one: the register then holds that previous
  one (or knows there was none, and the school had no grade as at D); or
* it has no graded inspection up to the date of the first latest-inspections file dated on or after
  D (the dates of the files are those its inspections are listed to): that file would have listed
  one, so it had none as at D.

and an inspection's **previous grade is known** when it states its previous one, or when the register's
previous one was listed as the latest on or after the day before it started. "First inspection" is
said only of an inspection that states that there was none before it.

Frames without the evidence columns are taken to be the whole history (a caller that built it by
hand vouches for it): every grade is known.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from peerlift.domain.inspections import Framework, InspectionType

LISTED_LATEST_ON = "listed_latest_on"
STATES_PREVIOUS = "states_previous"
EVIDENCE = {LISTED_LATEST_ON: pl.Date, STATES_PREVIOUS: pl.Boolean}
RULES_FILE = "inspection_history.toml"
COMPLETE = "the inspection history given is taken as complete"


class HistoryRulesError(ValueError):
    """A mistake in the rules file, naming the file, line and key."""


@dataclass(frozen=True)
class SourceRule:
    """What one kind of file tells about the history around its inspections."""

    name: str
    label: str
    holds: str
    lists_latest: bool
    states_previous: bool


@dataclass(frozen=True)
class HistoryRules:
    coverage_threshold: float
    small_base: int
    summer_from_month: int
    sources: dict[str, SourceRule]

    def source(self, kind: str, layout: str | None) -> SourceRule | None:
        """The rule for an import of this kind (and MI layout): "kind/layout" first, then the kind."""
        return self.sources.get(f"{kind}/{layout}") or self.sources.get(kind)


_TOP = {"coverage_threshold", "small_base", "summer_from_month", "sources"}
_SOURCE = {"label", "holds", "lists_latest", "states_previous"}


def parse_rules(text: str, file_name: str = RULES_FILE) -> HistoryRules:
    """The rules from TOML text; any mistake is a HistoryRulesError naming the file, line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise HistoryRulesError(f"{file_name}: {error}.") from None
    lines = text.splitlines()

    def where(key: str, anchor: str | None = None) -> str:
        found = next((i + 1 for i, line in enumerate(lines) if (anchor or key) in line), None)
        return f"{file_name}, line {found}, key {key}" if found else f"{file_name}, key {key}"

    unknown = set(data) - _TOP
    if unknown:
        raise HistoryRulesError(f"{where(sorted(unknown)[0])}: not a setting this file may hold.")
    threshold = _number(data, "coverage_threshold", where)
    if not 0 <= threshold <= 1:
        raise HistoryRulesError(f"{where('coverage_threshold')}: a share from 0 to 1, not {threshold}.")
    small = _number(data, "small_base", where)
    month = _number(data, "summer_from_month", where)
    if int(small) != small or small < 0 or int(month) != month or not 1 <= month <= 8:
        raise HistoryRulesError(
            f"{where('small_base')}: small_base is a whole number of schools and summer_from_month "
            "a month from 1 to 8."
        )
    sources: dict[str, SourceRule] = {}
    for name, spec in dict(data.get("sources", {})).items():
        key = f"sources.{name}"
        if not isinstance(spec, dict) or set(spec) != _SOURCE:
            raise HistoryRulesError(f"{where(key, name)}: a source has exactly {', '.join(sorted(_SOURCE))}.")
        if not all(isinstance(spec[k], bool) for k in ("lists_latest", "states_previous")):
            raise HistoryRulesError(
                f"{where(key, name)}: lists_latest and states_previous are true or false."
            )
        sources[name] = SourceRule(
            name, str(spec["label"]), str(spec["holds"]), spec["lists_latest"], spec["states_previous"]
        )
    return HistoryRules(threshold, int(small), int(month), sources)


def _number(data: dict[str, Any], key: str, where: Any) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise HistoryRulesError(f"{where(key)}: a number is needed.")
    return float(value)


@cache
def rules() -> HistoryRules:
    """The package's rules (inspection_history.toml)."""
    text = resources.files("peerlift.analysis").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_rules(text)


def snapshot_date(latest: dt.date, summer_from_month: int) -> dt.date:
    """How long a latest-inspections file holds: to its date, or to the next 31 August when its date
    falls in the summer (schools are not inspected in the summer holiday)."""
    if latest.month >= summer_from_month and latest.month <= 8:
        return dt.date(latest.year, 8, 31)
    return latest


def has_evidence(inspections: pl.DataFrame) -> bool:
    return all(c in inspections.columns for c in EVIDENCE)


def _graded(inspections: pl.DataFrame) -> pl.DataFrame:
    """Graded inspections with their evidence (none listed, none stated, when the frame has none)."""
    graded = with_evidence(inspections).filter(
        pl.col("inspection_type") == InspectionType.GRADED.value,
        pl.col("framework") != Framework.UNGRADED.value,
        pl.col("start_date").is_not_null(),
    )
    return graded.select(
        pl.col("urn").alias("inspection_urn"),
        "inspection_key",
        "start_date",
        LISTED_LATEST_ON,
        pl.col(STATES_PREVIOUS).fill_null(False),
    )


def known_as_at(urns: pl.Series, owners: pl.DataFrame, inspections: pl.DataFrame, on: dt.date) -> pl.Series:
    """For each school (in the order of ``urns``), whether the register knows its grade as at ``on``."""
    if not has_evidence(inspections):
        return pl.Series("known", [True] * urns.len(), dtype=pl.Boolean)
    mine = owners.join(_graded(inspections), on="inspection_urn")
    before = (
        mine.filter(pl.col("start_date") <= on)
        .filter(pl.col("start_date") == pl.col("start_date").max().over("urn"))
        .group_by("urn")
        .agg((pl.col(LISTED_LATEST_ON).max() >= on).fill_null(False).alias("listed"))
    )
    after = (
        mine.filter(pl.col("start_date") > on)
        .filter(pl.col("start_date") == pl.col("start_date").min().over("urn"))
        .group_by("urn")
        .agg(pl.col(STATES_PREVIOUS).any().alias("stated"))
    )
    # A latest-inspections file dated on or after the date lists every school inspected by then: a
    # school with no graded inspection up to the first such file's date had none.
    dates = mine.get_column(LISTED_LATEST_ON).drop_nulls()
    listed_until = dates.filter(dates >= on).min() if dates.len() else None
    first = mine.group_by("urn").agg(pl.col("start_date").min().alias("first"))
    found = (
        pl.DataFrame({"urn": urns})
        .join(before, on="urn", how="left")
        .join(after, on="urn", how="left")
        .join(first, on="urn", how="left")
        .select(
            (
                pl.col("listed").fill_null(False)
                | pl.col("stated").fill_null(False)
                | _none_by(pl.col("first"), listed_until, on)
            ).alias("known")
        )
    )
    return found.get_column("known")


def _none_by(first: pl.Expr, listed_until: object, on: dt.date) -> pl.Expr:
    """A school whose first graded inspection is after the date of the first latest-inspections file
    dated on or after ``on`` had none as at ``on``."""
    if not isinstance(listed_until, dt.date) or listed_until < on:
        return pl.lit(False)
    return first.is_null() | (first > listed_until)


def previous_known() -> pl.Expr:
    """Whether each inspection's previous grade is known, over a history with its evidence and
    ``previous_listed`` (the register's previous inspection's listed_latest_on) beside it."""
    listed = pl.col("previous_listed") >= (pl.col("start_date") - pl.duration(days=1))
    return pl.col(STATES_PREVIOUS).fill_null(False) | listed.fill_null(False)


def with_evidence(inspections: pl.DataFrame) -> pl.DataFrame:
    """The inspections with the evidence columns, filled as a whole history where they are missing."""
    if has_evidence(inspections):
        return inspections
    return inspections.with_columns(
        pl.lit(None, pl.Date).alias(LISTED_LATEST_ON), pl.lit(True).alias(STATES_PREVIOUS)
    )
