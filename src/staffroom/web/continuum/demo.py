"""Continuum and agreements: the demo district's data (fictional, seeded).

* Continuum rounds for four schools (the coach's) and the district team, a year apart
  and in between: levels rise at Alder and Dogwood, hold at Juniper, and are mixed at
  Linden. Past rounds are revealed, with agreed levels and next steps; their ratings
  belong to no account (the demo has one account per role), as ratings do once a
  member's account is deleted. Alder's current round is open: the leader has rated,
  the demo staff member has not.
* Agreement sets: the district team's and Alder's (adopted, each reviewed once with
  changes), Juniper's (adopted, review overdue) and a draft at Alder with comments.
* The monthly check of each adopted set, answered from adoption to today (one small
  month stays hidden).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from staffroom.web.accounts.models import User
from staffroom.web.continuum import services
from staffroom.web.continuum.models import AgreementCheck, AssessmentRound, Rating
from staffroom.web.continuum.rubric import rubric_get
from staffroom.web.orgs.models import District, School
from staffroom.web.surveys.models import Response
from staffroom.web.surveys.selectors import cycle_instrument

__all__ = ["seed_demo"]

CONTINUUM = "staff-relationships"

# (team, team size, agreed level per round on the first and the other dimensions)
_TRAJECTORIES: dict[str | None, tuple[int, list[int]]] = {
    "Alder Elementary": (9, [1, 2, 3]),
    "Dogwood Elementary": (12, [1, 1, 2]),
    "Juniper Middle": (10, [2, 2, 2]),
    "Linden High": (14, [2, 1, 2]),
    None: (8, [1, 2, 2]),
}
"""Rising, rising slowly, steady, dipped then recovered; None is the district team."""

_ROUNDS = [
    ("Fall 2025", dt.date(2025, 10, 6)),
    ("Spring 2026", dt.date(2026, 3, 9)),
    ("Fall 2026", dt.date(2026, 10, 5)),
]

_EVIDENCE = [
    "Our survey scores on this went up since last spring.",
    "New staff told us in their exit interviews that this was missing.",
    "Grade teams do this every week; specialists rarely join.",
    "It depends on who runs the meeting.",
    "We tried it in September but it faded by November.",
    "Paraprofessionals are not part of it yet.",
    "The connection map shows a few people with no ties.",
    "Staff meeting notes show it on the agenda every month.",
    "We talk about it, but decisions still arrive already made.",
    "The whole staff built this together at the August retreat.",
]

_NEXT_STEPS = [
    "Pair every new staff member with a mentor by the end of the first week.",
    "Protect common planning time on the master schedule.",
    "Invite support staff to the monthly staff meeting and rotate who facilitates.",
    "Share the survey results with all staff within two weeks and ask what they mean.",
    "Agree on a decision protocol that says who decides what and how staff are heard.",
    "Start each team meeting with a five-minute check-in.",
]


def _ratings(
    made: AssessmentRound,
    levels: dict[str, int],
    size: int,
    rng: np.random.Generator,
    extra_raters: list[User],
) -> None:
    """``size`` members' ratings scattered around the level the team will agree on."""
    rows = []
    raters: list[User | None] = [*extra_raters, *([None] * (size - len(extra_raters)))]
    for rater in raters:
        for dimension_id, level in levels.items():
            chosen = int(np.clip(level + rng.choice([-1, 0, 0, 0, 1]), 1, 3))
            evidence = str(rng.choice(_EVIDENCE)) if rng.random() < 0.45 else ""
            rows.append(
                Rating(
                    round=made,
                    rater=rater,
                    dimension_id=dimension_id,
                    level=chosen,
                    evidence=evidence,
                )
            )
    Rating.objects.bulk_create(rows)


