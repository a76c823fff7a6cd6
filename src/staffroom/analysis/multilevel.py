"""Group-level statistics: ICC(1), ICC(2), rwg(j) and AD(M), as R's ``multilevel`` package."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError
from staffroom.analysis.grouped import GroupMoments, group_moments

__all__ = [
    "Agreement",
    "IccResult",
    "agreement_from_answers",
    "icc",
    "icc_from_moments",
    "uniform_null_variance",
    "within_group_agreement",
]

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
    n_groups = int(groups.max()) + 1 if groups.size else 0
    return icc_from_moments(group_moments(scores, groups, n_groups))


def icc_from_moments(moments: GroupMoments) -> IccResult:
    """ICC(1) and ICC(2) from per-group counts, means and M2 of the scores (see ``icc``).

    The ANOVA needs only these sufficient statistics: SSB = sum n_g (mean_g - mean)^2,
    SSW = sum M2_g. Groups without a score are left out.
    """
    occupied = moments.count > 0
    counts = moments.count[occupied]
    n_groups, n_total = int(occupied.sum()), int(counts.sum())
    if n_groups < 2 or n_total - n_groups < 1:
        return IccResult(None, None, None, None, n_groups, n_total)
    means = moments.mean[occupied]
    grand = np.sum(counts * means) / n_total
    msb = np.float64(np.sum(counts * (means - grand) ** 2)) / (n_groups - 1)
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
    matrix: FloatArray, groups: IntArray, n_groups: int, *, low: int, high: int
) -> Agreement:
    """rwg(j) and AD(M) of a multi-item scale in every group, in one vectorised pass.

    Parameters
    ----------
    matrix
        Respondents x the scale's J items: whole-number answers from ``low`` to
        ``high``, NaN = missing. Reverse keying does not change either index.
    groups
        Integer group code (0 to ``n_groups - 1``) per respondent.
    low, high
        The answer range; A = high - low + 1 options.

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

    Both come from one histogram of answers per group x item x option (a single
    ``bincount``): sums and sums of squares are then exact integers, and the absolute
    deviations are summed over the A options instead of over respondents.

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
    matrix = np.asarray(matrix, dtype=np.float64)
    present = ~np.isnan(matrix)
    answers = matrix[present]
    if answers.size and (
        answers.min() < low or answers.max() > high or np.any(np.rint(answers) != answers)
    ):
        raise InvalidParameterError(f"answers must be whole numbers from {low} to {high}")
    zeroed = np.where(present, matrix, 0.0)
    return agreement_from_answers(
        zeroed, present, np.asarray(groups, dtype=np.int64), n_groups, low=low, high=high
    )


def agreement_from_answers(
    zeroed: FloatArray,
    present: NDArray[np.bool_],
    groups: IntArray,
    n_groups: int,
    *,
    low: int,
    high: int,
) -> Agreement:
    """``within_group_agreement`` from validated answers (0 where missing) and their mask."""
    options = high - low + 1
    sigma2 = uniform_null_variance(options)
    j = zeroed.shape[1]
    complete = present.all(axis=1)
    # incomplete rows go to a spare group n_groups, dropped below: no copy of the rows
    codes = np.where(complete, groups, n_groups)
    offsets = zeroed.astype(np.int64)
    offsets -= low
    offsets[~present] = 0
    offsets += codes[:, None] * (j * options) + np.arange(j)[None, :] * options
    cells = offsets
    size = (n_groups + 1) * j * options
    histogram = np.bincount(cells.ravel(order="K"), minlength=size)[: n_groups * j * options]
    histogram = histogram.reshape(n_groups, j, options)
    values = np.arange(low, high + 1, dtype=np.int64)
    n = histogram[:, 0, :].sum(axis=1)
    first = histogram @ values  # groups x items, exact integers
    second = histogram @ (values * values)
    with np.errstate(divide="ignore", invalid="ignore"):
        m2 = (second * n[:, None] - first * first) / n[:, None]  # exact numerator
        mean_variance = (m2 / (n[:, None] - 1)).mean(axis=1)
        ratio = mean_variance / sigma2
        rwg = j * (1 - ratio) / (j * (1 - ratio) + ratio)
        item_mean = first / n[:, None]
        absolute = (histogram * np.abs(values[None, None, :] - item_mean[:, :, None])).sum(axis=2)
        ad = (absolute / n[:, None]).mean(axis=1)
    rwg = np.where(ratio > 1, 0.0, rwg)
    rwg = np.where(n >= 2, rwg, np.nan)
    ad = np.where(n >= 2, ad, np.nan)
    return Agreement(rwg_j=rwg, ad_m=ad, n=n.astype(np.int64))
