"""Rotating meeting roles: a fair, deterministic rotation that reads hand edits."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffroom.web.voice.models import Meeting
from staffroom.web.voice.rotation import rotation_plan
from staffroom.web.voice.services import meetings_plan
from tests.web.voice.factories import MembershipFactory, WorkingGroupFactory


def test_a_fresh_group_of_three_is_a_latin_square():
    plan = rotation_plan("ABC", history=[], n_meetings=3)
    assert [step.roles for step in plan] == [("A", "B", "C"), ("B", "C", "A"), ("C", "A", "B")]


@pytest.mark.parametrize("m", [3, 4, 5, 6, 7, 9, 12])
def test_over_one_round_everyone_holds_every_role_once(m):
    members = list(range(m))
    plan = rotation_plan(members, history=[], n_meetings=m)
    for role in range(3):
        assert sorted(step.roles[role] for step in plan) == members


@given(
    m=st.integers(min_value=3, max_value=10),
    rounds=st.integers(min_value=1, max_value=4),
)
def test_turns_in_each_role_never_differ_by_more_than_one(m, rounds):
    plan = rotation_plan(list(range(m)), history=[], n_meetings=m * rounds + m // 2)
    for role in range(3):
        counts = Counter(step.roles[role] for step in plan)
        counts.update(dict.fromkeys(range(m), 0))
        assert max(counts.values()) - min(counts.values()) <= 1


@given(m=st.integers(min_value=1, max_value=8), n=st.integers(min_value=0, max_value=20))
def test_nobody_holds_two_roles_at_one_meeting(m, n):
    for step in rotation_plan(list(range(m)), history=[], n_meetings=n):
        held = [r for r in step.roles if r is not None]
        assert len(held) == len(set(held)) == min(m, 3)


def test_the_plan_is_the_same_every_time():
    history = [("A", "B", "C"), ("C", None, "A")]
    first = rotation_plan("ABCDE", history=history, n_meetings=6)
    assert first == rotation_plan("ABCDE", history=history, n_meetings=6)


def test_a_hand_swap_is_evened_out_in_the_next_meetings():
    # B took the facilitator's turn twice (covering for A): B does not facilitate again
    # until A, C and D have, and A, who had no turn at all, gets two roles straight away
    history = [("B", "C", "D"), ("B", "D", "C")]
    plan = rotation_plan("ABCD", history=history, n_meetings=3)
    assert {step.roles[0] for step in plan} == {"A", "C", "D"}
    assert "A" in plan[0].roles


def test_former_members_in_the_history_are_ignored():
    plan = rotation_plan("AB", history=[("Z", "A", "B")], n_meetings=1)
    assert plan[0].roles == ("A", "B", None)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="n_meetings"):
        rotation_plan("AB", history=[], n_meetings=-1)


def test_planning_meetings_continues_the_rotation_and_spaces_the_dates(db):
    group = WorkingGroupFactory()
    members = [MembershipFactory(group=group) for _ in range(4)]
    first = meetings_plan(group=group, first=dt.date(2026, 9, 1), every_days=14, count=2)
    more = meetings_plan(group=group, first=dt.date(2026, 10, 1), every_days=7, count=2)
    assert [m.held_on for m in first + more] == [
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 15),
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 8),
    ]
    facilitators = list(Meeting.objects.order_by("held_on").values_list("facilitator", flat=True))
    assert sorted(facilitators) == sorted(m.pk for m in members)
