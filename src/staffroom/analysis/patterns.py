"""Patterns by group: each indicator compared across staff groups, within every school
and across the district, with the anonymity rules of survey results.

``person_measures`` turns the district's records into one row per staff member and
period (days absent as a rate, voluntary sessions attended, share of meetings in which
the person spoke, membership of a team beyond contract); any other per-person measure
(the number of ties from the connection map, say) can be added as a column.
``group_patterns`` then compares the measures across the groups of each attribute
(role, grade band, hire band, race/ethnicity, age band).

Suppression (``protect_table``): a table of schools x groups with its margins (each
school's total, each group's district total, the district total) is protected as a
whole. No cell, school total or district group under ``min_n`` people is shown, and in
every school and every group, the hidden entries are either none or at least two
holding at least ``min_n`` people, so no hidden entry can be recovered by subtracting
the shown entries from a shown total. It starts from
``staffroom.analysis.complementary_suppression`` and repeats along rows and columns
until nothing changes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError, MissingColumnError
from staffroom.analysis.grouped import NOT_REPORTED
from staffroom.analysis.indicators import (
    Period,
    _beyond_flags,
    _canonical,
    _check_periods,
    _day,
    _days,
    _need,
    _period_codes,
    _Schools,
)
from staffroom.analysis.suppression import DEFAULT_MIN_N, check_min_n, complementary_suppression

__all__ = [
    "GROUP_ATTRIBUTES",
    "HIRE_BANDS",
    "PATTERN_COLUMNS",
    "STATISTICS",
    "group_patterns",
    "hire_band",
    "person_measures",
    "protect_table",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

HIRE_BANDS = (
    "hired in the last 2 years",
    "2 to 5 years",
    "5 to 10 years",
    "10 years or more",
)
"""Bands of time since hire, newest first (lower bounds inclusive: 2, 5, 10 years)."""

GROUP_ATTRIBUTES = ("role", "grade_band", "hire_band", "race_ethnicity", "age_band")
"""The roster attributes patterns compare by default."""

PATTERN_COLUMNS = (
    "level",
    "school",
    "period",
    "measure",
    "attribute",
    "group",
    "n",
    "value",
    "suppressed",
    "overall_value",
    "difference",
)
"""Columns of ``group_patterns``' result, in order."""

_HIRE_EDGES_YEARS = (2, 5, 10)


def hire_band(hire_date: pd.Series, as_of: date | str | pd.Timestamp) -> pd.Series:
    """The ``HIRE_BANDS`` label of each hire date on day ``as_of`` (missing stays missing).

    Years are whole calendar years: someone hired on 2024-03-01 is in the first band
    until 2026-02-28 and in the second from 2026-03-01.
    """
    when = pd.Timestamp(as_of)
    hired = pd.to_datetime(hire_date)
    edges = [when - pd.DateOffset(years=y) for y in _HIRE_EDGES_YEARS]
    band = np.select(
        [hired > edges[0], hired > edges[1], hired > edges[2], hired.notna()],
        list(HIRE_BANDS),
        default="",
    )
    return pd.Series(band, index=hire_date.index, dtype="string").replace("", pd.NA)


