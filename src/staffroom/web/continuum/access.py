"""Who may see and do what in the continuum and agreements pages.

A *team* is a school's staff, or the district team (``school`` is ``None``).

* See a team's rounds, agreement sets and monthly check: district admins (every team of
  their district), coaches (the district team and their assigned schools), a school
  leader and the school's staff (their own school).
* Rate in a round (be a *member*): the school's leader and staff for a school round;
  district admins and coaches for the district team's round.
* Start and reveal a round, record agreed levels (*facilitate*): district admins, the
  school's coach and the school's leader; for the district team, district admins.
* Draft, adopt and review agreement sets: district admins and the school's leader; for
  the district team, district admins. Anyone who sees a set may comment on it.

Views answer 404 for anything outside these rules, so existence is not revealed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import School

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = [
    "can_draft",
    "can_facilitate",
    "can_see_team",
    "is_member",
    "visible_teams",
]

_DISTRICT_TEAM = {User.DISTRICT_ADMIN, User.COACH}


def _active(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.district_id)


def _coaches(user: User, school: School) -> bool:
    return user.role == User.COACH and user.coached_schools.filter(pk=school.pk).exists()


def can_see_team(user: User | AnonymousUser, district_id: int, school: School | None) -> bool:
    """Whether ``user`` may see the team's rounds, agreements and monthly check."""
    if not _active(user) or user.district_id != district_id:
        return False
    if school is None:
        return user.role in _DISTRICT_TEAM
    if school.district_id != district_id:
        return False
    if user.role == User.DISTRICT_ADMIN:
        return True
    if user.role == User.COACH:
        return _coaches(user, school)
    return user.school_id == school.pk


def is_member(user: User | AnonymousUser, district_id: int, school: School | None) -> bool:
    """Whether ``user`` rates in the team's rounds."""
    if not can_see_team(user, district_id, school):
        return False
    if school is None:
        return user.role in _DISTRICT_TEAM
    return user.role in {User.SCHOOL_LEADER, User.STAFF} and user.school_id == school.pk


def can_facilitate(user: User | AnonymousUser, district_id: int, school: School | None) -> bool:
    """Whether ``user`` may start and reveal the team's rounds and record agreed levels."""
    if not can_see_team(user, district_id, school):
        return False
    if school is None or user.role == User.DISTRICT_ADMIN:
        return user.role == User.DISTRICT_ADMIN
    return user.role in {User.COACH, User.SCHOOL_LEADER}


def can_draft(user: User | AnonymousUser, district_id: int, school: School | None) -> bool:
    """Whether ``user`` may draft, adopt and review the team's agreement sets."""
    if not can_see_team(user, district_id, school):
        return False
    if school is None or user.role == User.DISTRICT_ADMIN:
        return user.role == User.DISTRICT_ADMIN
    return user.role == User.SCHOOL_LEADER


def visible_teams(user: User | AnonymousUser) -> tuple[bool, list[School]]:
    """(whether the district team is visible, the schools whose teams are visible)."""
    if not _active(user):
        return False, []
    schools = School.objects.filter(district_id=user.district_id)
    if user.role == User.DISTRICT_ADMIN:
        return True, list(schools)
    if user.role == User.COACH:
        return True, list(schools.filter(coaches=user))
    if user.school_id:
        return False, list(schools.filter(pk=user.school_id))
    return False, []
