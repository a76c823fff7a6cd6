"""A metric's run chart and what it says, for the metric page and printed reports alike.

The statistics come from ``staffroom.analysis.runchart.run_chart`` (median, Anhøj's runs
rules, the IHI shift, trend and astronomical-point rules); this module only turns its
result into a picture (``charts.run_chart_svg``) and sentences with the numbers in them.
Hidden points are passed to it as missing (NaN), which it skips: a gap, not a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from staffroom.analysis.runchart import SHIFT_LENGTH, TREND_LENGTH, RunChart, run_chart
from staffroom.web.improvement import charts
from staffroom.web.improvement.models import Metric
from staffroom.web.improvement.selectors import (
    MetricSeries,
    SeriesPoint,
    metric_source_title,
    metric_suffix,
)

__all__ = [
    "MIN_BASELINE_POINTS",
    "MIN_POINTS",
    "MetricSummary",
    "RunChartView",
    "metric_run_chart",
    "metric_summary",
]

MIN_POINTS = 10
"""Below this many shown points, the page says the runs rules have little to go on."""
MIN_BASELINE_POINTS = 6
"""Shown points needed before a metric's first change to fix the median on them."""


@dataclass(frozen=True)
class RunChartView:
    """What the metric page shows: the chart, its median and the sentences that read it."""

    analysis: RunChart | None
    svg: SafeString | None
    baseline_points: int | None
    median_text: str
    findings: tuple[str, ...]
    signal_points: frozenset[int]
    points: tuple[SeriesPoint, ...]

    @property
    def rows(self) -> list[tuple[SeriesPoint, bool]]:
        """(point, part of a signal) for the data table."""
        return [(p, i in self.signal_points) for i, p in enumerate(self.points)]


def _baseline(series: MetricSeries) -> int | None:
    """Periods before the first linked PDSA cycle began, when they hold enough points."""
    started = [c.started_on for c in series.metric.pdsa_cycles.all()]
    if not started:
        return None
    first = min(started)
    before = [p for p in series.points if p.on < first]
    shown = sum(1 for p in before if p.value is not None)
    return (
        len(before) if shown >= MIN_BASELINE_POINTS and len(before) < len(series.points) else None
    )


def _direction_word(series: MetricSeries, up: bool) -> str:
    better = up == series.metric.higher_is_better
    return gettext("in the hoped-for direction") if better else gettext("against the hope")


def _findings(series: MetricSeries, result: RunChart) -> list[str]:
    points = series.points
    found: list[str] = []
    if result.median is None:
        return [gettext("No value can be shown yet, so there is nothing to read.")]
    if result.n_useful < MIN_POINTS:
        found.append(
            gettext(
                "Only %(n)s points lie off the median; with fewer than %(min)s the rules below "
                "can miss a real change, so read them as early hints."
            )
            % {"n": result.n_useful, "min": MIN_POINTS}
        )
    for signal in result.signals:
        first, last = points[signal.start].label, points[signal.end].label
        length = sum(1 for p in points[signal.start : signal.end + 1] if p.value is not None)
        if signal.rule == "astronomical":
            continue
        if signal.rule == "shift":
            up = signal.direction == "above"
            found.append(
                gettext(
                    "Shift: %(n)s points in a row, %(first)s to %(last)s, are all %(side)s the "
                    "median (%(rule)s or more in a row rarely happen by chance), %(dir)s."
                )
                % {
                    "n": length,
                    "first": first,
                    "last": last,
                    "side": gettext("above") if up else gettext("below"),
                    "rule": SHIFT_LENGTH,
                    "dir": _direction_word(series, up),
                }
            )
        else:
            up = signal.direction == "up"
            found.append(
                gettext(
                    "Trend: from %(first)s to %(last)s, %(n)s points each went %(way)s "
                    "(%(rule)s or more in a row rarely happen by chance), %(dir)s."
                )
                % {
                    "n": length,
                    "first": first,
                    "last": last,
                    "way": gettext("up") if up else gettext("down"),
                    "rule": TREND_LENGTH,
                    "dir": _direction_word(series, up),
                }
            )
    unusual = [s for s in result.signals if s.rule == "astronomical"]
    if unusual:
        found.append(
            ngettext(
                "Unusual point: %(points)s, further from the median than %(limit)s, which "
                "chance alone seldom gives.",
                "Unusual points: %(points)s, each further from the median than %(limit)s, "
                "which chance alone seldom gives.",
                len(unusual),
            )
            % {
                "points": ", ".join(
                    f"{points[u.start].label} ({points[u.start].value_text}, "
                    f"{_direction_word(series, u.direction == 'above')})"
                    for u in unusual
                ),
                "limit": f"{result.astronomical_limit:.2f}",
            }
        )
    if result.n_useful < MIN_POINTS:
        if not result.signals:
            found.append(gettext("No signal so far."))
        return found
    if result.longest_run is not None and result.longest_run_max is not None:
        too_long = result.longest_run > result.longest_run_max
        found.append(
            gettext(
                "Longest run: %(run)s points in a row on one side of the median; with %(n)s "
                "points off the median, more than %(max)s would be unlikely by chance%(verdict)s."
            )
            % {
                "run": result.longest_run,
                "n": result.n_useful,
                "max": result.longest_run_max,
                "verdict": gettext(": a signal") if too_long else "",
            }
        )
    if result.crossings is not None and result.crossings_min:
        too_few = result.crossings < result.crossings_min
        found.append(
            gettext(
                "Crossings: the line crosses the median %(c)s times; fewer than %(min)s would "
                "be unlikely by chance%(verdict)s."
            )
            % {
                "c": result.crossings,
                "min": result.crossings_min,
                "verdict": gettext(": a signal") if too_few else "",
            }
        )
    if not result.signal and not result.signals:
        found.append(
            gettext("No signal: so far the ups and downs look like ordinary month-to-month noise.")
        )
    return found


