"""Improvement pages. Thin: check access, call selectors and services, render.

Access (``staffroom.web.improvement.access``), always on the server: district admins
everything in their district, coaches their assigned schools (and district-wide
metrics), school leaders their own school; staff and anyone else get 404, as do objects
out of reach, so a page does not reveal that they exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.improvement import access, figures, forms, readiness, selectors, services
from staffroom.web.improvement.models import PdsaCycle, PulseSchedule
from staffroom.web.surveys.services import min_n_floor

__all__ = [
    "index",
    "metric_detail",
    "metric_new",
    "pdsa_advance",
    "pdsa_detail",
    "pdsa_list",
    "pdsa_new",
    "pdsa_stage",
    "pulse_schedule",
    "readiness_page",
    "readiness_settings",
]


def _user(request: HttpRequest) -> Any:
    """The signed-in user if they may use these pages (admin, coach, leader), else 404."""
    if not access.can_use_improvement(request.user):
        raise Http404
    return request.user


def _int(value: str | int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


@login_required
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """Metrics with their latest value and target, and the PDSA cycles under way."""
    user = _user(request)
    metrics = list(access.visible_metrics(user))
    rows = [figures.metric_summary(selectors.metric_series(m)) for m in metrics]
    cycles = access.visible_pdsa_cycles(user).exclude(stage=PdsaCycle.DONE)
    context = {
        "rows": rows,
        "cycles": cycles,
        "can_add_metric": access.improvement_schools(user).exists()
        or access.can_manage_district(user, user.district),
        "is_admin": access.can_manage_district(user, user.district),
    }
    return render(request, "improvement/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def metric_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.MetricForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_edit_school(user, data["school"]):
            raise Http404
        metric = services.metric_create(
            district=user.district,
            school=data["school"],
            title=data["title"],
            source=data["source"],
            instrument_id=data["instrument_id"],
            scale_id=data["scale_id"],
            indicator=data.get("indicator", ""),
            higher_is_better=data["higher_is_better"],
            baseline=data["baseline"],
            baseline_note=data["baseline_note"],
            target=data["target"],
            target_date=data["target_date"],
            why=data["why"],
        )
        messages.success(request, _("Metric added."))
        return redirect("improvement:metric", pk=metric.pk)
    return render(request, "improvement/metric_new.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def metric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run chart of one metric, its signals in plain words, and the data table."""
    user = _user(request)
    metric = access.visible_metrics(user).filter(pk=_int(pk)).first()
    if metric is None:
        raise Http404
    series = selectors.metric_series(metric)
    chart = figures.metric_run_chart(series)
    context = {
        "metric": metric,
        "series": series,
        "chart": chart,
        "scale_title": selectors.metric_source_title(metric),
        "suffix": selectors.metric_suffix(metric),
        "min_n": max([p.min_n for p in series.points] or [min_n_floor(metric.district)]),
        "cycles": access.visible_pdsa_cycles(user).filter(metrics=metric),
    }
    return render(request, "improvement/metric.html", context)


@login_required
@require_http_methods(["GET"])
def pdsa_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cycles = access.visible_pdsa_cycles(user).prefetch_related("metrics")
    return render(request, "improvement/pdsa_list.html", {"cycles": cycles})


