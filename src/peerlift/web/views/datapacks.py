"""Data packs on the web: a school's pack (page, tables, PDF and XLSX), and an LA's packs made as a
background job (ask, watch its progress, download the ZIP).

The pack is built by reports/datapack.py from published data only (no officer-recorded content), so
every signed-in user may read any school's. An LA's job takes a worker's time: its administrators and
officers ask for it and download it. The job page shows the progress each time it is opened, with a
link to open it again while the job is queued or running (no JavaScript; an automatic meta refresh
would fail WCAG 2.2.1, timing adjustable).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.reports import datapack, render
from peerlift.store.models import Establishment, FamilySet
from peerlift.web import permissions, tasks, words
from peerlift.web.models import DatapackJob
from peerlift.web.pages import Content, Output, Param, page, remember
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404


def _school_url(row: Row) -> str | None:
    return reverse("school", kwargs={"urn": row["urn"]}) if row.get("urn") else None


def pack_for(urn: int, year: int | None) -> datapack.Pack:
    """The school's pack, kept until the register or the family sets change."""
    if not Establishment.objects.filter(urn=urn).exists():
        raise Http404(f"No school with URN {urn} is in the register.")
    families = FamilySet.objects.order_by("-built_at", "-id").values_list("id", "built_at").first()
    return remember(("datapack", urn, year, repr(families)), lambda: datapack.build(urn, year=year))


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() else None


def _web_table(table: datapack.Table) -> Table:
    links = {"urn"} if table.name in ("family", "do-better", "inspections") else set()
    return Table(
        table.name,
        table.caption,
        [
            Column(c.key, c.label, numeric=c.numeric, link=_school_url if c.key in links else None)
            for c in table.columns
        ],
        table.rows,
        empty=table.empty,
        notes=table.notes,
    )


@page(
    "schools/<int:urn>/datapack",
    name="school-datapack",
    template="web/datapack.html",
    rule=permissions.signed_in,
    summary="A school's data pack: its figures among its family of similar schools",
    params=(Param("year", "Results year to show (default: the latest)", "integer"),),
)
def school_datapack(request: HttpRequest, output: Output, urn: int) -> Content:
    year = _year(request)
    pack = pack_for(urn, year)
    query = f"?year={year}" if year else ""
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "intro": s.intro,
            "tables": [t.name for t in s.tables],
            "charts": [{"title": c.title, "alt": c.alt, "src": render.data_uri(c.svg)} for c in s.charts],
        }
        for s in pack.sections
    ]
    return Content(
        f"Data pack: {pack.name}",
        [_web_table(t) for t in pack.tables],
        context={
            "pack": pack,
            "sections": sections,
            "pdf_url": reverse("datapack-file", kwargs={"urn": urn, "fmt": "pdf"}) + query,
            "xlsx_url": reverse("datapack-file", kwargs={"urn": urn, "fmt": "xlsx"}) + query,
        },
        data={
            "urn": pack.urn,
            "name": pack.name,
            "la": pack.la_code,
            "year": pack.year,
            "phase_group": pack.phase_group,
            "family": None
            if pack.family is None
            else {k: pack.family.get(k) for k in ("method", "scope", "year", "size", "stale", "built_at")},
            "family_note": pack.family_note,
            "notes": pack.notes,
        },
    )


FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@permissions.rule(permissions.signed_in)
def school_datapack_file(request: HttpRequest, urn: int, fmt: str) -> HttpResponse:
    """The pack as PDF or XLSX (the same figures as the page)."""
    if fmt not in FILE_TYPES:
        raise Http404("A data pack comes as PDF or XLSX.")
    year = _year(request)
    pack = pack_for(urn, year)
    families = FamilySet.objects.order_by("-built_at", "-id").values_list("id", "built_at").first()
    body = remember(("datapack-file", urn, year, fmt, repr(families)), lambda: render.render(pack, fmt))
    response = HttpResponse(body, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="datapack-{urn}.{fmt}"'
    return response


# ---------------------------------------------------------------------------------------------
# An LA's packs, as a background job


def _when(value: dt.datetime | None) -> str:
    return words.long_time(value)


STATUS_WORDS = {
    DatapackJob.Status.QUEUED: "Waiting for a worker",
    DatapackJob.Status.RUNNING: "Being made",
    DatapackJob.Status.DONE: "Ready to download",
    DatapackJob.Status.FAILED: "Failed",
}


def _job_row(job: DatapackJob) -> Row:
    return {
        "id": job.pk,
        "status": STATUS_WORDS.get(DatapackJob.Status(job.status), job.status),
        "done": job.done,
        "total": job.total,
        "requested_by": job.requested_by,
        "requested_at": _when(job.requested_at),
        "finished_at": _when(job.finished_at),
        "message": job.message,
        "version": job.version,
    }


@page(
    "las/<int:la>/datapacks",
    name="la-datapacks",
    template="web/datapacks.html",
    rule=permissions.la_datapacks,
    summary="An LA's data packs, made as a background job: progress and the ZIP to download",
)
def la_datapacks(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    tasks.give_up_silent_jobs(la)
    jobs = list(DatapackJob.objects.filter(la_code=la)[:20])
    latest = jobs[0] if jobs else None
    table = Table(
        "jobs",
        "Packs asked for, newest first",
        [
            Column("id", "Job", numeric=True),
            Column("status", "Status"),
            Column("done", "Packs made", numeric=True),
            Column("total", "Schools", numeric=True),
            Column("requested_by", "Asked for by"),
            Column("requested_at", "Asked for at"),
            Column("finished_at", "Finished at"),
            Column("message", "Why it failed"),
        ],
        [_job_row(j) for j in jobs],
        empty="No one has asked for this LA's packs yet.",
    )
    live = latest is not None and latest.status in DatapackJob.LIVE
    context: dict[str, Any] = {
        "authority": authority,
        "latest": latest,
        "latest_row": _job_row(latest) if latest else None,
        "live": live,
        "zip_url": reverse("la-datapacks-zip", kwargs={"la": la, "job": latest.pk})
        if latest and latest.status == DatapackJob.Status.DONE
        else None,
    }
    return Content(
        f"Data packs for every school in {authority['name']}",
        [table],
        context=context,
        data={"la": la, "latest": _job_row(latest) if latest else None},
    )


@require_POST
@permissions.rule(permissions.la_datapacks)
def request_la_datapacks(request: HttpRequest, la: int) -> HttpResponse:
    """Ask for the LA's packs: a new background job, or the one already asked for the same figures."""
    authority_or_404(la)
    tasks.request_la_datapacks(la, request.user.get_username())
    return redirect("la-datapacks", la=la)


@permissions.rule(permissions.la_datapacks)
def la_datapacks_zip(request: HttpRequest, la: int, job: int) -> HttpResponse:
    found = DatapackJob.objects.filter(pk=job, la_code=la, status=DatapackJob.Status.DONE).first()
    if found is None or not (tasks.files_folder() / found.file_name).exists():
        raise Http404("These packs are not ready, or are no longer kept.")
    return FileResponse(
        (tasks.files_folder() / found.file_name).open("rb"),
        as_attachment=True,
        filename=f"datapacks-la-{la}-job-{job}.zip",
        content_type="application/zip",
    )
