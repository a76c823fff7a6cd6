"""The voice pages in a real browser: zero axe-core WCAG 2.1 AA violations on each, a
screenshot of each under var/screenshots/, and the staff posting form on a phone."""

from __future__ import annotations

import pytest

from staffroom.web.core.demo import DEMO_PASSWORD
from staffroom.web.orgs.models import School
from staffroom.web.voice.models import (
    Decision,
    Meeting,
    PendingPost,
    Post,
    Practice,
    Visit,
    WorkingGroup,
)
from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in
from tests.web.voice.conftest import seed_voice_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ADMIN = "admin@riverbend.example"
LEADER = "leader@riverbend.example"
STAFF = "staff@riverbend.example"


@pytest.fixture
def demo(monkeypatch):
    return seed_voice_demo(monkeypatch)


def _visit_all(live_server, viewport, email: str, pages: dict[str, str]) -> dict[str, str]:
    """Sign in once, open each page, assert no axe violation; return each page's h1."""

    def steps(page):
        sign_in(page, live_server.url, email, DEMO_PASSWORD)
        seen = {}
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            seen[name] = page.get_by_role("heading", level=1).inner_text()
            assert_accessible(page, name)
        return seen

    return in_browser(viewport, steps)


def test_every_admin_page_is_accessible(live_server, demo):
    alder = School.objects.get(name="Alder Elementary")
    group = WorkingGroup.objects.get(name="Alder culture team")
    post = Post.objects.filter(school=alder, moderation=Post.PENDING).first()
    pages = {
        "voice-index": "/voice/",
        "voice-groups": "/voice/groups/",
        "voice-group": f"/voice/groups/{group.pk}/",
        "voice-group-new": "/voice/groups/new/",
        "voice-meeting-edit": f"/voice/meetings/{Meeting.objects.filter(group=group).first().pk}/",
        "voice-spread": "/voice/leadership/",
        "voice-spread-role": "/voice/leadership/?by=role&role=timekeeper",
        "voice-inbox": "/voice/channel/",
        "voice-post-respond": f"/voice/channel/{post.pk}/",
        "voice-public-district": "/voice/you-said-we-did/",
        "voice-public-school": f"/voice/you-said-we-did/{alder.pk}/",
        "voice-decisions": "/voice/decisions/",
        "voice-decision": f"/voice/decisions/{Decision.objects.filter(who_benefits__gt='').first().pk}/",
        "voice-decision-new": "/voice/decisions/new/",
        "voice-practices": "/voice/practices/",
        "voice-practices-search": "/voice/practices/?q=meeting&kind=&school=",
        "voice-practice": f"/voice/practices/{Practice.objects.first().pk}/",
        "voice-practice-new": "/voice/practices/new/",
        "voice-visits": "/voice/visits/",
        "voice-visit-new": "/voice/visits/new/",
        "voice-visit-edit": f"/voice/visits/{Visit.objects.first().pk}/",
    }
    seen = _visit_all(live_server, DESKTOP, ADMIN, pages)
    assert seen["voice-spread"] == "Who gets to lead?"
    assert seen["voice-group"] == "Alder culture team"


def test_the_leaders_pages_are_accessible_on_a_phone(live_server, demo):
    pages = {
        "voice-inbox-phone": "/voice/channel/",
        "voice-spread-phone": "/voice/leadership/",
        "voice-groups-phone": "/voice/groups/",
    }
    _visit_all(live_server, PHONE, LEADER, pages)


def test_staff_post_from_a_phone(live_server, demo):
    def steps(page):
        sign_in(page, live_server.url, STAFF, DEMO_PASSWORD)
        page.goto(f"{live_server.url}/voice/speak-up/")
        assert_accessible(page, "voice-post-new-phone")
        width = page.evaluate("document.documentElement.scrollWidth")
        page.get_by_label("An idea").check()
        page.get_by_label("My school's leaders (Alder Elementary)").check()
        page.get_by_label("What would you like to say?").fill(
            "A shared lunch once a month for the whole staff."
        )
        page.get_by_role("button", name="Send anonymously").click()
        page.wait_for_load_state("networkidle")
        message = page.locator(".messages").inner_text()
        assert_accessible(page, "voice-post-sent-phone")
        return width, message

    width, message = in_browser(PHONE, steps)
    assert width <= PHONE["width"]  # nothing wider than the phone's screen
    assert "Thank you" in message
    pending = PendingPost.objects.get()
    assert pending.text == "A shared lunch once a month for the whole staff."
    assert pending.school.name == "Alder Elementary"


def test_an_empty_post_is_explained_on_a_phone(live_server, demo):
    def steps(page):
        sign_in(page, live_server.url, STAFF, DEMO_PASSWORD)
        page.goto(f"{live_server.url}/voice/speak-up/")
        page.get_by_role("button", name="Send anonymously").click()
        page.wait_for_load_state("networkidle")
        summary = page.get_by_role("alert").inner_text()
        assert_accessible(page, "voice-post-errors-phone")
        return summary

    summary = in_browser(PHONE, steps)
    assert "What would you like to say?" in summary
    assert not PendingPost.objects.exists()


def test_practice_search_updates_the_list_in_place(live_server, demo):
    def steps(page):
        sign_in(page, live_server.url, STAFF, DEMO_PASSWORD)
        page.goto(f"{live_server.url}/voice/practices/")
        before = page.locator("#practice-list .items > li").count()
        with page.expect_response(lambda r: "kind=onboarding" in r.url):
            page.get_by_label("Kind").select_option("onboarding")
        page.wait_for_load_state("networkidle")
        after = page.locator("#practice-list .items > li").count()
        assert_accessible(page, "voice-practices-filtered")
        return before, after, page.get_by_role("heading", level=1).count()

    before, after, h1s = in_browser(DESKTOP, steps)
    assert before == Practice.objects.count()
    assert after == Practice.objects.filter(kind="onboarding").count() >= 1
    assert h1s == 1
