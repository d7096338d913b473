"""Year labels as the publishers write them, read by one grammar for every file peerlift takes.

A figure is filed under the calendar year in which its period ENDS (2024 is the academic year
2023/24, the financial year 2023-24 and the three years 2021-2023 alike), which is the convention of
LAIT and of the performance tables. What else a label says is kept, not dropped: how many years the
period spans, and the status a publisher writes after the year ("2018 (Rev)", "2019-20 provisional").

The grammar, case-insensitive, spaces optional around separators::

    label      = [kind-word] period [kind-word] {annotation}
    period     = range | year
    year       = YYYY                  calendar year (or a year as LAIT writes an academic one)
               | YYYY sep (YY | YYYY)  academic or financial year, when the end is the next year
               | YYYYYY                EES time_period: 202324
    range      = YYYY sep (YY | YYYY)                 consecutive calendar years, 2013-15, 2021-2023
               | year-of-two sep year-of-two          academic years, 2012/13-14/15, 2019/20-2021/22
    sep        = "-" | "/" | "–" | "to"
    kind-word  = AY | FY | academic year | financial year | calendar year, or "(FY)" and the like
    annotation = "(" words ")" | "[" words "]" | words after the year

A pair of consecutive years ("2022-23", "2022/2023", "2022 to 2023") is one academic (or, with a
financial marker, financial) year; a pair further apart is a range of calendar years. Which status
words are known, and which of two figures for the same year is the headline, is data below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

EARLIEST = 1950  # no published figure peerlift reads is older; a "year" before it is not one
LATEST = 2100
MAX_SPAN = 10  # the longest multi-year period published (LAIT's are three years)


class Period(StrEnum):
    """What kind of period a label names."""

    CALENDAR = "calendar"  # 2024
    ACADEMIC = "academic"  # 2023/24, September to August
    FINANCIAL = "financial"  # 2023-24 FY, April to March
    RANGE = "range"  # several years: 2021-2023, 2019/20-2021/22


# Status words as written after a year (compared in lower case, full stops dropped), and the status
# each is kept as. A word not listed is kept as written (in lower case): nothing is dropped.
STATUS_WORDS: dict[str, str] = {
    "p": "provisional",
    "prov": "provisional",
    "provisional": "provisional",
    "r": "revised",
    "rev": "revised",
    "revised": "revised",
    "f": "final",
    "final": "final",
    "ot": "outturn",
    "outturn": "outturn",
    "out-turn": "outturn",
    "e": "estimate",
    "est": "estimate",
    "estimate": "estimate",
    "estimated": "estimate",
    "estimates": "estimate",
}

# Which figure is the headline when one file gives the same measure, area and year more than once
# under different statuses: the first status of this list that is present. A status not listed
# ranks after every listed one ("" is a figure published with no annotation).
HEADLINE_ORDER: tuple[str, ...] = ("revised", "final", "outturn", "", "provisional", "estimate")

# Words that say which kind of year a label is, wherever they stand in it; not statuses.
KIND_WORDS: dict[str, Period] = {
    "ay": Period.ACADEMIC,
    "academic year": Period.ACADEMIC,
    "academic": Period.ACADEMIC,
    "fy": Period.FINANCIAL,
    "financial year": Period.FINANCIAL,
    "financial": Period.FINANCIAL,
    "fin year": Period.FINANCIAL,
    "calendar year": Period.CALENDAR,
    "cy": Period.CALENDAR,
}


@dataclass(frozen=True, slots=True)
class YearLabel:
    """What a year label says: the year it is filed under, the years it spans, its kind, its status."""

    text: str
    year: int  # the calendar year in which the period ends
    span: int  # years the period covers: 1 for one year, 3 for 2021-2023 or 2019/20-2021/22
    period: Period
    status: str  # "" when the label has no annotation, else e.g. "provisional", "revised"

    academic_years: bool = False  # a range of academic years (2019/20-2021/22), not calendar years

    @property
    def first_year(self) -> int:
        """The calendar year the period starts in (2023 for 2023/24, 2021 for 2021-2023)."""
        if self.period is Period.RANGE and not self.academic_years:
            return self.year - self.span + 1
        return self.year - self.span

    def describe(self) -> str:
        """The period in words: '2023/24', '2021 to 2023', '2019/20 to 2021/22', with any status."""
        if self.period is Period.CALENDAR:
            words = str(self.year)
        elif self.period is not Period.RANGE:
            words = academic(self.year)
        elif self.academic_years:
            words = f"{academic(self.year - self.span + 1)} to {academic(self.year)}"
        else:
            words = f"{self.first_year} to {self.year}"
        return f"{words} ({self.status})" if self.status else words


class NotAYear(ValueError):
    """The text is not a year label of any published form."""


def academic(end: int) -> str:
    """The academic (or financial) year ending in ``end``, as the DfE writes it: 2024 -> '2023/24'."""
    return f"{end - 1}/{end % 100:02d}"


def parse(text: str) -> YearLabel:
    """Read a year label; raises NotAYear when it is none (a year of 0, words only, 2014/16...)."""
    core, status, kind = _core(text)
    if core is None:
        raise NotAYear(f"{text!r} is not a year")
    year, span, period = _period(text, core)
    academic_years = period is Period.RANGE and len(_numbers(core)) == 4
    if kind is not None and period is not Period.RANGE:
        if kind is Period.CALENDAR and period is not Period.CALENDAR:
            raise NotAYear(f"{text!r} is called a calendar year but names two years")
        if kind is not Period.CALENDAR:
            period = kind
    return YearLabel(text, year, span, period, status, academic_years)


def year_or_none(text: str | None) -> YearLabel | None:
    """parse, or None for what is not a year label."""
    if text is None:
        return None
    try:
        return parse(text)
    except NotAYear:
        return None


def headline_rank(status: str | None) -> int:
    """Lower ranks first: the headline of several figures for one year (see HEADLINE_ORDER). A
    status of several words ("outturn, revised") ranks as its best."""
    words = (status or "").split(", ")
    return min(HEADLINE_ORDER.index(w) if w in HEADLINE_ORDER else len(HEADLINE_ORDER) for w in words)


def two_digit_year(digits: int, near: int = 2000) -> int:
    """A year written with two digits, in the century of ``near`` (17 -> 2017), as the performance
    tables suffix last year's columns (PTRWM_EXP_17)."""
    return near - near % 100 + digits


