"""Group patterns as pages show them: tables per measure and attribute, and questions.

The numbers come from ``staffroom.analysis.patterns.group_patterns`` (already suppressed);
this module picks a school's (or the district's) rows, labels them and, where a shown
group stands apart from the shown overall value, words a question about structures
(schedules, invitations, meeting habits, onboarding), never a judgement of people.
Comparing two shown numbers reveals nothing hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

__all__ = [
    "APART",
    "MEASURES",
    "MeasureInfo",
    "group_label",
    "question",
]

APART = 0.2
"""A group "stands apart" when its value differs from the overall value by at least this
share of the overall value (and both are shown)."""

_MIN_ABSOLUTE = {"absence_rate": 0.005, "meeting_spoke_share": 0.05, "beyond_contract": 0.05}
"""Smallest absolute difference worth a question (a 20% difference of a tiny rate is noise)."""


@dataclass(frozen=True)
class MeasureInfo:
    id: str
    title: str
    percent: bool

    def format(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return f"{value * 100:.1f}%" if self.percent else f"{value:.1f}"


def _measures() -> dict[str, MeasureInfo]:
    return {
        "absence_rate": MeasureInfo("absence_rate", _("Absence rate"), True),
        "pl_voluntary_sessions": MeasureInfo(
            "pl_voluntary_sessions", _("Voluntary sessions attended (per person)"), False
        ),
        "pl_mandatory_sessions": MeasureInfo(
            "pl_mandatory_sessions", _("Required sessions attended (per person)"), False
        ),
        "meeting_spoke_share": MeasureInfo(
            "meeting_spoke_share", _("Meetings in which the person spoke"), True
        ),
        "beyond_contract": MeasureInfo("beyond_contract", _("On a team beyond contract"), True),
    }


MEASURES = (
    "absence_rate",
    "pl_voluntary_sessions",
    "pl_mandatory_sessions",
    "meeting_spoke_share",
    "beyond_contract",
)
"""The per-person measures patterns compare, in the order pages list them."""


def measure_info(measure: str) -> MeasureInfo:
    return _measures().get(measure, MeasureInfo(measure, measure, False))


def group_label(attribute: str, group: str) -> str:
    """Who a group is, in words: "Staff hired in the last 2 years"."""
    labels = {
        "role": _("Staff in the role “%(group)s”"),
        "grade_band": _("Staff working with grades %(group)s"),
        "hire_band": _("Staff %(group)s"),
        "race_ethnicity": _("Staff who describe themselves as %(group)s"),
        "age_band": _("Staff aged %(group)s"),
    }
    if attribute == "hire_band" and not group.startswith("hired"):
        return _("Staff in the district %(group)s") % {"group": group}
    if attribute == "grade_band" and group.lower().startswith("all"):
        return _("Staff working with %(group)s") % {"group": group}
    return labels.get(attribute, "%(group)s") % {"group": group}


def _texts() -> dict[tuple[str, bool], str]:
    """(measure, higher?) -> the question; %(who)s, %(value)s and %(overall)s are filled in."""
    return {
        ("pl_voluntary_sessions", False): _(
            "%(who)s attended fewer voluntary sessions (%(value)s on average, against "
            "%(overall)s). What makes voluntary learning harder for them to join: its "
            "timing, how invitations reach them, cover for their duties?"
        ),
        ("pl_voluntary_sessions", True): _(
            "%(who)s attended more voluntary sessions (%(value)s on average, against "
            "%(overall)s). What draws them in, and could the same open the door for others?"
        ),
        ("pl_mandatory_sessions", False): _(
            "%(who)s attended fewer required sessions (%(value)s on average, against "
            "%(overall)s). Are the times and places of required learning workable for "
            "their schedules and roles?"
        ),
        ("absence_rate", True): _(
            "%(who)s were absent more often (%(value)s of working days, against "
            "%(overall)s). What in their workload, schedules or support might lie behind it?"
        ),
        ("meeting_spoke_share", False): _(
            "%(who)s spoke in fewer of the meetings they attended (%(value)s, against "
            "%(overall)s). How do agendas, turn-taking and facilitation make room for their "
            "voice?"
        ),
        ("beyond_contract", False): _(
            "Fewer %(who_lower)s are on teams beyond contract (%(value)s, against "
            "%(overall)s). Are these teams visible, open to them and timed so they can join?"
        ),
        ("beyond_contract", True): _(
            "More %(who_lower)s are on teams beyond contract (%(value)s, against "
            "%(overall)s). Is extra, unpaid work landing on the same people?"
        ),
    }


def question(row: Any, info: MeasureInfo) -> tuple[float, str] | None:
    """(how far apart, the question) for a shown group that stands apart, else None.

    ``row`` is one row of the engine's patterns table (``value``, ``overall_value``,
    ``attribute``, ``group``); hidden values give no question.
    """
    value, overall = row.value, row.overall_value
    if value is None or overall is None or pd.isna(value) or pd.isna(overall) or overall == 0:
        return None
    apart = abs(value - overall) / abs(overall)
    if apart < APART or abs(value - overall) < _MIN_ABSOLUTE.get(info.id, 0.0):
        return None
    text = _texts().get((info.id, bool(value > overall)))
    if text is None:
        return None
    who = group_label(str(row.attribute), str(row.group))
    words = {
        "who": who,
        "who_lower": who[0].lower() + who[1:],
        "value": info.format(float(value)),
        "overall": info.format(float(overall)),
    }
    return apart, text % words
