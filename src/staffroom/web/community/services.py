"""Importing the district's data files: all or nothing, every problem named by row and column.

``community_file_import`` reads an upload with ``staffroom.io.tables.read_table`` against
its ``staffroom.io.sources.SOURCES`` spec (which checks the cells of every row and stops at
the first problem), then checks what only the database knows (the school exists, the staff
id is on the roster, the event was imported) for every row, collecting all such problems.
Only a file without a single problem is written, in one transaction; otherwise
``ImportRejectedError`` carries every problem and nothing is written.

What an upload replaces (so a corrected file can simply be uploaded again):

* ``roster``: each person (by staff id) is created or updated; their memberships of
  their school's teams become those the file lists (a team not yet known is created at
  the person's school); blank optional cells leave what is stored;
* ``absences``: the records of the same school, person (or whole school) and period start;
* ``exits``: the exits of the file's schools between its first and last exit date;
* ``pl_events`` / ``district_requests`` / ``meetings``: the event, request or meeting with
  the same id (a meeting's member rows are replaced by the file's);
* ``pl_attendance``: the attendance of each event and school the file names;
* ``practice_observations``: the observations of the same practice, school and day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pandas as pd
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from staffroom.io.errors import InputFileError
from staffroom.io.sources import SOURCES
from staffroom.io.tables import read_table, split_list
from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.community.models import (
    AbsenceRecord,
    DataImport,
    DistrictRequest,
    LearningAttendance,
    LearningEvent,
    Meeting,
    MeetingAttendance,
    Practice,
    PracticeObservation,
    StaffExit,
)
from staffroom.web.orgs.lookup import school_lookup
from staffroom.web.orgs.models import District, Team

__all__ = [
    "KINDS",
    "MAX_FILE_BYTES",
    "ImportRejectedError",
    "ImportResult",
    "community_file_import",
    "teams_beyond_contract_set",
]

KINDS = (
    "roster",
    "absences",
    "exits",
    "pl_events",
    "pl_attendance",
    "practice_observations",
    "district_requests",
    "meetings",
)
"""The upload kinds of this app, in the order the upload page lists them (``ties`` and
``people`` belong to the connection map)."""

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 200
"""Problems listed at most (the count says how many more there were)."""


class ImportRejectedError(Exception):
    """The file has problems; nothing was written. ``errors`` lists them in file order."""

    def __init__(self, errors: list[InputFileError], total: int | None = None) -> None:
        self.errors = errors[:MAX_ERRORS]
        self.total = total if total is not None else len(errors)
        super().__init__("; ".join(str(e) for e in self.errors[:3]))


@dataclass(frozen=True)
class ImportResult:
    """What an accepted upload did: counts only."""

    kind: str
    filename: str
    rows: int
    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- lookups


@dataclass
class _Directory:
    """The district's schools, people and teams, read once per upload."""

    district: District
    schools: dict[str, int]
    ambiguous: set[str]
    people: dict[str, int]
    people_school: dict[str, int | None]

    @classmethod
    def read(cls, district: District) -> _Directory:
        lookup = school_lookup(district)
        schools = {key: pks[-1] for key, pks in lookup.items()}
        ambiguous = {key for key, pks in lookup.items() if len(pks) > 1}
        people: dict[str, int] = {}
        people_school: dict[str, int | None] = {}
        for pk, staff_id, school_id in (
            RosterEntry.objects.filter(district=district)
            .exclude(staff_id="")
            .values_list("pk", "staff_id", "school_id")
        ):
            people[staff_id] = pk
            people_school[staff_id] = school_id
        return cls(district, schools, ambiguous, people, people_school)


