"""The JSON survey report (schema ``staffroom.report/1``), built from analysis results.

The report carries exactly what ``analyze_survey`` returned: suppression already
applied, hidden numbers as ``null``. See docs/report-schema.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from importlib import resources
from typing import Any

import numpy as np
import orjson
import pandas as pd
from numpy.typing import NDArray

from staffroom.analysis.survey import SurveyResults

__all__ = [
    "REPORT_SCHEMA_ID",
    "iter_group_entries",
    "report_schema",
    "survey_report",
    "survey_report_header",
    "survey_report_json",
]

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


def _plain(values: NDArray[np.float64]) -> list[float | None]:
    """Floats as Python numbers, non-finite (hidden or undefined) as None."""
    return [v if math.isfinite(v) else None for v in values.tolist()]


class _Rows:
    """A tidy results table as numpy columns, its rows ordered and sliced by group.

    Converting whole columns once and slicing per group keeps building the report
    linear and lean: no per-row pandas access, and only one group's dicts exist at a
    time when streaming.
    """

    def __init__(self, frame: pd.DataFrame, group_labels: pd.Index, numbers: tuple[str, ...]):
        index = frame.index
        levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
        codes = (
            [np.asarray(c) for c in index.codes]
            if isinstance(index, pd.MultiIndex)
            else [np.arange(len(index))]
        )
        group_position = group_labels.get_indexer(levels[0])[codes[0]]
        order = np.argsort(group_position, kind="stable")
        self.bounds = np.searchsorted(group_position[order], np.arange(len(group_labels) + 1))
        self.keys = [
            ([str(v) for v in level], np.asarray(level_codes)[order])
            for level, level_codes in zip(levels[1:], codes[1:], strict=True)
        ]
        n = frame["n"]
        self.n = np.where(n.isna().to_numpy(), -1, n.to_numpy(dtype=np.int64, na_value=0))[order]
        self.numbers = {
            name: frame[name].to_numpy(dtype=np.float64, na_value=np.nan)[order] for name in numbers
        }
        self.suppressed = frame["suppressed"].to_numpy(dtype=bool)[order]

    def group(self, position: int) -> list[tuple[list[str], dict[str, Any], bool]]:
        """For one group: (keys below the group, record, suppressed) per row."""
        start, stop = int(self.bounds[position]), int(self.bounds[position + 1])
        keys = [
            [labels[c] for c in level_codes[start:stop].tolist()]
            for labels, level_codes in self.keys
        ]
        counts = [None if c < 0 else c for c in self.n[start:stop].tolist()]
        numbers = {name: _plain(values[start:stop]) for name, values in self.numbers.items()}
        rows = []
        for row in range(stop - start):
            record: dict[str, Any] = {"n": counts[row]}
            for name, values in numbers.items():
                record[name] = values[row]
            rows.append(
                ([level[row] for level in keys], record, bool(self.suppressed[start + row]))
            )
        return rows


def survey_report_header(results: SurveyResults) -> dict[str, Any]:
    """Everything in the report but ``groups``: the survey and its scales overall."""
    scales: dict[str, Any] = {}
    items: dict[str, dict[str, Any]] = {}
    item_means = _plain(results.items["mean"].to_numpy(dtype=np.float64, na_value=np.nan))
    item_numbers = {
        name: _plain(results.items[name].to_numpy(dtype=np.float64, na_value=np.nan))
        for name in ("sd", "r_drop", "alpha_if_dropped")
    }
    for row, ((scale_id, item_id), n) in enumerate(
        zip(results.items.index, results.items["n"].tolist(), strict=True)
    ):
        items.setdefault(str(scale_id), {})[str(item_id)] = {
            "n": _count(n),
            "mean": item_means[row],
            **{name: values[row] for name, values in item_numbers.items()},
        }
    for scale_id, summary in results.scales.iterrows():
        scales[str(scale_id)] = {
            "n": _count(summary["n"]),
            **{
                key: _number(summary[key])
                for key in ("mean", "sd", "alpha", "alpha_standardized", "icc1", "icc2")
            },
            "items": items.get(str(scale_id), {}),
        }
    return {
        "schema": REPORT_SCHEMA_ID,
        "respondents": results.respondents,
        "min_n": results.min_n,
        "group_column": results.group_column,
        "by_columns": list(results.by_columns),
        "scales": scales,
    }


def iter_group_entries(results: SurveyResults) -> Iterator[tuple[str, dict[str, Any]]]:
    """(group label, group entry) for every group, in label order, one at a time."""
    labels = results.groups.index
    group_scales = _Rows(results.group_scales, labels, ("mean", "sd", "rwg_j", "ad_m"))
    cells = _Rows(results.breakdown, labels, ())
    cell_scales = _Rows(results.breakdown_scales, labels, ("mean", "sd"))
    group_n = results.groups["n"].tolist()
    hidden = results.groups["suppressed"].tolist()
    for position, label in enumerate(labels):
        if hidden[position]:
            yield str(label), {"n": None, "suppressed": True}
            continue
        scales: dict[str, Any] = {}
        for (scale_id,), record, suppressed in group_scales.group(position):
            record["suppressed"] = suppressed
            scales[scale_id] = record
        by: dict[str, dict[str, Any]] = {column: {} for column in results.by_columns}
        for (column, value), record, suppressed in cells.group(position):
            record["suppressed"] = suppressed
            record["scales"] = {}
            by[column][value] = record
        for (column, value, scale_id), record, suppressed in cell_scales.group(position):
            cell = by[column][value]
            if not cell["suppressed"]:
                record["suppressed"] = suppressed
                cell["scales"][scale_id] = record
        yield (
            str(label),
            {"n": _count(group_n[position]), "suppressed": False, "scales": scales, "by": by},
        )


def survey_report(results: SurveyResults) -> dict[str, Any]:
    """The whole report document (plain Python types only)."""
    return {**survey_report_header(results), "groups": dict(iter_group_entries(results))}


def survey_report_json(results: SurveyResults) -> Iterator[bytes]:
    """The report as compact UTF-8 JSON, one group at a time (for large surveys)."""
    header = orjson.dumps(survey_report_header(results))
    yield header[:-1] + b',"groups":{'
    for position, (label, entry) in enumerate(iter_group_entries(results)):
        yield (b"," if position else b"") + orjson.dumps(label) + b":" + orjson.dumps(entry)
    yield b"}}\n"
