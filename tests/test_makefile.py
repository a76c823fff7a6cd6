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


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_postgres_script_prints_only_the_url_when_its_tools_talk(tmp_path):
    """Debian's cluster tools print notices on stdout ("Removed stale pid file."); the
    Makefile reads the script's stdout as DATABASE_URL, so a notice there broke CI once.
    The script must also return while the server it started runs on."""
    started = tmp_path / "started"
    tools = {
        "ls": "echo 15",
        "pg_lsclusters": f'[ -e {started} ] && s=online || s=down; echo "15 main 54329 $s x"',
        "pg_createcluster": "echo 'Creating new PostgreSQL cluster 15/main ...'",
        "pg_conftool": "echo 'setting changed'",
        # The server outlives the script with its standard streams closed, as PostgreSQL's
        # does; a descriptor it inherited from the script would hold the caller's $(...).
        "pg_ctlcluster": f"echo 'Removed stale pid file.'; touch {started}; "
        "(sleep 20 </dev/null >/dev/null 2>&1 &)",
        "pg_isready": "echo '127.0.0.1:54329 - accepting connections'",
        "su": "echo 1",
    }
    for name, body in tools.items():
        (tmp_path / name).write_text(f"#!/bin/sh\n{body}\n")
        (tmp_path / name).chmod(0o755)
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres-for-tests.sh")],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": f"{tmp_path}:/usr/bin:/bin"},
        timeout=10,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "postgres://staffroom:staffroom-test@127.0.0.1:54329/staffroom\n"
    assert "Removed stale pid file." in done.stderr
