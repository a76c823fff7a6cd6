"""The voice pages' behaviour: what each form offers, accepts and refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from staffroom.web.voice.models import Decision, Meeting, Post, Practice, Visit, WorkingGroup
from tests.web.factories import RosterEntryFactory, SchoolFactory
from tests.web.voice.factories import (
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PracticeFactory,
    WorkingGroupFactory,
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alder_group(cast):
    group = WorkingGroupFactory(district=cast.district, school=cast.school, name="Culture team")
    for _ in range(4):
        MembershipFactory(group=group)
    return group


def test_a_leader_creates_groups_only_for_their_school(cast):
    client = _client(cast.leader)
    page = client.get(reverse("voice:group_new")).content.decode()
    assert cast.school.name in page
    assert cast.other_school.name not in page
    assert "The whole district" not in page
    data = {"name": "Schedule committee", "kind": "steering", "initiative": "Planning time"}
    refused = client.post(reverse("voice:group_new"), {**data, "school": cast.other_school.pk})
    assert refused.status_code == 200
    assert not WorkingGroup.objects.exists()
    made = client.post(reverse("voice:group_new"), {**data, "school": cast.school.pk})
    assert made.status_code == 302
    assert WorkingGroup.objects.get().school == cast.school


def test_a_coach_may_create_a_district_wide_group(cast):
    client = _client(cast.coach)
    data = {"name": "Steering", "kind": "steering", "initiative": "SEL plan", "school": ""}
    assert client.post(reverse("voice:group_new"), data).status_code == 302
    assert WorkingGroup.objects.get().school is None


def test_members_are_added_from_the_schools_roster_and_meetings_planned(cast, alder_group):
    client = _client(cast.leader)
    newcomer = RosterEntryFactory(district=cast.district, school=cast.school, name="Ana Reyes")
    elsewhere = RosterEntryFactory(district=cast.district, school=cast.other_school)
    page = client.get(reverse("voice:group_detail", args=[alder_group.pk])).content.decode()
    assert "Ana Reyes" in page
    url = reverse("voice:group_member_add", args=[alder_group.pk])
    client.post(url, {"roster_entry": elsewhere.pk})
    assert alder_group.members.count() == 4  # not on this school's roster
    client.post(url, {"roster_entry": newcomer.pk})
    assert alder_group.members.count() == 5
    assert alder_group.members.order_by("position").last().roster_entry == newcomer
    client.post(
        reverse("voice:group_plan", args=[alder_group.pk]),
        {"first": "2026-12-01", "every_days": 7, "count": 5},
    )
    meetings = Meeting.objects.filter(group=alder_group).order_by("held_on")
    assert meetings.count() == 5
    assert {m.facilitator_id for m in meetings} == set(
        alder_group.members.values_list("pk", flat=True)
    )


def test_a_meeting_cannot_give_one_person_two_roles(cast, alder_group):
    members = list(alder_group.members.all())
    meeting = MeetingFactory(group=alder_group, facilitator=members[0])
    client = _client(cast.leader)
    response = client.post(
        reverse("voice:meeting_edit", args=[meeting.pk]),
        {
            "held_on": "2026-12-03",
            "agenda": "",
            "facilitator": members[1].pk,
            "note_taker": members[1].pk,
            "timekeeper": members[2].pk,
        },
    )
    assert response.status_code == 200
    assert "One person holds one role" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.facilitator == members[0]


def test_removing_a_member_leaves_their_roles_open(cast, alder_group):
    member = alder_group.members.first()
    meeting = MeetingFactory(group=alder_group, facilitator=member)
    url = reverse("voice:group_member_remove", args=[alder_group.pk, member.pk])
    assert _client(cast.leader).post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.facilitator is None


def test_a_leaders_spread_covers_only_their_schools_groups(cast, alder_group):
    district_group = WorkingGroupFactory(district=cast.district)
    for _ in range(6):
        MembershipFactory(group=district_group)
    page = _client(cast.leader).get(reverse("voice:spread")).content.decode()
    assert "1 groups" in page
    assert "District-wide groups" not in page
    admin_page = _client(cast.admin).get(reverse("voice:spread")).content.decode()
    assert "2 groups" in admin_page


def test_a_decision_links_posts_and_checks_its_links(cast):
    post = PostFactory(
        district=cast.district,
        school=cast.school,
        moderation=Post.APPROVED,
        public_text="Meetings run long.",
    )
    hidden = PostFactory(district=cast.district, school=cast.other_school, moderation=Post.APPROVED)
    client = _client(cast.leader)
    page = client.get(reverse("voice:decision_new")).content.decode()
    assert "Meetings run long." in page
    assert str(hidden.pk) not in page
    data = {
        "title": "Meetings end on time",
        "school": cast.school.pk,
        "decided": "Every meeting ends at 4:15.",
        "decided_on": "2026-11-20",
        "body": "Alder leadership team",
        "staff_input": "From the channel.",
        "posts": [post.pk],
        "links": "javascript:alert(1)",
        "who_benefits": "Everyone",
        "who_carries": "Facilitators",
        "whose_voice": "Night staff",
    }
    refused = client.post(reverse("voice:decision_new"), data)
    assert refused.status_code == 200
    assert not Decision.objects.exists()
    data["links"] = "/results/\nhttps://example.org/review"
    assert client.post(reverse("voice:decision_new"), data).status_code == 302
    decision = Decision.objects.get()
    assert list(decision.posts.all()) == [post]
    assert decision.link_list == ["/results/", "https://example.org/review"]
    assert decision.paused_on is not None
    detail = _client(cast.staff).get(reverse("voice:decision_detail", args=[decision.pk]))
    assert "Meetings run long." in detail.content.decode()
    assert "Night staff" in detail.content.decode()


def test_practices_are_searched_by_word_kind_and_school(cast):
    PracticeFactory(school=cast.school, title="Rotating roles", kind="meetings")
    PracticeFactory(school=cast.other_school, title="Buddy lunches", kind="onboarding")
    client = _client(cast.staff)
    url = reverse("voice:practices")

    def titles(**query):
        page = client.get(url, query, HTTP_HX_REQUEST="true").content.decode()
        assert "<h1>" not in page  # the list alone for htmx
        return {t for t in ("Rotating roles", "Buddy lunches") if t in page}

    assert titles() == {"Rotating roles", "Buddy lunches"}
    assert titles(q="buddy") == {"Buddy lunches"}
    assert titles(kind="meetings") == {"Rotating roles"}
    assert titles(school=cast.other_school.pk) == {"Buddy lunches"}


def test_a_leader_records_a_practice_for_their_school_only(cast):
    client = _client(cast.leader)
    data = {
        "title": "Community circle",
        "kind": "recognition",
        "for_whom": "All staff",
        "description": "Once a month.",
        "evidence": "Belonging rose.",
        "contact_role": "Culture team",
    }
    client.post(reverse("voice:practice_new"), {**data, "school": cast.other_school.pk})
    assert not Practice.objects.exists()
    client.post(reverse("voice:practice_new"), {**data, "school": cast.school.pk})
    assert Practice.objects.get().recorded_on is not None


def test_a_coach_arranges_visits_involving_their_schools(cast):
    cedar = SchoolFactory(district=cast.district, name="Cedar Hill")
    practice = PracticeFactory(school=cast.other_school)
    client = _client(cast.coach)
    data = {"visit_on": "2026-12-10", "purpose": "See it", "status": "planned", "practice": ""}
    url = reverse("voice:visit_new")
    for refused in (
        {"visitor": cedar.pk, "host": cast.other_school.pk},  # neither is the coach's
        {"visitor": cast.school.pk, "host": cast.school.pk},  # one school
        {"visitor": cast.school.pk, "host": cedar.pk, "practice": practice.pk},  # not Cedar's
    ):
        assert client.post(url, {**data, **refused}).status_code == 200
    assert not Visit.objects.exists()
    ok = {"visitor": cast.school.pk, "host": cast.other_school.pk, "practice": practice.pk}
    assert client.post(url, {**data, **ok}).status_code == 302
    visit = Visit.objects.get()
    assert visit.arranged_by == cast.coach
    assert visit.visit_on == dt.date(2026, 12, 10)
    leader_page = _client(cast.leader).get(reverse("voice:visits")).content.decode()
    assert "See it" in leader_page


def test_the_channel_shows_what_is_to_do_first(cast):
    PostFactory(district=cast.district, school=cast.school, text="waiting")
    PostFactory(
        district=cast.district,
        school=cast.school,
        text="finished",
        moderation=Post.APPROVED,
        public_text="finished",
        status=Post.DONE,
    )
    client = _client(cast.leader)
    todo = client.get(reverse("voice:inbox")).content.decode()
    assert "waiting" in todo
    assert "finished" not in todo
    assert "finished" in client.get(reverse("voice:inbox"), {"show": "all"}).content.decode()


def test_an_admin_narrows_the_channel_to_one_place(cast):
    PostFactory(district=cast.district, school=cast.school, text="from alder")
    PostFactory(district=cast.district, school=None, text="to the district")
    client = _client(cast.admin)
    district_only = client.get(reverse("voice:inbox"), {"place": "district"}).content.decode()
    assert "to the district" in district_only
    assert "from alder" not in district_only
    alder = client.get(reverse("voice:inbox"), {"place": cast.school.pk}).content.decode()
    assert "from alder" in alder
    assert "to the district" not in alder


def test_a_user_who_is_not_on_the_roster_can_join(cast, alder_group):
    client = _client(cast.leader)
    url = reverse("voice:group_member_add", args=[alder_group.pk])
    fresh = RosterEntryFactory(district=cast.district, school=cast.school)
    both = {"roster_entry": fresh.pk, "user": cast.staff.pk}
    client.post(url, both)  # one person at a time
    assert alder_group.members.count() == 4
    client.post(url, {"user": cast.staff.pk})
    assert alder_group.members.filter(user=cast.staff).exists()
    client.post(url, {"user": cast.outsider.pk})  # another district's user
    assert not alder_group.members.filter(user=cast.outsider).exists()
