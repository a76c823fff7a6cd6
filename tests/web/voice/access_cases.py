"""Access-matrix entries for the voice app's URLs (merged into tests/web/test_access_matrix.py).

Who may do what is described in ``staffroom.web.voice.access``. Objects are made in the
cases' ``kwargs``: a thing at Alder (the cast's school), at Birch (same district, not
theirs), district-wide (no school), or at Elm (another district).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from staffroom.web.orgs.models import School
from tests.web.access import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    Outcome,
    World,
    expect,
    signed_in,
)
from tests.web.factories import RosterEntryFactory, SchoolFactory
from tests.web.voice.factories import (
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PracticeFactory,
    VisitFactory,
    WorkingGroupFactory,
)

# Where a thing is: (case label, how to find its school from the world; None = district).
_WHERE: dict[str, Callable[[World], School | None]] = {
    "Alder": lambda w: w.school,
    "Birch": lambda w: w.other_school,
    "district-wide": lambda w: None,
    "Elm": lambda w: w.elsewhere_school,
}


def _district(w: World, where: str) -> Any:
    return w.elsewhere_school.district if where == "Elm" else w.cast.district


def _made(factory: Any, where: str, **extra: Any) -> Callable[[World], dict[str, Any]]:
    """kwargs {"pk": ...} of a new object of ``factory`` at ``where``."""

    def build(w: World) -> dict[str, Any]:
        obj = factory(district=_district(w, where), school=_WHERE[where](w), **extra)
        return {"pk": obj.pk}

    return build


def _outcomes(ok: Outcome, who: set[str]) -> dict[str, Outcome]:
    """``ok`` for the visitors in ``who``, 404 for the other signed-in ones."""
    return expect(
        anonymous=LOGIN,
        **{
            role: ok if role in who else NOT_FOUND
            for role in ("admin", "coach", "leader", "staff", "outsider")
        },
    )


# Readers and managers of groups and decisions, by where the object is.
READ = {
    "Alder": {"admin", "coach", "leader", "staff"},
    "Birch": {"admin"},
    "district-wide": {"admin", "coach", "leader", "staff"},
    "Elm": {"outsider"},
}
MANAGE = {
    "Alder": {"admin", "coach", "leader"},
    "Birch": {"admin"},
    "district-wide": {"admin", "coach"},
    "Elm": {"outsider"},
}
ANY_MANAGER = {"admin", "coach", "leader", "outsider"}


def _per_place(
    factory: Any, who: dict[str, set[str]], ok: Outcome = OK, method: str = "get", **extra: Any
) -> tuple[Case, ...]:
    return tuple(
        Case(where, _outcomes(ok, who[where]), kwargs=_made(factory, where, **extra), method=method)
        for where in _WHERE
    )


def _group_with_member(where: str) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        group = WorkingGroupFactory(district=_district(w, where), school=_WHERE[where](w))
        return {"pk": group.pk, "member_pk": MembershipFactory(group=group).pk}

    return build


def _group_only(where: str) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        return {"pk": build_with_member(w)["pk"]}

    build_with_member = _group_with_member(where)
    return build


def _roster_entry_data(w: World) -> dict[str, Any]:
    entry = RosterEntryFactory(district=w.cast.district, school=w.school)
    return {"roster_entry": entry.pk}


def _plan_data(w: World) -> dict[str, Any]:
    return {"first": "2026-12-01", "every_days": 14, "count": 3}


def _meeting(where: str) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        group = WorkingGroupFactory(district=_district(w, where), school=_WHERE[where](w))
        return {"pk": MeetingFactory(group=group).pk}

    return build


def _post(where: str) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        return {"pk": PostFactory(district=_district(w, where), school=_WHERE[where](w)).pk}

    return build


def _school_of(where: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"school_id": _WHERE[where](w).pk}


def _practice(where: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": PracticeFactory(school=_WHERE[where](w)).pk}


def _visit(host: str) -> Callable[[World], dict[str, Any]]:
    """A visit to ``host`` from a third school of the same district."""

    def build(w: World) -> dict[str, Any]:
        school = _WHERE[host](w)
        visitor = SchoolFactory(district=school.district, name=f"Visitor of {school.name}")
        return {"pk": VisitFactory(host=school, visitor=visitor).pk}

    return build


CHANNEL = {
    "Alder": {"admin", "leader"},
    "Birch": {"admin"},
    "district-wide": {"admin"},
    "Elm": {"outsider"},
}
PUBLIC = {
    "Alder": {"admin", "coach", "leader", "staff"},
    "Birch": {"admin", "coach", "leader", "staff"},
    "Elm": {"outsider"},
}
PRACTICE = PUBLIC
VISIT_EDIT = {"Alder": {"admin", "coach"}, "Birch": {"admin"}}


MATRIX: dict[str, tuple[Case, ...]] = {
    "voice:index": (Case("-", signed_in(OK)),),
    # --- working groups ---------------------------------------------------------------------
    "voice:groups": (Case("-", signed_in(OK)),),
    "voice:group_new": (
        Case("own district", _outcomes(OK, ANY_MANAGER)),
        Case("own district, POST (invalid)", _outcomes(OK, ANY_MANAGER), method="post"),
    ),
    "voice:group_detail": _per_place(WorkingGroupFactory, READ),
    "voice:group_edit": _per_place(WorkingGroupFactory, MANAGE),
    "voice:group_member_add": (
        *(
            Case(
                p,
                _outcomes(302, MANAGE[p]),
                kwargs=_group_only(p),
                method="post",
                data=_roster_entry_data,
            )
            for p in _WHERE
        ),
        Case("Alder, GET", signed_in(NOT_ALLOWED), kwargs=_group_only("Alder")),
    ),
    "voice:group_member_remove": (
        *(
            Case(p, _outcomes(302, MANAGE[p]), kwargs=_group_with_member(p), method="post")
            for p in _WHERE
        ),
        Case("Alder, GET", signed_in(NOT_ALLOWED), kwargs=_group_with_member("Alder")),
    ),
    "voice:group_plan": (
        *(
            Case(
                p, _outcomes(302, MANAGE[p]), kwargs=_group_only(p), method="post", data=_plan_data
            )
            for p in _WHERE
        ),
        Case("Alder, GET", signed_in(NOT_ALLOWED), kwargs=_group_only("Alder")),
    ),
    "voice:meeting_edit": tuple(
        Case(p, _outcomes(OK, MANAGE[p]), kwargs=_meeting(p)) for p in _WHERE
    ),
    "voice:spread": (
        Case("own district", _outcomes(OK, {"admin", "coach", "leader", "outsider"})),
        Case(
            "Birch's groups",
            _outcomes(OK, {"admin"}),
            data=lambda w: {
                "scope": WorkingGroupFactory(
                    district=w.cast.district, school=w.other_school
                ).school_id
            },
        ),
        Case("unknown breakdown", _outcomes(OK, set()), data=lambda w: {"by": "salary"}),
    ),
    # --- the anonymous channel --------------------------------------------------------------
    "voice:post_new": (
        Case("-", signed_in(OK)),
        Case(
            "to the district",
            signed_in(302),
            method="post",
            data=lambda w: {"kind": "idea", "to": "district", "text": "Planning time, please."},
        ),
    ),
    "voice:inbox": (
        Case("own district", _outcomes(OK, {"admin", "leader", "outsider"})),
        Case(
            "Birch's posts",
            _outcomes(OK, {"admin"}),
            data=lambda w: {"place": w.other_school.pk},
        ),
    ),
    "voice:post_respond": tuple(
        Case(p, _outcomes(OK, who), kwargs=_post(p)) for p, who in CHANNEL.items()
    ),
    "voice:public_district": (Case("own district", signed_in(OK)),),
    "voice:public_school": tuple(
        Case(p, _outcomes(OK, who), kwargs=_school_of(p)) for p, who in PUBLIC.items()
    ),
    # --- decisions ----------------------------------------------------------------------------
    "voice:decisions": (Case("-", signed_in(OK)),),
    "voice:decision_new": (Case("own district", _outcomes(OK, ANY_MANAGER)),),
    "voice:decision_detail": _per_place(DecisionFactory, READ),
    "voice:decision_edit": _per_place(DecisionFactory, MANAGE),
    # --- practice exchange and visits ------------------------------------------------------------
    "voice:practices": (Case("-", signed_in(OK)),),
    "voice:practice_new": (Case("own district", _outcomes(OK, ANY_MANAGER)),),
    "voice:practice_detail": tuple(
        Case(p, _outcomes(OK, who), kwargs=_practice(p)) for p, who in PRACTICE.items()
    ),
    "voice:visits": (Case("own district", _outcomes(OK, ANY_MANAGER)),),
    "voice:visit_new": (Case("own district", _outcomes(OK, {"admin", "coach", "outsider"})),),
    "voice:visit_edit": tuple(
        Case(f"visit to {p}", _outcomes(OK, who), kwargs=_visit(p)) for p, who in VISIT_EDIT.items()
    ),
}
