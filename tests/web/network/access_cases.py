"""Access-matrix entries for the network app's URLs (merged into
tests/web/test_access_matrix.py).

Maps: a school's map (and its JSON) is for the district admin, the school's coach and
its leaders; staff see no map. The district-team page (and its JSON) and the ties
import are for district admins and coaches. Everything else is 404.
"""

from __future__ import annotations

from tests.web.access import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, ROLES, Case, Outcome, _school


def _seen_by(*roles: str) -> dict[str, Outcome]:
    """OK for ``roles``, sign in for anonymous visitors, 404 for everyone else."""
    return {role: OK if role in roles else NOT_FOUND for role in ROLES} | {"anonymous": LOGIN}


_MAP_ROLES = ("admin", "coach", "leader")


def _school_cases() -> tuple[Case, ...]:
    return (
        Case("Alder", _seen_by(*_MAP_ROLES), kwargs=_school("school")),
        Case(
            "Alder, filtered",
            _seen_by(*_MAP_ROLES),
            kwargs=_school("school"),
            data=lambda w: {"type": ["advice", "social"], "colour": "race_ethnicity"},
        ),
        Case("Birch", _seen_by("admin"), kwargs=_school("other_school")),
        Case("Elm", _seen_by("outsider"), kwargs=_school("elsewhere_school")),
    )


_ADMIN_AND_COACH = _seen_by("admin", "coach", "outsider")

MATRIX: dict[str, tuple[Case, ...]] = {
    "network:index": (Case("own district", _seen_by(*_MAP_ROLES, "outsider")),),
    "network:school": _school_cases(),
    "network:school_json": _school_cases(),
    "network:team": (Case("own district", _ADMIN_AND_COACH),),
    "network:team_json": (Case("own district", _ADMIN_AND_COACH),),
    "network:import": (
        Case("own district", _ADMIN_AND_COACH),
        # no file: the form answers with its error, nothing is saved
        Case("own district, empty POST", _ADMIN_AND_COACH, method="post"),
        Case(
            "own district, PUT",
            {role: NOT_ALLOWED for role in ROLES} | {"anonymous": LOGIN},
            method="put",
        ),
    ),
    "network:template": (Case("own district", _ADMIN_AND_COACH),),
}
