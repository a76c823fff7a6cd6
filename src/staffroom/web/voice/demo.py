"""Shared leadership and voice: the demo district's data (fictional, seeded).

Working groups (three district-wide, seven in schools, three of them at Alder) with a
school year of meetings whose roles rotate (and a few hand swaps, as happens), posts
to the anonymous channel with answers in every status, a decision log tied to those
posts and to survey results, a practice exchange and cross-school visits. Members are
drawn with newer staff less likely to be asked, so "Who gets to lead?" has something
to show. Every name is invented.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.orgs.models import District, School
from staffroom.web.voice.models import (
    Decision,
    Meeting,
    Membership,
    Post,
    Practice,
    Visit,
    WorkingGroup,
)
from staffroom.web.voice.selectors import hire_band
from staffroom.web.voice.services import meetings_plan

__all__ = ["seed_demo"]

_FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jada",
    "Kofi",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sanjay",
    "Tess",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zane",
    "Amara",
    "Bruno",
    "Chloe",
    "Diego",
    "Esther",
    "Farid",
]
_LAST = [
    "Abara",
    "Brooks",
    "Castillo",
    "Dang",
    "Ellis",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Patel",
    "Quintero",
    "Reyes",
    "Silva",
    "Tran",
    "Usman",
    "Vega",
    "Walsh",
    "Xu",
    "Young",
    "Zamora",
]

_GROUPS: tuple[tuple[str | None, str, str, str, str, int, int], ...] = (
    # (school or None, name, kind, initiative, purpose, members, days between meetings)
    (
        None,
        "District SEL steering committee",
        WorkingGroup.STEERING,
        "Staff community and collective efficacy plan, 2026-27",
        "Steers the district plan, reads survey results each term and decides what to try.",
        12,
        28,
    ),
    (
        None,
        "Staff wellbeing working group",
        WorkingGroup.WORKING_GROUP,
        "Workload and wellbeing",
        "Looks at meeting load, duty rotas and cover, and proposes changes.",
        9,
        28,
    ),
    (
        None,
        "New staff induction working group",
        WorkingGroup.WORKING_GROUP,
        "Welcoming and keeping new staff",
        "Designs the first-year programme with the people who went through it.",
        8,
        21,
    ),
    (
        "Alder Elementary",
        "Alder culture team",
        WorkingGroup.WORKING_GROUP,
        "Staff agreements and community-building",
        "Keeps the staff agreements alive and plans the monthly community circle.",
        8,
        14,
    ),
    (
        "Alder Elementary",
        "Alder family partnership group",
        WorkingGroup.WORKING_GROUP,
        "Family partnership",
        "Plans family evenings with teachers, paraprofessionals and office staff together.",
        7,
        21,
    ),
    (
        "Alder Elementary",
        "Alder schedule committee",
        WorkingGroup.STEERING,
        "Common planning time",
        "Protects common planning time in next year's timetable.",
        6,
        14,
    ),
    (
        "Dogwood Elementary",
        "Dogwood staff council",
        WorkingGroup.STEERING,
        "Shared decision-making",
        "Brings staff views to the leadership team before decisions are made.",
        9,
        14,
    ),
    (
        "Hawthorn Middle",
        "Hawthorn advisory redesign group",
        WorkingGroup.WORKING_GROUP,
        "Advisory periods",
        "Redesigns advisory so staff teams share it.",
        8,
        14,
    ),
    (
        "Linden High",
        "Linden department leads forum",
        WorkingGroup.STEERING,
        "Cross-department collaboration",
        "Department leads plan shared projects and peer visits.",
        10,
        21,
    ),
    (
        "Juniper Middle",
        "Juniper climate working group",
        WorkingGroup.WORKING_GROUP,
        "Rebuilding trust after a hard year",
        "Started after the fall survey; listens first, then proposes one change a term.",
        7,
        14,
    ),
)

_AGENDAS = (
    "Read the fall survey results together",
    "Plan the next community circle",
    "Review the staff agreements",
    "Hear from the newest members",
    "Decide what to try next term",
    "Check on last month's actions",
    "Prepare the update for all staff",
)

_POSTS: tuple[tuple[str | None, str, str, str, str, str], ...] = (
    # (school or None, kind, text, public wording, status, response or why not now)
    (
        None,
        Post.CONCERN,
        "The district PD days are planned without asking the people who teach. Ask us first.",
        "Professional development days are planned without asking teaching staff first.",
        Post.IN_PROGRESS,
        "The steering committee now sends a short survey six weeks before each PD day; the "
        "January day is the first planned this way.",
    ),
    (
        None,
        Post.IDEA,
        "Let schools swap one staff meeting a month for a visit to another school.",
        "Let schools swap one staff meeting a month for a visit to another school.",
        Post.DONE,
        "Coaches now arrange cross-school visits through the practice exchange; six are "
        "booked this year.",
    ),
    (
        None,
        Post.CONCERN,
        "Substitute cover is so short that planning time disappears every week.",
        "Substitute cover is so short that planning time disappears most weeks.",
        Post.NOT_NOW,
        "We cannot add substitute funding this school year. We will report cover rates "
        "each month and revisit it in the spring budget.",
    ),
    (
        None,
        Post.IDEA,
        "A shared calendar of every district committee so we know who is deciding what.",
        "Publish one calendar of every district committee and what it is deciding.",
        Post.HEARD,
        "",
    ),
    (
        None,
        Post.CONCERN,
        "Paraprofessionals are never invited to the district working groups.",
        "Paraprofessionals are rarely invited to district working groups.",
        Post.DONE,
        "Each district working group now keeps two seats for paraprofessionals or support "
        "staff, with release time.",
    ),
    (
        "Alder Elementary",
        Post.CONCERN,
        "Staff meetings run long and the same three people talk every time.",
        "Staff meetings run long and the same few voices are heard.",
        Post.DONE,
        "Meetings now have a rotating facilitator and timekeeper, and end on time; the "
        "culture team checks in each month.",
    ),
    (
        "Alder Elementary",
        Post.IDEA,
        "Could we have a quiet workroom with no meetings booked in it?",
        "Keep one workroom free of meetings as a quiet place to work.",
        Post.DONE,
        "Room 12 is now a quiet workroom every afternoon.",
    ),
    (
        "Alder Elementary",
        Post.CONCERN,
        "Ms R in second grade keeps getting extra duties because she never says no.",
        "Extra duties tend to land on the same people, often those who find it hard to say no.",
        Post.IN_PROGRESS,
        "We are publishing the duty rota so everyone can see how duties are shared, and "
        "the culture team will review it each term.",
    ),
    (
        "Alder Elementary",
        Post.IDEA,
        "New staff should be paired with a buddy outside their grade team.",
        "Pair each new member of staff with a buddy outside their grade team.",
        Post.HEARD,
        "",
    ),
    (
        "Alder Elementary",
        Post.CONCERN,
        "Common planning time keeps being taken over for testing logistics.",
        "Common planning time keeps being used for testing logistics.",
        Post.NOT_NOW,
        "Testing windows are set by the state this year; the schedule committee is "
        "protecting planning time in next year's timetable instead.",
    ),
    (
        "Alder Elementary",
        Post.IDEA,
        "A five-minute appreciation round at the start of each staff meeting.",
        "",
        Post.NEW,
        "",
    ),
    (
        "Alder Elementary",
        Post.CONCERN,
        "The front office hears about decisions last.",
        "",
        Post.NEW,
        "",
    ),
    (
        "Dogwood Elementary",
        Post.IDEA,
        "Share the staff council's notes with everyone, not only the leadership team.",
        "Share the staff council's notes with all staff.",
        Post.DONE,
        "Notes now go to all staff within two days of each council meeting.",
    ),
    (
        "Dogwood Elementary",
        Post.CONCERN,
        "We were told about the new reading programme the week it started.",
        "Staff heard about the new reading programme only as it started.",
        Post.HEARD,
        "",
    ),
    (
        "Hawthorn Middle",
        Post.IDEA,
        "Let advisory teachers plan the advisory lessons together once a month.",
        "Let advisory teachers plan lessons together once a month.",
        Post.IN_PROGRESS,
        "The advisory redesign group is piloting monthly shared planning with grade 7.",
    ),
    (
        "Juniper Middle",
        Post.CONCERN,
        "After last year nobody trusts that the survey changes anything.",
        "After last year, staff doubt that the survey changes anything.",
        Post.IN_PROGRESS,
        "The climate working group will report back on every survey theme before the "
        "winter break, and name one change for the spring.",
    ),
    (
        "Linden High",
        Post.IDEA,
        "Open classrooms week: any teacher can drop in on any class.",
        "An open classrooms week where anyone can drop in on any class.",
        Post.DONE,
        "Open classrooms week ran in October; 41 staff visited a colleague.",
    ),
    (
        "Linden High",
        Post.CONCERN,
        "Department leads decide everything and the rest of us find out after.",
        "",
        Post.HEARD,
        "",
    ),
)

_DECISIONS: tuple[tuple[str | None, str, str, str, str, str, int], ...] = (
    # (school, title, what, body, staff input, links, days ago)
    (
        None,
        "Two seats for paraprofessionals and support staff in every district working group",
        "Each district working group keeps two seats for paraprofessionals or support staff, "
        "with release time paid from the SEL budget.",
        "District SEL steering committee",
        "Raised in the channel; the fall survey showed paraprofessionals lowest on voice in "
        "decisions in eight of twelve schools.",
        "/results/\n/voice/you-said-we-did/",
        58,
    ),
    (
        None,
        "Ask staff six weeks before each PD day",
        "Every professional development day is planned from a short staff survey sent six "
        "weeks before.",
        "District SEL steering committee",
        "Answers a channel post and the fall survey's comments on professional learning.",
        "/results/",
        30,
    ),
    (
        None,
        "Cross-school visits replace one staff meeting a term",
        "Schools may swap one staff meeting a term for a visit to another school's practice, "
        "arranged by the coaches.",
        "District leadership team",
        "Proposed in the channel; the practice exchange lists what can be visited.",
        "/voice/practices/",
        44,
    ),
    (
        None,
        "Substitute cover stays as it is this year",
        "No change to substitute funding this year; cover rates are published monthly and "
        "reviewed in the spring budget.",
        "District leadership team",
        "The channel and the wellbeing working group both raised cover; the budget could "
        "not change mid-year, so the decision records why and when it comes back.",
        "",
        20,
    ),
    (
        "Alder Elementary",
        "Rotating roles in staff meetings",
        "Staff meetings have a rotating facilitator, note-taker and timekeeper, and end on time.",
        "Alder culture team",
        "The channel post about long meetings; the staff agreements review in September.",
        "/voice/you-said-we-did/",
        70,
    ),
    (
        "Alder Elementary",
        "Room 12 becomes a quiet workroom",
        "Room 12 is kept free of meetings every afternoon.",
        "Alder leadership team with the culture team",
        "A channel idea, backed by comments in the fall survey about having nowhere quiet to plan.",
        "",
        40,
    ),
    (
        "Alder Elementary",
        "Duty rota published and reviewed each term",
        "The duty rota is shared with all staff and reviewed by the culture team every term.",
        "Alder leadership team",
        "A channel concern about duties landing on the same people.",
        "",
        12,
    ),
    (
        "Dogwood Elementary",
        "Staff council notes go to all staff",
        "The staff council's notes are sent to all staff within two days of each meeting.",
        "Dogwood staff council",
        "A channel idea.",
        "",
        35,
    ),
)

_PRACTICES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    # (school, title, kind, for whom, description, evidence, contact role)
    (
        "Alder Elementary",
        "Rotating meeting roles",
        "meetings",
        "All staff",
        "Every staff meeting has a facilitator, a note-taker and a timekeeper who change "
        "each time; the rota is set for the term so nobody is surprised.",
        "Staff who said they have a say in meetings rose from 48% to 71% between the spring "
        "and fall surveys; meetings now end on time.",
        "Assistant principal",
    ),
    (
        "Alder Elementary",
        "Monthly community circle",
        "recognition",
        "All staff, including office and support staff",
        "Twenty minutes once a month: one question, everyone answers, no agenda.",
        "Attendance is voluntary and averages 80%; belonging items rose in the fall survey.",
        "Culture team facilitator",
    ),
    (
        "Birch Creek Elementary",
        "Buddy outside your team",
        "onboarding",
        "First- and second-year staff",
        "Each new member of staff has a buddy from another grade or role, with two protected "
        "lunches a month.",
        "All seven new staff stayed into a second year; they describe the buddy as the "
        "person they ask first.",
        "Instructional coach",
    ),
    (
        "Dogwood Elementary",
        "Staff council before decisions",
        "voice",
        "All staff",
        "An elected staff council sees proposals before the leadership team decides and "
        "reports back to everyone within two days.",
        "Voice in decisions is the highest in the district two surveys running.",
        "Staff council chair",
    ),
    (
        "Fir Grove K-8",
        "Cross-level planning pairs",
        "collaboration",
        "Teachers of grades 5 and 6",
        "Teachers either side of the elementary-middle transition plan one unit together a term.",
        "Sixth-grade teachers report knowing their incoming students; the pairs continued "
        "without being asked.",
        "K-8 lead teacher",
    ),
    (
        "Hawthorn Middle",
        "Shared advisory planning",
        "collaboration",
        "Advisory teachers",
        "Advisory teachers of a grade plan the month's lessons together in one hour.",
        "Pilot in grade 7: advisory lessons prepared on time rose from about half to nearly all.",
        "Advisory coordinator",
    ),
    (
        "Linden High",
        "Open classrooms week",
        "collaboration",
        "All teaching staff",
        "For one week any teacher may drop in on any class for ten minutes and leave a note "
        "of something they noticed.",
        "41 staff visited a colleague; most notes were about routines worth borrowing.",
        "Department leads forum",
    ),
    (
        "Linden High",
        "Department lead rotation",
        "voice",
        "Teachers with three or more years at the school",
        "Department lead rotates every two years so more people lead.",
        "Nine different teachers have led a department in six years.",
        "Principal's office",
    ),
    (
        "Maple Ridge High",
        "Friday thank-you board",
        "recognition",
        "All staff",
        "A board in the staff room where anyone posts a thank-you to a colleague; read out "
        "at the Friday briefing.",
        "About thirty notes a month; staff mention it unprompted in survey comments.",
        "Office manager",
    ),
    (
        "Juniper Middle",
        "Listening sessions after the survey",
        "voice",
        "All staff",
        "Small groups mixed across roles discuss the survey results with a facilitator who "
        "is not their supervisor.",
        "Two thirds of staff took part in the first round; the group chose one change for "
        "the spring.",
        "SEL coach",
    ),
    (
        "Cedar Hill Elementary",
        "No-meeting Wednesdays",
        "wellbeing",
        "All staff",
        "Wednesdays after school are kept free of meetings for planning or rest.",
        "Staff reporting manageable workload rose, and no decision was delayed by it.",
        "Principal",
    ),
    (
        "Oakwood Alternative High",
        "Whole-staff case conference",
        "collaboration",
        "All staff who work with a student",
        "Everyone who works with a student, custodian to counsellor, meets once a term to "
        "share what works.",
        "Staff describe knowing the students together; attendance at conferences is full.",
        "Counsellor",
    ),
)

_VISITS: tuple[tuple[str, str, str, int, str, str], ...] = (
    # (visitor, host, practice title, days from today, purpose, status)
    (
        "Juniper Middle",
        "Dogwood Elementary",
        "Staff council before decisions",
        -40,
        "See how a staff council brings views in before decisions.",
        Visit.DONE,
    ),
    (
        "Hawthorn Middle",
        "Alder Elementary",
        "Rotating meeting roles",
        -18,
        "Watch a staff meeting with rotating roles, then talk with the culture team.",
        Visit.DONE,
    ),
    (
        "Dogwood Elementary",
        "Birch Creek Elementary",
        "Buddy outside your team",
        9,
        "Meet the buddies and the new staff they support.",
        Visit.PLANNED,
    ),
    (
        "Alder Elementary",
        "Linden High",
        "Open classrooms week",
        23,
        "Borrow the open classrooms idea for an elementary school.",
        Visit.PLANNED,
    ),
    (
        "Maple Ridge High",
        "Hawthorn Middle",
        "Shared advisory planning",
        37,
        "See a shared advisory planning hour.",
        Visit.PROPOSED,
    ),
    (
        "Elm Street Elementary",
        "Cedar Hill Elementary",
        "No-meeting Wednesdays",
        50,
        "Hear how the school kept Wednesdays free and what it changed.",
        Visit.PROPOSED,
    ),
)


def _pick_members(
    pool: list[RosterEntry], size: int, rng: np.random.Generator, today: dt.date
) -> list[RosterEntry]:
    """Members drawn with newer staff and paraprofessionals less likely to be asked."""
    weights = np.array(
        [
            (0.45 if hire_band(e.hire_date, today) == "under 2 years" else 1.0)
            * (0.6 if e.role == "paraprofessional" else 1.0)
            for e in pool
        ]
    )
    chosen = rng.choice(
        len(pool), size=min(size, len(pool)), replace=False, p=weights / weights.sum()
    )
    return [pool[i] for i in chosen]


def _name_blank_entries(entries: list[RosterEntry], rng: np.random.Generator) -> None:
    """Give invented names to the chosen members who have none yet (names set by another
    app's seeder are kept)."""
    blank = [e for e in entries if not e.name]
    for entry in blank:
        entry.name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    RosterEntry.objects.bulk_update(blank, ["name"])


def _school_year_start(today: dt.date) -> dt.date:
    year = today.year if today.month >= 8 else today.year - 1
    start = dt.date(year, 8, 24)
    return start + dt.timedelta(days=(7 - start.weekday()) % 7)  # the next Monday


def _seed_groups(
    district: District,
    schools: dict[str, School],
    rng: np.random.Generator,
    today: dt.date,
) -> list[WorkingGroup]:
    roster = list(RosterEntry.objects.filter(district=district).order_by("pk"))
    # names come from a generator of their own, so what else is drawn does not depend
    # on how many members still needed a name
    name_rng = np.random.default_rng(int(rng.integers(2**32)))
    users = {u.role: u for u in User.objects.filter(district=district).order_by("pk")}
    leaders = {
        "District SEL steering committee": users.get(User.COACH),
        "Alder culture team": users.get(User.SCHOOL_LEADER),
    }
    start = _school_year_start(today)
    end = dt.date(start.year + 1, 6, 15)
    groups = []
    for school_name, name, kind, initiative, purpose, size, every in _GROUPS:
        school = schools.get(school_name) if school_name else None
        if school_name and school is None:
            continue
        group = WorkingGroup.objects.create(
            district=district,
            school=school,
            name=name,
            kind=kind,
            initiative=initiative,
            purpose=purpose,
        )
        pool = [e for e in roster if school is None or e.school_id == school.pk]
        members = _pick_members(pool, size, rng, today)
        _name_blank_entries(members, name_rng)
        Membership.objects.bulk_create(
            [
                Membership(group=group, roster_entry=entry, position=index)
                for index, entry in enumerate(members, start=1)
            ]
        )
        # the people who sign in and lead the work sit on some groups too
        joining = leaders.get(name)
        if joining is not None:
            Membership.objects.create(group=group, user=joining, position=len(members) + 1)
        first = start + dt.timedelta(days=int(rng.integers(0, 5)))
        count = max(1, (end - first).days // every + 1)
        meetings = meetings_plan(group=group, first=first, every_days=every, count=count)
        for meeting, agenda in zip(meetings, rng.choice(_AGENDAS, size=len(meetings)), strict=True):
            meeting.agenda = str(agenda)
        # a few hand swaps, as happens: someone covers a facilitator turn
        for index in rng.choice(len(meetings), size=min(3, len(meetings)), replace=False):
            meeting = meetings[int(index)]
            meeting.facilitator, meeting.note_taker = meeting.note_taker, meeting.facilitator
        Meeting.objects.bulk_update(meetings, ["agenda", "facilitator", "note_taker"])
        groups.append(group)
    return groups


def _seed_posts(
    district: District, schools: dict[str, School], rng: np.random.Generator, today: dt.date
) -> dict[str, Post]:
    posts: dict[str, Post] = {}
    for school_name, kind, text, public, status, answer in _POSTS:
        school = schools.get(school_name) if school_name else None
        if school_name and school is None:
            continue
        age = int(rng.integers(2, 80)) if status != Post.NEW else int(rng.integers(1, 6))
        posted_on = today - dt.timedelta(days=age)
        moderation = Post.APPROVED if public else Post.PENDING
        posts[text] = Post.objects.create(
            district=district,
            school=school,
            kind=kind,
            text=text,
            public_text=public,
            posted_on=posted_on,
            moderation=moderation,
            status=status,
            response=answer if status != Post.NOT_NOW else "",
            why_not_now=answer if status == Post.NOT_NOW else "",
            responded_on=(
                None
                if status == Post.NEW
                else posted_on + dt.timedelta(days=int(rng.integers(1, max(2, age))))
            ),
        )
    # one post kept off the public page: it was about one person and could not be reworded
    Post.objects.create(
        district=district,
        school=schools.get("Alder Elementary"),
        kind=Post.CONCERN,
        text="A complaint about one named colleague's manner in meetings.",
        public_text="",
        posted_on=today - dt.timedelta(days=15),
        moderation=Post.PRIVATE,
        status=Post.HEARD,
        responded_on=today - dt.timedelta(days=13),
    )
    return posts


def _seed_decisions(
    district: District,
    schools: dict[str, School],
    groups: list[WorkingGroup],
    posts: dict[str, Post],
    today: dt.date,
) -> None:
    by_school: dict[int | None, list[WorkingGroup]] = {}
    for group in groups:
        by_school.setdefault(group.school_id, []).append(group)
    for index, (school_name, title, what, body, staff_input, links, ago) in enumerate(_DECISIONS):
        school = schools.get(school_name) if school_name else None
        if school_name and school is None:
            continue
        own_groups = by_school.get(school.pk if school else None, [])
        decision = Decision.objects.create(
            district=district,
            school=school,
            title=title,
            decided=what,
            decided_on=today - dt.timedelta(days=ago),
            body=body,
            group=own_groups[0] if own_groups and index % 2 == 0 else None,
            staff_input=staff_input,
            links=links,
        )
        if index in (0, 4):
            decision.who_benefits = (
                "Paraprofessionals and support staff, whose views were missing; the groups "
                "themselves, which hear more of the school."
            )
            decision.who_carries = (
                "The same few paraprofessionals could be asked every time; seats rotate "
                "yearly and release time is paid."
            )
            decision.whose_voice = (
                "Night custodial staff: the committee will visit their shift in January."
            )
            decision.paused_on = decision.decided_on
            decision.save()
        # link the posts of the same school that speak to it
        words = {w.lower() for w in title.split() if len(w) > 4}
        related = [
            p
            for p in posts.values()
            if p.school_id == (school.pk if school else None)
            and p.moderation == Post.APPROVED
            and words & {w.lower().strip(".,") for w in p.public_text.split()}
        ]
        decision.posts.set(related[:3])


def _seed_exchange(
    district: District,
    schools: dict[str, School],
    rng: np.random.Generator,
    today: dt.date,
) -> None:
    practices: dict[str, Practice] = {}
    for school_name, title, kind, for_whom, description, evidence, contact in _PRACTICES:
        school = schools.get(school_name)
        if school is None:
            continue
        practices[title] = Practice.objects.create(
            district=district,
            school=school,
            title=title,
            kind=kind,
            for_whom=for_whom,
            description=description,
            evidence=evidence,
            contact_role=contact,
            recorded_on=today - dt.timedelta(days=int(rng.integers(10, 120))),
        )
    coach = User.objects.filter(district=district, role=User.COACH).first()
    for visitor, host, title, days, purpose, status in _VISITS:
        if visitor not in schools or host not in schools:
            continue
        Visit.objects.create(
            district=district,
            visitor=schools[visitor],
            host=schools[host],
            practice=practices.get(title),
            visit_on=today + dt.timedelta(days=days),
            purpose=purpose,
            status=status,
            arranged_by=coach,
        )


def seed_demo(district: District, *, rng: np.random.Generator, today: dt.date) -> None:
    """Add this app's part of the demo district (called by ``core.demo.demo_seed``)."""
    schools = {school.name: school for school in district.schools.all()}
    groups = _seed_groups(district, schools, rng, today)
    posts = _seed_posts(district, schools, rng, today)
    _seed_decisions(district, schools, groups, posts, today)
    _seed_exchange(district, schools, rng, today)
