"""Roster import: every row checked first, all or nothing, errors naming file, row and
column; then roster entries, one invitation per person, and the invitation emails."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from staffroom.io.errors import InputFileError
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.surveys.models import Cycle, Invitation
from staffroom.web.surveys.roster import (
    CycleClosedError,
    read_roster_file,
    roster_directory,
    roster_import,
    roster_rows_check,
    roster_template_csv,
)
from staffroom.web.surveys.services import token_hash
from tests.web.factories import CycleFactory, RosterEntryFactory, TeamFactory

HEADER = "email,staff_id,school,team,role,grade_band,hire_date,language"


@pytest.fixture
def cycle(cast):
    cycle = CycleFactory(district=cast.district, status=Cycle.OPEN, title="Spring climate")
    cycle.schools.set([cast.school, cast.other_school])
    return cycle


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.admin)
    return client


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, cycle, data: bytes, name: str = "staff.csv"):
    return client.post(
        reverse("surveys:manage_roster", args=[cycle.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def _check(cast, data: bytes, name: str = "staff.csv"):
    records = read_roster_file(name, data)
    return roster_rows_check(name, records, roster_directory(cast.district, records))


# --- the happy path -----------------------------------------------------------------


def test_a_good_csv_adds_people_invites_each_once_and_emails_their_link(admin_client, cast, cycle):
    TeamFactory(district=cast.district, school=cast.school, name="Grade 3")
    data = _csv(
        "ana@example.org,10234,Alder Elementary,Grade 3,teacher,3-5,2019-08-15,es",
        "Ben@Example.org,,birch,,counselor,,,",
        ",10377,alder,,paraprofessional,,,en",
    )
    response = _upload(admin_client, cycle, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:manage_cycle", args=[cycle.pk])
    entries = {e.email or e.staff_id: e for e in RosterEntry.objects.all()}
    assert set(entries) == {"ana@example.org", "ben@example.org", "10377"}
    ana = entries["ana@example.org"]
    assert (ana.staff_id, ana.school, ana.role, ana.grade_band) == (
        "10234",
        cast.school,
        "teacher",
        "3-5",
    )
    assert ana.hire_date == dt.date(2019, 8, 15)
    assert [t.name for t in ana.teams.all()] == ["Grade 3"]
    assert entries["ben@example.org"].school == cast.other_school
    invitations = {i.contact: i for i in Invitation.objects.filter(cycle=cycle)}
    assert set(invitations) == {"ana@example.org", "ben@example.org", "10377"}
    assert invitations["ana@example.org"].language == "es"
    assert invitations["ana@example.org"].team.name == "Grade 3"
    assert invitations["ben@example.org"].school == cast.other_school
    # one email per address, carrying a link whose token matches the stored hash
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    for message in mail.outbox:
        token = message.body.split("/i/")[1].split("/")[0]
        assert invitations[message.to[0]].token_hash == token_hash(token)
    page = admin_client.get(response["Location"]).content.decode()
    assert "3 people added to the roster" in page
    assert "2 emails queued" in page


def test_a_good_xlsx_imports_like_a_csv(admin_client, cast, cycle):
    data = _xlsx(
        [
            ["Email", "Staff ID", "School", "Hire date"],
            ["ana@example.org", 10234, "Alder Elementary", dt.datetime(2019, 8, 15)],
            [None, 10377.0, "birch", "2020-01-06"],
        ]
    )
    response = _upload(admin_client, cycle, data, name="staff.xlsx")
    assert response.status_code == 302
    ana = RosterEntry.objects.get(email="ana@example.org")
    assert (ana.staff_id, ana.hire_date) == ("10234", dt.date(2019, 8, 15))
    assert RosterEntry.objects.get(staff_id="10377").school == cast.other_school
    assert Invitation.objects.filter(cycle=cycle).count() == 2
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_importing_again_updates_people_and_invites_nobody_twice(admin_client, cast, cycle):
    _upload(admin_client, cycle, _csv("ana@example.org,10234,alder,,teacher,,,"))
    _upload(admin_client, cycle, _csv("ana@example.org,10234,birch,,coach,,,"))
    entry = RosterEntry.objects.get()
    assert (entry.school, entry.role) == (cast.other_school, "coach")
    assert Invitation.objects.filter(cycle=cycle).count() == 1
    assert len(mail.outbox) == 1


def test_a_known_person_is_matched_by_staff_id_and_gets_their_new_email(cast, cycle):
    RosterEntryFactory(district=cast.district, school=cast.school, staff_id="77", email="")
    rows, errors = _check(cast, _csv("new@example.org,77,alder,,,,,"))
    assert errors == []
    result = roster_import(cycle=cycle, rows=rows)
    assert (result.created, result.updated) == (0, 1)
    assert RosterEntry.objects.get().email == "new@example.org"


def test_a_closed_cycle_takes_no_roster(admin_client, cast, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
    cycle.refresh_from_db()
    response = _upload(admin_client, cycle, _csv("ana@example.org,,alder,,,,,"))
    assert response.status_code == 302
    assert not RosterEntry.objects.exists()
    rows, _ = _check(cast, _csv("ana@example.org,,alder,,,,,"))
    with pytest.raises(CycleClosedError):
        roster_import(cycle=cycle, rows=rows)


def test_the_template_has_the_header_and_two_example_rows(admin_client):
    response = admin_client.get(reverse("surveys:manage_roster_template"))
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 3
    assert roster_template_csv().splitlines() == lines


def test_the_roster_page_links_the_template_and_labels_the_upload(admin_client, cycle):
    page = admin_client.get(reverse("surveys:manage_roster", args=[cycle.pk])).content.decode()
    assert reverse("surveys:manage_roster_template") in page
    assert '<label for="id_file">' in page


# --- all or nothing -----------------------------------------------------------------


def test_one_bad_row_rejects_the_whole_file_naming_file_row_and_column(admin_client, cast, cycle):
    before = (RosterEntry.objects.count(), Invitation.objects.count())
    data = _csv(
        "ana@example.org,,alder,,,,,",
        "ben@example.org,,birch,,,,,",
        "",  # a blank line is skipped but still counted
        "cy@example.org,,Alderr,,,,,",
    )
    response = _upload(admin_client, cycle, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "staff.csv, row 5, column &#x27;school&#x27;: no school named &#x27;Alderr&#x27; in this district"
        in page
    )
    assert "Nothing was imported: 1 problem" in page
    assert (RosterEntry.objects.count(), Invitation.objects.count()) == before
    assert mail.outbox == []


def test_every_problem_is_reported_not_just_the_first(cast, cycle):
    _rows, errors = _check(
        cast,
        _csv(
            "not-an-email,,alder,,,,,",
            ",,alder,,,,,",
            "c@example.org,,,,,,,",
            "d@example.org,,alder,Nope,,,,",
            "e@example.org,,alder,,,,08/15/2020,",
            "f@example.org,,alder,,,,2020-02-30,",
            "g@example.org,,alder,,,,,fr",
            "h@example.org," + "9" * 65 + ",alder,,,,,",
        ),
    )
    assert [str(e) for e in errors] == [
        "staff.csv, row 2, column 'email': 'not-an-email' is not an email address",
        "staff.csv, row 3, column 'email': no email and no staff id: give at least one",
        "staff.csv, row 4, column 'school': no school given",
        "staff.csv, row 5, column 'team': no team named 'Nope' in this district",
        "staff.csv, row 6, column 'hire_date': '08/15/2020' is not a date written YYYY-MM-DD",
        "staff.csv, row 7, column 'hire_date': '2020-02-30' is not a date written YYYY-MM-DD",
        "staff.csv, row 8, column 'language': 'fr' is not one of en, es",
        "staff.csv, row 9, column 'staff_id': is longer than 64 characters",
    ]
    assert all(isinstance(e, InputFileError) for e in errors)


def test_a_team_of_another_school_is_refused(cast, cycle):
    TeamFactory(district=cast.district, school=cast.other_school, name="Science")
    TeamFactory(district=cast.district, school=None, name="Transport")
    _, errors = _check(
        cast, _csv("a@example.org,,alder,Science,,,,", "b@example.org,,alder,transport,,,,")
    )
    assert [str(e) for e in errors] == [
        "staff.csv, row 2, column 'team': team 'Science' belongs to another school"
    ]


def test_duplicate_people_in_one_file_are_errors_naming_both_rows(admin_client, cast, cycle):
    data = _csv(
        "ana@example.org,1,alder,,,,,",
        "ben@example.org,2,alder,,,,,",
        "ANA@example.org,3,birch,,,,,",
        "cy@example.org,2,birch,,,,,",
    )
    _, errors = _check(cast, data)
    assert [str(e) for e in errors] == [
        "staff.csv, row 4, column 'email': 'ANA@example.org' is already in row 2",
        "staff.csv, row 5, column 'staff_id': '2' is already in row 3",
    ]
    _upload(admin_client, cycle, data)
    assert not RosterEntry.objects.exists()
    assert not Invitation.objects.exists()


def test_two_rows_that_are_one_known_person_are_duplicates(cast):
    RosterEntryFactory(
        district=cast.district, school=cast.school, staff_id="77", email="ana@example.org"
    )
    _, errors = _check(cast, _csv(",77,alder,,,,,", "ana@example.org,,alder,,,,,"))
    assert [str(e) for e in errors] == [
        "staff.csv, row 3, column 'email': this person (already on the roster) is also in row 2"
    ]


def test_an_email_of_someone_else_on_the_roster_is_refused(cast):
    RosterEntryFactory(district=cast.district, school=cast.school, staff_id="1", email="a@x.org")
    RosterEntryFactory(district=cast.district, school=cast.school, staff_id="2", email="b@x.org")
    _, errors = _check(cast, _csv("b@x.org,1,alder,,,,,"))
    assert [str(e) for e in errors] == [
        "staff.csv, row 2, column 'email': 'b@x.org' belongs to another person on the roster"
    ]


def test_schools_of_another_district_are_unknown(cast):
    _, errors = _check(cast, _csv("a@example.org,,elsewhere-school,,,,,"))
    assert "no school named 'elsewhere-school' in this district" in str(errors[0])


# --- problems with the whole file ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("staff.txt", b"email,school\r\n", "staff.txt: unsupported file type .txt; use .csv or .xlsx"),
        ("staff.csv", b"", "staff.csv, row 1: has no header: row 1 must name the columns"),
        ("staff.csv", b"email,school\r\n", "staff.csv: has a header but no people"),
        ("staff.csv", b"email\r\na@x.org\r\n", "staff.csv: no column 'school'"),
        ("staff.csv", b"school,role\r\nalder,t\r\n", "staff.csv: no column 'email' nor 'staff_id' (one of them is needed)"),
        ("staff.csv", b"email,school,name\r\n", "staff.csv, row 1, column 'name': unknown column; the columns are email, staff_id, school, team, role, grade_band, hire_date, language"),
        ("staff.csv", b"email,school,Email\r\n", "staff.csv, row 1, column 'email': the header names this column twice"),
        ("staff.csv", b"email,school\r\na@x.org,alder,extra\r\n", "staff.csv, row 2: expected 2 fields as in the header, found 3"),
        ("staff.csv", "email,school\r\né@x.org,alder\r\n".encode("latin-1"), "staff.csv: is not UTF-8 text; save it as CSV UTF-8"),
        ("staff.xlsx", b"not a workbook", "staff.xlsx: cannot be read as an XLSX workbook"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_used_is_named_with_its_problem(name, data, message):
    with pytest.raises(InputFileError) as caught:
        read_roster_file(name, data)
    assert str(caught.value) == message


def test_a_whole_file_problem_is_shown_and_nothing_imported(admin_client, cast, cycle):
    response = _upload(admin_client, cycle, b"email\r\na@x.org\r\n")
    assert "staff.csv: no column &#x27;school&#x27;" in response.content.decode()
    assert not RosterEntry.objects.exists()


def test_xlsx_rows_are_numbered_as_the_spreadsheet_shows_them(cast):
    data = _xlsx(
        [["email", "school"], ["a@example.org", "alder"], [], ["b@example.org", "Nowhere"]]
    )
    _, errors = _check(cast, data, name="staff.xlsx")
    assert [str(e) for e in errors] == [
        "staff.xlsx, row 4, column 'school': no school named 'Nowhere' in this district"
    ]


def test_a_quoted_line_break_stays_in_its_row(cast):
    data = b'email,school,role\r\na@example.org,alder,"two\r\nlines"\r\nb@example.org,Nowhere,\r\n'
    _, errors = _check(cast, data)
    assert [e.row for e in errors] == [3]


def test_a_byte_order_mark_and_spaced_headers_are_accepted(cast):
    data = "\ufeffEmail , Staff ID,School\r\na@example.org,5, Alder Elementary \r\n".encode()
    rows, errors = _check(cast, data)
    assert errors == []
    assert (rows[0].email, rows[0].staff_id, rows[0].school_id) == (
        "a@example.org",
        "5",
        cast.school.pk,
    )
