"""Report sections for the printed reports (``staffroom.web.reports.sections``): a
school's readiness and improvement work, and the district's.

Built from the same selectors as the improvement pages, so a report never shows a
number its page would hide: the run charts are the metric pages' SVGs, the readiness
reasons the engine's. Each provider returns ``None`` when there is nothing to print.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from staffroom.web.accounts.models import User
from staffroom.web.improvement import access, figures, readiness, selectors
from staffroom.web.orgs.models import District, School

__all__ = [
    "improvement_district_section",
    "improvement_school_section",
    "readiness_district_section",
    "readiness_school_section",
]


def _section(key: str, title: str, template: str, context: dict[str, Any]) -> Any:
    from staffroom.web.reports.sections import Section

    return Section(key, title, template, context)


def readiness_school_section(school: School, user: User) -> Any:
    """The school's readiness judgement, its reasons and the figures used."""
    page = readiness.readiness_page(user=user, only=[school])
    if not page.schools:
        return None
    return _section(
        "readiness",
        gettext("Readiness"),
        "improvement/report/_readiness_school.html",
        {"row": page.schools[0], "page": page},
    )


def readiness_district_section(district: District, user: User, schools: QuerySet[School]) -> Any:
    """Every school's judgement and what decided it."""
    page = readiness.readiness_page(user=user, only=schools)
    if not page.schools:
        return None
    return _section(
        "readiness",
        gettext("Readiness"),
        "improvement/report/_readiness_district.html",
        {"page": page},
    )


def improvement_school_section(school: School, user: User) -> Any:
    """The school's metrics with their run charts and findings, and its PDSA cycles."""
    metrics = access.visible_metrics(user).filter(school=school)
    cycles = access.visible_pdsa_cycles(user).filter(school=school).prefetch_related("metrics")
    if not metrics.exists() and not cycles.exists():
        return None
    charts = [(m, figures.metric_run_chart(selectors.metric_series(m))) for m in metrics]
    return _section(
        "improvement",
        gettext("Continuous improvement"),
        "improvement/report/_improvement_school.html",
        {"charts": charts, "cycles": cycles},
    )


def improvement_district_section(district: District, user: User, schools: QuerySet[School]) -> Any:
    """Every metric the reader may see (district-wide ones first) and the cycles under way."""
    metrics = access.visible_metrics(user).filter(school__isnull=True) | access.visible_metrics(
        user
    ).filter(school__in=schools)
    rows = [figures.metric_summary(selectors.metric_series(m)) for m in metrics.distinct()]
    cycles = access.visible_pdsa_cycles(user).filter(
        school__in=schools
    ) | access.visible_pdsa_cycles(user).filter(school__isnull=True)
    if not rows and not cycles.exists():
        return None
    return _section(
        "improvement",
        gettext("Continuous improvement"),
        "improvement/report/_improvement_district.html",
        {"rows": rows, "cycles": cycles.distinct()},
    )
