"""Reads for results: the engine's suppressed tables, shaped for pages and exports.

Every statistic shown comes from one call, the one ``staffroom analyze`` makes::

    analyze_survey(cycle_responses_frame(cycle), instrument.scale_specs(),
                   group="school", by=DEMOGRAPHIC_FIELDS, min_n=min_n)

This module picks numbers out of those already-suppressed tables, formats them and
compares two shown numbers (change since the previous cycle, distance from the district
mean); a difference of two shown numbers reveals nothing that is hidden. The one count
made here, answers per option for each item (``item_distributions``), follows the
engine's suppression: a school's distribution is hidden wherever the engine hides the
school's scale, and whenever fewer than ``min_n`` people answered the item.

Analyses are cached per process, keyed on the cycle, its number of responses and the
minimum group size, so repeated page views do not recompute.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.utils import formats, translation
from django.utils.translation import gettext

from staffroom.analysis import (
    NOT_REPORTED,
    ScaleSpec,
    SurveyResults,
    analyze_survey,
    answer_distributions,
)
from staffroom.instruments import Instrument
from staffroom.web.accounts.models import User
from staffroom.web.core.cells import count_or_none, number_or_none
from staffroom.web.core.memo import BoundedCache
from staffroom.web.orgs.models import School
from staffroom.web.surveys.models import Comment, Cycle, Response
from staffroom.web.surveys.selectors import (
    DEMOGRAPHIC_FIELDS,
    cycle_instrument,
    cycle_responses_frame,
)

__all__ = [
    "AGREE_LARGELY",
    "AGREE_MIXED",
    "FAR_FROM_DISTRICT",
    "FAR_SCALES",
    "Breakdown",
    "BreakdownRow",
    "Cell",
    "CommentGroup",
    "CycleAnalysis",
    "DistrictRow",
    "DistrictTable",
    "FarSchool",
    "FeedbackRow",
    "FeedbackTable",
    "ItemRow",
    "ScaleInfo",
    "ScaleRow",
    "SchoolReport",
    "cycle_analysis",
    "cycle_results",
    "cycle_results_cache_clear",
    "default_cycle",
    "district_table",
    "feedback_cycles",
    "feedback_table",
    "format_change",
    "format_mean",
    "item_distributions",
    "previous_cycle",
    "result_cycles",
    "results_min_n",
    "school_comments",
    "school_report",
]

AGREE_LARGELY = 0.70
"""rwg(j) at or above this: "staff largely agree" (LeBreton & Senter, 2008)."""
AGREE_MIXED = 0.50
"""rwg(j) from this up to ``AGREE_LARGELY``: "views are mixed"; below: "views differ widely"."""
FAR_FROM_DISTRICT = 0.5
"""A school is "far from the district" when its mean differs by more than this."""
FAR_SCALES = ("colleague_trust", "leader_trust", "collective_efficacy")
"""Scales the "Schools far from the district" list looks at (trust and collective efficacy)."""

_HEAT_BINS = 8
_CACHE_SIZE = 16
_shuffle = random.SystemRandom().shuffle


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class CycleAnalysis:
    """The engine's results for one cycle and the matching item distributions."""

    cycle_id: int
    min_n: int
    results: SurveyResults
    distributions: pd.DataFrame


_cache: BoundedCache[CycleAnalysis] = BoundedCache(_CACHE_SIZE)


def cycle_results_cache_clear() -> None:
    """Forget every cached analysis (tests; nothing else needs it)."""
    _cache.clear()


def _cached(key: Hashable, compute: Callable[[], CycleAnalysis]) -> CycleAnalysis:
    return _cache.get_or_compute(key, compute)


def results_min_n(cycle: Cycle) -> int:
    """The minimum group size for a cycle's results: the strictest of the cycle's, the
    district's and the installation's (``STAFFROOM_MIN_N``)."""
    return max(cycle.min_n, cycle.district.min_n, settings.STAFFROOM_MIN_N)


def _analysis_key(cycle: Cycle, kind: str, min_n: int) -> tuple[Hashable, ...]:
    responses = Response.objects.filter(cycle=cycle).count()
    return (kind, cycle.pk, cycle.instrument_id, responses, min_n)


