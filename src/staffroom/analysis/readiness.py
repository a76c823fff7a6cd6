"""Readiness: is a school ready to start a new practice now, or should it build adult
community first?

``readiness`` judges every school from its survey scale means, response rate, staff
agreement (rwg(j)), staff indicators and continuum self-assessment, with a transparent
rule set whose thresholds and weights are settings (``ReadinessSettings``). Every
judgement lists the reasons that produced it, in plain words with the numbers.
``schools_to_support`` turns the judgements into a coach's list, most need first.

The rules are evaluated for all schools at once (one array per rule); only the reason
sentences are assembled per school.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.exceptions import InvalidParameterError, MissingColumnError

__all__ = [
    "DEFAULT_RULES",
    "JUDGEMENTS",
    "STATISTICS",
    "ReadinessRule",
    "ReadinessSettings",
    "readiness",
    "schools_to_support",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

JUDGEMENTS = ("ready", "build_community", "not_enough_data")
"""The three judgements: ready to start a new practice now; build adult community
first; not enough data to judge."""

Kind = Literal["scale", "agreement", "indicator", "continuum"]
Unit = Literal["mean", "share", "index"]


@dataclass(frozen=True)
class ReadinessRule:
    """One condition of readiness: a column of the schools table against a threshold.

    ``higher_is_better`` says which side passes; a value exactly at the threshold
    passes (``>=``, or ``<=`` when lower is better). ``weight`` is its share of the
    score (0: shown but not weighed). A ``required`` condition must be met for a school
    to be ready, and must have a value for the school to be judged at all.
    """

    column: str
    label: str
    threshold: float
    kind: Kind = "scale"
    unit: Unit = "mean"
    higher_is_better: bool = True
    weight: float = 1.0
    required: bool = False
    verb: str = "averages"
    """Joins label and value in the reason: "Trust among colleagues averages 3.1"."""

    def __post_init__(self) -> None:
        if not np.isfinite(self.weight) or self.weight < 0:
            raise InvalidParameterError(f"{self.column}: weight must be 0 or more")
        if not np.isfinite(self.threshold):
            raise InvalidParameterError(f"{self.column}: threshold must be a number")
        if self.unit == "share" and not 0 <= self.threshold <= 1:
            raise InvalidParameterError(f"{self.column}: a share threshold is between 0 and 1")


DEFAULT_RULES = (
    ReadinessRule("colleague_trust", "Trust among colleagues", 3.5, required=True),
    ReadinessRule("leader_trust", "Trust in school leadership", 3.5, required=True),
    ReadinessRule("community", "Sense of community and belonging", 3.5),
    ReadinessRule("collective_efficacy", "Collective efficacy", 3.5),
    ReadinessRule(
        "rwg_j", "Agreement among staff (rwg(j))", 0.70, kind="agreement", unit="index", verb="is"
    ),
    ReadinessRule(
        "turnover_rate",
        "Staff turnover",
        0.16,
        kind="indicator",
        unit="share",
        higher_is_better=False,
        verb="is",
    ),
    ReadinessRule(
        "pl_voluntary_participation",
        "Participation in voluntary professional learning",
        0.50,
        kind="indicator",
        unit="share",
        verb="is",
    ),
    ReadinessRule(
        "request_unanswered_share",
        "The share of requests to the district team left waiting",
        0.20,
        kind="indicator",
        unit="share",
        higher_is_better=False,
        verb="is",
    ),
    ReadinessRule(
        "continuum",
        "The team's continuum self-assessment (1 = Emerging, 3 = Advanced)",
        2.0,
        kind="continuum",
    ),
)
"""The default rule set (rationale in docs/analysis/readiness.md)."""


@dataclass(frozen=True)
class ReadinessSettings:
    """Thresholds and weights of the readiness rules; every field has a documented default.

    ``min_response_rate``: a school whose response rate is missing or below it is
    ``not_enough_data``; ``ready_score``: the weighted share of conditions met that a
    school needs (with every required condition met) to be ``ready``.
    """

    rules: tuple[ReadinessRule, ...] = DEFAULT_RULES
    min_response_rate: float = 0.50
    ready_score: float = 0.75
    response_rate_column: str = "response_rate"
    school_column: str = "school"

    def __post_init__(self) -> None:
        if not 0 <= self.min_response_rate <= 1:
            raise InvalidParameterError("min_response_rate is a share between 0 and 1")
        if not 0 <= self.ready_score <= 1:
            raise InvalidParameterError("ready_score is between 0 and 1")
        columns = [rule.column for rule in self.rules]
        if len(set(columns)) != len(columns):
            raise InvalidParameterError("each rule needs its own column")
        if not any(rule.kind == "scale" for rule in self.rules):
            raise InvalidParameterError("the rules need at least one survey scale")

    def with_rule(self, column: str, **changes: Any) -> ReadinessSettings:
        """A copy with one rule changed, e.g. ``with_rule("turnover_rate", weight=0)``."""
        if column not in {rule.column for rule in self.rules}:
            raise InvalidParameterError(f"no readiness rule for column {column!r}")
        rules = tuple(
            dataclasses.replace(rule, **changes) if rule.column == column else rule
            for rule in self.rules
        )
        return dataclasses.replace(self, rules=rules)


def _shown(values: FloatArray, unit: Unit, threshold: float) -> list[str]:
    """Values as words ("3.1", "22%", "0.78"); more digits where rounding would make a
    value look equal to the threshold while it is on the other side of it."""
    scale, digits, suffix = (
        (100.0, 0, "%") if unit == "share" else (1.0, 1 if unit == "mean" else 2, "")
    )
    scaled = values * scale
    limit = threshold * scale
    chosen = np.full(values.shape, digits + 3)
    for extra in range(2, -1, -1):
        places = digits + extra
        looks_equal = np.round(scaled, places) == np.round(limit, places)
        misleading = looks_equal & (scaled != limit)
        chosen = np.where(misleading, chosen, places)
    words = np.full(values.shape, "", dtype=object)
    for places in np.unique(chosen[~np.isnan(scaled)]).tolist():
        pick = (chosen == places) & ~np.isnan(scaled)
        pattern = f"%.{places}f" + suffix.replace("%", "%%")  # printf: a literal % is %%
        words[pick] = np.char.mod(pattern, scaled[pick]).astype(object)
    return list(words)


def _threshold_text(rule: ReadinessRule) -> str:
    return _shown(np.array([rule.threshold]), rule.unit, rule.threshold)[0]


def _column(frame: pd.DataFrame, column: str, schools: pd.Series, unit: Unit) -> FloatArray:
    """A numeric column (missing column: all missing); bad values name school and column."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = raw.notna().to_numpy() & ~np.isfinite(values)
    if unit == "share":
        with np.errstate(invalid="ignore"):
            bad |= (values < 0) | (values > 1)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        expected = "a share from 0 to 1" if unit == "share" else "a number"
        raise InvalidParameterError(
            f"school {schools.iloc[position]!r}, column {column!r}: "
            f"{raw.iloc[position]!r} is not {expected}"
        )
    return values


