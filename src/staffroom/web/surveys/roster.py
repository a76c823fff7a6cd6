"""Roster import: a CSV or XLSX file of staff becomes roster entries and invitations.

All or nothing. ``read_roster_file`` reads the cells with their row numbers (the
header is row 1, as a spreadsheet shows it); ``roster_rows_check`` checks every row
against a ``RosterDirectory`` (the district's schools, teams and roster, read once)
and returns every problem as an ``InputFileError`` naming the file, row and column.
Only a file without a single problem reaches ``roster_import``, which writes it all
in one transaction and queues the invitation emails.

Columns: ``email`` and/or ``staff_id`` (at least one per row), ``school`` (name or
slug), and optionally ``team``, ``role``, ``grade_band``, ``hire_date`` (YYYY-MM-DD)
and ``language`` (en or es).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from staffroom.io.errors import InputFileError
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.orgs.lookup import school_lookup
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import Cycle, Invitation
from staffroom.web.surveys.services import invitation_create

__all__ = [
    "COLUMNS",
    "LANGUAGES",
    "MAX_FILE_BYTES",
    "REQUIRED_COLUMNS",
    "CycleClosedError",
    "RosterDirectory",
    "RosterImport",
    "RosterRow",
    "read_roster_file",
    "roster_directory",
    "roster_error_text",
    "roster_import",
    "roster_rows_check",
    "roster_template_csv",
]

COLUMNS = ("email", "staff_id", "school", "team", "role", "grade_band", "hire_date", "language")
REQUIRED_COLUMNS = ("school",)
LANGUAGES = ("en", "es")
MAX_FILE_BYTES = 10 * 1024 * 1024
_MAX_LENGTH = {"staff_id": 64, "email": 254, "role": 40, "grade_band": 20}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_TEMPLATE_ROWS = (
    COLUMNS,
    ("ana.garcia@example.org", "10234", "Alder Elementary", "Grade 3", "teacher", "3-5",
     "2019-08-15", "es"),
    ("", "10377", "alder", "", "paraprofessional", "", "", "en"),
)  # fmt: skip


class CycleClosedError(Exception):
    """A closed cycle takes no new invitations."""


# --- reading ------------------------------------------------------------------------

Record = tuple[int, dict[str, str]]
"""A data row: its row number in the file and its cells by (normalised) column name."""


def _column_name(raw: object) -> str:
    """``Staff ID`` and ``staff-id`` are read as ``staff_id``."""
    return re.sub(r"[\s-]+", "_", str(raw if raw is not None else "").strip().lower())


def _header(name: str, cells: Sequence[object]) -> list[str]:
    header = [_column_name(c) for c in cells]
    seen: set[str] = set()
    for column in header:
        if not column:
            continue
        if column in seen:
            raise InputFileError(
                name, _("the header names this column twice"), row=1, column=column
            )
        if column not in COLUMNS:
            raise InputFileError(
                name,
                _("unknown column; the columns are %(columns)s") % {"columns": ", ".join(COLUMNS)},
                row=1,
                column=column,
            )
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            raise InputFileError(name, _("no column %(column)r") % {"column": column})
    if "email" not in seen and "staff_id" not in seen:
        raise InputFileError(name, _("no column 'email' nor 'staff_id' (one of them is needed)"))
    return header


def _records(name: str, rows: Iterable[tuple[int, Sequence[object]]]) -> list[Record]:
    """Cells by column for every non-blank row after the header (row 1)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None or not any(_cell(c) for c in first[1]):
        raise InputFileError(name, _("has no header: row 1 must name the columns"), row=1)
    header = _header(name, first[1])
    records: list[Record] = []
    for number, cells in iterator:
        values = [_cell(c) for c in cells]
        if not any(values):
            continue  # blank rows are skipped, but still counted
        extra = [v for v in values[len(header) :] if v]
        if extra:
            raise InputFileError(
                name,
                _("expected %(expected)d fields as in the header, found %(found)d")
                % {"expected": len(header), "found": len(values)},
                row=number,
            )
        records.append(
            (number, {col: values[i] if i < len(values) else "" for i, col in enumerate(header)})
        )
    if not records:
        raise InputFileError(name, _("has a header but no people"))
    return records


