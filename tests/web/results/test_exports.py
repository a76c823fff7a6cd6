"""CSV and XLSX exports: the page's table row for row, suppression included."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from staffroom.web.results.exports import DISTRICT_COLUMNS, SCHOOL_COLUMNS
from tests.web.factories import SchoolFactory
from tests.web.results.conftest import CEDAR_MEAN, CLIMATE, DOGWOOD_MEAN, HIDDEN, add_synthetic
from tests.web.results.pages import cells, rows

CSV = "/results/export.csv"
XLSX = "/results/export.xlsx"
TITLES = {scale.id: scale.title["en"] for scale in CLIMATE.scales}


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _xlsx(response, columns) -> list[dict[str, str]]:
    """Workbook rows as the CSV writes them (numbers formatted back to the page's text)."""
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(columns)

    def as_text(column: str, value: object) -> str:
        if value is None:
            return ""
        if column == "change_since_previous":
            return f"{value:+.2f}"
        if column in {"mean", "district_mean", "agreement_rwg_j"}:
            return f"{value:.2f}"
        return str(value)

    return [
        {column: as_text(column, value) for column, value in zip(columns, row, strict=True)}
        for row in values[1:]
    ]


@pytest.fixture
def admin(client, survey):
    client.force_login(survey.cast.admin)
    return client


def test_the_urls_are_named():
    assert reverse("results:export_csv") == CSV
    assert reverse("results:export_xlsx") == XLSX


def test_the_district_csv_is_the_pages_table_cell_for_cell(admin, survey):
    page = admin.get("/results/", {"cycle": survey.cycle.pk}).content.decode()
    table = rows(page, within="heatmap")
    exported = _csv(admin.get(CSV, {"cycle": survey.cycle.pk}))
    assert len(exported) == (1 + 4) * len(TITLES)
    by_school = {
        str(s.pk): s.name for s in (survey.alder, survey.birch, survey.cedar, survey.dogwood)
    }
    for key, row_html in table.items():
        shown = cells(row_html)
        name = "District (all schools)" if key == "district" else by_school[key]
        for scale, title in TITLES.items():
            [line] = [r for r in exported if r["school"] == name and r["scale"] == title]
            assert line["cycle"] == "Spring 2026"
            if shown[scale] == HIDDEN:
                assert line["mean"] == ""
                assert line["suppressed"] == "yes"
                assert line["respondents"] == line["response_rate_percent"] == ""
            else:
                assert line["mean"] == shown[scale]
                assert line["suppressed"] == ""
            if key != "district" and shown["respondents"] != HIDDEN:
                assert line["respondents"] == shown["respondents"]
                assert line["response_rate_percent"] + "%" == shown["rate"].split()[0]
    changes = rows(page, within="changes")
    alder_changes = cells(changes[str(survey.alder.pk)])
    for scale, title in TITLES.items():
        [line] = [r for r in exported if r["school"] == survey.alder.name and r["scale"] == title]
        assert line["change_since_previous"] == alder_changes[scale]


def test_the_xlsx_holds_the_same_rows_as_the_csv(admin, survey):
    for params in (
        {"cycle": survey.cycle.pk},
        {"cycle": survey.cycle.pk, "school": survey.alder.pk},
    ):
        columns = SCHOOL_COLUMNS if "school" in params else DISTRICT_COLUMNS
        assert _xlsx(admin.get(XLSX, params), columns) == _csv(admin.get(CSV, params))


def test_an_export_never_holds_a_number_the_page_hides(admin, survey):
    for school in ({}, {"school": survey.dogwood.pk}, {"school": survey.cedar.pk}):
        params = {"cycle": survey.cycle.pk, **school}
        text = admin.get(CSV, params).content.decode("utf-8-sig")
        assert DOGWOOD_MEAN not in text
        assert CEDAR_MEAN not in text
        workbook = load_workbook(io.BytesIO(admin.get(XLSX, params).content))
        numbers = {
            f"{v:.2f}"
            for row in workbook.active.iter_rows(values_only=True)
            for v in row
            if isinstance(v, int | float)
        }
        assert DOGWOOD_MEAN not in numbers
        assert CEDAR_MEAN not in numbers
    hidden = _csv(admin.get(CSV, {"cycle": survey.cycle.pk, "school": survey.dogwood.pk}))
    assert hidden
    assert all(r["suppressed"] == "yes" and r["mean"] == r["respondents"] == "" for r in hidden)


def test_the_school_csv_is_the_pages_scale_and_group_tables(admin, survey):
    page = admin.get(reverse("results:school", args=[survey.alder.pk])).content.decode()
    exported = _csv(admin.get(CSV, {"cycle": survey.cycle.pk, "school": survey.alder.pk}))
    scales = rows(page, attr="data-scale", within="scales")
    for scale, title in TITLES.items():
        shown = cells(scales[scale])
        [line] = [r for r in exported if r["breakdown"] == "" and r["scale"] == title]
        assert (line["respondents"], line["mean"], line["district_mean"]) == (
            shown["n"],
            shown["mean"],
            shown["district"],
        )
        assert shown["agreement"] == f"{line['agreement']} (r wg(j) {line['agreement_rwg_j']})"
        assert line["change_since_previous"] == shown["change"]
    roles = rows(page, attr="data-value", within='breakdown" data-column="role')
    for value, row_html in roles.items():
        shown = cells(row_html)
        lines = [r for r in exported if r["breakdown"] == "Role" and r["group"] == value]
        assert len(lines) == len(TITLES)
        for line in lines:
            scale = next(k for k, t in TITLES.items() if t == line["scale"])
            if shown["n"] == HIDDEN:
                assert line["respondents"] == line["mean"] == ""
                assert line["suppressed"] == "yes"
            else:
                assert line["respondents"] == shown["n"]
                assert line["mean"] == (shown[scale] if shown[scale] != "hidden" else "")


def test_a_coach_exports_only_their_schools(client, survey):
    client.force_login(survey.cast.coach)
    schools = {r["school"] for r in _csv(client.get(CSV, {"cycle": survey.cycle.pk}))}
    assert schools == {"District (all schools)", "Alder Elementary"}
    assert client.get(CSV, {"cycle": survey.cycle.pk, "school": survey.birch.pk}).status_code == 404


def test_a_school_leader_is_sent_to_their_schools_export(client, survey):
    client.force_login(survey.cast.leader)
    response = client.get(XLSX, {"cycle": survey.cycle.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{XLSX}?school={survey.alder.pk}&cycle={survey.cycle.pk}"


def test_spreadsheet_formulas_in_names_are_defused(admin, survey):
    school = SchoolFactory(district=survey.cast.district, name='=HYPERLINK("http://x")')
    add_synthetic(survey.cycle, school, 6, seed=5)
    lines = _csv(admin.get(CSV, {"cycle": survey.cycle.pk}))
    assert {r["school"] for r in lines if "HYPERLINK" in r["school"]} == {
        '\'=HYPERLINK("http://x")'
    }
    sheet = load_workbook(io.BytesIO(admin.get(XLSX, {"cycle": survey.cycle.pk}).content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    changes = {r["change_since_previous"] for r in lines}
    assert any(c.startswith("-") for c in changes)
    assert not any(c.startswith("'") for c in changes)


def test_exports_are_attachments_named_after_the_cycle(admin, survey):
    response = admin.get(XLSX, {"cycle": survey.cycle.pk, "school": survey.alder.pk})
    assert response["Content-Disposition"] == (
        'attachment; filename="staffroom-spring-2026-alder-elementary.xlsx"'
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "params", [{"cycle": "x"}, {"cycle": "999999"}, {"school": "x"}, {"school": "999999"}]
)
def test_bad_parameters_are_not_found(admin, survey, params):
    assert admin.get(CSV, params).status_code == 404
