"""Typed helpers for reading settings from the environment.

``env_secret`` also accepts ``NAME_FILE`` pointing at a file holding the value, so
secrets can come from Docker/Kubernetes secret files rather than the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

__all__ = ["env", "env_bool", "env_int", "env_list", "env_secret"]


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_secret(name: str, default: str | None = None) -> str:
    """``NAME`` or the contents of the file named by ``NAME_FILE``; required unless a
    default is given."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    if value:
        return value
    if default is not None:
        return default
    raise ImproperlyConfigured(f"set {name} (or {name}_FILE) in the environment")
