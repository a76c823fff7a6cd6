"""The indicator pages with data: what each role sees, and that small groups stay hidden."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from staffroom.web.community import selectors
from staffroom.web.community.models import AbsenceRecord
from tests.web.factories import RosterEntryFactory, SchoolFactory

pytestmark = pytest.mark.urls("tests.web.community.urls")


@pytest.fixture(autouse=True)
def _fresh_cache():
    selectors.indicators_cache_clear()
    yield
    selectors.indicators_cache_clear()


def _absences(school, people: int, absent: float, months=(9, 10)):
    entries = [
        RosterEntryFactory(
            district=school.district,
            school=school,
            staff_id=f"{school.slug}-{i}",
            hire_date=dt.date(2020, 8, 1),
        )
        for i in range(people)
    ]
    for month in months:
        for entry in entries:
            AbsenceRecord.objects.create(
                district=school.district,
                school=school,
                person=entry,
                period_start=dt.date(2026, month, 1),
                period_end=dt.date(2026, month, 28),
                work_days=20,
                days_absent=absent,
            )
    return entries


@pytest.fixture
def data(cast):
    _absences(cast.school, 8, 1.0)  # Alder: 8 people, 5% absence
    _absences(cast.other_school, 12, 2.0)  # Birch: 12 people, 10%
    tiny = SchoolFactory(district=cast.district, name="Tiny School", slug="tiny")
    _absences(tiny, 3, 6.0)  # 3 people: under min_n, 30% must never show
    return tiny


def test_the_district_panel_shows_every_school_and_hides_the_small_one(client, cast, data):
    client.force_login(cast.admin)
    body = client.get(reverse("community:district")).content.decode()
    assert "Alder Elementary" in body
    assert "Birch Middle" in body
    assert "Tiny School" in body
    assert "10.0%" in body  # Birch
    assert "30.0%" not in body
    tiny_row = re.search(rf'<tr data-school="{data.pk}">.*?</tr>', body, re.S).group(0)
    assert "hidden (fewer than 5)" in tiny_row


def test_the_district_value_cannot_reveal_the_hidden_school(client, cast, data):
    """With Tiny hidden, the district (which includes it) and the other schools would
    let anyone subtract; the engine hides the next smallest school too (complementary
    suppression), so Alder's 5% is not shown either."""
    client.force_login(cast.admin)
    body = client.get(reverse("community:district")).content.decode()
    alder = re.search(rf'<tr data-school="{cast.school.pk}">.*?</tr>', body, re.S).group(0)
    assert "5.0%" not in alder
    assert "hidden (fewer than 5)" in alder


def test_a_coach_sees_only_coached_schools(client, cast, data):
    client.force_login(cast.coach)
    body = client.get(reverse("community:district")).content.decode()
    assert "Alder Elementary" in body
    assert "Birch Middle" not in body


def test_the_school_page_draws_a_chart_per_indicator_with_a_table(client, cast, data):
    client.force_login(cast.leader)
    response = client.get(reverse("community:school", args=[cast.school.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('role="img"') >= 1
    assert "Staff absence rate" in body


def test_a_small_schools_page_hides_every_value(client, cast, data):
    client.force_login(cast.admin)
    body = client.get(reverse("community:school", args=[data.pk])).content.decode()
    assert "30.0%" not in body
    assert "hidden (fewer than 5)" in body


def test_the_profile_brings_the_parts_together(client, cast, data):
    client.force_login(cast.leader)
    response = client.get(reverse("community:profile", args=[cast.school.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Staff survey",
        "Indicators",
        "Connections among staff",
        "Patterns by staff group",
    ):
        assert heading in body


def test_indicator_series_for_other_apps(cast, data):
    rows = selectors.indicator_series(
        district=cast.district, school=cast.other_school, indicator="absence_rate"
    )
    assert [round(r["value"], 3) for r in rows] == [0.1, 0.1]
    assert all(r["min_n"] == 5 for r in rows)
    hidden = selectors.indicator_series(
        district=cast.district, school=data, indicator="absence_rate"
    )
    assert all(r["value"] is None for r in hidden)


def test_the_profile_says_so_when_there_is_no_connection_map_app(client, cast, data, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "staffroom.web.network.selectors", None)
    client.force_login(cast.admin)
    body = client.get(reverse("community:profile", args=[cast.school.pk])).content.decode()
    assert "No connection map yet" in body
