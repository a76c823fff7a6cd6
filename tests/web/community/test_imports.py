"""Uploads of the district's data: all or nothing, every problem named by row and column."""

from __future__ import annotations

import io

import pytest

from staffroom.io.sources import SOURCES
from staffroom.io.tables import template_csv
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.community.models import (
    AbsenceRecord,
    DataImport,
    DistrictRequest,
    LearningAttendance,
    LearningEvent,
    MeetingAttendance,
    PracticeObservation,
    StaffExit,
)
from staffroom.web.community.services import KINDS, ImportRejectedError, community_file_import
from staffroom.web.orgs.models import Team


def _upload(cast, kind: str, text: str, name: str = "file.csv"):
    return community_file_import(
        district=cast.district,
        kind=kind,
        source=io.BytesIO(text.encode()),
        name=name,
        user=cast.admin,
    )


ROSTER = (
    "staff_id,school,name,email,role,grade_band,hire_date,race_ethnicity,age_band,teams\n"
    "T1,Alder Elementary,Ana Ruiz,ana@example.org,teacher,3-5,2019-08-15,Latina,35-44,"
    "Grade 3 team; Garden club\n"
    "T2,alder,,,paraprofessional,K-2,2025-01-06,,,\n"
    "T3,Birch Middle,,,teacher,6-8,2024-08-20,,,Garden club\n"
)


@pytest.fixture
def people(cast):
    _upload(cast, "roster", ROSTER, "roster.csv")
    return {e.staff_id: e for e in RosterEntry.objects.filter(district=cast.district)}


def test_every_kind_has_a_spec_and_its_template_reads_back(cast, people):
    for kind in KINDS:
        assert kind in SOURCES
    # the roster template's example names a school that exists in the cast
    result = _upload(cast, "exits", template_csv(SOURCES["exits"]).replace("T1044", "T1"))
    assert result.rows == 2


def test_a_roster_file_creates_people_and_their_teams(cast, people):
    assert set(people) == {"T1", "T2", "T3"}
    ana = people["T1"]
    assert ana.school == cast.school
    assert ana.name == "Ana Ruiz"
    assert ana.age_band == "35-44"
    assert sorted(ana.teams.values_list("name", flat=True)) == ["Garden club", "Grade 3 team"]
    garden = Team.objects.filter(name="Garden club")
    assert {t.school for t in garden} == {cast.school, cast.other_school}  # one per school
    assert Team.objects.get(name="Grade 3 team").member_count == 1


def test_uploading_the_roster_again_updates_and_keeps_blank_optional_cells(cast, people):
    _upload(
        cast,
        "roster",
        "staff_id,school,role,grade_band,hire_date\nT1,Birch Middle,coach,all,2019-08-15\n",
    )
    ana = RosterEntry.objects.get(staff_id="T1")
    assert (ana.school, ana.role, ana.name) == (cast.other_school, "coach", "Ana Ruiz")
    assert RosterEntry.objects.filter(district=cast.district).count() == 3


def test_a_malformed_file_is_rejected_whole_naming_row_and_column(cast, people):
    text = (
        "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"
        "2026-09-01,2026-09-30,Alder Elementary,T1,,21,1\n"
        "2026-09-01,2026-09-30,Alder Elementary,T2,,21,not-a-number\n"
    )
    with pytest.raises(ImportRejectedError) as caught:
        _upload(cast, "absences", text, "absences.csv")
    [error] = caught.value.errors
    assert (error.path, error.row, error.column) == ("absences.csv", 3, "days_absent")
    assert not AbsenceRecord.objects.exists()
    assert not DataImport.objects.filter(kind="absences").exists()


def test_every_unknown_school_and_person_is_listed_and_nothing_written(cast, people):
    text = (
        "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"
        "2026-09-01,2026-09-30,Alder Elementary,T1,,21,1\n"
        "2026-09-01,2026-09-30,Nowhere High,T2,,21,0\n"
        "2026-09-01,2026-09-30,Alder Elementary,T999,,21,2\n"
        "2026-09-01,2026-09-30,Elm High,,30,21,12\n"
    )
    with pytest.raises(ImportRejectedError) as caught:
        _upload(cast, "absences", text, "absences.csv")
    where = [(e.row, e.column) for e in caught.value.errors]
    assert where == [(3, "school"), (4, "staff_id"), (5, "school")]
    assert "Nowhere High" in caught.value.errors[0].problem
    assert not AbsenceRecord.objects.exists()


