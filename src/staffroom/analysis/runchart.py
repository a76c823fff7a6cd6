"""Run charts: a measure over time against its median, with the rules that say a change
is probably not chance (Anhøj's runs rules, as R's qicharts2, and the IHI guide's rules).

A school tracks a measure over time (a pulse-survey scale mean each month, PD
attendance each term); the run chart shows it against its median and says whether
the pattern is unlikely to be random variation. ``run_chart`` does the whole analysis;
``longest_run_max`` and ``crossings_min`` are the limits of Anhøj's two rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from staffroom.analysis.exceptions import InvalidParameterError, MissingColumnError

__all__ = [
    "ASTRONOMICAL_AMR_FACTOR",
    "ASTRONOMICAL_MMR_FACTOR",
    "SHIFT_LENGTH",
    "STATISTICS",
    "SUMMARY_COLUMNS",
    "TREND_LENGTH",
    "RunChart",
    "RunCharts",
    "RunSignal",
    "crossings_min",
    "longest_run_max",
    "run_chart",
    "run_charts",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

SHIFT_LENGTH = 6
"""IHI shift: this many consecutive useful points on one side of the median."""
TREND_LENGTH = 5
"""IHI trend: this many consecutive points all going up or all going down."""
ASTRONOMICAL_MMR_FACTOR = 3.14
"""Astronomical-point screen: limit = this x the median moving range (3 / 0.954)."""
ASTRONOMICAL_AMR_FACTOR = 2.66
"""Fallback when the median moving range is 0: this x the average moving range (3 / 1.128)."""

_QBINOM_FUZZ = 1 - 64 * np.finfo(np.float64).eps
"""R's qbinom searches for the smallest x with P(X <= x) >= p (1 - 64 eps)."""


@dataclass(frozen=True)
class RunSignal:
    """One IHI signal: ``rule`` (``shift``, ``trend`` or ``astronomical``), the 0-based
    positions of its first and last point, and its ``direction`` (``up``/``down`` for a
    trend, ``above``/``below`` the median for a shift or an astronomical point)."""

    rule: str
    start: int
    end: int
    direction: str

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class RunChart:
    """A run chart's centre line, Anhøj's runs analysis and the IHI signals.

    ``longest_run``, ``longest_run_max``, ``crossings`` and ``crossings_min`` are
    ``None`` when no point is useful (all missing or on the median); ``median`` is
    ``None`` when every value is missing. The per-point arrays have one entry per value
    given: ``side`` is -1 below, 0 on, +1 above the median (NaN when missing).
    """

    values: FloatArray
    baseline: int | None
    n: int
    n_missing: int
    n_useful: int
    median: float | None
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool
    """Anhøj: the longest run is too long or there are too few crossings."""
    shift: bool
    trend: bool
    astronomical: bool
    astronomical_limit: float | None
    """Distance from the median beyond which a point is flagged (``None``: no screen)."""
    side: FloatArray
    useful: BoolArray
    shift_points: BoolArray
    trend_points: BoolArray
    astronomical_points: BoolArray
    signals: tuple[RunSignal, ...]

    def summary(self) -> dict[str, Any]:
        """The runs analysis as plain values (the keys of qicharts2's summary)."""
        return {
            "n": self.n,
            "n_useful": self.n_useful,
            "median": self.median,
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "crossings": self.crossings,
            "crossings_min": self.crossings_min,
            "signal": self.signal,
        }

    def as_dict(self, periods: Sequence[object] | None = None) -> dict[str, Any]:
        """Summary, IHI signals and one entry per point; JSON-ready (missing is None).

        ``periods`` labels the points (default: their 1-based position)."""
        labels = list(range(1, self.n + 1)) if periods is None else list(periods)
        if len(labels) != self.n:
            raise InvalidParameterError(f"{len(labels)} period labels for {self.n} values")
        finite = ~np.isnan(self.values)
        points = [
            {
                "period": label,
                "value": float(value) if ok else None,
                "side": int(side) if ok else None,
                "useful": bool(useful),
                "shift": bool(shift),
                "trend": bool(trend),
                "astronomical": bool(astro),
            }
            for label, value, ok, side, useful, shift, trend, astro in zip(
                labels,
                self.values.tolist(),
                finite.tolist(),
                np.nan_to_num(self.side).tolist(),
                self.useful.tolist(),
                self.shift_points.tolist(),
                self.trend_points.tolist(),
                self.astronomical_points.tolist(),
                strict=True,
            )
        ]
        return {
            **self.summary(),
            "n_missing": self.n_missing,
            "baseline": self.baseline,
            "ihi": {
                "shift": self.shift,
                "trend": self.trend,
                "astronomical": self.astronomical,
                "astronomical_limit": self.astronomical_limit,
                "signals": [signal.as_dict() for signal in self.signals],
            },
            "points": points,
        }


