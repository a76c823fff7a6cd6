"""Access-matrix entries for the improvement app's URLs (merged into
tests/web/test_access_matrix.py).

Admins reach everything in their district; the coach (of Alder) reaches Alder's metrics
and cycles and the district-wide metrics; the leader reaches Alder's; staff reach none
of these pages; the outsider reaches only their own district's (Elm).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from staffroom.web.improvement.models import Metric, PdsaCycle
from staffroom.web.improvement.services import metric_create, pdsa_create, pdsa_stage_save
from tests.web.access import (
    ADMINS_ONLY,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    World,
    expect,
    signed_in,
)

DAY = dt.date(2026, 11, 2)
PAUSE = {"who_benefits": "a", "who_carries": "b", "whose_voice": "c"}

# Pages about the visitor's own district: admins, coaches and leaders (staff: 404).
OWN_DISTRICT = expect(anonymous=LOGIN, admin=OK, coach=OK, leader=OK, staff=NOT_FOUND, outsider=OK)


def _place(world: World, where: str) -> tuple[Any, Any]:
    """(district, school) for "Alder", "Birch", "district" (Riverbend-wide) or "Elm"."""
    if where == "Elm":
        return world.elsewhere_school.district, world.elsewhere_school
    school = {"Alder": world.school, "Birch": world.other_school, "district": None}[where]
    return world.cast.district, school


def _metric(where: str) -> Callable[[World], dict[str, Any]]:
    def build(world: World) -> dict[str, Any]:
        district, school = _place(world, where)
        metric = metric_create(
            district=district,
            school=school,
            title=f"Trust at {where}",
            source=Metric.PULSE,
            scale_id="colleague_trust",
            baseline=3.2,
            target=3.8,
            target_date=dt.date(2027, 6, 1),
        )
        return {"pk": metric.pk}

    return build


def _cycle(where: str, *, ready: bool = False) -> Callable[[World], PdsaCycle]:
    def build(world: World) -> PdsaCycle:
        district, school = _place(world, where)
        cycle = pdsa_create(
            district=district,
            school=school,
            title=f"Huddles at {where}",
            change_idea="Weekly huddles",
            prediction="Trust rises",
            started_on=DAY,
            user=None,
        )
        if ready:
            pdsa_stage_save(
                cycle=cycle, stage="plan", notes="Plan", pause=PAUSE, user=None, today=DAY
            )
        return cycle

    return build


def _pdsa(where: str, **extra: Any) -> Callable[[World], dict[str, Any]]:
    ready = extra.pop("ready", False)
    return lambda w: {"pk": _cycle(where, ready=ready)(w).pk, **extra}


def _stage_data(world: World) -> dict[str, Any]:
    return {"plan-notes": "We plan a six-week test.", **{f"plan-{k}": v for k, v in PAUSE.items()}}


def _by_place(
    kwargs: Callable[[str], Callable[[World], dict[str, Any]]],
    *,
    ok: Any = OK,
    method: str = "get",
    data: Callable[[World], dict[str, Any]] | None = None,
    district_wide: bool = False,
) -> tuple[Case, ...]:
    extra: dict[str, Any] = {"method": method}
    if data is not None:
        extra["data"] = data
    cases = [
        Case(
            "Alder",
            expect(
                anonymous=LOGIN, admin=ok, coach=ok, leader=ok, staff=NOT_FOUND, outsider=NOT_FOUND
            ),
            kwargs=kwargs("Alder"),
            **extra,
        ),
        Case(
            "Birch",
            expect(
                anonymous=LOGIN,
                admin=ok,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            kwargs=kwargs("Birch"),
            **extra,
        ),
        Case(
            "Elm",
            expect(
                anonymous=LOGIN,
                admin=NOT_FOUND,
                coach=NOT_FOUND,
                leader=NOT_FOUND,
                staff=NOT_FOUND,
                outsider=ok,
            ),
            kwargs=kwargs("Elm"),
            **extra,
        ),
    ]
    if district_wide:
        cases.append(
            Case(
                "Riverbend-wide",
                expect(
                    anonymous=LOGIN,
                    admin=ok,
                    coach=ok,
                    leader=NOT_FOUND,
                    staff=NOT_FOUND,
                    outsider=NOT_FOUND,
                ),
                kwargs=kwargs("district"),
                **extra,
            )
        )
    return tuple(cases)


MATRIX: dict[str, tuple[Case, ...]] = {
    "improvement:index": (Case("own district", OWN_DISTRICT),),
    "improvement:metric_new": (Case("own district", OWN_DISTRICT),),
    "improvement:metric": _by_place(_metric, district_wide=True),
    "improvement:pdsa_list": (Case("own district", OWN_DISTRICT),),
    "improvement:pdsa_new": (Case("own district", OWN_DISTRICT),),
    "improvement:pdsa": _by_place(_pdsa, district_wide=True),
    "improvement:pdsa_stage": (
        *_by_place(
            lambda where: _pdsa(where, stage="plan"), ok=302, method="post", data=_stage_data
        ),
        Case("Alder, GET", signed_in(NOT_ALLOWED), kwargs=_pdsa("Alder", stage="plan")),
    ),
    "improvement:pdsa_advance": (
        *_by_place(lambda where: _pdsa(where, ready=True), ok=302, method="post"),
        Case(
            "Alder, plan not written",
            expect(
                anonymous=LOGIN,
                admin=400,
                coach=400,
                leader=400,
                staff=NOT_FOUND,
                outsider=NOT_FOUND,
            ),
            kwargs=_pdsa("Alder"),
            method="post",
        ),
        Case("Alder, GET", signed_in(NOT_ALLOWED), kwargs=_pdsa("Alder")),
    ),
    "improvement:pulse": (Case("own district", ADMINS_ONLY),),
    "improvement:readiness": (Case("own district", OWN_DISTRICT),),
    "improvement:readiness_settings": (Case("own district", ADMINS_ONLY),),
}
