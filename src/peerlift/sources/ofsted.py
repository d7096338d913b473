"""Readers for Ofsted inspection outcomes: every era in one model.

Two kinds of file:

* ``ofsted_perf_tables``: the DfE performance-tables download ``england_ofsted-schools.xlsx`` (latest
  inspection per school, overall effectiveness only, no inspection number).
* ``ofsted_mi``: Ofsted's management-information CSV in all its layouts (see ofsted_columns.py). One row
  describes up to three inspections of a school; each becomes its own inspection, keyed by the URN the
  school had *at the time* (so the same inspection has the same key in every release, whichever
  successor school the row is about), with its judgements in its own framework's scale.

No overall grade is ever invented: OEIF inspections from September 2024 (``graded_2024``) and report
cards have none, and a "Not judged" cell gives no judgement row at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from peerlift.domain.inspections import (
    NO_OVERALL_FROM,
    NOT_APPLICABLE,
    Area,
    Framework,
    InspectionType,
    parse_category,
)
from peerlift.sources import frames
from peerlift.sources.base import (
    Head,
    ReadResult,
    Skip,
    SourceError,
    TextTable,
    first_rows_of_sheets,
    ignored_formulas_note,
    load_csv,
    open_workbook,
    refuse_hostile_cells,
    report_unknown,
    unique_names,
    unreadable_workbook,
    year_from_name,
)
from peerlift.sources.ofsted_columns import (
    APPLIES_NOT,
    LAYOUTS,
    MAY_NOT_APPLY,
    NO_CATEGORY,
    NO_GRADE,
    NOT_CARRIED,
    NOT_JUDGED,
    PERF_TABLES_COLUMNS,
    PERF_TABLES_NOT_CARRIED,
    SCALE_VALUES,
    SCALE_WORDS,
    SCHOOL_COLUMNS,
    TYPE_PATTERNS,
    Block,
    BlockKind,
    Layout,
    Scale,
    first_present,
)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y")
_BAD = "__bad__"
_ROW = "_row"

# ---------------------------------------------------------------------------------------------
# Cell helpers over a TextTable whose text has been cleaned (stripped, "NULL" and "" made null)


@dataclass
class _Table(TextTable):
    """A cleaned text table whose checks are gathered and then run in one pass over the frame.

    Checking each column as it is read would scan a national file once per check (dozens of times).
    """

    pending: list[tuple[str, pl.Expr, str]] = field(default_factory=list)

    def check(self) -> None:
        """Raise for the first gathered check that fails, naming its first bad row and value."""
        for skip in self.bad_rows()[:1]:
            raise self.error(skip.reason, row=skip.row, column=skip.column)

    def bad_rows(self) -> list[Skip]:
        """Every row where a gathered check fails, once (its first failing check), as a Skip that
        names the value and column: rows that cannot be placed, for the reader to leave out."""
        pending, self.pending = self.pending, []
        if not pending:
            return []
        failed = self.frame.select(bad.any().alias(str(i)) for i, (_, bad, _) in enumerate(pending)).row(0)
        found: dict[int, Skip] = {}
        for (column, bad, what), any_bad in zip(pending, failed, strict=True):
            if not any_bad:
                continue
            rows = self.frame.filter(bad.fill_null(False)).select(_ROW, pl.col(column).alias("_value"))
            for row, value in rows.iter_rows():
                found.setdefault(
                    int(row), Skip(int(row), f"{value!r} is not {what}", f"{column}: not {what}", column)
                )
        return sorted(found.values(), key=lambda s: s.row)


def _clean(table: TextTable) -> _Table:
    """Strip every cell and make 'NULL' and blank cells null: the files use both for 'nothing here'."""
    cleaned = table.frame.with_columns(
        pl.when(pl.col(c).str.strip_chars().is_in(["", "NULL"]))
        .then(None)
        .otherwise(pl.col(c).str.strip_chars())
        .alias(c)
        for c in table.frame.columns
        if c != _ROW
    )
    return _Table(table.path, cleaned, table.header, table.header_row)


def _fail_at(table: _Table, column: str, bad: pl.Expr, what: str) -> None:
    """Fail (when ``table.check()`` runs) at the first row where ``bad`` holds, naming its value."""
    table.pending.append((column, bad, what))


def _text(column: str | None) -> pl.Expr:
    return pl.col(column) if column else pl.lit(None, dtype=pl.String)


def _integer(table: _Table, column: str | None) -> pl.Expr:
    """Whole numbers such as URN and LAESTAB ('100000' or, from a workbook, '100000.0')."""
    if column is None:
        return pl.lit(None, dtype=pl.Int64)
    typed = pl.col(column).str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    _fail_at(table, column, typed.is_null() & pl.col(column).is_not_null(), "a whole number")
    return typed


def _date(table: _Table, column: str | None) -> pl.Expr:
    """A date as the files write it (dd/mm/yyyy in CSVs; yyyy-mm-dd from workbooks)."""
    if column is None:
        return pl.lit(None, dtype=pl.Date)
    parsed = pl.coalesce([pl.col(column).str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS])
    _fail_at(table, column, parsed.is_null() & pl.col(column).is_not_null(), "a date (dd/mm/yyyy)")
    return parsed


def _category(table: _Table, column: str | None) -> pl.Expr:
    """Serious weaknesses / special measures, or null for an inspection with no category."""
    if column is None:
        return pl.lit(None, dtype=pl.String)
    lowered = pl.col(column).str.to_lowercase()
    seen = table.frame.select(lowered.unique().drop_nulls()).to_series().to_list()
    words = {w: (None if w in NO_CATEGORY else _category_value(w)) for w in seen}
    mapped = lowered.replace_strict(list(words), list(words.values()), default=_BAD, return_dtype=pl.String)
    category = pl.when(lowered.is_null()).then(None).otherwise(mapped)
    _fail_at(
        table, column, category == _BAD, "a category of concern (Serious weaknesses or Special measures)"
    )
    return category


def _category_value(text: str) -> str:
    category = parse_category(text)
    return _BAD if category is None else category.value


def _grade(table: _Table, column: str, area: Area, scale: Scale) -> pl.Expr:
    """A judgement in its framework's scale; null where nothing was judged."""
    values = SCALE_VALUES[scale]
    lowered = pl.col(column).str.to_lowercase().str.replace_all(r"\s+", " ")
    mapped = lowered.replace_strict(list(values), list(values.values()), default=_BAD, return_dtype=pl.String)
    grade = pl.when(lowered.is_null() | lowered.is_in(list(NOT_JUDGED))).then(None).otherwise(mapped)
    _fail_at(table, column, grade == _BAD, SCALE_WORDS[scale])
    not_applicable = pl.lit(NOT_APPLICABLE if area in MAY_NOT_APPLY else None, dtype=pl.String)
    return pl.when(grade == APPLIES_NOT).then(not_applicable).otherwise(grade)


