"""write_json_atomic: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import json
import os

import pytest

from staffroom.io import write_json_atomic


def _leftovers(folder, keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_it_writes_valid_utf8_json(tmp_path):
    path = tmp_path / "report.json"
    document = {"school": "Niño Elementary", "n": 12, "mean": 3.25, "sd": None, "by": [1, 2]}

    write_json_atomic(document, path)

    text = path.read_bytes().decode("utf-8")
    assert json.loads(text) == document
    assert "Niño" in text  # written as UTF-8, not escaped
    assert text.endswith("\n")


def test_it_replaces_an_existing_file(tmp_path):
    path = tmp_path / "report.json"
    path.write_text('{"old": true}\n', encoding="utf-8")

    write_json_atomic({"new": True}, path)

    assert json.loads(path.read_text(encoding="utf-8")) == {"new": True}
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_it_accepts_a_path_given_as_text(tmp_path):
    path = tmp_path / "report.json"

    write_json_atomic([1, 2, 3], str(path))

    assert json.loads(path.read_text(encoding="utf-8")) == [1, 2, 3]


def test_it_writes_to_a_relative_path_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    write_json_atomic({"a": 1}, "report.json")

    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == {"a": 1}
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_it_never_writes_nan(tmp_path):
    path = tmp_path / "report.json"

    write_json_atomic({"mean": float("nan"), "alpha": float("-inf")}, path)

    assert json.loads(path.read_text(encoding="utf-8")) == {"mean": None, "alpha": None}


@pytest.mark.parametrize("unencodable", [object(), {1, 2}, {("tuple", "key"): 1}, 2**70])
def test_a_document_that_cannot_be_encoded_leaves_the_old_file_and_no_temporary(
    tmp_path, unencodable
):
    path = tmp_path / "report.json"
    path.write_text('{"old": true}\n', encoding="utf-8")

    with pytest.raises(TypeError):
        write_json_atomic({"fine": 1, "bad": unencodable}, path)

    assert path.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_a_document_that_cannot_be_encoded_creates_no_file(tmp_path):
    path = tmp_path / "report.json"

    with pytest.raises(TypeError):
        write_json_atomic({"bad": object()}, path)

    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    path.write_text('{"old": true}\n', encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)

    with pytest.raises(OSError, match="No space left"):
        write_json_atomic({"new": True}, path)

    assert path.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_a_failure_to_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    path.write_text('{"old": true}\n', encoding="utf-8")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)

    with pytest.raises(PermissionError):
        write_json_atomic({"new": True}, path)

    assert path.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_a_missing_folder_is_an_os_error_and_creates_nothing(tmp_path):
    path = tmp_path / "no-such-folder" / "report.json"

    with pytest.raises(FileNotFoundError):
        write_json_atomic({"a": 1}, path)

    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it afterwards."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_report_gets_the_permissions_of_any_new_file(tmp_path, umask, mask, mode):
    path = tmp_path / "report.json"
    umask(mask)

    write_json_atomic({"a": 1}, path)

    assert path.stat().st_mode & 0o777 == mode


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_folder_itself_is_not_a_place_to_write(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_json_atomic({"a": 1}, tmp_path)

    assert list(tmp_path.iterdir()) == []
