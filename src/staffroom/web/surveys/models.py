"""Survey cycles and how answers are kept apart from the people who gave them.

How anonymity is built in (see docs/decisions/0002-anonymous-responses.md):

* ``Invitation`` (who was asked, and whether they answered) and ``Response`` (what
  was answered) share no key, no person, no token and no time finer than the day.
* A submission first lands in the ``BallotEntry`` box. When the box holds at least
  the cycle's minimum group size, its entries move to ``Response``/``Comment`` together,
  in random order, in one transaction, and the box is emptied; so row order and
  transaction ids in the results tables say nothing about who answered when. When a
  cycle closes, the box is emptied and every response of the cycle is rewritten once
  more in random order, and invitation tokens and contact details are destroyed.
* ``SubmissionReceipt`` keeps a hash of each submission key (no answers, no person), so
  a repeated submission (double click, retry) is acknowledged without storing twice.
"""

from __future__ import annotations

import uuid

from django.db import models

from staffroom.web.orgs.models import District, School, Team

__all__ = [
    "BallotEntry",
    "Comment",
    "Cycle",
    "Invitation",
    "OpenLink",
    "Response",
    "SubmissionReceipt",
]


class Cycle(models.Model):
    """A survey run: an instrument, the schools and teams asked, and its dates.

    A ``feedback`` cycle is the district team's standing feedback link: always open,
    its answers read by month under the same suppression.
    """

    DRAFT, OPEN, CLOSED = "draft", "open", "closed"
    STATUSES = [(DRAFT, "Draft"), (OPEN, "Open"), (CLOSED, "Closed")]
    SURVEY, FEEDBACK, CHECK = "survey", "feedback", "check"
    KINDS = [(SURVEY, "Survey"), (FEEDBACK, "Standing feedback"), (CHECK, "Agreements check")]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="cycles")
    title = models.CharField(max_length=200)
    instrument_id = models.CharField(max_length=80)
    instrument_version = models.PositiveIntegerField(default=1)
    local_items = models.JSONField(
        default=list,
        blank=True,
        help_text="Extra items a district adds (wording in every language).",
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    min_n = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=10, choices=STATUSES, default=DRAFT)
    kind = models.CharField(max_length=10, choices=KINDS, default=SURVEY)
    results_published = models.BooleanField(
        default=False, help_text="Staff may see their school's results (if the district allows)."
    )
    schools = models.ManyToManyField(School, blank=True, related_name="cycles")
    teams = models.ManyToManyField(Team, blank=True, related_name="cycles")

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title


class OpenLink(models.Model):
    """An anonymous link for a school or a team; anyone with it may answer."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="open_links")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)


class Invitation(models.Model):
    """A single-use invitation. Records that a person answered, never what."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="invitations")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    contact = models.CharField(
        max_length=254, blank=True, help_text="Email or staff id; erased at close."
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    responded = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    draft = models.JSONField(
        default=dict,
        blank=True,
        help_text="Saved, unsent answers (save and resume); erased on send.",
    )
    language = models.CharField(max_length=5, default="en")


class SubmissionReceipt(models.Model):
    """Proof that a submission key was accepted (for idempotent retries). No answers."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="receipts")
    key_hash = models.CharField(max_length=64, unique=True)


class BallotEntry(models.Model):
    """A submitted answer set waiting to be moved, shuffled, into ``Response``.

    Every submission counts its group's waiting entries, and every move picks them, so
    one (cycle, school, team) index serves both; the table is a queue whose rows are
    deleted as fast as they come, and plain index scans skip the dead ones where a
    bitmap of single-column indexes would revisit every row deleted since the last
    vacuum."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="ballot", db_index=False
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, db_index=False
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, db_index=False)
    answers = models.JSONField(default=dict)
    demographics = models.JSONField(default=dict)
    comments = models.JSONField(default=dict)
    submitted_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["cycle", "school", "team"], name="surveys_ballot_group")]


class Response(models.Model):
    """One person's answers. Random id, day-level date, coarse demographics only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="responses")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    answers = models.JSONField(default=dict)
    demographics = models.JSONField(default=dict)
    submitted_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["cycle", "school"])]


class Comment(models.Model):
    """An open-text answer, stored apart from the response it came with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="comments")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    question_id = models.CharField(max_length=80)
    text = models.TextField()
