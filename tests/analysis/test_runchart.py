"""Run charts against R: Anhøj's rules as qicharts2, and the IHI rules.

Expected values come from fixtures/r/runchart/make_runchart_fixtures.R (R 4.2.2, base R
restating qicharts2's runs analysis); CI needs no R.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffroom.analysis.exceptions import InvalidParameterError, MissingColumnError
from staffroom.analysis.runchart import (
    SUMMARY_COLUMNS,
    RunCharts,
    RunSignal,
    crossings_min,
    longest_run_max,
    run_chart,
    run_charts,
)

FIXTURE = Path(__file__).parent / "fixtures" / "r" / "runchart" / "expected_runcharts.json"
EXPECTED = json.loads(FIXTURE.read_text(encoding="utf-8"))
CASES = {case["name"]: case for case in EXPECTED["cases"]}
SUMMARY_KEYS = [
    "n",
    "n_useful",
    "median",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "signal",
]


def _values(case: dict[str, Any]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in case["values"]], dtype=float)


def _chart(name: str):
    case = CASES[name]
    return run_chart(_values(case), baseline=case["baseline"]), case


def test_the_fixture_records_its_r_version():
    assert EXPECTED["generated_by"]["R"] == "4.2.2"
    assert set(CASES) >= {"short", "on_median", "with_na", "trend", "shift", "random24"}


def test_longest_run_max_matches_r_over_the_whole_table():
    table = EXPECTED["limits"]
    ours = [longest_run_max(n) for n in table["n_useful"]]
    assert ours == table["longest_run_max"]


def test_crossings_min_matches_r_qbinom_over_the_whole_table():
    table = EXPECTED["limits"]
    ours = [crossings_min(n) for n in table["n_useful"]]
    assert ours == table["crossings_min"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_runs_analysis_matches_r(name):
    chart, case = _chart(name)
    summary = chart.summary()

    assert list(summary) == SUMMARY_KEYS
    for key in SUMMARY_KEYS:
        if key == "median" and case[key] is not None:
            assert summary[key] == pytest.approx(case[key], rel=1e-12)
        else:
            assert summary[key] == case[key], key


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_ihi_rules_and_point_flags_match_r(name):
    chart, case = _chart(name)

    assert chart.shift is case["shift"]
    assert chart.trend is case["trend"]
    assert chart.astronomical is case["astronomical"]
    if case["astronomical_limit"] is None:
        assert chart.astronomical_limit is None
    else:
        assert chart.astronomical_limit == pytest.approx(case["astronomical_limit"], rel=1e-12)
    points = case["points"]
    assert chart.shift_points.tolist() == points["shift"]
    assert chart.trend_points.tolist() == points["trend"]
    assert chart.astronomical_points.tolist() == points["astronomical"]
    assert chart.useful.tolist() == points["useful"]
    side = [None if np.isnan(s) else int(s) for s in chart.side]
    assert side == points["side"]


def test_points_on_the_median_are_not_useful_and_do_not_break_a_run():
    # median 5; the 5s sit between points above it
    chart = run_chart([6, 5, 7, 5, 8, 9, 6, 5, 7, 1, 2, 3, 4, 1, 2, 3, 5])
    assert chart.median == 5
    assert chart.n_useful == 13
    assert chart.longest_run == 7
    assert chart.shift
    assert chart.shift_points.tolist()[:9] == [
        True,
        False,
        True,
        False,
        True,
        True,
        True,
        False,
        True,
    ]


def test_missing_values_are_skipped_but_keep_their_place():
    chart = run_chart([1, np.nan, 2, 3, None, 4, 5, 6])
    assert chart.n == 8
    assert chart.n_missing == 2
    assert chart.trend
    assert chart.trend_points.tolist() == [True, False, True, True, False, True, True, True]
    assert chart.signals == (RunSignal("trend", 0, 7, "up"),)


def test_equal_values_neither_break_nor_count_in_a_trend():
    assert not run_chart([1, 2, 2, 3, 3, 4]).trend  # only 4 distinct steps' points
    chart = run_chart([9, 8, 8, 7, 6, 6, 5])
    assert chart.trend
    assert chart.signals[0] == RunSignal("trend", 0, 6, "down")


def test_shifts_report_the_side():
    chart = run_chart([1, 1, 1, 1, 1, 1, 5, 9, 9, 9, 9, 9, 9])
    shifts = [s for s in chart.signals if s.rule == "shift"]
    assert shifts == [RunSignal("shift", 0, 5, "below"), RunSignal("shift", 7, 12, "above")]


def test_a_flat_series_with_one_spike_uses_the_average_moving_range():
    chart = run_chart([3, 3, 3, 3, 3, 3, 9, 3, 3, 3, 3, 3])
    assert chart.astronomical_limit == pytest.approx(2.66 * 12 / 11)
    assert chart.astronomical_points.tolist() == [False] * 6 + [True] + [False] * 5
    assert RunSignal("astronomical", 6, 6, "above") in chart.signals


def test_a_baseline_freezes_the_median():
    chart = run_chart([1, 2, 3, 4, 10, 10, 10, 10, 10, 10], baseline=4)
    assert chart.median == 2.5
    assert chart.shift
    with pytest.raises(InvalidParameterError):
        run_chart([1, 2], baseline=3)


def test_no_values_at_all():
    chart = run_chart([])
    assert chart.summary() == {
        "n": 0,
        "n_useful": 0,
        "median": None,
        "longest_run": None,
        "longest_run_max": None,
        "crossings": None,
        "crossings_min": None,
        "signal": False,
    }
    assert chart.signals == ()


def test_as_dict_is_json_ready_with_period_labels():
    chart = run_chart([1.0, None, 3.0])
    document = chart.as_dict(["2025-09", "2025-10", "2025-11"])
    json.dumps(document, allow_nan=False)
    assert document["points"][1] == {
        "period": "2025-10",
        "value": None,
        "side": None,
        "useful": False,
        "shift": False,
        "trend": False,
        "astronomical": False,
    }
    assert document["points"][2]["side"] == 1
    assert set(document["ihi"]) == {
        "shift",
        "trend",
        "astronomical",
        "astronomical_limit",
        "signals",
    }
    with pytest.raises(InvalidParameterError):
        chart.as_dict(["only one"])


def test_limits_refuse_impossible_counts():
    with pytest.raises(InvalidParameterError):
        longest_run_max(0)
    with pytest.raises(InvalidParameterError):
        crossings_min(-1)
    assert crossings_min(0) == crossings_min(1) == 0


series = st.lists(st.one_of(st.integers(0, 6).map(float), st.just(np.nan)), min_size=0, max_size=60)


@given(series)
def test_mirroring_the_series_swaps_sides_and_keeps_every_count(values):
    chart = run_chart(values)
    mirrored = run_chart([-v for v in values])
    assert mirrored.summary() | {"median": None} == chart.summary() | {"median": None}
    assert mirrored.shift_points.tolist() == chart.shift_points.tolist()
    assert mirrored.trend_points.tolist() == chart.trend_points.tolist()
    assert mirrored.astronomical_points.tolist() == chart.astronomical_points.tolist()


@given(series)
def test_runs_and_crossings_account_for_every_useful_point(values):
    chart = run_chart(values)
    if chart.n_useful == 0:
        assert chart.longest_run is None
        assert not chart.signal
        return
    assert chart.crossings is not None
    assert chart.longest_run is not None
    assert 1 <= chart.longest_run <= chart.n_useful
    assert 0 <= chart.crossings <= chart.n_useful - 1
    # a longest run of L among u points leaves at most u - L + 1 runs
    assert chart.crossings <= chart.n_useful - chart.longest_run
    assert not (chart.shift_points & ~chart.useful).any()
    assert chart.shift == (chart.longest_run >= 6)


def _long(series: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"school": name, "month": month, "score": value}
        for name, values in series.items()
        for month, value in enumerate(values, start=1)
    ]
    return pd.DataFrame(rows, columns=["school", "month", "score"])


def _assert_same_as_one_by_one(series: dict[str, list[float]], charts: RunCharts) -> None:
    summary = charts.summary.set_index("group")
    for name, values in series.items():
        single = run_chart(values)
        row = summary.loc[name]
        for key in ("n", "n_missing", "n_useful", "signal", "shift", "trend", "astronomical"):
            assert row[key] == getattr(single, key), (name, key)
        for key in ("longest_run", "longest_run_max", "crossings", "crossings_min"):
            expected = getattr(single, key)
            assert (pd.isna(row[key]) and expected is None) or row[key] == expected, (name, key)
        for key in ("median", "astronomical_limit"):
            expected = getattr(single, key)
            assert (pd.isna(row[key]) and expected is None) or row[key] == pytest.approx(
                expected
            ), (name, key)
        points = charts.points[charts.points["group"] == name]
        assert points["shift"].tolist() == single.shift_points.tolist()
        assert points["trend"].tolist() == single.trend_points.tolist()
        assert points["astronomical"].tolist() == single.astronomical_points.tolist()
        assert points["useful"].tolist() == single.useful.tolist()


def test_many_series_at_once_match_the_r_cases_one_by_one():
    series = {
        name: [np.nan if v is None else v for v in case["values"]]
        for name, case in CASES.items()
        if case["baseline"] is None
    }
    charts = run_charts(_long(series), group="school", value="score", period="month")
    assert list(charts.summary.columns) == list(SUMMARY_COLUMNS)
    assert charts.summary["group"].tolist() == sorted(series)
    _assert_same_as_one_by_one(series, charts)
    for name in series:
        row = charts.summary.set_index("group").loc[name]
        assert row["longest_run"] == CASES[name]["longest_run"] or (
            pd.isna(row["longest_run"]) and CASES[name]["longest_run"] is None
        )


def test_period_order_is_used_when_given():
    frame = _long({"A": [1, 2, 3, 4, 5, 6]}).iloc[::-1]
    ordered = run_charts(frame, group="school", value="score", period="month")
    assert ordered.points["value"].tolist() == [1, 2, 3, 4, 5, 6]
    assert ordered.summary.loc[0, "trend"]
    as_given = run_charts(frame, group="school", value="score")
    assert as_given.points["value"].tolist() == [6, 5, 4, 3, 2, 1]
    assert as_given.points["period"].tolist() == [1, 2, 3, 4, 5, 6]


def test_run_charts_names_bad_columns():
    frame = _long({"A": [1, 2]})
    with pytest.raises(MissingColumnError):
        run_charts(frame, group="team", value="score")
    with pytest.raises(InvalidParameterError, match="must hold numbers"):
        run_charts(frame.assign(score=["x", "y"]), group="school", value="score")
    with pytest.raises(InvalidParameterError, match="row position 1"):
        run_charts(frame.assign(school=["A", None]), group="school", value="score")


def test_run_charts_of_an_empty_table():
    charts = run_charts(_long({}), group="school", value="score")
    assert charts.summary.empty
    assert charts.points.empty


@given(
    st.dictionaries(
        st.sampled_from(["Alder", "Birch", "Cedar", "Dogwood", "Elm"]),
        st.lists(st.one_of(st.integers(0, 5).map(float), st.just(np.nan)), max_size=30),
        max_size=5,
    )
)
def test_many_series_at_once_equal_run_chart_on_each(series):
    series = {name: values for name, values in series.items() if values}
    charts = run_charts(_long(series), group="school", value="score")
    _assert_same_as_one_by_one(series, charts)
