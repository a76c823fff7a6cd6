"""The demo's connection maps: realistic, and the same every time for the same seed."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.network import demo, selectors
from staffroom.web.network.models import CLOSE_TIE_TYPES, Tie
from staffroom.web.orgs.models import Team
from tests.web.factories import DistrictFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def _district(seed: int = 7, slug: str = "demo"):
    """Three schools of 60 staff: Alder and Linden reached by the team, Juniper not."""
    rng = np.random.default_rng(seed)
    district = DistrictFactory(slug=slug)
    Team.objects.create(district=district, name="District SEL team", kind="district")
    for name in ("Alder Elementary", "Juniper Middle", "Linden High"):
        school = SchoolFactory(district=district, name=name)
        RosterEntry.objects.bulk_create(
            RosterEntry(
                district=district,
                school=school,
                email=f"{name.split()[0].lower()}-{i}@example.org",
                role="administrator" if i < 2 else str(rng.choice(["teacher", "specialist"])),
                grade_band=str(rng.choice(["PK-2", "3-5", "6-8"])),
                hire_date=TODAY - dt.timedelta(days=int(rng.choice([200, 1500, 3000, 5000]))),
            )
            for i in range(60)
        )
    return district


def _ties(district) -> list[tuple]:
    return list(
        Tie.objects.filter(district=district)
        .order_by("id")
        .values_list("source__email", "target__email", "type", "directed", "observed_on")
    )


def test_the_demo_seed_is_reproducible():
    first = _district(1)
    demo.seed_demo(first, rng=np.random.default_rng(5), today=TODAY)
    second = _district(1, slug="again")
    demo.seed_demo(second, rng=np.random.default_rng(5), today=TODAY)
    a, b = _ties(first), _ties(second)
    assert len(a) > 300
    assert a == b


def test_the_demo_has_a_district_team_clusters_brokers_and_new_isolates():
    district = _district()
    demo.seed_demo(district, rng=np.random.default_rng(3), today=TODAY)
    office = RosterEntry.objects.filter(district=district, school__isnull=True)
    assert office.count() == len(demo.DISTRICT_TEAM)
    assert Team.objects.get(district=district, kind="district").roster.count() == office.count()
    assert not RosterEntry.objects.filter(district=district, name="").exists()

    admin = UserFactory(district=district, role=User.DISTRICT_ADMIN)
    school = district.schools.get(name="Linden High")
    network = selectors.school_map(school, admin)
    m = network.measures
    assert m is not None
    assert 0.03 < m.density < 0.3
    assert m.brokers, "brokers"
    assert 2 <= m.communities <= 15
    assert m.isolates >= 1
    recent = {p.pk for p in network.people if p.values["hire_band"] == "under 2 years"}
    isolates = set(m.isolate_pks)
    # isolates are concentrated among recent hires
    assert len(isolates & recent) / len(isolates) > len(recent) / len(network.people)

    rows, _ = selectors.team_schools(district, admin)
    close = {row.school.name: row.close_tie for row in rows}
    assert close == {"Alder Elementary": True, "Juniper Middle": False, "Linden High": True}
    assert Tie.objects.filter(
        district=district, type__in=CLOSE_TIE_TYPES, source__school__isnull=True
    ).exists()
