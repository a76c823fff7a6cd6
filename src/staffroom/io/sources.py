"""The kinds of data file a district can bring, one ``TableSpec`` each.

The descriptions and help texts are what the upload page and the template download
show, so they are written for the person preparing the file. ``SOURCES`` maps each
kind (``roster``, ``absences``, ...) to its spec; ``read_table(path, SOURCES[kind])``
reads one.
"""

from __future__ import annotations

import pandas as pd

from staffroom.io.tables import Column, RowCheck, TableSpec

__all__ = [
    "ABSENCES",
    "DISTRICT_REQUESTS",
    "EXITS",
    "EXIT_REASONS",
    "MEETINGS",
    "PEOPLE",
    "PL_ATTENDANCE",
    "PL_EVENTS",
    "PRACTICE_OBSERVATIONS",
    "REQUEST_CHANNELS",
    "ROSTER",
    "SOURCES",
    "TIES",
    "TIE_TYPES",
]

_SCHOOL_HELP = "The school's name or code, written the same way in every file."
_STAFF_ID_HELP = "The person's staff ID, as on the roster."

EXIT_REASONS = (
    "retired",
    "moved_within_district",
    "moved_to_another_district",
    "left_education",
    "personal_or_family",
    "contract_not_renewed",
    "dismissed",
    "other",
)
"""Reasons someone left a school, as an exits file may give them."""

REQUEST_CHANNELS = ("email", "call", "visit")
"""How a school reached the district team."""

TIE_TYPES = (
    "phone_numbers",
    "worked_together_before",
    "social",
    "major_project",
    "advice",
    "sit_together",
    "gathering",
)
"""Kinds of connection between two staff members on a connection map."""


def _blank(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].isna()


ROSTER = TableSpec(
    kind="roster",
    title="Roster",
    description=(
        "Everyone who works in the district's schools, one row per person. The roster "
        "gives each indicator its headcount, and survey invitations their addresses. "
        "Names are shown only to the roles the district allows; demographic columns are "
        "optional, self-described and used only for group comparisons large enough to "
        "keep people anonymous."
    ),
    columns=(
        Column("staff_id", "text", help="The person's staff ID; each appears once.", max_length=64),
        Column("school", "text", help=_SCHOOL_HELP, max_length=200),
        Column("name", "text", required=False, help="Full name (optional).", max_length=200),
        Column(
            "email",
            "text",
            required=False,
            help="Work email address, used for survey invitations (optional).",
            max_length=254,
        ),
        Column(
            "role",
            "text",
            help="The person's role, for example teacher, paraprofessional, counselor.",
            max_length=40,
        ),
        Column(
            "grade_band",
            "text",
            help="The grades the person works with, for example K-2, 3-5, 6-8, 9-12 or all.",
            max_length=20,
        ),
        Column("hire_date", "date", help="The date the person started in the district."),
        Column(
            "race_ethnicity",
            "text",
            required=False,
            help="As the person describes themselves (optional).",
            max_length=60,
        ),
        Column(
            "age_band",
            "text",
            required=False,
            help="An age range such as 25-34 (optional; never an exact age).",
            max_length=20,
        ),
        Column(
            "teams",
            "text",
            required=False,
            help=(
                "The teams the person belongs to, separated by ';' (for example "
                "'Grade 3 team; Equity committee'), including teams beyond their contract."
            ),
        ),
    ),
    example_rows=(
        {
            "staff_id": "T1001",
            "school": "Alder Elementary",
            "name": "Ana Ruiz",
            "email": "ana.ruiz@example.org",
            "role": "teacher",
            "grade_band": "3-5",
            "hire_date": "2019-08-15",
            "race_ethnicity": "Latina",
            "age_band": "35-44",
            "teams": "Grade 3 team; Family nights",
        },
        {
            "staff_id": "T1002",
            "school": "Alder Elementary",
            "role": "paraprofessional",
            "grade_band": "K-2",
            "hire_date": "2025-01-06",
        },
    ),
    unique=("staff_id",),
    unique_if_filled=("email",),
    checks=(
        RowCheck(
            "email",
            "is not an email address",
            lambda f: f["email"].notna() & ~f["email"].str.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
        ),
    ),
)

