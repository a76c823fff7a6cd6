"""Access-matrix entries for the reports app (merged into tests/web/test_access_matrix.py).

Reports are for leadership teams and coaches: a school's report follows who may see the
school's results, except staff; the district report is for admins and coaches.
"""

from __future__ import annotations

from tests.web.access import LOGIN, NOT_FOUND, OK, Case, expect

_SCHOOL = {
    "Alder": expect(
        anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=NOT_FOUND
    ),
    "Birch": expect(
        anonymous=LOGIN,
        admin=OK,
        coach=NOT_FOUND,
        leader=NOT_FOUND,
        staff=NOT_FOUND,
        outsider=NOT_FOUND,
    ),
    "Elm": expect(
        anonymous=LOGIN,
        admin=NOT_FOUND,
        coach=NOT_FOUND,
        leader=NOT_FOUND,
        staff=NOT_FOUND,
        outsider=OK,
    ),
}
_ATTR = {"Alder": "school", "Birch": "other_school", "Elm": "elsewhere_school"}


def _school_cases() -> tuple[Case, ...]:
    return tuple(
        Case(org, expected, kwargs=lambda w, a=_ATTR[org]: {"school_id": getattr(w, a).pk})
        for org, expected in _SCHOOL.items()
    )


_DISTRICT = expect(
    anonymous=LOGIN, admin=OK, coach=OK, leader=NOT_FOUND, staff=NOT_FOUND, outsider=OK
)

MATRIX: dict[str, tuple[Case, ...]] = {
    "reports:district": (Case("-", _DISTRICT),),
    "reports:district_pdf": (Case("-", _DISTRICT),),
    "reports:school": _school_cases(),
    "reports:school_pdf": _school_cases(),
}
