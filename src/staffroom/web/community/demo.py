"""Adult community: the demo district's data (fictional, seeded).

Every school gets 13 months of records (September of last school year to last month,
without July): absences per person and month, exits, professional-learning sessions and who came,
observations of two schoolwide practices, requests to the district team, and twice-monthly
team meetings with who spoke. Each school has a fixed "community" strength (``_STRENGTH``)
that moves all of them together, so schools really differ; newer staff and
paraprofessionals join voluntary sessions less and speak less in meetings, so the group
patterns have something to find. A few teams beyond contract (committees, clubs) get members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from staffroom.web.accounts.models import RosterEntry
from staffroom.web.community.models import (
    AbsenceRecord,
    DistrictRequest,
    LearningAttendance,
    LearningEvent,
    Meeting,
    MeetingAttendance,
    Practice,
    PracticeObservation,
    StaffExit,
)
from staffroom.web.orgs.models import District, School, Team

__all__ = ["seed_demo"]

_Roster = dict[int, list[RosterEntry]]
"""Each school's roster entries, by school id."""


@dataclass(frozen=True)
class _Demo:
    """What every part of the seeder reads."""

    district: District
    schools: list[School]
    roster: _Roster
    months: list[dt.date]
    strength: dict[int, float]
    rng: np.random.Generator
    today: dt.date


_STRENGTH = {
    "Alder Elementary": 0.6,
    "Birch Creek Elementary": 0.2,
    "Cedar Hill Elementary": -0.4,
    "Dogwood Elementary": 1.0,
    "Elm Street Elementary": 0.0,
    "Fir Grove K-8": -0.2,
    "Hawthorn Middle": 0.4,
    "Juniper Middle": -1.1,
    "Linden High": -0.6,
    "Maple Ridge High": 0.3,
    "Oakwood Alternative High": -0.8,
    "Willow Early Learning Center": 0.5,
}
"""How strong each demo school's adult community is (about -1 to 1): fictional."""

_VOLUNTARY = (
    ("Restorative circles for adults", "SEL practices"),
    ("Peer observation walk", "Collaboration"),
    ("Co-planning across grade bands", "Collaboration"),
    ("Equity pause practice", "Equity"),
    ("Mindful meetings", "SEL practices"),
    ("Mentoring new colleagues", "Collaboration"),
    ("Family partnership evening", "Community"),
    ("Trauma-informed classrooms", "SEL practices"),
    ("Book study: collective efficacy", "Collaboration"),
    ("Staff wellness workshop", "Wellbeing"),
)
_MANDATORY = (
    ("Start-of-year safety training", "Compliance"),
    ("Schoolwide SEL launch", "SEL practices"),
    ("Mid-year data review", "Data"),
    ("Spring assessment training", "Data"),
)
_PRACTICES = (
    ("Morning check-in circle", "A short circle at the start of the day in every classroom."),
    ("Shared questioning routine", "The same open-question routine in every lesson."),
)
_BEYOND = ("Wellness committee", "Equity team", "After-school club mentors")
_CHANNELS = ("email", "call", "visit")
_EXIT_REASONS = (
    "moved_to_another_district",
    "moved_within_district",
    "personal_or_family",
    "left_education",
    "retired",
    "contract_not_renewed",
    "other",
)
_EXIT_SHARES = (0.3, 0.15, 0.15, 0.1, 0.15, 0.1, 0.05)
_WORKDAYS = {6: 14, 7: 0, 8: 12}
"""Working days in the summer months (July: none; others: 20)."""


def _months(today: dt.date) -> list[dt.date]:
    """First days of the months from September of last school year to last month."""
    year = today.year - 1 if today.month >= 8 else today.year - 2
    first, months = dt.date(year, 9, 1), []
    while first < today.replace(day=1):
        if _WORKDAYS.get(first.month, 20):
            months.append(first)
        first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return months


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _years(entry: RosterEntry, today: dt.date) -> float:
    return (today - entry.hire_date).days / 365.25 if entry.hire_date else 5.0


