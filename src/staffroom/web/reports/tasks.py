"""Report batches in the background (django-tasks): one PDF per school, zipped.

Each school's report is drawn for the user who asked, with the same access checks and
suppression as their pages; a school they may no longer see is left out.
"""

from __future__ import annotations

import io
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django_tasks import task

from staffroom.web.accounts.access import visible_schools
from staffroom.web.accounts.models import User
from staffroom.web.reports import pdf, sections
from staffroom.web.reports.models import ReportBatch

__all__ = ["report_batch_build", "report_batch_queue"]


def report_batch_queue(*, user: User) -> ReportBatch:
    """Record a batch for ``user``'s district and queue it once the record is saved."""
    batch = ReportBatch.objects.create(district_id=user.district_id, requested_by=user)
    transaction.on_commit(lambda: report_batch_build.enqueue(batch.pk))
    return batch


@task()
def report_batch_build(batch_id: int) -> None:
    """Make the batch's archive. Runs once: a batch no longer queued is left alone."""
    if not ReportBatch.objects.filter(pk=batch_id, status=ReportBatch.QUEUED).update(
        status=ReportBatch.RUNNING
    ):
        return
    batch = ReportBatch.objects.select_related("requested_by", "district").get(pk=batch_id)
    user = batch.requested_by
    buffer = io.BytesIO()
    try:
        with translation.override("en"), zipfile.ZipFile(buffer, "w") as archive:
            schools = list(visible_schools(user).order_by("name"))
            for school in schools:
                html = render_to_string(
                    "reports/school_print.html",
                    {
                        "school": school,
                        "district": school.district,
                        "sections": sections.school_sections(school, user),
                        "made_on": timezone.localdate(),
                        "min_n": school.district.min_n,
                        "printing": True,
                    },
                )
                archive.writestr(f"{slugify(school.name)}-report.pdf", pdf.html_to_pdf(html))
    except Exception as error:
        ReportBatch.objects.filter(pk=batch_id).update(
            status=ReportBatch.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    ReportBatch.objects.filter(pk=batch_id).update(
        status=ReportBatch.DONE,
        archive=buffer.getvalue(),
        school_count=len(schools),
        finished_at=timezone.now(),
    )
