"""Two GIAS imports at once: the newer extract wins, whatever order the transactions end in.

The real first 20 rows of the national extract of 29 October 2018 are the starting register; a
January 2019 extract renames URN 100000, and a December 2018 extract (older than January's, newer
than October's) renames it otherwise and changes URN 100001's pupils. The January import holds its
transaction open for a moment (as a national one does for a minute) while the December one starts.
The expected outcome is worked out by hand: January's name and December's pupils left out; in the
history, October's name to January's, and what December said kept as the older side of a change to
January's values (an older extract read late still leaves its values in history); and January again
"already imported".
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import polars as pl
import pytest
from django.db import connection, transaction

from peerlift.sources import frames, registry
from peerlift.store import bulk, imports
from peerlift.store.models import Establishment, EstablishmentChange, Import

OCTOBER_NAME = "Sir John Cass's Foundation Primary School"  # URN 100000's name in the real extract
JANUARY_NAME = "Sir John Cass's Redcoat School"
DECEMBER_NAME = "The December Name"
PUPILS_100001 = 732  # in the real extract


def _extracts(shared_data: Path, folder: Path) -> tuple[Path, Path, Path]:
    october = shared_data / "gias" / "edubasealldata20181029_20.csv"
    text = october.read_bytes().decode("cp1252")
    january = folder / "edubasealldata20190101.csv"
    january.write_bytes(text.replace(OCTOBER_NAME, JANUARY_NAME, 1).encode("cp1252"))
    december = folder / "edubasealldata20181201.csv"
    changed = text.replace(OCTOBER_NAME, DECEMBER_NAME, 1)
    row = next(line for line in changed.splitlines() if line.startswith("100001,"))
    pupils = f'"18-01-2018","{PUPILS_100001}"'  # census date, then NumberOfPupils
    assert pupils in row
    changed = changed.replace(row, row.replace(pupils, '"18-01-2018","999"', 1), 1)
    december.write_bytes(changed.encode("cp1252"))
    return october, january, december


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (SQLite lets one writer in at a time by design)",
)
def test_an_older_extract_started_during_a_newer_import_does_not_overwrite_it(
    shared_data: Path, tmp_path: Path
) -> None:
    october, january, december = _extracts(shared_data, tmp_path)
    imports.import_file(october)
    january_written = threading.Event()
    errors: list[BaseException] = []

    def import_january() -> None:
        try:
            with transaction.atomic():  # the commit comes a moment after the rows are written
                imports.import_file(january)
                january_written.set()
                threading.Event().wait(1.5)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            january_written.set()
        finally:
            connection.close()

    def import_december() -> None:
        try:
            january_written.wait(10)
            imports.import_file(december)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_january), threading.Thread(target=import_december)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    school = Establishment.objects.get(urn=100000)
    assert (school.name, str(school.extract_date)) == (JANUARY_NAME, "2019-01-01")
    assert Establishment.objects.get(urn=100001).pupils == PUPILS_100001
    assert set(Establishment.objects.values_list("extract_date", flat=True)) == {school.extract_date}
    history = list(
        EstablishmentChange.objects.values_list(
            "urn", "field", "old", "new", "old_extract_date", "new_extract_date"
        )
    )
    assert sorted((u, f, o, n, str(a), str(b)) for u, f, o, n, a, b in history) == [
        (100000, "name", DECEMBER_NAME, JANUARY_NAME, "2018-12-01", "2019-01-01"),
        (100000, "name", OCTOBER_NAME, JANUARY_NAME, "2018-10-29", "2019-01-01"),
        (100001, "pupils", "999", str(PUPILS_100001), "2018-12-01", "2019-01-01"),
    ]
    december_import = Import.objects.get(file_name=december.name)
    assert december_import.counts["establishments"] == 0
    again = imports.import_file(january)
    assert again.unchanged and Establishment.objects.get(urn=100000).name == JANUARY_NAME


@pytest.mark.django_db
def test_the_upsert_itself_keeps_a_newer_extract(shared_data: Path) -> None:
    """The rule is in the SQL: a row sent with an older date than the stored one changes nothing,
    even when the caller did not look first (as a concurrent import could not have)."""
    extract = shared_data / "gias" / "edubasealldata20181029_20.csv"
    imports.import_file(extract)
    school = Establishment.objects.get(urn=100000)
    row = (
        registry.reader_for(extract)
        .read(extract)
        .tables[frames.ESTABLISHMENTS]
        .filter(pl.col("urn") == 100000)
        .with_columns(pl.col(pl.String).fill_null(""))
    )

    def send(name: str, date: str | None) -> None:
        when = dt.date.fromisoformat(date) if date else None
        frame = row.with_columns(
            pl.lit(name).alias("name"), pl.lit(when, dtype=pl.Date).alias("extract_date")
        )
        bulk.upsert(Establishment, frame, ["urn"], unless_older="extract_date")

    send("Older", "2018-09-01")
    assert Establishment.objects.get(urn=100000).name == school.name
    send("Same day", "2018-10-29")
    assert Establishment.objects.get(urn=100000).name == "Same day"
    send("Newer", "2019-01-01")
    assert str(Establishment.objects.get(urn=100000).extract_date) == "2019-01-01"
    send("Undated", None)  # an extract of unknown date does not overwrite a dated one
    assert Establishment.objects.get(urn=100000).name == "Newer"
