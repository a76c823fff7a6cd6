"""The bridge to ``staffroom.analysis.network``: map data in, the engine's results out.

No statistic is computed here. This module turns a map's people and ties into the
engine's arguments (ids are the labels the viewer sees, so nothing about the result
depends on roster order for an anonymous viewer; attribute values are the groups the
viewer may see, so the E-I index of an attribute uses the merged groups) and turns
the engine's result back into plain values keyed by roster id.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from staffroom.analysis.network import analyze_network, groups_without_tie
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.network.graph import NOT_STATED, Colouring, Edge, Person
from staffroom.web.network.models import Tie
from staffroom.web.orgs.models import District, School

__all__ = ["Measures", "PersonMeasures", "measures", "schools_without_team_tie"]


@dataclass(frozen=True)
class PersonMeasures:
    degree: int
    betweenness: float
    community: int
    broker: bool
    isolate: bool


@dataclass(frozen=True)
class Measures:
    """The engine's results for one map (``people`` keyed by roster id)."""

    people: dict[int, PersonMeasures]
    density: float | None
    components: int
    communities: int
    isolates: int
    isolate_pks: list[int]
    brokers: list[int]
    ei: dict[str, float | None]
    community_labels: dict[int, str]


def measures(
    people: Sequence[Person], edges: Sequence[Edge], colourings: Mapping[str, Colouring]
) -> Measures:
    """Every measure of a map; E-I for each colouring that may be shown."""
    key = {p.pk: p.key for p in people}
    attributes = {
        name: [_missing(c.of.get(p.pk)) for p in people]
        for name, c in colourings.items()
        if c.available
    }
    result = analyze_network(
        [p.key for p in people],
        [key[e.source] for e in edges],
        [key[e.target] for e in edges],
        attributes=attributes,
    )
    table = result.people  # indexed by id, in the order of ``people``
    per = {
        p.pk: PersonMeasures(
            degree=int(degree),
            betweenness=float(between),
            community=int(community) + 1,
            broker=bool(broker),
            isolate=bool(isolate),
        )
        for p, degree, between, community, broker, isolate in zip(
            people,
            table["degree"].to_numpy(),
            table["betweenness"].to_numpy(),
            table["community"].to_numpy(),
            table["broker"].to_numpy(),
            table["isolate"].to_numpy(),
            strict=True,
        )
    }
    return Measures(
        people=per,
        density=result.density,
        components=result.components,
        communities=result.communities,
        isolates=sum(m.isolate for m in per.values()),
        isolate_pks=[pk for pk, m in per.items() if m.isolate],
        brokers=[pk for pk, m in per.items() if m.broker],
        ei=dict(result.ei_index),
        community_labels={pk: f"Community {m.community}" for pk, m in per.items()},
    )


def _missing(value: str | None) -> str | None:
    """``not stated`` is missing for the E-I index (the engine leaves those ties out)."""
    return None if value in (None, NOT_STATED) else value


def schools_without_team_tie(
    district: District,
    schools: Sequence[School],
    team: Collection[int],
    types: Sequence[str],
) -> set[int]:
    """Ids of ``schools`` none of whose staff has a tie of ``types`` with the team."""
    if not schools:
        return set()
    names = {s.pk: s.name for s in schools}
    rows = list(
        RosterEntry.objects.filter(district=district)
        .filter(school_id__in=list(names))
        .values_list("pk", "school_id")
    )
    # a team member whose roster entry names one of these schools counts as team, once
    team_set = set(team)
    rows = [(pk, school) for pk, school in rows if pk not in team_set]
    people = [str(pk) for pk, _school in rows] + [str(pk) for pk in team_set]
    groups: list[str | None] = [names[school] for _pk, school in rows] + [None] * len(team_set)
    known = [int(p) for p in people]
    ties = list(
        Tie.objects.filter(
            district=district, type__in=types, source_id__in=known, target_id__in=known
        ).values_list("source_id", "target_id")
    )
    without = set(
        groups_without_tie(
            people,
            groups,
            [str(pk) for pk in team],
            [str(s) for s, _t in ties],
            [str(t) for _s, t in ties],
        )
    )
    with_staff = {school for _pk, school in rows}
    # a school with no one on its roster is not on the engine's list; it has no tie either
    return {pk for pk, name in names.items() if name in without or pk not in with_staff}
