"""Creating, opening and closing cycles, and the district's standing feedback link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from staffroom.web.surveys.models import Cycle, Invitation, OpenLink, Response
from staffroom.web.surveys.services import (
    CycleStateError,
    cycle_create,
    cycle_open,
    feedback_cycle_ensure,
    invitation_create,
    min_n_floor,
)
from tests.web.factories import DistrictFactory, ResponseFactory, TeamFactory


def _form(cast, **changes):
    data = {
        "title": "Spring climate",
        "instrument_id": "staff-climate",
        "schools": [cast.school.pk, cast.other_school.pk],
        "opens_on": "2026-03-01",
        "closes_on": "2026-03-31",
        "min_n": "5",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.admin)
    return client


def _create(cast, **kwargs):
    arguments = {
        "district": cast.district,
        "title": "Spring climate",
        "instrument_id": "staff-climate",
        "opens_on": dt.date(2026, 3, 1),
        "closes_on": dt.date(2026, 3, 31),
        "min_n": 5,
        "schools": [cast.school, cast.other_school],
    }
    arguments.update(kwargs)
    return cycle_create(**arguments)


# --- creating -----------------------------------------------------------------------


def test_creating_a_cycle_makes_a_draft_with_one_open_link_per_school_and_team(admin_client, cast):
    team = TeamFactory(district=cast.district, school=cast.school, name="Grade 3")
    response = admin_client.post(
        reverse("surveys:manage_cycle_new"), _form(cast, teams=[team.pk], min_n="7")
    )
    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:manage_cycle", args=[cycle.pk])
    assert cycle.status == Cycle.DRAFT
    assert cycle.min_n == 7
    assert cycle.district == cast.district
    assert set(cycle.schools.all()) == {cast.school, cast.other_school}
    assert list(cycle.teams.all()) == [team]
    links = OpenLink.objects.filter(cycle=cycle)
    assert {(link.school_id, link.team_id) for link in links} == {
        (cast.school.pk, None),
        (cast.other_school.pk, None),
        (None, team.pk),
    }
    assert len({link.token for link in links}) == 3


def test_the_form_offers_every_school_ticked_and_the_floor_as_minimum(admin_client, cast):
    cast.district.min_n = 8
    cast.district.save()
    form = admin_client.get(reverse("surveys:manage_cycle_new")).context["form"]
    assert list(form.initial["schools"]) == [cast.school, cast.other_school]
    assert form.initial["min_n"] == 8
    page = admin_client.get(reverse("surveys:manage_cycle_new")).content.decode()
    assert "Staff Trust, Community and Collective Efficacy Survey" in page
    assert "Monthly Staff Pulse" in page


@pytest.mark.parametrize("min_n", ["4", "3", "0"])
def test_a_minimum_group_size_below_the_system_floor_is_refused(admin_client, cast, min_n):
    response = admin_client.post(reverse("surveys:manage_cycle_new"), _form(cast, min_n=min_n))
    assert response.status_code == 200
    assert "never below the system floor of 5" in response.content.decode()
    assert not Cycle.objects.exists()


def test_the_floor_is_the_districts_minimum_when_it_is_higher(admin_client, cast):
    cast.district.min_n = 10
    cast.district.save()
    response = admin_client.post(reverse("surveys:manage_cycle_new"), _form(cast, min_n="9"))
    assert "never below the system floor of 10" in response.content.decode()
    assert not Cycle.objects.exists()


@override_settings(STAFFROOM_MIN_N=7)
def test_the_floor_is_the_installations_minimum_when_it_is_higher(admin_client, cast):
    assert min_n_floor(cast.district) == 7
    response = admin_client.post(reverse("surveys:manage_cycle_new"), _form(cast, min_n="6"))
    assert "never below the system floor of 7" in response.content.decode()
    assert not Cycle.objects.exists()


@pytest.mark.parametrize("closes_on", ["2026-02-28", "2026-03-01"])
def test_a_cycle_must_close_after_it_opens(admin_client, cast, closes_on):
    response = admin_client.post(
        reverse("surveys:manage_cycle_new"), _form(cast, closes_on=closes_on)
    )
    assert "The closing date must be after the opening date." in response.content.decode()
    assert not Cycle.objects.exists()


def test_a_cycle_must_ask_someone(admin_client, cast):
    response = admin_client.post(reverse("surveys:manage_cycle_new"), _form(cast, schools=[]))
    assert "Choose at least one school or team" in response.content.decode()
    assert not Cycle.objects.exists()


def test_an_unknown_instrument_is_refused(admin_client, cast):
    response = admin_client.post(
        reverse("surveys:manage_cycle_new"), _form(cast, instrument_id="no-such-survey")
    )
    assert response.status_code == 200
    assert not Cycle.objects.exists()


def test_another_districts_school_cannot_be_chosen(client, cast):
    client.force_login(cast.outsider)
    response = client.post(reverse("surveys:manage_cycle_new"), _form(cast))
    assert response.status_code == 200
    assert not Cycle.objects.exists()


def test_the_service_refuses_what_the_form_would(cast):
    with pytest.raises(ValueError, match="floor"):
        _create(cast, min_n=4)
    with pytest.raises(ValueError, match="close after"):
        _create(cast, closes_on=dt.date(2026, 3, 1))
    other = DistrictFactory()
    with pytest.raises(ValueError, match="district"):
        _create(cast, district=other)
    assert not Cycle.objects.exists()


# --- the cycle page -----------------------------------------------------------------


def test_the_cycle_page_shows_each_anonymous_link_in_full_in_a_labelled_box(admin_client, cast):
    cycle = _create(cast)
    page = admin_client.get(reverse("surveys:manage_cycle", args=[cycle.pk])).content.decode()
    for link in OpenLink.objects.filter(cycle=cycle).select_related("school"):
        url = f"http://127.0.0.1:8000/s/{link.token}/"
        assert f'<label for="link-{link.pk}">Anonymous link for {link.school.name}</label>' in page
        assert f'id="link-{link.pk}" class="link-copy" readonly value="{url}"' in page


@override_settings(STAFFROOM_BASE_URL="https://survey.riverbend.example/")
def test_links_use_the_configured_address(admin_client, cast):
    cycle = _create(cast)
    link = OpenLink.objects.filter(cycle=cycle).first()
    page = admin_client.get(reverse("surveys:manage_cycle", args=[cycle.pk])).content.decode()
    assert f"https://survey.riverbend.example/s/{link.token}/" in page


def test_the_cycle_page_summarises_invitations_without_names(admin_client, cast):
    cycle = _create(cast)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.OPEN)
    for i in range(7):
        invitation, _ = invitation_create(
            cycle=cycle, contact=f"person{i}@example.org", school=cast.school
        )
        if i < 6:
            Invitation.objects.filter(pk=invitation.pk).update(responded=True)
    page = admin_client.get(reverse("surveys:manage_cycle", args=[cycle.pk])).content.decode()
    assert "<dt>Invited</dt><dd>7</dd>" in page
    assert "<dt>Invitations used</dt><dd>6</dd>" in page
    assert "person0@example.org" not in page
    assert "Remind everyone who has not answered" in page


def test_few_used_invitations_show_as_fewer_than_the_minimum(admin_client, cast):
    cycle = _create(cast)
    for i in range(6):
        invitation, _ = invitation_create(
            cycle=cycle, contact=f"person{i}@example.org", school=cast.school
        )
        if i < 2:
            Invitation.objects.filter(pk=invitation.pk).update(responded=True)
    page = admin_client.get(reverse("surveys:manage_cycle", args=[cycle.pk])).content.decode()
    assert '<dt>Invitations used</dt><dd><span class="suppressed">fewer than 5</span>' in page


# --- opening and closing ------------------------------------------------------------


def test_opening_a_draft_starts_taking_answers(admin_client, cast):
    cycle = _create(cast)
    response = admin_client.post(reverse("surveys:manage_cycle_open", args=[cycle.pk]))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Cycle.OPEN


def test_a_closed_cycle_cannot_be_opened_again(admin_client, cast):
    cycle = _create(cast)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
    cycle.refresh_from_db()
    with pytest.raises(CycleStateError):
        cycle_open(cycle=cycle)
    admin_client.post(reverse("surveys:manage_cycle_open", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.status == Cycle.CLOSED


def test_opening_is_a_post_only_action(admin_client, cast):
    cycle = _create(cast)
    response = admin_client.get(reverse("surveys:manage_cycle_open", args=[cycle.pk]))
    assert response.status_code == 405
    cycle.refresh_from_db()
    assert cycle.status == Cycle.DRAFT


def test_closing_asks_for_confirmation_first(admin_client, cast):
    cycle = _create(cast)
    cycle_open(cycle=cycle)
    response = admin_client.get(reverse("surveys:manage_cycle_close", args=[cycle.pk]))
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.OPEN


def test_closing_destroys_tokens_contacts_and_links(admin_client, cast):
    cycle = _create(cast)
    cycle_open(cycle=cycle)
    invitation, _ = invitation_create(cycle=cycle, contact="ana@example.org", school=cast.school)
    response = admin_client.post(reverse("surveys:manage_cycle_close", args=[cycle.pk]))
    assert response.status_code == 302
    cycle.refresh_from_db()
    invitation.refresh_from_db()
    assert cycle.status == Cycle.CLOSED
    assert invitation.token_hash is None
    assert invitation.contact == ""
    assert not OpenLink.objects.filter(cycle=cycle, active=True).exists()
    page = admin_client.get(reverse("surveys:manage_cycle", args=[cycle.pk])).content.decode()
    assert "/s/" not in page
    assert "its links no longer work" in page


# --- the list -----------------------------------------------------------------------


def test_the_list_shows_cycles_with_counts_hidden_below_the_minimum(admin_client, cast):
    big = _create(cast, title="Big one")
    small = _create(cast, title="Small one", opens_on=dt.date(2026, 4, 1),
                    closes_on=dt.date(2026, 4, 30))  # fmt: skip
    for _ in range(12):
        ResponseFactory(cycle=big, school=cast.school)
    for _ in range(3):
        ResponseFactory(cycle=small, school=cast.school)
    page = admin_client.get(reverse("surveys:manage_cycles")).content.decode()
    assert "Big one" in page
    assert "Small one" in page
    assert '<td class="number">12</td>' in page
    assert '<td class="number"><span class="suppressed">fewer than 5</span></td>' in page
    assert '<td class="number">3</td>' not in page
    assert "New cycle" in page


# --- the standing feedback link -----------------------------------------------------


def test_the_feedback_link_is_created_once_open_with_one_schoolless_link(admin_client, cast):
    page = admin_client.get(reverse("surveys:manage_cycles")).content.decode()
    assert "Create the district feedback link" in page
    admin_client.post(reverse("surveys:manage_feedback"))
    admin_client.post(reverse("surveys:manage_feedback"))
    cycle = Cycle.objects.get(kind=Cycle.FEEDBACK)
    assert cycle.status == Cycle.OPEN
    assert cycle.instrument_id == "pulse"
    assert cycle.district == cast.district
    link = OpenLink.objects.get(cycle=cycle)
    assert (link.school_id, link.team_id, link.active) == (None, None, True)
    page = admin_client.get(reverse("surveys:manage_cycles")).content.decode()
    assert f'readonly value="http://127.0.0.1:8000/s/{link.token}/"' in page
    assert "Create the district feedback link" not in page


def test_the_feedback_cycle_is_not_listed_among_surveys(admin_client, cast):
    feedback_cycle_ensure(district=cast.district, title="District feedback", today=dt.date.today())
    page = admin_client.get(reverse("surveys:manage_cycles")).content.decode()
    assert "No cycles yet." in page


def test_each_district_has_its_own_feedback_cycle(cast):
    ours = feedback_cycle_ensure(district=cast.district, title="F", today=dt.date(2026, 1, 5))
    theirs = feedback_cycle_ensure(
        district=cast.outsider.district, title="F", today=dt.date(2026, 1, 5)
    )
    assert ours.pk != theirs.pk
    assert feedback_cycle_ensure(district=cast.district, title="F", today=dt.date.today()) == ours
    assert Response.objects.count() == 0
