"""Fast upserts of polars frames through Django's connection, the same SQL on SQLite and PostgreSQL.

The ORM's bulk_create builds a model object per row; national files have hundreds of thousands of
rows, so loading goes straight to ``INSERT ... ON CONFLICT ... DO UPDATE``, inside the caller's
transaction: with executemany on SQLite, and on PostgreSQL by COPY into a temporary table and one
INSERT ... SELECT from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import polars as pl
from django.db import connection, models

BATCH = 20_000
COPY_BATCH = 100_000
REGISTER_LOCK = 0x7065_6572_6C69_6674  # "peerlift": the key of the advisory lock imports take


def lock_register() -> None:
    """Make the current transaction the register's only writer until it ends.

    On PostgreSQL a transaction-scoped advisory lock: a second import waits here, before it reads
    anything, until the first commits or rolls back; readers are not held up. SQLite needs nothing
    more: its transactions here begin IMMEDIATE (see settings), which takes the database's one
    write lock at BEGIN.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_LOCK])


def table_name(model: type[models.Model]) -> str:
    return str(model._meta.db_table)


def column_name(model: type[models.Model], field: str) -> str:
    """The column of a field, named as a frame names it (a foreign key by its attname, ``source_id``)."""
    return str(model._meta.get_field(field).column)


def upsert(
    model: type[models.Model],
    frame: pl.DataFrame,
    unique: Sequence[str],
    update: Sequence[str] | None = None,
    keep_when_blank: bool = False,
    unless_older: str | None = None,
) -> int:
    """Insert the frame's rows into the model's table, updating ``update`` fields on a conflict.

    Frame columns are model field names (``source`` for a foreign key is given as ``source_id``).
    With ``keep_when_blank``, a null or an empty text value in the frame keeps what the table already
    holds: one file leaving a field out does not wipe what another file said.
    With ``unless_older`` (a date field), a conflicting row is updated only when the stored row has
    no date or the incoming date is not older than it (an incoming row without a date updates only
    an undated one): the rule lives in the statement itself, so it holds whatever the caller read
    before, concurrent imports included.
    Of rows sharing a key, the last wins. Returns the number of rows sent.
    """
    if frame.is_empty():
        return 0
    fields = list(frame.columns)
    columns = [column_name(model, f) for f in fields]
    update = [f for f in (update if update is not None else fields) if f not in unique]
    quote = connection.ops.quote_name
    table = quote(table_name(model))
    conflict = f"ON CONFLICT ({', '.join(quote(column_name(model, f)) for f in unique)}) "
    if update:
        assignments = []
        for field in update:
            column = quote(column_name(model, field))
            new = f"excluded.{column}"
            if keep_when_blank:
                given = f"NULLIF({new}, '')" if _is_text(model, field) else new
                new = f"COALESCE({given}, {table}.{column})"
            assignments.append(f"{column} = {new}")
        conflict += f"DO UPDATE SET {', '.join(assignments)}"
        if unless_older:
            stored, given = (
                f"{side}.{quote(column_name(model, unless_older))}" for side in (table, "excluded")
            )
            conflict += f" WHERE {stored} IS NULL OR {given} >= {stored}"
    else:
        conflict += "DO NOTHING"
    # One row per key (a statement may not update a row twice), in key order: B-tree inserts in
    # key order touch far fewer pages.
    rows = _sql_ready(frame.unique(list(unique), keep="last", maintain_order=True).sort(list(unique)))
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        staging = quote(f"staging_{table_name(model)}")
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA")
            _copy(cursor, staging, names, rows)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} {conflict}")
            cursor.execute(f"DROP TABLE {staging}")
    else:
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))}) {conflict}"
        with connection.cursor() as cursor:
            for batch in _batches(rows):
                cursor.executemany(sql, batch)
    return frame.height


def insert(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Plain insert of the frame's rows (for tables without a natural key)."""
    if frame.is_empty():
        return 0
    quote = connection.ops.quote_name
    table = quote(table_name(model))
    names = ", ".join(quote(column_name(model, f)) for f in frame.columns)
    rows = _sql_ready(frame)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, table, names, rows)
            return frame.height
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * frame.width)})"
        for batch in _batches(rows):
            cursor.executemany(sql, batch)
    return frame.height


def _copy(cursor: Any, table: str, names: str, rows: pl.DataFrame) -> None:
    """PostgreSQL's COPY of the rows as CSV: an order of magnitude faster than inserts.

    Polars writes a null as an empty field and an empty string as "", which is how COPY's CSV
    format tells NULL from ''.
    """
    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
        for start in range(0, rows.height, COPY_BATCH):
            copy.write(rows.slice(start, COPY_BATCH).write_csv(include_header=False))


def _is_text(model: type[models.Model], field: str) -> bool:
    """A text field, where '' means 'nothing' (a JSON field held as text in the frame is not)."""
    return model._meta.get_field(field).get_internal_type() in {"CharField", "TextField"}


def _sql_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO text (both backends parse them); everything else passes as is."""
    return frame.with_columns(
        [pl.col(name).dt.to_string("%Y-%m-%d") for name, dtype in frame.schema.items() if dtype == pl.Date]
    )


def _batches(frame: pl.DataFrame) -> Iterator[list[tuple[object, ...]]]:
    for start in range(0, frame.height, BATCH):
        yield frame.slice(start, BATCH).rows()


def fetch_frame(sql: str, params: Sequence[object], schema: dict[str, type[pl.DataType]]) -> pl.DataFrame:
    """Run a query and return its rows as a frame of the given schema.

    Built column by column with the types given, which is several times faster than letting polars
    infer them row by row. SQLite hands dates back as text and PostgreSQL as dates; both become pl.Date.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(
        [
            _series(name, values, dtype)
            for (name, dtype), values in zip(schema.items(), zip(*rows, strict=True), strict=True)
        ]
    )


def _series(name: str, values: tuple[object, ...], dtype: type[pl.DataType]) -> pl.Series:
    if dtype != pl.Date:
        return pl.Series(name, values, dtype=dtype, strict=False)
    series = pl.Series(name, values)
    return series.str.to_date("%Y-%m-%d") if series.dtype == pl.String else series.cast(pl.Date)
