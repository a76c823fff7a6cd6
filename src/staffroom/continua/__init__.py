"""Continua: rubrics a school team uses to rate its own practice, level by level.

A continuum is a YAML file (docs/continuum.md): ordered levels (Emerging, Developing,
Advanced in the built-in one) and dimensions described at every level, in every
language the file declares. Districts may write their own.
"""

from staffroom.continua.loader import (
    ALLOWED_KEYS,
    MAX_LEVELS,
    MIN_LEVELS,
    ContinuumError,
    builtin_continua,
    continuum_from_mapping,
    load_builtin_continuum,
    load_continuum,
    resolve_continuum,
)
from staffroom.continua.model import Continuum, Dimension, Level
from staffroom.continua.ratings import DimensionSpread, rating_spread

__all__ = [
    "ALLOWED_KEYS",
    "MAX_LEVELS",
    "MIN_LEVELS",
    "Continuum",
    "ContinuumError",
    "Dimension",
    "DimensionSpread",
    "Level",
    "builtin_continua",
    "continuum_from_mapping",
    "load_builtin_continuum",
    "load_continuum",
    "rating_spread",
    "resolve_continuum",
]
