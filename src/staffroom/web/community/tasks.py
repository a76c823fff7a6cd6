"""Large uploads, checked and imported by the background worker (django-tasks).

A file above ``settings.STAFFROOM_BACKGROUND_UPLOAD_BYTES`` becomes an ``UploadJob``
whose bytes wait in the database (app hosts keep nothing on local disk) until a worker
runs ``community_upload_run``: the same ``community_file_import`` as a small upload,
all or nothing, after which the bytes are deleted and only the outcome remains. In
tests the immediate backend runs the task as soon as the upload's transaction commits.
"""

from __future__ import annotations

import io
import logging
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from staffroom.web.accounts.models import User
from staffroom.web.community.models import UploadJob
from staffroom.web.community.services import ImportRejectedError, community_file_import
from staffroom.web.orgs.models import District

__all__ = ["community_upload_queue", "community_upload_run"]

logger = logging.getLogger(__name__)


def community_upload_queue(
    *, district: District, kind: str, source: BinaryIO, name: str, user: User | None
) -> UploadJob:
    """Keep the file's bytes in a queued job and run it once this transaction commits."""
    job = UploadJob.objects.create(
        district=district, kind=kind, filename=name[:255], content=source.read(), created_by=user
    )
    transaction.on_commit(lambda: community_upload_run.enqueue(job_id=job.pk))
    return job


@task()
def community_upload_run(job_id: int) -> str:
    """Import one queued upload; safe to run twice (only a queued job is taken)."""
    if not UploadJob.objects.filter(pk=job_id, status=UploadJob.QUEUED).update(
        status=UploadJob.RUNNING
    ):
        return "not queued"
    job = UploadJob.objects.select_related("district", "created_by").get(pk=job_id)
    outcome: dict[str, Any]
    try:
        result = community_file_import(
            district=job.district,
            kind=job.kind,
            source=io.BytesIO(bytes(job.content)),
            name=job.filename,
            user=job.created_by,
        )
    except ImportRejectedError as rejected:
        outcome = {
            "status": UploadJob.REJECTED,
            "errors": [
                {"path": e.path, "row": e.row, "column": e.column, "problem": e.problem}
                for e in rejected.errors
            ],
            "error_total": rejected.total,
        }
    except Exception as error:
        # only which job failed and the kind of error: a message or traceback could
        # quote the file's contents, and logs are kept longer and read more widely
        logger.error("background upload %s (%s) failed: %s", job_id, job.kind, type(error))
        outcome = {"status": UploadJob.FAILED}
    else:
        outcome = {"status": UploadJob.DONE, "rows": result.rows, "summary": result.counts}
    UploadJob.objects.filter(pk=job_id).update(content=b"", finished_at=timezone.now(), **outcome)
    return str(outcome["status"])
