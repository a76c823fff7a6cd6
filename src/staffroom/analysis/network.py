"""The connection map: who is tied to whom among staff, and what that says about a school.

Ties come in as two arrays of person ids (``sources[k]`` is tied to ``targets[k]``).
They may have been collected as directed, typed or weighted nominations ("I go to her
for advice"), but every measure here is computed on the **undirected simple graph**:
a tie in either direction, any number of times, of any type, is one tie between two
people; a tie from a person to themself is dropped. This is what R igraph's
``simplify(as.undirected(g))`` and networkx's ``nx.Graph`` give, and it is the graph
the reference values in ``tests/analysis/fixtures/r/network/`` were computed on.

Per person: degree, normalised betweenness (Freeman 1977; Brandes 2001, computed by
rustworkx), community (Louvain, Blondel et al. 2008, with a fixed seed), isolate and
broker (Burt 1992; Gould & Fernandez 1989). For the map: people, ties, density,
connected components, modularity and the E-I index of any attribute (Krackhardt &
Stern 1988). ``team_ties_by_group`` and ``groups_without_tie`` say which schools have
no tie to a team (the district office). See docs/analysis/network.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import AnalysisError, InvalidParameterError

if TYPE_CHECKING:
    import rustworkx as rx

__all__ = [
    "BETWEENNESS_DECIMALS",
    "BROKER_MIN_OTHER_COMMUNITIES",
    "BROKER_TOP_SHARE",
    "COMMUNITY_SEED",
    "STATISTICS",
    "DuplicatePersonError",
    "EIResult",
    "NetworkResult",
    "SimpleGraph",
    "UnknownPersonError",
    "analyze_network",
    "betweenness",
    "brokers",
    "communities",
    "components",
    "degree",
    "density",
    "ei_index",
    "groups_without_tie",
    "modularity",
    "simple_graph",
    "team_ties_by_group",
]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Progress = Callable[[str, float], None]

COMMUNITY_SEED = 0
"""Seed of the Louvain method's node order: the same ties always give the same communities."""

BROKER_MIN_OTHER_COMMUNITIES = 2
"""A broker has ties into at least this many communities other than their own."""

BROKER_TOP_SHARE = 0.10
"""A broker's betweenness is in this top share of the map (fewer than 10% score higher)."""


class UnknownPersonError(AnalysisError):
    """A tie names a person who is not among the people.

    ``position`` is the 0-based position of the tie in ``sources``/``targets`` and
    ``end`` is ``"source"`` or ``"target"``.
    """

    def __init__(self, person: object, position: int, end: str) -> None:
        self.person = person
        self.position = position
        self.end = end
        super().__init__(
            f"tie {position} names {person!r} as its {end}, who is not among the people"
        )


class DuplicatePersonError(AnalysisError):
    """A person id appears twice (or is blank) in the list of people.

    ``position`` is the 0-based position of the repeat (or the blank), ``first`` the
    position of the first appearance (None for a blank id).
    """

    def __init__(self, person: object, position: int, first: int | None) -> None:
        self.person = person
        self.position = position
        self.first = first
        if first is None:
            message = f"person {position} has a blank id"
        else:
            message = f"person {position} repeats the id {person!r} of person {first}"
        super().__init__(message)


# ---------------------------------------------------------------------------- the graph


@dataclass(frozen=True)
class SimpleGraph:
    """The undirected simple graph of a set of ties.

    ``people`` keeps the caller's order; ``rank[i]`` is person i's place when ids are
    sorted (so results never depend on the order people or ties were listed).
    ``low[k]`` and ``high[k]`` are the positions of the two ends of tie k, ``low`` the
    end whose id sorts first; ties are unique and sorted by the ranks of their ends.
    """

    people: pd.Index
    rank: IntArray
    low: IntArray
    high: IntArray
    tie_rows: int
    self_ties: int

    @property
    def n(self) -> int:
        """Number of people (nodes)."""
        return len(self.people)

    @property
    def m(self) -> int:
        """Number of distinct undirected ties (edges)."""
        return len(self.low)


