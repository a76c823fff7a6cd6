"""Staff indicators per school and period: absence, turnover, professional learning,
practice uptake, the district team's response time, teams beyond contract, meeting voice.

Every statistic here takes the district's records as DataFrames (the columns of the
data files in ``staffroom.io.sources``) and a sequence of ``Period`` objects, and returns
a tidy DataFrame with one row per school and period (``school``, ``period``, ``detail``,
``value``, ``n``), or one row per period for the whole district with ``district=True``.
``indicator_panel`` puts them together with the district comparison, the change from
the previous period and small-cell suppression; it is what the web pages and
``staffroom indicators`` show.

Everything is vectorised over schools and periods: records are turned into integer
codes once and summed with ``numpy.bincount``; no Python loop runs per school or person.

Column names follow the data files; the web application's names are accepted too
(``person`` for ``staff_id``, ``event`` for ``event_id``, ``meeting`` for ``meeting_id``,
``count`` for ``attendees``). Schools may be labelled by any hashable value (names or
database ids).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError, MissingColumnError
from staffroom.analysis.suppression import DEFAULT_MIN_N, check_min_n, complementary_suppression

__all__ = [
    "INDICATORS",
    "PANEL_COLUMNS",
    "STATISTICS",
    "IndicatorInfo",
    "Period",
    "absence_rate",
    "beyond_contract_share",
    "indicator_panel",
    "months",
    "practice_uptake",
    "professional_learning_participation",
    "request_response",
    "school_years",
    "staff_headcount",
    "turnover",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

STAT_COLUMNS = ["school", "period", "detail", "value", "n"]
"""Columns of every statistic's result (``school`` is missing on district rows)."""

PANEL_COLUMNS = (
    "school",
    "period",
    "indicator",
    "detail",
    "value",
    "n",
    "suppressed",
    "district_value",
    "district_n",
    "difference",
    "change",
)
"""Columns of ``indicator_panel``'s result, in order."""

_ALIASES = {
    "person": "staff_id",
    "event": "event_id",
    "meeting": "meeting_id",
    "count": "attendees",
}
"""Column names of the web application's frames and the data-file names they stand for."""


@dataclass(frozen=True)
class IndicatorInfo:
    """What an indicator measures, for pages and exports."""

    name: str
    title: str
    unit: Literal["share", "hours", "count", "index"]
    better: Literal["higher", "lower"] | None
    source: str
    """The data file kind the indicator is computed from."""
    description: str


INDICATORS: dict[str, IndicatorInfo] = {
    info.name: info
    for info in (
        IndicatorInfo(
            "absence_rate",
            "Staff absence rate",
            "share",
            "lower",
            "absences",
            "Days staff were absent out of the days they were scheduled to work.",
        ),
        IndicatorInfo(
            "turnover_rate",
            "Staff turnover",
            "share",
            "lower",
            "exits",
            "People who left the school in the period, out of the staff at its start.",
        ),
        IndicatorInfo(
            "retention_rate",
            "Staff retention",
            "share",
            "higher",
            "exits",
            "Staff at the start of the period who had not left by its end.",
        ),
        IndicatorInfo(
            "pl_voluntary_participation",
            "Voluntary professional learning",
            "share",
            "higher",
            "pl_attendance",
            "Places taken at optional sessions, out of the staff invited to them.",
        ),
        IndicatorInfo(
            "pl_mandatory_participation",
            "Required professional learning",
            "share",
            "higher",
            "pl_attendance",
            "Places taken at required sessions, out of the staff required to attend.",
        ),
        IndicatorInfo(
            "practice_uptake",
            "Practice in use",
            "share",
            "higher",
            "practice_observations",
            "Observations where the practice was in use (one row per practice).",
        ),
        IndicatorInfo(
            "request_response_hours",
            "District response time",
            "hours",
            "lower",
            "district_requests",
            "Median hours from a school's request to the district team's answer.",
        ),
        IndicatorInfo(
            "request_unanswered_share",
            "Requests waiting too long",
            "share",
            "lower",
            "district_requests",
            "Requests not answered within the set number of days.",
        ),
        IndicatorInfo(
            "beyond_contract_share",
            "Staff on teams beyond contract",
            "share",
            None,
            "roster",
            "Staff who belong to at least one team beyond their contract.",
        ),
        IndicatorInfo(
            "voice_spoke_share",
            "Members who spoke in meetings",
            "share",
            "higher",
            "meetings",
            "Members present at a meeting who spoke at least once.",
        ),
        IndicatorInfo(
            "voice_gini",
            "Concentration of voice",
            "index",
            "lower",
            "meetings",
            "How unevenly speaking turns were shared among members present "
            "(0 = evenly; nearer 1 = a few voices).",
        ),
        IndicatorInfo(
            "voice_silent_members",
            "Members silent across meetings",
            "count",
            "lower",
            "meetings",
            "Members present at several meetings of the period who spoke at none.",
        ),
    )
}
"""Every indicator of the panel, by name, in the order pages list them."""


# ------------------------------------------------------------------------------ periods


@dataclass(frozen=True)
class Period:
    """A labelled span of days, ``start`` to ``end`` inclusive."""

    label: str
    start: date
    end: date


def school_years(first: int, last: int, *, start_month: int = 7) -> tuple[Period, ...]:
    """School years ``first``-``first+1`` to ``last``-``last+1`` (label ``2024-25``).

    A school year runs from the first of ``start_month`` (July by default, the NCES
    convention of 1 July to 30 June) to the day before the same date a year later.
    """
    if not 1 <= start_month <= 12:
        raise InvalidParameterError(f"start_month must be 1 to 12, not {start_month}")
    if last < first:
        raise InvalidParameterError("the last school year is before the first")
    years = []
    for year in range(first, last + 1):
        start = date(year, start_month, 1)
        end = (pd.Timestamp(date(year + 1, start_month, 1)) - pd.Timedelta(days=1)).date()
        label = f"{year}-{(year + 1) % 100:02d}" if start_month > 1 else str(year)
        years.append(Period(label, start, end))
    return tuple(years)


