"""Continuum and agreements: models.

Two halves:

* the continuum self-assessment: a team (a school's staff, or the district team) runs an
  ``AssessmentRound`` on a rubric; each member keeps a private ``Rating`` per dimension
  (with evidence) until the round is revealed; the team then records one ``AgreedLevel``
  per dimension with its next steps;
* shared agreements: an ``AgreementSet`` (a school's or the district team's) is drafted,
  commented on (``AgreementComment``), adopted after an equity pause, reviewed on a
  schedule (``AgreementReview``), and checked monthly through an anonymous survey cycle
  (``AgreementCheck``, one per version of the set's wording).

A team is a school, or the district team when ``school`` is empty.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from staffroom.web.core.equity import EquityPauseFields
from staffroom.web.orgs.models import District, School
from staffroom.web.surveys.models import Cycle

__all__ = [
    "AgreedLevel",
    "Agreement",
    "AgreementCheck",
    "AgreementComment",
    "AgreementReview",
    "AgreementSet",
    "AssessmentRound",
    "Rating",
]


class AssessmentRound(models.Model):
    """One run of the continuum self-assessment by a school's team or the district team."""

    RATING, REVEALED = "rating", "revealed"
    STATUSES = [(RATING, "Members are rating"), (REVEALED, "Revealed to the team")]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="rounds")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="continuum_rounds",
        help_text="Empty for the district team's round.",
    )
    continuum_id = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    started_on = models.DateField()
    revealed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=RATING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def revealed(self) -> bool:
        return self.status == self.REVEALED


class Rating(models.Model):
    """A member's own rating of one dimension, with evidence. Private until the reveal;
    after it, the team sees only the count at each level, never who chose which."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="continuum_ratings",
        help_text="Empty once the member's account is deleted: the rating still counts "
        "in the round's spread and history.",
    )
    dimension_id = models.CharField(max_length=80)
    level = models.PositiveSmallIntegerField(help_text="Rank of the level (1 = the lowest).")
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rater", "dimension_id"], name="one_rating_per_dimension"
            )
        ]


class AgreedLevel(models.Model):
    """The level the team agreed on for a dimension after discussing the spread."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="agreed")
    dimension_id = models.CharField(max_length=80)
    level = models.PositiveSmallIntegerField(help_text="Rank of the level (1 = the lowest).")
    next_steps = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "dimension_id"], name="one_agreed_level")
        ]


class AgreementSet(EquityPauseFields):
    """A team's shared agreements: drafted, commented on, adopted, reviewed."""

    DRAFT, ADOPTED = "draft", "adopted"
    STATUSES = [(DRAFT, "Draft"), (ADOPTED, "Adopted")]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="agreement_sets")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreement_sets",
        help_text="Empty for the district team's agreements.",
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=STATUSES, default=DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drafted_on = models.DateField()
    adopted_on = models.DateField(null=True, blank=True)
    review_every_months = models.PositiveSmallIntegerField(default=6)
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["school__name", "-drafted_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Agreement(models.Model):
    """One agreement of a set. Retired agreements stay (the monthly check and the review
    record point at them) but are no longer current."""

    agreement_set = models.ForeignKey(
        AgreementSet, on_delete=models.CASCADE, related_name="agreements"
    )
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class AgreementComment(models.Model):
    """A named comment on a set (see docs/web-continuum.md for why comments are named)."""

    agreement_set = models.ForeignKey(
        AgreementSet, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    written_on = models.DateField()

    class Meta:
        ordering = ["written_on", "pk"]


class AgreementReview(models.Model):
    """A scheduled review: what the team changed, and the wording before and after."""

    agreement_set = models.ForeignKey(
        AgreementSet, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField(help_text="What the team discussed and why it changed (or kept) them.")
    added = models.JSONField(default=list, blank=True)
    retired = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]


class AgreementCheck(models.Model):
    """The anonymous monthly check of one version of a set's wording: a standing survey
    cycle whose local items are the agreements (``items`` maps LOCALnn to agreement ids)."""

    agreement_set = models.ForeignKey(AgreementSet, on_delete=models.CASCADE, related_name="checks")
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="agreement_check")
    items = models.JSONField(default=dict)
    started_on = models.DateField()

    class Meta:
        ordering = ["started_on", "pk"]
