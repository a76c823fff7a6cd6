"""Reads for surveys: instruments of cycles and responses as analysis-ready tables."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from staffroom.instruments import Instrument, load_builtin
from staffroom.web.orgs.models import District
from staffroom.web.surveys.models import Cycle, Response

__all__ = [
    "DEMOGRAPHIC_FIELDS",
    "cycle_instrument",
    "cycle_responses_frame",
    "feedback_cycle_get",
]

DEMOGRAPHIC_FIELDS = ("role", "grade_band", "hire_band", "race_ethnicity", "age_band")
"""Self-described, coarse demographic bands a response may carry (all optional)."""


@lru_cache(maxsize=32)
def _builtin(instrument_id: str) -> Instrument:
    return load_builtin(instrument_id)


def cycle_instrument(cycle: Cycle) -> Instrument:
    """The instrument a cycle uses (parsed once per process)."""
    return _builtin(cycle.instrument_id)


def cycle_responses_frame(cycle: Cycle) -> pd.DataFrame:
    """One row per response: ``school``, ``team``, demographics, then item columns.

    Items are float (NaN = not answered or "prefer not to answer"); group columns are
    text, blank when not reported. This is what ``staffroom.analysis`` takes.
    """
    instrument = cycle_instrument(cycle)
    items = instrument.item_ids
    rows = Response.objects.filter(cycle=cycle).values_list(
        "school__name", "team__name", "answers", "demographics"
    )
    schools, teams, answer_rows, demographic_rows = [], [], [], []
    for school, team, answers, demographics in rows.iterator(chunk_size=2000):
        schools.append(school or "")
        teams.append(team or "")
        answer_rows.append([answers.get(item) for item in items])
        demographic_rows.append([demographics.get(f, "") for f in DEMOGRAPHIC_FIELDS])
    frame = pd.DataFrame(
        {
            "school": pd.array(schools, dtype="string"),
            "team": pd.array(teams, dtype="string"),
        }
    )
    demographic = np.array(demographic_rows, dtype=object).reshape(-1, len(DEMOGRAPHIC_FIELDS))
    for j, name in enumerate(DEMOGRAPHIC_FIELDS):
        frame[name] = pd.array(demographic[:, j].tolist(), dtype="string")
    values = np.array(
        [[np.nan if v is None else v for v in row] for row in answer_rows], dtype=np.float64
    ).reshape(-1, len(items))
    return pd.concat([frame, pd.DataFrame(values, columns=items)], axis=1)


def feedback_cycle_get(district: District) -> Cycle | None:
    """The district's open standing feedback cycle, if it has one."""
    return (
        Cycle.objects.filter(district=district, kind=Cycle.FEEDBACK, status=Cycle.OPEN)
        .order_by("pk")
        .first()
    )
