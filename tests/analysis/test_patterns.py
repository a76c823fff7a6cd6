"""Group patterns: means by group against base R, and suppression that nothing can undo."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from staffroom.analysis import NOT_REPORTED, InvalidParameterError, MissingColumnError
from staffroom.analysis.indicators import Period
from staffroom.analysis.patterns import (
    HIRE_BANDS,
    PATTERN_COLUMNS,
    group_patterns,
    hire_band,
    person_measures,
    protect_table,
)
from staffroom.io.sources import SOURCES
from staffroom.io.tables import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "r" / "indicators"
EXPECTED = json.loads((FIXTURES / "expected_indicators.json").read_text())
PERIODS = tuple(
    Period(p["label"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
    for p in EXPECTED["periods"]
)
ROSTER = read_table(FIXTURES / "roster.csv", SOURCES["roster"])
ABSENCES = read_table(FIXTURES / "absences.csv", SOURCES["absences"])


def _people() -> pd.DataFrame:
    return person_measures(
        roster=ROSTER, periods=PERIODS, absences=ABSENCES, as_of=EXPECTED["as_of"]
    )


@pytest.mark.parametrize("level", ["school", "district"])
def test_group_means_match_base_r_where_shown(level):
    patterns = group_patterns(_people(), measures=["absence_rate"], attributes=["role"], min_n=3)
    expected = pd.DataFrame(EXPECTED["patterns_absence_by_role"][level])
    rows = patterns[patterns["level"] == level]
    key = ["school", "period", "group"] if level == "school" else ["period", "group"]

    merged = expected.merge(rows, on=key, how="outer", indicator=True)

    assert (merged["_merge"] == "both").all()
    shown = merged[~merged["suppressed"]]
    assert len(shown) >= 3
    np.testing.assert_allclose(shown["value"], shown["mean"], rtol=1e-9)
    assert shown["n_x"].tolist() == shown["n_y"].tolist()
    assert merged.loc[merged["suppressed"], "value"].isna().all()


def test_patterns_are_long_with_school_and_district_rows():
    patterns = group_patterns(
        _people(), measures=["absence_rate"], attributes=["role", "race_ethnicity"], min_n=3
    )

    assert tuple(patterns.columns) == PATTERN_COLUMNS
    assert set(patterns["level"]) == {"school", "district"}
    assert patterns.loc[patterns["level"] == "district", "school"].isna().all()
    # blank race/ethnicity is a group of its own, so the groups add up to the school
    assert NOT_REPORTED in set(patterns["group"])


def test_the_difference_is_from_the_schools_own_overall_value():
    patterns = group_patterns(_people(), measures=["absence_rate"], attributes=["role"], min_n=3)
    shown = patterns[patterns["difference"].notna()]

    np.testing.assert_allclose(shown["difference"], shown["value"] - shown["overall_value"])


def test_no_value_is_shown_for_fewer_than_min_n():
    patterns = group_patterns(_people(), measures=["absence_rate"], attributes=["role"], min_n=5)

    assert (patterns.loc[~patterns["suppressed"], "n"] >= 5).all()
    assert patterns.loc[patterns["suppressed"], ["n", "value"]].isna().all().all()


def test_a_missing_column_is_named():
    with pytest.raises(MissingColumnError, match="shoe_size"):
        group_patterns(_people(), measures=["shoe_size"], attributes=["role"])


def test_person_measures_has_one_row_per_person_and_period():
    people = _people()

    assert len(people) == len(ROSTER) * len(PERIODS)
    assert {"staff_id", "school", "period", "role", "hire_band", "absence_rate"} <= set(people)


def test_person_measures_count_voluntary_sessions_and_meetings():
    events = read_table(FIXTURES / "pl_events.csv", SOURCES["pl_events"])
    attendance = read_table(FIXTURES / "pl_attendance.csv", SOURCES["pl_attendance"])
    meetings = read_table(FIXTURES / "meetings.csv", SOURCES["meetings"])

    people = person_measures(
        roster=ROSTER,
        periods=PERIODS,
        pl_events=events,
        pl_attendance=attendance,
        meetings=meetings,
        beyond_contract=["Family nights"],
        as_of="2025-01-01",
    )

    person_rows = attendance[attendance["staff_id"].notna()]
    voluntary = events.loc[~events["mandatory"].astype(bool), "event_id"]
    in_periods = events.loc[events["date"] <= "2025-06-30", "event_id"]
    expected = person_rows["event_id"].isin(voluntary) & person_rows["event_id"].isin(in_periods)
    assert people["pl_voluntary_sessions"].sum() == expected.sum()
    shares = people["meeting_spoke_share"].dropna()
    assert len(shares) > 0
    assert shares.between(0, 1).all()
    assert people.loc[people["period"] == "2023-24", "beyond_contract"].isna().all()
    assert people.loc[people["period"] == "2024-25", "beyond_contract"].notna().all()


@pytest.mark.parametrize(
    ("hired", "band"),
    [
        ("2025-06-01", HIRE_BANDS[0]),
        ("2023-06-02", HIRE_BANDS[0]),
        ("2023-06-01", HIRE_BANDS[1]),
        ("2020-06-01", HIRE_BANDS[2]),
        ("2015-06-01", HIRE_BANDS[3]),
    ],
)
def test_hire_bands(hired, band):
    bands = hire_band(pd.Series(pd.to_datetime([hired])), "2025-06-01")

    assert bands.tolist() == [band]


def test_a_missing_hire_date_has_no_band():
    assert hire_band(pd.Series(pd.to_datetime([None])), "2025-06-01").isna().all()


# ------------------------------------------------------------------------------ protection


def _lines(table: np.ndarray) -> list[np.ndarray]:
    """Every row and column of a table with margins, each with its total last."""
    return [table[i, :] for i in range(table.shape[0])] + [
        table[:, j] for j in range(table.shape[1])
    ]


@settings(deadline=None)  # pandas on a shared machine can take more than 200 ms
@given(
    cells=arrays(
        np.int64,
        st.tuples(st.integers(1, 2), st.integers(1, 6), st.integers(1, 5)),
        elements=st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30]),
    ),
    min_n=st.integers(3, 8),
)
def test_protect_table_shows_nothing_small_and_nothing_derivable(cells, min_n):
    hidden = protect_table(cells, min_n)
    k, s, g = cells.shape
    full = np.zeros((k, s + 1, g + 1), dtype=np.int64)
    full[:, :s, :g] = cells
    full[:, :s, g] = cells.sum(axis=2)
    full[:, s, :g] = cells.sum(axis=1)
    full[:, s, g] = cells.sum(axis=(1, 2))

    shown = (full > 0) & ~hidden
    assert (full[shown] >= min_n).all()
    assert not (hidden & (full == 0)).any()
    for t in range(k):
        for counts, hide in zip(_lines(full[t]), _lines(hidden[t]), strict=True):
            # one hidden entry in a line equals its total minus the shown entries
            assert hide.sum() != 1
            if not hide[-1]:
                assert counts[:-1][hide[:-1]].sum() == 0 or counts[:-1][hide[:-1]].sum() >= min_n


def test_protect_table_needs_three_dimensions():
    with pytest.raises(InvalidParameterError):
        protect_table(np.ones((2, 2), dtype=np.int64), 5)


def test_a_lone_large_school_in_a_hidden_group_is_hidden_too():
    # group 0 has 3 people in school 0 and 40 in school 1: without hiding school 1's
    # cell, the district group total would give school 0's away
    hidden = protect_table(np.array([[[3, 20], [40, 20]]]), 5)

    assert hidden[0, 0, 0]
    assert hidden[0, 1, 0]


@settings(deadline=None)  # pandas on a shared machine can take more than 200 ms
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "D"]),
            st.sampled_from(["teacher", "para", "counselor", None]),
            st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
        ),
        min_size=1,
        max_size=80,
    ),
    min_n=st.integers(3, 6),
)
def test_group_patterns_never_show_a_small_or_derivable_group(rows, min_n):
    people = pd.DataFrame(rows, columns=["school", "role", "measure"]).assign(period="p")
    counted = people.dropna(subset=["measure"]).assign(
        role=lambda f: f["role"].fillna(NOT_REPORTED)
    )
    n = counted.groupby(["school", "role"]).size()

    result = group_patterns(people, measures=["measure"], attributes=["role"], min_n=min_n)

    assert (result.loc[~result["suppressed"], "n"] >= min_n).all()
    cells = result[result["level"] == "school"]
    for school, block in cells.groupby("school"):
        if block["overall_value"].notna().all():  # the school's total is shown
            hidden = block.loc[block["suppressed"], "group"]
            assert len(hidden) != 1
            total = n.loc[school].loc[list(hidden)].sum()
            assert total == 0 or total >= min_n
    district = result[result["level"] == "district"].set_index("group")
    for group, block in cells.groupby("group"):
        if not district.loc[group, "suppressed"]:  # the group's district value is shown
            hidden = block.loc[block["suppressed"], "school"]
            assert len(hidden) != 1
            total = sum(n.loc[(s, group)] for s in hidden)
            assert total == 0 or total >= min_n
