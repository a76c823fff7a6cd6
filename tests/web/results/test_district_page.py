"""The district overview: the engine's means by school, hidden cells, rates, change."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from staffroom.web.results.selectors import FAR_SCALES
from staffroom.web.surveys.models import Cycle
from tests.web.factories import CycleFactory
from tests.web.results.conftest import CEDAR_MEAN, CLIMATE, DOGWOOD_MEAN, HIDDEN, add_scored
from tests.web.results.engine import engine, shown
from tests.web.results.pages import cells, rows, text

URL = "/results/"
SCALES = [scale.id for scale in CLIMATE.scales]


@pytest.fixture
def admin_page(client, survey):
    client.force_login(survey.cast.admin)

    def get(**params: object) -> str:
        response = client.get(URL, params)
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_the_url_is_named():
    assert reverse("results:district") == URL


def test_every_shown_cell_is_the_engines_school_mean(admin_page, survey):
    page = admin_page()
    table = rows(page, within="heatmap")
    results = engine(survey.cycle)
    for school in (survey.alder, survey.birch):
        row = cells(table[str(school.pk)])
        for scale in SCALES:
            expected = shown(results.group_scales.at[(school.name, scale), "mean"])
            assert expected, (school.name, scale)
            assert row[scale] == expected, (school.name, scale)
        assert row["respondents"] == str(results.groups.at[school.name, "n"])
    district = cells(table["district"])
    for scale in SCALES:
        assert district[scale] == shown(results.scales.at[scale, "mean"])


def test_a_school_under_the_minimum_shows_no_number_anywhere(admin_page, survey):
    page = admin_page()
    row = cells(rows(page, within="heatmap")[str(survey.dogwood.pk)])
    assert set(row.values()) == {HIDDEN}
    assert DOGWOOD_MEAN not in page
    assert bool(engine(survey.cycle).groups.at["Dogwood K-8", "suppressed"])


def test_a_school_hidden_to_protect_a_smaller_one_shows_no_number(admin_page, survey):
    """Complementary suppression: Cedar (6) is hidden so that Dogwood (3) cannot be
    worked out as "district minus the schools shown"."""
    page = admin_page()
    row = cells(rows(page, within="heatmap")[str(survey.cedar.pk)])
    assert set(row.values()) == {HIDDEN}
    assert CEDAR_MEAN not in page
    groups = engine(survey.cycle).groups
    assert bool(groups.at["Cedar High", "suppressed"])
    assert not bool(groups.at["Birch Middle", "suppressed"])


def test_hidden_cells_say_so_in_words_not_only_colour(admin_page):
    page = admin_page()
    hidden_cells = re.findall(r'<td class="hidden-cell"[^>]*>(.*?)</td>', page, re.S)
    assert hidden_cells
    assert all(text(c) == HIDDEN for c in hidden_cells)
    shown_cells = re.findall(r'<td class="number heat-(\d)"[^>]*>(.*?)</td>', page, re.S)
    assert shown_cells
    assert all(re.fullmatch(r"\d\.\d\d", t) for _, t in shown_cells)


def test_response_rates_are_flagged_below_the_districts_mark(admin_page, survey):
    table = rows(admin_page(), within="heatmap")
    assert cells(table[str(survey.alder.pk)])["rate"] == "75%"
    assert cells(table[str(survey.birch.pk)])["rate"] == "20% low: may not represent all staff"
    assert cells(table[str(survey.dogwood.pk)])["rate"] == HIDDEN
    survey.cast.district.response_rate_flag = 0.8
    survey.cast.district.save()
    table = rows(admin_page(), within="heatmap")
    assert "low" in cells(table[str(survey.alder.pk)])["rate"]


def test_change_is_shown_only_where_both_cycles_show_the_school(admin_page, survey):
    page = admin_page()
    assert "Fall 2025" in page
    now, before = engine(survey.cycle), engine(survey.previous)
    changes = rows(page, within="changes")
    alder = cells(changes[str(survey.alder.pk)])
    for scale in SCALES:
        difference = (
            now.group_scales.at[("Alder Elementary", scale), "mean"]
            - before.group_scales.at[("Alder Elementary", scale), "mean"]
        )
        assert alder[scale] == f"{round(difference, 2) + 0.0:+.2f}"
    # Birch is hidden in the previous cycle, Cedar and Dogwood in this one.
    for school in (survey.birch, survey.cedar, survey.dogwood):
        assert set(cells(changes[str(school.pk)]).values()) == {"not available"}


def test_the_oldest_cycle_has_nothing_to_compare_with(admin_page, survey):
    page = admin_page(cycle=survey.previous.pk)
    assert '<h2 id="cycle-heading">Fall 2025</h2>' in page
    assert "There is no earlier cycle of this survey to compare with." in page
    table = rows(page, within="heatmap")
    before = engine(survey.previous)
    assert cells(table[str(survey.alder.pk)])["colleague_trust"] == shown(
        before.group_scales.at[("Alder Elementary", "colleague_trust"), "mean"]
    )


def test_schools_far_from_the_district_are_listed_by_the_stated_rule(admin_page, survey):
    add_scored(survey.cycle, survey.cedar, [5] * 4)  # Cedar now 10, all 5s: shown and far
    page = admin_page()
    assert "more than 0.5 points above or below the district mean" in page
    results = engine(survey.cycle)
    expected = set()
    for school in (survey.alder, survey.birch, survey.cedar, survey.dogwood):
        for scale in FAR_SCALES:
            mean = results.group_scales.at[(school.name, scale), "mean"]
            if mean == mean and abs(mean - results.scales.at[scale, "mean"]) > 0.5:
                expected.add((str(school.pk), scale))
    listed = set(re.findall(r'<li data-school="(\d+)" data-scale="(\w+)">', page))
    assert listed == expected
    assert {(str(survey.cedar.pk), scale) for scale in FAR_SCALES} <= listed
    assert CEDAR_MEAN in page  # Cedar is shown now, so its mean may be


def test_choosing_a_cycle_with_htmx_returns_only_the_table(client, survey):
    client.force_login(survey.cast.admin)
    response = client.get(URL, {"cycle": survey.previous.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert '<table class="heatmap"' in body
    assert "Fall 2025" in body
    assert "HX-Request" in response["Vary"]
    full = client.get(URL, {"cycle": survey.previous.pk}).content.decode()
    assert full.startswith("<!doctype html>")
    assert 'id="district-results"' in full
    assert 'hx-get="/results/"' in full
    assert 'hx-target="#district-results"' in full


def test_a_history_restore_gets_the_full_page(client, survey):
    client.force_login(survey.cast.admin)
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("cycle", ["abc", "999999", "draft", "elsewhere", "feedback"])
def test_a_cycle_the_user_cannot_choose_is_not_found(client, survey, cycle):
    draft = CycleFactory(district=survey.cast.district, status=Cycle.DRAFT)
    feedback = CycleFactory(district=survey.cast.district, kind=Cycle.FEEDBACK)
    elsewhere = CycleFactory(district=survey.cast.outsider.district)
    wanted = {"draft": draft.pk, "elsewhere": elsewhere.pk, "feedback": feedback.pk}
    client.force_login(survey.cast.admin)
    assert client.get(URL, {"cycle": wanted.get(cycle, cycle)}).status_code == 404


def test_a_coach_sees_only_their_schools_rows(client, survey):
    client.force_login(survey.cast.coach)
    page = client.get(URL).content.decode()
    assert set(rows(page, within="heatmap")) == {"district", str(survey.alder.pk)}
    assert "Birch Middle" not in page


def test_a_district_without_results_says_so(client, cast):
    client.force_login(cast.outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no survey results to show yet." in response.content.decode()


def test_a_school_leader_is_sent_to_their_school(client, survey):
    client.force_login(survey.cast.leader)
    response = client.get(URL, {"cycle": survey.previous.pk})
    expected = reverse("results:school", args=[survey.alder.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{expected}?cycle={survey.previous.pk}"


def test_staff_are_sent_to_their_school_only_when_allowed_and_published(client, survey):
    client.force_login(survey.cast.staff)
    assert client.get(URL).status_code == 404
    survey.cast.district.staff_see_results = True
    survey.cast.district.save()
    assert client.get(URL).status_code == 404  # nothing published yet
    survey.previous.results_published = True
    survey.previous.save()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("results:school", args=[survey.alder.pk])