def _inspection_type(type_columns: list[str], default: InspectionType) -> pl.Expr:
    """What kind of visit it was, from the file's words for it (type and groupings)."""
    if not type_columns:
        return pl.lit(default.value)
    words = pl.concat_str([pl.col(c).fill_null("") for c in type_columns], separator=" | ").str.to_lowercase()
    known = pl.lit(InspectionType.OTHER.value)
    for pattern, kind in reversed(TYPE_PATTERNS):
        known = pl.when(words.str.contains(pattern)).then(pl.lit(kind.value)).otherwise(known)
    blank = pl.all_horizontal([pl.col(c).is_null() for c in type_columns])
    return pl.when(blank).then(pl.lit(default.value)).otherwise(known)


def _by_date(when: pl.Expr) -> pl.Expr:
    """graded until August 2024, graded_2024 from September 2024 (domain.inspections.NO_OVERALL_FROM)."""
    return (
        pl.when(when.is_null())
        .then(None)
        .when(when < pl.lit(NO_OVERALL_FROM))
        .then(pl.lit(Framework.GRADED.value))
        .otherwise(pl.lit(Framework.GRADED_2024.value))
    )


# ---------------------------------------------------------------------------------------------
# One block of a row: one inspection


@dataclass
class _Parts:
    inspections: pl.DataFrame  # INSPECTIONS columns + _row
    judgements: pl.DataFrame  # JUDGEMENTS columns + framework + _row
    present: pl.DataFrame  # _row, present


