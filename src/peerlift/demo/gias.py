"""The GIAS establishment extract (133 columns), its links file, and (Demo City only) the groups and
group links files of its trusts, as GIAS writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from peerlift.demo import layouts, names
from peerlift.demo.areas import REGIONS
from peerlift.demo.kinds import KINDS
from peerlift.demo.register import AS_AT, Register
from peerlift.demo.writers import GIAS_LINKS_STYLE, GIAS_STYLE, day_month_year, write_csv

c = pl.col
# Columns the real extract writes as bare numbers; every other column is quoted text.
NUMERIC = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN", "Easting", "Northing"}
NUMERIC |= {"SENStat", "SENNoStat", "SenUnitOnRoll", "SenUnitCapacity", "ResourcedProvisionOnRoll"}
NUMERIC |= {"ResourcedProvisionCapacity"}

REASON_OPENED = {
    "Not applicable": "00",
    "Result of Amalgamation": "01",
    "New Provision": "03",
    "Academy Converter": "10",
    "Academy Free School": "11",
}
REASON_CLOSED = {
    "Not applicable": "00",
    "Result of Amalgamation/Merger": "01",
    "Closure": "02",
    "Academy Converter": "10",
    "For Academy": "11",
}
RELIGION = {"Does not apply": "00", "Church of England": "02", "Roman Catholic": "03"}
GRADE_WORDS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}


def _by_kind(attribute: str) -> pl.Expr:
    return c("kind").replace_strict(
        {k: str(getattr(v, attribute)) for k, v in KINDS.items()}, return_dtype=pl.String
    )


def _pair(name: str, code: pl.Expr, label: pl.Expr) -> dict[str, pl.Expr]:
    return {f"{name} (code)": code, f"{name} (name)": label}


def extract_frame(register: Register, inspections: pl.DataFrame) -> pl.DataFrame:
    """One row per establishment, every column of the national extract."""
    las = {la.code: la for la in register.las}
    latest = _latest_inspections(inspections)
    s = register.schools.join(latest, on="urn", how="left")
    region = {la.code: REGIONS[la.region] for la in register.las}
    is_open = c("status") == "Open"
    high = _by_kind("high_age").cast(pl.Int64)
    sixth = (
        pl.when(_by_kind("phase_code").is_in(["4", "7"]) & (high >= 18))
        .then(pl.lit("1|Has a sixth form"))
        .when(_by_kind("phase_code").is_in(["2", "4"]))
        .then(pl.lit("2|Does not have a sixth form"))
        .otherwise(pl.lit("0|Not applicable"))
    )
    academy = _by_kind("academy") == "True"
    pupils = pl.when(is_open).then(c("pupils").cast(pl.String)).otherwise(pl.lit(""))
    girls = (c("pupils") * 0.49).round(0).cast(pl.Int64)
    columns: dict[str, pl.Expr] = {
        "URN": c("urn"),
        "LA (code)": c("la_code").cast(pl.String),
        "LA (name)": c("la_code").replace_strict({k: v.name for k, v in las.items()}, return_dtype=pl.String),
        "EstablishmentNumber": c("estab").cast(pl.String),
        "EstablishmentName": c("name"),
        **_pair("TypeOfEstablishment", _by_kind("type_code"), _by_kind("type_name")),
        **_pair("EstablishmentTypeGroup", _by_kind("group_code"), _by_kind("group_name")),
        **_pair(
            "EstablishmentStatus", pl.when(is_open).then(pl.lit("1")).otherwise(pl.lit("2")), c("status")
        ),
        **_pair(
            "ReasonEstablishmentOpened",
            c("reason_open").replace_strict(REASON_OPENED, return_dtype=pl.String),
            c("reason_open"),
        ),
        "OpenDate": day_month_year(c("open_date")).fill_null(""),
        **_pair(
            "ReasonEstablishmentClosed",
            c("reason_close").replace_strict(REASON_CLOSED, return_dtype=pl.String),
            c("reason_close"),
        ),
        "CloseDate": day_month_year(c("close_date")).fill_null(""),
        **_pair("PhaseOfEducation", _by_kind("phase_code"), _by_kind("phase_name")),
        "StatutoryLowAge": _by_kind("low_age").cast(pl.Int64),
        "StatutoryHighAge": high,
        **_pair("Boarders", pl.lit("1"), pl.lit("No boarders")),
        "NurseryProvision (name)": pl.when(_by_kind("phase_code") == "2")
        .then(
            pl.when(c("urn") % 3 == 0)
            .then(pl.lit("Has Nursery Classes"))
            .otherwise(pl.lit("No Nursery Classes"))
        )
        .otherwise(pl.lit("Not applicable")),
        **_pair("OfficialSixthForm", sixth.str.split("|").list.get(0), sixth.str.split("|").list.get(1)),
        **_pair("Gender", pl.lit("3"), pl.lit("Mixed")),
        **_pair(
            "ReligiousCharacter",
            c("religious").replace_strict(RELIGION, return_dtype=pl.String),
            c("religious"),
        ),
        "ReligiousEthos (name)": c("religious"),
        **_pair("Diocese", pl.lit("0000"), pl.lit("Not applicable")),
        **_pair("AdmissionsPolicy", pl.lit("0"), pl.lit("Not applicable")),
        "SchoolCapacity": ((c("pupils") * 0.11).round(0) * 10).cast(pl.Int64),
        **_pair("SpecialClasses", pl.lit("2"), pl.lit("No Special Classes")),
        "CensusDate": pl.when(is_open).then(pl.lit("16-01-2025")).otherwise(pl.lit("")),
        "NumberOfPupils": pupils,
        "NumberOfBoys": pl.when(is_open).then((c("pupils") - girls).cast(pl.String)).otherwise(pl.lit("")),
        "NumberOfGirls": pl.when(is_open).then(girls.cast(pl.String)).otherwise(pl.lit("")),
        "PercentageFSM": pl.when(is_open)
        .then((c("fsm") * 100).round(1).cast(pl.String))
        .otherwise(pl.lit("")),
        **_pair(
            "TrustSchoolFlag",
            pl.when(academy).then(pl.lit("5")).otherwise(pl.lit("0")),
            pl.when(academy)
            .then(pl.lit("Supported by a multi-academy trust"))
            .otherwise(pl.lit("Not applicable")),
        ),
        "Trusts (code)": c("trust_code"),
        "Trusts (name)": c("trust_name"),
        "SchoolSponsorFlag (name)": pl.lit("Not applicable"),
        "FederationFlag (name)": pl.lit("Not under a federation"),
        "UKPRN": pl.when(is_open).then(10_000_000 + c("urn") % 1_000_000),
        "FurtherEducationType (name)": pl.lit("Not applicable"),
        "OfstedLastInsp": day_month_year(c("last_inspection")).fill_null(""),
        **_pair("OfstedSpecialMeasures", pl.lit("0"), pl.lit("Not applicable")),
        "LastChangedDate": day_month_year(pl.lit(AS_AT - dt.timedelta(days=3))),
        "Street": c("street"),
        "Town": c("la_code").replace_strict({k: v.name for k, v in las.items()}, return_dtype=pl.String),
        "Postcode": c("postcode"),
        "TelephoneNum": pl.lit("01632960") + (c("urn") % 1000).cast(pl.String).str.zfill(3),
        "HeadPreferredJobTitle": pl.lit("Headteacher"),
        "InspectorateName (name)": pl.lit("Not applicable"),
        **{
            f"{n} (name)": pl.lit("Not applicable") for n in ("TeenMoth", "CCF", "SENPRU", "EBD", "EdByOther")
        },
        "Section41Approved (name)": pl.lit("Not applicable"),
        **_pair(
            "GOR",
            c("la_code").replace_strict({k: v.gor for k, v in region.items()}, return_dtype=pl.String),
            c("la_code").replace_strict({k: v.name for k, v in region.items()}, return_dtype=pl.String),
        ),
        **_pair(
            "DistrictAdministrative",
            c("la_code").replace_strict({k: v.gss for k, v in las.items()}, return_dtype=pl.String),
            c("la_code").replace_strict({k: v.name for k, v in las.items()}, return_dtype=pl.String),
        ),
        **_pair("UrbanRural", pl.lit("A1"), pl.lit("Urban major conurbation")),
        "GSSLACode (name)": c("la_code").replace_strict(
            {k: v.gss for k, v in las.items()}, return_dtype=pl.String
        ),
        "Easting": c("easting"),
        "Northing": c("northing"),
        "PreviousLA (code)": pl.lit("999"),
        "OfstedRating (name)": c("rating").fill_null(""),
        "RSCRegion (name)": c("la_code").replace_strict(
            {k: v.name for k, v in region.items()}, return_dtype=pl.String
        ),
    }
    exprs = []
    for name in layouts.header(layouts.GIAS):
        if name in columns:
            expr = columns[name]
            exprs.append((expr.cast(pl.Int64) if name in NUMERIC else expr.cast(pl.String)).alias(name))
        else:
            exprs.append((pl.lit(None, dtype=pl.Int64) if name in NUMERIC else pl.lit("")).alias(name))
    return s.sort("urn").select(exprs)


def _latest_inspections(inspections: pl.DataFrame) -> pl.DataFrame:
    """Each URN's last inspection date and last overall grade, as GIAS showed them on its extract date."""
    known = inspections.filter(c("publication") <= AS_AT)
    last = known.group_by("urn").agg(c("date").max().alias("last_inspection"))
    rated = (
        known.filter(c("framework") == "graded")
        .sort("date")
        .group_by("urn")
        .agg(c("grade").last().replace_strict(GRADE_WORDS, return_dtype=pl.String).alias("rating"))
    )
    return last.join(rated, on="urn", how="left")


