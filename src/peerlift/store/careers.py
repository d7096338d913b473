"""Careers, governance and aspirations as the register holds them: the frames and rows analysis/
(careers, governance) works on, and what the CLI and pages list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl
from django.db.models import Count, Max

from peerlift.analysis import careers, governance
from peerlift.analysis.latest_inspection import LATEST_SCHEMA
from peerlift.store import categories, picture
from peerlift.store.models import (
    AspirationEvent,
    AspirationEventSchool,
    Establishment,
    GatsbyResult,
    TrainingAttendance,
    TrainingCourse,
)

Row = dict[str, Any]


def _names(urns: list[int]) -> dict[int, str]:
    return dict(Establishment.objects.filter(urn__in=urns).values_list("urn", "name"))


def _la_urns(la: int) -> list[int]:
    return list(Establishment.objects.filter(la_code=la).values_list("urn", flat=True))


def gatsby_results(la: int, year: int | None) -> pl.DataFrame:
    """The LA's schools' results in a year: urn, name, gb1..gb8, careers_hub."""
    rows = list(
        GatsbyResult.objects.filter(year=year, urn__in=_la_urns(la)).values(
            "urn", *careers.BENCHMARKS, "careers_hub"
        )
    )
    names = _names([r["urn"] for r in rows])
    schema = {"urn": pl.Int64, "name": pl.String, **dict.fromkeys(careers.BENCHMARKS, pl.Float64)}
    schema["careers_hub"] = pl.Boolean
    return pl.DataFrame([{**r, "name": names.get(r["urn"], "")} for r in rows], schema=schema)


def careers_years(la: int) -> list[int]:
    """The years the LA has Gatsby results for, newest first."""
    found = GatsbyResult.objects.filter(urn__in=_la_urns(la)).values_list("year", flat=True).distinct()
    return sorted(set(found), reverse=True)


def careers_summary(la: int, year: int | None) -> Row:
    """analysis.careers.summary of the LA's results for the year, with the LA and each school's name."""
    return {"la": la, **careers.summary(gatsby_results(la, year), year)}


def last_training(urns: list[int], as_at: dt.date | None = None) -> dict[int, dt.date]:
    """The date of the last course any governor of each school attended (up to ``as_at``)."""
    attended = TrainingAttendance.objects.filter(urn__in=urns)
    if as_at is not None:
        attended = attended.filter(course__date__lte=as_at)
    found = attended.values("urn").annotate(last=Max("course__date"))
    return {int(r["urn"]): r["last"] for r in found}


def governors_flagged(la: int, as_at: dt.date | None = None, months: int | None = None) -> list[Row]:
    """analysis.governance.flagged for the LA's open schools, as at a day (today by default)."""
    on = as_at or dt.date.today()
    rule = governance.rules()
    if months is not None:
        rule = replace(rule, training_window_months=months)
    schools = picture.establishments(la).filter(pl.col("status").str.to_lowercase().str.starts_with("open"))
    urns = schools["urn"].to_list()
    latest = picture.latest_among(urns, la) if urns else pl.DataFrame(schema=LATEST_SCHEMA)
    return governance.flagged(
        schools, latest, categories.categories_in_force(la, on), last_training(urns, on), on, rule
    )


def courses(la: int) -> list[Row]:
    """The courses recorded for the LA's governors, newest first, with how many attended from how many
    schools (aggregates: no governor named)."""
    found = (
        TrainingCourse.objects.filter(la_code=la)
        .annotate(attendees=Count("attendance"), schools=Count("attendance__urn", distinct=True))
        .order_by("-date", "title")
        .values("id", "title", "date", "provider", "topic", "attendees", "schools")
    )
    return list(found)


