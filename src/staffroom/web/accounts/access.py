"""Who may see and do what. Every view, export and endpoint asks these functions.

Roles (one per user, always within the user's own district):

* district admin: everything in their district (all schools' results, the district
  view, managing cycles);
* coach: the results of the schools assigned to them, and the district view;
* school leader: their own school's results;
* staff: answer surveys (by link, no account needed); their own school's results only
  when the district allows it (``District.staff_see_results``) and, for a given cycle,
  only once that cycle's results are published (``Cycle.results_published``);
* anyone else (anonymous, inactive, no district, another district): nothing.

Views answer 404 (not 403) for objects outside these rules, so existence is not
revealed. Nothing here computes statistics: the minimum group size is the analysis
engine's job, whoever is looking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import District, School

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from staffroom.web.surveys.models import Cycle

__all__ = [
    "can_manage_cycles",
    "can_view_cycle_school_results",
    "can_view_district_results",
    "can_view_school_results",
    "visible_schools",
]


def _active(user: User | AnonymousUser) -> bool:
    """Signed in, active and attached to a district (anonymous users have no district)."""
    return bool(user.is_authenticated and user.is_active and user.district_id)


def visible_schools(user: User | AnonymousUser) -> QuerySet[School]:
    """The schools whose results this user may see (never outside their district).

    District admin: every school of the district. Coach: the schools assigned to them.
    School leader: their school. Staff: their school if the district lets staff see
    results (whether a given cycle is published is ``can_view_cycle_school_results``).
    Anyone else: none.
    """
    if not _active(user):
        return School.objects.none()
    schools = School.objects.filter(district_id=user.district_id)
    if user.role == User.DISTRICT_ADMIN:
        return schools
    if user.role == User.COACH:
        return schools.filter(coaches=user)
    if user.role == User.SCHOOL_LEADER and user.school_id:
        return schools.filter(pk=user.school_id)
    if user.role == User.STAFF and user.school_id and user.district.staff_see_results:
        return schools.filter(pk=user.school_id)
    return School.objects.none()


def can_view_school_results(user: User | AnonymousUser, school: School) -> bool:
    """Whether ``school`` is one of ``visible_schools(user)``.

    For a particular cycle's results use ``can_view_cycle_school_results``, which also
    checks the cycle belongs to the district and, for staff, that it is published.
    """
    return visible_schools(user).filter(pk=school.pk).exists()


def can_view_cycle_school_results(user: User | AnonymousUser, cycle: Cycle, school: School) -> bool:
    """Whether ``user`` may see ``school``'s results in ``cycle``.

    Requires the cycle and school to be in the same district and the school to be one
    the user may see; staff additionally need the cycle's results to be published.
    """
    if cycle.district_id != school.district_id or not can_view_school_results(user, school):
        return False
    return user.role != User.STAFF or cycle.results_published


def can_view_district_results(user: User | AnonymousUser, district: District) -> bool:
    """District-wide views (the district, schools side by side): its admins and coaches.

    A coach sees the district view, but the schools listed in it must still be limited
    to ``visible_schools(user)``.
    """
    return (
        _active(user)
        and user.district_id == district.pk
        and user.role in {User.DISTRICT_ADMIN, User.COACH}
    )


def can_manage_cycles(user: User | AnonymousUser, district: District) -> bool:
    """Create, open and close cycles, import rosters, send reminders: district admins."""
    return _active(user) and user.district_id == district.pk and user.role == User.DISTRICT_ADMIN
