"""This app's access-matrix entries, run against a URL map of this app and what it links
to (tests/web/test_access_matrix.py runs the same entries against the whole project)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.web.access import ROLES, World, build_world
from tests.web.community.access_cases import MATRIX

pytestmark = pytest.mark.urls("tests.web.community.urls")


@pytest.fixture
def world(cast) -> World:
    return build_world(cast)


@pytest.mark.parametrize(
    ("name", "index"), [(name, i) for name, cases in MATRIX.items() for i in range(len(cases))]
)
def test_community_access(world: World, name: str, index: int):
    case = MATRIX[name][index]
    url = reverse(name, kwargs=case.kwargs(world) or None)
    login_url = reverse("accounts:login")
    users = {"anonymous": None, **world.cast.everyone()}
    seen = {}
    for role in ROLES:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        with transaction.atomic():
            response = getattr(client, case.method)(url, case.data(world))
            transaction.set_rollback(True)
        redirected_to_login = response.status_code == 302 and response["Location"].startswith(
            login_url
        )
        seen[role] = "login" if redirected_to_login else response.status_code
    wrong = {
        r: f"expected {case.expected[r]}, got {seen[r]}"
        for r in ROLES
        if seen[r] != case.expected[r]
    }
    assert not wrong, f"{case.method.upper()} {url} ({name}, {case.org}): {wrong}"


def test_every_community_url_is_in_the_matrix():
    from staffroom.web.community.urls import urlpatterns

    assert {f"community:{p.name}" for p in urlpatterns} == set(MATRIX)
