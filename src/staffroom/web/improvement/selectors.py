"""Reads for improvement: a metric's values over time, read from the survey results.

A metric's series is never typed in. Each point is one survey cycle (a staff survey or a
monthly pulse) and its value is the number the results pages show for that cycle: the
scale mean the engine reported for the school (or for the district), already
suppressed (``staffroom.web.results.selectors.cycle_results``). A point the engine hid
(fewer than the minimum group size answered, or hidden to protect a smaller school) is
a gap: ``value`` is ``None``, never zero, and the run chart leaves it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from django.db.models import Count
from django.utils import formats

from staffroom.instruments import load_builtin
from staffroom.web.core.cells import count_or_none, number_or_none
from staffroom.web.core.memo import BoundedCache
from staffroom.web.improvement.models import Metric, PdsaCycle
from staffroom.web.results.selectors import cycle_results, results_min_n
from staffroom.web.surveys.models import Cycle

__all__ = [
    "MetricSeries",
    "SeriesPoint",
    "indicator_info",
    "metric_series",
    "metric_series_cache_clear",
    "metric_source_title",
    "metric_suffix",
    "number_or_none",
    "pdsa_stage_rows",
]


@dataclass(frozen=True)
class SeriesPoint:
    """One cycle's value of a metric; ``value`` is None when the engine hid it."""

    cycle_id: int
    cycle_title: str
    on: date
    value: float | None
    n: int | None
    min_n: int
    provisional: bool = False
    """The cycle is still open: the value may change as answers arrive."""
    suffix: str = ""
    """"%" for an indicator that is a share (values are then percentages)."""

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def label(self) -> str:
        return formats.date_format(self.on, "YEAR_MONTH_FORMAT")

    @property
    def value_text(self) -> str:
        return "" if self.value is None else f"{self.value:.2f}{self.suffix}"


@dataclass(frozen=True)
class MetricSeries:
    """A metric's points in time order, and whether its source could be read at all."""

    metric: Metric
    points: tuple[SeriesPoint, ...]
    source_missing: bool = False

    @property
    def shown(self) -> tuple[SeriesPoint, ...]:
        return tuple(p for p in self.points if p.value is not None)

    @property
    def latest(self) -> SeriesPoint | None:
        shown = self.shown
        return shown[-1] if shown else None


_Tables = tuple[pd.DataFrame, pd.DataFrame]
_tables: BoundedCache[_Tables | None] = BoundedCache(512)


def metric_series_cache_clear() -> None:
    """Forget the cached per-cycle means (tests: database ids repeat between tests)."""
    _tables.clear()


def _cycle_tables(cycle: Cycle, responses: int) -> _Tables | None:
    """The engine's shown means and counts of ``cycle`` (by school, and overall), kept
    per process on the cycle, its number of responses and its minimum group size.

    Only these two small tables are kept, so a district's many pulse cycles stay cached
    together (the results selectors keep whole analyses, and only a few of them).
    """
    key = (cycle.pk, cycle.instrument_id, responses, results_min_n(cycle))

    def compute() -> _Tables | None:
        results = cycle_results(cycle) if responses else None
        if results is None:
            return None
        return (
            results.group_scales[["mean", "n"]].copy(),
            results.scales[["mean", "n"]].copy(),
        )

    return _tables.get_or_compute(key, compute)


def _survey_point(metric: Metric, cycle: Any, asked: set[int]) -> SeriesPoint | None:
    """The engine's shown value for the metric's scale in ``cycle`` (None: not asked)."""
    tables = _cycle_tables(cycle, int(cycle.answered))
    provisional = cycle.status == Cycle.OPEN
    min_n = results_min_n(cycle)
    if tables is None:
        if provisional:
            return None  # just opened, nothing to show yet: not a gap
        return SeriesPoint(cycle.pk, cycle.title, cycle.opens_on, None, None, min_n)
    by_school, overall = tables
    if metric.school is None:
        table, key = overall, metric.scale_id
    else:
        table, key = by_school, (metric.school.name, metric.scale_id)
        if key not in table.index and metric.school_id not in asked:
            return None
    value = n = None
    if key in table.index:
        value, n = number_or_none(table.at[key, "mean"]), count_or_none(table.at[key, "n"])
    if value is None:
        if provisional:
            return None  # still open and not enough answers yet: no point, not a gap
        n = None
    return SeriesPoint(cycle.pk, cycle.title, cycle.opens_on, value, n, min_n, provisional)


