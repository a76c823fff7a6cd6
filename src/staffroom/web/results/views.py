"""Results pages and exports. Thin: check access, pick the cycle, call selectors, render.

Access (``staffroom.web.accounts.access``), always on the server:

* district overview and standing feedback: district admins and coaches (a coach's rows
  are their coached schools); school leaders are sent to their school's page, staff too
  when their district lets staff see published results; anyone else gets 404;
* a school's page: whoever may see that school's results; staff only for cycles whose
  results are published;
* exports: the same checks as the page they copy.

Objects outside the user's district, or not theirs to see, are 404 (never 403), so a
page does not reveal that they exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from staffroom.web.accounts.access import (
    can_view_cycle_school_results,
    can_view_district_results,
    can_view_school_results,
    visible_schools,
)
from staffroom.web.orgs.models import School
from staffroom.web.results import charts, exports, figures, selectors
from staffroom.web.surveys.models import Cycle

__all__ = ["district", "export_csv", "export_xlsx", "feedback", "school"]


def _chosen(request: HttpRequest, cycles: QuerySet[Cycle]) -> Cycle | None:
    """The cycle named by ``?cycle=`` among ``cycles`` (404 if not one), else the latest."""
    wanted = request.GET.get("cycle", "").strip()
    if not wanted:
        return selectors.default_cycle(cycles)
    if not wanted.isdigit():
        raise Http404
    cycle = cycles.filter(pk=int(wanted)).first()
    if cycle is None:
        raise Http404
    return cycle


def _school(user: Any, school_id: str | int) -> School:
    """A school of the user's district that the user may see, else 404."""
    school = School.objects.filter(pk=school_id, district_id=user.district_id).first()
    if school is None or not user.district_id or not can_view_school_results(user, school):
        raise Http404
    return school


