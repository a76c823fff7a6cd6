"""Writing JSON documents so that a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

__all__ = ["write_json_atomic"]


def write_json_atomic(document: Any, path: str | Path) -> None:
    """Write ``document`` as UTF-8 JSON to ``path`` via a temporary file and a rename.

    If anything fails, ``path`` is left as it was (absent or the previous version).
    NaN is never written: callers pass ``None`` for missing numbers.
    """
    path = Path(path)
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
