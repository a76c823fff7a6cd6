"""The spread of leadership roles: counts by staff group, suppressed below min_n."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from staffroom.web.voice.models import WorkingGroup
from staffroom.web.voice.selectors import hire_band, leadership_spread, term_of
from staffroom.web.voice.services import meetings_plan
from tests.web.factories import RosterEntryFactory
from tests.web.voice.factories import MembershipFactory, WorkingGroupFactory

TODAY = dt.date(2026, 11, 24)


def _group(cast, roles: dict[str, int], *, school=None) -> WorkingGroup:
    """A group whose members have the given roles (role -> how many), meeting 6 times."""
    group = WorkingGroupFactory(district=cast.district, school=school)
    for role, n in roles.items():
        for _ in range(n):
            entry = RosterEntryFactory(
                district=cast.district,
                school=school or cast.school,
                role=role,
                hire_date=TODAY - dt.timedelta(days=300 if role == "new" else 5000),
            )
            MembershipFactory(group=group, roster_entry=entry)
    meetings_plan(group=group, first=dt.date(2026, 9, 1), every_days=14, count=6)
    return group


def _rows(spread):
    return {row.label: row for row in spread.rows}


def test_groups_at_or_above_min_n_are_shown_with_their_turns(cast):
    _group(cast, {"teacher": 6, "paraprofessional": 5})
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    rows = _rows(spread)
    assert rows["teacher"].members == 6
    assert rows["paraprofessional"].members == 5
    assert rows["teacher"].turns[0] + rows["paraprofessional"].turns[0] == 6  # six meetings
    assert spread.total_turns == (6, 6, 6)
    assert spread.min_n == 5


def test_a_group_under_min_n_is_hidden_and_so_is_the_next_smallest(cast):
    _group(cast, {"teacher": 9, "paraprofessional": 6, "specialist": 2})
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    rows = _rows(spread)
    assert rows["specialist"].hidden
    assert rows["specialist"].turns == (None, None, None)
    # 2 hidden people could be found as 17 - 9 - 6: the smallest shown group goes too
    assert rows["paraprofessional"].hidden
    assert not rows["teacher"].hidden
    assert spread.members == 17


def test_a_district_with_a_higher_minimum_hides_more(cast):
    cast.district.min_n = 10
    cast.district.save()
    _group(cast, {"teacher": 9, "paraprofessional": 6})
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    assert all(row.hidden for row in spread.rows)


def test_a_person_in_two_groups_counts_once(cast):
    first = _group(cast, {"teacher": 5, "paraprofessional": 5})
    second = WorkingGroupFactory(district=cast.district)
    for member in first.members.all():
        MembershipFactory(group=second, roster_entry=member.roster_entry)
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    assert _rows(spread)["teacher"].members == 5


def test_newer_staff_are_a_hire_band(cast):
    _group(cast, {"new": 5, "teacher": 5})
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(),
        district=cast.district,
        dimension="hire_band",
        today=TODAY,
    )
    assert spread.question == "Are newer staff getting facilitator turns?"
    rows = _rows(spread)
    assert rows["under 2 years"].members == 5
    assert rows["over 10 years"].members == 5


def test_term_columns_are_the_staff_groups_shown_overall(cast):
    year_round = _group(cast, {"teacher": 6, "paraprofessional": 5})
    for meeting in year_round.meetings.order_by("held_on")[3:]:
        meeting.held_on = meeting.held_on.replace(year=2027, month=3)
        meeting.save()
    late = _group(cast, {"teacher": 5, "specialist": 2})
    late.meetings.update(held_on=dt.date(2027, 2, 1))
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    # overall: 11 teachers shown; 5 paraprofessionals hidden with the 2 specialists
    assert spread.term_categories == ("teacher",)
    assert [t.label for t in spread.terms] == ["Fall 2026", "Spring 2027"]
    fall, spring = spread.terms
    assert fall.cells == ((fall.cells[0][0], 6),)
    assert spring.cells == ((spring.cells[0][0], 11),)
    assert fall.cells[0][0] + spring.cells[0][0] == rows_turns(spread, "teacher")


def rows_turns(spread, label):
    return _rows(spread)[label].turns[0]


def test_a_staff_group_hidden_in_one_term_is_hidden_in_every_term(cast):
    _group(cast, {"teacher": 6, "paraprofessional": 6})
    late = _group(cast, {"teacher": 6, "paraprofessional": 2, "specialist": 5})
    late.meetings.update(held_on=dt.date(2027, 2, 1))
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    assert spread.term_categories == ("paraprofessional", "specialist", "teacher")
    fall, spring = spread.terms
    # spring: 2 paraprofessionals hidden, then the 5 specialists with them; the
    # paraprofessionals' fall figure would give spring's away (8 overall), so it goes too
    assert spring.cells[0] == spring.cells[1] == (None, None)
    assert fall.cells[0] == fall.cells[1] == (None, None)
    assert fall.cells[2][1] == spring.cells[2][1] == 6


def test_members_who_are_not_on_the_roster_are_not_stated(cast):
    group = WorkingGroupFactory(district=cast.district)
    for user in (cast.admin, cast.coach, cast.leader, cast.staff):
        MembershipFactory(group=group, roster_entry=None, user=user)
    spread = leadership_spread(
        groups=[group], district=cast.district, dimension="age_band", today=TODAY
    )
    assert spread.rows[-1].label == "Not stated"
    assert spread.members == 4
    assert all(row.hidden for row in spread.rows)  # four people


def test_every_staff_group_of_the_district_is_listed_so_a_row_reveals_nobody(cast):
    RosterEntryFactory(district=cast.district, school=cast.school, role="custodian")
    _group(cast, {"teacher": 6, "paraprofessional": 5})
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    rows = _rows(spread)
    assert rows["custodian"].hidden  # nobody in the groups, but the row does not say so
    assert rows["Not stated"].hidden


def test_when_everyone_is_in_one_staff_group_nothing_is_shown(cast):
    RosterEntryFactory(district=cast.district, school=cast.school, role="paraprofessional")
    _group(cast, {"teacher": 12})
    spread = leadership_spread(
        groups=WorkingGroup.objects.all(), district=cast.district, dimension="role", today=TODAY
    )
    # "12 teachers" next to "all members: 12" would describe each named member
    assert all(row.hidden for row in spread.rows)
    assert all(cell == (None, None) for term in spread.terms for cell in term.cells)


def test_an_unknown_breakdown_is_refused(cast):
    with pytest.raises(ValueError, match="dimension"):
        leadership_spread(groups=[], district=cast.district, dimension="salary", today=TODAY)


@pytest.mark.parametrize(
    ("days", "band"),
    [(100, "under 2 years"), (1000, "2-5 years"), (3000, "6-10 years"), (5000, "over 10 years")],
)
def test_hire_bands(days, band):
    assert hire_band(TODAY - dt.timedelta(days=days), TODAY) == band


def test_terms_run_fall_and_spring():
    assert term_of(dt.date(2026, 8, 1))[1] == "Fall 2026"
    assert term_of(dt.date(2027, 7, 31))[1] == "Spring 2027"
    assert term_of(dt.date(2026, 12, 31))[0] < term_of(dt.date(2027, 1, 1))[0]


def test_the_spread_page_never_shows_a_hidden_count(cast):
    from django.test import Client
    from django.urls import reverse

    _group(cast, {"teacher": 9, "paraprofessional": 6, "specialist": 2}, school=cast.school)
    client = Client()
    client.force_login(cast.leader)
    page = client.get(reverse("voice:spread"), {"by": "role"}).content.decode()
    assert "Hidden: fewer than 5 members" in page
    for hidden in ("specialist", "paraprofessional"):
        assert re.search(hidden + r'</th>\s*<td class="hidden-cell"', page), hidden
