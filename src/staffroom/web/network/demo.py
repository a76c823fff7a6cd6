"""Connection map: the demo district's data (fictional, seeded).

Ties are drawn school by school from a block model: people in the same grade band (or
the same role, for those without one) connect far more often than others, so grade
teams show up as dense clusters; each school has two or three brokers who connect
across clusters; recent hires connect rarely, so most isolates are new staff. The
district SEL team (district-office people with no school, created here when the demo
has none) is closely tied to the leaders and some staff of about half the schools and
to nobody in the others, so the district-team page has something to show. A few
observed gatherings are recorded as "seen together" ties among the people present.
Everything is drawn from ``rng``: the same seed gives the same ties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from staffroom.web.accounts.models import RosterEntry
from staffroom.web.network.graph import LEADER_ROLES
from staffroom.web.network.models import Tie
from staffroom.web.orgs.models import District, Team

__all__ = ["DISTRICT_TEAM", "TEAM_REACHES", "seed_demo"]

DISTRICT_TEAM: tuple[tuple[str, str], ...] = (
    ("Morgan Ellis", "director"),
    ("Priya Raman", "coach"),
    ("Tomás Aguilar", "coach"),
    ("Grace Okafor", "coach"),
    ("Ben Whitfield", "specialist"),
    ("Hana Sato", "specialist"),
    ("Jordan Price", "coordinator"),
    ("Lucía Moreno", "coordinator"),
    ("Sam Becker", "analyst"),
)
"""The fictional district SEL team (name, role)."""

TEAM_REACHES = (
    "Alder Elementary",
    "Birch Creek Elementary",
    "Dogwood Elementary",
    "Fir Grove K-8",
    "Linden High",
    "Maple Ridge High",
)
"""Schools where the district team has close ties (the others have none)."""

_FIRST = [
    "Alex",
    "Avery",
    "Blair",
    "Casey",
    "Dana",
    "Drew",
    "Eden",
    "Emery",
    "Finley",
    "Gray",
    "Harper",
    "Hayden",
    "Jamie",
    "Jesse",
    "Kai",
    "Kendall",
    "Lane",
    "Logan",
    "Marlowe",
    "Micah",
    "Noel",
    "Oakley",
    "Parker",
    "Quinn",
    "Reese",
    "Riley",
    "Rowan",
    "Sage",
    "Skyler",
    "Tatum",
    "Toby",
    "Vale",
    "Wren",
    "Yael",
    "Zion",
    "Amara",
    "Bea",
    "Cleo",
    "Dev",
    "Esme",
    "Farah",
    "Ines",
    "Jun",
    "Lior",
    "Mina",
    "Nico",
    "Omar",
    "Pilar",
    "Rafa",
    "Sana",
    "Teo",
    "Uma",
    "Vik",
]
_LAST = [
    "Abbott",
    "Baptiste",
    "Castillo",
    "Dube",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mbeki",
    "Nakamura",
    "Oyelaran",
    "Petrov",
    "Quintero",
    "Rossi",
    "Silva",
    "Tanaka",
    "Umarov",
    "Varga",
    "Whitaker",
    "Xiong",
    "Yilmaz",
    "Zamora",
    "Brennan",
    "Cho",
    "Delgado",
    "Evans",
    "Farouk",
    "Greene",
    "Holm",
    "Iqbal",
]

_SCHOOL_TYPES = (
    Tie.ADVICE,
    Tie.MAJOR_PROJECT,
    Tie.SOCIAL,
    Tie.PHONE,
    Tie.WORKED_BEFORE,
    Tie.SIT_TOGETHER,
)
_SCHOOL_TYPE_SHARES = (0.26, 0.14, 0.14, 0.2, 0.12, 0.14)
_CLOSE = (Tie.ADVICE, Tie.MAJOR_PROJECT, Tie.SOCIAL)


def _names(rng: np.random.Generator, n: int) -> list[str]:
    first = rng.choice(_FIRST, size=n)
    last = rng.choice(_LAST, size=n)
    return [f"{a} {b}" for a, b in zip(first, last, strict=True)]


def _district_team(district: District, rng: np.random.Generator) -> list[RosterEntry]:
    """District-office people (no school) in the district's SEL team; created if none."""
    existing = list(RosterEntry.objects.filter(district=district, school__isnull=True))
    if existing:
        return existing
    team = Team.objects.filter(district=district, kind="district").first()
    if team is None:
        team = Team.objects.create(district=district, name="District SEL team", kind="district")
    people = RosterEntry.objects.bulk_create(
        RosterEntry(
            district=district,
            school=None,
            staff_id=f"D{index:03d}",
            email=f"sel{index:02d}@riverbend.example",
            name=name,
            role=role,
            hire_date=dt.date(2015 + int(rng.integers(0, 10)), 8, 1),
        )
        for index, (name, role) in enumerate(DISTRICT_TEAM, start=1)
    )
    for person in people:
        person.teams.add(team)
    team.member_count = len(people)
    team.save(update_fields=["member_count"])
    return people