def longest_run_max(n_useful: int) -> int:
    """Upper limit of the longest run expected by chance among ``n_useful`` points.

    Notes
    -----
    ``round(log2(n_useful)) + 3`` (Schilling, 2012, as Anhøj & Olesen, 2014 and R's
    qicharts2 use it). R's ``round`` rounds halves to even, as ``numpy.round`` does;
    log2 of a whole number is never exactly a half, so the two agree. Points on the
    median and missing values are not useful and are not counted in ``n_useful``.
    Checked against R for ``n_useful`` 1 to 500 and larger values.

    References
    ----------
    Schilling, M. F. (2012). The surprising predictability of long runs. Mathematics
    Magazine, 85(2), 141-149.

    Anhøj, J., & Olesen, A. V. (2014). Run charts revisited: A simulation study of run
    chart rules for detection of non-random variation in health care processes. PLoS
    ONE, 9(11), e113825.
    """
    if n_useful < 1:
        raise InvalidParameterError("the longest-run limit needs at least one useful point")
    return int(np.round(np.log2(n_useful))) + 3


def crossings_min(n_useful: int) -> int:
    """Lower limit of the number of median crossings expected by chance.

    Notes
    -----
    The 5th percentile of Binomial(max(n_useful - 1, 0), 0.5), as R's
    ``qbinom(0.05, n_useful - 1, 0.5)``: the smallest x with P(X <= x) >= 0.05 (R's
    search target, 0.05 (1 - 64 eps)). The cumulative probabilities are summed from
    log binomial coefficients (a cumulative sum of log((m - j) / (j + 1))), so large
    series cost O(n) and do not overflow. Checked against R ``qbinom`` for
    ``n_useful`` 1 to 500 and up to 100,000.

    References
    ----------
    Chen, Z. (2010). A note on the runs test. Model Assisted Statistics and
    Applications, 5, 73-77.

    Anhøj, J., & Olesen, A. V. (2014). Run charts revisited: A simulation study of run
    chart rules for detection of non-random variation in health care processes. PLoS
    ONE, 9(11), e113825.
    """
    if n_useful < 0:
        raise InvalidParameterError("n_useful cannot be negative")
    trials = max(n_useful - 1, 0)
    if trials == 0:
        return 0
    half = trials // 2 + 1  # the 5% quantile lies below the median
    j = np.arange(half - 1, dtype=np.float64)
    log_choose = np.concatenate(([0.0], np.cumsum(np.log(trials - j) - np.log(j + 1))))
    cdf = np.cumsum(np.exp(log_choose - trials * np.log(2.0)))
    return int(np.searchsorted(cdf, 0.05 * _QBINOM_FUZZ, side="left"))


def _runs(labels: IntArray) -> tuple[IntArray, IntArray]:
    """Start index and length of each run of equal consecutive labels."""
    if labels.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = np.flatnonzero(np.concatenate(([True], labels[1:] != labels[:-1])))
    lengths = np.diff(np.concatenate((starts, [labels.size])))
    return starts.astype(np.int64), lengths.astype(np.int64)


def _spans(n: int, first: IntArray, last: IntArray) -> BoolArray:
    """True at every position from each ``first`` to its ``last`` (inclusive)."""
    marks = np.zeros(n + 1, dtype=np.int64)
    np.add.at(marks, first, 1)
    np.add.at(marks, last + 1, -1)
    return np.cumsum(marks[:n]) > 0


