"""Access-matrix entries for the reports app (merged into tests/web/test_access_matrix.py).

Reports are for leadership teams and coaches: a school's report follows who may see the
school's results, except staff; the district report is for admins and coaches.
"""

from __future__ import annotations

from staffroom.web.reports.models import ReportBatch
from tests.web.access import LOGIN, NOT_FOUND, OK, Case, World, expect

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


def _admins_batch(w: World) -> dict[str, int]:
    """A finished batch Riverbend's admin asked for: only they may download it."""
    batch = ReportBatch.objects.create(
        district=w.cast.district, requested_by=w.cast.admin, status=ReportBatch.DONE, archive=b"PK"
    )
    return {"pk": batch.pk}


MATRIX: dict[str, tuple[Case, ...]] = {
    "reports:batch_create": (
        Case(
            "-",
            expect(
                anonymous=LOGIN,
                admin=302,
                coach=302,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=302,
            ),
            method="post",
        ),
    ),
    "reports:batch_download": (
        Case(
            "Riverbend admin's batch",
            expect(
                anonymous=LOGIN,
                admin=OK,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            kwargs=_admins_batch,
        ),
    ),
    "reports:district": (Case("-", _DISTRICT),),
    "reports:district_pdf": (Case("-", _DISTRICT),),
    "reports:school": _school_cases(),
    "reports:school_pdf": _school_cases(),
}
