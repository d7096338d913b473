"""One record of a background job (web/tasks.py runs them on `peerlift worker`), shared by every kind.

A job is queued, then running, then done or failed; its row says why it failed in plain words, which
task of the worker's queue runs it, when it started and finished, and when its worker last spoke (its
heartbeat). A running job's task beats while it works (``Job.beating``: a thread of the worker's own
that writes ``heartbeat_at`` every little while, so a job that is one long computation beats too).

A worker that dies mid-job (killed, its machine lost) cannot say so: its jobs' heartbeats stop. Once a
running job has been silent for ``PEERLIFT_JOB_SILENT_MINUTES`` it is taken for dead: ``expire_silent``
marks it failed with a plain message, so the same work can be asked for again (a kind that allows one
live job per request, such as an LA's packs, would otherwise be blocked forever).

Every kind's model (web/models.py DatapackJob, CategoryRun, FamiliesJob; store BrokerageRun) derives
from ``Job``; the helpers work by primary key, with one UPDATE each, as a worker's task needs.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

log = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


WORKER_WENT_SILENT = (
    "The worker {work} stopped without finishing (nothing was heard from it for {minutes:g} minutes), "
    "so nothing it did was kept. Ask again."
)


def silent_minutes() -> float:
    return float(settings.PEERLIFT_JOB_SILENT_MINUTES)


def beat_seconds() -> float:
    """How often a running job's worker says it is alive: a few times within the silent limit."""
    return max(0.5, min(60.0, silent_minutes() * 60 / 5))


class Job(models.Model):
    """The fields and helpers every job record shares (an abstract model: each kind has its table).

    A kind may give ``status`` more choices (a category run can be applied afterwards) or another
    default (a brokerage run recorded from the command line is done from the start)."""

    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    message = models.TextField(blank=True)  # why it failed, in plain words
    task_id = models.CharField(max_length=64, blank=True)  # the worker queue's task
    started_at = models.DateTimeField(null=True)
    heartbeat_at = models.DateTimeField(null=True)  # the worker's last word: a running job says so often
    finished_at = models.DateTimeField(null=True)

    LIVE: ClassVar[tuple[str, ...]] = (JobStatus.QUEUED, JobStatus.RUNNING)
    # What the worker was doing, for the message of a silent job: "The worker {WORK} stopped ..."
    WORK: ClassVar[str] = "doing this job"
    # Fields put back when the job ends either way (a datapack job's school being made).
    CLEARED: ClassVar[dict[str, Any]] = {}

    class Meta:
        abstract = True

    # --- what a worker's task does, by primary key -------------------------------------------------

    @classmethod
    def start(cls, pk: int) -> None:
        now = timezone.now()
        cls._default_manager.filter(pk=pk).update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)

    @classmethod
    def beat(cls, pk: int, **fields: Any) -> None:
        """The worker is alive (and, with ``fields``, how far it has got)."""
        cls._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)

    @classmethod
    def finish(cls, pk: int, **fields: Any) -> None:
        cls._default_manager.filter(pk=pk).update(
            **{"status": JobStatus.DONE, **cls.CLEARED, **fields, "finished_at": timezone.now()}
        )

    @classmethod
    def fail(cls, pk: int, message: str) -> None:
        cls._default_manager.filter(pk=pk).update(
            status=JobStatus.FAILED, message=message, finished_at=timezone.now(), **cls.CLEARED
        )

    @classmethod
    @contextmanager
    def beating(cls, pk: int) -> Iterator[None]:
        """Mark the job running and keep its heartbeat going (from a thread) while the block works."""
        cls.start(pk)
        stop = threading.Event()

        def keep_beating() -> None:
            try:
                while not stop.wait(beat_seconds()):
                    try:
                        cls.beat(pk)
                    except Exception:  # a locked database a moment: the next beat will do
                        log.debug("job %s %s: a heartbeat was missed", cls.__name__, pk, exc_info=True)
            finally:
                connection.close()  # the thread's own connection

        beater = threading.Thread(target=keep_beating, name=f"{cls.__name__}-{pk}-heartbeat", daemon=True)
        beater.start()
        try:
            yield
        finally:
            stop.set()
            beater.join()

    # --- the silent rule ---------------------------------------------------------------------------

    @classmethod
    def silent_since(cls) -> dt.datetime:
        return timezone.now() - dt.timedelta(minutes=silent_minutes())

    @property
    def is_silent(self) -> bool:
        """Running, and its worker has said nothing for PEERLIFT_JOB_SILENT_MINUTES (a running job
        without a heartbeat was last heard of when it started; one that never started, never)."""
        heard = self.heartbeat_at or self.started_at
        return self.status == JobStatus.RUNNING and (heard is None or heard < self.silent_since())

    @classmethod
    def silent(cls, **filters: Any) -> models.QuerySet[Self]:
        """The running jobs (matching ``filters``) that are silent, as ``is_silent`` says."""
        since = cls.silent_since()
        unheard = models.Q(heartbeat_at__isnull=True) & (
            models.Q(started_at__isnull=True) | models.Q(started_at__lt=since)
        )
        heard_long_ago = models.Q(heartbeat_at__lt=since)
        return cls._default_manager.filter(heard_long_ago | unheard, status=JobStatus.RUNNING, **filters)

    @classmethod
    def expire_silent(cls, **filters: Any) -> int:
        """Mark failed, in plain words, every running job (matching ``filters``) whose worker has been
        silent too long; how many."""
        message = WORKER_WENT_SILENT.format(work=cls.WORK, minutes=silent_minutes())
        return cls.silent(**filters).update(
            status=JobStatus.FAILED, message=message, finished_at=timezone.now(), **cls.CLEARED
        )
