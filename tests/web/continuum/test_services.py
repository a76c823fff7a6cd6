"""Continuum rounds and agreement sets: privacy, spread, history, adoption, reviews."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from staffroom.web.accounts.models import User
from staffroom.web.continuum import selectors, services
from staffroom.web.continuum.models import AgreementSet, AssessmentRound
from staffroom.web.continuum.rubric import rubric_get
from staffroom.web.surveys.models import Cycle, OpenLink
from tests.web.continuum.conftest import CONTINUUM, PAUSE, TODAY
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db

DIMENSIONS = [d.id for d in rubric_get(CONTINUUM).dimensions]


def _members(cast, n):
    return [cast.staff, cast.leader] + [
        UserFactory(district=cast.district, school=cast.school, role=User.STAFF)
        for _ in range(n - 2)
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 11, 24), 6, dt.date(2027, 5, 24)),
        (dt.date(2026, 12, 1), 12, dt.date(2027, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert services.add_months(day, months) == expected


def test_a_member_reads_only_their_own_ratings_before_the_reveal(cast, alder_round):
    services.rating_save(
        round=alder_round, rater=cast.staff, dimension_id=DIMENSIONS[0], level=1, evidence="a"
    )
    services.rating_save(
        round=alder_round, rater=cast.leader, dimension_id=DIMENSIONS[0], level=3, evidence="b"
    )
    mine = selectors.own_ratings(round=alder_round, user=cast.staff)
    assert {d: r.level for d, r in mine.items()} == {DIMENSIONS[0]: 1}
    assert selectors.raters_count(alder_round) == 2
    with pytest.raises(ValueError, match="revealed"):
        selectors.round_spread(alder_round, rng=np.random.default_rng(0))


def test_saving_again_changes_the_rating(cast, alder_round):
    for level in (1, 2):
        services.rating_save(
            round=alder_round,
            rater=cast.staff,
            dimension_id=DIMENSIONS[0],
            level=level,
            evidence="",
        )
    assert selectors.own_ratings(round=alder_round, user=cast.staff)[DIMENSIONS[0]].level == 2


def test_the_spread_counts_levels_without_names(cast, alder_round):
    members = _members(cast, 5)
    for member, level in zip(members, [1, 2, 2, 3, 2], strict=True):
        services.rating_save(
            round=alder_round,
            rater=member,
            dimension_id=DIMENSIONS[0],
            level=level,
            evidence=f"seen by {member.pk}" if level == 2 else "",
        )
    services.round_reveal(round=alder_round, today=TODAY)
    spread = selectors.round_spread(alder_round, rng=np.random.default_rng(0))
    first = spread[0]
    assert first.counts == (1, 3, 1)
    assert first.median == "Developing"
    assert sorted(first.evidence) == sorted(f"seen by {m.pk}" for m in [*members[1:3], members[4]])
    assert spread[1].counts == (0, 0, 0)
    shown = repr(spread)
    assert all(m.email not in shown and m.username not in shown for m in members)


def test_ratings_close_at_the_reveal(cast, alder_round):
    services.round_reveal(round=alder_round, today=TODAY)
    with pytest.raises(services.StateError):
        services.rating_save(
            round=alder_round, rater=cast.staff, dimension_id=DIMENSIONS[0], level=1, evidence=""
        )
    with pytest.raises(services.StateError):
        services.round_reveal(round=alder_round, today=TODAY)


def test_an_agreed_level_needs_the_reveal_and_a_known_dimension(alder_round):
    with pytest.raises(services.StateError):
        services.agreed_level_record(
            round=alder_round, dimension_id=DIMENSIONS[0], level=2, next_steps=""
        )
    services.round_reveal(round=alder_round, today=TODAY)
    with pytest.raises(ValueError, match="unknown"):
        services.agreed_level_record(round=alder_round, dimension_id="nope", level=2, next_steps="")
    with pytest.raises(ValueError, match="unknown"):
        services.agreed_level_record(
            round=alder_round, dimension_id=DIMENSIONS[0], level=4, next_steps=""
        )


def test_the_history_lists_agreed_levels_round_by_round(cast):
    for year, level in ((2025, 1), (2026, 2)):
        r = services.round_start(
            district=cast.district,
            school=cast.school,
            continuum_id=CONTINUUM,
            title=f"Fall {year}",
            started_by=cast.leader,
            today=dt.date(year, 10, 1),
        )
        services.round_reveal(round=r, today=dt.date(year, 10, 20))
        services.agreed_level_record(
            round=r, dimension_id=DIMENSIONS[0], level=level, next_steps="Plan"
        )
    # a round of another team and an unrevealed round are not part of Alder's history
    services.round_start(
        district=cast.district,
        school=cast.school,
        continuum_id=CONTINUUM,
        title="Open",
        started_by=cast.leader,
        today=TODAY,
    )
    other = services.round_start(
        district=cast.district,
        school=None,
        continuum_id=CONTINUUM,
        title="District",
        started_by=cast.admin,
        today=TODAY,
    )
    services.round_reveal(round=other, today=TODAY)
    services.agreed_level_record(round=other, dimension_id=DIMENSIONS[0], level=3, next_steps="")
    history = selectors.team_history(
        district_id=cast.district.pk, school=cast.school, continuum_id=CONTINUUM
    )
    assert [row.round.title for row in history.rows] == ["Fall 2025", "Fall 2026"]
    assert [row.titles[0] for row in history.rows] == ["Emerging", "Developing"]
    assert history.rows[0].titles[1] is None
    district = selectors.team_history(
        district_id=cast.district.pk, school=None, continuum_id=CONTINUUM
    )
    assert [row.titles[0] for row in district.rows] == ["Advanced"]


def test_adoption_requires_the_whole_equity_pause(alder_set):
    for missing in PAUSE:
        with pytest.raises(services.EquityPauseMissingError):
            services.agreement_set_adopt(
                agreement_set=alder_set,
                equity_pause={**PAUSE, missing: "  "},
                review_every_months=6,
                today=TODAY,
            )
    alder_set.refresh_from_db()
    assert alder_set.status == AgreementSet.DRAFT
    assert not alder_set.checks.exists()


def test_adoption_schedules_the_review_and_opens_the_monthly_check(cast, alder_set):
    check = services.agreement_set_adopt(
        agreement_set=alder_set, equity_pause=PAUSE, review_every_months=6, today=TODAY
    )
    alder_set.refresh_from_db()
    assert alder_set.status == AgreementSet.ADOPTED
    assert alder_set.equity_pause_done
    assert alder_set.next_review_on == dt.date(2027, 5, 24)
    cycle = check.cycle
    assert (cycle.kind, cycle.status, cycle.min_n) == (Cycle.CHECK, Cycle.OPEN, 5)
    assert cycle.instrument_id == "agreements-check"
    assert [i["text"]["en"] for i in cycle.local_items] == [
        "This month, we lived this agreement: We start and end meetings on time.",
        "This month, we lived this agreement: We assume good intent.",
    ]
    assert OpenLink.objects.get(cycle=cycle).school == cast.school
    with pytest.raises(services.StateError):
        services.agreement_set_adopt(
            agreement_set=alder_set, equity_pause=PAUSE, review_every_months=6, today=TODAY
        )


def test_a_review_records_changes_and_reschedules(cast, alder_set):
    first = services.agreement_set_adopt(
        agreement_set=alder_set, equity_pause=PAUSE, review_every_months=3, today=TODAY
    )
    later = TODAY + dt.timedelta(days=100)
    review = services.agreement_review_record(
        agreement_set=alder_set,
        agreements=["We assume good intent.", "We share the note-taking."],
        notes="Meetings now run on time; we added note-taking.",
        reviewed_by=cast.leader,
        today=later,
    )
    assert review.added == ["We share the note-taking."]
    assert review.retired == ["We start and end meetings on time."]
    alder_set.refresh_from_db()
    assert alder_set.next_review_on == services.add_months(later, 3)
    current = [a.text for a in alder_set.agreements.filter(retired_on__isnull=True)]
    assert current == ["We assume good intent.", "We share the note-taking."]
    first.cycle.refresh_from_db()
    assert first.cycle.status == Cycle.CLOSED
    assert alder_set.checks.count() == 2


def test_a_review_without_changes_keeps_the_check(cast, alder_set):
    services.agreement_set_adopt(
        agreement_set=alder_set, equity_pause=PAUSE, review_every_months=6, today=TODAY
    )
    services.agreement_review_record(
        agreement_set=alder_set,
        agreements=[a.text for a in alder_set.agreements.all()],
        notes="Still right for us.",
        reviewed_by=cast.leader,
        today=TODAY,
    )
    assert alder_set.checks.count() == 1


def test_a_draft_changes_only_while_it_is_a_draft(alder_set):
    services.agreement_set_edit(agreement_set=alder_set, title="New", agreements=["One", "Two"])
    assert [a.text for a in alder_set.agreements.all()] == ["One", "Two"]
    with pytest.raises(ValueError, match="twice"):
        services.agreement_set_edit(agreement_set=alder_set, title="", agreements=["A", "A"])
    with pytest.raises(ValueError, match="at most"):
        services.agreement_set_edit(
            agreement_set=alder_set, title="", agreements=[str(i) for i in range(11)]
        )
    services.agreement_set_adopt(
        agreement_set=alder_set, equity_pause=PAUSE, review_every_months=6, today=TODAY
    )
    with pytest.raises(services.StateError):
        services.agreement_set_edit(agreement_set=alder_set, title="x", agreements=["x"])


def test_a_district_round_belongs_to_no_school(cast):
    r = services.round_start(
        district=cast.district,
        school=None,
        continuum_id=CONTINUUM,
        title="",
        started_by=cast.admin,
        today=TODAY,
    )
    assert r.school is None
    assert r.title.endswith("November 2026")
    assert AssessmentRound.objects.count() == 1
