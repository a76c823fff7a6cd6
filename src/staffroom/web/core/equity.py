"""Equity pauses: a short structured reflection kept with an improvement cycle's stages and
with an agreement set before it is adopted.

The three questions follow the equity-centred improvement practice of asking, at each
decision point, who gains, who bears the cost and who was not heard (Bryk, Gomez, Grunow
& LeMahieu 2015, *Learning to Improve*; Safir & Dugan 2021, *Street Data*, on listening to
the voices at the margins). The wording is Staffroom's own.
"""

from __future__ import annotations

from django.db import models

__all__ = ["EQUITY_PAUSE_QUESTIONS", "EquityPauseFields"]

EQUITY_PAUSE_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "who_benefits",
        "Who gains from this?",
        "Name the staff groups this step helps most, and those it helps least.",
    ),
    (
        "who_carries",
        "Who carries the extra work or risk?",
        "Think of time, emotional labour and visibility: does it fall on the same people "
        "as usual (new staff, staff of colour, the few who always say yes)?",
    ),
    (
        "whose_voice",
        "Whose voice is missing?",
        "Which groups did not shape this step, and how will you hear from them before the "
        "next one?",
    ),
)
"""(field name, question, prompt) for each part of the pause, in the order asked."""


class EquityPauseFields(models.Model):
    """The three answers of an equity pause, for any model that keeps one."""

    who_benefits = models.TextField(blank=True)
    who_carries = models.TextField(blank=True)
    whose_voice = models.TextField(blank=True)
    paused_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def equity_pause_done(self) -> bool:
        """All three questions have an answer."""
        return all(getattr(self, name).strip() for name, _, _ in EQUITY_PAUSE_QUESTIONS)
