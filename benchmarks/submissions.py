"""Sustained anonymous submissions against gunicorn on this machine (docs/benchmarks.md).

    .venv/bin/python benchmarks/submissions.py [--seconds 15] [--databases sqlite postgres]

For each database (SQLite in WAL mode, and PostgreSQL on loopback started by
scripts/postgres-for-tests.sh): a fresh database is migrated and given one open cycle
with an open link; gunicorn serves the production settings (plus the bare reference
endpoint of staffroom.web.settings.benchmark) on 127.0.0.1; wrk (Debian's package)
drives, at 64 and 256 connections:

* ``bare``: POST /bench/bare, a plain Django view inserting one row (the reference);
* ``submit``: POST /s/<token>/responses, a full 43-item submission, JSON, with 5% of
  requests re-sending an earlier key (retries);
* ``page``: GET /s/<token>/, the survey's first page.

After each submission run it checks, key by key, that every acknowledged submission is
stored exactly once (receipts, ballot entries and responses), and once more while one
gunicorn worker is killed with SIGKILL mid-load. All traffic stays on 127.0.0.1 and every
run stops after --seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WRK_DIR = Path(__file__).resolve().parent / "wrk"
PORT = 8765


def _env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "staffroom.web.settings.benchmark",
            "STAFFROOM_SECRET_KEY": "benchmark-only-" + "x" * 40,
            "STAFFROOM_VAR_DIR": str(var_dir),
            "STAFFROOM_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STAFFROOM_LOG_LEVEL": "WARNING",
        }
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _django(env: dict[str, str], code: str) -> str:
    script = "import django; django.setup()\n" + code
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


SETUP = """
import datetime as dt
from django.core.management import call_command
call_command("migrate", verbosity=0)
from staffroom.instruments import load_builtin
from staffroom.web.orgs.models import District, School
from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.services import open_link_create
district = District.objects.create(name="Bench", slug="bench")
school = School.objects.create(
    district=district, name="Bench School", slug="bench", staff_count=10**6)
cycle = Cycle.objects.create(district=district, title="Bench", instrument_id="staff-climate",
    opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2027, 1, 1), status=Cycle.OPEN, min_n=5)
cycle.schools.add(school)
link = open_link_create(cycle=cycle, school=school)
import json
items = load_builtin("staff-climate").item_ids
print(json.dumps({"token": link.token, "cycle": cycle.pk, "items": items}))
"""

COUNT = """
from staffroom.web.surveys.models import BallotEntry, Response, SubmissionReceipt
import json, sys
print(json.dumps({"receipts": list(SubmissionReceipt.objects.values_list("key_hash", flat=True)),
                  "stored": BallotEntry.objects.count() + Response.objects.count()}))
"""

RESET = """
from staffroom.web.surveys.models import BallotEntry, Response, SubmissionReceipt, Comment
for model in (BallotEntry, Response, SubmissionReceipt, Comment):
    model.objects.all().delete()
