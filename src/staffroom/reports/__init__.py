"""Reports built from analysis results (no database access here)."""

from staffroom.reports.survey_report import (
    REPORT_SCHEMA_ID,
    iter_group_entries,
    report_schema,
    survey_report,
    survey_report_header,
    survey_report_json,
)

__all__ = [
    "REPORT_SCHEMA_ID",
    "iter_group_entries",
    "report_schema",
    "survey_report",
    "survey_report_header",
    "survey_report_json",
]
