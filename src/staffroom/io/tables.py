"""Reading the data files a district brings (rosters, absences, exits, ...) against a spec.

A ``TableSpec`` says which columns a file kind has, what each holds and which must be
filled in; ``read_table`` reads a CSV (UTF-8, with or without a byte-order mark) or XLSX
file, checks every row against the spec and returns a typed DataFrame, or raises one
``InputFileError`` naming the file, the row as a spreadsheet shows it (header = row 1)
and the column. Nothing is returned until every row has passed, so an import built on
it is all-or-nothing.

The returned frame's index is the file row number (named ``row``), so a later check
that spans files (an attendance row naming an event that is not in the events file)
can still point at the row a person has to fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
import pandas as pd

from staffroom.io.errors import InputFileError

__all__ = [
    "FALSE_WORDS",
    "LIST_SEPARATOR",
    "TRUE_WORDS",
    "Column",
    "ColumnKind",
    "RowCheck",
    "TableSpec",
    "read_table",
    "split_list",
    "template_csv",
]

ColumnKind = Literal["text", "int", "number", "date", "datetime", "bool", "choice"]

TRUE_WORDS = ("yes", "y", "true", "1")
"""Cell values read as yes in a ``bool`` column (compared without regard to case)."""

FALSE_WORDS = ("no", "n", "false", "0")
"""Cell values read as no in a ``bool`` column."""

LIST_SEPARATOR = ";"
"""Separator of several names in one cell (a person's teams, an event's schools)."""

_MISSING_WORDS = ("NA", "N/A")
"""Besides a blank cell, what reads as missing (as in responses files)."""

_XLSX_MAGIC = b"PK\x03\x04"
_OLD_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    ``minimum`` applies to ``int`` and ``number`` columns; ``choices`` to ``choice``
    columns (matched without regard to case, returned as spelled here); ``max_length``
    to text (the longest value the web application stores).
    """

    name: str
    kind: ColumnKind
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    help: str = ""
    max_length: int | None = None


@dataclass(frozen=True)
class RowCheck:
    """A rule across the columns of one row (for example an end date after its start).

    ``bad`` receives the typed frame and returns True for every row that breaks the
    rule; the error names the first such row, ``column`` and ``problem``.
    """

    column: str
    problem: str
    bad: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class TableSpec:
    """What one kind of data file holds.

    ``unique`` lists columns whose combination must not repeat (a blank is a value, so
    two school-level rows for the same school and period repeat); ``unique_if_filled``
    lists single columns whose filled-in values must not repeat (an email address).
    ``extra_columns`` lets a file carry columns the spec does not name (read as text).
    ``allow_empty`` accepts a file with a header and no rows (no one left this year).
    """

    kind: str
    title: str
    description: str
    columns: tuple[Column, ...]
    example_rows: tuple[Mapping[str, str], ...]
    unique: tuple[str, ...] = ()
    unique_if_filled: tuple[str, ...] = ()
    checks: tuple[RowCheck, ...] = ()
    extra_columns: bool = False
    allow_empty: bool = False
    _by_name: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    def column(self, name: str) -> Column:
        """The column named ``name``."""
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in the order a template lists them."""
        return tuple(c.name for c in self.columns)


def split_list(value: object) -> tuple[str, ...]:
    """The names in a ``;``-separated cell, trimmed, blanks dropped (missing: none)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ()
    return tuple(part.strip() for part in str(value).split(LIST_SEPARATOR) if part.strip())


def template_csv(spec: TableSpec) -> str:
    """The header and example rows of ``spec`` as CSV text (the template people download)."""
    names = list(spec.names)
    if spec.extra_columns:
        names += [k for example in spec.example_rows for k in example if k not in names]
        names = list(dict.fromkeys(names))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for example in spec.example_rows:
        writer.writerow([example.get(name, "") for name in names])
    return buffer.getvalue()


# ---------------------------------------------------------------------------- reading


