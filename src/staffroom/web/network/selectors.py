"""Reads of the network app: a map as one viewer may see it, and its summaries.

Every statistic (degree, betweenness, communities, isolates, brokers, density,
components, E-I index, which schools have no tie to the district team) comes from
``staffroom.analysis.network``; this module only chooses the people, the ties and the
labels a viewer may see (``graph``), hands them to the engine, and hides what the
viewer may not see: person-level measures for viewers without name access, groups
under the district's ``min_n`` (merged, with complementary suppression), and whole maps
of fewer than ``min_n`` people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.analysis import DEFAULT_MIN_N, MIN_N_FLOOR
from staffroom.web.accounts.models import User
from staffroom.web.network import access, engine, graph
from staffroom.web.network.models import CLOSE_TIE_TYPES, Tie
from staffroom.web.orgs.models import District, School

__all__ = [
    "AttributeEI",
    "GroupMeasure",
    "NetworkMap",
    "TeamSchoolRow",
    "close_type_labels",
    "map_json",
    "school_map",
    "school_network_summary",
    "team_map",
    "team_schools",
]

PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
"""Okabe-Ito colours (distinguishable with the common colour-vision differences); nodes
also carry a dark outline and their group is in the details panel and the table."""
OTHER_COLOUR = "#BBBBBB"
EXTRA_COLOUR = "#777777"


def _min_n(district: District) -> int:
    return max(int(district.min_n or DEFAULT_MIN_N), MIN_N_FLOOR)


def _today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class GroupMeasure:
    """One group shown for an attribute, with the number of people in it."""

    value: str
    count: int


@dataclass(frozen=True)
class AttributeEI:
    attribute: str
    label: str
    ei: float | None
    groups: tuple[GroupMeasure, ...]
    note: str


@dataclass
class NetworkMap:
    """A connection map as one viewer may see it."""

    title: str
    district: District
    school: School | None
    named: bool
    min_n: int
    types: tuple[str, ...]
    colour: str
    people: list[graph.Person]
    edges: list[graph.Edge]
    colourings: dict[str, graph.Colouring]
    too_few: bool
    measures: engine.Measures | None = None
    ei: list[AttributeEI] = field(default_factory=list)

    @property
    def type_choices(self) -> list[tuple[str, str, bool]]:
        return [(value, str(label), value in self.types) for value, label in Tie.TYPES]

    @property
    def colour_choices(self) -> list[tuple[str, str, bool]]:
        return [
            (value, str(label), value == self.colour)
            for value, label in graph.ATTRIBUTES
            if value in self.colourings and self.colourings[value].available
        ]

    @property
    def hidden_colourings(self) -> list[str]:
        """Attributes not offered because no group was large enough to show safely."""
        return [
            str(label)
            for value, label in graph.ATTRIBUTES
            if value in self.colourings and not self.colourings[value].available
        ]

    @property
    def names_only_colourings(self) -> list[str]:
        """Attributes offered for colouring only to viewers who may see names."""
        if self.named or self.too_few:
            return []
        return [str(label) for value, label in graph.ATTRIBUTES if value in graph.DEMOGRAPHIC]

    @property
    def legend(self) -> list[tuple[str, int, str]]:
        """(group, people, colour) of the chosen colouring."""
        chosen = self.colourings.get(self.colour)
        if chosen is None:
            return []
        return [(g.value, g.count, _colour(g)) for g in chosen.groups]

    def rows(self) -> list[dict[str, Any]]:
        """The table alternative: one row per person (measures only for named maps)."""
        chosen = self.colourings.get(self.colour)
        per = self.measures.people if (self.measures is not None and self.named) else {}
        rows = []
        for person in self.people:
            row: dict[str, Any] = {
                "key": person.key,
                "label": person.name,
                "group": chosen.of.get(person.pk, "") if chosen is not None else "",
            }
            if self.named:
                row.update(values=person.values, measures=per.get(person.pk))
            rows.append(row)
        return rows

    @property
    def density_text(self) -> str:
        if self.measures is None or self.measures.density is None:
            return _("not defined (fewer than two people)")
        return f"{self.measures.density:.1%}"

    def _names(self, pks: Sequence[int]) -> list[str]:
        if not self.named:
            return []
        names = {p.pk: p.name for p in self.people}
        return sorted(names[pk] for pk in pks if pk in names)

    @property
    def isolate_names(self) -> list[str]:
        """Names of the people with no tie (only on named maps)."""
        return self._names(self.measures.isolate_pks if self.measures else [])

    @property
    def broker_names(self) -> list[str]:
        """Names of the brokers (only on named maps)."""
        return self._names(self.measures.brokers if self.measures else [])

    def tie_rows(self) -> list[tuple[str, str, str, bool]]:
        names = {p.pk: p.name for p in self.people}
        labels = dict(Tie.TYPES)
        rows = [
            (names[e.source], names[e.target], str(labels[e.type]), e.directed) for e in self.edges
        ]
        return sorted(rows)


def _colour(group: graph.Group) -> str:
    if group.colour < 0:
        return OTHER_COLOUR
    return PALETTE[group.colour] if group.colour < len(PALETTE) else EXTRA_COLOUR


def _build(
    *,
    title: str,
    district: District,
    school: School | None,
    people: list[graph.Person],
    named: bool,
    types: Sequence[str],
    colour: str,
) -> NetworkMap:
    min_n = _min_n(district)
    chosen_types = graph.type_choice(types)
    edges = graph.map_edges(district, people, chosen_types)
    too_few = not named and len(people) < min_n
    result = NetworkMap(
        title=title,
        district=district,
        school=school,
        named=named,
        min_n=min_n,
        types=chosen_types,
        colour=colour,
        people=[] if too_few else people,
        edges=[] if too_few else edges,
        colourings={},
        too_few=too_few,
    )
    if too_few:
        return result
    for attribute in graph.DEMOGRAPHIC:
        values = {p.pk: p.values[attribute] for p in people}
        result.colourings[attribute] = graph.colouring(
            attribute, values, min_n=min_n, suppress=not named
        )
    measures = engine.measures(people, edges, result.colourings)
    result.measures = measures
    result.colourings["community"] = graph.colouring(
        "community", measures.community_labels, min_n=min_n, suppress=False
    )
    if colour not in result.colourings or not result.colourings[colour].available:
        result.colour = next(
            (
                a
                for a, _l in graph.ATTRIBUTES
                if result.colourings.get(a) and result.colourings[a].available
            ),
            "",
        )
    result.ei = _ei_rows(result, measures)
    if not named:
        # Anonymous maps colour by community only. Colouring the same map by two
        # attributes in turn (role, then race/ethnicity) would let a viewer match nodes
        # across the two views and single out someone in a small overlap of two groups
        # that are each large enough; the attributes' E-I stays, as a group figure.
        for attribute in graph.DEMOGRAPHIC:
            result.colourings.pop(attribute, None)
        result.colour = "community" if result.colourings["community"].available else ""
    return result


def _ei_rows(result: NetworkMap, measures: engine.Measures) -> list[AttributeEI]:
    """E-I by attribute, computed by the engine on the groups the viewer may see."""
    labels = dict(graph.ATTRIBUTES)
    rows = []
    for attribute in graph.DEMOGRAPHIC:
        chosen = result.colourings[attribute]
        if not chosen.available:
            note = _("Not shown: no group on this map is large enough to show safely.")
            rows.append(AttributeEI(attribute, str(labels[attribute]), None, (), note))
            continue
        groups = tuple(GroupMeasure(g.value, g.count) for g in chosen.groups)
        note = (
            _("Smaller groups are merged into \u201c%(other)s\u201d, and counted as one group.")
            % {"other": graph.OTHER}
            if chosen.merged
            else ""
        )
        ei = measures.ei.get(attribute)
        rows.append(AttributeEI(attribute, str(labels[attribute]), ei, groups, note))
    return rows


def school_map(
    school: School, user: User, *, types: Sequence[str] = (), colour: str = "role"
) -> NetworkMap:
    """``school``'s map for ``user`` (call only after ``access.can_view_school_map``)."""
    named = access.can_see_names(user, school)
    people = graph.school_people(school, named=named, today=_today())
    return _build(
        title=school.name,
        district=school.district,
        school=school,
        people=people,
        named=named,
        types=types,
        colour=colour,
    )


