"""Report batches: every school's PDF report made in the background, kept in the database
(the app keeps no state on local disk, so any host can hand the archive out)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from staffroom.web.orgs.models import District

__all__ = ["ReportBatch"]


class ReportBatch(models.Model):
    """A zip of school reports, as the user who asked for it may see them."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUSES = [
        (QUEUED, "Waiting for a worker"),
        (RUNNING, "Being made"),
        (DONE, "Ready"),
        (FAILED, "Failed"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="report_batches")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_batches"
    )
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    school_count = models.PositiveIntegerField(default=0)
    archive = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Reports for {self.district} ({self.get_status_display()})"
