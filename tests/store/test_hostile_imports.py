"""Hostile files through the whole import, on SQLite and PostgreSQL (issue 8, defect 8): a NUL deep
in a national GIAS file is refused with its row and column by the readers, so PostgreSQL's COPY never
sees it (it used to answer with a traceback); the failure is recorded and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlift.sources.base import SourceError
from peerlift.store import imports
from peerlift.store.models import Establishment, Import

pytestmark = pytest.mark.django_db


def test_a_nul_44_kb_into_a_gias_file_is_refused_and_recorded(shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / "gias" / "20220420_gias.csv").read_bytes()
    # Row 37 of the real file is the first to start past 44,000 bytes (`head -c 44000 | wc -l` is 35,
    # and row 36 runs on past it); its school name, the fifth field, is Wildground Infant School.
    name = b'"Wildground Infant School"'
    assert data[:44_000].count(b"\n") == 35 and data.index(name) > 44_000
    path = tmp_path / "20220420_gias.csv"
    path.write_bytes(data.replace(name, b'"Late\x00nul"', 1))
    with pytest.raises(SourceError) as caught:
        imports.import_file(path, user="tester")
    assert (caught.value.row, caught.value.column) == (37, "EstablishmentName")
    assert "NUL character" in caught.value.message
    assert Establishment.objects.count() == 0
    failed = Import.objects.get(file_name="20220420_gias.csv")
    assert failed.status == Import.Status.FAILED
    assert "row 37, column 'EstablishmentName'" in failed.error
