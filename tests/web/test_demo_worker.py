"""The demo runs a django-tasks worker beside its server, so queued work really happens:
a report batch queued in the demo's database is made by that worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow

QUEUE = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import District
from staffroom.web.reports.models import ReportBatch
from staffroom.web.reports.tasks import report_batch_build
district = District.objects.create(name="Worker test", slug="worker")
admin = User.objects.create_user(username="a@x.org", district=district, role=User.DISTRICT_ADMIN)
batch = ReportBatch.objects.create(district=district, requested_by=admin)
report_batch_build.enqueue(batch.pk)
print(batch.pk)
"""

STATUS = """
import django; django.setup()
from staffroom.web.reports.models import ReportBatch
print(ReportBatch.objects.get(pk={pk}).status)
"""


def _django(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_demo_worker_runs_queued_tasks(tmp_path):
    from staffroom.web.runtime import background_worker

    env = {k: v for k, v in os.environ.items() if not k.startswith(("STAFFROOM_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="staffroom.web.settings.dev",
        STAFFROOM_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    pk = _django(env, QUEUE)
    assert _django(env, STATUS.format(pk=pk)) == "queued"  # nothing runs it yet
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with background_worker() as worker:
            deadline = time.monotonic() + 60
            status = "queued"
            while time.monotonic() < deadline and status != "done" and worker.poll() is None:
                time.sleep(0.5)
                status = _django(env, STATUS.format(pk=pk))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert status == "done"
    assert worker.poll() is not None  # stopped with the server
