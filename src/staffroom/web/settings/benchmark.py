"""Benchmark runs only (benchmarks/submissions.py): production settings on plain http
on loopback, plus a bare reference endpoint that inserts one row with no validation,
so throughput can be reported as a ratio that holds on any machine."""

import os

os.environ.setdefault("STAFFROOM_SSL_REDIRECT", "0")
os.environ.setdefault("STAFFROOM_SECURE_COOKIES", "0")
os.environ.setdefault("STAFFROOM_HSTS_SECONDS", "0")

from staffroom.web.settings.production import *  # noqa: F403

ROOT_URLCONF = "staffroom.web.bench_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
