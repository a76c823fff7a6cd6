"""Meeting voice: the Gini coefficient against base R, and who counts as silent."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffroom.analysis import InvalidParameterError
from staffroom.analysis.indicators import Period
from staffroom.analysis.voice import gini_by_group, meeting_summary, meeting_voice, silent_members

FIXTURES = Path(__file__).parent / "fixtures" / "r" / "indicators"
EXPECTED = json.loads((FIXTURES / "expected_indicators.json").read_text())
PERIOD = (Period("autumn", date(2025, 9, 1), date(2025, 12, 31)),)


@pytest.mark.parametrize("case", EXPECTED["gini"], ids=lambda c: str(c["values"]))
def test_gini_matches_the_base_r_double_sum(case):
    values = np.array(case["values"], dtype=float)

    (gini,) = gini_by_group(values, np.zeros(len(values), dtype=np.int64), 1)

    np.testing.assert_allclose(gini, case["gini"], rtol=1e-9)


def test_gini_is_computed_for_every_group_at_once():
    cases = [np.array(c["values"], dtype=float) for c in EXPECTED["gini"]]
    values = np.concatenate(cases)
    codes = np.concatenate([np.full(len(c), i) for i, c in enumerate(cases)])
    shuffled = np.random.default_rng(3).permutation(len(values))

    together = gini_by_group(values[shuffled], codes[shuffled], len(cases) + 1)

    np.testing.assert_allclose(together[:-1], [c["gini"] for c in EXPECTED["gini"]], rtol=1e-9)
    assert np.isnan(together[-1])  # an empty group


def test_gini_is_missing_when_nobody_spoke():
    assert np.isnan(gini_by_group(np.zeros(3), np.zeros(3, dtype=np.int64), 1)[0])


def test_gini_refuses_negative_values():
    with pytest.raises(InvalidParameterError):
        gini_by_group(np.array([1.0, -1.0]), np.zeros(2, dtype=np.int64), 1)


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=30))
def test_gini_lies_between_zero_and_one_less_one_over_n(turns):
    values = np.array(turns, dtype=float)
    (gini,) = gini_by_group(values, np.zeros(len(values), dtype=np.int64), 1)

    if values.sum() == 0:
        assert np.isnan(gini)
    else:
        assert -1e-12 <= gini <= 1 - 1 / len(values) + 1e-12


@given(
    st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=20),
    st.integers(min_value=1, max_value=9),
)
def test_gini_does_not_change_when_everyone_speaks_k_times_as_often(turns, k):
    values = np.array(turns, dtype=float)
    codes = np.zeros(len(values), dtype=np.int64)

    np.testing.assert_allclose(
        gini_by_group(values, codes, 1), gini_by_group(values * k, codes, 1), equal_nan=True
    )


def _meetings(rows: list[tuple[str, str, str, bool, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["meeting_id", "school", "staff_id", "present", "turns"]
    ).assign(date=pd.Timestamp("2025-10-01"))


def test_members_present_at_enough_meetings_who_spoke_at_none_are_silent():
    rows = []
    for meeting in ("M1", "M2", "M3"):
        rows += [
            (meeting, "A", "talker", True, 4),
            (meeting, "A", "quiet", True, 0),
            (meeting, "A", "once", True, 1 if meeting == "M2" else 0),
        ]
    rows += [("M1", "A", "newcomer", True, 0), ("M2", "A", "away", False, 0)]
    meetings = _meetings(rows)

    named = silent_members(meetings, PERIOD, min_meetings=3)
    counted = meeting_voice(meetings, PERIOD, silent_min_meetings=3)

    assert named.to_dict("records") == [
        {"school": "A", "period": "autumn", "staff_id": "quiet", "meetings": 3}
    ]
    silent = counted[counted["detail"] == "voice_silent_members"]
    assert silent[["value", "n"]].values.tolist() == [[1.0, 3]]


def test_a_meeting_with_a_missing_count_is_left_out_of_the_gini_but_not_the_share():
    meetings = _meetings(
        [("M1", "A", "a", True, 3), ("M1", "A", "b", True, None), ("M1", "A", "c", True, 0)]
    )

    summary = meeting_summary(meetings)
    voice = meeting_voice(meetings, PERIOD).set_index("detail")

    assert np.isnan(summary["gini"].iloc[0])
    assert voice.loc["voice_spoke_share", "value"] == 0.5
    assert "voice_gini" not in voice.index


def test_minutes_can_be_measured_instead_of_turns():
    meetings = _meetings([("M1", "A", "a", True, 1), ("M1", "A", "b", True, 1)]).assign(
        minutes=[9.0, 1.0]
    )

    by_turns = meeting_summary(meetings)["gini"].iloc[0]
    by_minutes = meeting_summary(meetings, measure="minutes")["gini"].iloc[0]

    assert by_turns == 0.0
    assert by_minutes == pytest.approx(0.4)


def test_meetings_can_be_grouped_by_team():
    meetings = _meetings(
        [("M1", "A", "a", True, 2), ("M1", "A", "b", True, 0), ("M2", "A", "c", True, 1)]
    ).assign(team=["Grade 3", "Grade 3", "Family nights"])

    voice = meeting_voice(meetings, PERIOD, by="team")

    shares = voice[voice["detail"] == "voice_spoke_share"].set_index("school")["value"]
    assert shares.to_dict() == {"Family nights": 1.0, "Grade 3": 0.5}


def test_a_meeting_without_a_school_counts_for_its_members_schools():
    meetings = _meetings(
        [("M1", None, "a", True, 2), ("M1", None, "b", True, 0)]  # type: ignore[list-item]
    )
    roster = pd.DataFrame({"staff_id": ["a", "b"], "school": ["A", "B"]})

    voice = meeting_voice(meetings, PERIOD, roster=roster)

    shares = voice[voice["detail"] == "voice_spoke_share"].set_index("school")["value"]
    assert shares.to_dict() == {"A": 1.0, "B": 0.0}
    gini = voice[voice["detail"] == "voice_gini"].set_index("school")["value"]
    assert gini.to_dict() == {"A": 0.5, "B": 0.5}
