"""Connection-map pages, their JSON, and the ties import. Thin: check access, call
selectors or services, render.

Access (``staffroom.web.network.access``), always on the server; anything out of reach
is 404 so its existence is not revealed:

* index: admins, coaches and school leaders (the schools they may map);
* a school's map and its JSON: the district admin, the school's coach, its leaders;
* the district-team page and its JSON: district admins and coaches;
* importing ties and the template: district admins and coaches.

Staff see no connection map (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from staffroom.io.errors import InputFileError
from staffroom.web.accounts.models import User
from staffroom.web.core.uploads import checked_import
from staffroom.web.network import access, selectors, services
from staffroom.web.network.models import Tie
from staffroom.web.orgs.models import School
from staffroom.web.surveys.manage_forms import RosterUploadForm

__all__ = [
    "index",
    "school",
    "school_json",
    "team",
    "team_json",
    "ties_import",
    "ties_template",
]


class TiesUploadForm(RosterUploadForm):
    """The roster upload's file field and size check, labelled for connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Connections file (CSV or XLSX)")


_COLUMN_HELP = {
    "source": gettext_lazy("One person: their staff id, or their email, as on the roster."),
    "target": gettext_lazy("The other person (for a one-way tie, the person the source goes to)."),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.district is None:
        raise Http404
    return user


def _school(user: User, school_id: int) -> School:
    found = School.objects.filter(pk=school_id, district_id=user.district_id).first()
    if found is None or not access.can_view_school_map(user, found):
        raise Http404
    return found


def _options(request: HttpRequest) -> dict[str, Any]:
    return {
        "types": request.GET.getlist("type"),
        "colour": request.GET.get("colour", "role").strip() or "role",
    }


def _partial(request: HttpRequest) -> bool:
    """An htmx request for the results only (not a history restore)."""
    return bool(
        request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )


def _page(
    request: HttpRequest,
    network: selectors.NetworkMap,
    action: str,
    json_url: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The full page, or only its results for an htmx request (filters swap them in place)."""
    context = {
        "network": network,
        "action": action,
        "json_url": f"{json_url}?{request.GET.urlencode()}",
        **(extra or {}),
    }
    template = "network/_map_body.html" if _partial(request) else "network/map.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The schools whose connection map the user may open, and the district-team page."""
    user = _user(request)
    schools = access.map_schools(user)
    if not schools and not access.can_view_team_map(user, user.district):
        raise Http404
    context = {
        "schools": schools,
        "can_view_team": access.can_view_team_map(user, user.district),
        "can_import": access.can_import_ties(user, user.district),
    }
    return render(request, "network/index.html", context)


def _school_map(request: HttpRequest, school_id: int) -> selectors.NetworkMap:
    user = _user(request)
    return selectors.school_map(_school(user, school_id), user, **_options(request))


def _team_map(request: HttpRequest) -> selectors.NetworkMap:
    user = _user(request)
    if not access.can_view_team_map(user, user.district):
        raise Http404
    return selectors.team_map(user.district, user, **_options(request))


@require_GET
@login_required
def school(request: HttpRequest, school_id: int) -> HttpResponse:
    """One school's connection map, measures panel and table."""
    network = _school_map(request, school_id)
    json_url = reverse("network:school_json", args=[school_id])
    return _page(request, network, reverse("network:school", args=[school_id]), json_url)


@require_GET
@login_required
def school_json(request: HttpRequest, school_id: int) -> JsonResponse:
    """The map's data, with the page's checks and the viewer's anonymity."""
    return JsonResponse(selectors.map_json(_school_map(request, school_id)))


@require_GET
@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The district-team map and the schools with no close tie to the district team."""
    network = _team_map(request)
    extra: dict[str, Any] = {}
    if not _partial(request):  # the schools table is outside the part filters swap
        rows, columns = selectors.team_schools(network.district, _user(request))
        extra = {
            "team_rows": rows,
            "indicator_columns": columns,
            "close_types": selectors.close_type_labels(),
        }
    return _page(request, network, reverse("network:team"), reverse("network:team_json"), extra)


@require_GET
@login_required
def team_json(request: HttpRequest) -> JsonResponse:
    """The district-team map's data, with the page's checks."""
    return JsonResponse(selectors.map_json(_team_map(request)))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ties_import(request: HttpRequest) -> HttpResponse:
    """Upload ties: every row is checked first; one problem and nothing is saved."""
    user = _user(request)
    if not access.can_import_ties(user, user.district):
        raise Http404
    form = TiesUploadForm(request.POST or None, request.FILES or None)
    errors: list[InputFileError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result, errors = checked_import(
            request,
            check=lambda: services.ties_check(
                services.ties_read(upload, upload.name),
                name=upload.name,
                district=user.district,
                user=user,
            ),
            save=lambda ties: services.ties_import(district=user.district, ties=ties),
        )
        if result is not None:
            messages.success(request, _import_message(result))
            return HttpResponseRedirect(reverse("network:import"))
    context = {
        "form": form,
        "errors": [str(e) for e in errors],
        "columns": [
            (c.name, c.required, _COLUMN_HELP.get(c.name, c.help))
            for c in services.ties_spec().columns
        ],
        "type_labels": Tie.TYPES,
        "is_admin": user.role == User.DISTRICT_ADMIN,
    }
    return render(request, "network/import.html", context)


def _import_message(result: services.TieImport) -> str:
    text = ngettext(
        "%(count)d connection imported.", "%(count)d connections imported.", result.created
    ) % {"count": result.created}
    if result.already_recorded:
        text += " " + ngettext(
            "%(count)d was already recorded and was not added again.",
            "%(count)d were already recorded and were not added again.",
            result.already_recorded,
        ) % {"count": result.already_recorded}
    return text


@require_GET
@login_required
def ties_template(request: HttpRequest) -> HttpResponse:
    """The connections template: the header and example rows."""
    user = _user(request)
    if not access.can_import_ties(user, user.district):
        raise Http404
    response = HttpResponse(services.ties_template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="connections-template.csv"'
    return response