def _cell(value: object) -> str:
    """A cell as text: dates as YYYY-MM-DD, 10234.0 as 10234 (spreadsheets store
    staff ids as numbers), surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(name: str, data: bytes) -> Iterator[tuple[int, Sequence[object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(name, _("is not UTF-8 text; save it as CSV UTF-8")) from exc
    try:
        # One record per spreadsheet row: a blank line yields [], so numbering stays
        # right, and a line break inside quotes stays within its row.
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    except csv.Error as exc:
        raise InputFileError(name, _("is not valid CSV (%(problem)s)") % {"problem": exc}) from exc


def _xlsx_rows(name: str, data: bytes) -> list[tuple[int, Sequence[object]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # from row 1, with blank rows filled in, so numbers match the spreadsheet
            return list(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise InputFileError(name, _("cannot be read as an XLSX workbook")) from exc


def read_roster_file(name: str, data: bytes) -> list[Record]:
    """Read a roster file (``.csv`` or ``.xlsx``, by its name) into numbered records.

    Raises ``InputFileError`` for a problem with the whole file (format, header).
    """
    name = PurePath(name).name or "roster"
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(
            name, _("is larger than %(mb)d MB") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return _records(name, _csv_rows(name, data))
    if suffix == ".xlsx":
        return _records(name, _xlsx_rows(name, data))
    raise InputFileError(
        name,
        _("unsupported file type %(suffix)s; use .csv or .xlsx") % {"suffix": suffix or "(none)"},
    )


# --- checking -----------------------------------------------------------------------


@dataclass(frozen=True)
class RosterDirectory:
    """What checking a roster needs to know about the district, read once."""

    schools: dict[str, list[int]]
    """Lower-case school name and slug -> school ids."""
    teams: dict[str, list[tuple[int, int | None]]]
    """Lower-case team name -> (team id, its school id or None)."""
    entry_by_staff_id: dict[str, int] = field(default_factory=dict)
    entry_by_email: dict[str, int] = field(default_factory=dict)
    """Existing roster entries (ids) of the people named in the file."""


@dataclass(frozen=True)
class RosterRow:
    """One checked row, ready to write."""

    row: int
    email: str
    staff_id: str
    school_id: int
    team_id: int | None
    role: str
    grade_band: str
    hire_date: dt.date | None
    language: str
    entry_id: int | None
    """The roster entry this row updates (None: a new entry)."""

    @property
    def contact(self) -> str:
        """What the invitation keeps until the cycle closes: the email, else the id."""
        return self.email or self.staff_id


def roster_directory(district: District, records: Iterable[Record] = ()) -> RosterDirectory:
    """Schools, teams and the existing roster entries of the people in ``records``."""
    schools = school_lookup(district)
    teams: dict[str, list[tuple[int, int | None]]] = {}
    for pk, name, school_id in Team.objects.filter(district=district).values_list(
        "pk", "name", "school_id"
    ):
        teams.setdefault(name.strip().lower(), []).append((pk, school_id))
    records = list(records)
    staff_ids = {cells.get("staff_id", "") for _row, cells in records} - {""}
    emails = {cells.get("email", "").lower() for _row, cells in records} - {""}
    by_staff_id: dict[str, int] = {}
    by_email: dict[str, int] = {}
    if staff_ids or emails:
        existing = (
            RosterEntry.objects.filter(district=district)
            .annotate(email_lower=Lower("email"))
            .filter(Q(staff_id__in=staff_ids) | Q(email_lower__in=emails))
        )
        for pk, staff_id, email in existing.values_list("pk", "staff_id", "email"):
            if staff_id:
                by_staff_id[staff_id] = pk
            if email:
                by_email[email.lower()] = pk
    return RosterDirectory(schools, teams, by_staff_id, by_email)


def _one_row(
    name: str, number: int, cells: dict[str, str], directory: RosterDirectory
) -> tuple[RosterRow | None, list[InputFileError]]:
    errors: list[InputFileError] = []

    def fail(column: str, problem: str) -> None:
        errors.append(InputFileError(name, problem, row=number, column=column))

    for column, limit in _MAX_LENGTH.items():
        if len(cells.get(column, "")) > limit:
            fail(column, _("is longer than %(limit)d characters") % {"limit": limit})
    email = cells.get("email", "").lower()
    staff_id = cells.get("staff_id", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            fail("email", _("%(value)r is not an email address") % {"value": email})
    if not email and not staff_id:
        fail("email", _("no email and no staff id: give at least one"))

    school_name = cells.get("school", "")
    school_ids = directory.schools.get(school_name.lower(), [])
    school_id: int | None = None
    if not school_name:
        fail("school", _("no school given"))
    elif not school_ids:
        fail("school", _("no school named %(name)r in this district") % {"name": school_name})
    elif len(school_ids) > 1:
        fail(
            "school",
            _("more than one school is named %(name)r; use the school's slug")
            % {"name": school_name},
        )
    else:
        school_id = school_ids[0]

    team_id: int | None = None
    team_name = cells.get("team", "")
    if team_name:
        candidates = directory.teams.get(team_name.lower(), [])
        fitting = [pk for pk, team_school in candidates if team_school in {None, school_id}]
        if not candidates:
            fail("team", _("no team named %(name)r in this district") % {"name": team_name})
        elif school_id is not None and not fitting:
            fail("team", _("team %(name)r belongs to another school") % {"name": team_name})
        elif len(fitting) > 1:
            fail(
                "team",
                _("more than one team of this school is named %(name)r") % {"name": team_name},
            )
        elif fitting:
            team_id = fitting[0]

    hire_date: dt.date | None = None
    raw_date = cells.get("hire_date", "")
    if raw_date:
        try:
            if not _DATE.match(raw_date):
                raise ValueError(raw_date)
            hire_date = dt.date.fromisoformat(raw_date)
        except ValueError:
            fail("hire_date", _("%(value)r is not a date written YYYY-MM-DD") % {"value": raw_date})

    language = cells.get("language", "").lower() or "en"
    if language not in LANGUAGES:
        fail(
            "language",
            _("%(value)r is not one of %(choices)s")
            % {"value": language, "choices": ", ".join(LANGUAGES)},
        )

    by_id = directory.entry_by_staff_id.get(staff_id) if staff_id else None
    by_email = directory.entry_by_email.get(email) if email else None
    if by_id is not None and by_email is not None and by_id != by_email:
        fail("email", _("%(value)r belongs to another person on the roster") % {"value": email})

    if errors or school_id is None:
        return None, errors
    return (
        RosterRow(
            row=number,
            email=email,
            staff_id=staff_id,
            school_id=school_id,
            team_id=team_id,
            role=cells.get("role", ""),
            grade_band=cells.get("grade_band", ""),
            hire_date=hire_date,
            language=language,
            entry_id=by_id if by_id is not None else by_email,
        ),
        [],
    )


def roster_rows_check(
    name: str, records: Sequence[Record], directory: RosterDirectory
) -> tuple[list[RosterRow], list[InputFileError]]:
    """Check every row; return the checked rows and every problem found (in file
    order). The rows are only to be used when there are no problems at all."""
    rows: list[RosterRow] = []
    errors: list[InputFileError] = []
    first_seen: dict[tuple[str, str], int] = {}
    first_entry: dict[int, int] = {}
    for number, cells in records:
        row, row_errors = _one_row(name, number, cells, directory)
        for column in ("email", "staff_id"):
            value = cells.get(column, "")
            key = (column, value.lower() if column == "email" else value)
            if not value:
                continue
            if key in first_seen:
                row_errors.append(
                    InputFileError(
                        name,
                        _("%(value)r is already in row %(row)d")
                        % {"value": value, "row": first_seen[key]},
                        row=number,
                        column=column,
                    )
                )
            else:
                first_seen[key] = number
        if row is not None and row.entry_id is not None:
            if row.entry_id in first_entry:
                row_errors.append(
                    InputFileError(
                        name,
                        _("this person (already on the roster) is also in row %(row)d")
                        % {"row": first_entry[row.entry_id]},
                        row=number,
                        column="email" if row.email else "staff_id",
                    )
                )
            else:
                first_entry[row.entry_id] = number
        errors.extend(row_errors)
        if row is not None and not row_errors:
            rows.append(row)
    return rows, errors


def roster_error_text(error: InputFileError) -> str:
    """An error as shown on the page: like ``str(error)``, in the reader's language."""
    where = [error.path]
    if error.row is not None:
        where.append(_("row %(row)d") % {"row": error.row})
    if error.column is not None:
        where.append(_("column %(column)r") % {"column": error.column})
    return ", ".join(where) + ": " + error.problem


