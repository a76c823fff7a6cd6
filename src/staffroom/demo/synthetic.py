"""Synthetic survey responses with realistic structure, for the demo, tests and benchmarks.

Answers follow a simple multilevel model: for each scale, a school effect (so schools
really differ, ICC(1) around 0.1-0.2), a person effect, an item effect and noise, on the
latent scale, cut into the answer points. Reverse-keyed items are answered in reverse.
Some demographic groups get small shifts (for example, staff hired in the last two
years report less community), so breakdowns show patterns worth discussing. Every
value is drawn from the ``rng`` passed in: the same seed gives the same data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.scales import ScaleSpec

__all__ = ["DEMOGRAPHIC_COLUMNS", "benchmark_scales", "school_sizes", "synthetic_survey"]

DEMOGRAPHIC_COLUMNS: dict[str, tuple[list[str], list[float]]] = {
    "role": (
        ["teacher", "paraprofessional", "specialist", "administrator", "support staff", ""],
        [0.58, 0.12, 0.12, 0.04, 0.10, 0.04],
    ),
    "grade_band": (
        ["PK-2", "3-5", "6-8", "9-12", "all grades", ""],
        [0.2, 0.2, 0.2, 0.25, 0.1, 0.05],
    ),
    "hire_band": (
        ["under 2 years", "2-5 years", "6-10 years", "over 10 years", ""],
        [0.22, 0.28, 0.2, 0.26, 0.04],
    ),
    "race_ethnicity": (
        [
            "Asian",
            "Black or African American",
            "Hispanic or Latino",
            "Multiracial",
            "White",
            "Another identity",
            "",
        ],
        [0.06, 0.14, 0.2, 0.05, 0.43, 0.02, 0.10],
    ),
    "age_band": (
        ["under 30", "30-39", "40-49", "50-59", "60 and over", ""],
        [0.18, 0.26, 0.24, 0.18, 0.07, 0.07],
    ),
}
"""Demographic columns and (value, share) pairs; "" is a blank (not reported) answer."""

_SHIFTS = {"hire_band": {"under 2 years": -0.35}, "role": {"paraprofessional": -0.25}}
"""Latent shifts for some groups, so the demo's breakdowns have something to show."""


def school_sizes(
    n_schools: int, respondents: int, rng: np.random.Generator, low: int = 5, high: int = 150
) -> NDArray[np.int64]:
    """Skewed school sizes within [low, high] that add up to ``respondents`` exactly."""
    if not low * n_schools <= respondents <= high * n_schools:
        raise ValueError("respondents cannot be split into schools of that size range")
    raw = rng.gamma(1.6, 1.0, n_schools)
    sizes = np.clip(np.round(low + raw / raw.sum() * (respondents - low * n_schools)), low, high)
    sizes = sizes.astype(np.int64)
    while (gap := respondents - int(sizes.sum())) != 0:
        room = sizes < high if gap > 0 else sizes > low
        chosen = rng.choice(
            np.flatnonzero(room), size=min(abs(gap), int(room.sum())), replace=False
        )
        sizes[chosen] += 1 if gap > 0 else -1
    return np.asarray(sizes, dtype=np.int64)


def benchmark_scales(
    n_scales: int = 8, items_per_scale: int = 8, total_items: int = 60
) -> list[ScaleSpec]:
    """Scales of the state-scale benchmark: ``total_items`` items over ``n_scales`` scales,
    the second and sixth item of each reverse-keyed, answers 1 to 5."""
    counts = np.full(n_scales, total_items // n_scales)
    counts[: total_items % n_scales] += 1
    scales, start = [], 1
    for s, count in enumerate(counts):
        items = tuple(f"Q{start + j:02d}" for j in range(count))
        reverse = tuple(items[j] for j in (1, 5) if j < count)
        scales.append(ScaleSpec(id=f"scale{s + 1}", items=items, low=1, high=5, reverse=reverse))
        start += count
    return scales


def synthetic_survey(
    scales: Sequence[ScaleSpec],
    sizes: Sequence[int] | NDArray[np.int64],
    rng: np.random.Generator,
    *,
    missing: float = 0.03,
    demographics: Sequence[str] = tuple(DEMOGRAPHIC_COLUMNS),
    school_labels: Sequence[str] | None = None,
    school_spread: float = 0.3,
) -> pd.DataFrame:
    """Responses for schools of the given sizes: ``school``, demographics, then items.

    Items are float64 with NaN for a missing answer (``missing`` is the share of
    answers left blank, completely at random).
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    n_schools, n = len(sizes), int(sizes.sum())
    labels = (
        list(school_labels)
        if school_labels is not None
        else [f"S{i + 1:05d}" for i in range(n_schools)]
    )
    school = np.repeat(np.arange(n_schools), sizes)
    frame: dict[str, object] = {"school": pd.array(np.asarray(labels)[school], dtype="string")}
    shift = np.zeros(n)
    for column in demographics:
        values, shares = DEMOGRAPHIC_COLUMNS[column]
        drawn = np.asarray(values)[rng.choice(len(values), size=n, p=shares)]
        frame[column] = pd.array(drawn, dtype="string")
        for value, delta in _SHIFTS.get(column, {}).items():
            shift += np.where(drawn == value, delta, 0.0)
    for scale in scales:
        centre = (scale.low + scale.high) / 2 + 0.35 * (scale.high - scale.low) / 4
        school_effect = rng.normal(0.0, school_spread, n_schools)[school]
        person = rng.normal(0.0, 0.65, n) + school_effect + shift
        reverse = set(scale.reverse)
        for item in scale.items:
            latent = centre + rng.normal(0.0, 0.15) + person + rng.normal(0.0, 0.7, n)
            answer = np.clip(np.rint(latent), scale.low, scale.high)
            if item in reverse:
                answer = scale.low + scale.high - answer
            answer[rng.random(n) < missing] = np.nan
            frame[item] = answer
    return pd.DataFrame(frame)
