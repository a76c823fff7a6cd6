"""Analysing a responses file: read it, score it, and explain bad input by row and column.

The CLI and the web upload both call ``analyze_responses_file``; the web app's own
stored responses go straight to ``staffroom.analysis.analyze_survey``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from staffroom.analysis import AnalysisError, SurveyResults, analyze_survey
from staffroom.instruments import Instrument
from staffroom.io import ResponsesFile, read_responses, write_bytes_atomic
from staffroom.reports import survey_report_header, survey_report_json

__all__ = ["analyze_responses_file", "read_survey_file", "write_survey_report"]


def read_survey_file(
    path: str | Path, instrument: Instrument, *, group: str, by: Sequence[str] = ()
) -> ResponsesFile:
    """Read just the columns the instrument, group and breakdowns need."""
    return read_responses(path, columns=instrument.item_ids, text_columns=[group, *by])


def analyze_responses_file(
    loaded: ResponsesFile,
    instrument: Instrument,
    *,
    group: str,
    by: Sequence[str] = (),
    min_n: int,
) -> SurveyResults:
    """Analyse responses read by ``read_survey_file``; input errors name file, row, column."""
    try:
        return analyze_survey(
            loaded.frame, instrument.scale_specs(), group=group, by=by, min_n=min_n
        )
    except AnalysisError as error:
        raise loaded.explain(error) from error


def write_survey_report(results: SurveyResults, path: str | Path) -> dict[str, Any]:
    """Stream the JSON report to ``path`` atomically; return its header (survey, scales)."""
    write_bytes_atomic(survey_report_json(results), path)
    return survey_report_header(results)
