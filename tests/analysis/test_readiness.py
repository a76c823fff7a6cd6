"""Readiness: the rule set, its reasons, ties, missing data, weights and monotonicity."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffroom.analysis.exceptions import InvalidParameterError, MissingColumnError
from staffroom.analysis.readiness import (
    DEFAULT_RULES,
    JUDGEMENTS,
    ReadinessRule,
    ReadinessSettings,
    readiness,
    schools_to_support,
)

STRONG = {
    "response_rate": 0.8,
    "colleague_trust": 4.0,
    "leader_trust": 4.0,
    "community": 4.0,
    "collective_efficacy": 4.0,
    "rwg_j": 0.85,
    "turnover_rate": 0.08,
    "pl_voluntary_participation": 0.7,
    "request_unanswered_share": 0.05,
    "continuum": 2.5,
}


def _school(name: str = "Alder", **changes: object) -> dict[str, object]:
    return {"school": name, **STRONG, **changes}


def _judge(*rows: dict[str, object], settings: ReadinessSettings | None = None) -> pd.DataFrame:
    return readiness(pd.DataFrame(list(rows)), settings)


def _one(**changes: object) -> pd.Series:
    return _judge(_school(**changes)).iloc[0]


def test_a_strong_school_is_ready_with_a_reason_per_rule():
    row = _one()
    assert row["judgement"] == "ready"
    assert row["score"] == 1.0
    assert row["reasons"][0].startswith("Ready to start a new practice: score 1.00")
    assert len(row["reasons"]) == 1 + len(DEFAULT_RULES)
    assert (
        "Trust among colleagues averages 4.0, at or above the 3.5 the district set."
        in (row["reasons"])
    )
    assert "Staff turnover is 8%, at or below the 16% the district set." in row["reasons"]
    assert row["not_met"] == []
    assert row["not_assessed"] == []


def test_the_reason_gives_the_number_and_the_threshold():
    row = _one(colleague_trust=3.1)
    assert (
        "Trust among colleagues averages 3.1, below the 3.5 the district set. The district requires it."
        in (row["reasons"])
    )
    assert row["judgement"] == "build_community"
    assert "not met although required: Trust among colleagues" in row["reasons"][0]
    assert row["not_met"] == ["colleague_trust"]


def test_a_value_just_below_the_threshold_is_not_rounded_up_to_it():
    row = _one(community=3.46, turnover_rate=0.1604)
    assert (
        "Sense of community and belonging averages 3.46, below the 3.5 the district set."
        in (row["reasons"])
    )
    assert "Staff turnover is 16.04%, above the 16% the district set." in row["reasons"]


@pytest.mark.parametrize(
    ("column", "at_threshold"),
    [
        ("colleague_trust", 3.5),
        ("leader_trust", 3.5),
        ("rwg_j", 0.70),
        ("turnover_rate", 0.16),
        ("pl_voluntary_participation", 0.50),
        ("request_unanswered_share", 0.20),
        ("continuum", 2.0),
    ],
)
def test_a_value_exactly_at_a_threshold_passes(column, at_threshold):
    row = _one(**{column: at_threshold})
    assert column in row["met"]
    assert row["judgement"] == "ready"


def test_a_response_rate_exactly_at_the_floor_is_enough_and_below_it_is_not():
    assert _one(response_rate=0.5)["judgement"] == "ready"
    row = _one(response_rate=0.49)
    assert row["judgement"] == "not_enough_data"
    assert row["reasons"][0] == (
        "Not enough data: only 49% of staff answered the survey, below the 50% needed."
    )
    assert np.isnan(row["score"])


def test_a_score_exactly_at_ready_score_is_ready():
    # 4 equally weighted rules, 3 met: score 0.75
    rules = DEFAULT_RULES[:4]
    chosen = ReadinessSettings(rules=rules)
    ready = _judge(_school(community=3.0), settings=chosen).iloc[0]
    assert ready["score"] == 0.75
    assert ready["judgement"] == "ready"
    not_ready = _judge(
        _school(community=3.0), settings=dataclasses.replace(chosen, ready_score=0.76)
    ).iloc[0]
    assert not_ready["judgement"] == "build_community"
    assert "score 0.75, below the 0.76 needed for ready" in not_ready["reasons"][0]


def test_a_missing_response_rate_means_not_enough_data():
    row = _one(response_rate=None)
    assert row["judgement"] == "not_enough_data"
    assert "response rate is unknown" in row["reasons"][0]


def test_no_survey_means_not_enough_data():
    row = _one(colleague_trust=None, leader_trust=None, community=None, collective_efficacy=None)
    assert row["judgement"] == "not_enough_data"
    assert row["reasons"][0] == "Not enough data: there are no survey results for the school."


def test_a_missing_required_scale_means_not_enough_data():
    row = _one(leader_trust=np.nan)
    assert row["judgement"] == "not_enough_data"
    assert (
        "no figure for Trust in school leadership, which the district requires"
        in (row["reasons"][0])
    )


def test_a_missing_indicator_is_skipped_and_said_so():
    row = _one(turnover_rate=None, pl_voluntary_participation=0.2)
    assert row["judgement"] == "ready"
    assert "Staff turnover: no figure, so it was not weighed." in row["reasons"]
    assert row["not_assessed"] == ["turnover_rate"]
    assert row["score"] == pytest.approx(7 / 8)


def test_absent_columns_are_missing_for_every_school():
    frame = pd.DataFrame([_school()]).drop(columns=["continuum", "rwg_j"])
    row = readiness(frame).iloc[0]
    assert row["not_assessed"] == ["rwg_j", "continuum"]
    assert row["judgement"] == "ready"


def test_all_missing_is_not_enough_data_for_everyone():
    frame = pd.DataFrame({"school": ["A", "B"]})
    judged = readiness(frame)
    assert judged["judgement"].tolist() == ["not_enough_data", "not_enough_data"]
    assert judged["score"].isna().all()


def test_an_empty_table_gives_an_empty_result():
    judged = readiness(pd.DataFrame({"school": []}))
    assert judged.empty
    assert list(judged.columns) == [
        "school",
        "judgement",
        "score",
        "met",
        "not_met",
        "not_assessed",
        "reasons",
    ]


def test_a_weight_of_zero_is_shown_but_not_weighed():
    chosen = ReadinessSettings().with_rule("turnover_rate", weight=0)
    row = _judge(_school(turnover_rate=0.4), settings=chosen).iloc[0]
    assert row["score"] == 1.0
    assert row["judgement"] == "ready"
    assert (
        "Staff turnover is 40%, above the 16% the district set. It is not weighed (weight 0)."
        in row["reasons"]
    )


def test_all_weights_zero_is_not_enough_data():
    chosen = ReadinessSettings(
        rules=tuple(dataclasses.replace(rule, weight=0.0) for rule in DEFAULT_RULES)
    )
    row = _judge(_school(), settings=chosen).iloc[0]
    assert row["judgement"] == "not_enough_data"
    assert row["reasons"][0] == "Not enough data: nothing the district weighs could be assessed."


def test_weights_change_the_score():
    chosen = ReadinessSettings().with_rule("community", weight=3.0)
    row = _judge(_school(community=3.0), settings=chosen).iloc[0]
    assert row["score"] == pytest.approx(8 / 11)
    assert row["judgement"] == "build_community"


def test_bad_values_name_the_school_and_column():
    with pytest.raises(InvalidParameterError, match=r"school 'Birch', column 'turnover_rate'"):
        _judge(_school(), _school("Birch", turnover_rate=16))
    with pytest.raises(InvalidParameterError, match=r"column 'colleague_trust': 'high'"):
        _judge(_school(colleague_trust="high"))
    with pytest.raises(MissingColumnError):
        readiness(pd.DataFrame({"name": ["A"]}))


def test_settings_refuse_nonsense():
    with pytest.raises(InvalidParameterError):
        ReadinessRule("x", "X", 3.5, weight=-1)
    with pytest.raises(InvalidParameterError):
        ReadinessRule("x", "X", 1.5, unit="share")
    with pytest.raises(InvalidParameterError):
        ReadinessSettings(min_response_rate=50)
    with pytest.raises(InvalidParameterError):
        ReadinessSettings(ready_score=1.5)
    with pytest.raises(InvalidParameterError):
        ReadinessSettings(rules=(DEFAULT_RULES[0], DEFAULT_RULES[0]))
    with pytest.raises(InvalidParameterError):
        ReadinessSettings(rules=DEFAULT_RULES[4:])
    with pytest.raises(InvalidParameterError):
        ReadinessSettings().with_rule("nope", weight=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ReadinessSettings().ready_score = 0.5  # type: ignore[misc]


def test_the_coach_list_puts_most_need_first_and_leaves_ready_schools_out():
    judged = _judge(
        _school("Alder"),
        _school("Birch", community=3.0, collective_efficacy=3.0, rwg_j=0.5),
        _school("Cedar", response_rate=0.2),
        _school("Dogwood", community=3.0),
        _school("Elm", colleague_trust=3.0),
        _school("Fir", community=3.0, collective_efficacy=3.0, rwg_j=0.5),
    )
    support = schools_to_support(judged)
    assert support["school"].tolist() == ["Birch", "Fir", "Elm", "Cedar"]
    assert support["rank"].tolist() == [1, 2, 3, 4]
    assert "Alder" not in support["school"].tolist()
    assert "Dogwood" not in support["school"].tolist()  # 8 of 9 met: ready
    only = schools_to_support(judged, include_not_enough_data=False)
    assert only["school"].tolist() == ["Birch", "Fir", "Elm"]


def test_judgements_are_the_three_documented_ones():
    assert set(JUDGEMENTS) == {"ready", "build_community", "not_enough_data"}


maybe_scale = st.one_of(st.none(), st.floats(1, 5))
school_rows = st.fixed_dictionaries(
    {
        "response_rate": st.one_of(st.none(), st.floats(0, 1)),
        "colleague_trust": maybe_scale,
        "leader_trust": maybe_scale,
        "community": maybe_scale,
        "collective_efficacy": maybe_scale,
        "rwg_j": st.one_of(st.none(), st.floats(0, 1)),
        "turnover_rate": st.one_of(st.none(), st.floats(0, 1)),
        "pl_voluntary_participation": st.one_of(st.none(), st.floats(0, 1)),
        "continuum": st.one_of(st.none(), st.floats(1, 3)),
    }
)
SCALES = ["colleague_trust", "leader_trust", "community", "collective_efficacy"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(school_rows, min_size=1, max_size=6),
    st.sampled_from(SCALES),
    st.floats(0, 2),
)
def test_raising_a_scale_never_makes_a_ready_school_not_ready(rows, scale, raise_by):
    frame = pd.DataFrame([{"school": f"S{i}", **row} for i, row in enumerate(rows)])
    before = readiness(frame)
    raised = frame.copy()
    raised[scale] = pd.to_numeric(raised[scale]) + raise_by
    after = readiness(raised)
    was_ready = (before["judgement"] == "ready").to_numpy()
    assert (after["judgement"].to_numpy()[was_ready] == "ready").all()
    both = ~np.isnan(before["score"].to_numpy()) & ~np.isnan(after["score"].to_numpy())
    assert (after["score"].to_numpy()[both] >= before["score"].to_numpy()[both]).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(school_rows, min_size=1, max_size=6))
def test_every_school_gets_one_judgement_and_a_reason_for_it(rows):
    frame = pd.DataFrame([{"school": f"S{i}", **row} for i, row in enumerate(rows)])
    judged = readiness(frame)
    assert judged["school"].tolist() == frame["school"].tolist()
    assert set(judged["judgement"]) <= set(JUDGEMENTS)
    for row in judged.itertuples():
        assert row.reasons
        assert len(row.met) + len(row.not_met) + len(row.not_assessed) == len(DEFAULT_RULES)
        if row.judgement == "not_enough_data":
            assert np.isnan(row.score)
        else:
            assert 0 <= row.score <= 1
