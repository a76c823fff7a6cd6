"""The browser harness itself: Chromium starts, pages load, axe runs."""

from __future__ import annotations

from tests.browser.support import DESKTOP, axe_violations, in_browser


def test_healthz_answers_in_a_real_browser(live_server):
    def steps(page):
        response = page.goto(f"{live_server.url}/healthz")
        return response.status, page.content()

    status, content = in_browser(DESKTOP, steps)
    assert status == 200
    assert '"ok"' in content


def test_axe_finds_a_missing_label(live_server):
    """The accessibility check can fail: an unlabelled input is a violation."""

    def steps(page):
        page.set_content('<html lang="en"><title>t</title><main><input type="text"></main></html>')
        return axe_violations(page)

    assert "label" in {v["id"] for v in in_browser(DESKTOP, steps)}
