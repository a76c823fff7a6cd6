"""Running survey cycles: the district admin's pages, and live participation.

Who may do what (``staffroom.web.accounts.access``):

* district admins of the cycle's district: everything here;
* coaches and school leaders: the list of cycles that ask one of their schools, and
  participation for their schools only;
* staff, users of another district, anyone else: 404, so nothing is revealed;
  anonymous visitors are sent to sign in.

Views are thin: checks and writes are in ``manage_forms``, ``participation``,
``roster`` and ``tasks``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from staffroom.io.errors import InputFileError
from staffroom.web.accounts.access import (
    can_manage_cycles,
    can_view_district_results,
    visible_schools,
)
from staffroom.web.accounts.models import User
from staffroom.web.core.uploads import checked_import
from staffroom.web.orgs.models import District, Team
from staffroom.web.surveys import roster as roster_io
from staffroom.web.surveys.manage_forms import CycleCreateForm, RosterUploadForm, instrument_choices
from staffroom.web.surveys.models import Cycle, OpenLink
from staffroom.web.surveys.participation import (
    cycle_invitation_summary,
    cycle_participation,
    cycle_response_totals,
    open_link_url,
)
from staffroom.web.surveys.selectors import feedback_cycle_get
from staffroom.web.surveys.services import (
    CycleStateError,
    cycle_close,
    cycle_create,
    cycle_open,
    feedback_cycle_ensure,
)
from staffroom.web.surveys.tasks import cycle_reminders_queue

__all__ = [
    "cycle_close_confirm",
    "cycle_detail",
    "cycle_new",
    "cycle_open_view",
    "cycles",
    "feedback",
    "participation",
    "reminders",
    "roster",
    "roster_template",
]

_PARTICIPATION_ROLES = {User.DISTRICT_ADMIN, User.COACH, User.SCHOOL_LEADER}


def _district(user: User) -> District:
    """The user's district, if they have one and are active; else 404."""
    if not (user.is_active and user.district_id):
        raise Http404
    return user.district


def _managing_district(request: HttpRequest) -> District:
    district = _district(request.user)
    if not can_manage_cycles(request.user, district):
        raise Http404
    return district


def _managed_cycle(request: HttpRequest, pk: int) -> Cycle:
    """A cycle of the user's district that they may manage; 404 otherwise."""
    district = _managing_district(request)
    cycle = Cycle.objects.select_related("district").filter(pk=pk, district=district).first()
    if cycle is None:
        raise Http404
    return cycle


def _cycle_url(cycle: Cycle) -> str:
    return reverse("surveys:manage_cycle", args=[cycle.pk])


def _instrument_title(instrument_id: str) -> str:
    return dict(instrument_choices()).get(instrument_id, instrument_id)


