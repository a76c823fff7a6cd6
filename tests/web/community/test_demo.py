"""The community part of the demo district: every page of the app has data."""

from __future__ import annotations

import pytest

from staffroom.web.community.models import (
    AbsenceRecord,
    DistrictRequest,
    LearningAttendance,
    LearningEvent,
    MeetingAttendance,
    PracticeObservation,
    StaffExit,
)
from staffroom.web.core.demo import demo_seed
from staffroom.web.orgs.models import School, Team


@pytest.fixture
def seeded(db):
    return demo_seed()


def test_every_school_has_records_of_every_kind(seeded):
    for school in School.objects.filter(district=seeded.district):
        assert AbsenceRecord.objects.filter(school=school).exists(), school
        assert StaffExit.objects.filter(school=school).exists() or school.staff_count < 10
        assert LearningAttendance.objects.filter(school=school).exists(), school
        assert PracticeObservation.objects.filter(school=school).exists(), school
        assert DistrictRequest.objects.filter(school=school).exists(), school
        assert MeetingAttendance.objects.filter(meeting__school=school).exists(), school
    assert LearningEvent.objects.filter(mandatory=True).exists()
    assert Team.objects.filter(beyond_contract=True, roster__isnull=False).exists()


@pytest.mark.urls("tests.web.community.urls")
def test_the_demo_fills_every_page(client, seeded):
    from django.urls import reverse

    from staffroom.web.accounts.models import User
    from staffroom.web.community import selectors

    selectors.indicators_cache_clear()
    client.force_login(User.objects.get(role=User.DISTRICT_ADMIN))
    alder = School.objects.get(name="Alder Elementary")
    pages = {
        "district": reverse("community:district"),
        "school": reverse("community:school", args=[alder.pk]),
        "patterns": reverse("community:district_patterns"),
        "school_patterns": reverse("community:school_patterns", args=[alder.pk]),
        "profile": reverse("community:profile", args=[alder.pk]),
    }
    bodies = {name: client.get(url).content.decode() for name, url in pages.items()}
    for name, body in bodies.items():
        assert "indicator engine is not installed" not in body, name
    assert bodies["district"].count('<tr data-school="') == 12
    assert bodies["school"].count('role="img"') >= 10
    assert "Questions worth asking" in bodies["patterns"]
    assert "Questions worth asking" in bodies["school_patterns"]
    profile = bodies["profile"]
    assert "people answered" in profile
    assert "Trust among colleagues" in profile
    assert profile.count('class="spark"') >= 10
    selectors.indicators_cache_clear()
