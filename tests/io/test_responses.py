"""Reading responses files: the same frame from every format, and errors that say where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from staffroom.analysis import (
    InvalidAnswerError,
    InvalidParameterError,
    MissingColumnError,
    ScaleSpec,
)
from staffroom.io import MISSING_TOKENS, SUFFIXES, InputFileError, ResponsesFile, read_responses
from staffroom.io.responses import ResponsesFile as ResponsesFileFromModule

HEADER = ["school", "role", "Q1", "Q2", "note"]
ROWS: list[list[object]] = [
    ["007", "teacher", 1, 4, "fine"],
    ["007", None, 2, None, None],
    ["010", "support", None, 5, "ok"],
    ["1.50", "teacher", 5, 1, None],
]
"""Four respondents; None is a blank cell. "007" and "1.50" must stay as written."""

ITEMS = ["Q1", "Q2"]
TEXT = ["school", "role"]


def _csv_cell(value: object) -> str:
    return "" if value is None else str(value)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    lines = [",".join(header)] + [",".join(_csv_cell(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_parquet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    columns = {}
    for j, name in enumerate(header):
        values = [row[j] for row in rows]
        is_text = any(isinstance(v, str) for v in values) or name in TEXT
        columns[name] = pa.array(values, type=pa.string() if is_text else pa.float64())
    pq.write_table(pa.table(columns), path)
    return path


WRITERS: dict[str, Callable[[Path, list[str], list[list[object]]], Path]] = {
    ".csv": write_csv,
    ".xlsx": write_xlsx,
    ".parquet": write_parquet,
}


def _write(tmp_path: Path, suffix: str, header=HEADER, rows=ROWS) -> Path:
    return WRITERS[suffix](tmp_path / f"responses{suffix}", header, rows)


def _read(path: Path, columns=ITEMS, text_columns=TEXT) -> ResponsesFile:
    return read_responses(path, columns=columns, text_columns=text_columns)


def _error(path: Path, columns=ITEMS, text_columns=TEXT) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        _read(path, columns, text_columns)
    return caught.value


EXPECTED = pd.DataFrame(
    {
        "school": pd.array(["007", "007", "010", "1.50"], dtype="string"),
        "role": pd.array(["teacher", None, "support", "teacher"], dtype="string"),
        "Q1": [1.0, 2.0, np.nan, 5.0],
        "Q2": [4.0, np.nan, 5.0, 1.0],
    }
)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_format_reads_the_same_frame(tmp_path, suffix):
    loaded = _read(_write(tmp_path, suffix))

    pd.testing.assert_frame_equal(loaded.frame, EXPECTED)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_it_reads_only_the_needed_columns_text_columns_first(tmp_path, suffix):
    loaded = _read(_write(tmp_path, suffix), columns=["Q2"], text_columns=["school"])

    assert list(loaded.frame.columns) == ["school", "Q2"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_group_and_breakdown_columns_are_read_as_text(tmp_path, suffix):
    frame = _read(_write(tmp_path, suffix)).frame

    assert isinstance(frame["school"].dtype, pd.StringDtype)
    assert isinstance(frame["role"].dtype, pd.StringDtype)
    assert frame["school"].tolist() == ["007", "007", "010", "1.50"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_numbers_in_a_group_column_are_read_as_their_text(tmp_path, suffix):
    path = tmp_path / f"numbers{suffix}"
    if suffix == ".parquet":  # a Parquet writer may well store the school as an integer
        pq.write_table(pa.table({"school": [7, 12], "Q1": [1, 2]}), path)
    else:
        WRITERS[suffix](path, ["school", "Q1"], [[7, 1], [12, 2]])

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert frame["school"].tolist() == ["7", "12"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_file_position_maps_to_its_row_number(tmp_path, suffix):
    loaded = _read(_write(tmp_path, suffix))

    expected_first = 1 if suffix == ".parquet" else 2
    assert loaded.first_row == expected_first
    assert loaded.row_of(0) == expected_first
    assert loaded.row_of(3) == expected_first + 3
    assert loaded.path == str(tmp_path / f"responses{suffix}")


@pytest.mark.parametrize("token", MISSING_TOKENS)
def test_csv_missing_tokens_are_missing_answers_and_missing_groups(tmp_path, token):
    path = tmp_path / "missing.csv"
    path.write_text(f"school,role,Q1\nA,{token},{token}\nB,teacher,3\n", encoding="utf-8")

    frame = read_responses(path, columns=["Q1"], text_columns=["school", "role"]).frame

    assert frame["Q1"].isna().tolist() == [True, False]
    assert frame["role"].isna().tolist() == [True, False]


@pytest.mark.parametrize("token", ["NA", "N/A"])
def test_xlsx_missing_tokens_are_missing(tmp_path, token):
    path = write_xlsx(tmp_path / "missing.xlsx", ["school", "Q1"], [[token, token], ["B", 3]])

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert frame["Q1"].isna().tolist() == [True, False]
    assert frame["school"].isna().tolist() == [True, False]


def test_other_text_in_an_item_column_is_kept_for_the_analysis_to_reject(tmp_path):
    path = tmp_path / "text.csv"
    path.write_text("school,Q1\nA,1\nB,often\nC,\n", encoding="utf-8")

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert frame["Q1"].iloc[1] == "often"
    assert frame["Q1"].isna().tolist() == [False, False, True]


def test_it_reads_a_csv_saved_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbfschool,Q1\r\nA,1\r\nB,2\r\n")

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert frame["school"].tolist() == ["A", "B"]
    assert frame["Q1"].tolist() == [1, 2]


def test_it_reads_quoted_commas_and_quotes(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text('school,Q1\n"Elm, North",1\n"The ""Oak""",2\n', encoding="utf-8")

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert frame["school"].tolist() == ["Elm, North", 'The "Oak"']