def links_frame(register: Register) -> pl.DataFrame:
    """Predecessor/successor pairs, one row from each side, as the links file gives them."""
    s = register.schools
    successors = s.filter(c("predecessor").is_not_null()).select(
        "urn", "predecessor", "name", date=day_month_year(c("open_date"))
    )
    names = s.select("urn", "name")
    old_side = successors.select(
        URN=c("predecessor"),
        LinkURN=c("urn"),
        LinkName=c("name"),
        LinkType=pl.lit("Successor"),
        LinkEstablishedDate=c("date"),
    )
    new_side = successors.join(
        names.rename({"urn": "predecessor", "name": "old_name"}), on="predecessor"
    ).select(
        URN=c("urn"),
        LinkURN=c("predecessor"),
        LinkName=c("old_name"),
        LinkType=pl.lit("Predecessor"),
        LinkEstablishedDate=c("date"),
    )
    return pl.concat([old_side, new_side]).sort("URN", "LinkURN").select(layouts.header(layouts.GIAS_LINKS))


def groups_frame() -> pl.DataFrame:
    """Demo City's four multi-academy trusts as GIAS's groups file describes them."""
    rows = []
    for n, (uid, name) in enumerate(names.TRUSTS):
        title, first, last = names.TRUST_HEADS[n]
        rows.append(
            {
                "Group UID": uid,
                "Group ID": f"TR0{3301 + n}",
                "Group Name": name,
                "Companies House Number": f"{8130417 + 90_731 * n:08d}",
                "Group Type (code)": "6",
                "Group Type": "Multi-academy trust",
                "Incorporated on (open date)": f"0{1 + n}-09-201{2 + n}",
                "Group Status (code)": "OPEN",
                "Group Status": "Open",
                "Group Town": "Demo City",
                "Group County": "Not recorded",
                "Group Postcode": f"DC{1 + n} 2TR",
                "Head of Group Title": title,
                "Head of Group First Name": first,
                "Head of Group Last Name": last,
                "UKPRN": str(10_061_101 + n),
            }
        )
    header = layouts.header(layouts.GIAS_GROUPS)
    frame = pl.DataFrame(rows, schema={column: pl.String for column in header}, orient="row").fill_null("")
    return frame.select(header).with_columns(c("Group UID", "UKPRN").cast(pl.Int64))  # written bare