def seed_demo(district: District, *, rng: np.random.Generator, today: dt.date) -> None:
    """Add this app's part of the demo district (called by ``core.demo.demo_seed``)."""
    schools = list(School.objects.filter(district=district).order_by("name"))
    roster: _Roster = {}
    for entry in RosterEntry.objects.filter(district=district).order_by("pk"):
        if entry.school_id is not None:
            roster.setdefault(entry.school_id, []).append(entry)
    months = _months(today)
    strength = {s.pk: _STRENGTH.get(s.name, float(rng.normal(0, 0.5))) for s in schools}

    demo = _Demo(district, schools, roster, months, strength, rng, today)
    for seed_part in (
        _absences,
        _exits,
        _learning,
        _practices,
        _requests,
        _meetings,
        _beyond_contract,
    ):
        seed_part(demo)


def _absences(demo: _Demo) -> None:
    district, schools, roster, months = demo.district, demo.schools, demo.roster, demo.months
    strength, rng, today = demo.strength, demo.rng, demo.today
    records = []
    for school in schools:
        for month in months:
            expected = _WORKDAYS.get(month.month, 20)
            winter = 1.3 if month.month in (12, 1, 2) else 1.0
            for entry in roster.get(school.pk, []):
                newer = 1.2 if _years(entry, today) < 2 else 1.0
                rate = max(0.01, 0.045 - 0.018 * strength[school.pk]) * winter * newer
                absent = min(expected, int(rng.poisson(rate * expected)))
                records.append(
                    AbsenceRecord(
                        district=district,
                        school=school,
                        person=entry,
                        period_start=month,
                        period_end=_month_end(month),
                        work_days=float(expected),
                        days_absent=float(absent),
                        staff_count=1,
                    )
                )
    AbsenceRecord.objects.bulk_create(records, batch_size=2000)


def _exits(demo: _Demo) -> None:
    district, schools, roster, months = demo.district, demo.schools, demo.roster, demo.months
    strength, rng, today = demo.strength, demo.rng, demo.today
    exits = []
    for school in schools:
        for entry in roster.get(school.pk, []):
            newer = 1.8 if _years(entry, today) < 2 else 1.0
            chance = max(0.02, 0.1 - 0.05 * strength[school.pk]) * newer
            if rng.random() >= chance:
                continue
            reason = str(rng.choice(_EXIT_REASONS, p=_EXIT_SHARES))
            # most people leave at the end of the school year, some during it
            year_end = dt.date(months[0].year + 1, 6, 20)
            day = year_end if rng.random() < 0.7 else months[int(rng.integers(len(months)))]
            exits.append(
                StaffExit(
                    district=district,
                    school=school,
                    person=entry,
                    exit_date=day,
                    reason=reason,
                    voluntary=StaffExit.voluntary_for(reason),
                )
            )
    StaffExit.objects.bulk_create(exits)


def _learning(demo: _Demo) -> None:
    district, schools, roster, months = demo.district, demo.schools, demo.roster, demo.months
    strength, rng, today = demo.strength, demo.rng, demo.today
    events: list[tuple[LearningEvent, list[School]]] = []
    for index, (title, topic) in enumerate(_VOLUNTARY + _MANDATORY):
        mandatory = index >= len(_VOLUNTARY)
        month = months[(index * 5) % len(months)]
        event = LearningEvent.objects.create(
            district=district,
            code=f"PL-{index + 1:02d}",
            title=title,
            topic=topic,
            date=month + dt.timedelta(days=int(rng.integers(3, 25))),
            mandatory=mandatory,
        )
        invited = schools if mandatory or index % 3 else schools[::2]
        if invited is not schools:
            event.schools.set(invited)
        events.append((event, invited))
    attendance = []
    for event, invited in events:
        for school in invited:
            for entry in roster.get(school.pk, []):
                if event.mandatory:
                    chance = 0.9 + 0.04 * strength[school.pk]
                else:
                    chance = 0.28 + 0.12 * strength[school.pk]
                    if _years(entry, today) < 2:
                        chance *= 0.5
                    if entry.role == "paraprofessional":
                        chance *= 0.6
                if rng.random() < chance:
                    attendance.append(LearningAttendance(event=event, school=school, person=entry))
    LearningAttendance.objects.bulk_create(attendance, batch_size=2000)


