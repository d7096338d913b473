"""The error every reader raises: it names the file, row and column, so that an officer can find the
cell. In a module of its own so that the workbook checks (below the readers' shared code) can raise it."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A published file could not be read. Says which file, row and column, and what was wrong."""

    def __init__(
        self, file: str | Path, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = Path(file).name
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"
