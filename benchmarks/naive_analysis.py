"""A straightforward pandas implementation of the survey statistics, for comparison only.

This is how the analysis is usually first written: ``groupby().apply`` with a Python
function per school (and per school x demographic value). It computes the same
numbers as ``staffroom.analysis.analyze_survey`` before suppression and serves as
the baseline the benchmark measures the engine against. It is not used by Staffroom.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from staffroom.analysis import ScaleSpec


def _reversed(frame: pd.DataFrame, scale: ScaleSpec) -> pd.DataFrame:
    items = frame[list(scale.items)].astype(float)
    for item in scale.reverse:
        items[item] = scale.low + scale.high - items[item]
    return items


def _score(items: pd.DataFrame, scale: ScaleSpec) -> pd.Series:
    answered = items.notna().sum(axis=1)
    return items.mean(axis=1).where(answered >= math.ceil(len(scale.items) / 2))


def _agreement(items: pd.DataFrame, options: int) -> pd.Series:
    complete = items.dropna()
    n = len(complete)
    if n < 2:
        return pd.Series({"rwg_j": np.nan, "ad_m": np.nan})
    sigma2 = (options**2 - 1) / 12
    mean_var = complete.var(ddof=1).mean()
    j = items.shape[1]
    ratio = mean_var / sigma2
    rwg = 0.0 if ratio > 1 else j * (1 - ratio) / (j * (1 - ratio) + ratio)
    ad = (complete - complete.mean()).abs().mean().mean()
    return pd.Series({"rwg_j": rwg, "ad_m": ad})


def naive_analyze(
    frame: pd.DataFrame, scales: list[ScaleSpec], group: str, by: list[str]
) -> dict[str, pd.DataFrame]:
    """Per scale: overall alpha and ICC; per group: n, mean, sd, rwg(j), AD(M); per cell."""
    results: dict[str, pd.DataFrame] = {}
    scores = pd.DataFrame(index=frame.index)
    overall = []
    group_tables = []
    for scale in scales:
        items = _reversed(frame, scale)
        scores[scale.id] = _score(items, scale)
        cov = items.cov()
        k = len(scale.items)
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.to_numpy().sum())
        frame_scale = items.assign(_group=frame[group], _score=scores[scale.id])

        def per_group(part: pd.DataFrame, scale: ScaleSpec = scale) -> pd.Series:
            score = part["_score"].dropna()
            stats = _agreement(part[list(scale.items)], scale.high - scale.low + 1)
            return pd.Series(
                {
                    "n": len(score),
                    "mean": score.mean(),
                    "sd": score.std(ddof=1),
                    "rwg_j": stats["rwg_j"],
                    "ad_m": stats["ad_m"],
                }
            )

        table = frame_scale.groupby("_group").apply(per_group, include_groups=False)
        table["scale"] = scale.id
        group_tables.append(table)
        scored = frame_scale.dropna(subset=["_score"])
        grand = scored["_score"].mean()
        sizes = scored.groupby("_group")["_score"].count()
        means = scored.groupby("_group")["_score"].mean()
        msb = (sizes * (means - grand) ** 2).sum() / (len(sizes) - 1)
        msw = ((scored["_score"] - scored["_group"].map(means)) ** 2).sum() / (
            len(scored) - len(sizes)
        )
        k_mean = len(scored) / len(sizes)
        overall.append(
            {
                "scale": scale.id,
                "alpha": alpha,
                "icc1": (msb - msw) / (msb + (k_mean - 1) * msw),
                "icc2": (msb - msw) / msb,
            }
        )
    results["scales"] = pd.DataFrame(overall).set_index("scale")
    results["groups"] = pd.concat(group_tables)
    cells = []
    for column in by:
        keyed = scores.assign(_group=frame[group], _value=frame[column].fillna("(not reported)"))

        def per_cell(part: pd.DataFrame) -> pd.Series:
            values = {"n": len(part)}
            for scale in scales:
                values[f"{scale.id}_mean"] = part[scale.id].mean()
                values[f"{scale.id}_sd"] = part[scale.id].std(ddof=1)
            return pd.Series(values)

        table = keyed.groupby(["_group", "_value"]).apply(per_cell, include_groups=False)
        table["column"] = column
        cells.append(table)
    results["cells"] = pd.concat(cells) if cells else pd.DataFrame()
    return results
