"""Internal consistency: Cronbach's alpha and item statistics, as R's ``psych::alpha``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError

__all__ = [
    "AlphaResult",
    "alpha_from_covariance",
    "covariance_from_parts",
    "cronbach_alpha",
    "pairwise_covariance",
]

FloatArray = NDArray[np.float64]


def pairwise_covariance(matrix: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Pairwise-complete covariance matrix of the columns of ``matrix`` (NaN = missing).

    Returns ``(cov, n, mean)``: the k x k covariance (divisor n_ij - 1, each pair over
    the rows where both columns are present, as R's ``cov(x, use = "pairwise")``),
    the k x k pair counts, and the k column means over available values.

    Notes
    -----
    With z the column-centred data (0 where missing) and m the presence indicator,
    ``cov_ij = (sum z_i z_j - (sum_j z_i)(sum_i z_j) / n_ij) / (n_ij - 1)``, where
    ``sum_j z_i`` is the sum of z_i over rows where column j is present. Three matrix
    products give every pair at once.
    """
    present = ~np.isnan(matrix)
    return covariance_from_parts(np.where(present, matrix, 0.0), present)


def covariance_from_parts(
    zeroed: FloatArray, present: NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``pairwise_covariance`` from the data with missing set to 0 and the presence mask."""
    k = zeroed.shape[1]
    count = present.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = zeroed.sum(axis=0) / count
    # one product of [centred | mask] with itself gives every cross-sum at once
    augmented = np.empty((zeroed.shape[0], 2 * k), order="F")
    np.multiply(present, np.where(count > 0, mean, 0.0), out=augmented[:, k:])
    np.subtract(zeroed, augmented[:, k:], out=augmented[:, :k])
    augmented[:, k:] = present
    products = augmented.T @ augmented
    cross, sums, n = products[:k, :k], products[:k, k:], products[k:, k:]
    # sums[i, j] = sum of z_i over rows where j is present
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (cross - sums * sums.T / n) / (n - 1)
    cov[n < 2] = np.nan
    return cov, n, mean


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha of a scale with per-item statistics.

    ``items`` has one row per item (in the given order) and columns ``n``, ``mean``,
    ``sd``, ``r_drop`` and ``alpha_if_dropped``.
    """

    alpha: float | None
    alpha_standardized: float | None
    items: pd.DataFrame


def _plain(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def alpha_from_covariance(
    cov: FloatArray,
) -> tuple[float, float, FloatArray, FloatArray]:
    """Raw and standardized alpha, r_drop and alpha-if-dropped from a covariance matrix."""
    k = cov.shape[0]
    variances = np.diag(cov)
    total = cov.sum()
    column_totals = cov.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(variances)
        corr = cov / np.outer(sd, sd)
        alpha = (1.0 - variances.sum() / total) * k / (k - 1) if k > 1 else np.nan
        alpha_std = (1.0 - k / corr.sum()) * k / (k - 1) if k > 1 else np.nan
        rest_variance = total - 2.0 * column_totals + variances
        r_drop = (column_totals - variances) / np.sqrt(variances * rest_variance)
        if k > 2:
            alpha_dropped = (
                (1.0 - (variances.sum() - variances) / rest_variance) * (k - 1) / (k - 2)
            )
        else:
            alpha_dropped = np.full(k, np.nan)
    if k == 1:
        r_drop = np.full(1, np.nan)
    # zero total variance gives +-inf above: undefined, not infinite
    return (
        float(alpha) if np.isfinite(alpha) else np.nan,
        float(alpha_std) if np.isfinite(alpha_std) else np.nan,
        np.where(np.isfinite(r_drop), r_drop, np.nan),
        np.where(np.isfinite(alpha_dropped), alpha_dropped, np.nan),
    )


def cronbach_alpha(items: pd.DataFrame | FloatArray) -> AlphaResult:
    """Cronbach's alpha, standardized alpha and item statistics, missing data pairwise.

    Parameters
    ----------
    items
        Respondents x items, already reverse-keyed; NaN marks a missing answer.
        Every available answer is used (pairwise deletion, ``psych::alpha``'s default).

    Returns
    -------
    AlphaResult
        Plain floats (``None`` where undefined) and an item table.

    Notes
    -----
    With C the pairwise-complete covariance matrix of the k items,

    * alpha = k / (k - 1) * (1 - tr(C) / sum(C))  (Cronbach, 1951);
    * standardized alpha = k / (k - 1) * (1 - k / sum(R)), with R = cov2cor(C);
    * r_drop_i = (sum_j C_ij - C_ii) / sqrt(C_ii * sum(C without row and column i)),
      the corrected item-total correlation;
    * alpha_if_dropped_i = alpha of C without row and column i.

    Item n, mean and sd use every available answer of the item. Alpha and r_drop need
    k >= 2; alpha-if-dropped needs k >= 3 (with two items ``psych::alpha`` reports the
    inter-item correlation in that column; Staffroom reports it as undefined).

    Checked against R ``psych::alpha(x, check.keys = FALSE)`` (psych 2.2.9) in
    ``tests/analysis/test_reference_r.py``.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.
    Revelle, W. (2022). psych: Procedures for psychological, psychometric, and
    personality research. R package version 2.2.9.
    """
    if isinstance(items, pd.DataFrame):
        names = [str(c) for c in items.columns]
        matrix = items.apply(pd.to_numeric, errors="coerce").astype("float64").to_numpy()
    else:
        matrix = np.asarray(items, dtype=np.float64)
        if matrix.ndim != 2:
            raise InvalidParameterError("items must be a two-dimensional respondents x items array")
        names = [str(j) for j in range(matrix.shape[1])]
    cov, n, mean = pairwise_covariance(matrix)
    alpha, alpha_std, r_drop, alpha_dropped = alpha_from_covariance(cov)
    table = pd.DataFrame(
        {
            "n": np.diag(n).astype(np.int64),
            "mean": mean,
            "sd": np.sqrt(np.diag(cov)),
            "r_drop": r_drop,
            "alpha_if_dropped": alpha_dropped,
        },
        index=pd.Index(names, name="item"),
    )
    return AlphaResult(alpha=_plain(alpha), alpha_standardized=_plain(alpha_std), items=table)
