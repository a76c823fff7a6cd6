"""The site's main navigation: the same few sections on every page, chosen by role.

Each app keeps its own sub-pages one click away on its section page; the header lists only
the sections a user may open, so nobody is shown a link that answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from staffroom.web.accounts.models import User

__all__ = ["NavLink", "main_nav", "nav_links"]

_MANAGERS = {User.DISTRICT_ADMIN, User.COACH, User.SCHOOL_LEADER}

# (label, URL name, roles that may open it). Results and indicators send a school leader
# on to their own school; reports send them to their school's report.
_SECTIONS: tuple[tuple[Any, str, frozenset[str]], ...] = (
    (_("Results"), "results:district", frozenset(_MANAGERS)),
    (_("Indicators"), "community:district", frozenset(_MANAGERS)),
    (_("Connections"), "network:index", frozenset(_MANAGERS)),
    (_("Continuum"), "continuum:index", frozenset(_MANAGERS | {User.STAFF})),
    (_("Agreements"), "continuum:agreements", frozenset(_MANAGERS | {User.STAFF})),
    (_("Improvement"), "improvement:index", frozenset(_MANAGERS)),
    (_("Voice"), "voice:index", frozenset(_MANAGERS | {User.STAFF})),
    (_("Reports"), "reports:district", frozenset({User.DISTRICT_ADMIN, User.COACH})),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def _url(name: str, *args: object) -> str | None:
    """``reverse(name)``, or None when the page is not installed."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return None


def _staff_results_url(user: User) -> str | None:
    if user.school_id and user.district.staff_see_results:
        return _url("results:school", user.school_id)
    return None


def nav_links(user: Any, path: str) -> list[NavLink]:
    """The sections ``user`` may open, the one ``path`` is in marked current."""
    if not (getattr(user, "is_authenticated", False) and user.district_id):
        return []
    links: list[tuple[str, str]] = []
    if user.role == User.STAFF and (url := _staff_results_url(user)):
        links.append((str(_("Results")), url))
    if user.role == User.SCHOOL_LEADER and user.school_id:
        report = _url("reports:school", user.school_id)
    else:
        report = None
    for label, name, roles in _SECTIONS:
        if user.role in roles and (url := _url(name)):
            links.append((str(label), url))
    if report:
        links.append((str(_("Report")), report))
    matching = [_section_of(url) for _label, url in links if path.startswith(_section_of(url))]
    current = max(matching, key=len, default=None)
    return [NavLink(label, url, _section_of(url) == current) for label, url in links]


def _section_of(url: str) -> str:
    """The first path segment of ``url`` ("/results/"), which all of a section shares,
    except agreements, which live under the continuum's segment."""
    parts = url.split("/")
    if len(parts) > 2 and parts[2] == "agreements":
        return "/".join(parts[:3]) + "/"
    return "/" + parts[1] + "/" if len(parts) > 1 else url


def main_nav(request: HttpRequest) -> dict[str, list[NavLink]]:
    """Template context: ``main_nav``, the header's section links."""
    return {"main_nav": nav_links(request.user, request.path)}
