"""Next year's file, made from this year's real one: the changes a publisher makes between vintages.

Each reader's test feeds it its real file with the columns in another order, one column renamed to a
name no reader knows, extra columns, and rows appended as a later year would add them, then checks
that it loads what it can and reports the rest (docs/data-formats.md says what each reader tolerates).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from pathlib import Path

import polars as pl

Row = dict[str, str]


def next_years_csv(
    path: Path,
    out: Path,
    *,
    rename: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
    append: Callable[[list[Row]], list[Row]] | None = None,
    encoding: str = "utf-8-sig",
    header_row: int = 0,
    seed: int = 2025,
) -> Path:
    """Write ``path`` to ``out`` with its columns shuffled, ``rename``d, ``extra`` columns added (with
    their value on every row) and the rows ``append`` makes from the file's rows (by original column
    names) added at the end. Rows shorter than the header are padded, as a spreadsheet would save them."""
    rename, extra = rename or {}, extra or {}
    text = path.read_bytes().decode(encoding)
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[header_row]
    rows = [
        dict(zip(header, r + [""] * (len(header) - len(r)), strict=False)) for r in records[header_row + 1 :]
    ]
    rows = [r for r in rows if any(v.strip() for v in r.values())]
    rows += append(rows) if append else []
    order = list(range(len(header)))
    random.Random(seed).shuffle(order)
    names = [header[i] for i in order]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([rename.get(n, n) for n in names] + list(extra))
    for row in rows:
        writer.writerow([row.get(n, "") for n in names] + list(extra.values()))
    out.write_bytes(buffer.getvalue().encode("utf-8" if encoding == "utf-8-sig" else encoding))
    return out


def shuffled_frame(frame: pl.DataFrame, seed: int = 2025) -> pl.DataFrame:
    """The frame's columns in another order."""
    names = list(frame.columns)
    random.Random(seed).shuffle(names)
    return frame.select(names)


def same_rows(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    """The same rows, whatever their order (frames of the same schema)."""
    columns = sorted(a.columns)
    return (
        a.select(columns)
        .sort(columns, nulls_last=True)
        .equals(b.select(columns).sort(columns, nulls_last=True))
    )
