"""Background jobs the web app queues for a task worker (`peerlift worker`).

An LA's categories: ``request_recompute`` records a CategoryRun and queues ``recompute_categories``,
which works out every open school's category and keeps the changes on the run for an officer to
review (web/views/categories.py records them, audited, when they confirm).

An LA's data packs: ``request_la_datapacks`` records a DatapackJob and queues ``make_la_datapacks``
unless the same packs (same LA, same register version, same families) are already queued, running
or made; the task makes every pack as PDF, keeps them in one ZIP under ``settings.PEERLIFT_FILES``
and tells the job's row how far it has got. A failure is kept on the row in plain words. A worker
that dies mid-job (killed, its machine lost) cannot say so: its job's heartbeat stops, and once it has
been silent for ``PEERLIFT_JOB_SILENT_MINUTES`` ``give_up_silent_jobs`` marks it failed, so the packs
can be asked for again.

Every kind of job here (packs, category runs, brokerage runs, families) is a ``store.jobs.Job``: its
task runs inside ``Job.beating`` (the heartbeat) and ends with ``finish`` or ``fail``; the silent rule
applies to all four, before a request and when a page shows a job.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from peerlift.brokerage import engine, stored, weights, whatif
from peerlift.reports import batch
from peerlift.reports.datapack import PackError
from peerlift.store import categorising, families, queries
from peerlift.store.models import BrokerageRun, FamilySet
from peerlift.web import audit, brokerage_changes
from peerlift.web.models import CategoryRun, DatapackJob, FamiliesJob

log = logging.getLogger(__name__)
FAILED_UNEXPECTEDLY = (
    "Something went wrong while the packs were being made, so none were kept. Ask for them again; if "
    "it happens again, tell your administrator (the worker's log says what went wrong)."
)


def files_folder() -> Path:
    return Path(settings.PEERLIFT_FILES)


def packs_version() -> str:
    """What an LA's packs stand on: the register's version and the newest family set built."""
    newest_import, newest_set = queries.register_version()
    family = FamilySet.objects.order_by("-built_at", "-id").values_list("id", flat=True).first() or 0
    return f"register {newest_import}.{newest_set}; families {family}"


def give_up_silent_jobs(la: int | None = None) -> int:
    """Mark failed every running job (of the LA; families are national) whose worker has been silent
    too long (store/jobs.py); how many."""
    of_la = {} if la is None else {"la_code": la}
    return (
        DatapackJob.expire_silent(**of_la)
        + CategoryRun.expire_silent(**of_la)
        + BrokerageRun.expire_silent(**of_la)
        + FamiliesJob.expire_silent()
    )


def request_la_datapacks(la: int, requested_by: str) -> tuple[DatapackJob, bool]:
    """The job for the LA's packs as they stand: an existing one (queued, running, or done with its
    ZIP still there), else a new one, queued. Returns the job and whether it is new."""
    give_up_silent_jobs(la)
    version = packs_version()
    with transaction.atomic():
        same = DatapackJob.objects.filter(la_code=la, version=version)
        live = same.filter(status__in=DatapackJob.LIVE).first()
        if live is not None:
            return live, False
        done = same.filter(status=DatapackJob.Status.DONE).first()
        if done is not None and (files_folder() / done.file_name).exists():
            return done, False
        try:
            with transaction.atomic():
                job = DatapackJob.objects.create(la_code=la, version=version, requested_by=requested_by)
        except IntegrityError:  # another request made it a moment ago
            return same.get(status__in=DatapackJob.LIVE), False
    result = make_la_datapacks.enqueue(job.pk)
    DatapackJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job, True


@task()
def make_la_datapacks(job_id: int) -> str:
    """Make the job's packs and their ZIP; the job's row says how far it has got, and why it failed."""
    job = DatapackJob.objects.get(pk=job_id)

    def tell(done: int, total: int, name: str) -> None:
        DatapackJob.beat(job_id, done=done, total=total, current=name)

    relative = Path("datapacks") / f"la-{job.la_code}-job-{job.pk}.zip"
    try:
        with DatapackJob.beating(job_id):
            files_folder().mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=files_folder(), prefix=".packs-") as folder:
                written = batch.write_la(job.la_code, Path(folder), "pdf", tell)
                batch.zip_packs(written, files_folder() / relative)
    except PackError as error:
        DatapackJob.fail(job_id, f"The packs could not be made: {error}")
        return DatapackJob.Status.FAILED
    except Exception:
        log.exception("data packs job %s failed", job_id)
        DatapackJob.fail(job_id, FAILED_UNEXPECTEDLY)
        return DatapackJob.Status.FAILED
    DatapackJob.finish(job_id, file_name=str(relative))
    return DatapackJob.Status.DONE


# ---------------------------------------------------------------------------------------------
# Recomputing an LA's categories


def request_recompute(la: int, requested_by: str, reason: str) -> CategoryRun:
    """Queue a recomputation of the LA's categories as they stand today."""
    give_up_silent_jobs(la)
    run = CategoryRun.objects.create(
        la_code=la, as_at=timezone.localdate(), requested_by=requested_by, reason=reason
    )
    result = recompute_categories.enqueue(run.pk)
    CategoryRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return run


