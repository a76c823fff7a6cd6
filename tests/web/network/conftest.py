"""A small connection map at Alder (the cast's school) and the district team.

Alder's roster (12 people): roles 7 teachers, 3 paraprofessionals, 2 specialists;
race/ethnicity 9 White, 2 Black or African American, 1 Asian; grade bands 6 "3-5",
6 "PK-2". Ties: two grade-band triangles joined by one broker (A05), and A12 (hired last
month) with no tie. The district team: two district-office people (no school), tied
closely to Alder's teacher A01; Birch has one leader and no close tie to the team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from staffroom.web.accounts.models import RosterEntry
from staffroom.web.network.models import Tie
from staffroom.web.orgs.models import Team
from tests.web.conftest import Cast
from tests.web.factories import RosterEntryFactory

TODAY = dt.date(2026, 11, 24)
ROLES = ["teacher"] * 7 + ["paraprofessional"] * 3 + ["specialist"] * 2
RACES = ["White"] * 9 + ["Black or African American"] * 2 + ["Asian"]
BANDS = ["3-5"] * 6 + ["PK-2"] * 6


@dataclass
class MapWorld:
    cast: Cast
    alder: list[RosterEntry]
    team: list[RosterEntry]
    birch_leader: RosterEntry


def tie(a: RosterEntry, b: RosterEntry, kind: str = Tie.ADVICE) -> Tie:
    return Tie.objects.create(
        district=a.district, source=a, target=b, type=kind, directed=kind == Tie.ADVICE
    )


def build_map(cast: Cast) -> MapWorld:
    alder = [
        RosterEntryFactory(
            district=cast.district,
            school=cast.school,
            staff_id=f"A{i + 1:02d}",
            name=f"Alder Person {i + 1:02d}",
            role=ROLES[i],
            race_ethnicity=RACES[i],
            grade_band=BANDS[i],
            hire_date=TODAY - dt.timedelta(days=30 if i == 11 else 2000 + i),
        )
        for i in range(12)
    ]
    office = Team.objects.create(district=cast.district, name="District SEL team", kind="district")
    team = [
        RosterEntryFactory(
            district=cast.district, school=None, staff_id=f"D{i}", name=f"Office {i}", role="coach"
        )
        for i in (1, 2)
    ]
    for person in team:
        person.teams.add(office)
    birch_leader = RosterEntryFactory(
        district=cast.district, school=cast.other_school, staff_id="B01", role="administrator"
    )
    a = alder
    for x, y in [(0, 1), (1, 2), (0, 2), (5, 6), (6, 7), (5, 7), (3, 4), (8, 9), (9, 10)]:
        tie(a[x], a[y], Tie.SOCIAL)
    tie(a[4], a[0])  # the broker A05 joins the two triangles
    tie(a[4], a[5])
    tie(a[3], a[8], Tie.PHONE)
    tie(team[0], team[1], Tie.MAJOR_PROJECT)
    tie(a[0], team[0], Tie.MAJOR_PROJECT)
    tie(birch_leader, team[1], Tie.PHONE)
    return MapWorld(cast, alder, team, birch_leader)


@pytest.fixture
def mapped(cast: Cast) -> MapWorld:
    return build_map(cast)
