"""The sign-in page and the home page in a real browser: keyboard use and axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.support import (
    DESKTOP,
    PHONE,
    assert_accessible,
    in_browser,
    sign_in,
)
from tests.web.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _submit(page: Any, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_page_is_accessible_empty_and_with_an_error(live_server):
    def steps(page: Any) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.signin label')).display")
            == "block"
        ), "accounts.css is not applied"
        assert_accessible(page, "accounts-login")
        _submit(page, "nobody@example.org", "wrong")
        assert page.get_by_role("alert").inner_text().startswith("The email or password")
        assert_accessible(page, "accounts-login-error")

    in_browser(PHONE, steps)


@pytest.mark.django_db(transaction=True)
def test_the_throttled_sign_in_page_is_accessible(live_server, settings):
    settings.LOGIN_FAILURE_LIMIT = 1

    def steps(page: Any) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        _submit(page, "nobody@example.org", "wrong")
        _submit(page, "nobody@example.org", "wrong")
        alert = page.get_by_role("alert").inner_text()
        assert "Too many attempts. Try again in 15 minutes." in alert
        assert_accessible(page, "accounts-login-throttled")

    in_browser(DESKTOP, steps)


@pytest.mark.django_db(transaction=True)
def test_signing_in_and_out_works_from_the_keyboard(live_server):
    UserFactory(username="pat@example.org", first_name="Pat", last_name="Lee")

    def steps(page: Any) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.keyboard.press("Tab")  # skip link
        page.keyboard.press("Tab")  # brand
        page.keyboard.press("Tab")
        page.keyboard.type("pat@example.org")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Pat Lee"
        assert_accessible(page, "core-home-staff")
        page.get_by_role("button", name="Sign out").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == f"{live_server.url}/accounts/login/"

    in_browser(DESKTOP, steps)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["admin", "coach", "leader"])
def test_each_roles_home_page_is_accessible(live_server, cast, role):
    email = cast.everyone()[role].email

    def steps(page: Any) -> None:
        sign_in(page, live_server.url, email, PASSWORD)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
        assert_accessible(page, f"core-home-{role}")

    in_browser(PHONE, steps)