def _block(table: _Table, block: Block, school: dict[str, pl.Expr]) -> _Parts | None:
    """The inspection a block describes on each row where it is filled in, and its judgements."""
    header = set(table.header)

    def col(names: tuple[str, ...]) -> str | None:
        return first_present(names, header)

    number_col, start_col, end_col = col(block.number), col(block.start), col(block.end)
    if number_col is None and start_col is None:
        return None
    number = _text(number_col)
    start, end = _date(table, start_col), _date(table, end_col)
    publication = _date(table, col(block.publication))
    present = number.is_not_null() | start.is_not_null() | end.is_not_null() | publication.is_not_null()
    judged = [(area, scale, c) for area, scale, names in block.judgements if (c := col(names))]
    _refuse_orphans(table, block, present, [*(c for _, _, c in judged), col(block.outcome)])
    dated = pl.coalesce([start, end])
    key = (
        pl.when(number.is_not_null()).then(number).otherwise(pl.lit("date:") + dated.dt.strftime("%Y-%m-%d"))
    )
    _fail_at(
        table,
        start_col or number_col or "",
        present & key.is_null(),
        "a date: this inspection has neither an inspection number nor a date",
    )
    types = [c for c in (col(block.type), *(n for n in block.grouping if n in header)) if c]
    default = InspectionType.UNGRADED if block.kind == BlockKind.UNGRADED else InspectionType.GRADED
    inspection_type = _inspection_type(types, default)
    framework = _framework(block, inspection_type, pl.coalesce([start, end, publication]))
    _fail_at(
        table,
        start_col or number_col or "",
        present & framework.is_null(),
        "a date: a graded inspection needs one to tell which framework it was under",
    )
    inspections = table.frame.select(
        pl.col(_ROW),
        pl.coalesce([_integer(table, col(block.urn_at_time)), school["urn"]]).alias("urn"),
        key.alias("inspection_key"),
        number.alias("inspection_number"),
        framework.alias("framework"),
        inspection_type.alias("inspection_type"),
        _text(col(block.type)).alias("type_detail"),
        start.alias("start_date"),
        end.alias("end_date"),
        publication.alias("publication_date"),
        _category(table, col(block.category)).alias("category_of_concern"),
        _text(col(block.outcome)).alias("outcome"),
        pl.coalesce([_integer(table, col(block.laestab_at_time)), school["laestab"]]).alias("laestab"),
        school["la_name"].alias("la_name"),
        pl.coalesce([_text(col(block.name_at_time)), school["school_name"]]).alias("school_name"),
        school["ofsted_phase"].alias("ofsted_phase"),
        present.alias("_present"),
    )
    grades = table.frame.select(
        pl.col(_ROW), *(_grade(table, c, area, scale).alias(area.value) for area, scale, c in judged)
    )
    judgements = _judgements(inspections, grades, [area for area, _, _ in judged])
    return _Parts(
        inspections.filter(pl.col("_present")).drop("_present"),
        judgements,
        inspections.select(_ROW, "_present"),
    )


def _framework(block: Block, inspection_type: pl.Expr, when: pl.Expr) -> pl.Expr:
    """The framework of each inspection of a block: fixed by the block, or by its type and date."""
    if block.kind == BlockKind.REPORT_CARD:
        return pl.lit(Framework.REPORT_CARD.value)
    if block.kind == BlockKind.UNGRADED:
        return pl.lit(Framework.UNGRADED.value)
    graded = _by_date(when)
    if block.kind == BlockKind.BY_TYPE:
        graded = (
            pl.when(inspection_type == InspectionType.GRADED.value)
            .then(graded)
            .otherwise(pl.lit(Framework.UNGRADED.value))
        )
    return graded


def _refuse_orphans(table: _Table, block: Block, present: pl.Expr, columns: list[str | None]) -> None:
    """A judgement or outcome with no inspection number or date cannot be placed: refuse it."""
    for column in columns:
        if column is not None:
            _fail_at(
                table,
                column,
                ~present & pl.col(column).is_not_null() & ~pl.col(column).str.to_lowercase().is_in(["9"]),
                f"allowed here: the {block.name} on this row has no inspection number or date",
            )


def _without(blocks: list[_Parts], rows: set[int]) -> list[_Parts]:
    """The blocks' inspections and judgements with the given rows left out."""
    if not rows:
        return blocks
    keep = ~pl.col(_ROW).is_in(sorted(rows))
    return [
        _Parts(b.inspections.filter(keep), b.judgements.filter(keep), b.present.filter(keep)) for b in blocks
    ]