def months(first: date | str, last: date | str) -> tuple[Period, ...]:
    """Calendar months from the month of ``first`` to the month of ``last`` (``2025-09``)."""
    spans = pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq="M")
    return tuple(Period(str(p), p.start_time.date(), p.end_time.normalize().date()) for p in spans)


def _check_periods(periods: Sequence[Period]) -> tuple[IntArray, IntArray]:
    """Start and end day numbers of ``periods``, checked to be ordered and apart."""
    if not periods:
        raise InvalidParameterError("no periods given")
    starts = np.array([_day(p.start) for p in periods], dtype=np.int64)
    ends = np.array([_day(p.end) for p in periods], dtype=np.int64)
    if (ends < starts).any():
        raise InvalidParameterError("a period ends before it starts")
    if (starts[1:] <= ends[:-1]).any():
        raise InvalidParameterError("periods must be in order and must not overlap")
    if len({p.label for p in periods}) != len(periods):
        raise InvalidParameterError("two periods have the same label")
    return starts, ends


def _day(value: date | str | pd.Timestamp) -> int:
    return int(pd.Timestamp(value).to_datetime64().astype("datetime64[D]").astype(np.int64))


def _days(values: pd.Series) -> FloatArray:
    """Day numbers (days since 1970-01-01) of a date column; NaN where missing."""
    stamps = pd.to_datetime(values)
    out = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.float64)
    out[stamps.isna().to_numpy()] = np.nan
    return out


def _period_codes(days: FloatArray, starts: IntArray, ends: IntArray) -> IntArray:
    """The period each day falls in (-1: in none)."""
    safe = np.nan_to_num(days, nan=-(2**40))
    index = np.searchsorted(starts, safe, side="right") - 1
    inside = (index >= 0) & (safe <= ends[np.clip(index, 0, None)])
    return np.where(inside & ~np.isnan(days), index, -1).astype(np.int64)


# ------------------------------------------------------------------------------ frames


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the web application's column names renamed to the files' names."""
    renames = {a: c for a, c in _ALIASES.items() if a in frame.columns and c not in frame.columns}
    return frame.rename(columns=renames) if renames else frame


def _need(frame: pd.DataFrame, columns: Iterable[str], role: str) -> None:
    for column in columns:
        if column not in frame.columns:
            raise MissingColumnError(column, role)


class _Schools:
    """One integer code per school label, shared by every frame of a computation.

    Columns are factorised on their own (fast on Arrow-backed text) and only their
    distinct values are matched to the shared labels, so no column is converted to
    Python objects."""

    def __init__(self, *columns: pd.Series) -> None:
        distinct = [pd.Series(pd.unique(c.dropna())) for c in columns]
        values = pd.concat(distinct, ignore_index=True) if distinct else pd.Series([])
        _, uniques = pd.factorize(values, sort=True)
        self.labels: list[Hashable] = list(uniques)
        self._index = pd.Index(uniques)

    def __len__(self) -> int:
        return len(self.labels)

    def codes(self, column: pd.Series) -> IntArray:
        """Codes of ``column`` (-1 where missing)."""
        local, uniques = pd.factorize(column)
        mapping = np.asarray(self._index.get_indexer(pd.Index(uniques)), dtype=np.int64)
        mapping = np.append(mapping, -1)  # local code -1 (missing) maps to -1
        return mapping[np.asarray(local, dtype=np.int64)]


def _tidy(
    value: FloatArray,
    n: NDArray[Any],
    *,
    schools: _Schools,
    periods: Sequence[Period],
    district: bool,
    detail: Sequence[str] = ("",),
) -> pd.DataFrame:
    """Rows for every (detail, group, period) cell with n > 0, from arrays shaped so."""
    value = value.reshape(len(detail), -1, len(periods))
    n = n.reshape(len(detail), -1, len(periods))
    d, g, p = np.nonzero(n > 0)
    labels = np.array([*schools.labels, None], dtype=object)
    return pd.DataFrame(
        {
            "school": pd.Series([None] * len(g), dtype=object)
            if district
            else pd.Series(labels[g], dtype=object),
            "period": np.array([q.label for q in periods], dtype=object)[p],
            "detail": np.array(list(detail), dtype=object)[d],
            "value": value[d, g, p].astype(np.float64),
            "n": n[d, g, p].astype(np.int64),
        }
    )


def _ratio(
    cells: IntArray, size: int, numerator: FloatArray, denominator: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Sums of numerator over sums of denominator per cell (NaN where the denominator is 0)."""
    top = np.bincount(cells, weights=numerator, minlength=size).astype(np.float64)
    bottom = np.bincount(cells, weights=denominator, minlength=size).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(bottom > 0, top / bottom, np.nan).astype(np.float64)
    return value, bottom


# ------------------------------------------------------------------------------ headcount


def _headcounts_at(
    roster_school: IntArray,
    hire_day: FloatArray,
    exit_school: IntArray,
    exit_day: FloatArray,
    n_schools: int,
    query_school: IntArray,
    query_day: FloatArray,
) -> IntArray:
    """Staff at each (school, day) query: the roster hired on or before the day plus the
    people who left the school on or after it. Sorted keys and ``searchsorted``."""
    span = 2.0**32
    hires = np.sort(roster_school * span + np.nan_to_num(hire_day, nan=-(2.0**31)))
    exits = np.sort(exit_school * span + np.nan_to_num(exit_day, nan=2.0**31))
    key = query_school * span + query_day
    block_start = query_school * span - 2.0**31
    block_end = query_school * span + 2.0**31
    hired = np.searchsorted(hires, key, side="right") - np.searchsorted(hires, block_start)
    still = np.searchsorted(exits, block_end, side="left") - np.searchsorted(
        exits, key, side="left"
    )
    return (hired + still).astype(np.int64)


