"""Large uploads go to the background worker: the page follows the job, the outcome is
the same all-or-nothing import, and the file's bytes do not outlive it."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from staffroom.web.community import tasks
from staffroom.web.community.models import AbsenceRecord, DataImport, UploadJob
from tests.web.factories import DistrictFactory, RosterEntryFactory, UserFactory

pytestmark = pytest.mark.urls("tests.web.community.urls")

ABSENCES = "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"
GOOD = ABSENCES + "2026-09-01,2026-09-30,alder,T1,,21,1\n"


@pytest.fixture
def admin(client, cast, settings):
    settings.STAFFROOM_BACKGROUND_UPLOAD_BYTES = 10  # every test file is "large"
    client.force_login(cast.admin)
    RosterEntryFactory(district=cast.district, school=cast.school, staff_id="T1")
    return client


def _post(client, text: str, capture, *, run: bool = True):
    upload = SimpleUploadedFile("absences.csv", text.encode(), content_type="text/csv")
    with capture(execute=run):
        return client.post(reverse("community:upload", args=["absences"]), {"file": upload})


def _job_page(client, job: UploadJob, **headers):
    return client.get(reverse("community:upload_job", args=[job.pk]), headers=headers)


def test_a_large_file_is_imported_by_the_worker_and_its_bytes_dropped(
    admin, django_capture_on_commit_callbacks
):
    response = _post(admin, GOOD, django_capture_on_commit_callbacks)
    job = UploadJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:upload_job", args=[job.pk])
    assert (job.status, job.rows, job.summary) == (UploadJob.DONE, 1, {"records": 1, "replaced": 0})
    assert bytes(job.content) == b""
    assert job.finished_at is not None
    assert AbsenceRecord.objects.count() == 1
    assert DataImport.objects.get().filename == "absences.csv"
    body = _job_page(admin, job).content.decode()
    assert "Imported: 1 row." in body
    assert "hx-trigger" not in body  # nothing left to follow


def test_a_large_file_with_problems_lists_them_on_its_page_and_saves_nothing(
    admin, django_capture_on_commit_callbacks
):
    text = GOOD + "2026-09-01,2026-09-30,Nowhere,T1,,21,1\n2026-09-01,2026-09-30,alder,T77,,21,1\n"
    _post(admin, text, django_capture_on_commit_callbacks)
    job = UploadJob.objects.get()
    assert job.status == UploadJob.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "school"), (4, "staff_id")]
    assert not AbsenceRecord.objects.exists()
    assert not DataImport.objects.exists()
    body = _job_page(admin, job).content.decode()
    assert "Nothing was saved from the Absences file" in body
    assert "row 3" in body
    assert "column “staff_id”" in body


def test_a_waiting_job_is_followed_and_htmx_gets_only_its_status(
    admin, django_capture_on_commit_callbacks
):
    _post(admin, GOOD, django_capture_on_commit_callbacks, run=False)
    job = UploadJob.objects.get()
    assert job.status == UploadJob.QUEUED
    assert bytes(job.content) == GOOD.encode()
    page = _job_page(admin, job).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Waiting for the background worker" in page
    part = _job_page(admin, job, HX_Request="true").content.decode()
    assert part.lstrip().startswith('<div id="upload-job-status"')
    assert "<html" not in part
    uploads = admin.get(reverse("community:uploads")).content.decode()
    assert reverse("community:upload_job", args=[job.pk]) in uploads


def test_running_a_job_twice_imports_it_once(admin, django_capture_on_commit_callbacks):
    _post(admin, GOOD, django_capture_on_commit_callbacks)
    job = UploadJob.objects.get()
    assert tasks.community_upload_run.call(job_id=job.pk) == "not queued"
    assert DataImport.objects.count() == 1


def test_a_failure_saves_nothing_and_keeps_the_file_out_of_the_log(
    admin, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("T1 was absent 3 days")

    monkeypatch.setattr(tasks, "community_file_import", broken)
    with caplog.at_level(logging.ERROR, logger="staffroom.web.community.tasks"):
        _post(admin, GOOD, django_capture_on_commit_callbacks)
    job = UploadJob.objects.get()
    assert job.status == UploadJob.FAILED
    assert bytes(job.content) == b""
    assert "failed" in caplog.text
    assert "T1 was absent" not in caplog.text
    assert "could not be imported" in _job_page(admin, job).content.decode()


def test_a_job_page_is_its_district_admins_only(
    admin, client, cast, django_capture_on_commit_callbacks
):
    _post(admin, GOOD, django_capture_on_commit_callbacks, run=False)
    job = UploadJob.objects.get()
    other_admin = UserFactory(district=DistrictFactory(), role=cast.admin.role)
    for user in (cast.leader, cast.coach, other_admin):
        client.force_login(user)
        assert _job_page(client, job).status_code == 404


def test_a_job_waiting_too_long_says_so(admin, django_capture_on_commit_callbacks):
    """No worker running (or one that died mid-file): the page says what to do."""
    _post(admin, GOOD, django_capture_on_commit_callbacks, run=False)
    job = UploadJob.objects.get()
    assert "taking longer than it should" not in _job_page(admin, job).content.decode()
    UploadJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - UploadJob.OVERDUE - dt.timedelta(minutes=1)
    )
    body = _job_page(admin, job).content.decode()
    assert "taking longer than it should" in body
    assert 'hx-trigger="every 2s"' in body  # a late worker still shows up
