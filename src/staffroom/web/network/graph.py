"""From the database to a map: who is on it, their ties, labels and colour groups.

Nothing here computes a network statistic (``staffroom.analysis.network`` does, called
from ``selectors``). This module decides what a viewer may see:

* labels: a person's name for viewers allowed names; otherwise a stable random label
  ("Person K7QD"), an HMAC of the person's id under the site's secret key, so labels do
  not change between visits and are not ordered by anything about the person (nodes are
  listed by label, never by roster order);
* colour groups for viewers without names: an attribute value is shown only when at
  least the district's ``min_n`` people on the map hold it. Smaller values are merged
  into "Other / not shown"; if the merged group would hold fewer than ``min_n`` people,
  the next-smallest values are merged too (complementary suppression, by
  ``staffroom.analysis.complementary_suppression``), and if nothing can be shown the
  attribute is not offered for colouring.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from staffroom.analysis import complementary_suppression
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.network.models import Tie
from staffroom.web.orgs.models import District, School

__all__ = [
    "ATTRIBUTES",
    "LEADER_ROLES",
    "NOT_STATED",
    "OTHER",
    "Colouring",
    "Edge",
    "Group",
    "Person",
    "colouring",
    "hire_band",
    "map_edges",
    "school_people",
    "team_people",
    "type_choice",
]

ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("role", _("Role")),
    ("grade_band", _("Grade band")),
    ("hire_band", _("Years since hire")),
    ("race_ethnicity", _("Race or ethnicity")),
    ("community", _("Community (found in the ties)")),
)
"""Attributes a map can be coloured by (``community`` comes from the analysis)."""

DEMOGRAPHIC = ("role", "grade_band", "hire_band", "race_ethnicity")
LEADER_ROLES = frozenset({"administrator", "principal", "assistant principal"})
"""Roster roles (case-insensitive) counted as school leaders on the district-team map."""
NOT_STATED = "not stated"
OTHER = "other / not shown"
_HIRE_BANDS = ((2, "under 2 years"), (6, "2-5 years"), (11, "6-10 years"))


@dataclass(frozen=True)
class Person:
    """Someone on a map: ``key`` is the id the page uses (anonymous for most viewers)."""

    pk: int
    key: str
    name: str
    school_id: int | None
    values: dict[str, str]


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    type: str
    directed: bool
    weight: float


@dataclass(frozen=True)
class Group:
    value: str
    count: int
    colour: int
    """Index into the page's palette; -1 for the merged "other / not shown" group."""


@dataclass(frozen=True)
class Colouring:
    """How one attribute colours a map for one viewer."""

    attribute: str
    groups: tuple[Group, ...]
    of: dict[int, str]
    """Person pk -> the group shown for them (merged values become ``OTHER``)."""
    merged: int
    """How many attribute values were merged into ``OTHER``."""
    available: bool
    """False when no value could be shown safely (the attribute is not offered)."""


def hire_band(hire_date: dt.date | None, today: dt.date) -> str:
    """Years since hire in the bands surveys use; ``NOT_STATED`` when unknown."""
    if hire_date is None:
        return NOT_STATED
    years = (today - hire_date).days / 365.25
    for limit, label in _HIRE_BANDS:
        if years < limit:
            return label
    return "over 10 years"


def _anonymous_key(pk: int, district_id: int, length: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"staffroom.network:{district_id}:{pk}".encode(), "sha256"
    ).digest()
    return base64.b32encode(digest).decode()[:length]


def _display_name(entry: RosterEntry) -> str:
    return entry.name or entry.staff_id or entry.email.split("@")[0] or f"#{entry.pk}"


def _people(
    entries: Iterable[RosterEntry], *, named: bool, district_id: int, today: dt.date
) -> list[Person]:
    rows = list(entries)
    length = 4
    keys = [_anonymous_key(e.pk, district_id, length) for e in rows]
    while len(set(keys)) < len(keys):  # a clash among this map's people: longer keys
        length += 2
        keys = [_anonymous_key(e.pk, district_id, length) for e in rows]
    people = [
        Person(
            pk=e.pk,
            key=str(e.pk) if named else key,
            name=_display_name(e) if named else f"Person {key}",
            school_id=e.school_id,
            values={
                "role": e.role.strip().lower() or NOT_STATED,
                "grade_band": e.grade_band.strip() or NOT_STATED,
                "hire_band": hire_band(e.hire_date, today),
                "race_ethnicity": e.race_ethnicity.strip() or NOT_STATED,
            },
        )
        for e, key in zip(rows, keys, strict=True)
    ]
    return sorted(people, key=lambda p: p.name.lower() if named else p.key)


def school_people(school: School, *, named: bool, today: dt.date) -> list[Person]:
    """Everyone on ``school``'s roster, named or anonymous, in label order."""
    return _people(
        RosterEntry.objects.filter(school=school), named=named, district_id=school.district_id,
        today=today,
    )  # fmt: skip


def team_people(district: District, *, named: bool, today: dt.date) -> list[Person]:
    """The district-team map: district-office staff (no school) and school leaders."""
    leaders = Q()
    for role in LEADER_ROLES:
        leaders |= Q(role__iexact=role)
    entries = RosterEntry.objects.filter(district=district).filter(
        Q(school__isnull=True) | (Q(school__isnull=False) & leaders)
    )
    return _people(entries, named=named, district_id=district.pk, today=today)


def type_choice(wanted: Sequence[str]) -> tuple[str, ...]:
    """The tie types asked for (unknown ones dropped); all types when none is valid."""
    known = [value for value, _label in Tie.TYPES]
    chosen = tuple(t for t in known if t in set(wanted))
    return chosen or tuple(known)


def map_edges(district: District, people: Sequence[Person], types: Sequence[str]) -> list[Edge]:
    """Ties of the chosen types whose two ends are both on the map."""
    pks = [p.pk for p in people]
    rows = (
        Tie.objects.filter(district=district, type__in=types, source_id__in=pks, target_id__in=pks)
        .order_by("id")
        .values_list("source_id", "target_id", "type", "directed", "weight")
    )
    return [Edge(s, t, kind, directed, weight) for s, t, kind, directed, weight in rows]


def colouring(attribute: str, values: dict[int, str], *, min_n: int, suppress: bool) -> Colouring:
    """Colour groups of one attribute; with ``suppress``, small groups are merged.

    ``values`` maps each person's pk to their value. Groups are listed by size
    (largest first), then by value.
    """
    counts = Counter(values.values())
    ordered = sorted(counts, key=lambda v: (-counts[v], v))
    if not suppress:
        groups = tuple(Group(v, counts[v], i) for i, v in enumerate(ordered))
        return Colouring(attribute, groups, dict(values), 0, bool(groups))
    hidden = complementary_suppression(np.array([[counts[v] for v in ordered]]), min_n)[0]
    shown = [v for v, h in zip(ordered, hidden, strict=True) if not h]
    merged = [v for v, h in zip(ordered, hidden, strict=True) if h]
    if not shown:
        return Colouring(attribute, (), {}, len(merged), False)
    shown_groups = [Group(v, counts[v], i) for i, v in enumerate(shown)]
    if merged:
        shown_groups.append(Group(OTHER, sum(counts[v] for v in merged), -1))
    keep = set(shown)
    of = {pk: (v if v in keep else OTHER) for pk, v in values.items()}
    return Colouring(attribute, tuple(shown_groups), of, len(merged), True)
