"""Who may see and do what in the voice app. Every view asks these functions.

Everything stays within the user's own district; objects outside these rules answer
404 in the views, so their existence is not revealed.

* Working groups and decisions: a district-wide one (no school) is read by every
  signed-in member of the district and managed by its admins and coaches; a school's
  one is read by whoever belongs to or looks after the school (admin, its coach, its
  leader, its staff) and managed by the admin, its coach and its leader.
* The spread of leadership roles (an aggregate): admins (every group), coaches (their
  schools' groups and district groups), leaders (their school's groups).
* The anonymous channel: any member of the district may post, to their own school or
  to the district. Leaders read, moderate and answer their school's posts; admins read
  the district's posts and every school's. The public pages (responded, approved posts)
  are open to every member of the district.
* The practice exchange: every member of the district may search it; admins, coaches
  (their schools) and leaders (their school) record practices. Visits are arranged by
  admins and coaches; a visit is seen by them and by the leaders of either school.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from staffroom.web.accounts.access import visible_schools
from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import School

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = [
    "can_arrange_visits",
    "can_manage_district_items",
    "can_view_spread",
    "channel_reader",
    "channel_scope",
    "in_district",
    "managed_schools",
    "member_schools",
    "scope_q",
]


def in_district(user: User | AnonymousUser) -> bool:
    """Signed in, active and attached to a district."""
    return bool(user.is_authenticated and user.is_active and user.district_id)


def member_schools(user: User | AnonymousUser) -> QuerySet[School]:
    """Schools whose groups and decisions the user may read (besides district ones):
    the schools whose results they may see (``accounts.access.visible_schools``), and a
    member of staff's own school whether or not the district shows staff results."""
    if not in_district(user):
        return School.objects.none()
    if user.role == User.STAFF:
        return School.objects.filter(pk=user.school_id, district_id=user.district_id)
    return visible_schools(user)


def managed_schools(user: User | AnonymousUser) -> QuerySet[School]:
    """Schools whose groups, decisions and practices the user may create and change."""
    if not in_district(user) or user.role == User.STAFF:
        return School.objects.none()
    return member_schools(user)


def can_manage_district_items(user: User | AnonymousUser) -> bool:
    """District-wide groups and decisions: the district's admins and coaches."""
    return in_district(user) and user.role in {User.DISTRICT_ADMIN, User.COACH}


def scope_q(user: User | AnonymousUser, *, manage: bool = False) -> Q:
    """A filter on models with ``district`` and ``school``: what the user may read
    (or, with ``manage``, change). Nothing at all for users outside a district."""
    if not in_district(user):
        return Q(pk__in=[])
    schools = managed_schools(user) if manage else member_schools(user)
    district_ok = can_manage_district_items(user) if manage else True
    q = Q(district_id=user.district_id, school__in=schools)
    if district_ok:
        q |= Q(district_id=user.district_id, school__isnull=True)
    return q


def can_view_spread(user: User | AnonymousUser) -> bool:
    """The aggregate view of who holds leadership roles: admins, coaches, leaders."""
    return in_district(user) and user.role in {
        User.DISTRICT_ADMIN,
        User.COACH,
        User.SCHOOL_LEADER,
    }


def channel_reader(user: User | AnonymousUser) -> bool:
    """Whether the user reads and answers channel posts at all (admins, leaders)."""
    return in_district(user) and (
        user.role == User.DISTRICT_ADMIN
        or (user.role == User.SCHOOL_LEADER and bool(user.school_id))
    )


def channel_scope(user: User | AnonymousUser) -> Q:
    """Channel posts the user reads and answers: an admin's whole district, a leader's
    own school (never the district's posts)."""
    if not channel_reader(user):
        return Q(pk__in=[])
    if user.role == User.DISTRICT_ADMIN:
        return Q(district_id=user.district_id)
    return Q(district_id=user.district_id, school_id=user.school_id)


def can_arrange_visits(user: User | AnonymousUser) -> bool:
    """Admins and coaches arrange cross-school visits."""
    return in_district(user) and user.role in {User.DISTRICT_ADMIN, User.COACH}