def _fragment_or_page(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = fragment if partial else page
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _own_school(request: HttpRequest) -> School | None:
    """The school whose results a school leader, or a staff member, is sent to instead of
    the district view: theirs, if they may see it (staff: once a cycle is published)."""
    user = request.user
    school = getattr(user, "school", None)
    if school is None or not can_view_school_results(user, school):
        return None
    if user.role == user.STAFF and not selectors.result_cycles(user=user).exists():
        return None
    return school


def _own_school_redirect(request: HttpRequest, name: str) -> HttpResponse:
    """Redirect to ``name`` for the user's own school (404 when there is none to show)."""
    school = _own_school(request)
    if school is None:
        raise Http404
    query: dict[str, object] = {}
    if request.GET.get("cycle"):
        query["cycle"] = request.GET["cycle"]
    if name == "results:school":
        url = reverse(name, args=[school.pk])
    else:
        url = reverse(name)
        query = {"school": school.pk, **query}
    return redirect(url + ("?" + urlencode(query) if query else ""))


@require_GET
@login_required
def district(request: HttpRequest) -> HttpResponse:
    """Schools x scales for a cycle (heatmap), response rates, change, far schools."""
    user = request.user
    if user.district is None:
        raise Http404
    if not can_view_district_results(user, user.district):
        return _own_school_redirect(request, "results:school")
    cycles = selectors.result_cycles(user=user)
    cycle = _chosen(request, cycles)
    table = (
        selectors.district_table(cycle=cycle, schools=visible_schools(user), cycles=cycles)
        if cycle is not None
        else None
    )
    context = {
        "cycles": cycles,
        "cycle": cycle,
        "table": table,
        "has_feedback": selectors.feedback_cycles(user=user).exists(),
        "far_from_district": selectors.FAR_FROM_DISTRICT,
    }
    return _fragment_or_page(
        request, "results/district.html", "results/_district_table.html", context
    )


@require_GET
@login_required
def school(request: HttpRequest, school_id: int) -> HttpResponse:
    """One school's results for a cycle: scales, agreement, answers, groups, comments."""
    user = request.user
    school = _school(user, school_id)
    cycles = selectors.result_cycles(user=user)
    if user.role == user.STAFF and not cycles.exists():
        raise Http404
    cycle = _chosen(request, cycles)
    if cycle is not None and not can_view_cycle_school_results(user, cycle, school):
        raise Http404
    context: dict[str, Any] = {"school": school, "cycles": cycles, "cycle": cycle}
    if cycle is not None:
        report = selectors.school_report(cycle=cycle, school=school, cycles=cycles)
        context.update(
            report=report,
            comparison_svg=figures.comparison_chart(report),
            sections=[(row, figures.distribution_chart(row)) for row in report.scales],
            comments=selectors.school_comments(
                cycle=cycle, school=school, respondents=report.respondents
            ),
            comment_min_n=selectors.comment_min_n(cycle),
            agree_largely=selectors.AGREE_LARGELY,
            agree_mixed=selectors.AGREE_MIXED,
            can_view_district=can_view_district_results(user, school.district),
        )
    return _fragment_or_page(request, "results/school.html", "results/_school_body.html", context)


@require_GET
@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    """The standing feedback cycle's scales by month, suppressed like everything else."""
    user = request.user
    if user.district is None or not can_view_district_results(user, user.district):
        raise Http404
    cycles = selectors.feedback_cycles(user=user)
    cycle = _chosen(request, cycles)
    table = selectors.feedback_table(cycle) if cycle is not None else None
    chart = None
    if table is not None:
        points = tuple(
            charts.MeanPoint(row.label, scale.title, cell.mean)
            for scale_index, scale in enumerate(table.scales)
            for row in table.rows
            if (cell := row.cells[scale_index]).mean is not None
        )
        if points:
            low = min(s.low for s in table.scales)
            high = max(s.high for s in table.scales)
            chart = mark_safe(  # noqa: S308 - vl-convert output, text escaped
                charts.feedback_svg(
                    points,
                    low=low,
                    high=high,
                    y_title=gettext("Mean"),
                    label=gettext(
                        "Line charts, one per scale: the mean of each month's feedback, "
                        "from %(low)s to %(high)s. The table below gives the numbers."
                    )
                    % {"low": low, "high": high},
                )
            )
    context = {"cycles": cycles, "cycle": cycle, "table": table, "chart": chart}
    return _fragment_or_page(
        request, "results/feedback.html", "results/_feedback_table.html", context
    )


def _export(request: HttpRequest) -> tuple[str, tuple[str, ...], list[exports.Row]] | None:
    """(file stem, columns, rows) for an export request, after the page's access checks.

    None when a non-district user asks for the district table (they are redirected to
    their school's export, as the page redirects them).
    """
    user = request.user
    if user.district is None:
        raise Http404
    cycles = selectors.result_cycles(user=user)
    wanted_school = request.GET.get("school", "").strip()
    if wanted_school:
        if not wanted_school.isdigit():
            raise Http404
        school = _school(user, wanted_school)
        cycle = _chosen(request, cycles)
        if cycle is None or not can_view_cycle_school_results(user, cycle, school):
            raise Http404
        report = selectors.school_report(cycle=cycle, school=school, cycles=cycles)
        stem = f"staffroom-{slugify(cycle.title)}-{slugify(school.name)}"
        return stem, exports.SCHOOL_COLUMNS, exports.school_rows(report)
    if not can_view_district_results(user, user.district):
        return None
    cycle = _chosen(request, cycles)
    if cycle is None:
        raise Http404
    table = selectors.district_table(cycle=cycle, schools=visible_schools(user), cycles=cycles)
    return (
        f"staffroom-{slugify(cycle.title)}",
        exports.DISTRICT_COLUMNS,
        exports.district_rows(table),
    )


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """The page's table as CSV (UTF-8 with BOM)."""
    found = _export(request)
    if found is None:
        return _own_school_redirect(request, "results:export_csv")
    stem, columns, rows = found
    response = HttpResponse(exports.to_csv(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


@require_GET
@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The page's table as an Excel workbook."""
    found = _export(request)
    if found is None:
        return _own_school_redirect(request, "results:export_xlsx")
    stem, columns, rows = found
    response = HttpResponse(
        exports.to_xlsx(columns, rows, title=gettext("Results")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