def cycle_analysis(cycle: Cycle) -> CycleAnalysis | None:
    """The engine's results by school for a cycle, or None while it has no responses."""
    min_n = results_min_n(cycle)
    key = _analysis_key(cycle, "school", min_n)
    if key[3] == 0:
        return None

    def compute() -> CycleAnalysis:
        specs = cycle_instrument(cycle).scale_specs()
        frame = cycle_responses_frame(cycle)
        results = analyze_survey(
            frame, specs, group="school", by=list(DEMOGRAPHIC_FIELDS), min_n=min_n
        )
        return CycleAnalysis(cycle.pk, min_n, results, answer_distributions(frame, specs, results))

    return _cached(key, compute)


def cycle_results(cycle: Cycle) -> SurveyResults | None:
    """``analyze_survey``'s results for a cycle by school (cached), None without responses."""
    analysis = cycle_analysis(cycle)
    return None if analysis is None else analysis.results


def item_distributions(cycle: Cycle) -> pd.DataFrame | None:
    """Answers per option for every item and school, suppressed like the engine's tables.

    Index (group, scale, item); columns ``n`` (people who answered the item), ``suppressed``
    and one column per answer point (counts). A row is hidden (counts and n missing) when
    the engine hides the school's scale, or when fewer than ``min_n`` answered the item.
    """
    analysis = cycle_analysis(cycle)
    return None if analysis is None else analysis.distributions


def _feedback_frame(cycle: Cycle, instrument: Instrument) -> pd.DataFrame:
    """``month`` (YYYY-MM of the day answered) and item columns, one row per response."""
    items = instrument.item_ids
    rows = Response.objects.filter(cycle=cycle).values_list("submitted_on", "answers")
    months: list[str] = []
    answer_rows: list[list[float]] = []
    for day, answers in rows.iterator(chunk_size=2000):
        months.append(f"{day:%Y-%m}")
        answer_rows.append([math.nan if answers.get(i) is None else answers[i] for i in items])
    frame = pd.DataFrame({"month": pd.array(months, dtype="string")})
    values = np.array(answer_rows, dtype=np.float64).reshape(-1, len(items))
    return pd.concat([frame, pd.DataFrame(values, columns=items)], axis=1)


def _feedback_analysis(cycle: Cycle) -> CycleAnalysis | None:
    min_n = results_min_n(cycle)
    key = _analysis_key(cycle, "month", min_n)
    if key[3] == 0:
        return None

    def compute() -> CycleAnalysis:
        instrument = cycle_instrument(cycle)
        specs = instrument.scale_specs()
        frame = _feedback_frame(cycle, instrument)
        results = analyze_survey(frame, specs, group="month", min_n=min_n)
        return CycleAnalysis(cycle.pk, min_n, results, answer_distributions(frame, specs, results))

    return _cached(key, compute)


# --------------------------------------------------------------------------- cycles


def result_cycles(*, user: User) -> QuerySet[Cycle]:
    """Survey cycles whose results this user may choose from, newest first.

    Open and closed survey cycles of the user's district; staff see published ones only.
    """
    if not (user.is_authenticated and user.district_id):
        return Cycle.objects.none()
    cycles = Cycle.objects.filter(
        district_id=user.district_id,
        kind=Cycle.SURVEY,
        status__in=[Cycle.OPEN, Cycle.CLOSED],
    ).select_related("district")
    if user.role == User.STAFF:
        cycles = cycles.filter(results_published=True)
    return cycles.order_by("-opens_on", "-pk")


def feedback_cycles(*, user: User) -> QuerySet[Cycle]:
    """The district's standing feedback cycles (not drafts), newest first."""
    if not (user.is_authenticated and user.district_id):
        return Cycle.objects.none()
    return (
        Cycle.objects.filter(district_id=user.district_id, kind=Cycle.FEEDBACK)
        .exclude(status=Cycle.DRAFT)
        .select_related("district")
        .order_by("-opens_on", "-pk")
    )


def default_cycle(cycles: QuerySet[Cycle]) -> Cycle | None:
    """The cycle a results page opens on: the latest one with enough responses to show
    anything (a cycle that has just opened would show an empty table), else the latest;
    None if there are none. Others are one choice away."""
    with_results = cycles.annotate(answered=Count("responses")).filter(answered__gte=F("min_n"))
    return with_results.first() or cycles.first()


