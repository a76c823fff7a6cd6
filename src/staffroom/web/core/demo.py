"""The fictional demo district, seeded into the database for `make demo`.

Everything is invented and reproducible (seeded): a district office team and 12 schools
of different sizes, a roster of about 600 staff, two closed survey cycles (so results
show change since the previous cycle) whose answers differ between schools and groups,
one open cycle with an anonymous link per school, and the district's standing feedback
link with a few months of answers. The closed "Fall 2026" cycle holds exactly the
bundled sample survey (src/staffroom/data/demo-district-survey.csv), so the web pages
and `staffroom analyze` on that file show the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils.text import slugify

import staffroom.web.community.demo
import staffroom.web.continuum.demo
import staffroom.web.improvement.demo
import staffroom.web.network.demo
import staffroom.web.voice.demo
from staffroom.demo import DEMO_SCHOOLS, DEMO_SEED, DEMOGRAPHIC_COLUMNS, synthetic_survey
from staffroom.instruments import load_builtin
from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import Comment, Cycle, Response
from staffroom.web.surveys.selectors import DEMOGRAPHIC_FIELDS
from staffroom.web.surveys.services import open_link_create

# Order matters: the connection map and the planning half read the roster and indicators.
_APP_SEEDERS = (
    staffroom.web.community.demo.seed_demo,
    staffroom.web.network.demo.seed_demo,
    staffroom.web.continuum.demo.seed_demo,
    staffroom.web.improvement.demo.seed_demo,
    staffroom.web.voice.demo.seed_demo,
)

__all__ = ["DEMO_PASSWORD", "DemoDistrict", "demo_seed"]

DEMO_PASSWORD = "staffroom-demo"  # noqa: S105 - a documented password for the fictional demo
"""Password of every demo account (the demo database is local and fictional)."""

_LEVELS = {"Elementary": "elementary", "K-8": "k8", "Middle": "middle", "High": "high"}
_RESPONSE_RATES = [0.82, 0.78, 0.74, 0.85, 0.69, 0.8, 0.72, 0.43, 0.88, 0.76, 0.7, 0.5]
"""Share of each school's staff who answered the fall survey (Juniper is under 50%)."""

_COMMENTS = {
    "COMMENT_COLLAB": [
        "Our grade team meets every week and actually plans together.",
        "The new mentor pairs have helped first-year staff feel less alone.",
        "People share materials freely here.",
        "We celebrate small wins at staff meetings, which matters.",
        "When something goes wrong, colleagues step in without being asked.",
        "Common planning time is protected, and it shows.",
    ],
    "COMMENT_IMPROVE": [
        "Decisions often arrive already made; ask us earlier.",
        "More time to observe each other's classes would build trust.",
        "Paraprofessionals are rarely invited to planning meetings.",
        "Follow through on what was decided at the last meeting.",
        "The district office could visit to listen, not only to check.",
        "New staff need someone to go to besides the principal.",
    ],
}


