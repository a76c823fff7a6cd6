"""Readiness pages: gather each school's figures, let the engine judge, show why.

The judgement is ``staffroom.analysis.readiness.readiness`` (and the coach's list
``schools_to_support``), with the district's thresholds and weights
(``ReadinessConfig``, over the ``ReadinessSettings`` defaults). This module only
collects the figures the engine reads, each already suppressed where it comes from:

* survey scale means, agreement rwg(j) and the response rate: the district's latest
  closed staff survey with results, as the results pages show it (``results.selectors``;
  a hidden mean is missing). ``rwg_j`` is the mean of the rwg(j) values shown for the
  trust, community and efficacy scales (the engine's documented input);
* indicators: each one's latest shown month for the school
  (``community.selectors.indicator_series``), when the community app is installed;
* continuum: the mean rank of the levels the school's team agreed in its latest
  revealed self-assessment round, when the continuum app is installed.

A source that is not installed, or has nothing for a school, is simply missing: the
engine then says "no figure, so it was not weighed".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Avg

from staffroom.analysis.readiness import (
    ReadinessRule,
    ReadinessSettings,
    readiness,
    schools_to_support,
)
from staffroom.web.accounts.models import User
from staffroom.web.core.cells import number_or_none
from staffroom.web.improvement.access import improvement_schools
from staffroom.web.improvement.models import ReadinessConfig
from staffroom.web.orgs.models import District, School
from staffroom.web.results import selectors as results
from staffroom.web.surveys.models import Cycle

__all__ = [
    "ReadinessPage",
    "SchoolReadiness",
    "readiness_page",
    "settings_build",
    "settings_defaults",
    "settings_for",
    "settings_values",
]

_AGREEMENT_SCALES = ("colleague_trust", "leader_trust", "community", "collective_efficacy")


def settings_defaults() -> ReadinessSettings:
    """The engine's defaults (``ReadinessSettings()``)."""
    return ReadinessSettings()


def settings_build(values: dict[str, Any]) -> ReadinessSettings:
    """Settings from stored values: ``min_response_rate``, ``ready_score`` and, per
    rule column, ``threshold``, ``weight`` and ``required``. Raises the engine's
    ``InvalidParameterError`` (a ``ValueError``) for values it refuses."""
    settings = settings_defaults()
    settings = dataclasses.replace(
        settings,
        min_response_rate=float(values.get("min_response_rate", settings.min_response_rate)),
        ready_score=float(values.get("ready_score", settings.ready_score)),
    )
    for column, changes in dict(values.get("rules", {})).items():
        if column in {rule.column for rule in settings.rules}:
            allowed = {k: v for k, v in changes.items() if k in {"threshold", "weight", "required"}}
            settings = settings.with_rule(column, **allowed)
    return settings


def settings_for(district: District) -> ReadinessSettings:
    """The district's settings (defaults where it changed nothing)."""
    config = ReadinessConfig.objects.filter(district=district).first()
    return settings_build(config.values if config else {})


def settings_values(settings: ReadinessSettings) -> dict[str, Any]:
    """Settings as stored values (the inverse of ``settings_build``)."""
    return {
        "min_response_rate": settings.min_response_rate,
        "ready_score": settings.ready_score,
        "rules": {
            rule.column: {
                "threshold": rule.threshold,
                "weight": rule.weight,
                "required": rule.required,
            }
            for rule in settings.rules
        },
    }


# --------------------------------------------------------------------------- inputs


def _survey_cycle(district: District) -> Cycle | None:
    cycles = Cycle.objects.filter(
        district=district, kind=Cycle.SURVEY, instrument_id="staff-climate", status=Cycle.CLOSED
    ).select_related("district")
    return results.default_cycle(cycles.order_by("-opens_on", "-pk"))


def _survey_inputs(cycle: Cycle, schools: list[School]) -> dict[int, dict[str, float | None]]:
    """Scale means, rwg_j and response rate per school, from the results selectors."""
    cycles = Cycle.objects.filter(pk=cycle.pk).select_related("district")
    table = results.district_table(cycle=cycle, schools=schools, cycles=cycles)
    analysis = results.cycle_results(cycle)
    rwg = analysis.group_scales["rwg_j"] if analysis is not None else None
    figures: dict[int, dict[str, float | None]] = {}
    for row in table.rows:
        values: dict[str, float | None] = {"response_rate": row.response_rate}
        for cell in row.cells:
            values[cell.scale] = cell.mean
        shown = []
        for scale in _AGREEMENT_SCALES:
            key = (row.school.name, scale)
            if rwg is not None and key in rwg.index and values.get(scale) is not None:
                value = number_or_none(rwg.loc[key])
                if value is not None:
                    shown.append(value)
        values["rwg_j"] = sum(shown) / len(shown) if shown else None
        figures[row.school.pk] = values
    return figures


def _indicator_inputs(
    district: District, schools: list[School], rules: tuple[ReadinessRule, ...]
) -> dict[int, dict[str, float | None]]:
    """Each indicator rule's latest shown value per school (empty: app not installed)."""
    try:
        from staffroom.web.community.selectors import indicator_series
    except ImportError:
        return {}
    figures: dict[int, dict[str, float | None]] = {}
    wanted = [rule.column for rule in rules if rule.kind == "indicator"]
    for school in schools:
        values: dict[str, float | None] = {}
        for column in wanted:
            shown = [
                row
                for row in indicator_series(district=district, school=school, indicator=column)
                if row.get("value") is not None
            ]
            values[column] = number_or_none(shown[-1]["value"]) if shown else None
        figures[school.pk] = values
    return figures