def person_measures(
    *,
    roster: pd.DataFrame,
    periods: Sequence[Period],
    absences: pd.DataFrame | None = None,
    pl_events: pd.DataFrame | None = None,
    pl_attendance: pd.DataFrame | None = None,
    meetings: pd.DataFrame | None = None,
    beyond_contract: Collection[str] = (),
    as_of: date | str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One row per roster member and period with the person's measures.

    Returns
    -------
    pandas.DataFrame
        ``staff_id``, ``school``, the roster attributes present (``role``,
        ``grade_band``, ``race_ethnicity``, ``age_band``), ``hire_band`` (on ``as_of``),
        ``period``, and the measures the records allow: ``absence_rate`` (the person's
        days absent / work days in the period, from person rows), ``pl_voluntary_sessions``
        and ``pl_mandatory_sessions`` (sessions attended), ``meeting_spoke_share``
        (meetings the person spoke in / meetings present with a count),
        ``beyond_contract`` (1 or 0; in the period holding ``as_of``). A measure with
        no record for the person in the period is missing.
    """
    roster = _canonical(roster)
    _need(roster, ("staff_id", "school"), "roster")
    starts, ends = _check_periods(periods)
    when = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()
    n_periods = len(periods)
    n_staff = len(roster)
    repeat = np.repeat(np.arange(n_staff), n_periods)
    columns = [
        c
        for c in ("staff_id", "school", "role", "grade_band", "race_ethnicity", "age_band")
        if c in roster.columns
    ]
    people = roster[columns].iloc[repeat].reset_index(drop=True)
    if "hire_date" in roster.columns:
        people["hire_band"] = hire_band(roster["hire_date"], when).iloc[repeat].to_numpy()
    people["period"] = np.tile(np.array([p.label for p in periods], dtype=object), n_staff)
    size = n_staff * n_periods
    # roster row of each staff id, looked up by code (no text converted to objects)
    staff = _Schools(roster["staff_id"])
    row_of = np.full(len(staff) + 1, -1, dtype=np.int64)
    row_of[staff.codes(roster["staff_id"])] = np.arange(n_staff)

    def cells(ids: pd.Series, days: FloatArray) -> tuple[IntArray, BoolArray]:
        person = row_of[staff.codes(ids)]
        period = _period_codes(days, starts, ends)
        keep = (person >= 0) & (period >= 0)
        return person * n_periods + period, keep

    if absences is not None:
        absences = _canonical(absences)
        rows = absences[absences["staff_id"].notna()]
        cell, keep = cells(rows["staff_id"], _days(rows["period_start"]))
        top = np.bincount(
            cell[keep], weights=rows["days_absent"].to_numpy(np.float64)[keep], minlength=size
        )
        bottom = np.bincount(
            cell[keep], weights=rows["work_days"].to_numpy(np.float64)[keep], minlength=size
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            people["absence_rate"] = np.where(bottom > 0, top / bottom, np.nan)
    if pl_events is not None and pl_attendance is not None:
        events, attendance = _canonical(pl_events), _canonical(pl_attendance)
        first = events.drop_duplicates("event_id").set_index(
            events.drop_duplicates("event_id")["event_id"].astype("string")
        )
        rows = attendance[attendance["staff_id"].notna()]
        ids = rows["event_id"].astype("string")
        known = ids.isin(first.index).to_numpy(bool)
        rows, ids = rows[known], ids[known]
        chosen_events = pd.Index(ids)
        event_days = _days(first["date"].reindex(chosen_events).reset_index(drop=True))
        mandatory = (
            first["mandatory"].reindex(chosen_events).astype("boolean").fillna(False).to_numpy(bool)
        )
        cell, keep = cells(rows["staff_id"].reset_index(drop=True), event_days)
        for name, wanted in (("pl_voluntary_sessions", False), ("pl_mandatory_sessions", True)):
            chosen = keep & (mandatory == wanted)
            people[name] = np.bincount(cell[chosen], minlength=size).astype(np.float64)
    if meetings is not None:
        frame = _canonical(meetings)
        turns = pd.to_numeric(frame["turns"], errors="coerce").to_numpy(np.float64)
        present = frame["present"].astype("boolean").fillna(False).to_numpy(bool)
        counted = present & ~np.isnan(turns)
        cell, keep = cells(frame["staff_id"], _days(frame["date"]))
        chosen = keep & counted
        spoke = np.bincount(cell[chosen], weights=(turns[chosen] > 0).astype(float), minlength=size)
        total = np.bincount(cell[chosen], minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            people["meeting_spoke_share"] = np.where(total > 0, spoke / total, np.nan)
    if beyond_contract or "beyond_contract" in roster.columns:
        period = int(_period_codes(np.array([float(_day(when))]), starts, ends)[0])
        period = period if period >= 0 else n_periods - 1
        flags = _beyond_flags(roster, beyond_contract).astype(np.float64)
        values = np.full(size, np.nan)
        values[np.arange(n_staff) * n_periods + period] = flags
        people["beyond_contract"] = values
    return people


def _lines(counts: IntArray, hidden: BoolArray, present: BoolArray, min_n: int) -> BoolArray:
    """Protect lines (last entry = the line's total): complementary suppression of the
    cells, then no line with exactly one hidden entry."""
    hidden = hidden.copy()
    hidden[:, :-1] |= complementary_suppression(
        counts[:, :-1], min_n, suppressed=hidden[:, :-1], present=present[:, :-1]
    )
    lone = (hidden & present).sum(axis=1) == 1
    if lone.any():
        candidates = present[:, :-1] & ~hidden[:, :-1]
        key = np.where(candidates, counts[:, :-1], np.iinfo(np.int64).max)
        pick = key.argmin(axis=1)
        has = candidates.any(axis=1)
        rows = np.flatnonzero(lone & has)
        hidden[rows, pick[rows]] = True
        rows = np.flatnonzero(lone & ~has)
        hidden[rows, -1] = True
    return hidden & present


def _with_margins(cells: NDArray[Any]) -> NDArray[Any]:
    """(tables, rows, columns) with each row's total appended as a last column, each
    column's total as a last row and the grand total in the corner."""
    k, s, g = cells.shape
    full = np.zeros((k, s + 1, g + 1), dtype=cells.dtype)
    full[:, :s, :g] = cells
    full[:, :s, g] = cells.sum(axis=2)
    full[:, s, :g] = cells.sum(axis=1)
    full[:, s, g] = cells.sum(axis=(1, 2))
    return full


def _column_lines(table: NDArray[Any]) -> NDArray[Any]:
    """The columns of (tables, rows, columns) arrays as lines, each ending in its total."""
    return table.transpose(0, 2, 1).reshape(-1, table.shape[1])


def protect_table(cells: IntArray, min_n: int) -> BoolArray:
    """Which entries of tables with margins to hide.

    Parameters
    ----------
    cells
        Counts, shape (tables, rows, columns): for example schools x staff groups for
        each measure and period.
    min_n
        Minimum number of people behind a shown entry.

    Returns
    -------
    numpy.ndarray of bool
        Shape (tables, rows + 1, columns + 1): the cells, with each row's total in the
        last column, each column's total in the last row and the grand total in the
        corner. True = hide.

    Notes
    -----
    Primary suppression hides every present entry (cell or total) under ``min_n``.
    Then, until nothing changes, for every row and every column (each with its total):
    ``complementary_suppression`` hides the smallest shown cells until the hidden cells
    hold at least ``min_n`` people, and a line with exactly one hidden entry hides its
    smallest shown cell too (or its total when no cell is left), since one hidden
    entry equals the total minus the shown ones. The result holds, for every line,
    that the hidden entries are none or at least two, and that with a shown total the
    hidden cells hold none or at least ``min_n`` people. This is the iterative
    row-and-column heuristic for two-way tables with margins (Hundepool et al., 2012,
    sec. 5.4); it hides more than an optimal solver would, never less.

    References
    ----------
    Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Nordholt, E. S.,
    Spicer, K., & de Wolf, P.-P. (2012). Statistical disclosure control. Wiley.
    """
    min_n = check_min_n(min_n)
    cells = np.asarray(cells, dtype=np.int64)
    if cells.ndim != 3:
        raise InvalidParameterError("cells must have shape (tables, rows, columns)")
    k, s, g = cells.shape
    full = _with_margins(cells)
    present = full > 0
    hidden = present & (full < min_n)
    while True:
        before = hidden.copy()
        by_row = _lines(
            full.reshape(-1, g + 1), hidden.reshape(-1, g + 1), present.reshape(-1, g + 1), min_n
        ).reshape(k, s + 1, g + 1)
        hidden = hidden | by_row
        by_column = _lines(
            _column_lines(full), _column_lines(hidden), _column_lines(present), min_n
        )
        hidden = hidden | by_column.reshape(k, g + 1, s + 1).transpose(0, 2, 1)
        if (hidden == before).all():
            return hidden


def group_patterns(
    people: pd.DataFrame,
    *,
    measures: Sequence[str],
    attributes: Sequence[str] = GROUP_ATTRIBUTES,
    min_n: int = DEFAULT_MIN_N,
    school: str = "school",
    period: str | None = "period",
) -> pd.DataFrame:
    """Each measure compared across the groups of each attribute, per school and for
    the district, suppressed.

    Parameters
    ----------
    people
        One row per person (and period): ``school``, ``period``, the attribute
        columns, the measure columns (numbers; missing = no value for the person).
        ``person_measures`` makes one.
    measures
        The measure columns to compare (a 0/1 measure gives shares).
    attributes
        The group columns; blank values form the group ``"(not reported)"``, so the
        groups of a school add up to the school.
    min_n
        Minimum number of people behind any shown value.
    school, period
        The school and period columns (``period=None``: no periods).

    Returns
    -------
    pandas.DataFrame
        Columns ``PATTERN_COLUMNS``: ``level`` (``school`` or ``district``), ``school``
        (missing on district rows), ``period``, ``measure``, ``attribute``, ``group``,
        ``n`` (people with a value), ``value`` (their mean), ``suppressed``,
        ``overall_value`` (the school's, or the district's, mean over all groups) and
        ``difference`` (value - overall value). Hidden numbers are missing.

    Notes
    -----
    value = mean of the measure over the group's people with a value; n counts them.
    Suppression by ``protect_table`` over each measure, attribute and period's table of
    schools x groups with its margins: a school's overall value and a district group's
    value are hidden under the same rules as the cells.

    References
    ----------
    Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Nordholt, E. S.,
    Spicer, K., & de Wolf, P.-P. (2012). Statistical disclosure control. Wiley.
    """
    min_n = check_min_n(min_n)
    for column in [school, *measures, *attributes, *([period] if period else [])]:
        if column not in people.columns:
            raise MissingColumnError(column, "people")
    school_codes, school_labels = pd.factorize(people[school], sort=True)
    if period:
        period_codes, period_labels = pd.factorize(people[period], sort=False)
    else:
        period_codes, period_labels = np.zeros(len(people), dtype=np.int64), pd.Index([None])
    n_s, n_p = len(school_labels), len(period_labels)
    blocks: list[pd.DataFrame] = []
    for attribute in attributes:
        text = people[attribute].astype("string").str.strip()
        text = text.where(text.notna() & (text != ""), NOT_REPORTED)
        group_codes, group_labels = pd.factorize(text, sort=True)
        n_g = len(group_labels)
        for measure in measures:
            values = pd.to_numeric(people[measure], errors="coerce").to_numpy(np.float64)
            has = ~np.isnan(values) & (school_codes >= 0) & (period_codes >= 0)
            cell = (period_codes[has] * n_s + school_codes[has]) * n_g + group_codes[has]
            size = n_p * n_s * n_g
            count = np.bincount(cell, minlength=size).reshape(n_p, n_s, n_g)
            total = (
                np.bincount(cell, weights=values[has], minlength=size)
                .astype(np.float64)
                .reshape(n_p, n_s, n_g)
            )
            hidden = protect_table(count, min_n)
            blocks.append(
                _pattern_rows(
                    count,
                    total,
                    hidden,
                    school_labels,
                    period_labels,
                    group_labels,
                    measure,
                    attribute,
                )
            )
    if not blocks:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PATTERN_COLUMNS})
    out = pd.concat(blocks, ignore_index=True)
    if not period:
        out["period"] = None
    return out[list(PATTERN_COLUMNS)]


