"""The upload page: templates, an accepted file, a rejected one (every problem listed)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.io.sources import SOURCES
from staffroom.web.community.models import AbsenceRecord, DataImport
from staffroom.web.community.services import KINDS
from tests.web.factories import RosterEntryFactory

pytestmark = pytest.mark.urls("tests.web.community.urls")

ABSENCES = "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"


@pytest.fixture
def admin(client, cast):
    client.force_login(cast.admin)
    RosterEntryFactory(district=cast.district, school=cast.school, staff_id="T1")
    return client


def _post(client, kind: str, text: str, name: str = "absences.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("community:upload", args=[kind]), {"file": upload}, follow=True)


def test_the_page_lists_every_kind_with_its_template_and_form(admin):
    response = admin.get(reverse("community:uploads"))
    body = response.content.decode()
    for kind in KINDS:
        assert SOURCES[kind].title in body
        assert reverse("community:upload_template", args=[kind]) in body
        assert f'action="{reverse("community:upload", args=[kind])}"' in body


def test_the_template_is_the_spec_header_and_examples(admin):
    response = admin.get(reverse("community:upload_template", args=["absences"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == ",".join(SOURCES["absences"].names)


def test_a_good_file_is_imported_and_summarised(admin, cast):
    response = _post(admin, "absences", ABSENCES + "2026-09-01,2026-09-30,alder,T1,,21,1\n")
    assert response.redirect_chain[-1][0] == reverse("community:uploads")
    body = response.content.decode()
    assert "absences.csv imported" in body
    assert "records: 1" in body
    assert AbsenceRecord.objects.count() == 1
    assert "absences.csv" in body  # in the recent uploads table


def test_a_bad_file_lists_every_problem_and_saves_nothing(admin):
    text = (
        ABSENCES
        + "2026-09-01,2026-09-30,alder,T1,,21,1\n"
        + "2026-09-01,2026-09-30,Nowhere,T1,,21,1\n"
        + "2026-09-01,2026-09-30,alder,T77,,21,1\n"
    )
    response = _post(admin, "absences", text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved from the Absences file" in body
    assert "row 3" in body
    assert "column “school”" in body
    assert "row 4" in body
    assert "column “staff_id”" in body
    assert not AbsenceRecord.objects.exists()
    assert not DataImport.objects.exists()


def test_a_file_the_reader_rejects_names_its_row_and_column(admin):
    response = _post(admin, "absences", ABSENCES + "2026-09-01,2026-09-30,alder,T1,,21,lots\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "row 2" in body
    assert "column “days_absent”" in body


def test_teams_beyond_contract_are_set_from_the_page(admin, cast):
    from staffroom.web.orgs.models import Team
    from tests.web.factories import TeamFactory

    club = TeamFactory(district=cast.district, school=cast.school, name="Garden club")
    grade = TeamFactory(
        district=cast.district, school=cast.school, name="Grade 3", beyond_contract=True
    )
    elsewhere = TeamFactory(district=cast.outsider.district, name="Their club")
    body = admin.get(reverse("community:uploads")).content.decode()
    assert "Garden club" in body
    assert "Their club" not in body
    admin.post(
        reverse("community:teams_beyond_contract"),
        {"beyond_contract": [str(club.pk), str(elsewhere.pk)]},
    )
    assert set(Team.objects.filter(beyond_contract=True)) == {club}
    grade.refresh_from_db()
    assert not grade.beyond_contract
