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
