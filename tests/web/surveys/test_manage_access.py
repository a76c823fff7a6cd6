"""Who may open each page of running cycles: the access matrix, one user per role.

District admins manage; coaches and school leaders see participation (and the list of
cycles asking their schools); staff and other districts get 404, so nothing about
the cycle is revealed; anonymous visitors are sent to sign in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from staffroom.web.surveys.models import Cycle, Invitation, OpenLink
from staffroom.web.surveys.services import cycle_create, invitation_create

CYCLE_PAGES = ["manage_cycle", "manage_cycle_close", "manage_roster", "manage_participation"]
DISTRICT_PAGES = ["manage_cycles", "manage_cycle_new", "manage_roster_template", "manage_feedback"]

# role -> expected status, for GET
EXPECTED = {
    "manage_cycles": {"admin": 200, "coach": 200, "leader": 200, "staff": 404, "outsider": 200},
    "manage_cycle_new": {"admin": 200, "coach": 404, "leader": 404, "staff": 404, "outsider": 200},
    "manage_roster_template": {
        "admin": 200,
        "coach": 404,
        "leader": 404,
        "staff": 404,
        "outsider": 200,
    },
    "manage_feedback": {"admin": 200, "coach": 404, "leader": 404, "staff": 404, "outsider": 200},
    "manage_cycle": {"admin": 200, "coach": 404, "leader": 404, "staff": 404, "outsider": 404},
    "manage_cycle_close": {
        "admin": 200,
        "coach": 404,
        "leader": 404,
        "staff": 404,
        "outsider": 404,
    },
    "manage_roster": {"admin": 200, "coach": 404, "leader": 404, "staff": 404, "outsider": 404},
    "manage_participation": {
        "admin": 200,
        "coach": 200,
        "leader": 200,
        "staff": 404,
        "outsider": 404,
    },
}
ROLES = ["admin", "coach", "leader", "staff", "outsider"]


@pytest.fixture
def cycle(cast):
    cycle = cycle_create(
        district=cast.district,
        title="Spring climate",
        instrument_id="staff-climate",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 31),
        min_n=5,
        schools=[cast.school, cast.other_school],
    )
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.OPEN)
    cycle.refresh_from_db()
    return cycle


def _url(name: str, cycle: Cycle) -> str:
    return reverse(f"surveys:{name}", args=[cycle.pk] if name in CYCLE_PAGES else [])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", CYCLE_PAGES + DISTRICT_PAGES)
def test_each_role_gets_what_the_matrix_says(client, cast, cycle, name, role):
    client.force_login(cast.everyone()[role])
    response = client.get(_url(name, cycle))
    assert response.status_code == EXPECTED[name][role]


@pytest.mark.parametrize("name", CYCLE_PAGES + DISTRICT_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, cycle, name):
    response = client.get(_url(name, cycle))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_another_districts_admin_sees_none_of_this_districts_cycles(client, cast, cycle):
    client.force_login(cast.outsider)
    page = client.get(reverse("surveys:manage_cycles")).content.decode()
    assert "Spring climate" not in page


def test_another_districts_admin_cannot_pick_this_districts_schools(client, cast, cycle):
    client.force_login(cast.outsider)
    page = client.get(reverse("surveys:manage_cycle_new")).content.decode()
    assert "Alder Elementary" not in page


def test_a_coach_sees_only_cycles_that_ask_their_schools(client, cast, cycle):
    cycle_create(
        district=cast.district,
        title="Birch only",
        instrument_id="pulse",
        opens_on=dt.date(2026, 4, 1),
        closes_on=dt.date(2026, 4, 30),
        min_n=5,
        schools=[cast.other_school],
    )
    client.force_login(cast.coach)
    page = client.get(reverse("surveys:manage_cycles")).content.decode()
    assert "Spring climate" in page
    assert "Birch only" not in page
    assert "New cycle" not in page


@pytest.mark.parametrize("role", ["coach", "leader", "staff", "outsider"])
def test_only_the_districts_admin_may_change_a_cycle(client, cast, cycle, role):
    invitation_create(cycle=cycle, contact="ana@example.org", school=cast.school)
    client.force_login(cast.everyone()[role])
    for name in ["manage_cycle_open", "manage_cycle_close", "manage_reminders"]:
        response = client.post(reverse(f"surveys:{name}", args=[cycle.pk]))
        assert response.status_code == 404, name
    cycle.refresh_from_db()
    assert cycle.status == Cycle.OPEN
    assert Invitation.objects.get().reminders_sent == 0
    assert OpenLink.objects.filter(active=True).count() == 2


@pytest.mark.parametrize("role", ["coach", "leader", "staff"])
def test_only_admins_create_cycles_or_the_feedback_link(client, cast, role):
    client.force_login(cast.everyone()[role])
    before = Cycle.objects.count()
    client.post(
        reverse("surveys:manage_cycle_new"),
        {
            "title": "Sneaky",
            "instrument_id": "pulse",
            "schools": [cast.school.pk],
            "opens_on": "2026-05-01",
            "closes_on": "2026-05-31",
            "min_n": "5",
        },
    )
    client.post(reverse("surveys:manage_feedback"))
    assert Cycle.objects.count() == before


def test_an_inactive_admin_gets_nothing(client, cast, cycle):
    cast.admin.is_active = False
    cast.admin.save()
    client.force_login(cast.admin)
    response = client.get(reverse("surveys:manage_cycle", args=[cycle.pk]))
    assert response.status_code in {302, 404}
