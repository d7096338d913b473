"""Import rights (issue 8, defect 5; decision 0006): an LA's import writes its own LA's schools only.

The file is the real GIAS slice in tests/data/gias: four Hampshire schools (LA 850: URNs 115850,
115851, 115852, 116018) and one Surrey school (LA 936: URN 125131), read off the file by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from peerlift.sources.base import SourceError
from peerlift.store import imports
from peerlift.store.models import Establishment, EstablishmentChange, Import
from peerlift.store.rights import NATIONAL, Rights

pytestmark = pytest.mark.django_db

SLICE = Path(__file__).resolve().parents[1] / "data" / "gias" / "20220420_gias_slice.csv"
HAMPSHIRE = [115850, 115851, 115852, 116018]
SURREY = 125131
RULE = (
    "An LA's officers and administrators import files for their own LA's schools; other LAs' "
    "schools and national data are imported by a system administrator."
)


def _one_row(tmp_path: Path, replace: tuple[str, str]) -> Path:
    """The slice cut to the Surrey school's row, with one change to it."""
    lines = SLICE.read_bytes().decode("cp1252").splitlines()
    row = next(line for line in lines if line.startswith(f"{SURREY},"))
    assert replace[0] in row
    path = tmp_path / "20220501_gias.csv"
    path.write_bytes(f"{lines[0]}\r\n{row.replace(*replace, 1)}\r\n".encode("cp1252"))
    return path


def test_an_la_import_writes_its_own_schools_and_names_the_rows_left_out() -> None:
    outcome = imports.import_file(SLICE, rights=Rights(850))
    assert sorted(Establishment.objects.values_list("urn", flat=True)) == HAMPSHIRE
    assert outcome.las == [850]
    record = outcome.record
    assert record.counts["establishments"] == 4
    assert record.counts["refused"] == [{"table": "establishments", "la": 936, "rows": 1, "urns": [SURREY]}]
    assert record.counts["refused_note"] == (
        "1 row is not for LA 850's schools and was left out (establishments: 1 row of LA 936 "
        f"(URN {SURREY})). {RULE}"
    )
    assert record.counts["refused_note"] in record.notes


def test_another_la_s_school_cannot_be_rewritten(tmp_path: Path) -> None:
    """The probe's case: one row renaming and closing another LA's school is refused whole."""
    imports.import_file(SLICE)
    before = Establishment.objects.get(urn=SURREY)
    renamed = _one_row(tmp_path, ('"The Grove Primary School"', '"Renamed by another LA"'))
    with pytest.raises(SourceError) as refused:
        imports.import_file(renamed, rights=Rights(850))
    assert str(refused.value) == (
        f"{renamed.name}: nothing was imported: the file holds no rows for LA 850's schools "
        f"(establishments: 1 row of LA 936 (URN {SURREY})). {RULE}"
    )
    assert Establishment.objects.get(urn=SURREY).name == before.name == "The Grove Primary School"
    assert not EstablishmentChange.objects.exists()
    failed = Import.objects.get(status=Import.Status.FAILED)
    assert failed.file_name == renamed.name and "LA 936" in failed.error


def test_a_school_cannot_be_moved_out_of_another_la(tmp_path: Path) -> None:
    imports.import_file(SLICE)
    moved = _one_row(tmp_path, ('"936","Surrey"', '"850","Hampshire"'))
    with pytest.raises(SourceError) as refused:
        imports.import_file(moved, rights=Rights(850))
    assert f"establishments: 1 row of LA 936 (URN {SURREY})" in str(refused.value)
    assert Establishment.objects.get(urn=SURREY).la_code == 936


def test_national_data_is_refused_to_an_la(shared_data: Path) -> None:
    la_list = shared_data / "la_stats" / "lait_current_metadata" / "la_code_list.xlsx"
    with pytest.raises(SourceError) as refused:
        imports.import_file(la_list, rights=Rights(850))
    assert "nothing was imported: the file holds no rows for LA 850's schools (local authorities: " in str(
        refused.value
    )
    assert "rows of national data)" in str(refused.value)


def test_the_same_bytes_with_wider_rights_load_the_rest() -> None:
    imports.import_file(SLICE, rights=Rights(850))
    national = imports.import_file(SLICE, rights=NATIONAL)
    assert not national.unchanged  # the LA's import wrote only its own rows
    assert Establishment.objects.filter(urn=SURREY).exists()
    again = imports.import_file(SLICE, rights=Rights(850))
    assert again.unchanged and again.record.pk == national.record.pk  # national covers the LA's


def test_the_importer_is_told_inside_the_transaction_which_las_it_wrote() -> None:
    told: list[tuple[int, list[int], bool]] = []
    outcome = imports.import_file(
        SLICE, on_loaded=lambda record, las: told.append((record.pk, las, connection.in_atomic_block))
    )
    assert told == [(outcome.record.pk, [850, 936], True)]


@pytest.mark.django_db(transaction=True)
def test_the_command_line_imports_as_a_named_user_with_their_rights() -> None:
    from cli_runner import run

    from peerlift.web import accounts
    from peerlift.web.models import AuditEntry, Role

    accounts.create_user(
        "hants", "correct horse battery staple", accounts.Scope(Role.OFFICER, la=850), actor="t"
    )
    code, _, err = run("import", "--user", "hants", str(SLICE))
    assert code == 0, err
    assert "1 row is not for LA 850's schools and was left out" in err
    record = Import.objects.get()
    assert record.loaded_by == "hants"
    assert list(AuditEntry.objects.filter(action="import file").values_list("la_code", "actor")) == [
        (850, "hants")
    ]
    code, _, err = run("import", "--user", "nobody", str(SLICE))
    assert code == 1 and "There is no active peerlift user called 'nobody'." in err
