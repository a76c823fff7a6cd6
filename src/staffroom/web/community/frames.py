"""The district's records as plain DataFrames, the form the indicator engine reads.

One query per source (``values_list``, no model instances), one row per record. Schools
and people are given by id: ``school`` is the school's primary key, ``person`` the roster
entry's (missing for school-level records). Nothing is computed here; the engine
(``staffroom.analysis.indicators`` and friends) turns these into indicators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from staffroom.web.accounts.models import RosterEntry
from staffroom.web.community.models import (
    AbsenceRecord,
    DistrictRequest,
    LearningAttendance,
    LearningEvent,
    MeetingAttendance,
    PracticeObservation,
    StaffExit,
)
from staffroom.web.orgs.models import District, Team

__all__ = [
    "absence_frame",
    "exit_frame",
    "learning_events_frame",
    "learning_frame",
    "meeting_frame",
    "observation_frame",
    "request_frame",
    "roster_frame",
]

ATTRIBUTES = ("role", "grade_band", "hire_date", "race_ethnicity", "age_band")


def _frame(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> pd.DataFrame:
    records: list[Any] = list(rows)
    return pd.DataFrame.from_records(records, columns=list(columns))


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=column.endswith("_at"))
        if column.endswith("_at"):
            frame[column] = frame[column].dt.tz_localize(None)
    return frame


def _people(frame: pd.DataFrame) -> pd.DataFrame:
    frame["person"] = frame["person"].astype("Int64")
    return frame


def roster_frame(district: District) -> pd.DataFrame:
    """Everyone on a school roster: ``person``, ``school``, the attributes patterns use,
    ``hire_date`` and ``beyond_contract`` (a member of a team beyond contract)."""
    columns = ("person", "school", *ATTRIBUTES)
    frame = _frame(
        RosterEntry.objects.filter(district=district, school__isnull=False)
        .order_by("pk")
        .values_list("pk", "school_id", *ATTRIBUTES),
        columns,
    )
    beyond = set(
        Team.roster.through.objects.filter(
            team__district=district, team__beyond_contract=True
        ).values_list("rosterentry_id", flat=True)
    )
    frame = _dates(frame, "hire_date")
    frame["beyond_contract"] = frame["person"].isin(beyond)
    return frame


def absence_frame(district: District) -> pd.DataFrame:
    """``school``, ``person``, ``period_start``, ``period_end``, ``work_days`` (per
    person), ``days_absent`` (a school's total on a school row), ``staff_count``."""
    columns = (
        "school",
        "person",
        "period_start",
        "period_end",
        "work_days",
        "days_absent",
        "staff_count",
    )
    rows = AbsenceRecord.objects.filter(district=district).values_list(*_fields(columns))
    return _people(_dates(_frame(rows, columns), "period_start", "period_end"))


def exit_frame(district: District) -> pd.DataFrame:
    """``school``, ``person``, ``exit_date``, ``reason``, ``voluntary``."""
    columns = ("school", "person", "exit_date", "reason", "voluntary")
    rows = StaffExit.objects.filter(district=district).values_list(*_fields(columns))
    return _people(_dates(_frame(rows, columns), "exit_date"))


def learning_events_frame(district: District) -> pd.DataFrame:
    """One row per event and invited school (every school when none is named):
    ``event``, ``date``, ``mandatory``, ``topic``, ``school``."""
    events = _frame(
        LearningEvent.objects.filter(district=district).values_list(
            "pk", "date", "mandatory", "topic"
        ),
        ("event", "date", "mandatory", "topic"),
    )
    targets = _frame(
        LearningEvent.schools.through.objects.filter(learningevent__district=district).values_list(
            "learningevent_id", "school_id"
        ),
        ("event", "school"),
    )
    every = district.schools.values_list("pk", flat=True)
    untargeted = events.loc[~events["event"].isin(targets["event"]), ["event"]]
    everywhere = untargeted.merge(pd.DataFrame({"school": list(every)}), how="cross")
    pairs = pd.concat([targets, everywhere], ignore_index=True)
    return _dates(events.merge(pairs, on="event"), "date")


def learning_frame(district: District) -> pd.DataFrame:
    """Attendance: ``event``, ``date``, ``mandatory``, ``topic``, ``school``, ``person``,
    ``count``."""
    columns = ("event", "date", "mandatory", "topic", "school", "person", "count")
    rows = LearningAttendance.objects.filter(event__district=district).values_list(
        "event_id",
        "event__date",
        "event__mandatory",
        "event__topic",
        "school_id",
        "person_id",
        "count",
    )
    return _people(_dates(_frame(rows, columns), "date"))


def observation_frame(district: District) -> pd.DataFrame:
    """``practice`` (its name), ``school``, ``person``, ``date``, ``using``."""
    columns = ("practice", "school", "person", "date", "using")
    rows = PracticeObservation.objects.filter(practice__district=district).values_list(
        "practice__name", "school_id", "person_id", "date", "using"
    )
    return _people(_dates(_frame(rows, columns), "date"))


def request_frame(district: District) -> pd.DataFrame:
    """``school``, ``channel``, ``sent_at``, ``answered_at`` (missing: not answered)."""
    columns = ("school", "channel", "sent_at", "answered_at")
    rows = DistrictRequest.objects.filter(district=district).values_list(*_fields(columns))
    return _dates(_frame(rows, columns), "sent_at", "answered_at")


def meeting_frame(district: District) -> pd.DataFrame:
    """One row per member and meeting: ``meeting``, ``school``, ``team``, ``date``,
    ``person``, ``present``, ``turns``, ``minutes`` (spoken; missing when not counted)."""
    columns = (
        "meeting",
        "school",
        "team",
        "date",
        "person",
        "present",
        "turns",
        "minutes",
    )
    rows = MeetingAttendance.objects.filter(meeting__district=district).values_list(
        "meeting_id",
        "meeting__school_id",
        "meeting__team_id",
        "meeting__date",
        "person_id",
        "present",
        "turns",
        "minutes",
    )
    return _people(_dates(_frame(rows, columns), "date"))


def _fields(columns: Sequence[str]) -> list[str]:
    """Model field names for frame columns (``school`` -> ``school_id``)."""
    return [f"{c}_id" if c in ("school", "person") else c for c in columns]