def previous_cycle(cycle: Cycle, cycles: QuerySet[Cycle]) -> Cycle | None:
    """The latest of ``cycles`` before ``cycle`` that used the same instrument.

    ``cycles`` is what the user may see, so a change is never computed against results
    the user could not open themselves.
    """
    return (
        cycles.filter(instrument_id=cycle.instrument_id, opens_on__lt=cycle.opens_on)
        .exclude(pk=cycle.pk)
        .order_by("-opens_on", "-pk")
        .first()
    )


# --------------------------------------------------------------------------- formatting


def format_mean(value: float | None) -> str:
    """A mean as pages and exports print it: two decimals; "" when hidden."""
    return "" if value is None else f"{value:.2f}"


def format_change(value: float | None) -> str:
    """A signed difference with two decimals; "" when not available."""
    return "" if value is None else f"{round(value, 2) + 0.0:+.2f}"


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _text(texts: dict[str, str]) -> str:
    return texts.get(_language()) or texts.get("en") or next(iter(texts.values()), "")


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class ScaleInfo:
    id: str
    title: str
    low: int
    high: int


def _scale_infos(instrument: Instrument) -> list[ScaleInfo]:
    return [
        ScaleInfo(s.id, _text(s.title), s.answers.low, s.answers.high) for s in instrument.scales
    ]


@dataclass(frozen=True)
class Cell:
    """One shown-or-hidden mean. ``mean`` is None when the engine hid it."""

    mean: float | None
    low: int = 1
    high: int = 5
    scale: str = ""

    @property
    def suppressed(self) -> bool:
        return self.mean is None

    @property
    def text(self) -> str:
        return format_mean(self.mean)

    @property
    def heat(self) -> int:
        """Colour bin 1 (low) to 8 (high): eighths of the answer range; 0 when hidden."""
        if self.mean is None:
            return 0
        position = (self.mean - self.low) / (self.high - self.low)
        return min(_HEAT_BINS, max(1, math.floor(position * _HEAT_BINS) + 1))


def heat_legend(low: int, high: int) -> list[tuple[int, str]]:
    """(bin, "from – to") for the heatmap's colour key."""
    step = (high - low) / _HEAT_BINS
    return [(b + 1, f"{low + b * step:.1f}–{low + (b + 1) * step:.1f}") for b in range(_HEAT_BINS)]


def _group_label(school: School) -> str:
    return school.name.strip() or NOT_REPORTED


def _column(table: pd.DataFrame, column: str, convert: Callable[[Any], Any]) -> dict[Any, Any]:
    """One column of an engine table as {index key: value}, NaN/NA as None."""
    return {key: convert(value) for key, value in table[column].items()}


def _means(results: SurveyResults) -> dict[Any, float | None]:
    """{(group, scale): mean or None}."""
    return _column(results.group_scales, "mean", number_or_none)


def _overall_means(results: SurveyResults) -> dict[Any, float | None]:
    """{scale: overall mean or None}."""
    return _column(results.scales, "mean", number_or_none)


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return now - before


def _rate(respondents: int | None, school: School) -> float | None:
    if respondents is None or school.staff_count <= 0:
        return None
    return respondents / school.staff_count


# --------------------------------------------------------------------------- district


@dataclass(frozen=True)
class DistrictRow:
    school: School
    respondents: int | None
    response_rate: float | None
    unrepresentative: bool
    cells: tuple[Cell, ...]
    changes: tuple[float | None, ...]

    @property
    def rate_text(self) -> str:
        return "" if self.response_rate is None else f"{round(self.response_rate * 100)}%"

    @property
    def change_entries(self) -> list[tuple[str, str]]:
        """(scale id, signed change or "") for each scale, in column order."""
        return [
            (cell.scale, format_change(change))
            for cell, change in zip(self.cells, self.changes, strict=True)
        ]


@dataclass(frozen=True)
class FarSchool:
    school: School
    scale: ScaleInfo
    mean: float
    district_mean: float

    @property
    def difference(self) -> float:
        return self.mean - self.district_mean

    @property
    def above(self) -> bool:
        return self.difference > 0

    @property
    def distance_text(self) -> str:
        return format_mean(abs(self.difference))

    @property
    def mean_text(self) -> str:
        return format_mean(self.mean)

    @property
    def district_text(self) -> str:
        return format_mean(self.district_mean)


