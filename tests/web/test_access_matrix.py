"""The access matrix: every named URL x every role x which organisation it is about.

Every named URL pattern in the project must have an entry in ``MATRIX``: the test
``test_every_named_url_is_in_the_matrix`` walks Django's resolver and fails, naming the
missing entries, when a page is added without saying who may see it. Each entry lists
one or more cases (an organisation: none, Alder = the cast's own school, Birch = another
school of the same district, Elm = a school of another district; a way to build the URL's
kwargs; the HTTP method) and the outcome expected for each of the six visitors:

    anonymous  not signed in
    admin      Riverbend's district admin
    coach      Riverbend's coach, assigned to Alder only
    leader     Alder's school leader
    staff      a member of staff at Alder (Riverbend lets staff see published results)
    outsider   the district admin of another district, which owns Elm

Outcomes: ``OK`` (200), ``LOGIN`` (302 to the sign-in page), ``NOT_FOUND`` (404: how
objects outside a user's reach are answered, so their existence is not revealed),
``FORBIDDEN`` (403), ``NOT_ALLOWED`` (405: wrong method) or any other status code.
Each visitor's request runs in a savepoint that is rolled back, so a request that changes
something (a submission, a sign-out) does not change what the next visitor meets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from staffroom.web.orgs.models import School
from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.services import invitation_create, open_link_create
from tests.web.conftest import Cast
from tests.web.factories import CycleFactory, SchoolFactory

ROLES = ("anonymous", "admin", "coach", "leader", "staff", "outsider")

OK = 200
LOGIN = "login"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405

Outcome = int | str


# The organisations the cases are about --------------------------------------------------


@dataclass
class World:
    """The cast plus the objects URLs point at, in Riverbend and in the other district."""

    cast: Cast
    elsewhere_school: School
    cycle: Cycle
    """Riverbend's open cycle (Alder and Birch), results not published."""
    published_cycle: Cycle
    """Riverbend's closed cycle (Alder and Birch), results published."""
    elsewhere_cycle: Cycle
    """The other district's open cycle (Elm)."""
    open_token: str
    """An open link for Alder in ``cycle``."""
    invite_token: str
    """An unused invitation for Alder in ``cycle``."""
    elsewhere_open_token: str
    """An open link for Elm in ``elsewhere_cycle``."""
    closed_token: str
    """An open link for Alder in the closed ``published_cycle``."""

    @property
    def school(self) -> School:
        """Alder: the leader's and staff member's school, coached by the coach."""
        return self.cast.school

    @property
    def other_school(self) -> School:
        """Birch: in Riverbend, but not the coach's, the leader's or the staff's."""
        return self.cast.other_school


@pytest.fixture
def world(cast: Cast) -> World:
    cast.district.staff_see_results = True
    cast.district.save()
    elsewhere = cast.outsider.district
    elm = SchoolFactory(district=elsewhere, name="Elm High", slug="elm")
    cycle = CycleFactory(district=cast.district, title="Spring 2026")
    published = CycleFactory(
        district=cast.district, title="Fall 2025", status=Cycle.CLOSED, results_published=True
    )
    for c in (cycle, published):
        c.schools.add(cast.school, cast.other_school)
    elsewhere_cycle = CycleFactory(district=elsewhere, title="Elsewhere spring")
    elsewhere_cycle.schools.add(elm)
    _, invite_token = invitation_create(cycle=cycle, contact="pat@example.org", school=cast.school)
    return World(
        cast=cast,
        elsewhere_school=elm,
        cycle=cycle,
        published_cycle=published,
        elsewhere_cycle=elsewhere_cycle,
        open_token=open_link_create(cycle=cycle, school=cast.school).token,
        invite_token=invite_token,
        elsewhere_open_token=open_link_create(cycle=elsewhere_cycle, school=elm).token,
        closed_token=open_link_create(cycle=published, school=cast.school).token,
    )


# The table ------------------------------------------------------------------------------


def expect(
    *,
    anonymous: Outcome,
    admin: Outcome,
    coach: Outcome,
    leader: Outcome,
    staff: Outcome,
    outsider: Outcome,
) -> dict[str, Outcome]:
    """Outcomes for all six visitors (every one must be stated)."""
    return {
        "anonymous": anonymous,
        "admin": admin,
        "coach": coach,
        "leader": leader,
        "staff": staff,
        "outsider": outsider,
    }


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    """The same outcome for every visitor, signed in or not (public pages)."""
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: Outcome = OK) -> dict[str, Outcome]:
    """``outcome`` for every signed-in user; anonymous visitors are sent to sign in."""
    return {**dict.fromkeys(ROLES, outcome), "anonymous": LOGIN}


def _no_kwargs(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    org: str
    """What the URL points at: "-", "Alder", "Birch", "Elm", or a token's description."""
    expected: Mapping[str, Outcome]
    kwargs: Callable[[World], dict[str, Any]] = _no_kwargs
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = _no_kwargs
    """Query string (GET) or form fields (POST), built from the world."""


# Pages of Riverbend's district admin and the outsider (admin of the other district):
# each manages only their own district's cycles.
ADMINS_ONLY = expect(
    anonymous=LOGIN, admin=OK, coach=NOT_FOUND, leader=NOT_FOUND, staff=NOT_FOUND, outsider=OK
)


def _school(attr: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"school_id": getattr(w, attr).pk}


def _cycle(attr: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": getattr(w, attr).pk}


def _query(**attrs: str) -> Callable[[World], dict[str, Any]]:
    """Query-string values from the world: ``_query(cycle="cycle")`` -> ``?cycle=<id>``."""
    return lambda w: {key: getattr(w, attr).pk for key, attr in attrs.items()}


def _answer_cases(kind: str, step: str) -> tuple[Case, ...]:
    """Survey links are public: anyone holding a working link may answer, signed in or
    not, whatever their district; an unknown token is 404 and a closed survey's 410."""
    token = "open_token" if kind == "open" else "invite_token"
    extra: dict[str, Any] = {"number": 1} if step == "section" else {}
    working = 303 if step == "submit" else OK  # a GET of submit goes back to review
    cases = [
        Case(
            f"{kind} link (Alder)",
            everyone(working),
            kwargs=lambda w: {"token": getattr(w, token), **extra},
        ),
        Case(
            "unknown token",
            everyone(NOT_FOUND),
            kwargs=lambda w: {"token": "x" * 32, **extra},
        ),
    ]
    if kind == "open":
        cases.append(
            Case(
                "open link (Elm)",
                everyone(working),
                kwargs=lambda w: {"token": w.elsewhere_open_token, **extra},
            )
        )
        cases.append(
            Case(
                "closed survey's link",
                everyone(410),
                kwargs=lambda w: {"token": w.closed_token, **extra},
            )
        )
    return tuple(cases)


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
