"""The community pages in a real browser, on the demo district: zero axe-core WCAG 2.1 AA
violations, a screenshot of each under var/screenshots/."""

from __future__ import annotations

import pytest

from staffroom.web.community import selectors
from staffroom.web.core.demo import DEMO_PASSWORD, demo_seed
from staffroom.web.orgs.models import School
from tests.browser.support import DESKTOP, PHONE, assert_accessible, in_browser, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.web.community.urls"),
]


@pytest.fixture
def demo(transactional_db):
    selectors.indicators_cache_clear()
    seeded = demo_seed()
    yield seeded
    selectors.indicators_cache_clear()


def _visit(live_server, viewport, email: str, pages: list[tuple[str, str]]) -> dict[str, dict]:
    def steps(page):
        sign_in(page, live_server.url, email, DEMO_PASSWORD)
        seen = {}
        for path, name in pages:
            page.goto(f"{live_server.url}{path}")
            seen[name] = {
                "h1": page.get_by_role("heading", level=1).inner_text(),
                "images": page.locator("svg[role=img]").count(),
                "hidden": page.get_by_text("hidden (fewer than").count(),
            }
            assert_accessible(page, name)
        return seen

    return in_browser(viewport, steps)


def test_the_admin_pages_are_accessible(live_server, demo):
    alder = School.objects.get(name="Alder Elementary")
    seen = _visit(
        live_server,
        DESKTOP,
        "admin@riverbend.example",
        [
            ("/community/", "community-district"),
            (f"/community/schools/{alder.pk}/", "community-school"),
            ("/community/patterns/", "community-patterns"),
            ("/community/uploads/", "community-uploads"),
        ],
    )
    assert seen["community-district"]["h1"] == "Staff indicators"
    assert seen["community-school"]["images"] >= 8
    assert seen["community-uploads"]["h1"] == "Upload district data"


def test_the_leaders_pages_are_accessible_on_a_phone(live_server, demo):
    alder = School.objects.get(name="Alder Elementary")
    seen = _visit(
        live_server,
        PHONE,
        "leader@riverbend.example",
        [
            (f"/community/schools/{alder.pk}/profile/", "community-profile-phone"),
            (f"/community/schools/{alder.pk}/patterns/", "community-school-patterns-phone"),
        ],
    )
    assert seen["community-profile-phone"]["h1"] == "Adult community: Alder Elementary"
    assert seen["community-profile-phone"]["images"] >= 8  # one small trend per indicator


def test_a_rejected_upload_lists_its_problems_accessibly(live_server, demo, tmp_path):
    bad = tmp_path / "absences.csv"
    bad.write_text(
        "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"
        "2026-09-01,2026-09-30,Nowhere High,,30,21,12\n"
        "2026-09-01,2026-09-30,Atlantis Middle,,30,21,12\n"
    )

    def steps(page):
        sign_in(page, live_server.url, "admin@riverbend.example", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/community/uploads/")
        page.get_by_label("Absences file (CSV or XLSX)").set_input_files(str(bad))
        page.get_by_role("button", name="Upload Absences").click()
        page.wait_for_load_state("networkidle")
        items = page.locator(".error-list li").all_inner_texts()
        assert_accessible(page, "community-upload-rejected")
        return items

    items = in_browser(DESKTOP, steps)
    assert len(items) == 2
    assert items[0].startswith("absences.csv, row 2, column “school”")


def test_a_large_upload_is_followed_until_the_worker_has_done_it(live_server, demo):
    """The job page asks again by itself (htmx) and shows the outcome when it is ready."""
    import threading

    from django.db import connection
    from playwright.sync_api import expect

    from staffroom.web.accounts.models import User
    from staffroom.web.community.models import AbsenceRecord, UploadJob
    from staffroom.web.community.tasks import community_upload_run

    admin = User.objects.get(username="admin@riverbend.example")
    job = UploadJob.objects.create(
        district=admin.district,
        kind="absences",
        filename="absences-2022-2025.csv",
        content=(
            b"period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"
            b"2026-09-01,2026-09-30,Alder Elementary,,30,21,12\n"
        ),
        created_by=admin,
    )
    before = AbsenceRecord.objects.count()

    def run_the_worker():
        try:
            community_upload_run.call(job_id=job.pk)
        finally:
            connection.close()

    def steps(page):
        sign_in(page, live_server.url, "admin@riverbend.example", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/community/uploads/jobs/{job.pk}/")
        expect(page.get_by_text("Waiting for the background worker")).to_be_visible()
        assert_accessible(page, "community-upload-job-waiting")
        worker = threading.Thread(target=run_the_worker)  # not in Playwright's event loop
        worker.start()
        worker.join()
        expect(page.get_by_text("Imported: 1 row.")).to_be_visible(timeout=10_000)
        assert_accessible(page, "community-upload-job-done")
        return page.url

    assert in_browser(DESKTOP, steps).endswith(f"/community/uploads/jobs/{job.pk}/")
    assert AbsenceRecord.objects.count() == before + 1