def _continuum_inputs(schools: list[School]) -> dict[int, float | None]:
    """Mean rank of the agreed levels of each school's latest revealed round."""
    try:
        from staffroom.web.continuum.models import AgreedLevel, AssessmentRound
    except ImportError:
        return {}
    figures: dict[int, float | None] = {}
    for school in schools:
        round_ = (
            AssessmentRound.objects.filter(school=school, status=AssessmentRound.REVEALED)
            .filter(agreed__isnull=False)
            .order_by("-revealed_on", "-started_on", "-pk")
            .first()
        )
        if round_ is None:
            continue
        mean = AgreedLevel.objects.filter(round=round_).aggregate(mean=Avg("level"))["mean"]
        figures[school.pk] = number_or_none(mean)
    return figures


# --------------------------------------------------------------------------- page


@dataclass(frozen=True)
class InputRow:
    """One condition as a school meets it: the figure used and the district's bar."""

    label: str
    value: str
    threshold: str
    status: str
    """ "met", "not met" or "no figure"."""
    required: bool
    weight: float


@dataclass(frozen=True)
class SchoolReadiness:
    school: School
    judgement: str
    score: float | None
    reasons: tuple[str, ...]
    inputs: tuple[InputRow, ...]
    rank: int | None = None

    @property
    def judgement_text(self) -> str:
        return dict(JUDGEMENT_TEXT)[self.judgement]

    @property
    def score_text(self) -> str:
        return "" if self.score is None else f"{self.score:.2f}"


JUDGEMENT_TEXT = (
    ("ready", "Ready to start a new practice"),
    ("build_community", "Build adult community first"),
    ("not_enough_data", "Not enough data to judge"),
)


@dataclass(frozen=True)
class ReadinessPage:
    cycle: Cycle | None
    settings: ReadinessSettings
    schools: tuple[SchoolReadiness, ...]
    support: tuple[SchoolReadiness, ...]
    response_rate_text: str
    ready_score_text: str
    thresholds: tuple[tuple[str, str, float, bool], ...]
    """(label, bar in words, weight, required) for every rule."""


def _format(value: float | None, rule: ReadinessRule) -> str:
    if value is None:
        return ""
    if rule.unit == "share":
        return f"{value * 100:.0f}%"
    return f"{value:.1f}" if rule.unit == "mean" else f"{value:.2f}"


def _bar(rule: ReadinessRule) -> str:
    side = "at least" if rule.higher_is_better else "at most"
    return f"{side} {_format(rule.threshold, rule)}"


def readiness_page(*, user: User, only: Iterable[School] | None = None) -> ReadinessPage:
    """Every school the user may see (or those of ``only`` the user may see), judged with
    the district's settings, and (for coaches) the schools to support, most need first."""
    district = user.district
    settings = settings_for(district)
    visible = improvement_schools(user).order_by("name")
    if only is not None:
        visible = visible.filter(pk__in=[s.pk for s in only])
    schools = list(visible)
    cycle = _survey_cycle(district)
    survey = _survey_inputs(cycle, schools) if cycle is not None and schools else {}
    indicators = _indicator_inputs(district, schools, settings.rules)
    continuum = _continuum_inputs(schools)
    records = []
    for school in schools:
        record: dict[str, Any] = {"school": school.pk}
        record.update(survey.get(school.pk, {}))
        record.update(indicators.get(school.pk, {}))
        if school.pk in continuum:
            record["continuum"] = continuum[school.pk]
        records.append(record)
    columns = ["school", "response_rate", *(rule.column for rule in settings.rules)]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in columns[1:]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    judged = readiness(frame, settings) if records else None
    by_pk = {s.pk: s for s in schools}
    rows: dict[int, SchoolReadiness] = {}
    if judged is not None:
        values = frame.set_index("school")
        for judgement in judged.to_dict("records"):
            pk = int(judgement["school"])
            met, not_met = set(judgement["met"]), set(judgement["not_met"])
            rate = number_or_none(values.at[pk, "response_rate"])  # as the results pages show it
            rate_row = InputRow(
                label="Response rate to the survey",
                value="" if rate is None else f"{rate * 100:.0f}%",
                threshold=f"at least {settings.min_response_rate * 100:.0f}%",
                status="no figure"
                if rate is None
                else "met"
                if rate >= settings.min_response_rate
                else "not met",
                required=True,
                weight=0.0,
            )
            inputs = (
                rate_row,
                *(
                    InputRow(
                        label=rule.label,
                        value=_format(number_or_none(values.at[pk, rule.column]), rule),
                        threshold=_bar(rule),
                        status="met"
                        if rule.column in met
                        else "not met"
                        if rule.column in not_met
                        else "no figure",
                        required=rule.required,
                        weight=rule.weight,
                    )
                    for rule in settings.rules
                ),
            )
            rows[pk] = SchoolReadiness(
                school=by_pk[pk],
                judgement=str(judgement["judgement"]),
                score=number_or_none(judgement["score"]),
                reasons=tuple(judgement["reasons"]),
                inputs=inputs,
            )
    support: tuple[SchoolReadiness, ...] = ()
    if judged is not None and user.role == User.COACH:
        ranked = schools_to_support(judged)
        support = tuple(
            dataclasses.replace(rows[int(r["school"])], rank=int(r["rank"]))
            for r in ranked.to_dict("records")
        )
    return ReadinessPage(
        cycle=cycle,
        settings=settings,
        schools=tuple(rows[s.pk] for s in schools if s.pk in rows),
        support=support,
        response_rate_text=f"{settings.min_response_rate * 100:.0f}%",
        ready_score_text=f"{settings.ready_score:.2f}",
        thresholds=tuple(
            (rule.label, _bar(rule), rule.weight, rule.required) for rule in settings.rules
        ),
    )
