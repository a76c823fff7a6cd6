"""A school's page: scales against the district, agreement, answers, groups, comments."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from django.db import models
from django.urls import reverse

from staffroom.web.surveys.models import Comment
from staffroom.web.surveys.selectors import cycle_responses_frame
from tests.web.results.conftest import CLIMATE, DOGWOOD_MEAN, HIDDEN
from tests.web.results.engine import engine, shown
from tests.web.results.pages import cells, rows, text, without_svg

SCALES = [scale.id for scale in CLIMATE.scales]
WORDS = {
    "agree": "staff largely agree",
    "mixed": "views are mixed",
    "differ": "views differ widely",
}


def _url(school, cycle=None) -> str:
    url = reverse("results:school", args=[school.pk])
    return url if cycle is None else f"{url}?cycle={cycle.pk}"


@pytest.fixture
def page_of(client, survey):
    client.force_login(survey.cast.admin)

    def get(school, cycle=None) -> str:
        response = client.get(_url(school, cycle))
        assert response.status_code == 200
        return response.content.decode()

    return get


def _words(rwg: float) -> str:
    if rwg >= 0.70:
        return WORDS["agree"]
    return WORDS["mixed"] if rwg >= 0.50 else WORDS["differ"]


def test_the_url_is_named(survey):
    assert _url(survey.alder) == f"/results/schools/{survey.alder.pk}/"


def test_each_scale_shows_the_engines_school_and_district_means_and_agreement(page_of, survey):
    table = rows(page_of(survey.alder), attr="data-scale", within="scales")
    results = engine(survey.cycle)
    for scale in SCALES:
        row = cells(table[scale])
        stats = results.group_scales.loc[("Alder Elementary", scale)]
        assert row["n"] == str(stats["n"])
        assert row["mean"] == shown(stats["mean"])
        assert row["district"] == shown(results.scales.at[scale, "mean"])
        assert row["agreement"] == f"{_words(stats['rwg_j'])} (r wg(j) {shown(stats['rwg_j'])})"


def test_change_since_the_last_cycle_is_the_difference_of_shown_means(page_of, survey):
    page = page_of(survey.alder)
    assert "Change since Fall 2025" in page
    table = rows(page, attr="data-scale", within="scales")
    now, before = engine(survey.cycle), engine(survey.previous)
    for scale in SCALES:
        key = ("Alder Elementary", scale)
        difference = now.group_scales.at[key, "mean"] - before.group_scales.at[key, "mean"]
        assert cells(table[scale])["change"] == f"{round(difference, 2) + 0.0:+.2f}"
    birch = rows(page_of(survey.birch), attr="data-scale", within="scales")
    assert {cells(birch[s])["change"] for s in SCALES} == {"not available"}


def test_the_agreement_cut_offs_and_their_source_are_stated(page_of, survey):
    page = text(page_of(survey.alder))
    assert '0.70 or more, "staff largely agree"' in page
    assert 'from 0.50 up to 0.70, "views are mixed"' in page
    assert 'below 0.50, "views differ widely"' in page
    assert "LeBreton & Senter, 2008" in page
    assert "Organizational Research Methods" in page


def test_answer_shares_are_the_schools_counts_of_each_answer(page_of, survey):
    page = page_of(survey.alder)
    frame = cycle_responses_frame(survey.cycle)
    alder = frame[frame["school"] == "Alder Elementary"]
    for scale in CLIMATE.scales:
        table = rows(page, attr="data-item", within=f'distribution" data-scale="{scale.id}')
        for item in scale.items:
            answers = alder[item.id].dropna()
            shares = [f"{round((answers == p).sum() / len(answers) * 100)}%" for p in range(1, 6)]
            assert text(table[item.id]).split()[-6:] == [str(len(answers)), *shares]


def test_a_question_answered_by_fewer_than_min_n_is_hidden(page_of, survey):
    table = rows(
        page_of(survey.birch), attr="data-item", within='distribution" data-scale="colleague_trust'
    )
    assert text(table["CT01"]).endswith(HIDDEN)
    assert "%" not in table["CT01"]
    assert "%" in table["CT02"]


def test_group_results_are_the_engines_breakdown_with_hidden_cells(page_of, survey):
    page = page_of(survey.alder)
    results = engine(survey.cycle)
    mine = results.breakdown.xs("Alder Elementary", level="group")
    for column in ("role", "grade_band", "hire_band", "race_ethnicity", "age_band"):
        table = rows(page, attr="data-value", within=f'breakdown" data-column="{column}')
        expected = mine.xs(column, level="column")
        assert set(table) == set(expected.index)
        for value, record in expected.iterrows():
            row = cells(table[value])
            if record["suppressed"]:
                assert row == {"n": HIDDEN}
                continue
            assert row["n"] == str(record["n"])
            for scale in SCALES:
                stats = results.breakdown_scales.loc[("Alder Elementary", column, value, scale)]
                assert row[scale] == (shown(stats["mean"]) or "hidden"), (column, value, scale)


def test_complementary_suppression_hides_a_second_role_to_protect_the_first(page_of, survey):
    """3 paraprofessionals are hidden; 5 specialists are hidden too, or Alder's total
    minus teachers and specialists would give the paraprofessionals away."""
    table = rows(page_of(survey.alder), attr="data-value", within='breakdown" data-column="role')
    assert cells(table["paraprofessional"]) == {"n": HIDDEN}
    assert cells(table["specialist"]) == {"n": HIDDEN}
    assert cells(table["teacher"])["n"] == "22"
    cells_engine = engine(survey.cycle).breakdown.xs(("Alder Elementary", "role"), level=(0, 1))
    assert cells_engine["suppressed"].to_dict() == {
        "paraprofessional": True,
        "specialist": True,
        "teacher": False,
    }


def test_a_hidden_school_shows_no_number_and_no_comments(page_of, survey):
    Comment.objects.create(
        cycle=survey.cycle, school=survey.dogwood, question_id="COMMENT_COLLAB", text="Dogwood note"
    )
    page = page_of(survey.dogwood)
    assert "This school's results are hidden for this cycle" in page
    assert DOGWOOD_MEAN not in page
    assert "<svg" not in page
    assert "<table" not in page
    assert "Dogwood note" not in page
    notice = text(
        re.search(r'<section aria-labelledby="cycle-heading">.*?</section>', page, re.S).group(0)
    )
    assert not re.search(r"\d", notice.replace("Spring 2026", "").replace("fewer than 5", ""))


def test_comments_are_hidden_below_the_comment_minimum(page_of, survey):
    page = page_of(survey.birch)  # 8 responses, comment_min_n 10
    assert "Birch comment" not in page
    assert "Comments are shown only when at least 10 people at the school answered" in page


def test_comments_are_shown_escaped_at_or_above_the_comment_minimum(page_of, survey):
    page = page_of(survey.alder)  # 30 responses
    assert page.count("Alder comment") == 12
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page
    assert "<script>alert" not in page
    survey.cast.district.comment_min_n = 31
    survey.cast.district.save()
    assert "Alder comment" not in page_of(survey.alder)


def test_comments_come_in_a_new_random_order_on_each_view(page_of, survey):
    orders = {tuple(re.findall(r"Alder comment (\d\d)", page_of(survey.alder))) for _ in range(6)}
    assert len(orders) > 1  # 12! orders: six identical draws would be a broken shuffle
    stored = tuple(
        t[-2:]
        for t in Comment.objects.filter(
            school=survey.alder, question_id="COMMENT_COLLAB"
        ).values_list("text", flat=True)
    )
    assert any(order != stored for order in orders)


def test_comments_carry_no_time_to_sort_by():
    assert not [
        f.name
        for f in Comment._meta.get_fields()
        if isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
    ]


def test_every_chart_is_an_image_with_a_text_alternative_followed_by_its_table(page_of, survey):
    page = page_of(survey.alder)
    figures = re.findall(
        r'<figure class="chart"[^>]*>(.*?)</figure>\s*(<div[^>]*>\s*<table)?', page, re.S
    )
    assert len(figures) == 1 + len(SCALES)
    for svg, table_after in figures:
        assert table_after, "a chart must be followed by its data table"
        opening = re.match(r"\s*<svg[^>]*>", svg).group(0)
        assert 'role="img"' in opening
        label = re.search(r'aria-label="([^"]+)"', opening).group(1)
        assert "table below" in label
        assert re.match(r"\s*<svg[^>]*><title>[^<]+</title>", svg)
    assert '<th scope="col"' in page
    assert '<th scope="row"' in page


def test_the_comparison_chart_plots_the_numbers_of_its_table(page_of, survey):
    page = page_of(survey.alder)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "Alder Elementary" in svg
    assert "District" in svg
    assert without_svg(page).count("<svg") == 0


def test_the_page_offers_the_cycles_as_a_select_with_a_label(page_of, survey):
    page = page_of(survey.alder)
    assert '<label for="cycle-select">Survey cycle</label>' in page
    assert f'<option value="{survey.previous.pk}"' in page


@pytest.mark.parametrize("role", ["leader", "coach"])
def test_the_schools_own_people_see_it(client, survey, role):
    client.force_login(survey.cast.everyone()[role])
    assert client.get(_url(survey.alder)).status_code == 200
    assert client.get(_url(survey.birch)).status_code == 404


def test_staff_see_their_school_only_when_allowed_and_for_published_cycles(client, survey):
    client.force_login(survey.cast.staff)
    assert client.get(_url(survey.alder)).status_code == 404
    survey.cast.district.staff_see_results = True
    survey.cast.district.save()
    assert client.get(_url(survey.alder)).status_code == 404
    survey.previous.results_published = True
    survey.previous.save()
    response = client.get(_url(survey.alder))
    assert response.status_code == 200
    assert '<h2 id="cycle-heading">Fall 2025</h2>' in response.content.decode()
    assert client.get(_url(survey.alder, survey.cycle)).status_code == 404
    assert client.get(_url(survey.birch, survey.previous)).status_code == 404


def test_a_school_of_another_district_is_not_found(client, survey):
    client.force_login(survey.cast.outsider)
    assert client.get(_url(survey.alder)).status_code == 404


def test_unused_frame_columns_do_not_leak(page_of, survey):
    page = page_of(survey.alder)
    assert pd.isna(engine(survey.cycle).group_scales.at[("Cedar High", "colleague_trust"), "mean"])
    assert "Cedar High" not in page


def test_scale_and_question_wording_follow_the_language(client, survey):
    client.force_login(survey.cast.admin)
    page = client.get(_url(survey.alder), headers={"Accept-Language": "es"}).content.decode()
    assert '<html lang="es">' in page
    assert "Confianza entre colegas" in page
    assert "Totalmente en desacuerdo" in page
    assert "Puedo contar con que mis colegas harán lo que dicen que van a hacer." in page
