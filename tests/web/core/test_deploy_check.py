"""`manage.py check --deploy` passes with the production settings and a real environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _check_deploy(var_dir: Path, **extra_env: str) -> tuple[int, str]:
    """Run the deployment checks in a clean process: production settings, a long random
    key, one host, no DATABASE_URL and no other STAFFROOM_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAFFROOM_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright by the browser tests
    env.update(
        DJANGO_SETTINGS_MODULE="staffroom.web.settings.production",
        STAFFROOM_SECRET_KEY=secrets.token_urlsafe(64),
        STAFFROOM_ALLOWED_HOSTS="staffroom.example.org",
        STAFFROOM_VAR_DIR=str(var_dir),
        **extra_env,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_the_production_settings_pass_djangos_deployment_checks(tmp_path):
    returncode, output = _check_deploy(tmp_path)
    assert returncode == 0, output
    assert "System check identified no issues" in output, output


def test_the_deployment_checks_report_an_insecure_setting(tmp_path):
    """The test above can fail: turning off the HTTPS redirect is reported."""
    _, output = _check_deploy(tmp_path, STAFFROOM_SSL_REDIRECT="no")
    assert "security.W008" in output, output
