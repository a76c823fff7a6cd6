"""A metric's series is read from the survey results, with hidden points as gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.improvement.models import Metric
from staffroom.web.improvement.selectors import metric_series
from staffroom.web.improvement.services import metric_create
from staffroom.web.surveys.models import Cycle
from tests.web.factories import CycleFactory
from tests.web.improvement.conftest import add_answers

pytestmark = pytest.mark.django_db


def _metric(cast, *, school="alder", source=Metric.PULSE, scale="colleague_trust", **kw):
    place = {"alder": cast.school, "birch": cast.other_school, None: None}[school]
    return metric_create(
        district=cast.district,
        school=place,
        title="Trust",
        source=source,
        scale_id=scale,
        baseline=3.0,
        target=4.0,
        target_date=dt.date(2027, 6, 1),
        **kw,
    )


def test_it_reads_each_months_mean_from_the_results(cast, pulse_months):
    pulse_months([([3] * 6, [4] * 6), ([4] * 6, [4] * 6), ([5] * 5 + [4], [2] * 6)])
    series = metric_series(_metric(cast))
    assert [p.value for p in series.points] == [pytest.approx(3.0), 4.0, pytest.approx(29 / 6)]
    assert [p.n for p in series.points] == [6, 6, 6]
    assert [p.on.month for p in series.points] == [9, 10, 11]


def test_a_month_with_too_few_answers_is_a_gap_not_a_zero(cast, pulse_months):
    # Birch has 3 answers in October: hidden, and Alder with it (complementary rule:
    # Birch could otherwise be worked out from the district total)
    pulse_months([([3] * 6, [4] * 6), ([4] * 6, [1] * 3), ([4] * 6, [4] * 6)])
    birch = metric_series(_metric(cast, school="birch"))
    assert [p.value for p in birch.points] == [4.0, None, 4.0]
    assert birch.points[1].suppressed
    assert birch.points[1].n is None
    assert birch.points[1].value_text == ""
    assert [p.value for p in birch.shown] == [4.0, 4.0]


def test_a_district_metric_reads_the_district_mean(cast, pulse_months):
    pulse_months([([3] * 6, [5] * 6)])
    (point,) = metric_series(_metric(cast, school=None)).points
    assert point.value == pytest.approx(4.0)
    assert point.n == 12


def test_a_district_metric_is_hidden_under_the_minimum(cast, pulse_months):
    pulse_months([([3] * 2, [5] * 2)])
    (point,) = metric_series(_metric(cast, school=None)).points
    assert point.value is None


def test_it_follows_only_its_own_instrument_and_district(cast, pulse_months):
    pulse_months([([3] * 6, [3] * 6)])
    climate = CycleFactory(district=cast.district, status=Cycle.CLOSED)
    climate.schools.add(cast.school)
    elsewhere = CycleFactory(district=cast.outsider.district, instrument_id="pulse")
    add_answers(elsewhere, None, [5] * 6)
    assert len(metric_series(_metric(cast)).points) == 1


def test_a_survey_metric_follows_the_staff_survey_scale(cast):
    cycle = CycleFactory(district=cast.district, status=Cycle.CLOSED)
    cycle.schools.add(cast.school)
    from tests.web.results.conftest import add_synthetic

    frame = add_synthetic(cycle, cast.school, 12, seed=3)
    series = metric_series(_metric(cast, source=Metric.SURVEY, scale="collective_efficacy"))
    (point,) = series.points
    items = [c for c in frame.columns if c.startswith("CE")]
    assert point.n == 12
    assert point.value == pytest.approx(frame[items].mean(axis=1).mean(), abs=0.5)


def test_an_open_cycle_without_answers_adds_no_point_but_a_closed_one_is_a_gap(cast):
    open_cycle = CycleFactory(district=cast.district, instrument_id="pulse")
    open_cycle.schools.add(cast.school)
    series = metric_series(_metric(cast))
    assert series.points == ()
    open_cycle.status = Cycle.CLOSED
    open_cycle.save()
    (point,) = metric_series(_metric(cast)).points
    assert point.suppressed


def test_an_open_cycles_point_is_provisional(cast):
    cycle = CycleFactory(district=cast.district, instrument_id="pulse")
    cycle.schools.add(cast.school)
    add_answers(cycle, cast.school, [4] * 5)
    (point,) = metric_series(_metric(cast)).points
    assert point.provisional
    assert point.value == 4.0


def test_a_school_not_asked_has_no_point(cast, pulse_months):
    cycle = CycleFactory(district=cast.district, instrument_id="pulse", status=Cycle.CLOSED)
    cycle.schools.add(cast.other_school)
    add_answers(cycle, cast.other_school, [4] * 6)
    assert metric_series(_metric(cast)).points == ()


def test_an_indicator_metric_reads_the_community_app_and_keeps_its_gaps(cast, monkeypatch):
    rows = [
        {"label": "Sep", "on": dt.date(2026, 9, 1), "value": 0.25, "n": 12, "min_n": 5},
        {"label": "Oct", "on": dt.date(2026, 10, 1), "value": None, "n": None, "min_n": 5},
        {"label": "Nov", "on": dt.date(2026, 11, 1), "value": 0.5, "n": 14, "min_n": 5},
    ]
    asked = {}

    def fake(*, district, school, indicator):
        asked.update(district=district, school=school, indicator=indicator)
        return rows

    monkeypatch.setattr("staffroom.web.community.selectors.indicator_series", fake)
    metric = _metric(cast, source=Metric.INDICATOR, scale="", indicator="voice_spoke_share")
    series = metric_series(metric)
    assert asked == {
        "district": cast.district,
        "school": cast.school,
        "indicator": "voice_spoke_share",
    }
    assert [p.value for p in series.points] == [25.0, None, 50.0]  # shares as percentages
    assert [p.value_text for p in series.points] == ["25.00%", "", "50.00%"]
    assert series.points[1].n is None


def test_an_unknown_indicator_is_a_missing_source(cast):
    metric = _metric(cast, source=Metric.INDICATOR, scale="", indicator="no_such_indicator")
    series = metric_series(metric)
    assert series.source_missing
    assert series.points == ()


def test_metric_create_checks_its_inputs(cast):
    with pytest.raises(ValueError, match="scale"):
        _metric(cast, scale="")
    with pytest.raises(ValueError, match="district"):
        metric_create(
            district=cast.outsider.district,
            school=cast.school,
            title="x",
            source=Metric.PULSE,
            scale_id="community",
            baseline=3,
            target=4,
            target_date=dt.date(2027, 1, 1),
        )
