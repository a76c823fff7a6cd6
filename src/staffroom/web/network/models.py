"""Connection map: ties between people on the district's roster.

A ``Tie`` links two ``accounts.RosterEntry`` rows of one district: school staff (who
have a school) or district-office staff (no school, members of a ``Team`` of kind
"district"). Ties come from a district's upload (a name-generator survey, an observation
log) or the demo. An observed informal gathering is recorded as a tie of type
"seen together at an informal gathering" between the people seen together. No statistic
is stored here: ``staffroom.analysis.network`` computes them when a page asks.
"""

from __future__ import annotations

from django.db import models

from staffroom.web.accounts.models import RosterEntry
from staffroom.web.orgs.models import District

__all__ = ["CLOSE_TIE_TYPES", "Tie"]


class Tie(models.Model):
    """One relationship between two people (directed: ``source`` named ``target``)."""

    PHONE = "phone_numbers"
    WORKED_BEFORE = "worked_together_before"
    SOCIAL = "social"
    MAJOR_PROJECT = "major_project"
    ADVICE = "advice"
    SIT_TOGETHER = "sit_together"
    GATHERING = "gathering"
    TYPES = [
        (PHONE, "Exchanged phone numbers"),
        (WORKED_BEFORE, "Worked together before"),
        (SOCIAL, "See each other socially"),
        (MAJOR_PROJECT, "Worked closely on a major project"),
        (ADVICE, "Go to for advice"),
        (SIT_TOGETHER, "Sit together"),
        (GATHERING, "Seen together at an informal gathering"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="ties_out")
    target = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="ties_in")
    type = models.CharField(max_length=30, choices=TYPES)
    directed = models.BooleanField(
        default=False,
        help_text="True when the tie goes one way (the source goes to the target for advice).",
    )
    weight = models.FloatField(default=1.0, help_text="Strength or frequency; 1 when unknown.")
    observed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["district", "type"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="tie_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id} ({self.type})"


CLOSE_TIE_TYPES = (Tie.MAJOR_PROJECT, Tie.ADVICE, Tie.SOCIAL)
"""Ties that count as "close" on the district-team page: shared work on something that
mattered, seeking advice, or choosing each other's company outside work. Phone numbers,
past co-working, seating and being seen at the same gathering are weaker signals."""
