"""Every access rule, for every member of the cast (admin, coach, leader, staff, outsider).

Riverbend's coach coaches Alder (``cast.school``) only; the leader and the staff member
work at Alder; Birch (``cast.other_school``) is another Riverbend school; the outsider is
the district admin of another district, which has its own school, Elm.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from staffroom.web.accounts.access import (
    can_manage_cycles,
    can_view_cycle_school_results,
    can_view_district_results,
    can_view_school_results,
    visible_schools,
)
from staffroom.web.accounts.models import User
from tests.web.factories import CycleFactory, SchoolFactory, UserFactory

ROLES = ["admin", "coach", "leader", "staff", "outsider"]


@pytest.fixture
def elm(cast):
    return SchoolFactory(district=cast.outsider.district, name="Elm High", slug="elm")


def _allow_staff(cast) -> None:
    cast.district.staff_see_results = True
    cast.district.save()
    cast.staff.refresh_from_db()


def _names(schools) -> set[str]:
    return {school.name for school in schools}


# visible_schools ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", {"Alder Elementary", "Birch Middle"}),
        ("coach", {"Alder Elementary"}),
        ("leader", {"Alder Elementary"}),
        ("staff", set()),
        ("outsider", {"Elm High"}),
    ],
)
def test_visible_schools_follow_the_role(cast, elm, role, expected):
    assert _names(visible_schools(cast.everyone()[role])) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", {"Alder Elementary", "Birch Middle"}),
        ("coach", {"Alder Elementary"}),
        ("leader", {"Alder Elementary"}),
        ("staff", {"Alder Elementary"}),
        ("outsider", {"Elm High"}),
    ],
)
def test_staff_see_their_own_school_when_the_district_allows(cast, elm, role, expected):
    _allow_staff(cast)
    assert _names(visible_schools(cast.everyone()[role])) == expected


def test_a_coach_never_sees_an_assigned_school_of_another_district(cast, elm):
    cast.coach.coached_schools.add(elm)
    assert _names(visible_schools(cast.coach)) == {"Alder Elementary"}


def test_nobody_sees_anything_when_signed_out_inactive_or_without_a_district(cast):
    cast.admin.is_active = False
    assert not visible_schools(cast.admin).exists()
    assert not visible_schools(AnonymousUser()).exists()
    assert not visible_schools(UserFactory(district=None, role=User.DISTRICT_ADMIN)).exists()


@pytest.mark.parametrize("role", [User.SCHOOL_LEADER, User.STAFF])
def test_a_leader_or_staff_member_without_a_school_sees_none(cast, role):
    cast.district.staff_see_results = True
    cast.district.save()
    user = UserFactory(district=cast.district, role=role, school=None)
    assert not visible_schools(user).exists()


# can_view_school_results --------------------------------------------------------------

SCHOOL_RESULTS = {
    #           Alder, Birch, Elm
    "admin": (True, True, False),
    "coach": (True, False, False),
    "leader": (True, False, False),
    "staff": (False, False, False),
    "outsider": (False, False, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_can_view_school_results_for_each_school(cast, elm, role):
    user = cast.everyone()[role]
    seen = tuple(can_view_school_results(user, s) for s in (cast.school, cast.other_school, elm))
    assert seen == SCHOOL_RESULTS[role]


def test_staff_can_view_their_schools_results_only_when_the_district_allows(cast):
    assert not can_view_school_results(cast.staff, cast.school)
    _allow_staff(cast)
    assert can_view_school_results(cast.staff, cast.school)
    assert not can_view_school_results(cast.staff, cast.other_school)


def test_anonymous_users_can_view_no_school_results(cast):
    assert not can_view_school_results(AnonymousUser(), cast.school)


# can_view_cycle_school_results --------------------------------------------------------

# (unpublished Alder, published Alder, published Birch, published Elm in its own cycle)
CYCLE_RESULTS = {
    "admin": (True, True, True, False),
    "coach": (True, True, False, False),
    "leader": (True, True, False, False),
    "staff": (False, True, False, False),
    "outsider": (False, False, False, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_can_view_cycle_school_results_needs_publication_for_staff_only(cast, elm, role):
    _allow_staff(cast)
    draft = CycleFactory(district=cast.district, results_published=False)
    published = CycleFactory(district=cast.district, results_published=True)
    elsewhere = CycleFactory(district=elm.district, results_published=True)
    user = cast.everyone()[role]
    seen = (
        can_view_cycle_school_results(user, draft, cast.school),
        can_view_cycle_school_results(user, published, cast.school),
        can_view_cycle_school_results(user, published, cast.other_school),
        can_view_cycle_school_results(user, elsewhere, elm),
    )
    assert seen == CYCLE_RESULTS[role]


def test_staff_cannot_view_published_results_when_the_district_does_not_allow(cast):
    published = CycleFactory(district=cast.district, results_published=True)
    assert not can_view_cycle_school_results(cast.staff, published, cast.school)


@pytest.mark.parametrize("role", ROLES)
def test_a_cycle_of_another_district_never_shows_a_school_of_this_one(cast, elm, role):
    elsewhere = CycleFactory(district=elm.district, results_published=True)
    assert not can_view_cycle_school_results(cast.everyone()[role], elsewhere, cast.school)


# can_view_district_results ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "riverbend", "elsewhere"),
    [
        ("admin", True, False),
        ("coach", True, False),
        ("leader", False, False),
        ("staff", False, False),
        ("outsider", False, True),
    ],
)
def test_can_view_district_results_is_for_admins_and_coaches_of_that_district(
    cast, role, riverbend, elsewhere
):
    _allow_staff(cast)
    user = cast.everyone()[role]
    assert can_view_district_results(user, cast.district) is riverbend
    assert can_view_district_results(user, cast.outsider.district) is elsewhere


def test_an_inactive_admin_cannot_view_district_results(cast):
    cast.admin.is_active = False
    assert not can_view_district_results(cast.admin, cast.district)
    assert not can_view_district_results(AnonymousUser(), cast.district)


# can_manage_cycles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "riverbend", "elsewhere"),
    [
        ("admin", True, False),
        ("coach", False, False),
        ("leader", False, False),
        ("staff", False, False),
        ("outsider", False, True),
    ],
)
def test_only_a_district_admin_manages_that_districts_cycles(cast, role, riverbend, elsewhere):
    user = cast.everyone()[role]
    assert can_manage_cycles(user, cast.district) is riverbend
    assert can_manage_cycles(user, cast.outsider.district) is elsewhere


def test_an_inactive_or_anonymous_user_manages_nothing(cast):
    cast.admin.is_active = False
    assert not can_manage_cycles(cast.admin, cast.district)
    assert not can_manage_cycles(AnonymousUser(), cast.district)
