"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close the shared headless Chromium, if a browser test started it."""
    from tests.browser import support

    support.shutdown()
