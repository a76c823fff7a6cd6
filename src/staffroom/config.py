"""Installation settings read from the environment, shared by the CLI and the web app."""

from __future__ import annotations

import os

from staffroom.analysis.suppression import DEFAULT_MIN_N, MIN_N_FLOOR

__all__ = ["ConfigurationError", "min_n_setting"]


class ConfigurationError(ValueError):
    """An environment setting has a value Staffroom cannot use."""


def min_n_setting() -> int:
    """The installation's minimum group size: ``STAFFROOM_MIN_N``, default 5, never below 3.

    Surveys and commands may ask for a larger minimum, never a smaller one.
    """
    raw = os.environ.get("STAFFROOM_MIN_N", "").strip()
    if not raw:
        return DEFAULT_MIN_N
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"STAFFROOM_MIN_N={raw!r} is not a whole number") from exc
    if value < MIN_N_FLOOR:
        raise ConfigurationError(f"STAFFROOM_MIN_N={value} is below the floor of {MIN_N_FLOOR}")
    return value
