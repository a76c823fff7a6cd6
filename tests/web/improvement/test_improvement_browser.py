"""The improvement pages in a real browser: zero axe-core WCAG 2.1 AA violations, and a
screenshot of each under var/screenshots/ for review."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.improvement.services import (
    pdsa_advance,
    pdsa_create,
    pdsa_stage_save,
    pulse_schedule_save,
)
from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in
from tests.web.factories import PASSWORD
from tests.web.improvement.conftest import alder_trust_metric
from tests.web.improvement.test_readiness import survey  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAUSE = {
    "who_benefits": "New staff gain most.",
    "who_carries": "Team leads; the role rotates.",
    "whose_voice": "Paraprofessionals; asked this week.",
}


@pytest.fixture
def improvement(cast, pulse_months, survey):  # noqa: F811 - the fixture above
    low = [[3] * 6, [3] * 5 + [2], [3] * 5 + [4]] * 2
    high = [[4] * 5 + [5], [4] * 4 + [5] * 2] * 3
    pulse_months([(values, values) for values in [*low, [5] * 3, *high]])
    metric = alder_trust_metric(cast, target=4.2, baseline_note="Pulse, autumn 2025")
    cycle = pdsa_create(
        district=cast.district,
        school=cast.school,
        title="Weekly grade-team huddles",
        change_idea="A 15-minute huddle each week.",
        prediction="Trust rises by a quarter point.",
        started_on=dt.date(2026, 3, 30),
        user=cast.leader,
        metrics=[metric],
    )
    pdsa_stage_save(
        cycle=cycle,
        stage="plan",
        notes="Six weeks.",
        pause=PAUSE,
        user=None,
        today=dt.date(2026, 4, 1),
    )
    pdsa_advance(cycle=cycle, user=None, today=dt.date(2026, 4, 1))
    pulse_schedule_save(district=cast.district, school=None, starts_on=dt.date(2025, 9, 8))
    return metric, cycle


def _visit(live_server, viewport, email: str, pages: list[tuple[str, str]]) -> dict[str, dict]:
    def steps(page):
        sign_in(page, live_server.url, email, PASSWORD)
        seen = {}
        for path, name in pages:
            page.goto(f"{live_server.url}{path}")
            seen[name] = {
                "h1": page.get_by_role("heading", level=1).inner_text(),
                "images": page.locator("svg[role=img]").count(),
            }
            assert_accessible(page, name)
        return seen

    return in_browser(viewport, steps)


def test_every_improvement_page_is_accessible(live_server, cast, improvement):
    metric, cycle = improvement
    seen = _visit(
        live_server,
        DESKTOP,
        cast.admin.email,
        [
            ("/improvement/", "improvement-index"),
            (f"/improvement/metrics/{metric.pk}/", "improvement-metric"),
            ("/improvement/metrics/new/", "improvement-metric-new"),
            ("/improvement/pdsa/", "improvement-pdsa-list"),
            ("/improvement/pdsa/new/", "improvement-pdsa-new"),
            (f"/improvement/pdsa/{cycle.pk}/", "improvement-pdsa"),
            ("/improvement/pulse/", "improvement-pulse"),
            ("/improvement/readiness/", "improvement-readiness"),
            ("/improvement/readiness/settings/", "improvement-readiness-settings"),
        ],
    )
    assert seen["improvement-metric"] == {"h1": "Staff can count on each other", "images": 1}
    assert seen["improvement-readiness"]["h1"] == "Readiness of schools"


def test_a_coach_reads_the_run_chart_and_readiness_on_a_phone(live_server, cast, improvement):
    metric, cycle = improvement
    seen = _visit(
        live_server,
        PHONE,
        cast.coach.email,
        [
            (f"/improvement/metrics/{metric.pk}/", "improvement-metric-phone"),
            (f"/improvement/pdsa/{cycle.pk}/", "improvement-pdsa-phone"),
            ("/improvement/readiness/", "improvement-readiness-coach-phone"),
        ],
    )
    assert seen["improvement-metric-phone"]["images"] == 1


def test_a_stage_is_saved_from_the_keyboard(live_server, cast, improvement):
    _, cycle = improvement

    def steps(page):
        sign_in(page, live_server.url, cast.leader.email, PASSWORD)
        page.goto(f"{live_server.url}/improvement/pdsa/{cycle.pk}/")
        page.get_by_label("Notes").last.fill("Ran for five of six weeks.")
        page.get_by_label("Who gains from this?").last.fill("Teams that already met.")
        page.get_by_label("Who carries the extra work or risk?").last.fill("Specialists.")
        page.get_by_label("Whose voice is missing?").last.fill("Part-time staff.")
        page.get_by_role("button", name="Save Do").focus()
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        page.get_by_role("button", name="Move to the next stage").click()
        page.wait_for_load_state("networkidle")
        assert_accessible(page, "improvement-pdsa-after")
        return page.locator(".stage-track [aria-current=step]").inner_text()

    assert in_browser(DESKTOP, steps).startswith("Study")