def _shifts(
    side: FloatArray, useful: BoolArray
) -> tuple[int | None, int | None, BoolArray, list[RunSignal]]:
    """Longest run, crossings, IHI shift flags and signals, from the useful points."""
    positions = np.flatnonzero(useful)
    signs = side[positions].astype(np.int64)
    starts, lengths = _runs(signs)
    flags = np.zeros(side.size, dtype=np.bool_)
    if positions.size == 0:
        return None, None, flags, []
    long_runs = lengths >= SHIFT_LENGTH
    firsts = starts[long_runs]
    lasts = firsts + lengths[long_runs] - 1
    flags[positions[_spans(positions.size, firsts, lasts)]] = True
    signals = [
        RunSignal("shift", int(positions[a]), int(positions[b]), _SIDE[int(signs[a])])
        for a, b in zip(firsts.tolist(), lasts.tolist(), strict=True)
    ]
    return int(lengths.max()), int(starts.size - 1), flags, signals


_SIDE = {1: "above", -1: "below"}


def _trends(values: FloatArray) -> tuple[BoolArray, list[RunSignal]]:
    """IHI trend flags: TREND_LENGTH or more points all going up or all going down."""
    positions = np.flatnonzero(~np.isnan(values))
    kept = values[positions]
    if kept.size:
        moved = np.concatenate(([True], kept[1:] != kept[:-1]))
        positions, kept = positions[moved], kept[moved]
    flags = np.zeros(values.size, dtype=np.bool_)
    if kept.size < TREND_LENGTH:
        return flags, []
    steps = np.sign(np.diff(kept)).astype(np.int64)
    starts, lengths = _runs(steps)
    long_runs = lengths + 1 >= TREND_LENGTH
    firsts = positions[starts[long_runs]]
    lasts = positions[starts[long_runs] + lengths[long_runs]]
    flags = _spans(values.size, firsts, lasts) & ~np.isnan(values)
    directions = steps[starts[long_runs]]
    signals = [
        RunSignal("trend", int(a), int(b), "up" if d > 0 else "down")
        for a, b, d in zip(firsts.tolist(), lasts.tolist(), directions.tolist(), strict=True)
    ]
    return flags, signals


def _astronomical(
    values: FloatArray, centre: float | None, base: BoolArray
) -> tuple[float | None, BoolArray]:
    """The astronomical-point screen's limit and flags."""
    flags = np.zeros(values.size, dtype=np.bool_)
    baseline = values[base]
    baseline = baseline[~np.isnan(baseline)]
    if centre is None or baseline.size < 2:
        return None, flags
    moving = np.abs(np.diff(baseline))
    limit = ASTRONOMICAL_MMR_FACTOR * float(np.median(moving))
    if limit == 0:
        limit = ASTRONOMICAL_AMR_FACTOR * float(np.mean(moving))
    if limit > 0:
        with np.errstate(invalid="ignore"):
            flags = np.abs(values - centre) > limit
    return limit, flags


