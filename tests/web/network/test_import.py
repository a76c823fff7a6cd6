"""Importing ties: all or nothing, every problem named by file, row and column, people
matched by staff id or email within the district (a coach: their schools only)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from staffroom.web.accounts.models import User
from staffroom.web.network.models import Tie
from tests.web.factories import RosterEntryFactory
from tests.web.network.conftest import MapWorld

pytestmark = pytest.mark.django_db

HEADER = "source,target,type,directed,weight,observed_on\n"


def _post(user: User, text: str, name: str = "ties.csv"):
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("network:import"), {"file": upload})


def test_a_good_file_is_imported_whole(mapped: MapWorld):
    before = Tie.objects.count()
    text = HEADER + (
        "A01,A12,advice,yes,2,2026-10-01\n"
        "a02,A12,sit_together,,,\n"  # staff ids match without regard to case
        "A03,D1,major_project,no,,10/02/2026\n"  # district-office staff, US dates
        f"{mapped.alder[3].email.upper()},A12,gathering,,,\n"  # email works too
    )
    response = _post(mapped.cast.admin, text)
    assert response.status_code == 302
    assert Tie.objects.count() == before + 4
    advice = Tie.objects.get(type="advice", target=mapped.alder[11])
    assert advice.directed is True
    assert advice.weight == 2.0
    assert str(advice.observed_on) == "2026-10-01"
    assert Tie.objects.get(type="sit_together").directed is False


def test_importing_the_same_file_twice_adds_nothing_the_second_time(mapped: MapWorld):
    text = HEADER + "A01,A12,advice,yes,,2026-10-01\n"
    _post(mapped.cast.admin, text)
    count = Tie.objects.count()
    response = _post(mapped.cast.admin, text)
    assert response.status_code == 302
    assert Tie.objects.count() == count


def test_unknown_people_are_all_named_and_nothing_is_saved(mapped: MapWorld):
    before = Tie.objects.count()
    text = HEADER + "A01,A02,advice,,,\nA01,NOBODY,advice,,,\nGHOST,A02,social,,,\n"
    response = _post(mapped.cast.admin, text)
    html = response.content.decode()
    assert response.status_code == 200
    assert Tie.objects.count() == before
    assert "Nothing was imported: 2 problems" in html
    assert "ties.csv, row 3, column &#x27;target&#x27;: no one with the staff id or email" in html
    assert "ties.csv, row 4, column &#x27;source&#x27;" in html
    assert "NOBODY" in html
    assert "GHOST" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "A01,A02,advice,,,\nA01,A03,lunch,,,\n", "row 3, column &#x27;type&#x27;"),
        (HEADER + "A01,A02,advice,maybe,,\n", "row 2, column &#x27;directed&#x27;"),
        (HEADER + "A01,A02,advice,,-1,\n", "row 2, column &#x27;weight&#x27;"),
        (HEADER + "A01,A02,advice,,,2026-13-45\n", "row 2, column &#x27;observed_on&#x27;"),
        (HEADER + "A01,A01,advice,,,\n", "row 2, column &#x27;target&#x27;"),
        ("source,type\nA01,advice\n", "column &#x27;target&#x27;"),
        (HEADER + "A01,A02,advice,,,\nA01,A02,advice,,,\n", "row 3"),
        (HEADER + "A01,A02,advice,,,,extra\n", "row 2"),
    ],
)
def test_malformed_files_are_rejected_whole(mapped: MapWorld, text: str, expected: str):
    before = Tie.objects.count()
    response = _post(mapped.cast.admin, text)
    html = response.content.decode()
    assert response.status_code == 200
    assert Tie.objects.count() == before
    assert "Nothing was imported" in html
    assert f"ties.csv, {expected}" in html


def test_a_coach_may_name_only_people_of_their_schools(mapped: MapWorld):
    RosterEntryFactory(
        district=mapped.cast.district, school=mapped.cast.other_school, staff_id="B99"
    )
    before = Tie.objects.count()
    response = _post(mapped.cast.coach, HEADER + "A01,B99,advice,,,\nA01,D1,advice,,,\n")
    html = response.content.decode()
    assert Tie.objects.count() == before
    assert "your schools&#x27; rosters" in html
    assert "B99" in html
    assert "D1" in html
    assert _post(mapped.cast.coach, HEADER + "A01,A02,advice,,,\n").status_code == 302


def test_people_of_another_district_are_unknown(mapped: MapWorld, cast):
    RosterEntryFactory(district=cast.outsider.district, school=None, staff_id="X1")
    response = _post(mapped.cast.admin, HEADER + "A01,X1,advice,,,\n")
    assert "no one with the staff id or email &#x27;X1&#x27;" in response.content.decode()


def test_the_template_downloads(mapped: MapWorld):
    client = Client()
    client.force_login(mapped.cast.admin)
    response = client.get(reverse("network:template"))
    assert response["Content-Type"] == "text/csv"
    assert response.content.decode().startswith("source,target,type,directed,weight,observed_on")


def test_the_tie_types_match_the_file_spec():
    from staffroom.io.sources import TIE_TYPES

    assert tuple(value for value, _label in Tie.TYPES) == TIE_TYPES


def test_the_import_page_says_how_people_are_matched(mapped: MapWorld):
    client = Client()
    client.force_login(mapped.cast.coach)
    html = client.get(reverse("network:import")).content.decode()
    assert "rosters of the schools you coach" in html
    assert "their staff id, or their email, as on the roster" in html
