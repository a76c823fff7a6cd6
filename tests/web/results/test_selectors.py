"""Results selectors: the engine's numbers, cached per cycle, and answer distributions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from staffroom.web.results.selectors import (
    Cell,
    ScaleInfo,
    ScaleRow,
    cycle_results,
    default_cycle,
    format_change,
    item_distributions,
    previous_cycle,
    result_cycles,
    results_min_n,
)
from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.selectors import cycle_responses_frame
from tests.web.factories import CycleFactory
from tests.web.results.conftest import CLIMATE, add_scored
from tests.web.results.engine import engine

TABLES = ("scales", "items", "groups", "group_scales", "breakdown", "breakdown_scales")


def test_cycle_results_are_analyze_surveys_results_for_the_cycle(survey):
    got, want = cycle_results(survey.cycle), engine(survey.cycle)
    assert got is not None
    assert (got.respondents, got.min_n, got.group_column) == (47, 5, "school")
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(got, table), getattr(want, table))


def test_an_analysis_is_reused_until_the_cycle_gains_a_response(survey):
    first = cycle_results(survey.cycle)
    assert cycle_results(survey.cycle) is first
    add_scored(survey.cycle, survey.alder, [3])
    again = cycle_results(survey.cycle)
    assert again is not first
    assert again.respondents == first.respondents + 1


def test_the_strictest_minimum_group_size_applies(survey, settings):
    assert results_min_n(survey.cycle) == 5
    survey.cycle.district.min_n = 9
    assert results_min_n(survey.cycle) == 9
    results = cycle_results(survey.cycle)
    assert results.min_n == 9
    assert bool(results.groups.at["Birch Middle", "suppressed"])  # 8 < 9
    survey.cycle.district.min_n = 5
    settings.STAFFROOM_MIN_N = 7
    assert results_min_n(survey.cycle) == 7


def test_a_cycle_without_responses_has_no_results(cast):
    cycle = CycleFactory(district=cast.district)
    assert cycle_results(cycle) is None
    assert item_distributions(cycle) is None


def test_item_distributions_count_each_answer_of_each_school(survey):
    distributions = item_distributions(survey.cycle)
    frame = cycle_responses_frame(survey.cycle)
    alder = frame[frame["school"] == "Alder Elementary"]
    for scale in CLIMATE.scales:
        for item in scale.items:
            row = distributions.loc[("Alder Elementary", scale.id, item.id)]
            answers = alder[item.id].dropna()
            assert not row["suppressed"]
            assert row["n"] == len(answers)
            for point in range(1, 6):
                assert row[point] == int((answers == point).sum()), (item.id, point)


def test_a_schools_distributions_are_hidden_wherever_the_engine_hides_the_school(survey):
    distributions = item_distributions(survey.cycle)
    for school in ("Cedar High", "Dogwood K-8"):
        rows = distributions.xs(school, level="group")
        assert rows["suppressed"].all()
        assert rows.drop(columns="suppressed").isna().all().all()


def test_a_distribution_over_fewer_than_min_n_answers_is_hidden(survey):
    distributions = item_distributions(survey.cycle)
    ct01 = distributions.loc[("Birch Middle", "colleague_trust", "CT01")]
    ct02 = distributions.loc[("Birch Middle", "colleague_trust", "CT02")]
    assert ct01["suppressed"]
    assert pd.isna(ct01["n"])
    assert pd.isna(ct01[4])
    assert not ct02["suppressed"]
    assert ct02["n"] >= 5


def test_the_default_cycle_is_the_latest_open_or_closed_survey(survey):
    CycleFactory(district=survey.cycle.district, status=Cycle.DRAFT, opens_on=dt.date(2026, 9, 1))
    CycleFactory(district=survey.cycle.district, kind=Cycle.FEEDBACK, opens_on=dt.date(2026, 9, 1))
    assert default_cycle(result_cycles(user=survey.cast.admin)) == survey.cycle


def test_a_cycle_that_has_just_opened_is_not_the_default_until_it_has_results(survey):
    fresh = CycleFactory(
        district=survey.cycle.district, status=Cycle.OPEN, opens_on=dt.date(2026, 11, 1)
    )
    cycles = result_cycles(user=survey.cast.admin)
    assert cycles.first() == fresh
    assert default_cycle(cycles) == survey.cycle


def test_with_no_results_anywhere_the_latest_cycle_is_the_default(cast):
    older = CycleFactory(district=cast.district, opens_on=dt.date(2026, 1, 5))
    newer = CycleFactory(district=cast.district, opens_on=dt.date(2026, 9, 5))
    assert default_cycle(result_cycles(user=cast.admin)) == newer != older


def test_staff_choose_only_among_published_cycles(survey):
    survey.previous.results_published = True
    survey.previous.save()
    assert list(result_cycles(user=survey.cast.staff)) == [survey.previous]
    assert list(result_cycles(user=survey.cast.admin)) == [survey.cycle, survey.previous]
    assert list(result_cycles(user=survey.cast.outsider)) == []


def test_the_previous_cycle_is_the_latest_earlier_one_of_the_same_instrument(survey):
    district = survey.cycle.district
    CycleFactory(district=district, instrument_id="pulse", opens_on=dt.date(2026, 1, 1))
    CycleFactory(district=district, status=Cycle.DRAFT, opens_on=dt.date(2026, 1, 2))
    CycleFactory(district=district, status=Cycle.CLOSED, opens_on=dt.date(2024, 1, 1))
    cycles = result_cycles(user=survey.cast.admin)
    assert previous_cycle(survey.cycle, cycles) == survey.previous
    assert previous_cycle(survey.previous, cycles).opens_on == dt.date(2024, 1, 1)


def test_staff_never_compare_with_an_unpublished_cycle(survey):
    survey.cycle.results_published = True
    survey.cycle.save()
    assert previous_cycle(survey.cycle, result_cycles(user=survey.cast.staff)) is None


@pytest.mark.parametrize(
    ("rwg", "agreement"),
    [
        (0.95, "agree"),
        (0.70, "agree"),
        (0.6999, "mixed"),
        (0.50, "mixed"),
        (0.4999, "differ"),
        (-0.2, "differ"),
        (None, ""),
    ],
)
def test_agreement_words_follow_the_rwg_cut_offs(rwg, agreement):
    scale = ScaleInfo("s", "S", 1, 5)
    row = ScaleRow(scale, 10, Cell(3.0), Cell(3.0), rwg, None, (), ())
    assert row.agreement == agreement


@pytest.mark.parametrize(
    ("mean", "heat"), [(1.0, 1), (1.49, 1), (1.5, 2), (3.0, 5), (3.99, 6), (4.0, 7), (5.0, 8)]
)
def test_heatmap_colours_are_eighths_of_the_answer_range(mean, heat):
    assert Cell(mean, 1, 5).heat == heat
    assert Cell(None).heat == 0


@pytest.mark.parametrize(
    ("value", "text"), [(0.1234, "+0.12"), (-0.126, "-0.13"), (-0.001, "+0.00"), (None, "")]
)
def test_changes_are_signed_with_two_decimals(value, text):
    assert format_change(value) == text