def in_name(name: str) -> YearLabel | None:
    """The year label in a file name: '2016-2017_850_ks4final.csv' and '2018-19 ...' give 2017 and
    2019, '202324_performance_tables.csv' 2024, a lone four-digit year itself. Digit runs that are
    not years (LA codes such as 850, longer numbers such as dates) are passed over.

    Callers that know a name's lone year is the *first* year of the academic year (the LA downloads
    named '2018-936-ks2.csv') must say so themselves.
    """
    for match in _NAME_TOKEN.finditer(name):
        found = year_or_none(match.group(0).replace("_", "-"))
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------------------------
# The grammar's parts

_SEP = r"\s*(?:[-/\u2013\u2014]|\bto\b)\s*"
_YEAR_PAIR = rf"\d{{4}}{_SEP}(?:\d{{4}}|\d{{2}})"
_ACADEMIC_PAIR = r"\d{4}\s*/\s*(?:\d{4}|\d{2})|\d{2}\s*/\s*\d{2}"
_CORE = re.compile(
    rf"(?P<core>(?:{_ACADEMIC_PAIR}){_SEP}(?:{_ACADEMIC_PAIR})|{_YEAR_PAIR}|\d{{6}}|\d{{4}})",
    re.IGNORECASE,
)
_KIND_PATTERN = "|".join(
    sorted((re.escape(w).replace(r"\ ", r"\s+") for w in KIND_WORDS), key=len, reverse=True)
)
_KIND = re.compile(rf"[\(\[]?\s*(?<![A-Za-z])(?P<kind>{_KIND_PATTERN})(?![A-Za-z])\s*[\)\]]?:?", re.I)
_BRACKETED = re.compile(r"\s*[\(\[]\s*(?P<words>[^()\[\]]*?)\s*[\)\]]\s*$")
_TRAILING = re.compile(r"\s*[-\u2013\u2014:,;]?\s*(?P<words>[A-Za-z][A-Za-z .'\-]*?)\s*$")
_NAME_TOKEN = re.compile(
    rf"(?<!\d)(?:(?:{_ACADEMIC_PAIR})[-_](?:{_ACADEMIC_PAIR})|\d{{4}}[-_](?:\d{{4}}|\d{{2}})|\d{{6}}|\d{{4}})(?!\d)"
)


