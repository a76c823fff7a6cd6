"""The browser harness itself: Chromium starts, axe runs, a page is accessible."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible


def test_healthz_answers_in_a_real_browser(live_server, desktop):
    response = desktop.goto(f"{live_server.url}/healthz")
    assert response.status == 200
    assert '"ok"' in desktop.content()
