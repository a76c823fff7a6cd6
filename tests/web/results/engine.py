"""The engine's own numbers, computed the way ``staffroom analyze`` would, for comparison."""

from __future__ import annotations

import math

from staffroom.analysis import SurveyResults, analyze_survey
from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.selectors import (
    DEMOGRAPHIC_FIELDS,
    cycle_instrument,
    cycle_responses_frame,
)


def engine(cycle: Cycle) -> SurveyResults:
    """``analyze_survey`` on the cycle's responses by school (as the brief prescribes)."""
    return analyze_survey(
        cycle_responses_frame(cycle),
        cycle_instrument(cycle).scale_specs(),
        group="school",
        by=list(DEMOGRAPHIC_FIELDS),
        min_n=cycle.min_n,
    )


def shown(value: object) -> str:
    """A statistic as the pages print it: two decimals, "" when the engine hid it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else f"{number:.2f}"
