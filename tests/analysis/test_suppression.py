"""Small-cell suppression: the threshold rule and its complementary extension."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from staffroom.analysis import (
    InvalidParameterError,
    check_min_n,
    complementary_suppression,
)


@pytest.mark.parametrize(
    ("counts", "min_n", "hidden"),
    [
        ([10, 12, 8], 5, [False, False, False]),  # nothing small
        ([10, 3, 9], 5, [False, True, True]),  # 3 alone derivable: add the next smallest (9)
        ([10, 3, 2, 9], 5, [False, True, True, False]),  # 3 + 2 = 5 already protected
        ([6, 1], 5, [True, True]),  # only way to protect the 1 is to hide everything
        ([4, 0, 20, 7], 5, [True, False, False, True]),  # absent cell (0) is never marked
        ([2, 2], 5, [True, True]),  # everything hidden
        ([5, 5, 5], 5, [False, False, False]),  # exactly the minimum is shown
        ([3, 8, 8], 5, [True, True, False]),  # ties broken by position
        ([4, 6, 30], 10, [True, True, False]),  # 4 + 6 = 10 reaches a larger minimum
    ],
)
def test_it_suppresses_small_cells_and_their_complements(counts, min_n, hidden):
    result = complementary_suppression(np.array([counts]), min_n)[0]
    assert result.tolist() == hidden


def test_cells_already_hidden_count_towards_protection():
    counts = np.array([[12, 2, 40, 30]])
    already = np.array([[True, False, False, False]])
    result = complementary_suppression(counts, 5, suppressed=already)[0]
    assert result.tolist() == [True, True, False, False]  # 12 + 2 hidden together


def test_hidden_cells_with_nobody_need_no_protection():
    counts = np.array([[0, 30, 40]])
    present = np.array([[True, True, True]])
    result = complementary_suppression(counts, 5, present=present)[0]
    assert result.tolist() == [True, False, False]


def test_rows_are_independent():
    counts = np.array([[10, 3, 9], [10, 12, 8]])
    result = complementary_suppression(counts, 5)
    assert result.tolist() == [[False, True, True], [False, False, False]]


@pytest.mark.parametrize("bad", [2, 0, -5, 4.5, "5", True])
def test_the_minimum_cannot_go_below_the_floor_or_be_fractional(bad):
    with pytest.raises(InvalidParameterError):
        check_min_n(bad)


counts_strategy = arrays(
    np.int64,
    st.tuples(st.integers(1, 6), st.integers(1, 8)),
    elements=st.integers(0, 40),
)


@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, min_n=st.integers(3, 12))
def test_no_shown_cell_is_under_the_minimum(counts, min_n):
    hidden = complementary_suppression(counts, min_n)
    shown = (counts > 0) & ~hidden
    assert np.all(counts[shown] >= min_n)


@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, min_n=st.integers(3, 12))
def test_hidden_cells_cannot_be_derived_by_subtraction(counts, min_n):
    """Row total minus shown cells is the hidden total: it must be 0 or at least min_n.

    The one exception is a row with every cell hidden: its total is itself under the
    minimum, and the level above (which reports that total) hides it.
    """
    hidden = complementary_suppression(counts, min_n)
    present = counts > 0
    hidden_total = np.where(hidden, counts, 0).sum(axis=1)
    whole_row_hidden = (present & ~hidden).sum(axis=1) == 0
    assert np.all((hidden_total == 0) | (hidden_total >= min_n) | whole_row_hidden)
    assert np.all(
        ~whole_row_hidden
        | (counts.sum(axis=1) < min_n)
        | (hidden_total >= min_n)
        | (hidden_total == 0)
    )


@settings(max_examples=300, deadline=None)
@given(counts=counts_strategy, min_n=st.integers(3, 12))
def test_it_hides_no_more_than_the_rule_requires(counts, min_n):
    """Unhiding the largest complementary cell would break protection (minimality)."""
    hidden = complementary_suppression(counts, min_n)
    for row, mask in zip(counts, hidden, strict=True):
        extra = mask & (row >= min_n)
        if not extra.any():
            continue
        largest = np.flatnonzero(extra)[np.argmax(row[extra])]
        reduced = mask.copy()
        reduced[largest] = False
        remaining = row[reduced].sum()
        assert 0 < remaining < min_n


def test_rows_without_cells_hide_nothing():
    assert complementary_suppression(np.zeros((3, 0), dtype=np.int64), 5).shape == (3, 0)
