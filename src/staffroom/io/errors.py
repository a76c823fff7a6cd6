"""Errors about input files, always naming the file and, where known, the row and column."""

from __future__ import annotations

__all__ = ["InputFileError"]


class InputFileError(ValueError):
    """A file cannot be used as given.

    ``row`` is the row number a person sees in a spreadsheet (the header is row 1, the
    first data row is row 2); for Parquet files it is the record number (first is 1).
    """

    def __init__(
        self, path: str, problem: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.path = path
        self.problem = problem
        self.row = row
        self.column = column
        where = [path]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + ": " + problem)
