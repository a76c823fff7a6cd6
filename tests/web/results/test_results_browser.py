"""The results pages in a real browser: zero axe-core WCAG 2.1 AA violations, keyboard use."""

from __future__ import annotations

import pytest

from staffroom.web.surveys.models import Cycle
from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in
from tests.web.factories import PASSWORD, CycleFactory, ResponseFactory
from tests.web.results.conftest import CLIMATE, PULSE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _check(live_server, viewport, email: str, path: str, name: str) -> dict[str, object]:
    """Sign in, open ``path``, assert no axe violation; return what the tests look at."""

    def steps(page):
        sign_in(page, live_server.url, email, PASSWORD)
        page.goto(f"{live_server.url}{path}")
        seen = {
            "h1": page.get_by_role("heading", level=1).inner_text(),
            "images": page.locator("svg[role=img]").count(),
            "stylesheets": page.evaluate("document.styleSheets.length"),
        }
        assert_accessible(page, name)
        return seen

    return in_browser(viewport, steps)


def test_the_district_page_is_accessible(live_server, survey):
    seen = _check(live_server, DESKTOP, survey.cast.admin.email, "/results/", "results-district")
    assert seen["h1"] == "District results"
    assert seen["stylesheets"] >= 2  # staffroom.css and results.css: contrast is checked


def test_the_district_page_is_accessible_on_a_phone(live_server, survey):
    _check(live_server, PHONE, survey.cast.coach.email, "/results/", "results-district-phone")


def test_the_school_page_is_accessible(live_server, survey):
    path = f"/results/schools/{survey.alder.pk}/"
    seen = _check(live_server, DESKTOP, survey.cast.leader.email, path, "results-school")
    assert seen["h1"] == "Results: Alder Elementary"
    assert seen["images"] == 1 + len(CLIMATE.scales)  # comparison + one per scale


def test_a_hidden_schools_page_is_accessible(live_server, survey):
    path = f"/results/schools/{survey.dogwood.pk}/"
    seen = _check(live_server, PHONE, survey.cast.admin.email, path, "results-school-hidden")
    assert seen["images"] == 0


def test_the_feedback_page_is_accessible(live_server, cast):
    cycle = CycleFactory(
        district=cast.district, title="Monthly pulse", instrument_id="pulse", kind=Cycle.FEEDBACK
    )
    for i in range(12):
        ResponseFactory(cycle=cycle, answers={item: 1 + (i % 5) for item in PULSE.item_ids})
    seen = _check(live_server, DESKTOP, cast.admin.email, "/results/feedback/", "results-feedback")
    assert seen["images"] == 1


def test_choosing_a_cycle_from_the_keyboard_swaps_the_table_in_place(live_server, survey):
    def steps(page):
        sign_in(page, live_server.url, survey.cast.admin.email, PASSWORD)
        page.goto(f"{live_server.url}/results/")
        before = page.locator("#cycle-heading").inner_text()
        select = page.get_by_label("Survey cycle")
        select.focus()
        with page.expect_response(lambda r: f"cycle={survey.previous.pk}" in r.url) as answer:
            page.keyboard.press("ArrowDown")  # the next (older) cycle
        assert answer.value.request.headers.get("hx-request") == "true"
        page.wait_for_load_state("networkidle")
        after = {
            "before": before,
            "heading": page.locator("#cycle-heading").inner_text(),
            "h1": page.get_by_role("heading", level=1).count(),
            "url": page.url,
            "focused": page.evaluate("document.activeElement.id"),
        }
        assert_accessible(page, "results-district-previous")
        return after

    seen = in_browser(DESKTOP, steps)
    assert seen["before"] == "Spring 2026"
    assert seen["heading"] == "Fall 2025"
    assert seen["h1"] == 1
    assert seen["url"].endswith(f"/results/?cycle={survey.previous.pk}")
    assert seen["focused"] == "cycle-select"
