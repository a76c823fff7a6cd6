"""The pages for running cycles in a real browser: zero axe-core WCAG 2.1 AA
violations, on a phone and on a desktop, including the error states.

Chromium is driven from a thread of its own: Playwright's sync API allows one running
instance per thread, and the session-wide ``browser`` fixture of tests/browser/ may
already hold the main thread's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.services import cycle_create, feedback_cycle_ensure, invitation_create
from tests.browser.support import (
    DESKTOP,
    PHONE,
    assert_accessible,
    in_browser,
    sign_in,
)
from tests.web.factories import PASSWORD, ResponseFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def running(transactional_db, cast):
    small = TeamFactory(district=cast.district, school=cast.school, name="Art", member_count=3)
    big = TeamFactory(district=cast.district, school=cast.school, name="Math", member_count=12)
    cycle = cycle_create(
        district=cast.district,
        title="Spring climate",
        instrument_id="staff-climate",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 31),
        min_n=5,
        schools=[cast.school, cast.other_school],
        teams=[small, big],
    )
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.OPEN)
    for i in range(8):
        invitation_create(cycle=cycle, contact=f"p{i}@example.org", school=cast.school)
    for _ in range(12):
        ResponseFactory(cycle=cycle, school=cast.school, team=big)
    for _ in range(2):
        ResponseFactory(cycle=cycle, school=cast.other_school)
    feedback_cycle_ensure(district=cast.district, title="District feedback", today=dt.date.today())
    return cycle


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_manage_page_has_no_axe_violations(live_server, cast, running, device):
    base, pk = live_server.url, running.pk

    def steps(page: Any) -> None:
        sign_in(page, base, cast.admin.email, PASSWORD)
        page.goto(base + "/static/staffroom/manage.css")
        assert "link-copy" in page.content(), "manage.css is not served"
        for path, name in [
            ("/manage/cycles/", "cycles"),
            ("/manage/cycles/new/", "cycle-new"),
            (f"/manage/cycles/{pk}/", "cycle"),
            (f"/manage/cycles/{pk}/close/", "cycle-close"),
            (f"/manage/cycles/{pk}/roster/", "roster"),
            (f"/manage/cycles/{pk}/participation/", "participation"),
            ("/manage/feedback/", "feedback"),
        ]:
            page.goto(base + path)
            assert_accessible(page, f"manage-{name}-{device}")

        # error states: a refused cycle form and a rejected roster
        page.goto(base + "/manage/cycles/new/")
        page.get_by_label("Title").fill("Too small")
        page.get_by_label("Opens on").fill("2026-05-10")
        page.get_by_label("Closes on").fill("2026-05-01")
        page.get_by_label("Minimum group size").fill("2")
        page.get_by_role("button", name="Create the cycle").click()
        page.wait_for_load_state("networkidle")
        assert "never below the system floor" in page.content()
        assert_accessible(page, f"manage-cycle-new-errors-{device}")

        page.goto(base + f"/manage/cycles/{pk}/roster/")
        page.get_by_label("Roster file (CSV or XLSX)").set_input_files(
            files=[
                {
                    "name": "staff.csv",
                    "mimeType": "text/csv",
                    "buffer": b"email,school\r\na@example.org,Alderr\r\n",
                }
            ]
        )
        page.get_by_role("button", name="Check and import").click()
        page.wait_for_load_state("networkidle")
        assert "row 2, column" in page.content()
        assert_accessible(page, f"manage-roster-errors-{device}")

    in_browser(VIEWPORTS[device], steps)


def test_a_coach_sees_an_accessible_participation_page(live_server, cast, running):
    def steps(page: Any) -> None:
        sign_in(page, live_server.url, cast.coach.email, PASSWORD)
        page.goto(f"{live_server.url}/manage/cycles/{running.pk}/participation/")
        assert "Alder Elementary" in page.content()
        assert "Birch Middle" not in page.content()
        assert_accessible(page, "manage-participation-coach")

    in_browser(DESKTOP, steps)
