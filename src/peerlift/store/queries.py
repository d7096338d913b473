"""Read-side queries over the register, returning plain data for the CLI, the views and the API.

Shapes here are the documented JSON shapes (docs/cli.md): keys ``urn``, ``la``, ``name``, ``phase``,
``year``, ``value``, ``set`` and ``members`` mean the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db.models import Q

from peerlift.analysis.lineage import lineage
from peerlift.domain.areas import ENGLAND_CODE, AreaType
from peerlift.sources import frames
from peerlift.store.models import (
    AreaMeasure,
    Establishment,
    EstablishmentLink,
    Group,
    GroupMember,
    Import,
    Inspection,
    LocalAuthority,
    NeighbourSet,
    SchoolMeasure,
)

Row = dict[str, Any]


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def school_row(school: Establishment) -> Row:
    """The establishment as a flat record (no ``record`` blob)."""
    return {
        "urn": school.urn,
        "laestab": school.laestab,
        "la": school.la_code,
        "la_name": school.la_name,
        "name": school.name,
        "phase": school.phase,
        "type": school.type,
        "type_group": school.type_group,
        "status": school.status,
        "open_date": _iso(school.open_date),
        "close_date": _iso(school.close_date),
        "low_age": school.low_age,
        "high_age": school.high_age,
        "gender": school.gender,
        "religious_character": school.religious_character,
        "trust": school.trust,
        "federation": school.federation,
        "pupils": school.pupils,
        "fsm_pct": school.fsm_pct,
        "capacity": school.capacity,
        "postcode": school.postcode,
        "town": school.town,
        "easting": school.easting,
        "northing": school.northing,
        "urban_rural": school.urban_rural,
        "region": school.region,
        "extract_date": _iso(school.extract_date),
    }


def schools(la: int | None = None, phase: str | None = None) -> list[Row]:
    query = Establishment.objects.all()
    if la is not None:
        query = query.filter(la_code=la)
    if phase:
        query = query.filter(phase=phase)
    return [school_row(s) for s in query.order_by("la_code", "name", "urn")]


def school_lineage(urn: int) -> list[int]:
    """The URNs of one school across conversions and amalgamations, earliest first."""
    seen: set[int] = {urn}
    frontier = {urn}
    link_rows: list[tuple[Any, ...]] = []
    while frontier:
        links = list(
            EstablishmentLink.objects.filter(Q(urn__in=frontier) | Q(link_urn__in=frontier)).values_list(
                "urn", "link_urn", "link_name", "link_type", "link_date"
            )
        )
        link_rows.extend(links)
        found = {u for row in links for u in row[:2]}
        frontier = found - seen
        seen |= found
    frame = (
        pl.DataFrame(link_rows, schema=list(frames.SCHEMAS[frames.LINKS]), orient="row")
        if link_rows
        else frames.empty(frames.LINKS)
    )
    return lineage(urn, frames.conform(frames.LINKS, frame.unique()))


def inspections_of(urns: list[int]) -> list[Row]:
    rows = []
    for inspection in (
        Inspection.objects.filter(urn__in=urns).prefetch_related("judgements").order_by("start_date", "urn")
    ):
        rows.append(
            {
                "urn": inspection.urn,
                "inspection_key": inspection.inspection_key,
                "inspection_number": inspection.inspection_number or None,
                "framework": inspection.framework,
                "inspection_type": inspection.inspection_type,
                "type_detail": inspection.type_detail or None,
                "start_date": _iso(inspection.start_date),
                "end_date": _iso(inspection.end_date),
                "publication_date": _iso(inspection.publication_date),
                "category_of_concern": inspection.category_of_concern or None,
                "outcome": inspection.outcome or None,
                "judgements": {j.area: j.grade for j in inspection.judgements.all()},
            }
        )
    return rows


def measures_of(urn: int) -> list[Row]:
    """A school's figures; a figure published as a label (progress8_band) also has its ``text``."""
    return [
        {
            "year": m.year,
            "measure": m.measure,
            "value": m.value,
            "missing": m.missing or None,
            "status": m.status or None,
            **({"text": m.text} if m.text else {}),
        }
        for m in SchoolMeasure.objects.filter(urn=urn).order_by("year", "measure")
    ]


