"""analyze_survey: the whole pipeline, its suppression guarantees and its input checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffroom.analysis import (
    NOT_REPORTED,
    InvalidAnswerError,
    InvalidParameterError,
    MissingColumnError,
    ScaleSpec,
    analyze_survey,
)

TRUST = ScaleSpec("trust", ("T1", "T2", "T3"), 1, 5, reverse=("T3",))
EFFICACY = ScaleSpec("efficacy", ("E1", "E2"), 1, 4)


def _survey(sizes: dict[str, int], seed: int = 7, missing: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    schools = np.repeat(list(sizes), list(sizes.values()))
    n = len(schools)
    frame = pd.DataFrame({"school": schools})
    for item in TRUST.items:
        frame[item] = rng.integers(1, 6, n).astype(float)
    for item in EFFICACY.items:
        frame[item] = rng.integers(1, 5, n).astype(float)
    frame["role"] = rng.choice(["teacher", "support", "leader", ""], n, p=[0.6, 0.2, 0.1, 0.1])
    if missing:
        items = list(TRUST.items + EFFICACY.items)
        values = frame[items].to_numpy()
        values[rng.random(values.shape) < missing] = np.nan
        frame[items] = values
    return frame


def _naive_group_means(frame: pd.DataFrame, scale: ScaleSpec) -> pd.Series:
    """A deliberately plain per-group loop, independent of the engine's bincount code."""
    items = frame[list(scale.items)].copy()
    for item in scale.reverse:
        items[item] = scale.low + scale.high - items[item]
    answered = items.notna().sum(axis=1)
    score = items.mean(axis=1).where(answered >= scale.min_answered)
    return score.groupby(frame["school"]).mean()


def test_group_means_equal_a_plain_groupby():
    frame = _survey({"A": 30, "B": 25, "C": 12, "D": 40}, missing=0.1)
    results = analyze_survey(frame, [TRUST, EFFICACY], group="school", min_n=5)
    for scale in (TRUST, EFFICACY):
        expected = _naive_group_means(frame, scale)
        shown = results.group_scales.xs(scale.id, level="scale")["mean"]
        np.testing.assert_allclose(shown.loc[expected.index], expected.to_numpy(), rtol=1e-12)


def test_it_suppresses_groups_under_the_minimum_and_their_complement():
    frame = _survey({"A": 30, "B": 3, "C": 12, "D": 40})
    results = analyze_survey(frame, [TRUST], group="school", min_n=5)
    hidden = results.groups["suppressed"]
    assert hidden.to_dict() == {"A": False, "B": True, "C": True, "D": False}
    assert results.groups["n"].isna().tolist() == [False, True, True, False]
    assert results.group_scales.loc[("B", "trust")].isna()[["n", "mean", "sd"]].all()
    assert "B" not in results.breakdown.index.get_level_values("group")


def test_a_scale_hidden_for_a_group_is_hidden_in_all_its_cells():
    # School B: 6 people but only 4 answered any trust item -> trust hidden for B, and for C
    # (next smallest) to protect it. C's breakdown cells must not add back up to C's trust.
    frame = _survey({"A": 30, "B": 6, "C": 20})
    frame.loc[frame.index[frame["school"] == "B"][:2], list(TRUST.items)] = np.nan
    frame["role"] = np.where(frame.index % 2 == 0, "teacher", "support")
    results = analyze_survey(frame, [TRUST], group="school", by=["role"], min_n=5)
    assert bool(results.group_scales.loc[("B", "trust"), "suppressed"])
    assert bool(results.group_scales.loc[("C", "trust"), "suppressed"])
    cells = results.breakdown_scales.xs(("C", "role"), level=("group", "column"))
    assert cells["suppressed"].all()
    assert not results.breakdown.xs(("C", "role"), level=("group", "column"))["suppressed"].any()


def test_blank_demographics_are_their_own_cell():
    frame = _survey({"A": 60})
    results = analyze_survey(frame, [TRUST], group="school", by=["role"], min_n=5)
    values = results.breakdown.index.get_level_values("value")
    assert NOT_REPORTED in values
    expected = int((frame["role"] == "").sum())
    assert results.breakdown.loc[("A", "role", NOT_REPORTED), "n"] == expected


def test_respondents_missing_half_a_scale_get_no_score():
    frame = _survey({"A": 10})
    frame.loc[0, ["T1", "T2"]] = np.nan  # 1 of 3 answered: below ceil(3/2) = 2
    frame.loc[1, ["T1"]] = np.nan  # 2 of 3 answered: scored
    results = analyze_survey(frame, [TRUST], group="school", min_n=5)
    assert results.scales.loc["trust", "n"] == 9