def readiness(schools: pd.DataFrame, settings: ReadinessSettings | None = None) -> pd.DataFrame:
    """Judge each school: ``ready``, ``build_community`` or ``not_enough_data``.

    Parameters
    ----------
    schools
        One row per school: ``school``, ``response_rate`` (share 0-1) and a column per
        rule (default: the staff-climate scale means ``colleague_trust``,
        ``leader_trust``, ``community``, ``collective_efficacy`` on 1-5; ``rwg_j``;
        the indicators ``turnover_rate``, ``pl_voluntary_participation``,
        ``request_unanswered_share`` as shares; ``continuum``, the mean rank of the
        school's agreed continuum levels). A missing column or value means "no data".
    settings
        Thresholds and weights (default ``ReadinessSettings()``).

    Returns
    -------
    pandas.DataFrame
        ``school``, ``judgement``, ``score`` (weighted share of assessed conditions
        met; NaN for ``not_enough_data``), ``met``, ``not_met`` and
        ``not_assessed`` (lists of rule columns) and ``reasons`` (list of sentences:
        the judgement first, then one per rule), in the input's order.

    Notes
    -----
    For rule r with weight w_r and threshold t_r, a school's value x_r *meets* it when
    x_r >= t_r (x_r <= t_r when lower is better): a value exactly at the threshold
    passes. A rule whose value is missing is *not assessed*: it is skipped, and its
    reason says so. The score is

        score = sum_r w_r [x_r meets t_r] / sum_r w_r [x_r assessed].

    The judgement, in this order:

    1. ``not_enough_data`` when the response rate is missing or below
       ``min_response_rate``, when every survey scale is missing, when a required rule
       is missing, or when no rule with weight above 0 could be assessed;
    2. ``ready`` when score >= ``ready_score`` and every required rule is met;
    3. ``build_community`` otherwise.

    Raising a value on a "higher is better" rule (or lowering one on a "lower is
    better" rule) never turns a ready school into one that is not ready: it can only
    turn a condition from not met to met. Values outside their range (a share above 1)
    raise ``InvalidParameterError`` naming the school and column.

    References
    ----------
    Bryk, A. S., & Schneider, B. (2002). Trust in schools: A core resource for
    improvement. Russell Sage Foundation. (Relational trust as the precondition for
    improvement: the two trust scales are required.)

    LeBreton, J. M., & Senter, J. L. (2008). Answers to 20 questions about interrater
    reliability and interrater agreement. Organizational Research Methods, 11(4),
    815-852. (rwg(j) >= 0.70 as the conventional agreement threshold.)

    Carver-Thomas, D., & Darling-Hammond, L. (2017). Teacher turnover: Why it matters
    and what we can do about it. Learning Policy Institute. (About 16% of US teachers
    leave their school each year: the default turnover threshold.)
    """
    settings = settings or ReadinessSettings()
    if settings.school_column not in schools.columns:
        raise MissingColumnError(settings.school_column, "school")
    names = schools[settings.school_column].reset_index(drop=True)
    frame = schools.reset_index(drop=True)
    n = len(frame)
    rules = settings.rules
    values = np.column_stack(
        [_column(frame, rule.column, names, rule.unit) for rule in rules]
    ).reshape(n, len(rules))
    thresholds = np.array([rule.threshold for rule in rules])
    higher = np.array([rule.higher_is_better for rule in rules])
    weights = np.array([rule.weight for rule in rules])
    required = np.array([rule.required for rule in rules])
    is_scale = np.array([rule.kind == "scale" for rule in rules])

    assessed = ~np.isnan(values)
    with np.errstate(invalid="ignore"):
        meets = np.where(higher, values >= thresholds, values <= thresholds) & assessed
    weighed = (assessed * weights).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(weighed > 0, (meets * weights).sum(axis=1) / weighed, np.nan)

    rate = _column(frame, settings.response_rate_column, names, "share")
    no_rate = np.isnan(rate)
    with np.errstate(invalid="ignore"):
        low_rate = rate < settings.min_response_rate
    no_survey = ~assessed[:, is_scale].any(axis=1)
    required_missing = (~assessed & required).any(axis=1)
    nothing_weighed = np.isnan(score)
    not_enough = no_rate | low_rate | no_survey | required_missing | nothing_weighed
    required_met = (meets | ~required).all(axis=1)
    ready = ~not_enough & required_met & (np.nan_to_num(score) >= settings.ready_score)
    judgement = np.where(not_enough, "not_enough_data", np.where(ready, "ready", "build_community"))
    score = np.where(not_enough, np.nan, score)  # no score without data that speak for staff

    rule_texts = [_rule_reasons(rule, values[:, j], meets[:, j]) for j, rule in enumerate(rules)]
    checks = {
        "no_rate": no_rate,
        "low_rate": low_rate,
        "no_survey": no_survey,
        "required_missing": ~assessed & required,
        "required_unmet": assessed & ~meets & required,
    }
    headline = _headlines(settings, judgement, score, rate, checks)
    columns = np.array([rule.column for rule in rules])
    return pd.DataFrame(
        {
            "school": names.to_numpy(),
            "judgement": judgement,
            "score": score,
            "met": [list(columns[row]) for row in meets],
            "not_met": [list(columns[row]) for row in assessed & ~meets],
            "not_assessed": [list(columns[row]) for row in ~assessed],
            "reasons": [
                [first, *(text for text in rest if text)]
                for first, *rest in zip(headline, *rule_texts, strict=True)
            ],
        }
    )


