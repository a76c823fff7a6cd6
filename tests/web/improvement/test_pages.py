"""The improvement pages: what they show and what their forms do (access is in
access_cases.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from staffroom.web.improvement.models import Metric, PdsaCycle, PulseSchedule
from staffroom.web.improvement.services import metric_create, pdsa_create
from tests.web.improvement.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric(cast) -> Metric:
    return metric_create(
        district=cast.district,
        school=cast.other_school,
        title="Staff can count on each other",
        source=Metric.PULSE,
        scale_id="colleague_trust",
        baseline=3.2,
        target=3.9,
        target_date=dt.date(2027, 6, 1),
    )


def test_the_metric_page_draws_the_run_chart_and_leaves_hidden_months_as_gaps(
    cast, pulse_months, metric
):
    low = [[3] * 6, [3] * 5 + [2], [3] * 5 + [4]] * 2  # 3.00, 2.83, 3.17 ...
    high = [[4] * 5 + [5], [4] * 4 + [5] * 2] * 3  # 4.17, 4.33 ...
    birch = [*low, [5] * 3, *high]  # March 2026: 3 answers, hidden
    pulse_months([([4] * 6, values) for values in birch])
    html = client_for(cast.admin).get(reverse("improvement:metric", args=[metric.pk])).content
    text = html.decode()
    assert text.count('role="img"') == 1
    assert "hidden (fewer than 5)" in text
    assert "March 2026" in text  # the hidden month keeps its row
    assert "Shift: 6 points in a row, April 2026 to September 2026, are all above" in text
    assert "Shift: 6 points in a row, September 2025 to February 2026, are all below" in text
    assert "in the hoped-for direction" in text
    assert "3.90" in text  # the target


def test_the_metric_page_says_when_nothing_can_be_shown(cast, metric):
    text = client_for(cast.admin).get(reverse("improvement:metric", args=[metric.pk])).content
    assert b"No value can be shown yet" in text
    assert b'role="img"' not in text


def test_the_overview_lists_metrics_with_their_verdict(cast, pulse_months, metric):
    pulse_months([([4] * 6, [3] * 6)] * 2)
    text = client_for(cast.admin).get(reverse("improvement:index")).content.decode()
    assert "Staff can count on each other" in text
    assert "no signal" in text


def test_a_coach_adds_a_metric_for_their_school_only(cast):
    client = client_for(cast.coach)
    data = {
        "title": "Belonging",
        "school": cast.school.pk,
        "source": "pulse",
        "scale": "pulse:community",
        "baseline": "3.4",
        "target": "4",
        "target_date": "2027-05-31",
    }
    response = client.post(reverse("improvement:metric_new"), data)
    metric = Metric.objects.get(title="Belonging")
    assert response.status_code == 302
    assert (metric.school, metric.scale_id, metric.instrument_id) == (
        cast.school,
        "community",
        "pulse",
    )
    other = client.post(reverse("improvement:metric_new"), {**data, "school": cast.other_school.pk})
    assert other.status_code == 200
    assert b"Select a valid choice" in other.content
    district = client.post(reverse("improvement:metric_new"), {**data, "school": ""})
    assert district.status_code == 200
    assert Metric.objects.count() == 1


def test_the_metric_form_checks_the_scale_matches_the_source_and_the_range(cast):
    data = {
        "title": "x",
        "source": "survey",
        "scale": "pulse:community",
        "baseline": "7",
        "target": "4",
        "target_date": "2027-05-31",
    }
    response = client_for(cast.admin).post(reverse("improvement:metric_new"), data)
    assert b"Choose a scale from the source you picked" in response.content
    assert b"Survey means run from 1 to 5" in response.content


def test_a_leader_runs_a_pdsa_cycle_from_plan_to_finish(cast):
    client = client_for(cast.leader)
    response = client.post(
        reverse("improvement:pdsa_new"),
        {
            "title": "Huddles",
            "school": cast.school.pk,
            "change_idea": "Weekly huddles",
            "prediction": "Trust rises",
            "started_on": "2026-11-02",
        },
    )
    cycle = PdsaCycle.objects.get()
    assert response.status_code == 302
    assert cycle.school == cast.school
    url = reverse("improvement:pdsa", args=[cycle.pk])
    advance = reverse("improvement:pdsa_advance", args=[cycle.pk])
    refused = client.post(advance)
    assert refused.status_code == 400
    assert b"Write the Plan notes before moving on" in refused.content
    for stage in ("plan", "do", "study", "act"):
        saved = client.post(
            reverse("improvement:pdsa_stage", args=[cycle.pk, stage]),
            {
                f"{stage}-notes": f"{stage} notes",
                f"{stage}-who_benefits": "New staff",
                f"{stage}-who_carries": "Team leads",
                f"{stage}-whose_voice": "Paraprofessionals",
            },
        )
        assert saved.status_code == 302
        moved = client.post(advance, {"decision": "adopt"} if stage == "act" else {})
        assert moved.status_code == 302, moved.content
    page = client.get(url).content.decode()
    assert "Adopt: keep the change" in page
    assert "Moved from Study to Act." in page
    assert "Paraprofessionals" in page
    assert PdsaCycle.objects.get().stage == "done"


def test_a_stage_form_with_no_notes_is_shown_again_with_the_error(cast):
    cycle = pdsa_create(
        district=cast.district,
        school=cast.school,
        title="Huddles",
        change_idea="x",
        prediction="y",
        started_on=dt.date(2026, 11, 2),
        user=None,
    )
    response = client_for(cast.admin).post(
        reverse("improvement:pdsa_stage", args=[cycle.pk, "plan"]), {"plan-notes": ""}
    )
    assert response.status_code == 400
    assert b"This field is required" in response.content


def test_the_pdsa_list_shows_cycles_of_the_users_schools_only(cast):
    for school, title in ((cast.school, "At Alder"), (cast.other_school, "At Birch")):
        pdsa_create(
            district=cast.district,
            school=school,
            title=title,
            change_idea="x",
            prediction="y",
            started_on=dt.date(2026, 11, 2),
            user=None,
        )
    text = client_for(cast.coach).get(reverse("improvement:pdsa_list")).content
    assert b"At Alder" in text
    assert b"At Birch" not in text


def test_an_admin_sets_the_pulse_schedule(cast):
    client = client_for(cast.admin)
    response = client.post(
        reverse("improvement:pulse"),
        {
            "school": "",
            "starts_on": "2026-12-07",
            "every_months": "1",
            "open_days": "7",
            "active": "on",
        },
    )
    assert response.status_code == 302
    schedule = PulseSchedule.objects.get()
    assert (schedule.school, schedule.starts_on, schedule.active) == (
        None,
        dt.date(2026, 12, 7),
        True,
    )
    page = client.get(reverse("improvement:pulse")).content.decode()
    assert "Monthly on the 7th, from 7 Dec 2026" in page


def test_an_indicator_metric_is_added_with_percentages_and_its_direction(cast):
    response = client_for(cast.admin).post(
        reverse("improvement:metric_new"),
        {
            "title": "Turnover",
            "school": cast.school.pk,
            "source": "indicator",
            "indicator": "turnover_rate",
            "baseline": "18",
            "target": "12",
            "target_date": "2027-08-31",
        },
    )
    assert response.status_code == 302
    metric = Metric.objects.get(title="Turnover")
    assert (metric.indicator, metric.scale_id, metric.higher_is_better) == (
        "turnover_rate",
        "",
        False,
    )
    page = client_for(cast.admin).get(response["Location"]).content.decode()
    assert "Staff turnover" in page
    assert "18.00%" in page
