"""The demo district's improvement part: full, realistic and reproducible."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from staffroom.web.accounts.models import User
from staffroom.web.core.demo import demo_seed
from staffroom.web.improvement import demo
from staffroom.web.improvement.figures import metric_run_chart
from staffroom.web.improvement.models import (
    Metric,
    PdsaCycle,
    PulseRun,
    PulseSchedule,
    ReadinessConfig,
)
from staffroom.web.improvement.readiness import readiness_page
from staffroom.web.improvement.selectors import metric_series
from staffroom.web.orgs.models import District
from staffroom.web.surveys.models import Cycle, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module (the demo takes a few seconds), undo afterwards."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo_seed()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_it_schedules_a_monthly_pulse_with_fifteen_months_of_answers(seeded):
    schedule = PulseSchedule.objects.get()
    assert (schedule.school, schedule.every_months, schedule.starts_on.day) == (None, 1, 8)
    runs = PulseRun.objects.filter(schedule=schedule)
    assert runs.count() == 15
    assert Response.objects.filter(cycle__pulse_run__isnull=False).count() > 4000


def test_every_metric_has_a_run_chart_and_most_have_signals(seeded):
    metrics = list(Metric.objects.all())
    assert len(metrics) == 7
    assert Metric.objects.filter(school__isnull=True).count() == 1
    signals = 0
    for metric in metrics:
        view = metric_run_chart(metric_series(metric))
        assert view.svg is not None, metric.title
        signals += bool(view.analysis and view.analysis.signals)
    assert signals >= 4


def test_the_smallest_school_is_often_hidden_and_a_hidden_month_is_a_gap(seeded):
    willow = Metric(
        district=District.objects.get(),
        school=seeded.district.schools.get(name="Willow Early Learning Center"),
        source=Metric.PULSE,
        scale_id="community",
        baseline=3,
        target=4,
        target_date=dt.date(2027, 1, 1),
    )
    series = metric_series(willow)
    hidden = [p for p in series.points if p.suppressed]
    assert len(series.points) == 15
    assert len(hidden) >= 5
    assert all(p.value is None and p.n is None for p in hidden)


def test_pdsa_cycles_sit_at_every_stage_with_equity_pauses(seeded):
    stages = set(PdsaCycle.objects.values_list("stage", flat=True))
    assert stages == {"plan", "do", "study", "done"}
    assert set(PdsaCycle.objects.exclude(decision="").values_list("decision", flat=True)) == {
        "adopt",
        "abandon",
    }
    for cycle in PdsaCycle.objects.all():
        order = [key for key, _ in PdsaCycle.STAGES]
        position = order.index(cycle.stage) if cycle.stage in order else 4
        for record in cycle.stages.all():
            if order.index(record.stage) < position:
                assert record.equity_pause_done, (cycle.title, record.stage)
                assert record.notes, (cycle.title, record.stage)
        assert cycle.events.exists()
    assert PdsaCycle.objects.filter(team__school__isnull=True, school__isnull=True).exists()


def test_it_is_reproducible(db):
    district = District.objects.create(name="Repro", slug="repro")
    from tests.web.factories import SchoolFactory

    SchoolFactory(district=district, name="Alder Elementary", staff_count=20)
    values = []
    for _ in range(2):
        demo.seed_demo(district, rng=np.random.default_rng(7), today=dt.date(2026, 11, 24))
        values.append(
            sorted(
                (str(c), sorted(map(str, r.answers.values())))
                for c, r in (
                    (r.cycle.opens_on, r)
                    for r in Response.objects.filter(cycle__district=district).order_by("pk")
                )
            )
        )
        Cycle.objects.filter(district=district).delete()
        PulseSchedule.objects.filter(district=district).delete()
        Metric.objects.filter(district=district).delete()
        PdsaCycle.objects.filter(district=district).delete()
        ReadinessConfig.objects.filter(district=district).delete()
    assert values[0] == values[1]


def test_the_readiness_page_shows_all_three_judgements(seeded):
    page = readiness_page(user=User.objects.get(email="admin@riverbend.example"))
    judgements = {row.judgement for row in page.schools}
    assert judgements == {"ready", "build_community", "not_enough_data"}
    coach = readiness_page(user=User.objects.get(email="coach@riverbend.example"))
    assert coach.support
    assert len(coach.schools) == 4


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("admin@riverbend.example", "improvement:index"),
        ("admin@riverbend.example", "improvement:pdsa_list"),
        ("admin@riverbend.example", "improvement:pulse"),
        ("admin@riverbend.example", "improvement:readiness"),
        ("admin@riverbend.example", "improvement:readiness_settings"),
        ("coach@riverbend.example", "improvement:readiness"),
        ("leader@riverbend.example", "improvement:index"),
    ],
)
def test_every_page_is_full_in_the_demo(seeded, email, name):
    client = Client()
    client.force_login(User.objects.get(email=email))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"No metrics yet" not in response.content
    assert b"No PDSA cycles yet" not in response.content
    assert b"No pulse is scheduled yet" not in response.content


def test_metric_and_cycle_pages_render_in_the_demo(seeded):
    client = Client()
    client.force_login(User.objects.get(email="admin@riverbend.example"))
    for metric in Metric.objects.all():
        page = client.get(reverse("improvement:metric", args=[metric.pk]))
        assert page.status_code == 200
        assert b'role="img"' in page.content
    for cycle in PdsaCycle.objects.all():
        page = client.get(reverse("improvement:pdsa", args=[cycle.pk]))
        assert page.status_code == 200
        assert b"Whose voice is missing?" in page.content
