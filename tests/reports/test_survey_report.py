"""The JSON survey report: schema-valid, suppressed, plain JSON, and true to the results."""

from __future__ import annotations

import dataclasses
import json
import math

import jsonschema
import numpy as np
import pandas as pd
import pytest
from jsonschema import Draft202012Validator

from staffroom.analysis import NOT_REPORTED, ScaleSpec, SurveyResults, analyze_survey
from staffroom.demo import synthetic_survey
from staffroom.reports import REPORT_SCHEMA_ID, report_schema, survey_report

TRUST = ScaleSpec("trust", ("T1", "T2", "T3", "T4"), 1, 5, reverse=("T4",))
VOICE = ScaleSpec("voice", ("V1", "V2", "V3"), 1, 4)
SCALES = [TRUST, VOICE]
SIZES = {"A": 24, "B": 13, "C": 3, "D": 6}
"""C is under 5, and D is hidden with it so that C cannot be worked out by subtraction."""


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return synthetic_survey(
        SCALES,
        list(SIZES.values()),
        rng,
        missing=0.08,
        demographics=("role", "hire_band"),
        school_labels=list(SIZES),
    )


@pytest.fixture(scope="module")
def results(frame) -> SurveyResults:
    return analyze_survey(frame, SCALES, group="school", by=["role", "hire_band"], min_n=5)


@pytest.fixture(scope="module")
def report(results) -> dict:
    return survey_report(results)


def _validate(report: dict) -> None:
    Draft202012Validator(report_schema()).validate(report)


def _plain(value: object) -> float | int | None:
    """A table value as the report should hold it."""
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _cells(report: dict):
    for label, group in report["groups"].items():
        if group["suppressed"]:
            continue
        for column, values in group["by"].items():
            for value, cell in values.items():
                yield (label, column, value), cell


# --------------------------------------------------------------------------- shape


def test_the_schema_is_itself_a_valid_draft_2020_12_schema():
    schema = report_schema()

    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"] == {"const": REPORT_SCHEMA_ID}


def test_the_report_validates_against_the_schema(report):
    _validate(report)


def test_the_report_has_suppressed_groups_and_suppressed_cells(report):
    assert [label for label, g in report["groups"].items() if g["suppressed"]] == ["C", "D"]
    suppressed_cells = [key for key, cell in _cells(report) if cell["suppressed"]]
    shown_cells = [key for key, cell in _cells(report) if not cell["suppressed"]]
    assert suppressed_cells, "the fixture must exercise cell suppression"
    assert shown_cells


def test_the_header_fields_come_from_the_results(report, results):
    assert report["schema"] == "staffroom.report/1"
    assert report["respondents"] == results.respondents == sum(SIZES.values())
    assert report["min_n"] == 5
    assert report["group_column"] == "school"
    assert report["by_columns"] == ["role", "hire_band"]


def test_a_suppressed_group_has_no_n_and_nothing_else(report):
    assert report["groups"]["C"] == {"n": None, "suppressed": True}
    assert report["groups"]["D"] == {"n": None, "suppressed": True}


def test_a_suppressed_cell_has_null_n_and_empty_scales(report):
    for key, cell in _cells(report):
        if cell["suppressed"]:
            assert cell == {"n": None, "suppressed": True, "scales": {}}, key


def test_a_shown_cell_has_its_count_and_every_scale(report):
    for key, cell in _cells(report):
        if not cell["suppressed"]:
            assert cell["n"] >= 5, key
            assert list(cell["scales"]) == ["trust", "voice"], key


def test_blank_breakdown_values_are_reported_as_not_reported(report, frame):
    blanks = frame.loc[frame["school"] == "A", "role"].eq("").sum()
    assert blanks > 0

    assert NOT_REPORTED in report["groups"]["A"]["by"]["role"]


def test_no_shown_statistic_stands_for_fewer_than_min_n_people(report):
    for label, group in report["groups"].items():
        if group["suppressed"]:
            continue
        assert group["n"] >= 5
        for scale in group["scales"].values():
            assert scale["suppressed"] or scale["n"] >= 5, label
            if scale["suppressed"]:
                assert (scale["mean"], scale["sd"]) == (None, None), label
    for key, cell in _cells(report):
        for scale in cell["scales"].values():
            if scale["suppressed"]:
                assert (scale["n"], scale["mean"], scale["sd"]) == (None, None, None), key
            else:
                assert scale["n"] >= 5, key


