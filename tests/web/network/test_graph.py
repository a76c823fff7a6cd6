"""Who is on a map, how they are labelled, and which colour groups may be shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffroom.web.network import graph
from tests.web.network.conftest import TODAY


def _values(**counts: int) -> dict[int, str]:
    values: dict[int, str] = {}
    for value, count in counts.items():
        for _ in range(count):
            values[len(values)] = value
    return values


def test_groups_are_shown_whole_to_viewers_with_names():
    result = graph.colouring("role", _values(teacher=8, para=1), min_n=5, suppress=False)
    assert [(g.value, g.count) for g in result.groups] == [("teacher", 8), ("para", 1)]
    assert result.available


def test_it_merges_small_groups_and_one_more_so_the_merged_one_is_not_small():
    result = graph.colouring(
        "role", _values(teacher=10, para=3, specialist=6), min_n=5, suppress=True
    )
    # para (3) alone would be under 5, so the next smallest (specialist, 6) joins it
    assert [(g.value, g.count) for g in result.groups] == [("teacher", 10), (graph.OTHER, 9)]
    assert result.merged == 2
    assert set(result.of.values()) == {"teacher", graph.OTHER}


def test_small_groups_that_add_up_are_merged_alone():
    result = graph.colouring(
        "role", _values(teacher=7, para=3, specialist=2), min_n=5, suppress=True
    )
    assert [(g.value, g.count) for g in result.groups] == [("teacher", 7), (graph.OTHER, 5)]


def test_it_drops_the_attribute_when_nothing_can_be_shown_safely():
    result = graph.colouring("race", _values(white=9, black=2, asian=1), min_n=5, suppress=True)
    assert not result.available
    assert result.groups == ()
    assert result.of == {}


@pytest.mark.parametrize(
    ("days", "band"),
    [(30, "under 2 years"), (800, "2-5 years"), (2500, "6-10 years"), (5000, "over 10 years")],
)
def test_hire_bands(days: int, band: str):
    assert graph.hire_band(TODAY - dt.timedelta(days=days), TODAY) == band
    assert graph.hire_band(None, TODAY) == graph.NOT_STATED


def test_anonymous_labels_are_stable_and_not_in_roster_order(mapped):
    school = mapped.cast.school
    first = graph.school_people(school, named=False, today=TODAY)
    again = graph.school_people(school, named=False, today=TODAY)
    assert [p.key for p in first] == [p.key for p in again]
    assert all(p.name == f"Person {p.key}" for p in first)
    assert all("Alder" not in p.name and not p.key.isdigit() for p in first)
    assert [p.key for p in first] == sorted(p.key for p in first)
    assert [p.pk for p in first] != sorted(p.pk for p in first)  # not roster order


def test_named_people_carry_their_names(mapped):
    people = graph.school_people(mapped.cast.school, named=True, today=TODAY)
    assert people[0].name == "Alder Person 01"
    assert {p.key for p in people} == {str(e.pk) for e in mapped.alder}


def test_the_team_map_holds_district_office_staff_and_school_leaders(mapped):
    people = graph.team_people(mapped.cast.district, named=True, today=TODAY)
    assert {p.pk for p in people} == {e.pk for e in mapped.team} | {mapped.birch_leader.pk}


@given(
    counts=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=8),
    min_n=st.integers(min_value=3, max_value=10),
)
def test_anonymous_colouring_never_shows_a_small_group(counts: list[int], min_n: int):
    values = _values(**{f"g{i}": c for i, c in enumerate(counts)})
    result = graph.colouring("role", values, min_n=min_n, suppress=True)
    if not result.available:
        assert result.of == {}
        return
    assert all(g.count >= min_n for g in result.groups)
    assert sum(g.count for g in result.groups) == len(values)
    shown = Counter(result.of.values())
    assert {g.value: g.count for g in result.groups} == dict(shown)
