"""The readiness page: each school's judgement with its reasons and the figures used,
the coach's schools to support, and the district's settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from staffroom.web.improvement.models import ReadinessConfig
from staffroom.web.improvement.readiness import readiness_page, settings_for
from staffroom.web.surveys.models import Cycle
from tests.web.factories import CycleFactory, ResponseFactory
from tests.web.improvement.conftest import client_for

pytestmark = pytest.mark.django_db

CLIMATE_SCALES = ("colleague_trust", "leader_trust", "community", "collective_efficacy")


@pytest.fixture
def survey(cast):
    """A closed staff survey: Alder answered 4 to everything (30 of 40 staff), Birch 2
    to everything (25 of 40)."""
    from staffroom.instruments import load_builtin

    items = load_builtin("staff-climate").item_ids
    cycle = CycleFactory(district=cast.district, status=Cycle.CLOSED)
    cycle.schools.add(cast.school, cast.other_school)
    for school, value, count in ((cast.school, 4, 30), (cast.other_school, 2, 25)):
        for i in range(count):
            answers = {item: value for item in items}
            answers[items[0]] = value + (1 if i % 2 else 0) if value < 5 else value
            ResponseFactory(cycle=cycle, school=school, answers=answers)
    return cycle


def test_each_school_is_judged_with_reasons_and_numbers(cast, survey):
    page = readiness_page(user=cast.admin)
    by_name = {row.school.name: row for row in page.schools}
    alder, birch = by_name["Alder Elementary"], by_name["Birch Middle"]
    assert alder.judgement == "ready"
    assert birch.judgement == "build_community"
    assert birch.reasons[0] == (
        "Build adult community first: score 0.20, below the 0.75 needed for ready; not met "
        "although required: Trust among colleagues; Trust in school leadership."
    )
    assert (
        "Trust among colleagues averages 2.4, below the 3.5 the district set. The district requires it."
        in birch.reasons
    )
    figures = {row.label: row for row in alder.inputs}
    assert figures["Trust in school leadership"].value == "3.7"
    assert figures["Trust in school leadership"].status == "met"
    assert figures["Staff turnover"].status == "no figure"


def test_the_page_shows_reasons_and_the_figures(cast, survey):
    text = client_for(cast.admin).get(reverse("improvement:readiness")).content.decode()
    assert "Ready to start a new practice" in text
    assert "Build adult community first: score 0.20" in text
    assert (
        "Trust among colleagues averages 2.4, below the 3.5 the district set. The district requires it."
        in text
    )
    assert "at least 50%" in text
    assert "Change the district's thresholds" in text


def test_a_school_below_the_response_rate_has_not_enough_data(cast, survey):
    cast.other_school.staff_count = 80
    cast.other_school.save()
    birch = next(
        r for r in readiness_page(user=cast.admin).schools if r.school == cast.other_school
    )
    assert birch.judgement == "not_enough_data"
    assert birch.reasons[0] == (
        "Not enough data: only 31% of staff answered the survey, below the 50% needed."
    )


def test_without_a_closed_survey_no_school_can_be_judged(cast):
    page = readiness_page(user=cast.admin)
    assert {row.judgement for row in page.schools} == {"not_enough_data"}


def test_a_coach_sees_their_schools_and_their_schools_to_support(cast, survey):
    cast.coach.coached_schools.add(cast.other_school)
    page = readiness_page(user=cast.coach)
    assert [row.school for row in page.support] == [cast.other_school]
    assert page.support[0].rank == 1
    text = client_for(cast.coach).get(reverse("improvement:readiness")).content.decode()
    assert "Schools to support" in text


def test_a_coach_and_a_leader_see_only_their_schools(cast, survey):
    assert [r.school for r in readiness_page(user=cast.coach).schools] == [cast.school]
    assert [r.school for r in readiness_page(user=cast.leader).schools] == [cast.school]
    text = client_for(cast.leader).get(reverse("improvement:readiness")).content.decode()
    assert "Birch" not in text
    assert "Schools to support" not in text


def test_an_admin_changes_a_threshold_and_the_judgement_follows(cast, survey):
    client = client_for(cast.admin)
    form = client.get(reverse("improvement:readiness_settings")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not False}
    data["colleague_trust__threshold"] = 4.6
    response = client.post(reverse("improvement:readiness_settings"), data)
    assert response.status_code == 302
    stored = ReadinessConfig.objects.get(district=cast.district).values
    assert stored["rules"]["colleague_trust"]["threshold"] == 4.6
    assert stored["rules"]["turnover_rate"]["threshold"] == pytest.approx(0.16)
    assert settings_for(cast.district).rules[0].threshold == 4.6
    alder = next(r for r in readiness_page(user=cast.admin).schools if r.school == cast.school)
    assert alder.judgement == "build_community"


def test_the_settings_refuse_what_the_engine_refuses(cast):
    client = client_for(cast.admin)
    form = client.get(reverse("improvement:readiness_settings")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not False}
    data["ready_score"] = 2
    data["turnover_rate__threshold"] = 140
    response = client.post(reverse("improvement:readiness_settings"), data)
    assert response.status_code == 200
    assert not ReadinessConfig.objects.exists()
