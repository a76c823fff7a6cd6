"""The continuum pages' charts, also printed in the reports (one picture wherever shown)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from staffroom.web.continuum import selectors
from staffroom.web.results import charts

__all__ = ["check_chart", "history_chart"]


def history_chart(history: selectors.TeamHistory) -> SafeString | None:
    """The levels a team agreed on, round by round, one line per dimension (from the
    second round on)."""
    points = tuple(
        charts.MeanPoint(row.round.title, dimension.title, float(agreed.level))
        for row in history.rows
        for dimension, agreed in zip(history.dimensions, row.levels, strict=True)
        if agreed is not None
    )
    if len(history.rows) < 2 or not points:
        return None
    high = max(len(d.levels) for d in history.dimensions)
    label = gettext(
        "Line charts, one per dimension: the level the team agreed on in each round "
        "(1 = %(low)s, %(high)s = %(top)s). The table below gives the levels."
    ) % {
        "low": history.dimensions[0].levels[0].title,
        "high": high,
        "top": history.dimensions[0].levels[-1].title,
    }
    svg = charts.feedback_svg(points, low=1, high=high, y_title=gettext("Level"), label=label)
    return mark_safe(svg)  # noqa: S308 - vl-convert output; every text in it is escaped


def check_chart(results: selectors.CheckResults) -> SafeString | None:
    """The monthly check's mean by month, one line per agreement; hidden months left out."""
    points = tuple(
        charts.MeanPoint(month.label, agreement.text, mean)
        for month in results.months
        for agreement, mean in zip(results.agreements, month.means, strict=True)
        if mean is not None
    )
    if not points:
        return None
    label = gettext(
        "Line charts, one per agreement: the mean answer to 'this month, we lived this "
        "agreement' in each month, from 1 (strongly disagree) to 5 (strongly agree). "
        "Months with too few answers are left out. The table below gives the numbers."
    )
    svg = charts.feedback_svg(points, low=1, high=5, y_title=gettext("Mean"), label=label)
    return mark_safe(svg)  # noqa: S308 - vl-convert output; every text in it is escaped