def _source_cycles(metric: Metric) -> list[Cycle]:
    instrument = "pulse" if metric.source == Metric.PULSE else metric.instrument_id
    return list(
        Cycle.objects.filter(
            district_id=metric.district_id,
            kind=Cycle.SURVEY,
            instrument_id=instrument,
            status__in=[Cycle.OPEN, Cycle.CLOSED],
        )
        .select_related("district")
        .prefetch_related("schools")
        .annotate(answered=Count("responses"))
        .order_by("opens_on", "pk")
    )


def metric_series(metric: Metric) -> MetricSeries:
    """The metric's points in time order, from the survey results (suppressed).

    Survey and pulse metrics have one point per cycle of their instrument that asked the
    school (or, district-wide, any school). Indicator metrics read the indicator engine
    when it is installed; otherwise the series is empty and ``source_missing`` is set.
    """
    if metric.source == Metric.INDICATOR:
        return _indicator_series(metric)
    points = []
    for cycle in _source_cycles(metric):
        asked = {s.pk for s in cycle.schools.all()}
        point = _survey_point(metric, cycle, asked)
        if point is not None:
            points.append(point)
    return MetricSeries(metric, tuple(points))


def indicator_info(name: str) -> Any | None:
    """The indicator engine's description of ``name``, or None when it is not installed."""
    try:
        from staffroom.analysis.indicators import INDICATORS
    except ImportError:
        return None
    return INDICATORS.get(name)


def metric_suffix(metric: Metric) -> str:
    """ "%" when the metric is an indicator measured as a share (shown as percentages)."""
    if metric.source != Metric.INDICATOR:
        return ""
    info = indicator_info(metric.indicator)
    return "%" if info is not None and info.unit == "share" else ""


def _indicator_series(metric: Metric) -> MetricSeries:
    """An indicator's monthly values from the community app (its engine suppresses);
    shares become percentages, the unit baselines and targets are typed in."""
    try:
        from staffroom.web.community import selectors as community
    except ImportError:
        return MetricSeries(metric, (), source_missing=True)
    series_get = getattr(community, "indicator_series", None)
    if series_get is None or indicator_info(metric.indicator) is None:
        return MetricSeries(metric, (), source_missing=True)
    suffix = metric_suffix(metric)
    scale = 100.0 if suffix else 1.0
    rows = series_get(district=metric.district, school=metric.school, indicator=metric.indicator)
    points = []
    for row in rows:
        value = number_or_none(row.get("value"))
        points.append(
            SeriesPoint(
                cycle_id=0,
                cycle_title=str(row.get("label", "")),
                on=row["on"],
                value=None if value is None else value * scale,
                n=count_or_none(row.get("n")) if value is not None else None,
                min_n=int(row.get("min_n", metric.district.min_n)),
                suffix=suffix,
            )
        )
    return MetricSeries(metric, tuple(points))


def metric_source_title(metric: Metric) -> str:
    """The scale's (or pulse question's) title, or the indicator's id."""
    if metric.source == Metric.INDICATOR:
        info = indicator_info(metric.indicator)
        return metric.indicator if info is None else info.title
    instrument = load_builtin("pulse" if metric.source == Metric.PULSE else metric.instrument_id)
    scale = next((s for s in instrument.scales if s.id == metric.scale_id), None)
    if scale is None:
        return metric.scale_id
    if metric.source == Metric.PULSE and scale.items:
        return scale.items[0].text.get("en", scale.id)
    return scale.title.get("en", scale.id)


def pdsa_stage_rows(cycle: PdsaCycle) -> list[tuple[str, str, Any, str]]:
    """(stage, title, the stage's record or None, state) in order; state is "done",
    "current" or "ahead"."""
    records = {s.stage: s for s in cycle.stages.all()}
    order = [key for key, _ in PdsaCycle.STAGES]
    current = order.index(cycle.stage) if cycle.stage in order else len(order)
    rows = []
    for index, (key, title) in enumerate(PdsaCycle.STAGES):
        state = "done" if index < current else "current" if index == current else "ahead"
        rows.append((key, title, records.get(key), state))
    return rows
