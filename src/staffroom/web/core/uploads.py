"""The shape every all-or-nothing upload view shares: check every row first, save only
a file without problems, and save nothing if the data changed underneath meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from staffroom.io.errors import InputFileError

__all__ = ["checked_import"]

Rows = TypeVar("Rows")
Result = TypeVar("Result")


def checked_import(
    request: HttpRequest,
    *,
    check: Callable[[], tuple[Rows, list[InputFileError]]],
    save: Callable[[Rows], Result],
) -> tuple[Result | None, list[InputFileError]]:
    """Run ``check`` (read and validate the whole file), then ``save`` its rows if no
    row failed. Returns ``(result, [])`` once saved, or ``(None, errors)``.

    ``save`` runs in one transaction; an ``IntegrityError`` there means someone changed
    the roster while the file was being checked: nothing is saved, and the request gets
    a message asking for the upload again (with no row errors to list)."""
    try:
        rows, errors = check()
    except InputFileError as unreadable:
        return None, [unreadable]
    if errors:
        return None, errors
    try:
        return save(rows), []
    except IntegrityError:
        messages.error(
            request,
            _("The roster changed while this file was imported. Nothing was saved; "
              "please upload it again."),
        )  # fmt: skip
        return None, []
