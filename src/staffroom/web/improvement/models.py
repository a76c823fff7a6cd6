"""Continuous improvement: metrics of success, PDSA cycles, the pulse schedule and the
district's readiness settings.

* ``Metric``: a measure of success drawn from data the district already has (a scale of
  the staff survey, a pulse question, or an indicator), for one school or the whole
  district, with a baseline, a target and a target date. Its values over time are never
  stored: ``selectors.metric_series`` reads them from the survey results (suppressed).
* ``PdsaCycle`` and ``PdsaStage``: a Plan-Do-Study-Act cycle (Langley et al. 2009, *The
  Improvement Guide*) for a school or a team, tied to metrics; each stage keeps its notes
  and an equity pause (``staffroom.web.core.equity``). ``PdsaEvent`` is its history.
* ``PulseSchedule`` and ``PulseRun``: when the short pulse survey opens (monthly, on a
  given day) for one school or every school; each run is the cycle it opened.
* ``ReadinessConfig``: the district's thresholds and weights for the readiness judgement
  (defaults from ``staffroom.analysis.readiness.ReadinessSettings``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from staffroom.web.core.equity import EquityPauseFields
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import Cycle

__all__ = [
    "Metric",
    "PdsaCycle",
    "PdsaEvent",
    "PdsaStage",
    "PulseRun",
    "PulseSchedule",
    "ReadinessConfig",
]


class Metric(models.Model):
    """A measure of success, its baseline and its target; values come from the data."""

    SURVEY, PULSE, INDICATOR = "survey", "pulse", "indicator"
    SOURCES = [
        (SURVEY, "Staff survey scale"),
        (PULSE, "Monthly pulse question"),
        (INDICATOR, "Staff indicator"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="metrics")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="metrics",
        help_text="Empty: the whole district.",
    )
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=SOURCES, default=PULSE)
    instrument_id = models.CharField(
        max_length=80,
        default="staff-climate",
        help_text="The survey whose scale is followed (survey metrics).",
    )
    scale_id = models.CharField(max_length=80, blank=True)
    indicator = models.CharField(max_length=80, blank=True)
    higher_is_better = models.BooleanField(default=True)
    baseline = models.FloatField()
    baseline_note = models.CharField(
        max_length=200, blank=True, help_text="Where the baseline comes from."
    )
    target = models.FloatField()
    target_date = models.DateField()
    why = models.TextField(blank=True, help_text="Why this measure shows success.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "title"]

    def __str__(self) -> str:
        return self.title


class PdsaCycle(models.Model):
    """A Plan-Do-Study-Act cycle: a change tried on a small scale, and what was learnt."""

    PLAN, DO, STUDY, ACT, DONE = "plan", "do", "study", "act", "done"
    STAGES = [(PLAN, "Plan"), (DO, "Do"), (STUDY, "Study"), (ACT, "Act")]
    STATUSES = [*STAGES, (DONE, "Finished")]
    ADOPT, ADAPT, ABANDON = "adopt", "adapt", "abandon"
    DECISIONS = [
        (ADOPT, "Adopt: keep the change"),
        (ADAPT, "Adapt: change it and test again"),
        (ABANDON, "Abandon: stop the change"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="pdsa_cycles")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="pdsa_cycles"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="pdsa_cycles"
    )
    metrics = models.ManyToManyField(Metric, blank=True, related_name="pdsa_cycles")
    title = models.CharField(max_length=200)
    change_idea = models.TextField(help_text="The change being tried.")
    prediction = models.TextField(help_text="What the team expects to happen, and why.")
    stage = models.CharField(max_length=10, choices=STATUSES, default=PLAN)
    decision = models.CharField(max_length=10, choices=DECISIONS, blank=True)
    started_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        """Where the cycle runs: "School · Team", the school, the team, or "District"."""
        parts = [str(o) for o in (self.school, self.team) if o is not None]
        return " · ".join(parts) or "District"


class PdsaStage(EquityPauseFields):
    """One stage of a cycle: its notes and the equity pause taken before moving on."""

    cycle = models.ForeignKey(PdsaCycle, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=10, choices=PdsaCycle.STAGES)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "stage"], name="pdsa_stage_once_per_cycle")
        ]


class PdsaEvent(models.Model):
    """The history of a cycle: who did what, when (stage moves, notes, pauses)."""

    cycle = models.ForeignKey(PdsaCycle, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "pk"]


class PulseSchedule(models.Model):
    """When the pulse survey opens, for one school or (``school`` empty) every school."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="pulse_schedules")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pulse_schedules",
        help_text="Empty: every school of the district, in one cycle.",
    )
    starts_on = models.DateField(
        help_text="The first opening day; later ones fall on the same day."
    )
    every_months = models.PositiveSmallIntegerField(default=1)
    open_days = models.PositiveSmallIntegerField(
        default=7, help_text="How many days each pulse stays open."
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school"], name="pulse_schedule_per_school"
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=models.Q(school__isnull=True),
                name="pulse_schedule_district_once",
            ),
        ]


class PulseRun(models.Model):
    """A pulse cycle a schedule opened (one per opening day: what makes opening idempotent)."""

    schedule = models.ForeignKey(PulseSchedule, on_delete=models.CASCADE, related_name="runs")
    opens_on = models.DateField()
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="pulse_run")

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "opens_on"], name="pulse_run_once")
        ]


class ReadinessConfig(models.Model):
    """The district's own readiness thresholds and weights (those it changed; the rest
    are ``ReadinessSettings`` defaults)."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="readiness_config"
    )
    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
