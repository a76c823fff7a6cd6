"""The access matrix: every named URL x every role x which organisation it is about.

The vocabulary (visitors, outcomes, ``Case``, the ``World`` the cases point at) lives in
``tests/web/access.py``. Each app with pages adds its entries to ``MATRIX`` here or in its
own ``tests/web/<app>/access_cases.py`` (merged below), so apps built side by side do not
edit one table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.access import (
    ADMINS_ONLY,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    ROLES,
    Case,
    Outcome,
    World,
    _answer_cases,
    _cycle,
    _query,
    _school,
    build_world,
    everyone,
    expect,
    signed_in,
)
from tests.web.community import access_cases as community_cases
from tests.web.conftest import Cast
from tests.web.continuum import access_cases as continuum_cases
from tests.web.improvement import access_cases as improvement_cases
from tests.web.network import access_cases as network_cases
from tests.web.reports import access_cases as reports_cases
from tests.web.voice import access_cases as voice_cases


@pytest.fixture
def world(cast: Cast) -> World:
    return build_world(cast)


MATRIX: dict[str, tuple[Case, ...]] = {
    # --- core and accounts ---------------------------------------------------------------
    "core:home": (Case("-", signed_in(OK)),),
    "core:healthz": (Case("-", everyone(OK)),),
    "accounts:login": (Case("-", everyone(OK)),),
    "accounts:logout": (
        Case("-", everyone(LOGIN), method="post"),
        Case("-", everyone(NOT_ALLOWED), method="get"),
    ),
    # --- results ---------------------------------------------------------------------------
    # The district page is about the visitor's own district; leaders (and staff, when the
    # district allows) are sent on to their school's page.
    "results:district": (
        Case(
            "own district",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=302, staff=302, outsider=OK),
        ),
        Case(
            "Riverbend cycle",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=302, staff=302, outsider=NOT_FOUND),
            data=_query(cycle="cycle"),
        ),
        Case(
            "other district's cycle",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=302,
                staff=302,
                outsider=OK,
            ),
            data=_query(cycle="elsewhere_cycle"),
        ),
    ),
    "results:school": (
        Case(
            "Alder",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=OK, outsider=NOT_FOUND),
            kwargs=_school("school"),
        ),
        Case(
            "Alder, unpublished cycle",
            expect(
                anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=NOT_FOUND
            ),
            kwargs=_school("school"),
            data=_query(cycle="cycle"),
        ),
        Case(
            "Alder, published cycle",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=OK, outsider=NOT_FOUND),
            kwargs=_school("school"),
            data=_query(cycle="published_cycle"),
        ),
        Case(
            "Alder, other district's cycle",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            kwargs=_school("school"),
            data=_query(cycle="elsewhere_cycle"),
        ),
        Case(
            "Birch",
            expect(
                anonymous=LOGIN,
                admin=OK,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            kwargs=_school("other_school"),
        ),
        Case(
            "Elm",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=OK,
            ),
            kwargs=_school("elsewhere_school"),
        ),
    ),
    "results:feedback": (
        Case(
            "own district",
            expect(
                anonymous=LOGIN, admin=OK, coach=OK, leader=NOT_FOUND, staff=NOT_FOUND, outsider=OK
            ),
        ),
    ),
    # --- survey management -------------------------------------------------------------------
    # Coaches and school leaders see the list of cycles asking their schools and the
    # participation (how many answered, never who); everything else is the admin's.
    "surveys:manage_cycles": (
        Case(
            "own district",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=OK),
        ),
    ),
    "surveys:manage_cycle_new": (Case("own district", ADMINS_ONLY),),
    "surveys:manage_roster_template": (Case("own district", ADMINS_ONLY),),
    "surveys:manage_feedback": (Case("own district", ADMINS_ONLY),),
    "surveys:manage_participation": (
        Case(
            "Riverbend cycle",
            expect(
                anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=NOT_FOUND
            ),
            kwargs=_cycle("cycle"),
        ),
        Case(
            "other district's cycle",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=OK,
            ),
            kwargs=_cycle("elsewhere_cycle"),
        ),
    ),
}

# Pages about one cycle that only its district's admin may open (404 for everyone else).
for _name, _method, _ok in (
    ("surveys:manage_cycle", "get", OK),
    ("surveys:manage_roster", "get", OK),
    ("surveys:manage_cycle_close", "get", OK),
    ("surveys:manage_cycle_open", "post", 302),
    ("surveys:manage_reminders", "post", 302),
):
    MATRIX[_name] = (
        Case(
            "Riverbend cycle",
            expect(
                anonymous=LOGIN,
                admin=_ok,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            kwargs=_cycle("cycle"),
            method=_method,
        ),
        Case(
            "other district's cycle",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=_ok,
            ),
            kwargs=_cycle("elsewhere_cycle"),
            method=_method,
        ),
    )
    if _method == "post":
        MATRIX[_name] += (
            Case(
                "Riverbend cycle, GET",
                signed_in(NOT_ALLOWED),
                kwargs=_cycle("cycle"),
            ),
        )

# Exports copy their page's checks: the district table, or one school's (?school=).
for _name in ("results:export_csv", "results:export_xlsx"):
    MATRIX[_name] = (
        Case(
            "own district",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=302, staff=302, outsider=OK),
        ),
        Case(
            "Alder",
            expect(anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=OK, outsider=NOT_FOUND),
            data=_query(school="school"),
        ),
        Case(
            "Alder, unpublished cycle",
            expect(
                anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=NOT_FOUND
            ),
            data=_query(school="school", cycle="cycle"),
        ),
        Case(
            "Birch",
            expect(
                anonymous=LOGIN,
                admin=OK,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            data=_query(school="other_school"),
        ),
        Case(
            "Elm",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=OK,
            ),
            data=_query(school="elsewhere_school"),
        ),
    )

# --- answering surveys: public links ----------------------------------------------------------
for _kind in ("open", "invite"):
    for _step in ("start", "section", "about", "comments", "review", "submit"):
        MATRIX[f"surveys:answer_{_kind}_{_step}"] = _answer_cases(_kind, _step)
MATRIX["surveys:answer_open_responses"] = (
    Case(
        "open link (Alder), not JSON",
        everyone(400),
        kwargs=lambda w: {"token": w.open_token},
        method="post",
    ),
    Case("unknown token", everyone(NOT_FOUND), kwargs=lambda w: {"token": "x" * 32}, method="post"),
    Case(
        "closed survey's link",
        everyone(410),
        kwargs=lambda w: {"token": w.closed_token},
        method="post",
    ),
    Case("GET", everyone(NOT_ALLOWED), kwargs=lambda w: {"token": w.open_token}),
)


for _app_cases in (
    community_cases,
    network_cases,
    continuum_cases,
    improvement_cases,
    voice_cases,
    reports_cases,
):
    assert not MATRIX.keys() & _app_cases.MATRIX.keys(), "a URL name is in two tables"
    MATRIX.update(_app_cases.MATRIX)


# Walking the project's URLs ---------------------------------------------------------------


@dataclass(frozen=True)
class NamedUrl:
    name: str
    route: str
    kwargs: tuple[str, ...]


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str = "", route: str = ""
) -> Iterator[tuple[str | None, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, route + str(pattern.pattern), pattern


def project_urls() -> tuple[dict[str, NamedUrl], list[str]]:
    """Every named URL of the project (by full name), and the routes without a name."""
    named: dict[str, NamedUrl] = {}
    unnamed: list[str] = []
    for name, route, _pattern in _walk(get_resolver().url_patterns):
        if name is None:
            unnamed.append(route)
        else:
            named.setdefault(
                name, NamedUrl(name, route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)))
            )
    return named, unnamed


def _skeleton(url: NamedUrl) -> str:
    if url.kwargs:
        built = ", ".join(f'"{k}": ...' for k in url.kwargs)
        kwargs = f", kwargs=lambda w: {{{built}}}"
    else:
        kwargs = ""
    return (
        f"    # {url.route}\n"
        f'    "{url.name}": (\n'
        f'        Case("-", expect(anonymous=..., admin=..., coach=..., leader=..., '
        f"staff=..., outsider=...){kwargs}),\n"
        f"    ),"
    )


def test_every_named_url_is_in_the_matrix():
    named, _ = project_urls()
    missing = sorted(set(named) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(named))
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} URL name(s) are not in the access matrix: "
            + ", ".join(missing)
            + ".\nEvery page must say who may see it. Add to MATRIX in "
            "tests/web/test_access_matrix.py (one Case per organisation the URL can "
            "point at: Alder = w.school, Birch = w.other_school, Elm = w.elsewhere_school; "
            "cycles w.cycle, w.published_cycle, w.elsewhere_cycle; tokens w.open_token, "
            "w.invite_token, w.elsewhere_open_token, w.closed_token):\n\n"
            + "\n".join(_skeleton(named[name]) for name in missing)
        )
    if stale:
        problems.append(
            "The access matrix lists URL names that no longer exist: " + ", ".join(stale)
        )
    assert not problems, "\n\n".join(problems)


def test_every_url_pattern_has_a_name():
    """An unnamed pattern could not be listed in the matrix, so it would go unchecked."""
    _, unnamed = project_urls()
    assert not unnamed, f"Give these URL patterns a name (and a MATRIX entry): {unnamed}"


def test_every_case_states_an_outcome_for_every_visitor():
    for name, cases in MATRIX.items():
        for case in cases:
            assert tuple(case.expected) == ROLES, (name, case.org)


# Walking the matrix ---------------------------------------------------------------------


def _outcome(response: Any, login_url: str) -> Outcome:
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return LOGIN
    return int(response.status_code)


def _cases() -> Iterator[Any]:
    for name, cases in MATRIX.items():
        for index, case in enumerate(cases):
            yield pytest.param(name, index, id=f"{name}[{case.method} {case.org}]")


@pytest.mark.parametrize(("name", "index"), list(_cases()))
def test_access_matrix(world: World, name: str, index: int):
    case = MATRIX[name][index]
    url = reverse(name, kwargs=case.kwargs(world) or None)
    login_url = reverse("accounts:login")
    users = {"anonymous": None, **world.cast.everyone()}
    seen: dict[str, Outcome] = {}
    for role in ROLES:
        client = Client()
        user = users[role]
        if user is not None:
            client.force_login(user)
        with transaction.atomic():  # each visitor starts from the same world
            response = getattr(client, case.method)(url, case.data(world))
            transaction.set_rollback(True)
        seen[role] = _outcome(response, login_url)
    wrong = {
        role: f"expected {case.expected[role]}, got {seen[role]}"
        for role in ROLES
        if seen[role] != case.expected[role]
    }
    assert not wrong, f"{case.method.upper()} {url} ({name}, {case.org}): {wrong}"
