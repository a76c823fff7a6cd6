"""Throttling repeated failed sign-ins for one account name.

After ``settings.LOGIN_FAILURE_LIMIT`` failures within
``settings.LOGIN_FAILURE_WINDOW_SECONDS`` for a username, further attempts for that
username are refused, without checking the password, until the window has passed.
Failures are kept in ``LoginFailure`` (shared by every web host) under a SHA-256 of the
lower-cased username: no address, no IP, and the same bookkeeping whether or not the
account exists, so the throttle never reveals which accounts exist.

A refused attempt is not counted as a failure, so someone guessing gets at most
``LOGIN_FAILURE_LIMIT`` guesses per window, and the owner of the account can sign in
again once the window has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from staffroom.web.accounts.models import LoginFailure, User

__all__ = [
    "SignInResult",
    "account_username",
    "authenticate_throttled",
    "login_failure_key",
    "login_failure_record",
    "login_failures_clear",
    "login_failures_prune",
    "login_retry_after",
    "retry_minutes",
]


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_failure_key(username: str) -> str:
    """SHA-256 (hex) of the trimmed, lower-cased username: what ``LoginFailure`` stores."""
    return hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()


def login_retry_after(*, username: str, now: dt.datetime | None = None) -> int | None:
    """Seconds until ``username`` may try again, or ``None`` if it may try now.

    Refused when at least ``LOGIN_FAILURE_LIMIT`` failures lie within the window before
    ``now``; the refusal lasts until enough of them have aged out of the window that
    fewer than the limit remain.
    """
    now = now or timezone.now()
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = list(
        LoginFailure.objects.filter(
            key=login_failure_key(username), at__gt=now - _window(), at__lte=now
        )
        .order_by("at")
        .values_list("at", flat=True)
    )
    if len(recent) < limit:
        return None
    # Once the (len - limit + 1) oldest have aged out, fewer than `limit` remain.
    frees_at = recent[len(recent) - limit] + _window()
    return max(1, math.ceil((frees_at - now).total_seconds()))


def login_failure_record(*, username: str, now: dt.datetime | None = None) -> None:
    """Record one failed sign-in for ``username`` and prune failures older than the window."""
    now = now or timezone.now()
    LoginFailure.objects.create(key=login_failure_key(username), at=now)
    login_failures_prune(now=now)


def login_failures_clear(*, username: str) -> None:
    """Forget every failure for ``username`` (after a successful sign-in)."""
    LoginFailure.objects.filter(key=login_failure_key(username)).delete()


def login_failures_prune(*, now: dt.datetime | None = None) -> int:
    """Delete failures (for every username) that have left the window; returns how many."""
    now = now or timezone.now()
    deleted, _ = LoginFailure.objects.filter(at__lte=now - _window()).delete()
    return deleted


def retry_minutes(seconds: int) -> int:
    """Whole minutes to tell a person to wait (rounded up, at least one)."""
    return max(1, math.ceil(seconds / 60))


def account_username(identifier: str) -> str:
    """The username to authenticate for what someone typed: their username or email.

    An exact username wins, then an email (any case), then a username in any case. When
    nothing matches, the text itself comes back, so an unknown name is handled exactly
    like a known one (Django's backend still runs the password hasher once).
    """
    text = identifier.strip()
    for lookup in ({"username": text}, {"email__iexact": text}, {"username__iexact": text}):
        username = (
            User.objects.filter(**lookup).order_by("pk").values_list("username", flat=True).first()
        )
        if username is not None:
            return username
    return text


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to: a user, a refusal with a wait, or a failure."""

    user: User | None = None
    retry_after: int | None = None
    """Seconds to wait when the attempt was refused without checking the password."""


def authenticate_throttled(
    request: HttpRequest, *, identifier: str, password: str, now: dt.datetime | None = None
) -> SignInResult:
    """Check a username-or-email and password, unless that account name is throttled.

    Refused attempts never reach the password check. A failure is recorded against the
    account name; a success clears its failures. Unknown and known names are treated
    alike.
    """
    now = now or timezone.now()
    username = account_username(identifier)
    wait = login_retry_after(username=username, now=now)
    if wait is not None:
        return SignInResult(retry_after=wait)
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failure_record(username=username, now=now)
        return SignInResult()
    login_failures_clear(username=username)
    return SignInResult(user=user)
