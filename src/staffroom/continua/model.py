"""The continuum data model: ordered levels and dimensions described at every level."""

from __future__ import annotations

from dataclasses import dataclass, field

from staffroom.instruments.model import Text

__all__ = ["Continuum", "Dimension", "Level"]


@dataclass(frozen=True)
class Level:
    """One level of a continuum; ``rank`` is its position, 1 for the first (lowest)."""

    id: str
    title: Text
    rank: int
    description: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Dimension:
    """One dimension of practice, described at every level of its continuum."""

    id: str
    title: Text
    why: Text
    descriptors: dict[str, Text]
    """Level id -> what the practice looks like at that level, by language."""
    evidence: tuple[Text, ...] = ()
    construct: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Continuum:
    """A rubric for a team's self-assessment: ordered levels and dimensions."""

    id: str
    title: Text
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...]
    version: int = 1
    description: Text = field(default_factory=dict)
    languages: tuple[str, ...] = ("en",)
    references: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def level_ids(self) -> list[str]:
        """Level ids from lowest to highest."""
        return [level.id for level in self.levels]

    @property
    def dimension_ids(self) -> list[str]:
        return [dimension.id for dimension in self.dimensions]

    def level(self, level_id: str) -> Level:
        """The level of that id (``KeyError`` if there is none)."""
        return {level.id: level for level in self.levels}[level_id]

    def rank(self, level_id: str) -> int:
        """The level's position: 1 for the lowest level (Emerging in the built-in one)."""
        return self.level(level_id).rank

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension of that id (``KeyError`` if there is none)."""
        return {dimension.id: dimension for dimension in self.dimensions}[dimension_id]