def team_map(
    district: District, user: User, *, types: Sequence[str] = (), colour: str = "role"
) -> NetworkMap:
    """The district-team map (district-office staff and school leaders)."""
    named = access.can_see_team_names(user, district)
    people = graph.team_people(district, named=named, today=_today())
    return _build(
        title=_("District team and school leaders"),
        district=district,
        school=None,
        people=people,
        named=named,
        types=types,
        colour=colour,
    )


def map_json(network: NetworkMap) -> dict[str, Any]:
    """The data the map's script draws (the same people, ties and groups as the table)."""
    labels = dict(Tie.TYPES)
    colour_of = {
        attribute: {g.value: _colour(g) for g in c.groups}
        for attribute, c in network.colourings.items()
        if c.available
    }
    per = network.measures.people if (network.measures is not None and network.named) else {}
    nodes = []
    for person in network.people:
        node: dict[str, Any] = {"id": person.key, "label": person.name}
        chosen = network.colourings.get(network.colour)
        if chosen is not None and chosen.available:
            group = chosen.of[person.pk]
            node["group"] = group
            node["colour"] = colour_of[network.colour][group]
        if network.named:
            node["values"] = person.values
            found = per.get(person.pk)
            if found is not None:
                node["measures"] = {
                    "ties": found.degree,
                    "betweenness": round(found.betweenness, 3),
                    "community": found.community,
                    "broker": found.broker,
                    "isolate": found.isolate,
                }
        nodes.append(node)
    key = {p.pk: p.key for p in network.people}
    return {
        "title": network.title,
        "named": network.named,
        "min_n": network.min_n,
        "too_few": network.too_few,
        "colour": network.colour,
        "types": [{"id": t, "label": str(labels[t])} for t in network.types],
        "legend": [{"group": g, "count": n, "colour": c} for g, n, c in network.legend],
        "nodes": nodes,
        "links": [
            {
                "source": key[e.source],
                "target": key[e.target],
                "type": e.type,
                "directed": e.directed,
                "weight": e.weight,
            }
            for e in network.edges
        ],
    }


