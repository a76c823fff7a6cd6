"""Continuous improvement: the demo district's data (fictional, seeded).

* a monthly pulse schedule for every school (opening on the 8th, for a week) and the
  fifteen pulse cycles it has opened since September 2025, with answers: most schools
  hold steady; Alder's trust and belonging rise after its grade-team huddles began in
  the spring (a run chart shift), Juniper's say in decisions climbs once its comment
  window started, and the two smallest schools are often hidden (fewer than 5);
* seven metrics of success with baselines and targets (pulse questions, one staff-survey
  scale, one staff indicator from the community app, one district-wide);
* PDSA cycles at every stage, including a finished one and an abandoned one, each
  stage with notes and an equity pause, and their history;
* the district's readiness bars for its first year (lower than the defaults, so the
  readiness page shows schools in all three judgements).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils import timezone

from staffroom.instruments import load_builtin
from staffroom.web.improvement.models import (
    Metric,
    PdsaCycle,
    PdsaEvent,
    PdsaStage,
    PulseRun,
    PulseSchedule,
    ReadinessConfig,
)
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import Cycle, Response

__all__ = ["seed_demo"]

_PULSE_START = dt.date(2025, 9, 8)
_PULSE_MONTHS = 15
_BASE = {
    "colleague_trust": 3.55,
    "leader_trust": 3.45,
    "district_trust": 3.05,
    "community": 3.5,
    "collective_efficacy": 3.6,
    "shared_influence": 3.0,
    "voice_safety": 3.3,
}


def _month(index: int) -> dt.date:
    month = _PULSE_START.month - 1 + index
    return dt.date(_PULSE_START.year + month // 12, month % 12 + 1, _PULSE_START.day)


def _level(school: str, scale: str, month: int, school_shift: float) -> float:
    """The mean the demo draws a school's answers around in a given month."""
    level = _BASE[scale] + school_shift
    if school == "Alder Elementary" and scale in {"colleague_trust", "community"} and month >= 8:
        level += 0.55  # grade-team huddles from April 2026: a sustained shift up
    if school == "Juniper Middle" and scale == "shared_influence":
        level += max(0, month - 6) * 0.09  # the comment window from March 2026: a steady climb
    if scale == "district_trust":
        level += 0.02 * month  # the district's office hours, slowly
    return level


def _pulse(
    district: District,
    schools: list[School],
    rng: np.random.Generator,
    today: dt.date,
) -> None:
    instrument = load_builtin("pulse")
    scales = [(s.id, s.items[0].id) for s in instrument.scales]
    schedule = PulseSchedule.objects.create(
        district=district, starts_on=_PULSE_START, every_months=1, open_days=7
    )
    shifts = {s.name: float(rng.normal(0, 0.2)) for s in schools}
    for index in range(_PULSE_MONTHS):
        opens_on = _month(index)
        if opens_on > today:
            break
        closes_on = opens_on + dt.timedelta(days=schedule.open_days)
        cycle = Cycle.objects.create(
            district=district,
            title=f"Pulse {opens_on:%B %Y}",
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            opens_on=opens_on,
            closes_on=closes_on,
            min_n=max(5, district.min_n),
            status=Cycle.CLOSED if closes_on < today else Cycle.OPEN,
            results_published=True,
        )
        cycle.schools.set(schools)
        PulseRun.objects.create(schedule=schedule, opens_on=opens_on, cycle=cycle)
        responses = []
        for school in schools:
            answered = int(rng.binomial(max(school.staff_count, 1), 0.55))
            for _ in range(answered):
                answers: dict[str, int | None] = {}
                for scale, item in scales:
                    mean = _level(school.name, scale, index, shifts[school.name])
                    value = int(np.clip(np.rint(rng.normal(mean, 0.85)), 1, 5))
                    answers[item] = None if rng.random() < 0.02 else value
                responses.append(
                    Response(
                        cycle=cycle,
                        school=school,
                        answers=answers,
                        submitted_on=opens_on + dt.timedelta(days=int(rng.integers(0, 7))),
                    )
                )
        order = rng.permutation(len(responses))
        Response.objects.bulk_create([responses[i] for i in order], batch_size=2000)


