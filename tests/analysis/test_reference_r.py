"""The engine against R: psych::alpha, multilevel::ICC1/ICC2/rwg.j/ad.m.

Expected values were computed by fixtures/r/make_survey_fixtures.R (R 4.2.2, psych
2.2.9, multilevel 2.7); the versions are recorded in each JSON. CI needs no R.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from staffroom.analysis import (
    ScaleSpec,
    analyze_survey,
    cronbach_alpha,
    encode_labels,
    group_moments,
    icc,
    scale_scores,
    within_group_agreement,
)
from staffroom.analysis.scoring import scale_matrix

FIXTURES = Path(__file__).parent / "fixtures" / "r"
DATASETS = ["complete", "missing", "twoitem", "lowagree"]
RTOL = 1e-9


def _load(name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    expected = json.loads((FIXTURES / f"expected_{name}.json").read_text())
    frame = pd.read_csv(FIXTURES / expected["data"], keep_default_na=False, na_values=[""])
    frame["school"] = frame["school"].astype("string")
    return frame, expected


def _specs(expected: dict[str, Any]) -> list[ScaleSpec]:
    return [
        ScaleSpec(
            id=scale_id,
            items=tuple(spec["items"]),
            low=spec["points"][0],
            high=spec["points"][1],
            reverse=tuple(spec["reverse"]),
        )
        for scale_id, spec in expected["scales"].items()
    ]


def _close(actual: Any, expected: Any) -> None:
    if expected is None:
        assert actual is None or np.isnan(actual)
    else:
        np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=1e-12)


def _cases() -> list[tuple[str, str]]:
    return [
        (name, scale_id)
        for name in DATASETS
        for scale_id in json.loads((FIXTURES / f"expected_{name}.json").read_text())["scales"]
    ]


@pytest.fixture(params=_cases(), ids=lambda case: f"{case[0]}-{case[1]}")
def case(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, ScaleSpec, dict[str, Any]]:
    name, scale_id = request.param
    frame, expected = _load(name)
    spec = next(s for s in _specs(expected) if s.id == scale_id)
    return frame, spec, expected["scales"][scale_id]


def test_it_matches_psych_alpha_and_item_statistics(case):
    frame, spec, expected = case
    result = cronbach_alpha(scale_matrix(frame, spec))
    _close(result.alpha, expected["alpha"])
    _close(result.alpha_standardized, expected["alpha_standardized"])
    for position, item in enumerate(spec.items):
        row = result.items.iloc[position]
        reference = expected["item_stats"][item]
        assert row["n"] == reference["n"]
        _close(row["mean"], reference["mean"])
        _close(row["sd"], reference["sd"])
        _close(row["r_drop"], reference["r_drop"])
        if len(spec.items) > 2:
            _close(row["alpha_if_dropped"], reference["alpha_if_dropped"])
        else:
            # psych reports C12 / var(other item) here; with one item left, alpha is undefined.
            assert np.isnan(row["alpha_if_dropped"])


def test_it_matches_scale_scores_summary(case):
    frame, spec, expected = case
    scores = scale_scores(frame, [spec])[spec.id]
    assert scores.notna().sum() == expected["n"]
    _close(scores.mean(), expected["mean"])
    _close(scores.std(ddof=1), expected["sd"])


def test_it_matches_multilevel_icc(case):
    frame, spec, expected = case
    scores = scale_scores(frame, [spec])[spec.id].to_numpy()
    codes, _ = encode_labels(frame["school"])
    result = icc(scores, codes)
    _close(result.icc1, expected["icc1"])
    _close(result.icc2, expected["icc2"])
    _close(result.msb, expected["anova"]["msb"])
    _close(result.msw, expected["anova"]["msw"])
    assert result.groups == expected["anova"]["groups"]


def test_it_matches_multilevel_rwg_j_and_ad_m_in_every_group(case):
    frame, spec, expected = case
    codes, labels = encode_labels(frame["school"])
    agreement = within_group_agreement(
        scale_matrix(frame, spec), codes, len(labels), low=spec.low, high=spec.high
    )
    for position, label in enumerate(labels):
        reference = expected["groups"][label]
        assert agreement.n[position] == reference["rwg_n"] == reference["ad_n"]
        _close(agreement.rwg_j[position], reference["rwg_j"])
        _close(agreement.ad_m[position], reference["ad_m"])


def test_it_matches_group_score_statistics(case):
    frame, spec, expected = case
    codes, labels = encode_labels(frame["school"])
    scores = scale_scores(frame, [spec])[spec.id].to_numpy()
    moments = group_moments(scores, codes, len(labels))
    sd = moments.sd()
    for position, label in enumerate(labels):
        reference = expected["groups"][label]
        assert moments.count[position] == reference["n"]
        _close(moments.mean[position], reference["mean"])
        _close(sd[position], reference["sd"])


def test_survey_results_equal_r_where_shown_and_are_hidden_otherwise():
    frame, expected = _load("missing")
    results = analyze_survey(frame, _specs(expected), group="school", by=["role"], min_n=5)
    for scale_id, reference in expected["scales"].items():
        row = results.scales.loc[scale_id]
        for key in ("n", "mean", "sd", "alpha", "alpha_standardized", "icc1", "icc2"):
            _close(row[key], reference[key])
        for label, group_reference in reference["groups"].items():
            shown = results.group_scales.loc[(label, scale_id)]
            if shown["suppressed"]:
                assert pd.isna(shown["n"])
                assert np.isnan(shown["mean"])
                continue
            assert group_reference["n"] >= 5
            assert shown["n"] == group_reference["n"]
            _close(shown["mean"], group_reference["mean"])
            _close(shown["sd"], group_reference["sd"])
            if group_reference["rwg_n"] >= 5:
                _close(shown["rwg_j"], group_reference["rwg_j"])
                _close(shown["ad_m"], group_reference["ad_m"])
            else:
                assert np.isnan(shown["rwg_j"])
                assert np.isnan(shown["ad_m"])
    for label, cells in expected["by"]["role"].items():
        if results.groups.loc[label, "suppressed"]:
            assert label not in results.breakdown.index.get_level_values("group")
            continue
        for value, cell in cells.items():
            shown = results.breakdown.loc[(label, "role", value)]
            if shown["suppressed"]:
                assert pd.isna(shown["n"])
                continue
            assert shown["n"] == cell["n"] >= 5
            for scale_id, cell_scale in cell["scales"].items():
                shown_scale = results.breakdown_scales.loc[(label, "role", value, scale_id)]
                if not shown_scale["suppressed"]:
                    assert shown_scale["n"] == cell_scale["n"]
                    _close(shown_scale["mean"], cell_scale["mean"])
                    _close(shown_scale["sd"], cell_scale["sd"])


def test_the_fixtures_record_their_r_versions():
    for name in DATASETS:
        _, expected = _load(name)
        assert expected["generated_by"]["psych"] == "2.2.9"
        assert expected["generated_by"]["multilevel"] == "2.7"
        assert expected["generated_by"]["R"].startswith("4.")
