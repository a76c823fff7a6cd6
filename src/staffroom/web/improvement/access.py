"""Who may see and change metrics, PDSA cycles, the pulse schedule and readiness.

Built on ``staffroom.web.accounts.access`` (same roles, same district rule, 404 for
anything out of reach):

* a school's metrics, PDSA cycles and readiness: the district admin, the school's
  assigned coach and the school's leaders, who may also add and update them;
* district-wide metrics, and cycles of a district-office team: district admins and
  coaches (only admins add district-wide metrics);
* the pulse schedule and the readiness thresholds and weights: district admins;
* staff: none of these pages (their part is answering the pulse survey).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from staffroom.web.accounts.access import can_view_district_results, visible_schools
from staffroom.web.accounts.models import User
from staffroom.web.improvement.models import Metric, PdsaCycle
from staffroom.web.orgs.models import District, School, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = [
    "can_edit_school",
    "can_manage_district",
    "can_use_improvement",
    "improvement_schools",
    "visible_metrics",
    "visible_pdsa_cycles",
    "visible_teams",
]

_ROLES = {User.DISTRICT_ADMIN, User.COACH, User.SCHOOL_LEADER}


def can_use_improvement(user: User | AnonymousUser) -> bool:
    """Signed in, in a district, and an admin, a coach or a school leader."""
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "district_id", None)
        and getattr(user, "role", None) in _ROLES
    )


def improvement_schools(user: User | AnonymousUser) -> QuerySet[School]:
    """The schools whose improvement work ``user`` may see and change (staff: none)."""
    if not can_use_improvement(user):
        return School.objects.none()
    return visible_schools(user)


def can_edit_school(user: User | AnonymousUser, school: School | None) -> bool:
    """Add or update metrics and cycles for ``school`` (``None``: district-wide, admins)."""
    if school is None:
        return can_manage_district(user, getattr(user, "district", None))
    return improvement_schools(user).filter(pk=school.pk).exists()


def can_manage_district(user: User | AnonymousUser, district: District | None) -> bool:
    """District settings (pulse schedule, readiness thresholds): the district's admins."""
    return (
        district is not None
        and can_use_improvement(user)
        and user.district_id == district.pk
        and user.role == User.DISTRICT_ADMIN
    )


def _district_wide(user: User | AnonymousUser) -> bool:
    district = getattr(user, "district", None)
    return district is not None and can_view_district_results(user, district)


def visible_metrics(user: User | AnonymousUser) -> QuerySet[Metric]:
    """Metrics of the user's schools, and district-wide ones for admins and coaches."""
    if not can_use_improvement(user):
        return Metric.objects.none()
    reach = Q(school__in=improvement_schools(user))
    if _district_wide(user):
        reach |= Q(school__isnull=True)
    return Metric.objects.filter(reach, district_id=user.district_id).select_related("school")


def visible_teams(user: User | AnonymousUser) -> QuerySet[Team]:
    """Teams of the user's schools, and district-office teams for admins and coaches."""
    if not can_use_improvement(user):
        return Team.objects.none()
    reach = Q(school__in=improvement_schools(user))
    if _district_wide(user):
        reach |= Q(school__isnull=True)
    return Team.objects.filter(reach, district_id=user.district_id)


def visible_pdsa_cycles(user: User | AnonymousUser) -> QuerySet[PdsaCycle]:
    """Cycles of the user's schools and teams (district-wide ones: admins and coaches)."""
    if not can_use_improvement(user):
        return PdsaCycle.objects.none()
    schools = improvement_schools(user)
    reach = Q(school__in=schools) | Q(school__isnull=True, team__school__in=schools)
    if _district_wide(user):
        reach |= Q(school__isnull=True, team__school__isnull=True)
    return PdsaCycle.objects.filter(reach, district_id=user.district_id).select_related(
        "school", "team"
    )