def establishment_record(school: Establishment) -> dict[str, Any]:
    """The school's row as its latest GIAS extract gave it: column name -> value."""
    columns = school.source.record_columns if school.source else []
    return dict(zip(columns, school.record, strict=False))


def _group_row(group: Group) -> Row:
    return {
        "uid": group.uid,
        "group_id": group.group_id or None,
        "name": group.name,
        "type": group.type,
        "status": group.status,
        "companies_house_number": group.companies_house_number or None,
    }


def groups_of(urn: int) -> list[Row]:
    """The trusts, federations and other GIAS groups the school is in, with when it joined."""
    members = {m.uid: m for m in GroupMember.objects.filter(urn=urn)}
    return [
        {**_group_row(group), "joined_date": _iso(members[group.uid].joined_date)}
        for group in Group.objects.filter(uid__in=members)
    ]


MEMBER_FIELDS = ("name", "la", "la_name", "phase", "type", "status", "pupils")


def group_detail(uid: int) -> Row | None:
    """A GIAS group and its member establishments (as the register knows them), by name."""
    group = Group.objects.filter(uid=uid).first()
    if group is None:
        return None
    members = list(GroupMember.objects.filter(uid=uid))
    schools = {s.urn: school_row(s) for s in Establishment.objects.filter(urn__in=[m.urn for m in members])}
    rows = [
        {
            "urn": member.urn,
            **{key: schools.get(member.urn, {}).get(key) for key in MEMBER_FIELDS},
            "joined_date": _iso(member.joined_date),
        }
        for member in members
    ]
    return {
        **_group_row(group),
        "ukprn": group.ukprn,
        "open_date": _iso(group.open_date),
        "close_date": _iso(group.close_date),
        "head": group.head or None,
        "town": group.town or None,
        "postcode": group.postcode or None,
        "members": sorted(rows, key=lambda r: (r["name"] is None, r["name"] or "", r["urn"])),
    }


def school_detail(urn: int) -> Row | None:
    """Everything the register knows of a school: record, lineage, inspections, measures by year."""
    school = Establishment.objects.select_related("source").filter(urn=urn).first()
    chain = school_lineage(urn)
    inspections = inspections_of(chain)
    measures = measures_of(urn)
    if school is None and not inspections and not measures:
        return None
    row: Row = school_row(school) if school else (ofsted_school(urn) or {"urn": urn})
    row["lineage"] = chain
    row["inspections"] = inspections
    row["measures"] = measures
    row["groups"] = groups_of(urn)
    row["record"] = establishment_record(school) if school else {}
    return row


def ofsted_school(urn: int) -> Row | None:
    """A school the register knows only from Ofsted's files, as the latest of them names it."""
    inspection = Inspection.objects.filter(urn=urn).exclude(school_name="").order_by("-start_date").first()
    if inspection is None:
        return None
    return {
        "urn": urn,
        "name": inspection.school_name,
        "la_name": inspection.la_name,
        "laestab": inspection.laestab,
        "la": inspection.laestab // 10000 if inspection.laestab else None,
        "phase": "",
        "type": "",
        "status": "",
        "ofsted_only": True,
    }


def la_region(la: int) -> str | None:
    """The GSS code of an LA's region, from the LA lists imported (LAIT, LA code lists, GIAS)."""
    authority = LocalAuthority.objects.filter(code=la).first()
    return authority.region_code or None if authority else None


def _area_figures(
    measures: Sequence[str], area_type: str, area_code: str
) -> dict[tuple[str, int], AreaMeasure]:
    found = AreaMeasure.objects.filter(measure__in=measures, area_type=area_type, area_code=area_code)
    return {(m.measure, m.year): m for m in found}


