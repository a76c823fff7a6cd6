"""Meeting voice: who speaks in staff and team meetings, and how evenly.

From the meetings file (one row per meeting and member: ``present``, ``turns``, and
optionally ``minutes``), per school (or team) and period:

* the share of members present who spoke at least once (``voice_spoke_share``);
* how concentrated speaking was, as the Gini coefficient of turns among the members
  present, averaged over meetings (``voice_gini``);
* how many members were present at several meetings and spoke at none
  (``voice_silent_members``), and, for the roles allowed to see names, who they are
  (``silent_members``).

Vectorised: meetings and members become integer codes; sums, ranks and counts come
from ``numpy`` sorts and ``bincount``, with no loop per meeting, school or person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError
from staffroom.analysis.indicators import (
    Period,
    _canonical,
    _check_periods,
    _days,
    _need,
    _period_codes,
    _Schools,
    _tidy,
)

__all__ = [
    "STATISTICS",
    "gini_by_group",
    "meeting_summary",
    "meeting_voice",
    "silent_members",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

Measure = Literal["turns", "minutes"]


def gini_by_group(values: FloatArray, codes: IntArray, size: int) -> FloatArray:
    """Gini coefficient of ``values`` within each group code (0 to ``size - 1``).

    Parameters
    ----------
    values
        Non-negative numbers (speaking turns); no missing values.
    codes
        Group code per value.
    size
        Number of groups.

    Returns
    -------
    numpy.ndarray
        One coefficient per group; NaN for a group with no values or a zero total.

    Notes
    -----
    The Gini coefficient without small-sample correction (Gini's mean difference over
    twice the mean):

        G = sum_i sum_j |x_i - x_j| / (2 n^2 mean(x))
          = sum_i (2i - n - 1) x_(i) / (n sum(x)),

    with x_(i) the values in ascending order (Damgaard & Weiner, 2000). G is 0 when
    every member spoke equally often and at most (n - 1) / n, when one member spoke
    and nobody else did. It equals ``ineq::Gini(x, corr = FALSE)`` and is checked
    against the double sum computed in base R
    (``sum(abs(outer(x, x, "-"))) / (2 * length(x)^2 * mean(x))``). Computed for all
    groups at once from one sort by (group, value).

    References
    ----------
    Gini, C. (1912). Variabilità e mutabilità. Tipografia di Paolo Cuppini.
    Damgaard, C., & Weiner, J. (2000). Describing inequality in plant size or
    fecundity. Ecology, 81(4), 1139-1142.
    """
    values = np.asarray(values, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.int64)
    if values.shape != codes.shape:
        raise InvalidParameterError("values and codes must have the same length")
    if (values < 0).any() or np.isnan(values).any():
        raise InvalidParameterError("the Gini coefficient needs values of 0 or more")
    order = np.lexsort((values, codes))
    counts = np.bincount(codes, minlength=size).astype(np.float64)
    starts = np.concatenate([[0.0], np.cumsum(counts)[:-1]])
    sorted_codes = codes[order]
    rank = np.arange(len(values)) - starts[sorted_codes] + 1.0
    weights = (2.0 * rank - counts[sorted_codes] - 1.0) * values[order]
    top = np.bincount(sorted_codes, weights=weights, minlength=size)
    total = np.bincount(codes, weights=values, minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((counts > 0) & (total > 0), top / (counts * total), np.nan)


@dataclass(frozen=True)
class _Rows:
    """Meeting rows as codes and arrays (no text is converted to Python objects)."""

    meeting: IntArray
    meeting_labels: pd.Index
    person: IntArray
    person_labels: pd.Index
    group: pd.Series
    day: FloatArray
    present: BoolArray
    amount: FloatArray


def _prepared(
    meetings: pd.DataFrame, roster: pd.DataFrame | None, by: str, measure: Measure
) -> _Rows:
    """The meetings with their group label (``by``, else the member's roster school)."""
    meetings = _canonical(meetings)
    _need(meetings, ("meeting_id", "date", "staff_id", "present", measure), "meetings")
    group = meetings[by] if by in meetings.columns else pd.Series(pd.NA, index=meetings.index)
    if by == "school" and roster is not None and group.isna().any():
        roster = _canonical(roster)
        _need(roster, ("staff_id", "school"), "roster")
        home = roster.drop_duplicates("staff_id").set_index("staff_id")["school"]
        group = group.where(group.notna(), meetings["staff_id"].map(home))
    meeting, meeting_labels = pd.factorize(meetings["meeting_id"], sort=True)
    person, person_labels = pd.factorize(meetings["staff_id"])
    return _Rows(
        meeting=np.asarray(meeting, dtype=np.int64),
        meeting_labels=pd.Index(meeting_labels),
        person=np.asarray(person, dtype=np.int64),
        person_labels=pd.Index(person_labels),
        group=group.reset_index(drop=True),
        day=_days(meetings["date"]),
        present=meetings["present"].astype("boolean").fillna(False).to_numpy(bool),
        amount=pd.to_numeric(meetings[measure], errors="coerce").to_numpy(np.float64),
    )


def meeting_summary(
    meetings: pd.DataFrame,
    *,
    roster: pd.DataFrame | None = None,
    by: str = "school",
    measure: Measure = "turns",
) -> pd.DataFrame:
    """One row per meeting: ``meeting_id``, ``date``, ``group``, ``present``,
    ``spoke`` (members present who spoke), ``gini`` (of ``measure`` among members
    present; missing when fewer than two were present, someone's count is missing or
    nobody spoke)."""
    rows = _prepared(meetings, roster, by, measure)
    codes, size = rows.meeting, len(rows.meeting_labels)
    present, amount = rows.present, rows.amount
    recorded = present & ~np.isnan(amount)
    n_present = np.bincount(codes[present], minlength=size)
    n_recorded = np.bincount(codes[recorded], minlength=size)
    spoke = np.bincount(codes[recorded & (amount > 0)], minlength=size)
    gini = gini_by_group(amount[recorded], codes[recorded], size)
    complete = (n_recorded == n_present) & (n_present >= 2)
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy(np.int64)
    days = rows.day[first].astype("datetime64[D]")
    return pd.DataFrame(
        {
            "meeting_id": pd.Series(rows.meeting_labels, dtype="string"),
            "date": pd.to_datetime(days),
            "group": rows.group.iloc[first].to_numpy(),
            "present": n_present.astype(np.int64),
            "spoke": spoke.astype(np.int64),
            "gini": np.where(complete, gini, np.nan),
        }
    )


def _member_cells(
    rows: _Rows, periods: Sequence[Period], district: bool
) -> tuple[_Schools, IntArray, int]:
    """Groups, cell per row (group x period, -1 outside) and the number of cells."""
    starts, ends = _check_periods(periods)
    groups = _Schools(rows.group)
    group = groups.codes(rows.group)
    n_groups = len(groups)
    if district:
        group = np.where(group >= 0, 0, -1)
        n_groups = 1
    period = _period_codes(rows.day, starts, ends)
    cell = np.where((group >= 0) & (period >= 0), group * len(periods) + period, -1)
    return groups, cell.astype(np.int64), n_groups * len(periods)


def _distinct(cell: IntArray, person: IntArray, size: int) -> IntArray:
    """Distinct people per cell (hash-based, no sort)."""
    width = int(person.max(initial=0)) + 1
    pairs = pd.unique(cell * width + person)
    return np.bincount(np.asarray(pairs) // width, minlength=size).astype(np.int64)


def meeting_voice(
    meetings: pd.DataFrame,
    periods: Sequence[Period],
    *,
    roster: pd.DataFrame | None = None,
    silent_min_meetings: int = 3,
    measure: Measure = "turns",
    by: str = "school",
    district: bool = False,
) -> pd.DataFrame:
    """Meeting voice per school (or team) and period.

    Parameters
    ----------
    meetings
        ``meeting_id``, ``date``, ``staff_id``, ``present``, ``turns`` (and ``school``,
        ``team``, ``minutes`` when given).
    periods
        A meeting belongs to the period holding its date.
    roster
        Gives a member's school when a meeting row has none.
    silent_min_meetings
        How many meetings (with counts) a member must have attended to be counted as
        silent when they spoke at none of them.
    measure
        Count ``turns`` (times spoken) or ``minutes`` spoken.
    by
        Group by ``school`` or ``team``.
    district
        Pool every group into one district row per period.

    Returns
    -------
    pandas.DataFrame
        ``detail`` is ``voice_spoke_share`` (``n``: distinct members present with a
        count), ``voice_gini`` (``n``: distinct members present at the meetings
        averaged) or ``voice_silent_members`` (``value`` a count; ``n``: members present
        at ``silent_min_meetings`` or more meetings with counts).

    Notes
    -----
    Only members present with a count (``turns`` not blank) enter. spoke share =
    sum over meetings of members who spoke / sum of members present with a count,
    pooled over the meetings of the period. voice Gini = the mean over the period's
    meetings of ``gini_by_group`` of the counts of the members present, over meetings
    where every member present has a count, at least two were present and someone
    spoke. Silent members = members present at ``silent_min_meetings`` or more
    meetings with counts in the period who spoke at none. Equal speaking time is one
    of the conditions of collective intelligence in groups (Woolley et al., 2010), and
    psychological safety shows in who speaks up (Edmondson, 1999).

    References
    ----------
    Woolley, A. W., Chabris, C. F., Pentland, A., Hashmi, N., & Malone, T. W. (2010).
    Evidence for a collective intelligence factor in the performance of human groups.
    Science, 330(6004), 686-688.
    Edmondson, A. (1999). Psychological safety and learning behavior in work teams.
    Administrative Science Quarterly, 44(2), 350-383.
    """
    return _voice_pair(meetings, periods, roster, silent_min_meetings, measure, by)[
        1 if district else 0
    ]


def _members(
    cell: IntArray, person: IntArray, spoke: BoolArray
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Each (cell, person) with meetings counted: its cell, person, the meetings
    attended with a count and the meetings spoken in."""
    width = int(person.max(initial=0)) + 1
    member, keys = pd.factorize(cell * width + person)
    attended = np.bincount(member).astype(np.int64)
    spoken = np.bincount(member, weights=spoke.astype(np.float64)).astype(np.float64)
    codes = np.asarray(keys, dtype=np.int64)
    return codes // width, codes % width, attended, spoken


def _silent_counts(
    cell: IntArray, person: IntArray, spoke: BoolArray, size: int, min_meetings: int
) -> tuple[IntArray, IntArray]:
    """Per cell: members with ``min_meetings`` or more meetings counted who spoke at none,
    and members with that many meetings."""
    member_cell, _, attended, spoken = _members(cell, person, spoke)
    enough = attended >= min_meetings
    return (
        np.bincount(member_cell[enough & (spoken == 0)], minlength=size).astype(np.int64),
        np.bincount(member_cell[enough], minlength=size).astype(np.int64),
    )


def _voice_pair(
    meetings: pd.DataFrame,
    periods: Sequence[Period],
    roster: pd.DataFrame | None,
    silent_min_meetings: int,
    measure: Measure,
    by: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``meeting_voice`` for the schools (or teams) and for the district, prepared once."""
    if silent_min_meetings < 1:
        raise InvalidParameterError("silent_min_meetings must be 1 or more")
    rows = _prepared(meetings, roster, by, measure)
    meeting, person, amount = rows.meeting, rows.person, rows.amount
    groups, school_cell, school_size = _member_cells(rows, periods, district=False)
    inside = school_cell >= 0
    recorded = rows.present & ~np.isnan(amount) & inside
    spoke = recorded & (amount > 0)
    present = rows.present & inside
    # Gini per meeting (the same for both levels)
    n_meetings = len(rows.meeting_labels)
    per_present = np.bincount(meeting[present], minlength=n_meetings)
    per_recorded = np.bincount(meeting[recorded], minlength=n_meetings)
    gini = gini_by_group(amount[recorded], meeting[recorded], n_meetings)
    usable = (per_present == per_recorded) & (per_present >= 2) & ~np.isnan(gini)
    in_usable = present & usable[meeting]
    n_periods = len(periods)
    results = []
    for district in (False, True):
        if district:
            cell = np.where(inside, school_cell % n_periods, -1)
            size = n_periods
        else:
            cell, size = school_cell, school_size
        share_top = np.bincount(cell[spoke], minlength=size).astype(np.float64)
        share_bottom = np.bincount(cell[recorded], minlength=size).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(share_bottom > 0, share_top / share_bottom, np.nan)
        share_n = _distinct(cell[recorded], person[recorded], size)
        # a meeting counts for every school (or team) it has members present from
        key = max(size, 1)
        pairs = np.asarray(pd.unique(meeting[present] * key + cell[present]))
        pair_meeting, pair_cell = pairs // key, pairs % key
        counted = usable[pair_meeting]
        gini_sum = np.bincount(
            pair_cell[counted], weights=gini[pair_meeting][counted], minlength=size
        )
        gini_count = np.bincount(pair_cell[counted], minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            gini_mean = np.where(gini_count > 0, gini_sum / gini_count, np.nan)
        gini_n = _distinct(cell[in_usable], person[in_usable], size)
        silent_count, silent_n = _silent_counts(
            cell[recorded], person[recorded], spoke[recorded], size, silent_min_meetings
        )
        results.append(
            _tidy(
                np.concatenate([share, gini_mean, silent_count.astype(np.float64)]),
                np.concatenate([share_n, gini_n, silent_n]),
                schools=groups,
                periods=periods,
                district=district,
                detail=("voice_spoke_share", "voice_gini", "voice_silent_members"),
            )
        )
    return results[0], results[1]


def silent_members(
    meetings: pd.DataFrame,
    periods: Sequence[Period],
    *,
    roster: pd.DataFrame | None = None,
    min_meetings: int = 3,
    measure: Measure = "turns",
    by: str = "school",
) -> pd.DataFrame:
    """The members present at ``min_meetings`` or more meetings of a period who spoke
    at none: ``school`` (or the ``by`` group), ``period``, ``staff_id``, ``meetings``.

    This names people: show it only to the roles the district allows to see names
    (``District.names_visible_to``), and only to help invite them in, never to rate
    them. The counts per school are in ``meeting_voice``.
    """
    if min_meetings < 1:
        raise InvalidParameterError("min_meetings must be 1 or more")
    rows = _prepared(meetings, roster, by, measure)
    groups, cell, _ = _member_cells(rows, periods, district=False)
    person, amount = rows.person, rows.amount
    recorded = rows.present & ~np.isnan(amount) & (cell >= 0)
    member_cell, member_person, attended, spoken = _members(
        cell[recorded], person[recorded], recorded[recorded] & (amount[recorded] > 0)
    )
    chosen = (attended >= min_meetings) & (spoken == 0)
    cells, persons = member_cell[chosen], member_person[chosen]
    staff = rows.person_labels
    group_labels = np.array([*groups.labels, None], dtype=object)
    period_labels = np.array([p.label for p in periods], dtype=object)
    return pd.DataFrame(
        {
            by: group_labels[cells // len(periods)],
            "period": period_labels[cells % len(periods)],
            "staff_id": pd.Series(np.asarray(staff, dtype=object)[persons], dtype="string"),
            "meetings": attended[chosen].astype(np.int64),
        }
    ).sort_values([by, "period", "staff_id"], ignore_index=True)


STATISTICS = (gini_by_group, meeting_voice)
"""The statistics of this module (each docstring gives the formula and a reference)."""
