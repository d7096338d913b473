"""Schools' categories from rules kept as data (category_rules.toml), with the reasons that fired.

A rules file names criteria (a predicate below with its parameters and the words of its reason) and
lists rules tried in order (any / all / none of the criteria); the first that holds gives the
category. Every criterion that fired is a reason, with the figures it used, whichever rule won. The
predicates read one school's ``SchoolFacts`` (its inspections in every framework, its results, its
family, its open concerns, its next inspection window) and the ``Context`` shared by all schools (every
school's results, England's); the store gathers both (store/categorising.py). Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import statistics
import string
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from peerlift.analysis.inspection_due import Due
from peerlift.analysis.inspection_summary import number
from peerlift.analysis.visits import RC_LABELS, RC_ORDER, Visit
from peerlift.domain.dates import long_date
from peerlift.domain.inspections import Framework, grade4_name
from peerlift.domain.measures import MEASURES

DEFAULT_FILE = "category_rules.toml"
Series = dict[int, float]  # year -> value


class RulesError(ValueError):
    """A rules file that cannot be used, naming the file, the line (where known) and the key."""


@dataclass
class SchoolFacts:
    """What the rules know about one school on the as-at date."""

    urn: int
    visits: list[Visit] = field(default_factory=list)  # oldest first, own and predecessors'
    measures: dict[str, Series] = field(default_factory=dict)
    family: list[int] = field(default_factory=list)  # member URNs
    concerns: list[tuple[str, dt.date]] = field(default_factory=list)  # open: (kind, raised on)
    due: Due | None = None
    latest_graded: dict[dt.date, Visit | None] = field(default_factory=dict, repr=False)  # by as-at date


@dataclass
class Context:
    """What every school's rules share: the date, every school's results and England's."""

    as_at: dt.date
    measures: dict[int, dict[str, Series]] = field(default_factory=dict)
    england: dict[str, Series] = field(default_factory=dict)
    _columns: dict[tuple[str, int], dict[int, float]] = field(default_factory=dict, repr=False)
    _complete: bool = field(default=False, repr=False)

    def fill_columns(self, columns: dict[tuple[str, int], dict[int, float]]) -> None:
        """Take the columns the caller built while reading the figures (the same figures as
        ``measures``); a key not given is built from ``measures`` when first asked for."""
        self._columns.update(columns)
        self._complete = True

    def column(self, measure: str, year: int) -> dict[int, float]:
        """Every school's figure of a measure in a year, {urn: value}: built once, for looking up a
        family's figures without walking each member's nested dictionaries."""
        key = (measure, year)
        found = self._columns.get(key)
        if found is None and self._complete:
            return {}
        if found is None:
            found = {}
            for urn, by_measure in self.measures.items():
                value = by_measure.get(measure, {}).get(year)
                if value is not None:
                    found[urn] = value
            self._columns[key] = found
        return found


@dataclass(frozen=True)
class Reason:
    rule: str  # the criterion's name
    text: str
    figures: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "text": self.text, "figures": _jsonable(self.figures)}


@dataclass(frozen=True)
class Result:
    urn: int
    category: int
    rule: str  # the rule that gave the category
    reasons: list[Reason]


Figures = dict[str, Any]
PredicateFn = Callable[[SchoolFacts, Context, dict[str, Any]], Figures | None]


@dataclass(frozen=True)
class Predicate:
    """A named test: its function, its parameters (name -> (type, default or REQUIRED)) and the
    figures its reasons may name."""

    fn: PredicateFn
    params: dict[str, tuple[type, Any]]
    figures: tuple[str, ...]


REQUIRED = object()
_OEIF = frozenset({Framework.GRADED.value, Framework.GRADED_2024.value})
_REPORT_CARD, _UNGRADED = Framework.REPORT_CARD.value, Framework.UNGRADED.value


# ---------------------------------------------------------------------------------------------
# Predicates over the latest inspection


def _latest_graded(facts: SchoolFacts, on: dt.date) -> Visit | None:
    if on not in facts.latest_graded:
        facts.latest_graded[on] = next((v for v in reversed(facts.visits) if v.graded and v.date <= on), None)
    return facts.latest_graded[on]


