"""Ofsted outcomes: the performance tables' yearly workbook and the 2026 management information CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from peerlift.demo import layouts
from peerlift.demo.areas import REGIONS
from peerlift.demo.inspections import HISTORY_ENDS
from peerlift.demo.kinds import KINDS
from peerlift.demo.register import Register
from peerlift.demo.writers import OFSTED_MI_STYLE, Sheet, day_month_year, write_csv, write_xlsx

c = pl.col
NULL = "NULL"
TABLES_YEARS = tuple(range(2016, 2025))
REPORT_URL = '=IF(A{row}<> "", HYPERLINK(CONCATENATE("http://www.ofsted.gov.uk/oxedu_providers/full/(urn)/",A{row}),"Report"),"")'
WEB_LINK = "http://www.ofsted.gov.uk/inspection-reports/find-inspection-report/provider/ELS/"


def _by_kind(attribute: str) -> pl.Expr:
    return c("kind").replace_strict(
        {k: str(getattr(v, attribute)) for k, v in KINDS.items()}, return_dtype=pl.String
    )


def tables_workbook(folder: Path, register: Register, inspections: pl.DataFrame, year: int) -> Path:
    """Latest graded inspection of each open school as at 31 July ``year`` (the DfE's download)."""
    as_at = dt.date(year, 7, 31)
    open_urns = register.schools.filter(
        (c("open_date").is_null() | (c("open_date") <= as_at))
        & (c("close_date").is_null() | (c("close_date") > as_at))
    ).select("urn", "name", "kind")
    latest = (
        inspections.filter((c("framework") == "graded") & (c("publication") <= as_at))
        .sort("date")
        .group_by("urn")
        .last()
        .select("urn", "date", "publication", "grade")
    )
    rows = open_urns.join(latest, on="urn").sort("urn").with_columns(phase=_by_kind("tables_phase"))
    body: list[list[object]] = [list(layouts.OFSTED_XLSX_COLUMNS)]
    for index, (urn, name, phase, date, publication, grade) in enumerate(
        rows.select("urn", "name", "phase", "date", "publication", "grade").iter_rows(), start=2
    ):
        body.append([urn, name, phase, date, publication, grade, REPORT_URL.format(row=index)])
    sheet = Sheet(f"DFE_data_31_July_{year}_SON", body, frozenset({3, 4}), formula_column=6)
    return write_xlsx(folder / f"ofsted_schools_{year}.xlsx", [sheet])


def _latest(inspections: pl.DataFrame, frameworks: list[str], prefix: str) -> pl.DataFrame:
    """The latest inspection in ``frameworks`` of each site, with its columns prefixed."""
    chosen = inspections.filter(c("framework").is_in(frameworks) & (c("publication") <= HISTORY_ENDS))
    latest = chosen.sort("date").group_by("register_site").last()
    return latest.rename({name: f"{prefix}{name}" for name in latest.columns if name != "register_site"})


def mi_frame(register: Register, inspections: pl.DataFrame) -> pl.DataFrame:
    """The Ofsted MI 'latest inspections' file in the report-card layout (85 columns)."""
    las = {la.code: la for la in register.las}
    schools = register.schools.filter(c("status") == "Open").filter(_by_kind("ofsted_type") != "")
    rc = _latest(inspections, ["report_card"], "rc_")
    oeif = _latest(inspections, ["graded", "graded_2024"], "oe_")
    ug = _latest(inspections, ["ungraded"], "ug_")
    frame = (
        schools.rename({"site": "register_site"})
        .join(rc, on="register_site", how="left")
        .join(oeif, on="register_site", how="left")
        .join(ug, on="register_site", how="left")
        .filter(c("rc_date").is_not_null() | c("oe_date").is_not_null() | c("ug_date").is_not_null())
        .sort("urn")
    )
    laestab = (c("la_code") * 10_000 + c("estab")).cast(pl.String)
    region = {k: REGIONS[v.region].name for k, v in las.items()}
    columns: dict[str, pl.Expr] = {
        "Web Link (opens in new window)": pl.lit(WEB_LINK) + c("urn").cast(pl.String),
        "URN": c("urn").cast(pl.String),
        "LAESTAB": laestab,
        "School name": c("name"),
        "Ofsted phase": _by_kind("ofsted_phase"),
        "Type of education": _by_kind("ofsted_type"),
        "School open date": pl.when(c("predecessor").is_not_null() | c("kind").str.ends_with("_free"))
        .then(day_month_year(c("open_date"), "/"))
        .otherwise(pl.lit(NULL)),
        "Admissions policy": pl.when(_by_kind("phase_code") == "4")
        .then(pl.lit("Non-selective"))
        .otherwise(pl.lit("Not applicable")),
        "Sixth form": pl.when(_by_kind("high_age").cast(pl.Int64) >= 18)
        .then(pl.lit("Has a sixth form"))
        .when(_by_kind("phase_code").is_in(["2", "4"]))
        .then(pl.lit("Does not have a sixth form"))
        .otherwise(pl.lit("Not applicable")),
        "Designated religious character": c("religious"),
        "Religious ethos": pl.lit("Does not apply"),
        "Faith grouping": pl.when(c("religious") == "Does not apply")
        .then(pl.lit("Non-faith"))
        .otherwise(pl.lit("Christian")),
        "Ofsted region": c("la_code").replace_strict(region, return_dtype=pl.String),
        "Region": c("la_code").replace_strict(region, return_dtype=pl.String),
        "Local authority": c("la_code").replace_strict(
            {k: v.name for k, v in las.items()}, return_dtype=pl.String
        ),
        "Parliamentary constituency": c("la_code").replace_strict(
            {k: f"{v.name} Central" for k, v in las.items()}, return_dtype=pl.String
        ),
        "Postcode": c("postcode"),
        "Multi-academy trust UID": pl.when(c("trust_code") != "")
        .then(c("trust_code"))
        .otherwise(pl.lit(NULL)),
        "Multi-academy trust name": pl.when(c("trust_name") != "")
        .then(c("trust_name"))
        .otherwise(pl.lit(NULL)),
        "Academy sponsor UID": pl.lit(NULL),
        "Academy sponsor name": pl.lit(NULL),
        "The income deprivation affecting children index (IDACI) quintile": c("idaci").cast(pl.String),
        "Total number of pupils": c("pupils").cast(pl.String),
        "Statutory lowest age": _by_kind("low_age"),
        "Statutory highest age": _by_kind("high_age"),
    }
    columns |= _report_card_block()
    columns |= _oeif_block()
    columns |= _ungraded_block()
    columns["Most recent category of concern"] = (
        pl.when(c("rc_date").is_null() & c("oe_date").is_null())
        .then(pl.lit(NULL))
        .when(c("rc_date").is_not_null())
        .then(c("rc_category"))
        .otherwise(c("oe_category"))
    )
    header = layouts.header(layouts.OFSTED_MI_2026)
    return frame.select([columns[name].cast(pl.String).alias(name) for name in header])


def _block(present: pl.Expr, fields: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    """Columns of one block: NULL where the school has no such inspection."""
    return {name: pl.when(present).then(expr).otherwise(pl.lit(NULL)) for name, expr in fields.items()}


def _identity(prefix: str, words: tuple[str, str, str, str, str]) -> dict[str, pl.Expr]:
    """'Does the ... relate to the URN of the current school?' and the URN/LAESTAB/name/type at the time."""
    same = c(f"{prefix}urn") == c("urn")
    return {
        words[0]: pl.when(same).then(pl.lit("Yes")).otherwise(pl.lit("No")),
        words[1]: c(f"{prefix}urn").cast(pl.String),
        words[2]: (c(f"{prefix}la_code") * 10_000 + c(f"{prefix}estab")).cast(pl.String),
        words[3]: c(f"{prefix}name"),
        words[4]: c(f"{prefix}kind").replace_strict(
            {k: v.ofsted_type for k, v in KINDS.items()}, return_dtype=pl.String
        ),
    }


def _report_card_block() -> dict[str, pl.Expr]:
    p = "rc_"
    date = day_month_year(c(f"{p}date"), "/")
    areas = {
        "Inclusion": "rc_inclusion",
        "Curriculum and teaching": "rc_curriculum",
        "Achievement": "rc_achievement",
        "Attendance and behaviour": "rc_attendance",
        "Personal development and wellbeing": "rc_personal",
        "Early years": "rc_early_years",
        "Post-16 provision": "rc_post16",
        "Leadership and governance": "rc_leadership",
    }
    fields: dict[str, pl.Expr] = {
        "Inspection number of latest full inspection": c(f"{p}number").cast(pl.String),
        "Inspection type": c(f"{p}type_detail"),
        "Inspection type grouping": c(f"{p}type_detail"),
        "Event type grouping": pl.lit("Schools - S5"),
        "Inspection start date": date,
        "Publication date": day_month_year(c(f"{p}publication"), "/"),
        **_identity(
            p,
            (
                "Does the latest full inspection relate to the URN of the current school?",
                "URN at time of latest full inspection",
                "LAESTAB at time of latest full inspection",
                "School name at time of latest full inspection",
                "School type at time of latest full inspection",
            ),
        ),
        "Category of concern": c(f"{p}category"),
        "Safeguarding standards": pl.when(c(f"{p}safeguarding") == "Yes")
        .then(pl.lit("Met"))
        .otherwise(pl.lit("Not met")),
        "Safeguarding standards - date of grade": date,
    }
    no_early_years = ~_by_kind("low_age").cast(pl.Int64).is_in([2, 3, 4])
    no_post16 = _by_kind("high_age").cast(pl.Int64) < 18
    for label, column in areas.items():
        value = c(f"{p}{column}")
        if label == "Early years":
            value = pl.when(no_early_years).then(pl.lit("Not applicable")).otherwise(value)
            label = "Early years (where applicable)"
        elif label == "Post-16 provision":
            value = pl.when(no_post16).then(pl.lit("Not applicable")).otherwise(value)
            label = "Post-16 provision (where applicable)"
        fields[label] = value
        fields[f"{label.replace(' (where applicable)', '')} - date of grade"] = date
    return _block(c(f"{p}date").is_not_null(), fields)


def _oeif_block() -> dict[str, pl.Expr]:
    p = "oe_"
    suffix = " of latest OEIF graded inspection"
    no_early_years = ~_by_kind("low_age").cast(pl.Int64).is_in([2, 3, 4])
    no_sixth = _by_kind("high_age").cast(pl.Int64) < 18
    fields: dict[str, pl.Expr] = {
        f"Inspection number{suffix}": c(f"{p}number").cast(pl.String),
        f"Inspection type{suffix}": c(f"{p}type_detail"),
        f"Inspection type grouping{suffix}": c(f"{p}type_detail"),
        f"Event type grouping{suffix}": pl.lit("Schools - S5"),
        f"Inspection start date{suffix}": day_month_year(c(f"{p}date"), "/"),
        f"Publication date{suffix}": day_month_year(c(f"{p}publication"), "/"),
        **_identity(
            p,
            (
                "Does the latest OEIF graded inspection relate to the URN of the current school?",
                "URN at time of latest OEIF graded inspection",
                "LAESTAB at time of latest OEIF graded inspection",
                "School name at time of latest OEIF graded inspection",
                "School type at time of latest OEIF graded inspection",
            ),
        ),
        "Latest OEIF category of concern": c(f"{p}category"),
        "Latest OEIF overall effectiveness": pl.when(c(f"{p}framework") == "graded_2024")
        .then(pl.lit("Not judged"))
        .otherwise(c(f"{p}grade").cast(pl.String)),
        "Latest OEIF quality of education": c(f"{p}oeif_qoe"),
        "Latest OEIF behaviour and attitudes": c(f"{p}oeif_behaviour"),
        "Latest OEIF personal development": c(f"{p}oeif_personal_dev"),
        "Latest OEIF effectiveness of leadership and management": c(f"{p}oeif_leadership_mgmt"),
        "Latest OEIF  safeguarding is effective?": c(f"{p}safeguarding"),
        "Latest OEIF early years provision (where applicable)": pl.when(no_early_years)
        .then(pl.lit("9"))
        .otherwise(c(f"{p}oeif_early_years_oeif")),
        "Latest OEIF sixth form provision (where applicable)": pl.when(no_sixth)
        .then(pl.lit("9"))
        .otherwise(c(f"{p}oeif_sixth_form")),
    }
    return _block(c(f"{p}date").is_not_null(), fields)


def _ungraded_block() -> dict[str, pl.Expr]:
    p = "ug_"
    fields: dict[str, pl.Expr] = {
        "Latest ungraded inspection number": c(f"{p}number").cast(pl.String),
        "Date of latest ungraded inspection": day_month_year(c(f"{p}date"), "/"),
        "Ungraded inspection publication date": day_month_year(c(f"{p}publication"), "/"),
        **_identity(
            p,
            (
                "Does the ungraded inspection relate to the URN of the current school?",
                "URN at time of the ungraded inspection",
                "LAESTAB at time of the ungraded inspection",
                "School name at time of the ungraded inspection",
                "School type at time of the ungraded inspection",
            ),
        ),
        "Ungraded inspection overall outcome": c(f"{p}outcome"),
    }
    return _block(c(f"{p}date").is_not_null(), fields)


def mi_file_name() -> str:
    """Ofsted's own naming: 'Management_information_-_..._as_at_31_Mar_2026.csv'."""
    stem = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_"
    return f"{stem}{HISTORY_ENDS:%d_%b_%Y}.csv"


def write(
    folder: Path, register: Register, inspections: pl.DataFrame, tables_years: tuple[int, ...]
) -> list[Path]:
    written = [tables_workbook(folder, register, inspections, year) for year in tables_years]
    written.append(write_csv(folder / mi_file_name(), mi_frame(register, inspections), OFSTED_MI_STYLE))
    return written