def _judgements(inspections: pl.DataFrame, grades: pl.DataFrame, areas: list[Area]) -> pl.DataFrame:
    """One row per judgement made, long form, with the inspection's framework for the era rules."""
    if not areas:
        return pl.DataFrame(
            schema={**frames.SCHEMAS[frames.JUDGEMENTS], "framework": pl.String, _ROW: pl.Int64}
        )
    wide = inspections.select(_ROW, "urn", "inspection_key", "framework", "_present").join(grades, on=_ROW)
    return (
        wide.filter(pl.col("_present"))
        .unpivot(
            index=[_ROW, "urn", "inspection_key", "framework"],
            on=[a.value for a in areas],
            variable_name="area",
            value_name="grade",
        )
        .filter(pl.col("grade").is_not_null())
        .select("urn", "inspection_key", "area", "grade", "framework", _ROW)
    )


# ---------------------------------------------------------------------------------------------
# Putting the blocks of a file together


def _assemble(
    table: _Table, blocks: list[_Parts], notes: list[str]
) -> tuple[dict[str, pl.DataFrame], list[Skip]]:
    """Inspections and judgements of all blocks; rows with no inspection at all are skipped."""
    inspections = pl.concat([b.inspections for b in blocks], how="vertical")
    judgements = pl.concat([b.judgements for b in blocks], how="vertical")
    any_present = pl.concat([b.present for b in blocks]).group_by(_ROW).agg(pl.col("_present").any())
    skipped = [
        Skip(int(row), "no inspection recorded for this school")
        for row in any_present.filter(~pl.col("_present")).sort(_ROW)[_ROW]
    ]
    overall_2024 = (pl.col("area") == Area.OVERALL.value) & (pl.col("framework") != Framework.GRADED.value)
    dropped = judgements.filter(overall_2024).height
    if dropped:
        notes.append(
            f"{dropped} overall-effectiveness grades given for inspections from September 2024 or in "
            "another framework were left out: those frameworks have no overall grade"
        )
    judgements = judgements.filter(~overall_2024)
    no_grade = judgements.filter(pl.col("grade") == NO_GRADE).height
    if no_grade:
        notes.append(
            f"{no_grade} judgement cells held 0 or 8, codes Ofsted does not publish a meaning for, "
            "where no grade was given: read as no judgement"
        )
        judgements = judgements.filter(pl.col("grade") != NO_GRADE)
    inspections, judgements = _once(table, inspections, judgements, notes)
    return {
        frames.INSPECTIONS: inspections.drop(_ROW),
        frames.JUDGEMENTS: judgements.select(list(frames.SCHEMAS[frames.JUDGEMENTS])),
    }, skipped


