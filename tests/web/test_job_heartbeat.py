"""A job whose worker died (killed, its machine lost) is given up once silent too long, so its packs
can be asked for again; a job whose worker still speaks is left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from peerlift.web import tasks
from peerlift.web.models import DatapackJob

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