@dataclass(frozen=True)
class DistrictTable:
    cycle: Cycle
    previous: Cycle | None
    min_n: int
    respondents: int | None
    scales: tuple[ScaleInfo, ...]
    district: tuple[Cell, ...]
    rows: tuple[DistrictRow, ...]
    far: tuple[FarSchool, ...]
    far_scales: tuple[ScaleInfo, ...]
    legend: tuple[tuple[int, str], ...]

    @property
    def flag_text(self) -> str:
        """The district's response-rate mark as a percentage ("50%")."""
        return f"{round(self.cycle.district.response_rate_flag * 100)}%"


def district_table(
    *, cycle: Cycle, schools: Iterable[School], cycles: QuerySet[Cycle]
) -> DistrictTable:
    """Schools x scales for the district overview; ``schools`` are the rows the user may see.

    A school is listed when it answered or was asked (``cycle.schools``).
    """
    instrument = cycle_instrument(cycle)
    scales = _scale_infos(instrument)
    min_n = results_min_n(cycle)
    analysis = cycle_analysis(cycle)
    previous = previous_cycle(cycle, cycles)
    before = cycle_results(previous) if previous is not None else None
    before_means = _means(before) if before is not None else {}
    asked = set(cycle.schools.values_list("pk", flat=True))
    flag = cycle.district.response_rate_flag

    results = analysis.results if analysis else None
    means = _means(results) if results else {}
    overall = _overall_means(results) if results else {}
    groups = results.groups if results else None
    district = tuple(Cell(overall.get(s.id), s.low, s.high, s.id) for s in scales)

    rows = []
    for school in sorted(schools, key=lambda s: s.name):
        label = _group_label(school)
        answered = groups is not None and label in groups.index
        if not answered and school.pk not in asked:
            continue
        respondents = (
            count_or_none(groups.at[label, "n"]) if answered and groups is not None else None
        )
        rate = _rate(respondents, school)
        cells = tuple(Cell(means.get((label, s.id)), s.low, s.high, s.id) for s in scales)
        changes = tuple(
            _change(cell.mean, before_means.get((label, s.id)))
            for cell, s in zip(cells, scales, strict=True)
        )
        rows.append(
            DistrictRow(
                school=school,
                respondents=respondents,
                response_rate=rate,
                unrepresentative=rate is not None and rate < flag,
                cells=cells,
                changes=changes,
            )
        )

    far_scales = tuple(s for s in scales if s.id in FAR_SCALES)
    far = []
    for row in rows:
        for s, cell, overall_cell in zip(scales, row.cells, district, strict=True):
            if s not in far_scales or cell.mean is None or overall_cell.mean is None:
                continue
            if abs(cell.mean - overall_cell.mean) > FAR_FROM_DISTRICT:
                far.append(FarSchool(row.school, s, cell.mean, overall_cell.mean))
    respondents_total = results.respondents if results else None
    if respondents_total is not None and respondents_total < min_n:
        respondents_total = None
    low, high = (scales[0].low, scales[0].high) if scales else (1, 5)
    return DistrictTable(
        cycle=cycle,
        previous=previous,
        min_n=min_n,
        respondents=respondents_total,
        scales=tuple(scales),
        district=district,
        rows=tuple(rows),
        far=tuple(far),
        far_scales=far_scales,
        legend=tuple(heat_legend(low, high)),
    )


# --------------------------------------------------------------------------- school


@dataclass(frozen=True)
class ItemRow:
    id: str
    text: str
    n: int | None
    shares: tuple[float, ...] | None

    @property
    def suppressed(self) -> bool:
        return self.shares is None

    @property
    def percents(self) -> list[str]:
        return [f"{round(s * 100)}%" for s in self.shares or ()]


