"""Patterns by staff group on the pages: small groups never shown, questions about
structures where a shown group stands apart."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from staffroom.web.community import selectors
from staffroom.web.community.models import AbsenceRecord, LearningAttendance, LearningEvent
from tests.web.factories import RosterEntryFactory

pytestmark = pytest.mark.urls("tests.web.community.urls")


@pytest.fixture(autouse=True)
def _fresh_cache():
    selectors.indicators_cache_clear()
    yield
    selectors.indicators_cache_clear()


@pytest.fixture
def staff(cast):
    """Alder: 10 teachers absent 1 day in 20, 3 paraprofessionals absent 8 days in 20;
    newer teachers (5, hired 2026) came to no voluntary session, the others to one."""
    people = []
    for i in range(13):
        role = "teacher" if i < 10 else "paraprofessional"
        entry = RosterEntryFactory(
            district=cast.district,
            school=cast.school,
            staff_id=f"A{i}",
            role=role,
            hire_date=dt.date(2026, 1, 5) if i < 5 else dt.date(2015, 8, 20),
        )
        AbsenceRecord.objects.create(
            district=cast.district,
            school=cast.school,
            person=entry,
            period_start=dt.date(2026, 9, 1),
            period_end=dt.date(2026, 9, 30),
            work_days=20,
            days_absent=1 if role == "teacher" else 8,
        )
        people.append(entry)
    event = LearningEvent.objects.create(
        district=cast.district, code="PL-1", title="Circles", date=dt.date(2026, 9, 10)
    )
    for entry in people[5:]:
        LearningAttendance.objects.create(event=event, school=cast.school, person=entry)
    return people


def _table(body: str, indicator: str, attribute: str) -> str:
    pattern = rf'<table class="breakdown" data-indicator="{indicator}" data-attribute="{attribute}">.*?</table>'
    return re.search(pattern, body, re.S).group(0)


def test_a_group_under_the_minimum_is_never_shown(client, cast, staff):
    client.force_login(cast.leader)
    body = client.get(reverse("community:school_patterns", args=[cast.school.pk])).content.decode()
    roles = _table(body, "absence_rate", "role")
    para = re.search(r"<tr><th scope=\"row\">paraprofessional</th>.*?</tr>", roles, re.S).group(0)
    assert "hidden (fewer than 5)" in para
    assert "40.0%" not in body  # the paraprofessionals' rate
    # with one group hidden, the other is hidden too: the school's rate minus the
    # teachers' would give the paraprofessionals' away
    teacher = re.search(r"<tr><th scope=\"row\">teacher</th>.*?</tr>", roles, re.S).group(0)
    assert "5.0%" not in teacher


def test_a_shown_group_that_stands_apart_raises_a_question(client, cast, staff):
    client.force_login(cast.admin)
    body = client.get(reverse("community:school_patterns", args=[cast.school.pk])).content.decode()
    assert "Staff hired in the last 2 years attended fewer voluntary sessions" in body
    assert "What makes voluntary learning harder for them to join" in body


def test_the_district_patterns_page_pools_the_schools(client, cast, staff):
    client.force_login(cast.coach)
    response = client.get(reverse("community:district_patterns"))
    assert response.status_code == 200
    assert "Each indicator by group" in response.content.decode()
