"""Unit behaviour of the individual statistics (their values against R live in
test_reference_r.py)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from staffroom.analysis import (
    NOT_REPORTED,
    InvalidParameterError,
    ScaleSpec,
    cronbach_alpha,
    encode_labels,
    group_moments,
    icc,
    reverse_keyed,
    scale_scores,
    uniform_null_variance,
    within_group_agreement,
)

answers = arrays(np.float64, st.integers(1, 40), elements=st.integers(1, 7).map(float))


@given(values=answers, low=st.integers(-2, 1), span=st.integers(1, 9))
def test_reversing_twice_is_the_identity(values, low, span):
    high = low + span
    np.testing.assert_array_equal(
        reverse_keyed(reverse_keyed(values, low, high), low, high), values
    )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(6, 60),
    k=st.integers(2, 6),
    data=st.data(),
)
def test_item_order_does_not_change_alpha(seed, n, k, data):
    rng = np.random.default_rng(seed)
    matrix = rng.integers(1, 6, (n, k)).astype(float)
    matrix[rng.random((n, k)) < 0.1] = np.nan
    order = data.draw(st.permutations(list(range(k))))
    first, second = cronbach_alpha(matrix), cronbach_alpha(matrix[:, order])
    if first.alpha is None:
        assert second.alpha is None
    else:
        assert second.alpha == pytest.approx(first.alpha, rel=1e-10, abs=1e-12)


def test_alpha_is_undefined_for_one_item_and_for_constant_answers():
    assert cronbach_alpha(np.array([[1.0], [2.0], [3.0]])).alpha is None
    assert cronbach_alpha(np.full((5, 3), 4.0)).alpha is None


def test_alpha_of_identical_items_is_one():
    column = np.array([1.0, 2, 3, 4, 5, 3, 2])
    result = cronbach_alpha(np.column_stack([column] * 4))
    assert result.alpha == pytest.approx(1.0)
    assert result.alpha_standardized == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([np.nan, 2.0, np.nan], np.nan),  # 1 of 3 answered: below ceil(3/2) = 2
        ([1.0, 2.0, np.nan], 1.5),  # 2 of 3 answered
        ([5.0, 5.0, 5.0], 5.0),
    ],
)
def test_scores_need_half_the_items(values, expected):
    frame = pd.DataFrame([values], columns=["A", "B", "C"])
    score = scale_scores(frame, [ScaleSpec("s", ("A", "B", "C"), 1, 5)])["s"].iloc[0]
    if np.isnan(expected):
        assert np.isnan(score)
    else:
        assert score == expected


def test_icc_is_undefined_for_one_group_and_when_group_means_are_equal():
    assert icc(np.array([1.0, 2, 3]), np.array([0, 0, 0])).icc1 is None
    equal_means = icc(np.array([1.0, 3, 1, 3]), np.array([0, 0, 1, 1]))
    assert equal_means.icc2 is None or equal_means.icc2 < 0
    assert equal_means.msb == 0.0


def test_icc_is_high_when_groups_differ_and_members_agree():
    scores = np.array([1.0, 1.1, 0.9, 4.0, 4.1, 3.9])
    result = icc(scores, np.array([0, 0, 0, 1, 1, 1]))
    assert result.icc1 > 0.95
    assert result.icc2 > 0.95


def test_rwg_is_one_for_perfect_agreement_and_zero_beyond_the_null():
    groups = np.array([0, 0, 0, 1, 1, 1, 1])
    matrix = np.array([[4, 4], [4, 4], [4, 4], [1, 5], [5, 1], [1, 5], [5, 1]], dtype=float)
    agreement = within_group_agreement(matrix, groups, 2, low=1, high=5)
    assert agreement.rwg_j.tolist() == [1.0, 0.0]
    assert agreement.ad_m[0] == 0.0
    assert agreement.ad_m[1] == pytest.approx(2.0)


def test_agreement_uses_only_members_who_answered_every_item():
    matrix = np.array([[4, 4], [4, np.nan], [4, 4]], dtype=float)
    agreement = within_group_agreement(matrix, np.array([0, 0, 0]), 1, low=1, high=5)
    assert agreement.n.tolist() == [2]


def test_agreement_refuses_answers_outside_the_range():
    with pytest.raises(InvalidParameterError):
        within_group_agreement(np.array([[6.0]]), np.array([0]), 1, low=1, high=5)


@pytest.mark.parametrize(("options", "variance"), [(5, 2.0), (7, 4.0), (4, 1.25)])
def test_uniform_null_variance(options, variance):
    assert uniform_null_variance(options) == variance


@settings(max_examples=80, deadline=None)
@given(
    values=arrays(
        np.float64,
        st.integers(1, 80),
        elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan)),
    ),
    n_groups=st.integers(1, 5),
    seed=st.integers(0, 1000),
)
def test_group_moments_equal_pandas(values, n_groups, seed):
    codes = np.random.default_rng(seed).integers(0, n_groups, values.size)
    moments = group_moments(values, codes, n_groups)
    frame = pd.DataFrame({"v": values, "g": codes})
    grouped = frame.groupby("g")["v"]
    for g in range(n_groups):
        part = grouped.get_group(g).dropna() if g in grouped.groups else pd.Series([], dtype=float)
        assert moments.count[g] == len(part)
        if len(part):
            assert moments.mean[g] == pytest.approx(part.mean(), rel=1e-9, abs=1e-9)
        if len(part) > 1:
            assert moments.sd()[g] == pytest.approx(part.std(ddof=1), rel=1e-7, abs=1e-7)


def test_labels_are_text_and_blanks_are_not_reported():
    codes, labels = encode_labels(pd.Series(["b", " a", None, "", "a", "b "]))
    assert labels == [NOT_REPORTED, "a", "b"]
    assert [labels[c] for c in codes] == ["b", "a", NOT_REPORTED, NOT_REPORTED, "a", "b"]


def test_the_analysis_package_imports_no_django_and_no_file_layer():
    code = (
        "import sys, staffroom.analysis; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django' "
        "or m.startswith(('staffroom.io', 'staffroom.web', 'staffroom.cli'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