class _Check:
    """Problems found while resolving names, one per row and column."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[tuple[int, int, InputFileError]] = []

    def fail(
        self, mask: pd.Series, column: str, problem: Callable[[Any], str], values: Any
    ) -> None:
        """Record ``problem(value)`` for every row where ``mask`` is true."""
        for row in mask.index[mask.to_numpy(dtype=bool)]:
            error = InputFileError(
                self.name, problem(_at(values, row)), row=int(row), column=column
            )
            self.errors.append((int(row), len(self.errors), error))

    def raise_if_any(self) -> None:
        if self.errors:
            ordered = [error for _, _, error in sorted(self.errors, key=lambda e: e[:2])]
            raise ImportRejectedError(ordered)


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip()


def _schools(
    frame: pd.DataFrame, directory: _Directory, check: _Check, column: str = "school"
) -> pd.Series:
    """School ids (Int64) for a text column; unknown or ambiguous names are problems."""
    names = _text(frame[column])
    keys = names.str.lower()
    ids = keys.map(directory.schools).astype("Int64")
    filled = names.notna()
    check.fail(
        filled & keys.isin(list(directory.ambiguous)),
        column,
        lambda v: f"more than one school is called {v!r}; use the school's code",
        names,
    )
    check.fail(
        filled & ids.isna(),
        column,
        lambda v: f"no school called {v!r} in this district",
        names,
    )
    return ids


def _people(
    frame: pd.DataFrame, directory: _Directory, check: _Check, column: str = "staff_id"
) -> pd.Series:
    """Roster entry ids (Int64) for a staff id column; unknown ids are problems."""
    ids_text = _text(frame[column])
    ids = ids_text.map(directory.people).astype("Int64")
    check.fail(
        ids_text.notna() & ids.isna(),
        column,
        lambda v: f"no one with staff id {v!r} is on the roster (upload the roster first)",
        ids_text,
    )
    return ids


def _records(frame: pd.DataFrame) -> list[tuple[Any, dict[str, Any]]]:
    """(row number, cells by column) for every row of a read file."""
    records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    return list(zip(frame.index, records, strict=True))


def _at(series: pd.Series, row: Any) -> Any:
    """One cell of a column (typed loosely: cells hold text, numbers, dates or NA)."""
    return series.at[row]


def _opt(value: Any) -> Any:
    """A frame cell as a Python value (missing as None)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _dates(column: pd.Series) -> list[dt.date]:
    """A date column as ``datetime.date`` values (the column has no blanks)."""
    return list(pd.to_datetime(column).dt.date)


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def _moment(value: Any) -> dt.datetime | None:
    if _opt(value) is None:
        return None
    moment = pd.Timestamp(value).to_pydatetime()
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# --------------------------------------------------------------------------- importers


def _roster(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    check.raise_if_any()
    district = directory.district
    emails = _text(frame["email"]).str.lower()
    staff_ids = _text(frame["staff_id"])
    holders = {
        email: (pk, staff_id)
        for pk, email, staff_id in RosterEntry.objects.filter(district=district)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(emails.dropna()))
        .values_list("pk", "email_lower", "staff_id")
    }
    holder_id = emails.map(lambda e: holders[e][1] if e in holders else None)
    # someone on the roster with another staff id has this address; someone with the
    # address and no staff id yet (added for survey invitations) is this person
    taken = emails.notna() & holder_id.notna() & (holder_id != "") & (holder_id != staff_ids)
    check.fail(taken, "email", lambda v: f"{v!r} belongs to someone else on the roster", emails)
    check.raise_if_any()
    adopted = {
        str(_at(staff_ids, row)): holders[str(_at(emails, row))][0]
        for row in emails.index[(holder_id == "").fillna(False).to_numpy(bool)]
    }

    team_ids: dict[tuple[int | None, str], int] = {
        (school, name.strip().lower()): pk
        for pk, school, name in Team.objects.filter(district=district).values_list(
            "pk", "school_id", "name"
        )
    }
    created = updated = teams_created = 0
    existing = RosterEntry.objects.in_bulk([*directory.people.values(), *adopted.values()])
    for row, record in _records(frame):
        staff_id = str(record["staff_id"]).strip()
        pk = directory.people.get(staff_id) or adopted.get(staff_id)
        entry = existing.get(pk) if pk else None
        if entry is None:
            entry = RosterEntry(district=district, staff_id=staff_id)
            created += 1
        else:
            entry.staff_id = staff_id
            updated += 1
        entry.school_id = int(_at(schools, row))
        for name in ("role", "grade_band"):
            setattr(entry, name, str(record[name]).strip())
        entry.hire_date = _day(record["hire_date"])
        for name in ("name", "race_ethnicity", "age_band"):
            if _opt(record[name]) is not None:
                setattr(entry, name, str(record[name]).strip())
        if _opt(_at(emails, row)) is not None:
            entry.email = str(_at(emails, row))
        entry.save()
        if _opt(record["teams"]) is None:
            continue
        wanted = []
        for team_name in split_list(record["teams"]):
            key = team_name.lower()
            team_pk = team_ids.get((entry.school_id, key)) or team_ids.get((None, key))
            if team_pk is None:
                team = Team.objects.create(
                    district=district, school_id=entry.school_id, name=team_name, kind="other"
                )
                team_pk = team_ids[(entry.school_id, key)] = team.pk
                teams_created += 1
            wanted.append(team_pk)
        kept = entry.teams.exclude(school_id=entry.school_id).values_list("pk", flat=True)
        entry.teams.set([*kept, *wanted])
    counted = Team.objects.filter(district=district).annotate(members=Count("roster"))
    stale = [team for team in counted if team.members != team.member_count]
    for team in stale:
        team.member_count = team.members
    Team.objects.bulk_update(stale, ["member_count"])
    return {"people created": created, "people updated": updated, "teams created": teams_created}


