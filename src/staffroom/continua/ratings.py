"""A team's ratings on a continuum, summarised without names.

A school team rates each dimension of a continuum together; each member may first rate
privately. ``rating_spread`` shows the team how spread out those private ratings are:
how many people chose each level and the median, per dimension. Ratings are not
anonymous survey answers (the team discusses them openly), so the spread is shown even
for a small team; what is never shown is who chose what: any column other than the
dimension and the level (a rater's name or id) is ignored and never returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from staffroom.continua.loader import ContinuumError
from staffroom.continua.model import Continuum

__all__ = ["DimensionSpread", "rating_spread"]

_BETWEEN = {"en": "between {low} and {high}", "es": "entre {low} y {high}"}


@dataclass(frozen=True)
class DimensionSpread:
    """How a team's ratings of one dimension are spread over the levels."""

    dimension: str
    n: int
    """Number of ratings given (missing ratings are not counted)."""
    counts: dict[str, int]
    """Level id -> number of ratings at that level, every level listed, lowest first."""
    median: float | None
    """Median rank (1 = lowest level); halfway between two ranks when the two middle
    ratings differ; ``None`` when nobody rated the dimension."""
    levels: tuple[str, ...]
    """The continuum's level ids, lowest first (rank ``r`` is ``levels[r - 1]``)."""

    @property
    def median_level(self) -> str | None:
        """The level id at the median, or ``None`` when the median falls between levels."""
        if self.median is None or not float(self.median).is_integer():
            return None
        return self.levels[int(self.median) - 1]

    def median_label(self, titles: Mapping[str, str], language: str = "en") -> str:
        """The median in words, e.g. ``Developing`` or ``between Developing and Advanced``.

        ``titles`` maps level ids to their titles in ``language``."""
        if self.median is None:
            return "—"
        if self.median_level is not None:
            return titles[self.median_level]
        low = self.levels[int(np.floor(self.median)) - 1]
        high = self.levels[int(np.ceil(self.median)) - 1]
        template = _BETWEEN.get(language, _BETWEEN["en"])
        return template.format(low=titles[low], high=titles[high])


def _ranks(continuum: Continuum, values: pd.Series) -> pd.Series:
    """Level ids or ranks (1 = lowest) to ranks; missing stays missing."""
    by_id = {level.id: float(level.rank) for level in continuum.levels}
    from_id = pd.to_numeric(values.map(by_id), errors="coerce")
    numeric = pd.to_numeric(values, errors="coerce")
    from_rank = numeric.where(numeric.isin(range(1, len(continuum.levels) + 1)))
    ranks = from_id.where(from_id.notna(), from_rank)
    bad = values.notna() & ranks.isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        value = values.iloc[position]
        shown = value.item() if isinstance(value, np.generic) else value
        raise ContinuumError(
            "ratings",
            f"row {position + 1}",
            f"level {shown!r} is not one of "
            f"{', '.join(continuum.level_ids)} (or their ranks 1 to {len(continuum.levels)})",
        )
    return ranks.astype("float64")


def rating_spread(
    continuum: Continuum,
    ratings: pd.DataFrame,
    *,
    dimension: str = "dimension",
    level: str = "level",
) -> tuple[DimensionSpread, ...]:
    """Counts per level and the median rating for each dimension, without names.

    ``ratings`` has one row per person and dimension: ``dimension`` holds the dimension
    id and ``level`` a level id (``"developing"``) or its rank (``2``). A missing level
    (the person skipped the dimension) is not counted. Other columns are ignored.
    Returns one entry per dimension of the continuum, in the continuum's order; a
    dimension nobody rated has ``n`` 0 and no median. An unknown dimension or level
    raises ``ContinuumError`` naming the row (1 = first row of ``ratings``).
    """
    for column in (dimension, level):
        if column not in ratings.columns:
            raise ContinuumError("ratings", "", f"no column {column!r}")
    dims = ratings[dimension]
    known = dims.isin(continuum.dimension_ids)
    if not known.all():
        position = int(np.flatnonzero(~known.to_numpy())[0])
        raise ContinuumError(
            "ratings",
            f"row {position + 1}",
            f"dimension {dims.iloc[position]!r} is not one of {', '.join(continuum.dimension_ids)}",
        )
    ranks = _ranks(continuum, ratings[level])
    frame = pd.DataFrame({"dimension": dims.to_numpy(), "rank": ranks.to_numpy()}).dropna()
    frame["rank"] = frame["rank"].astype("int64")
    counts = (
        pd.crosstab(frame["dimension"], frame["rank"])
        .reindex(index=continuum.dimension_ids, columns=range(1, len(continuum.levels) + 1))
        .fillna(0)
        .astype("int64")
    )
    medians = frame.groupby("dimension")["rank"].median().reindex(continuum.dimension_ids)
    levels = tuple(continuum.level_ids)
    return tuple(
        DimensionSpread(
            dimension=dimension_id,
            n=int(row.sum()),
            counts={level_id: int(c) for level_id, c in zip(levels, row, strict=True)},
            median=None if pd.isna(medians[dimension_id]) else float(medians[dimension_id]),
            levels=levels,
        )
        for dimension_id, row in zip(counts.index, counts.to_numpy(), strict=True)
    )
