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

__all__ = ["NOT_REPORTED", "GroupMoments", "encode_labels", "group_moments"]

NOT_REPORTED = "(not reported)"
"""Label of the cell holding blank group or demographic values."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def encode_labels(values: pd.Series) -> tuple[IntArray, list[str]]:
    """Integer codes and sorted text labels for a column of group or demographic values.

    Values are compared as text after stripping spaces; blank and missing values
    become the label ``"(not reported)"``, a cell of its own.
    """
    text = values.astype("string").str.strip().fillna("")
    text = text.mask(text == "", NOT_REPORTED)
    codes, uniques = pd.factorize(text, sort=True)
    return codes.astype(np.int64, copy=False), [str(label) for label in uniques]


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


def group_moments(values: FloatArray, codes: IntArray, n_groups: int) -> GroupMoments:
    """Count, mean and M2 of ``values`` (n, or n x k; NaN = missing) per group code.

    Two passes (means, then squared deviations) keep the variance exact to rounding
    even when means are large relative to spreads.
    """
    k = values.shape[1] if values.ndim == 2 else 1
    two_d = values.reshape(len(values), k)
    present = ~np.isnan(two_d)
    cells = (codes[:, None] * k + np.arange(k)[None, :]).ravel()
    size = n_groups * k
    count = np.bincount(cells, weights=present.ravel(), minlength=size)
    total = np.bincount(cells, weights=np.where(present, two_d, 0.0).ravel(), minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / count
    deviation = np.where(present, two_d - mean.reshape(n_groups, k)[codes], 0.0)
    m2 = np.bincount(cells, weights=(deviation * deviation).ravel(), minlength=size)
    shape = (n_groups, k) if values.ndim == 2 else (n_groups,)
    return GroupMoments(
        count=count.astype(np.int64).reshape(shape),
        mean=mean.reshape(shape),
        m2=m2.astype(np.float64).reshape(shape),
    )
