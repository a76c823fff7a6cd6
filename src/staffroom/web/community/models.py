"""Adult community: the district's own records that say something about staff community.

Each model holds one of the data sources a district brings (by upload, or the demo):

* ``AbsenceRecord``: days absent out of days expected, for one person or a whole school,
  over one period (usually a month);
* ``StaffExit``: someone leaving a school, voluntary or not;
* ``LearningEvent`` and ``LearningAttendance``: professional-learning sessions
  (voluntary or mandatory) and who came (a person, or a head count for a school);
* ``Practice`` and ``PracticeObservation``: a schoolwide practice and observations of
  whether it is in use (the uptake of an initiative);
* ``DistrictRequest``: a school's request to the district team and when it was answered;
* ``Meeting`` and ``MeetingAttendance``: team meetings, who was there, how often they
  spoke and for how long (meeting voice);
* ``DataImport``: the log of uploads (counts only).

Person links point at ``accounts.RosterEntry`` (matched by staff id within the district
when a file is imported). No statistic is kept here: the indicator engine
(``staffroom.analysis.indicators``) computes them, with suppression, when a page asks.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from staffroom.io.sources import EXIT_REASONS, REQUEST_CHANNELS
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.orgs.models import District, School, Team

__all__ = [
    "AbsenceRecord",
    "DataImport",
    "DistrictRequest",
    "LearningAttendance",
    "LearningEvent",
    "Meeting",
    "MeetingAttendance",
    "Practice",
    "PracticeObservation",
    "StaffExit",
]


def _person() -> models.ForeignKey:
    return models.ForeignKey(
        RosterEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person on the roster (matched by staff id), if the record is personal.",
    )


class AbsenceRecord(models.Model):
    """Days absent over a period, for one person or (``person`` empty) a whole school."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="absences")
    person = _person()
    period_start = models.DateField()
    period_end = models.DateField()
    work_days = models.FloatField(help_text="Working days in the period, per person.")
    days_absent = models.FloatField(help_text="Days absent (a school's total on a school row).")
    staff_count = models.PositiveIntegerField(
        default=1, help_text="People the record covers (1 for a personal record)."
    )

    class Meta:
        ordering = ["period_start", "school_id"]
        indexes = [models.Index(fields=["district", "period_start"])]


class StaffExit(models.Model):
    """Someone leaving a school; ``voluntary`` follows from the reason (None: unknown)."""

    REASONS = [(reason, reason.replace("_", " ").capitalize()) for reason in EXIT_REASONS]
    INVOLUNTARY_REASONS = ("contract_not_renewed", "dismissed")
    UNKNOWN_REASONS = ("", "other")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="exits")
    person = _person()
    exit_date = models.DateField()
    reason = models.CharField(max_length=40, choices=REASONS, blank=True)
    voluntary = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["exit_date"]

    @classmethod
    def voluntary_for(cls, reason: str) -> bool | None:
        """Whether leaving for ``reason`` was the person's choice (None when unknown)."""
        if reason in cls.UNKNOWN_REASONS:
            return None
        return reason not in cls.INVOLUNTARY_REASONS


class LearningEvent(models.Model):
    """A professional-learning session offered to staff of some schools."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64, help_text="The event's id in the district's files.")
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=100, blank=True)
    date = models.DateField()
    mandatory = models.BooleanField(default=False)
    schools = models.ManyToManyField(School, blank=True, related_name="learning_events")
    """The schools whose staff were invited (empty: every school of the district)."""

    class Meta:
        ordering = ["date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="learning_event_per_district")
        ]

    def __str__(self) -> str:
        return self.title


class LearningAttendance(models.Model):
    """A person at a learning event, or (``person`` empty) a school's head count."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="attendance")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    person = _person()
    count = models.PositiveIntegerField(default=1)


class Practice(models.Model):
    """A schoolwide practice staff are expected to use (an initiative whose uptake is
    observed)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="practice_name_per_district")
        ]

    def __str__(self) -> str:
        return self.name


class PracticeObservation(models.Model):
    """One observation: was the practice in use (in a classroom, a hallway, a meeting)?"""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="observations")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    person = _person()
    date = models.DateField()
    using = models.BooleanField()

    class Meta:
        ordering = ["date"]


class DistrictRequest(models.Model):
    """A school's request to the district team and, once answered, when."""

    CHANNELS = [(channel, channel.capitalize()) for channel in REQUEST_CHANNELS]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64, help_text="The request's id in the district's files.")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=CHANNELS)
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="district_request_code")
        ]


class Meeting(models.Model):
    """A staff or team meeting whose attendance and voice were noted."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64, help_text="The meeting's id in the district's files.")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateField()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="meeting_code_per_district")
        ]


class MeetingAttendance(models.Model):
    """A member expected at a meeting: present or not, turns taken, minutes spoken."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = _person()
    present = models.BooleanField(default=True)
    turns = models.PositiveIntegerField(null=True, blank=True)
    minutes = models.FloatField(null=True, blank=True, help_text="Minutes the member spoke.")


class DataImport(models.Model):
    """One accepted upload: which kind, which file, how many rows, by whom (no content)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class UploadJob(models.Model):
    """A large upload checked and imported by the background worker, so that the request
    that sent it returns at once. The file's bytes stay only until the worker has read
    them; what remains is the outcome (counts, or the problems found)."""

    QUEUED, RUNNING, DONE, REJECTED, FAILED = "queued", "running", "done", "rejected", "failed"
    OVERDUE = dt.timedelta(minutes=15)
    STATUSES = [
        (QUEUED, "Waiting"),
        (RUNNING, "Being checked"),
        (DONE, "Imported"),
        (REJECTED, "Not imported: problems found"),
        (FAILED, "Not imported: an error"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=255)
    content = models.BinaryField(default=b"", editable=False)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    rows = models.PositiveIntegerField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    """Problems found (at most ``services.MAX_ERRORS``): path, row, column, problem."""
    error_total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def pending(self) -> bool:
        return self.status in (self.QUEUED, self.RUNNING)

    @property
    def overdue(self) -> bool:
        """Still waiting or running after ``OVERDUE`` (no worker running, or one that
        died mid-file): the page says so instead of waiting in silence."""
        return self.pending and timezone.now() - self.created_at > self.OVERDUE

    @property
    def more_errors(self) -> int:
        """Problems found beyond those kept in ``errors``."""
        return max(self.error_total - len(self.errors), 0)
