"""Real workers (`peerlift worker`) killed mid-job, one job of each kind (store/jobs.py), on a
PostgreSQL database of its own: each job is left running, given up once its worker has been silent
for PEERLIFT_JOB_SILENT_MINUTES, and the same four requests then make four new jobs that a new worker
runs to their end.

To catch each worker mid-job without a race, the test locks every register table (ACCESS EXCLUSIVE:
even reads wait) before the workers start: each task marks its job running, then waits on its first
read of the register; the heartbeat thread keeps beating meanwhile (the worker is alive), and stops
when the worker is killed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_datapacks import _peerlift, environment, postgres_database

KINDS = {  # kind: its job table
    "categories": "web_categoryrun",
    "brokerage": "store_brokeragerun",
    "families": "web_familiesjob",
    "datapacks": "web_datapackjob",
}
REQUEST = """
ids = {
    "categories": tasks.request_recompute(999, "officer", "asked for by an officer").pk,
    "brokerage": tasks.request_brokerage(999, "officer").pk,
    "families": tasks.request_families("pupil", "national", 3, "officer", 999)[0].pk,
    "datapacks": tasks.request_la_datapacks(999, "officer")[0].pk,
}
print(json.dumps(ids))
"""
GIVE_UP = """
given, deadline = 0, time.monotonic() + 300
while given < 4 and time.monotonic() < deadline:
    given += tasks.give_up_silent_jobs()
    time.sleep(0.5)
print(given)
"""


@pytest.fixture
def postgres() -> Iterator[str]:
    yield from postgres_database("peerlift_killed")


def _django(env: dict[str, str], code: str) -> str:
    """Run ``code`` with the app set up on the test's database (as the web app would)."""
    prelude = "import json, time, django\ndjango.setup()\nfrom peerlift.web import tasks\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _jobs(conn: Any, ids: dict[str, int]) -> dict[str, tuple[str, Any, Any, str]]:
    """Each kind's job: (status, started_at, heartbeat_at, message)."""
    found = {}
    for kind, table in KINDS.items():
        row = conn.execute(
            f"SELECT status, started_at, heartbeat_at, message FROM {table} WHERE id = %s", (ids[kind],)
        ).fetchone()
        found[kind] = tuple(row)
    return found


def test_jobs_of_killed_workers_are_given_up_and_asked_for_again(postgres: str, tmp_path: Path) -> None:
    import psycopg

    # silent after 6 seconds; a worker beats every 1.2
    env = environment(postgres, tmp_path, PEERLIFT_JOB_SILENT_MINUTES="0.1")
    _peerlift(env, "migrate")
    first = json.loads(_django(env, REQUEST))
    watcher = psycopg.connect(postgres, autocommit=True)
    locker = psycopg.connect(postgres)  # a transaction held open: the register stays locked
    tables = [
        r[0]
        for r in locker.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'store\\_%%'"
            " AND tablename <> 'store_brokeragerun'"
        )
    ]
    locker.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
    worker = [sys.executable, "-m", "peerlift.cli", "worker", "--interval", "0.2"]
    workers = [subprocess.Popen(worker, env=env) for _ in KINDS]  # one job each
    try:
        deadline = time.monotonic() + 300
        jobs = _jobs(watcher, first)
        # running, and beating although each task waits on the locked register: the worker is alive
        while not all(s == "running" and beat > started for s, started, beat, _ in jobs.values()):
            assert time.monotonic() < deadline, jobs
            assert all(w.poll() is None for w in workers), "a worker stopped"
            time.sleep(0.2)
            jobs = _jobs(watcher, first)
    finally:
        for w in workers:
            w.kill()  # SIGKILL: the worker has no chance to say anything
        for w in workers:
            w.wait(timeout=60)
        locker.rollback()
        locker.close()
    assert {kind: job[0] for kind, job in _jobs(watcher, first).items()} == dict.fromkeys(KINDS, "running")

    assert _django(env, GIVE_UP) == "4"  # each given up once silent 6 seconds
    for kind, (status, _, _, message) in _jobs(watcher, first).items():
        assert status == "failed", kind
        assert message.endswith(
            "stopped without finishing (nothing was heard from it for 0.1 minutes), "
            "so nothing it did was kept. Ask again."
        ), message

    again = json.loads(_django(env, REQUEST))  # the same requests: new jobs, not the dead ones
    assert all(again[kind] != first[kind] for kind in KINDS), (first, again)
    assert {kind: job[0] for kind, job in _jobs(watcher, again).items()} == dict.fromkeys(KINDS, "queued")
    _peerlift(env, "worker", "--batch", "--interval", "0.2")
    ended = _jobs(watcher, again)
    watcher.close()
    # an empty register: each ends (none left running), done with nothing to do or failed saying why
    assert {kind: (job[0], job[3]) for kind, job in ended.items()} == {
        "categories": (
            "failed",
            "The categories could not be worked out: no open schools of LA 999 are in the register: "
            "import a GIAS extract first.",
        ),
        "brokerage": ("done", ""),  # no needs: nothing proposed
        "families": (
            "failed",
            "The families could not be built: no census figures (pupils on roll) are in the register: "
            "import a school census file first (england_census.csv).",
        ),
        "datapacks": ("failed", "The packs could not be made: the register holds no open school in LA 999."),
    }
