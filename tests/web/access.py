"""The access matrix's vocabulary (tests/web/test_access_matrix.py walks it): every named URL x every role x which organisation it is about.

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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


def build_world(cast: Cast) -> World:
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