@dataclass(frozen=True)
class ScaleRow:
    scale: ScaleInfo
    n: int | None
    school: Cell
    district: Cell
    rwg_j: float | None
    change: float | None
    options: tuple[str, ...]
    items: tuple[ItemRow, ...]

    @property
    def agreement(self) -> str:
        """ "agree", "mixed", "differ", or "" when rwg(j) is hidden or undefined."""
        if self.rwg_j is None:
            return ""
        if self.rwg_j >= AGREE_LARGELY:
            return "agree"
        if self.rwg_j >= AGREE_MIXED:
            return "mixed"
        return "differ"

    @property
    def agreement_text(self) -> str:
        return {
            "agree": gettext("staff largely agree"),
            "mixed": gettext("views are mixed"),
            "differ": gettext("views differ widely"),
        }.get(self.agreement, "")

    @property
    def rwg_text(self) -> str:
        return format_mean(self.rwg_j)

    @property
    def change_text(self) -> str:
        return format_change(self.change)


@dataclass(frozen=True)
class BreakdownRow:
    value: str
    n: int | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Breakdown:
    column: str
    title: str
    rows: tuple[BreakdownRow, ...]


def _breakdown_titles() -> dict[str, str]:
    return {
        "role": gettext("Role"),
        "grade_band": gettext("Grade band"),
        "hire_band": gettext("Years at the school or district"),
        "race_ethnicity": gettext("Race or ethnicity"),
        "age_band": gettext("Age band"),
    }


@dataclass(frozen=True)
class SchoolReport:
    cycle: Cycle
    previous: Cycle | None
    school: School
    min_n: int
    respondents: int | None
    response_rate: float | None
    unrepresentative: bool
    scales: tuple[ScaleRow, ...]
    breakdown_scales: tuple[ScaleInfo, ...]
    breakdowns: tuple[Breakdown, ...]

    @property
    def suppressed(self) -> bool:
        return self.respondents is None

    @property
    def rate_text(self) -> str:
        return "" if self.response_rate is None else f"{round(self.response_rate * 100)}%"


def _item_rows(
    distributions: pd.DataFrame | None, label: str, scale: ScaleSpec, texts: dict[str, str]
) -> tuple[ItemRow, ...]:
    rows = []
    points = list(range(scale.low, scale.high + 1))
    for item in scale.items:
        key = (label, scale.id, item)
        n: int | None = None
        shares: tuple[float, ...] | None = None
        if distributions is not None and key in distributions.index:
            record = distributions.loc[cast(Any, key)]
            n = count_or_none(record["n"])
            if not bool(record["suppressed"]) and n:
                shares = tuple(int(record[p]) / n for p in points)
        rows.append(ItemRow(item, texts.get(item, item), n, shares))
    return tuple(rows)


def school_report(*, cycle: Cycle, school: School, cycles: QuerySet[Cycle]) -> SchoolReport:
    """Everything the school page shows for one cycle, suppressed by the engine."""
    instrument = cycle_instrument(cycle)
    language_items = {
        item.id: _text(item.text) for scale in instrument.scales for item in scale.items
    }
    min_n = results_min_n(cycle)
    analysis = cycle_analysis(cycle)
    previous = previous_cycle(cycle, cycles)
    before = cycle_results(previous) if previous is not None else None
    before_means = _means(before) if before is not None else {}
    results = analysis.results if analysis else None
    label = _group_label(school)

    respondents = None
    if results is not None and label in results.groups.index:
        respondents = count_or_none(results.groups.at[label, "n"])
    rate = _rate(respondents, school)
    means = _means(results) if results else {}
    overall = _overall_means(results) if results else {}
    rwg = _column(results.group_scales, "rwg_j", number_or_none) if results else {}
    counts = _column(results.group_scales, "n", count_or_none) if results else {}
    infos = _scale_infos(instrument)
    scale_rows = []
    for info, scale in zip(infos, instrument.scales, strict=True):
        school_cell = Cell(means.get((label, info.id)), info.low, info.high, info.id)
        scale_rows.append(
            ScaleRow(
                scale=info,
                n=counts.get((label, info.id)),
                school=school_cell,
                district=Cell(overall.get(info.id), info.low, info.high, info.id),
                rwg_j=rwg.get((label, info.id)),
                change=_change(school_cell.mean, before_means.get((label, info.id))),
                options=tuple(
                    scale.answers.labels.get(_language())
                    or scale.answers.labels.get("en")
                    or [str(p) for p in range(info.low, info.high + 1)]
                ),
                items=_item_rows(
                    analysis.distributions if analysis else None,
                    label,
                    scale.spec(),
                    language_items,
                ),
            )
        )

    breakdowns = []
    if results is not None and respondents is not None:
        titles = _breakdown_titles()
        cells = results.breakdown
        cell_means = _column(results.breakdown_scales, "mean", number_or_none)
        mine = cells[cells.index.get_level_values("group") == label]
        for column in results.by_columns:
            rows = []
            for key, record in mine[mine.index.get_level_values("column") == column].iterrows():
                value = str(cast(tuple[str, str, str], key)[2])
                rows.append(
                    BreakdownRow(
                        value=gettext("(not reported)") if value == NOT_REPORTED else value,
                        n=count_or_none(record["n"]),
                        cells=tuple(
                            Cell(cell_means.get((label, column, value, s.id)), s.low, s.high, s.id)
                            for s in infos
                        ),
                    )
                )
            if rows:
                breakdowns.append(Breakdown(column, titles.get(column, column), tuple(rows)))

    return SchoolReport(
        cycle=cycle,
        previous=previous,
        school=school,
        min_n=min_n,
        respondents=respondents,
        response_rate=rate,
        unrepresentative=rate is not None and rate < cycle.district.response_rate_flag,
        scales=tuple(scale_rows),
        breakdown_scales=tuple(infos),
        breakdowns=tuple(breakdowns),
    )


