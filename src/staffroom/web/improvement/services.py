"""Writes for improvement: metrics, PDSA cycles and their stages, the pulse schedule,
opening due pulse cycles, and the district's readiness settings.

Named ``<entity>_<action>`` and keyword-only (HackSoft style). Views stay thin.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from staffroom.web.accounts.models import User
from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.improvement.models import (
    Metric,
    PdsaCycle,
    PdsaEvent,
    PdsaStage,
    PulseRun,
    PulseSchedule,
    ReadinessConfig,
)
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.services import cycle_close, cycle_create, cycle_open, min_n_floor

__all__ = [
    "PULSE_INSTRUMENT_ID",
    "PdsaStageError",
    "metric_create",
    "pdsa_advance",
    "pdsa_create",
    "pdsa_stage_save",
    "pulse_due_on",
    "pulse_schedule_save",
    "pulse_schedules_run",
    "readiness_config_save",
]

PULSE_INSTRUMENT_ID = "pulse"


class PdsaStageError(Exception):
    """The cycle cannot move on yet (notes or the equity pause missing, or finished)."""


def _now() -> dt.datetime:
    return timezone.now()


def _event(cycle: PdsaCycle, user: User | None, text: str) -> None:
    PdsaEvent.objects.create(cycle=cycle, at=_now(), user=user, text=text[:300])


# --------------------------------------------------------------------------- metrics


def metric_create(
    *,
    district: District,
    title: str,
    source: str,
    baseline: float,
    target: float,
    target_date: dt.date,
    school: School | None = None,
    scale_id: str = "",
    instrument_id: str = "staff-climate",
    indicator: str = "",
    higher_is_better: bool = True,
    baseline_note: str = "",
    why: str = "",
) -> Metric:
    """A metric of success. Raises ``ValueError`` for a school of another district or a
    source without what it needs (a scale, or an indicator)."""
    if school is not None and school.district_id != district.pk:
        raise ValueError("the school must belong to the metric's district")
    if source in {Metric.SURVEY, Metric.PULSE} and not scale_id:
        raise ValueError("a survey or pulse metric needs a scale")
    if source == Metric.INDICATOR and not indicator:
        raise ValueError("an indicator metric needs an indicator")
    return Metric.objects.create(
        district=district,
        school=school,
        title=title,
        source=source,
        instrument_id=PULSE_INSTRUMENT_ID if source == Metric.PULSE else instrument_id,
        scale_id=scale_id,
        indicator=indicator,
        higher_is_better=higher_is_better,
        baseline=baseline,
        baseline_note=baseline_note,
        target=target,
        target_date=target_date,
        why=why,
    )


# --------------------------------------------------------------------------- PDSA


STAGE_ORDER = tuple(key for key, _ in PdsaCycle.STAGES)


def pdsa_create(
    *,
    district: District,
    title: str,
    change_idea: str,
    prediction: str,
    started_on: dt.date,
    user: User | None,
    school: School | None = None,
    team: Team | None = None,
    metrics: Iterable[Metric] = (),
) -> PdsaCycle:
    """A new cycle at the Plan stage, with an empty record for each stage."""
    metrics = list(metrics)
    if any(o is not None and o.district_id != district.pk for o in (school, team)) or any(
        m.district_id != district.pk for m in metrics
    ):
        raise ValueError("schools, teams and metrics must belong to the cycle's district")
    with transaction.atomic():
        cycle = PdsaCycle.objects.create(
            district=district,
            school=school,
            team=team,
            title=title,
            change_idea=change_idea,
            prediction=prediction,
            started_on=started_on,
            created_by=user,
        )
        cycle.metrics.set(metrics)
        PdsaStage.objects.bulk_create(PdsaStage(cycle=cycle, stage=s) for s in STAGE_ORDER)
        _event(cycle, user, "Started the cycle at Plan.")
    return cycle


def pdsa_stage_save(
    *,
    cycle: PdsaCycle,
    stage: str,
    notes: str,
    pause: Mapping[str, str],
    user: User | None,
    today: dt.date,
) -> PdsaStage:
    """Save a stage's notes and equity pause. Only the current stage and earlier ones can
    be written (a stage ahead has not started)."""
    if stage not in STAGE_ORDER:
        raise PdsaStageError("unknown stage")
    current = STAGE_ORDER.index(cycle.stage) if cycle.stage in STAGE_ORDER else len(STAGE_ORDER)
    if STAGE_ORDER.index(stage) > current:
        raise PdsaStageError("this stage has not started yet")
    record, _ = PdsaStage.objects.get_or_create(cycle=cycle, stage=stage)
    record.notes = notes.strip()
    for name, _question, _prompt in EQUITY_PAUSE_QUESTIONS:
        setattr(record, name, str(pause.get(name, "")).strip())
    if record.equity_pause_done and record.paused_on is None:
        record.paused_on = today
    record.save()
    _event(cycle, user, f"Updated the {dict(PdsaCycle.STAGES)[stage]} notes and equity pause.")
    return record


def pdsa_advance(
    *, cycle: PdsaCycle, user: User | None, today: dt.date, decision: str = ""
) -> PdsaCycle:
    """Move to the next stage (Plan, Do, Study, Act, then finished).

    A stage is left only when its notes are written and its equity pause answered;
    finishing at Act needs a decision (adopt, adapt or abandon). Raises
    ``PdsaStageError`` otherwise.
    """
    if cycle.stage not in STAGE_ORDER:
        raise PdsaStageError("the cycle has finished")
    record = PdsaStage.objects.filter(cycle=cycle, stage=cycle.stage).first()
    name = dict(PdsaCycle.STAGES)[cycle.stage]
    if record is None or not record.notes:
        raise PdsaStageError(f"write the {name} notes before moving on")
    if not record.equity_pause_done:
        raise PdsaStageError(f"answer the three equity pause questions of {name} first")
    position = STAGE_ORDER.index(cycle.stage)
    if cycle.stage == PdsaCycle.ACT:
        if decision not in dict(PdsaCycle.DECISIONS):
            raise PdsaStageError("choose to adopt, adapt or abandon the change")
        cycle.stage, cycle.decision, cycle.finished_on = PdsaCycle.DONE, decision, today
        cycle.save(update_fields=["stage", "decision", "finished_on"])
        _event(cycle, user, f"Finished the cycle: {dict(PdsaCycle.DECISIONS)[decision]}.")
        return cycle
    cycle.stage = STAGE_ORDER[position + 1]
    cycle.save(update_fields=["stage"])
    _event(cycle, user, f"Moved from {name} to {dict(PdsaCycle.STAGES)[cycle.stage]}.")
    return cycle


# --------------------------------------------------------------------------- pulse


def pulse_schedule_save(
    *,
    district: District,
    school: School | None,
    starts_on: dt.date,
    every_months: int = 1,
    open_days: int = 7,
    active: bool = True,
) -> PulseSchedule:
    """Create or update the district's (or a school's) pulse schedule."""
    if school is not None and school.district_id != district.pk:
        raise ValueError("the school must belong to the district")
    if not 1 <= every_months <= 12 or not 1 <= open_days <= 27:
        raise ValueError("every 1 to 12 months, open 1 to 27 days")
    schedule, _ = PulseSchedule.objects.update_or_create(
        district=district,
        school=school,
        defaults={
            "starts_on": starts_on,
            "every_months": every_months,
            "open_days": open_days,
            "active": active,
        },
    )
    return schedule


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pulse_due_on(schedule: PulseSchedule, today: dt.date) -> dt.date | None:
    """The opening day of the schedule's period that covers ``today``: the latest opening
    day on or before today whose pulse would still be open; None if there is none."""
    if today < schedule.starts_on:
        return None
    months = (today.year - schedule.starts_on.year) * 12 + today.month - schedule.starts_on.month
    step = max(1, schedule.every_months)
    k = months // step
    opens_on = _add_months(schedule.starts_on, k * step)
    if opens_on > today:
        k -= 1
        if k < 0:
            return None
        opens_on = _add_months(schedule.starts_on, k * step)
    if today >= opens_on + dt.timedelta(days=schedule.open_days):
        return None  # this period's pulse window has passed (a missed run is not made up)
    return opens_on


def _pulse_open(schedule: PulseSchedule, opens_on: dt.date) -> Cycle | None:
    district = schedule.district
    if schedule.school is not None:
        schools = [schedule.school]
        title = f"Pulse {opens_on:%B %Y}: {schedule.school.name}"
    else:
        schools = list(district.schools.all())
        title = f"Pulse {opens_on:%B %Y}"
    if not schools:
        return None
    with transaction.atomic():
        cycle = cycle_create(
            district=district,
            title=title[:200],
            instrument_id=PULSE_INSTRUMENT_ID,
            opens_on=opens_on,
            closes_on=opens_on + dt.timedelta(days=schedule.open_days),
            min_n=min_n_floor(district),
            schools=schools,
        )
        cycle_open(cycle=cycle)
        PulseRun.objects.create(schedule=schedule, opens_on=opens_on, cycle=cycle)
    return cycle


def pulse_schedules_run(*, today: dt.date) -> tuple[int, int]:
    """Open every pulse that is due and close scheduled pulses past their closing day.

    Idempotent: a schedule opens at most one cycle per opening day (``PulseRun`` is
    unique on the schedule and the day), so running it twice, or from two workers,
    opens nothing more. Returns (opened, closed).
    """
    opened = closed = 0
    for schedule in PulseSchedule.objects.filter(active=True).select_related("district", "school"):
        opens_on = pulse_due_on(schedule, today)
        if (
            opens_on is None
            or PulseRun.objects.filter(schedule=schedule, opens_on=opens_on).exists()
        ):
            continue
        try:
            if _pulse_open(schedule, opens_on) is not None:
                opened += 1
        except IntegrityError:
            continue  # another worker opened it first
    for run in PulseRun.objects.filter(
        cycle__status=Cycle.OPEN, cycle__closes_on__lt=today
    ).select_related("cycle"):
        cycle_close(cycle=run.cycle)
        closed += 1
    return opened, closed


# --------------------------------------------------------------------------- readiness


def readiness_config_save(*, district: District, values: Mapping[str, Any]) -> ReadinessConfig:
    """Store the district's readiness thresholds and weights (those given replace the
    stored ones; validation is the form's, against ``ReadinessSettings``)."""
    config, _ = ReadinessConfig.objects.update_or_create(
        district=district, defaults={"values": dict(values)}
    )
    return config
