"""The run chart as a Vega-Lite spec (Altair), rendered to SVG by the results charts'
``render_svg``, so pages and printed reports draw the same picture.

Plain numbers in (no ORM): one ``RunPoint`` per period, in time order. A hidden point
(fewer than the minimum group size) keeps its place on the time axis but has no dot, and
the line breaks there: a gap is not a zero. The median is a dashed grey line, the target
a dotted line of its own colour, and points that are part of a signal are drawn as
larger diamonds (shape, not colour alone, tells them apart).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from staffroom.web.results import charts

__all__ = ["RunPoint", "run_chart_spec", "run_chart_svg"]

SIGNAL_COLOUR = "#8f3b00"  # dark orange, 7.0:1 on white
TARGET_COLOUR = "#016b5a"  # dark teal, 6.4:1 on white


@dataclass(frozen=True)
class RunPoint:
    """One period: its label, value (None when hidden) and whether a signal includes it."""

    label: str
    value: float | None
    signal: bool = False


def run_chart_spec(
    points: Sequence[RunPoint],
    *,
    median: float | None,
    target: float | None,
    low: float,
    high: float,
    y_title: str,
    legend: tuple[str, str, str, str] = ("Value", "Part of a signal", "Median", "Target"),
) -> dict[str, Any]:
    """A line of the shown values (broken at gaps), the median and the target as rules."""
    segment = 0
    records = []
    for point in points:
        if point.value is None:
            segment += 1
            continue
        records.append(
            {
                "label": point.label,
                "value": round(point.value, 2),
                "kind": legend[1] if point.signal else legend[0],
                "segment": segment,
            }
        )
    frame = pd.DataFrame(records, columns=["label", "value", "kind", "segment"])
    order = [p.label for p in points]
    x = alt.X(
        "label:O",
        sort=order,
        scale=alt.Scale(domain=order),
        title=None,
        axis=alt.Axis(labelAngle=-40, labelLimit=0),
    )
    y_scale = alt.Scale(domain=[low, high], zero=False, nice=False)
    y = alt.Y("value:Q", scale=y_scale, title=y_title)
    base = alt.Chart(frame)
    line = base.mark_line(color=charts.SCHOOL_COLOUR, strokeWidth=2).encode(
        x=x, y=y, detail="segment:N"
    )
    dots = base.mark_point(filled=True, opacity=1, strokeWidth=1.5).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "kind:N",
            scale=alt.Scale(domain=list(legend[:2]), range=["circle", "diamond"]),
            legend=alt.Legend(title=None, orient="top", labelLimit=0),
        ),
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=list(legend[:2]), range=[charts.SCHOOL_COLOUR, SIGNAL_COLOUR]),
            legend=alt.Legend(title=None, orient="top", labelLimit=0),
        ),
        size=alt.Size(
            "kind:N", scale=alt.Scale(domain=list(legend[:2]), range=[60, 180]), legend=None
        ),
    )
    layers: list[Any] = [line, dots]
    rules = []
    if median is not None:
        rules.append({"value": round(median, 2), "rule": legend[2]})
    if target is not None:
        rules.append({"value": round(target, 2), "rule": legend[3]})
    if rules:
        rule_frame = pd.DataFrame(rules)
        layers.insert(
            0,
            alt.Chart(rule_frame)
            .mark_rule(strokeWidth=2)
            .encode(
                y=alt.Y("value:Q", scale=y_scale),
                color=alt.Color(
                    "rule:N",
                    scale=alt.Scale(
                        domain=[legend[2], legend[3]], range=[charts.DISTRICT_COLOUR, TARGET_COLOUR]
                    ),
                    legend=alt.Legend(title=None, orient="top", labelLimit=0),
                ),
                strokeDash=alt.StrokeDash(
                    "rule:N",
                    scale=alt.Scale(domain=[legend[2], legend[3]], range=[[6, 4], [2, 3]]),
                    legend=None,
                ),
            ),
        )
    chart = alt.layer(*layers).resolve_scale(color="independent", shape="independent")
    return charts.with_config(chart.properties(width=520, height=240))


@lru_cache(maxsize=128)
def run_chart_svg(
    points: tuple[RunPoint, ...],
    *,
    median: float | None,
    target: float | None,
    low: float,
    high: float,
    y_title: str,
    label: str,
    legend: tuple[str, str, str, str] = ("Value", "Part of a signal", "Median", "Target"),
) -> str:
    """``run_chart_spec`` rendered by ``render_svg`` (cached)."""
    spec = run_chart_spec(
        points, median=median, target=target, low=low, high=high, y_title=y_title, legend=legend
    )
    return charts.render_svg(spec, label=label)
