"""The continuum and agreements pages in a real browser, on the demo district: zero
axe-core WCAG 2.1 AA violations, on a desktop and on a phone (screenshots under
var/screenshots/continuum-*.png)."""

from __future__ import annotations

import pytest

from staffroom.web.continuum.models import AgreementSet, AssessmentRound
from staffroom.web.core.demo import DEMO_PASSWORD, demo_seed
from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.web.continuum.urls"),
]


def _visit(live_server, viewport, email: str, pages: list[tuple[str, str]]) -> dict[str, str]:
    """Sign in once, then open each (name, path): no violations; returns each page's h1."""

    def steps(page):
        sign_in(page, live_server.url, email, DEMO_PASSWORD)
        seen = {}
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            seen[name] = page.get_by_role("heading", level=1).inner_text()
            assert_accessible(page, f"continuum-{name}")
        return seen

    return in_browser(viewport, steps)


def test_every_continuum_page_is_accessible(live_server):
    demo_seed()
    open_round = AssessmentRound.objects.get(status=AssessmentRound.RATING)
    revealed = AssessmentRound.objects.filter(
        school=open_round.school, status=AssessmentRound.REVEALED
    ).first()
    draft = AgreementSet.objects.get(status=AgreementSet.DRAFT)
    adopted = AgreementSet.objects.get(school=open_round.school, status=AgreementSet.ADOPTED)
    overdue = AgreementSet.objects.get(school__name="Juniper Middle")
    leader = _visit(
        live_server,
        DESKTOP,
        "leader@riverbend.example",
        [
            ("index", "/continuum/"),
            ("team", f"/continuum/teams/{open_round.school_id}/"),
            ("round-revealed", f"/continuum/rounds/{revealed.pk}/"),
            ("agreements", "/continuum/agreements/"),
            ("draft", f"/continuum/agreements/{draft.pk}/"),
            ("adopted", f"/continuum/agreements/{adopted.pk}/"),
            ("check", f"/continuum/agreements/{adopted.pk}/check/"),
        ],
    )
    assert leader["team"] == "Continuum: Alder Elementary"
    staff = _visit(
        live_server,
        PHONE,
        "staff@riverbend.example",
        [
            ("round-rating-phone", f"/continuum/rounds/{open_round.pk}/"),
            ("check-phone", f"/continuum/agreements/{adopted.pk}/check/"),
        ],
    )
    assert staff["round-rating-phone"].startswith("Winter 2026")
    admin = _visit(
        live_server,
        DESKTOP,
        "admin@riverbend.example",
        [
            ("district-team", "/continuum/teams/district/"),
            ("overdue", f"/continuum/agreements/{overdue.pk}/"),
        ],
    )
    assert admin["district-team"] == "Continuum: District team"
