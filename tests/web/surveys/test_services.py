"""Submissions: stored exactly once, never linkable to an invitation, shuffled in batches."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.surveys.models import (
    BallotEntry,
    Comment,
    Cycle,
    Response,
    SubmissionReceipt,
)
from staffroom.web.surveys.services import (
    AlreadyRespondedError,
    CycleNotOpenError,
    Submission,
    cycle_close,
    invitation_create,
    response_submit,
)
from tests.web.factories import CycleFactory, SchoolFactory, TeamFactory

TODAY = dt.date(2026, 3, 10)


def _submission(value: int = 4) -> Submission:
    return Submission(
        answers={"CT01": value, "CT02": None}, comments={"COMMENT_COLLAB": "Team time"}
    )


@pytest.fixture
def cycle(db):
    return CycleFactory(min_n=5)


@pytest.fixture
def school(cycle):
    return SchoolFactory(district=cycle.district)


def test_a_repeated_submission_is_stored_once(cycle, school):
    first = response_submit(
        cycle=cycle, submission=_submission(), submission_key="k1", school=school, today=TODAY
    )
    again = response_submit(
        cycle=cycle, submission=_submission(), submission_key="k1", school=school, today=TODAY
    )
    assert (first, again) == ("stored", "repeat")
    assert BallotEntry.objects.count() + Response.objects.count() == 1


def test_answers_wait_in_the_ballot_box_until_the_group_reaches_the_minimum(cycle, school):
    for i in range(4):
        response_submit(
            cycle=cycle,
            submission=_submission(),
            submission_key=f"k{i}",
            school=school,
            today=TODAY,
        )
    assert Response.objects.count() == 0
    assert BallotEntry.objects.count() == 4
    response_submit(
        cycle=cycle, submission=_submission(), submission_key="k4", school=school, today=TODAY
    )
    assert Response.objects.count() == 5
    assert Comment.objects.count() == 5
    assert BallotEntry.objects.count() == 0


def test_each_group_fills_and_moves_on_its_own(cycle, school):
    """Two schools and the school-less standing link answer in turn: a group moves only
    when it reaches the minimum, and only its own entries move (on both databases)."""
    other = SchoolFactory(district=cycle.district)
    blank = Submission(answers={"CT01": 3}, comments={"COMMENT_COLLAB": "   "})
    for i in range(5):
        for place, key in ((school, "a"), (other, "b"), (None, "c")):
            if place is other and i == 4:
                continue  # the other school stays one short
            response_submit(
                cycle=cycle,
                submission=blank,
                submission_key=f"{key}{i}",
                school=place,
                today=TODAY,
            )
    assert Response.objects.filter(school=school).count() == 5
    assert Response.objects.filter(school__isnull=True).count() == 5
    assert BallotEntry.objects.filter(school=other).count() == 4
    assert not Response.objects.filter(school=other).exists()
    assert Comment.objects.count() == 0  # blank comments are not kept
    assert {r.submitted_on for r in Response.objects.all()} == {TODAY}


def test_an_invitation_records_that_it_was_used_and_nothing_else(cycle, school):
    invitation, token = invitation_create(cycle=cycle, contact="ana@example.org", school=school)
    response_submit(
        cycle=cycle,
        submission=_submission(),
        submission_key="k",
        school=school,
        invitation=invitation,
        today=TODAY,
    )
    invitation.refresh_from_db()
    assert invitation.responded
    assert token not in str(BallotEntry.objects.values().first())
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"invitation", "contact", "token", "token_hash", "created", "user"}
    with pytest.raises(AlreadyRespondedError):
        response_submit(
            cycle=cycle,
            submission=_submission(),
            submission_key="other",
            school=school,
            invitation=invitation,
            today=TODAY,
        )


def test_a_retry_after_a_dropped_connection_is_acknowledged_for_an_invitation(cycle, school):
    invitation, _ = invitation_create(cycle=cycle, contact="ben@example.org", school=school)
    kwargs = dict(
        cycle=cycle,
        submission=_submission(),
        submission_key="same",
        school=school,
        invitation=invitation,
        today=TODAY,
    )
    assert response_submit(**kwargs) == "stored"
    assert response_submit(**kwargs) == "repeat"
    assert SubmissionReceipt.objects.count() == 1


def test_a_closed_cycle_takes_no_answers(cycle, school):
    cycle.status = Cycle.CLOSED
    cycle.save()
    with pytest.raises(CycleNotOpenError):
        response_submit(
            cycle=cycle, submission=_submission(), submission_key="k", school=school, today=TODAY
        )
    assert not SubmissionReceipt.objects.exists()


def test_closing_flushes_the_box_and_destroys_tokens_and_contacts(cycle, school):
    invitation, _ = invitation_create(cycle=cycle, contact="cy@example.org", school=school)
    for i in range(2):
        response_submit(
            cycle=cycle,
            submission=_submission(i + 1),
            submission_key=f"k{i}",
            school=school,
            today=TODAY,
        )
    cycle_close(cycle=cycle)
    assert Response.objects.filter(cycle=cycle).count() == 2
    assert not BallotEntry.objects.exists()
    invitation.refresh_from_db()
    assert (invitation.contact, invitation.token_hash, invitation.draft) == ("", None, {})
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.CLOSED


def test_a_school_and_a_team_fill_their_ballot_boxes_apart(cycle, school):
    """A team's link has no school and a school's link no team: each is its own group,
    counted and moved on its own (on PostgreSQL, each shape its own statement)."""
    team = TeamFactory(district=cycle.district)
    for i in range(4):
        for name, where in (("school", {"school": school}), ("team", {"team": team})):
            response_submit(
                cycle=cycle,
                submission=_submission(),
                submission_key=f"{name}-{i}",
                today=TODAY,
                **where,
            )
    assert Response.objects.count() == 0
    response_submit(
        cycle=cycle, submission=_submission(), submission_key="team-4", team=team, today=TODAY
    )
    assert Response.objects.filter(team=team, school=None).count() == 5
    assert BallotEntry.objects.filter(school=school, team=None).count() == 4
    assert not BallotEntry.objects.filter(team=team).exists()


postgres_only = pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor != "postgresql",
    reason="the prepared-statement path is PostgreSQL's",
)


def _prepared_runs() -> dict[str, int]:
    """Executions of each prepared statement on this connection, by its opening words."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT left(statement, 12), generic_plans + custom_plans FROM pg_prepared_statements"
        )
        return dict(cursor.fetchall())


