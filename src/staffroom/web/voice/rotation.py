"""Rotating meeting roles: who facilitates, takes notes and keeps time at the next meetings.

Pure Python (no Django): members and past assignments in, the next assignments out.
The rule is deterministic, so the same history always gives the same plan, and it
reads the history as it is (after any hand edits), so a swap is evened out later.

Each member has, for each role, a key: (turns in this role so far, the meeting at which
they last held it, never being the earliest, turns in any role, position in the
rotation). Each new meeting takes the assignment of distinct members to the roles
(facilitator, note-taker, timekeeper) with the smallest sum of keys, compared element
by element: first the fewest earlier turns in the roles given, then the longest ago,
then the fewest turns overall, then rotation order. With a fresh group of ``m`` members
this is a round robin: over ``m`` meetings each member facilitates once, takes notes
once and keeps time once.
A group smaller than the number of roles leaves the remaining roles open (``None``).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Assignment", "rotation_plan"]

M = TypeVar("M", bound=Hashable)


def _flip(key: Callable[[M, int], tuple[int, ...]], role: int, member: M) -> tuple[int, ...]:
    return key(member, role)


@dataclass(frozen=True)
class Assignment(Generic[M]):
    """Who holds each role at one meeting (``None`` when nobody is left to hold it)."""

    roles: tuple[M | None, ...]


def rotation_plan(
    members: Sequence[M],
    *,
    history: Sequence[Sequence[M | None]],
    n_meetings: int,
    n_roles: int = 3,
) -> list[Assignment[M]]:
    """The next ``n_meetings`` assignments after ``history``.

    Parameters
    ----------
    members
        Current members in rotation order (positions break the last ties).
    history
        Past (and already planned) meetings in date order, each a sequence of who held
        each role; former members in it are ignored.
    n_meetings
        How many meetings to plan.
    n_roles
        How many rotating roles a meeting has.
    """
    if n_meetings < 0 or n_roles < 1:
        raise ValueError("n_meetings must be >= 0 and n_roles >= 1")
    position = {member: index for index, member in enumerate(members)}
    count = {member: [0] * n_roles for member in members}
    last = {member: [-1] * n_roles for member in members}
    total = dict.fromkeys(members, 0)

    def record(meeting_index: int, roles: Sequence[M | None]) -> None:
        for role, member in enumerate(roles[:n_roles]):
            if member in position:
                count[member][role] += 1
                last[member][role] = meeting_index
                total[member] += 1

    for index, roles in enumerate(history):
        record(index, roles)
    plan: list[Assignment[M]] = []
    n_filled = min(n_roles, len(members))
    for step in range(n_meetings):

        def key(m: M, role: int) -> tuple[int, int, int, int]:
            return (count[m][role], last[m][role], total[m], position[m])

        # The best assignment of this meeting lies among each role's n_filled best
        # members (if a role took someone worse, one of its better candidates is free,
        # and swapping them in improves the sum), so only those are tried.
        shortlists = [
            sorted(members, key=functools.partial(_flip, key, role))[:n_filled]
            for role in range(n_filled)
        ]
        best: tuple[M, ...] = ()
        best_cost: tuple[int, ...] | None = None
        for combo in itertools.product(*shortlists):
            if len(set(combo)) < n_filled:
                continue
            keys = [key(m, role) for role, m in enumerate(combo)]
            cost = tuple(sum(parts) for parts in zip(*keys, strict=True))
            if best_cost is None or cost < best_cost:
                best, best_cost = combo, cost
        chosen: tuple[M | None, ...] = (*best, *([None] * (n_roles - n_filled)))
        record(len(history) + step, chosen)
        plan.append(Assignment(roles=chosen))
    return plan
