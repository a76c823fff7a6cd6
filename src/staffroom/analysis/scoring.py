"""Reverse keying and respondent scale scores."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidAnswerError, MissingColumnError
from staffroom.analysis.scales import ScaleSpec

__all__ = [
    "ScaleAnswers",
    "reverse_keyed",
    "scale_answers",
    "scale_matrix",
    "scale_scores",
    "score_rows",
    "validate_answers",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _as_float(column: pd.Series) -> FloatArray:
    """A column as float64 (NaN where missing or not a number); may be a read-only view."""
    return np.asarray(pd.to_numeric(column, errors="coerce").astype("float64"), dtype=np.float64)


def reverse_keyed(answers: FloatArray, low: int, high: int) -> FloatArray:
    """Reverse-key answers: ``low + high - x`` (missing stays missing).

    Applying it twice returns the original answers.
    """
    return (low + high) - answers


def _answer_column(column: pd.Series, item: str, scale: ScaleSpec) -> FloatArray:
    """One item's answers as float64, refusing anything but whole numbers in range."""
    values = _as_float(column)
    half = (scale.high - scale.low) / 2
    with np.errstate(invalid="ignore"):
        # NaN fails both tests, so it is excused separately
        bad = ~((np.abs(values - (scale.low + half)) <= half) & (np.rint(values) == values))
    bad &= ~np.isnan(values)
    if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
        # text that is not a number became NaN above; blank text is a missing answer
        text = column.astype("string").str.strip().fillna("")
        bad |= np.isnan(values) & text.ne("").to_numpy()
    if bad.any():
        position = int(np.argmax(bad))
        raise InvalidAnswerError(item, position, column.iloc[position], scale.low, scale.high)
    return values


@dataclass(frozen=True)
class ScaleAnswers:
    """A scale's validated, reverse-keyed answers: values with 0 where missing, and a mask.

    This form feeds every computation without further copies: sums and cross-products
    use ``zeroed`` directly, counts use ``present``.
    """

    zeroed: FloatArray
    present: BoolArray

    def matrix(self) -> FloatArray:
        """The answers with NaN where missing."""
        return np.where(self.present, self.zeroed, np.nan)

    def scores(self, min_answered: int) -> FloatArray:
        """Row means of answered items where at least ``min_answered`` are answered."""
        answered = self.present.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(answered >= min_answered, self.zeroed.sum(axis=1) / answered, np.nan)


def scale_answers(responses: pd.DataFrame, scale: ScaleSpec) -> ScaleAnswers:
    """Validate and reverse-key a scale's item columns.

    Raises ``MissingColumnError`` for an absent item column and ``InvalidAnswerError``
    for the first answer that is not a whole number from ``low`` to ``high``.
    """
    n, k = len(responses), len(scale.items)
    # column-major: each item is contiguous, and row sums run across columns quickly
    zeroed = np.empty((n, k), dtype=np.float64, order="F")
    present = np.empty((n, k), dtype=bool, order="F")
    reverse = set(scale.reverse)
    for j, item in enumerate(scale.items):
        if item not in responses.columns:
            raise MissingColumnError(item, f"item of scale {scale.id!r}")
        values = _answer_column(responses[item], item, scale)
        # (no ``out=`` into the strided column: numpy 2.4's isnan writes it wrongly)
        answered = ~np.isnan(values)
        present[:, j] = answered
        zeroed[:, j] = np.where(
            answered,
            reverse_keyed(values, scale.low, scale.high) if item in reverse else values,
            0.0,
        )
    return ScaleAnswers(zeroed=zeroed, present=present)


def scale_matrix(responses: pd.DataFrame, scale: ScaleSpec) -> FloatArray:
    """The scale's answers as a float matrix (respondents x items), reverse-keyed, NaN = missing.

    Raises ``MissingColumnError`` for an absent item column and ``InvalidAnswerError``
    for the first answer that is not a whole number from ``low`` to ``high``.
    """
    return scale_answers(responses, scale).matrix()


def validate_answers(responses: pd.DataFrame, scales: list[ScaleSpec]) -> None:
    """Check that every item column exists and holds whole numbers within its scale's points.

    Missing answers (NaN, None, empty) are allowed. Raises ``MissingColumnError`` or
    ``InvalidAnswerError`` naming the first offending column and row position.
    """
    for scale in scales:
        scale_answers(responses, scale)


def score_rows(matrix: FloatArray, min_answered: int) -> FloatArray:
    """Row means of answered items where at least ``min_answered`` are answered, else NaN."""
    answered = (~np.isnan(matrix)).sum(axis=1)
    totals = np.nansum(matrix, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(answered >= min_answered, totals / answered, np.nan)


def scale_scores(responses: pd.DataFrame, scales: list[ScaleSpec]) -> pd.DataFrame:
    """Respondent scale scores, one column per scale.

    Notes
    -----
    A respondent's score on a scale of k items is the mean of the answered items after
    reverse keying, provided at least ceil(k / 2) items are answered; otherwise the
    score is missing. This is person-mean scoring with a completeness threshold (the
    "half rule"); it equals R's ``rowMeans(x, na.rm = TRUE)`` where enough items are
    answered (checked in tests/analysis/test_reference_r.py).

    References
    ----------
    Schafer, J. L., & Graham, J. W. (2002). Missing data: Our view of the state of the
    art. Psychological Methods, 7(2), 147-177.
    """
    return pd.DataFrame(
        {s.id: score_rows(scale_matrix(responses, s), s.min_answered) for s in scales},
        index=responses.index,
    )
