"""Indicator trend charts: Altair specs rendered to SVG like the results charts.

The builders take plain numbers (no ORM); ``staffroom.web.results.charts.render_svg``
turns a spec into an accessible inline SVG (one image with a label; the table after it
has the numbers). Hidden (suppressed) periods are simply absent from the points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from staffroom.web.results.charts import (
    _CONFIG,
    DISTRICT_COLOUR,
    SCHOOL_COLOUR,
    render_svg,
)

__all__ = ["TrendPoint", "trend_spec", "trend_svg"]


@dataclass(frozen=True)
class TrendPoint:
    """One shown value: the period's label (in time order), the series and the value."""

    period: str
    series: str
    value: float


def trend_spec(
    points: Sequence[TrendPoint],
    *,
    series: Sequence[str],
    y_title: str,
    percent: bool,
    small: bool = False,
) -> dict[str, Any]:
    """A line per series (the school solid with dots, the district dashed) over periods."""
    frame = pd.DataFrame(
        [{"period": p.period, "series": p.series, "value": round(p.value, 4)} for p in points],
        columns=["period", "series", "value"],
    )
    periods = list(dict.fromkeys(p.period for p in points))
    colours = [SCHOOL_COLOUR, DISTRICT_COLOUR][: len(series)]
    dashes = [[1, 0], [6, 4]][: len(series)]
    y_axis = alt.Axis(format=".0%" if percent else ",.0f", tickCount=4)
    chart = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=50 if small else 60, filled=True), strokeWidth=2)
        .encode(
            x=alt.X(
                "period:O",
                sort=periods,
                title=None,
                axis=None if small else alt.Axis(labelAngle=-40),
            ),
            y=alt.Y("value:Q", title=None if small else y_title, axis=y_axis),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=list(series), range=colours),
                legend=None if small else alt.Legend(title=None, orient="top", labelLimit=0),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=list(series), range=dashes), legend=None
            ),
        )
        .properties(width=120 if small else 420, height=36 if small else 180)
    )
    spec: dict[str, Any] = chart.to_dict()
    config = dict(_CONFIG)
    if small:
        config = {**config, "padding": 2}
    spec["config"] = {**config, **spec.get("config", {})}
    spec.pop("$schema", None)
    return spec


@lru_cache(maxsize=512)
def trend_svg(
    points: tuple[TrendPoint, ...],
    *,
    series: tuple[str, ...],
    y_title: str,
    percent: bool,
    label: str,
    small: bool = False,
) -> str:
    """``trend_spec`` rendered by ``render_svg`` (cached)."""
    spec = trend_spec(points, series=series, y_title=y_title, percent=percent, small=small)
    return render_svg(spec, label=label)