@dataclass(frozen=True)
class CommentGroup:
    question: str
    comments: tuple[str, ...]


def comment_min_n(cycle: Cycle) -> int:
    """Respondents a school needs before its comments are shown (never below min_n)."""
    return max(cycle.district.comment_min_n, results_min_n(cycle))


def school_comments(*, cycle: Cycle, school: School, respondents: int | None) -> list[CommentGroup]:
    """The school's comments, by question, each list in a fresh random order.

    Empty unless ``respondents`` (the engine's shown count) reaches ``comment_min_n``.
    Comments carry no time; the order is a new shuffle on every call, never the storage
    order.
    """
    if respondents is None or respondents < comment_min_n(cycle):
        return []
    instrument = cycle_instrument(cycle)
    by_question: dict[str, list[str]] = {}
    for question_id, text in Comment.objects.filter(cycle=cycle, school=school).values_list(
        "question_id", "text"
    ):
        by_question.setdefault(question_id, []).append(text)
    groups = []
    known = [q.id for q in instrument.questions]
    for question_id in [*known, *sorted(set(by_question) - set(known))]:
        texts = by_question.get(question_id)
        if not texts:
            continue
        _shuffle(texts)
        question = next((q for q in instrument.questions if q.id == question_id), None)
        title = _text(question.text) if question else gettext("Other comments")
        groups.append(CommentGroup(title, tuple(texts)))
    return groups


# --------------------------------------------------------------------------- feedback


@dataclass(frozen=True)
class FeedbackRow:
    month: str
    label: str
    respondents: int | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class FeedbackTable:
    cycle: Cycle
    min_n: int
    scales: tuple[ScaleInfo, ...]
    overall: tuple[Cell, ...]
    rows: tuple[FeedbackRow, ...]


def _month_label(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return formats.date_format(date(year, number, 1), "YEAR_MONTH_FORMAT")


def feedback_table(cycle: Cycle) -> FeedbackTable:
    """The standing feedback cycle's scales by month (``group="month"``), suppressed."""
    instrument = cycle_instrument(cycle)
    scales = _scale_infos(instrument)
    analysis = _feedback_analysis(cycle)
    results = analysis.results if analysis else None
    rows: list[FeedbackRow] = []
    overall = tuple(Cell(None, s.low, s.high, s.id) for s in scales)
    if results is not None:
        means = _means(results)
        all_means = _overall_means(results)
        overall = tuple(Cell(all_means.get(s.id), s.low, s.high, s.id) for s in scales)
        for month, record in results.groups.iterrows():
            rows.append(
                FeedbackRow(
                    month=str(month),
                    label=_month_label(str(month)),
                    respondents=count_or_none(record["n"]),
                    cells=tuple(
                        Cell(means.get((month, s.id)), s.low, s.high, s.id) for s in scales
                    ),
                )
            )
    return FeedbackTable(cycle, results_min_n(cycle), tuple(scales), overall, tuple(rows))
