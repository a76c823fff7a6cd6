"""Survey analysis end to end: scale statistics, group results, breakdowns, suppression.

``analyze_survey`` is the one place survey numbers are computed; the CLI, the web
pages and the reports all call it, and everything it returns is already suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import MissingColumnError
from staffroom.analysis.grouped import encode_labels, group_moments
from staffroom.analysis.multilevel import icc, within_group_agreement
from staffroom.analysis.reliability import alpha_from_covariance, pairwise_covariance
from staffroom.analysis.scales import ScaleSpec
from staffroom.analysis.scoring import scale_matrix, score_rows, validate_answers
from staffroom.analysis.suppression import DEFAULT_MIN_N, check_min_n, complementary_suppression

__all__ = ["SurveyResults", "analyze_survey"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class SurveyResults:
    """Suppressed results of one survey, as tidy tables.

    Hidden statistics are missing (``NaN`` or ``<NA>``) and flagged ``suppressed``.

    * ``scales``: index scale; n, mean, sd, alpha, alpha_standardized, icc1, icc2.
    * ``items``: index (scale, item); n, mean, sd, r_drop, alpha_if_dropped.
    * ``groups``: index group; n, suppressed.
    * ``group_scales``: index (group, scale); n, mean, sd, rwg_j, ad_m, suppressed.
    * ``breakdown``: index (group, column, value); n, suppressed (reported groups only).
    * ``breakdown_scales``: index (group, column, value, scale); n, mean, sd, suppressed.
    """

    respondents: int
    min_n: int
    group_column: str
    by_columns: tuple[str, ...]
    scales: pd.DataFrame
    items: pd.DataFrame
    groups: pd.DataFrame
    group_scales: pd.DataFrame
    breakdown: pd.DataFrame
    breakdown_scales: pd.DataFrame


def _nullable_counts(counts: IntArray, hidden: BoolArray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(counts.astype(np.int64), hidden.copy())


def _codes(*arrays: NDArray[np.integer[Any]]) -> Any:
    """MultiIndex codes from integer arrays (built directly: no per-row Python work)."""
    return list(arrays)


def _masked(values: FloatArray, hidden: BoolArray) -> FloatArray:
    return np.where(hidden, np.nan, values)


@dataclass(frozen=True)
class _ScaleOutcome:
    scores: FloatArray
    summary: dict[str, float]
    items: pd.DataFrame
    group_count: IntArray
    group_mean: FloatArray
    group_sd: FloatArray
    group_hidden: BoolArray
    rwg_j: FloatArray
    ad_m: FloatArray


def _analyze_scale(
    responses: pd.DataFrame,
    scale: ScaleSpec,
    groups: IntArray,
    n_groups: int,
    hidden_groups: BoolArray,
    group_sizes: IntArray,
    min_n: int,
) -> _ScaleOutcome:
    matrix = scale_matrix(responses, scale)
    scores = score_rows(matrix, scale.min_answered)
    scored = scores[~np.isnan(scores)]
    overall_hidden = scored.size < min_n

    cov, pair_n, item_mean = pairwise_covariance(matrix)
    alpha, alpha_std, r_drop, alpha_dropped = alpha_from_covariance(cov)
    item_n = np.diag(pair_n).astype(np.int64)
    item_hidden = item_n < min_n
    items = pd.DataFrame(
        {
            "n": _nullable_counts(item_n, item_hidden),
            "mean": _masked(item_mean, item_hidden),
            "sd": _masked(np.sqrt(np.diag(cov)), item_hidden),
            "r_drop": _masked(r_drop, item_hidden),
            "alpha_if_dropped": _masked(alpha_dropped, item_hidden),
        },
        index=pd.MultiIndex.from_product([[scale.id], list(scale.items)], names=["scale", "item"]),
    )
    icc_result = icc(scores, groups)
    summary = {
        "n": float(scored.size),
        "mean": float(scored.mean()) if scored.size else np.nan,
        "sd": float(scored.std(ddof=1)) if scored.size > 1 else np.nan,
        "alpha": alpha,
        "alpha_standardized": alpha_std,
        "icc1": np.nan if icc_result.icc1 is None else icc_result.icc1,
        "icc2": np.nan if icc_result.icc2 is None else icc_result.icc2,
    }
    if overall_hidden:
        summary = {key: np.nan for key in summary}

    moments = group_moments(scores, groups, n_groups)
    hidden = complementary_suppression(
        moments.count[None, :],
        min_n,
        suppressed=hidden_groups[None, :],
        present=(group_sizes > 0)[None, :],
    )[0]
    agreement = within_group_agreement(matrix, groups, n_groups, scale.options)
    agreement_hidden = hidden | (agreement.n < min_n)
    return _ScaleOutcome(
        scores=scores,
        summary=summary,
        items=items,
        group_count=moments.count,
        group_mean=_masked(moments.mean, hidden),
        group_sd=_masked(moments.sd(), hidden),
        group_hidden=hidden,
        rwg_j=_masked(agreement.rwg_j, agreement_hidden),
        ad_m=_masked(agreement.ad_m, agreement_hidden),
    )


def _breakdown(
    values: pd.Series,
    column: str,
    groups: IntArray,
    group_labels: list[str],
    hidden_groups: BoolArray,
    outcomes: Sequence[tuple[str, _ScaleOutcome]],
    min_n: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells (group x value) of one demographic column, suppressed within each group."""
    value_codes, value_labels = encode_labels(values)
    n_groups, n_values = len(group_labels), len(value_labels)
    cells = groups * n_values + value_codes
    cell_n = np.bincount(cells, minlength=n_groups * n_values).reshape(n_groups, n_values)
    cell_hidden = complementary_suppression(cell_n, min_n)
    reported = (cell_n > 0) & ~hidden_groups[:, None]
    flat = np.flatnonzero(reported.ravel())
    group_idx, value_idx = np.divmod(flat, n_values)
    column_codes = np.zeros(flat.size, dtype=np.int64)
    index = pd.MultiIndex(
        levels=[group_labels, [column], value_labels],
        codes=_codes(group_idx, column_codes, value_idx),
        names=["group", "column", "value"],
    )
    hidden_flat = cell_hidden.ravel()[flat]
    table = pd.DataFrame(
        {
            "n": _nullable_counts(cell_n.ravel()[flat], hidden_flat),
            "suppressed": hidden_flat,
        },
        index=index,
    )
    scale_ids = [scale_id for scale_id, _ in outcomes]
    n_scales = len(scale_ids)
    counts = np.empty((flat.size, n_scales), dtype=np.int64)
    means = np.empty((flat.size, n_scales))
    sds = np.empty((flat.size, n_scales))
    hidden = np.empty((flat.size, n_scales), dtype=bool)
    for s, (_, outcome) in enumerate(outcomes):
        moments = group_moments(outcome.scores, cells, n_groups * n_values)
        scale_hidden = complementary_suppression(
            moments.count.reshape(n_groups, n_values),
            min_n,
            # a scale hidden for the whole group stays hidden in every cell, or the
            # cells would add back up to it
            suppressed=cell_hidden | outcome.group_hidden[:, None],
            present=cell_n > 0,
        ).ravel()[flat]
        counts[:, s] = moments.count[flat]
        means[:, s] = moments.mean[flat]
        sds[:, s] = moments.sd()[flat]
        hidden[:, s] = scale_hidden
    repeat = np.repeat(np.arange(flat.size), n_scales)
    scale_index = pd.MultiIndex(
        levels=[group_labels, [column], value_labels, scale_ids],
        codes=_codes(
            group_idx[repeat],
            column_codes[repeat],
            value_idx[repeat],
            np.tile(np.arange(n_scales), flat.size),
        ),
        names=["group", "column", "value", "scale"],
    )
    hidden_all = hidden.ravel()
    scale_table = pd.DataFrame(
        {
            "n": _nullable_counts(counts.ravel(), hidden_all),
            "mean": _masked(means.ravel(), hidden_all),
            "sd": _masked(sds.ravel(), hidden_all),
            "suppressed": hidden_all,
        },
        index=scale_index,
    )
    return table, scale_table