@task()
def recompute_categories(run_id: int) -> str:
    """Work out the LA's categories and keep the schools whose computed category would change, for an
    officer to review; nothing is recorded in the history until they do."""
    run = CategoryRun.objects.get(pk=run_id)
    try:
        with CategoryRun.beating(run_id):
            rules = categorising.rules_in_force(run.la_code)
            found = categorising.categorise(run.la_code, run.as_at, rules)
    except (categorising.CategoriesError, ValueError) as error:
        CategoryRun.fail(run_id, f"The categories could not be worked out: {error}")
        return CategoryRun.Status.FAILED
    except Exception:
        log.exception("categories run %s failed", run_id)
        CategoryRun.fail(run_id, "Something went wrong while the categories were worked out. Ask again.")
        return CategoryRun.Status.FAILED
    changes = [s.change() for s in found if s.changes]
    CategoryRun.finish(run_id, rules=rules.label, schools=len(found), changes=changes)
    return CategoryRun.Status.DONE


# ---------------------------------------------------------------------------------------------
# Brokerage runs (issue 13)


def request_brokerage(la: int, requested_by: str, overrides: dict[str, Any] | None = None) -> BrokerageRun:
    """Queue a brokerage run of the LA's stored needs and offers (recorded through the audited helper);
    ``overrides``: a what-if run's capacities and weights for this run only (brokerage/whatif.py)."""
    give_up_silent_jobs(la)
    run = brokerage_changes.queue_run(requested_by, la, overrides)
    result = broker_la.enqueue(run.pk)
    BrokerageRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return run


@task()
def broker_la(run_id: int) -> str:
    """Broker the LA's open needs and confirmed offers as they stand, and keep the result on the run."""
    run = BrokerageRun.objects.get(pk=run_id)
    try:
        with BrokerageRun.beating(run_id):
            chosen = whatif.weights_with(weights.load(), run.overrides)
            instance = stored.instance(run.la_code, whatif.capacities(run.overrides))
            whatif.check_offers(instance, run.overrides)
            result = engine.broker(instance, chosen, explain_all=True)
    except (stored.StoredError, engine.RuleError, whatif.WhatIfError) as error:
        BrokerageRun.fail(run_id, f"The brokerage could not run: {error}")
        return "failed"
    except Exception:
        log.exception("brokerage run %s failed", run_id)
        BrokerageRun.fail(run_id, "Something went wrong while the brokerage ran. Ask again.")
        return "failed"
    BrokerageRun.finish(run_id, result=result)
    return "done"


def request_families(
    method: str, scope: str, size: int, requested_by: str, la: int | None
) -> tuple[FamiliesJob, bool]:
    """The job building these families: the one already queued or running, else a new one, queued.
    Returns the job and whether it is new."""
    give_up_silent_jobs()
    live = FamiliesJob.objects.filter(method=method, scope=scope, size=size, status__in=FamiliesJob.LIVE)
    with transaction.atomic():
        found = live.first()
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                job = FamiliesJob.objects.create(
                    method=method, scope=scope, size=size, requested_by=requested_by, la_code=la
                )
        except IntegrityError:  # another request made it a moment ago
            return live.get(), False
    result = build_families.enqueue(job.pk)
    FamiliesJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job, True


@task()
def build_families(job_id: int) -> str:
    """Build and keep every school's families for the job's settings (audited as its requester)."""
    job = FamiliesJob.objects.get(pk=job_id)
    try:
        with FamiliesJob.beating(job_id):
            built = audit.audited_change(
                job.requested_by,
                "build families",
                audit.FAMILY_SET,
                lambda: families.build(job.method, job.scope, job.size, built_by=job.requested_by),
                la=job.la_code,
            )
    except families.FamiliesError as error:
        FamiliesJob.fail(job_id, f"The families could not be built: {error}")
        return FamiliesJob.Status.FAILED
    except Exception:
        log.exception("families job %s failed", job_id)
        FamiliesJob.fail(job_id, "Something went wrong while the families were built. Ask again.")
        return FamiliesJob.Status.FAILED
    FamiliesJob.finish(job_id, family_set=built.pk, schools=built.schools)
    return FamiliesJob.Status.DONE
