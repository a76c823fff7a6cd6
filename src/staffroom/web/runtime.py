"""Starting the web application from the `staffroom` command (demo and serve)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only after Django is set up at run time
    from staffroom.web.core.demo import DemoDistrict

__all__ = ["background_worker", "demo_prepare", "django_setup", "gunicorn_command"]


def django_setup(settings_module: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()


@contextmanager
def background_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A django-tasks database worker beside the demo server (same settings and database),
    stopped when the server stops: reminders and report batches run as in production."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--interval", "1", "--no-reload"],
        env=os.environ.copy(),
    )
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def demo_prepare(var_dir: Path) -> DemoDistrict:
    """A fresh, migrated and seeded demo database under ``var_dir`` (deleted first)."""
    if var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True)
    os.environ["STAFFROOM_VAR_DIR"] = str(var_dir.resolve())
    os.environ.pop("DATABASE_URL", None)
    django_setup("staffroom.web.settings.dev")
    from django.core.management import call_command

    from staffroom.web.core.demo import demo_seed

    call_command("migrate", verbosity=0, interactive=False)
    return demo_seed()


def gunicorn_command(
    *, host: str, port: int, workers: int, local: bool, var_dir: Path
) -> list[str]:
    """Prepare the production settings for a local trial and return the gunicorn command."""
    env = os.environ
    env.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.web.settings.production")
    env["STAFFROOM_VAR_DIR"] = str(var_dir.resolve())
    if local:
        key_file = var_dir / "secret_key"
        if "STAFFROOM_SECRET_KEY" not in env and "STAFFROOM_SECRET_KEY_FILE" not in env:
            var_dir.mkdir(parents=True, exist_ok=True)
            if not key_file.exists():
                key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
                key_file.chmod(0o600)
            env["STAFFROOM_SECRET_KEY_FILE"] = str(key_file)
        env.setdefault("STAFFROOM_SSL_REDIRECT", "0")
        env.setdefault("STAFFROOM_SECURE_COOKIES", "0")
        env.setdefault("STAFFROOM_HSTS_SECONDS", "0")
        env.setdefault("STAFFROOM_ALLOWED_HOSTS", f"{host},localhost,127.0.0.1")
    django_setup(env["DJANGO_SETTINGS_MODULE"])
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "staffroom.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
