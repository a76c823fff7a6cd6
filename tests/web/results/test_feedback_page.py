"""The standing feedback cycle: pulse scales by month, with the same suppression."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse

from staffroom.analysis import analyze_survey
from staffroom.web.surveys.models import Cycle, Response
from tests.web.factories import CycleFactory
from tests.web.results.conftest import HIDDEN, PULSE, add_synthetic
from tests.web.results.engine import shown
from tests.web.results.pages import cells, rows

URL = "/results/feedback/"
MONTHS = {"2026-03": 12, "2026-04": 9, "2026-05": 6, "2026-06": 2}
"""June (2) is hidden, and May (6) with it, so June cannot be worked out from the total."""


@pytest.fixture
def feedback(cast) -> Cycle:
    cycle = CycleFactory(
        district=cast.district,
        title="Monthly pulse",
        instrument_id="pulse",
        kind=Cycle.FEEDBACK,
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 12, 31),
    )
    for seed, (month, size) in enumerate(MONTHS.items()):
        day = dt.date.fromisoformat(f"{month}-15")
        add_synthetic(cycle, None, size, seed=seed, submitted_on=day)
    return cycle


def _expected(cycle: Cycle):
    """analyze_survey by month on a frame built here, independently of the selectors."""
    records = list(Response.objects.filter(cycle=cycle).values_list("submitted_on", "answers"))
    frame = pd.DataFrame(
        {
            "month": pd.array([f"{d:%Y-%m}" for d, _ in records], dtype="string"),
            **{
                item: np.array(
                    [np.nan if a.get(item) is None else a[item] for _, a in records], dtype=float
                )
                for item in PULSE.item_ids
            },
        }
    )
    return analyze_survey(frame, PULSE.scale_specs(), group="month", min_n=cycle.min_n)


def test_the_url_is_named():
    assert reverse("results:feedback") == URL


def test_each_month_shows_the_engines_means_by_month(client, cast, feedback):
    client.force_login(cast.admin)
    page = client.get(URL).content.decode()
    table = rows(page, attr="data-month")
    results = _expected(feedback)
    assert set(table) == {*MONTHS, "all"}
    for month in ("2026-03", "2026-04"):
        row = cells(table[month])
        assert row["n"] == str(MONTHS[month])
        for scale in PULSE.scales:
            assert row[scale.id] == shown(results.group_scales.at[(month, scale.id), "mean"])
    overall = cells(table["all"])
    for scale in PULSE.scales:
        assert overall[scale.id] == shown(results.scales.at[scale.id, "mean"])
    assert "March 2026" in page
    assert "April 2026" in page


def test_small_months_are_hidden_with_complementary_suppression(client, cast, feedback):
    client.force_login(cast.admin)
    page = client.get(URL).content.decode()
    table = rows(page, attr="data-month")
    results = _expected(feedback)
    for month in ("2026-05", "2026-06"):
        assert set(cells(table[month]).values()) == {HIDDEN}
        assert bool(results.groups.at[month, "suppressed"])


def test_the_chart_has_a_text_alternative(client, cast, feedback):
    client.force_login(cast.admin)
    page = client.get(URL).content.decode()
    assert page.count("<svg") == 1
    assert 'role="img"' in page
    assert "<title>Line charts, one per scale" in page


def test_without_a_feedback_cycle_the_page_says_so(client, cast):
    client.force_login(cast.coach)
    response = client.get(URL)
    assert response.status_code == 200
    assert "The district has no standing feedback link yet." in response.content.decode()


def test_a_survey_cycle_is_not_a_feedback_cycle(client, cast, feedback):
    survey_cycle = CycleFactory(district=cast.district)
    client.force_login(cast.admin)
    assert client.get(URL, {"cycle": survey_cycle.pk}).status_code == 404
    assert client.get(URL, {"cycle": feedback.pk}).status_code == 200


@pytest.mark.parametrize(("role", "status"), [("leader", 404), ("staff", 404), ("coach", 200)])
def test_only_district_viewers_see_feedback(client, cast, feedback, role, status):
    client.force_login(cast.everyone()[role])
    assert client.get(URL).status_code == status
