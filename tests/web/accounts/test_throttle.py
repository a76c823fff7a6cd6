"""Repeated failed sign-ins for one account name are refused for the rest of the window."""

from __future__ import annotations

import datetime as dt
import hashlib
from unittest import mock

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from staffroom.web.accounts import throttle
from staffroom.web.accounts.models import LoginFailure
from staffroom.web.accounts.throttle import (
    account_username,
    authenticate_throttled,
    login_failure_key,
    login_failure_record,
    login_failures_clear,
    login_failures_prune,
    login_retry_after,
    retry_minutes,
)
from tests.web.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LIMITS = override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_FAILURE_WINDOW_SECONDS=600)


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def _fail(username: str, *seconds: float) -> None:
    for s in seconds:
        login_failure_record(username=username, now=_at(s))


# The stored key -------------------------------------------------------------------


def test_the_key_is_a_sha256_of_the_lower_cased_username():
    expected = hashlib.sha256(b"pat@example.org").hexdigest()
    assert login_failure_key("  Pat@Example.ORG") == expected
    assert len(expected) == 64


@pytest.mark.django_db
def test_failures_store_only_the_hash_and_the_time():
    _fail("pat@example.org", 0)
    row = LoginFailure.objects.get()
    assert row.key == login_failure_key("pat@example.org")
    assert "pat" not in row.key
    assert row.at == T0


# Counting within the window ---------------------------------------------------------


@LIMITS
@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_throttle():
    _fail("pat@example.org", 0, 10)
    assert login_retry_after(username="pat@example.org", now=_at(20)) is None


@LIMITS
@pytest.mark.django_db
def test_reaching_the_limit_throttles_until_the_oldest_failure_leaves_the_window():
    _fail("pat@example.org", 0, 10, 20)
    assert login_retry_after(username="pat@example.org", now=_at(30)) == 570
    assert login_retry_after(username="pat@example.org", now=_at(599)) == 1
    assert login_retry_after(username="pat@example.org", now=_at(600)) is None


@LIMITS
@pytest.mark.django_db
def test_failures_spread_wider_than_the_window_do_not_throttle():
    _fail("pat@example.org", 0, 400, 700)
    assert login_retry_after(username="pat@example.org", now=_at(701)) is None


@LIMITS
@pytest.mark.django_db
def test_with_more_failures_than_the_limit_the_wait_lasts_until_fewer_than_the_limit_remain():
    _fail("pat@example.org", 0, 100, 200, 300)
    # Failures at 0 and 100 must both leave the window before only 2 remain.
    assert login_retry_after(username="pat@example.org", now=_at(350)) == 350


@LIMITS
@pytest.mark.django_db
def test_the_throttle_is_per_username_in_any_case():
    _fail("pat@example.org", 0, 1, 2)
    assert login_retry_after(username="PAT@example.org", now=_at(3)) is not None
    assert login_retry_after(username="sam@example.org", now=_at(3)) is None


@LIMITS
@pytest.mark.django_db
def test_clearing_forgets_only_that_usernames_failures():
    _fail("pat@example.org", 0, 1, 2)
    _fail("sam@example.org", 0, 1, 2)
    login_failures_clear(username="pat@example.org")
    assert login_retry_after(username="pat@example.org", now=_at(3)) is None
    assert login_retry_after(username="sam@example.org", now=_at(3)) is not None


@LIMITS
@pytest.mark.django_db
def test_recording_a_failure_prunes_everyones_failures_older_than_the_window():
    _fail("pat@example.org", 0, 1)
    _fail("sam@example.org", 500)
    _fail("sam@example.org", 650)  # now the failures at 0 and 1 are older than 600s
    assert sorted(LoginFailure.objects.values_list("at", flat=True)) == [_at(500), _at(650)]


@LIMITS
@pytest.mark.django_db
def test_pruning_keeps_failures_inside_the_window():
    _fail("pat@example.org", 0, 100)
    assert login_failures_prune(now=_at(600)) == 1
    assert list(LoginFailure.objects.values_list("at", flat=True)) == [_at(100)]


def test_the_wait_is_told_in_whole_minutes_rounded_up():
    assert [retry_minutes(s) for s in (1, 59, 60, 61, 570, 900)] == [1, 1, 1, 2, 10, 15]


# Who an attempt is counted against ---------------------------------------------------