def _core(text: str) -> tuple[str | None, str, Period | None]:
    """Split a label into its numeric period, its status and any kind word; None when no period.

    Kind words (AY, FY...) may stand anywhere; annotations are then peeled off the end one at a
    time (a bracketed group or trailing words), each only where a digit or a closing bracket stands
    before it, so '2019-20 (OT) revised' keeps both.
    """
    kind: Period | None = None
    for word in _KIND.finditer(text):
        kind = KIND_WORDS[" ".join(word.group("kind").lower().split())]
    rest = _KIND.sub(" ", text).strip()
    statuses: list[str] = []
    while True:
        found = _BRACKETED.search(rest) or _TRAILING.search(rest)
        if found and _digits_before(rest, found.start()):
            statuses.insert(0, _status(found.group("words")))
            rest = rest[: found.start()]
            continue
        break
    core = _CORE.fullmatch(rest.strip())
    if core is None:
        return None, "", kind
    return core.group("core"), ", ".join(s for s in statuses if s), kind


def _digits_before(text: str, at: int) -> bool:
    """An annotation only follows a year or another annotation: a digit or a bracket before it."""
    before = text[:at].rstrip()
    return bool(before) and (before[-1].isdigit() or before[-1] in ")]")


def _status(words: str) -> str:
    plain = " ".join(words.replace(".", "").split()).lower()
    return STATUS_WORDS.get(plain, plain)


def _expand(start: int, digits: str) -> int:
    """The end year of a pair: four digits as they are, two digits in the first year after start."""
    if len(digits) == 4:
        return int(digits)
    end = start - start % 100 + int(digits)
    return end + 100 if end < start else end


def _numbers(core: str) -> list[str]:
    return re.findall(r"\d+", core)


def _period(text: str, core: str) -> tuple[int, int, Period]:
    """(year filed under, span, kind) of the numeric part of a label."""
    numbers = _numbers(core)
    if len(numbers) == 1 and len(numbers[0]) == 4:
        return _checked(text, int(numbers[0]), 1, Period.CALENDAR)
    if len(numbers) == 1:  # six digits: the EES time_period 202324
        start, end = int(numbers[0][:4]), _expand(int(numbers[0][:4]), numbers[0][4:])
        if end != start + 1:
            raise NotAYear(f"{text!r} is not a period such as 202324 (2023/24)")
        return _checked(text, end, 1, Period.ACADEMIC)
    if len(numbers) == 2:
        start = int(numbers[0])
        end = _expand(start, numbers[1])
        if end == start + 1:
            return _checked(text, end, 1, Period.ACADEMIC)
        if "/" in core or not start < end <= start + MAX_SPAN:
            raise NotAYear(f"{text!r} is neither one academic year nor a run of years")
        return _checked(text, end, end - start + 1, Period.RANGE)
    # Four numbers: a run of academic years, first/its end - last/its end (2012/13-14/15)
    first = int(numbers[0]) if len(numbers[0]) == 4 else None
    if first is None:
        raise NotAYear(f"{text!r} does not say its first year in full")
    first_end = _expand(first, numbers[1])
    last = _expand(first, numbers[2])
    last_end = _expand(last, numbers[3])
    if first_end != first + 1 or last_end != last + 1 or not first < last < first + MAX_SPAN:
        raise NotAYear(f"{text!r} is not a run of academic years such as 2019/20-2021/22")
    return _checked(text, last_end, last_end - first, Period.RANGE)


def _checked(text: str, year: int, span: int, period: Period) -> tuple[int, int, Period]:
    if not (year - span + 1 >= EARLIEST and year <= LATEST):
        raise NotAYear(f"{text!r} is outside the years of any published figure")
    return year, span, period
