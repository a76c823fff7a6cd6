"""Reads for the continuum self-assessment and shared agreements.

Privacy of ratings: before a round is revealed a member reads only their own ratings
(``own_ratings``); the team reads how many members have rated, never who. After the
reveal the team reads the spread: how many ratings fell at each level of each dimension
(``round_spread``), with no names and no evidence attached to a level.

The monthly agreements check is read with the survey engine (``analyze_survey``
grouped by month, with the cycle's minimum group size from ``results_min_n``), so a
month with too few answers, or one that would let a hidden month be worked out, is
hidden exactly as on every survey page.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import formats, translation

from staffroom.analysis import ScaleSpec, analyze_survey
from staffroom.continua import rating_spread
from staffroom.web.accounts.models import User
from staffroom.web.continuum.access import visible_teams
from staffroom.web.continuum.models import (
    AgreedLevel,
    Agreement,
    AgreementCheck,
    AgreementSet,
    AssessmentRound,
    Rating,
)
from staffroom.web.continuum.rubric import DimensionView, LevelView, continuum_get, rubric_get
from staffroom.web.orgs.models import School
from staffroom.web.results.selectors import results_min_n
from staffroom.web.surveys.models import Response

__all__ = [
    "CheckMonth",
    "CheckResults",
    "HistoryRow",
    "SpreadRow",
    "TeamHistory",
    "agreement_check_results",
    "agreement_sets_visible",
    "own_ratings",
    "raters_count",
    "round_spread",
    "team_history",
    "team_label",
]


def team_label(school: School | None) -> str:
    return school.name if school is not None else "District team"


def own_ratings(*, round: AssessmentRound, user: User) -> dict[str, Rating]:
    """The user's own ratings in the round, by dimension (nobody else's)."""
    return {r.dimension_id: r for r in Rating.objects.filter(round=round, rater=user)}


def raters_count(round: AssessmentRound) -> int:
    """How many members have rated at least one dimension (a count, never who)."""
    return (
        Rating.objects.filter(round=round, rater__isnull=False)
        .values("rater_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class SpreadRow:
    """One dimension of a revealed round: the ratings at each level, no names."""

    dimension: DimensionView
    counts: tuple[int, ...]
    """Ratings at each level, lowest first."""
    median: str
    """The median level in words (``Developing``, ``between Developing and Advanced``)."""
    evidence: tuple[str, ...]
    """The evidence members wrote, shuffled, without names or levels."""
    agreed: AgreedLevel | None

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def bars(self) -> list[tuple[LevelView, int, int]]:
        """(level, count, percent of the ratings) for drawing the spread."""
        return [
            (level, count, round(100 * count / self.total) if self.total else 0)
            for level, count in zip(self.dimension.levels, self.counts, strict=True)
        ]


def round_spread(round: AssessmentRound, *, rng: np.random.Generator) -> list[SpreadRow]:
    """Per dimension, the count of ratings at each level (``staffroom.continua.rating_spread``)
    and the evidence members wrote in random order, with no names.

    Only for a revealed round (``ValueError`` otherwise): before that, ratings are private.
    """
    if not round.revealed:
        raise ValueError("the spread is shown only once the round is revealed")
    rubric = rubric_get(round.continuum_id)
    rows = list(Rating.objects.filter(round=round).values_list("dimension_id", "level", "evidence"))
    frame = pd.DataFrame(
        {"dimension": [r[0] for r in rows], "level": pd.array([r[1] for r in rows], dtype="Int64")}
    )
    spread = {s.dimension: s for s in rating_spread(continuum_get(round.continuum_id), frame)}
    titles = {level.id: level.title for level in rubric.dimensions[0].levels}
    language = (translation.get_language() or "en").split("-")[0]
    agreed = {a.dimension_id: a for a in AgreedLevel.objects.filter(round=round)}
    result = []
    for dimension in rubric.dimensions:
        summary = spread[dimension.id]
        evidence = [e for d, _, e in rows if d == dimension.id and e]
        order = rng.permutation(len(evidence))
        result.append(
            SpreadRow(
                dimension=dimension,
                counts=tuple(summary.counts[level_id] for level_id in summary.levels),
                median=summary.median_label(titles, language),
                evidence=tuple(evidence[i] for i in order),
                agreed=agreed.get(dimension.id),
            )
        )
    return result


@dataclass(frozen=True)
class HistoryRow:
    round: AssessmentRound
    levels: tuple[AgreedLevel | None, ...]
    """One per dimension of ``TeamHistory.dimensions``."""
    titles: tuple[str | None, ...]
    """The agreed level's title, one per dimension (None: not agreed)."""


@dataclass(frozen=True)
class TeamHistory:
    dimensions: tuple[DimensionView, ...]
    rows: tuple[HistoryRow, ...]
    """Revealed rounds with at least one agreed level, oldest first."""