def _signal_points(result: RunChart) -> frozenset[int]:
    flags = result.shift_points | result.trend_points | result.astronomical_points
    return frozenset(int(i) for i in np.flatnonzero(flags))


def _axis(series: MetricSeries, median: float | None) -> tuple[float, float]:
    """A y range around the values, the median, baseline and target (within 1 to 5 for
    survey means), so a change of a tenth is visible."""
    values = [p.value for p in series.shown] + [series.metric.target, series.metric.baseline]
    if median is not None:
        values.append(median)
    low, high = min(values), max(values)
    if series.metric.source == Metric.INDICATOR:
        pad = max((high - low) * 0.15, abs(high) * 0.05, 0.5)
        return max(0.0, low - pad), high + pad
    return max(1.0, math.floor(low * 2) / 2 - 0.5), min(5.0, math.ceil(high * 2) / 2 + 0.5)


def _y_title(series: MetricSeries) -> str:
    if series.metric.source != Metric.INDICATOR:
        return gettext("Mean (1 to 5)")
    title = metric_source_title(series.metric)
    return f"{title} (%)" if metric_suffix(series.metric) else title


def metric_run_chart(series: MetricSeries) -> RunChartView:
    """The run chart of a metric, or an empty view (with a reason) when nothing is shown."""
    points = series.points
    if not series.shown:
        reason = (
            gettext("This metric's data source is not installed, so it has no values.")
            if series.source_missing
            else gettext("No value can be shown yet: no cycle has enough answers.")
        )
        return RunChartView(None, None, None, "", (reason,), frozenset(), points)
    baseline = _baseline(series)
    values = np.array([np.nan if p.value is None else p.value for p in points], dtype=np.float64)
    result = run_chart(values, baseline=baseline)
    flagged = _signal_points(result)
    low, high = _axis(series, result.median)
    suffix = metric_suffix(series.metric)
    median_text = "" if result.median is None else f"{result.median:.2f}{suffix}"
    label = gettext(
        "Run chart of %(metric)s: one point per period, the median (dashed line, %(median)s) "
        "and the target (dotted line, %(target)s); larger diamonds are part of a signal. "
        "The table below gives the numbers."
    ) % {
        "metric": series.metric.title,
        "median": median_text,
        "target": f"{series.metric.target:.2f}{metric_suffix(series.metric)}",
    }
    svg = charts.run_chart_svg(
        tuple(charts.RunPoint(p.label, p.value, i in flagged) for i, p in enumerate(points)),
        median=result.median,
        target=series.metric.target,
        low=low,
        high=high,
        y_title=_y_title(series),
        label=label,
        legend=(
            gettext("Value"),
            gettext("Part of a signal"),
            gettext("Median"),
            gettext("Target"),
        ),
    )
    return RunChartView(
        analysis=result,
        svg=mark_safe(svg),  # noqa: S308 - vl-convert output; every text in it is escaped
        baseline_points=baseline,
        median_text=median_text,
        findings=tuple(_findings(series, result)),
        signal_points=flagged,
        points=points,
    )


@dataclass(frozen=True)
class MetricSummary:
    """A metric's line on the overview: latest shown value and the run chart's verdict."""

    metric: Metric
    latest: SeriesPoint | None
    verdict: str

    @property
    def suffix(self) -> str:
        return metric_suffix(self.metric)


def metric_summary(series: MetricSeries) -> MetricSummary:
    """The overview's line for one metric (the run chart's signals, in three words)."""
    if not series.shown:
        return MetricSummary(series.metric, None, gettext("no values shown yet"))
    values = np.array(
        [np.nan if p.value is None else p.value for p in series.points], dtype=np.float64
    )
    result = run_chart(values, baseline=_baseline(series))
    rules = sorted({s.rule for s in result.signals})
    if rules:
        names = {
            "shift": gettext("shift"),
            "trend": gettext("trend"),
            "astronomical": gettext("unusual point"),
        }
        verdict = ngettext("signal: %(rules)s", "signals: %(rules)s", len(rules)) % {
            "rules": ", ".join(names[r] for r in rules)
        }
    elif result.signal:
        verdict = gettext("signal in the runs")
    else:
        verdict = gettext("no signal")
    return MetricSummary(series.metric, series.latest, verdict)
