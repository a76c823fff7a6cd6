"""Who may open each results page and export: every role, in both staff settings.

Visitors: anonymous, Riverbend's district admin, its coach (Alder only), Alder's school
leader, a member of Alder's staff, and the admin of another district (the outsider).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.factories import CycleFactory

OK, FOUND, NOT_FOUND, LOGIN = 200, 302, 404, "login"
ROLES = ("anonymous", "admin", "coach", "leader", "staff", "outsider")


def _outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return LOGIN
    return response.status_code


def _visit(survey, url: str) -> dict[str, int | str]:
    users = {"anonymous": None, **survey.cast.everyone()}
    seen = {}
    for role in ROLES:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        seen[role] = _outcome(client.get(url))
    return seen


def _urls(survey) -> dict[str, str]:
    cycle = survey.cycle.pk
    alder, birch = survey.alder.pk, survey.birch.pk
    return {
        "district": reverse("results:district"),
        "district, this cycle": f"{reverse('results:district')}?cycle={cycle}",
        "Alder": reverse("results:school", args=[alder]),
        "Birch": reverse("results:school", args=[birch]),
        "feedback": reverse("results:feedback"),
        "csv district": f"{reverse('results:export_csv')}?cycle={cycle}",
        "xlsx district": f"{reverse('results:export_xlsx')}?cycle={cycle}",
        "csv Alder": f"{reverse('results:export_csv')}?cycle={cycle}&school={alder}",
        "xlsx Alder": f"{reverse('results:export_xlsx')}?cycle={cycle}&school={alder}",
        "csv Birch": f"{reverse('results:export_csv')}?cycle={cycle}&school={birch}",
    }


# Staff may not see results (the district's default) ---------------------------------------
NOT_SHARED = {
    #                      anonymous admin coach leader staff   outsider
    "district": (LOGIN, OK, OK, FOUND, NOT_FOUND, OK),
    "district, this cycle": (LOGIN, OK, OK, FOUND, NOT_FOUND, NOT_FOUND),
    "Alder": (LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND),
    "Birch": (LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "feedback": (LOGIN, OK, OK, NOT_FOUND, NOT_FOUND, OK),
    "csv district": (LOGIN, OK, OK, FOUND, NOT_FOUND, NOT_FOUND),
    "xlsx district": (LOGIN, OK, OK, FOUND, NOT_FOUND, NOT_FOUND),
    "csv Alder": (LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND),
    "xlsx Alder": (LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND),
    "csv Birch": (LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
}

# Staff may see published results, and Spring 2026 is published -----------------------------
SHARED = {
    **NOT_SHARED,
    "district": (LOGIN, OK, OK, FOUND, FOUND, OK),
    "district, this cycle": (LOGIN, OK, OK, FOUND, FOUND, NOT_FOUND),
    "Alder": (LOGIN, OK, OK, OK, OK, NOT_FOUND),
    "csv district": (LOGIN, OK, OK, FOUND, FOUND, NOT_FOUND),
    "xlsx district": (LOGIN, OK, OK, FOUND, FOUND, NOT_FOUND),
    "csv Alder": (LOGIN, OK, OK, OK, OK, NOT_FOUND),
    "xlsx Alder": (LOGIN, OK, OK, OK, OK, NOT_FOUND),
}

# Staff may see published results, but Spring 2026 is not published -------------------------
SHARED_UNPUBLISHED = {
    **NOT_SHARED,
    "district": (LOGIN, OK, OK, FOUND, NOT_FOUND, OK),
}


@pytest.mark.parametrize("page", list(NOT_SHARED))
def test_access_when_staff_may_not_see_results(survey, page):
    assert _visit(survey, _urls(survey)[page]) == dict(zip(ROLES, NOT_SHARED[page], strict=True))


@pytest.mark.parametrize("page", list(SHARED))
def test_access_when_staff_may_see_published_results(survey, page):
    survey.cast.district.staff_see_results = True
    survey.cast.district.save()
    survey.cycle.results_published = True
    survey.cycle.save()
    assert _visit(survey, _urls(survey)[page]) == dict(zip(ROLES, SHARED[page], strict=True))


@pytest.mark.parametrize("page", list(SHARED_UNPUBLISHED))
def test_access_when_staff_may_see_results_but_none_are_published(survey, page):
    survey.cast.district.staff_see_results = True
    survey.cast.district.save()
    expected = dict(zip(ROLES, SHARED_UNPUBLISHED[page], strict=True))
    assert _visit(survey, _urls(survey)[page]) == expected


def test_another_districts_cycle_is_not_found_for_every_page(survey):
    elsewhere = CycleFactory(district=survey.cast.outsider.district)
    client = Client()
    client.force_login(survey.cast.admin)
    for url in (
        "results:district",
        "results:feedback",
        "results:export_csv",
        "results:export_xlsx",
    ):
        assert client.get(reverse(url), {"cycle": elsewhere.pk}).status_code == 404, url
    school = reverse("results:school", args=[survey.alder.pk])
    assert client.get(school, {"cycle": elsewhere.pk}).status_code == 404


def test_results_pages_answer_only_get(survey):
    client = Client()
    client.force_login(survey.cast.admin)
    for url in _urls(survey).values():
        assert client.post(url).status_code == 405, url


@pytest.mark.parametrize(
    "url",
    [
        "/results/?cycle=99999999999999999999999",
        "/results/schools/99999999999999999999999/",
        "/results/export.csv?school=99999999999999999999999",
        "/results/export.xlsx?cycle=99999999999999999999999",
        "/results/feedback/?cycle=-1",
    ],
)
def test_out_of_range_ids_are_not_found(survey, url):
    client = Client()
    client.force_login(survey.cast.admin)
    assert client.get(url).status_code == 404
