"""Who may see the connection maps, see names on them, and import ties.

Built on ``staffroom.web.accounts.access`` (same roles, same district rule, 404 for
anything out of reach):

* a school's map: the district admin, the school's assigned coach and the school's
  leaders. Staff see no map (a map of who is tied to whom is about colleagues, and an
  anonymous map of a small staff room is easy to read back to people);
* the district-team map and page: district admins and coaches (a coach's list of
  schools is still limited to the schools they coach);
* names and person-level measures on a school's map: the roles in
  ``District.names_visible_to`` (admins always; the school's assigned coach; the
  school's leaders only when the district says so). On the district-team map, where
  every school's leader appears, names are for district admins only;
* importing ties: district admins (any person of the district), coaches (people on the
  rosters of their schools only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from staffroom.web.accounts.access import can_view_district_results, visible_schools
from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import District, School

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = [
    "can_import_ties",
    "can_see_names",
    "can_see_team_names",
    "can_view_school_map",
    "can_view_team_map",
    "map_schools",
]

_MAP_ROLES = {User.DISTRICT_ADMIN, User.COACH, User.SCHOOL_LEADER}


def map_schools(user: User | AnonymousUser) -> list[School]:
    """The schools whose connection map ``user`` may open (staff: none)."""
    if getattr(user, "role", None) not in _MAP_ROLES:
        return []
    return list(visible_schools(user))


def can_view_school_map(user: User | AnonymousUser, school: School) -> bool:
    """Admin of the school's district, its assigned coach, or its leader."""
    if getattr(user, "role", None) not in _MAP_ROLES:
        return False
    return visible_schools(user).filter(pk=school.pk).exists()


def can_view_team_map(user: User | AnonymousUser, district: District) -> bool:
    """The district-team map and page: the district's admins and coaches."""
    return can_view_district_results(user, district)


def can_see_names(user: User | AnonymousUser, school: School) -> bool:
    """Whether ``user`` sees names and person-level measures on ``school``'s map."""
    if not can_view_school_map(user, school):
        return False
    role = getattr(user, "role", None)
    setting = school.district.names_visible_to
    if role == User.DISTRICT_ADMIN:
        return True
    if role == User.COACH:
        return setting in {District.NAMES_ADMIN_COACH, District.NAMES_ADMIN_COACH_LEADER}
    if role == User.SCHOOL_LEADER:
        return setting == District.NAMES_ADMIN_COACH_LEADER
    return False


def can_see_team_names(user: User | AnonymousUser, district: District) -> bool:
    """Names on the district-team map: district admins only."""
    return can_view_team_map(user, district) and getattr(user, "role", None) == User.DISTRICT_ADMIN


def can_import_ties(user: User | AnonymousUser, district: District) -> bool:
    """District admins, and coaches (for people of their own schools)."""
    return can_view_district_results(user, district)
