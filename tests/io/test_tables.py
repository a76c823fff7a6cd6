"""Reading district data files against a spec: typed columns, and errors that say where."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from staffroom.io import InputFileError
from staffroom.io.tables import Column, RowCheck, TableSpec, read_table, split_list, template_csv

SPEC = TableSpec(
    kind="sample",
    title="Sample",
    description="A file for the tests.",
    columns=(
        Column("staff_id", "text", max_length=6),
        Column("days_absent", "number", minimum=0),
        Column("count", "int", required=False, minimum=1),
        Column("start", "date"),
        Column("sent_at", "datetime", required=False),
        Column("present", "bool", required=False),
        Column("channel", "choice", required=False, choices=("email", "call")),
        Column("note", "text", required=False),
    ),
    example_rows=({"staff_id": "T1", "days_absent": "2", "start": "2025-09-01"},),
    unique=("staff_id", "start"),
    checks=(RowCheck("count", "is too many", lambda f: f["count"] > 100),),
)

HEADER = "staff_id,days_absent,count,start,sent_at,present,channel,note"


def _csv(tmp_path: Path, text: str, name: str = "absences.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(source, spec=SPEC, **kwargs) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_table(source, spec, **kwargs)
    return caught.value


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# ------------------------------------------------------------------------------ reading


def test_it_returns_typed_columns_indexed_by_file_row(tmp_path):
    path = _csv(
        tmp_path,
        HEADER + "\nT1,1.5,3,2025-09-01,2025-09-02 08:15,yes,Email,hello\nT2,0,,9/15/2025,,No,,\n",
    )

    frame = read_table(path, SPEC)

    assert frame.index.tolist() == [2, 3]
    assert frame.index.name == "row"
    assert frame["staff_id"].dtype == "string"
    assert frame["days_absent"].tolist() == [1.5, 0.0]
    assert frame["count"].dtype == "Int64"
    assert frame["count"].isna().tolist() == [False, True]
    assert frame["start"].tolist() == [pd.Timestamp("2025-09-01"), pd.Timestamp("2025-09-15")]
    assert frame["sent_at"].iloc[0] == pd.Timestamp("2025-09-02 08:15")
    assert pd.isna(frame["sent_at"].iloc[1])
    assert frame["present"].tolist() == [True, False]
    assert frame["channel"].tolist()[0] == "email"  # spelled as the spec spells it
    assert pd.isna(frame["channel"].iloc[1])
    assert pd.isna(frame["note"].iloc[1])


@pytest.mark.parametrize(
    ("word", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("no", False), ("0", False)],
)
def test_bool_cells_read_yes_no_true_false_one_zero(tmp_path, word, expected):
    frame = read_table(_csv(tmp_path, f"{HEADER}\nT1,0,,2025-09-01,,{word},,\n"), SPEC)

    assert bool(frame["present"].iloc[0]) is expected


def test_it_reads_a_byte_order_mark_and_matches_headers_ignoring_case_and_spaces(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf Staff_ID ,DAYS_absent,Start\r\nT1,2,2025-09-01\r\n")

    frame = read_table(path, SPEC)

    assert frame["staff_id"].tolist() == ["T1"]
    assert frame["days_absent"].tolist() == [2.0]


def test_absent_optional_columns_are_all_missing(tmp_path):
    frame = read_table(_csv(tmp_path, "staff_id,days_absent,start\nT1,2,2025-09-01\n"), SPEC)

    assert list(frame.columns) == [c.name for c in SPEC.columns]
    assert frame["note"].isna().all()
    assert frame["present"].isna().all()


def test_a_date_column_drops_a_time_of_day_written_after_the_date(tmp_path):
    path = _csv(
        tmp_path, "staff_id,days_absent,start\nT1,1,2025-09-01 00:00:00\nT2,1,2025-09-02 14:30\n"
    )

    frame = read_table(path, SPEC)

    assert frame["start"].tolist() == [pd.Timestamp("2025-09-01"), pd.Timestamp("2025-09-02")]


def test_blank_rows_are_skipped_and_later_rows_keep_their_numbers(tmp_path):
    path = _csv(tmp_path, "staff_id,days_absent,start\nT1,2,2025-09-01\n\n,,\nT2,-1,2025-09-01\n")

    error = _error(path)

    assert error.row == 5


def test_na_reads_as_a_blank_cell(tmp_path):
    frame = read_table(
        _csv(tmp_path, "staff_id,days_absent,start,note\nT1,2,2025-09-01,NA\n"), SPEC
    )

    assert pd.isna(frame["note"].iloc[0])


def test_a_quoted_line_break_counts_as_one_spreadsheet_row(tmp_path):
    path = _csv(
        tmp_path,
        'staff_id,days_absent,start,note\nT1,2,2025-09-01,"two\nlines"\nT2,x,2025-09-01,\n',
    )

    assert _error(path).row == 3


def test_it_reads_an_upload_stream_by_its_name(tmp_path):
    stream = io.BytesIO(b"staff_id,days_absent,start\nT1,2,2025-09-01\n")

    frame = read_table(stream, SPEC, name="upload.csv")

    assert frame["staff_id"].tolist() == ["T1"]


def test_an_upload_without_a_name_is_told_apart_by_its_content(tmp_path):
    path = _xlsx(
        tmp_path / "x.xlsx", [["staff_id", "days_absent", "start"], ["T1", 2, "2025-09-01"]]
    )

    frame = read_table(io.BytesIO(path.read_bytes()), SPEC)

    assert frame["staff_id"].tolist() == ["T1"]


# ------------------------------------------------------------------------------ XLSX


def test_xlsx_cells_read_as_their_csv_text(tmp_path):
    path = _xlsx(
        tmp_path / "absences.xlsx",
        [
            ["staff_id", "days_absent", "count", "start", "sent_at", "present"],
            [1001, 2.0, 3, datetime(2025, 9, 1), datetime(2025, 9, 2, 8, 15), True],
            [None, None, None, None, None, None],
            ["T2", 0.5, None, date(2025, 9, 3), None, "no"],
        ],
    )

    frame = read_table(path, SPEC)

    assert frame.index.tolist() == [2, 4]
    assert frame["staff_id"].tolist() == ["1001", "T2"]
    assert frame["days_absent"].tolist() == [2.0, 0.5]
    assert frame["start"].tolist() == [pd.Timestamp("2025-09-01"), pd.Timestamp("2025-09-03")]
    assert frame["sent_at"].iloc[0] == pd.Timestamp("2025-09-02 08:15")
    assert frame["present"].tolist() == [True, False]


def test_an_xlsx_formula_without_a_saved_result_is_named(tmp_path):
    path = _xlsx(
        tmp_path / "absences.xlsx",
        [["staff_id", "days_absent", "start"], ["T1", "=1+1", "2025-09-01"]],
    )

    error = _error(path)

    assert (error.path, error.row, error.column) == ("absences.xlsx", 2, "days_absent")
    assert "formula" in error.problem


def test_an_xlsx_problem_names_the_spreadsheet_row_counting_blank_rows(tmp_path):
    path = _xlsx(
        tmp_path / "absences.xlsx",
        [["staff_id", "days_absent", "start"], ["T1", 1, "2025-09-01"], [], [], ["T2", -2, "x"]],
    )

    error = _error(path)

    assert str(error) == (
        "absences.xlsx, row 5, column 'days_absent': '-2' is not a number of 0 or more"
    )


def test_an_old_xls_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0rest")

    assert ".xlsx" in _error(path).problem


def test_a_damaged_xlsx_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04not a zip")

    assert "XLSX" in _error(path).problem


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("T1,-2,,2025-09-01", "days_absent", "'-2' is not a number of 0 or more"),
        ("T1,two,,2025-09-01", "days_absent", "'two' is not a number of 0 or more"),
        ("T1,1,2.5,2025-09-01", "count", "'2.5' is not a whole number of 1 or more"),
        ("T1,1,0,2025-09-01", "count", "'0' is not a whole number of 1 or more"),
        ("T1,1,,2025-02-30", "start", "'2025-02-30' is not a date (write YYYY-MM-DD)"),
        ("T1,1,,31/12/2025", "start", "'31/12/2025' is not a date (write YYYY-MM-DD)"),
        ("T1,1,,", "start", "is blank; this column is required"),
        ("T1234567,1,,2025-09-01", "staff_id", "is longer than 6 characters"),
        ("T1,1,200,2025-09-01", "count", "is too many"),
    ],
)
def test_a_bad_cell_names_file_row_and_column(tmp_path, row, column, message):
    path = _csv(tmp_path, f"staff_id,days_absent,count,start\nT0,1,,2025-09-01\n{row}\n")

    error = _error(path)

    assert str(error) == f"absences.csv, row 3, column {column!r}: {message}"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("present", "maybe", "'maybe' is not yes or no"),
        ("channel", "fax", "'fax' is not one of: email, call"),
        ("sent_at", "2025-09-01 25:00", "is not a date and time"),
    ],
)
def test_bad_bool_choice_and_datetime_cells_are_named(tmp_path, column, value, message):
    path = _csv(tmp_path, f"staff_id,days_absent,start,{column}\nT1,1,2025-09-01,{value}\n")

    error = _error(path)

    assert (error.row, error.column) == (2, column)
    assert message in error.problem


def test_the_first_problem_in_file_order_is_reported(tmp_path):
    path = _csv(tmp_path, "staff_id,days_absent,start\nT1,1,bad\nT2,-1,2025-09-01\n,x,x\n")

    error = _error(path)

    assert (error.row, error.column) == (2, "start")


def test_a_missing_required_column_is_named(tmp_path):
    error = _error(_csv(tmp_path, "staff_id,days_absent\nT1,1\n"))

    assert error.column == "start"
    assert error.row is None
    assert "required" in error.problem


def test_an_unknown_column_is_named_with_the_columns_allowed(tmp_path):
    error = _error(_csv(tmp_path, "staff_id,days_absent,start,shoe_size\nT1,1,2025-09-01,9\n"))

    assert (error.row, error.column) == (1, "shoe_size")
    assert "staff_id, days_absent" in error.problem


def test_a_repeated_header_is_named(tmp_path):
    error = _error(_csv(tmp_path, "staff_id,days_absent,start,Start\nT1,1,2025-09-01,x\n"))

    assert (error.row, error.column) == (1, "Start")


def test_unnamed_empty_columns_are_ignored_but_unnamed_values_are_not(tmp_path):
    assert len(
        read_table(_csv(tmp_path, "staff_id,days_absent,start,,\nT1,1,2025-09-01,,\n"), SPEC)
    )

    error = _error(_csv(tmp_path, "staff_id,days_absent,start,\nT1,1,2025-09-01,x\n"))

    assert "no name" in error.problem


def test_a_duplicate_key_names_both_rows(tmp_path):
    path = _csv(
        tmp_path,
        "staff_id,days_absent,start\nT1,1,2025-09-01\nT2,1,2025-09-01\nT1,3,2025-09-01\n",
    )

    error = _error(path)

    assert error.row == 4
    assert "repeats row 2" in error.problem
    assert "staff_id 'T1'" in error.problem
    assert "start 2025-09-01" in error.problem


def test_unique_if_filled_ignores_blanks(tmp_path):
    spec = TableSpec(
        kind="t",
        title="T",
        description="",
        columns=(Column("id", "text"), Column("email", "text", required=False)),
        example_rows=(),
        unique_if_filled=("email",),
    )
    ok = read_table(_csv(tmp_path, "id,email\n1,\n2,\n3,a@b.org\n"), spec)
    assert len(ok) == 3

    error = _error(_csv(tmp_path, "id,email\n1,a@b.org\n2,\n3,a@b.org\n"), spec)

    assert (error.row, error.column) == (4, "email")
    assert "repeats row 2" in error.problem


def test_too_many_values_in_a_row_is_named(tmp_path):
    error = _error(
        _csv(tmp_path, "staff_id,days_absent,start\nT1,1,2025-09-01\nT2,1,2025-09-01,x\n")
    )

    assert error.row == 3
    assert "header names 3 columns" in error.problem


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    assert _error(path).problem == "is empty"


def test_a_header_without_rows_is_refused_unless_the_spec_allows_it(tmp_path):
    path = _csv(tmp_path, "staff_id,days_absent,start\n")
    assert _error(path).problem == "has a header but no rows"

    allowing = TableSpec(
        kind=SPEC.kind,
        title=SPEC.title,
        description=SPEC.description,
        columns=SPEC.columns,
        example_rows=SPEC.example_rows,
        allow_empty=True,
    )
    frame = read_table(path, allowing)
    assert frame.empty
    assert list(frame.columns) == list(SPEC.names)


def test_text_that_is_not_utf8_is_refused_with_advice(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("staff_id,days_absent,start\nJosé,1,2025-09-01\n".encode("latin-1"))

    assert "UTF-8" in _error(path).problem


def test_a_missing_file_is_named(tmp_path):
    assert _error(tmp_path / "nowhere.csv").problem == "no such file"


def test_an_unsupported_suffix_is_refused(tmp_path):
    path = _csv(tmp_path, "x", name="data.json")

    assert "unsupported" in _error(path).problem


def test_the_name_argument_is_used_in_messages(tmp_path):
    path = _csv(tmp_path, "staff_id,days_absent,start\nT1,-1,2025-09-01\n", name="tmpab12.csv")

    assert _error(path, name="absences.csv").path == "absences.csv"


def test_extra_columns_are_kept_as_text_when_the_spec_allows_them(tmp_path):
    spec = TableSpec(
        kind="people",
        title="People",
        description="",
        columns=(Column("person", "text"),),
        example_rows=(),
        extra_columns=True,
    )

    frame = read_table(_csv(tmp_path, "Person,Role,Team\nA,teacher,\nB,,g3\n"), spec)

    assert list(frame.columns) == ["person", "Role", "Team"]
    assert frame["Role"].isna().tolist() == [False, True]


# ------------------------------------------------------------------------------ helpers


def test_template_csv_is_the_header_and_examples_and_reads_back():
    text = template_csv(SPEC)

    assert text.splitlines()[0] == HEADER
    frame = read_table(io.BytesIO(text.encode()), SPEC, name="template.csv")
    assert frame["staff_id"].tolist() == ["T1"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("a; b ;;c", ("a", "b", "c")), ("", ()), (None, ()), (pd.NA, ()), ("solo", ("solo",))],
)
def test_split_list(cell, expected):
    assert split_list(cell) == expected


def test_trailing_commas_beyond_the_header_are_ignored(tmp_path):
    path = _csv(tmp_path, "staff_id,days_absent,start\nT1,1,2025-09-01,\nT2,2,2025-09-02,,\n")

    frame = read_table(path, SPEC)

    assert frame["staff_id"].tolist() == ["T1", "T2"]
    assert frame["days_absent"].tolist() == [1.0, 2.0]


def test_a_short_row_has_blank_cells(tmp_path):
    error = _error(_csv(tmp_path, "staff_id,days_absent,start\nT1,1\n"))

    assert (error.row, error.column) == (2, "start")