def _once(
    table: _Table, inspections: pl.DataFrame, judgements: pl.DataFrame, notes: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each inspection once: a predecessor's inspection is repeated on each of its successors' rows."""
    unique = inspections.unique(subset=["urn", "inspection_key"], keep="first", maintain_order=True)
    if unique.height < inspections.height:
        notes.append(
            f"{inspections.height - unique.height} inspections appear on more than one row "
            "(a predecessor school's inspection shown for each successor): each is kept once"
        )
    judgements = judgements.unique(subset=["urn", "inspection_key", "area", "grade"], maintain_order=True)
    clash = judgements.filter(pl.struct("urn", "inspection_key", "area").is_duplicated())
    if clash.height:
        first = clash.sort(_ROW).row(-1, named=True)
        raise table.error(
            f"inspection {first['inspection_key']} of URN {first['urn']} has two different "
            f"{first['area']} judgements on different rows",
            row=int(first[_ROW]),
        )
    return unique, judgements


def _year(path: Path, given: int | None, *more: str | None) -> tuple[int | None, str]:
    """The year a file is 'as at': given, else from its name (or sheet name), else None."""
    if given is not None:
        return given, "given"
    for text in (path.name, *more):
        found = year_from_name(text) if text else None
        if found is not None:
            return found, "name"
    return None, "none"


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_AS_AT = re.compile(r"(\d{1,2})[_ -]([a-z]{3,9})[_ -](\d{4})", re.IGNORECASE)


def _as_at(inspections: pl.DataFrame, *names: str | None) -> tuple[dt.date | None, str]:
    """The date the file describes, for what it says of each school's latest inspection: the day its
    name (or sheet name) gives ("..._as_at_31_Mar_2026", "DFE_data_31_July_2018_SON"), else its latest
    inspection or publication date (a floor: the file was made on that day or later)."""
    for name in names:
        for day, month, year in _AS_AT.findall(name or ""):
            number = _MONTHS.get(month[:3].lower())
            try:
                if number is not None:
                    return dt.date(int(year), number, int(day)), "file name"
            except ValueError:
                continue
    latest = inspections.select(
        pl.max_horizontal(pl.col("start_date").max(), pl.col("publication_date").max())
    ).item()
    return (latest, "content") if latest is not None else (None, "")


def _latest_publication_year(inspections: pl.DataFrame) -> int | None:
    latest = inspections.select(pl.col("publication_date").max()).item()
    return None if latest is None else int(latest.year)


def _require_rows(table: TextTable) -> None:
    if table.frame.height == 0:
        raise table.error("the file has a header but no rows of schools", row=table.header_row + 1)


# ---------------------------------------------------------------------------------------------
# ofsted_mi


def layout_of(header: set[str]) -> Layout | None:
    """The MI layout a header is, if it is one: by its signature columns and an inspection's columns."""
    for layout in LAYOUTS:
        has_inspection = any(first_present(b.number, header) for b in layout.blocks)
        if (
            has_inspection
            and all(s in header for s in layout.signature)
            and not any(e in header for e in layout.excludes)
        ):
            return layout
    return None


def _is_mi_header(cells: list[str]) -> bool:
    return layout_of(set(cells)) is not None


class OfstedMiReader:
    """Ofsted's management information: state-funded schools' latest inspections and outcomes."""

    kind = "ofsted_mi"
    description = (
        "Ofsted management information CSV, 'State-funded schools inspections and outcomes' / "
        "'latest inspections' (all layouts to 2026): each school's latest inspections and judgements"
    )

    def sniff(self, head: Head) -> bool:
        return bool(head.lines) and _is_mi_header(head.header_cells())

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        table = _clean(load_csv(path, _is_mi_header))
        _require_rows(table)
        layout = layout_of(set(table.header))
        assert layout is not None  # load_csv found this header with the same test
        header = set(table.header)
        urn_col = first_present(SCHOOL_COLUMNS["urn"], header) or "URN"
        _fail_at(table, urn_col, pl.col(urn_col).is_null(), "a URN: every row must have one")
        school = {
            "urn": _integer(table, urn_col),
            "laestab": _integer(table, first_present(SCHOOL_COLUMNS["laestab"], header)),
            **{
                name: _text(first_present(SCHOOL_COLUMNS[name], header))
                for name in ("school_name", "ofsted_phase", "la_name")
            },
        }
        blocks = [p for b in layout.blocks if (p := _block(table, b, school)) is not None]
        # A row with a value that is not what its column holds cannot be placed: it is left out and
        # counted (the file is refused only when many are: sources.base.MAX_FAILED_SHARE).
        unplaced = table.bad_rows()
        notes = [f"layout: {layout.name} ({layout.description})"]
        tables, skipped = _assemble(table, _without(blocks, {s.row for s in unplaced}), notes)
        skipped = sorted([*unplaced, *skipped], key=lambda s: s.row)
        known = {n for b in layout.blocks for n in b.all_names()}
        known |= {n for names in SCHOOL_COLUMNS.values() for n in names}
        not_carried = [c for c in table.header if c in NOT_CARRIED]
        if not_carried:
            notes.append(f"{len(not_carried)} columns known and not carried (see docs/sources/ofsted.md)")
        found, how = _year(path, year)
        if how == "none":
            found = _latest_publication_year(tables[frames.INSPECTIONS])
            notes.append(f"year {found}: the year of the latest publication date in the file")
        as_of, as_of_source = _as_at(tables[frames.INSPECTIONS], path.name)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=found,
            as_of=as_of,
            as_of_source=as_of_source,
            tables=tables,
            rows_read=table.frame.height,
            skipped=skipped,
            unknown_columns=report_unknown(table.header, known | set(NOT_CARRIED)),
            notes=notes,
        )


# ---------------------------------------------------------------------------------------------
# ofsted_perf_tables


def _perf_header_index(rows: list[list[str]]) -> int | None:
    """The row of a sheet that is this download's header (URN, Inspection date, Overall effectiveness)."""
    for index, row in enumerate(rows):
        cells = {c.strip() for c in row}
        if all(first_present(PERF_TABLES_COLUMNS[f], cells) for f in ("urn", "start_date", "overall")):
            return index
    return None


