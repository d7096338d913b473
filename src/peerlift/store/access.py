"""Read-side queries only the web application needs (queries.py has the shapes the CLI and API share):
searching and paging schools in SQL, the filters' choices, the LA list and the LA page's groups, small
lookups for permission checks, published labels. Like queries.py, they return plain data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from peerlift.domain.areas import ENGLAND_CODE, AreaType
from peerlift.store import queries, searchkey
from peerlift.store.models import (
    AreaMeasure,
    ComparatorSet,
    Establishment,
    Group,
    GroupMember,
    Import,
    LocalAuthority,
    MeasureDefinition,
    SchoolMeasure,
)

Row = dict[str, Any]

SCHOOL_SORTS = ("name", "urn", "la_name", "phase", "type", "status", "pupils", "trust")


@dataclass(frozen=True)
class SchoolSearch:
    """What a user asked the schools list for. Empty strings and None mean "any"."""

    text: str = ""
    la: int | None = None
    phase: str = ""
    type: str = ""
    trust: str = ""
    status: str = ""
    sort: str = "name"
    descending: bool = False
    open_only: bool = False  # GIAS "Open" and "Open, but proposed to close"


def search_schools(search: SchoolSearch, offset: int = 0, limit: int | None = 50) -> tuple[int, list[Row]]:
    """The schools matching a search, in the order asked for: (how many match, one page of them).

    Text that is a number matches a URN or LAESTAB exactly (or a name holding it); other text matches
    any part of the name, town or postcode, ignoring case, spaces, punctuation and apostrophes. A URN
    the register knows only from an Ofsted file is found too, under its Ofsted name (``ofsted_only``).
    The page is cut in SQL (LIMIT/OFFSET), and the whole GIAS row each school keeps is not read.
    """
    query = Establishment.objects.defer("record")
    text = search.text.strip()
    key = searchkey.normalise(text)
    if text.isdigit():
        query = query.filter(Q(urn=int(text)) | Q(laestab=int(text)) | Q(name__icontains=text))
    elif key:
        query = query.filter(search_key__contains=key)
    if search.la is not None:
        query = query.filter(la_code=search.la)
    for field in ("phase", "type", "status"):
        if value := getattr(search, field):
            query = query.filter(**{field: value})
    if search.trust.strip():
        query = query.filter(trust__icontains=search.trust.strip())
    if search.open_only:
        query = query.filter(status__istartswith="open")
    sort = search.sort if search.sort in SCHOOL_SORTS else "name"
    order = [f"-{sort}" if search.descending else sort, "urn"]
    total = query.count()
    page = query.order_by(*order)[offset : None if limit is None else offset + limit]
    found = [queries.school_row(s) for s in page]
    if text.isdigit() and total == 0 and offset == 0 and _unfiltered(search):
        known = queries.ofsted_school(int(text))
        return (1, [known]) if known else (0, [])
    return total, found


def _unfiltered(search: SchoolSearch) -> bool:
    """No filter but the text: an Ofsted-only school has no GIAS phase, type, status or trust."""
    return search.la is None and not (search.phase or search.type or search.status or search.trust.strip())


def shared_names(names: Iterable[str]) -> set[str]:
    """Which of these school names more than one school in the register has (to show their URNs)."""
    wanted = set(names)
    return set(
        Establishment.objects.filter(name__in=wanted)
        .values("name")
        .annotate(n=Count("urn"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )


def school_choices() -> dict[str, list[Any]]:
    """The values the schools list can be filtered by: LAs (code, name), phases, types, statuses."""
    schools = Establishment.objects.order_by()  # no default ordering, or DISTINCT would take it in

    def distinct(field: str) -> list[str]:
        return sorted(v for v in schools.values_list(field, flat=True).distinct() if v)

    las = sorted(
        {(c, n) for c, n in schools.values_list("la_code", "la_name").distinct() if c is not None},
        key=lambda pair: pair[1] or "",
    )
    return {"la": las, "phase": distinct("phase"), "type": distinct("type"), "status": distinct("status")}


def school_la(urn: int) -> int | None:
    """The LA a school is in, or None when the register does not hold it."""
    return Establishment.objects.filter(urn=urn).values_list("la_code", flat=True).first()


def school_name(urn: int) -> str | None:
    return Establishment.objects.filter(urn=urn).values_list("name", flat=True).first()


def schools_by_urn(urns: Iterable[int]) -> list[Row]:
    return [queries.school_row(s) for s in Establishment.objects.filter(urn__in=list(urns)).order_by("name")]


def local_authority(code: int) -> Row | None:
    """An LA's name and region, from the LA lists imported or else from its schools."""
    authority = LocalAuthority.objects.filter(code=code).first()
    if authority is not None:
        return {
            "la": authority.code,
            "gss": authority.gss or None,
            "name": authority.name,
            "region_code": authority.region_code or None,
            "region": authority.region or None,
            "la_type": authority.la_type or None,
        }
    school = Establishment.objects.filter(la_code=code).first()
    if school is None and not AreaMeasure.objects.filter(area_type=AreaType.LA, area_code=str(code)).exists():
        return None
    return {
        "la": code,
        "gss": (school.la_gss or None) if school else None,
        "name": school.la_name if school else str(code),
        "region_code": None,
        "region": (school.region or None) if school else None,
        "la_type": None,
    }