def _roster_parts(roster: pd.DataFrame, schools: _Schools) -> tuple[IntArray, FloatArray]:
    _need(roster, ("school", "hire_date"), "roster")
    return schools.codes(roster["school"]), _days(roster["hire_date"])


def _exit_parts(exits: pd.DataFrame | None, schools: _Schools) -> tuple[IntArray, FloatArray]:
    if exits is None or exits.empty:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    _need(exits, ("school", "exit_date"), "exits")
    return schools.codes(exits["school"]), _days(exits["exit_date"])


def staff_headcount(
    roster: pd.DataFrame, exits: pd.DataFrame | None, on: date | str
) -> pd.DataFrame:
    """Staff of each school on day ``on``: ``school``, ``n``.

    Notes
    -----
    headcount(s, d) = #{roster members of s hired on or before d}
    + #{exits from s dated d or later}. The roster lists the people employed now and
    the exits file the people who have left, so together they hold everyone who was
    at the school on day d, provided a hire date is the start at that school. People
    hired after d who then left are counted (the exits file holds no hire dates), so
    the headcount can be slightly high in past years; it is exact for the current year.

    References
    ----------
    Goldring, R., Taie, S., & Riddles, M. (2014). Teacher attrition and mobility:
    Results from the 2012-13 Teacher Follow-up Survey (NCES 2014-077). U.S. Department
    of Education, National Center for Education Statistics (base-year counts).
    """
    schools = _Schools(roster["school"], *([] if exits is None else [exits["school"]]))
    r_school, r_day = _roster_parts(roster, schools)
    e_school, e_day = _exit_parts(exits, schools)
    codes = np.arange(len(schools), dtype=np.int64)
    counts = _headcounts_at(
        r_school, r_day, e_school, e_day, len(schools), codes, np.full(len(codes), _day(on), float)
    )
    return pd.DataFrame({"school": pd.Series(schools.labels, dtype=object), "n": counts})


# ------------------------------------------------------------------------------ statistics


def absence_rate(
    absences: pd.DataFrame, periods: Sequence[Period], *, district: bool = False
) -> pd.DataFrame:
    """Staff absence rate per school and period.

    Parameters
    ----------
    absences
        Rows of the absences file: ``period_start``, ``school``, ``staff_id`` (missing on
        a whole-school row), ``staff_count`` (whole-school rows), ``work_days``,
        ``days_absent``.
    periods
        The periods to report; a row belongs to the period holding its ``period_start``.
    district
        Pool every school into one district row per period.

    Returns
    -------
    pandas.DataFrame
        ``school``, ``period``, ``detail`` (empty), ``value`` (the rate, 0 to 1), ``n``
        (the most staff any one reporting period of the row's rows covered).

    Notes
    -----
    rate = sum(days_absent) / sum(work_days x staff), where staff is 1 on a person's row
    and ``staff_count`` on a whole-school row: absent days over scheduled staff-days, so
    a month with more working days weighs more. All absences count, whatever the
    reason. Rows outside every period are left out.

    References
    ----------
    Miller, R. T., Murnane, R. J., & Willett, J. B. (2008). Do teacher absences impact
    student achievement? Educational Evaluation and Policy Analysis, 30(2), 181-200.
    """
    return _pick(_absence_pair(absences, periods), district)


def turnover(
    roster: pd.DataFrame,
    exits: pd.DataFrame,
    periods: Sequence[Period],
    *,
    district: bool = False,
) -> pd.DataFrame:
    """Staff turnover and retention per school and period.

    Parameters
    ----------
    roster
        The roster (``school``, ``hire_date``): the people employed now.
    exits
        The exits file (``school``, ``exit_date``): one row per person who left a school.
    periods
        Usually ``school_years(...)``; any periods work (a month's turnover is the
        month's leavers over the staff at its start).
    district
        Pool every school into one district row per period (moves between schools
        count, as they do for each school).

    Returns
    -------
    pandas.DataFrame
        ``school``, ``period``, ``detail`` (``turnover_rate`` or ``retention_rate``),
        ``value``, ``n`` (the headcount at the period's start).

    Notes
    -----
    turnover = L / N and retention = (N - L) / N = 1 - turnover, where N is the
    headcount at the period's first day (``staff_headcount``: the roster hired by then
    plus everyone who left on or after it) and L the exits dated within the period.
    Someone moving to another school in the district leaves their school, as in the
    NCES Teacher Follow-up Survey, where turnover is movers plus leavers as a share of
    the base-year teachers. A school year runs 1 July to 30 June by default
    (``school_years``). Exit rows without a date are rejected by the file reader.

    References
    ----------
    Ingersoll, R. M. (2001). Teacher turnover and teacher shortages: An organizational
    analysis. American Educational Research Journal, 38(3), 499-534.
    Goldring, R., Taie, S., & Riddles, M. (2014). Teacher attrition and mobility:
    Results from the 2012-13 Teacher Follow-up Survey (NCES 2014-077).
    """
    return _pick(_turnover_pair(roster, exits, periods), district)


