"""Shared leadership and voice: models.

* ``WorkingGroup``, ``Membership``, ``Meeting``: working groups and steering committees
  (district-wide when ``school`` is empty), their members and a meeting schedule whose
  roles (facilitator, note-taker, timekeeper) rotate among the members.
* ``PendingPost`` and ``Post``: the anonymous channel. Neither holds a user, a session,
  an address or a time finer than the day; posts wait in ``PendingPost`` and move to
  ``Post`` in shuffled daily batches (docs/decisions/0003-anonymous-voice-channel.md).
  ``PostAllowance`` counts a day's posts under a keyed hash for the daily limit.
* ``Decision``: the log of major decisions and how staff input shaped them.
* ``Practice`` and ``Visit``: the practice exchange and cross-school visits.
"""

from __future__ import annotations

import uuid

from django.db import models

from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.core.equity import EquityPauseFields
from staffroom.web.orgs.models import District, School

__all__ = [
    "MEETING_ROLES",
    "Decision",
    "Meeting",
    "Membership",
    "PendingPost",
    "Post",
    "PostAllowance",
    "Practice",
    "Visit",
    "WorkingGroup",
]

MEETING_ROLES: tuple[tuple[str, str], ...] = (
    ("facilitator", "Facilitator"),
    ("note_taker", "Note-taker"),
    ("timekeeper", "Timekeeper"),
)
"""(field on ``Meeting``, label) for each rotating role, in the order they are filled."""


class WorkingGroup(models.Model):
    """A working group or steering committee for a major initiative."""

    WORKING_GROUP = "working_group"
    STEERING = "steering"
    KINDS = [(WORKING_GROUP, "Working group"), (STEERING, "Steering committee")]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="voice_groups")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="voice_groups",
        help_text="Empty for a district-wide group.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KINDS, default=WORKING_GROUP)
    initiative = models.CharField(
        max_length=200, help_text="The initiative the group leads or steers."
    )
    purpose = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school__name", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A member of a working group: someone on the roster, or a user who signs in."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    roster_entry = models.ForeignKey(
        RosterEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="voice_groups"
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="voice_groups"
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the rotation (ties by when the member joined)."
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(roster_entry__isnull=False) | models.Q(user__isnull=False),
                name="voice_member_is_someone",
            ),
            models.UniqueConstraint(
                fields=["group", "roster_entry"],
                condition=models.Q(roster_entry__isnull=False),
                name="voice_member_once_by_roster",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(user__isnull=False),
                name="voice_member_once_by_user",
            ),
        ]

    @property
    def display_name(self) -> str:
        """The roster name, else the user's name, else the e-mail's local part."""
        if self.roster_entry is not None:
            entry = self.roster_entry
            return entry.name or (entry.email.split("@")[0] if entry.email else entry.staff_id)
        assert self.user is not None  # guaranteed by the check constraint
        return self.user.get_full_name() or self.user.email.split("@")[0]

    def __str__(self) -> str:
        return self.display_name


class Meeting(models.Model):
    """One meeting of a group, with who holds each rotating role (editable)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    facilitator = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note_taker = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    timekeeper = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agenda = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class PendingPost(models.Model):
    """A post waiting for the next daily batch. No user, session, address or time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=10)
    text = models.TextField()
    posted_on = models.DateField()


class Post(models.Model):
    """A concern or idea raised anonymously with a school (or the district, no school).

    Deliberately without a user, a session, an address or any time finer than the day
    (tests/web/voice/test_channel.py checks the fields). What leaders write back,
    the public wording and the status are kept with it.
    """

    CONCERN = "concern"
    IDEA = "idea"
    KINDS = [(CONCERN, "A concern"), (IDEA, "An idea")]

    PENDING = "pending"
    APPROVED = "approved"
    PRIVATE = "private"
    MODERATION = [
        (PENDING, "Waiting for moderation"),
        (APPROVED, "Approved for the public page"),
        (PRIVATE, "Kept off the public page"),
    ]

    NEW = "new"
    HEARD = "heard"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_NOW = "not_now"
    STATUSES = [
        (NEW, "New"),
        (HEARD, "Heard"),
        (IN_PROGRESS, "In progress"),
        (DONE, "Done"),
        (NOT_NOW, "Not now"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="voice_posts")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="voice_posts"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    text = models.TextField(help_text="What was written, as written (never shown publicly).")
    posted_on = models.DateField()
    public_text = models.TextField(
        blank=True,
        help_text="The wording shown on the public page, with anything identifying removed.",
    )
    moderation = models.CharField(max_length=10, choices=MODERATION, default=PENDING)
    status = models.CharField(max_length=12, choices=STATUSES, default=NEW)
    response = models.TextField(blank=True, help_text="You said, we did: the public answer.")
    why_not_now = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        # a random id: ordering by it is a shuffle, not the order of posting
        ordering = ["-posted_on", "id"]
        indexes = [models.Index(fields=["district", "school", "moderation"])]


class PostAllowance(models.Model):
    """How many posts one account has sent today, under a keyed hash that changes daily.

    The key cannot be turned back into the account without the server's secret, and
    yesterday's rows are deleted with each batch.
    """

    key = models.CharField(max_length=64, primary_key=True)
    day = models.DateField()
    count = models.PositiveSmallIntegerField(default=0)


class Decision(EquityPauseFields):
    """A major decision: what, when, by which body, and how staff input shaped it."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="voice_decisions")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="voice_decisions",
        help_text="Empty for a district decision.",
    )
    title = models.CharField(max_length=200)
    decided = models.TextField(help_text="What was decided.")
    decided_on = models.DateField()
    body = models.CharField(
        max_length=200, help_text="The body that decided (a team or committee, not a person)."
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="The working group that decided or recommended it, if any.",
    )
    staff_input = models.TextField(
        blank=True, help_text="How staff input shaped the decision (surveys, reviews, posts)."
    )
    links = models.TextField(
        blank=True, help_text="Links to survey results or agreement reviews, one per line."
    )
    posts = models.ManyToManyField(Post, blank=True, related_name="decisions")

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class Practice(models.Model):
    """A community-building structure that worked at a school."""

    KINDS = [
        ("meetings", "Staff meetings"),
        ("onboarding", "Welcoming new staff"),
        ("collaboration", "Collaboration and planning"),
        ("recognition", "Recognition and celebration"),
        ("wellbeing", "Wellbeing and care"),
        ("voice", "Staff voice and shared leadership"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="voice_practices")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="voice_practices")
    title = models.CharField(max_length=200, help_text="What the structure is, in a line.")
    kind = models.CharField(max_length=20, choices=KINDS)
    for_whom = models.CharField(max_length=200, help_text="Who it is for (which staff).")
    description = models.TextField(help_text="How it works.")
    evidence = models.TextField(help_text="What shows it worked.")
    contact_role = models.CharField(max_length=120, help_text="Whom to ask, by role (not by name).")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["-recorded_on", "title"]

    def __str__(self) -> str:
        return self.title


class Visit(models.Model):
    """A cross-school visit a coach arranges: one school visits another's practice."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    DONE = "done"
    STATUSES = [(PROPOSED, "Proposed"), (PLANNED, "Planned"), (DONE, "Done")]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="voice_visits")
    host = models.ForeignKey(School, on_delete=models.CASCADE, related_name="visits_hosted")
    visitor = models.ForeignKey(School, on_delete=models.CASCADE, related_name="visits_made")
    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    visit_on = models.DateField()
    purpose = models.TextField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PROPOSED)
    arranged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["visit_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(host=models.F("visitor")), name="voice_visit_two_schools"
            )
        ]
