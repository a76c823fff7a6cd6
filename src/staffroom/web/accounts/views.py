"""Sign in and sign out (Django's auth, with failed attempts throttled per account)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from staffroom.web.accounts.forms import SignInForm
from staffroom.web.accounts.throttle import authenticate_throttled, retry_minutes

__all__ = ["login_view", "logout_view"]


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: a safe ``next`` on this site, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _too_many_attempts(seconds: int) -> str:
    minutes = retry_minutes(seconds)
    return ngettext(
        "Too many attempts. Try again in %(minutes)d minute.",
        "Too many attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """The sign-in page. 429 (without checking the password) while throttled."""
    form = SignInForm(request.POST if request.method == "POST" else None)
    error = ""
    retry_after: int | None = None
    if request.method == "POST" and form.is_valid():
        result = authenticate_throttled(
            request,
            identifier=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
        if result.user is not None:
            login(request, result.user)
            return HttpResponseRedirect(_next_url(request))
        retry_after = result.retry_after
        if retry_after is not None:
            error = _too_many_attempts(retry_after)
        else:
            error = _("The email or password is not right. Check both and try again.")
    context = {
        "form": form,
        "error": error,
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    response = render(
        request, "accounts/login.html", context, status=200 if retry_after is None else 429
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


logout_view = LogoutView.as_view()
"""POST only (Django 5's ``LogoutView``); then back to the sign-in page."""