def _feedback_context(district: District) -> dict[str, Any]:
    cycle = feedback_cycle_get(district)
    link = cycle.open_links.filter(active=True).first() if cycle else None
    return {"feedback_cycle": cycle, "feedback_url": open_link_url(link.token) if link else ""}


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def cycles(request: HttpRequest) -> HttpResponse:
    """The district's survey cycles. Admins manage them; coaches and school leaders
    see the cycles that ask their schools, with a link to participation."""
    user = request.user
    district = _district(user)
    manager = can_manage_cycles(user, district)
    if not manager and user.role not in _PARTICIPATION_ROLES:
        raise Http404
    queryset = Cycle.objects.filter(district=district, kind=Cycle.SURVEY)
    if not manager:
        queryset = queryset.filter(schools__in=visible_schools(user)).distinct()
    rows = list(queryset.order_by("-opens_on", "title"))
    totals = cycle_response_totals(rows) if manager else {}
    context: dict[str, Any] = {
        "manager": manager,
        "rows": [
            {
                "cycle": c,
                "instrument": _instrument_title(c.instrument_id),
                "responses": totals.get(c.pk),
            }
            for c in rows
        ],
    }
    if manager:
        context.update(_feedback_context(district))
    return render(request, "surveys/manage/cycles.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    district = _managing_district(request)
    form = CycleCreateForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cycle = cycle_create(
            district=district,
            title=data["title"],
            instrument_id=data["instrument_id"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            min_n=data["min_n"],
            schools=data["schools"],
            teams=data["teams"],
            local_items=data["local_items"],
        )
        messages.success(request, _("Cycle created as a draft. Open it when you are ready."))
        return HttpResponseRedirect(_cycle_url(cycle))
    return render(request, "surveys/manage/cycle_new.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed_cycle(request, pk)
    links = (
        OpenLink.objects.filter(cycle=cycle)
        .select_related("school", "team")
        .order_by(
            F("school__name").asc(nulls_last=True), F("team__name").asc(nulls_last=True), "pk"
        )
    )
    context = {
        "cycle": cycle,
        "instrument": _instrument_title(cycle.instrument_id),
        "links": [
            {
                "pk": link.pk,
                "name": link.school or link.team or cycle.district,
                "url": open_link_url(link.token),
                "active": link.active,
            }
            for link in links
        ],
        "invitations": cycle_invitation_summary(cycle),
        "responses": cycle_response_totals([cycle])[cycle.pk],
    }
    return render(request, "surveys/manage/cycle_detail.html", context)


@login_required
@require_POST
def cycle_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed_cycle(request, pk)
    try:
        cycle_open(cycle=cycle)
    except CycleStateError:
        messages.error(request, _("Only a draft cycle can be opened."))
    else:
        messages.success(request, _("The cycle is open: its links now take answers."))
    return HttpResponseRedirect(_cycle_url(cycle))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cycle_close_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing asks for confirmation first: it cannot be undone."""
    cycle = _managed_cycle(request, pk)
    if cycle.status == Cycle.CLOSED:
        messages.info(request, _("This cycle is already closed."))
        return HttpResponseRedirect(_cycle_url(cycle))
    if request.method == "POST":
        cycle_close(cycle=cycle)
        messages.success(
            request, _("The cycle is closed. Its links and invitation tokens no longer work.")
        )
        return HttpResponseRedirect(_cycle_url(cycle))
    return render(request, "surveys/manage/cycle_close.html", {"cycle": cycle})


@login_required
@require_POST
def reminders(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed_cycle(request, pk)
    try:
        queued = cycle_reminders_queue(cycle=cycle)
    except CycleStateError:
        messages.error(request, _("Reminders can be sent only while the cycle is open."))
    else:
        if cycle_invitation_summary(cycle).answered is None:
            # The invitations used are hidden (under the minimum group size), and the
            # reminders queued are nearly "invited minus used": no number either.
            messages.success(request, _("Reminders queued for everyone who has not answered."))
        else:
            messages.success(
                request,
                ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", queued)
                % {"count": queued},
            )
    return HttpResponseRedirect(_cycle_url(cycle))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a roster: every row is checked first; one bad row and nothing is saved."""
    cycle = _managed_cycle(request, pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    errors: list[InputFileError] = []
    if request.method == "POST" and cycle.status == Cycle.CLOSED:
        messages.error(request, _("This cycle is closed: it takes no new invitations."))
        return HttpResponseRedirect(_cycle_url(cycle))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def check() -> tuple[list[roster_io.RosterRow], list[InputFileError]]:
            records = roster_io.read_roster_file(upload.name, upload.read())
            directory = roster_io.roster_directory(cycle.district, records)
            return roster_io.roster_rows_check(upload.name, records, directory)

        result, errors = checked_import(
            request, check=check, save=lambda rows: roster_io.roster_import(cycle=cycle, rows=rows)
        )
        if result is not None:
            messages.success(request, _roster_message(result))
            return HttpResponseRedirect(_cycle_url(cycle))
    context = {
        "cycle": cycle,
        "form": form,
        "errors": [roster_io.roster_error_text(e) for e in errors],
    }
    return render(request, "surveys/manage/roster.html", context)


def _roster_message(result: roster_io.RosterImport) -> str:
    parts = [
        ngettext(
            "%(count)d person added to the roster",
            "%(count)d people added to the roster",
            result.created,
        )
        % {"count": result.created},
        ngettext("%(count)d updated", "%(count)d updated", result.updated)
        % {"count": result.updated},
        ngettext("%(count)d invitation created", "%(count)d invitations created", result.invited)
        % {"count": result.invited},
        ngettext("%(count)d email queued", "%(count)d emails queued", result.emails_queued)
        % {"count": result.emails_queued},
    ]
    if result.already_invited:
        parts.append(
            ngettext(
                "%(count)d was already invited",
                "%(count)d were already invited",
                result.already_invited,
            )
            % {"count": result.already_invited}
        )
    return _("Roster imported: %(parts)s.") % {"parts": "; ".join(parts)}


@login_required
@require_http_methods(["GET", "HEAD"])
def roster_template(request: HttpRequest) -> HttpResponse:
    """The roster template: the header and two example rows."""
    _managing_district(request)
    response = HttpResponse(roster_io.roster_template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="roster-template.csv"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    """How many answered per school and team (never who); refreshed by htmx."""
    user = request.user
    district = _district(user)
    if user.role not in _PARTICIPATION_ROLES:
        raise Http404
    cycle = Cycle.objects.select_related("district").filter(pk=pk, district=district).first()
    if cycle is None:
        raise Http404
    school_ids = set(visible_schools(user).values_list("pk", flat=True))
    teams = Team.objects.filter(district=district)
    team_filter = Q(school_id__in=school_ids)
    if can_view_district_results(user, district):
        team_filter |= Q(school__isnull=True)
    context = {
        "cycle": cycle,
        "manager": can_manage_cycles(user, district),
        "participation": cycle_participation(
            cycle=cycle,
            schools=school_ids,
            teams=teams.filter(team_filter).values_list("pk", flat=True),
        ),
    }
    if request.headers.get("HX-Request"):
        return render(request, "surveys/manage/_participation_table.html", context)
    return render(request, "surveys/manage/participation.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """The district team's standing feedback link (made once, on request)."""
    district = _managing_district(request)
    if request.method == "POST":
        feedback_cycle_ensure(
            district=district, title=_("District feedback"), today=timezone.localdate()
        )
        messages.success(request, _("The district feedback link is ready."))
        return HttpResponseRedirect(reverse("surveys:manage_feedback"))
    return render(request, "surveys/manage/feedback.html", _feedback_context(district))
