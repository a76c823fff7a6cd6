"""Writes for the voice app: meeting plans, the anonymous channel, responses.

Named ``<entity>_<action>`` and keyword-only. Views stay thin and call these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import School
from staffroom.web.voice.models import (
    MEETING_ROLES,
    Meeting,
    Membership,
    PendingPost,
    Post,
    PostAllowance,
    WorkingGroup,
)
from staffroom.web.voice.rotation import rotation_plan

__all__ = [
    "DAILY_POST_LIMIT",
    "MAX_PLANNED_MEETINGS",
    "PostLimitError",
    "meetings_plan",
    "membership_add",
    "post_respond",
    "post_submit",
    "posts_release",
]

DAILY_POST_LIMIT = 3
"""Posts one account may send in a day (counted without storing who, see the model)."""

MAX_PLANNED_MEETINGS = 40
"""The most meetings one plan may add."""

_shuffle = secrets.SystemRandom().shuffle


class PostLimitError(Exception):
    """This account has sent today's allowance of posts."""


def _today() -> dt.date:
    return timezone.localdate()


# Working groups ---------------------------------------------------------------------------


@transaction.atomic
def meetings_plan(
    *, group: WorkingGroup, first: dt.date, every_days: int, count: int
) -> list[Meeting]:
    """Add ``count`` meetings from ``first``, ``every_days`` apart, with rotated roles.

    The rotation continues from the group's existing schedule as it stands (hand edits
    included): ``staffroom.web.voice.rotation.rotation_plan``.
    """
    if not 1 <= count <= MAX_PLANNED_MEETINGS or every_days < 1:
        raise ValueError("count must be 1..MAX_PLANNED_MEETINGS and every_days >= 1")
    members = list(group.members.all())
    fields = [name for name, _ in MEETING_ROLES]
    history = [
        tuple(row)
        for row in group.meetings.order_by("held_on", "pk").values_list(
            *(f"{name}_id" for name in fields)
        )
    ]
    by_pk = {m.pk: m for m in members}
    plan = rotation_plan(
        [m.pk for m in members], history=history, n_meetings=count, n_roles=len(fields)
    )
    meetings = [
        Meeting(
            group=group,
            held_on=first + dt.timedelta(days=every_days * index),
            **{
                name: by_pk[pk] if pk is not None else None
                for name, pk in zip(fields, step.roles, strict=True)
            },
        )
        for index, step in enumerate(plan)
    ]
    return Meeting.objects.bulk_create(meetings)


def membership_add(
    *, group: WorkingGroup, roster_entry_id: int | None = None, user: User | None = None
) -> Membership:
    """Add a member at the end of the rotation (existing members are left as they are)."""
    last = group.members.order_by("-position").values_list("position", flat=True).first()
    member, _ = Membership.objects.get_or_create(
        group=group,
        roster_entry_id=roster_entry_id,
        user=user if roster_entry_id is None else None,
        defaults={"position": (last or 0) + 1},
    )
    return member


# The anonymous channel --------------------------------------------------------------------


def _allowance_key(user: User, day: dt.date) -> str:
    """A keyed hash of (account, day): the same account gives an unrelated key each day."""
    message = f"staffroom.voice.allowance:{user.pk}:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def post_submit(
    *,
    user: User,
    kind: str,
    text: str,
    school: School | None,
    today: dt.date | None = None,
) -> None:
    """Queue an anonymous post for the next daily batch (nothing of ``user`` is stored
    with it; ``user`` only counts against the daily limit).

    Raises ``PostLimitError`` when the account has used today's allowance.
    """
    today = today or _today()
    if school is not None and school.district_id != user.district_id:
        raise ValueError("a post goes to the poster's own district")
    key = _allowance_key(user, today)
    allowance, _ = PostAllowance.objects.select_for_update().get_or_create(
        key=key, defaults={"day": today}
    )
    if allowance.count >= DAILY_POST_LIMIT:
        raise PostLimitError
    allowance.count += 1
    allowance.save(update_fields=["count"])
    PendingPost.objects.create(
        district_id=user.district_id, school=school, kind=kind, text=text, posted_on=today
    )


@transaction.atomic
def posts_release(*, today: dt.date | None = None, force: bool = False) -> int:
    """Move every post queued before ``today`` (all of them with ``force``) into ``Post``,
    in random order and with new random ids, in one transaction; forget past allowances.

    Called lazily whenever the channel is read or written, so no scheduler is needed.
    Returns how many posts were released.
    """
    today = today or _today()
    waiting = PendingPost.objects.select_for_update()
    if not force:
        waiting = waiting.filter(posted_on__lt=today)
    pending = list(waiting)
    _shuffle(pending)
    Post.objects.bulk_create(
        [
            Post(
                district_id=p.district_id,
                school_id=p.school_id,
                kind=p.kind,
                text=p.text,
                posted_on=p.posted_on,
            )
            for p in pending
        ]
    )
    PendingPost.objects.filter(pk__in=[p.pk for p in pending]).delete()
    PostAllowance.objects.filter(day__lt=today).delete()
    return len(pending)


def post_respond(
    *,
    post: Post,
    moderation: str,
    public_text: str,
    status: str,
    response: str,
    why_not_now: str,
    today: dt.date | None = None,
) -> Post:
    """Moderate and answer a post. A changed answer or status dates the response today."""
    if status == Post.NOT_NOW and not why_not_now.strip():
        raise ValueError("'not now' needs a reason")
    if moderation == Post.APPROVED and not public_text.strip():
        raise ValueError("an approved post needs its public wording")
    answered = (post.status, post.response) != (status, response)
    post.moderation = moderation
    post.public_text = public_text
    post.status = status
    post.response = response
    post.why_not_now = why_not_now
    if answered and status != Post.NEW:
        post.responded_on = today or _today()
    post.save()
    return post
