"""The monthly agreements check goes through the surveys app and is suppressed like it."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.continuum import selectors, services
from staffroom.web.surveys.models import BallotEntry, Response
from staffroom.web.surveys.selectors import cycle_instrument
from staffroom.web.surveys.services import Submission, response_submit
from tests.web.continuum.conftest import PAUSE, TODAY

pytestmark = pytest.mark.django_db


def _answer(check, day: dt.date, values: tuple[int, ...], key: str) -> None:
    items = list(check.items)
    response_submit(
        cycle=check.cycle,
        submission=Submission(answers=dict(zip(items, values, strict=True))),
        submission_key=key,
        school=check.agreement_set.school,
        today=day,
    )


@pytest.fixture
def check(alder_set):
    return services.agreement_set_adopt(
        agreement_set=alder_set, equity_pause=PAUSE, review_every_months=6, today=TODAY
    )


def test_the_check_asks_each_agreement_in_the_surveys_app(check):
    instrument = cycle_instrument(check.cycle)
    assert set(check.items) <= set(instrument.item_ids)


def test_answers_wait_in_the_ballot_box_until_the_minimum(check):
    for i in range(4):
        _answer(check, dt.date(2026, 12, 3), (4, 3), f"k{i}")
    assert BallotEntry.objects.filter(cycle=check.cycle).count() == 4
    assert selectors.agreement_check_results(check.agreement_set).months == ()
    _answer(check, dt.date(2026, 12, 4), (4, 3), "k4")
    assert Response.objects.filter(cycle=check.cycle).count() == 5


def test_months_under_the_minimum_are_hidden(check):
    december = [(4, 2), (5, 3), (4, 4), (3, 3), (4, 3), (5, 2)]
    for i, values in enumerate(december):
        _answer(check, dt.date(2026, 12, 1 + i), values, f"d{i}")
    for i, values in enumerate([(1, 1), (2, 2), (1, 1), (1, 2), (2, 1)]):
        _answer(check, dt.date(2027, 1, 5 + i), values, f"j{i}")
    # two February answers: flushed at close only, but never shown (2 < 5)
    Response.objects.bulk_create(
        Response(
            cycle=check.cycle,
            school=check.agreement_set.school,
            answers=dict(zip(check.items, (5, 5), strict=True)),
            submitted_on=dt.date(2027, 2, 2),
        )
        for _ in range(2)
    )
    results = selectors.agreement_check_results(check.agreement_set)
    assert results.min_n == 5
    by_month = {m.month: m for m in results.months}
    assert by_month["2026-12"].respondents == 6
    assert by_month["2026-12"].means == (
        pytest.approx(25 / 6, abs=0.01),
        pytest.approx(17 / 6, abs=0.01),
    )
    assert by_month["2027-02"].respondents is None
    assert by_month["2027-02"].means == (None, None)
    # January (5 answers) is hidden too: otherwise February = total - December - January
    assert by_month["2027-01"].respondents is None
    assert by_month["2027-01"].means == (None, None)
    assert [a.text for a in results.agreements] == [
        "We start and end meetings on time.",
        "We assume good intent.",
    ]


def test_a_reworded_set_keeps_each_agreement_in_its_own_column(cast, check):
    for i in range(5):
        _answer(check, dt.date(2026, 12, 1 + i), (4, 4), f"a{i}")
    services.agreement_review_record(
        agreement_set=check.agreement_set,
        agreements=["We assume good intent.", "We share the note-taking."],
        notes="Changed.",
        reviewed_by=cast.leader,
        today=dt.date(2027, 1, 2),
    )
    second = check.agreement_set.checks.order_by("-pk").first()
    for i in range(5):
        _answer(second, dt.date(2027, 1, 10 + i), (2, 5), f"b{i}")
    results = selectors.agreement_check_results(check.agreement_set)
    assert [a.text for a in results.agreements] == [
        "We start and end meetings on time.",
        "We assume good intent.",
        "We share the note-taking.",
    ]
    by_month = {m.month: m.means for m in results.months}
    assert by_month["2026-12"] == (4.0, 4.0, None)
    assert by_month["2027-01"] == (None, 2.0, 5.0)