ABSENCES = TableSpec(
    kind="absences",
    title="Absences",
    description=(
        "Staff absence for a period (a month, a term, a year). Give either one row per "
        "person (with staff_id) or one row per school (staff_id blank, staff_count filled "
        "in). Count the days a person was scheduled to work and was absent, whatever the "
        "reason; leave out school holidays."
    ),
    columns=(
        Column("period_start", "date", help="First day of the period."),
        Column("period_end", "date", help="Last day of the period."),
        Column("school", "text", help=_SCHOOL_HELP),
        Column(
            "staff_id",
            "text",
            required=False,
            help="The person's staff ID; leave blank for a row covering the whole school.",
        ),
        Column(
            "staff_count",
            "int",
            required=False,
            minimum=1,
            help="On a whole-school row, how many staff the days cover.",
        ),
        Column("work_days", "number", minimum=0, help="Working days in the period per person."),
        Column(
            "days_absent",
            "number",
            minimum=0,
            help="Days absent (half days as 0.5); on a whole-school row, the school's total.",
        ),
    ),
    example_rows=(
        {
            "period_start": "2025-09-01",
            "period_end": "2025-09-30",
            "school": "Alder Elementary",
            "staff_id": "T1001",
            "work_days": "21",
            "days_absent": "1.5",
        },
        {
            "period_start": "2025-09-01",
            "period_end": "2025-09-30",
            "school": "Birch Middle",
            "staff_count": "48",
            "work_days": "21",
            "days_absent": "37",
        },
    ),
    unique=("school", "staff_id", "period_start"),
    checks=(
        RowCheck(
            "period_end",
            "is before period_start",
            lambda f: f["period_end"] < f["period_start"],
        ),
        RowCheck(
            "staff_count",
            "is blank; a whole-school row (no staff_id) needs the number of staff",
            lambda f: _blank(f, "staff_id") & _blank(f, "staff_count"),
        ),
        RowCheck(
            "staff_count",
            "should be blank on a row for one person (staff_id filled in)",
            lambda f: ~_blank(f, "staff_id") & ~_blank(f, "staff_count"),
        ),
        RowCheck("work_days", "must be more than 0", lambda f: f["work_days"] <= 0),
        RowCheck(
            "days_absent",
            "is more than the working days of the staff the row covers",
            lambda f: (
                f["days_absent"] > f["work_days"] * f["staff_count"].astype("Float64").fillna(1.0)
            ),
        ),
    ),
)

EXITS = TableSpec(
    kind="exits",
    title="Exits",
    description=(
        "Staff who left a school: one row per person who left, on the day they left. "
        "Someone moving to another school in the district counts as leaving their school. "
        "A file with a header and no rows means no one left."
    ),
    columns=(
        Column("staff_id", "text", required=False, help=_STAFF_ID_HELP + " (optional)"),
        Column("school", "text", help="The school the person left."),
        Column("exit_date", "date", help="The last day the person worked at the school."),
        Column(
            "reason",
            "choice",
            required=False,
            choices=EXIT_REASONS,
            help="Why the person left, if known: " + ", ".join(EXIT_REASONS) + ".",
        ),
    ),
    example_rows=(
        {
            "staff_id": "T1044",
            "school": "Alder Elementary",
            "exit_date": "2026-06-12",
            "reason": "moved_to_another_district",
        },
        {"school": "Birch Middle", "exit_date": "2026-01-23", "reason": "retired"},
    ),
    allow_empty=True,
)

PL_EVENTS = TableSpec(
    kind="pl_events",
    title="Professional learning events",
    description=(
        "Professional learning sessions offered to staff, one row per session. Mark "
        "whether attending was required; list the schools it was offered to, or leave "
        "schools blank if every school was invited."
    ),
    columns=(
        Column("event_id", "text", help="A short code for the session; each appears once."),
        Column("date", "date", help="The day of the session."),
        Column("title", "text", help="The session's title."),
        Column("topic", "text", required=False, help="Its topic, for grouping (optional)."),
        Column("mandatory", "bool", help="yes if staff were required to attend, no if optional."),
        Column(
            "schools",
            "text",
            required=False,
            help="Schools invited, separated by ';'; blank means every school.",
        ),
    ),
    example_rows=(
        {
            "event_id": "PL-2025-07",
            "date": "2025-10-08",
            "title": "Restorative circles in advisory",
            "topic": "relationships",
            "mandatory": "no",
            "schools": "Alder Elementary; Birch Middle",
        },
        {
            "event_id": "PL-2025-08",
            "date": "2025-10-15",
            "title": "Safety training",
            "mandatory": "yes",
        },
    ),
    unique=("event_id",),
)

