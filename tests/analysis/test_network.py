"""The connection-map engine against R igraph (committed fixtures) and networkx (random maps)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffroom.analysis.exceptions import AnalysisError, InvalidParameterError
from staffroom.analysis.network import (
    BROKER_TOP_SHARE,
    DuplicatePersonError,
    UnknownPersonError,
    analyze_network,
    betweenness,
    brokers,
    communities,
    components,
    degree,
    density,
    ei_index,
    groups_without_tie,
    modularity,
    simple_graph,
    team_ties_by_group,
)

FIXTURES = Path(__file__).parent / "fixtures" / "r" / "network"
GRAPHS = sorted(p.stem.removeprefix("graph_") for p in FIXTURES.glob("graph_*.json"))
# Louvain finds the same communities as igraph's where the groups are clear; elsewhere
# both are randomised searches and are compared by the modularity they reach.
SAME_PARTITION = ["caveman", "components", "district", "star"]
RTOL = 1e-9


def _fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"graph_{name}.json").read_text())


def _analysed(name: str) -> tuple[dict[str, Any], Any]:
    data = _fixture(name)
    result = analyze_network(
        data["people"],
        data["ties"]["source"],
        data["ties"]["target"],
        attributes=data["attributes"],
    )
    return data, result


def _partition(labels: dict[str, int] | Any) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for person, label in dict(labels).items():
        groups.setdefault(int(label), set()).add(person)
    return {frozenset(members) for members in groups.values()}


def test_the_fixtures_cover_every_kind_of_graph():
    assert set(GRAPHS) == {"caveman", "components", "district", "path", "random", "star"}
    assert _fixture("random")["generated_by"]["igraph"] == "1.3.5"


# ---------------------------------------------------------------------------- R igraph


@pytest.mark.parametrize("name", GRAPHS)
def test_counts_density_and_components_match_igraph(name):
    data, result = _analysed(name)
    expected = data["expected"]
    assert result.people_count == expected["people_count"]
    assert result.ties == expected["ties"]
    assert result.components == expected["components"]
    np.testing.assert_allclose(result.density, expected["density"], rtol=RTOL)
    assert _partition(result.people["component"]) == _partition(expected["component"])


@pytest.mark.parametrize("name", GRAPHS)
def test_degree_and_betweenness_match_igraph(name):
    data, result = _analysed(name)
    people = data["people"]
    expected = data["expected"]
    assert result.people["degree"].tolist() == [expected["degree"][p] for p in people]
    np.testing.assert_allclose(
        result.people["betweenness"].to_numpy(),
        [expected["betweenness"][p] for p in people],
        rtol=RTOL,
        atol=1e-12,
    )


@pytest.mark.parametrize("name", GRAPHS)
def test_isolates_are_the_people_with_no_tie_in_igraph(name):
    data, result = _analysed(name)
    isolates = {p for p, d in data["expected"]["degree"].items() if d == 0}
    assert set(result.people.index[result.people["isolate"]]) == isolates


@pytest.mark.parametrize("name", GRAPHS)
def test_modularity_of_igraphs_own_partitions_matches_igraph(name):
    data = _fixture(name)
    graph = simple_graph(data["people"], data["ties"]["source"], data["ties"]["target"])
    for method in ("louvain", "fast_greedy"):
        labels = np.array([data["expected"][method]["membership"][p] for p in data["people"]])
        np.testing.assert_allclose(
            modularity(graph, labels - 1), data["expected"][method]["modularity"], atol=1e-12
        )


@pytest.mark.parametrize("name", GRAPHS)
def test_modularity_of_the_partition_by_attribute_matches_igraph(name):
    data = _fixture(name)
    graph = simple_graph(data["people"], data["ties"]["source"], data["ties"]["target"])
    for attribute, expected in data["expected"]["modularity_by_attribute"].items():
        if expected is None:
            continue
        _, codes = np.unique(data["attributes"][attribute], return_inverse=True)
        np.testing.assert_allclose(modularity(graph, codes), expected, rtol=RTOL, atol=1e-12)


@pytest.mark.parametrize("name", SAME_PARTITION)
def test_communities_are_igraphs_louvain_communities_where_the_groups_are_clear(name):
    data, result = _analysed(name)
    assert _partition(result.people["community"]) == _partition(
        data["expected"]["louvain"]["membership"]
    )
    np.testing.assert_allclose(
        result.modularity, data["expected"]["louvain"]["modularity"], atol=1e-12
    )


@pytest.mark.parametrize("name", GRAPHS)
def test_community_modularity_is_as_high_as_igraphs_within_002(name):
    data, result = _analysed(name)
    best = max(
        data["expected"]["louvain"]["modularity"], data["expected"]["fast_greedy"]["modularity"]
    )
    assert result.modularity >= best - 0.02
    assert result.communities == result.people["community"].nunique()


@pytest.mark.parametrize("name", GRAPHS)
def test_ei_index_matches_the_count_in_r(name):
    data, result = _analysed(name)
    for attribute, expected in data["expected"]["ei"].items():
        got = result.ei[attribute]
        assert (got.external, got.internal, got.left_out) == (
            expected["external"],
            expected["internal"],
            expected["left_out"],
        )
        if expected["index"] is None:
            assert got.index is None
        else:
            np.testing.assert_allclose(got.index, expected["index"], rtol=RTOL, atol=1e-15)
        assert result.ei_index[attribute] == got.index


def test_a_star_centre_has_betweenness_one_and_the_leaves_zero():
    _, result = _analysed("star")
    assert result.people.loc["p001", "betweenness"] == pytest.approx(1.0)
    assert (result.people["betweenness"].drop("p001") == 0).all()


# ---------------------------------------------------------------------------- rules


def test_repeated_reciprocal_and_self_ties_collapse():
    graph = simple_graph(["a", "b", "c"], ["a", "b", "a", "c", "c"], ["b", "a", "b", "c", "a"])
    assert graph.m == 2
    assert graph.tie_rows == 5
    assert graph.self_ties == 1
    assert degree(graph).tolist() == [2, 1, 1]


def test_a_tie_naming_an_unknown_person_is_an_error_naming_the_tie_and_end():
    with pytest.raises(UnknownPersonError) as caught:
        simple_graph(["a", "b"], ["a", "b", "a"], ["b", "a", "z"])
    assert (caught.value.person, caught.value.position, caught.value.end) == ("z", 2, "target")
    assert isinstance(caught.value, AnalysisError)
    assert "'z'" in str(caught.value)


@pytest.mark.parametrize(
    ("people", "position", "first"), [(["a", "b", "a"], 2, 0), (["a", "", "b"], 1, None)]
)
def test_a_repeated_or_blank_person_is_an_error(people, position, first):
    with pytest.raises(DuplicatePersonError) as caught:
        simple_graph(people, [], [])
    assert (caught.value.position, caught.value.first) == (position, first)


def test_sources_and_targets_must_pair_up():
    with pytest.raises(InvalidParameterError):
        simple_graph(["a", "b"], ["a"], [])


def test_an_attribute_must_have_one_value_per_person():
    with pytest.raises(InvalidParameterError, match="'role'"):
        analyze_network(["a", "b"], ["a"], ["b"], attributes={"role": ["x"]})


def test_an_empty_map_and_a_map_without_ties():
    empty = analyze_network([], [], [])
    assert (empty.people_count, empty.ties, empty.components, empty.density) == (0, 0, 0, None)
    assert empty.modularity is None
    lonely = analyze_network(["a", "b", "c"], [], [], attributes={"role": ["x", "x", "y"]})
    assert lonely.density == 0.0
    assert lonely.components == 3
    assert lonely.people["isolate"].all()
    assert not lonely.people["broker"].any()
    assert lonely.ei_index == {"role": None}
    pair = analyze_network(["a", "b"], ["a"], ["b"])
    assert pair.people["betweenness"].tolist() == [0.0, 0.0]


def test_ei_index_leaves_out_ties_with_a_missing_end():
    graph = simple_graph(list("abcd"), ["a", "a", "b", "c"], ["b", "c", "d", "d"])
    result = ei_index(graph, ["x", "x", None, "y"])
    assert (result.external, result.internal, result.left_out) == (1, 1, 2)
    assert result.index == 0.0
    assert ei_index(graph, ["x", "x", "x", "x"]).index == -1.0
    assert ei_index(graph, [np.nan, " ", None, "y"]).index is None


def _two_groups_and_a_bridge() -> tuple[list[str], list[str], list[str]]:
    """Three cliques of 5 joined through one person, h, tied into all three."""
    people = [f"p{i:02d}" for i in range(15)] + ["h"]
    sources, targets = [], []
    for k in range(3):
        members = people[5 * k : 5 * k + 5]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                sources.append(a)
                targets.append(b)
        sources += ["h", "h"]
        targets += [members[0], members[1]]
    return people, sources, targets


def test_the_person_bridging_three_groups_is_the_broker():
    people, sources, targets = _two_groups_and_a_bridge()
    result = analyze_network(people, sources, targets)
    assert result.people.index[result.people["broker"]].tolist() == ["h"]
    assert result.people.loc["h", "other_communities"] >= 2
    assert result.communities == 3


def test_the_broker_rule_needs_both_reach_and_top_betweenness():
    people, sources, targets = _two_groups_and_a_bridge()
    graph = simple_graph(people, sources, targets)
    labels = communities(graph)
    between = betweenness(graph)
    flags, _ = brokers(graph, between, labels, min_other_communities=5)
    assert not flags.any()
    flags, _ = brokers(graph, np.zeros(graph.n), labels)
    assert not flags.any()
    with pytest.raises(InvalidParameterError):
        brokers(graph, between, labels, top_share=0)
    assert BROKER_TOP_SHARE == 0.10


def test_results_do_not_depend_on_the_order_of_people_or_ties():
    data = _fixture("district")
    people, sources, targets = data["people"], data["ties"]["source"], data["ties"]["target"]
    rng = np.random.default_rng(5)
    order = rng.permutation(len(people))
    tie_order = rng.permutation(len(sources))
    first = analyze_network(people, sources, targets).people
    second = analyze_network(
        [people[i] for i in order],
        [targets[i] for i in tie_order],  # reversed direction as well
        [sources[i] for i in tie_order],
    ).people.loc[first.index]
    assert first[["degree", "community", "component", "broker"]].equals(
        second[["degree", "community", "component", "broker"]]
    )
    np.testing.assert_allclose(first["betweenness"], second["betweenness"], rtol=1e-12)


def test_community_labels_are_numbered_by_size_then_smallest_member():
    people = ["b1", "b2", "a1", "a2", "c1", "c2", "c3", "z"]
    result = analyze_network(people, ["a1", "b1", "c1", "c2"], ["a2", "b2", "c2", "c3"])
    community = result.people["community"]
    assert community["c1"] == 0  # largest
    assert community["a1"] == 1  # pairs: a sorts before b
    assert community["b1"] == 2
    assert community["z"] == 3


def test_progress_is_reported_from_0_to_1():
    seen: list[tuple[str, float]] = []
    analyze_network(["a", "b", "c"], ["a"], ["b"], progress=lambda s, d: seen.append((s, d)))
    fractions = [d for _, d in seen]
    assert fractions[0] == 0.0
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)


# ---------------------------------------------------------------------------- a team's reach


def test_groups_without_a_tie_to_the_district_team():
    people = ["d1", "d2", "a1", "a2", "b1", "b2", "c1", "x"]
    groups = ["District", "District", "A", "A", "B", "B", "C", None]
    sources = ["d1", "a2", "b1", "c1", "x"]
    targets = ["a1", "d2", "b2", "c1", "d1"]
    frame = team_ties_by_group(people, groups, ["d1", "d2"], sources, targets)
    assert frame.index.tolist() == ["A", "B", "C"]  # the team's own group is not listed
    assert frame.loc["A"].tolist() == [2, 2, 2]
    assert frame.loc["B"].tolist() == [2, 0, 0]
    assert groups_without_tie(people, groups, ["d1", "d2"], sources, targets) == ("B", "C")


def test_a_team_member_must_be_among_the_people():
    with pytest.raises(UnknownPersonError):
        groups_without_tie(["a"], ["A"], ["nobody"], [], [])


# ---------------------------------------------------------------------------- networkx


@st.composite
def _maps(draw: st.DrawFn) -> tuple[list[str], list[str], list[str]]:
    n = draw(st.integers(min_value=1, max_value=25))
    people = [f"s{i}" for i in range(n)]
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    return people, [people[a] for a, _ in pairs], [people[b] for _, b in pairs]


def _networkx(people: list[str], sources: list[str], targets: list[str]) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(people)
    g.add_edges_from((a, b) for a, b in zip(sources, targets, strict=True) if a != b)
    return g


@settings(max_examples=60, deadline=None)
@given(_maps())
def test_measures_match_networkx_on_random_maps(case):
    people, sources, targets = case
    g = _networkx(people, sources, targets)
    graph = simple_graph(people, sources, targets)
    assert graph.m == g.number_of_edges()
    assert degree(graph).tolist() == [g.degree(p) for p in people]
    expected = nx.betweenness_centrality(g)
    np.testing.assert_allclose(betweenness(graph), [expected[p] for p in people], atol=1e-12)
    if len(people) >= 2:
        assert density(graph) == pytest.approx(nx.density(g), abs=1e-15)
    labels = components(graph)
    assert _partition(dict(zip(people, labels, strict=True))) == {
        frozenset(c) for c in nx.connected_components(g)
    }
    found = communities(graph)
    if graph.m:
        parts = [
            {p for p, c in zip(people, found, strict=True) if c == k}
            for k in range(found.max() + 1)
        ]
        assert modularity(graph, found) == pytest.approx(
            nx.community.modularity(g, parts), abs=1e-12
        )


@settings(max_examples=60, deadline=None)
@given(_maps(), st.data())
def test_ei_index_matches_a_tie_by_tie_count(case, data):
    people, sources, targets = case
    values = data.draw(
        st.lists(st.sampled_from(["x", "y", "z", None]), min_size=len(people), max_size=len(people))
    )
    g = _networkx(people, sources, targets)
    value = dict(zip(people, values, strict=True))
    external = internal = 0
    for a, b in g.edges():
        if value[a] is None or value[b] is None:
            continue
        if value[a] == value[b]:
            internal += 1
        else:
            external += 1
    result = ei_index(simple_graph(people, sources, targets), values)
    assert (result.external, result.internal) == (external, internal)
    if external + internal:
        assert result.index == pytest.approx((external - internal) / (external + internal))
    else:
        assert result.index is None


@settings(max_examples=40, deadline=None)
@given(_maps())
def test_broker_flags_follow_the_rule(case):
    people, sources, targets = case
    result = analyze_network(people, sources, targets).people
    n = len(people)
    higher = np.array([(result["betweenness"] > b).sum() for b in result["betweenness"]])
    rule = (
        (result["other_communities"] >= 2)
        & (result["betweenness"] > 0)
        & (higher < BROKER_TOP_SHARE * n)
    )
    assert result["broker"].tolist() == rule.tolist()
    assert not (result["broker"] & result["isolate"]).any()
