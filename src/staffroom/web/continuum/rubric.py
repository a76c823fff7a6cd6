"""The continuum rubric as the pages use it, in the reader's language.

The rubric itself (dimensions, three levels, descriptors in English and Spanish, evidence
examples) is data in ``staffroom.continua``; this module only picks the reader's language
out of it, so templates stay simple.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation

from staffroom.continua import Continuum, builtin_continua, load_builtin_continuum

__all__ = [
    "DimensionView",
    "LevelView",
    "RubricView",
    "continuum_choices",
    "continuum_get",
    "rubric_get",
]


@dataclass(frozen=True)
class LevelView:
    number: int
    """1 (Emerging), 2 (Developing) or 3 (Advanced)."""
    id: str
    title: str
    descriptor: str


@dataclass(frozen=True)
class DimensionView:
    id: str
    title: str
    why: str
    levels: tuple[LevelView, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class RubricView:
    id: str
    title: str
    description: str
    dimensions: tuple[DimensionView, ...]

    def dimension(self, dimension_id: str) -> DimensionView | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    @property
    def level_titles(self) -> tuple[str, ...]:
        return tuple(level.title for level in self.dimensions[0].levels) if self.dimensions else ()


def _pick(texts: Mapping[str, str] | str, language: str) -> str:
    if isinstance(texts, str):
        return texts
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


@lru_cache(maxsize=16)
def continuum_get(continuum_id: str) -> Continuum:
    """The built-in continuum (parsed once per process; ``LookupError`` if unknown)."""
    return load_builtin_continuum(continuum_id)


@lru_cache(maxsize=16)
def _rubric(continuum_id: str, language: str) -> RubricView:
    continuum = continuum_get(continuum_id)
    dimensions = []
    for dimension in continuum.dimensions:
        levels = tuple(
            LevelView(
                number=number,
                id=level.id,
                title=_pick(level.title, language),
                descriptor=_pick(dimension.descriptors[level.id], language),
            )
            for number, level in enumerate(continuum.levels, start=1)  # ranks: 1 = lowest
        )
        dimensions.append(
            DimensionView(
                id=dimension.id,
                title=_pick(dimension.title, language),
                why=_pick(dimension.why, language),
                levels=levels,
                evidence=tuple(_pick(e, language) for e in dimension.evidence),
            )
        )
    return RubricView(
        id=continuum.id,
        title=_pick(continuum.title, language),
        description=_pick(continuum.description, language),
        dimensions=tuple(dimensions),
    )


def rubric_get(continuum_id: str) -> RubricView:
    """The rubric ``continuum_id`` in the active language (``LookupError`` if unknown)."""
    language = (translation.get_language() or "en").split("-")[0]
    return _rubric(continuum_id, language)


def continuum_choices() -> list[tuple[str, str]]:
    """(id, title) of the built-in continua, for a form's choices."""
    return [(c, rubric_get(c).title) for c in builtin_continua()]