PL_ATTENDANCE = TableSpec(
    kind="pl_attendance",
    title="Professional learning attendance",
    description=(
        "Who attended each session: one row per person who attended (staff_id), or one "
        "row per school with the number who attended (attendees). Do not give both for "
        "the same session and school."
    ),
    columns=(
        Column("event_id", "text", help="The session's code, as in the events file."),
        Column("school", "text", help=_SCHOOL_HELP),
        Column(
            "staff_id",
            "text",
            required=False,
            help="The person who attended; leave blank on a whole-school row.",
        ),
        Column(
            "attendees",
            "int",
            required=False,
            minimum=0,
            help="On a whole-school row, how many of the school's staff attended.",
        ),
    ),
    example_rows=(
        {"event_id": "PL-2025-07", "school": "Alder Elementary", "staff_id": "T1001"},
        {"event_id": "PL-2025-07", "school": "Birch Middle", "attendees": "12"},
    ),
    unique=("event_id", "school", "staff_id"),
    checks=(
        RowCheck(
            "attendees",
            "is blank; give staff_id (one person) or attendees (a whole school)",
            lambda f: _blank(f, "staff_id") & _blank(f, "attendees"),
        ),
        RowCheck(
            "attendees",
            "should be blank on a row for one person (staff_id filled in)",
            lambda f: ~_blank(f, "staff_id") & ~_blank(f, "attendees"),
        ),
    ),
)

PRACTICE_OBSERVATIONS = TableSpec(
    kind="practice_observations",
    title="Practice observations",
    description=(
        "Walkthroughs or check-ins recording whether a practice the district supports "
        "was in use: one row per observation."
    ),
    columns=(
        Column("practice", "text", help="The practice's name, written the same way each time."),
        Column("school", "text", help=_SCHOOL_HELP),
        Column("date", "date", help="The day of the observation."),
        Column("staff_id", "text", required=False, help=_STAFF_ID_HELP + " (optional)"),
        Column("using", "bool", help="yes if the practice was in use, no if not."),
    ),
    example_rows=(
        {
            "practice": "Morning meeting",
            "school": "Alder Elementary",
            "date": "2025-11-04",
            "staff_id": "T1001",
            "using": "yes",
        },
        {
            "practice": "Morning meeting",
            "school": "Alder Elementary",
            "date": "2025-11-04",
            "using": "no",
        },
    ),
)

DISTRICT_REQUESTS = TableSpec(
    kind="district_requests",
    title="Requests to the district team",
    description=(
        "Requests schools sent to the district team and when they were answered, to see "
        "how quickly schools hear back. Leave answered_at blank while a request is open."
    ),
    columns=(
        Column("request_id", "text", help="A code for the request; each appears once."),
        Column("school", "text", help="The school that asked."),
        Column(
            "channel",
            "choice",
            choices=REQUEST_CHANNELS,
            help="How the school asked: email, call or visit.",
        ),
        Column("sent_at", "datetime", help="When the request was sent (YYYY-MM-DD HH:MM)."),
        Column(
            "answered_at",
            "datetime",
            required=False,
            help="When the school had its answer; blank if not yet.",
        ),
    ),
    example_rows=(
        {
            "request_id": "R-0192",
            "school": "Alder Elementary",
            "channel": "email",
            "sent_at": "2025-10-02 08:15",
            "answered_at": "2025-10-03 14:40",
        },
        {
            "request_id": "R-0193",
            "school": "Birch Middle",
            "channel": "call",
            "sent_at": "2025-10-02 11:00",
        },
    ),
    unique=("request_id",),
    checks=(
        RowCheck(
            "answered_at",
            "is before sent_at",
            lambda f: f["answered_at"] < f["sent_at"],
        ),
    ),
)

