"""Group-level statistics: ICC(1), ICC(2), rwg(j) and AD(M), as R's ``multilevel`` package."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError
from staffroom.analysis.grouped import group_moments

__all__ = ["Agreement", "IccResult", "icc", "uniform_null_variance", "within_group_agreement"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class IccResult:
    """Intraclass correlations from a one-way ANOVA of scores on group."""

    icc1: float | None
    icc2: float | None
    msb: float | None
    msw: float | None
    groups: int
    n: int


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def icc(scores: FloatArray, groups: IntArray) -> IccResult:
    """ICC(1) and ICC(2) of respondent scores nested in groups.

    Parameters
    ----------
    scores
        One score per respondent; NaN scores are left out (as ``aov`` does).
    groups
        Integer group code per respondent (0-based).

    Notes
    -----
    From the one-way ANOVA of scores on group, with N scored respondents in G groups,
    MSB = sum_g n_g (mean_g - mean)^2 / (G - 1) and MSW = sum (y - mean_g)^2 / (N - G):

    * ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW), with k = N / G the mean group size;
    * ICC(2) = (MSB - MSW) / MSB, the reliability of group means.

    Undefined (None) with fewer than two groups or no within-group degrees of freedom.
    Checked against R ``multilevel::ICC1`` and ``ICC2`` on ``aov(score ~ group)``.

    References
    ----------
    Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability:
    Implications for data aggregation and analysis. In K. J. Klein & S. W. J. Kozlowski
    (Eds.), Multilevel theory, research, and methods in organizations (pp. 349-381).
    Jossey-Bass.
    """
    scores = np.asarray(scores, dtype=np.float64)
    groups = np.asarray(groups, dtype=np.int64)
    if scores.shape != groups.shape:
        raise InvalidParameterError("scores and groups must have the same length")
    keep = ~np.isnan(scores)
    y, g = scores[keep], groups[keep]
    n_total = int(y.size)
    if n_total == 0:
        return IccResult(None, None, None, None, 0, 0)
    moments = group_moments(y, g, int(g.max()) + 1)
    occupied = moments.count > 0
    n_groups = int(occupied.sum())
    if n_groups < 2 or n_total - n_groups < 1:
        return IccResult(None, None, None, None, n_groups, n_total)
    grand = y.mean()
    counts = moments.count[occupied]
    msb = np.float64(np.sum(counts * (moments.mean[occupied] - grand) ** 2)) / (n_groups - 1)
    msw = np.float64(np.sum(moments.m2[occupied])) / (n_total - n_groups)
    k = n_total / n_groups
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msb - msw) / (msb + (k - 1) * msw)
        icc2 = (msb - msw) / msb
    return IccResult(_finite(icc1), _finite(icc2), float(msb), float(msw), n_groups, n_total)


def uniform_null_variance(options: int) -> float:
    """Variance of a uniform distribution over A answer options: (A^2 - 1) / 12."""
    if options < 2:
        raise InvalidParameterError("a scale needs at least two answer options")
    return (options * options - 1) / 12.0


@dataclass(frozen=True)
class Agreement:
    """Within-group agreement per group: rwg(j), AD(M), and the members they used."""

    rwg_j: FloatArray
    ad_m: FloatArray
    n: IntArray


def within_group_agreement(
    matrix: FloatArray, groups: IntArray, n_groups: int, options: int
) -> Agreement:
    """rwg(j) and AD(M) of a multi-item scale in every group, in one vectorised pass.

    Parameters
    ----------
    matrix
        Respondents x the scale's J items (NaN = missing). Reverse keying does not
        change either index.
    groups
        Integer group code (0 to ``n_groups - 1``) per respondent.
    options
        Number of answer options A.

    Notes
    -----
    Only members who answered every item of the scale are used (listwise, as
    ``multilevel`` does with ``na.exclude``). With s2 the mean over items of the
    within-group item variances (divisor n - 1) and sigma2 = (A^2 - 1) / 12 the
    variance of a uniform ("no agreement") null distribution:

    * rwg(j) = J (1 - s2 / sigma2) / (J (1 - s2 / sigma2) + s2 / sigma2), set to 0 when
      s2 > sigma2, undefined for fewer than two members (James, Demaree & Wolf, 1984);
    * AD(M) = mean over items of the mean absolute deviation from the item's group mean
      (Burke & Dunlap, 2002), undefined for fewer than two members.

    Checked against R ``multilevel::rwg.j(x, grp, ranvar = (A^2 - 1) / 12)`` and
    ``multilevel::ad.m(x, grp, type = "mean")``.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater
    reliability with and without response bias. Journal of Applied Psychology, 69(1),
    85-98.
    Burke, M. J., & Dunlap, W. P. (2002). Estimating interrater agreement with the
    average deviation index: A user's guide. Organizational Research Methods, 5(2),
    159-172.
    """
    sigma2 = uniform_null_variance(options)
    matrix = np.asarray(matrix, dtype=np.float64)
    groups = np.asarray(groups, dtype=np.int64)
    complete = ~np.isnan(matrix).any(axis=1)
    rows, codes = matrix[complete], groups[complete]
    j = matrix.shape[1]
    moments = group_moments(rows, codes, n_groups)
    n = np.bincount(codes, minlength=n_groups).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_variance = (moments.m2 / (n[:, None] - 1)).mean(axis=1)
        ratio = mean_variance / sigma2
        rwg = j * (1 - ratio) / (j * (1 - ratio) + ratio)
    rwg = np.where(ratio > 1, 0.0, rwg)
    rwg = np.where(n >= 2, rwg, np.nan)
    deviation = np.abs(rows - moments.mean[codes])
    cells = (codes[:, None] * j + np.arange(j)[None, :]).ravel()
    absolute = np.bincount(cells, weights=deviation.ravel(), minlength=n_groups * j)
    with np.errstate(divide="ignore", invalid="ignore"):
        ad = (absolute.reshape(n_groups, j) / n[:, None]).mean(axis=1)
    ad = np.where(n >= 2, ad, np.nan)
    return Agreement(rwg_j=rwg, ad_m=ad, n=n)