def test_nan_never_appears(report):
    json.dumps(report, allow_nan=False)


def test_the_report_holds_only_plain_json_types(report):
    def walk(value, where="report"):
        if isinstance(value, dict):
            assert all(type(key) is str for key in value), where
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, f"{where}[{number}]")
        else:
            assert type(value) in (str, int, float, bool, type(None)), (where, type(value))

    walk(report)


# --------------------------------------------------------------------------- values


def test_scale_values_equal_the_scales_table(report, results):
    assert list(report["scales"]) == list(results.scales.index)
    for scale_id, row in results.scales.iterrows():
        shown = report["scales"][scale_id]
        assert shown["n"] == int(row["n"])
        for key in ("mean", "sd", "alpha", "alpha_standardized", "icc1", "icc2"):
            assert shown[key] == _plain(row[key]), (scale_id, key)


def test_item_values_equal_the_items_table(report, results):
    for (scale_id, item_id), row in results.items.iterrows():
        shown = report["scales"][scale_id]["items"][item_id]
        assert shown["n"] == _plain(row["n"])
        for key in ("mean", "sd", "r_drop", "alpha_if_dropped"):
            assert shown[key] == _plain(row[key]), (scale_id, item_id, key)
    assert sum(len(s["items"]) for s in report["scales"].values()) == len(results.items)


def test_group_values_equal_the_groups_table(report, results):
    assert list(report["groups"]) == list(results.groups.index)
    for label, row in results.groups.iterrows():
        shown = report["groups"][label]
        assert shown["suppressed"] is bool(row["suppressed"])
        assert shown["n"] == (None if row["suppressed"] else int(row["n"]))


def test_group_scale_values_equal_the_group_scales_table(report, results):
    compared = 0
    for (label, scale_id), row in results.group_scales.iterrows():
        group = report["groups"][label]
        if group["suppressed"]:
            assert "scales" not in group
            continue
        shown = group["scales"][scale_id]
        assert shown["suppressed"] is bool(row["suppressed"])
        assert shown["n"] == _plain(row["n"])
        for key in ("mean", "sd", "rwg_j", "ad_m"):
            assert shown[key] == _plain(row[key]), (label, scale_id, key)
        compared += 1
    assert compared == 2 * 2  # groups A and B, two scales each


def test_breakdown_values_equal_the_breakdown_tables(report, results):
    cells = dict(_cells(report))
    assert set(cells) == set(results.breakdown.index)
    for key, row in results.breakdown.iterrows():
        assert cells[key]["suppressed"] is bool(row["suppressed"])
        assert cells[key]["n"] == _plain(row["n"])
    for (label, column, value, scale_id), row in results.breakdown_scales.iterrows():
        cell = cells[(label, column, value)]
        if cell["suppressed"]:
            assert scale_id not in cell["scales"]
            continue
        shown = cell["scales"][scale_id]
        assert shown["suppressed"] is bool(row["suppressed"])
        assert shown["n"] == _plain(row["n"])
        assert shown["mean"] == _plain(row["mean"])
        assert shown["sd"] == _plain(row["sd"])


def test_shown_group_means_are_the_mean_of_member_scores(report, frame):
    members = frame[frame["school"] == "A"]
    items = members[list(TRUST.items)].copy()
    items["T4"] = 6 - items["T4"]
    scores = items.mean(axis=1).where(items.notna().sum(axis=1) >= TRUST.min_answered)

    assert report["groups"]["A"]["scales"]["trust"]["mean"] == pytest.approx(scores.mean())
    assert report["groups"]["A"]["scales"]["trust"]["n"] == scores.notna().sum()


# --------------------------------------------------------------------------- edge cases


def test_a_report_without_breakdowns_has_empty_by(frame):
    report = survey_report(analyze_survey(frame, SCALES, group="school", min_n=5))

    _validate(report)
    assert report["by_columns"] == []
    assert report["groups"]["A"]["by"] == {}
    assert report["groups"]["B"]["by"] == {}