def test_unnamed_empty_columns_left_by_a_spreadsheet_are_ignored(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("school,Q1,,\nA,1,,\nB,2,,\n", encoding="utf-8")

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert frame["Q1"].tolist() == [1, 2]


def test_it_reads_a_large_csv_whose_comments_span_lines(tmp_path):
    # bigger than the CSV reader's block size, so a quoted line break meets a block edge
    rows = (
        f'S{i % 40},"Comment {i}, first line.\nSecond line of comment {i}.",{1 + i % 5}'
        for i in range(30_000)
    )
    path = tmp_path / "comments.csv"
    path.write_text("school,comment,Q1\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1_500_000  # the block size is 1 MiB

    frame = read_responses(path, columns=["Q1"], text_columns=["school"]).frame

    assert len(frame) == 30_000
    assert frame["Q1"].tolist()[:6] == [1, 2, 3, 4, 5, 1]
    assert frame["school"].iloc[-1] == f"S{29_999 % 40}"


def test_the_suffix_is_matched_without_regard_to_case(tmp_path):
    path = write_csv(tmp_path / "SHOUTY.CSV", ["school", "Q1"], [["A", 1]])

    assert read_responses(path, columns=["Q1"], text_columns=["school"]).frame["Q1"].tolist() == [1]


def test_responses_file_is_exported_from_the_io_package():
    assert ResponsesFile is ResponsesFileFromModule


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_missing_file_is_named(tmp_path, suffix):
    path = tmp_path / f"absent{suffix}"

    error = _error(path)

    assert (error.path, error.problem, error.row, error.column) == (
        str(path),
        "no such file",
        None,
        None,
    )


@pytest.mark.parametrize(("name", "shown"), [("answers.txt", ".txt"), ("answers", "(none)")])
def test_an_unsupported_suffix_is_named(tmp_path, name, shown):
    path = tmp_path / name
    path.write_text("school,Q1\nA,1\n", encoding="utf-8")

    error = _error(path)

    assert error.path == str(path)
    assert error.problem.startswith(f"unsupported file type {shown}; use .csv, .xlsx, .parquet")


def test_an_empty_csv_is_named(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    assert str(_error(path)) == f"{path}: is empty"


def test_an_empty_workbook_is_named(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)

    assert str(_error(path)) == f"{path}: is empty"


def test_an_empty_parquet_file_is_named(tmp_path):
    path = tmp_path / "empty.parquet"
    path.write_bytes(b"")

    error = _error(path)

    assert error.path == str(path)
    assert error.problem.startswith("cannot be read as Parquet")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_header_with_no_responses_is_named(tmp_path, suffix):
    path = _write(tmp_path, suffix, rows=[])
    if suffix == ".parquet":
        schema = pa.schema([(name, pa.string()) for name in HEADER])
        pq.write_table(schema.empty_table(), path)

    assert str(_error(path)) == f"{path}: has a header but no responses"


def test_a_csv_header_without_a_final_line_break_has_no_responses(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("school,role,Q1,Q2", encoding="utf-8")

    assert str(_error(path)) == f"{path}: has a header but no responses"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_column_named_twice_in_the_header_is_named_at_row_1(tmp_path, suffix):
    header = ["school", "role", "Q1", "Q2", "Q1"]
    rows = [["A", "t", 1, 2, 3]]
    path = WRITERS[suffix](tmp_path / f"twice{suffix}", header, rows)
    if suffix == ".parquet":
        arrays = [pa.array(["A"]), pa.array(["t"])] + [pa.array([float(v)]) for v in (1, 2, 3)]
        pq.write_table(pa.Table.from_arrays(arrays, names=header), path)

    error = _error(path)

    assert (error.row, error.column) == (1, "Q1")
    assert str(error) == f"{path}, row 1, column 'Q1': the header names this column twice"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_missing_needed_column_is_named(tmp_path, suffix):
    path = _write(tmp_path, suffix)

    error = _error(path, columns=["Q1", "Q2", "Q3"])

    assert str(error) == f"{path}: no column 'Q3'"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_missing_group_column_is_named_with_the_others_missing(tmp_path, suffix):
    path = _write(tmp_path, suffix)

    error = _error(path, columns=["Q1", "Q7"], text_columns=["district"])

    assert error.path == str(path)
    assert error.problem == "no column 'district' (nor 'Q7')"


@pytest.mark.parametrize(
    ("text", "row", "fields"),
    [
        ("school,Q1\nA,1\nB,2,3\nC,4\n", 3, 3),
        ("school,Q1\nA,1\nB,2\nC\n", 4, 1),
        ("school,Q1\r\nA,1\r\nB,2\r\nC,3,4\r\n", 4, 3),
        # a quoted line break does not make a new row in a spreadsheet
        ('school,Q1,note\nA,1,"two\nlines"\nB,2,x,extra\n', 3, 4),
    ],
)
def test_a_ragged_csv_row_is_named_by_its_row_number(tmp_path, text, row, fields):
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    width = len(text.split("\n", 1)[0].split(","))

    error = _error(path, columns=["Q1"], text_columns=["school"])

    assert error.row == row
    assert str(error) == (
        f"{path}, row {row}: expected {width} fields as in the header, found {fields}"
    )


@pytest.mark.parametrize(
    "content",
    [
        "school,Q1\nCafé,1\n".encode("latin-1"),
        "colegio,Q1\nA,1\n".encode("utf-16"),
        "school,Q1\nA,1\nB,2\nNiño,3\n".encode("cp1252"),
    ],
)
def test_a_csv_that_is_not_utf8_is_named(tmp_path, content):
    path = tmp_path / "latin.csv"
    path.write_bytes(content)

    error = _error(path, columns=["Q1"], text_columns=["school"])

    assert str(error) == f"{path}: is not UTF-8 text; save it as CSV UTF-8"


@pytest.mark.parametrize("content", [b"not a workbook at all", b"PK\x03\x04 half a zip"])
def test_a_corrupt_workbook_is_named(tmp_path, content):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)

    error = _error(path)

    assert error.path == str(path)
    assert error.problem.startswith("cannot be read as an XLSX workbook")


def test_a_truncated_workbook_is_named(tmp_path):
    good = _write(tmp_path, ".xlsx")
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(good.read_bytes()[:200])

    assert _error(path).problem.startswith("cannot be read as an XLSX workbook")


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_corrupt_parquet_file_is_named(tmp_path, how):
    path = tmp_path / "broken.parquet"
    if how == "garbage":
        path.write_bytes(b"PAR1 this is not a parquet file PAR1")
    else:
        good = _write(tmp_path, ".parquet")
        path.write_bytes(good.read_bytes()[:-20])

    error = _error(path)

    assert error.path == str(path)
    assert error.problem.startswith("cannot be read as Parquet")


def test_a_csv_the_system_refuses_to_open_is_named_as_the_input(tmp_path, monkeypatch):
    path = _write(tmp_path, ".csv")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)

    error = _error(path)

    assert str(error) == f"{path}: cannot be read (Permission denied)"


# --------------------------------------------------------------------------- explain


@pytest.mark.parametrize(("suffix", "offset"), [(".csv", 2), (".xlsx", 2), (".parquet", 1)])
@pytest.mark.parametrize("position", [0, 3])
def test_explain_maps_a_bad_answer_to_the_file_row(tmp_path, suffix, offset, position):
    loaded = _read(_write(tmp_path, suffix))

    error = loaded.explain(InvalidAnswerError("Q2", position, 6, 1, 5))

    assert (error.path, error.row, error.column) == (loaded.path, position + offset, "Q2")
    assert str(error) == (
        f"{loaded.path}, row {position + offset}, column 'Q2': "
        "answer 6 is not a whole number from 1 to 5"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (np.int64(6), "6"),
        (np.float64(6.0), "6"),
        (np.float64(2.5), "2.5"),
        (-1, "-1"),
        ("often", "'often'"),
    ],
)
def test_explain_shows_the_answer_as_written_not_as_a_numpy_repr(value, shown):
    loaded = ResponsesFile("answers.csv", pd.DataFrame({"Q1": [1]}), first_row=2)

    error = loaded.explain(InvalidAnswerError("Q1", 0, value, 1, 5))

    assert error.problem == f"answer {shown} is not a whole number from 1 to 5"


def test_explain_names_a_missing_column_and_its_role():
    loaded = ResponsesFile("answers.csv", pd.DataFrame({"Q1": [1]}), first_row=2)

    error = loaded.explain(MissingColumnError("school", "group column"))

    assert (error.row, error.column) == (None, None)
    assert str(error) == "answers.csv: no column 'school' (group column)"


def test_explain_passes_other_analysis_errors_through_with_the_file_name():
    loaded = ResponsesFile("answers.csv", pd.DataFrame({"Q1": [1]}), first_row=2)

    error = loaded.explain(InvalidParameterError("min_n 2 is below the floor of 3"))

    assert str(error) == "answers.csv: min_n 2 is below the floor of 3"


@pytest.mark.parametrize(("suffix", "offset"), [(".csv", 2), (".xlsx", 2), (".parquet", 1)])
def test_a_real_bad_answer_is_explained_at_the_row_a_person_sees(tmp_path, suffix, offset):
    from staffroom.analysis import validate_answers

    rows = [list(row) for row in ROWS]
    rows[2][3] = 9  # third respondent, Q2
    loaded = _read(_write(tmp_path, suffix, rows=rows))

    with pytest.raises(InvalidAnswerError) as caught:
        validate_answers(loaded.frame, [ScaleSpec("s", ("Q1", "Q2"), 1, 5)])
    error = loaded.explain(caught.value)

    assert (error.row, error.column) == (2 + offset, "Q2")
    assert "answer 9 is not a whole number from 1 to 5" in str(error)


# --------------------------------------------------------------------------- the error type


def test_input_file_error_names_what_it_knows():
    assert str(InputFileError("a.csv", "broken")) == "a.csv: broken"
    assert str(InputFileError("a.csv", "broken", row=4)) == "a.csv, row 4: broken"
    assert (
        str(InputFileError("a.csv", "broken", row=4, column="Q1"))
        == "a.csv, row 4, column 'Q1': broken"
    )
    assert str(InputFileError("a.csv", "broken", column="Q1")) == "a.csv, column 'Q1': broken"
    assert isinstance(InputFileError("a.csv", "x"), ValueError)


def test_row_numbers_count_blank_lines_like_a_spreadsheet(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("school,Q1\nA,1\n\nA,2\n\nA,9\n", encoding="utf-8")
    loaded = read_responses(path, columns=["Q1"], text_columns=["school"])
    assert len(loaded.frame) == 3
    assert loaded.row_of(0) == 2
    assert loaded.row_of(1) == 4
    assert loaded.row_of(2) == 6
