"""Pulse cycles with answers for the improvement tests (min_n 5).

``pulse_months`` builds monthly closed pulse cycles for Alder and Birch. Each month's
answers give every pulse item the same value, so a school's scale mean that month is
known exactly; a month where a school has fewer than 5 answers is hidden by the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest
from django.test import Client

from staffroom.instruments import load_builtin
from staffroom.web.improvement.models import Metric
from staffroom.web.improvement.selectors import metric_series_cache_clear
from staffroom.web.improvement.services import metric_create
from staffroom.web.orgs.models import School
from staffroom.web.results.selectors import cycle_results_cache_clear
from staffroom.web.surveys.models import Cycle
from tests.web.factories import CycleFactory, ResponseFactory

PULSE = load_builtin("pulse")


@pytest.fixture(autouse=True)
def _fresh_results_cache():
    """Database ids repeat between tests; cached analyses must not."""
    cycle_results_cache_clear()
    metric_series_cache_clear()
    yield
    cycle_results_cache_clear()
    metric_series_cache_clear()


def add_answers(cycle: Cycle, school: School | None, values: Sequence[int]) -> None:
    """One response per value, every pulse item answered with that value."""
    for value in values:
        ResponseFactory(
            cycle=cycle,
            school=school,
            answers={item: value for item in PULSE.item_ids},
            submitted_on=cycle.opens_on,
        )


def client_for(user) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


PulseMonths = Callable[..., list[Cycle]]


@pytest.fixture
def pulse_months(cast) -> PulseMonths:
    """``pulse_months([(alder values, birch values), ...])``: one closed pulse a month
    from September 2025 for Alder and Birch."""

    def build(months: Sequence[tuple[Sequence[int], Sequence[int]]]) -> list[Cycle]:
        cycles = []
        for index, (alder, birch) in enumerate(months):
            opens_on = dt.date(2025 + (8 + index) // 12, (8 + index) % 12 + 1, 8)
            cycle = CycleFactory(
                district=cast.district,
                title=f"Pulse {opens_on:%B %Y}",
                instrument_id="pulse",
                opens_on=opens_on,
                closes_on=opens_on + dt.timedelta(days=7),
                status=Cycle.CLOSED,
            )
            cycle.schools.add(cast.school, cast.other_school)
            add_answers(cycle, cast.school, alder)
            add_answers(cycle, cast.other_school, birch)
            cycles.append(cycle)
        return cycles

    return build


def alder_trust_metric(cast, **changes) -> Metric:
    """Alder's "Staff can count on each other" pulse metric (baseline 3, target 4)."""
    values = {
        "district": cast.district,
        "school": cast.school,
        "title": "Staff can count on each other",
        "source": Metric.PULSE,
        "scale_id": "colleague_trust",
        "baseline": 3.0,
        "target": 4.0,
        "target_date": dt.date(2027, 6, 1),
    }
    return metric_create(**{**values, **changes})