def close_type_labels() -> list[str]:
    """The tie types counted as close on the district-team page, in words."""
    labels = dict(Tie.TYPES)
    return [str(labels[t]).lower() for t in CLOSE_TIE_TYPES]


@dataclass(frozen=True)
class TeamSchoolRow:
    """One school on the district-team page."""

    school: School
    close_tie: bool
    indicators: dict[str, str]


def _district_team(district: District) -> list[int]:
    """Roster pks of the district team: district-office people (no school)."""
    from staffroom.web.accounts.models import RosterEntry

    return list(
        RosterEntry.objects.filter(district=district, school__isnull=True).values_list(
            "pk", flat=True
        )
    )


def team_schools(district: District, user: User) -> tuple[list[TeamSchoolRow], list[str]]:
    """Each visible school: has anyone there a close tie to the district team? With the
    community app's indicators (PD attendance, responsiveness) when it offers them.

    Returns the rows and the indicator column titles (empty when the community app has
    no indicators to offer).
    """
    schools = access.map_schools(user)
    team = _district_team(district)
    without = engine.schools_without_team_tie(district, schools, team, CLOSE_TIE_TYPES)
    indicators, columns = _indicators(district, schools)
    rows = [
        TeamSchoolRow(school, school.pk not in without, indicators.get(school.pk, {}))
        for school in schools
    ]
    return rows, columns


TEAM_INDICATORS = (
    "pl_voluntary_participation",
    "pl_mandatory_participation",
    "request_response_hours",
)
"""The community app's indicators shown beside each school on the district-team page."""


def _indicators(
    district: District, schools: Sequence[School]
) -> tuple[dict[int, dict[str, str]], list[str]]:
    """Latest PD attendance and district response time per school (community app)."""
    try:
        from staffroom.web.community import selectors as community

        panel = community.district_panel(district=district, schools=schools)
    except Exception:
        return {}, []
    if not panel.available:
        return {}, []

    def title(info: Any) -> str:
        unit = getattr(info, "unit_title", "")
        return f"{info.title} ({unit})" if unit and not info.percent else str(info.title)

    infos = [info for info in panel.indicators if info.id in TEAM_INDICATORS]
    found = {
        row.school.pk: {
            title(trend.indicator): trend.latest_text or _("not shown")
            for trend in row.trends
            if trend.indicator.id in TEAM_INDICATORS
        }
        for row in panel.rows
    }
    return found, [title(info) for info in infos]


def school_network_summary(school: School, user: User) -> dict[str, Any] | None:
    """Aggregates of ``school``'s map for the school profile page (None: nothing to show).

    Only counts and whole-map measures (never a person's), and nothing at all for a map
    of fewer than the district's ``min_n`` people or for a viewer without map access.
    """
    if not access.can_view_school_map(user, school):
        return None
    people = graph.school_people(school, named=False, today=_today())
    min_n = _min_n(school.district)
    if len(people) < min_n:
        return None
    edges = graph.map_edges(school.district, people, graph.type_choice(()))
    if not edges:
        return None
    measures = engine.measures(people, edges, {})
    return {
        "people": len(people),
        "ties": len(edges),
        "density": measures.density,
        "components": measures.components,
        "isolates": measures.isolates,
        "brokers": len(measures.brokers),
        "communities": measures.communities,
        "min_n": min_n,
    }