def _latest(facts: SchoolFacts, on: dt.date) -> Visit | None:
    return next((v for v in reversed(facts.visits) if v.date <= on), None)


def category_of_concern(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The latest graded inspection placed the school in one of ``kinds`` of category of concern."""
    last = _latest_graded(facts, ctx.as_at)
    if last is None or last.category_of_concern not in p["kinds"]:
        return None
    return {"date": last.date, "category": last.category_of_concern}


def safeguarding_not_met(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The latest graded inspection found safeguarding not effective (OEIF) or standards not met."""
    last = _latest_graded(facts, ctx.as_at)
    return {"date": last.date} if last is not None and last.safeguarding_failed else None


def oeif_grade(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The latest graded inspection is an OEIF one whose overall effectiveness is one of ``grades``
    (from September 2024, with no overall grade: its lowest area grade)."""
    last = _latest_graded(facts, ctx.as_at)
    if last is None or last.framework not in _OEIF:
        return None
    if last.overall is not None:
        grade, judged = last.overall, "overall effectiveness"
    else:
        areas = [g for g in last.area_grades.values() if g in ("1", "2", "3", "4")]
        if not areas:
            return None
        grade = max(areas)
        judged = "at least one area" if len(set(areas)) > 1 else "every area"
    if grade not in p["grades"]:
        return None
    return {"date": last.date, "grade": grade, "grade_name": grade4_name(grade, last.date), "judged": judged}


def _areas_words(areas: list[str]) -> str:
    names = [a.replace("_rc", "").replace("_", " ") for a in areas]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def report_card_any(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The latest graded inspection is a report card with any evaluation area graded one of ``grades``."""
    last = _latest_graded(facts, ctx.as_at)
    if last is None or last.framework != _REPORT_CARD:
        return None
    areas = sorted(a for a, g in last.area_grades.items() if g in p["grades"])
    if not areas:
        return None
    return {"date": last.date, "areas": _areas_words(areas), "count": len(areas)}


def report_card_all(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The latest graded inspection is a report card with every area at ``at_least`` or better."""
    last = _latest_graded(facts, ctx.as_at)
    if last is None or last.framework != _REPORT_CARD or not last.area_grades:
        return None
    worst = RC_ORDER.index(p["at_least"])
    if any(g not in RC_ORDER or RC_ORDER.index(g) > worst for g in last.area_grades.values()):
        return None
    return {"date": last.date, "count": len(last.area_grades), "at_least": RC_LABELS[p["at_least"]]}


def ungraded_outcome(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The latest inspection is ungraded and its outcome holds one of ``phrases`` (any case)."""
    last = _latest(facts, ctx.as_at)
    if last is None or last.graded or last.framework != _UNGRADED or not last.outcome:
        return None
    text = last.outcome.lower()
    if not any(phrase.lower() in text for phrase in p["phrases"]):
        return None
    return {"date": last.date, "outcome": last.outcome}


def stuck(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """Each of the last ``inspections`` graded inspections was below good (or below the expected
    standard under report cards)."""
    graded = [v for v in facts.visits if v.graded and v.date <= ctx.as_at][-p["inspections"] :]
    if len(graded) < p["inspections"] or not all(v.below_good for v in graded):
        return None
    return {"dates": [v.date for v in graded], "outcomes": [v.describe() for v in graded]}


# ---------------------------------------------------------------------------------------------
# Predicates over results


def _last_years(series: Series, of_last: int, on: dt.date) -> list[int]:
    """The last ``of_last`` years with a figure, published by the as-at date (a year's results are
    taken as known from the December after the academic year ends)."""
    known = [y for y in series if dt.date(y, 12, 1) <= on]
    return sorted(known)[-of_last:]


def significance(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """In ``years`` of the last ``of_last`` years with confidence limits, the score was significantly
    below average (upper limit below zero) or above it (lower limit above zero)."""
    lower, upper = facts.measures.get(p["lower"], {}), facts.measures.get(p["upper"], {})
    scores = facts.measures.get(p["measure"], {})
    limited = {y: v for y, v in scores.items() if y in lower and y in upper}
    considered = _last_years(limited, p["of_last"], ctx.as_at)
    if p["direction"] == "below":
        hits = [y for y in considered if upper[y] < 0]
    else:
        hits = [y for y in considered if lower[y] > 0]
    if len(hits) < p["years"]:
        return None
    return {
        "years": hits,
        "count": len(hits),
        "of_last": p["of_last"],
        "scores": {y: scores[y] for y in hits},
        "limits": {y: [lower[y], upper[y]] for y in hits},
    }


def family_quartile(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """In ``years`` of the last ``of_last`` years, the school's figure was in the family's bottom (or
    top) quarter: fewer than a quarter of the family members with a figure did worse (or better)."""
    own = facts.measures.get(p["measure"], {})
    hits, shares = [], {}
    for year in _last_years(own, p["of_last"], ctx.as_at):
        others = [ctx.measures.get(m, {}).get(p["measure"], {}).get(year) for m in facts.family]
        values = [v for v in others if v is not None]
        if len(values) < p["min_members"]:
            continue
        higher_better = p["higher_is_better"]
        if p["quartile"] == "bottom":
            beaten = sum(v < own[year] if higher_better else v > own[year] for v in values)
        else:
            beaten = sum(v > own[year] if higher_better else v < own[year] for v in values)
        share = beaten / len(values)
        if share < 0.25:
            hits.append(year)
            shares[year] = round(share, 3)
    if len(hits) < p["years"]:
        return None
    return {
        "years": hits,
        "count": len(hits),
        "of_last": p["of_last"],
        "values": {y: own[y] for y in hits},
        "share_of_family_beyond": shares,
    }


def vs_england(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """In ``years`` of the last ``of_last`` years, the figure was more than ``by`` below (or above)
    England's."""
    own = facts.measures.get(p["measure"], {})
    england = ctx.england.get(p["measure"], {})
    paired = {y: v for y, v in own.items() if y in england}
    hits = []
    for year in _last_years(paired, p["of_last"], ctx.as_at):
        difference = own[year] - england[year]
        if (p["direction"] == "below" and difference < -p["by"]) or (
            p["direction"] == "above" and difference > p["by"]
        ):
            hits.append(year)
    if len(hits) < p["years"]:
        return None
    return {
        "years": hits,
        "count": len(hits),
        "of_last": p["of_last"],
        "values": {y: own[y] for y in hits},
        "england": {y: england[y] for y in hits},
        "by": p["by"],
    }


def declining(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The figure fell (or, where lower is better, rose) from each year with results to the next,
    ``years`` times running, up to the latest."""
    own = facts.measures.get(p["measure"], {})
    considered = _last_years(own, p["years"] + 1, ctx.as_at)
    if len(considered) < p["years"] + 1:
        return None
    values = [own[y] for y in considered]
    falls = [b < a if p["higher_is_better"] else b > a for a, b in itertools.pairwise(values)]
    if not all(falls):
        return None
    return {"years_with_results": considered, "values": {y: own[y] for y in considered}}


def disadvantaged_gap(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """In the latest year with both figures, the gap (others minus disadvantaged) was wider than the
    median gap of the family members with both figures by more than ``by``."""
    mine_d, mine_o = facts.measures.get(p["disadvantaged"], {}), facts.measures.get(p["others"], {})
    both = {y: mine_o[y] - mine_d[y] for y in mine_d if y in mine_o}
    years = _last_years(both, 1, ctx.as_at)
    if not years:
        return None
    year = years[0]
    disadvantaged, others = ctx.column(p["disadvantaged"], year), ctx.column(p["others"], year)
    gaps = [others[m] - disadvantaged[m] for m in facts.family if m in others and m in disadvantaged]
    if len(gaps) < p["min_members"]:
        return None
    typical = statistics.median(gaps)
    if both[year] - typical <= p["by"]:
        return None
    return {"year": year, "gap": round(both[year], 1), "family_gap": round(typical, 1), "members": len(gaps)}


# ---------------------------------------------------------------------------------------------
# Predicates over the inspection window and officers' concerns


def inspection_due(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """The next inspection window opens within ``months`` months of the as-at date (or has opened)."""
    from peerlift.analysis.inspection_due import add_months

    if facts.due is None or facts.due.due_from > add_months(ctx.as_at, p["months"]):
        return None
    return {"due_from": facts.due.due_from, "due_by": facts.due.due_by, "cycle": facts.due.label}


def open_concerns(facts: SchoolFacts, ctx: Context, p: dict[str, Any]) -> Figures | None:
    """At least ``count`` open concerns of ``kinds`` (all kinds when the list is empty)."""
    kinds = set(p["kinds"])
    found = [(k, on) for k, on in facts.concerns if not kinds or k in kinds]
    if len(found) < p["count"]:
        return None
    raised = "; ".join(
        f"{k.replace('_', ' ')}, raised {long_date(on)}" for k, on in sorted(found, key=lambda c: c[1])
    )
    return {"count": len(found), "kinds": sorted({k for k, _ in found}), "raised": raised}


_RESULTS = {"measure": (str, REQUIRED), "label": (str, ""), "higher_is_better": (bool, True)}
_SPAN = {"years": (int, REQUIRED), "of_last": (int, REQUIRED)}
PREDICATES: dict[str, Predicate] = {
    "category_of_concern": Predicate(category_of_concern, {"kinds": (list, REQUIRED)}, ("date", "category")),
    "safeguarding_not_met": Predicate(safeguarding_not_met, {}, ("date",)),
    "oeif_grade": Predicate(
        oeif_grade, {"grades": (list, REQUIRED)}, ("date", "grade", "grade_name", "judged")
    ),
    "report_card_any": Predicate(report_card_any, {"grades": (list, REQUIRED)}, ("date", "areas", "count")),
    "report_card_all": Predicate(
        report_card_all, {"at_least": (str, REQUIRED)}, ("date", "count", "at_least")
    ),
    "ungraded_outcome": Predicate(ungraded_outcome, {"phrases": (list, REQUIRED)}, ("date", "outcome")),
    "stuck": Predicate(stuck, {"inspections": (int, 2)}, ("dates", "outcomes")),
    "significance": Predicate(
        significance,
        {
            **_RESULTS,
            **_SPAN,
            "lower": (str, REQUIRED),
            "upper": (str, REQUIRED),
            "direction": (str, "below"),
        },
        ("years", "count", "of_last", "scores", "limits"),
    ),
    "family_quartile": Predicate(
        family_quartile,
        {**_RESULTS, **_SPAN, "quartile": (str, "bottom"), "min_members": (int, 5)},
        ("years", "count", "of_last", "values", "share_of_family_beyond"),
    ),
    "vs_england": Predicate(
        vs_england,
        {**_RESULTS, **_SPAN, "direction": (str, "below"), "by": (float, 0.0)},
        ("years", "count", "of_last", "values", "england", "by"),
    ),
    "declining": Predicate(declining, {**_RESULTS, "years": (int, 3)}, ("years_with_results", "values")),
    "disadvantaged_gap": Predicate(
        disadvantaged_gap,
        {
            "disadvantaged": (str, REQUIRED),
            "others": (str, REQUIRED),
            "by": (float, 0.0),
            "min_members": (int, 5),
            "label": (str, ""),
        },
        ("year", "gap", "family_gap", "members"),
    ),
    "inspection_due": Predicate(inspection_due, {"months": (int, 6)}, ("due_from", "due_by", "cycle")),
    "open_concerns": Predicate(
        open_concerns, {"kinds": (list, []), "count": (int, 1)}, ("count", "kinds", "raised")
    ),
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "direction": ("below", "above"),
    "quartile": ("bottom", "top"),
    "at_least": tuple(RC_ORDER),
}


# ---------------------------------------------------------------------------------------------
# The rules file


@dataclass(frozen=True)
class Criterion:
    name: str
    predicate: str
    params: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Rule:
    name: str
    category: int
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    def holds(self, fired: set[str]) -> bool:
        return (
            (not self.any or any(c in fired for c in self.any))
            and all(c in fired for c in self.all)
            and not any(c in fired for c in self.none)
        )


@dataclass(frozen=True)
class Rules:
    name: str
    labels: dict[int, str]
    criteria: dict[str, Criterion]
    rules: list[Rule]
    file_name: str
    digest: str

    @property
    def label(self) -> str:
        """What the history records of the rules that computed a category: name and digest."""
        return f"{self.file_name} ({self.digest})"


def default_text() -> str:
    return resources.files("peerlift.analysis").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")


def _line_of(lines: list[str], *anchors: str) -> int | None:
    """The line holding the anchors in turn (each searched from the line of the one before)."""
    start, found = 0, None
    for anchor in anchors:
        hit = next((i for i in range(start, len(lines)) if lines[i].strip().startswith(anchor)), None)
        if hit is None:
            return found
        found, start = hit + 1, hit
    return found


def _where(file_name: str, line: int | None, key: str) -> str:
    return f"{file_name}, line {line}, key {key}" if line else f"{file_name}, key {key}"


def _criterion(name: str, spec: Any, file_name: str, lines: list[str]) -> Criterion:
    def fail(key: str, message: str) -> RulesError:
        anchors = [f"[criteria.{name}]"] + ([key] if key else [])
        return RulesError(
            f"{_where(file_name, _line_of(lines, *anchors), f'criteria.{name}.{key}'.rstrip('.'))}: {message}"
        )

    if not isinstance(spec, dict):
        raise fail("", "a criterion is a table with a predicate and its parameters")
    predicate = spec.get("predicate")
    if predicate not in PREDICATES:
        raise fail("predicate", f"{predicate!r} is not a predicate (one of: {', '.join(PREDICATES)})")
    known = PREDICATES[predicate]
    params: dict[str, Any] = {}
    for key, (kind, default) in known.params.items():
        if key not in spec:
            if default is REQUIRED:
                raise fail("", f"the {predicate} predicate needs {key}")
            params[key] = default
            continue
        value = spec[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise fail(key, f"{key} should be {_KIND_WORDS[kind]}, not {value!r}")
        if isinstance(value, int) and value < 0:
            raise fail(key, f"{key} cannot be negative")
        if key in _CHOICES and value not in _CHOICES[key]:
            raise fail(key, f"{key} is one of {', '.join(_CHOICES[key])}, not {value!r}")
        if key in MEASURE_PARAMETERS and value not in MEASURES:
            raise fail(key, f"{value!r} is not a measure peerlift knows (docs/data-formats.md lists them)")
        params[key] = value
    unknown = sorted(set(spec) - set(known.params) - {"predicate", "text"})
    if unknown:
        raise fail(
            unknown[0],
            f"{unknown[0]} is not a parameter of {predicate} (it takes: {', '.join(known.params) or 'none'})",
        )
    text = spec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise fail("text", "give the reason's words in text")
    allowed = {*known.figures, *params} | {f"{k}_words" for k in (*known.figures, *params)}
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
    except ValueError as error:
        raise fail("text", f"the text's placeholders cannot be read ({error})") from None
    stray = sorted(fields - allowed)
    if stray:
        raise fail(
            "text", f"{{{stray[0]}}} is not a figure of {predicate} (it gives: {', '.join(sorted(allowed))})"
        )
    return Criterion(name, predicate, params, text)


MEASURE_PARAMETERS = frozenset({"measure", "lower", "upper", "disadvantaged", "others"})
_KIND_WORDS = {list: "a list", str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _rule(
    index: int,
    spec: Any,
    criteria: dict[str, Criterion],
    labels: dict[int, str],
    file_name: str,
    lines: list[str],
) -> Rule:
    starts = [i for i, line in enumerate(lines) if line.strip() == "[[rules]]"]
    header = starts[index] + 1 if index < len(starts) else None

    def fail(key: str, message: str) -> RulesError:
        line = header
        if header is not None and key:
            line = _line_of(lines[header - 1 :], key)
            line = line + header - 1 if line else header
        return RulesError(f"{_where(file_name, line, f'rules[{index}].{key}'.rstrip('.'))}: {message}")

    if not isinstance(spec, dict):
        raise fail("", "a rule is a table with a category")
    name = spec.get("name", f"rule {index + 1}")
    category = spec.get("category")
    if not isinstance(category, int) or category not in labels:
        raise fail("category", f"category should be one of {', '.join(map(str, labels))}, not {category!r}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("any", "all", "none"):
        value = spec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key} is a list of criteria names")
        missing = [v for v in value if v not in criteria]
        if missing:
            raise fail(key, f"{missing[0]!r} is not a criterion of this file")
        lists[key] = tuple(value)
    unknown = sorted(set(spec) - {"name", "category", "any", "all", "none"})
    if unknown:
        raise fail(unknown[0], f"{unknown[0]} is not a key of a rule (name, category, any, all, none)")
    return Rule(str(name), category, lists["any"], lists["all"], lists["none"])


def parse_rules(text: str, file_name: str = DEFAULT_FILE) -> Rules:
    """Rules from TOML text; any mistake is a RulesError naming the file, line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{file_name}: {error}") from None
    lines = text.splitlines()
    scheme = data.get("scheme", {})
    raw_labels = scheme.get("categories", {1: "1", 2: "2", 3: "3", 4: "4"})
    try:
        labels = {int(k): str(v) for k, v in raw_labels.items()}
    except (ValueError, AttributeError):
        raise RulesError(
            f"{_where(file_name, _line_of(lines, '[scheme.categories]'), 'scheme.categories')}: "
            "categories are numbered"
        ) from None
    criteria_spec = data.get("criteria", {})
    if not isinstance(criteria_spec, dict):
        raise RulesError(f"{file_name}, key criteria: give each criterion as [criteria.NAME]")
    criteria = {name: _criterion(name, spec, file_name, lines) for name, spec in criteria_spec.items()}
    rule_specs = data.get("rules")
    if not isinstance(rule_specs, list) or not rule_specs:
        raise RulesError(f"{file_name}, key rules: no [[rules]] tables")
    rules = [_rule(i, spec, criteria, labels, file_name, lines) for i, spec in enumerate(rule_specs)]
    last = rules[-1]
    if last.any or last.all or last.none:
        headers = [i + 1 for i, line in enumerate(lines) if line.strip() == "[[rules]]"]
        where = _where(file_name, headers[-1] if headers else None, f"rules[{len(rules) - 1}]")
        raise RulesError(f"{where}: end with a rule with no conditions, so that every school gets a category")
    unknown = sorted(set(data) - {"scheme", "criteria", "rules"})
    if unknown:
        where = _where(file_name, _line_of(lines, unknown[0]), unknown[0])
        raise RulesError(f"{where}: not a part of a rules file (scheme, criteria, rules)")
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return Rules(str(scheme.get("name", file_name)), labels, criteria, rules, file_name, digest)


def default_rules() -> Rules:
    return parse_rules(default_text())


# ---------------------------------------------------------------------------------------------
# Evaluation


def _display(value: Any) -> str:
    """A figure in a reason's words: dates as "1 February 2026", lists joined, numbers trimmed."""
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        shown = [_display(v) for v in value]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] if shown else ""
    if isinstance(value, dict):
        return ", ".join(f"{_display(k)}: {_display(v)}" for k, v in value.items())
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _words(criterion: Criterion, figures: Figures) -> str:
    shown = {**criterion.params, **figures}
    values = {k: _display(v) for k, v in shown.items()}
    values |= {
        f"{k}_words": number(v) for k, v in shown.items() if isinstance(v, int) and not isinstance(v, bool)
    }
    text = criterion.text.format_map(values)
    return text[0].upper() + text[1:] if text else text


def evaluate(facts: SchoolFacts, ctx: Context, rules: Rules) -> Result:
    """One school's category, the rule that gave it and every reason that fired."""
    reasons: list[Reason] = []
    for criterion in rules.criteria.values():
        figures = PREDICATES[criterion.predicate].fn(facts, ctx, criterion.params)
        if figures is not None:
            reasons.append(Reason(criterion.name, _words(criterion, figures), figures))
    fired = {r.rule for r in reasons}
    rule = next(r for r in rules.rules if r.holds(fired))
    return Result(facts.urn, rule.category, rule.name, reasons)


def evaluate_all(schools: list[SchoolFacts], ctx: Context, rules: Rules) -> dict[int, Result]:
    return {facts.urn: evaluate(facts, ctx, rules) for facts in schools}
