"""The access matrix cast: one user per role, plus an outsider from another district.

Every view test checks all of them (Healthchecks' Alice/Bob/Charlie, one per role).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from staffroom.web.accounts.models import User
from tests.web.factories import DistrictFactory, SchoolFactory, UserFactory


@dataclass
class Cast:
    district: object
    school: object
    other_school: object
    admin: User
    coach: User
    leader: User
    staff: User
    outsider: User

    def everyone(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "coach": self.coach,
            "leader": self.leader,
            "staff": self.staff,
            "outsider": self.outsider,
        }


@pytest.fixture
def cast(db) -> Cast:
    district = DistrictFactory(name="Riverbend Unified", slug="riverbend")
    school = SchoolFactory(district=district, name="Alder Elementary", slug="alder")
    other_school = SchoolFactory(district=district, name="Birch Middle", slug="birch")
    coach = UserFactory(district=district, role=User.COACH, username="coach@example.org")
    coach.coached_schools.add(school)
    elsewhere = DistrictFactory(name="Elsewhere", slug="elsewhere")
    return Cast(
        district=district,
        school=school,
        other_school=other_school,
        admin=UserFactory(
            district=district, role=User.DISTRICT_ADMIN, username="admin@example.org"
        ),
        coach=coach,
        leader=UserFactory(
            district=district, role=User.SCHOOL_LEADER, school=school, username="leader@example.org"
        ),
        staff=UserFactory(
            district=district, role=User.STAFF, school=school, username="staff@example.org"
        ),
        outsider=UserFactory(
            district=elsewhere, role=User.DISTRICT_ADMIN, username="outsider@example.org"
        ),
    )
