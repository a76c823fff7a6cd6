"""The JSON survey report (schema ``staffroom.report/1``), built from analysis results.

The report carries exactly what ``analyze_survey`` returned: suppression already
applied, hidden numbers as ``null``. See docs/report-schema.md.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from staffroom.analysis.survey import SurveyResults

__all__ = ["REPORT_SCHEMA_ID", "report_schema", "survey_report"]

REPORT_SCHEMA_ID = "staffroom.report/1"


def report_schema() -> dict[str, Any]:
    """The JSON Schema the survey report conforms to."""
    text = resources.files("staffroom.reports").joinpath("schemas/survey-report.schema.json")
    schema: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return schema


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _count(value: Any) -> int | None:
    return None if value is None or value is pd.NA else int(value)


def _records(frame: pd.DataFrame, counts: str, numbers: list[str]) -> list[dict[str, Any]]:
    """Row dicts with plain ints/floats/None, converted column-wise for speed."""
    columns: dict[str, list[Any]] = {}
    n = frame[counts]
    columns[counts] = [
        None if missing else int(v)
        for v, missing in zip(
            n.to_numpy(dtype=np.int64, na_value=0), n.isna().to_numpy(), strict=True
        )
    ]
    for name in numbers:
        values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
        columns[name] = [v if math.isfinite(v) else None for v in values.tolist()]
    keys = [counts, *numbers]
    return [
        dict(zip(keys, row, strict=True)) for row in zip(*(columns[k] for k in keys), strict=True)
    ]


def survey_report(results: SurveyResults) -> dict[str, Any]:
    """Nest the tidy results into the report document (plain Python types only)."""
    scales: dict[str, Any] = {}
    item_records = _records(results.items, "n", ["mean", "sd", "r_drop", "alpha_if_dropped"])
    items_by_scale: dict[str, dict[str, Any]] = {}
    for (scale_id, item_id), record in zip(results.items.index, item_records, strict=True):
        items_by_scale.setdefault(str(scale_id), {})[str(item_id)] = record
    for scale_id, row in results.scales.iterrows():
        scales[str(scale_id)] = {
            "n": _count(row["n"]),
            **{
                key: _number(row[key])
                for key in ("mean", "sd", "alpha", "alpha_standardized", "icc1", "icc2")
            },
            "items": items_by_scale.get(str(scale_id), {}),
        }

    groups: dict[str, Any] = {}
    group_n = results.groups["n"]
    for label, n, suppressed in zip(
        results.groups.index, group_n.tolist(), results.groups["suppressed"].tolist(), strict=True
    ):
        groups[str(label)] = (
            {"n": None, "suppressed": True}
            if suppressed
            else {"n": _count(n), "suppressed": False, "scales": {}, "by": {}}
        )
    scale_records = _records(results.group_scales, "n", ["mean", "sd", "rwg_j", "ad_m"])
    for (label, scale_id), record, suppressed in zip(
        results.group_scales.index,
        scale_records,
        results.group_scales["suppressed"].tolist(),
        strict=True,
    ):
        entry = groups[str(label)]
        if not entry["suppressed"]:
            record["suppressed"] = suppressed
            entry["scales"][str(scale_id)] = record
    for label in groups:
        if not groups[label]["suppressed"]:
            groups[label]["by"] = {column: {} for column in results.by_columns}
    for (label, column, value), n, suppressed in zip(
        results.breakdown.index,
        results.breakdown["n"].tolist(),
        results.breakdown["suppressed"].tolist(),
        strict=True,
    ):
        groups[str(label)]["by"][str(column)][str(value)] = {
            "n": _count(n),
            "suppressed": suppressed,
            "scales": {},
        }
    cell_records = _records(results.breakdown_scales, "n", ["mean", "sd"])
    for (label, column, value, scale_id), record, suppressed in zip(
        results.breakdown_scales.index,
        cell_records,
        results.breakdown_scales["suppressed"].tolist(),
        strict=True,
    ):
        cell = groups[str(label)]["by"][str(column)][str(value)]
        if not cell["suppressed"]:
            record["suppressed"] = suppressed
            cell["scales"][str(scale_id)] = record
    return {
        "schema": REPORT_SCHEMA_ID,
        "respondents": results.respondents,
        "min_n": results.min_n,
        "group_column": results.group_column,
        "by_columns": list(results.by_columns),
        "scales": scales,
        "groups": groups,
    }
