"""The file kinds a district brings: every template reads back, and each kind's own rules."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from staffroom.io import InputFileError
from staffroom.io.sources import SOURCES, TIE_TYPES
from staffroom.io.tables import read_table, template_csv

KINDS = [
    "roster",
    "absences",
    "exits",
    "pl_events",
    "pl_attendance",
    "practice_observations",
    "district_requests",
    "meetings",
    "ties",
    "people",
]


def _read(kind: str, text: str) -> pd.DataFrame:
    return read_table(io.BytesIO(text.encode()), SOURCES[kind], name=f"{kind}.csv")


def _error(kind: str, text: str) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        _read(kind, text)
    return caught.value


def test_every_kind_the_brief_names_has_a_spec():
    assert sorted(SOURCES) == sorted(KINDS)
    assert all(spec.kind == kind for kind, spec in SOURCES.items())


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_reads_back_without_error(kind):
    frame = _read(kind, template_csv(SOURCES[kind]))

    assert len(frame) == len(SOURCES[kind].example_rows)


@pytest.mark.parametrize("kind", KINDS)
def test_every_column_has_help_in_plain_words(kind):
    spec = SOURCES[kind]

    assert spec.description
    assert all(column.help for column in spec.columns)


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_fills_every_required_column(kind):
    spec = SOURCES[kind]
    required = [c.name for c in spec.columns if c.required]

    for example in spec.example_rows:
        assert all(example.get(name) for name in required), (kind, example)


ABSENCE_HEADER = "period_start,period_end,school,staff_id,staff_count,work_days,days_absent\n"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("2025-09-30,2025-09-01,A,T1,,21,1", "period_end", "before period_start"),
        ("2025-09-01,2025-09-30,A,,,21,1", "staff_count", "needs the number of staff"),
        ("2025-09-01,2025-09-30,A,T1,3,21,1", "staff_count", "should be blank"),
        ("2025-09-01,2025-09-30,A,T1,,0,0", "work_days", "more than 0"),
        ("2025-09-01,2025-09-30,A,T1,,21,22", "days_absent", "more than the working days"),
        ("2025-09-01,2025-09-30,A,,2,21,43", "days_absent", "more than the working days"),
    ],
)
def test_absence_rows_are_checked_across_columns(row, column, words):
    error = _error("absences", ABSENCE_HEADER + row + "\n")

    assert (error.row, error.column) == (2, column)
    assert words in error.problem


def test_two_school_rows_for_the_same_school_and_period_repeat():
    error = _error(
        "absences",
        ABSENCE_HEADER + "2025-09-01,2025-09-30,A,,10,21,3\n2025-09-01,2025-09-30,A,,10,21,4\n",
    )

    assert error.row == 3
    assert "repeats row 2" in error.problem
    assert "staff_id (blank)" in error.problem


def test_an_exits_file_with_no_rows_means_no_one_left():
    assert _read("exits", "staff_id,school,exit_date,reason\n").empty


def test_an_unknown_exit_reason_lists_the_reasons():
    error = _error("exits", "school,exit_date,reason\nA,2026-06-01,bored\n")

    assert error.column == "reason"
    assert "moved_within_district" in error.problem


def test_roster_emails_must_look_like_addresses_and_not_repeat():
    header = "staff_id,school,email,role,grade_band,hire_date\n"
    bad = _error("roster", header + "T1,A,not-an-address,teacher,K-2,2020-08-01\n")
    assert (bad.row, bad.column) == (2, "email")

    twice = _error(
        "roster",
        header + "T1,A,a@x.org,teacher,K-2,2020-08-01\nT2,A,a@x.org,teacher,K-2,2020-08-01\n",
    )
    assert (twice.row, twice.column) == (3, "email")


def test_roster_staff_ids_do_not_repeat():
    header = "staff_id,school,role,grade_band,hire_date\n"
    error = _error("roster", header + "T1,A,teacher,K-2,2020-08-01\nT1,B,teacher,K-2,2021-08-01\n")

    assert (error.row, error.column) == (3, "staff_id")


def test_attendance_rows_need_a_person_or_a_count():
    error = _error("pl_attendance", "event_id,school,staff_id,attendees\nE1,A,,\n")

    assert (error.row, error.column) == (2, "attendees")


def test_a_request_cannot_be_answered_before_it_was_sent():
    error = _error(
        "district_requests",
        "request_id,school,channel,sent_at,answered_at\nR1,A,Email,2025-10-02 09:00,2025-10-01\n",
    )

    assert (error.row, error.column) == (2, "answered_at")


def test_an_absent_member_cannot_have_spoken():
    error = _error("meetings", "meeting_id,date,staff_id,present,turns\nM1,2025-10-01,T1,no,3\n")

    assert (error.row, error.column) == (2, "turns")


def test_a_tie_needs_two_people_and_a_known_type():
    same = _error("ties", "source,target,type\nA,A,advice\n")
    assert (same.row, same.column) == (2, "target")

    unknown = _error("ties", "source,target,type\nA,B,friends\n")
    assert unknown.column == "type"
    assert all(t in unknown.problem for t in TIE_TYPES)


def test_people_files_keep_any_attribute_columns():
    frame = _read("people", "person,role,Years in school\nA,teacher,3\n")

    assert frame.loc[2, "Years in school"] == "3"


DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-files.md"


@pytest.mark.parametrize("kind", KINDS)
def test_docs_data_files_shows_every_column_and_the_current_template(kind):
    text = DOCS.read_text(encoding="utf-8")
    spec = SOURCES[kind]

    assert f"## `{kind}`" in text
    missing = [c.name for c in spec.columns if f"| `{c.name}` |" not in text]
    assert not missing, f"{kind}: columns not in docs/data-files.md: {missing}"
    assert template_csv(spec).replace("\r\n", "\n") in text, f"{kind}: template is out of date"
