"""Data migrations, run forwards on rows written in the older shape."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("store", "0003_provenance_without_constraints")]
AFTER = [("store", "0004_establishment_record_array")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_object_records_become_arrays_named_by_their_import() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    source = old.get_model("store", "Import").objects.create(
        file_name="edubasealldata20181029.csv", sha256="0" * 64, kind="gias_establishments", status="loaded"
    )
    schools = old.get_model("store", "Establishment")
    schools.objects.create(urn=100000, name="A", source_id=source.pk, record={"URN": "100000", "Name": "A"})
    schools.objects.create(urn=100001, name="B", source_id=source.pk, record={"URN": "100001", "Name": ""})
    try:
        new = migrate(AFTER).loader.project_state(AFTER).apps
        stored = {s.urn: s.record for s in new.get_model("store", "Establishment").objects.all()}
        assert stored == {100000: ["100000", "A"], 100001: ["100001", ""]}
        assert new.get_model("store", "Import").objects.get(pk=source.pk).record_columns == ["URN", "Name"]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


# --- Every job kind one job record (store/jobs.py): the heartbeat added, every row kept -----------

JOBS_BEFORE = [("store", "0019_merge_surveys"), ("web", "0007_network_kinds_and_member_history")]
JOBS_AFTER = [("store", "0020_brokerage_run_heartbeat"), ("web", "0008_job_heartbeat_for_every_kind")]


@pytest.mark.django_db(transaction=True)
def test_job_rows_are_kept_and_one_left_running_can_be_given_up() -> None:
    import datetime as dt

    from django.utils import timezone

    from peerlift.store.models import BrokerageRun
    from peerlift.web.models import CategoryRun, FamiliesJob

    old = migrate(JOBS_BEFORE).loader.project_state(JOBS_BEFORE).apps
    asked = timezone.now() - dt.timedelta(days=2)
    runs = old.get_model("store", "BrokerageRun").objects
    stuck_run = runs.create(la_code=999, run_by="officer", status="running", result={})
    done_run = runs.create(la_code=999, run_by="officer", status="done", result={"met": 1})
    runs.update(run_at=asked)
    categories = old.get_model("web", "CategoryRun").objects
    stuck_categories = categories.create(
        la_code=999, as_at=dt.date(2026, 11, 30), requested_by="o", status="running"
    )
    families = old.get_model("web", "FamiliesJob").objects
    stuck_families = families.create(
        method="pupil", scope="national", size=3, requested_by="o", status="running"
    )
    done_families = families.create(
        method="pupil", scope="la", size=3, requested_by="o", status="done", schools=7
    )
    categories.update(requested_at=asked)
    families.update(requested_at=asked)
    try:
        new = migrate(JOBS_AFTER).loader.project_state(JOBS_AFTER).apps
        kept = new.get_model("store", "BrokerageRun").objects
        assert kept.get(pk=done_run.pk).result == {"met": 1} and kept.get(pk=done_run.pk).heartbeat_at is None
        assert kept.get(pk=stuck_run.pk).heartbeat_at == asked  # last heard of when asked for
        assert new.get_model("web", "CategoryRun").objects.get(pk=stuck_categories.pk).heartbeat_at == asked
        jobs = new.get_model("web", "FamiliesJob").objects
        assert jobs.get(pk=stuck_families.pk).heartbeat_at == asked
        assert (jobs.get(pk=done_families.pk).schools, jobs.get(pk=done_families.pk).heartbeat_at) == (
            7,
            None,
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # silent for two days: the rule gives each up, so the same request can be made again
    assert (BrokerageRun.expire_silent(), CategoryRun.expire_silent(), FamiliesJob.expire_silent()) == (
        1,
        1,
        1,
    )
    assert FamiliesJob.objects.get(pk=stuck_families.pk).status == "failed"
    assert FamiliesJob.objects.get(pk=done_families.pk).status == "done"
