"""The indicator pages' charts, also printed in the reports (one picture wherever shown)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from staffroom.web.community import charts, selectors

__all__ = ["trend_chart"]


def trend_chart(trend: selectors.Trend, school_name: str, *, small: bool) -> SafeString | None:
    """An indicator's trend at a school beside the district's (``small``: a sparkline)."""
    series = (school_name, _("District"))
    points = tuple(
        charts.TrendPoint(point.label, name, point.value)
        for name, line in zip(series, (trend.school, trend.district), strict=True)
        for point in line
        if point.value is not None
    )
    if not points:
        return None
    info = trend.indicator
    if small:
        label = _("%(indicator)s at %(school)s over time (the table has the numbers).") % {
            "indicator": info.title,
            "school": school_name,
        }
    else:
        label = _(
            "Line chart: %(indicator)s at %(school)s over time (solid line) and the district "
            "(dashed line). Hidden periods are left out. The table below gives the numbers."
        ) % {"indicator": info.title, "school": school_name}
    svg = charts.trend_svg(
        points,
        series=series,
        y_title=info.unit_title,
        percent=info.percent,
        label=label,
        small=small,
    )
    return mark_safe(svg)  # noqa: S308 - vl-convert output; every text in it is escaped