def _seed_rounds(
    district: District, schools: dict[str, School], rng: np.random.Generator, today: dt.date
) -> None:
    dimensions = [d.id for d in rubric_get(CONTINUUM).dimensions]
    leaders = {
        u.school_id: u for u in User.objects.filter(district=district, role=User.SCHOOL_LEADER)
    }
    for name, (size, path) in _TRAJECTORIES.items():
        school = schools[name] if name else None
        offsets = rng.integers(-1, 1, size=len(dimensions))  # some dimensions lag
        for (title, started_on), target in zip(_ROUNDS, path, strict=True):
            levels = {
                d: int(np.clip(target + (o if i else 0), 1, 3))
                for i, (d, o) in enumerate(zip(dimensions, offsets, strict=True))
            }
            made = services.round_start(
                district=district,
                school=school,
                continuum_id=CONTINUUM,
                title=title,
                started_by=None,
                today=started_on,
            )
            _ratings(made, levels, size, rng, [])
            services.round_reveal(round=made, today=started_on + dt.timedelta(days=14))
            for i, (dimension_id, level) in enumerate(levels.items()):
                services.agreed_level_record(
                    round=made,
                    dimension_id=dimension_id,
                    level=level,
                    next_steps=_NEXT_STEPS[(i + len(title)) % len(_NEXT_STEPS)],
                )
        if school is not None and school.name == "Alder Elementary":
            current = services.round_start(
                district=district,
                school=school,
                continuum_id=CONTINUUM,
                title="Winter 2026",
                started_by=None,
                today=today - dt.timedelta(days=6),
            )
            leader = leaders.get(school.pk)
            if leader is not None:
                levels = dict.fromkeys(dimensions, path[-1])
                _ratings(current, levels, 1, rng, [leader])


# --------------------------------------------------------------------------- agreements


@dataclass(frozen=True)
class _SetSpec:
    team: str | None
    title: str
    agreements: list[str]
    adopted: dt.date
    every: int
    reviewed_on: dt.date
    notes: str
    reworded: list[str] | None
    """The wording after the review (None: kept as it was)."""
    level: float
    """Where the monthly check's answers start (1 to 5)."""


_SETS = [
    _SetSpec(
        team=None,
        title="How the district team works with schools",
        agreements=[
            "We visit schools to listen before we advise.",
            "We answer principals' questions within two school days.",
            "We bring data to schools as questions, not verdicts.",
            "We protect school planning time from district requests.",
        ],
        adopted=dt.date(2026, 1, 12),
        every=6,
        reviewed_on=dt.date(2026, 7, 13),
        notes="Principals said our visits still felt like inspections. We kept listening "
        "first and replaced the planning-time promise, which we could not keep, with one "
        "about sharing our notes with the school the same week.",
        reworded=[
            "We visit schools to listen before we advise.",
            "We answer principals' questions within two school days.",
            "We bring data to schools as questions, not verdicts.",
            "We share our visit notes with the school within the week.",
        ],
        level=3.5,
    ),
    _SetSpec(
        team="Alder Elementary",
        title="Alder staff agreements",
        agreements=[
            "We start and end meetings on time.",
            "We assume good intent and ask before we judge.",
            "Everyone speaks once before anyone speaks twice.",
            "We do not send work email after 6 pm.",
        ],
        adopted=dt.date(2026, 1, 20),
        every=6,
        reviewed_on=dt.date(2026, 7, 20),
        notes="The email agreement was hard on staff with young children, who work late by "
        "choice. We changed it to no expectation of a reply, and added one about including "
        "paraprofessionals.",
        reworded=[
            "We start and end meetings on time.",
            "We assume good intent and ask before we judge.",
            "Everyone speaks once before anyone speaks twice.",
            "Nobody is expected to answer work email after 6 pm.",
            "Paraprofessionals are invited to every planning meeting.",
        ],
        level=3.3,
    ),
    _SetSpec(
        team="Juniper Middle",
        title="Juniper Middle working agreements",
        agreements=[
            "We keep student stories confidential to the team.",
            "We bring solutions along with problems.",
            "We follow through on what we agree in meetings.",
        ],
        adopted=dt.date(2026, 2, 2),
        every=3,
        reviewed_on=dt.date(2026, 5, 4),
        notes="We read the monthly check together. Follow-through is the weakest; we kept "
        "the wording and now end each meeting by naming who does what.",
        reworded=None,
        level=3.0,
    ),
]
"""Check cycles open before August 2026, so the district's own standing feedback cycle
stays the newest on the results feedback page."""

_PAUSE = {
    "who_benefits": "Newer staff and quieter voices, who gain clear expectations about how "
    "meetings run and how disagreement is handled.",
    "who_carries": "Team leads, who facilitate and keep time; we rotate facilitation so it "
    "does not always fall on the same few people.",
    "whose_voice": "Paraprofessionals and part-time specialists, who were not at the drafting "
    "meeting; we asked them at their own meeting before adopting.",
}

