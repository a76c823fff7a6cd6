"""The pulse schedule in the background (django-tasks, database backend).

``pulse_schedule_tick`` opens every pulse that is due today and closes scheduled pulses
past their closing day. It is idempotent (``services.pulse_schedules_run``), so it may be
queued as often as convenient: the ``improvement_pulse`` management command queues it,
run daily by cron or a systemd timer; a worker (``manage.py db_worker``) runs it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from staffroom.web.improvement.services import pulse_schedules_run

__all__ = ["pulse_schedule_tick"]


@task()
def pulse_schedule_tick(*, today: str = "") -> dict[str, int]:
    """Open the pulse cycles due on ``today`` (ISO date; default: the local date) and
    close scheduled ones past their closing day. Returns the counts."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    opened, closed = pulse_schedules_run(today=day)
    return {"opened": opened, "closed": closed}