def local_authorities() -> list[Row]:
    """Every LA that has schools in the register, with how many."""
    names = dict(LocalAuthority.objects.values_list("code", "name"))
    counted = (
        Establishment.objects.exclude(la_code=None)
        .values("la_code", "la_name")
        .annotate(schools=Count("urn"))
        .order_by("la_name")
    )
    return [
        {"la": r["la_code"], "name": names.get(r["la_code"]) or r["la_name"], "schools": r["schools"]}
        for r in counted
    ]


def la_groups(code: int) -> list[Row]:
    """The GIAS groups (trusts, federations...) with open schools in an LA, most schools first."""
    open_schools = Establishment.objects.filter(la_code=code, status__istartswith="open")
    members = GroupMember.objects.filter(urn__in=open_schools.values("urn"))
    counts = members.values("uid").annotate(schools=Count("urn")).order_by()
    per_group = {row["uid"]: row["schools"] for row in counts}
    rows = [
        {"uid": g.uid, "name": g.name, "type": g.type, "status": g.status, "schools": per_group[g.uid]}
        for g in Group.objects.filter(uid__in=per_group)
    ]
    return sorted(rows, key=lambda r: (-r["schools"], r["name"]))


def measure_labels() -> dict[str, str]:
    """Each measure's published label, where a data dictionary has been imported."""
    return {m: label for m, label in MeasureDefinition.objects.values_list("measure", "label") if label}


def measure_axis(measure: str) -> str | None:
    """What the data dictionary says a measure's figures count ("% of pupils", "Spend"): its unit."""
    return MeasureDefinition.objects.filter(measure=measure).values_list("axis", flat=True).first() or None


def import_record(pk: int) -> Row | None:
    """One import with its provenance, shaped as in queries.imports()."""
    found = Import.objects.filter(pk=pk).first()
    return queries.import_row(found) if found else None


def school_against_areas(urn: int, la: int | None, measures: Iterable[str]) -> list[Row]:
    """For each of ``measures`` the school has a figure for: its latest year with one, the school's
    figure and its LA's and England's that year (None where the register holds none). Three queries."""
    wanted = list(measures)
    own: dict[str, tuple[int, float]] = {}
    for measure, year, value in (
        SchoolMeasure.objects.filter(urn=urn, measure__in=wanted, value__isnull=False)
        .order_by("measure", "year")
        .values_list("measure", "year", "value")
    ):
        own[measure] = (year, value)  # ordered by year: the latest wins
    areas = AreaMeasure.objects.filter(measure__in=list(own), value__isnull=False).filter(
        Q(area_type=AreaType.ENGLAND, area_code=ENGLAND_CODE) | Q(area_type=AreaType.LA, area_code=str(la))
    )
    found = {(a.area_type, a.measure, a.year): a.value for a in areas}
    return [
        {
            "measure": measure,
            "year": own[measure][0],
            "school": own[measure][1],
            "la": found.get((AreaType.LA, measure, own[measure][0])),
            "england": found.get((AreaType.ENGLAND, measure, own[measure][0])),
        }
        for measure in wanted
        if measure in own
    ]


def comparator_set_scope(pk: int) -> tuple[str, int, bool] | None:
    """A custom comparator set's owner, LA and whether it is shared, for the permission rules."""
    return ComparatorSet.objects.filter(pk=pk).values_list("owner", "la_code", "shared").first()


def measure_definitions() -> list[Row]:
    """Every imported data dictionary's definitions, for the measure catalogue."""
    return list(
        MeasureDefinition.objects.values(
            "measure", "source_code", "label", "topic", "polarity", "description", "axis", "publisher"
        )
    )


def latest_years() -> dict[str, int]:
    """Each measure's latest year with a published figure, of LAs, regions or England, or schools."""
    found = AreaMeasure.objects.filter(value__isnull=False).values("measure").annotate(latest=Max("year"))
    years = {r["measure"]: r["latest"] for r in found}
    schools = SchoolMeasure.objects.filter(value__isnull=False).values("measure").annotate(latest=Max("year"))
    for r in schools:
        years[r["measure"]] = max(years.get(r["measure"], 0), r["latest"])
    return years
