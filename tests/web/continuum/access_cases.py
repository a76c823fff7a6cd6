"""Access-matrix entries for the continuum app's URLs (merged into
tests/web/test_access_matrix.py).

Teams: Alder (the cast's school: its leader and staff are members, the coach coaches
it), Birch (same district, nobody's but the admin's), the district team (admins and
coaches) and Elm (the outsider's district). Rounds and agreement sets are built by the
cases' ``kwargs``. Changes are POST only; a GET of them is 405 for everyone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from staffroom.web.continuum import services
from staffroom.web.continuum.models import AgreementSet, AssessmentRound
from staffroom.web.orgs.models import School
from tests.web.access import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    World,
    everyone,
    expect,
    signed_in,
)

DAY = dt.date(2026, 11, 2)
CONTINUUM = "staff-relationships"
PAUSE = {
    "who_benefits": "New staff.",
    "who_carries": "Team leads.",
    "whose_voice": "Paraprofessionals.",
    "review_every_months": "6",
}
SEE = {"admin": OK, "coach": OK, "leader": OK, "staff": OK}
"""Alder: everyone of the cast but the outsider."""
REDIRECT = 302


def _school(w: World, which: str) -> School | None:
    return {"Alder": w.school, "Birch": w.other_school, "Elm": w.elsewhere_school}.get(which)


def _round(which: str, *, revealed: bool = False) -> Any:
    def build(w: World) -> dict[str, Any]:
        school = _school(w, which)
        district = w.elsewhere_school.district if which == "Elm" else w.cast.district
        made: AssessmentRound = services.round_start(
            district=district,
            school=school,
            continuum_id=CONTINUUM,
            title="Fall",
            started_by=None,
            today=DAY,
        )
        if revealed:
            services.round_reveal(round=made, today=DAY)
        return {"pk": made.pk}

    return build


def _set(which: str, *, adopted: bool = False) -> Any:
    def build(w: World) -> dict[str, Any]:
        school = _school(w, which)
        district = w.elsewhere_school.district if which == "Elm" else w.cast.district
        made: AgreementSet = services.agreement_set_draft(
            district=district,
            school=school,
            title="Our agreements",
            agreements=["We listen first.", "We start on time."],
            drafted_by=None,
            today=DAY,
        )
        if adopted:
            services.agreement_set_adopt(
                agreement_set=made,
                equity_pause={k: v for k, v in PAUSE.items() if k != "review_every_months"},
                review_every_months=6,
                today=DAY,
            )
        return {"pk": made.pk}

    return build


def _team(which: str) -> Any:
    return lambda w: {"team": "district" if which == "district" else _school(w, which).pk}


def _fields(**fields: str) -> Any:
    return lambda w: dict(fields)


def _get_405(kwargs: Any) -> Case:
    return Case("GET of a change", everyone(NOT_ALLOWED), kwargs=kwargs)


ALDER = expect(anonymous=LOGIN, **SEE, outsider=NOT_FOUND)
BIRCH = expect(
    anonymous=LOGIN,
    admin=OK,
    coach=NOT_FOUND,
    leader=NOT_FOUND,
    staff=NOT_FOUND,
    outsider=NOT_FOUND,
)
DISTRICT = expect(
    anonymous=LOGIN, admin=OK, coach=OK, leader=NOT_FOUND, staff=NOT_FOUND, outsider=NOT_FOUND
)
ELM = expect(
    anonymous=LOGIN,
    admin=NOT_FOUND,
    coach=NOT_FOUND,
    leader=NOT_FOUND,
    staff=NOT_FOUND,
    outsider=OK,
)


def _as(outcomes: dict[str, Any], ok: Any, **overrides: Any) -> dict[str, Any]:
    """``outcomes`` with every OK replaced by ``ok`` (a redirect after a POST), then
    ``overrides`` (who may see but not do this)."""
    return {role: (ok if o == OK else o) for role, o in outcomes.items()} | overrides


MATRIX: dict[str, tuple[Case, ...]] = {
    # every signed-in user with a team; the district team's page is about their own district
    "continuum:index": (Case("-", signed_in(OK)),),
    "continuum:district_team": (
        Case(
            "own district",
            expect(
                anonymous=LOGIN, admin=OK, coach=OK, leader=NOT_FOUND, staff=NOT_FOUND, outsider=OK
            ),
        ),
    ),
    "continuum:school_team": (
        Case("Alder", ALDER, kwargs=lambda w: {"school_id": w.school.pk}),
        Case("Birch", BIRCH, kwargs=lambda w: {"school_id": w.other_school.pk}),
        Case("Elm", ELM, kwargs=lambda w: {"school_id": w.elsewhere_school.pk}),
    ),
    # starting a round: facilitators (admin, the school's coach, its leader); a team the
    # user cannot start for is not among the form's choices (back to the index)
    "continuum:round_start": (
        Case(
            "Alder",
            expect(
                anonymous=LOGIN,
                admin=REDIRECT,
                coach=REDIRECT,
                leader=REDIRECT,
                staff=NOT_FOUND,
                outsider=REDIRECT,
            ),
            method="post",
            data=lambda w: {"team": w.school.pk, "continuum": CONTINUUM, "title": "Winter"},
        ),
        _get_405(lambda w: {}),
    ),
    "continuum:round": (
        Case("Alder round", ALDER, kwargs=_round("Alder")),
        Case("Alder round, revealed", ALDER, kwargs=_round("Alder", revealed=True)),
        Case("Birch round", BIRCH, kwargs=_round("Birch")),
        Case("district round", DISTRICT, kwargs=_round("district")),
        Case("Elm round", ELM, kwargs=_round("Elm")),
    ),
    # rating: members only (Alder's leader and staff; the district team's admins, coaches)
    "continuum:round_rate": (
        Case(
            "Alder round",
            _as(ALDER, REDIRECT, admin=NOT_FOUND, coach=NOT_FOUND),
            kwargs=_round("Alder"),
            method="post",
            data=_fields(level_relationships="2", evidence_relationships="Weekly huddles."),
        ),
        Case(
            "district round",
            _as(DISTRICT, REDIRECT),
            kwargs=_round("district"),
            method="post",
            data=_fields(level_relationships="1"),
        ),
        _get_405(_round("Alder")),
    ),
    "continuum:round_reveal": (
        Case(
            "Alder round",
            _as(ALDER, REDIRECT, staff=NOT_FOUND),
            kwargs=_round("Alder"),
            method="post",
        ),
        Case(
            "district round",
            _as(DISTRICT, REDIRECT, coach=NOT_FOUND),
            kwargs=_round("district"),
            method="post",
        ),
        _get_405(_round("Alder")),
    ),
    "continuum:round_agree": (
        Case(
            "Alder round, revealed",
            _as(ALDER, REDIRECT, staff=NOT_FOUND),
            kwargs=_round("Alder", revealed=True),
            method="post",
            data=_fields(agreed_relationships="2", steps_relationships="Mentor pairs."),
        ),
        Case(
            "Birch round, revealed",
            _as(BIRCH, REDIRECT),
            kwargs=_round("Birch", revealed=True),
            method="post",
        ),
        _get_405(_round("Alder", revealed=True)),
    ),
    "continuum:agreements": (Case("-", signed_in(OK)),),
    # drafting: admins and the school's leader; the outsider's form has no Alder choice
    "continuum:agreement_set_create": (
        Case(
            "Alder",
            expect(
                anonymous=LOGIN,
                admin=REDIRECT,
                coach=NOT_FOUND,
                leader=REDIRECT,
                staff=NOT_FOUND,
                outsider=400,
            ),
            method="post",
            data=lambda w: {"team": w.school.pk, "title": "Ours", "agreements": "We listen."},
        ),
        _get_405(lambda w: {}),
    ),
    "continuum:agreement_set": (
        Case("Alder draft", ALDER, kwargs=_set("Alder")),
        Case("Alder adopted", ALDER, kwargs=_set("Alder", adopted=True)),
        Case("Birch draft", BIRCH, kwargs=_set("Birch")),
        Case("district draft", DISTRICT, kwargs=_set("district")),
        Case("Elm draft", ELM, kwargs=_set("Elm")),
    ),
    "continuum:agreement_edit": (
        Case(
            "Alder draft",
            _as(ALDER, REDIRECT, coach=NOT_FOUND, staff=NOT_FOUND),
            kwargs=_set("Alder"),
            method="post",
            data=_fields(title="Ours", agreements="We listen.\nWe laugh."),
        ),
        _get_405(_set("Alder")),
    ),
    # anyone who sees a set may comment on it
    "continuum:agreement_comment": (
        Case(
            "Alder draft",
            _as(ALDER, REDIRECT),
            kwargs=_set("Alder"),
            method="post",
            data=_fields(text="Could we add one about email after hours?"),
        ),
        Case(
            "Birch draft",
            _as(BIRCH, REDIRECT),
            kwargs=_set("Birch"),
            method="post",
            data=_fields(text="Hello"),
        ),
        _get_405(_set("Alder")),
    ),
    "continuum:agreement_adopt": (
        Case(
            "Alder draft",
            _as(ALDER, REDIRECT, coach=NOT_FOUND, staff=NOT_FOUND),
            kwargs=_set("Alder"),
            method="post",
            data=_fields(**PAUSE),
        ),
        Case(
            "district draft",
            _as(DISTRICT, REDIRECT, coach=NOT_FOUND),
            kwargs=_set("district"),
            method="post",
            data=_fields(**PAUSE),
        ),
        _get_405(_set("Alder")),
    ),
    "continuum:agreement_review": (
        Case(
            "Alder adopted",
            _as(ALDER, REDIRECT, coach=NOT_FOUND, staff=NOT_FOUND),
            kwargs=_set("Alder", adopted=True),
            method="post",
            data=_fields(agreements="We listen first.", notes="Merged two."),
        ),
        _get_405(_set("Alder", adopted=True)),
    ),
    "continuum:agreement_check": (
        Case("Alder adopted", ALDER, kwargs=_set("Alder", adopted=True)),
        Case("Birch adopted", BIRCH, kwargs=_set("Birch", adopted=True)),
        Case("Elm adopted", ELM, kwargs=_set("Elm", adopted=True)),
    ),
}
