"""Small-cell suppression with complementary suppression.

This is the anonymity rule every Staffroom output goes through: no statistic is shown
for fewer than ``min_n`` people, and no hidden cell can be recovered by subtracting the
shown cells from a shown total.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError

__all__ = ["DEFAULT_MIN_N", "MIN_N_FLOOR", "check_min_n", "complementary_suppression"]

DEFAULT_MIN_N = 5
"""Default minimum group size for any statistic."""

MIN_N_FLOOR = 3
"""No setting may lower the minimum group size below this."""

BoolArray = NDArray[np.bool_]


def check_min_n(min_n: int) -> int:
    """Return ``min_n`` if it is a whole number at or above the floor, else raise."""
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer):
        raise InvalidParameterError(f"min_n must be a whole number, not {min_n!r}")
    if min_n < MIN_N_FLOOR:
        raise InvalidParameterError(
            f"min_n {min_n} is below the floor of {MIN_N_FLOOR}; small groups would be exposed"
        )
    return int(min_n)


def complementary_suppression(
    counts: NDArray[np.integer],
    min_n: int,
    *,
    suppressed: BoolArray | None = None,
    present: BoolArray | None = None,
) -> BoolArray:
    """Which cells to hide, row by row, so that no hidden count can be derived.

    Parameters
    ----------
    counts
        Cell counts, shape (rows, cells): each row is one breakdown whose total is
        shown elsewhere (for example one school's respondents by role).
    min_n
        Minimum number of people behind any shown statistic.
    suppressed
        Cells already hidden for another reason (for example a whole group that was
        suppressed); they count towards the hidden total.
    present
        Which cells exist; defaults to ``counts > 0``. Absent cells are never marked.

    Returns
    -------
    numpy.ndarray of bool
        True for every cell to hide.

    Notes
    -----
    Primary suppression hides every present cell with a count below ``min_n``. If the
    hidden cells of a row then hold between 1 and ``min_n - 1`` people together, their
    total could be recovered as "row total minus shown cells", so the smallest shown
    cells are hidden too, in ascending order of count (ties by position), until the
    hidden cells hold at least ``min_n`` people or every cell is hidden. This is the
    threshold rule with complementary suppression of statistical disclosure control
    (Hundepool et al., 2012, ch. 5). It is vectorised over rows.

    References
    ----------
    Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Nordholt, E. S.,
    Spicer, K., & de Wolf, P.-P. (2012). Statistical disclosure control. Wiley.
    """
    min_n = check_min_n(min_n)
    counts = np.atleast_2d(np.asarray(counts)).astype(np.int64)
    if present is None:
        present = counts > 0
    present = np.atleast_2d(np.asarray(present, dtype=bool))
    initial = (
        np.zeros_like(present)
        if suppressed is None
        else np.atleast_2d(np.asarray(suppressed, dtype=bool))
    )
    if counts.shape != present.shape or counts.shape != initial.shape:
        raise InvalidParameterError("counts, present and suppressed must have the same shape")
    if counts.shape[1] == 0:  # rows with no cells (an empty survey): nothing to hide
        return np.zeros(counts.shape, dtype=bool)
    primary = present & (initial | (counts < min_n))
    n_primary = primary.sum(axis=1)
    n_present = present.sum(axis=1)
    hidden_total = np.where(primary, counts, 0).sum(axis=1)
    needs_more = (hidden_total > 0) & (hidden_total < min_n)
    # Order each row: hidden cells first, then shown cells by ascending count, absent last.
    big = np.iinfo(np.int64).max
    sort_key = np.where(primary, -1, np.where(present, counts, big))
    order = np.argsort(sort_key, axis=1, kind="stable")
    ordered_counts = np.take_along_axis(np.where(present, counts, 0), order, axis=1)
    reached = np.cumsum(ordered_counts, axis=1) >= min_n
    first_reached = np.where(reached.any(axis=1), reached.argmax(axis=1) + 1, n_present)
    hide_count = np.where(needs_more, np.maximum(first_reached, n_primary), n_primary)
    hide_ordered = np.arange(counts.shape[1])[None, :] < hide_count[:, None]
    hidden = np.zeros_like(present)
    np.put_along_axis(hidden, order, hide_ordered, axis=1)
    return hidden & present