def run_chart(values: ArrayLike, *, baseline: int | None = None) -> RunChart:
    """Analyse a series as a run chart: median, Anhøj's runs rules and the IHI rules.

    Parameters
    ----------
    values
        The measure in time order, one value per period; NaN (or None) = missing.
    baseline
        Compute the median (and the astronomical screen) from the first ``baseline``
        periods only, and judge every period against it (qicharts2's ``freeze``).
        Default: all periods.

    Notes
    -----
    Missing values are skipped: they are not points, neither break nor count in any
    run, and moving ranges join the values either side of them.

    * Centre line: the median of the non-missing (baseline) values.
    * A point is *useful* when it is not missing and not on the median (exactly equal).
    * ``longest_run``: the longest sequence of consecutive useful points on the same
      side of the median; ``crossings``: the number of times consecutive useful points
      lie on opposite sides (runs - 1).
    * Anhøj ``signal``: ``longest_run > longest_run_max(n_useful)`` or
      ``crossings < crossings_min(n_useful)``; False when no point is useful.
    * IHI shift: ``SHIFT_LENGTH`` (6) or more consecutive useful points on one side of
      the median; points on the median neither break nor count.
    * IHI trend: ``TREND_LENGTH`` (5) or more consecutive points all going up or all
      going down; a value equal to the one before neither breaks nor counts. Flagged:
      every non-missing point from the trend's first to its last.
    * Astronomical point (a screening aid, not the guide's judgement by eye): a point
      further from the median than ``ASTRONOMICAL_MMR_FACTOR`` (3.14) x the median
      moving range of the baseline values (the individuals-chart limit with the
      median moving range), or, when that is 0, ``ASTRONOMICAL_AMR_FACTOR`` (2.66) x
      the average moving range; no point is flagged when the limit is 0 or there are
      fewer than two baseline values.

    The runs analysis reproduces R's qicharts2 (``qic(chart = "run")``, method
    "anhoej"); every number, and the IHI flags, are checked against a base-R
    restatement (tests/analysis/fixtures/r/runchart/).

    References
    ----------
    Anhøj, J., & Olesen, A. V. (2014). Run charts revisited: A simulation study of run
    chart rules for detection of non-random variation in health care processes. PLoS
    ONE, 9(11), e113825.

    Anhøj, J. (2015). Diagnostic value of run chart analysis. PLoS ONE, 10(3), e0121349.

    Provost, L. P., & Murray, S. K. (2011). The health care data guide: Learning from
    data for improvement. Jossey-Bass.

    Perla, R. J., Provost, L. P., & Murray, S. K. (2011). The run chart: A simple
    analytical tool for learning from variation in healthcare processes. BMJ Quality &
    Safety, 20(1), 46-51.
    """
    series = np.asarray(values, dtype=np.float64).ravel()
    n = int(series.size)
    if baseline is not None and not 1 <= baseline <= n:
        raise InvalidParameterError(f"baseline must be between 1 and {n} periods")
    base = np.arange(n) < (n if baseline is None else baseline)
    missing = np.isnan(series)
    in_base = series[base & ~missing]
    centre = float(np.median(in_base)) if in_base.size else None
    with np.errstate(invalid="ignore"):
        side = np.sign(series - (np.nan if centre is None else centre))
    useful = ~np.isnan(side) & (side != 0)
    n_useful = int(useful.sum())
    longest, crossings, shift_points, shift_signals = _shifts(side, useful)
    trend_points, trend_signals = _trends(series)
    limit, astro_points = _astronomical(series, centre, base)
    astro_signals = [
        RunSignal("astronomical", int(i), int(i), _SIDE[int(side[i])])
        for i in np.flatnonzero(astro_points).tolist()
    ]
    run_max = longest_run_max(n_useful) if n_useful else None
    cross_min = crossings_min(n_useful) if n_useful else None
    signal = bool(
        longest is not None
        and crossings is not None
        and run_max is not None
        and cross_min is not None
        and (longest > run_max or crossings < cross_min)
    )
    signals = sorted(
        [*shift_signals, *trend_signals, *astro_signals], key=lambda s: (s.start, s.rule)
    )
    return RunChart(
        values=series,
        baseline=baseline,
        n=n,
        n_missing=int(missing.sum()),
        n_useful=n_useful,
        median=centre,
        longest_run=longest,
        longest_run_max=run_max,
        crossings=crossings,
        crossings_min=cross_min,
        signal=signal,
        shift=bool(shift_points.any()),
        trend=bool(trend_points.any()),
        astronomical=bool(astro_points.any()),
        astronomical_limit=limit,
        side=side,
        useful=useful,
        shift_points=shift_points,
        trend_points=trend_points,
        astronomical_points=astro_points,
        signals=tuple(signals),
    )


SUMMARY_COLUMNS = (
    "group",
    "n",
    "n_missing",
    "n_useful",
    "median",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "signal",
    "shift",
    "trend",
    "astronomical",
    "astronomical_limit",
)
"""Columns of ``RunCharts.summary``, in order."""