def test_a_good_absence_file_is_imported_and_a_second_upload_replaces_it(cast, people):
    text = (
        "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"
        "2026-09-01,2026-09-30,Alder Elementary,T1,,21,1.5\n"
        "2026-09-01,2026-09-30,Birch Middle,,30,21,12\n"
    )
    result = _upload(cast, "absences", text)
    assert result.rows == 2
    assert result.counts["records"] == 2
    again = _upload(cast, "absences", text.replace("1.5", "2"))
    assert again.counts["replaced"] == 2
    assert sorted(AbsenceRecord.objects.values_list("days_absent", flat=True)) == [2.0, 12.0]
    school_row = AbsenceRecord.objects.get(person__isnull=True)
    assert school_row.staff_count == 30
    assert DataImport.objects.filter(kind="absences").count() == 2


def test_learning_events_then_attendance(cast, people):
    _upload(
        cast,
        "pl_events",
        "event_id,date,title,topic,mandatory,schools\n"
        "PL-1,2026-10-08,Restorative circles,relationships,no,Alder Elementary\n"
        "PL-2,2026-10-15,Safety training,,yes,\n",
    )
    event = LearningEvent.objects.get(code="PL-1")
    assert list(event.schools.all()) == [cast.school]
    assert not event.mandatory
    assert LearningEvent.objects.get(code="PL-2").mandatory
    with pytest.raises(ImportRejectedError) as caught:
        _upload(cast, "pl_attendance", "event_id,school,staff_id,attendees\nPL-9,alder,T1,\n")
    assert (caught.value.errors[0].row, caught.value.errors[0].column) == (2, "event_id")
    _upload(
        cast,
        "pl_attendance",
        "event_id,school,staff_id,attendees\nPL-1,alder,T1,\nPL-2,birch,,14\n",
    )
    assert LearningAttendance.objects.get(person__isnull=True).count == 14


def test_exits_observations_requests_and_meetings(cast, people):
    _upload(cast, "exits", "staff_id,school,exit_date,reason\nT2,alder,2026-06-12,dismissed\n")
    assert StaffExit.objects.get().voluntary is False
    _upload(
        cast,
        "practice_observations",
        "practice,school,date,staff_id,using\nMorning meeting,alder,2026-11-04,T1,yes\n"
        "Morning meeting,alder,2026-11-04,,no\n",
    )
    assert PracticeObservation.objects.filter(using=True).count() == 1
    _upload(
        cast,
        "district_requests",
        "request_id,school,channel,sent_at,answered_at\n"
        "R-1,alder,email,2026-10-02 08:15,2026-10-03 14:40\nR-2,birch,call,2026-10-02 11:00,\n",
    )
    assert DistrictRequest.objects.filter(answered_at__isnull=True).count() == 1
    _upload(
        cast,
        "meetings",
        "meeting_id,date,school,team,staff_id,present,turns,minutes\n"
        "M-1,2026-10-09,alder,Grade 3 team,T1,yes,6,4.5\n"
        "M-1,2026-10-09,alder,Grade 3 team,T2,no,0,\n",
    )
    assert MeetingAttendance.objects.count() == 2
    with pytest.raises(ImportRejectedError) as caught:
        _upload(
            cast,
            "meetings",
            "meeting_id,date,school,team,staff_id,present\nM-2,2026-10-09,alder,Chess,T1,yes\n",
        )
    assert caught.value.errors[0].column == "team"


def test_a_roster_row_adopts_the_invitation_entry_with_its_email(cast):
    invited = RosterEntry.objects.create(
        district=cast.district, school=cast.school, email="Pat@Example.org"
    )
    _upload(
        cast,
        "roster",
        "staff_id,school,email,role,grade_band,hire_date\n"
        "T9,alder,pat@example.org,teacher,K-2,2021-08-16\n",
    )
    invited.refresh_from_db()
    assert invited.staff_id == "T9"
    assert RosterEntry.objects.filter(district=cast.district).count() == 1


def test_an_email_of_someone_else_is_refused(cast, people):
    with pytest.raises(ImportRejectedError) as caught:
        _upload(
            cast,
            "roster",
            "staff_id,school,email,role,grade_band,hire_date\n"
            "T7,alder,ana@example.org,teacher,K-2,2021-08-16\n",
        )
    error = caught.value.errors[0]
    assert (error.row, error.column) == (2, "email")
