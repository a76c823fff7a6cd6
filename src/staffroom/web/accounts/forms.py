"""The sign-in form: an email (or username) and a password."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["SignInForm"]


class SignInForm(forms.Form):
    """Fields only; checking the password (and throttling) is ``authenticate_throttled``."""

    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        error_messages={"required": _("Enter your email address.")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        error_messages={"required": _("Enter your password.")},
    )