def team_history(*, district_id: int, school: School | None, continuum_id: str) -> TeamHistory:
    """The team's agreed levels round by round on one rubric, oldest first."""
    rubric = rubric_get(continuum_id)
    rounds = (
        AssessmentRound.objects.filter(
            district_id=district_id,
            school=school,
            continuum_id=continuum_id,
            status=AssessmentRound.REVEALED,
        )
        .annotate(agreed_count=Count("agreed"))
        .filter(agreed_count__gt=0)
        .order_by("started_on", "pk")
        .prefetch_related("agreed")
    )
    rows = []
    for r in rounds:
        by_dimension = {a.dimension_id: a for a in r.agreed.all()}
        levels = tuple(by_dimension.get(d.id) for d in rubric.dimensions)
        titles = tuple(
            None if a is None else d.levels[a.level - 1].title
            for d, a in zip(rubric.dimensions, levels, strict=True)
        )
        rows.append(HistoryRow(r, levels, titles))
    return TeamHistory(rubric.dimensions, tuple(rows))


def agreement_sets_visible(user: User) -> QuerySet[AgreementSet]:
    """The agreement sets of every team the user may see."""
    district_team, schools = visible_teams(user)
    if not user.is_authenticated or not user.district_id:
        return AgreementSet.objects.none()
    where = Q(school__in=schools)
    if district_team:
        where |= Q(school__isnull=True)
    return (
        AgreementSet.objects.filter(where, district_id=user.district_id)
        .select_related("school")
        .order_by("school__name", "-drafted_on", "-pk")
    )


@dataclass(frozen=True)
class CheckMonth:
    month: str
    """YYYY-MM."""
    label: str
    respondents: int | None
    """None when the month is hidden."""
    means: tuple[float | None, ...]
    """One per agreement of ``CheckResults.agreements`` (None: hidden or not asked)."""


@dataclass(frozen=True)
class CheckResults:
    min_n: int
    agreements: tuple[Agreement, ...]
    months: tuple[CheckMonth, ...]


def _check_frame(check: AgreementCheck) -> pd.DataFrame:
    """``month`` and one column per agreement item of the check, one row per response."""
    items = list(check.items)
    rows = Response.objects.filter(cycle=check.cycle).values_list("submitted_on", "answers")
    months, values = [], []
    for day, answers in rows.iterator(chunk_size=2000):
        months.append(f"{day:%Y-%m}")
        values.append([math.nan if answers.get(i) is None else answers[i] for i in items])
    answers_frame = pd.DataFrame(
        np.array(values, dtype=np.float64).reshape(-1, len(items)), columns=items
    )
    months_frame = pd.DataFrame({"month": pd.array(months, dtype="string")})
    return pd.concat([months_frame, answers_frame], axis=1)


def agreement_check_results(agreement_set: AgreementSet) -> CheckResults:
    """Mean answer per month per agreement (1 to 5) over every check of the set.

    Each agreement is read as a one-item scale by ``analyze_survey`` grouped by month,
    with the cycle's minimum group size: hidden months (fewer answers than the minimum,
    or hidden so that they cannot be worked out from others) have no number.
    """
    checks = list(agreement_set.checks.select_related("cycle__district"))
    agreements = {
        a.pk: a for a in Agreement.objects.filter(agreement_set=agreement_set).order_by("pk")
    }
    asked = {pk for check in checks for pk in check.items.values()}
    order = [pk for pk in agreements if pk in asked]
    column = {pk: i for i, pk in enumerate(order)}
    by_month: dict[str, tuple[int | None, list[float | None]]] = {}
    min_n = 0
    for check in checks:
        cycle_min_n = results_min_n(check.cycle)
        min_n = max(min_n, cycle_min_n)
        frame = _check_frame(check)
        if frame.empty:
            continue
        specs = [ScaleSpec(item, (item,), 1, 5) for item in check.items]
        results = analyze_survey(frame, specs, group="month", min_n=cycle_min_n)
        shown: dict[Any, float] = results.group_scales["mean"].to_dict()
        for month, record in results.groups.iterrows():
            n = None if record["suppressed"] else int(record["n"])
            means: list[float | None] = [None] * len(order)
            for item, pk in check.items.items():
                value = shown.get((str(month), item), math.nan)
                means[column[pk]] = None if math.isnan(value) else round(float(value), 2)
            earlier = by_month.get(str(month))
            if earlier is not None:  # the wording changed this month: two checks ran
                # count what is shown: a hidden part's answers are not counted
                n = None if n is None and earlier[0] is None else (n or 0) + (earlier[0] or 0)
                means = [m if m is not None else e for m, e in zip(means, earlier[1], strict=True)]
            by_month[str(month)] = (n, means)
    months = tuple(
        CheckMonth(
            month=month,
            label=formats.date_format(
                dt.date(int(month[:4]), int(month[5:]), 1), "YEAR_MONTH_FORMAT"
            ),
            respondents=n,
            means=tuple(means),
        )
        for month, (n, means) in sorted(by_month.items())
    )
    return CheckResults(
        min_n=min_n or max(agreement_set.district.min_n, int(settings.STAFFROOM_MIN_N)),
        agreements=tuple(agreements[pk] for pk in order),
        months=months,
    )