@dataclass(frozen=True)
class RunCharts:
    """Run charts of many series at once (``run_charts``).

    ``summary``: one row per series, columns ``SUMMARY_COLUMNS`` (the run and crossing
    numbers are nullable integers, missing when no point is useful). ``points``: one
    row per period, series by series in time order: ``group``, ``period``, ``value``,
    ``side``, ``useful``, ``shift``, ``trend``, ``astronomical``.
    """

    summary: pd.DataFrame
    points: pd.DataFrame


def _limits(n_useful: IntArray) -> tuple[FloatArray, FloatArray]:
    """Both Anhøj limits per series (NaN without useful points), once per distinct count."""
    run_max = np.full(n_useful.shape, np.nan)
    cross_min = np.full(n_useful.shape, np.nan)
    for count in np.unique(n_useful[n_useful > 0]).tolist():
        same = n_useful == count
        run_max[same] = longest_run_max(count)
        cross_min[same] = crossings_min(count)
    return run_max, cross_min


def _group_trends(values: FloatArray, codes: IntArray) -> BoolArray:
    """IHI trend flags for series stored one after another (``codes`` contiguous)."""
    positions = np.flatnonzero(~np.isnan(values))
    kept_codes, kept = codes[positions], values[positions]
    moved = np.ones(kept.size, dtype=np.bool_)
    moved[1:] = (kept_codes[1:] != kept_codes[:-1]) | (kept[1:] != kept[:-1])
    positions, kept_codes, kept = positions[moved], kept_codes[moved], kept[moved]
    if kept.size < 2:
        return np.zeros(values.size, dtype=np.bool_)
    # a step joins two kept values of one series; steps across series are 0 (never a trend)
    steps = np.where(kept_codes[1:] == kept_codes[:-1], np.sign(np.diff(kept)), 0)
    starts, lengths = _runs(steps.astype(np.int64))
    long_runs = (steps[starts] != 0) & (lengths + 1 >= TREND_LENGTH)
    firsts = positions[starts[long_runs]]
    lasts = positions[starts[long_runs] + lengths[long_runs]]
    return _spans(values.size, firsts, lasts) & ~np.isnan(values)


def _group_limits(values: FloatArray, codes: IntArray, groups: int) -> FloatArray:
    """The astronomical screen's limit per series (NaN with fewer than two values)."""
    present = ~np.isnan(values)
    kept_codes, kept = codes[present], values[present]
    joined = kept_codes[1:] == kept_codes[:-1]
    moving = pd.Series(np.abs(np.diff(kept))[joined])
    by = kept_codes[1:][joined]
    median_mr = moving.groupby(by).median().reindex(range(groups)).to_numpy(dtype=np.float64)
    mean_mr = moving.groupby(by).mean().reindex(range(groups)).to_numpy(dtype=np.float64)
    limit = ASTRONOMICAL_MMR_FACTOR * median_mr
    return np.where(limit == 0, ASTRONOMICAL_AMR_FACTOR * mean_mr, limit)


def _nullable(values: FloatArray) -> pd.Series:
    return pd.Series(values).astype("Int64")