def la_figures(la: int, measures: Sequence[str]) -> list[Row]:
    """An LA's values of the measures by year, with its region's and England's beside them: three
    queries whatever the number of measures (an LA page shows hundreds)."""
    region = la_region(la)
    own = _area_figures(measures, AreaType.LA, str(la))
    regional = _area_figures(measures, AreaType.REGION, region) if region else {}
    england = _area_figures(measures, AreaType.ENGLAND, ENGLAND_CODE)
    rows = []
    for measure, year in sorted(set(own) | set(england) | set(regional)):
        mine, reg, eng = own.get((measure, year)), regional.get((measure, year)), england.get((measure, year))
        rows.append(
            {
                "year": year,
                "la": la,
                "measure": measure,
                "value": mine.value if mine else None,
                "missing": (mine.missing or None) if mine else "absent",
                "status": figure_status(mine),
                "region": reg.value if reg else None,
                "region_code": region,
                "england": eng.value if eng else None,
            }
        )
    return rows


def figure_status(figure: AreaMeasure | SchoolMeasure | None) -> str | None:
    """What a figure's year label said besides the year, to show beside it: 'revised', 'provisional',
    '3 years' for a figure over 2021-2023 (filed under 2023); None for a plain figure."""
    if figure is None:
        return None
    words = [figure.status] if figure.status else []
    if figure.span > 1:
        words.append(f"{figure.span} years")
    return ", ".join(words) or None


def la_measure_names(la: int, published_only: bool = False) -> list[str]:
    """The measures the LA has rows for in the LA statistics, by name; with ``published_only``, only
    those with at least one published figure (not just suppressed or missing ones)."""
    found = AreaMeasure.objects.filter(area_type=AreaType.LA.value, area_code=str(la))
    if published_only:
        found = found.filter(value__isnull=False)
    return list(found.order_by("measure").values_list("measure", flat=True).distinct())


def neighbour_set_named(name: str | None) -> NeighbourSet | None:
    """The set of that name; with none named, the newest official (not computed) set."""
    sets = NeighbourSet.objects.all()
    return sets.filter(name=name).first() if name else sets.filter(computed=False).order_by("-name").first()


def neighbours(la: int, set_name: str | None = None) -> Row | None:
    """An LA's statistical neighbours in a named set (the newest official set when none is named)."""
    chosen = neighbour_set_named(set_name)
    if chosen is None:
        return None
    names = dict(LocalAuthority.objects.values_list("code", "name"))
    members = [
        {
            "position": m.position,
            "la": m.neighbour_code,
            "name": names.get(m.neighbour_code),
            "band": m.band or None,
        }
        for m in chosen.members.filter(la_code=la).order_by("position")
    ]
    return {"la": la, "name": names.get(la), "set": chosen.name, "members": members}


def neighbour_sets() -> list[str]:
    return list(NeighbourSet.objects.order_by("name").values_list("name", flat=True))


def imports(newest: int | None = None) -> list[Row]:
    """Every import, oldest first; or, with ``newest``, only that many of the latest, newest first."""
    found = Import.objects.order_by("id") if newest is None else Import.objects.order_by("-id")[:newest]
    return [import_row(i) for i in found]


def import_row(i: Import) -> Row:
    """One import with its provenance."""
    return {
        "id": i.pk,
        "file_name": i.file_name,
        "sha256": i.sha256,
        "kind": i.kind,
        "year": i.year,
        "status": i.status,
        "rows_read": i.rows_read,
        "rows_loaded": i.rows_loaded,
        "rows_skipped": i.rows_skipped,
        "skipped": i.skipped,
        "skipped_by_reason": i.skipped_by_reason,
        "as_of": i.as_of.isoformat() if i.as_of else None,
        "as_of_source": i.as_of_source or None,
        "unknown_columns": i.unknown_columns,
        "notes": i.notes,
        "counts": i.counts,
        "error": i.error or None,
        "loaded_by": i.loaded_by,
        "loaded_at": _iso(i.loaded_at),
        "seconds": round(i.seconds, 3),
    }


def register_version() -> tuple[int, int]:
    """Changes whenever the register's data may have: the newest import and the newest neighbour set."""
    newest_import = Import.objects.order_by("-id").values_list("id", flat=True).first() or 0
    newest_set = NeighbourSet.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return newest_import, newest_set