def attendance(la: int) -> list[Row]:
    """Every attendance at the LA's courses: individual governor records."""
    names = _names(_la_urns(la))
    found = TrainingAttendance.objects.filter(course__la_code=la).select_related("course")
    return [
        {
            "date": a.course.date,
            "course": a.course.title,
            "urn": a.urn,
            "school": names.get(a.urn, ""),
            "governor": a.governor,
        }
        for a in found.order_by("-course__date", "course__title", "urn", "governor")
    ]


def events(la: int) -> list[Row]:
    """The LA's aspiration events, newest first, with how many schools took part."""
    found = (
        AspirationEvent.objects.filter(la_code=la)
        .annotate(school_count=Count("schools"))
        .order_by("-start_date", "name")
    )
    return [
        {
            "name": e.name,
            "start_date": e.start_date,
            "end_date": e.end_date,
            "hosts": e.hosts,
            "volunteers": e.volunteers,
            "schools": e.school_count,
            "children_reached": e.children_reached,
            "feedback": e.feedback,
        }
        for e in found
    ]


def event_totals(la: int) -> list[Row]:
    """Per school year (the calendar year it ends, from the event's start date): events, children
    reached, volunteers. A school year runs 1 September to 31 August."""
    totals: dict[int, Row] = {}
    for event in AspirationEvent.objects.filter(la_code=la):
        year = event.start_date.year + (1 if event.start_date.month >= 9 else 0)
        total = totals.setdefault(year, {"year": year, "events": 0, "children_reached": 0, "volunteers": 0})
        total["events"] += 1
        total["children_reached"] += event.children_reached
        total["volunteers"] += event.volunteers or 0
    return [totals[y] for y in sorted(totals, reverse=True)]


def add_attendance(
    la: int, title: str, day: dt.date, provider: str, topic: str, urn: int, governor: str, by: str
) -> TrainingAttendance:
    """One governor at a course, entered on the form (the course made when it is new). The caller
    audits it (web.audit.audited_change)."""
    course, _ = TrainingCourse.objects.get_or_create(
        title=title, date=day, provider=provider, defaults={"topic": topic, "la_code": la, "recorded_by": by}
    )
    attended, _ = TrainingAttendance.objects.get_or_create(course=course, urn=urn, governor=governor)
    return attended


def school_training(urn: int) -> list[Row]:
    """A school's governors' training: individual governor records."""
    found = TrainingAttendance.objects.filter(urn=urn).select_related("course")
    return [
        {
            "date": a.course.date,
            "course": a.course.title,
            "provider": a.course.provider,
            "topic": a.course.topic,
            "governor": a.governor,
        }
        for a in found.order_by("-course__date", "course__title", "governor")
    ]


def set_gatsby_result(urn: int, year: int, values: dict[str, float | None], hub: bool | None) -> GatsbyResult:
    """A school's results for a year entered on the form, replacing what was there (the caller
    audits it, with the record before as its target)."""
    result, _ = GatsbyResult.objects.update_or_create(
        urn=urn, year=year, defaults={**values, "careers_hub": hub, "source": None}
    )
    return result


def gatsby_result(urn: int, year: int) -> GatsbyResult | None:
    return GatsbyResult.objects.filter(urn=urn, year=year).first()


def save_event(
    la: int,
    name: str,
    start: dt.date,
    end: dt.date | None,
    hosts: list[str],
    volunteers: int | None,
    urns: list[int],
    children: int,
    feedback: str,
) -> AspirationEvent:
    """An aspiration event entered on the form, replacing one of the same name and first day (as an
    import of the template would), with its schools. The caller audits it
    (web.audit.audited_change, with the event before as its target)."""
    event, _ = AspirationEvent.objects.update_or_create(
        name=name,
        start_date=start,
        defaults={
            "end_date": end,
            "hosts": "; ".join(hosts),
            "volunteers": volunteers,
            "children_reached": children,
            "feedback": feedback,
            "la_code": la,
        },
    )
    AspirationEventSchool.objects.filter(event=event).exclude(urn__in=urns).delete()
    for urn in urns:
        AspirationEventSchool.objects.get_or_create(event=event, urn=urn)
    return event
