"""The demo district: realistic, reproducible, and the same numbers as the CLI."""

from __future__ import annotations

import numpy as np
import pytest

from staffroom.analysis import analyze_survey
from staffroom.demo import DEMO_SCHOOLS, demo_survey
from staffroom.instruments import load_builtin
from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.core.demo import DEMO_PASSWORD, demo_seed
from staffroom.web.orgs.models import School, Team
from staffroom.web.surveys.models import Cycle, OpenLink, Response
from staffroom.web.surveys.selectors import cycle_responses_frame


@pytest.fixture
def seeded(db):
    return demo_seed()


def test_it_seeds_a_district_of_twelve_schools_and_about_600_staff(seeded):
    assert School.objects.count() == len(DEMO_SCHOOLS) == 12
    assert 550 <= RosterEntry.objects.filter(school__isnull=False).count() <= 800
    assert RosterEntry.objects.filter(school__isnull=True).exists()  # the district office
    assert Team.objects.filter(kind="district").exists()
    climate = Cycle.objects.filter(kind=Cycle.SURVEY, instrument_id="staff-climate")
    assert climate.filter(status=Cycle.CLOSED).count() == 2
    assert climate.filter(status=Cycle.OPEN).count() == 1
    # each school's link to the open survey, and the district's standing feedback link
    survey_links = OpenLink.objects.filter(cycle__status=Cycle.OPEN).exclude(
        cycle__kind=Cycle.CHECK
    )
    assert (
        survey_links.exclude(cycle__instrument_id="pulse", cycle__kind=Cycle.SURVEY).count() == 13
    )


def test_it_makes_one_sign_in_per_role(seeded):
    roles = sorted(User.objects.values_list("role", flat=True))
    assert roles == sorted(role for role, _ in User.ROLES)
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    assert len(seeded.accounts) == 4
    assert all(path.startswith("/s/") for _, path in seeded.links)


def test_the_fall_cycle_holds_the_bundled_sample_so_web_and_cli_agree(seeded):
    fall = Cycle.objects.get(title__startswith="Fall")
    frame = cycle_responses_frame(fall)
    sample = demo_survey()
    assert len(frame) == len(sample) == Response.objects.filter(cycle=fall).count()
    specs = load_builtin("staff-climate").scale_specs()
    web = analyze_survey(frame, specs, group="school", by=["role"], min_n=5)
    cli = analyze_survey(sample, specs, group="school", by=["role"], min_n=5)
    np.testing.assert_allclose(
        web.group_scales["mean"].to_numpy(dtype=float),
        cli.group_scales["mean"].to_numpy(dtype=float),
        rtol=1e-12,
    )


def test_schools_really_differ_and_one_is_too_small_to_show(seeded):
    fall = Cycle.objects.get(title__startswith="Fall")
    results = analyze_survey(
        cycle_responses_frame(fall), load_builtin("staff-climate").scale_specs(), group="school"
    )
    assert results.groups["suppressed"].sum() >= 1
    assert (results.scales["icc1"] > 0).all()
    assert results.scales["icc1"].max() > 0.1