def _pattern_rows(
    count: IntArray,
    total: FloatArray,
    hidden: BoolArray,
    schools: pd.Index,
    periods: pd.Index,
    groups: pd.Index,
    measure: str,
    attribute: str,
) -> pd.DataFrame:
    """Tidy rows of one measure x attribute: school cells, then district groups."""
    _, n_s, n_g = count.shape
    full_n = _with_margins(count)
    full_sum = _with_margins(total)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(full_n > 0, full_sum / full_n, np.nan)
    shown_mean = np.where(hidden, np.nan, mean)
    p, s, g = np.nonzero(full_n[:, :, :n_g] > 0)
    is_district = s == n_s
    overall = shown_mean[p, s, n_g]
    value = shown_mean[p, s, g]
    cell_hidden = hidden[p, s, g]
    school_labels = np.array([*schools, None], dtype=object)
    return pd.DataFrame(
        {
            "level": np.where(is_district, "district", "school"),
            "school": school_labels[s],
            "period": np.asarray(periods, dtype=object)[p],
            "measure": measure,
            "attribute": attribute,
            "group": np.asarray(groups, dtype=object)[g],
            "n": pd.arrays.IntegerArray(full_n[p, s, g], cell_hidden.copy()),
            "value": value,
            "suppressed": cell_hidden,
            "overall_value": overall,
            "difference": value - overall,
        }
    )


STATISTICS = (protect_table, group_patterns)
"""The statistics of this module (each docstring gives the formula and a reference)."""