def _pairs(
    rng: np.random.Generator, members: Sequence[RosterEntry], today: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) index pairs tied in one school, from the block model."""
    n = len(members)
    band = np.array([m.grade_band or m.role or "-" for m in members])
    role = np.array([m.role for m in members])
    recent = np.array(
        [m.hire_date is not None and (today - m.hire_date).days < 2 * 365 for m in members]
    )
    same_band = band[:, None] == band[None, :]
    same_role = role[:, None] == role[None, :]
    p = np.where(same_band, 0.24, 0.025) + np.where(same_role, 0.03, 0.0)
    sociable = np.where(recent, 0.06, 1.0) * rng.uniform(0.6, 1.4, size=n)
    settled = np.flatnonzero(~recent)
    brokers = rng.choice(settled, size=min(len(settled), 2 + n // 40), replace=False)
    sociable[brokers] = np.maximum(sociable[brokers], 1.0)
    p = p * np.sqrt(sociable[:, None] * sociable[None, :])
    # brokers reach across grade bands (new staff a little less)
    floor = np.where(recent, 0.04, 0.16)
    p[brokers, :] = np.maximum(p[brokers, :], floor[None, :])
    p[:, brokers] = np.maximum(p[:, brokers], floor[:, None])
    upper = np.triu(rng.random((n, n)) < np.minimum(p, 0.9), k=1)
    i, j = np.nonzero(upper)
    return i, j


def _day(rng: np.random.Generator, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=int(rng.integers(7, 120)))


def _school_ties(
    district: District, members: list[RosterEntry], rng: np.random.Generator, today: dt.date
) -> list[Tie]:
    ties: list[Tie] = []
    if len(members) < 2:
        return ties
    i, j = _pairs(rng, members, today)
    kinds = rng.choice(len(_SCHOOL_TYPES), size=len(i), p=_SCHOOL_TYPE_SHARES)
    second = rng.random(len(i)) < 0.35  # some pairs are tied in two ways
    extra = rng.choice(len(_SCHOOL_TYPES), size=len(i), p=_SCHOOL_TYPE_SHARES)
    flip = rng.random(len(i)) < 0.5
    for a, b, k, two, k2, swap in zip(i, j, kinds, second, extra, flip, strict=True):
        kinds_here = (k,) if not two or k == k2 else (k, k2)
        for kind in (_SCHOOL_TYPES[index] for index in kinds_here):
            source, target = (members[b], members[a]) if swap else (members[a], members[b])
            ties.append(
                Tie(
                    district=district,
                    source=source,
                    target=target,
                    type=kind,
                    directed=kind == Tie.ADVICE,
                    weight=float(rng.integers(1, 4)),
                    observed_on=_day(rng, today),
                )
            )
    # observed informal gatherings: everyone present is tied to everyone else present
    for _ in range(int(rng.integers(1, 3))):
        present = rng.choice(
            len(members), size=min(len(members), int(rng.integers(4, 8))), replace=False
        )
        day = _day(rng, today)
        for x in range(len(present)):
            for y in range(x + 1, len(present)):
                ties.append(
                    Tie(
                        district=district,
                        source=members[present[x]],
                        target=members[present[y]],
                        type=Tie.GATHERING,
                        observed_on=day,
                    )
                )
    return ties


def _team_ties(
    district: District,
    team: list[RosterEntry],
    by_school: dict[str, list[RosterEntry]],
    rng: np.random.Generator,
    today: dt.date,
) -> list[Tie]:
    ties: list[Tie] = []
    for x in range(len(team)):  # the team itself works closely together
        for y in range(x + 1, len(team)):
            if rng.random() < 0.7:
                kind = _CLOSE[int(rng.integers(0, 3))]
                ties.append(
                    Tie(
                        district=district,
                        source=team[x],
                        target=team[y],
                        type=kind,
                        directed=kind == Tie.ADVICE,
                        observed_on=_day(rng, today),
                    )
                )
    for name, members in by_school.items():
        leaders = [m for m in members if m.role.lower() in LEADER_ROLES]
        others = [m for m in members if m.role.lower() not in LEADER_ROLES]
        if name in TEAM_REACHES:
            chosen = leaders + [
                others[k] for k in rng.choice(len(others), size=min(3, len(others)), replace=False)
            ]
            kinds: tuple[str, ...] = _CLOSE
        else:  # the district team knows these schools only in passing
            chosen = leaders[:1]
            kinds = (Tie.PHONE,)
        for person in chosen:
            contact = team[int(rng.integers(0, len(team)))]
            kind = kinds[int(rng.integers(0, len(kinds)))]
            ties.append(
                Tie(
                    district=district,
                    source=person,
                    target=contact,
                    type=kind,
                    directed=kind == Tie.ADVICE,
                    observed_on=_day(rng, today),
                )
            )
    return ties


def seed_demo(district: District, *, rng: np.random.Generator, today: dt.date) -> None:
    """Add this app's part of the demo district (called by ``core.demo.demo_seed``)."""
    unnamed = list(RosterEntry.objects.filter(district=district, name="").order_by("pk"))
    for entry, name in zip(unnamed, _names(rng, len(unnamed)), strict=True):
        entry.name = name  # fictional names, shown only to the roles the district allows
    RosterEntry.objects.bulk_update(unnamed, ["name"], batch_size=500)
    team = _district_team(district, rng)
    by_school: dict[str, list[RosterEntry]] = {}
    for entry in (
        RosterEntry.objects.filter(district=district, school__isnull=False)
        .select_related("school")
        .order_by("school__name", "pk")
    ):
        by_school.setdefault(entry.school.name, []).append(entry)
    ties: list[Tie] = []
    for members in by_school.values():
        ties.extend(_school_ties(district, members, rng, today))
    ties.extend(_team_ties(district, team, by_school, rng, today))
    Tie.objects.bulk_create(ties, batch_size=2000)
