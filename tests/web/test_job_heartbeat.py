"""A job whose worker died (killed, its machine lost) is given up once silent too long, so it can be
asked for again; a job whose worker still speaks is left alone. Data packs first, then every kind
(test_job_worker_killed kills a real worker mid-job)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from peerlift.store.jobs import Job
from peerlift.store.models import BrokerageRun
from peerlift.web import tasks
from peerlift.web.models import CategoryRun, DatapackJob, FamiliesJob

from .conftest import OWN
from .test_brokerage_pages import one_need_one_offer
from .test_families import add_census

pytestmark = pytest.mark.django_db


def _running(la: int, silent_minutes: float, version: str = "v") -> DatapackJob:
    heard = timezone.now() - dt.timedelta(minutes=silent_minutes)
    return DatapackJob.objects.create(
        la_code=la,
        version=version,
        status=DatapackJob.Status.RUNNING,
        requested_by="officer",
        started_at=heard,
        heartbeat_at=heard,
        done=3,
        total=10,
    )


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_a_silent_running_job_is_marked_failed_and_a_speaking_one_is_not() -> None:
    dead, alive = _running(999, silent_minutes=16), _running(998, silent_minutes=14)
    assert tasks.give_up_silent_jobs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == DatapackJob.Status.FAILED and dead.finished_at is not None
    assert "nothing was heard from it for 15 minutes" in dead.message
    assert alive.status == DatapackJob.Status.RUNNING


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_the_packs_of_a_dead_worker_can_be_asked_for_again() -> None:
    dead = _running(999, silent_minutes=60, version=tasks.packs_version())
    job, new = tasks.request_la_datapacks(999, "officer")
    assert new and job.pk != dead.pk and job.status == DatapackJob.Status.QUEUED
    dead.refresh_from_db()
    assert dead.status == DatapackJob.Status.FAILED


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_a_live_job_for_the_same_packs_is_still_shared() -> None:
    alive = _running(999, silent_minutes=1, version=tasks.packs_version())
    job, new = tasks.request_la_datapacks(999, "officer")
    assert (job.pk, new) == (alive.pk, False)


# ---------------------------------------------------------------------------------------------
# Every kind of job (store/jobs.py): a worker killed mid-job leaves its row running with a heartbeat
# that stops; here the heartbeat is set an hour back, as a killed worker would leave it. The page
# showing the job says it failed in plain words, and the same request makes a new job that runs.

SILENT = "stopped without finishing (nothing was heard from it for 15 minutes)"


def _killed_mid_job(model: type[Job], pk: int) -> None:
    """What a worker killed an hour ago leaves: the job started (running), then silence."""
    model.start(pk)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    model.objects.filter(pk=pk).update(started_at=an_hour_ago, heartbeat_at=an_hour_ago)


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_a_category_run_whose_worker_died_fails_and_can_be_asked_for_again(as_role) -> None:  # type: ignore[no-untyped-def]
    officer = as_role("officer")
    officer.post("/las/999/categories/recompute")
    dead = CategoryRun.objects.get()
    _killed_mid_job(CategoryRun, dead.pk)
    page = officer.get(f"/las/999/categories/runs/{dead.pk}").content.decode()
    assert f"The worker working out these categories {SILENT}" in page and "Look again" not in page
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.finished_at is not None
    assert "Failed" in officer.get("/las/999/categories").content.decode()
    officer.post("/las/999/categories/recompute")
    again = CategoryRun.objects.exclude(pk=dead.pk).get()
    assert again.status == "queued"
    assert tasks.recompute_categories.call(again.pk) == "done"  # what the worker runs
    again.refresh_from_db()
    assert again.schools == 3 and again.started_at is not None and again.heartbeat_at is not None


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_a_brokerage_run_whose_worker_died_fails_and_can_be_asked_for_again(as_role) -> None:  # type: ignore[no-untyped-def]
    one_need_one_offer()
    officer = as_role("officer")
    officer.post("/las/999/brokerage/run")
    dead = BrokerageRun.objects.get(la_code=999)
    _killed_mid_job(BrokerageRun, dead.pk)
    page = officer.get("/las/999/brokerage").content.decode()
    assert f"The worker running this brokerage {SILENT}" in page and "Look again" not in page
    assert officer.get("/las/999/brokerage.json").json()["status"] == "failed"
    officer.post("/las/999/brokerage/run")
    again = BrokerageRun.objects.exclude(pk=dead.pk).get(la_code=999)
    assert again.status == "queued"
    assert tasks.broker_la.call(again.pk) == "done"
    assert officer.get("/las/999/brokerage.json").json()["met"] == 1  # N1 by O1, as in test_brokerage_pages


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_a_families_build_whose_worker_died_fails_and_can_be_asked_for_again(as_role) -> None:  # type: ignore[no-untyped-def]
    add_census()
    officer = as_role("officer")
    form = {"method": "pupil", "scope": "national", "size": 3}
    officer.post(f"/schools/{OWN}/family/rebuild", form)
    dead = FamiliesJob.objects.get()
    _killed_mid_job(FamiliesJob, dead.pk)
    page = officer.get(f"/schools/{OWN}/family?method=pupil&scope=national&size=3").content.decode()
    assert f"The last build of these families failed: The worker building these families {SILENT}" in page
    assert "Reload this page" not in page
    officer.post(f"/schools/{OWN}/family/rebuild", form)  # one live job per settings: not blocked now
    again = FamiliesJob.objects.get(status="queued")
    assert again.pk != dead.pk
    assert tasks.build_families.call(again.pk) == "done"
    page = officer.get(f"/schools/{OWN}/family?method=pupil&scope=national&size=3").content.decode()
    assert "failed" not in page and "Families built on" in page


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_the_packs_page_says_a_dead_worker_s_job_failed(as_role) -> None:  # type: ignore[no-untyped-def]
    officer = as_role("officer")
    dead = _running(999, silent_minutes=60, version=tasks.packs_version())
    page = officer.get("/las/999/datapacks").content.decode()
    assert f"The worker making these packs {SILENT}" in page
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.current == ""


@pytest.mark.django_db(transaction=True)
@override_settings(PEERLIFT_JOB_SILENT_MINUTES=0.01)
def test_a_running_job_beats_while_its_block_works() -> None:
    """The heartbeat comes from a thread of the worker's own, so one long computation beats too."""
    job = DatapackJob.objects.create(la_code=999, version="v", requested_by="officer")
    with DatapackJob.beating(job.pk):
        job.refresh_from_db()
        first = job.heartbeat_at
        assert job.status == "running" and first is not None
        deadline = time.monotonic() + 60
        while job.heartbeat_at == first and time.monotonic() < deadline:
            time.sleep(0.1)
            job.refresh_from_db()
        assert job.heartbeat_at is not None and job.heartbeat_at > first


