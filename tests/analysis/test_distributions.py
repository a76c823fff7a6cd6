"""answer_distributions: counts per answer option per group and item, suppressed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from staffroom.analysis import ScaleSpec, analyze_survey, answer_distributions
from staffroom.demo import synthetic_survey

TRUST = ScaleSpec("trust", ("T1", "T2", "T3"), 1, 5, reverse=("T3",))
VOICE = ScaleSpec("voice", ("V1", "V2"), 1, 4)


@pytest.fixture
def frame():
    rng = np.random.default_rng(3)
    data = synthetic_survey([TRUST, VOICE], [30, 12, 3, 20], rng, missing=0.1, demographics=())
    data.loc[data["school"] == "S00004", "V2"] = np.nan  # nobody in S00004 answered V2
    data.loc[data.index[data["school"] == "S00004"][:17], "V2"] = 2.0
    return data


def test_counts_equal_a_crosstab_of_the_raw_answers(frame):
    results = analyze_survey(frame, [TRUST, VOICE], group="school", min_n=5)
    table = answer_distributions(frame, [TRUST, VOICE], results)
    for item, scale in [("T1", "trust"), ("T3", "trust"), ("V1", "voice")]:
        expected = pd.crosstab(frame["school"], frame[item])
        # S00003 (3 people) is hidden, and S00002 (12) with it to protect it
        for school in ("S00001", "S00004"):
            row = table.loc[(school, scale, item)]
            assert not row["suppressed"]
            for point, count in expected.loc[school].items():
                assert row[int(point)] == count
            assert row["n"] == expected.loc[school].sum()


def test_points_outside_a_scale_are_missing_not_zero(frame):
    results = analyze_survey(frame, [TRUST, VOICE], group="school", min_n=5)
    row = answer_distributions(frame, [TRUST, VOICE], results).loc[("S00001", "voice", "V1")]
    assert pd.isna(row[5])
    assert row[4] >= 0


def test_rows_are_hidden_with_the_groups_scale_or_below_the_minimum(frame):
    results = analyze_survey(frame, [TRUST, VOICE], group="school", min_n=5)
    table = answer_distributions(frame, [TRUST, VOICE], results)
    small = table.xs("S00003", level="group")  # 3 people: hidden with its scales
    assert small["suppressed"].all()
    assert table.xs("S00002", level="group")["suppressed"].all()  # the complement
    assert small["n"].isna().all()
    assert small[[1, 2, 3, 4, 5]].isna().all().all()
    hidden_by_results = results.group_scales["suppressed"]
    for (group, scale, _item), row in table.iterrows():
        if hidden_by_results.loc[(group, scale)]:
            assert row["suppressed"]
        if not row["suppressed"]:
            assert row["n"] >= 5
