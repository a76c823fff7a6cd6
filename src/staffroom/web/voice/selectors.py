"""Reads for the voice app: the spread of leadership roles across staff groups.

The spread is an aggregate over the members of working groups: how many turns as
facilitator, note-taker and timekeeper went to each staff group (role, grade band,
years since hire, race/ethnicity, age band), and how that changed from term to term.
Every staff group with fewer members than the district's minimum is hidden, and
complementary suppression (``staffroom.analysis.complementary_suppression``) hides
more where a hidden group could be found by subtracting the shown ones from the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _
from numpy.typing import NDArray

from staffroom.analysis import complementary_suppression
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.orgs.models import District
from staffroom.web.surveys.services import min_n_floor
from staffroom.web.voice.models import MEETING_ROLES, Meeting, Membership, WorkingGroup

__all__ = [
    "DIMENSIONS",
    "NOT_STATED",
    "Spread",
    "SpreadRow",
    "TermRow",
    "hire_band",
    "leadership_spread",
    "spread_min_n",
    "term_of",
]

NOT_STATED = "Not stated"

DIMENSIONS: dict[str, tuple[str, str]] = {
    "hire_band": (_("Years since hire"), _("Are newer staff getting facilitator turns?")),
    "role": (_("Role"), _("Do paraprofessionals and support staff lead meetings too?")),
    "grade_band": (_("Grade band"), _("Is leadership spread across the grade bands?")),
    "race_ethnicity": (
        _("Race/ethnicity"),
        _("Are staff of every background holding leadership roles?"),
    ),
    "age_band": (_("Age band"), _("Do leadership roles reach every age group?")),
}
"""Staff groups the spread can be broken down by: (label, the question it asks)."""

_ORDER: dict[str, tuple[str, ...]] = {
    "hire_band": ("under 2 years", "2-5 years", "6-10 years", "over 10 years"),
    "age_band": ("under 30", "30-39", "40-49", "50-59", "60 and over"),
    "grade_band": ("PK-2", "3-5", "6-8", "9-12", "all grades"),
}
"""Bands shown in their natural order (other values alphabetically, "Not stated" last)."""

_HIRE_BANDS = ((2.0, "under 2 years"), (6.0, "2-5 years"), (11.0, "6-10 years"))


def hire_band(hire_date: dt.date | None, today: dt.date) -> str:
    """Years since hire in the bands surveys use; ``NOT_STATED`` when unknown."""
    if hire_date is None:
        return NOT_STATED
    years = (today - hire_date).days / 365.25
    return next((label for limit, label in _HIRE_BANDS if years < limit), "over 10 years")


def term_of(day: dt.date) -> tuple[int, str]:
    """(sort key, label) of the school term a day falls in: Fall is August to December,
    Spring January to July."""
    if day.month >= 8:
        return day.year * 2 + 1, f"Fall {day.year}"
    return day.year * 2, f"Spring {day.year}"


def spread_min_n(district: District) -> int:
    """The district's minimum group size, never below the installation's."""
    return min_n_floor(district)


@dataclass(frozen=True)
class SpreadRow:
    """One staff group: members, and turns in each role (``None`` when hidden)."""

    label: str
    members: int | None
    turns: tuple[int | None, ...]
    member_share: float | None
    facilitator_share: float | None

    @property
    def hidden(self) -> bool:
        return self.members is None


@dataclass(frozen=True)
class TermRow:
    """One term: for each staff group, turns in the chosen role (``None`` when hidden)."""

    label: str
    cells: tuple[tuple[int | None, int | None], ...]
    """(turns, members) per staff group."""


@dataclass(frozen=True)
class Spread:
    dimension: str
    label: str
    question: str
    role: str
    role_label: str
    min_n: int
    groups: int
    meetings: int
    members: int
    total_turns: tuple[int, ...]
    rows: tuple[SpreadRow, ...]
    categories: tuple[str, ...]
    term_categories: tuple[str, ...]
    """The staff groups shown in the first table: the columns of the term table."""
    terms: tuple[TermRow, ...]

    @property
    def role_labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in MEETING_ROLES)

    @property
    def any_hidden(self) -> bool:
        return any(row.hidden for row in self.rows)


_PEOPLE_COLUMNS = [
    "pk",
    "group_id",
    "roster_entry_id",
    "user_id",
    *(f"roster_entry__{name}" for name in ("role", "grade_band", "hire_date")),
    *(f"roster_entry__{name}" for name in ("race_ethnicity", "age_band")),
]


def _people(groups: Iterable[int], dimension: str, today: dt.date) -> pd.DataFrame:
    """One row per membership: membership pk, group, person key, staff group."""
    rows = Membership.objects.filter(group_id__in=list(groups)).values_list(*_PEOPLE_COLUMNS)
    frame = pd.DataFrame.from_records(list(rows), columns=_PEOPLE_COLUMNS)
    on_roster = frame["roster_entry_id"].notna()
    frame["person"] = np.where(
        on_roster,
        "r" + frame["roster_entry_id"].astype("Int64").astype(str),
        "u" + frame["user_id"].astype("Int64").astype(str),
    )
    if dimension == "hire_band":
        values = frame["roster_entry__hire_date"].map(
            lambda d: hire_band(d, today) if isinstance(d, dt.date) else NOT_STATED
        )
    else:
        values = frame[f"roster_entry__{dimension}"].fillna("").astype(str)
    frame["category"] = values.replace("", NOT_STATED).where(on_roster, NOT_STATED)
    return frame[["pk", "group_id", "person", "category"]]


def _turns(groups: Iterable[int]) -> pd.DataFrame:
    """One row per role held at a meeting: term, role index, membership pk."""
    fields = [name for name, _ in MEETING_ROLES]
    meetings = pd.DataFrame.from_records(
        list(
            Meeting.objects.filter(group_id__in=list(groups)).values_list(
                "group_id", "held_on", *(f"{name}_id" for name in fields)
            )
        ),
        columns=["group_id", "held_on", *fields],
    )
    long = meetings.melt(
        id_vars=["group_id", "held_on"], value_vars=fields, var_name="role", value_name="member"
    ).dropna(subset=["member"])
    long["role"] = long["role"].map({name: i for i, name in enumerate(fields)}).astype(int)
    long["member"] = long["member"].astype(int)
    return long


def _categories(district: District, dimension: str, present: Iterable[str]) -> list[str]:
    """Every staff group of the dimension in the district's roster, in natural order, so
    that a row being listed does not tell that anyone in these working groups is in it."""
    order = _ORDER.get(dimension, ())
    if dimension == "hire_band":
        on_roster: set[str] = set(order)
    else:
        on_roster = set(
            RosterEntry.objects.filter(district=district)
            .exclude(**{dimension: ""})
            .values_list(dimension, flat=True)
            .distinct()
        )
    found = {*order, *on_roster, *present, NOT_STATED}
    return sorted(
        found, key=lambda c: (c == NOT_STATED, order.index(c) if c in order else len(order), c)
    )


def _suppress(
    counts: NDArray[np.integer[Any]], min_n: int, initial: NDArray[np.bool_] | None = None
) -> NDArray[np.bool_]:
    """Cells to hide, row by row: ``complementary_suppression`` with every cell counted
    as present (an empty staff group is hidden like a small one, so a hidden row does
    not say whether anyone is in it), plus one rule for empty ones: when the hidden cells
    of a row hold nobody at all, subtracting would show that everyone is in the shown
    groups (with names on the groups' pages, that describes each member), so the
    smallest shown cell is hidden too."""
    present = np.ones(counts.shape, dtype=bool)
    hidden = np.asarray(
        complementary_suppression(counts, min_n, suppressed=initial, present=present), dtype=bool
    )
    hidden_total = np.where(hidden, counts, 0).sum(axis=1)
    shown = (~hidden).sum(axis=1)
    empty_only = hidden.any(axis=1) & (hidden_total == 0) & (shown == 1)
    if empty_only.any():
        # count one hidden empty cell as one person: complementary suppression then
        # hides the smallest shown cell(s) until the hidden cells hold min_n together
        first_hidden = hidden.argmax(axis=1)
        nudged = counts.copy()
        rows = np.flatnonzero(empty_only)
        nudged[rows, first_hidden[rows]] = 1
        hidden = np.asarray(
            complementary_suppression(nudged, min_n, suppressed=hidden, present=present),
            dtype=bool,
        )
    return hidden


def leadership_spread(
    *,
    groups: Iterable[WorkingGroup],
    district: District,
    dimension: str,
    role: str = "facilitator",
    today: dt.date,
) -> Spread:
    """Turns in each role by staff group (and by term for ``role``), suppressed."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    fields = [name for name, _ in MEETING_ROLES]
    role_index = fields.index(role)
    group_ids = [g.pk for g in groups]
    min_n = spread_min_n(district)
    people = _people(group_ids, dimension, today)
    turns = _turns(group_ids).merge(
        people[["pk", "person", "category"]], left_on="member", right_on="pk", how="inner"
    )
    # one person's staff group is the same in every group they belong to
    persons = people.drop_duplicates("person")
    member_counts = persons["category"].value_counts()
    categories = _categories(district, dimension, member_counts.index)
    counts = member_counts.reindex(categories, fill_value=0).to_numpy(dtype=np.int64)
    by_role = (
        turns.groupby(["category", "role"]).size().unstack(fill_value=0)
        if len(turns)
        else pd.DataFrame()
    )
    by_role = by_role.reindex(index=categories, columns=range(len(fields)), fill_value=0)
    total_turns = tuple(int(v) for v in by_role.sum(axis=0))
    n_members = int(counts.sum())
    if not n_members:  # nothing to show, and no row for anyone
        categories, counts = [], np.zeros(0, dtype=np.int64)
    hidden = _suppress(counts[None, :], min_n)[0]
    role_turns = by_role.to_numpy(dtype=np.int64)
    rows = tuple(
        SpreadRow(
            label=str(category),
            members=None if hide else int(count),
            turns=tuple(None if hide else int(v) for v in role_turns[i]),
            member_share=None if hide or not n_members else float(count / n_members),
            facilitator_share=(
                None
                if hide or not total_turns[role_index]
                else float(role_turns[i, role_index] / total_turns[role_index])
            ),
        )
        for i, (category, count, hide) in enumerate(zip(categories, counts, hidden, strict=True))
    )
    return Spread(
        dimension=dimension,
        label=str(DIMENSIONS[dimension][0]),
        question=str(DIMENSIONS[dimension][1]),
        role=role,
        role_label=dict(MEETING_ROLES)[role],
        min_n=min_n,
        groups=len(group_ids),
        meetings=int(Meeting.objects.filter(group_id__in=group_ids).count()),
        members=n_members,
        total_turns=total_turns,
        rows=rows,
        categories=tuple(categories),
        term_categories=tuple(c for c, hide in zip(categories, hidden, strict=True) if not hide),
        terms=_by_term(turns, people, categories, hidden, role_index, min_n),
    )


def _by_term(
    turns: pd.DataFrame,
    people: pd.DataFrame,
    categories: list[str],
    overall_hidden: NDArray[np.bool_],
    role_index: int,
    min_n: int,
) -> tuple[TermRow, ...]:
    """Rows = terms, cells = the staff groups shown overall: turns in the role and
    members of the groups that met that term, suppressed row by row (the staff groups
    hidden overall count as hidden in every term)."""
    if not len(turns) or overall_hidden.all():
        return ()
    terms = turns[["group_id", "held_on"]].drop_duplicates().copy()
    keyed = terms["held_on"].map(term_of)
    terms["key"] = keyed.map(lambda k: k[0])
    terms["term"] = keyed.map(lambda k: k[1])
    met = terms[["group_id", "key", "term"]].drop_duplicates()
    present = met.merge(people, on="group_id").drop_duplicates(["key", "person"])
    members = present.groupby(["key", "category"]).size().unstack(fill_value=0)
    members = members.reindex(columns=categories, fill_value=0).sort_index()
    in_role = turns[turns["role"] == role_index].assign(key=lambda f: f["held_on"].map(term_of))
    in_role["key"] = in_role["key"].map(lambda k: k[0])
    held = (
        in_role.groupby(["key", "category"]).size().unstack(fill_value=0)
        if len(in_role)
        else pd.DataFrame()
    )
    held = held.reindex(index=members.index, columns=categories, fill_value=0)
    counts = members.to_numpy(dtype=np.int64)
    initial = np.broadcast_to(overall_hidden[None, :], counts.shape).copy()
    hidden = _suppress(counts, min_n, initial)
    # A staff group hidden in one term is hidden in every term, so its overall total
    # (shown above) minus its shown terms cannot reveal the hidden one.
    hidden_anywhere: NDArray[np.bool_] = np.asarray(hidden.any(axis=0), dtype=bool)
    hidden = np.asarray(hidden | hidden_anywhere[None, :], dtype=bool)
    labels = met.drop_duplicates("key").set_index("key")["term"]
    held_values = held.to_numpy(dtype=np.int64)
    return tuple(
        TermRow(
            label=str(labels[key]),
            cells=tuple(
                (None, None) if hidden[r, c] else (int(held_values[r, c]), int(counts[r, c]))
                for c in np.flatnonzero(~overall_hidden)
            ),
        )
        for r, key in enumerate(members.index)
    )
