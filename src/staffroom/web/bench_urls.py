"""URLs for benchmark runs: the application plus the bare reference endpoint.

Only ``staffroom.web.settings.benchmark`` uses this module; production never routes
to ``bench/bare``.
"""

from __future__ import annotations

import secrets
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from staffroom.web.surveys.models import Cycle, SubmissionReceipt


@cache
def _any_cycle_id() -> int | None:
    return Cycle.objects.values_list("pk", flat=True).first()


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The floor for a write endpoint: parse nothing, validate nothing, insert one row."""
    SubmissionReceipt.objects.create(cycle_id=_any_cycle_id(), key_hash=secrets.token_hex(32))
    return HttpResponse(status=201)


urlpatterns = [
    path("bench/bare", bare_insert),
    path("", include("staffroom.web.urls")),
]
