"""Analysing a responses file: read it, score it, and explain bad input by row and column.

The CLI and the web upload both call ``analyze_responses_file``; the web app's own
stored responses go straight to ``staffroom.analysis.analyze_survey``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from staffroom.analysis import AnalysisError, SurveyResults, analyze_survey
from staffroom.instruments import Instrument
from staffroom.io import ResponsesFile, read_responses

__all__ = ["analyze_responses_file", "read_survey_file"]


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
