"""``manage.py improvement_pulse``: queue the pulse schedule's daily tick."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from staffroom.web.improvement.tasks import pulse_schedule_tick


class Command(BaseCommand):
    help = "Queue the task that opens due pulse surveys and closes finished ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", default="", help="ISO date to act for (default: today).")
        parser.add_argument(
            "--now", action="store_true", help="Run in this process instead of queueing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            counts = pulse_schedule_tick.call(today=options["today"])
            self.stdout.write(f"opened {counts['opened']}, closed {counts['closed']}")
        else:
            result = pulse_schedule_tick.enqueue(today=options["today"])
            self.stdout.write(f"queued {result.id}")
