"""The connection map in a real browser: keyboard use, filters, zero axe violations.

The graph library (d3-force and the three d3 modules it needs) is served from
node_modules; until settings/base.py lists those folders, the ``STATICFILES_DIRS``
below adds them for these tests (the lines the lead adds are in docs/web-network.md).
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in
from tests.web.factories import PASSWORD
from tests.web.network.conftest import build_map

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

D3_MODULES = ("d3-dispatch", "d3-quadtree", "d3-timer", "d3-force")


@pytest.fixture
def served(settings):
    dirs = list(django_settings.STATICFILES_DIRS)
    prefixes = {d[0] for d in dirs if isinstance(d, tuple)}
    for module in D3_MODULES:
        if f"vendor/{module}" not in prefixes:
            dirs.append((f"vendor/{module}", django_settings.NODE_MODULES / module / "dist"))
    settings.STATICFILES_DIRS = dirs


def _school_path(world) -> str:
    return f"/network/schools/{world.cast.school.pk}/"


def test_tab_to_a_person_shows_their_connections(live_server, cast, served):
    world = build_map(cast)

    def steps(page):
        sign_in(page, live_server.url, cast.admin.email, PASSWORD)
        page.goto(f"{live_server.url}{_school_path(world)}")
        page.wait_for_selector("#network-map[data-ready=true]")
        first = page.locator(".map-svg .node").first
        first.focus()
        page.keyboard.press("Enter")
        seen = {
            "nodes": page.locator(".map-svg .node").count(),
            "focused": page.evaluate("document.activeElement.getAttribute('aria-label')"),
            "details": page.locator("#node-details").inner_text(),
            "pressed": first.get_attribute("aria-pressed"),
        }
        page.keyboard.press("Tab")
        seen["next"] = page.evaluate("document.activeElement.getAttribute('aria-label')")
        seen["next_details"] = page.locator("#node-details").inner_text()
        assert_accessible(page, "network-school-named")
        return seen

    seen = in_browser(DESKTOP, steps)
    assert seen["nodes"] == 12
    assert seen["focused"].startswith("Alder Person 01")
    assert "Alder Person 01" in seen["details"]
    assert "Alder Person 02: See each other socially" in seen["details"]
    assert seen["pressed"] == "true"
    assert seen["next"].startswith("Alder Person 02")
    assert "Alder Person 02" in seen["next_details"]


def test_filtering_by_type_redraws_the_map(live_server, cast, served):
    world = build_map(cast)

    def steps(page):
        sign_in(page, live_server.url, cast.leader.email, PASSWORD)
        page.goto(f"{live_server.url}{_school_path(world)}")
        page.wait_for_selector("#network-map[data-ready=true]")
        before = page.locator(".map-svg .link").count()
        # keep only phone numbers: untick every other kind from the keyboard
        for box in page.get_by_role("checkbox").all():
            if box.get_attribute("value") != "phone_numbers" and box.is_checked():
                box.focus()
                with page.expect_response(lambda r: "map.json" in r.url):
                    page.keyboard.press("Space")
                page.wait_for_selector("#network-map[data-ready=true]")
        page.wait_for_load_state("networkidle")
        after = page.locator(".map-svg .link").count()
        seen = {"before": before, "after": after, "url": page.url}
        assert_accessible(page, "network-school-anonymous-filtered")
        return seen

    seen = in_browser(DESKTOP, steps)
    assert seen["before"] == 12
    assert seen["after"] == 1
    assert "type=phone_numbers" in seen["url"]


def test_the_team_page_is_accessible_on_a_phone(live_server, cast, served):
    build_map(cast)

    def steps(page):
        sign_in(page, live_server.url, cast.admin.email, PASSWORD)
        page.goto(f"{live_server.url}/network/team/")
        page.wait_for_selector("#network-map[data-ready=true]")
        assert_accessible(page, "network-team-phone")
        return page.get_by_role("heading", level=1).inner_text()

    assert in_browser(PHONE, steps).startswith("Connection map")


def test_the_import_page_is_accessible(live_server, cast, served):
    def steps(page):
        sign_in(page, live_server.url, cast.admin.email, PASSWORD)
        page.goto(f"{live_server.url}/network/import/")
        assert_accessible(page, "network-import")
        page.goto(f"{live_server.url}/network/")
        assert_accessible(page, "network-index")

    in_browser(DESKTOP, steps)
