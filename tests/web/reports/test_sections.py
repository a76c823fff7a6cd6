"""Every domain's section of the printed reports: the numbers its own page shows, the
same hiding, only what the reader may see, and in print order.

The demo district (``demo_seed``) fills every section; each test reads a section of the
report beside the page it summarises and compares them cell by cell.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from staffroom.web.accounts.models import User
from staffroom.web.continuum.models import AgreementSet
from staffroom.web.orgs.models import School
from staffroom.web.reports.sections import school_sections
from staffroom.web.surveys.models import Cycle
from tests.web.factories import CycleFactory, ResponseFactory
from tests.web.results.conftest import PULSE

ORDER = ["survey", "indicators", "network", "continuum", "readiness", "agreements", "improvement"]
COACHED = {"Alder Elementary", "Dogwood Elementary", "Juniper Middle", "Linden High"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _rows(html: str, attribute: str) -> dict[str, list[str]]:
    """The cells' texts of every ``<tr data-<attribute>="...">``, by the attribute."""
    found = re.findall(rf'<tr data-{attribute}="([^"]+)"[^>]*>(.*?)</tr>', html, re.S)
    return {
        key: [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for key, row in found
    }


def _cells(html: str) -> dict[tuple[str, str], str]:
    """(school, indicator) -> the text of that cell of an indicator panel."""
    cells = {}
    for school, row in re.findall(r'<tr data-school="(\d+)">(.*?)</tr>', html, re.S):
        for indicator, cell in re.findall(
            r'<td[^>]*data-indicator="([^"]+)">(.*?)</td>', row, re.S
        ):
            cells[(school, indicator)] = _text(cell)
    return cells


def _section(html: str, key: str) -> str:
    """The HTML of one section of a report page."""
    start = html.index(f'id="section-{key}"')
    end = html.find('<section class="report-section"', start)
    return html[start : end if end != -1 else len(html)]


def _get(client, user: User, name: str, *args: int) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, name
    return response.content.decode()


@pytest.fixture
def alder(demo) -> School:
    return School.objects.get(name="Alder Elementary")


def _admin() -> User:
    return User.objects.get(role=User.DISTRICT_ADMIN)


# --------------------------------------------------------------------------- the whole report


def test_the_demo_school_report_has_every_section_in_print_order(client, alder):
    page = _get(client, _admin(), "reports:school", alder.pk)
    assert re.findall(r'id="heading-(\w+)"', page) == ORDER
    assert "There is nothing to report yet" not in page


def test_the_demo_district_report_has_every_section_in_print_order(client, demo):
    page = _get(client, _admin(), "reports:district")
    assert re.findall(r'id="heading-(\w+)"', page) == ORDER


def test_a_school_leader_s_report_has_every_section(client, alder):
    leader = User.objects.get(role=User.SCHOOL_LEADER)
    page = _get(client, leader, "reports:school", alder.pk)
    assert re.findall(r'id="heading-(\w+)"', page) == ORDER


def test_a_coach_s_district_report_holds_only_their_schools(client, demo):
    coach = User.objects.get(role=User.COACH)
    page = _get(client, coach, "reports:district")
    assert re.findall(r'id="heading-(\w+)"', page) == ORDER
    shown = set(re.findall(r'data-school="(\d+)"', page))
    assert shown == {str(s.pk) for s in School.objects.filter(name__in=COACHED)}
    for school in School.objects.exclude(name__in=COACHED):
        assert school.name not in page, school.name
    for name in COACHED:
        assert name in _section(page, "network")
        assert name in _section(page, "continuum")


def test_a_school_with_nothing_recorded_has_only_its_readiness(cast):
    """Readiness always judges (here: not enough data); every other section is left out."""
    assert [s.key for s in school_sections(cast.other_school, cast.admin)] == ["readiness"]


# --------------------------------------------------------------------------- survey


def test_the_survey_section_summarises_the_staff_survey_not_the_newer_pulse(client, survey):
    pulse = CycleFactory(
        district=survey.cast.district,
        title="November pulse",
        instrument_id="pulse",
        status=Cycle.OPEN,
        opens_on=dt.date(2026, 11, 1),
    )
    pulse.schools.add(survey.alder)
    for i in range(8):
        ResponseFactory(
            cycle=pulse, school=survey.alder, answers={item: 1 + i % 5 for item in PULSE.item_ids}
        )
    page = _get(client, survey.cast.admin, "reports:school", survey.alder.pk)
    assert "Staff survey: Fall 2025" in page  # the newest closed staff survey
    assert "November pulse" not in page
    district = _get(client, survey.cast.admin, "reports:district")
    assert "Staff survey: Fall 2025" in district


def test_the_survey_section_falls_back_to_an_open_survey_with_results(client, survey):
    Cycle.objects.filter(pk=survey.previous.pk).update(status=Cycle.OPEN)
    Cycle.objects.filter(pk=survey.previous.pk).update(instrument_id="pulse")
    page = _get(client, survey.cast.admin, "reports:school", survey.alder.pk)
    assert "Staff survey: Spring 2026" in page


def test_a_district_with_only_pulse_results_still_gets_them(client, cast):
    pulse = CycleFactory(district=cast.district, title="October pulse", instrument_id="pulse")
    pulse.schools.add(cast.school)
    for i in range(6):
        ResponseFactory(
            cycle=pulse, school=cast.school, answers={item: 1 + i % 5 for item in PULSE.item_ids}
        )
    page = _get(client, cast.admin, "reports:school", cast.school.pk)
    assert "Staff survey: October pulse" in page


# --------------------------------------------------------------------------- indicators


def test_the_indicators_section_prints_the_profile_page_s_values(client, alder):
    admin = _admin()
    report = _section(_get(client, admin, "reports:school", alder.pk), "indicators")
    profile = _get(client, admin, "community:profile", alder.pk)
    expected = _rows(profile, "indicator")
    printed = _rows(report, "indicator")
    assert len(expected) >= 10
    assert list(printed) == list(expected)
    for indicator, cells in expected.items():
        # name, the school's latest value (and its period), the district's
        assert printed[indicator][:3] == cells[:3], indicator
    assert "+1.3 pts (up)" in report or "(down)" in report
    questions = re.findall(r'<span class="pattern-question">(.*?)</span>', profile)
    assert questions
    for question in questions:
        assert question in report
    assert report.count('role="img"') == profile.count('role="img"')  # the same sparklines


def test_the_district_indicator_tables_match_the_indicator_panel(client, demo):
    admin = _admin()
    report = _section(_get(client, admin, "reports:district"), "indicators")
    panel = _get(client, admin, "community:district")
    expected = _cells(panel)
    assert len(expected) >= 12 * 10
    assert _cells(report) == expected


def test_a_small_school_stays_hidden_in_the_district_report(client, demo):
    """With a minimum of 10, Willow (8 staff, 8 people on its map) is hidden as on the pages."""
    demo.district.min_n = 10
    demo.district.save()
    willow = School.objects.get(name__startswith="Willow")
    admin = _admin()
    page = _get(client, admin, "reports:district")
    report = _section(page, "indicators")
    panel = _get(client, admin, "community:district")
    willow_cells = {k[1]: v for k, v in _cells(panel).items() if k[0] == str(willow.pk)}
    assert willow_cells["absence_rate"] == "hidden (fewer than 10)"
    assert willow_cells["pl_voluntary_participation"] == "hidden (fewer than 10)"
    assert _cells(report) == _cells(panel)
    network = _rows(_section(page, "network"), "school")
    assert network[str(willow.pk)] == [
        willow.name,
        "not shown (no map yet, or too few people on it)",
    ]
    assert "network" not in [s.key for s in school_sections(willow, admin)]


# --------------------------------------------------------------------------- connection map


def test_the_connection_map_section_prints_the_profile_page_s_figures(client, alder):
    admin = _admin()
    report = _rows(_section(_get(client, admin, "reports:school", alder.pk), "network"), "measure")
    profile = _get(client, admin, "community:profile", alder.pk)
    figures = dict(
        (label.strip(), value)
        for value, label in re.findall(r'<span class="figure">([^<]*)</span>([^<]*)<', profile)
    )
    assert report["people"][1] == figures["people on the map"] == "46"
    assert report["ties"][1] == figures["connections"]
    assert report["density"][1] == figures["density (share of possible connections that exist)"]
    assert report["components"][1] == figures["separate groups (components)"]
    assert report["isolates"][1] == figures["people with no connection"]


def test_the_district_connection_map_has_no_names(client, demo):
    from staffroom.web.accounts.models import RosterEntry

    page = _section(_get(client, _admin(), "reports:district"), "network")
    assert len(_rows(page, "school")) == 12
    for name in RosterEntry.objects.values_list("name", flat=True)[:200]:
        assert name not in page


# --------------------------------------------------------------------------- continuum


def test_the_continuum_section_prints_the_team_page_s_latest_levels(client, alder):
    admin = _admin()
    report = _section(_get(client, admin, "reports:school", alder.pk), "continuum")
    team = _get(client, admin, "continuum:school_team", alder.pk)
    history = re.findall(r"<tbody>(.*?)</tbody>", team, re.S)[0]
    latest = [_text(c) for c in re.findall(r"<td>(.*?)</td>", history.split("<tr>")[-1], re.S)]
    printed = [cells[1].split(" (")[0] for cells in _rows(report, "dimension").values()]
    assert printed == latest
    assert "Fall 2026" in report
    assert "A new round, Winter 2026" in report
    assert 'role="img"' in report  # the team page's history chart


def test_the_district_continuum_lists_every_team_the_reader_may_see(client, demo):
    coach = User.objects.get(role=User.COACH)
    report = _section(_get(client, coach, "reports:district"), "continuum")
    teams = re.findall(r'<th scope="row">(.*?)</th>', report)
    assert teams == ["District team", *sorted(COACHED)]


# --------------------------------------------------------------------------- agreements


def test_the_agreements_section_prints_the_check_page_s_months(client, alder):
    admin = _admin()
    report = _section(_get(client, admin, "reports:school", alder.pk), "agreements")
    agreements = AgreementSet.objects.get(school=alder, status=AgreementSet.ADOPTED)
    check = _get(client, admin, "continuum:agreement_check", agreements.pk)
    expected = _rows(check, "month")
    assert len(expected) >= 6
    assert _rows(report, "month") == expected
    assert 'aria-labelledby="check-caption-1"' in report
    assert '<caption id="check-caption-1">' in report
    assert any(cells[1] == "hidden" for cells in expected.values())  # a small month
    assert "Alder: how we run data meetings" not in report  # the draft is not printed
    for agreement in agreements.agreements.filter(retired_on__isnull=True):
        assert agreement.text in report
    assert "Latest review" in report


def test_the_district_agreements_flag_an_overdue_review(client, demo):
    report = _section(_get(client, _admin(), "reports:district"), "agreements")
    rows = {cells[0]: cells for cells in _rows(report, "set").values()}
    assert set(rows) == {"District team", "Alder Elementary", "Juniper Middle"}
    assert rows["Juniper Middle"][4].endswith("overdue")
    assert not rows["Alder Elementary"][4].endswith("overdue")