def _practices(demo: _Demo) -> None:
    district, schools, months = demo.district, demo.schools, demo.months
    strength, rng = demo.strength, demo.rng
    observations = []
    for name, description in _PRACTICES:
        practice = Practice.objects.create(district=district, name=name, description=description)
        for school in schools:
            for step, month in enumerate(months):
                uptake = 0.35 + 0.18 * strength[school.pk] + 0.02 * step
                for _ in range(int(rng.integers(6, 11))):
                    observations.append(
                        PracticeObservation(
                            practice=practice,
                            school=school,
                            date=month + dt.timedelta(days=int(rng.integers(0, 27))),
                            using=bool(rng.random() < min(0.95, max(0.05, uptake))),
                        )
                    )
    PracticeObservation.objects.bulk_create(observations, batch_size=2000)


def _requests(demo: _Demo) -> None:
    district, schools, months = demo.district, demo.schools, demo.months
    strength, rng = demo.strength, demo.rng
    requests: list[DistrictRequest] = []
    for school in schools:
        for month in months:
            for _ in range(int(rng.integers(2, 7))):
                sent = dt.datetime(
                    month.year,
                    month.month,
                    int(rng.integers(1, 28)),
                    int(rng.integers(7, 17)),
                    tzinfo=dt.UTC,
                )
                hours = float(rng.lognormal(np.log(20 * np.exp(-0.5 * strength[school.pk])), 0.8))
                answered = None if rng.random() < 0.04 else sent + dt.timedelta(hours=hours)
                requests.append(
                    DistrictRequest(
                        district=district,
                        code=f"R-{len(requests) + 1:05d}",
                        school=school,
                        channel=str(rng.choice(_CHANNELS)),
                        sent_at=sent,
                        answered_at=answered,
                    )
                )
    DistrictRequest.objects.bulk_create(requests)


def _meetings(demo: _Demo) -> None:
    district, schools, roster, months = demo.district, demo.schools, demo.roster, demo.months
    strength, rng, today = demo.strength, demo.rng, demo.today
    attendance = []
    for school in schools:
        staff = roster.get(school.pk, [])
        if not staff:
            continue
        members = [
            staff[i] for i in rng.choice(len(staff), size=min(12, len(staff)), replace=False)
        ]
        team = Team.objects.create(
            district=district,
            school=school,
            name="Staff leadership team",
            kind="other",
            member_count=len(members),
        )
        team.roster.add(*members)
        # in weaker communities a few voices take most of the time
        spread = 1.0 + max(0.0, -strength[school.pk]) * 2.0
        for month in months:
            for day in (8, 22):
                meeting = Meeting.objects.create(
                    district=district,
                    code=f"M-{school.pk}-{month:%Y%m}-{day}",
                    school=school,
                    team=team,
                    date=dt.date(month.year, month.month, day),
                )
                for rank, entry in enumerate(members):
                    present = bool(rng.random() < 0.85 + 0.05 * strength[school.pk])
                    weight = 3.0 / (1 + rank) ** (spread - 1) if rank < 3 else 1.0 / spread
                    if _years(entry, today) < 2 or entry.role == "paraprofessional":
                        weight *= 0.5
                    turns = int(rng.poisson(4 * weight)) if present else 0
                    attendance.append(
                        MeetingAttendance(
                            meeting=meeting,
                            person=entry,
                            present=present,
                            turns=turns,
                            minutes=round(turns * float(rng.uniform(0.3, 1.2)), 1),
                        )
                    )
    MeetingAttendance.objects.bulk_create(attendance, batch_size=2000)


def _beyond_contract(demo: _Demo) -> None:
    district, schools, roster = demo.district, demo.schools, demo.roster
    strength, rng = demo.strength, demo.rng
    for index, school in enumerate(schools):
        staff = roster.get(school.pk, [])
        share = min(0.6, max(0.05, 0.2 + 0.12 * strength[school.pk]))
        for name in _BEYOND[: 1 + index % 2]:
            chosen = [s for s in staff if rng.random() < share]
            team = Team.objects.create(
                district=district,
                school=school,
                name=name,
                kind="other",
                beyond_contract=True,
                member_count=len(chosen),
            )
            team.roster.add(*chosen)
