"""The indicator engine against base R, and the panel's suppression and comparisons.

Expected values come from fixtures/r/indicators/make_indicator_fixtures.R (R 4.2.2,
base R; versions recorded in the JSON), which also wrote the data files read here with
the same reader the CLI and the web upload use. CI needs no R.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffroom.analysis import InvalidParameterError, MissingColumnError
from staffroom.analysis import indicators as ind
from staffroom.analysis.indicators import (
    INDICATORS,
    PANEL_COLUMNS,
    Period,
    absence_rate,
    beyond_contract_share,
    indicator_panel,
    months,
    practice_uptake,
    professional_learning_participation,
    request_response,
    school_years,
    staff_headcount,
    turnover,
)
from staffroom.analysis.voice import meeting_voice
from staffroom.io.sources import SOURCES
from staffroom.io.tables import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "r" / "indicators"
EXPECTED: dict[str, Any] = json.loads((FIXTURES / "expected_indicators.json").read_text())
RTOL = 1e-9


def _files() -> dict[str, pd.DataFrame]:
    """Every file the fixture script wrote (all kinds but the connection map's)."""
    kinds = [kind for kind in SOURCES if kind not in ("ties", "people")]
    return {kind: read_table(FIXTURES / f"{kind}.csv", SOURCES[kind]) for kind in kinds}


FILES = _files()
PERIODS = tuple(
    Period(p["label"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
    for p in EXPECTED["periods"]
)
AS_OF = pd.Timestamp(EXPECTED["as_of"])


def _computed(statistic: str, district: bool) -> pd.DataFrame:
    f = FILES
    calls = {
        "absence_rate": lambda: absence_rate(f["absences"], PERIODS, district=district),
        "turnover": lambda: turnover(f["roster"], f["exits"], PERIODS, district=district),
        "professional_learning_participation": lambda: professional_learning_participation(
            f["roster"],
            f["pl_events"],
            f["pl_attendance"],
            PERIODS,
            exits=f["exits"],
            district=district,
        ),
        "practice_uptake": lambda: practice_uptake(
            f["practice_observations"], PERIODS, district=district
        ),
        "request_response": lambda: request_response(
            f["district_requests"],
            PERIODS,
            as_of=AS_OF,
            district=district,
            unanswered_after_days=EXPECTED["unanswered_after_days"],
        ),
        "beyond_contract_share": lambda: beyond_contract_share(
            f["roster"],
            PERIODS,
            beyond_contract=EXPECTED["beyond_contract"],
            as_of=AS_OF,
            district=district,
        ),
        "meeting_voice": lambda: meeting_voice(
            f["meetings"],
            PERIODS,
            roster=f["roster"],
            district=district,
            silent_min_meetings=EXPECTED["silent_min_meetings"],
        ),
    }
    return calls[statistic]()


def _expected(statistic: str, district: bool) -> pd.DataFrame:
    rows = [
        r
        for r in EXPECTED["statistics"]
        if r["statistic"] == statistic and (r["school"] is None) == district
    ]
    return pd.DataFrame(rows)


STATISTIC_NAMES = sorted({r["statistic"] for r in EXPECTED["statistics"]})


@pytest.mark.parametrize("district", [False, True], ids=["schools", "district"])
@pytest.mark.parametrize("statistic", STATISTIC_NAMES)
def test_every_statistic_matches_base_r(statistic, district):
    expected = _expected(statistic, district)
    actual = _computed(statistic, district)
    key = ["period", "detail"] if district else ["school", "period", "detail"]

    merged = expected.merge(actual, on=key, how="outer", suffixes=("_r", ""), indicator=True)

    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    np.testing.assert_allclose(merged["value"], merged["value_r"], rtol=RTOL, atol=1e-12)
    assert merged["n"].tolist() == merged["n_r"].tolist()


def test_the_fixtures_cover_every_indicator():
    named = {
        r["detail"] if r["detail"] and r["statistic"] != "practice_uptake" else r["statistic"]
        for r in EXPECTED["statistics"]
    }

    assert set(INDICATORS) <= named, set(INDICATORS) - named


# ------------------------------------------------------------------------------ periods


def test_school_years_run_july_to_june():
    years = school_years(2024, 2025)

    assert years == (
        Period("2024-25", date(2024, 7, 1), date(2025, 6, 30)),
        Period("2025-26", date(2025, 7, 1), date(2026, 6, 30)),
    )


def test_school_years_may_start_in_another_month():
    (year,) = school_years(2024, 2024, start_month=9)

    assert (year.start, year.end) == (date(2024, 9, 1), date(2025, 8, 31))


def test_months_cover_whole_calendar_months():
    spans = months("2024-01-15", "2024-03-02")

    assert [p.label for p in spans] == ["2024-01", "2024-02", "2024-03"]
    assert spans[1].end == date(2024, 2, 29)


@pytest.mark.parametrize(
    "periods",
    [
        (),
        (Period("a", date(2024, 2, 1), date(2024, 1, 1)),),
        (
            Period("a", date(2024, 1, 1), date(2024, 2, 1)),
            Period("b", date(2024, 2, 1), date(2024, 3, 1)),
        ),
        (
            Period("a", date(2024, 1, 1), date(2024, 1, 2)),
            Period("a", date(2024, 2, 1), date(2024, 3, 1)),
        ),
    ],
    ids=["none", "backwards", "overlapping", "same label"],
)
def test_bad_periods_are_refused(periods):
    with pytest.raises(InvalidParameterError):
        absence_rate(FILES["absences"], periods)


def test_a_missing_column_is_named():
    with pytest.raises(MissingColumnError, match="days_absent"):
        absence_rate(FILES["absences"].drop(columns="days_absent"), PERIODS)


# ------------------------------------------------------------------------------ definitions


def test_headcount_is_the_roster_hired_by_then_plus_those_who_left_later():
    roster = pd.DataFrame(
        {
            "school": ["A", "A", "A", "B"],
            "hire_date": pd.to_datetime(["2020-01-01", "2024-07-01", "2024-07-02", "2010-01-01"]),
        }
    )
    exits = pd.DataFrame(
        {
            "school": ["A", "A", "B"],
            "exit_date": pd.to_datetime(["2024-06-30", "2024-07-01", "2025-01-01"]),
        }
    )

    counts = staff_headcount(roster, exits, "2024-07-01")

    assert counts.to_dict("list") == {"school": ["A", "B"], "n": [3, 2]}


def test_the_web_applications_column_names_are_accepted():
    roster = FILES["roster"].rename(columns={"staff_id": "person"})
    meetings = FILES["meetings"].rename(columns={"staff_id": "person", "meeting_id": "meeting"})

    renamed = meeting_voice(meetings, PERIODS, roster=roster)

    pd.testing.assert_frame_equal(
        renamed, meeting_voice(FILES["meetings"], PERIODS, roster=FILES["roster"])
    )


def test_events_may_come_one_row_per_invited_school():
    events = FILES["pl_events"].copy()
    every = sorted(FILES["roster"]["school"].unique())
    events["school"] = events["schools"].map(
        lambda s: every if pd.isna(s) else [x.strip() for x in s.split(";")]
    )
    expanded = events.explode("school").drop(columns="schools")
    args = (FILES["roster"], FILES["pl_events"], FILES["pl_attendance"], PERIODS)

    listed = professional_learning_participation(*args, exits=FILES["exits"])
    per_school = professional_learning_participation(
        FILES["roster"], expanded, FILES["pl_attendance"], PERIODS, exits=FILES["exits"]
    )

    pd.testing.assert_frame_equal(listed, per_school)


def test_a_ready_beyond_contract_column_is_used_as_given():
    roster = FILES["roster"].assign(beyond_contract=True)

    share = beyond_contract_share(roster, PERIODS, as_of=AS_OF, district=True)

    assert share["value"].tolist() == [1.0]


def test_requests_sent_too_recently_are_not_yet_judged():
    requests = pd.DataFrame(
        {
            "school": ["A", "A"],
            "sent_at": pd.to_datetime(["2025-01-01 09:00", "2025-01-09 09:00"]),
            "answered_at": pd.to_datetime([None, None]),
        }
    )
    periods = months("2025-01-01", "2025-01-31")

    result = request_response(requests, periods, as_of="2025-01-10", unanswered_after_days=5)

    share = result[result["detail"] == "request_unanswered_share"]
    assert share[["value", "n"]].values.tolist() == [[1.0, 1]]
    assert result[result["detail"] == "request_response_hours"].empty


# ------------------------------------------------------------------------------ panel


def _panel(min_n: int = 3, **kwargs: Any) -> pd.DataFrame:
    f = FILES
    return indicator_panel(
        roster=f["roster"],
        periods=PERIODS,
        absences=f["absences"],
        exits=f["exits"],
        pl_events=f["pl_events"],
        pl_attendance=f["pl_attendance"],
        practice_observations=f["practice_observations"],
        district_requests=f["district_requests"],
        meetings=f["meetings"],
        beyond_contract=EXPECTED["beyond_contract"],
        as_of=AS_OF,
        min_n=min_n,
        **kwargs,
    )


def test_the_panel_is_long_with_every_indicator_and_its_district_value():
    panel = _panel()

    assert tuple(panel.columns) == PANEL_COLUMNS
    assert set(panel["indicator"]) == set(INDICATORS)
    shown = panel[~panel["suppressed"] & panel["district_value"].notna()]
    np.testing.assert_allclose(shown["difference"], shown["value"] - shown["district_value"])


def test_panel_values_are_the_statistics_values():
    panel = _panel(min_n=3)
    rate = absence_rate(FILES["absences"], PERIODS)
    merged = panel[panel["indicator"] == "absence_rate"].merge(rate, on=["school", "period"])
    shown = merged[~merged["suppressed"]]

    assert len(shown) > 0
    np.testing.assert_allclose(shown["value_x"], shown["value_y"])


def test_the_change_is_from_the_previous_period_of_the_same_series():
    panel = _panel(min_n=3)
    series = panel[(panel["school"] == "S1") & (panel["indicator"] == "turnover_rate")]

    first, second = series["value"].tolist()
    assert np.isnan(series["change"].iloc[0])
    assert series["change"].iloc[1] == pytest.approx(second - first)


def test_no_value_is_shown_for_fewer_than_min_n():
    panel = _panel(min_n=10)

    shown = panel[~panel["suppressed"]]
    assert (shown["n"] >= 10).all()
    assert panel.loc[panel["suppressed"], "value"].isna().all()
    assert panel.loc[panel["suppressed"], "n"].isna().all()
    assert panel.loc[panel["suppressed"], "change"].isna().all()


def test_one_small_school_is_never_the_only_one_hidden():
    panel = _panel(min_n=5)

    for _, row in panel.groupby(["indicator", "detail", "period"]):
        hidden = row["suppressed"].sum()
        assert hidden != 1, row


def test_min_n_below_the_floor_is_refused():
    with pytest.raises(InvalidParameterError):
        _panel(min_n=2)


def test_a_panel_without_any_file_but_the_roster_is_empty_but_well_formed():
    panel = indicator_panel(roster=FILES["roster"], periods=PERIODS)

    assert panel.empty
    assert tuple(panel.columns) == PANEL_COLUMNS


# ------------------------------------------------------------------------------ properties


@settings(deadline=None)  # pandas on a shared machine can take more than 200 ms
@given(
    n=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
    min_n=st.integers(min_value=3, max_value=10),
)
def test_panel_suppression_never_shows_a_small_or_derivable_school(n, min_n):
    rows = pd.DataFrame(
        {
            "school": [f"S{i}" for i in range(len(n))],
            "period": "p",
            "indicator": "absence_rate",
            "detail": "",
            "value": 0.1,
            "n": n,
            "district_value": 0.1,
            "district_n": sum(n),
        }
    )
    rows = rows[rows["n"] > 0]
    if rows.empty:
        return

    panel = ind._finish(rows, (Period("p", date(2024, 1, 1), date(2024, 1, 2)),), min_n)

    shown = panel[~panel["suppressed"]]
    assert (shown["n"] >= min_n).all()
    hidden_n = rows.set_index("school").loc[panel.loc[panel["suppressed"], "school"], "n"]
    if sum(n) >= min_n:  # the district value is shown: hidden schools must not be derivable
        assert len(hidden_n) != 1
        assert hidden_n.sum() == 0 or hidden_n.sum() >= min_n
