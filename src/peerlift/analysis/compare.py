"""Comparison tables: an LA against its statistical neighbours, its region and England, year by year.

This is the table in an LA's annual picture (seed 004: ``Year | Coventry | Statistical neighbours |
England``) with what the DfE's Local Authority Interactive Tool (LAIT) adds beside it: the LA's rank
among all LAs, its quartile band A-D, the change on last year and the trend. The rules follow LAIT's
own code (dfe-analytical-services/local-authority-interactive-tool, ``R/fn_analysis.R`` and the LA
and statistical-neighbour page modules); docs/analysis.md states them with their source.

Everything is computed for every LA, measure and year at once on whole frames (a national table is
one call), then filtered: an LA's table is a slice of the national one, so both always agree.

A year is never fabricated. Every year from a measure's first to its last published year has a row;
where the LA has no figure the row says why (2020 and 2021 had no KS2 tests), and every figure in
that row that would need the LA's own value (rank, band, change) is null.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import polars as pl

from peerlift.analysis import series_breaks
from peerlift.domain.areas import AreaType
from peerlift.domain.measures import Polarity, info
from peerlift.domain.missing import Missing

LONDON = "E12000007"
LONDON_PARTS = frozenset({"E13000001", "E13000002"})  # Inner and Outer London

# Years in which an assessment did not take place, so nothing was published for any area. The
# pattern is matched against the measure's name and its source code (LAIT's Short Desc).
NO_ASSESSMENT: list[tuple[re.Pattern[str], frozenset[int], str]] = [
    (
        re.compile(r"(?i)^(ks2|dap_new_ks2|nondap_new_ks2|fsm_new_ks2|nonfsm_new_ks2)"),
        frozenset({2020, 2021}),
        "not published: no KS2 tests took place in 2020 and 2021 (COVID-19)",
    ),
    (
        re.compile(r"(?i)(prog8|progress8)"),
        frozenset({2020, 2021}),
        "not published: no Progress 8 for 2020 and 2021, when exams were cancelled (COVID-19)",
    ),
    (
        re.compile(r"(?i)^(ks1|phonics)"),
        frozenset({2020, 2021}),
        "not published: no KS1 assessments or phonics check results were collected in 2020 and 2021",
    ),
]

_MISSING_WORDS: dict[str, str] = {
    Missing.DASH.value: "not published ('-' in the source)",
    Missing.NOT_AVAILABLE.value: "not available ('x' in the source)",
    Missing.CONFIDENTIAL.value: "suppressed to protect individuals ('c' in the source)",
    Missing.SUPPRESSED.value: "suppressed to protect individuals",
    Missing.NOT_PUBLISHED.value: "not published",
    Missing.NOT_APPLICABLE.value: "not applicable",
    Missing.NOT_APPLICABLE_EES.value: "not applicable ('z' in the source)",
    Missing.LOW.value: "rounds to zero but is not zero",
    Missing.UNKNOWN_EES.value: "low reliability ('u' in the source)",
    Missing.BLANK.value: "blank in the source",
    Missing.NO_TESTS.value: "not published: the assessment did not take place",
    Missing.UNREADABLE.value: "the source's cell was not a figure peerlift could read",
}
NOT_IN_SOURCE = "no figure for this LA and year in the files loaded"

# The columns of a comparison table, in order; the first eight are the documented CLI row keys.
COLUMNS = [
    "year",
    "la",
    "neighbours_mean",
    "neighbours_count",
    "region",
    "england",
    "rank",
    "quartile_band",
    "change",
    "trend",
    "missing_neighbours",
    "note",
    "la_code",
    "la_name",
    "measure",
    "la_missing",
    "neighbours_expected",
    "region_code",
    "ranked_of",
    "series_note",
]


def polarity_of(measure: str, polarities: Mapping[str, str]) -> Polarity:
    """A measure's polarity from the loaded definitions, else from peerlift's own measure list."""
    stored = polarities.get(measure)
    return Polarity(stored) if stored else info(measure).polarity


def not_assessed(measure: str, source_code: str | None, year: int) -> str | None:
    """Why no area has a figure for this measure and year, when the assessment did not happen."""
    for pattern, years, reason in NO_ASSESSMENT:
        if year in years and (pattern.search(measure) or (source_code and pattern.search(source_code))):
            return reason
    return None


def compare(
    measures: pl.DataFrame,
    neighbours: pl.DataFrame,
    authorities: pl.DataFrame,
    polarities: Mapping[str, str],
    las: Iterable[int] | None = None,
) -> pl.DataFrame:
    """The comparison table for every LA (or those in ``las``), measure and year in ``measures``.

    ``measures`` has the columns of frames.AREA_MEASURES (LAs, regions and England); ``neighbours``
    those of frames.NEIGHBOURS for ONE set; ``authorities`` those of frames.LOCAL_AUTHORITIES (for
    each LA's region and name); ``polarities`` maps measure -> domain.measures.Polarity value.
    Returns one row per LA, measure and year with the columns of COLUMNS.
    """
    values = _la_values(measures)
    grid = _grid(measures, values, authorities)
    pol = _polarity_frame(measures, polarities)
    ranked = _ranks(values, pol)
    national = (
        grid.join(values, on=["la_code", "measure", "year"], how="left")
        .join(pol, on="measure", how="left")
        .join(ranked, on=["la_code", "measure", "year"], how="left")
        .join(_quartiles(values), on=["measure", "year"], how="left")
        .join(_ranked_counts(values), on=["measure", "year"], how="left")
    )
    if las is not None:
        chosen = list(las)
        national = national.filter(pl.col("la_code").is_in(chosen))
        neighbours = neighbours.filter(pl.col("la_code").is_in(chosen))
    national = (
        national.join(
            _neighbour_means(grid, values, neighbours), on=["la_code", "measure", "year"], how="left"
        )
        .join(_expected_neighbours(neighbours), on="la_code", how="left")
        .join(_regions(measures, authorities), on=["la_code", "measure", "year"], how="left")
        .join(_england(measures), on=["measure", "year"], how="left")
    )
    return _finish(national)


def _la_values(measures: pl.DataFrame) -> pl.DataFrame:
    return measures.filter(pl.col("area_type") == AreaType.LA.value).select(
        pl.col("area_code").cast(pl.Int32).alias("la_code"),
        "measure",
        "year",
        pl.col("value").alias("la"),
        pl.col("missing").alias("la_missing"),
        pl.col("source_column"),
    )


def _grid(measures: pl.DataFrame, values: pl.DataFrame, authorities: pl.DataFrame) -> pl.DataFrame:
    """Every LA x measure x year from the measure's first to its last year: gaps become rows."""
    spans = (
        measures.group_by("measure")
        .agg(pl.col("year").min().alias("first"), pl.col("year").max().alias("last"))
        .select("measure", pl.int_ranges("first", pl.col("last") + 1, dtype=pl.Int32).alias("year"))
        .explode("year")
    )
    names = authorities.select("la_code", pl.col("name").alias("la_name"))
    seen = values.select("la_code").unique()
    las = pl.concat([names.select("la_code"), seen]).unique().join(names, on="la_code", how="left")
    return las.join(spans, how="cross")


def _polarity_frame(measures: pl.DataFrame, polarities: Mapping[str, str]) -> pl.DataFrame:
    names = measures.get_column("measure").unique().to_list()
    return pl.DataFrame(
        {"measure": names, "polarity": [polarity_of(m, polarities).value for m in names]},
        schema={"measure": pl.String, "polarity": pl.String},
    )


def _ranks(values: pl.DataFrame, pol: pl.DataFrame) -> pl.DataFrame:
    """LAIT's rank: 1 = best among LAs with a figure, ties share the lowest rank; none if neutral."""
    key = (
        pl.when(pl.col("polarity") == Polarity.HIGHER_BETTER.value)
        .then(-pl.col("la"))
        .when(pl.col("polarity") == Polarity.LOWER_BETTER.value)
        .then(pl.col("la"))
    )
    return (
        values.join(pol, on="measure", how="left")
        .with_columns(key.rank("min").over("measure", "year").cast(pl.Int32).alias("rank"))
        .select("la_code", "measure", "year", "rank")
    )


def _ranked_counts(values: pl.DataFrame) -> pl.DataFrame:
    return values.group_by("measure", "year").agg(pl.col("la").count().cast(pl.Int32).alias("ranked_of"))


def _quartiles(values: pl.DataFrame) -> pl.DataFrame:
    """The quartile cut points over all LAs' figures (R's default quantile: linear interpolation)."""
    return values.group_by("measure", "year").agg(
        pl.col("la").quantile(q, interpolation="linear").alias(name)
        for q, name in ((0.25, "_q1"), (0.5, "_q2"), (0.75, "_q3"))
    )


def _band() -> pl.Expr:
    """LAIT's band: [min, Q1] / (Q1, Q2] / (Q2, Q3] / (Q3, max]; A is the best quarter by polarity."""
    quarter = (
        pl.when(pl.col("la") <= pl.col("_q1"))
        .then(1)
        .when(pl.col("la") <= pl.col("_q2"))
        .then(2)
        .when(pl.col("la") <= pl.col("_q3"))
        .then(3)
        .when(pl.col("la").is_not_null())
        .then(4)
    )
    low_first = quarter.replace_strict({1: "A", 2: "B", 3: "C", 4: "D"}, default=None, return_dtype=pl.String)
    high_first = quarter.replace_strict(
        {1: "D", 2: "C", 3: "B", 4: "A"}, default=None, return_dtype=pl.String
    )
    return (
        pl.when(pl.col("polarity") == Polarity.HIGHER_BETTER.value)
        .then(high_first)
        .when(pl.col("polarity") == Polarity.LOWER_BETTER.value)
        .then(low_first)
        .alias("quartile_band")
    )


def _neighbour_means(grid: pl.DataFrame, values: pl.DataFrame, neighbours: pl.DataFrame) -> pl.DataFrame:
    """Mean of the neighbours that have a figure (LAIT: mean with missing values left out), how many
    were averaged, and which neighbours had no figure that year.

    Built from two joins (neighbours with a figure, neighbours without one) rather than one join of
    every neighbour with every year, which is several times slower for a national table.
    """
    members = neighbours.select("la_code", pl.col("neighbour_code").cast(pl.Int32))
    key = ["la_code", "measure", "year"]
    have = values.filter(pl.col("la").is_not_null()).select(
        pl.col("la_code").alias("neighbour_code"), "measure", "year", "la"
    )
    means = (
        members.join(have, on="neighbour_code")
        .group_by(key)
        .agg(
            pl.col("la").mean().alias("neighbours_mean"),
            pl.col("la").count().cast(pl.Int32).alias("neighbours_count"),
        )
    )
    lacking = grid.select(key).join(have.rename({"neighbour_code": "la_code"}), on=key, how="anti")
    missing = (
        lacking.select(pl.col("la_code").alias("neighbour_code"), "measure", "year")
        .join(members, on="neighbour_code")
        .group_by(key)
        .agg(pl.col("neighbour_code").sort().alias("missing_neighbours"))
    )
    return means.join(missing, on=key, how="full", coalesce=True)


def _expected_neighbours(neighbours: pl.DataFrame) -> pl.DataFrame:
    return neighbours.group_by("la_code").agg(pl.len().cast(pl.Int32).alias("neighbours_expected"))


def _regions(measures: pl.DataFrame, authorities: pl.DataFrame) -> pl.DataFrame:
    """Each LA's region figure. London boroughs take Inner or Outer London where the measure is
    published for it, else London (LAIT's clean_ldn_region)."""
    regional = measures.filter(pl.col("area_type") == AreaType.REGION.value).select(
        pl.col("area_code").alias("region_code"), "measure", "year", pl.col("value").alias("region")
    )
    published = regional.filter(pl.col("region").is_not_null()).select("region_code", "measure").unique()
    home = authorities.select("la_code", pl.col("region_code").alias("home")).filter(
        pl.col("home").is_not_null()
    )
    per_measure = home.join(published.select("measure").unique(), how="cross").join(
        published.with_columns(pl.lit(True).alias("_has")),
        left_on=["home", "measure"],
        right_on=["region_code", "measure"],
        how="left",
    )
    chosen = per_measure.select(
        "la_code",
        "measure",
        pl.when(pl.col("home").is_in(list(LONDON_PARTS)) & pl.col("_has").is_null())
        .then(pl.lit(LONDON))
        .otherwise(pl.col("home"))
        .alias("region_code"),
    )
    return chosen.join(regional, on=["region_code", "measure"], how="inner").select(
        "la_code", "measure", "year", "region", "region_code"
    )


def _england(measures: pl.DataFrame) -> pl.DataFrame:
    return measures.filter(pl.col("area_type") == AreaType.ENGLAND.value).select(
        "measure", "year", pl.col("value").alias("england")
    )


def _earlier(years: int) -> pl.Expr:
    """The LA's figure ``years`` years before, in a frame sorted by LA, measure and year with every
    year present (the grid): a plain shift, masked where it crosses into another LA or measure."""
    same = (pl.col("la_code") == pl.col("la_code").shift(years)) & (
        pl.col("measure") == pl.col("measure").shift(years)
    )
    return pl.when(same).then(pl.col("la").shift(years))


def _trend() -> pl.Expr:
    """Direction over the last three years (this year and the two before, all published):
    a rise both years, a fall both years, no change, or mixed; named by the measure's polarity."""
    step1 = pl.col("_before") - pl.col("_before2")
    step2 = pl.col("change")
    rising = (step1 > 0) & (step2 > 0)
    falling = (step1 < 0) & (step2 < 0)
    flat = (step1 == 0) & (step2 == 0)
    higher = pl.col("polarity") == Polarity.HIGHER_BETTER.value
    lower = pl.col("polarity") == Polarity.LOWER_BETTER.value
    up = (
        pl.when(higher)
        .then(pl.lit("improving"))
        .when(lower)
        .then(pl.lit("declining"))
        .otherwise(pl.lit("rising"))
    )
    down = (
        pl.when(higher)
        .then(pl.lit("declining"))
        .when(lower)
        .then(pl.lit("improving"))
        .otherwise(pl.lit("falling"))
    )
    return (
        pl.when(step1.is_null() | step2.is_null())
        .then(None)
        .when(rising)
        .then(up)
        .when(falling)
        .then(down)
        .when(flat)
        .then(pl.lit("no change"))
        .otherwise(pl.lit("mixed"))
        .alias("trend")
    )


def _note() -> pl.Expr:
    """Why the LA has no figure: the assessment did not happen, the source's marker, or no row."""
    words = pl.col("la_missing").replace_strict(
        _MISSING_WORDS, default=pl.col("la_missing"), return_dtype=pl.String
    )
    return (
        pl.when(pl.col("la").is_not_null())
        .then(None)
        .when(pl.col("_no_assessment").is_not_null())
        .then(pl.col("_no_assessment"))
        .when(pl.col("la_missing").is_not_null())
        .then(words)
        .otherwise(pl.lit(NOT_IN_SOURCE))
        .alias("note")
    )


def _no_assessment_reasons(table: pl.DataFrame) -> pl.DataFrame:
    """The NO_ASSESSMENT reason for each distinct measure and year (a few thousand, not per row)."""
    source = table.group_by("measure").agg(pl.col("source_column").drop_nulls().first())
    pairs = table.select("measure", "year").unique().join(source, on="measure", how="left")
    reasons = [
        not_assessed(m, s, y) for m, y, s in pairs.select("measure", "year", "source_column").iter_rows()
    ]
    return pairs.select("measure", "year").with_columns(pl.Series("_no_assessment", reasons, dtype=pl.String))


def _series_breaks(table: pl.DataFrame) -> pl.DataFrame:
    """Per measure and year: whether its figure joins the year before's (analysis.series_breaks), and
    whether that year joined the one before it, and the break's note for the year."""
    source = table.group_by("measure").agg(pl.col("source_column").drop_nulls().first())
    pairs = table.select("measure", "year").unique().join(source, on="measure", how="left")
    rows = [
        (
            m,
            y,
            series_breaks.joins(m, s, y - 1, y),
            series_breaks.joins(m, s, y - 2, y - 1),
            series_breaks.note(m, s, y),
        )
        for m, y, s in pairs.select("measure", "year", "source_column").iter_rows()
    ]
    schema = {
        "measure": pl.String,
        "year": pl.Int64,
        "_joins": pl.Boolean,
        "_joined": pl.Boolean,
        "series_note": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").with_columns(
        pl.col("year").cast(table.schema["year"])
    )


def _finish(table: pl.DataFrame) -> pl.DataFrame:
    table = table.join(_no_assessment_reasons(table), on=["measure", "year"], how="left").join(
        _series_breaks(table), on=["measure", "year"], how="left"
    )
    # a change or trend never joins figures across a break in the series (CAG/TAG years, new grading)
    return (
        table.sort("la_code", "measure", "year")
        .with_columns(
            pl.when(pl.col("_joins")).then(_earlier(1)).alias("_before"),
            pl.when(pl.col("_joins") & pl.col("_joined")).then(_earlier(2)).alias("_before2"),
        )
        .with_columns((pl.col("la") - pl.col("_before")).alias("change"))
        .with_columns(
            _trend(),
            _note(),
            _band(),
            pl.col("neighbours_count").fill_null(0),
            pl.col("neighbours_expected").fill_null(0),
            pl.col("missing_neighbours").fill_null([]),
        )
        .select(COLUMNS)
    )


def table_rows(table: pl.DataFrame, neighbour_set: str | None = None) -> list[dict[str, object]]:
    """Rows for JSON and CSV: the documented keys first, numbers as numbers, no figure = None."""
    rounded = table.with_columns(
        pl.col("neighbours_mean").round(6), pl.col("change").round(6), pl.col("la").round(6)
    )
    rows = rounded.to_dicts()
    if neighbour_set is not None:
        for row in rows:
            row["neighbour_set"] = neighbour_set
    return rows


# ---------------------------------------------------------------------------------------------
# Any comparator: a region, a computed list or an officer's own set, compared like a neighbour set


def members_frame(la: int, members: Iterable[int], set_name: str) -> pl.DataFrame:
    """One LA's comparator LAs as a frames.NEIGHBOURS frame, so that ``compare`` averages any list (a
    region, a computed set, an officer's own set) exactly as it averages official neighbours."""
    codes = [int(m) for m in dict.fromkeys(members) if int(m) != la]
    return pl.DataFrame(
        {
            "set_name": [set_name] * len(codes),
            "la_code": [la] * len(codes),
            "position": list(range(1, len(codes) + 1)),
            "neighbour_code": codes,
            "band": [None] * len(codes),
        },
        schema={
            "set_name": pl.String,
            "la_code": pl.Int32,
            "position": pl.Int32,
            "neighbour_code": pl.Int32,
            "band": pl.String,
        },
    )


def region_members(authorities: pl.DataFrame, la: int) -> tuple[str | None, list[int]]:
    """The LA's region's name and its other LAs; Inner and Outer London count as London, as LAIT's
    regional figure does where a measure has no Inner/Outer split."""

    def home(code: str | None) -> str | None:
        return LONDON if code in LONDON_PARTS else code

    rows = authorities.select("la_code", "region_code", "region").to_dicts()
    own = next((r for r in rows if r["la_code"] == la), None)
    if own is None or own["region_code"] is None:
        return None, []
    region = home(own["region_code"])
    name = "London" if region == LONDON else own["region"]
    return name, sorted(r["la_code"] for r in rows if home(r["region_code"]) == region and r["la_code"] != la)


def ranking(national: pl.DataFrame, year: int) -> pl.DataFrame:
    """Every LA in a national comparison table (``compare`` with every LA) for one year: its figure,
    rank and quartile band, best first; LAs with no figure follow, with the reason."""
    return (
        national.filter(pl.col("year") == year)
        .select("la_code", "la_name", "la", "rank", "quartile_band", "change", "note")
        .sort(pl.col("rank").is_null(), "rank", "la_name", nulls_last=True)
    )


def latest_year(table: pl.DataFrame) -> int | None:
    """The latest year in which the LA (the table's LA rows) has a figure."""
    found = table.filter(pl.col("la").is_not_null())
    return int(found.get_column("year").max()) if not found.is_empty() else None  # type: ignore[arg-type]
