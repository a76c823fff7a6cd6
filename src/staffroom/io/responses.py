"""Reading survey responses from CSV, XLSX or Parquet into a DataFrame.

Only the columns the analysis needs are read (fast and lean on state-scale files).
Group and demographic columns are read as text, so "007" stays "007". Missing
answers are empty cells (or ``NA``/``N/A``). Every problem is reported as an
``InputFileError`` naming the file, row and column.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from staffroom.analysis.exceptions import AnalysisError, InvalidAnswerError, MissingColumnError
from staffroom.io.errors import InputFileError

__all__ = ["MISSING_TOKENS", "SUFFIXES", "ResponsesFile", "read_responses"]

MISSING_TOKENS = ("", "NA", "N/A")
"""Cell values read as a missing answer."""

SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass(frozen=True)
class ResponsesFile:
    """Responses read from a file, with the mapping back to the file's row numbers."""

    path: str
    frame: pd.DataFrame
    first_row: int
    """File row number of the first data row (2 below a header row, 1 in Parquet)."""
    skips_blank_rows: bool = False
    """True for CSV, whose reader skips blank lines: row numbers must count them."""

    def row_of(self, position: int) -> int:
        """The file row number of the data row at 0-based ``position``."""
        if self.skips_blank_rows:
            return _csv_row_of(Path(self.path), position)
        return self.first_row + position

    def explain(self, error: AnalysisError) -> InputFileError:
        """Restate an analysis input error in terms of this file's rows and columns."""
        if isinstance(error, InvalidAnswerError):
            return InputFileError(
                self.path,
                f"answer {_shown(error.value)} is not a whole number "
                f"from {error.low} to {error.high}",
                row=self.row_of(error.position),
                column=error.column,
            )
        if isinstance(error, MissingColumnError):
            return InputFileError(self.path, f"no column {error.column!r} ({error.role})")
        return InputFileError(self.path, str(error))


def _shown(value: object) -> str:
    """A cell value as a person would write it: 6, 2.5 or 'often' (not np.int64(6))."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value) if isinstance(value, str) else str(value)


def _check_columns(path: str, header: Sequence[str], needed: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen and name.strip():  # spreadsheets often save unnamed empty columns
            raise InputFileError(path, "the header names this column twice", row=1, column=name)
        seen.add(name)
    missing = [name for name in needed if name not in seen]
    if missing:
        raise InputFileError(
            path,
            f"no column {missing[0]!r}"
            + (f" (nor {', '.join(repr(m) for m in missing[1:4])})" if len(missing) > 1 else ""),
        )


def _csv_row_of(path: Path, position: int) -> int:
    """The spreadsheet row number (header = 1, blank rows counted, a quoted line break
    inside a value not counted) of the ``position``-th data record. Used only to word
    an error, so reading the file again is fine."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        seen = -1
        for number, row in enumerate(reader, start=2):
            seen += bool(row)
            if seen == position:
                return number
    return position + 2


def _first_bad_csv_row(path: Path) -> InputFileError:
    """Find where a CSV file breaks (used only after the fast reader has failed)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            width = len(header or [])
            # count records, not lines: a quoted value may span several lines
            responses = 0
            for number, row in enumerate(reader, start=2):
                if row and len(row) != width:
                    return InputFileError(
                        str(path),
                        f"expected {width} fields as in the header, found {len(row)}",
                        row=number,
                    )
                responses += bool(row)
            if not responses:  # a header with no line break after it
                return InputFileError(str(path), "has a header but no responses")
    except UnicodeDecodeError:
        return InputFileError(str(path), "is not UTF-8 text; save it as CSV UTF-8")
    except csv.Error as exc:
        return InputFileError(str(path), f"is not valid CSV ({exc})")
    return InputFileError(str(path), "could not be read as CSV")


def _read_csv(path: Path, needed: Sequence[str], text_columns: Sequence[str]) -> ResponsesFile:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), "is not UTF-8 text; save it as CSV UTF-8") from exc
    except OSError as exc:
        raise InputFileError(str(path), f"cannot be read ({exc.strerror})") from exc
    if not header:
        raise InputFileError(str(path), "is empty")
    _check_columns(str(path), header, needed)
    try:
        table = pa_csv.read_csv(
            path,
            # open-text answers (comments) often span lines inside quotes
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(needed),
                column_types={name: pa.string() for name in text_columns},
                null_values=list(MISSING_TOKENS),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise _first_bad_csv_row(path) from exc
    except OSError as exc:
        raise InputFileError(str(path), f"cannot be read ({exc.strerror})") from exc
    return ResponsesFile(
        str(path), _to_frame(table, text_columns), first_row=2, skips_blank_rows=True
    )


def _to_frame(table: pa.Table, text_columns: Sequence[str]) -> pd.DataFrame:
    """Convert to pandas, releasing each Arrow column as it is converted, so a large
    file is not held twice (one block per column; items are used column by column)."""
    frame: pd.DataFrame = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    for name in text_columns:
        frame[name] = frame[name].astype("string")
    return frame


def _read_xlsx(path: Path, needed: Sequence[str], text_columns: Sequence[str]) -> ResponsesFile:
    try:
        # pandas renames a repeated header ("Q1", "Q1.1"), so check the header row as written
        first = pd.read_excel(path, sheet_name=0, engine="openpyxl", header=None, nrows=1)
        frame = pd.read_excel(
            path,
            sheet_name=0,
            engine="openpyxl",
            dtype={name: "string" for name in text_columns},
            na_values=list(MISSING_TOKENS),
            keep_default_na=False,
        )
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise InputFileError(str(path), f"cannot be read as an XLSX workbook ({exc})") from exc
    if frame.columns.size == 0:
        raise InputFileError(str(path), "is empty")
    _check_columns(str(path), [str(c) for c in first.iloc[0] if pd.notna(c)], needed)
    header = [str(c) for c in frame.columns]
    frame.columns = pd.Index(header)
    return ResponsesFile(str(path), frame[list(needed)], first_row=2)


def _read_parquet(path: Path, needed: Sequence[str], text_columns: Sequence[str]) -> ResponsesFile:
    try:
        schema = pq.read_schema(path)
        _check_columns(str(path), schema.names, needed)
        table = pq.read_table(path, columns=list(needed))
    except InputFileError:
        raise
    except (pa.ArrowException, OSError) as exc:
        raise InputFileError(str(path), f"cannot be read as Parquet ({exc})") from exc
    return ResponsesFile(str(path), _to_frame(table, text_columns), first_row=1)


def read_responses(
    path: str | Path, *, columns: Sequence[str], text_columns: Sequence[str] = ()
) -> ResponsesFile:
    """Read the named columns of a responses file (CSV, XLSX or Parquet).

    Parameters
    ----------
    path
        The file; its suffix picks the format.
    columns
        Every column the analysis needs; a missing one is an error naming it.
    text_columns
        Columns to read as text (group and demographic columns).
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(str(path), "no such file")
    suffix = path.suffix.lower()
    needed = list(dict.fromkeys([*text_columns, *columns]))
    if suffix == ".csv":
        loaded = _read_csv(path, needed, text_columns)
    elif suffix == ".xlsx":
        loaded = _read_xlsx(path, needed, text_columns)
    elif suffix == ".parquet":
        loaded = _read_parquet(path, needed, text_columns)
    else:
        raise InputFileError(
            str(path), f"unsupported file type {suffix or '(none)'}; use {', '.join(SUFFIXES)}"
        )
    if loaded.frame.empty:
        raise InputFileError(str(path), "has a header but no responses")
    return loaded