def _absences(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    people = _people(frame, directory, check)
    check.raise_if_any()
    district = directory.district
    # whole columns converted once (a year of monthly rows for a large district is
    # tens of thousands of rows)
    columns = zip(
        schools.astype(int).tolist(),
        people.astype(object).where(people.notna(), None).tolist(),
        _dates(frame["period_start"]),
        _dates(frame["period_end"]),
        frame["work_days"].astype(float).tolist(),
        frame["days_absent"].astype(float).tolist(),
        frame["staff_count"].astype("Int64").fillna(1).astype(int).tolist(),
        strict=True,
    )
    records = [
        AbsenceRecord(
            district=district,
            school_id=school,
            person_id=person,
            period_start=start,
            period_end=end,
            work_days=work,
            days_absent=absent,
            staff_count=count,
        )
        for school, person, start, end, work, absent, count in columns
    ]
    keys = {(r.school_id, r.person_id, r.period_start) for r in records}
    starts = {k[2] for k in keys}
    old = AbsenceRecord.objects.filter(
        district=district, period_start__in=starts, school_id__in={k[0] for k in keys}
    ).values_list("pk", "school_id", "person_id", "period_start")
    replaced = [pk for pk, *key in old if tuple(key) in keys]
    AbsenceRecord.objects.filter(pk__in=replaced).delete()
    AbsenceRecord.objects.bulk_create(records, batch_size=2000)
    return {"records": len(records), "replaced": len(replaced)}


def _exits(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    people = _people(frame, directory, check)
    check.raise_if_any()
    district = directory.district
    if frame.empty:
        return {"exits": 0, "replaced": 0}
    days = [_day(v) for v in frame["exit_date"]]
    replaced, _ = StaffExit.objects.filter(
        district=district,
        school_id__in=set(schools.dropna().astype(int)),
        exit_date__range=(min(days), max(days)),
    ).delete()
    exits = []
    for (row, record), day in zip(_records(frame), days, strict=True):
        reason = str(_opt(record["reason"]) or "")
        exits.append(
            StaffExit(
                district=district,
                school_id=int(_at(schools, row)),
                person_id=_opt(_at(people, row)),
                exit_date=day,
                reason=reason,
                voluntary=StaffExit.voluntary_for(reason),
            )
        )
    StaffExit.objects.bulk_create(exits)
    return {"exits": len(exits), "replaced": replaced}


def _pl_events(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    lists = frame["schools"].map(split_list)
    for row, names in lists.items():
        for name in names:
            key = name.lower()
            if key in directory.ambiguous:
                check.fail(
                    pd.Series([True], index=[row]),
                    "schools",
                    lambda v: f"more than one school is called {v!r}; use the school's code",
                    pd.Series([name], index=[row]),
                )
            elif key not in directory.schools:
                check.fail(
                    pd.Series([True], index=[row]),
                    "schools",
                    lambda v: f"no school called {v!r} in this district",
                    pd.Series([name], index=[row]),
                )
    check.raise_if_any()
    created = updated = 0
    for row, record in _records(frame):
        event, was_created = LearningEvent.objects.update_or_create(
            district=directory.district,
            code=str(record["event_id"]).strip(),
            defaults={
                "title": str(record["title"]).strip(),
                "topic": str(_opt(record["topic"]) or "").strip(),
                "date": _day(record["date"]),
                "mandatory": bool(record["mandatory"]),
            },
        )
        event.schools.set([directory.schools[name.lower()] for name in _at(lists, row)])
        created += was_created
        updated += not was_created
    return {"events created": created, "events updated": updated}


def _pl_attendance(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    people = _people(frame, directory, check)
    codes = _text(frame["event_id"])
    events = dict(
        LearningEvent.objects.filter(
            district=directory.district, code__in=list(codes.dropna())
        ).values_list("code", "pk")
    )
    event_ids = codes.map(events).astype("Int64")
    check.fail(
        event_ids.isna(),
        "event_id",
        lambda v: f"no event {v!r} has been uploaded (upload the events file first)",
        codes,
    )
    check.raise_if_any()
    pairs = {(int(e), int(s)) for e, s in zip(event_ids, schools, strict=True)}
    query = Q()
    for event, school in pairs:
        query |= Q(event_id=event, school_id=school)
    replaced, _ = LearningAttendance.objects.filter(query).delete()
    rows = [
        LearningAttendance(
            event_id=int(_at(event_ids, row)),
            school_id=int(_at(schools, row)),
            person_id=_opt(_at(people, row)),
            count=1 if _opt(_at(people, row)) is not None else int(record["attendees"]),
        )
        for row, record in _records(frame)
    ]
    LearningAttendance.objects.bulk_create(rows, batch_size=2000)
    return {"attendance rows": len(rows), "replaced": replaced}


def _practice_observations(
    frame: pd.DataFrame, directory: _Directory, check: _Check
) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    people = _people(frame, directory, check)
    check.raise_if_any()
    district = directory.district
    names = _text(frame["practice"])
    practices = {p.name.lower(): p.pk for p in Practice.objects.filter(district=district)}
    new = 0
    for name in dict.fromkeys(names):
        if name.lower() not in practices:
            practices[name.lower()] = Practice.objects.create(district=district, name=name).pk
            new += 1
    practice_ids = names.str.lower().map(practices)
    days = [_day(v) for v in frame["date"]]
    keys = {(int(p), int(s), d) for p, s, d in zip(practice_ids, schools, days, strict=True)}
    old = PracticeObservation.objects.filter(
        practice_id__in={k[0] for k in keys}, date__in={k[2] for k in keys}
    ).values_list("pk", "practice_id", "school_id", "date")
    replaced = [pk for pk, *key in old if tuple(key) in keys]
    PracticeObservation.objects.filter(pk__in=replaced).delete()
    rows = [
        PracticeObservation(
            practice_id=int(_at(practice_ids, row)),
            school_id=int(_at(schools, row)),
            person_id=_opt(_at(people, row)),
            date=day,
            using=bool(record["using"]),
        )
        for (row, record), day in zip(_records(frame), days, strict=True)
    ]
    PracticeObservation.objects.bulk_create(rows, batch_size=2000)
    return {"observations": len(rows), "replaced": len(replaced), "practices created": new}


def _district_requests(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    check.raise_if_any()
    district = directory.district
    codes = [str(code).strip() for code in frame["request_id"]]
    existing = dict(
        DistrictRequest.objects.filter(district=district, code__in=codes).values_list("code", "pk")
    )
    fresh: list[DistrictRequest] = []
    changed: list[DistrictRequest] = []
    for (row, record), code in zip(_records(frame), codes, strict=True):
        request = DistrictRequest(
            pk=existing.get(code),
            district=district,
            code=code,
            school_id=int(_at(schools, row)),
            channel=str(record["channel"]),
            sent_at=_moment(record["sent_at"]),
            answered_at=_moment(record["answered_at"]),
        )
        (changed if request.pk else fresh).append(request)
    DistrictRequest.objects.bulk_create(fresh, batch_size=2000)
    DistrictRequest.objects.bulk_update(
        changed, ["school", "channel", "sent_at", "answered_at"], batch_size=2000
    )
    return {"requests created": len(fresh), "requests updated": len(changed)}


def _meetings(frame: pd.DataFrame, directory: _Directory, check: _Check) -> dict[str, int]:
    schools = _schools(frame, directory, check)
    people = _people(frame, directory, check)
    district = directory.district
    teams = _text(frame["team"])
    team_ids: dict[tuple[int | None, str], int] = {
        (school, name.strip().lower()): pk
        for pk, school, name in Team.objects.filter(district=district).values_list(
            "pk", "school_id", "name"
        )
    }

    def team_of(row: Any) -> int | None:
        name = _opt(_at(teams, row))
        if name is None:
            return None
        school = _opt(_at(schools, row))
        return team_ids.get((school, name.lower())) or team_ids.get((None, name.lower()))

    team_column = pd.Series([team_of(row) for row in frame.index], index=frame.index, dtype=object)
    check.fail(
        teams.notna() & team_column.isna(),
        "team",
        lambda v: f"no team called {v!r} at this school (teams come from the roster file)",
        teams,
    )
    check.raise_if_any()
    meetings: dict[str, Meeting] = {}
    created = 0
    for row, record in _records(frame):
        code = str(record["meeting_id"]).strip()
        if code in meetings:
            continue
        meeting, was_created = Meeting.objects.update_or_create(
            district=district,
            code=code,
            defaults={
                "date": _day(record["date"]),
                "school_id": _opt(_at(schools, row)),
                "team_id": _at(team_column, row),
            },
        )
        meetings[code] = meeting
        created += was_created
    MeetingAttendance.objects.filter(meeting__in=list(meetings.values())).delete()
    rows = [
        MeetingAttendance(
            meeting=meetings[str(record["meeting_id"]).strip()],
            person_id=_opt(_at(people, row)),
            present=bool(record["present"]),
            turns=_opt(record["turns"]),
            minutes=_opt(record["minutes"]),
        )
        for row, record in _records(frame)
    ]
    MeetingAttendance.objects.bulk_create(rows, batch_size=2000)
    return {
        "meetings created": created,
        "meetings updated": len(meetings) - created,
        "member rows": len(rows),
    }


_IMPORTERS: dict[str, Callable[[pd.DataFrame, _Directory, _Check], dict[str, int]]] = {
    "roster": _roster,
    "absences": _absences,
    "exits": _exits,
    "pl_events": _pl_events,
    "pl_attendance": _pl_attendance,
    "practice_observations": _practice_observations,
    "district_requests": _district_requests,
    "meetings": _meetings,
}


def community_file_import(
    *, district: District, kind: str, source: BinaryIO, name: str, user: User | None = None
) -> ImportResult:
    """Check and write one uploaded file of ``kind``; all or nothing.

    Raises ``ImportRejectedError`` (every problem, nothing written) or ``KeyError`` for an
    unknown kind. Problems with the file itself (format, header, a cell that is not a
    date) come from ``read_table``, which reports the first one.
    """
    spec = SOURCES[kind]
    if kind not in _IMPORTERS:
        raise KeyError(kind)
    try:
        frame = read_table(source, spec, name=name)
    except InputFileError as error:
        raise ImportRejectedError([error]) from error
    check = _Check(name)
    with transaction.atomic():
        counts = _IMPORTERS[kind](frame, _Directory.read(district), check)
        check.raise_if_any()  # raising here rolls the whole transaction back
        DataImport.objects.create(
            district=district,
            kind=kind,
            filename=name[:255],
            rows=len(frame),
            summary=counts,
            created_by=user,
        )
    return ImportResult(kind=kind, filename=name, rows=len(frame), counts=counts)


def teams_beyond_contract_set(*, district: District, team_ids: list[int]) -> int:
    """Mark exactly ``team_ids`` (teams of ``district``; others ignored) as beyond
    contract and every other team of the district as not; return how many are."""
    with transaction.atomic():
        teams = Team.objects.filter(district=district)
        teams.exclude(pk__in=team_ids).update(beyond_contract=False)
        return teams.filter(pk__in=team_ids).update(beyond_contract=True)