_DRAFT_COMMENTS = [
    (
        User.STAFF,
        "Can we see the data a day before the meeting? Reading it cold makes it hard to "
        "say anything useful.",
    ),
    (
        User.COACH,
        "The second agreement matters most. Consider adding how you will respond when a "
        "pattern does point at one classroom.",
    ),
    (
        User.SCHOOL_LEADER,
        "Good points. I will add pre-reading and bring a draft protocol for the pattern "
        "question next week.",
    ),
    (User.DISTRICT_ADMIN, "The district data team can join one meeting if that helps."),
]


def _months(start: dt.date, today: dt.date) -> list[dt.date]:
    first = dt.date(start.year, start.month, 1)
    months = []
    while first <= today:
        months.append(first)
        first = services.add_months(first, 1)
    return months


def _answer_check(
    check: AgreementCheck, end: dt.date, level: float, rng: np.random.Generator
) -> None:
    """Monthly answers from the check's start to ``end``: agreements drift upwards, one
    month (the first August) has too few answers and stays hidden."""
    instrument = cycle_instrument(check.cycle)
    local = set(check.items)
    pulse = [item for item in instrument.item_ids if item not in local]
    strength = {item: rng.normal(0, 0.35) for item in local}
    rows = []
    for index, month in enumerate(_months(check.started_on, end)):
        count = 3 if month.month == 8 else int(rng.integers(7, 15))
        for _ in range(count):
            day = month + dt.timedelta(days=int(rng.integers(0, 25)))
            if day < check.started_on or day > end:
                day = min(max(day, check.started_on), end)
            centre = level + 0.05 * index
            answers = {
                item: int(np.clip(round(rng.normal(centre + strength[item], 0.9)), 1, 5))
                for item in local
            }
            answers |= {item: int(np.clip(round(rng.normal(3.7, 0.9)), 1, 5)) for item in pulse}
            rows.append(
                Response(
                    cycle=check.cycle,
                    school=check.agreement_set.school,
                    answers=answers,
                    submitted_on=day,
                )
            )
    order = rng.permutation(len(rows))
    Response.objects.bulk_create([rows[i] for i in order])


def _seed_agreements(
    district: District, schools: dict[str, School], rng: np.random.Generator, today: dt.date
) -> None:
    users = {u.role: u for u in User.objects.filter(district=district)}
    for spec in _SETS:
        school = schools[spec.team] if spec.team else None
        drafter = users.get(User.SCHOOL_LEADER if school else User.DISTRICT_ADMIN)
        made = services.agreement_set_draft(
            district=district,
            school=school,
            title=spec.title,
            agreements=spec.agreements,
            drafted_by=drafter,
            today=spec.adopted - dt.timedelta(days=21),
        )
        first = services.agreement_set_adopt(
            agreement_set=made,
            equity_pause=_PAUSE,
            review_every_months=spec.every,
            today=spec.adopted,
        )
        if spec.reworded is not None:
            _answer_check(first, spec.reviewed_on - dt.timedelta(days=1), spec.level, rng)
        services.agreement_review_record(
            agreement_set=made,
            agreements=spec.reworded or spec.agreements,
            notes=spec.notes,
            reviewed_by=drafter,
            today=spec.reviewed_on,
        )
        latest = made.checks.order_by("-started_on", "-pk").first()
        if latest is not None:
            _answer_check(latest, today, spec.level + (0.3 if spec.reworded else 0), rng)
    draft = services.agreement_set_draft(
        district=district,
        school=schools["Alder Elementary"],
        title="Alder: how we run data meetings",
        agreements=[
            "We look at student work before we look at scores.",
            "We name patterns, not teachers.",
            "Every data meeting ends with one thing we will try.",
        ],
        drafted_by=users.get(User.SCHOOL_LEADER),
        today=today - dt.timedelta(days=12),
    )
    for day, (role, text) in enumerate(_DRAFT_COMMENTS):
        author = users.get(role)
        if author is not None:
            services.agreement_comment_add(
                agreement_set=draft,
                author=author,
                text=text,
                today=today - dt.timedelta(days=10 - 2 * day),
            )


def seed_demo(district: District, *, rng: np.random.Generator, today: dt.date) -> None:
    """Add this app's part of the demo district (called by ``core.demo.demo_seed``)."""
    schools = {s.name: s for s in School.objects.filter(district=district)}
    _seed_rounds(district, schools, rng, today)
    _seed_agreements(district, schools, rng, today)
