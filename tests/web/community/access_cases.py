"""Access-matrix entries for the community app's URLs (merged into
tests/web/test_access_matrix.py).

Indicators, patterns and profiles are for the district admin, the school's coach and its
leader; staff see none of it (404), even though Riverbend lets staff see survey results.
The district pages send a school leader on to their school (302). Uploads are for
district admins (each in their own district), and so is a large upload's page.
"""

from __future__ import annotations

from tests.web.access import (
    ADMINS_ONLY,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    _school,
    everyone,
    expect,
)

_DISTRICT_PAGE = expect(
    anonymous=LOGIN, admin=OK, coach=OK, leader=302, staff=NOT_FOUND, outsider=OK
)
_ALDER = expect(anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=NOT_FOUND)
_BIRCH = expect(
    anonymous=LOGIN,
    admin=OK,
    coach=NOT_FOUND,
    leader=NOT_FOUND,
    staff=NOT_FOUND,
    outsider=NOT_FOUND,
)
_ELM = expect(
    anonymous=LOGIN,
    admin=NOT_FOUND,
    coach=NOT_FOUND,
    leader=NOT_FOUND,
    staff=NOT_FOUND,
    outsider=OK,
)


def _school_cases() -> tuple[Case, ...]:
    return (
        Case("Alder", _ALDER, kwargs=_school("school")),
        Case("Birch", _BIRCH, kwargs=_school("other_school")),
        Case("Elm", _ELM, kwargs=_school("elsewhere_school")),
        Case(
            "no such school", {**_BIRCH, "admin": NOT_FOUND}, kwargs=lambda w: {"school_id": 999999}
        ),
    )


_UPLOAD_REJECTED = expect(
    anonymous=LOGIN, admin=400, coach=NOT_FOUND, leader=NOT_FOUND, staff=NOT_FOUND, outsider=400
)


def _job(district) -> dict[str, int]:
    from staffroom.web.community.models import UploadJob

    job = UploadJob.objects.create(district=district, kind="absences", filename="absences.csv")
    return {"pk": job.pk}


_RIVERBEND_ADMIN = {**ADMINS_ONLY, "outsider": NOT_FOUND}

MATRIX: dict[str, tuple[Case, ...]] = {
    "community:district": (Case("own district", _DISTRICT_PAGE),),
    "community:district_patterns": (Case("own district", _DISTRICT_PAGE),),
    "community:school": _school_cases(),
    "community:school_patterns": _school_cases(),
    "community:profile": _school_cases(),
    "community:uploads": (Case("own district", ADMINS_ONLY),),
    "community:upload": (
        Case("no file", _UPLOAD_REJECTED, kwargs=lambda w: {"kind": "absences"}, method="post"),
        Case(
            "unknown kind",
            {**_UPLOAD_REJECTED, "admin": NOT_FOUND, "outsider": NOT_FOUND},
            kwargs=lambda w: {"kind": "ties"},
            method="post",
        ),
        Case("GET", everyone(NOT_ALLOWED), kwargs=lambda w: {"kind": "absences"}),
    ),
    "community:teams_beyond_contract": (
        Case(
            "own district",
            {**ADMINS_ONLY, "admin": 302, "outsider": 302},
            method="post",
        ),
        Case("GET", everyone(NOT_ALLOWED)),
    ),
    "community:upload_job": (
        Case("Riverbend's job", _RIVERBEND_ADMIN, kwargs=lambda w: _job(w.cast.district)),
        Case(
            "the other district's job",
            {**ADMINS_ONLY, "admin": NOT_FOUND},
            kwargs=lambda w: _job(w.elsewhere_school.district),
        ),
        Case(
            "no such job",
            {**ADMINS_ONLY, "admin": NOT_FOUND, "outsider": NOT_FOUND},
            kwargs=lambda w: {"pk": 999999},
        ),
    ),
    "community:upload_template": (
        Case("absences", ADMINS_ONLY, kwargs=lambda w: {"kind": "absences"}),
        Case(
            "unknown kind",
            {**ADMINS_ONLY, "admin": NOT_FOUND, "outsider": NOT_FOUND},
            kwargs=lambda w: {"kind": "nope"},
        ),
    ),
}