def _blank(values: Sequence[object]) -> tuple[pd.Series, BoolArray]:
    """The values as an object Series, and where they are missing (None, NaN, NA, blank)."""
    series = pd.Series(list(values), dtype=object)
    blank = series.isna().to_numpy() | (series.astype(str).str.strip() == "").to_numpy()
    return series, np.asarray(blank, dtype=bool)


def _people_index(people: Sequence[str]) -> pd.Index:
    series, blank = _blank(people)
    index: pd.Index = pd.Index(series, dtype=object)
    if blank.any():
        position = int(np.argmax(blank))
        raise DuplicatePersonError(index[position], position, None)
    repeated = index.duplicated(keep="first")
    if repeated.any():
        position = int(np.argmax(repeated))
        first = int(np.argmax(index == index[position]))
        raise DuplicatePersonError(index[position], position, first)
    return index


def _positions(index: pd.Index, ids: Sequence[str], end: str) -> IntArray:
    found = np.asarray(index.get_indexer(pd.Index(list(ids), dtype=object)), dtype=np.int64)
    missing = found < 0
    if missing.any():
        position = int(np.argmax(missing))
        raise UnknownPersonError(list(ids)[position], position, end)
    return found


def simple_graph(
    people: Sequence[str], sources: Sequence[str], targets: Sequence[str]
) -> SimpleGraph:
    """Collapse ties into the undirected simple graph the measures are computed on.

    Parameters
    ----------
    people
        Every person's id, once each (a person with no tie is an isolate).
    sources, targets
        One entry per tie: the ids at its two ends. Direction, type and weight are
        not used; ties in both directions and repeated ties count once; self-ties are
        dropped.

    Raises
    ------
    DuplicatePersonError
        A person id is blank or repeated.
    UnknownPersonError
        A tie names someone who is not in ``people`` (the first such tie).
    InvalidParameterError
        ``sources`` and ``targets`` differ in length.
    """
    if len(sources) != len(targets):
        raise InvalidParameterError("sources and targets must have the same length")
    index = _people_index(people)
    n = len(index)
    order = np.argsort(np.asarray(index, dtype=str), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    source = rank[_positions(index, sources, "source")]
    target = rank[_positions(index, targets, "target")]
    self_tie = source == target
    lo = np.minimum(source, target)[~self_tie]
    hi = np.maximum(source, target)[~self_tie]
    width = max(n, 1)
    keys = np.unique(lo * width + hi)
    return SimpleGraph(
        people=index,
        rank=rank,
        low=order[keys // width].astype(np.int64),
        high=order[keys % width].astype(np.int64),
        tie_rows=len(sources),
        self_ties=int(self_tie.sum()),
    )


# ---------------------------------------------------------------------------- measures


def degree(graph: SimpleGraph) -> IntArray:
    """Number of distinct people each person is tied to.

    Notes
    -----
    d_i = number of j != i with a tie between i and j in either direction (the degree
    in the undirected simple graph; igraph ``degree(simplify(as.undirected(g)))``).
    An isolate has degree 0.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social network analysis: Methods and
    applications (ch. 4). Cambridge University Press.
    """
    counts = np.bincount(graph.low, minlength=graph.n) + np.bincount(graph.high, minlength=graph.n)
    return counts.astype(np.int64)


def density(graph: SimpleGraph) -> float | None:
    """Share of all possible ties that exist.

    Notes
    -----
    density = m / (n (n - 1) / 2) for n people and m distinct undirected ties
    (igraph ``edge_density``). Undefined (None) with fewer than two people.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social network analysis: Methods and
    applications (p. 101). Cambridge University Press.
    """
    n = graph.n
    if n < 2:
        return None
    return float(graph.m / (n * (n - 1) / 2))


def _rustworkx_graph(graph: SimpleGraph) -> rx.PyGraph[Any, Any]:
    """The graph in rustworkx, node k being the person of rank k (ties are then added
    in node order, which keeps each node's ties close together in memory: about a
    fifth faster betweenness than ties in random order on a 5,000-person map)."""
    import rustworkx as rx

    g = rx.PyGraph(multigraph=False, node_count_hint=graph.n, edge_count_hint=graph.m)
    g.add_nodes_from(range(graph.n))
    ends = zip(graph.rank[graph.low].tolist(), graph.rank[graph.high].tolist(), strict=True)
    g.add_edges_from_no_data(list(ends))
    return g


BETWEENNESS_DECIMALS = 12
"""Betweenness is reported to 12 decimals, so repeated runs give identical results."""


def betweenness(graph: SimpleGraph) -> FloatArray:
    """Normalised betweenness centrality of every person.

    Notes
    -----
    b_i = sum over pairs {s, t} (s != i != t) of sigma_st(i) / sigma_st, where
    sigma_st is the number of shortest paths between s and t and sigma_st(i) the
    number passing through i; each unordered pair counts once. Normalised by the
    number of pairs not involving i: b_i / ((n - 1)(n - 2) / 2), so a star's centre
    scores 1. Computed with Brandes' algorithm by rustworkx
    (``graph_betweenness_centrality(normalized=True)``); equal to igraph
    ``betweenness(g, directed = FALSE, normalized = TRUE)`` and networkx
    ``betweenness_centrality``. With fewer than three people every value is 0
    (igraph gives NaN there; networkx gives 0).

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
    Sociometry, 40(1), 35-41.
    Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
    Mathematical Sociology, 25(2), 163-177.
    """
    if graph.n < 3 or graph.m == 0:
        return np.zeros(graph.n, dtype=np.float64)
    import rustworkx as rx

    values = rx.graph_betweenness_centrality(_rustworkx_graph(graph), normalized=True)
    by_rank = np.fromiter((values[k] for k in range(graph.n)), dtype=np.float64, count=graph.n)
    # rustworkx sums over sources in parallel, in no fixed order, so the last bits vary
    # between runs; rounding to 12 decimals makes results (and the broker ranking built on
    # them) the same on every run, far below any difference that matters
    return np.round(by_rank[graph.rank], BETWEENNESS_DECIMALS)


def _stable_labels(raw: IntArray, rank: IntArray) -> IntArray:
    """Renumber groups 0, 1, ... by size (largest first), then by smallest member id."""
    if raw.size == 0:
        return raw
    _, dense = np.unique(raw, return_inverse=True)
    dense = dense.astype(np.int64)
    sizes = np.bincount(dense)
    smallest = np.full(sizes.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(smallest, dense, rank)
    order = np.lexsort((smallest, -sizes))
    relabel = np.empty(sizes.size, dtype=np.int64)
    relabel[order] = np.arange(sizes.size, dtype=np.int64)
    return relabel[dense]


def _labels_from_sets(sets: Sequence[Collection[int]], n: int) -> IntArray:
    members = np.fromiter(itertools.chain.from_iterable(sets), dtype=np.int64, count=n)
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    labels = np.empty(n, dtype=np.int64)
    labels[members] = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
    return labels


def components(graph: SimpleGraph) -> IntArray:
    """Connected component of every person, numbered by size then smallest member id.

    Notes
    -----
    Two people are in the same component when a path of ties joins them; an isolate
    is a component of one. The number of components is ``labels.max() + 1`` (igraph
    ``components(g)$no``). Component 0 is the largest; among equal sizes, the one whose
    smallest member id sorts first comes first.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social network analysis: Methods and
    applications (p. 109). Cambridge University Press.
    """
    if graph.n == 0:
        return np.zeros(0, dtype=np.int64)
    import rustworkx as rx

    sets = rx.connected_components(_rustworkx_graph(graph))
    return _stable_labels(_labels_from_sets(sets, graph.n)[graph.rank], graph.rank)


def communities(graph: SimpleGraph, *, seed: int = COMMUNITY_SEED) -> IntArray:
    """Community of every person (Louvain), numbered by size then smallest member id.

    Notes
    -----
    The Louvain method (Blondel et al. 2008) as implemented by networkx
    ``louvain_communities`` (resolution 1, threshold 1e-7, every level, unweighted):
    people move one at a time to the neighbouring community that raises the
    modularity Q most, then communities are merged into single nodes and the moves
    repeat until Q stops rising. The order people are visited in is shuffled with
    ``seed``; the graph is built with people in sorted id order and ties sorted, so
    the same ties always give the same communities whatever order they were listed
    in. An isolate is a community of one. Labels: 0 is the largest community; among
    equal sizes, the one whose smallest member id sorts first comes first.

    Louvain was chosen over greedy modularity (Clauset, Newman & Moore 2004) after
    measuring both: on a 5,000-person, 50,000-tie map networkx's greedy modularity
    took 31 s and Louvain 1.3 s, for the same modularity. The partitions are checked
    against R igraph ``cluster_louvain``: identical on maps with clear groups, and
    never more than 0.02 below igraph's modularity elsewhere (the method is randomised
    in both).

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast
    unfolding of communities in large networks. Journal of Statistical Mechanics,
    P10008.
    Newman, M. E. J. (2006). Modularity and community structure in networks. PNAS,
    103(23), 8577-8582.
    """
    if graph.n == 0:
        return np.zeros(0, dtype=np.int64)
    import networkx as nx

    sorted_nodes = np.argsort(graph.rank)
    g = nx.Graph()
    g.add_nodes_from(sorted_nodes.tolist())
    g.add_edges_from(zip(graph.low.tolist(), graph.high.tolist(), strict=True))
    sets = nx.community.louvain_communities(g, resolution=1, threshold=1e-7, seed=seed)
    return _stable_labels(_labels_from_sets(sets, graph.n), graph.rank)


def modularity(graph: SimpleGraph, labels: IntArray) -> float | None:
    """Newman's modularity Q of a partition of the people.

    Notes
    -----
    Q = sum over communities c of [ L_c / m - (D_c / (2 m))^2 ], with m ties, L_c the
    ties inside c and D_c the sum of its members' degrees (resolution 1; igraph
    ``modularity(g, membership)``). Undefined (None) with no ties.

    References
    ----------
    Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating community structure
    in networks. Physical Review E, 69(2), 026113.
    """
    labels = np.asarray(labels, dtype=np.int64)
    if graph.m == 0:
        return None
    k = int(labels.max()) + 1
    inside = labels[graph.low] == labels[graph.high]
    inner = np.bincount(labels[graph.low][inside], minlength=k).astype(np.float64)
    degrees = np.bincount(labels, weights=degree(graph).astype(np.float64), minlength=k)
    m = float(graph.m)
    return float(np.sum(inner / m - (degrees / (2 * m)) ** 2))


def brokers(
    graph: SimpleGraph,
    betweenness_values: FloatArray,
    labels: IntArray,
    *,
    min_other_communities: int = BROKER_MIN_OTHER_COMMUNITIES,
    top_share: float = BROKER_TOP_SHARE,
) -> tuple[BoolArray, IntArray]:
    """Who spans structural holes: ties into several other communities, high betweenness.

    Returns the broker flag and, per person, the number of communities other than
    their own that they have a tie into.

    Notes
    -----
    A person is a broker when both hold:

    1. they have ties into at least ``min_other_communities`` (2) communities other
       than their own: they are the bridge Gould & Fernandez (1989) call a
       liaison or itinerant broker between groups;
    2. their betweenness is above 0 and fewer than ``top_share`` (10%) of all people
       on the map have a higher betweenness: many shortest paths between others run
       through them, so they sit on a structural hole (Burt 1992).

    The rule is deterministic (ties in betweenness are all in or all out) and uses
    the communities of ``communities``; an isolate is never a broker.

    References
    ----------
    Burt, R. S. (1992). Structural holes: The social structure of competition.
    Harvard University Press.
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A formal
    approach to brokerage in transaction networks. Sociological Methodology, 19,
    89-126.
    """
    if not 0 < top_share <= 1:
        raise InvalidParameterError("top_share must be above 0 and at most 1")
    if min_other_communities < 1:
        raise InvalidParameterError("min_other_communities must be at least 1")
    n = graph.n
    labels = np.asarray(labels, dtype=np.int64)
    values = np.asarray(betweenness_values, dtype=np.float64)
    crossing = labels[graph.low] != labels[graph.high]
    person = np.concatenate([graph.low[crossing], graph.high[crossing]])
    other = np.concatenate([labels[graph.high[crossing]], labels[graph.low[crossing]]])
    k = int(labels.max()) + 1 if n else 1
    pairs = np.unique(person * k + other)
    reached = np.bincount(pairs // k, minlength=n).astype(np.int64)
    ordered = np.sort(values)
    higher = n - np.searchsorted(ordered, values, side="right")
    is_broker = (reached >= min_other_communities) & (values > 0) & (higher < top_share * n)
    return is_broker, reached


# ---------------------------------------------------------------------------- E-I index


@dataclass(frozen=True)
class EIResult:
    """The E-I index of one attribute and the tie counts behind it.

    ``left_out`` counts ties with the attribute missing at either end.
    """

    index: float | None
    external: int
    internal: int
    left_out: int


def _factorize(values: Sequence[object], n: int, name: str) -> tuple[IntArray, list[str]]:
    """Integer code per person (-1 = missing) and the group names, in order of appearance."""
    if len(values) != n:
        raise InvalidParameterError(f"{name!r} has {len(values)} values for {n} people")
    series, blank = _blank(values)
    text = series.astype(str).str.strip().where(~blank, None)
    codes, uniques = pd.factorize(text)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]


def _codes(values: Sequence[object], n: int, name: str) -> IntArray:
    return _factorize(values, n, name)[0]


def _ei_from_codes(graph: SimpleGraph, codes: IntArray) -> EIResult:
    a, b = codes[graph.low], codes[graph.high]
    known = (a >= 0) & (b >= 0)
    external = int(np.sum(known & (a != b)))
    internal = int(np.sum(known & (a == b)))
    total = external + internal
    value = (external - internal) / total if total else None
    return EIResult(value, external, internal, graph.m - total)


def ei_index(
    graph: SimpleGraph, attribute: Sequence[object], *, name: str = "attribute"
) -> EIResult:
    """Krackhardt and Stern's E-I index of ties across the groups of one attribute.

    Parameters
    ----------
    graph
        From ``simple_graph``.
    attribute
        One value per person, in the order of ``graph.people`` (role, grade band,
        hire-date band, race/ethnicity, ...); None, NaN or blank = missing.

    Notes
    -----
    E-I = (E - I) / (E + I), with E the ties between people in different groups and I
    the ties between people in the same group, counted on the undirected simple graph.
    -1: every tie stays inside a group; +1: every tie crosses groups. A tie with the
    attribute missing at either end is left out of both E and I (counted in
    ``left_out``). Undefined (None) when no tie has the attribute at both ends.
    Checked against the same count done in base R on the igraph fixtures.

    References
    ----------
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational
    crises: An experimental simulation. Social Psychology Quarterly, 51(2), 123-140.
    """
    return _ei_from_codes(graph, _codes(attribute, graph.n, name))


# ---------------------------------------------------------------------------- the whole map


@dataclass(frozen=True)
class NetworkResult:
    """Every measure of one connection map.

    ``people`` is indexed by person id in the caller's order, with columns
    ``degree`` (int), ``betweenness`` (float, normalised), ``community`` and
    ``component`` (int labels, 0 = largest), ``other_communities`` (int: communities
    other than one's own reached by a tie), ``isolate`` and ``broker`` (bool).
    """

    people_count: int
    ties: int
    density: float | None
    components: int
    communities: int
    modularity: float | None
    ei_index: dict[str, float | None]
    ei: dict[str, EIResult]
    people: pd.DataFrame
    tie_rows: int = 0
    self_ties: int = 0


def analyze_network(
    people: Sequence[str],
    sources: Sequence[str],
    targets: Sequence[str],
    *,
    attributes: Mapping[str, Sequence[object]] | None = None,
    seed: int = COMMUNITY_SEED,
    progress: Progress | None = None,
) -> NetworkResult:
    """Every measure of a connection map, in one call.

    Parameters
    ----------
    people
        Every person's id, once each.
    sources, targets
        The ends of each tie (direction, type and weight are not used; see
        ``simple_graph``).
    attributes
        Attribute name -> one value per person (in the order of ``people``); the E-I
        index is computed for each. Missing values are None, NaN or blank.
    seed
        Seed of the Louvain node order (default ``COMMUNITY_SEED``).
    progress
        Called as ``progress(stage, done)`` with ``done`` from 0 to 1 as the work
        proceeds (for a progress bar); betweenness is most of the time on large maps.

    Returns
    -------
    NetworkResult

    Notes
    -----
    Combines ``degree``, ``betweenness``, ``components``, ``communities``,
    ``modularity``, ``brokers``, ``density`` and ``ei_index`` (see each for its
    formula); an isolate is a person with degree 0.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social network analysis: Methods and
    applications. Cambridge University Press.
    """

    def report(stage: str, done: float) -> None:
        if progress is not None:
            progress(stage, done)

    report("building the map", 0.0)
    graph = simple_graph(people, sources, targets)
    codes = {name: _codes(values, graph.n, name) for name, values in (attributes or {}).items()}
    report("degree and components", 0.05)
    degrees = degree(graph)
    component = components(graph)
    report("betweenness", 0.1)
    between = betweenness(graph)
    report("communities", 0.7)
    community = communities(graph, seed=seed)
    report("brokers and E-I", 0.95)
    is_broker, reached = brokers(graph, between, community)
    ei = {name: _ei_from_codes(graph, code) for name, code in codes.items()}
    table = pd.DataFrame(
        {
            "degree": degrees,
            "betweenness": between,
            "community": community,
            "component": component,
            "other_communities": reached,
            "isolate": degrees == 0,
            "broker": is_broker,
        },
        index=pd.Index(graph.people, name="person"),
    )
    report("done", 1.0)
    return NetworkResult(
        people_count=graph.n,
        ties=graph.m,
        density=density(graph),
        components=int(component.max()) + 1 if graph.n else 0,
        communities=int(community.max()) + 1 if graph.n else 0,
        modularity=modularity(graph, community),
        ei_index={name: result.index for name, result in ei.items()},
        ei=ei,
        people=table,
        tie_rows=graph.tie_rows,
        self_ties=graph.self_ties,
    )


# ---------------------------------------------------------------------------- a team's reach


def team_ties_by_group(
    people: Sequence[str],
    groups: Sequence[object],
    team: Collection[str],
    sources: Sequence[str],
    targets: Sequence[str],
) -> pd.DataFrame:
    """How each group (school) is tied to a team (the district office, say).

    Parameters
    ----------
    people
        Every person's id, once each.
    groups
        Each person's group (school), in the order of ``people``; None or blank for
        people in no group.
    team
        Ids of the team's members (each must be in ``people``). Team members are not
        counted as members of their own group here.
    sources, targets
        The ties (collapsed to the undirected simple graph, as ``simple_graph``).

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted), columns ``people`` (members not on the team),
        ``people_with_tie`` (members tied to at least one team member) and ``ties``
        (distinct ties between members and the team).
    """
    graph = simple_graph(people, sources, targets)
    on_team = np.zeros(graph.n, dtype=bool)
    on_team[_positions(graph.people, list(team), "team member")] = True
    codes, labels = _factorize(groups, graph.n, "groups")
    member = (codes >= 0) & ~on_team
    low_team, high_team = on_team[graph.low], on_team[graph.high]
    # the non-team end of each tie between the team and someone outside it
    outside = np.concatenate([graph.high[low_team & ~high_team], graph.low[high_team & ~low_team]])
    outside = outside[member[outside]]
    k = len(labels)
    ties = np.bincount(codes[outside], minlength=k)
    tied = np.zeros(graph.n, dtype=bool)
    tied[outside] = True
    size = np.bincount(codes[member], minlength=k)
    with_tie = np.bincount(codes[member & tied], minlength=k)
    frame = pd.DataFrame(
        {"people": size, "people_with_tie": with_tie, "ties": ties},
        index=pd.Index(labels, name="group"),
    ).astype("int64")
    frame = frame[frame["people"] > 0]
    return frame.sort_index()


def groups_without_tie(
    people: Sequence[str],
    groups: Sequence[object],
    team: Collection[str],
    sources: Sequence[str],
    targets: Sequence[str],
) -> tuple[str, ...]:
    """Groups (schools) none of whose members has a tie to anyone on ``team``.

    Same arguments as ``team_ties_by_group``; the groups are returned sorted. A group
    whose only members are on the team is not listed.
    """
    frame = team_ties_by_group(people, groups, team, sources, targets)
    return tuple(str(g) for g in frame.index[frame["ties"] == 0])


STATISTICS = (
    degree,
    betweenness,
    density,
    components,
    communities,
    modularity,
    brokers,
    ei_index,
    analyze_network,
)