@pytest.mark.parametrize(
    ("value", "column"),
    [(6.0, "T2"), (0.0, "E1"), (2.5, "T1"), ("often", "E2")],
)
def test_it_refuses_answers_outside_the_scale(value, column):
    frame = _survey({"A": 10}).astype({column: object})
    frame.loc[7, column] = value
    with pytest.raises(InvalidAnswerError) as caught:
        analyze_survey(frame, [TRUST, EFFICACY], group="school")
    assert caught.value.column == column
    assert caught.value.position == 7


def test_it_names_a_missing_column():
    frame = _survey({"A": 10}).drop(columns=["T2"])
    with pytest.raises(MissingColumnError, match="T2"):
        analyze_survey(frame, [TRUST], group="school")
    with pytest.raises(MissingColumnError, match="grade"):
        analyze_survey(_survey({"A": 10}), [TRUST], group="school", by=["grade"])


def test_it_refuses_a_minimum_below_the_floor():
    with pytest.raises(InvalidParameterError):
        analyze_survey(_survey({"A": 10}), [TRUST], group="school", min_n=2)


def test_item_order_does_not_change_results():
    frame = _survey({"A": 30, "B": 25}, missing=0.1)
    shuffled = ScaleSpec("trust", ("T3", "T1", "T2"), 1, 5, reverse=("T3",))
    first = analyze_survey(frame, [TRUST], group="school")
    second = analyze_survey(frame, [shuffled], group="school")
    pd.testing.assert_frame_equal(first.scales, second.scales, rtol=1e-12)
    pd.testing.assert_frame_equal(first.group_scales, second.group_scales, rtol=1e-12)


@st.composite
def surveys(draw):
    n_groups = draw(st.integers(1, 6))
    sizes = draw(st.lists(st.integers(1, 14), min_size=n_groups, max_size=n_groups))
    seed = draw(st.integers(0, 10_000))
    missing = draw(st.sampled_from([0.0, 0.2, 0.5]))
    frame = _survey({f"S{i}": size for i, size in enumerate(sizes)}, seed=seed, missing=missing)
    return frame, draw(st.integers(3, 7))


def _residual_ok(total, shown, min_n):
    residual = total - shown
    return residual == 0 or residual >= min_n


@settings(max_examples=150, deadline=None)
@given(case=surveys())
def test_no_statistic_is_shown_for_fewer_than_min_n_and_none_is_derivable(case):
    frame, min_n = case
    results = analyze_survey(frame, [TRUST, EFFICACY], group="school", by=["role"], min_n=min_n)
    # every shown count is at least the minimum
    for table in (
        results.groups,
        results.group_scales,
        results.breakdown,
        results.breakdown_scales,
    ):
        shown = table.loc[~table["suppressed"], "n"]
        assert (shown >= min_n).all()
        assert table.loc[table["suppressed"], "n"].isna().all()
    # groups add up to the respondents with a hidden remainder of 0 or >= min_n
    # (a survey with fewer than min_n respondents in all shows its count and nothing else)
    shown_groups = results.groups.loc[~results.groups["suppressed"], "n"].sum()
    assert _residual_ok(results.respondents, shown_groups, min_n) or (
        results.respondents < min_n and results.scales["n"].isna().all()
    )
    for scale in ("trust", "efficacy"):
        total = results.scales.loc[scale, "n"]
        per_group = results.group_scales.xs(scale, level="scale")
        if not pd.isna(total):
            assert _residual_ok(total, per_group.loc[~per_group["suppressed"], "n"].sum(), min_n)
    # within each reported group: cells add up to the group, scale cells to the group's scale
    for label, row in results.groups.loc[~results.groups["suppressed"]].iterrows():
        cells = results.breakdown.xs((label, "role"), level=("group", "column"))
        assert _residual_ok(row["n"], cells.loc[~cells["suppressed"], "n"].sum(), min_n)
        for scale in ("trust", "efficacy"):
            group_scale = results.group_scales.loc[(label, scale)]
            scale_cells = results.breakdown_scales.xs(
                (label, "role", scale), level=("group", "column", "scale")
            )
            shown_sum = scale_cells.loc[~scale_cells["suppressed"], "n"].sum()
            if group_scale["suppressed"]:
                assert shown_sum == 0
            else:
                assert _residual_ok(group_scale["n"], shown_sum, min_n)


def test_a_survey_with_no_responses_yet_has_no_statistics():
    empty = _survey({"A": 10}).iloc[0:0]
    results = analyze_survey(empty, [TRUST, EFFICACY], group="school", by=["role"])
    assert results.respondents == 0
    assert results.scales["n"].isna().all()
    assert results.groups.empty
    assert results.breakdown.empty
