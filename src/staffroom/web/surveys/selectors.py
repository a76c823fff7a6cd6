"""Reads for surveys: instruments of cycles and responses as analysis-ready tables."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd

from staffroom.instruments import Instrument, Item, Scale, load_builtin
from staffroom.web.orgs.models import District
from staffroom.web.surveys.models import Cycle, Response

__all__ = [
    "DEMOGRAPHIC_FIELDS",
    "LOCAL_SCALE_ID",
    "cycle_instrument",
    "cycle_responses_frame",
    "feedback_cycle_get",
]

DEMOGRAPHIC_FIELDS = ("role", "grade_band", "hire_band", "race_ethnicity", "age_band")
"""Self-described, coarse demographic bands a response may carry (all optional)."""


@lru_cache(maxsize=32)
def _builtin(instrument_id: str) -> Instrument:
    return load_builtin(instrument_id)


LOCAL_SCALE_ID = "local"
"""Scale id of the items a district adds to a cycle."""


@lru_cache(maxsize=64)
def _with_local_items(instrument_id: str, local_items_json: str) -> Instrument:
    """The built-in instrument plus one scale of the district's own items.

    The local scale uses the instrument's first answer set and gets its own instrument
    id (a digest of the items), so anything cached per instrument stays correct.
    """
    base = _builtin(instrument_id)
    local = json.loads(local_items_json)
    first = base.scales[0]
    scale = Scale(
        id=LOCAL_SCALE_ID,
        title={lang: _LOCAL_TITLE.get(lang, _LOCAL_TITLE["en"]) for lang in base.languages},
        answers=first.answers,
        items=tuple(
            Item(
                id=item["id"],
                text={
                    lang: item["text"].get(lang) or item["text"]["en"] for lang in base.languages
                },
            )
            for item in local
        ),
        description={
            lang: _LOCAL_DESCRIPTION.get(lang, _LOCAL_DESCRIPTION["en"]) for lang in base.languages
        },
        construct="Items added by the district for this cycle (not a validated scale)",
    )
    digest = hashlib.sha256(local_items_json.encode("utf-8")).hexdigest()[:10]
    return replace(base, id=f"{base.id}+local-{digest}", scales=(*base.scales, scale))


_LOCAL_TITLE = {"en": "Questions from your district", "es": "Preguntas de su distrito"}
_LOCAL_DESCRIPTION = {
    "en": "Questions your district added to this survey.",
    "es": "Preguntas que su distrito agregó a esta encuesta.",
}


def cycle_instrument(cycle: Cycle) -> Instrument:
    """The instrument a cycle uses, with the district's local items as a last section
    (parsed once per process)."""
    if cycle.local_items:
        return _with_local_items(cycle.instrument_id, json.dumps(cycle.local_items, sort_keys=True))
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
