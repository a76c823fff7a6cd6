"""The answer flow in real headless Chromium on a 375px phone: axe-core finds no WCAG
2.1 AA violation on any screen, and a survey can be answered by keyboard alone.

Chromium is driven from a thread of its own: Playwright's sync API allows one running
instance per thread, and the session-wide ``browser`` fixture of tests/browser/ may
already hold the main thread's.
"""

from __future__ import annotations

from typing import Any

import pytest

from staffroom.web.surveys.models import BallotEntry, Cycle
from staffroom.web.surveys.services import open_link_create
from tests.browser.support import (
    DESKTOP,
    PHONE,
    assert_accessible,
    in_browser,
)
from tests.web.factories import CycleFactory, SchoolFactory
from tests.web.surveys.test_answer_flow import SCALES, TEXT_QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def token(transactional_db):
    cycle = CycleFactory(instrument_id="staff-climate")
    school = SchoolFactory(district=cycle.district, name="Alder Elementary")
    return open_link_create(cycle=cycle, school=school).token


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_screen_is_accessible_on_a_phone(live_server, token, lang):
    def steps(page: Any) -> None:
        page.goto(f"{live_server.url}/s/{token}/?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page, f"answer-{lang}-start")
        page.locator("a.button").first.click()
        assert_accessible(page, f"answer-{lang}-section-1")
        page.locator("label", has=page.locator(f"#q-{SCALES[0].items[0].id}-4")).click()
        page.locator("button[value=next]").click()
        for number in range(2, len(SCALES) + 1):
            assert page.locator("progress").get_attribute("value") == str(number)
            page.locator("button[value=next]").click()
        assert_accessible(page, f"answer-{lang}-about")
        page.select_option("#id_role", "teacher")
        page.locator("button[value=next]").click()
        assert_accessible(page, f"answer-{lang}-comments")
        page.fill(f"#id_{TEXT_QUESTIONS[0]}", "<b>Shared planning</b> helps")
        page.locator("button[value=next]").click()
        page.locator("details").first.evaluate("d => d.open = true")
        assert_accessible(page, f"answer-{lang}-review")
        assert page.locator(".comment-text").inner_text() == "<b>Shared planning</b> helps"
        page.locator(".answer-send button").click()
        assert_accessible(page, f"answer-{lang}-thanks")

    in_browser(PHONE, steps)
    entry = BallotEntry.objects.get()
    assert entry.answers == {SCALES[0].items[0].id: 4}
    assert entry.demographics == {"role": "teacher"}


def test_an_error_screen_is_accessible(live_server, token):
    item = SCALES[0].items[0].id

    def steps(page: Any) -> None:
        page.goto(f"{live_server.url}/s/{token}/1/")
        page.locator(f"#q-{item}-5").evaluate("el => el.value = '9'")
        page.locator(f"#q-{item}-5").check()
        page.locator("button[value=next]").click()
        assert page.locator(f"#q-{item}-error").is_visible()
        assert_accessible(page, "answer-en-section-error")

    in_browser(PHONE, steps)


def test_the_survey_can_be_answered_with_the_keyboard_alone(live_server, token):
    item = SCALES[0].items[0].id

    def steps(page: Any) -> None:
        page.goto(f"{live_server.url}/s/{token}/1/")
        page.focus(f"#q-{item}-1")
        page.keyboard.press("ArrowDown")  # moves to, and selects, the next answer
        page.keyboard.press("ArrowDown")
        assert page.locator(f"#q-{item}-3").is_checked()
        page.keyboard.press("Enter")  # submits with the form's first button: Next
        page.wait_for_url(f"**/s/{token}/2/")
        assert page.locator("progress").get_attribute("value") == "2"
        assert_accessible(page, "answer-en-section-2-desktop")

    in_browser(DESKTOP, steps)


def test_closed_and_invalid_pages_are_accessible(live_server, token):
    def invalid(page: Any) -> None:
        page.goto(f"{live_server.url}/s/not-a-real-token/")
        assert_accessible(page, "answer-not-valid")

    def closed(page: Any) -> None:
        page.goto(f"{live_server.url}/s/{token}/")
        assert "closed" in page.locator("h1").inner_text()
        assert_accessible(page, "answer-closed")

    in_browser(PHONE, invalid)
    Cycle.objects.update(status=Cycle.CLOSED)
    in_browser(PHONE, closed)