def run_charts(
    frame: pd.DataFrame, *, group: str, value: str, period: str | None = None
) -> RunCharts:
    """Run charts of many series at once (one per school, say), in one vectorised pass.

    Parameters
    ----------
    frame
        Long format: one row per series and period.
    group
        Column naming the series; the summary lists series in sorted order.
    value
        Column holding the measure (numbers; NaN = missing).
    period
        Column to put each series in time order (sorted ascending). Without it, rows
        are taken in the order given within each series.

    Notes
    -----
    Exactly ``run_chart`` applied to each series (the median of each series as its
    centre line, no baseline), computed for all series together: run boundaries are
    where the side or the series changes, run lengths come from ``numpy.bincount``,
    medians and moving ranges from grouped pandas reductions, and the Anhøj limits
    are computed once per distinct number of useful points. The tests check it against
    ``run_chart`` series by series.

    References
    ----------
    Anhøj, J., & Olesen, A. V. (2014). Run charts revisited: A simulation study of run
    chart rules for detection of non-random variation in health care processes. PLoS
    ONE, 9(11), e113825.

    Provost, L. P., & Murray, S. K. (2011). The health care data guide: Learning from
    data for improvement. Jossey-Bass.
    """
    for column, role in ((group, "series"), (value, "value"), (period, "period")):
        if column is not None and column not in frame.columns:
            raise MissingColumnError(column, role)
    codes_raw, labels = pd.factorize(frame[group], sort=True)
    if (codes_raw < 0).any():
        position = int(np.flatnonzero(codes_raw < 0)[0])
        raise InvalidParameterError(f"row position {position}: column {group!r} is missing")
    try:
        raw_values = frame[value].to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"column {value!r} must hold numbers") from exc
    if period is None:
        order = np.argsort(codes_raw, kind="stable")
    else:
        keys = pd.DataFrame({"code": codes_raw, "period": frame[period].to_numpy()})
        order = keys.sort_values(["code", "period"], kind="mergesort").index.to_numpy()
    codes = codes_raw[order].astype(np.int64)
    values = raw_values[order]
    n_groups, n = len(labels), values.size

    medians = pd.Series(values).groupby(codes).median().reindex(range(n_groups)).to_numpy()
    centre = medians[codes]
    with np.errstate(invalid="ignore"):
        side = np.sign(values - centre)
    useful = ~np.isnan(side) & (side != 0)

    at = np.flatnonzero(useful)
    useful_codes, signs = codes[at], side[at].astype(np.int64)
    new_run = np.ones(at.size, dtype=np.bool_)
    new_run[1:] = (useful_codes[1:] != useful_codes[:-1]) | (signs[1:] != signs[:-1])
    run_id = np.cumsum(new_run) - 1
    run_length = np.bincount(run_id) if at.size else np.zeros(0, dtype=np.int64)
    run_code = useful_codes[new_run]
    n_useful = np.bincount(useful_codes, minlength=n_groups)
    longest = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(longest, run_code, run_length)
    crossings = np.bincount(run_code, minlength=n_groups) - 1
    run_max, cross_min = _limits(n_useful)
    has = n_useful > 0
    with np.errstate(invalid="ignore"):
        signal = has & ((longest > run_max) | (crossings < cross_min))

    shift = np.zeros(n, dtype=np.bool_)
    shift[at[run_length[run_id] >= SHIFT_LENGTH]] = True
    trend = _group_trends(values, codes)
    limit = _group_limits(values, codes, n_groups)
    with np.errstate(invalid="ignore"):
        astronomical = (limit[codes] > 0) & (np.abs(values - centre) > limit[codes])

    def per_group(flags: BoolArray) -> BoolArray:
        return np.bincount(codes, weights=flags, minlength=n_groups) > 0

    summary = pd.DataFrame(
        {
            "group": labels,
            "n": np.bincount(codes, minlength=n_groups),
            "n_missing": np.bincount(codes, weights=np.isnan(values), minlength=n_groups).astype(
                np.int64
            ),
            "n_useful": n_useful,
            "median": medians,
            "longest_run": _nullable(np.where(has, longest, np.nan)),
            "longest_run_max": _nullable(run_max),
            "crossings": _nullable(np.where(has, crossings, np.nan)),
            "crossings_min": _nullable(cross_min),
            "signal": signal,
            "shift": per_group(shift),
            "trend": per_group(trend),
            "astronomical": per_group(astronomical),
            "astronomical_limit": limit,
        }
    )
    first = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=n_groups))[:-1]))
    points = pd.DataFrame(
        {
            "group": labels[codes],
            "period": (
                frame[period].to_numpy()[order]
                if period is not None
                else np.arange(n) - first[codes] + 1
            ),
            "value": values,
            "side": _nullable(side),
            "useful": useful,
            "shift": shift,
            "trend": trend,
            "astronomical": astronomical,
        }
    )
    return RunCharts(summary=summary, points=points)


STATISTICS = (run_chart, run_charts, longest_run_max, crossings_min)