def test_a_report_where_every_group_is_suppressed_is_valid(frame):
    small = frame[frame["school"].isin(["C", "D"])]

    report = survey_report(analyze_survey(small, SCALES, group="school", by=["role"], min_n=5))

    _validate(report)
    assert all(group == {"n": None, "suppressed": True} for group in report["groups"].values())


def test_a_survey_under_the_minimum_has_no_overall_statistics(frame):
    tiny = frame[frame["school"] == "C"]

    report = survey_report(analyze_survey(tiny, SCALES, group="school", min_n=5))

    _validate(report)
    assert report["respondents"] == 3
    for scale in report["scales"].values():
        assert scale["n"] is None
        assert scale["mean"] is None
        assert all(item["n"] is None and item["mean"] is None for item in scale["items"].values())


def test_numeric_and_blank_group_values_become_text_keys():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "school": pd.array([7] * 6 + [12] * 6 + [None] * 5, dtype="Int64"),
            "T1": rng.integers(1, 6, 17).astype(float),
            "T2": rng.integers(1, 6, 17).astype(float),
        }
    )
    spec = ScaleSpec("s", ("T1", "T2"), 1, 5)

    report = survey_report(analyze_survey(frame, [spec], group="school", min_n=5))

    _validate(report)
    assert sorted(report["groups"]) == sorted(["7", "12", NOT_REPORTED])


def test_infinite_values_are_written_as_null(results):
    """Non-finite numbers (say, alpha when the total variance is zero) are never emitted."""
    inf = float("inf")
    broken = dataclasses.replace(
        results,
        scales=results.scales.assign(alpha=-inf),
        items=results.items.assign(alpha_if_dropped=inf),
        group_scales=results.group_scales.assign(rwg_j=-inf),
        breakdown_scales=results.breakdown_scales.assign(sd=inf),
    )

    report = survey_report(broken)

    json.dumps(report, allow_nan=False)
    _validate(report)
    assert all(s["alpha"] is None for s in report["scales"].values())
    assert all(
        item["alpha_if_dropped"] is None
        for s in report["scales"].values()
        for item in s["items"].values()
    )
    assert report["groups"]["A"]["scales"]["trust"]["rwg_j"] is None
    assert all(
        scale["sd"] is None for _, cell in _cells(report) for scale in cell["scales"].values()
    )


def test_perfectly_opposed_items_still_give_a_json_safe_report():
    x = np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 2, 3], dtype=float)
    frame = pd.DataFrame({"school": ["A"] * 6 + ["B"] * 6, "X": x, "Y": 6 - x})

    results = analyze_survey(frame, [ScaleSpec("s", ("X", "Y"), 1, 5)], group="school", min_n=3)
    report = survey_report(results)

    json.dumps(report, allow_nan=False)
    _validate(report)


# --------------------------------------------------------------------------- the schema's rules


def _copy(report: dict) -> dict:
    return json.loads(json.dumps(report))


def _first_cell(report: dict, suppressed: bool) -> dict:
    return next(cell for _, cell in _cells(report) if cell["suppressed"] is suppressed)


def _reveal_group(r):
    r["groups"]["C"]["n"] = 3


def _reveal_group_scales(r):
    r["groups"]["C"]["scales"] = {}


def _reveal_cell(r):
    _first_cell(r, True)["n"] = 2


def _fill_suppressed_cell(r):
    _first_cell(r, True)["scales"] = {
        "trust": {"n": 2, "mean": 3.0, "sd": 1.0, "suppressed": False}
    }


def _nan_as_text(r):
    r["scales"]["trust"]["mean"] = "NaN"


def _min_n_below_floor(r):
    r["min_n"] = 2


def _unknown_field(r):
    r["groups"]["A"]["extra"] = 1


def _wrong_schema_id(r):
    r["schema"] = "staffroom.report/2"


@pytest.mark.parametrize(
    "damage",
    [
        _reveal_group,
        _reveal_group_scales,
        _reveal_cell,
        _fill_suppressed_cell,
        _nan_as_text,
        _min_n_below_floor,
        _unknown_field,
        _wrong_schema_id,
    ],
)
def test_the_schema_rejects_a_report_that_breaks_its_rules(report, damage):
    damaged = _copy(report)
    damage(damaged)

    with pytest.raises(jsonschema.ValidationError):
        _validate(damaged)