@postgres_only
def test_the_submission_statements_are_prepared_on_the_connection(cycle, school):
    """Django disables psycopg's prepared statements, and with them prepare=True; the
    settings re-enable them, so the hot path is planned once per connection."""
    before = _prepared_runs()
    for i in range(5):
        response_submit(
            cycle=cycle,
            submission=_submission(),
            submission_key=f"prepared-{i}",
            school=school,
            today=TODAY,
        )
    after = _prepared_runs()
    assert after["WITH receipt"] - before.get("WITH receipt", 0) == 5
    assert after["WITH picked "] - before.get("WITH picked ", 0) == 1
    assert Response.objects.filter(cycle=cycle).count() == 5


@postgres_only
def test_a_database_error_on_the_prepared_path_is_django_s_and_marks_the_connection(db):
    """Errors arrive as Django's, and one that may mean a broken connection marks it for
    the usual check at the end of the request (Django leaves data errors unmarked)."""
    from django.db import DataError, ProgrammingError, connection, transaction

    from staffroom.web.surveys.services import _postgres_prepared

    with pytest.raises(DataError), transaction.atomic():
        _postgres_prepared("SELECT 1 / %(zero)s::int", {"zero": 0})
    connection.errors_occurred = False
    with pytest.raises(ProgrammingError), transaction.atomic():
        _postgres_prepared("SELECT no_such_column FROM surveys_cycle", {})
    assert connection.errors_occurred
