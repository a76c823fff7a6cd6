"""Writing JSON documents so that a reader never sees a half-written file."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

__all__ = ["write_bytes_atomic", "write_json_atomic"]


def write_json_atomic(document: Any, path: str | Path) -> None:
    """Write ``document`` as UTF-8 JSON to ``path`` via a temporary file and a rename.

    If anything fails, ``path`` is left as it was (absent or the previous version).
    NaN is never written: callers pass ``None`` for missing numbers.
    """
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    write_bytes_atomic([data], path)


def write_bytes_atomic(chunks: Iterable[bytes], path: str | Path) -> None:
    """Write ``chunks`` to ``path`` via a temporary file and a rename, so that readers see
    the old file or the whole new one, never part of it. The chunks may be produced
    lazily (a large report streams through without being held in memory)."""
    path = Path(path)
    # Created like any new file (0o666 less the umask); tempfile.mkstemp would make it
    # 0o600, and the report would become private to whoever ran the command.
    temporary = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