def _rule_reasons(rule: ReadinessRule, values: FloatArray, meets: BoolArray) -> list[str]:
    """One sentence per school for one rule."""
    shown = _shown(values, rule.unit, rule.threshold)
    limit = _threshold_text(rule)
    passed, failed = ("at or above", "below") if rule.higher_is_better else ("at or below", "above")
    unweighed = " It is not weighed (weight 0)." if rule.weight == 0 else ""
    required = " The district requires it." if rule.required else ""
    shown_values = np.array(shown, dtype=object)
    relation = np.where(meets, passed, failed).astype(object)
    stated = (
        f"{rule.label} {rule.verb} "
        + shown_values
        + ", "
        + relation
        + f" the {limit} the district set.{unweighed}"
        + np.where(meets, "", required).astype(object)
    )
    missing = f"{rule.label}: no figure, so it was not weighed.{required}"
    return list(np.where(np.isnan(values), missing, stated))


def _headlines(
    settings: ReadinessSettings,
    judgement: NDArray[np.str_],
    score: FloatArray,
    rate: FloatArray,
    checks: dict[str, BoolArray],
) -> list[str]:
    """The first reason of each school: the judgement and what decided it."""
    floor = _shown(np.array([settings.min_response_rate]), "share", settings.min_response_rate)
    rates = _shown(rate, "share", settings.min_response_rate)
    scores = _shown(score, "index", settings.ready_score)
    needed = _shown(np.array([settings.ready_score]), "index", settings.ready_score)[0]
    labels = np.array([rule.label for rule in settings.rules], dtype=object)
    lines = []
    for i, verdict in enumerate(judgement.tolist()):
        if verdict == "not_enough_data":
            missing = labels[checks["required_missing"][i]]
            if checks["no_rate"][i]:
                cause = "the response rate is unknown, so the survey may not speak for the staff"
            elif checks["low_rate"][i]:
                cause = f"only {rates[i]} of staff answered the survey, below the {floor[0]} needed"
            elif checks["no_survey"][i]:
                cause = "there are no survey results for the school"
            elif missing.size:
                cause = f"there is no figure for {'; '.join(missing)}, which the district requires"
            else:
                cause = "nothing the district weighs could be assessed"
            lines.append(f"Not enough data: {cause}.")
        elif verdict == "ready":
            lines.append(
                f"Ready to start a new practice: score {scores[i]}, at or above the {needed} "
                "needed, and every required condition is met."
            )
        else:
            unmet = labels[checks["required_unmet"][i]]
            relation = "below" if score[i] < settings.ready_score else "at or above"
            note = f"; not met although required: {'; '.join(unmet)}" if unmet.size else ""
            lines.append(
                f"Build adult community first: score {scores[i]}, {relation} the {needed} "
                f"needed for ready{note}."
            )
    return lines


