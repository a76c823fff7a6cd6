"""Errors raised by the analysis engine.

Every error the engine raises on bad input derives from ``AnalysisError`` (itself a
``ValueError``), so callers can catch one type and still tell the cases apart::

    AnalysisError
    ├── InvalidParameterError   a parameter is out of range (for example min_n below the floor)
    ├── MissingColumnError      a column the analysis needs is not in the responses
    └── InvalidAnswerError      an answer is not a whole number within the scale's points

The errors carry structured fields (column, row position, value) so that the I/O layer
can restate them in terms of a file's rows and columns.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "InvalidAnswerError",
    "InvalidParameterError",
    "MissingColumnError",
]


class AnalysisError(ValueError):
    """Base class of every input error raised by ``staffroom.analysis``."""


class InvalidParameterError(AnalysisError):
    """A parameter is outside the range the analysis accepts."""


class MissingColumnError(AnalysisError):
    """A column named by the caller or the instrument is absent from the responses."""

    def __init__(self, column: str, role: str) -> None:
        self.column = column
        self.role = role
        super().__init__(f"column {column!r} ({role}) is missing from the responses")


class InvalidAnswerError(AnalysisError):
    """An answer is not a whole number within the scale's lowest and highest points.

    ``position`` is the 0-based row position in the responses table.
    """

    def __init__(self, column: str, position: int, value: object, low: int, high: int) -> None:
        self.column = column
        self.position = position
        self.value = value
        self.low = low
        self.high = high
        super().__init__(
            f"column {column!r}, row position {position}: answer {value!r} is not a whole "
            f"number from {low} to {high}"
        )