_METRICS = (
    # school, title, source, scale, baseline, target, target date, note, why
    (
        "Alder Elementary",
        "Staff can count on each other",
        Metric.PULSE,
        "colleague_trust",
        3.5,
        4.0,
        dt.date(2027, 5, 31),
        "Pulse, autumn 2025",
        "Trust among colleagues is what the grade-team huddles set out to build.",
    ),
    (
        "Alder Elementary",
        "Staff feel part of the team",
        Metric.PULSE,
        "community",
        3.4,
        4.0,
        dt.date(2027, 5, 31),
        "Pulse, autumn 2025",
        "Belonging shows whether the huddles reach new staff as well as veterans.",
    ),
    (
        "Juniper Middle",
        "Staff have a real say in decisions",
        Metric.PULSE,
        "shared_influence",
        2.9,
        3.6,
        dt.date(2027, 6, 15),
        "Pulse, autumn 2025",
        "Staff said decisions arrive already made; the comment window asks them first.",
    ),
    (
        "Dogwood Elementary",
        "Staff feel safe to speak up",
        Metric.PULSE,
        "voice_safety",
        3.2,
        3.7,
        dt.date(2027, 6, 15),
        "Pulse, autumn 2025",
        "Speaking up in meetings is the first sign that withdrawal is easing.",
    ),
    (
        "Linden High",
        "Collective efficacy",
        Metric.SURVEY,
        "collective_efficacy",
        3.6,
        3.9,
        dt.date(2027, 10, 31),
        "Spring 2026 staff survey",
        "Peer observation should raise staff's shared belief that they can reach every student.",
    ),
    (
        "Juniper Middle",
        "More staff speak up in meetings",
        Metric.INDICATOR,
        "voice_spoke_share",
        65.0,
        80.0,
        dt.date(2027, 6, 15),
        "Meeting notes, spring 2026",
        "Who speaks in meetings shows whether the comment window reaches quieter staff.",
    ),
    (
        None,
        "Schools trust the district office",
        Metric.PULSE,
        "district_trust",
        3.05,
        3.5,
        dt.date(2027, 6, 30),
        "Pulse, autumn 2025",
        "The district SEL team's office hours aim to make the district a support, not a check.",
    ),
)


def _metrics(district: District, schools: dict[str, School]) -> dict[str, Metric]:
    made = {}
    for school, title, source, scale, baseline, target, by, note, why in _METRICS:
        if school is not None and school not in schools:
            continue
        indicator = source == Metric.INDICATOR
        made[title] = Metric.objects.create(
            district=district,
            school=schools[school] if school else None,
            title=title,
            source=source,
            instrument_id="pulse" if source == Metric.PULSE else "staff-climate",
            scale_id="" if indicator else scale,
            indicator=scale if indicator else "",
            baseline=baseline,
            baseline_note=note,
            target=target,
            target_date=by,
            why=why,
        )
    return made


_PAUSES = {
    "plan": (
        "Grade teams that rarely plan together; new staff who eat lunch alone.",
        "Team leads take on the facilitation; we rotate it so it is not always the same "
        "two teachers, who are both staff of colour.",
        "Paraprofessionals were not at the planning meeting; the lead will ask them this week.",
    ),
    "do": (
        "So far the teams that already met weekly gained most.",
        "Specialists join two teams each and are stretched; they will alternate weeks.",
        "Part-time staff miss the Tuesday slot: we asked them by note which day works.",
    ),
    "study": (
        "First- and second-year staff rated belonging higher than before.",
        "The extra time came from team leads' prep periods; the principal covered two.",
        "We heard little from the afternoon kindergarten team; a coach will visit.",
    ),
    "act": (
        "Every grade team, with the rotation kept.",
        "Facilitation becomes a paid stipend role so it is not unpaid extra work.",
        "Paraprofessionals now have a standing seat; we will check with them in the pulse.",
    ),
}

_NOTES = {
    "plan": "Who, what, when and where: the test runs for six weeks with two grade teams; "
    "we will watch the pulse question and keep a short log after each huddle.",
    "do": "Ran as planned for five of six weeks; one week lost to conferences. Huddle logs "
    "kept by the rotating facilitator.",
    "study": "The pulse moved up as predicted, more than we expected for newer staff. The "
    "logs show huddles drifting into logistics when no agenda is shared.",
    "act": "Adopt with one change: a three-line agenda shared the day before.",
}

