"""How many people chose each answer, per group and item, suppressed like the results."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from staffroom.analysis.grouped import encode_labels
from staffroom.analysis.scales import ScaleSpec
from staffroom.analysis.scoring import scale_answers
from staffroom.analysis.survey import SurveyResults

__all__ = ["answer_distributions"]


def answer_distributions(
    responses: pd.DataFrame, scales: Sequence[ScaleSpec], results: SurveyResults
) -> pd.DataFrame:
    """Counts of each answer option per group and item (raw answers, not reverse-keyed).

    Parameters
    ----------
    responses, scales
        The same responses and scales that produced ``results``.
    results
        ``analyze_survey``'s results; its group column, minimum group size and hidden
        group x scale cells decide what is hidden here.

    Returns
    -------
    pandas.DataFrame
        Index (group, scale, item); columns ``n`` (people who answered the item),
        ``suppressed``, and one nullable-integer column per answer point from the lowest
        to the highest point of any scale (missing where a scale has no such point).

    Notes
    -----
    A row is hidden (``n`` and counts missing) when the group's scale is hidden in
    ``results`` (which already applies the complementary rule across groups) or when
    fewer than ``min_n`` people answered the item. Within a shown row every count is
    shown: the row stands for at least ``min_n`` people, as a stacked bar of shares does.
    Computed with one ``bincount`` per item over group x option cells, never a loop
    over groups.
    """
    codes, labels = encode_labels(responses[results.group_column])
    n_groups = len(labels)
    hidden_cells = results.group_scales["suppressed"]
    points = list(range(min(s.low for s in scales), max(s.high for s in scales) + 1))
    blocks: list[pd.DataFrame] = []
    for scale in scales:
        options = scale.high - scale.low + 1
        answers = scale_answers(responses, scale)
        # raw answers: undo the reverse keying that scale_answers applies
        raw = answers.zeroed.copy()
        for j, item in enumerate(scale.items):
            if item in scale.reverse:
                raw[:, j] = np.where(answers.present[:, j], scale.low + scale.high - raw[:, j], 0)
        scale_hidden = (
            hidden_cells.xs(scale.id, level="scale").reindex(labels).fillna(True).to_numpy(bool)
        )
        for j, item in enumerate(scale.items):
            answered = answers.present[:, j]
            cells = codes[answered] * options + (raw[answered, j].astype(np.int64) - scale.low)
            counts = np.bincount(cells, minlength=n_groups * options).reshape(n_groups, options)
            n = counts.sum(axis=1)
            hidden = scale_hidden | (n < results.min_n)
            data: dict[object, object] = {
                "n": pd.arrays.IntegerArray(n.astype(np.int64), hidden.copy()),
                "suppressed": hidden,
            }
            for point in points:
                if scale.low <= point <= scale.high:
                    column = counts[:, point - scale.low].astype(np.int64)
                    data[point] = pd.arrays.IntegerArray(column, hidden.copy())
                else:
                    data[point] = pd.array([None] * n_groups, dtype="Int64")
            blocks.append(
                pd.DataFrame(
                    data,
                    index=pd.MultiIndex.from_arrays(
                        [labels, [scale.id] * n_groups, [item] * n_groups],
                        names=["group", "scale", "item"],
                    ),
                )
            )
    return pd.concat(blocks) if blocks else pd.DataFrame()