def read_table(
    source: str | Path | BinaryIO, spec: TableSpec, *, name: str | None = None
) -> pd.DataFrame:
    """Read and check a data file of kind ``spec``; every row passes or nothing returns.

    Parameters
    ----------
    source
        A path, or an open binary file (an upload); CSV or XLSX, told apart by the file
        name's suffix or, failing that, by the content.
    spec
        What the file must hold.
    name
        The file name used in error messages (defaults to the path's name or the
        stream's ``name``).

    Returns
    -------
    pandas.DataFrame
        One column per spec column (an absent optional column is all missing), plus any
        extra columns the spec allows, typed: text and choice as ``string``, ``int`` as
        ``Int64``, ``number`` as float, ``date``/``datetime`` as ``datetime64``, ``bool``
        as ``boolean``. Blank cells are missing. The index is the file row number.

    Raises
    ------
    InputFileError
        The first problem in file order, naming the file, row and column.
    """
    label, data, suffix = _load(source, name)
    if suffix == ".xls" or data.startswith(_OLD_XLS_MAGIC):
        raise InputFileError(label, "is an old Excel (.xls) file; save it as .xlsx or CSV UTF-8")
    if suffix == ".xlsx" or (suffix != ".csv" and data.startswith(_XLSX_MAGIC)):
        header, cells = _xlsx_cells(label, data)
    elif suffix in (".csv", ".txt", ""):
        header, cells = _csv_cells(label, data)
    else:
        raise InputFileError(label, f"unsupported file type {suffix}; use .csv or .xlsx")
    return _typed(label, spec, header, cells)


def _load(source: str | Path | BinaryIO, name: str | None) -> tuple[str, bytes, str]:
    if isinstance(source, str | Path):
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise InputFileError(label, "no such file") from exc
        except OSError as exc:
            raise InputFileError(label, f"cannot be read ({exc.strerror})") from exc
        suffix_from = name or path.name
    else:
        stream_name = getattr(source, "name", None)
        label = name or (Path(stream_name).name if isinstance(stream_name, str) else "upload")
        data = source.read()
        suffix_from = label
    return label, data, Path(suffix_from).suffix.lower()


