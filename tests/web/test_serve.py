"""`staffroom serve` runs gunicorn with the production settings and answers /healthz."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_starts_the_production_server_on_loopback(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STAFFROOM_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    staffroom = shutil.which("staffroom", path=str(Path(sys.executable).parent))
    assert staffroom
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [staffroom, "serve", "--port", str(port), "--workers", "1"],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        status, body, headers = None, b"", {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    status, body, headers = reply.status, reply.read(), dict(reply.headers)
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert status == 200, log.read_text(errors="replace")
        assert b'"ok"' in body
        assert "gunicorn" in headers.get("Server", "")
        assert headers.get("X-Frame-Options") == "DENY"
        assert (tmp_path / "var" / "static" / "staffroom" / "staffroom.css").exists()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
