"""Charts as Vega-Lite specs (built with Altair), rendered to SVG with vl-convert.

The same spec serves the pages and, later, PDF reports: the builders take plain
numbers (no ORM), ``render_svg`` turns a spec into an accessible inline SVG. Every
chart on a page is followed by a table with the same numbers; the SVG carries a
``<title>`` and ``aria-label`` saying what it shows and where the table is.

Rendering takes tens of milliseconds, so SVGs are cached on the spec's JSON text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

__all__ = [
    "ANSWER_COLOURS",
    "DistributionBar",
    "MeanPoint",
    "distribution_spec",
    "distribution_svg",
    "feedback_spec",
    "feedback_svg",
    "render_svg",
    "scale_comparison_spec",
    "scale_comparison_svg",
    "with_config",
]

INK = "#1b1f24"
SCHOOL_COLOUR = "#0b5cad"  # --accent, 6.7:1 on white
DISTRICT_COLOUR = "#4a5360"  # --muted, 7.8:1 on white
ANSWER_COLOURS = ("#a6611a", "#dfc27d", "#d9d9d9", "#80cdc1", "#018571")
"""Diverging brown-teal (ColorBrewer BrBG), colour-blind safe, lowest answer first."""

_FONT = "Arial, Liberation Sans, Helvetica, sans-serif"
"""Arial and Liberation Sans share their metrics, so text measured when the SVG is made
(vl-convert has Liberation Sans on Debian) fits when a browser draws it with Arial."""
_CONFIG: dict[str, Any] = {
    "font": _FONT,
    "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12},
    "legend": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12},
    "header": {"labelColor": INK, "labelFontSize": 12, "titleColor": INK},
    "view": {"stroke": None},
    "padding": 8,
}


@dataclass(frozen=True)
class MeanPoint:
    """One mean to plot: a row label, the series (school or district) and the value."""

    label: str
    series: str
    mean: float


@dataclass(frozen=True)
class DistributionBar:
    """One item's answer shares, lowest answer first (shares of those who answered)."""

    label: str
    shares: tuple[float, ...]


def _short(text: str, limit: int = 48) -> str:
    """Cut a long label at a word, with an ellipsis (the table beside the chart has it
    whole). Done here because Vega's own ``labelLimit`` measures text over and over,
    which makes vl-convert several times slower."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def _unique_short(labels: Sequence[str]) -> list[str]:
    """Short labels, numbered when two long ones would end up the same."""
    short = [_short(label) for label in labels]
    if len(set(short)) < len(set(labels)):
        short = [f"{i + 1}. {_short(label, 44)}" for i, label in enumerate(labels)]
    return short


def _labels_and_short(labels: Sequence[str]) -> tuple[list[str], list[str]]:
    distinct = list(dict.fromkeys(labels))
    return distinct, _unique_short(distinct)


def with_config(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as a Vega-Lite spec with the house style (font, ink, sizes) every page
    and report chart shares."""
    spec: dict[str, Any] = chart.to_dict()
    spec["config"] = {**_CONFIG, **spec.get("config", {})}
    spec.pop("$schema", None)
    return spec


def scale_comparison_spec(
    points: Sequence[MeanPoint],
    *,
    low: int,
    high: int,
    series: Sequence[str],
    x_title: str,
) -> dict[str, Any]:
    """A dot chart: one row per label, a filled dot (school) and a hollow diamond (district)."""
    short = dict(zip(*_labels_and_short([p.label for p in points]), strict=True))
    frame = pd.DataFrame(
        [{"label": short[p.label], "series": p.series, "mean": round(p.mean, 2)} for p in points],
        columns=["label", "series", "mean"],
    )
    order = list(dict.fromkeys(short[p.label] for p in points))
    base = alt.Chart(frame)
    x_scale = alt.Scale(domain=[low, high], nice=False, zero=False)
    x_axis = alt.Axis(values=list(range(low, high + 1)), format="d")
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    rule = base.mark_rule(color="#c9d0d9", strokeWidth=2).encode(
        y=y,
        x=alt.X("min(mean):Q", scale=x_scale, axis=x_axis, title=x_title),
        x2="max(mean):Q",
    )
    dots = base.mark_point(size=140, strokeWidth=2, opacity=1).encode(
        y=y,
        x=alt.X("mean:Q", scale=x_scale, axis=x_axis, title=x_title),
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=list(series), range=[SCHOOL_COLOUR, DISTRICT_COLOUR]),
            legend=alt.Legend(title=None, orient="top", labelLimit=0),
        ),
        shape=alt.Shape(
            "series:N",
            scale=alt.Scale(domain=list(series), range=["circle", "diamond"]),
            legend=None,
        ),
        fill=alt.Fill(
            "series:N",
            scale=alt.Scale(domain=list(series), range=[SCHOOL_COLOUR, "#ffffff"]),
            legend=None,
        ),
    )
    return with_config((rule + dots).properties(width=360, height=alt.Step(28)))


