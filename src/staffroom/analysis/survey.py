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
from staffroom.analysis.grouped import GroupedValues, encode_labels
from staffroom.analysis.multilevel import agreement_from_answers, icc_from_moments
from staffroom.analysis.reliability import alpha_from_covariance, covariance_from_parts
from staffroom.analysis.scales import ScaleSpec
from staffroom.analysis.scoring import scale_answers
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


def _nullable_counts(counts: NDArray[np.integer[Any]], hidden: BoolArray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(counts.astype(np.int64), hidden.copy())


def _codes(*arrays: NDArray[np.integer[Any]]) -> Any:
    """MultiIndex codes from integer arrays (built directly: no per-row Python work)."""
    return list(arrays)


def _masked(values: FloatArray, hidden: BoolArray) -> FloatArray:
    return np.where(hidden, np.nan, values)


@dataclass(frozen=True)
class _ScaleOutcome:
    """Overall statistics of one scale (already suppressed) and its group agreement."""

    summary: dict[str, float]
    items: pd.DataFrame
    rwg_j: FloatArray
    ad_m: FloatArray
    agreement_n: IntArray


def _analyze_scale(
    responses: pd.DataFrame,
    scale: ScaleSpec,
    groups: IntArray,
    n_groups: int,
    min_n: int,
) -> tuple[FloatArray, _ScaleOutcome]:
    """Scores of one scale, its reliability and item statistics, and group agreement."""
    answers = scale_answers(responses, scale)
    zeroed, present = answers.zeroed, answers.present
    scores = answers.scores(scale.min_answered)
    cov, pair_n, item_mean = covariance_from_parts(zeroed, present)
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
    agreement = agreement_from_answers(
        zeroed, present, groups, n_groups, low=scale.low, high=scale.high
    )
    outcome = _ScaleOutcome(
        summary={"alpha": alpha, "alpha_standardized": alpha_std},
        items=items,
        rwg_j=agreement.rwg_j,
        ad_m=agreement.ad_m,
        agreement_n=agreement.n,
    )
    return scores, outcome


def _breakdown(
    values: pd.Series,
    column: str,
    groups: IntArray,
    group_labels: list[str],
    hidden_groups: BoolArray,
    scores: GroupedValues,
    scale_ids: list[str],
    hidden_group_scales: BoolArray,
    min_n: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells (group x value) of one demographic column, suppressed within each group.

    ``hidden_group_scales`` (scales x groups) marks scales hidden for a whole group:
    they stay hidden in every cell, or the cells would add back up to them.
    """
    value_codes, value_labels = encode_labels(values)
    n_groups, n_values, n_scales = len(group_labels), len(value_labels), len(scale_ids)
    cells = groups * n_values + value_codes
    cell_n = np.bincount(cells, minlength=n_groups * n_values).reshape(n_groups, n_values)
    present = cell_n > 0
    cell_hidden = complementary_suppression(cell_n, min_n)
    moments = scores.moments(cells, n_groups * n_values)  # (groups*values) x scales
    # rows of the suppression problem: (scale, group); cells along the values
    scale_counts = moments.count.reshape(n_groups, n_values, n_scales).transpose(2, 0, 1)
    scale_hidden = complementary_suppression(
        scale_counts.reshape(n_scales * n_groups, n_values),
        min_n,
        suppressed=(cell_hidden[None, :, :] | hidden_group_scales[:, :, None]).reshape(
            n_scales * n_groups, n_values
        ),
        present=np.broadcast_to(present, (n_scales, n_groups, n_values)).reshape(
            n_scales * n_groups, n_values
        ),
    ).reshape(n_scales, n_groups, n_values)

    reported = present & ~hidden_groups[:, None]
    flat = np.flatnonzero(reported.ravel())
    group_idx, value_idx = np.divmod(flat, n_values)
    column_codes = np.zeros(flat.size, dtype=np.int64)
    hidden_flat = cell_hidden.ravel()[flat]
    table = pd.DataFrame(
        {"n": _nullable_counts(cell_n.ravel()[flat], hidden_flat), "suppressed": hidden_flat},
        index=pd.MultiIndex(
            levels=[group_labels, [column], value_labels],
            codes=_codes(group_idx, column_codes, value_idx),
            names=["group", "column", "value"],
        ),
    )
    hidden = scale_hidden.reshape(n_scales, -1)[:, flat].T.ravel()  # cell-major, scale-minor
    repeat = np.repeat(np.arange(flat.size), n_scales)
    scale_table = pd.DataFrame(
        {
            "n": _nullable_counts(moments.count[flat].ravel(), hidden),
            "mean": _masked(moments.mean[flat].ravel(), hidden),
            "sd": _masked(moments.sd()[flat].ravel(), hidden),
            "suppressed": hidden,
        },
        index=pd.MultiIndex(
            levels=[group_labels, [column], value_labels, scale_ids],
            codes=_codes(
                group_idx[repeat],
                column_codes[repeat],
                value_idx[repeat],
                np.tile(np.arange(n_scales), flat.size),
            ),
            names=["group", "column", "value", "scale"],
        ),
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

    groups, group_labels = encode_labels(responses[group])
    n_groups = len(group_labels)
    group_sizes = np.bincount(groups, minlength=n_groups).astype(np.int64)
    hidden_groups = complementary_suppression(group_sizes[None, :], min_n)[0]

    scale_ids = [scale.id for scale in scales]
    n_scales = len(scales)
    analysed = [_analyze_scale(responses, scale, groups, n_groups, min_n) for scale in scales]
    score_matrix = np.empty((len(responses), n_scales), order="F")
    for s, (scores, _) in enumerate(analysed):
        score_matrix[:, s] = scores
    outcomes = [outcome for _, outcome in analysed]
    prepared_scores = GroupedValues(score_matrix)
    by_group = prepared_scores.moments(groups, n_groups)  # groups x scales
    # a scale is hidden for a group with fewer than min_n scores, complementary across groups
    hidden_group_scales = complementary_suppression(
        by_group.count.T,
        min_n,
        suppressed=np.broadcast_to(hidden_groups, (n_scales, n_groups)),
        present=np.broadcast_to(group_sizes > 0, (n_scales, n_groups)),
    )  # scales x groups

    summaries = []
    for s, outcome in enumerate(outcomes):
        scale_moments = by_group.column(s)
        reliability = icc_from_moments(scale_moments)
        scored, mean, sd = scale_moments.pooled()
        summary = {
            "n": float(scored),
            "mean": mean,
            "sd": sd,
            **outcome.summary,
            "icc1": np.nan if reliability.icc1 is None else reliability.icc1,
            "icc2": np.nan if reliability.icc2 is None else reliability.icc2,
        }
        if scored < min_n:
            summary = {key: np.nan for key in summary}
        summaries.append(summary)

    scales_table = pd.DataFrame(summaries, index=pd.Index(scale_ids, name="scale"))
    scales_table["n"] = pd.array(
        [None if np.isnan(v) else int(v) for v in scales_table["n"]], dtype="Int64"
    )
    items_table = (
        pd.concat([outcome.items for outcome in outcomes])
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

    hidden = hidden_group_scales.T  # groups x scales, like by_group
    if n_scales:
        rwg = np.column_stack([o.rwg_j for o in outcomes])
        ad = np.column_stack([o.ad_m for o in outcomes])
        agreement_hidden = hidden | (np.column_stack([o.agreement_n for o in outcomes]) < min_n)
    else:
        rwg = ad = np.empty((n_groups, 0))
        agreement_hidden = hidden
    group_scales = pd.DataFrame(
        {
            "n": _nullable_counts(
                by_group.count.reshape(n_groups, n_scales).ravel(), hidden.ravel()
            ),
            "mean": _masked(by_group.mean, hidden).ravel(),
            "sd": _masked(by_group.sd(), hidden).ravel(),
            "rwg_j": _masked(rwg, agreement_hidden).ravel(),
            "ad_m": _masked(ad, agreement_hidden).ravel(),
            "suppressed": hidden.ravel(),
        },
        index=pd.MultiIndex.from_product([group_labels, scale_ids], names=["group", "scale"]),
    )

    breakdowns = [
        _breakdown(
            responses[b],
            b,
            groups,
            group_labels,
            hidden_groups,
            prepared_scores,
            scale_ids,
            hidden_group_scales,
            min_n,
        )
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
