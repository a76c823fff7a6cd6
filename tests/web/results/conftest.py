"""A seeded district for the results tests, built from synthetic staff-climate answers.

Spring 2026 (open) by school, with the engine's suppression in view (min_n 5):

* Alder (the cast's school, coached by the coach): 30 responses, 12 comments; its roles
  are 22 teachers, 3 paraprofessionals and 5 specialists, so paraprofessionals are
  hidden and specialists are hidden with them (complementary suppression);
* Birch: 8 responses (a low response rate of 8/40), 3 comments; CT01 answered by 4;
* Cedar: 6 responses, every answer scored 5 (mean 5.00), hidden only to protect Dogwood;
* Dogwood: 3 responses, scored 1, 1 and 2 (mean 1.33), hidden (fewer than 5).

Fall 2025 (closed, same instrument): Alder 20, Birch 4 and Cedar 10, so Birch is hidden
and Cedar with it: change is available for Alder only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from staffroom.demo.synthetic import synthetic_survey
from staffroom.instruments import load_builtin
from staffroom.web.orgs.models import School
from staffroom.web.results.selectors import cycle_results_cache_clear
from staffroom.web.surveys.models import Comment, Cycle
from staffroom.web.surveys.selectors import DEMOGRAPHIC_FIELDS
from tests.web.conftest import Cast
from tests.web.factories import CycleFactory, ResponseFactory, SchoolFactory

CLIMATE = load_builtin("staff-climate")
PULSE = load_builtin("pulse")
DOGWOOD_MEAN = "1.33"
CEDAR_MEAN = "5.00"
HIDDEN = "hidden (fewer than 5)"


@pytest.fixture(autouse=True)
def _fresh_results_cache():
    """Database ids repeat between tests; cached analyses must not."""
    cycle_results_cache_clear()
    yield
    cycle_results_cache_clear()


def _answers(row: pd.Series, items: list[str]) -> dict[str, int | None]:
    return {item: None if pd.isna(row[item]) else int(row[item]) for item in items}


def add_synthetic(
    cycle: Cycle,
    school: School | None,
    size: int,
    seed: int,
    *,
    roles: list[str] | None = None,
    submitted_on: dt.date = dt.date(2026, 3, 10),
    edit: Callable[[int, dict[str, int | None]], None] | None = None,
) -> pd.DataFrame:
    """``size`` synthetic responses for ``school`` (staffroom.demo.synthetic_survey)."""
    instrument = load_builtin(cycle.instrument_id)
    frame = synthetic_survey(instrument.scale_specs(), [size], np.random.default_rng(seed))
    if roles is not None:
        frame["role"] = pd.array(roles, dtype="string")
    items = instrument.item_ids
    for i, (_, row) in enumerate(frame.iterrows()):
        answers = _answers(row, items)
        if edit is not None:
            edit(i, answers)
        ResponseFactory(
            cycle=cycle,
            school=school,
            answers=answers,
            demographics={f: str(row[f]) for f in DEMOGRAPHIC_FIELDS if str(row[f])},
            submitted_on=submitted_on,
        )
    return frame


def add_scored(cycle: Cycle, school: School, scores: list[int]) -> None:
    """One response per score: every staff-climate item answered so that it scores so."""
    for score in scores:
        answers = {
            item.id: (6 - score if item.reverse else score)
            for scale in CLIMATE.scales
            for item in scale.items
        }
        ResponseFactory(cycle=cycle, school=school, answers=answers, demographics={})


@dataclass
class Survey:
    cast: Cast
    cycle: Cycle
    previous: Cycle
    alder: School
    birch: School
    cedar: School
    dogwood: School


@pytest.fixture
def survey(cast: Cast) -> Survey:
    district = cast.district
    cedar = SchoolFactory(district=district, name="Cedar High", slug="cedar")
    dogwood = SchoolFactory(district=district, name="Dogwood K-8", slug="dogwood")
    alder, birch = cast.school, cast.other_school
    previous = CycleFactory(
        district=district,
        title="Fall 2025",
        status=Cycle.CLOSED,
        opens_on=dt.date(2025, 10, 1),
        closes_on=dt.date(2025, 10, 31),
    )
    cycle = CycleFactory(district=district, title="Spring 2026", status=Cycle.OPEN)
    for c in (previous, cycle):
        c.schools.add(alder, birch, cedar, dogwood)

    add_synthetic(previous, alder, 20, seed=11)
    add_synthetic(previous, birch, 4, seed=12)
    add_synthetic(previous, cedar, 10, seed=13)

    add_synthetic(
        cycle,
        alder,
        30,
        seed=1,
        roles=["teacher"] * 22 + ["paraprofessional"] * 3 + ["specialist"] * 5,
    )

    def ct01_by_four(i: int, answers: dict[str, int | None]) -> None:
        """CT01 answered by only 4 of Birch's 8: its distribution must be hidden."""
        answers["CT01"] = 4 if i < 4 else None

    add_synthetic(cycle, birch, 8, seed=2, edit=ct01_by_four)
    add_scored(cycle, cedar, [5] * 6)
    add_scored(cycle, dogwood, [1, 1, 2])

    for i in range(12):
        Comment.objects.create(
            cycle=cycle, school=alder, question_id="COMMENT_COLLAB", text=f"Alder comment {i:02d}"
        )
    Comment.objects.create(
        cycle=cycle,
        school=alder,
        question_id="COMMENT_IMPROVE",
        text="<script>alert('x')</script> & more",
    )
    for i in range(3):
        Comment.objects.create(
            cycle=cycle, school=birch, question_id="COMMENT_COLLAB", text=f"Birch comment {i}"
        )
    return Survey(cast, cycle, previous, alder, birch, cedar, dogwood)