def _csv_cells(label: str, data: bytes) -> tuple[list[str], pd.DataFrame]:
    """Header and cells as text (blank = ""), the index being the spreadsheet row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(label, "is not UTF-8 text; save it as CSV UTF-8") from exc
    if not text.strip():
        raise InputFileError(label, "is empty")
    try:
        # header=None: the header line sets the width (no index column is guessed from a
        # row with a trailing comma); a longer row stops the fast reader
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            header=None,
            index_col=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, csv.Error):
        return _csv_cells_slowly(label, text)
    header = [str(v) for v in frame.iloc[0].fillna("")]
    frame = frame.iloc[1:]
    frame.columns = pd.Index([f"c{i}" for i in range(len(header))])
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    return header, frame.fillna("")


def _csv_cells_slowly(label: str, text: str) -> tuple[list[str], pd.DataFrame]:
    """The standard-library reader, for files whose rows are longer than the header:
    blank extra cells (trailing commas) are dropped, any other is an error."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputFileError(label, f"is not valid CSV ({exc})") from exc
    header, body = rows[0], rows[1:]
    width = len(header)
    for number, row in enumerate(body, start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise InputFileError(
                label, f"has {len(row)} values but the header names {width} columns", row=number
            )
    cells = [(row + [""] * width)[:width] for row in body]
    frame = pd.DataFrame(cells, columns=[f"c{i}" for i in range(width)], dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    return header, frame


def _cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_cells(label: str, data: bytes) -> tuple[list[str], pd.DataFrame]:
    import openpyxl

    try:
        # Formulas are read as written first; their saved results only if there are any.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        has_formula = any(isinstance(v, str) and v.startswith("=") for row in rows for v in row)
        saved: list[list[object]] = []
        if has_formula:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            saved = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise InputFileError(label, f"cannot be read as an XLSX workbook ({exc})") from exc
    if not rows or not any(v is not None for v in rows[0]):
        if not any(v is not None for row in rows for v in row):
            raise InputFileError(label, "is empty")
        raise InputFileError(label, "has no header in row 1", row=1)
    header = [_cell_text(v) for v in rows[0]]
    width = len(header)
    body: list[list[str]] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = []
        for j, value in enumerate(row[:width]):
            if isinstance(value, str) and value.startswith("="):
                computed = saved[number - 1][j] if number - 1 < len(saved) else None
                if computed is None:
                    raise InputFileError(
                        label,
                        f"holds the formula {value!r} with no saved result; open the file in a "
                        "spreadsheet and save it again, or paste the values",
                        row=number,
                        column=header[j],
                    )
                value = computed
            cells.append(_cell_text(value))
        cells.extend([""] * (width - len(cells)))
        if any(_cell_text(v) for v in row[width:]):
            raise InputFileError(
                label, f"has values beyond the {width} columns the header names", row=number
            )
        body.append(cells)
    frame = pd.DataFrame(body, columns=[f"c{i}" for i in range(width)], dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    return header, frame


# ---------------------------------------------------------------------------- checking


def _match_columns(
    label: str, spec: TableSpec, header: Sequence[str], cells: pd.DataFrame
) -> dict[str, str]:
    """Map each spec column (and allowed extra column) to its cell column ``c<i>``."""
    found: dict[str, str] = {}
    shown: dict[str, str] = {}
    known = {c.name.lower(): c.name for c in spec.columns}
    for i, raw in enumerate(header):
        written = raw.strip()
        key = written.lower()
        if not key:
            if (cells[f"c{i}"].str.strip() != "").any():
                raise InputFileError(
                    label, f"column {i + 1} has values but no name in the header", row=1
                )
            continue  # spreadsheets often save unnamed empty columns
        if key in shown:
            raise InputFileError(label, "the header names this column twice", row=1, column=written)
        shown[key] = written
        if key in known:
            found[known[key]] = f"c{i}"
        elif spec.extra_columns:
            found[written] = f"c{i}"
        else:
            raise InputFileError(
                label,
                f"unknown column; a {spec.title.lower()} file has the columns "
                + ", ".join(spec.names),
                row=1,
                column=written,
            )
    missing = [c.name for c in spec.columns if c.required and c.name not in found]
    if missing:
        raise InputFileError(
            label,
            "no such column, and it is required"
            + (f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""),
            column=missing[0],
        )
    return found


@dataclass
class _Problems:
    """The first problem found so far, in file order (row, then column order)."""

    label: str
    best: tuple[int, int, str, str] | None = None

    def add(self, mask: pd.Series, order: int, column: str, problem: Callable[[int], str]) -> None:
        if not mask.any():
            return
        row = _first_true(mask)
        if self.best is None or (row, order) < self.best[:2]:
            self.best = (row, order, column, problem(row))

    def raise_first(self) -> None:
        if self.best is not None:
            row, _, column, problem = self.best
            raise InputFileError(self.label, problem, row=row, column=column)


def _number_problem(column: Column, whole: bool) -> str:
    what = "a whole number" if whole else "a number"
    if column.minimum is not None:
        low = int(column.minimum) if float(column.minimum).is_integer() else column.minimum
        return f"{what} of {low} or more"
    return what


def _parse_dates(text: pd.Series, with_time: bool) -> pd.Series:
    """Dates written YYYY-MM-DD or M/D/YYYY (as US spreadsheets export them), with a
    time of day after them in a date-and-time column (a date column drops one)."""
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    formats = [
        "%m/%d/%Y",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S.%f",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
    ]
    for fmt in formats:
        left = parsed.isna() & (text != "")
        if not left.any():
            break
        parsed = parsed.where(~left, pd.to_datetime(text.where(left), format=fmt, errors="coerce"))
    parsed = parsed.astype("datetime64[ns]")
    return parsed if with_time else parsed.dt.normalize()


def _convert(
    label: str, column: Column, text: pd.Series, order: int, problems: _Problems
) -> pd.Series:
    blank = text == ""
    if column.required:
        problems.add(blank, order, column.name, lambda _: "is blank; this column is required")
    filled = ~blank

    def report(bad: pd.Series, what: str) -> None:
        problems.add(
            bad & filled,
            order,
            column.name,
            lambda row: f"{text.at[row]!r} is not {what}",
        )

    if column.kind in ("text", "choice"):
        if column.kind == "choice":
            canonical = {c.lower(): c for c in column.choices}
            lowered = text.str.lower()
            report(~lowered.isin(list(canonical)), "one of: " + ", ".join(column.choices))
            values = lowered.map(canonical)
        else:
            values = text
            if column.max_length is not None:
                problems.add(
                    text.str.len() > column.max_length,
                    order,
                    column.name,
                    lambda _: f"is longer than {column.max_length} characters",
                )
        return values.where(filled).astype("string")
    if column.kind in ("int", "number"):
        whole = column.kind == "int"
        numbers = pd.to_numeric(text, errors="coerce").astype(np.float64)
        bad = numbers.isna() | ~np.isfinite(numbers.fillna(0.0))
        if whole:
            bad |= numbers.fillna(0.0) % 1 != 0
        if column.minimum is not None:
            bad |= numbers.fillna(column.minimum) < column.minimum
        report(bad, _number_problem(column, whole))
        numbers = numbers.where(filled)
        return numbers.astype("Int64") if whole and not (bad & filled).any() else numbers
    if column.kind in ("date", "datetime"):
        with_time = column.kind == "datetime"
        parsed = _parse_dates(text, with_time)
        shape = "YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"
        report(parsed.isna(), f"a {'date and time' if with_time else 'date'} (write {shape})")
        return parsed
    # bool
    lowered = text.str.lower()
    yes = lowered.isin(TRUE_WORDS)
    report(~(yes | lowered.isin(FALSE_WORDS)), "yes or no")
    return yes.astype("boolean").where(filled, pd.NA)


def _first_repeat(
    label: str, frame: pd.DataFrame, columns: Sequence[str], *, skip_blank: bool
) -> InputFileError | None:
    keys = frame[list(columns)]
    if skip_blank:
        keys = keys[keys.notna().all(axis=1)]
    if keys.empty:
        return None
    # blanks are values too: compare on text with a marker for missing
    as_text = keys.astype("string").fillna("\x00")
    repeated = as_text.duplicated(keep="first")
    if not repeated.any():
        return None
    row = _first_true(repeated)
    same = (as_text == as_text.loc[row]).all(axis=1)
    first = _first_true(same)
    blank = keys.loc[row].isna()
    values = ", ".join(f"{c} {'(blank)' if blank[c] else _shown(keys.at[row, c])}" for c in columns)
    return InputFileError(
        label,
        f"repeats row {first} (the same {values}); each must appear once",
        row=row,
        column=columns[0] if len(columns) == 1 else None,
    )


def _first_true(mask: pd.Series) -> int:
    """The row number (index label) of the first True in ``mask``."""
    return int(mask.index.to_numpy()[int(np.argmax(mask.to_numpy()))])


def _fixed(problem: str) -> Callable[[int], str]:
    return lambda _row: problem


def _shown(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else str(value)
    return repr(str(value))


def _typed(label: str, spec: TableSpec, header: list[str], cells: pd.DataFrame) -> pd.DataFrame:
    cells = cells.apply(lambda s: s.astype(str).str.strip())
    cells = cells.mask(cells.isin(_MISSING_WORDS), "")
    # blank rows are skipped, the rows after them keep their numbers
    cells = cells[(cells != "").any(axis=1)] if cells.shape[1] else cells.iloc[0:0]
    found = _match_columns(label, spec, header, cells)
    if cells.empty and not spec.allow_empty:
        raise InputFileError(label, "has a header but no rows")
    problems = _Problems(label)
    columns: dict[str, pd.Series] = {}
    order = {name: i for i, name in enumerate(found)}
    for column in spec.columns:
        if column.name in found:
            text = cells[found[column.name]]
            columns[column.name] = _convert(label, column, text, order[column.name], problems)
        else:
            columns[column.name] = _convert(
                label, column, pd.Series("", index=cells.index), 0, _Problems(label)
            )
    for extra, source in found.items():
        if extra not in columns:
            columns[extra] = cells[source].where(cells[source] != "").astype("string")
    problems.raise_first()
    frame = pd.DataFrame(columns, index=cells.index)
    frame.index.name = "row"
    for check in spec.checks:
        bad = check.bad(frame).fillna(False).astype(bool)
        problems.add(bad, order.get(check.column, 0), check.column, _fixed(check.problem))
    problems.raise_first()
    if spec.unique:
        error = _first_repeat(label, frame, spec.unique, skip_blank=False)
        if error is not None:
            raise error
    for name in spec.unique_if_filled:
        error = _first_repeat(label, frame, [name], skip_blank=True)
        if error is not None:
            raise error
    return frame
