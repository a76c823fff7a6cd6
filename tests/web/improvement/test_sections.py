"""The report sections: the improvement pages' numbers and charts, printed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from staffroom.web.improvement.sections import (
    improvement_district_section,
    improvement_school_section,
    readiness_district_section,
    readiness_school_section,
)
from staffroom.web.improvement.services import pdsa_create
from staffroom.web.orgs.models import School
from tests.web.improvement.conftest import alder_trust_metric
from tests.web.improvement.test_readiness import survey  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _render(section) -> str:
    return render_to_string(section.template, {"data": section.context})


@pytest.fixture
def work(cast, pulse_months):
    pulse_months([([3] * 6, [4] * 6), ([4] * 6, [1] * 3), ([4] * 6, [4] * 6)])
    metric = alder_trust_metric(cast)
    pdsa_create(
        district=cast.district,
        school=cast.school,
        title="Weekly huddles",
        change_idea="x",
        prediction="Trust rises.",
        started_on=dt.date(2026, 3, 30),
        user=None,
        metrics=[metric],
    )
    return metric


def test_a_schools_improvement_section_prints_the_run_chart_and_cycles(cast, work):
    section = improvement_school_section(cast.school, cast.leader)
    html = _render(section)
    assert section.key == "improvement"
    assert 'role="img"' in html
    assert "Weekly huddles" in html
    assert "Baseline 3.00; target 4.00 by 1 June 2027." in html
    assert improvement_school_section(cast.other_school, cast.admin) is None


def test_the_district_section_lists_what_the_reader_may_see(cast, work):
    schools = School.objects.filter(district=cast.district)
    html = _render(improvement_district_section(cast.district, cast.admin, schools))
    assert "Staff can count on each other" in html
    assert "Weekly huddles" in html


def test_readiness_sections_print_the_reasons(cast, survey):  # noqa: F811
    school = _render(readiness_school_section(cast.school, cast.admin))
    assert "Ready to start a new practice: score 0.80" in school
    schools = School.objects.filter(district=cast.district)
    district = _render(readiness_district_section(cast.district, cast.coach, schools))
    assert "Alder Elementary" in district
    assert "Birch" not in district  # the coach's report covers their schools only
    assert readiness_school_section(cast.other_school, cast.leader) is None