def group_links_frame(extract: pl.DataFrame) -> pl.DataFrame:
    """Each open academy of the extract in its trust, joined on the day it opened as an academy."""
    shared = [
        name
        for name in layouts.header(layouts.GIAS_GROUP_LINKS)
        if name in layouts.header(layouts.GIAS_GROUPS)
    ]
    groups = groups_frame().select(shared)
    members = extract.filter((c("Trusts (code)") != "") & (c("EstablishmentStatus (name)") == "Open"))
    return (
        members.rename({"Trusts (code)": "Group UID", "OpenDate": "Joined date"})
        .with_columns(c("Group UID").cast(pl.Int64))
        .join(groups, on="Group UID", how="inner")
        .sort("URN")
        .select(layouts.header(layouts.GIAS_GROUP_LINKS))
    )


def write(folder: Path, register: Register, inspections: pl.DataFrame) -> list[Path]:
    stamp = AS_AT.strftime("%Y%m%d")
    extract = extract_frame(register, inspections)
    paths = [
        write_csv(folder / f"edubasealldata{stamp}.csv", extract, GIAS_STYLE),
        write_csv(folder / f"links_edubasealldata{stamp}.csv", links_frame(register), GIAS_LINKS_STYLE),
    ]
    if not register.national:
        paths += [
            write_csv(folder / f"allgroupsdata{stamp}.csv", groups_frame(), GIAS_STYLE),
            write_csv(folder / f"allgrouplinksdata{stamp}.csv", group_links_frame(extract), GIAS_STYLE),
        ]
    return paths
