"""The pages as people use them: what each one shows, and what it keeps private."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from staffroom.web.continuum import services
from staffroom.web.continuum.models import AgreementSet
from staffroom.web.surveys.models import Response
from tests.web.continuum.conftest import PAUSE, TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.continuum.urls")]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ratings_stay_private_until_the_reveal(cast, alder_round):
    url = reverse("continuum:round", args=[alder_round.pk])
    staff, leader = _client(cast.staff), _client(cast.leader)
    rate = reverse("continuum:round_rate", args=[alder_round.pk])
    staff.post(rate, {"level_relationships": "1", "evidence_relationships": "Staff eat apart."})
    leader.post(rate, {"level_relationships": "3", "evidence_relationships": "Friday coffee."})
    page = leader.get(url).content.decode()
    assert "Friday coffee." in page
    assert "Staff eat apart." not in page
    assert "2 members have rated so far." in page
    admin_page = _client(cast.admin).get(url).content.decode()
    assert "Staff eat apart." not in admin_page
    assert "Friday coffee." not in admin_page

    leader.post(reverse("continuum:round_reveal", args=[alder_round.pk]))
    revealed = _client(cast.staff).get(url).content.decode()
    assert "Staff eat apart." in revealed
    assert "Friday coffee." in revealed
    for user in (cast.staff, cast.leader):
        assert user.email not in revealed
        assert user.username not in revealed
    assert "2 ratings; median: Developing" in revealed
    # rating after the reveal changes nothing
    staff.post(rate, {"level_relationships": "2"})
    assert alder_round.ratings.get(rater=cast.staff).level == 1


def test_the_team_records_agreed_levels_and_sees_them_over_time(cast, alder_round):
    leader = _client(cast.leader)
    leader.post(reverse("continuum:round_reveal", args=[alder_round.pk]))
    leader.post(
        reverse("continuum:round_agree", args=[alder_round.pk]),
        {"agreed_relationships": "2", "steps_relationships": "Start mentor pairs."},
    )
    page = _client(cast.staff).get(reverse("continuum:round", args=[alder_round.pk]))
    assert "Start mentor pairs." in page.content.decode()
    team = _client(cast.staff).get(reverse("continuum:school_team", args=[cast.school.pk]))
    text = team.content.decode()
    assert "Fall 2026" in text
    assert "Developing" in text
    assert "Start a round" not in text  # staff rate; they do not facilitate


def test_the_history_chart_appears_from_the_second_round(cast, alder_round):
    leader = _client(cast.leader)
    second = services.round_start(
        district=cast.district,
        school=cast.school,
        continuum_id=alder_round.continuum_id,
        title="Spring 2027",
        started_by=cast.leader,
        today=TODAY + dt.timedelta(days=150),
    )
    for r, level in ((alder_round, "1"), (second, "2")):
        leader.post(reverse("continuum:round_reveal", args=[r.pk]))
        leader.post(reverse("continuum:round_agree", args=[r.pk]), {"agreed_relationships": level})
    page = leader.get(reverse("continuum:school_team", args=[cast.school.pk])).content.decode()
    assert page.count('role="img"') == 1


def test_adopting_without_the_equity_pause_shows_what_is_missing(cast, alder_set):
    url = reverse("continuum:agreement_adopt", args=[alder_set.pk])
    response = _client(cast.leader).post(
        url, {**PAUSE, "whose_voice": "", "review_every_months": "6"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    alder_set.refresh_from_db()
    assert alder_set.status == AgreementSet.DRAFT
    response = _client(cast.leader).post(url, {**PAUSE, "review_every_months": "6"})
    assert response.status_code == 302
    alder_set.refresh_from_db()
    assert alder_set.status == AgreementSet.ADOPTED


def test_comments_are_named_and_seen_by_the_team(cast, alder_set):
    cast.staff.first_name, cast.staff.last_name = "Sam", "Staff"
    cast.staff.save()
    _client(cast.staff).post(
        reverse("continuum:agreement_comment", args=[alder_set.pk]), {"text": "Add email hours?"}
    )
    page = _client(cast.coach).get(reverse("continuum:agreement_set", args=[alder_set.pk]))
    text = page.content.decode()
    assert "Add email hours?" in text
    assert "Sam Staff" in text


def test_the_set_page_shows_the_check_link_and_an_overdue_review(cast, alder_set):
    services.agreement_set_adopt(
        agreement_set=alder_set,
        equity_pause=PAUSE,
        review_every_months=1,
        today=dt.date(2020, 1, 1),
    )
    text = _client(cast.staff).get(reverse("continuum:agreement_set", args=[alder_set.pk]))
    body = text.content.decode()
    assert "/s/" in body
    assert "The review is overdue." in body
    listing = _client(cast.staff).get(reverse("continuum:agreements")).content.decode()
    assert "overdue" in listing


def test_the_check_page_hides_small_months(cast, alder_set):
    check = services.agreement_set_adopt(
        agreement_set=alder_set, equity_pause=PAUSE, review_every_months=6, today=TODAY
    )
    Response.objects.bulk_create(
        Response(
            cycle=check.cycle,
            school=cast.school,
            answers=dict.fromkeys(check.items, 4),
            submitted_on=dt.date(2026, 12, 1) if i < 3 else dt.date(2027, 1, 1),
        )
        for i in range(9)
    )
    page = _client(cast.staff).get(reverse("continuum:agreement_check", args=[alder_set.pk]))
    text = page.content.decode()
    assert 'data-month="2026-12"' in text
    assert 'data-month="2027-01"' in text
    assert "4.00" not in text  # December (3) hidden; January (6) hidden so it is not 9 - 3
    assert text.count("hidden</span>") == 2


def test_the_index_asks_members_who_have_not_rated(cast, alder_round):
    url = reverse("continuum:index")
    assert "Add your ratings" in _client(cast.staff).get(url).content.decode()
    assert "Add your ratings" not in _client(cast.coach).get(url).content.decode()
    _client(cast.staff).post(
        reverse("continuum:round_rate", args=[alder_round.pk]), {"level_relationships": "2"}
    )
    assert "Add your ratings" not in _client(cast.staff).get(url).content.decode()