MEETINGS = TableSpec(
    kind="meetings",
    title="Meeting participation",
    description=(
        "Who took part in staff or team meetings: one row per meeting and member, "
        "whether they were there, and (if someone kept count) how many times they spoke "
        "and for how many minutes."
    ),
    columns=(
        Column("meeting_id", "text", help="A code for the meeting."),
        Column("date", "date", help="The day of the meeting."),
        Column("school", "text", required=False, help=_SCHOOL_HELP),
        Column("team", "text", required=False, help="The team meeting, if not the whole staff."),
        Column("staff_id", "text", help="A member expected at the meeting."),
        Column("present", "bool", help="yes if the member was there."),
        Column(
            "turns",
            "int",
            required=False,
            minimum=0,
            help="How many times the member spoke (optional; 0 if present and silent).",
        ),
        Column(
            "minutes",
            "number",
            required=False,
            minimum=0,
            help="Roughly how many minutes the member spoke (optional).",
        ),
    ),
    example_rows=(
        {
            "meeting_id": "M-031",
            "date": "2025-10-09",
            "school": "Alder Elementary",
            "team": "Grade 3 team",
            "staff_id": "T1001",
            "present": "yes",
            "turns": "6",
            "minutes": "4.5",
        },
        {
            "meeting_id": "M-031",
            "date": "2025-10-09",
            "school": "Alder Elementary",
            "team": "Grade 3 team",
            "staff_id": "T1002",
            "present": "yes",
            "turns": "0",
        },
    ),
    unique=("meeting_id", "staff_id"),
    checks=(
        RowCheck(
            "turns",
            "is more than 0 for a member who was not there",
            lambda f: (f["present"] == False) & (f["turns"].fillna(0) > 0),  # noqa: E712
        ),
    ),
)

TIES = TableSpec(
    kind="ties",
    title="Connections",
    description=(
        "Connections between staff members for the connection map: one row per "
        "connection and kind (who has whose phone number, who asks whom for advice, ...)."
    ),
    columns=(
        Column("source", "text", help="One person (staff ID or the name used in the people file)."),
        Column("target", "text", help="The other person."),
        Column(
            "type",
            "choice",
            choices=TIE_TYPES,
            help="The kind of connection: " + ", ".join(TIE_TYPES) + ".",
        ),
        Column(
            "directed",
            "bool",
            required=False,
            help="yes if it goes one way (source asks target for advice); blank or no if mutual.",
        ),
        Column("weight", "number", required=False, minimum=0, help="How strong (optional)."),
        Column("observed_on", "date", required=False, help="When it was recorded (optional)."),
    ),
    example_rows=(
        {"source": "T1001", "target": "T1002", "type": "advice", "directed": "yes"},
        {"source": "T1001", "target": "T1007", "type": "sit_together", "observed_on": "2025-10-01"},
    ),
    unique=("source", "target", "type", "observed_on"),
    checks=(
        RowCheck("target", "is the same person as source", lambda f: f["source"] == f["target"]),
    ),
)

PEOPLE = TableSpec(
    kind="people",
    title="People",
    description=(
        "The people on a connection map, one row each, with any columns you want to "
        "colour or group the map by (role, team, school, ...)."
    ),
    columns=(Column("person", "text", help="The staff ID or name used in the connections file."),),
    example_rows=(
        {"person": "T1001", "role": "teacher", "team": "Grade 3 team"},
        {"person": "T1002", "role": "paraprofessional", "team": "Grade 3 team"},
    ),
    unique=("person",),
    extra_columns=True,
)

SOURCES: dict[str, TableSpec] = {
    spec.kind: spec
    for spec in (
        ROSTER,
        ABSENCES,
        EXITS,
        PL_EVENTS,
        PL_ATTENDANCE,
        PRACTICE_OBSERVATIONS,
        DISTRICT_REQUESTS,
        MEETINGS,
        TIES,
        PEOPLE,
    )
}
"""Every file kind a district can bring, by kind."""
