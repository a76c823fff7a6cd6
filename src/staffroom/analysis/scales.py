"""What the engine needs to know about a scale: its items, keying and answer range."""

from __future__ import annotations

import math
from dataclasses import dataclass

from staffroom.analysis.exceptions import InvalidParameterError

__all__ = ["ScaleSpec"]


@dataclass(frozen=True)
class ScaleSpec:
    """A scored scale: item columns, reverse-keyed items and the answer range.

    Answers are whole numbers from ``low`` to ``high``; a reverse-keyed answer ``x``
    is scored as ``low + high - x``.
    """

    id: str
    items: tuple[str, ...]
    low: int
    high: int
    reverse: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.items:
            raise InvalidParameterError(f"scale {self.id!r} has no items")
        if len(set(self.items)) != len(self.items):
            raise InvalidParameterError(f"scale {self.id!r} lists an item twice")
        if self.high <= self.low:
            raise InvalidParameterError(
                f"scale {self.id!r}: highest point {self.high} must exceed lowest {self.low}"
            )
        unknown = [item for item in self.reverse if item not in self.items]
        if unknown:
            raise InvalidParameterError(
                f"scale {self.id!r}: reverse-keyed item {unknown[0]!r} is not one of its items"
            )

    @property
    def options(self) -> int:
        """Number of answer options A (used by the rwg null variance)."""
        return self.high - self.low + 1

    @property
    def min_answered(self) -> int:
        """Answered items a respondent needs for a scale score: half, rounded up."""
        return math.ceil(len(self.items) / 2)