def analyze_survey(
    responses: pd.DataFrame,
    scales: Sequence[ScaleSpec],
    *,
    group: str,
    by: Sequence[str] = (),
    min_n: int = DEFAULT_MIN_N,
) -> SurveyResults:
    """Score, describe and suppress a survey's responses by group.

    Parameters
    ----------
    responses
        One row per respondent: item columns, the group column and any ``by`` columns.
        Missing answers are NaN/None; answers must be whole numbers within each scale's
        points (``InvalidAnswerError`` otherwise).
    scales
        The scales to score.
    group
        Column identifying the group (school or team) results are reported for.
    by
        Demographic columns to break each group's results down by; blank values form
        the cell "(not reported)".
    min_n
        Minimum number of people behind any statistic (at least ``MIN_N_FLOOR``).

    Returns
    -------
    SurveyResults
        Tidy tables, with every statistic for fewer than ``min_n`` people hidden.

    Notes
    -----
    Statistics and their formulas: ``scoring.scale_scores`` (respondent scores),
    ``reliability.cronbach_alpha`` (alpha and item statistics), ``multilevel.icc``
    (ICC(1), ICC(2)), ``multilevel.within_group_agreement`` (rwg(j), AD(M)).

    Suppression, with ``complementary_suppression`` at every level:

    1. groups with fewer than ``min_n`` respondents are hidden whole, plus the next
       smallest groups if the hidden ones hold fewer than ``min_n`` together;
    2. for each scale, a group's statistics are hidden when fewer than ``min_n`` of its
       members have a scale score (same complementary rule across groups); rwg(j) and
       AD(M) are hidden too when fewer than ``min_n`` members answered every item;
    3. within each reported group and ``by`` column, cells under ``min_n`` respondents
       are hidden with the complementary rule, and then each scale within the cells;
    4. overall scale and item statistics are hidden when fewer than ``min_n`` people
       answered.

    Work is vectorised over groups: one pass of ``numpy.bincount`` per scale and
    breakdown, never a loop over groups.
    """
    min_n = check_min_n(min_n)
    scales = list(scales)
    by = list(dict.fromkeys(by))
    for column, role in [(group, "group column"), *[(b, "breakdown column") for b in by]]:
        if column not in responses.columns:
            raise MissingColumnError(column, role)
    validate_answers(responses, scales)

    groups, group_labels = encode_labels(responses[group])
    n_groups = len(group_labels)
    group_sizes = np.bincount(groups, minlength=n_groups).astype(np.int64)
    hidden_groups = complementary_suppression(group_sizes[None, :], min_n)[0]

    outcomes = [
        (
            scale.id,
            _analyze_scale(responses, scale, groups, n_groups, hidden_groups, group_sizes, min_n),
        )
        for scale in scales
    ]
    scale_ids = [scale_id for scale_id, _ in outcomes]

    scales_table = pd.DataFrame(
        [outcome.summary for _, outcome in outcomes], index=pd.Index(scale_ids, name="scale")
    )
    scales_table["n"] = pd.array(
        [None if np.isnan(v) else int(v) for v in scales_table["n"]], dtype="Int64"
    )
    items_table = (
        pd.concat([outcome.items for _, outcome in outcomes])
        if outcomes
        else pd.DataFrame(
            columns=["n", "mean", "sd", "r_drop", "alpha_if_dropped"],
            index=pd.MultiIndex.from_arrays([[], []], names=["scale", "item"]),
        )
    )
    groups_table = pd.DataFrame(
        {
            "n": _nullable_counts(group_sizes, hidden_groups),
            "suppressed": hidden_groups,
        },
        index=pd.Index(group_labels, name="group"),
    )

    def stack(field: str) -> FloatArray:
        return np.column_stack([getattr(o, field) for _, o in outcomes]).ravel()

    if outcomes:
        hidden = stack("group_hidden").astype(bool)
        group_scales = pd.DataFrame(
            {
                "n": _nullable_counts(stack("group_count").astype(np.int64), hidden),
                "mean": stack("group_mean"),
                "sd": stack("group_sd"),
                "rwg_j": stack("rwg_j"),
                "ad_m": stack("ad_m"),
                "suppressed": hidden,
            },
            index=pd.MultiIndex.from_product([group_labels, scale_ids], names=["group", "scale"]),
        )
    else:
        group_scales = pd.DataFrame(
            columns=["n", "mean", "sd", "rwg_j", "ad_m", "suppressed"],
            index=pd.MultiIndex.from_arrays([[], []], names=["group", "scale"]),
        )

    breakdowns = [
        _breakdown(responses[b], b, groups, group_labels, hidden_groups, outcomes, min_n)
        for b in by
    ]
    if breakdowns:
        breakdown = pd.concat([cells for cells, _ in breakdowns])
        breakdown_scales = pd.concat([cell_scales for _, cell_scales in breakdowns])
    else:
        breakdown = pd.DataFrame(
            {"n": pd.array([], dtype="Int64"), "suppressed": np.array([], dtype=bool)},
            index=pd.MultiIndex.from_arrays([[], [], []], names=["group", "column", "value"]),
        )
        breakdown_scales = pd.DataFrame(
            {
                "n": pd.array([], dtype="Int64"),
                "mean": np.array([]),
                "sd": np.array([]),
                "suppressed": np.array([], dtype=bool),
            },
            index=pd.MultiIndex.from_arrays(
                [[], [], [], []], names=["group", "column", "value", "scale"]
            ),
        )
    return SurveyResults(
        respondents=len(responses),
        min_n=min_n,
        group_column=group,
        by_columns=tuple(by),
        scales=scales_table,
        items=items_table,
        groups=groups_table,
        group_scales=group_scales,
        breakdown=breakdown,
        breakdown_scales=breakdown_scales,
    )
