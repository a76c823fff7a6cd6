"""Counting who has taken part in a cycle (reads only; cycles are created and opened
in ``staffroom.web.surveys.services``).

What participation shows, and what it never shows:

* how many people answered per school and per team, and the response rate; never who;
* a school (or team) with fewer than ``cycle.min_n`` answers shows "fewer than N", not
  the number, and the other counts are suppressed complementarily
  (``staffroom.analysis.suppression``), schools and teams together, so a hidden count
  cannot be recovered as "total minus the counts shown";
* a team with fewer than ``cycle.min_n`` members shows only whether its link is open.

Counting is a few aggregate queries per table (responses, the ballot box, invitations),
whatever the number of schools.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from staffroom.analysis.suppression import complementary_suppression
from staffroom.web.orgs.models import School, Team
from staffroom.web.surveys.models import BallotEntry, Cycle, Invitation, OpenLink, Response

__all__ = [
    "GroupParticipation",
    "InvitationSummary",
    "Participation",
    "cycle_invitation_summary",
    "cycle_participation",
    "cycle_response_totals",
    "open_link_url",
]


def open_link_url(token: str) -> str:
    """The full address of an anonymous link, for pasting into emails and signatures."""
    return f"{settings.STAFFROOM_BASE_URL.rstrip('/')}/s/{token}/"


@dataclass(frozen=True)
class GroupParticipation:
    """Participation of one school or team. ``responses`` and ``rate`` are ``None``
    when hidden; ``below_min`` says the count is under the minimum group size ("fewer
    than N"), otherwise a hidden count was withheld to protect a smaller one."""

    pk: int
    name: str
    responses: int | None
    denominator: int
    rate: float | None
    below_min: bool
    low_rate: bool
    counts_shown: bool = True
    """False for a team smaller than the minimum group size: only ``link_open`` shows."""
    link_open: bool = False

    @property
    def percent(self) -> int | None:
        """The response rate as a whole percentage, for display."""
        return None if self.rate is None else round(self.rate * 100)

    @property
    def withheld(self) -> bool:
        return self.counts_shown and self.responses is None and not self.below_min


@dataclass(frozen=True)
class Participation:
    """A cycle's participation as one user may see it (their schools only)."""

    min_n: int
    rate_flag: float
    schools: tuple[GroupParticipation, ...]
    teams: tuple[GroupParticipation, ...]


def _counts(queryset: QuerySet, field: str) -> dict[int | None, int]:
    return {
        row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by()
    }


def _answer_counts(cycle: Cycle, field: str, **where: Any) -> dict[int | None, int]:
    """Answers per school (or team): moved responses plus those waiting in the box."""
    counts = _counts(Response.objects.filter(cycle=cycle, **where), field)
    for key, n in _counts(BallotEntry.objects.filter(cycle=cycle, **where), field).items():
        counts[key] = counts.get(key, 0) + n
    return counts


def _hidden_cells(
    groups: Sequence[tuple[Hashable, bool]], counts: Mapping[Any, int], min_n: int
) -> np.ndarray:
    """Which group counts to hide: ``groups`` is ``(pk, shown_at_all)``; answers outside
    every listed group form one more cell, never shown, so that the cycle total (shown
    elsewhere) minus the counts shown never reveals a small count."""
    listed = {pk for pk, _ in groups}
    rest = sum(n for key, n in counts.items() if key not in listed)
    cells = np.array([counts.get(pk, 0) for pk, _ in groups] + [rest], dtype=np.int64)
    suppressed = np.array([not shown for _, shown in groups] + [True])
    present = np.ones(len(cells), dtype=bool)
    present[-1] = rest > 0
    hidden = complementary_suppression(
        cells[None, :], min_n, suppressed=suppressed[None, :], present=present[None, :]
    )[0]
    return hidden[:-1]


def _hidden_schools_and_teams(
    cycle: Cycle,
    schools: Sequence[School],
    teams: Sequence[Team],
    *,
    by_school: Mapping[int | None, int],
    by_team: Mapping[int | None, int],
    team_shown: Mapping[int, bool],
) -> tuple[np.ndarray, np.ndarray]:
    """Which school and which team counts to hide, so that no hidden count follows from
    the cycle total and every count shown, schools and teams together.

    Each dimension alone is protected against "total minus the rest of its own counts",
    but the rest of one dimension can be the other: with a school link and a team link,
    "total - schools shown - teams shown" is a hidden school. So the answers are also cut
    into disjoint parts (by school if they have one, else by team, else neither) and that
    line is suppressed as one; a team is hidden if either protection hides it. (An answer
    with both a school and a team, through an invitation, is counted in both; its team
    part then has its own protection, and the overlap is never shown.)"""
    team_only = _answer_counts(cycle, "team_id", school__isnull=True)
    parts: dict[Hashable, int] = {("s", pk): n for pk, n in by_school.items() if pk}
    parts.update({("t", pk): n for pk, n in team_only.items() if pk})
    parts[None] = team_only.get(None, 0)
    # a team none of whose answers came without a school has no part of its own here
    in_line = [t for t in teams if team_only.get(t.pk, 0) > 0]
    joint = _hidden_cells(
        [(("s", s.pk), True) for s in schools] + [(("t", t.pk), team_shown[t.pk]) for t in in_line],
        parts,
        cycle.min_n,
    )
    joint_teams = dict(zip((t.pk for t in in_line), joint[len(schools) :], strict=True))
    own_teams = _hidden_cells([(t.pk, team_shown[t.pk]) for t in teams], by_team, cycle.min_n)
    teams_hidden = np.array([joint_teams.get(t.pk, False) for t in teams], dtype=bool)
    return joint[: len(schools)], teams_hidden | own_teams


def _rate(responses: int, denominator: int) -> float | None:
    return responses / denominator if denominator > 0 else None


def _rows(
    groups: Sequence[School | Team],
    *,
    hidden: np.ndarray,
    counts: Mapping[int | None, int],
    invited: Mapping[int | None, int],
    size: Mapping[int, int],
    counts_shown: Mapping[int, bool],
    link_open: Mapping[int, bool],
    cycle: Cycle,
    rate_flag: float,
) -> list[GroupParticipation]:
    rows = []
    for group, hide in zip(groups, hidden, strict=True):
        n = counts.get(group.pk, 0)
        denominator = invited.get(group.pk) or size[group.pk]
        rate = None if hide else _rate(n, denominator)
        rows.append(
            GroupParticipation(
                pk=group.pk,
                name=group.name,
                responses=None if hide else n,
                denominator=denominator,
                rate=rate,
                below_min=bool(hide) and counts_shown[group.pk] and n < cycle.min_n,
                low_rate=rate is not None and rate < rate_flag,
                counts_shown=counts_shown[group.pk],
                link_open=link_open.get(group.pk, False),
            )
        )
    return rows


def cycle_participation(
    *, cycle: Cycle, schools: Iterable[int], teams: Iterable[int]
) -> Participation:
    """Participation per school and per team of ``cycle``, limited to the schools and
    teams whose ids are given (the ones the user may see).

    Suppression is decided on all of the cycle's schools (and teams) together, then
    filtered, so what one user sees is always a part of what a district admin sees.
    """
    visible_schools, visible_teams = set(schools), set(teams)
    all_schools = list(cycle.schools.order_by("name", "pk"))
    all_teams = list(cycle.teams.order_by("name", "pk"))
    rate_flag = float(cycle.district.response_rate_flag)
    links = OpenLink.objects.filter(cycle=cycle, active=True)
    link_open = cycle.status == Cycle.OPEN
    team_shown = {t.pk: t.member_count >= cycle.min_n for t in all_teams}
    by_school = _answer_counts(cycle, "school_id")
    by_team = _answer_counts(cycle, "team_id")
    schools_hidden, teams_hidden = _hidden_schools_and_teams(
        cycle, all_schools, all_teams, by_school=by_school, by_team=by_team, team_shown=team_shown
    )
    school_rows = _rows(
        all_schools,
        hidden=schools_hidden,
        counts=by_school,
        invited=_counts(Invitation.objects.filter(cycle=cycle), "school_id"),
        size={s.pk: s.staff_count for s in all_schools},
        counts_shown={s.pk: True for s in all_schools},
        link_open={pk: link_open for pk in links.values_list("school_id", flat=True) if pk},
        cycle=cycle,
        rate_flag=rate_flag,
    )
    team_rows = _rows(
        all_teams,
        hidden=teams_hidden,
        counts=by_team,
        invited=_counts(Invitation.objects.filter(cycle=cycle), "team_id"),
        size={t.pk: t.member_count for t in all_teams},
        counts_shown=team_shown,
        link_open={pk: link_open for pk in links.values_list("team_id", flat=True) if pk},
        cycle=cycle,
        rate_flag=rate_flag,
    )
    return Participation(
        min_n=cycle.min_n,
        rate_flag=rate_flag,
        schools=tuple(r for r in school_rows if r.pk in visible_schools),
        teams=tuple(r for r in team_rows if r.pk in visible_teams),
    )


def cycle_response_totals(cycles: Iterable[Cycle]) -> dict[int, int | None]:
    """Answers per cycle (responses plus the ballot box), ``None`` where fewer than the
    cycle's minimum group size. Two queries for any number of cycles."""
    cycles = list(cycles)
    ids = [c.pk for c in cycles]
    counts = _counts(Response.objects.filter(cycle_id__in=ids), "cycle_id")
    for key, n in _counts(BallotEntry.objects.filter(cycle_id__in=ids), "cycle_id").items():
        counts[key] = counts.get(key, 0) + n
    totals: dict[int, int | None] = {}
    for cycle in cycles:
        n = counts.get(cycle.pk, 0)
        totals[cycle.pk] = n if n >= cycle.min_n else None
    return totals


@dataclass(frozen=True)
class InvitationSummary:
    """How many were invited, how many invitations were used (``None`` when fewer than
    the minimum group size) and how many reminder rounds went out. Never who.

    Rounds, not reminder emails: the emails of a round go to everyone who had not
    answered, so their number is "invited minus used" and would give away a used count
    that is hidden for being under the minimum."""

    invited: int
    answered: int | None
    reminder_rounds: int


def cycle_invitation_summary(cycle: Cycle) -> InvitationSummary:
    row = Invitation.objects.filter(cycle=cycle).aggregate(
        invited=Count("pk"),
        answered=Count("pk", filter=Q(responded=True)),
        rounds=Max("reminders_sent"),
    )
    answered = row["answered"]
    return InvitationSummary(
        invited=row["invited"],
        answered=answered if answered >= cycle.min_n else None,
        reminder_rounds=row["rounds"] or 0,
    )
