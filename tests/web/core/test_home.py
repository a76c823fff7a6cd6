"""The start page after sign-in: what each role is offered."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.test import override_settings

from staffroom.web.core.views import _url
from tests.web.factories import CycleFactory, SchoolFactory

NO_PAGES = override_settings(ROOT_URLCONF="tests.web.core.urls_no_pages")


PLANNING = {
    "Continuum self-assessment": "/continuum/",
    "Shared agreements": "/continuum/agreements/",
    "Improvement": "/improvement/",
    "Readiness": "/improvement/readiness/",
    "Staff voice and shared leadership": "/voice/",
}
STAFF = {
    "Continuum self-assessment": "/continuum/",
    "Shared agreements": "/continuum/agreements/",
    "Raise a concern or an idea": "/voice/speak-up/",
    "You said, we did": "/voice/you-said-we-did/",
}


def _links(html: str) -> dict[str, str]:
    """Link text -> href inside the home page's links fragment."""
    fragment = html.split('<div id="home-links">', 1)[1].split("</div>", 1)[0]
    return {
        html_module.unescape(text.strip()): href
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', fragment)
    }


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_a_district_admin_gets_cycles_results_and_feedback(client, cast):
    links = _links(_home(client, cast.admin))
    assert links == {
        "Cycles": "/manage/cycles/",
        "Results": "/results/",
        "District feedback": "/results/feedback/",
        "Staff indicators": "/community/",
        "Upload district data": "/community/uploads/",
        "Connection maps": "/network/",
        **PLANNING,
        "Pulse schedule": "/improvement/pulse/",
        "Reports": "/reports/",
    }


def test_a_coach_gets_results_and_the_list_of_their_schools(client, cast):
    SchoolFactory(district=cast.outsider.district, name="Elm High")
    html = _home(client, cast.coach)
    assert _links(html) == {
        "Results": "/results/",
        "Response rates": "/manage/cycles/",
        "Staff indicators": "/community/",
        "Connection maps": "/network/",
        **PLANNING,
        "Reports": "/reports/",
        "Alder Elementary": f"/results/schools/{cast.school.pk}/",
    }
    assert "<h2>Your schools</h2>" in html
    assert "Birch Middle" not in html
    assert "Elm High" not in html


def test_a_school_leader_gets_their_schools_results(client, cast):
    links = _links(_home(client, cast.leader))
    alder = cast.school.pk
    assert links == {
        "Results for Alder Elementary": f"/results/schools/{alder}/",
        "Response rates": "/manage/cycles/",
        "Adult community profile": f"/community/schools/{alder}/profile/",
        "Connection map": f"/network/schools/{alder}/",
        **PLANNING,
        "Report": f"/reports/schools/{alder}/",
    }


def test_staff_are_told_surveys_arrive_by_link_and_see_no_results_by_default(client, cast):
    html = _home(client, cast.staff)
    assert "Surveys arrive by link or email" in html
    assert _links(html) == STAFF


def test_staff_get_their_schools_results_when_the_district_allows(client, cast):
    cast.district.staff_see_results = True
    cast.district.save()
    CycleFactory(district=cast.district, results_published=True)
    links = _links(_home(client, cast.staff))
    assert links == {"Your school's results": f"/results/schools/{cast.school.pk}/", **STAFF}


def test_staff_are_told_when_nothing_is_published_yet(client, cast):
    cast.district.staff_see_results = True
    cast.district.save()
    CycleFactory(district=cast.district, results_published=False)
    CycleFactory(district=cast.outsider.district, results_published=True)
    html = _home(client, cast.staff)
    assert _links(html) == STAFF
    assert "No results have been published for your school yet." in html


def test_the_outsider_sees_their_own_district_not_riverbend(client, cast):
    html = _home(client, cast.outsider)
    assert "Cycles" in _links(html)
    assert "Alder Elementary" not in html
    assert "Riverbend" not in html


def test_a_user_without_a_district_is_told_to_ask_their_district(client, cast):
    cast.admin.district = None
    cast.admin.save()
    html = _home(client, cast.admin)
    assert "not linked to a district" in html
    assert _links(html) == {}


@NO_PAGES
@pytest.mark.parametrize("role", ["admin", "coach", "leader", "staff"])
def test_links_to_pages_that_do_not_exist_are_left_out(client, cast, role):
    cast.district.staff_see_results = True
    cast.district.save()
    CycleFactory(district=cast.district, results_published=True)
    html = _home(client, cast.everyone()[role])
    assert _links(html) == {}
    if role == "coach":
        assert "<li>Alder Elementary</li>" in html  # named, without a link


def test_an_htmx_request_gets_only_the_links_fragment(client, cast):
    client.force_login(cast.admin)
    response = client.get("/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="home-links">')
    assert "<html" not in html
    assert "/manage/cycles/" in html


@NO_PAGES
def test_the_url_helper_returns_none_for_a_missing_page(db):
    assert _url("core:home") == "/"
    assert _url("results:district") is None
    assert _url("core:home", school_id=1) is None
