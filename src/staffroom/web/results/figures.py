"""Charts drawn from the results selectors' shapes, for the results pages and the printed
reports alike (one picture of a school's results wherever it is shown)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from staffroom.web.results import charts, selectors

__all__ = ["comparison_chart", "distribution_chart"]


def comparison_chart(report: selectors.SchoolReport) -> SafeString | None:
    """A school's mean on each scale beside the district's, or None when all are hidden."""
    school_label, district_label = report.school.name, gettext("District")
    points = []
    for row in report.scales:
        if row.school.mean is not None:
            points.append(charts.MeanPoint(row.scale.title, school_label, row.school.mean))
        if row.district.mean is not None:
            points.append(charts.MeanPoint(row.scale.title, district_label, row.district.mean))
    if not points:
        return None
    low = min(row.scale.low for row in report.scales)
    high = max(row.scale.high for row in report.scales)
    label = gettext(
        "Dot chart: %(school)s's mean on each scale (filled circle) beside the district "
        "mean (hollow diamond), from %(low)s to %(high)s. The table below gives the numbers."
    ) % {"school": school_label, "low": low, "high": high}
    svg = charts.scale_comparison_svg(
        tuple(points),
        low=low,
        high=high,
        series=(school_label, district_label),
        x_title=gettext("Mean (%(low)s to %(high)s)") % {"low": low, "high": high},
        label=label,
    )
    return mark_safe(svg)  # noqa: S308 - vl-convert output; every text in it is escaped


def distribution_chart(row: selectors.ScaleRow) -> SafeString | None:
    """The answer shares of each question on a scale, or None when all are hidden."""
    bars = tuple(
        charts.DistributionBar(item.text, item.shares)
        for item in row.items
        if item.shares is not None
    )
    if not bars:
        return None
    label = gettext(
        "Stacked bar chart: for each question on %(scale)s, the share of staff choosing each "
        "answer. The table below gives the numbers."
    ) % {"scale": row.scale.title}
    svg = charts.distribution_svg(
        bars, options=row.options, x_title=gettext("Share of answers"), label=label
    )
    return mark_safe(svg)  # noqa: S308 - vl-convert output; every text in it is escaped