@pytest.mark.django_db
def test_an_email_or_a_username_count_against_the_same_account():
    UserFactory(username="pat", email="pat.lee@example.org")
    assert account_username("Pat.Lee@example.org") == "pat"
    assert account_username("pat") == "pat"
    assert account_username("PAT") == "pat"


@pytest.mark.django_db
def test_an_unknown_name_is_counted_as_typed():
    assert account_username(" nobody@example.org ") == "nobody@example.org"


# The whole attempt ------------------------------------------------------------------


@LIMITS
@pytest.mark.django_db
def test_a_throttled_attempt_is_refused_without_checking_the_password():
    user = UserFactory(username="pat@example.org")
    _fail("pat@example.org", 0, 1, 2)
    request = RequestFactory().post(LOGIN)
    with mock.patch.object(throttle, "authenticate") as authenticate:
        result = authenticate_throttled(
            request, identifier="pat@example.org", password=PASSWORD, now=_at(3)
        )
    authenticate.assert_not_called()
    assert result.user is None
    assert result.retry_after == 597
    assert LoginFailure.objects.count() == 3  # a refusal is not another failure
    assert user.pk  # the account exists; the right password was still refused


@LIMITS
@pytest.mark.django_db
def test_a_success_clears_the_failures():
    UserFactory(username="pat@example.org")
    _fail("pat@example.org", 0, 1)
    request = RequestFactory().post(LOGIN)
    result = authenticate_throttled(
        request, identifier="pat@example.org", password=PASSWORD, now=_at(2)
    )
    assert result.user is not None
    assert not LoginFailure.objects.exists()


# Through the sign-in page -------------------------------------------------------------


def _post(client, email: str, password: str):
    return client.post(LOGIN, {"email": email, "password": password})


def _clock(seconds: float):
    """Set the throttle's clock only (sessions keep real time, so they do not expire)."""
    clock = mock.Mock(spec=["now"], now=mock.Mock(return_value=_at(seconds)))
    return mock.patch.object(throttle, "timezone", clock)


@LIMITS
@pytest.mark.django_db
@pytest.mark.parametrize("exists", [True, False], ids=["known", "unknown"])
def test_after_the_limit_the_page_answers_429_and_says_how_long_to_wait(client, exists):
    if exists:
        UserFactory(username="pat@example.org")
    with _clock(0):
        for _ in range(3):
            assert _post(client, "pat@example.org", "wrong").status_code == 200
    with _clock(60):
        response = _post(client, "pat@example.org", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "540"
    assert "Too many attempts. Try again in 9 minutes." in html
    assert 'aria-describedby="signin-error"' in html
    assert "_auth_user_id" not in client.session


@LIMITS
@pytest.mark.django_db
def test_the_throttled_page_is_the_same_for_known_and_unknown_names(client):
    UserFactory(username="pat@example.org")
    pages = {}
    for email in ("pat@example.org", "nobody@example.org"):
        with _clock(0):
            for _ in range(3):
                _post(client, email, "wrong")
        with _clock(30):
            response = _post(client, email, "wrong")
        assert response.status_code == 429
        pages[email] = (
            response["Retry-After"],
            "Try again in 10 minutes." in str(response.content),
        )
    assert pages["pat@example.org"] == pages["nobody@example.org"] == ("570", True)


@LIMITS
@pytest.mark.django_db
def test_one_minute_left_is_said_in_the_singular(client):
    _fail("pat@example.org", 0, 1, 2)
    with _clock(590):
        response = _post(client, "pat@example.org", "wrong")
    assert response.status_code == 429
    assert "Too many attempts. Try again in 1 minute." in response.content.decode()


@LIMITS
@pytest.mark.django_db
def test_the_right_password_works_again_once_the_window_has_passed(client):
    user = UserFactory(username="pat@example.org")
    _fail("pat@example.org", 0, 1, 2)
    with _clock(601):
        response = _post(client, "pat@example.org", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not LoginFailure.objects.filter(key=login_failure_key("pat@example.org")).exists()


@LIMITS
@pytest.mark.django_db
def test_another_account_is_not_affected(client):
    user = UserFactory(username="sam@example.org")
    _fail("pat@example.org", 0, 1, 2)
    with _clock(3):
        response = _post(client, "sam@example.org", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
