"""Who may see and do what. Every view, export and endpoint asks these functions.

Roles: district admin (everything in their district), coach (the schools assigned to
them), school leader (their school), staff (answer surveys; their own school's
published results only if the district allows it).
"""

from __future__ import annotations

from django.db.models import QuerySet

from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import District, School

__all__ = [
    "can_manage_cycles",
    "can_view_district_results",
    "can_view_school_results",
    "visible_schools",
]


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.district_id)


def visible_schools(user: User) -> QuerySet[School]:
    """The schools whose results this user may see."""
    if not _active(user):
        return School.objects.none()
    schools = School.objects.filter(district_id=user.district_id)
    if user.role == User.DISTRICT_ADMIN:
        return schools
    if user.role == User.COACH:
        return schools.filter(coaches=user)
    if user.role == User.SCHOOL_LEADER:
        return schools.filter(pk=user.school_id)
    if user.role == User.STAFF and user.district and user.district.staff_see_results:
        return schools.filter(pk=user.school_id)
    return School.objects.none()


def can_view_school_results(user: User, school: School) -> bool:
    return visible_schools(user).filter(pk=school.pk).exists()


def can_view_district_results(user: User, district: District) -> bool:
    """District-wide views (all schools side by side): district admins and coaches."""
    return (
        _active(user)
        and user.district_id == district.pk
        and user.role
        in {
            User.DISTRICT_ADMIN,
            User.COACH,
        }
    )


def can_manage_cycles(user: User, district: District) -> bool:
    """Create, open, close cycles, import rosters, send reminders: district admins."""
    return _active(user) and user.district_id == district.pk and user.role == User.DISTRICT_ADMIN