# title, school, team (name or None), metrics, stage, decision, started, change, prediction
_CYCLES = (
    (
        "Weekly grade-team huddles",
        "Alder Elementary",
        "Alder Elementary grade team",
        ("Staff can count on each other", "Staff feel part of the team"),
        PdsaCycle.DONE,
        PdsaCycle.ADOPT,
        dt.date(2026, 3, 30),
        "A 15-minute huddle each week in every grade team, led by a rotating facilitator, "
        "opening with one win and one worry.",
        "Within two months, 'I can count on my colleagues' rises by a quarter point, most "
        "among staff in their first two years.",
    ),
    (
        "Huddle agendas shared the day before",
        "Alder Elementary",
        None,
        ("Staff can count on each other",),
        PdsaCycle.STUDY,
        "",
        dt.date(2026, 9, 14),
        "The facilitator posts a three-line agenda the day before each huddle.",
        "Fewer huddles drift into logistics; trust holds at its new level.",
    ),
    (
        "A 48-hour comment window before decisions",
        "Juniper Middle",
        None,
        ("Staff have a real say in decisions", "More staff speak up in meetings"),
        PdsaCycle.DO,
        "",
        dt.date(2026, 3, 2),
        "Before the leadership team decides anything that changes staff's work, the draft "
        "goes to all staff for 48 hours of comments, and the decision note says what changed.",
        "Shared influence on the pulse rises steadily, by half a point before summer.",
    ),
    (
        "Peer observation pairs",
        "Linden High",
        None,
        ("Collective efficacy",),
        PdsaCycle.PLAN,
        "",
        dt.date(2026, 11, 9),
        "Volunteer pairs across departments visit one lesson each a month and share one "
        "thing they will borrow.",
        "Collective efficacy on the spring survey rises by 0.2 among staff who took part.",
    ),
    (
        "Office hours for school leaders",
        None,
        "District SEL team",
        ("Schools trust the district office",),
        PdsaCycle.STUDY,
        "",
        dt.date(2026, 5, 4),
        "The district SEL team holds open office hours twice a month for principals and SEL "
        "leads, to listen first and help second.",
        "Trust in the district office on the pulse rises slowly in the schools that come.",
    ),
    (
        "Silent-reflection starts to staff meetings",
        "Dogwood Elementary",
        None,
        ("Staff feel safe to speak up",),
        PdsaCycle.DONE,
        PdsaCycle.ABANDON,
        dt.date(2026, 1, 12),
        "Each staff meeting opens with five minutes of written reflection shared in pairs.",
        "More staff speak in meetings within a month.",
    ),
)


def _pdsa(
    district: District,
    schools: dict[str, School],
    metrics: dict[str, Metric],
    today: dt.date,
) -> None:
    order = [key for key, _ in PdsaCycle.STAGES]
    teams = {t.name: t for t in Team.objects.filter(district=district)}
    for title, school, team, linked, stage, decision, started, change, prediction in _CYCLES:
        if school is not None and school not in schools:
            continue
        position = order.index(stage) if stage in order else len(order)
        finished = started + dt.timedelta(weeks=12) if stage == PdsaCycle.DONE else None
        cycle = PdsaCycle.objects.create(
            district=district,
            school=schools[school] if school else None,
            team=teams.get(team) if team else None,
            title=title,
            change_idea=change,
            prediction=prediction,
            stage=stage,
            decision=decision,
            started_on=started,
            finished_on=finished,
        )
        cycle.metrics.set([metrics[m] for m in linked if m in metrics])
        events = [("Started the cycle at Plan.", started)]
        for index, key in enumerate(order):
            record = PdsaStage(cycle=cycle, stage=key)
            if index <= position:
                record.notes = _NOTES[key]
                if decision == PdsaCycle.ABANDON and key == "act":
                    record.notes = "Abandon: staff found the silence awkward, and the same few "
                    record.notes += "spoke afterwards. We will try anonymous question cards."
            if index < position:
                benefit, carry, voice = _PAUSES[key]
                record.who_benefits, record.who_carries, record.whose_voice = benefit, carry, voice
                record.paused_on = started + dt.timedelta(weeks=3 * (index + 1))
                moved_to = dict(PdsaCycle.STATUSES)[order[index + 1] if index < 3 else "done"]
                events.append(
                    (f"Moved from {dict(PdsaCycle.STAGES)[key]} to {moved_to}.", record.paused_on)
                )
            record.save()
        if decision:
            events[-1] = (
                f"Finished the cycle: {dict(PdsaCycle.DECISIONS)[decision]}.",
                events[-1][1],
            )
        PdsaEvent.objects.bulk_create(
            PdsaEvent(
                cycle=cycle,
                at=timezone.make_aware(dt.datetime.combine(min(day, today), dt.time(15, 30))),
                text=text,
            )
            for text, day in events
        )


_READINESS = {
    "rules": {
        column: {"threshold": 3.0, "weight": 1.0, "required": column.endswith("_trust")}
        for column in ("colleague_trust", "leader_trust", "community", "collective_efficacy")
    }
    | {"pl_voluntary_participation": {"threshold": 0.25, "weight": 1.0, "required": False}},
}
"""The demo district's first-year bars: scale means of 3.0 (its survey runs low across the
board, so the default 3.5 would put every school in one group) and a quarter of
voluntary places taken."""


def seed_demo(district: District, *, rng: np.random.Generator, today: dt.date) -> None:
    """Add this app's part of the demo district (called by ``core.demo.demo_seed``)."""
    schools = list(School.objects.filter(district=district).order_by("name"))
    if not schools:
        return
    _pulse(district, schools, rng, today)
    by_name = {s.name: s for s in schools}
    metrics = _metrics(district, by_name)
    _pdsa(district, by_name, metrics, today)
    ReadinessConfig.objects.create(district=district, values=_READINESS)
