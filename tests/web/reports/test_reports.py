"""Printed reports: the same numbers as the results pages, the same hiding, as HTML and PDF.

The PDF is read back the way a person would meet it: its text (pdftotext) and its first
page drawn to PNG (pdftoppm), which must show ink, not a blank page.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image, ImageStat

from tests.web.results.conftest import DOGWOOD_MEAN, HIDDEN

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return re.sub(r"\s+", " ", done.stdout)


def _first_page_png(pdf: bytes, tmp_path: Path, name: str) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = SCREENSHOTS / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(stem)],
        check=True,
    )
    return stem.with_suffix(".png")


def test_a_school_report_shows_the_results_page_numbers(client, survey):
    client.force_login(survey.cast.admin)
    page = client.get(reverse("reports:school", args=[survey.alder.pk])).content.decode()
    # a report prints the newest closed staff survey (Fall 2025), not the open Spring 2026
    url = reverse("results:school", args=[survey.alder.pk])
    results = client.get(f"{url}?cycle={survey.previous.pk}").content.decode()
    assert "Adult community report: Alder" in page
    assert "Staff survey: Fall 2025" in page
    # every school mean the results page shows is printed in the report, scale by scale
    shown = re.findall(r'<tr data-scale="(\w+)">.*?data-column="mean">([\d.]+)<', results, re.S)
    assert len(shown) == 7
    for scale, mean in shown:
        assert f'data-scale="{scale}">{mean}<' in page


def test_a_small_school_s_report_hides_its_numbers(client, survey):
    client.force_login(survey.cast.admin)
    page = client.get(reverse("reports:school", args=[survey.dogwood.pk])).content.decode()
    assert "Fewer than 5 staff answered at this school" in page
    assert DOGWOOD_MEAN not in page


def test_the_district_report_lists_only_the_coach_s_schools(client, survey):
    client.force_login(survey.cast.coach)
    page = client.get(reverse("reports:district")).content.decode()
    assert "Alder" in page
    assert "Birch" not in page
    assert "Cedar" not in page


def test_the_district_report_hides_small_schools(client, survey):
    client.force_login(survey.cast.admin)
    page = client.get(reverse("reports:district")).content.decode()
    assert HIDDEN in page
    assert DOGWOOD_MEAN not in page


@pytest.mark.slow
def test_the_school_pdf_reads_like_the_page(client, survey, tmp_path):
    client.force_login(survey.cast.leader)
    response = client.get(reverse("reports:school_pdf", args=[survey.alder.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "alder" in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    text = _pdf_text(pdf, tmp_path)
    assert "Adult community report: Alder" in text
    assert "Scale means: this school and the district" in text
    assert "Trust among colleagues" in text
    png = _first_page_png(pdf, tmp_path, "report-school-alder")
    with Image.open(png) as image:
        ink = ImageStat.Stat(image.convert("L"))
        assert ink.extrema[0][0] < 100  # dark text is drawn
        assert ink.stddev[0] > 10  # not a blank page


@pytest.mark.slow
def test_the_district_pdf_hides_what_the_page_hides(client, survey, tmp_path):
    client.force_login(survey.cast.admin)
    pdf = client.get(reverse("reports:district_pdf")).content
    text = _pdf_text(pdf, tmp_path)
    assert "District adult community report" in text
    assert "Dogwood" in text
    assert DOGWOOD_MEAN not in text
    assert "hidden (fewer" in text  # printed cells wrap: "than 5)" lands on the next line
    _first_page_png(pdf, tmp_path, "report-district")


def test_a_report_refuses_to_load_anything_but_static_files():
    from staffroom.web.reports.pdf import static_file

    with pytest.raises(LookupError):
        static_file("http://169.254.169.254/latest/meta-data")
    with pytest.raises(LookupError):
        static_file("file:///etc/passwd")
    with pytest.raises(LookupError):
        static_file("file:///static/../../etc/passwd")
    body, mime_type = static_file("file:///static/staffroom/report.css")
    assert mime_type == "text/css"
    assert b"@page" in body


@pytest.mark.slow
def test_a_batch_zips_every_school_the_coach_may_see(
    client, survey, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from staffroom.web.reports.models import ReportBatch

    client.force_login(survey.cast.coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:batch_create"))
    assert response.status_code == 302
    batch = ReportBatch.objects.get(requested_by=survey.cast.coach)
    assert batch.status == ReportBatch.DONE
    assert batch.school_count == 1  # the coach is assigned Alder only
    page = client.get(reverse("reports:district")).content.decode()
    assert "Download 1 school report" in page
    download = client.get(reverse("reports:batch_download", args=[batch.pk]))
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert archive.namelist() == ["alder-elementary-report.pdf"]
        assert archive.read("alder-elementary-report.pdf").startswith(b"%PDF-")


def test_a_batch_runs_once(survey):
    from staffroom.web.reports.models import ReportBatch
    from staffroom.web.reports.tasks import report_batch_build

    batch = ReportBatch.objects.create(
        district=survey.cast.district, requested_by=survey.cast.admin, status=ReportBatch.DONE
    )
    report_batch_build.call(batch.pk)  # already done: left alone
    batch.refresh_from_db()
    assert batch.archive is None


SECTION_TITLES = [
    "Staff survey: Fall 2026 staff survey",  # the newest closed survey, not the open one
    "Staff indicators",
    "Connection map",
    "Continuum self-assessment",
    "Readiness",
    "Shared agreements",
    "Continuous improvement",
]


@pytest.mark.slow
def test_the_demo_alder_report_prints_every_section(client, demo, tmp_path):
    from staffroom.web.accounts.models import User
    from staffroom.web.orgs.models import School

    alder = School.objects.get(name="Alder Elementary")
    client.force_login(User.objects.get(role=User.SCHOOL_LEADER))
    response = client.get(reverse("reports:school_pdf", args=[alder.pk]))
    assert response.status_code == 200
    text = _pdf_text(response.content, tmp_path)
    for title in SECTION_TITLES:
        assert text.count(title) >= 2, title  # in the contents and as a heading
    assert "August hidden" in text  # the monthly check's small month stays hidden
    png = _first_page_png(response.content, tmp_path, "report-school-demo-alder")
    with Image.open(png) as image:
        ink = ImageStat.Stat(image.convert("L"))
        assert ink.extrema[0][0] < 100
        assert ink.stddev[0] > 10


@pytest.mark.slow
def test_the_demo_coach_s_district_pdf_holds_only_their_schools(client, demo, tmp_path):
    from staffroom.web.accounts.models import User
    from staffroom.web.orgs.models import School

    coach = User.objects.get(role=User.COACH)
    client.force_login(coach)
    pdf = client.get(reverse("reports:district_pdf")).content
    text = _pdf_text(pdf, tmp_path)
    for title in SECTION_TITLES:
        assert title in text, title
    for school in School.objects.all():
        coached = coach.coached_schools.filter(pk=school.pk).exists()
        assert (school.name in text) == coached, school.name
    _first_page_png(pdf, tmp_path, "report-district-demo-coach")