"""


def _fresh_postgres() -> str:
    url = (
        subprocess.run(
            ["bash", str(REPO / "scripts" / "postgres-for-tests.sh")],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    for statement in (
        "DROP DATABASE IF EXISTS staffroom_bench",
        "CREATE DATABASE staffroom_bench OWNER staffroom",
    ):
        subprocess.run(
            ["su", "postgres", "-c", f'psql -p 54329 -qc "{statement}"'],
            check=True,
            capture_output=True,
        )
    return url.rsplit("/", 1)[0] + "/staffroom_bench"


def _start_gunicorn(env: dict[str, str], workers: int, threads: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "staffroom.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _workers_of(master: int) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    return [int(pid) for pid in found]


_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(url: str, connections: int, seconds: int, script: Path, args: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
            "--",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    text = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    latency = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(text)}
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(r"Socket errors: (.*)", text)
    return {
        "requests_per_s": rate,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket.group(1) if socket else "",
    }


def _settled_counts(env: dict[str, str]) -> dict[str, Any]:
    """Receipts and stored answer sets once requests still in flight when wrk stopped
    have finished (nothing changed for a second)."""
    counts, previous = json.loads(_django(env, COUNT)), None
    while previous != (len(counts["receipts"]), counts["stored"]):
        previous = (len(counts["receipts"]), counts["stored"])
        time.sleep(1.0)
        counts = json.loads(_django(env, COUNT))
    return counts


def _check_exactly_once(env: dict[str, str], log_dir: Path, cycle: int) -> dict[str, int]:
    acknowledged = set()
    for log in log_dir.glob("ack-*.log"):
        acknowledged |= {line.strip() for line in log.read_text().splitlines() if line.strip()}
    counts = _settled_counts(env)
    receipts = set(counts["receipts"])
    missing = [
        key
        for key in acknowledged
        if hashlib.sha256(f"{cycle}:{key}".encode()).hexdigest() not in receipts
    ]
    return {
        "acknowledged_keys": len(acknowledged),
        "receipts": len(receipts),
        "stored": counts["stored"],
        # acknowledged but not stored (must be 0)
        "lost": len(missing),
        # stored more than once (must be 0): every stored answer set has its own receipt
        "duplicated": counts["stored"] - len(receipts),
        # stored but the reply never reached wrk (in flight when the run or a worker
        # stopped); allowed: the client would retry with the same key and get "repeat"
        "stored_unacknowledged": len(receipts) - (len(acknowledged) - len(missing)),
    }


def run(database: str, seconds: int, workers: int, threads: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        var_dir = Path(folder)
        env = _env(var_dir, _fresh_postgres() if database == "postgres" else None)
        setup = json.loads(_django(env, SETUP).splitlines()[-1])
        base = f"http://127.0.0.1:{PORT}"
        items = ",".join(setup["items"])
        results: dict[str, Any] = {"database": database, "workers": workers, "threads": threads}
        server = _start_gunicorn(env, workers, threads)
        try:
            for connections in (64, 256):
                results[f"bare_{connections}"] = _wrk(
                    f"{base}/bench/bare", connections, seconds, WRK_DIR / "bare.lua", []
                )
                # the bare endpoint's rows are not submissions: let its queued requests
                # finish (SQLite lags seconds behind at 256 connections), then clear
                _settled_counts(env)
                _django(env, RESET)
                log_dir = var_dir / f"acks-{connections}"
                log_dir.mkdir()
                results[f"submit_{connections}"] = _wrk(
                    f"{base}/s/{setup['token']}/responses",
                    connections,
                    seconds,
                    WRK_DIR / "submit.lua",
                    [f"/s/{setup['token']}/responses", items, str(log_dir)],
                )
                results[f"submit_{connections}"]["check"] = _check_exactly_once(
                    env, log_dir, setup["cycle"]
                )
                _django(env, RESET)
                results[f"page_{connections}"] = _wrk(
                    f"{base}/s/{setup['token']}/", connections, seconds, WRK_DIR / "page.lua", []
                )
            # once more, killing one worker with SIGKILL a third of the way in
            _django(env, RESET)
            log_dir = var_dir / "acks-kill"
            log_dir.mkdir()
            victim = _workers_of(server.pid)[0]
            killer = subprocess.Popen(
                ["bash", "-c", f"sleep {max(1, seconds // 3)}; kill -KILL {victim}"]
            )
            results["submit_64_worker_killed"] = _wrk(
                f"{base}/s/{setup['token']}/responses",
                64,
                seconds,
                WRK_DIR / "submit.lua",
                [f"/s/{setup['token']}/responses", items, str(log_dir)],
            )
            killer.wait()
            results["submit_64_worker_killed"]["check"] = _check_exactly_once(
                env, log_dir, setup["cycle"]
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = [run(db, args.seconds, args.workers, args.threads) for db in args.databases]
    for result in figures:
        print(f"\n{result['database']} ({result['workers']} workers x {result['threads']} threads)")
        for name, value in result.items():
            if isinstance(value, dict):
                ratio = ""
                if name.startswith("submit_") and name.split("_")[1].isdigit():
                    bare = result[f"bare_{name.split('_')[1]}"]["requests_per_s"]
                    ratio = f"  ({value['requests_per_s'] / bare:.0%} of bare)"
                rate, p50, p99 = value["requests_per_s"], value["p50_ms"], value["p99_ms"]
                print(
                    f"  {name:26s} {rate:8.0f} req/s  p50 {p50:.1f} ms  p99 {p99:.1f} ms"
                    f"  non-2xx {value['non_2xx']}{ratio}"
                )
                if "check" in value:
                    print(f"  {'':26s} {value['check']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
