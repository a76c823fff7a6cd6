"""All-or-nothing uploads: nothing is saved unless every row passed, or if the data
changed underneath while the file was checked."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import IntegrityError
from django.test import RequestFactory

from staffroom.io.errors import InputFileError
from staffroom.web.core.uploads import checked_import


@pytest.fixture
def request_():
    request = RequestFactory().post("/upload")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _never_saved(rows):
    raise AssertionError("save must not run")


def test_an_unreadable_file_is_its_one_error(request_):
    unreadable = InputFileError("roster.csv", "not a CSV or XLSX file")

    def check():
        raise unreadable

    assert checked_import(request_, check=check, save=_never_saved) == (None, [unreadable])


def test_one_bad_row_and_nothing_is_saved(request_):
    bad = InputFileError("roster.csv", "not an email address", row=3, column="email")
    result = checked_import(request_, check=lambda: (["row"], [bad]), save=_never_saved)
    assert result == (None, [bad])


def test_a_clean_file_is_saved_whole(request_):
    saved = []
    result = checked_import(
        request_, check=lambda: ([1, 2, 3], []), save=lambda rows: saved.extend(rows) or "3 rows"
    )
    assert result == ("3 rows", [])
    assert saved == [1, 2, 3]


def test_a_change_underneath_saves_nothing_and_says_so(request_):
    def save(rows):
        raise IntegrityError("duplicate key")

    assert checked_import(request_, check=lambda: ([1], []), save=save) == (None, [])
    assert [str(m) for m in get_messages(request_)] == [
        "The roster changed while this file was imported. Nothing was saved; "
        "please upload it again."
    ]
