"""Home page (a start page for each role) and health check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from staffroom.web.accounts.access import visible_schools
from staffroom.web.accounts.models import User
from staffroom.web.surveys.models import Cycle

__all__ = ["HomeLink", "HomePage", "healthz", "home"]

FEEDBACK_URL_NAMES = ("results:feedback", "surveys:manage_feedback")
"""Where "District feedback" may live; the first name that exists is used."""


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def _url(name: str, **kwargs: Any) -> str | None:
    """``reverse(name, kwargs=...)``, or ``None`` while that page does not exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class HomeLink:
    label: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class HomeSchool:
    name: str
    url: str | None


@dataclass
class HomePage:
    """What the start page shows one user; links to missing pages are left out."""

    intro: str
    note: str = ""
    links: list[HomeLink] = field(default_factory=list)
    schools: list[HomeSchool] = field(default_factory=list)

    def add(self, label: str, url: str | None, description: str = "") -> None:
        if url is not None:
            self.links.append(HomeLink(label=label, url=url, description=description))


def _participation_help() -> str:
    return _("How many have answered the surveys that are open (never who).")


def _school_results_url(school_id: int | None) -> str | None:
    return _url("results:school", school_id=school_id) if school_id else None


def _add_planning(page: HomePage, user: User) -> None:
    """The planning half, for admins, coaches and school leaders."""
    page.add(
        _("Continuum self-assessment"),
        _url("continuum:index"),
        _("Where each team stands on staff relationships and collaboration."),
    )
    page.add(
        _("Shared agreements"),
        _url("continuum:agreements"),
        _("Drafts, adoption after an equity pause, reviews and the monthly check."),
    )
    page.add(
        _("Improvement"),
        _url("improvement:index"),
        _("Metrics of success, run charts and PDSA cycles."),
    )
    support = (
        _("Your schools to support, and why.")
        if user.role == User.COACH
        else _("Which schools are ready to start a new practice, and why.")
    )
    page.add(_("Readiness"), _url("improvement:readiness"), support)
    page.add(
        _("Staff voice and shared leadership"),
        _url("voice:index"),
        _("Working groups, the anonymous channel, decisions and the practice exchange."),
    )


def _home_page(user: User) -> HomePage:
    if not user.district_id:
        return HomePage(
            intro=_("Your account is not linked to a district yet. Ask your district team.")
        )
    if user.role == User.DISTRICT_ADMIN:
        page = HomePage(intro=_("Run your district's surveys and read the results."))
        page.add(
            _("Cycles"),
            _url("surveys:manage_cycles"),
            _("Create and open survey cycles, import rosters, send reminders."),
        )
        page.add(_("Results"), _url("results:district"), _("Every school, side by side."))
        feedback = next(filter(None, (_url(name) for name in FEEDBACK_URL_NAMES)), None)
        page.add(_("District feedback"), feedback, _("What staff tell the district team."))
        page.add(
            _("Staff indicators"),
            _url("community:district"),
            _("Attendance, turnover, learning, practice and voice, by school."),
        )
        page.add(
            _("Upload district data"),
            _url("community:uploads"),
            _("Roster, absences, exits, learning, observations, requests, meetings."),
        )
        page.add(
            _("Connection maps"),
            _url("network:index"),
            _("Who is connected to whom, school by school; import connections."),
        )
        _add_planning(page, user)
        page.add(_("Pulse schedule"), _url("improvement:pulse"), _("When the monthly pulse opens."))
        page.add(
            _("Reports"), _url("reports:district"), _("Printable district and school reports.")
        )
        return page
    if user.role == User.COACH:
        page = HomePage(intro=_("Results for the schools you coach."))
        page.add(_("Results"), _url("results:district"), _("Your schools, side by side."))
        page.add(_("Response rates"), _url("surveys:manage_cycles"), _participation_help())
        page.add(
            _("Staff indicators"),
            _url("community:district"),
            _("Your schools' indicators and patterns by staff group."),
        )
        page.add(
            _("Connection maps"),
            _url("network:index"),
            _("Your schools' maps and the district team's reach."),
        )
        _add_planning(page, user)
        page.add(_("Reports"), _url("reports:district"), _("Printable reports for your schools."))
        page.schools = [
            HomeSchool(name=school.name, url=_school_results_url(school.pk))
            for school in visible_schools(user)
        ]
        return page
    if user.role == User.SCHOOL_LEADER:
        page = HomePage(intro=_("Your school's survey results."))
        page.add(
            _("Results for %(school)s") % {"school": user.school} if user.school else _("Results"),
            _school_results_url(user.school_id),
        )
        page.add(_("Response rates"), _url("surveys:manage_cycles"), _participation_help())
        if user.school_id:
            page.add(
                _("Adult community profile"),
                _url("community:profile", school_id=user.school_id),
                _("Survey results, indicators and connections in one place."),
            )
            page.add(
                _("Connection map"),
                _url("network:school", school_id=user.school_id),
                _("How your staff are connected."),
            )
        _add_planning(page, user)
        if user.school_id:
            page.add(
                _("Report"),
                _url("reports:school", school_id=user.school_id),
                _("A printable report for your leadership team."),
            )
        return page
    page = HomePage(
        intro=_(
            "Surveys arrive by link or email: there is nothing to do here to answer "
            "them. Your answers are anonymous."
        )
    )
    if user.district.staff_see_results and user.school_id:
        published = Cycle.objects.filter(
            district_id=user.district_id, kind=Cycle.SURVEY, results_published=True
        ).exists()
        if published:
            page.add(
                _("Your school's results"),
                _school_results_url(user.school_id),
                _("Results your district has published for your school."),
            )
        else:
            page.note = _("No results have been published for your school yet.")
    page.add(
        _("Continuum self-assessment"),
        _url("continuum:index"),
        _("Rate how your team works together, privately, then compare as a team."),
    )
    page.add(
        _("Shared agreements"),
        _url("continuum:agreements"),
        _("The agreements your team keeps, and comments on drafts."),
    )
    page.add(
        _("Raise a concern or an idea"),
        _url("voice:post_new"),
        _("Anonymous: nothing about you is kept with it."),
    )
    page.add(_("You said, we did"), _url("voice:public_district"))
    return page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A start page for each role; only the links fragment for an htmx request."""
    context = {"page": _home_page(request.user)}
    if request.headers.get("HX-Request"):
        return render(request, "core/_home_links.html", context)
    return render(request, "core/home.html", context)