def schools_to_support(
    judged: pd.DataFrame, *, include_not_enough_data: bool = True
) -> pd.DataFrame:
    """The schools a coach should support, most need first.

    ``judged`` is ``readiness``'s result. Ready schools are left out. Schools to
    ``build_community`` come first, lowest score first (ties by school); then, unless
    ``include_not_enough_data`` is False, the schools without enough data, whose first
    need is a survey that speaks for the staff. Columns: ``rank`` (1 = most need),
    ``school``, ``judgement``, ``score``, ``not_met``, ``not_assessed``, ``reasons``.
    """
    keep = judged["judgement"] == "build_community"
    if include_not_enough_data:
        keep |= judged["judgement"] == "not_enough_data"
    chosen = judged.loc[keep].copy()
    chosen["_order"] = (chosen["judgement"] == "not_enough_data").astype(int)
    chosen["_school"] = chosen["school"].astype(str)
    chosen = chosen.sort_values(
        ["_order", "score", "_school"], na_position="last", kind="mergesort"
    )
    chosen.insert(0, "rank", np.arange(1, len(chosen) + 1))
    return chosen[
        ["rank", "school", "judgement", "score", "not_met", "not_assessed", "reasons"]
    ].reset_index(drop=True)


STATISTICS = (readiness,)
