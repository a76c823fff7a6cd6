"""Reports built from analysis results (no database access here)."""

from staffroom.reports.survey_report import REPORT_SCHEMA_ID, report_schema, survey_report

__all__ = ["REPORT_SCHEMA_ID", "report_schema", "survey_report"]
