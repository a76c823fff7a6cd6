"""Who may see the indicator panel and profiles, and who may upload the district's data.

Built on ``staffroom.web.accounts.access`` (same roles, same district rule, 404 for
anything out of reach):

* a school's indicators, group patterns and adult-community profile: the district admin,
  the school's assigned coach and the school's leaders. Staff see none of it (even where
  the district lets staff see survey results: absences, exits and meeting voice are about
  colleagues, and a small staff room's figures are easy to read back to people);
* the district panel (every school side by side): district admins and coaches, a coach's
  rows limited to the schools they coach; a school leader is sent to their school;
* uploads (absences, exits, learning, practices, requests, meetings, the roster
  extension): district admins only, since a file covers every school of the district.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from staffroom.web.accounts.access import (
    can_manage_cycles,
    can_view_district_results,
    visible_schools,
)
from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import District, School

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = [
    "can_upload_community_data",
    "can_view_community_district",
    "can_view_community_school",
    "community_schools",
]

_PANEL_ROLES = {User.DISTRICT_ADMIN, User.COACH, User.SCHOOL_LEADER}


def community_schools(user: User | AnonymousUser) -> QuerySet[School]:
    """The schools whose indicators ``user`` may open (staff and strangers: none)."""
    if getattr(user, "role", None) not in _PANEL_ROLES:
        return School.objects.none()
    return visible_schools(user)


def can_view_community_school(user: User | AnonymousUser, school: School) -> bool:
    """Admin of the school's district, its assigned coach, or its leader."""
    return community_schools(user).filter(pk=school.pk).exists()


def can_view_community_district(user: User | AnonymousUser, district: District) -> bool:
    """The district panel and district-wide patterns: the district's admins and coaches."""
    return can_view_district_results(user, district)


def can_upload_community_data(user: User | AnonymousUser, district: District) -> bool:
    """Upload indicator data and the roster extension: the district's admins."""
    return can_manage_cycles(user, district)