class OfstedPerfTablesReader:
    """The DfE performance tables' Ofsted download: each school's latest overall effectiveness."""

    kind = "ofsted_perf_tables"
    description = (
        "DfE performance tables download england_ofsted-schools.xlsx: latest inspection date and "
        "overall effectiveness (1-4) per school"
    )

    def sniff(self, head: Head) -> bool:
        return any(_perf_header_index(rows) is not None for rows in head.sheets.values())

    def read(self, path: Path, year: int | None = None) -> ReadResult:
        sheet, table, ignored = _perf_sheet(path)
        _require_rows(table)
        header = set(table.header)

        def col(field: str) -> str | None:
            return first_present(PERF_TABLES_COLUMNS[field], header)

        urn_col, date_col, overall_col = col("urn"), col("start_date"), col("overall")
        assert urn_col and date_col and overall_col  # _perf_sheet found the header by them
        _fail_at(table, urn_col, pl.col(urn_col).is_null(), "a URN: every row must have one")
        _fail_at(table, date_col, pl.col(date_col).is_null(), "an inspection date: every row must have one")
        start = _date(table, date_col)
        overall = _grade(table, overall_col, Area.OVERALL, Scale.GRADE4)
        inspections = table.frame.select(
            pl.col(_ROW),
            _integer(table, urn_col).alias("urn"),
            (pl.lit("date:") + start.dt.strftime("%Y-%m-%d")).alias("inspection_key"),
            pl.lit(Framework.GRADED.value).alias("framework"),
            pl.lit(InspectionType.GRADED.value).alias("inspection_type"),
            start.alias("start_date"),
            _date(table, col("publication_date")).alias("publication_date"),
            _text(col("school_name")).alias("school_name"),
            _text(col("ofsted_phase")).alias("ofsted_phase"),
            overall.alias("grade"),
        )
        table.check()
        late = inspections.filter(pl.col("start_date") >= pl.lit(NO_OVERALL_FROM))
        if late.height:
            raise table.error(
                "an overall effectiveness grade for an inspection from September 2024, when there were none",
                row=int(late.item(0, _ROW)),
                column=overall_col,
            )
        judgements = inspections.filter(pl.col("grade").is_not_null()).select(
            "urn", "inspection_key", pl.lit(Area.OVERALL.value).alias("area"), "grade", "framework", _ROW
        )
        notes: list[str] = []
        insp, judgements = _once(table, inspections.drop("grade"), judgements, notes)
        found, how = _year(path, year, sheet)
        if how == "none":
            found = _latest_publication_year(insp)
        known = {n for names in PERF_TABLES_COLUMNS.values() for n in names} | set(PERF_TABLES_NOT_CARRIED)
        as_of, as_of_source = _as_at(insp, sheet, path.name)
        return ReadResult(
            kind=self.kind,
            path=path,
            year=found,
            as_of=as_of,
            as_of_source=as_of_source,
            tables={
                frames.INSPECTIONS: insp.drop(_ROW),
                frames.JUDGEMENTS: judgements.select(list(frames.SCHEMAS[frames.JUDGEMENTS])),
            },
            rows_read=table.frame.height,
            unknown_columns=report_unknown(table.header, known),
            notes=[*notes, f"sheet: {sheet}", *ignored_formulas_note(ignored)],
        )


def _perf_sheet(path: Path) -> tuple[str, _Table, list[str]]:
    """The workbook's sheet of inspections, as a cleaned text table with spreadsheet row numbers, and
    the columns not carried whose formulas were left alone."""
    found = [
        (name, rows, index)
        for name, rows in first_rows_of_sheets(path).items()
        if (index := _perf_header_index(rows)) is not None
    ]
    if not found:
        raise SourceError(path, "no sheet has the columns URN, Inspection date and Overall effectiveness")
    name, rows, index = found[0]
    workbook = open_workbook(path)
    try:
        sheet = workbook.load_sheet(name, header_row=None, skip_rows=index + 1, dtypes="string")
    except Exception as error:
        raise unreadable_workbook(path, error) from None
    body = pl.DataFrame(sheet.to_polars())
    names = unique_names([c.strip() for c in rows[index]])
    body = body.select(body.columns[: len(names)])
    body.columns = names[: body.width]
    frame = body.with_row_index(_ROW, offset=index + 2).with_columns(pl.col(_ROW).cast(pl.Int64))
    frame = frame.filter(~pl.all_horizontal(pl.exclude(_ROW).is_null()))
    table = TextTable(path, frame, names[: body.width], index + 1)
    carried = {name for names in PERF_TABLES_COLUMNS.values() for name in names}
    ignored = refuse_hostile_cells(table, stored=carried)
    return name, _clean(table), ignored


READERS = [OfstedPerfTablesReader(), OfstedMiReader()]
