"""The pulse schedule opens each pulse once, when due, and closes it when its days are up."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.improvement.models import PulseRun, PulseSchedule
from staffroom.web.improvement.services import pulse_due_on, pulse_schedule_save
from staffroom.web.improvement.tasks import pulse_schedule_tick
from staffroom.web.surveys.models import Cycle, OpenLink

pytestmark = pytest.mark.django_db


def _pulses(cast):
    return Cycle.objects.filter(district=cast.district, instrument_id="pulse")


@pytest.mark.parametrize(
    ("starts_on", "every", "today", "due"),
    [
        ("2026-09-08", 1, "2026-09-07", None),  # before the first opening day
        ("2026-09-08", 1, "2026-09-08", "2026-09-08"),  # the first opening day
        ("2026-09-08", 1, "2026-09-14", "2026-09-08"),  # still open (7 days)
        ("2026-09-08", 1, "2026-09-15", None),  # closed; the next opens on 8 October
        ("2026-09-08", 1, "2026-11-10", "2026-11-08"),
        ("2026-09-08", 2, "2026-10-09", None),  # every two months: not October
        ("2026-09-08", 2, "2026-11-09", "2026-11-08"),
        ("2026-01-31", 1, "2026-02-28", "2026-02-28"),  # a short month opens on its last day
        ("2026-12-20", 1, "2027-01-02", None),  # the December pulse closed on the 27th
        ("2026-12-20", 1, "2026-12-26", "2026-12-20"),  # across the year end
    ],
)
def test_pulse_due_on(cast, starts_on, every, today, due):
    schedule = PulseSchedule(
        district=cast.district,
        starts_on=dt.date.fromisoformat(starts_on),
        every_months=every,
        open_days=7,
    )
    expected = None if due is None else dt.date.fromisoformat(due)
    assert pulse_due_on(schedule, dt.date.fromisoformat(today)) == expected


def test_the_task_opens_a_due_pulse_once(cast):
    pulse_schedule_save(district=cast.district, school=None, starts_on=dt.date(2026, 11, 8))
    first = pulse_schedule_tick.call(today="2026-11-09")
    again = pulse_schedule_tick.call(today="2026-11-10")
    assert first == {"opened": 1, "closed": 0}
    assert again == {"opened": 0, "closed": 0}
    (cycle,) = _pulses(cast)
    assert (cycle.status, cycle.opens_on, cycle.closes_on) == (
        Cycle.OPEN,
        dt.date(2026, 11, 8),
        dt.date(2026, 11, 15),
    )
    assert set(cycle.schools.all()) == {cast.school, cast.other_school}
    assert OpenLink.objects.filter(cycle=cycle).count() == 2
    assert cycle.min_n >= cast.district.min_n


def test_the_task_run_through_the_queue_is_idempotent_too(cast):
    pulse_schedule_save(district=cast.district, school=None, starts_on=dt.date(2026, 11, 8))
    for _ in range(3):
        pulse_schedule_tick.enqueue(today="2026-11-08")
    assert _pulses(cast).count() == 1
    assert PulseRun.objects.count() == 1


def test_the_task_closes_a_pulse_past_its_days_and_opens_the_next(cast):
    pulse_schedule_save(district=cast.district, school=None, starts_on=dt.date(2026, 10, 8))
    pulse_schedule_tick.call(today="2026-10-08")
    assert pulse_schedule_tick.call(today="2026-10-20") == {"opened": 0, "closed": 1}
    assert pulse_schedule_tick.call(today="2026-10-21") == {"opened": 0, "closed": 0}
    assert pulse_schedule_tick.call(today="2026-11-08") == {"opened": 1, "closed": 0}
    assert list(_pulses(cast).order_by("opens_on").values_list("status", flat=True)) == [
        Cycle.CLOSED,
        Cycle.OPEN,
    ]


def test_a_school_schedule_asks_only_that_school_and_paused_ones_do_nothing(cast):
    pulse_schedule_save(district=cast.district, school=cast.school, starts_on=dt.date(2026, 11, 8))
    pulse_schedule_save(
        district=cast.district,
        school=cast.other_school,
        starts_on=dt.date(2026, 11, 8),
        active=False,
    )
    pulse_schedule_tick.call(today="2026-11-08")
    (cycle,) = _pulses(cast)
    assert list(cycle.schools.all()) == [cast.school]


def test_saving_a_schedule_again_changes_it(cast):
    pulse_schedule_save(district=cast.district, school=None, starts_on=dt.date(2026, 11, 8))
    pulse_schedule_save(
        district=cast.district, school=None, starts_on=dt.date(2026, 11, 1), open_days=10
    )
    (schedule,) = PulseSchedule.objects.all()
    assert (schedule.starts_on.day, schedule.open_days) == (1, 10)


def test_a_schedule_checks_its_numbers_and_district(cast):
    with pytest.raises(ValueError, match="months"):
        pulse_schedule_save(
            district=cast.district, school=None, starts_on=dt.date(2026, 1, 1), every_months=0
        )
    with pytest.raises(ValueError, match="district"):
        pulse_schedule_save(
            district=cast.outsider.district, school=cast.school, starts_on=dt.date(2026, 1, 1)
        )


def test_the_management_command_runs_or_queues_the_tick(cast):
    from io import StringIO

    from django.core.management import call_command

    pulse_schedule_save(district=cast.district, school=None, starts_on=dt.date(2026, 11, 8))
    out = StringIO()
    call_command("improvement_pulse", now=True, today="2026-11-08", stdout=out)
    assert out.getvalue().strip() == "opened 1, closed 0"
    out = StringIO()
    call_command("improvement_pulse", today="2026-11-09", stdout=out)
    assert out.getvalue().startswith("queued ")
    assert _pulses(cast).count() == 1