def _event_targets(
    events: pd.DataFrame, schools: _Schools, every_school: IntArray
) -> tuple[IntArray, IntArray]:
    """(event row, school code) pairs: the schools each event invited (all when blank)."""
    if "school" in events.columns:  # already one row per event and invited school
        return np.arange(len(events), dtype=np.int64), schools.codes(events["school"])
    listed = events["schools"] if "schools" in events.columns else pd.Series(pd.NA, events.index)
    blank = listed.isna().to_numpy() | (listed.astype("string").str.strip() == "").fillna(True)
    named = listed[~blank].astype("string").str.split(";").explode().str.strip()
    named = named[named != ""]
    position = pd.Series(np.arange(len(events)), index=events.index)
    named_rows = position.loc[named.index].to_numpy(np.int64)
    named_codes = schools.codes(named)
    all_rows = np.repeat(np.flatnonzero(blank), len(every_school))
    all_codes = np.tile(every_school, int(blank.sum()))
    rows = np.concatenate([named_rows, all_rows]).astype(np.int64)
    codes = np.concatenate([named_codes, all_codes]).astype(np.int64)
    keep = codes >= 0
    return rows[keep], codes[keep]


def professional_learning_participation(
    roster: pd.DataFrame,
    events: pd.DataFrame,
    attendance: pd.DataFrame,
    periods: Sequence[Period],
    *,
    exits: pd.DataFrame | None = None,
    district: bool = False,
) -> pd.DataFrame:
    """Participation in voluntary and required professional learning per school and period.

    Parameters
    ----------
    roster, exits
        For the staff of each school on each event's day (``staff_headcount``).
    events
        The events file: ``event_id``, ``date``, ``mandatory``, ``schools`` (``;``-
        separated; blank = every school on the roster), or one row per event and invited
        ``school``.
    attendance
        ``event_id``, ``school``, and ``staff_id`` (one person) or ``attendees`` (a
        school's count).
    periods
        A session belongs to the period holding its date.
    district
        Pool every school into one district row per period.

    Returns
    -------
    pandas.DataFrame
        ``detail`` is ``pl_voluntary_participation`` or ``pl_mandatory_participation``;
        ``value`` the participation rate; ``n`` the most staff invited to one session.

    Notes
    -----
    rate = sum over sessions e of attended(e, s) / sum over e of invited(e, s), where
    invited(e, s) is the headcount of school s on the session's day if s was invited,
    and attended(e, s) counts the attendance rows of s for e (a person's row counts 1,
    a school's row its ``attendees``). Attendance at a session a school was not invited
    to is left out. It is the share of the places offered that were taken, which is
    the attendance measure of professional development studies (Desimone, 2009) turned
    into a rate; a person attending twice counts twice.

    References
    ----------
    Desimone, L. M. (2009). Improving impact studies of teachers' professional
    development: Toward better conceptualizations and measures. Educational
    Researcher, 38(3), 181-199.
    """
    return _pick(_learning_pair(roster, events, attendance, periods, exits), district)


def practice_uptake(
    observations: pd.DataFrame, periods: Sequence[Period], *, district: bool = False
) -> pd.DataFrame:
    """Share of observations in which a practice was in use, per practice, school, period.

    Parameters
    ----------
    observations
        ``practice``, ``school``, ``date``, ``using`` (yes/no).
    periods
        An observation belongs to the period holding its date.
    district
        Pool every school into one district row per practice and period.

    Returns
    -------
    pandas.DataFrame
        ``detail`` is the practice; ``value`` the share in use; ``n`` the observations.

    Notes
    -----
    uptake = observations with ``using`` = yes / observations, per practice. An
    observation with ``using`` missing is left out. This is the proportion of
    observed occasions at which the practice was in use, the usual fidelity-of-use
    summary of classroom walkthroughs (Century, Rudnick, & Freeman, 2010).

    References
    ----------
    Century, J., Rudnick, M., & Freeman, C. (2010). A framework for measuring fidelity
    of implementation: A foundation for shared language and accumulation of knowledge.
    American Journal of Evaluation, 31(2), 199-218.
    """
    return _pick(_uptake_pair(observations, periods), district)


