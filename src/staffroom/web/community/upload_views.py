"""Upload pages: each kind of district data, its template, and an all-or-nothing upload.

District admins only (``can_upload_community_data``); anyone else gets 404. A file up to
``settings.STAFFROOM_BACKGROUND_UPLOAD_BYTES`` (2 MB, about 40,000 rows) is imported in
the request, in one transaction: a month of absences for a large district takes a few
seconds. A larger one (years of data) goes to the background worker
(``community.tasks``) and its page follows the job until it is done, so no request
waits on it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from staffroom.io.sources import SOURCES
from staffroom.io.tables import template_csv
from staffroom.web.community.access import can_upload_community_data
from staffroom.web.community.forms import UploadForm
from staffroom.web.community.models import DataImport, UploadJob
from staffroom.web.community.services import (
    KINDS,
    ImportRejectedError,
    community_file_import,
    teams_beyond_contract_set,
)
from staffroom.web.community.tasks import community_upload_queue
from staffroom.web.orgs.models import Team

__all__ = ["teams_beyond_contract", "upload", "upload_job", "upload_template", "uploads"]


def _admin_district(request: HttpRequest) -> Any:
    user = request.user
    district = getattr(user, "district", None)
    if district is None or not can_upload_community_data(user, district):
        raise Http404
    return district


def _kinds(forms: dict[str, UploadForm] | None = None) -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "spec": SOURCES[kind],
            "form": (forms or {}).get(kind) or UploadForm(auto_id=f"id_{kind}_%s"),
        }
        for kind in KINDS
    ]


def _page(request: HttpRequest, district: Any, **context: Any) -> HttpResponse:
    context.setdefault("kinds", _kinds())
    imports = DataImport.objects.filter(district=district).select_related("created_by")
    context["imports"] = imports[:20]
    context["jobs"] = UploadJob.objects.filter(district=district).defer("content")[:10]
    context["background_mb"] = settings.STAFFROOM_BACKGROUND_UPLOAD_BYTES / (1024 * 1024)
    context["teams"] = (
        Team.objects.filter(district=district)
        .select_related("school")
        .order_by("school__name", "name")
    )
    return render(request, "community/uploads.html", context, status=context.pop("status", 200))


@require_GET
@login_required
def uploads(request: HttpRequest) -> HttpResponse:
    """Every kind of data file, with its columns, a template and an upload form."""
    return _page(request, _admin_district(request))


@require_http_methods(["POST"])
@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Import one file: every problem listed and nothing written, or all of it written."""
    district = _admin_district(request)
    if kind not in KINDS:
        raise Http404
    form = UploadForm(request.POST, request.FILES, auto_id=f"id_{kind}_%s")
    if not form.is_valid():
        return _page(request, district, kinds=_kinds({kind: form}), status=400, failed=kind)
    upload_file = form.cleaned_data["file"]
    what = {
        "district": district,
        "kind": kind,
        "source": upload_file,
        "name": upload_file.name,
        "user": request.user,
    }
    if upload_file.size > settings.STAFFROOM_BACKGROUND_UPLOAD_BYTES:
        return redirect("community:upload_job", pk=community_upload_queue(**what).pk)
    try:
        result = community_file_import(**what)
    except ImportRejectedError as rejected:
        return _page(
            request,
            district,
            status=400,
            failed=kind,
            failed_title=SOURCES[kind].title,
            errors=rejected.errors,
            more_errors=rejected.total - len(rejected.errors),
        )
    counts = ", ".join(f"{what}: {count}" for what, count in result.counts.items())
    messages.success(
        request,
        _("%(file)s imported (%(title)s, %(rows)d rows). %(counts)s.")
        % {
            "file": result.filename,
            "title": SOURCES[kind].title,
            "rows": result.rows,
            "counts": counts,
        },
    )
    return redirect("community:uploads")


@require_GET
@login_required
def upload_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A large upload's progress and outcome. While the worker has it, the status part
    asks again every few seconds (htmx) and is replaced by the outcome when it is done."""
    district = _admin_district(request)
    job = get_object_or_404(UploadJob.objects.defer("content"), pk=pk, district=district)
    context = {"job": job, "title": SOURCES[job.kind].title}
    if request.headers.get("HX-Request"):
        return render(request, "community/_upload_job_status.html", context)
    return render(request, "community/upload_job.html", context)


@require_GET
@login_required
def upload_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV template for one kind: the header and example rows."""
    _admin_district(request)
    if kind not in KINDS:
        raise Http404
    response = HttpResponse(template_csv(SOURCES[kind]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="staffroom-{kind}-template.csv"'
    return response


@require_http_methods(["POST"])
@login_required
def teams_beyond_contract(request: HttpRequest) -> HttpResponse:
    """Mark which of the district's teams are beyond contract (the ticked ones)."""
    district = _admin_district(request)
    ticked = [int(v) for v in request.POST.getlist("beyond_contract") if v.isdigit()]
    count = teams_beyond_contract_set(district=district, team_ids=ticked)
    messages.success(
        request,
        _("Teams beyond contract saved: %(count)d of the district's teams.") % {"count": count},
    )
    return redirect(reverse("community:uploads") + "#teams-heading")
