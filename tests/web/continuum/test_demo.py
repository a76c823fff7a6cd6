"""The demo district's continuum and agreements: full, realistic and reproducible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from staffroom.web.accounts.models import User
from staffroom.web.continuum import selectors
from staffroom.web.continuum.models import AgreementSet, AssessmentRound, Rating
from staffroom.web.core.demo import demo_seed
from staffroom.web.orgs.models import School

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.continuum.urls")]


@pytest.fixture
def seeded(db):
    return demo_seed()


def _levels(school):
    history = selectors.team_history(
        district_id=school.district_id if school else 0,
        school=school,
        continuum_id="staff-relationships",
    )
    return [sum(a.level for a in row.levels if a) for row in history.rows]


def test_rounds_rise_in_some_schools_and_the_district_team_has_its_own(seeded):
    alder = School.objects.get(name="Alder Elementary")
    rising = _levels(alder)
    assert len(rising) == 3
    assert rising[0] < rising[-1]
    district = seeded.district
    history = selectors.team_history(
        district_id=district.pk, school=None, continuum_id="staff-relationships"
    )
    assert len(history.rows) == 3
    assert AssessmentRound.objects.filter(status=AssessmentRound.RATING).count() == 1
    leader = User.objects.get(email="leader@riverbend.example")
    assert Rating.objects.filter(rater=leader).exists()
    assert not Rating.objects.filter(rater__email="staff@riverbend.example").exists()


def test_agreement_sets_cover_adoption_reviews_overdue_and_a_commented_draft(seeded):
    sets = AgreementSet.objects.filter(district=seeded.district)
    assert sets.filter(status=AgreementSet.ADOPTED).count() == 3
    draft = sets.get(status=AgreementSet.DRAFT)
    assert draft.comments.count() == 4
    juniper = sets.get(school__name="Juniper Middle")
    assert juniper.next_review_on < dt.date(2026, 11, 24)  # overdue in the demo
    alder = sets.get(school__name="Alder Elementary", status=AgreementSet.ADOPTED)
    assert alder.reviews.get().added
    assert alder.checks.count() == 2


def test_the_monthly_check_has_months_shown_and_one_hidden(seeded):
    alder = AgreementSet.objects.get(school__name="Alder Elementary", status=AgreementSet.ADOPTED)
    results = selectors.agreement_check_results(alder)
    shown = [m for m in results.months if m.respondents is not None]
    hidden = [m for m in results.months if m.respondents is None]
    assert len(shown) >= 6
    assert hidden
    assert len(results.agreements) == 6  # four first, then one retired and two added


def test_every_page_renders_for_the_demo_accounts(seeded):
    pages = [reverse("continuum:index"), reverse("continuum:agreements")]
    pages += [reverse("continuum:round", args=[r.pk]) for r in AssessmentRound.objects.all()[:3]]
    pages += [reverse("continuum:agreement_set", args=[s.pk]) for s in AgreementSet.objects.all()]
    pages += [
        reverse("continuum:agreement_check", args=[s.pk])
        for s in AgreementSet.objects.filter(status=AgreementSet.ADOPTED)
    ]
    client = Client()
    client.force_login(User.objects.get(email="admin@riverbend.example"))
    for page in pages:
        assert client.get(page).status_code == 200, page