def _group_median(codes: IntArray, values: FloatArray, size: int) -> tuple[FloatArray, IntArray]:
    """Median of ``values`` per code (R's ``median``: mean of the two middle values)."""
    order = np.lexsort((values, codes))
    counts = np.bincount(codes, minlength=size).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    ordered = values[order]
    if ordered.size == 0:
        return np.full(size, np.nan), counts
    low = np.clip(starts + (counts - 1) // 2, 0, ordered.size - 1)
    high = np.clip(starts + counts // 2, 0, ordered.size - 1)
    median = np.where(counts > 0, (ordered[low] + ordered[high]) / 2.0, np.nan)
    return median, counts


def request_response(
    requests: pd.DataFrame,
    periods: Sequence[Period],
    *,
    unanswered_after_days: float = 5.0,
    as_of: date | str | pd.Timestamp | None = None,
    district: bool = False,
) -> pd.DataFrame:
    """How quickly the district team answers each school: median hours, and the share
    of requests not answered within ``unanswered_after_days``.

    Parameters
    ----------
    requests
        ``school``, ``sent_at``, ``answered_at`` (missing while unanswered).
    periods
        A request belongs to the period holding the day it was sent.
    unanswered_after_days
        The wait after which an unanswered request counts as waiting too long.
    as_of
        When the data were taken (default: the latest time in the file); a request
        sent less than ``unanswered_after_days`` before it is not yet counted.
    district
        Pool every school into one district row per period.

    Returns
    -------
    pandas.DataFrame
        ``detail`` ``request_response_hours`` (``n``: answered requests) and
        ``request_unanswered_share`` (``n``: requests old enough to judge).

    Notes
    -----
    hours = median over answered requests of (answered_at - sent_at) in hours, the
    median as R's ``median`` (mean of the two middle values when n is even).
    unanswered share = #{answered later than D days, or not answered} / #{sent at least
    D days before ``as_of``}, with D = ``unanswered_after_days``. The median alone
    hides requests that were never answered (it is a median of the answered ones),
    which is why the share is shown beside it.

    References
    ----------
    Honig, M. I. (2012). District central office leadership as teaching: How central
    office administrators support principals' development as instructional leaders.
    Educational Administration Quarterly, 48(4), 733-774.
    """
    return _pick(_requests_pair(requests, periods, unanswered_after_days, as_of), district)


def _beyond_flags(roster: pd.DataFrame, beyond_contract: Collection[str]) -> BoolArray:
    if "beyond_contract" in roster.columns:
        return roster["beyond_contract"].astype("boolean").fillna(False).to_numpy(bool)
    names = [n.strip() for n in beyond_contract if n.strip()]
    if not names or "teams" not in roster.columns:
        return np.zeros(len(roster), dtype=bool)
    pattern = r"(?:^|;)\s*(?:" + "|".join(re.escape(n) for n in names) + r")\s*(?:;|$)"
    # match each distinct team list once (a roster repeats a few hundred lists at most)
    codes, lists = pd.factorize(roster["teams"])
    matched = pd.Series(lists, dtype="string").str.contains(pattern, case=False, regex=True)
    found = np.append(matched.fillna(False).to_numpy(bool), False)
    return found[np.asarray(codes, dtype=np.int64)]


def beyond_contract_share(
    roster: pd.DataFrame,
    periods: Sequence[Period],
    *,
    beyond_contract: Collection[str] = (),
    as_of: date | str | pd.Timestamp | None = None,
    district: bool = False,
) -> pd.DataFrame:
    """Share of staff on at least one team beyond their contract.

    Parameters
    ----------
    roster
        ``school``, ``hire_date``, and ``teams`` (``;``-separated), or a ready
        ``beyond_contract`` yes/no column (the web application's roster).
    periods
        The roster is a picture of now: the value is given for the period holding
        ``as_of`` (or the last period when none does).
    beyond_contract
        Names of the teams that are beyond contract (matched without regard to case).
    as_of
        The day the roster describes (default: today). Staff hired after it are left out.
    district
        Pool every school into one district row.

    Returns
    -------
    pandas.DataFrame
        ``detail`` empty; ``value`` the share; ``n`` the staff on the roster.

    Notes
    -----
    share = staff with one or more teams beyond contract / staff. Teams beyond
    contract (committees, clubs, family nights) are the extra-role behaviour of
    organizational citizenship research (Somech & Drach-Zahavy, 2000).

    References
    ----------
    Somech, A., & Drach-Zahavy, A. (2000). Understanding extra-role behavior in
    schools: The relationships between job satisfaction, sense of efficacy, and
    teachers' extra-role behavior. Teaching and Teacher Education, 16(5-6), 649-659.
    """
    return _pick(_beyond_pair(roster, periods, beyond_contract, as_of), district)


_Pair = tuple[pd.DataFrame, pd.DataFrame]
"""A statistic's school rows and district rows."""


def _pick(pair: _Pair, district: bool) -> pd.DataFrame:
    return pair[1] if district else pair[0]


def _tidy_pair(
    results: Sequence[tuple[FloatArray, NDArray[Any]]],
    *,
    schools: _Schools,
    periods: Sequence[Period],
    detail: Sequence[str] = ("",),
) -> _Pair:
    """Tidy rows of the (school, district) results of a statistic."""
    school, district = results
    return (
        _tidy(*school, schools=schools, periods=periods, district=False, detail=detail),
        _tidy(*district, schools=schools, periods=periods, district=True, detail=detail),
    )


def _levels(codes: IntArray, n_schools: int) -> list[tuple[IntArray, int]]:
    """The grouping of rows by school, then all schools as one (-1 stays -1)."""
    return [(codes, n_schools), (np.where(codes >= 0, 0, -1).astype(np.int64), 1)]


def _max_by(cells: IntArray, sub: NDArray[Any], weights: FloatArray, size: int) -> IntArray:
    """Per cell, the largest sum of ``weights`` over the rows sharing a ``sub`` value."""
    most = np.zeros(size, dtype=np.int64)
    if len(cells) == 0:
        return most
    summed = pd.Series(weights).groupby([cells, sub], sort=False).sum()
    per_cell = summed.groupby(level=0, sort=False).max()
    most[per_cell.index.to_numpy(np.int64)] = np.rint(per_cell.to_numpy(np.float64)).astype(
        np.int64
    )
    return most


def _absence_pair(absences: pd.DataFrame, periods: Sequence[Period]) -> _Pair:
    absences = _canonical(absences)
    _need(absences, ("period_start", "school", "work_days", "days_absent"), "absences")
    starts, ends = _check_periods(periods)
    schools = _Schools(absences["school"])
    codes = schools.codes(absences["school"])
    row_start = _days(absences["period_start"])
    period = _period_codes(row_start, starts, ends)
    staff = np.ones(len(absences), dtype=np.float64)
    if "staff_count" in absences.columns:
        staff = np.asarray(absences["staff_count"].astype("Float64").fillna(1.0), dtype=np.float64)
    keep = (period >= 0) & (codes >= 0)
    days = absences["days_absent"].to_numpy(np.float64)[keep]
    work = absences["work_days"].to_numpy(np.float64)[keep] * staff[keep]
    results = []
    for groups, n_groups in _levels(codes[keep], len(schools)):
        cells = groups * len(periods) + period[keep]
        size = n_groups * len(periods)
        value, _ = _ratio(cells, size, days, work)
        # people: staff per (cell, reporting period start), the most over the starts
        results.append((value, _max_by(cells, row_start[keep], staff[keep], size)))
    return _tidy_pair(results, schools=schools, periods=periods)


def _turnover_pair(roster: pd.DataFrame, exits: pd.DataFrame, periods: Sequence[Period]) -> _Pair:
    roster, exits = _canonical(roster), _canonical(exits)
    starts, ends = _check_periods(periods)
    schools = _Schools(roster["school"], exits["school"])
    r_school, r_day = _roster_parts(roster, schools)
    e_school, e_day = _exit_parts(exits, schools)
    n_periods = len(periods)
    query_school = np.repeat(np.arange(len(schools), dtype=np.int64), n_periods)
    query_day = np.tile(starts.astype(np.float64), len(schools))
    headcount = _headcounts_at(
        r_school, r_day, e_school, e_day, len(schools), query_school, query_day
    )
    exit_period = _period_codes(e_day, starts, ends)
    keep = (exit_period >= 0) & (e_school >= 0)
    leavers = np.bincount(
        e_school[keep] * n_periods + exit_period[keep], minlength=len(schools) * n_periods
    )
    results = []
    for count, left in (
        (headcount, leavers),
        (headcount.reshape(-1, n_periods).sum(axis=0), leavers.reshape(-1, n_periods).sum(axis=0)),
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(count > 0, left / count, np.nan)
        results.append((np.concatenate([rate, 1.0 - rate]), np.concatenate([count, count])))
    return _tidy_pair(
        results,
        schools=schools,
        periods=periods,
        detail=("turnover_rate", "retention_rate"),
    )


def _learning_pair(
    roster: pd.DataFrame,
    events: pd.DataFrame,
    attendance: pd.DataFrame,
    periods: Sequence[Period],
    exits: pd.DataFrame | None,
) -> _Pair:
    roster, events, attendance = _canonical(roster), _canonical(events), _canonical(attendance)
    exits = None if exits is None else _canonical(exits)
    _need(events, ("event_id", "date", "mandatory"), "pl_events")
    _need(attendance, ("event_id", "school"), "pl_attendance")
    starts, ends = _check_periods(periods)
    schools = _Schools(
        roster["school"],
        attendance["school"],
        *([] if exits is None else [exits["school"]]),
        *([events["school"]] if "school" in events.columns else []),
    )
    roster_codes = schools.codes(roster["school"])
    every_school = np.unique(roster_codes[roster_codes >= 0])
    rows, target = _event_targets(events, schools, every_school)
    event_day = _days(events["date"])
    event_period = _period_codes(event_day, starts, ends)
    mandatory = events["mandatory"].astype("boolean").fillna(False).to_numpy(bool)
    event_codes = _Schools(events["event_id"])
    event_code = event_codes.codes(events["event_id"])
    # invited staff per (event row, school)
    r_school, r_day = _roster_parts(roster, schools)
    e_school, e_day = _exit_parts(exits, schools)
    invited = _headcounts_at(
        r_school, r_day, e_school, e_day, len(schools), target, event_day[rows]
    ).astype(np.float64)
    # attended per (event, school), matched to the invited pairs on integer keys
    att_event = event_codes.codes(attendance["event_id"])
    att_school = schools.codes(attendance["school"])
    if "attendees" in attendance.columns:
        places = attendance["attendees"].astype("Float64").fillna(1.0).to_numpy(np.float64)
    else:
        places = np.ones(len(attendance))
    ok = (att_event >= 0) & (att_school >= 0)
    n_pairs = max(len(event_codes), 1) * max(len(schools), 1)
    by_pair = np.bincount(
        att_event[ok] * len(schools) + att_school[ok], weights=places[ok], minlength=n_pairs
    )
    pair = event_code[rows] * len(schools) + target
    keep = (event_period[rows] >= 0) & (event_code[rows] >= 0)
    attended = by_pair[pair[keep]]
    invited = invited[keep]
    period = event_period[rows][keep]
    kind = mandatory[rows][keep].astype(np.int64)
    session = event_code[rows][keep]
    results = []
    for groups, n_groups in _levels(target[keep], len(schools)):
        size = 2 * n_groups * len(periods)
        cells = (kind * n_groups + groups) * len(periods) + period
        value, _ = _ratio(cells, size, attended, invited)
        # people: the most staff invited to one session of the cell
        results.append((value, _max_by(cells, session, invited, size)))
    return _tidy_pair(
        results,
        schools=schools,
        periods=periods,
        detail=("pl_voluntary_participation", "pl_mandatory_participation"),
    )


def _uptake_pair(observations: pd.DataFrame, periods: Sequence[Period]) -> _Pair:
    observations = _canonical(observations)
    _need(observations, ("practice", "school", "date", "using"), "practice_observations")
    starts, ends = _check_periods(periods)
    schools = _Schools(observations["school"])
    codes = schools.codes(observations["school"])
    practice_codes, practices = pd.factorize(observations["practice"], sort=True)
    using = observations["using"].astype("boolean")
    period = _period_codes(_days(observations["date"]), starts, ends)
    keep = (period >= 0) & (codes >= 0) & (practice_codes >= 0) & using.notna().to_numpy()
    used = using.fillna(False).to_numpy(bool)[keep].astype(np.float64)
    results = []
    for groups, n_groups in _levels(codes[keep], len(schools)):
        size = len(practices) * n_groups * len(periods)
        cells = (practice_codes[keep] * n_groups + groups) * len(periods) + period[keep]
        value, n = _ratio(cells, size, used, np.ones(len(used)))
        results.append((value, n.astype(np.int64)))
    return _tidy_pair(
        results,
        schools=schools,
        periods=periods,
        detail=[str(p) for p in practices],
    )


def _requests_pair(
    requests: pd.DataFrame,
    periods: Sequence[Period],
    unanswered_after_days: float,
    as_of: date | str | pd.Timestamp | None,
) -> _Pair:
    requests = _canonical(requests)
    _need(requests, ("school", "sent_at", "answered_at"), "district_requests")
    if not unanswered_after_days > 0:
        raise InvalidParameterError("unanswered_after_days must be more than 0")
    starts, ends = _check_periods(periods)
    schools = _Schools(requests["school"])
    codes = schools.codes(requests["school"])
    sent = pd.to_datetime(requests["sent_at"]).to_numpy("datetime64[ns]")
    answered = pd.to_datetime(requests["answered_at"]).to_numpy("datetime64[ns]")
    sent_ns = sent.astype(np.int64).astype(np.float64)
    answered_ns = answered.astype(np.int64).astype(np.float64)
    answered_ns[np.isnat(answered)] = np.nan
    sent_ns[np.isnat(sent)] = np.nan
    if as_of is None:
        as_of_ns = float(np.nanmax(np.concatenate([sent_ns, answered_ns, [-np.inf]])))
    else:
        as_of_ns = float(pd.Timestamp(as_of).value)
    period = _period_codes(np.floor(sent_ns / 86_400e9), starts, ends)
    hours = (answered_ns - sent_ns) / 3_600e9
    limit = unanswered_after_days * 86_400e9
    late = (np.isnan(hours) | (hours * 3_600e9 > limit)).astype(np.float64)
    results = []
    for groups, n_groups in _levels(codes, len(schools)):
        keep = (period >= 0) & (groups >= 0)
        size = n_groups * len(periods)
        cells = groups * len(periods) + period
        done = keep & ~np.isnan(hours)
        median, n_answered = _group_median(cells[done], hours[done], size)
        judged = keep & (sent_ns + limit <= as_of_ns)
        share, n_judged = _ratio(cells[judged], size, late[judged], np.ones(int(judged.sum())))
        results.append(
            (
                np.concatenate([median, share]),
                np.concatenate([n_answered, n_judged.astype(np.int64)]),
            )
        )
    return _tidy_pair(
        results,
        schools=schools,
        periods=periods,
        detail=("request_response_hours", "request_unanswered_share"),
    )


def _beyond_pair(
    roster: pd.DataFrame,
    periods: Sequence[Period],
    beyond_contract: Collection[str],
    as_of: date | str | pd.Timestamp | None,
) -> _Pair:
    roster = _canonical(roster)
    _need(roster, ("school",), "roster")
    starts, ends = _check_periods(periods)
    day = _day(as_of if as_of is not None else pd.Timestamp.today().normalize())
    period = int(_period_codes(np.array([float(day)]), starts, ends)[0])
    if period < 0:
        period = len(periods) - 1
    schools = _Schools(roster["school"])
    codes = schools.codes(roster["school"])
    hired = _days(roster["hire_date"]) if "hire_date" in roster.columns else np.zeros(len(roster))
    keep = (codes >= 0) & ~(hired > day)
    flags = _beyond_flags(roster, beyond_contract)[keep].astype(np.float64)
    results = []
    for groups, n_groups in _levels(codes[keep], len(schools)):
        size = n_groups * len(periods)
        value, n = _ratio(groups * len(periods) + period, size, flags, np.ones(len(flags)))
        results.append((value, n.astype(np.int64)))
    return _tidy_pair(results, schools=schools, periods=periods)


STATISTICS = (
    staff_headcount,
    absence_rate,
    turnover,
    professional_learning_participation,
    practice_uptake,
    request_response,
    beyond_contract_share,
)
"""The statistics of this module (each docstring gives the formula and a reference)."""


# ------------------------------------------------------------------------------ the panel


def _stat_rows(
    name: str | None, school_rows: pd.DataFrame, district_rows: pd.DataFrame
) -> pd.DataFrame:
    """School rows joined to their district rows; ``indicator`` from ``name`` or detail."""
    joined = school_rows.merge(
        district_rows.drop(columns="school").rename(
            columns={"value": "district_value", "n": "district_n"}
        ),
        on=["period", "detail"],
        how="left",
    )
    if name is None:  # the detail names the indicator
        joined["indicator"] = joined["detail"]
        joined["detail"] = ""
    else:
        joined["indicator"] = name
    return joined


def indicator_panel(
    *,
    roster: pd.DataFrame,
    periods: Sequence[Period],
    absences: pd.DataFrame | None = None,
    exits: pd.DataFrame | None = None,
    pl_events: pd.DataFrame | None = None,
    pl_attendance: pd.DataFrame | None = None,
    practice_observations: pd.DataFrame | None = None,
    district_requests: pd.DataFrame | None = None,
    meetings: pd.DataFrame | None = None,
    min_n: int = DEFAULT_MIN_N,
    beyond_contract: Collection[str] = (),
    unanswered_after_days: float = 5.0,
    silent_min_meetings: int = 3,
    as_of: date | str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Every indicator the district's records allow, per school and period, suppressed.

    Parameters
    ----------
    roster
        The roster (required: it gives the headcounts).
    periods
        The periods of the panel (``school_years`` or ``months``).
    absences, exits, pl_events, pl_attendance, practice_observations, district_requests, meetings
        The other data files; an indicator whose file is not given is left out
        (professional learning needs both ``pl_events`` and ``pl_attendance``; turnover
        needs ``exits``).
    min_n
        No value is shown for fewer than ``min_n`` people (or requests, observations).
    beyond_contract
        Names of the teams beyond contract (for ``beyond_contract_share``).
    unanswered_after_days, as_of
        See ``request_response``; ``as_of`` is also the day of the roster picture.
    silent_min_meetings
        See ``staffroom.analysis.voice.silent_members``.

    Returns
    -------
    pandas.DataFrame
        Long (tidy) table with the columns ``PANEL_COLUMNS``: ``school``, ``period``,
        ``indicator`` (a key of ``INDICATORS``), ``detail`` (the practice for
        ``practice_uptake``, else empty), ``value``, ``n``, ``suppressed``,
        ``district_value`` and ``district_n`` (all schools pooled), ``difference``
        (value - district value) and ``change`` (value - the school's value in the
        previous period). Hidden numbers are missing. Rows are sorted by school,
        indicator (in ``INDICATORS`` order), detail and period, so each school's
        indicator reads as a series (its trend).

    Notes
    -----
    Suppression: a value with n < ``min_n`` is hidden, and, across the schools of
    each indicator and period, ``complementary_suppression`` hides the smallest
    further schools until the hidden schools hold at least ``min_n`` together, so a
    hidden school cannot be recovered from the district value and the shown schools.
    A district value with n < ``min_n`` is hidden too. ``difference`` and ``change``
    are shown only when both of their values are.
    """
    from staffroom.analysis.voice import _voice_pair

    min_n = check_min_n(min_n)
    _check_periods(periods)
    roster = _canonical(roster)
    pairs: list[tuple[str | None, _Pair]] = []
    if absences is not None:
        pairs.append(("absence_rate", _absence_pair(absences, periods)))
    if exits is not None:
        pairs.append((None, _turnover_pair(roster, exits, periods)))
    if pl_events is not None and pl_attendance is not None:
        pairs.append((None, _learning_pair(roster, pl_events, pl_attendance, periods, exits)))
    if practice_observations is not None:
        pairs.append(("practice_uptake", _uptake_pair(practice_observations, periods)))
    if district_requests is not None:
        pairs.append(
            (None, _requests_pair(district_requests, periods, unanswered_after_days, as_of))
        )
    if beyond_contract or "beyond_contract" in roster.columns:
        pairs.append(
            ("beyond_contract_share", _beyond_pair(roster, periods, beyond_contract, as_of))
        )
    if meetings is not None:
        pairs.append(
            (None, _voice_pair(meetings, periods, roster, silent_min_meetings, "turns", "school"))
        )
    parts = [_stat_rows(name, schools, district) for name, (schools, district) in pairs]
    if not parts:
        return _empty_panel()
    panel = pd.concat([p for p in parts if not p.empty] or [parts[0]], ignore_index=True)
    return _finish(panel, periods, min_n)


def _empty_panel() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PANEL_COLUMNS})


def _rank(column: pd.Series, positions: dict[str, int]) -> IntArray:
    """Each value's position in ``positions`` (unknown values last), looked up once per
    distinct value."""
    codes, uniques = pd.factorize(column)
    lookup = np.array([positions.get(str(u), len(positions)) for u in uniques], dtype=np.int64)
    return lookup[np.asarray(codes, dtype=np.int64)]


def _finish(panel: pd.DataFrame, periods: Sequence[Period], min_n: int) -> pd.DataFrame:
    """Suppress, compare with the district and the previous period, order the rows."""
    if panel.empty:
        return _empty_panel()
    order = {name: i for i, name in enumerate(INDICATORS)}
    period_pos = {p.label: i for i, p in enumerate(periods)}
    # one suppression row per (indicator, detail, period); one cell per school
    row_codes = (
        panel.groupby(["indicator", "detail", "period"], sort=False).ngroup().to_numpy(np.int64)
    )
    school_codes, school_labels = pd.factorize(panel["school"], sort=False)
    counts = np.zeros((int(row_codes.max()) + 1, len(school_labels)), dtype=np.int64)
    counts[row_codes, school_codes] = panel["n"].to_numpy(np.int64)
    hidden_matrix = complementary_suppression(counts, min_n)
    hidden = hidden_matrix[row_codes, school_codes]
    value = panel["value"].to_numpy(np.float64)
    value = np.where(hidden, np.nan, value)
    district_n = panel["district_n"].fillna(0).to_numpy(np.int64)
    district_hidden = district_n < min_n
    district_value = np.where(district_hidden, np.nan, panel["district_value"].to_numpy(np.float64))
    out = pd.DataFrame(
        {
            "school": panel["school"].to_numpy(object),
            "period": panel["period"].to_numpy(object),
            "indicator": panel["indicator"].to_numpy(object),
            "detail": panel["detail"].to_numpy(object),
            "value": value,
            "n": pd.arrays.IntegerArray(panel["n"].to_numpy(np.int64), hidden.copy()),
            "suppressed": hidden,
            "district_value": district_value,
            "district_n": pd.arrays.IntegerArray(district_n, district_hidden.copy()),
            "difference": value - district_value,
        }
    )
    # order: school, indicator, detail, period, on integer keys
    school_rank = pd.factorize(panel["school"], sort=True)[0]
    indicator_rank = _rank(panel["indicator"], order)
    detail_rank = pd.factorize(panel["detail"], sort=True)[0]
    period_rank = _rank(panel["period"], period_pos)
    rank = np.lexsort((period_rank, detail_rank, indicator_rank, school_rank))
    out = out.iloc[rank].reset_index(drop=True)
    series = np.stack([school_rank, indicator_rank, detail_rank])[:, rank]
    previous = np.zeros(len(rank), dtype=bool)
    previous[1:] = (series[:, 1:] == series[:, :-1]).all(axis=0) & (
        period_rank[rank][1:] == period_rank[rank][:-1] + 1
    )
    values = out["value"].to_numpy(np.float64)
    change = np.full(len(values), np.nan)
    change[1:] = values[1:] - values[:-1]
    out["change"] = np.where(previous, change, np.nan)
    return out[list(PANEL_COLUMNS)]
