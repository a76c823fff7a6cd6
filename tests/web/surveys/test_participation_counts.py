"""Live participation: how many answered per school and team, never who; small counts
shown as "fewer than N"; small teams show only whether their link is open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.web.surveys.models import BallotEntry, Cycle, Invitation
from staffroom.web.surveys.participation import cycle_participation, cycle_response_totals
from staffroom.web.surveys.services import invitation_create, open_link_create
from tests.web.factories import CycleFactory, ResponseFactory, SchoolFactory, TeamFactory


@pytest.fixture
def cycle(cast):
    cycle = CycleFactory(district=cast.district, status=Cycle.OPEN, title="Spring climate")
    cycle.schools.set([cast.school, cast.other_school])
    for school in (cast.school, cast.other_school):
        open_link_create(cycle=cycle, school=school)
    return cycle


def _answers(cycle, n, *, school=None, team=None, waiting=0):
    """``n`` moved responses plus ``waiting`` entries still in the ballot box."""
    for _ in range(n):
        ResponseFactory(cycle=cycle, school=school, team=team)
    for _ in range(waiting):
        BallotEntry.objects.create(
            cycle=cycle, school=school, team=team, submitted_on=dt.date(2026, 3, 10)
        )


def _all(cycle):
    return cycle_participation(
        cycle=cycle,
        schools=cycle.schools.values_list("pk", flat=True),
        teams=cycle.teams.values_list("pk", flat=True),
    )


def _page(client, user, cycle, htmx=False):
    client.force_login(user)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(reverse("surveys:manage_participation", args=[cycle.pk]), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_answers_count_responses_and_the_ballot_box_over_staff_count(cast, cycle):
    cast.school.staff_count = 20
    cast.school.save()
    _answers(cycle, 5, school=cast.school, waiting=3)
    _answers(cycle, 10, school=cast.other_school)
    alder, birch = _all(cycle).schools
    assert (alder.name, alder.responses, alder.denominator) == ("Alder Elementary", 8, 20)
    assert alder.rate == pytest.approx(0.4)
    assert alder.low_rate  # under the district's default flag of 0.5
    assert (birch.responses, birch.denominator, birch.percent) == (10, 40, 25)


def test_invitations_are_the_denominator_when_there_are_any(cast, cycle):
    for i in range(8):
        invitation_create(cycle=cycle, contact=f"p{i}@example.org", school=cast.school)
    _answers(cycle, 6, school=cast.school)
    _answers(cycle, 6, school=cast.other_school)
    alder, birch = _all(cycle).schools
    assert (alder.denominator, alder.percent, alder.low_rate) == (8, 75, False)
    assert birch.denominator == cast.other_school.staff_count


def test_a_school_under_the_minimum_shows_fewer_than_n_and_no_rate(client, cast, cycle):
    _answers(cycle, 3, school=cast.school)
    _answers(cycle, 20, school=cast.other_school)
    _answers(cycle, 9)  # through a link of no school (a district team)
    alder, birch = _all(cycle).schools
    assert (alder.responses, alder.rate, alder.below_min) == (None, None, True)
    assert birch.responses == 20
    page = _page(client, cast.admin, cycle)
    assert "fewer than 5" in page
    assert ">3<" not in page


def test_a_small_count_cannot_be_worked_out_from_the_total(client, cast, cycle):
    # Total 23 is shown on the list; showing Birch's 20 would reveal Alder's 3.
    _answers(cycle, 3, school=cast.school)
    _answers(cycle, 20, school=cast.other_school)
    alder, birch = _all(cycle).schools
    assert alder.responses is None
    assert alder.below_min
    assert birch.responses is None
    assert birch.withheld
    assert cycle_response_totals([cycle]) == {cycle.pk: 23}
    page = _page(client, cast.admin, cycle)
    assert ">20<" not in page
    assert "Not shown, so that a smaller count cannot be worked out" in page


def test_a_cycle_with_fewer_answers_than_the_minimum_shows_no_total(cast, cycle):
    _answers(cycle, 2, school=cast.school, waiting=2)
    assert cycle_response_totals([cycle]) == {cycle.pk: None}


def test_the_low_rate_flag_says_results_may_not_be_representative(client, cast, cycle):
    cast.district.response_rate_flag = 0.7
    cast.district.save()
    _answers(cycle, 26, school=cast.school)  # 26 of 40: 65%
    _answers(cycle, 36, school=cast.other_school)  # 90%
    page = _page(client, cast.admin, cycle)
    assert page.count("results may not be representative") == 1
    assert "65%" in page
    assert "90%" in page


def test_the_page_never_shows_who_answered(client, cast, cycle):
    invited = []
    for i in range(6):
        invitation, _ = invitation_create(
            cycle=cycle, contact=f"person{i}@example.org", school=cast.school
        )
        invited.append(invitation)
    Invitation.objects.filter(pk__in=[i.pk for i in invited[:5]]).update(responded=True)
    _answers(cycle, 5, school=cast.school)
    for page in (_page(client, cast.admin, cycle), _page(client, cast.admin, cycle, htmx=True)):
        assert "@example.org" not in page
        assert "person" not in page


def test_a_team_under_the_minimum_shows_only_open_or_closed(client, cast, cycle):
    small = TeamFactory(district=cast.district, school=cast.school, name="Art", member_count=4)
    big = TeamFactory(district=cast.district, school=cast.school, name="Math", member_count=12)
    cycle.teams.set([small, big])
    open_link_create(cycle=cycle, team=small)
    open_link_create(cycle=cycle, team=big)
    _answers(cycle, 4, school=cast.school, team=small)
    _answers(cycle, 9, school=cast.school, team=big)
    _answers(cycle, 30, school=cast.school)
    art, math = _all(cycle).teams
    assert (art.counts_shown, art.responses, art.rate, art.link_open) == (False, None, None, True)
    assert (math.counts_shown, math.responses, math.denominator) == (True, 9, 12)
    page = _page(client, cast.admin, cycle)
    art_row = page[page.index('<th scope="row">Art</th>') :].split("</tr>")[0]
    assert "open" in art_row
    art_text = re.sub(r"<[^>]+>", " ", art_row).replace("fewer than 5", "")
    assert not any(ch.isdigit() for ch in art_text), art_text
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
    page = _page(client, cast.admin, cycle)
    art_row = page[page.index('<th scope="row">Art</th>') :].split("</tr>")[0]
    assert "closed" in art_row


def test_coaches_and_leaders_see_only_their_schools(client, cast, cycle):
    TeamFactory(district=cast.district, school=cast.other_school, name="Birch science")
    _answers(cycle, 6, school=cast.school)
    _answers(cycle, 7, school=cast.other_school)
    for user in (cast.coach, cast.leader):
        page = _page(client, user, cycle)
        assert "Alder Elementary" in page
        assert "Birch Middle" not in page
    assert "Birch Middle" in _page(client, cast.admin, cycle)


def test_district_office_teams_are_shown_to_admins_and_coaches_only(client, cast, cycle):
    office = TeamFactory(district=cast.district, school=None, name="Transport", member_count=9)
    cycle.teams.set([office])
    assert "Transport" in _page(client, cast.admin, cycle)
    assert "Transport" in _page(client, cast.coach, cycle)
    assert "Transport" not in _page(client, cast.leader, cycle)


def test_an_htmx_request_gets_only_the_table_which_polls_every_30_seconds(client, cast, cycle):
    full = _page(client, cast.admin, cycle)
    fragment = _page(client, cast.admin, cycle, htmx=True)
    assert "<html" in full
    assert "<html" not in fragment
    assert 'hx-trigger="every 30s"' in fragment
    assert reverse("surveys:manage_participation", args=[cycle.pk]) in fragment
    assert fragment.strip() in full


def test_counting_takes_as_many_queries_for_thirty_schools_as_for_two(cast, cycle):
    _answers(cycle, 5, school=cast.school)
    with CaptureQueriesContext(connection) as few:
        _all(cycle)
    extra = [SchoolFactory(district=cast.district) for _ in range(30)]
    cycle.schools.add(*extra)
    for school in extra[:10]:
        _answers(cycle, 5, school=school)
    with CaptureQueriesContext(connection) as many:
        participation = _all(cycle)
    assert len(participation.schools) == 32
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("alder", "birch", "team", "neither"),
    [(20, 3, 10, 0), (20, 3, 10, 2), (3, 20, 6, 0), (12, 0, 4, 0), (30, 2, 2, 0)],
)
def test_schools_and_teams_together_never_give_a_hidden_count_away(
    cast, cycle, alder, birch, team, neither
):
    """With school links and a team link, the cycle total (shown on the cycle pages)
    minus every count shown is what is hidden; that must be 0 or at least the minimum,
    or "total - schools shown - teams shown" would be a hidden school."""
    sel = TeamFactory(district=cast.district, school=None, name="SEL team", member_count=12)
    cycle.teams.set([sel])
    _answers(cycle, alder, school=cast.school)
    _answers(cycle, birch, school=cast.other_school)
    _answers(cycle, team, team=sel)
    _answers(cycle, neither)
    seen = _all(cycle)
    total = alder + birch + team + neither
    shown = sum(r.responses for r in (*seen.schools, *seen.teams) if r.responses is not None)
    assert total - shown == 0 or total - shown >= cycle.min_n, seen
    birch_row = next(r for r in seen.schools if r.pk == cast.other_school.pk)
    assert birch_row.responses is None or birch >= cycle.min_n