def distribution_spec(
    bars: Sequence[DistributionBar], *, options: Sequence[str], x_title: str
) -> dict[str, Any]:
    """Stacked 100% bars: one bar per item, one segment per answer option."""
    labels = _unique_short([bar.label for bar in bars])
    records = [
        {"label": label, "option": option, "order": k, "share": round(share, 4)}
        for bar, label in zip(bars, labels, strict=True)
        for k, (option, share) in enumerate(zip(options, bar.shares, strict=True))
    ]
    frame = pd.DataFrame(records, columns=["label", "option", "order", "share"])
    order = list(dict.fromkeys(labels))
    colours = list(ANSWER_COLOURS) if len(options) == len(ANSWER_COLOURS) else None
    chart = (
        alt.Chart(frame)
        .mark_bar(stroke="#ffffff", strokeWidth=1)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X(
                "share:Q",
                stack="normalize",
                title=x_title,
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "option:N",
                sort=list(options),
                scale=alt.Scale(domain=list(options), range=colours)
                if colours
                else alt.Scale(domain=list(options), scheme="brownbluegreen"),
                legend=alt.Legend(title=None, orient="bottom", columns=2, labelLimit=0),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=360, height=alt.Step(24))
    )
    return with_config(chart)


def feedback_spec(
    points: Sequence[MeanPoint], *, low: int, high: int, y_title: str
) -> dict[str, Any]:
    """Small multiples: one panel per scale (``series``), its mean by month (``label``)."""
    frame = pd.DataFrame(
        [{"month": p.label, "scale": p.series, "mean": round(p.mean, 2)} for p in points],
        columns=["month", "scale", "mean"],
    )
    months = list(dict.fromkeys(p.label for p in points))
    scales = list(dict.fromkeys(p.series for p in points))
    chart = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=60, color=SCHOOL_COLOUR), color=SCHOOL_COLOUR)
        .encode(
            x=alt.X("month:O", sort=months, title=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y(
                "mean:Q",
                scale=alt.Scale(domain=[low, high], zero=False),
                axis=alt.Axis(values=list(range(low, high + 1)), format="d"),
                title=y_title,
            ),
        )
        .properties(width=220, height=120)
        .facet(facet=alt.Facet("scale:N", sort=scales, title=None), columns=2)
    )
    return with_config(chart)


_STRIP = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


@lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    svg: str = vl_convert.vegalite_to_svg(json.loads(spec_json))
    return svg


def render_svg(spec: dict[str, Any], *, label: str) -> str:
    """An inline ``<svg role="img">`` with ``label`` as its ``aria-label`` and ``<title>``.

    Vega's own ARIA roles on the marks are removed: the picture is one image whose
    numbers are in the table that follows it.
    """
    svg = _STRIP.sub("", _svg(json.dumps(spec, sort_keys=True)))
    text = escape(label, quote=True)
    opening_end = svg.index(">", svg.index("<svg")) + 1
    opening = svg[: opening_end - 1]
    return (
        f'{opening} role="img" aria-label="{text}" focusable="false">'
        f"<title>{text}</title>{svg[opening_end:]}"
    )


@lru_cache(maxsize=256)
def scale_comparison_svg(
    points: tuple[MeanPoint, ...],
    *,
    low: int,
    high: int,
    series: tuple[str, ...],
    x_title: str,
    label: str,
) -> str:
    """``scale_comparison_spec`` rendered by ``render_svg`` (cached: building specs costs too)."""
    spec = scale_comparison_spec(points, low=low, high=high, series=series, x_title=x_title)
    return render_svg(spec, label=label)


@lru_cache(maxsize=512)
def distribution_svg(
    bars: tuple[DistributionBar, ...], *, options: tuple[str, ...], x_title: str, label: str
) -> str:
    """``distribution_spec`` rendered by ``render_svg`` (cached)."""
    return render_svg(distribution_spec(bars, options=options, x_title=x_title), label=label)


@lru_cache(maxsize=64)
def feedback_svg(
    points: tuple[MeanPoint, ...], *, low: int, high: int, y_title: str, label: str
) -> str:
    """``feedback_spec`` rendered by ``render_svg`` (cached)."""
    return render_svg(feedback_spec(points, low=low, high=high, y_title=y_title), label=label)
