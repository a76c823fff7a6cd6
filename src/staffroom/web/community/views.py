"""The indicator panel, group patterns and the school's adult-community profile.

Thin: check access, call selectors, render. Access (``staffroom.web.community.access``),
always on the server; anything out of reach is 404 so its existence is not revealed:

* district panel and district-wide patterns: district admins and coaches (a coach's rows
  are their coached schools); a school leader is sent to their school's page; staff 404;
* a school's indicators, patterns and profile: the district admin, the school's coach
  and its leaders; staff 404.

Every number shown comes from the indicator engine through ``selectors`` and is already
suppressed there (fewer than the district's ``min_n`` people: hidden).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from staffroom.web.community import access, charts, figures, selectors
from staffroom.web.orgs.models import School

__all__ = ["district", "district_patterns", "profile", "school", "school_patterns"]


def _school(request: HttpRequest, school_id: int) -> School:
    user = request.user
    found = School.objects.filter(pk=school_id, district_id=getattr(user, "district_id", None))
    school = found.select_related("district").first()
    if school is None or not access.can_view_community_school(user, school):
        raise Http404
    return school


def _district_or_own_school(request: HttpRequest, name: str) -> Any:
    """The user's district when they may see the district panel; a school leader is
    redirected to ``name`` for their school (a ``HttpResponse``); anyone else 404."""
    user = request.user
    district = getattr(user, "district", None)
    if district is not None and access.can_view_community_district(user, district):
        return district
    own = getattr(user, "school", None)
    if own is not None and access.can_view_community_school(user, own):
        return redirect(name, school_id=own.pk)
    raise Http404


def _spark(trend: selectors.Trend, name: str) -> SafeString | None:
    """A small line of the district's values (the district row of the panel)."""
    points = tuple(
        charts.TrendPoint(point.label, name, point.value)
        for point in trend.district
        if point.value is not None
    )
    if len(points) < 2:
        return None
    label = _("Trend of %(indicator)s in the district (the school pages have the numbers).") % {
        "indicator": trend.indicator.title
    }
    svg = charts.trend_svg(
        points,
        series=(name,),
        y_title=trend.indicator.unit_title,
        percent=trend.indicator.percent,
        label=label,
        small=True,
    )
    return mark_safe(svg)  # noqa: S308 - vl-convert output; every text in it is escaped


def _other_period(trend: selectors.Trend, overall: selectors.Trend) -> bool:
    """Whether a school's latest shown value is from another period than the district's."""
    mine, theirs = trend.latest, overall.latest
    return mine is not None and (theirs is None or mine.period != theirs.period)


@require_GET
@login_required
def district(request: HttpRequest) -> HttpResponse:
    """Every school's latest value of each indicator beside the district's, with trends."""
    found = _district_or_own_school(request, "community:school")
    if isinstance(found, HttpResponse):
        return found
    panel = selectors.district_panel(
        district=found, schools=list(access.community_schools(request.user))
    )
    district_name = _("District")
    columns = [(trend, _spark(trend, district_name)) for trend in panel.district]
    rows = [
        (
            row.school,
            [
                (trend, _other_period(trend, overall))
                for trend, overall in zip(row.trends, panel.district, strict=True)
            ],
        )
        for row in panel.rows
    ]
    context = {
        "panel": panel,
        "columns": columns,
        "rows": rows,
        "can_upload": access.can_upload_community_data(request.user, found),
    }
    return render(request, "community/district.html", context)


@require_GET
@login_required
def school(request: HttpRequest, school_id: int) -> HttpResponse:
    """One school's indicators by month, each with the district's line."""
    found = _school(request, school_id)
    panel = selectors.school_panel(school=found)
    cards = [(trend, figures.trend_chart(trend, found.name, small=False)) for trend in panel.trends]
    context = {
        "school": found,
        "panel": panel,
        "cards": cards,
        "can_view_district": access.can_view_community_district(request.user, found.district),
    }
    return render(request, "community/school.html", context)


@require_GET
@login_required
def district_patterns(request: HttpRequest) -> HttpResponse:
    """Indicators by staff group across the district's schools the user may see."""
    found = _district_or_own_school(request, "community:school_patterns")
    if isinstance(found, HttpResponse):
        return found
    report = selectors.group_patterns(
        district=found, schools=list(access.community_schools(request.user))
    )
    return render(request, "community/patterns.html", {"report": report, "school": None})


@require_GET
@login_required
def school_patterns(request: HttpRequest, school_id: int) -> HttpResponse:
    """Indicators by staff group within one school."""
    found = _school(request, school_id)
    report = selectors.group_patterns(district=found.district, schools=[found], school=found)
    return render(request, "community/patterns.html", {"report": report, "school": found})


@require_GET
@login_required
def profile(request: HttpRequest, school_id: int) -> HttpResponse:
    """The school's adult community: survey, indicators, connections and group patterns."""
    found = _school(request, school_id)
    result = selectors.school_profile(school=found, user=request.user)
    sparks = [
        (trend, figures.trend_chart(trend, found.name, small=True)) for trend in result.panel.trends
    ]
    context = {"school": found, "profile": result, "sparks": sparks}
    return render(request, "community/profile.html", context)