@login_required
@require_http_methods(["GET", "POST"])
def pdsa_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.PdsaForm(
        request.POST or None, user=user, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        school = data["school"] or (data["team"].school if data["team"] else None)
        cycle = services.pdsa_create(
            district=user.district,
            school=school,
            team=data["team"],
            metrics=data["metrics"],
            title=data["title"],
            change_idea=data["change_idea"],
            prediction=data["prediction"],
            started_on=data["started_on"],
            user=user,
        )
        messages.success(request, _("Cycle started at Plan."))
        return redirect("improvement:pdsa", pk=cycle.pk)
    return render(request, "improvement/pdsa_new.html", {"form": form})


def _cycle(user: Any, pk: int | str) -> PdsaCycle:
    cycle = access.visible_pdsa_cycles(user).filter(pk=_int(pk)).first()
    if cycle is None:
        raise Http404
    return cycle


def _stage_forms(cycle: PdsaCycle, bound: dict[str, forms.PdsaStageForm]) -> list[Any]:
    rows = []
    for key, title, record, state in selectors.pdsa_stage_rows(cycle):
        form = bound.get(key)
        if form is None and state != "ahead" and cycle.stage != PdsaCycle.DONE:
            initial = {"notes": record.notes if record else ""}
            for name, _q, _p in EQUITY_PAUSE_QUESTIONS:
                initial[name] = getattr(record, name, "") if record else ""
            form = forms.PdsaStageForm(initial=initial, stage=key)
        pause = [
            (question, getattr(record, name, "") if record else "")
            for name, question, _p in EQUITY_PAUSE_QUESTIONS
        ]
        rows.append(
            {
                "key": key,
                "title": title,
                "record": record,
                "state": state,
                "form": form,
                "pause": pause,
            }
        )
    return rows


def _pdsa_page(
    request: HttpRequest,
    cycle: PdsaCycle,
    *,
    bound: dict[str, forms.PdsaStageForm] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "cycle": cycle,
        "stages": _stage_forms(cycle, bound or {}),
        "advance_form": forms.PdsaAdvanceForm(),
        "events": cycle.events.select_related("user"),
        "metrics": cycle.metrics.all(),
        "error": error,
    }
    return render(request, "improvement/pdsa.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def pdsa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A cycle's stages with notes and equity pauses, forms for the current one, history."""
    return _pdsa_page(request, _cycle(_user(request), pk))


@login_required
@require_POST
def pdsa_stage(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    user = _user(request)
    cycle = _cycle(user, pk)
    form = forms.PdsaStageForm(request.POST, stage=stage)
    if not form.is_valid():
        return _pdsa_page(request, cycle, bound={stage: form}, status=400)
    try:
        services.pdsa_stage_save(
            cycle=cycle,
            stage=stage,
            notes=form.cleaned_data["notes"],
            pause=form.cleaned_data,
            user=user,
            today=timezone.localdate(),
        )
    except services.PdsaStageError as error:
        return _pdsa_page(request, cycle, error=str(error), status=400)
    messages.success(request, _("Saved."))
    return redirect("improvement:pdsa", pk=cycle.pk)


@login_required
@require_POST
def pdsa_advance(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cycle = _cycle(user, pk)
    form = forms.PdsaAdvanceForm(request.POST)
    decision = form.cleaned_data.get("decision", "") if form.is_valid() else ""
    try:
        services.pdsa_advance(cycle=cycle, user=user, today=timezone.localdate(), decision=decision)
    except services.PdsaStageError as error:
        return _pdsa_page(request, cycle, error=str(error), status=400)
    messages.success(request, _("The cycle moved on."))
    return redirect("improvement:pdsa", pk=cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def pulse_schedule(request: HttpRequest) -> HttpResponse:
    """The district's pulse schedules (admins): when each pulse opens and for how long."""
    user = _user(request)
    if not access.can_manage_district(user, user.district):
        raise Http404
    form = forms.PulseScheduleForm(
        request.POST or None,
        district=user.district,
        initial={"every_months": 1, "open_days": 7, "active": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.pulse_schedule_save(
            district=user.district,
            school=data["school"],
            starts_on=data["starts_on"],
            every_months=data["every_months"],
            open_days=data["open_days"],
            active=data["active"],
        )
        messages.success(request, _("Pulse schedule saved."))
        return redirect("improvement:pulse")
    today = timezone.localdate()
    schedules = [
        (s, services.pulse_due_on(s, today), s.runs.select_related("cycle")[:6])
        for s in PulseSchedule.objects.filter(district=user.district).select_related("school")
    ]
    return render(request, "improvement/pulse.html", {"form": form, "schedules": schedules})


@login_required
@require_http_methods(["GET"])
def readiness_page(request: HttpRequest) -> HttpResponse:
    """Each school's readiness, why, and the inputs used; coaches' schools to support."""
    user = _user(request)
    page = readiness.readiness_page(user=user)
    context = {
        "page": page,
        "is_admin": access.can_manage_district(user, user.district),
        "is_coach": user.role == user.COACH,
    }
    return render(request, "improvement/readiness.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def readiness_settings(request: HttpRequest) -> HttpResponse:
    """The district's readiness thresholds and weights (admins; defaults from the engine)."""
    user = _user(request)
    if not access.can_manage_district(user, user.district):
        raise Http404
    settings = readiness.settings_for(user.district)
    form = forms.ReadinessSettingsForm(request.POST or None, settings=settings)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            readiness.settings_build(values)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            services.readiness_config_save(district=user.district, values=values)
            messages.success(request, _("Readiness settings saved."))
            return redirect("improvement:readiness")
    context = {"form": form, "defaults": readiness.settings_defaults()}
    return render(request, "improvement/readiness_settings.html", context)
