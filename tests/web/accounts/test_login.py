"""Signing in with an email (or username) and password, and signing out."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse

from staffroom.web.accounts.models import LoginFailure
from staffroom.web.settings import base as base_settings
from tests.web.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
HOME = reverse("core:home")


def _signed_in_as(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_the_sign_in_page_labels_its_inputs_and_offers_autocomplete(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_email">Email</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert "<h1>Sign in</h1>" in html
    assert 'role="alert"' not in html


def test_a_user_signs_in_with_their_email_and_lands_on_the_home_page(client, db):
    user = UserFactory(username="pat@example.org")
    response = client.post(LOGIN, {"email": "pat@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert _signed_in_as(client) == user.pk


def test_the_email_is_matched_in_any_case(client, db):
    user = UserFactory(username="pat@example.org")
    client.post(LOGIN, {"email": "  Pat@Example.ORG ", "password": PASSWORD})
    assert _signed_in_as(client) == user.pk


def test_a_username_that_differs_from_the_email_also_signs_in(client, db):
    user = UserFactory(username="pat", email="pat.lee@example.org")
    client.post(LOGIN, {"email": "pat", "password": PASSWORD})
    assert _signed_in_as(client) == user.pk
    client.logout()
    client.post(LOGIN, {"email": "pat.lee@example.org", "password": PASSWORD})
    assert _signed_in_as(client) == user.pk


def test_a_wrong_password_shows_an_error_linked_to_both_inputs(client, db):
    UserFactory(username="pat@example.org")
    response = client.post(LOGIN, {"email": "pat@example.org", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert _signed_in_as(client) is None
    assert 'id="signin-error"' in html
    assert 'role="alert"' in html
    assert "The email or password is not right." in html
    assert html.count('aria-describedby="signin-error"') == 2
    assert 'value="pat@example.org"' in html  # the email is kept, the password is not
    assert "wrong" not in html


def test_an_unknown_email_gets_exactly_the_same_page_as_a_wrong_password(client, db):
    UserFactory(username="pat@example.org")
    known = client.post(LOGIN, {"email": "pat@example.org", "password": "wrong"})
    unknown = client.post(LOGIN, {"email": "nobody@example.org", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200

    def normalised(response, email: str) -> str:
        body = response.content.decode().replace(email, "EMAIL")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)

    assert normalised(known, "pat@example.org") == normalised(unknown, "nobody@example.org")


def test_an_inactive_user_cannot_sign_in(client, db):
    UserFactory(username="pat@example.org", is_active=False)
    response = client.post(LOGIN, {"email": "pat@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert _signed_in_as(client) is None


def test_missing_fields_are_named_and_linked_to_their_inputs(client, db):
    response = client.post(LOGIN, {"email": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="email-error"' in html
    assert "Enter your email address." in html
    assert 'aria-describedby="email-error"' in html
    assert 'id="password-error"' in html
    assert 'aria-describedby="password-error"' in html
    assert not LoginFailure.objects.exists()  # nothing was tried, nothing counted


def test_a_safe_next_url_is_followed_after_sign_in(client, db):
    UserFactory(username="pat@example.org")
    response = client.post(
        LOGIN, {"email": "pat@example.org", "password": PASSWORD, "next": "/results/"}
    )
    assert response["Location"] == "/results/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"]
)
def test_a_next_url_to_another_site_is_ignored(client, db, next_url):
    UserFactory(username="pat@example.org")
    response = client.post(
        LOGIN, {"email": "pat@example.org", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == HOME


def test_the_next_url_survives_the_redirect_to_the_sign_in_page(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert '<input type="hidden" name="next" value="/">' in page.content.decode()


def test_signing_out_needs_a_post(client, db):
    user = UserFactory()
    client.force_login(user)
    assert client.get(LOGOUT).status_code == 405
    assert _signed_in_as(client) == user.pk


def test_signing_out_ends_the_session_and_returns_to_sign_in(client, db):
    client.force_login(UserFactory())
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    assert client.get(HOME).status_code == 302


def test_the_sign_out_form_is_on_every_signed_in_page(client, db):
    client.force_login(UserFactory())
    html = client.get(HOME).content.decode()
    assert f'<form method="post" action="{LOGOUT}"' in html


def test_sign_in_is_csrf_protected(db):
    UserFactory(username="pat@example.org")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"email": "pat@example.org", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2_in_the_real_settings(client):
    assert base_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS):
        user = UserFactory(username="pat@example.org")
        assert user.password.startswith("argon2$argon2id$")
        response = client.post(LOGIN, {"email": "pat@example.org", "password": PASSWORD})
        assert response.status_code == 302