@dataclass
class DemoDistrict:
    """What the demo prints: sign-in accounts and each school's open survey link."""

    district: District
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    """(role, email, what they see)"""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(school or team, path of its open survey link)"""


def _bundled_survey() -> pd.DataFrame:
    path = resources.files("staffroom.data").joinpath("demo-district-survey.csv")
    with resources.as_file(path) as csv_path:
        return pd.read_csv(csv_path, keep_default_na=False, na_values=[""], dtype=str)


def _responses(
    frame: pd.DataFrame, cycle: Cycle, schools: dict[str, School], items: list[str], day: dt.date
) -> list[Response]:
    answers = frame[items].apply(pd.to_numeric, errors="coerce").to_numpy()
    demographics = frame.reindex(columns=list(DEMOGRAPHIC_FIELDS)).fillna("").astype(str).to_numpy()
    return [
        Response(
            cycle=cycle,
            school=schools[school],
            answers={
                item: (None if np.isnan(value) else int(value))
                for item, value in zip(items, row, strict=True)
            },
            demographics={
                name: value for name, value in zip(DEMOGRAPHIC_FIELDS, person, strict=True) if value
            },
            submitted_on=day,
        )
        for school, row, person in zip(frame["school"], answers, demographics, strict=True)
    ]


def _comments(
    cycle: Cycle, schools: dict[str, School], counts: dict[str, int], rng: np.random.Generator
) -> list[Comment]:
    comments = []
    for name, count in counts.items():
        for question, pool in _COMMENTS.items():
            for index in rng.choice(
                len(pool), size=min(len(pool), max(1, count // 8)), replace=False
            ):
                comments.append(
                    Comment(
                        cycle=cycle, school=schools[name], question_id=question, text=pool[index]
                    )
                )
    return comments


@transaction.atomic
def demo_seed(*, seed: int = DEMO_SEED, today: dt.date | None = None) -> DemoDistrict:
    """Create the fictional district in an empty database and return how to use it."""
    rng = np.random.default_rng(seed)
    today = today or dt.date(2026, 11, 24)
    district = District.objects.create(
        name="Riverbend Unified (fictional demo district)",
        slug="riverbend",
        staff_see_results=True,
    )
    schools: dict[str, School] = {}
    for (name, respondents), rate in zip(DEMO_SCHOOLS, _RESPONSE_RATES, strict=True):
        level = next((v for k, v in _LEVELS.items() if k in name), "other")
        schools[name] = School.objects.create(
            district=district,
            name=name,
            slug=slugify(name),
            level=level,
            staff_count=max(respondents, round(respondents / rate)),
        )
    sel_team = Team.objects.create(
        district=district, name="District SEL team", kind="district", member_count=9
    )
    for school in list(schools.values())[:4]:
        Team.objects.create(
            district=district,
            school=school,
            name=f"{school.name} grade team",
            kind="grade",
            member_count=6,
        )

    # roster: every staff member, with self-described coarse demographics
    roster: list[RosterEntry] = []
    for school in schools.values():
        for _ in range(school.staff_count):
            person = {
                column: str(rng.choice(values, p=shares))
                for column, (values, shares) in DEMOGRAPHIC_COLUMNS.items()
            }
            years = {"under 2 years": 1, "2-5 years": 3, "6-10 years": 8, "over 10 years": 15}.get(
                person["hire_band"], 5
            )
            roster.append(
                RosterEntry(
                    district=district,
                    school=school,
                    email=f"staff{len(roster) + 1:04d}@riverbend.example",
                    role=person["role"],
                    grade_band=person["grade_band"],
                    hire_date=today - dt.timedelta(days=365 * years + int(rng.integers(0, 300))),
                    race_ethnicity=person["race_ethnicity"],
                    age_band=person["age_band"],
                )
            )
    RosterEntry.objects.bulk_create(roster)

    instrument = load_builtin("staff-climate")
    items = instrument.item_ids

    def survey_cycle(title: str, opens_on: dt.date, closes_on: dt.date, status: str) -> Cycle:
        return Cycle.objects.create(
            district=district,
            title=title,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            opens_on=opens_on,
            closes_on=closes_on,
            status=status,
            results_published=status == Cycle.CLOSED,
        )

    spring = survey_cycle(
        "Spring 2026 staff survey", dt.date(2026, 3, 2), dt.date(2026, 3, 20), Cycle.CLOSED
    )
    fall = survey_cycle(
        "Fall 2026 staff survey", dt.date(2026, 10, 5), dt.date(2026, 10, 23), Cycle.CLOSED
    )
    winter = survey_cycle(
        "Winter 2026 staff survey",
        today - dt.timedelta(days=3),
        today + dt.timedelta(days=18),
        Cycle.OPEN,
    )
    for cycle in (spring, fall, winter):
        cycle.schools.set(schools.values())

    names = [name for name, _ in DEMO_SCHOOLS]
    earlier = synthetic_survey(
        instrument.scale_specs(),
        [max(3, n - 4) for _, n in DEMO_SCHOOLS],
        rng,
        missing=0.05,
        school_labels=names,
        school_spread=0.3,
    )
    # the spring survey ran before this year's community-building work: a bit lower
    shifted = earlier[items].to_numpy()
    lower = rng.random(shifted.shape) < 0.12
    shifted = np.where(lower & (shifted > 1), shifted - 1, shifted)
    earlier[items] = shifted
    Response.objects.bulk_create(_responses(earlier, spring, schools, items, dt.date(2026, 3, 10)))
    fall_frame = _bundled_survey()
    Response.objects.bulk_create(
        _responses(fall_frame, fall, schools, items, dt.date(2026, 10, 14))
    )
    counts = {str(k): int(v) for k, v in fall_frame["school"].value_counts().items()}
    comments = _comments(fall, schools, counts, rng)
    comments = [comments[i] for i in rng.permutation(len(comments))]
    Comment.objects.bulk_create(comments)

    # the winter survey has been open three days: about a third of staff in some schools
    early = [name for name, _ in DEMO_SCHOOLS[:6]]
    early_sizes = [max(5, schools[name].staff_count // 3) for name in early]
    winter_frame = synthetic_survey(
        instrument.scale_specs(),
        early_sizes,
        rng,
        missing=0.04,
        school_labels=early,
        school_spread=0.3,
    )
    Response.objects.bulk_create(_responses(winter_frame, winter, schools, items, today))

    result = DemoDistrict(district=district)
    for school in schools.values():
        link = open_link_create(cycle=winter, school=school)
        result.links.append((school.name, f"/s/{link.token}/"))

    feedback = Cycle.objects.create(
        district=district,
        title="Feedback for the district SEL team",
        instrument_id="pulse",
        opens_on=dt.date(2026, 8, 1),
        closes_on=dt.date(2027, 7, 31),
        status=Cycle.OPEN,
        kind=Cycle.FEEDBACK,
    )
    feedback.teams.set([sel_team])
    feedback_link = open_link_create(cycle=feedback, team=sel_team)
    result.links.append(
        ("District SEL team feedback (standing link)", f"/s/{feedback_link.token}/")
    )
    pulse = load_builtin("pulse")
    pulse_items = pulse.item_ids
    monthly = synthetic_survey(
        pulse.scale_specs(), [14, 11, 16], rng, missing=0.02, demographics=()
    )
    months = [dt.date(2026, 9, 15), dt.date(2026, 10, 15), dt.date(2026, 11, 10)]
    month_of = [day for day, count in zip(months, [14, 11, 16], strict=True) for _ in range(count)]
    Response.objects.bulk_create(
        [
            Response(
                cycle=feedback,
                team=sel_team,
                submitted_on=day,
                answers={
                    i: (None if np.isnan(v) else int(v))
                    for i, v in zip(pulse_items, row, strict=True)
                },
            )
            for day, row in zip(month_of, monthly[pulse_items].to_numpy(), strict=True)
        ]
    )

    alder = schools["Alder Elementary"]
    coached = [
        schools[n]
        for n in ("Alder Elementary", "Dogwood Elementary", "Juniper Middle", "Linden High")
    ]
    people = [
        (
            User.DISTRICT_ADMIN,
            "admin@riverbend.example",
            "Dana Admin",
            None,
            "everything in the district",
        ),
        (User.COACH, "coach@riverbend.example", "Chris Coach", None, "4 coached schools"),
        (User.SCHOOL_LEADER, "leader@riverbend.example", "Lee Leader", alder, "Alder Elementary"),
        (User.STAFF, "staff@riverbend.example", "Sam Staff", alder, "Alder's published results"),
    ]
    for role, email, full_name, home_school, sees in people:
        first, last = full_name.split()
        user = User.objects.create_user(
            username=email,
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            district=district,
            role=role,
            school=home_school,
        )
        if role == User.COACH:
            user.coached_schools.set(coached)
        result.accounts.append((dict(User.ROLES)[role], email, sees))

    # the other sources and the planning half, each app seeding its own part
    for offset, seed_app in enumerate(_APP_SEEDERS, start=1):
        seed_app(district, rng=np.random.default_rng(seed + offset), today=today)
    return result