def roster_template_csv() -> str:
    """A CSV with the header and two example rows, to download and fill in."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_TEMPLATE_ROWS)
    return out.getvalue()


# --- writing ------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterImport:
    """What an import did: counts only."""

    created: int
    updated: int
    invited: int
    already_invited: int
    emails_queued: int


def roster_import(*, cycle: Cycle, rows: Sequence[RosterRow]) -> RosterImport:
    """Write checked rows in one transaction: create or update each roster entry, invite
    each person once to ``cycle`` (someone already invited is not invited twice), and
    queue the invitation emails (sent once the transaction commits)."""
    from staffroom.web.surveys.tasks import invitation_email_send

    if cycle.status == Cycle.CLOSED:
        raise CycleClosedError("a closed cycle takes no new invitations")
    created = updated = invited = already = queued = 0
    with transaction.atomic():
        contacts = set(
            Invitation.objects.filter(cycle=cycle)
            .exclude(contact="")
            .values_list("contact", flat=True)
        )
        entries = RosterEntry.objects.in_bulk([r.entry_id for r in rows if r.entry_id])
        schools = School.objects.in_bulk([r.school_id for r in rows])
        teams = Team.objects.in_bulk([r.team_id for r in rows if r.team_id])
        for row in rows:
            entry = entries.get(row.entry_id) if row.entry_id else None
            if entry is None:
                entry = RosterEntry(district_id=cycle.district_id)
                created += 1
            else:
                updated += 1
            entry.school_id = row.school_id
            entry.email = row.email or entry.email
            entry.staff_id = row.staff_id or entry.staff_id
            entry.role = row.role
            entry.grade_band = row.grade_band
            entry.hire_date = row.hire_date
            entry.save()
            if row.team_id:
                entry.teams.add(row.team_id)
            if {row.email, row.staff_id} & contacts:
                already += 1
                continue
            invitation, _ = invitation_create(
                cycle=cycle,
                contact=row.contact,
                school=schools[row.school_id],
                team=teams.get(row.team_id) if row.team_id else None,
                language=row.language,
            )
            contacts.add(row.contact)
            invited += 1
            if row.email:
                invitation_email_send.enqueue(invitation_id=invitation.pk)
                queued += 1
    return RosterImport(created, updated, invited, already, queued)
