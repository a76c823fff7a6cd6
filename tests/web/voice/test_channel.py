"""The anonymous channel: nothing of the poster is stored, posts move in shuffled daily
batches, the daily limit keeps no identity, leaders answer and the public page shows
only moderated, answered posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from staffroom.web.accounts.models import User
from staffroom.web.voice.models import PendingPost, Post, PostAllowance
from staffroom.web.voice.services import (
    DAILY_POST_LIMIT,
    PostLimitError,
    post_respond,
    post_submit,
    posts_release,
)
from tests.web.voice.factories import PostFactory

DAY = dt.date(2026, 11, 24)
IDENTIFYING = {"user", "author", "session", "session_key", "ip", "ip_address", "user_agent"}


@pytest.mark.parametrize("model", [Post, PendingPost])
def test_a_post_has_no_person_and_no_time_finer_than_a_day(model):
    fields = model._meta.get_fields()
    names = {f.name for f in fields}
    assert not names & IDENTIFYING
    for field in fields:
        assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
        if field.is_relation and field.concrete:
            assert field.related_model._meta.label in {"orgs.District", "orgs.School"}, field.name
    assert isinstance(model._meta.pk, models.UUIDField)  # no order of posting in the ids


def test_the_allowance_table_holds_a_day_and_a_count_under_a_hash():
    names = {f.name for f in PostAllowance._meta.get_fields()}
    assert names == {"key", "day", "count"}


def test_a_post_waits_for_the_next_day_and_carries_nothing_of_the_poster(cast):
    post_submit(
        user=cast.staff, kind=Post.IDEA, text="Planning time", school=cast.school, today=DAY
    )
    assert Post.objects.count() == 0
    assert posts_release(today=DAY) == 0  # same day: still waiting
    assert posts_release(today=DAY + dt.timedelta(days=1)) == 1
    post = Post.objects.get()
    assert (post.school, post.posted_on, post.text) == (cast.school, DAY, "Planning time")
    assert PendingPost.objects.count() == 0


def test_a_batch_is_written_in_random_order(cast):
    texts = [f"idea {i}" for i in range(30)]
    for text in texts:
        PendingPost.objects.create(
            district=cast.district, school=cast.school, kind=Post.IDEA, text=text, posted_on=DAY
        )
    posts_release(today=DAY + dt.timedelta(days=1))
    stored = list(Post.objects.order_by("id").values_list("text", flat=True))
    assert sorted(stored) == sorted(texts)
    assert stored != texts  # 1 chance in 30! of a false alarm


def test_the_daily_limit_counts_without_storing_who(cast):
    for _ in range(DAILY_POST_LIMIT):
        post_submit(user=cast.staff, kind=Post.IDEA, text="x", school=None, today=DAY)
    with pytest.raises(PostLimitError):
        post_submit(user=cast.staff, kind=Post.IDEA, text="x", school=None, today=DAY)
    post_submit(user=cast.leader, kind=Post.IDEA, text="y", school=None, today=DAY)
    keys = list(PostAllowance.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any(str(cast.staff.pk) == k or cast.staff.email in k for k in keys)
    # the next day the same account has a new, unrelated key, and yesterday's are gone
    posts_release(today=DAY + dt.timedelta(days=1))
    assert PostAllowance.objects.count() == 0
    post_submit(
        user=cast.staff, kind=Post.IDEA, text="z", school=None, today=DAY + dt.timedelta(days=1)
    )
    assert PostAllowance.objects.get().key not in keys


def test_a_post_goes_only_to_the_posters_own_district(cast):
    from tests.web.factories import SchoolFactory

    elm = SchoolFactory(district=cast.outsider.district)
    with pytest.raises(ValueError, match="own district"):
        post_submit(user=cast.staff, kind=Post.IDEA, text="x", school=elm, today=DAY)


def test_not_now_needs_a_reason_and_approval_needs_public_wording(cast):
    post = PostFactory(district=cast.district, school=cast.school)
    with pytest.raises(ValueError, match="reason"):
        post_respond(
            post=post,
            moderation=Post.PENDING,
            public_text="",
            status=Post.NOT_NOW,
            response="",
            why_not_now=" ",
        )
    with pytest.raises(ValueError, match="public wording"):
        post_respond(
            post=post,
            moderation=Post.APPROVED,
            public_text="",
            status=Post.HEARD,
            response="",
            why_not_now="",
        )


def test_staff_post_leaders_answer_and_the_public_page_shows_it(cast):
    staff, leader = Client(), Client()
    staff.force_login(cast.staff)
    leader.force_login(cast.leader)
    response = staff.post(
        reverse("voice:post_new"),
        {"kind": "concern", "to": "school", "text": "Mr Smith's meetings run long."},
    )
    assert response.status_code == 302
    assert "voice" not in staff.session  # nothing about the post in the session
    posts_release(force=True)
    post = Post.objects.get()
    assert post.school == cast.school
    inbox = leader.get(reverse("voice:inbox"))
    assert "Mr Smith" in inbox.content.decode()
    public_url = reverse("voice:public_school", args=[cast.school.pk])
    assert "meetings run long" not in staff.get(public_url).content.decode()
    response = leader.post(
        reverse("voice:post_respond", args=[post.pk]),
        {
            "moderation": Post.APPROVED,
            "public_text": "Staff meetings run long.",
            "status": Post.DONE,
            "response": "Meetings now end on time.",
            "why_not_now": "",
        },
    )
    assert response.status_code == 302
    page = staff.get(public_url).content.decode()
    assert "Staff meetings run long." in page
    assert "Meetings now end on time." in page
    assert "Mr Smith" not in page
    post.refresh_from_db()
    assert post.responded_on is not None


def test_the_district_reads_district_posts_and_a_leader_does_not(cast):
    post = PostFactory(district=cast.district, school=None)
    leader, admin = Client(), Client()
    leader.force_login(cast.leader)
    admin.force_login(cast.admin)
    url = reverse("voice:post_respond", args=[post.pk])
    assert leader.get(url).status_code == 404
    assert admin.get(url).status_code == 200


def test_the_fourth_post_of_a_day_is_refused_with_a_message(cast):
    client = Client()
    client.force_login(cast.staff)
    data = {"kind": "idea", "to": "district", "text": "More time"}
    for _ in range(DAILY_POST_LIMIT):
        assert client.post(reverse("voice:post_new"), data).status_code == 302
    response = client.post(reverse("voice:post_new"), data)
    assert response.status_code == 200
    assert "come back tomorrow" in response.content.decode()
    assert PendingPost.objects.count() == DAILY_POST_LIMIT


def test_a_staff_member_without_a_school_can_post_only_to_the_district(cast):
    user = User.objects.create_user(
        username="x@example.org", email="x@example.org", district=cast.district
    )
    client = Client()
    client.force_login(user)
    page = client.get(reverse("voice:post_new")).content.decode()
    assert 'value="school"' not in page
    assert 'value="district"' in page
