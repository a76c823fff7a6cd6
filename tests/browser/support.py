"""Real headless Chromium (Debian's) driven by Playwright, with axe-core for WCAG 2.1 AA.

``in_browser(viewport, steps)`` runs ``steps(page)`` in a fresh browser context. Chromium
lives in one thread of its own for the whole test session: Playwright's sync API may run
only one instance per thread, and keeping it off the test thread means no event loop
is ever running where the ORM is used. Screenshots of key pages go to var/screenshots/.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

T = TypeVar("T")
_jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
_worker: threading.Thread | None = None


def _serve() -> None:
    """The Chromium thread: starts Playwright once, then runs jobs until told to stop."""
    browser = playwright = None
    while (job := _jobs.get()) is not None:
        function, future = job
        try:
            if browser is None:
                if not Path(CHROMIUM).exists():
                    raise RuntimeError("Debian's chromium is not installed (make test does)")
                from playwright.sync_api import sync_playwright

                playwright = sync_playwright().start()
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            future.set_result(function(browser))
        except BaseException as error:  # handed to the test thread
            future.set_exception(error)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


def shutdown() -> None:
    """Close Chromium (called when the test session ends)."""
    global _worker
    if _worker is not None:
        _jobs.put(None)
        _worker.join(timeout=30)
        _worker = None


def in_browser(viewport: dict[str, int], steps: Callable[[Any], T], *, locale: str = "en-US") -> T:
    """Run ``steps(page)`` in a new browser context of the given size; return its result."""
    global _worker
    if _worker is None:
        _worker = threading.Thread(target=_serve, name="chromium", daemon=True)
        _worker.start()

    def run(browser: Any) -> T:
        mobile = viewport == PHONE
        context = browser.new_context(
            viewport=viewport, is_mobile=mobile, has_touch=mobile, locale=locale
        )
        try:
            return steps(context.new_page())
        finally:
            context.close()

    future: Future[T] = Future()
    _jobs.put((run, future))
    return future.result()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations axe-core finds on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_accessible(page: Any, name: str) -> None:
    """Zero axe violations, and a screenshot of the page for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


def sign_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