@override_settings(PEERLIFT_JOB_SILENT_MINUTES=15)
def test_which_jobs_are_silent() -> None:
    """Heard of 16 minutes ago: silent; 14: not; no heartbeat: last heard of when it started; never
    started: silent; queued, however long ago: not (no worker has taken it yet)."""
    now = timezone.now()

    def run(heard: float | None, started: float | None, status: str = "running") -> FamiliesJob:
        ago = {
            k: now - dt.timedelta(minutes=m)
            for k, m in (("heartbeat_at", heard), ("started_at", started))
            if m
        }
        return FamiliesJob.objects.create(
            method=f"m{FamiliesJob.objects.count()}",
            scope="national",
            size=3,
            requested_by="o",
            status=status,
            **ago,
        )

    jobs = {
        "heard 16 minutes ago": (run(16, 30), True),
        "heard 14 minutes ago": (run(14, 30), False),
        "no heartbeat, started 16 minutes ago": (run(None, 16), True),
        "no heartbeat, started 14 minutes ago": (run(None, 14), False),
        "no heartbeat, never started": (run(None, None), True),
        "queued an hour ago": (run(60, 60, "queued"), False),
    }
    assert {name: job.is_silent for name, (job, _) in jobs.items()} == {n: s for n, (_, s) in jobs.items()}
    assert set(FamiliesJob.silent()) == {job for job, silent in jobs.values() if silent}
    assert FamiliesJob.expire_silent() == 3
