"""CSV and XLSX exports: the tables the pages show, row for row, suppression included.

Rows are built from the same ``DistrictTable`` and ``SchoolReport`` the templates
render, and numbers are formatted by the same functions, so an export can never hold a
number the page hides: a hidden cell is blank and its ``suppressed`` column says "yes".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from django.utils.translation import gettext
from openpyxl import Workbook

from staffroom.web.results.selectors import DistrictTable, SchoolReport, format_change

__all__ = [
    "DISTRICT_COLUMNS",
    "SCHOOL_COLUMNS",
    "district_rows",
    "school_rows",
    "to_csv",
    "to_xlsx",
]

DISTRICT_COLUMNS = (
    "cycle",
    "school",
    "scale",
    "respondents",
    "response_rate_percent",
    "mean",
    "change_since_previous",
    "suppressed",
)
SCHOOL_COLUMNS = (
    "cycle",
    "school",
    "breakdown",
    "group",
    "scale",
    "respondents",
    "mean",
    "district_mean",
    "agreement_rwg_j",
    "agreement",
    "change_since_previous",
    "suppressed",
)

Row = tuple[str, ...]


def _yes(hidden: bool) -> str:
    return "yes" if hidden else ""


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _percent(rate: float | None) -> str:
    return "" if rate is None else str(round(rate * 100))


def district_rows(table: DistrictTable) -> list[Row]:
    """One row per cell of the district page's table: the district, then each school."""
    cycle = table.cycle.title
    rows: list[Row] = []
    district = gettext("District (all schools)")
    for scale, cell in zip(table.scales, table.district, strict=True):
        rows.append(
            (
                cycle,
                district,
                scale.title,
                _count(table.respondents),
                "",
                cell.text,
                "",
                _yes(cell.suppressed),
            )
        )
    for row in table.rows:
        for scale, cell, change in zip(table.scales, row.cells, row.changes, strict=True):
            rows.append(
                (
                    cycle,
                    row.school.name,
                    scale.title,
                    _count(row.respondents),
                    _percent(row.response_rate),
                    cell.text,
                    format_change(change),
                    _yes(cell.suppressed),
                )
            )
    return rows


def school_rows(report: SchoolReport) -> list[Row]:
    """The school page's scale table, then its breakdown tables, one row per cell."""
    cycle, school = report.cycle.title, report.school.name
    rows: list[Row] = []
    for scale in report.scales:
        rows.append(
            (
                cycle,
                school,
                "",
                "",
                scale.scale.title,
                _count(scale.n),
                scale.school.text,
                scale.district.text,
                scale.rwg_text,
                scale.agreement_text,
                scale.change_text,
                _yes(scale.school.suppressed),
            )
        )
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            for info, cell in zip(report.breakdown_scales, row.cells, strict=True):
                rows.append(
                    (
                        cycle,
                        school,
                        breakdown.title,
                        row.value,
                        info.title,
                        _count(row.n),
                        cell.text,
                        "",
                        "",
                        "",
                        "",
                        _yes(cell.suppressed),
                    )
                )
    return rows


def _safe(value: str) -> str:
    """Keep spreadsheet programs from running text as a formula (CSV injection)."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _numeric(value):
        return "'" + value
    return value


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _numeric(value: str) -> bool:
    return _NUMBER.fullmatch(value) is not None


def to_csv(columns: Sequence[str], rows: Sequence[Row]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: str) -> str | int | float:
    """Numbers as numbers in the workbook (same digits as the page), text as text."""
    if _numeric(value):
        return int(value) if value.lstrip("+-").isdigit() else float(value)
    return _safe(value)


def to_xlsx(columns: Sequence[str], rows: Sequence[Row], *, title: str) -> bytes:
    """One worksheet with the same header and rows as ``to_csv``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "results"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column_cells in sheet.iter_cols(min_row=2):
        for cell in column_cells:
            if isinstance(cell.value, float):
                cell.number_format = "+0.00;-0.00;0.00" if _is_change(cell, columns) else "0.00"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _is_change(cell: object, columns: Sequence[str]) -> bool:
    column = getattr(cell, "column", 0)
    return 0 < column <= len(columns) and columns[column - 1] == "change_since_previous"
