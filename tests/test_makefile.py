"""The README's two commands exist: `make demo` and `make test` (CI runs `make test`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["demo", "test", "check", "bench", "fixtures"])
def test_the_makefile_has_the_target(target):
    done = subprocess.run(
        ["make", "-n", "-C", str(REPO), target], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "No rule to make target" not in done.stderr


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
