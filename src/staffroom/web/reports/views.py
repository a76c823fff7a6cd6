"""Report pages: a school's and the district's, as HTML and as PDF.

Who may see them (on the server, always): a school's report, whoever may see that
school's results except staff (reports are for leadership teams and coaches); the
district report, district admins and coaches (a coach's report covers their schools).
Anything else is 404, so a report does not reveal that a school exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from staffroom.web.accounts.access import (
    can_view_district_results,
    can_view_school_results,
    visible_schools,
)
from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import School
from staffroom.web.reports import pdf, sections
from staffroom.web.reports.models import ReportBatch
from staffroom.web.reports.tasks import report_batch_queue

__all__ = [
    "batch_create",
    "batch_download",
    "district",
    "district_pdf",
    "school",
    "school_pdf",
]


def _school(user: Any, school_id: int) -> School:
    school = School.objects.filter(pk=school_id, district_id=user.district_id).first()
    if school is None or user.role == User.STAFF or not can_view_school_results(user, school):
        raise Http404
    return school


def _school_context(request: HttpRequest, school_id: int) -> dict[str, Any]:
    school = _school(request.user, school_id)
    return {
        "school": school,
        "district": school.district,
        "sections": sections.school_sections(school, request.user),
        "made_on": timezone.localdate(),
        "min_n": school.district.min_n,
    }


def _district_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if user.district is None or not can_view_district_results(user, user.district):
        raise Http404
    schools = visible_schools(user)
    return {
        "district": user.district,
        "schools": schools,
        "batches": ReportBatch.objects.filter(requested_by=user).defer("archive")[:5],
        "sections": sections.district_sections(user.district, user, schools),
        "made_on": timezone.localdate(),
        "min_n": user.district.min_n,
    }


def _pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], name: str
) -> HttpResponse:
    html = render_to_string(template, {**context, "printing": True}, request=request)
    try:
        document = pdf.html_to_pdf(html)
    except pdf.ReportRenderError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}-report.pdf"'
    return response


@require_GET
@login_required
def school(request: HttpRequest, school_id: int) -> HttpResponse:
    """A school's report as a page (with a link to the PDF)."""
    return render(request, "reports/school.html", _school_context(request, school_id))


@require_GET
@login_required
def school_pdf(request: HttpRequest, school_id: int) -> HttpResponse:
    """The same report as a PDF to hand to the school leadership team."""
    context = _school_context(request, school_id)
    return _pdf_response(request, "reports/school_print.html", context, context["school"].name)


@require_GET
@login_required
def district(request: HttpRequest) -> HttpResponse:
    """The district report as a page (with a link to the PDF)."""
    return render(request, "reports/district.html", _district_context(request))


@require_GET
@login_required
def district_pdf(request: HttpRequest) -> HttpResponse:
    """The district report as a PDF."""
    context = _district_context(request)
    return _pdf_response(request, "reports/district_print.html", context, context["district"].name)


@require_POST
@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    """Queue every school's PDF report (the schools this user may see) as one zip."""
    _district_context(request)  # the same check as the district report
    report_batch_queue(user=request.user)
    return redirect("reports:district")


@require_GET
@login_required
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished batch's zip, for the user who asked for it."""
    batch = get_object_or_404(
        ReportBatch, pk=pk, requested_by=request.user, status=ReportBatch.DONE
    )
    response = HttpResponse(bytes(batch.archive or b""), content_type="application/zip")
    name = f"{slugify(batch.district.name)}-school-reports-{batch.created_at:%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
