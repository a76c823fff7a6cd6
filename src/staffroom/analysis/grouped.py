"""Sufficient statistics per group, computed in one vectorised pass.

Every per-group statistic in the engine (means, standard deviations, ANOVA sums of
squares, agreement indices) derives from the counts, means and sums of squared
deviations computed here with ``numpy.bincount``, so no Python loop runs per group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

__all__ = ["NOT_REPORTED", "GroupMoments", "GroupedValues", "encode_labels", "group_moments"]

NOT_REPORTED = "(not reported)"
"""Label of the cell holding blank group or demographic values."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def encode_labels(values: pd.Series) -> tuple[IntArray, list[str]]:
    """Integer codes and sorted text labels for a column of group or demographic values.

    Values are compared as text after stripping spaces; blank and missing values
    become the label ``"(not reported)"``, a cell of its own. Only the distinct values
    are cleaned, so the cost is one factorisation of the column.
    """
    raw_codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cleaned = [str(u).strip() or NOT_REPORTED for u in uniques]
    if (raw_codes < 0).any():
        cleaned.append(NOT_REPORTED)
    labels = sorted(set(cleaned))
    position = {label: i for i, label in enumerate(labels)}
    remap = np.array([position[label] for label in cleaned], dtype=np.int64)
    # code -1 (missing) indexes the last entry, which is NOT_REPORTED when any is missing
    return remap[raw_codes], labels


@dataclass(frozen=True)
class GroupMoments:
    """Per group (rows) and column: count of non-missing values, mean, and
    M2 = sum of squared deviations from the group mean."""

    count: IntArray
    mean: FloatArray
    m2: FloatArray

    def sd(self) -> FloatArray:
        """Sample standard deviation (divisor n - 1); NaN where n < 2."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.count >= 2, np.sqrt(self.m2 / (self.count - 1)), np.nan)

    def column(self, index: int) -> GroupMoments:
        """The moments of one column of a two-dimensional result."""
        return GroupMoments(
            count=self.count[:, index], mean=self.mean[:, index], m2=self.m2[:, index]
        )

    def pooled(self) -> tuple[int, float, float]:
        """(n, mean, sd) of all groups together (1-D moments), from the group moments:
        M2 = sum M2_g + sum n_g (mean_g - mean)^2 (Chan, Golub & LeVeque, 1983)."""
        occupied = self.count > 0
        counts, means = self.count[occupied], self.mean[occupied]
        n = int(counts.sum())
        if n == 0:
            return 0, float("nan"), float("nan")
        mean = float(np.sum(counts * means) / n)
        m2 = float(np.sum(self.m2[occupied]) + np.sum(counts * (means - mean) ** 2))
        return n, mean, (float(np.sqrt(m2 / (n - 1))) if n > 1 else float("nan"))


class GroupedValues:
    """Columns of values prepared once, to be summarised under several groupings.

    Preparing (missing-value mask, zero-filled values in column-major order) is done
    once; each grouping is then two passes: ``bincount`` of counts and sums for the
    group means, then of squared deviations from those means. The second pass makes
    M2 exact to rounding even when a group's spread is tiny next to its mean, which a
    one-pass formula (sum x^2 - (sum x)^2 / n) cannot promise (Chan, Golub & LeVeque,
    1983).
    """

    def __init__(self, values: FloatArray) -> None:
        self._one_d = values.ndim == 1
        self._k = 1 if self._one_d else values.shape[1]
        two_d = values.reshape(len(values), self._k)
        missing = np.isnan(two_d)
        zeroed = np.where(missing, 0.0, two_d)
        # weights are kept column-major (each column contiguous); cells match that order
        self._present = np.logical_not(missing).ravel(order="F").astype(np.float64)
        self._values = zeroed.ravel(order="F")

    def moments(self, codes: IntArray, n_groups: int) -> GroupMoments:
        """Count, mean and M2 per group code (0 to ``n_groups - 1``) and column."""
        k = self._k
        cells = codes if k == 1 else (codes[None, :] * k + np.arange(k)[:, None]).ravel()
        size = n_groups * k
        count = np.bincount(cells, weights=self._present, minlength=size)
        total = np.bincount(cells, weights=self._values, minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = total / count
        deviation = self._values - np.nan_to_num(mean)[cells]
        deviation *= deviation
        deviation *= self._present
        m2 = np.bincount(cells, weights=deviation, minlength=size)
        shape = (n_groups,) if self._one_d else (n_groups, k)
        return GroupMoments(
            count=count.astype(np.int64).reshape(shape),
            mean=mean.reshape(shape),
            m2=m2.astype(np.float64).reshape(shape),
        )


def group_moments(values: FloatArray, codes: IntArray, n_groups: int) -> GroupMoments:
    """Count, mean and M2 of ``values`` (n, or n x k; NaN = missing) per group code."""
    return GroupedValues(np.asarray(values, dtype=np.float64)).moments(codes, n_groups)
